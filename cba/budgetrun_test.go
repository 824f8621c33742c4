package cba_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// loadMunicipal reads the bundled municipal scenario: five payers, a cohort
// of 20 a year for 5 years, every uncertain number of the Norwegian trial.
func loadMunicipal(tb testing.TB) *cba.Scenario {
	tb.Helper()
	f, err := scenario.Load("../scenarios/norway-municipal.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return f.Scenario
}

func mustEvaluateScenario(t *testing.T, s *cba.Scenario) *cba.Result {
	t.Helper()
	r, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var budgetPercentiles = []float64{2.5, 50, 97.5}

// referenceBudgetStats evaluates each vector in full and adds its
// budgets' values, cell by cell, to statistics: the obvious way.
func referenceBudgetStats(t *testing.T, s *cba.Scenario, vectors [][]float64) map[[4]int]*cba.Stat {
	t.Helper()
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	stats := map[[4]int]*cba.Stat{}
	for _, x := range vectors {
		r := ev.NewResult()
		if err := ev.Evaluate(x, r); err != nil {
			t.Fatal(err)
		}
		for i, b := range r.Budget() {
			for m := cba.BudgetYear; m <= cba.BudgetCumulativeDiscounted; m++ {
				for y, row := range m.Of(&b) {
					for p, v := range row {
						k := [4]int{i, int(m), y + 1, p}
						if stats[k] == nil {
							stats[k] = new(cba.Stat)
						}
						stats[k].Add(v)
					}
				}
			}
		}
	}
	return stats
}

// TestRunBudgetIsEachDrawsBudget: the budget run's statistics are, bit for
// bit, those of the budgets of the draws a Monte Carlo run with the same
// options makes (its factor vectors, streamed by Each), each evaluated in
// full, for a range of iterations that does not start at 0 and for 1 or 3
// workers.
func TestRunBudgetIsEachDrawsBudget(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	s := loadMunicipal(t)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	opt := cba.Options{Iterations: 300, First: 700, Seed: 5, Workers: 2}
	var vectors [][]float64
	runOpt := opt
	runOpt.Each = func(_ uint64, x, _ []float64) { vectors = append(vectors, slices.Clone(x)) }
	if _, err := ev.Run(context.Background(), runOpt); err != nil {
		t.Fatal(err)
	}
	want := referenceBudgetStats(t, s, vectors)
	for _, workers := range []int{1, 3} {
		opt.Workers = workers
		br, err := ev.RunBudget(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || len(br.Budgets) != 1 {
			t.Fatalf("%d values, %d budgets", len(want), len(br.Budgets))
		}
		for k, st := range want {
			got, ok := br.Summary(k[0], cba.BudgetMeasure(k[1]), k[2], k[3], budgetPercentiles...)
			if w := st.Summary(budgetPercentiles...); !ok || !reflect.DeepEqual(got, w) {
				t.Fatalf("%d workers: increment %d, %v, year %d, %s:\n got %+v\nwant %+v", workers, k[0], cba.BudgetMeasure(k[1]), k[2], br.Budgets[0].Perspectives[k[3]], got, w)
			}
		}
	}
}

// TestRunBudgetAtTheMeans: its Budgets are the deterministic evaluation's;
// with every uncertain number fixed at its mean, every draw is that budget,
// so every percentile is its value and the sd is 0.
func TestRunBudgetAtTheMeans(t *testing.T) {
	s := loadMunicipal(t)
	want := mustEvaluateScenario(t, s).Budget()
	s.Uncertainty = cba.Uncertainty{}
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	br, err := ev.RunBudget(context.Background(), cba.Options{Iterations: 40, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(br.Budgets, want) {
		t.Fatal("the run's budgets are not the deterministic ones")
	}
	b := &want[0]
	for m := cba.BudgetYear; m <= cba.BudgetCumulativeDiscounted; m++ {
		for y, row := range m.Of(b) {
			for p, v := range row {
				sum, ok := br.Summary(0, m, y+1, p, budgetPercentiles...)
				if !ok || sum.N != 40 || sum.SD != 0 || sum.Percentiles[0] != v || sum.Percentiles[2] != v || sum.Mean-v > 1e-6*max(1, v) || v-sum.Mean > 1e-6*max(1, -v) {
					t.Fatalf("%v, year %d, %s: %+v, want %v every time", m, y+1, b.Perspectives[p], sum, v)
				}
			}
		}
	}
}

// TestRunBudgetRefusesMisuse: options a budget run does not take, values
// it does not have, and a cancelled run are errors or false, never a
// panic.
func TestRunBudgetRefusesMisuse(t *testing.T) {
	ev, err := cba.NewEvaluator(loadMunicipal(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		opt  cba.Options
		want string
	}{
		{cba.Options{Keep: true}, "Keep"},
		{cba.Options{Each: func(uint64, []float64, []float64) {}}, "Each"},
		{cba.Options{SkipStatistics: true}, "SkipStatistics"},
		{cba.Options{Iterations: -1}, "iterations must be > 0"},
	} {
		if _, err := ev.RunBudget(context.Background(), c.opt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error naming %s", c.opt, err, c.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ev.RunBudget(ctx, cba.Options{Iterations: 5000}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run: %v", err)
	}
	br, err := ev.RunBudget(context.Background(), cba.Options{Iterations: 10})
	if err != nil {
		t.Fatal(err)
	}
	years := len(br.Budgets[0].Undiscounted)
	for _, c := range [][4]int{{1, 0, 1, 0}, {-1, 0, 1, 0}, {0, 4, 1, 0}, {0, -1, 1, 0}, {0, 0, 0, 0}, {0, 0, years + 1, 0}, {0, 0, 1, 8}, {0, 0, 1, -1}} {
		if _, ok := br.Summary(c[0], cba.BudgetMeasure(c[1]), c[2], c[3]); ok {
			t.Errorf("Summary%v: a value that does not exist", c)
		}
	}
	if _, ok := br.Summary(0, cba.BudgetCumulativeDiscounted, years, 7); !ok {
		t.Error("the last value is missing")
	}
}

// TestBudgetNeedsAnIntake: a cohort with no participants starting, or no
// years of intake, has no budget: CheckIntake says why, and RunBudget
// refuses with that reason.
func TestBudgetNeedsAnIntake(t *testing.T) {
	for _, c := range []struct {
		cohort cba.Cohort
		want   string
	}{
		{cba.Cohort{StartsPerYear: 12.5, Years: 1}, ""},
		{cba.Cohort{StartsPerYear: 0, Years: 5}, "cohort.starts_per_year 0, cohort.years 5"},
		{cba.Cohort{StartsPerYear: 20, Years: 0}, "cohort.starts_per_year 20, cohort.years 0"},
		{cba.Cohort{}, "no intake"},
	} {
		err := c.cohort.CheckIntake()
		if (err == nil) != (c.want == "") || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.cohort, err, c.want)
		}
		if c.want == "" {
			continue
		}
		s := loadMunicipal(t)
		s.Cohort = c.cohort
		ev, err := cba.NewEvaluator(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ev.RunBudget(context.Background(), cba.Options{Iterations: 10}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: RunBudget: %v, want %q", c.cohort, err, c.want)
		}
	}
}

// BenchmarkRunBudget is a budget run of the municipal scenario (five
// payers, 15 calendar years) on one worker, beside BenchmarkRunOutputs, a
// run of its outputs only: what a full evaluation and the budgets' 480
// statistics cost.
func BenchmarkRunBudget(b *testing.B) {
	benchmarkRuns(b, func(ev *cba.Evaluator, opt cba.Options) error {
		_, err := ev.RunBudget(context.Background(), opt)
		return err
	})
}

// BenchmarkRunOutputs is the Monte Carlo run of BenchmarkRunBudget's
// scenario and draws.
func BenchmarkRunOutputs(b *testing.B) {
	benchmarkRuns(b, func(ev *cba.Evaluator, opt cba.Options) error {
		_, err := ev.Run(context.Background(), opt)
		return err
	})
}

func benchmarkRuns(b *testing.B, run func(*cba.Evaluator, cba.Options) error) {
	ev, err := cba.NewEvaluator(loadMunicipal(b))
	if err != nil {
		b.Fatal(err)
	}
	const iterations = 1000
	b.ReportAllocs()
	for b.Loop() {
		if err := run(ev, cba.Options{Iterations: iterations, Seed: 1, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*iterations)/b.Elapsed().Seconds(), "iterations/s/core")
}
