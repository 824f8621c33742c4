package cba_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// prepare returns the model of s with the overrides applied together.
func prepare(t *testing.T, s *cba.Scenario, ovs ...cba.Override) *cba.Model {
	t.Helper()
	s = s.Clone()
	if len(ovs) > 0 {
		if _, err := s.Apply(ovs...); err != nil {
			t.Fatal(err)
		}
	}
	m, err := cba.Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// smallChanges are planners' small what-ifs of the Norwegian scenario, each
// drawn in both what-ifs (so every factor is drawn alike or from the same
// stream): the specialist's monthly cost 5 % higher (its PERT scaled, so
// each draw is 1.05 times the base's) and the effect's half-life one
// month longer on average (a gamma of mean 25 months, sd 18, for 24, 18).
func smallChanges(t *testing.T) []struct {
	name string
	ov   cba.Override
} {
	halfLife, err := cba.FromMoments(cba.Gamma, 25, 18)
	if err != nil {
		t.Fatal(err)
	}
	cost := cba.Distribution{Kind: cba.PERT, Min: 3542 * 1.05, Mode: 5278 * 1.05, Max: 8833 * 1.05}
	return []struct {
		name string
		ov   cba.Override
	}{
		{"specialist's cost +5 %", cba.Override{Path: "arms.ips.costs.employment_specialist.amount", Dist: &cost}},
		{"half-life +1 month", cba.Override{Path: "arms.ips.effect.half_life_months", Dist: &halfLife}},
	}
}

func npvKey(perspective string) cba.OutputKey {
	return cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: cba.Population, Measure: cba.NPV, Perspective: perspective}
}

// TestPairedErrorIsFarBelowUnpaired: on the Norwegian scenario, the
// Monte Carlo error of a small change compared on the same draws is below
// a fifth of the error the same difference has from two independent runs
// of the same size, for every perspective the change moves. A ratio r
// means the paired comparison needs 1/r^2 times fewer iterations for the
// same precision; below 0.2, 25 times fewer. Two runs on unrelated draws
// (what-ifs before common random numbers) give about 1, and pairing gives
// r = sqrt(1 - correlation of A and B) when their spreads are alike, so
// the test fails unless A's and B's values correlate above 0.96.
func TestPairedErrorIsFarBelowUnpaired(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 500
	}
	s := loadNorway(t)
	a := prepare(t, s)
	for _, tc := range smallChanges(t) {
		t.Run(tc.name, func(t *testing.T) {
			c, err := cba.Compare(context.Background(), a, prepare(t, s, tc.ov), cba.Options{Iterations: n, Seed: 1, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			moved := 0
			for _, p := range []string{"participant", "state", "municipality", "health_trust", "public", "society"} {
				sum, ok := c.Summary(npvKey(p), 2.5, 97.5)
				if !ok {
					t.Fatalf("no NPV for %s", p)
				}
				if sum.Difference.SD == 0 {
					continue // the change does not touch this perspective
				}
				moved++
				ratio := sum.Difference.MCSE / sum.UnpairedMCSE
				t.Logf("%s, %s NPV: change %.0f (deterministic %.0f), paired MCSE %.2f, unpaired %.1f, ratio %.4f",
					tc.name, p, sum.Difference.Mean, sum.Deterministic, sum.Difference.MCSE, sum.UnpairedMCSE, ratio)
				if !(ratio < 0.2) {
					t.Errorf("%s NPV: paired MCSE %.1f is %.3f of the unpaired %.1f, want below 0.2", p, sum.Difference.MCSE, ratio, sum.UnpairedMCSE)
				}
			}
			if moved < 3 {
				t.Errorf("the change moves %d perspectives' NPVs, want the public ones and society's", moved)
			}
		})
	}
}

// TestPairedMeanIsTheDifferenceOfTwoRuns: the mean of B - A is the
// difference of the means of two separate runs with the same seed (common
// random numbers), to 1e-9 relative (the statistics round each value to
// 2^-32 of its unit), for every output with no infinite value; and the
// comparison's A and B are those runs, bit for bit.
func TestPairedMeanIsTheDifferenceOfTwoRuns(t *testing.T) {
	s := loadNorway(t)
	opt := cba.Options{Iterations: 600, Seed: 7, Workers: 2}
	for _, tc := range smallChanges(t) {
		t.Run(tc.name, func(t *testing.T) {
			b := s.Clone()
			if _, err := b.Apply(tc.ov); err != nil {
				t.Fatal(err)
			}
			c, err := cba.Compare(context.Background(), prepare(t, s), prepare(t, b), opt)
			if err != nil {
				t.Fatal(err)
			}
			runA, errA := cba.Run(context.Background(), s, opt)
			runB, errB := cba.Run(context.Background(), b, opt)
			if errA != nil || errB != nil {
				t.Fatal(errA, errB)
			}
			checked := 0
			for k, key := range c.Outputs() {
				ra, rb := runA.Stat(k).Summary(50), runB.Stat(k).Summary(50)
				if got, want := fmt.Sprint(c.A.Stat(k).Summary(50), c.B.Stat(k).Summary(50)), fmt.Sprint(ra, rb); got != want {
					t.Fatalf("%s: the comparison's A and B %s, the runs %s", key, got, want)
				}
				if ra.ShareInf > 0 || rb.ShareInf > 0 {
					continue
				}
				want := rb.Mean - ra.Mean
				got := c.Difference.Stat(k).Summary().Mean
				if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
					t.Errorf("%s: mean change %.12g, difference of the runs' means %.12g", key, got, want)
				}
				checked++
			}
			if checked < 100 {
				t.Errorf("only %d outputs checked", checked)
			}
		})
	}
}

// TestComparingAWhatIfWithItselfGivesZero: B = A (the same scenario,
// prepared twice) differs by exactly 0 in every iteration and every
// output, +Inf ones included: each difference's smallest and largest
// values are 0, none is NaN, and the deterministic difference is 0.
func TestComparingAWhatIfWithItselfGivesZero(t *testing.T) {
	s := loadNorway(t)
	c, err := cba.Compare(context.Background(), prepare(t, s), prepare(t, s), cba.Options{Iterations: 300, Seed: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	infinite := 0
	for k, key := range c.Outputs() {
		d := c.Difference.Stat(k).Summary()
		if d.N != 300 || d.Min != 0 || d.Max != 0 || d.ShareNaN != 0 || d.ShareInf != 0 || d.MCSE != 0 || c.Difference.Deterministic[k] != 0 {
			t.Errorf("%s: B - A over %d iterations: min %v, max %v, NaN %v, MCSE %v, deterministic %v; want exactly 0",
				key, d.N, d.Min, d.Max, d.ShareNaN, d.MCSE, c.Difference.Deterministic[k])
		}
		if c.A.Stat(k).Summary().ShareInf > 0 {
			infinite++
		}
	}
	if infinite == 0 {
		t.Error("no output is +Inf in any draw: the case of equal infinities is not tested")
	}
}

// TestAFactorFixedInOneWhatIfIsDrawnInTheOtherOnly: B fixes the
// specialist's cost at its mean, which A draws. Every other factor is
// drawn alike in both, so the participant's NPV, which the cost does not
// touch but the effect, wages and hours drawn do, differs by exactly 0 in
// every iteration; society's NPV differs by the cost's spread, drawn in A
// only: a sd of the change far above the paired error of a small change.
func TestAFactorFixedInOneWhatIfIsDrawnInTheOtherOnly(t *testing.T) {
	s := loadNorway(t)
	b := prepare(t, s, cba.Override{Path: "arms.ips.costs.employment_specialist.amount", Value: 5581.166667})
	a := prepare(t, s)
	c, err := cba.Compare(context.Background(), a, b, cba.Options{Iterations: 300, Seed: 5, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if inA, inB := cba.DrawnInOneOnly(a, b); fmt.Sprint(inA, inB) != "[arms.ips.costs.employment_specialist.amount] []" {
		t.Errorf("drawn in A only %v, in B only %v; want the cost in A only", inA, inB)
	}
	if inA, inB := cba.DrawnInOneOnly(b, a); len(inA) != 0 || len(inB) != 1 {
		t.Errorf("the other way round: drawn in A only %v, in B only %v", inA, inB)
	}
	participant, _ := c.Summary(npvKey(cba.Participant))
	if d := participant.Difference; d.Min != 0 || d.Max != 0 || participant.A.SD == 0 {
		t.Errorf("participant's NPV: change from %v to %v (sd in A %v), want exactly 0 in every draw", d.Min, d.Max, participant.A.SD)
	}
	society, _ := c.Summary(npvKey(cba.Society))
	if d := society.Difference; !(d.SD > 10000) || d.Min >= 0 || d.Max <= 0 {
		t.Errorf("society's NPV: change sd %v, from %v to %v; want the spread of the cost drawn in A only", d.SD, d.Min, d.Max)
	}
}

// TestComparisonIsIndependentOfWorkersAndSplits: one worker, three
// workers, and two ranges compared apart and merged give the same
// comparison, bit for bit, in every output.
func TestComparisonIsIndependentOfWorkersAndSplits(t *testing.T) {
	s := loadNorway(t)
	a, b := prepare(t, s), prepare(t, s, smallChanges(t)[1].ov)
	compare := func(first uint64, n, workers int) *cba.Comparison {
		c, err := cba.Compare(context.Background(), a, b, cba.Options{First: first, Iterations: n, Seed: 11, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	one := compare(0, 700, 1)
	three := compare(0, 700, 3)
	split := compare(0, 300, 2)
	if err := split.Merge(compare(300, 400, 1)); err != nil {
		t.Fatal(err)
	}
	text := func(c *cba.Comparison) string {
		var b strings.Builder
		for _, key := range c.Outputs() {
			sum, _ := c.Summary(key, 2.5, 50, 97.5)
			fmt.Fprintln(&b, key, sum)
		}
		return b.String()
	}
	want := text(one)
	if got := text(three); got != want {
		t.Error("3 workers differ from 1")
	}
	if got := text(split); got != want {
		t.Error("ranges 0:300 and 300:700 merged differ from 0:700")
	}
	if other := compare(0, 700, 2); text(other) != want {
		t.Error("2 workers differ from 1")
	}
	if err := split.Merge(compare(800, 100, 1)); err == nil {
		t.Error("a range with a gap merged")
	}
	other, err := cba.Compare(context.Background(), a, a, cba.Options{First: 700, Iterations: 100, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	var me *cba.MergeError
	if err := split.Merge(other); !errors.As(err, &me) || !strings.Contains(err.Error(), "what-ifs B") {
		t.Errorf("a comparison of another B merged: %v", err)
	}
	if got := text(split); got != want {
		t.Error("a refused merge changed the comparison")
	}
}

// TestCompareRefusesWhatDiffers: what-ifs with other outputs are refused
// with a *MismatchError naming what differs; so are options a comparison
// does not take, and nil models.
func TestCompareRefusesWhatDiffers(t *testing.T) {
	s := loadNorway(t)
	a := prepare(t, s)
	load := func(path string) *cba.Model {
		f, err := scenario.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := f.Model()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	small := prepare(t, twoGroups())
	renamed := func(change func(*cba.Scenario)) *cba.Model {
		s := twoGroups()
		change(s)
		return prepare(t, s)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		a, b *cba.Model
		want string
	}{
		{"another horizon in years", a, prepare(t, s, cba.Override{Path: "horizon_months", Value: 132}),
			"horizons in whole years (each year has its cumulative outputs) (A: 10 years; B: 11 years)"},
		{"no observed window", a, prepare(t, s, cba.Override{Path: "observed_months", Value: 0}, cba.Override{Path: "effect_measured_months", Value: 0}),
			"observed windows (NPVs over an observed window are outputs) (A: 43 months; B: 0 months)"},
		{"another comparator", a, load("../scenarios/us-wsipp.yaml"), "comparators (A: traditional; B: usual)"},
		{"other payers", a, load("../scenarios/norway-municipal.yaml"),
			"payers (A: state, county, municipality, health_trust; B: state, county, municipality, other_municipalities, health_trust)"},
		{"other groups", small, renamed(func(s *cba.Scenario) { s.Groups[1].Name = "older" }), "groups (A: young, old; B: young, older)"},
		{"other arms", small, renamed(func(s *cba.Scenario) { s.Arms[1].Name = "ips_lite" }), "arms (A: usual, ips; B: usual, ips_lite)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cba.Compare(ctx, tc.a, tc.b, cba.Options{Iterations: 10})
			var me *cba.MismatchError
			if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a *MismatchError saying %q", err, tc.want)
			}
			if _, err := cba.CompareDeterministic(tc.a, tc.b); !errors.As(err, &me) {
				t.Errorf("CompareDeterministic: got %v, want a *MismatchError", err)
			}
		})
	}
	for _, tc := range []struct {
		opt  cba.Options
		want string
	}{
		{cba.Options{Source: cba.Vectors{}}, "Options.Source"},
		{cba.Options{Keep: true}, "Options.Keep"},
		{cba.Options{Each: func(uint64, []float64, []float64) {}}, "Options.Each"},
		{cba.Options{SkipStatistics: true}, "Options.SkipStatistics"},
		{cba.Options{Iterations: -1}, "iterations"},
	} {
		if _, err := cba.Compare(ctx, a, a, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v", tc.want, err)
		}
	}
	if _, err := cba.Compare(ctx, a, nil, cba.Options{}); err == nil {
		t.Error("a nil model compared")
	}
}

// TestCompareDeterministicIsTheDifferenceOfEvaluations: the deterministic
// difference of every output is B's evaluation minus A's, and a
// comparison of no iterations has no statistics.
func TestCompareDeterministicIsTheDifferenceOfEvaluations(t *testing.T) {
	s := loadNorway(t)
	a, b := prepare(t, s), prepare(t, s, cba.Override{Path: "arms.ips.groups.rest.effect_multiplier", Value: 0.5})
	c, err := cba.CompareDeterministic(a, b)
	if err != nil {
		t.Fatal(err)
	}
	outA, outB := make([]float64, len(c.Outputs())), make([]float64, len(c.Outputs()))
	if err := a.Evaluator().EvaluateOutputs(nil, outA); err != nil {
		t.Fatal(err)
	}
	if err := b.Evaluator().EvaluateOutputs(nil, outB); err != nil {
		t.Fatal(err)
	}
	changed := 0
	for k, key := range c.Outputs() {
		want := outB[k] - outA[k]
		if outA[k] == outB[k] {
			want = 0
		}
		got := c.Difference.Deterministic[k]
		if got != want && !(math.IsNaN(got) && math.IsInf(outA[k]+outB[k], 0)) {
			t.Errorf("%s: %v, want %v", key, got, want)
		}
		if got != 0 {
			changed++
		}
	}
	sum, _ := c.Summary(npvKey(cba.Society))
	if changed == 0 || sum.Difference.N != 0 || !math.IsNaN(sum.Difference.Mean) || c.Difference.Iterations != 0 {
		t.Errorf("%d outputs changed; statistics %+v", changed, sum.Difference)
	}
}

// BenchmarkCompare is a paired comparison of the Norwegian scenario and a
// small change on one worker: each iteration draws and evaluates both
// what-ifs, so about twice BenchmarkRun's time an iteration.
func BenchmarkCompare(b *testing.B) {
	s := loadNorway(b)
	base, err := cba.Prepare(s)
	if err != nil {
		b.Fatal(err)
	}
	change := s.Clone()
	if _, err := change.Apply(cba.Override{Path: "arms.ips.groups.rest.effect_multiplier", Value: 0.5}); err != nil {
		b.Fatal(err)
	}
	other, err := cba.Prepare(change)
	if err != nil {
		b.Fatal(err)
	}
	const iterations = 20_000
	for b.Loop() {
		if _, err := cba.Compare(context.Background(), base, other, cba.Options{Iterations: iterations, Workers: 1, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*iterations)/b.Elapsed().Seconds(), "iterations/s/core")
}

// TestCohortOnly: what-ifs that differ in their cohort alone are named as
// such (the budget moves, nothing per participant does); any other
// difference, or none, is not.
func TestCohortOnly(t *testing.T) {
	s := loadMunicipal(t)
	a := prepare(t, s)
	for _, tc := range []struct {
		name string
		b    *cba.Model
		want bool
	}{
		{"the same", prepare(t, s), false},
		{"more starts", prepare(t, s, cba.Override{Path: "cohort.starts_per_year", Value: 40}), true},
		{"more years", prepare(t, s, cba.Override{Path: "cohort.years", Value: 9}), true},
		{"another name too", func() *cba.Model {
			s2 := s.Clone()
			s2.Name, s2.Cohort.Years = "other", 9
			return prepare(t, s2)
		}(), true},
		{"starts and the half-life", prepare(t, s, cba.Override{Path: "cohort.starts_per_year", Value: 40},
			cba.Override{Path: "arms.ips.effect.half_life_months", Value: 30}), false},
		{"the half-life alone", prepare(t, s, cba.Override{Path: "arms.ips.effect.half_life_months", Value: 30}), false},
	} {
		err := cba.CohortOnly(a, tc.b)
		if (err != nil) != tc.want {
			t.Errorf("%s: %v, want an error: %v", tc.name, err, tc.want)
		}
		if tc.want {
			// What it says is so: every compared output is the same.
			c, err := cba.CompareDeterministic(a, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			for k, d := range c.Difference.Deterministic {
				if d != 0 {
					t.Errorf("%s: output %v differs by %g", tc.name, c.Difference.Outputs[k], d)
				}
			}
		}
	}
}
