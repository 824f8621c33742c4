package cba_test

import (
	"context"
	"testing"

	"ipscba/cba"
)

// TestHalfLifeAloneLowersTheMean backs the README: with only the effect's
// half-life uncertain (gamma, mean 24, sd 18 months), society's mean NPV is
// below its deterministic value, well beyond Monte Carlo error.
func TestHalfLifeAloneLowersTheMean(t *testing.T) {
	s := loadNorway(t)
	var only []cba.Uncertain
	for _, u := range s.Uncertainty.Parameters {
		if u.Paths[0] == "arms.ips.effect.half_life_months" {
			only = append(only, u)
		}
	}
	if len(only) != 1 {
		t.Fatalf("the half-life is not one draw: %v", only)
	}
	s.Uncertainty = cba.Uncertainty{Parameters: only}
	mc, err := cba.Run(context.Background(), s, cba.Options{Iterations: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	key := cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"}
	k, ok := mc.Index(key)
	if !ok {
		t.Fatalf("no output %s", key)
	}
	sum := mc.Stat(k).Summary()
	if sum.Mean >= mc.Deterministic[k]-4*sum.MCSE {
		t.Errorf("mean %v, deterministic %v, MCSE %v: the half-life does not lower the mean", sum.Mean, mc.Deterministic[k], sum.MCSE)
	}
}
