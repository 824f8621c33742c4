package htmlreport

import (
	"context"
	"errors"
	"math"
	"strconv"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// changeView is what the planner's changes do: the scenario shown against
// the scenario as loaded (Options.Base), first arm against the
// comparator, per participant, from a paired comparison on the same
// draws.
type changeView struct {
	// Sentence is the planner's answer: society's change with its
	// interval, and the public budgets'.
	Sentence string
	// ByPerspective is the change of each perspective's NPV, as the
	// first screen's answer shows it: the mean change and its 95 %
	// interval, or the change at the means without a run.
	ByPerspective map[string]string
}

// signed writes a change of money with its sign: +1,234 or −1,234.
func signed(p report.Printer, v float64) string {
	s := p.Int(v)
	if math.Round(v) > 0 {
		s = "+" + s
	}
	return s
}

// compare compares f (the scenario with the planner's changes) with the
// base on the same draws: iterations of them (0: at the means only), with
// the seed and workers of opt. A base whose outputs differ (another
// horizon in whole years) is compared at the means from the two results.
func compare(ctx context.Context, p report.Printer, base, f *scenario.File, res *cba.Result, iterations int, opt Options) (*changeView, error) {
	ma, err := base.Model()
	if err != nil {
		return nil, err
	}
	mb, err := f.Model()
	if err != nil {
		return nil, err
	}
	if err := cba.CohortOnly(ma, mb); err != nil {
		v := &changeView{ByPerspective: map[string]string{}}
		for _, name := range res.Perspectives {
			v.ByPerspective[name] = signed(p, 0)
		}
		v.Sentence = p.T("Your change: %s; the budget by year shows what it does.", p.Message(err))
		return v, nil
	}
	var c *cba.Comparison
	if iterations > 0 {
		c, err = cba.Compare(ctx, ma, mb, cba.Options{Iterations: iterations, Seed: opt.Seed, Workers: opt.Workers})
	} else {
		c, err = cba.CompareDeterministic(ma, mb)
	}
	var mismatch *cba.MismatchError
	switch {
	case errors.As(err, &mismatch):
		return unpaired(p, base, res)
	case err != nil:
		return nil, err
	}
	inc := &res.Increments[0]
	v := &changeView{ByPerspective: map[string]string{}}
	sums := map[string]cba.ComparisonSummary{}
	for _, name := range res.Perspectives {
		sum, _ := c.Summary(cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: name}, 2.5, 97.5)
		sums[name] = sum
		v.ByPerspective[name] = signed(p, sum.Deterministic)
		if iterations > 0 {
			d := sum.Difference
			v.ByPerspective[name] = p.T("%s (%s to %s)", signed(p, d.Mean), signed(p, d.Percentiles[0]), signed(p, d.Percentiles[1]))
		}
	}
	soc, pub := sums[cba.Society], sums[cba.Public]
	if iterations == 0 {
		v.Sentence = p.T("Your change: society %s per participant, the public budgets %s (the uncertain numbers at their means).",
			signed(p, soc.Deterministic), signed(p, pub.Deterministic))
		return v, nil
	}
	v.Sentence = p.T("Your change: society %s per participant on average (95 %% interval %s to %s), better in %s of %s draws; the public budgets %s (95 %% interval %s to %s). Both on the same draws: the interval is your change's own.",
		signed(p, soc.Difference.Mean), signed(p, soc.Difference.Percentiles[0]), signed(p, soc.Difference.Percentiles[1]),
		p.Percent(soc.Difference.PAboveZero), p.Int(float64(iterations)),
		signed(p, pub.Difference.Mean), signed(p, pub.Difference.Percentiles[0]), signed(p, pub.Difference.Percentiles[1]))
	return v, nil
}

// unpaired is the change at the means of what-ifs whose outputs differ
// (another horizon in whole years), from the two results.
func unpaired(p report.Printer, base *scenario.File, res *cba.Result) (*changeView, error) {
	b, err := base.Evaluate()
	if err != nil {
		return nil, err
	}
	v := &changeView{ByPerspective: map[string]string{}}
	for k, name := range res.Perspectives {
		v.ByPerspective[name] = signed(p, res.Increments[0].Population.NPV[k]-b.Increments[0].Population.NPV[k])
	}
	v.Sentence = p.T("Your change: society %s per participant, the public budgets %s (over %s months against %s: no paired interval).",
		v.ByPerspective[cba.Society], v.ByPerspective[cba.Public], strconv.Itoa(res.HorizonMonths), strconv.Itoa(b.HorizonMonths))
	return v, nil
}
