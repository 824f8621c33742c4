package cba_test

import (
	"context"
	"fmt"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// A planner's what-if under uncertainty: what if IPS's effect lasted a
// year longer (a half-life of 36 months on average, not 24)? Compare runs
// the base and the change on the same draws, so the interval is the
// change's own: its Monte Carlo error is a small part of the error the
// same difference would have from two separate runs.
func ExampleCompare() {
	f, err := scenario.Load("../scenarios/norway-norce.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	base, err := f.Model()
	if err != nil {
		fmt.Println(err)
		return
	}
	longer, _ := cba.FromMoments(cba.Gamma, 36, 18)
	if _, err := f.Apply(cba.Override{Path: "arms.ips.effect.half_life_months", Dist: &longer}); err != nil {
		fmt.Println(err)
		return
	}
	change, err := f.Model()
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := cba.Compare(context.Background(), base, change, cba.Options{Iterations: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []string{"public", "society"} {
		key := cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: p}
		s, _ := c.Summary(key, 2.5, 97.5)
		d := s.Difference
		fmt.Printf("%-7s change %+6.0f (deterministic %+6.0f), 95 %% interval %+6.0f to %+6.0f, better in %.0f %% of draws; MCSE %3.0f, unpaired %4.0f\n",
			p, d.Mean, s.Deterministic, d.Percentiles[0], d.Percentiles[1], 100*d.PAboveZero, d.MCSE, s.UnpairedMCSE)
	}
	// Output:
	// public  change +14543 (deterministic +12411), 95 % interval   +259 to +40832, better in 98 % of draws; MCSE 253, unpaired 2299
	// society change +25485 (deterministic +22156), 95 % interval   +439 to +68864, better in 98 % of draws; MCSE 440, unpaired 3685
}
