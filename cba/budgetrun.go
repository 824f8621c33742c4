package cba

import (
	"context"
	"fmt"
)

// BudgetMeasure is one way a budget counts a perspective's flows by
// calendar year (Budget).
type BudgetMeasure int

const (
	// BudgetYear is the year's net flow, undiscounted: what a budget
	// sees in that year.
	BudgetYear BudgetMeasure = iota
	// BudgetYearDiscounted is the year's net flow discounted to the
	// programme's start.
	BudgetYearDiscounted
	// BudgetCumulative is the net flow of years 1 to the year,
	// undiscounted: the first-years total.
	BudgetCumulative
	// BudgetCumulativeDiscounted is the same discounted.
	BudgetCumulativeDiscounted
	budgetMeasures = iota
)

// String names the measure: "year", "year_discounted", "cumulative",
// "cumulative_discounted".
func (m BudgetMeasure) String() string {
	switch m {
	case BudgetYear:
		return "year"
	case BudgetYearDiscounted:
		return "year_discounted"
	case BudgetCumulative:
		return "cumulative"
	case BudgetCumulativeDiscounted:
		return "cumulative_discounted"
	}
	return fmt.Sprintf("BudgetMeasure(%d)", int(m))
}

// Of returns the measure's table of b: b.Undiscounted, b.Discounted,
// b.CumulativeUndiscounted or b.CumulativeDiscounted (nil for an unknown
// measure).
func (m BudgetMeasure) Of(b *Budget) [][]float64 {
	switch m {
	case BudgetYear:
		return b.Undiscounted
	case BudgetYearDiscounted:
		return b.Discounted
	case BudgetCumulative:
		return b.CumulativeUndiscounted
	case BudgetCumulativeDiscounted:
		return b.CumulativeDiscounted
	}
	return nil
}

// BudgetRun is the budget impact under uncertainty: for each increment,
// perspective and calendar year, the statistics of each BudgetMeasure over
// the draws of a Monte Carlo run ("how sure are we of next year's cost").
// RunBudget makes it from the same draws as Run with the same Options.
type BudgetRun struct {
	// Budgets are the budgets at the factors' base values (the
	// deterministic evaluation's Result.Budget): the run's increments,
	// perspectives and years, in that order.
	Budgets    []Budget
	Seed       uint64
	First      uint64
	Iterations int
	Workers    int
	stats      []Stat // by increment, measure, year and perspective
}

// RunBudget evaluates every draw of a Monte Carlo run in full
// (Evaluator.Evaluate) and accumulates its budget impact for the
// scenario's cohort (Result.Budget): the draws are those Run makes with the
// same Options (a Sampler with opt.Seed, or opt.Source), iteration by
// iteration, and the statistics are the same, bit for bit, for any
// opt.Workers. Memory does not grow with the iterations. It uses opt's
// Iterations, First, Seed, Workers, Source and Progress, and refuses Keep,
// Each and SkipStatistics. It returns promptly with an error when ctx is
// cancelled. ev must not be used by another goroutine while it runs.
//
// A full evaluation and the budgets' statistics (4 x years x
// perspectives values per increment) cost many times a Run's outputs:
// compare BenchmarkRunBudget with BenchmarkRunOutputs.
func (ev *Evaluator) RunBudget(ctx context.Context, opt Options) (*BudgetRun, error) {
	switch {
	case opt.Keep:
		return nil, Errorf("budget run: Options.Keep: a budget run keeps no iterations")
	case opt.Each != nil:
		return nil, Errorf("budget run: Options.Each: a budget run streams no iterations")
	case opt.SkipStatistics:
		return nil, Errorf("budget run: Options.SkipStatistics: a budget run is its statistics")
	}
	if err := opt.check(); err != nil {
		return nil, err
	}
	if err := ev.s.Cohort.CheckIntake(); err != nil {
		return nil, err
	}
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		return nil, err
	}
	br := &BudgetRun{Budgets: r.Budget(), Seed: opt.Seed, First: opt.First, Iterations: opt.Iterations,
		Workers: max(1, min(opt.Workers, (opt.Iterations+block-1)/block))}
	n := br.values()
	source := opt.Source
	if source == nil {
		source = ev.NewSampler(opt.Seed)
	}
	worker := func(first bool) runStep {
		e, src := ev, source
		if !first {
			e, src = ev.fork(), source.Fork()
		}
		res, pl := e.NewResult(), newBudgetPlan(e.s.Cohort, e.s.HorizonMonths)
		bs := make([]Budget, len(res.Increments))
		for i := range bs {
			bs[i] = pl.newBudget(res, &res.Increments[i])
		}
		return runStep{x: e.Base(), step: func(i uint64, x, out []float64) error {
			src.Fill(i, x)
			if err := e.Evaluate(x, res); err != nil {
				return err
			}
			pl.prepare(res)
			for k := range bs {
				pl.fill(res, &res.Increments[k], &bs[k])
			}
			br.flatten(bs, out)
			return nil
		}}
	}
	run := &MonteCarlo{First: opt.First, Iterations: opt.Iterations, Workers: br.Workers}
	stats, err := runIterations(ctx, opt, run, n, nil, worker)
	if err != nil {
		return nil, Errorf("budget run: %w", err)
	}
	br.stats = stats
	return br, nil
}

// years returns the calendar years of the run's budgets (the same for
// every increment), and the number of perspectives.
func (br *BudgetRun) years() (years, perspectives int) {
	if len(br.Budgets) == 0 {
		return 0, 0
	}
	return len(br.Budgets[0].Undiscounted), len(br.Budgets[0].Perspectives)
}

// values returns the number of values an iteration adds.
func (br *BudgetRun) values() int {
	y, p := br.years()
	return len(br.Budgets) * budgetMeasures * y * p
}

// index returns the position of a value among an iteration's, or false.
func (br *BudgetRun) index(increment int, m BudgetMeasure, year, perspective int) (int, bool) {
	y, p := br.years()
	if increment < 0 || increment >= len(br.Budgets) || m < 0 || m >= budgetMeasures || year < 1 || year > y || perspective < 0 || perspective >= p {
		return 0, false
	}
	return ((increment*budgetMeasures+int(m))*y+year-1)*p + perspective, true
}

// flatten writes the budgets' values into out in the order of index.
func (br *BudgetRun) flatten(bs []Budget, out []float64) {
	k := 0
	for i := range bs {
		for m := range BudgetMeasure(budgetMeasures) {
			for _, row := range m.Of(&bs[i]) {
				k += copy(out[k:], row)
			}
		}
	}
}

// Stat returns the statistics of measure m of the perspective (its index
// in Budgets[increment].Perspectives) in calendar year (from 1) of an
// increment, or false when there is no such value.
func (br *BudgetRun) Stat(increment int, m BudgetMeasure, year, perspective int) (*Stat, bool) {
	k, ok := br.index(increment, m, year, perspective)
	if !ok || k >= len(br.stats) {
		return nil, false
	}
	return &br.stats[k], true
}

// Summary returns the summary of Stat with the given percentiles (in
// percent), or false when there is no such value.
func (br *BudgetRun) Summary(increment int, m BudgetMeasure, year, perspective int, percentiles ...float64) (StatSummary, bool) {
	s, ok := br.Stat(increment, m, year, perspective)
	if !ok {
		return StatSummary{}, false
	}
	return s.Summary(percentiles...), true
}
