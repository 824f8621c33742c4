package report

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

func loadAndEvaluate(t *testing.T, name string) (*cba.Scenario, *cba.Result) {
	t.Helper()
	f, err := scenario.Load("../../scenarios/" + name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := cba.Evaluate(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	return f.Scenario, r
}

// TestReconcile: each published figure beside the model's, re-priced, with
// its relative difference and a note that says whether it is reproduced,
// or why not; a chance is given with a Monte Carlo run and said to need one
// without.
func TestReconcile(t *testing.T) {
	s, r := loadAndEvaluate(t, "us-wsipp.yaml")
	rows := Reconcile(English, s, r, nil)
	if len(rows) != len(s.Published) {
		t.Fatalf("%d rows for %d figures", len(rows), len(s.Published))
	}
	for i, row := range rows {
		p := &s.Published[i]
		if p.Measure == cba.FigureChance {
			if row.Model != "n/a" || !strings.Contains(row.Note, "run with -iterations") || !math.IsNaN(row.ModelValue) {
				t.Errorf("chance without a run: %+v", row)
			}
			continue
		}
		want, err := p.Model(s, r)
		if err != nil {
			t.Fatal(err)
		}
		d := 100 * (want - p.Comparable()) / math.Abs(p.Comparable())
		if row.ModelValue != want || !row.Reproduced || !row.Within || !strings.Contains(row.Note, "reproduced within") ||
			!strings.HasSuffix(row.Difference, " %") || math.Abs(math.Abs(d)-parsePercent(t, row.Difference)) > 0.051 {
			t.Errorf("%s: %+v, want the model's %v, %.1f %% from the published", p.Name, row, want, d)
		}
	}
	mc, err := cba.Run(context.Background(), s, cba.Options{Iterations: 500, Seed: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	withRun := Reconcile(English, s, r, mc)
	last := withRun[len(withRun)-1]
	key, _ := s.Published[len(withRun)-1].ChanceKey(r)
	sum, _ := mc.Summary(key)
	if last.ModelValue != sum.PAboveZero || last.Model != newWords(English, s).Percent(sum.PAboveZero) {
		t.Errorf("chance with a run: %+v, want %v", last, sum.PAboveZero)
	}
	// Re-pricing is said, and a figure not reproduced gives its reason.
	s, r = loadAndEvaluate(t, "norway-norce.yaml")
	for i, row := range Reconcile(English, s, r, nil) {
		p := &s.Published[i]
		if p.ToModel != 0 && p.ToModel != 1 && !strings.Contains(row.Note, "times 1.337") {
			t.Errorf("%s: the re-pricing is not said: %q", p.Name, row.Note)
		}
		if !p.Reproduced() && (row.Within || !strings.Contains(row.Note, p.Reason)) {
			t.Errorf("%s: no reason: %+v", p.Name, row)
		}
	}
	// The text report prints the table under the result.
	var b strings.Builder
	if err := Text(&b, Input{Result: r, Scenario: s}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "the study's published figures beside this model's") || !strings.Contains(b.String(), "(1) Reme et al. 2019") {
		t.Error("the text report does not print the published figures")
	}
}

func parsePercent(t *testing.T, s string) float64 {
	t.Helper()
	var v float64
	s = strings.TrimLeft(strings.TrimSuffix(s, " %"), "+-")
	if _, err := fmt.Sscan(s, &v); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

// TestRatiosSayWhyBelowZero: a ratio below zero is explained, and the net
// benefit per budget krone is none when the public budgets gain.
func TestRatiosSayWhyBelowZero(t *testing.T) {
	// Stepwise training with no effect: society loses the financing cost of
	// its cost before that cost.
	f, err := scenario.Load("../../scenarios/stepwise-vs-nothing.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Apply(cba.Override{Path: "arms.stepwise.effect.points[0].difference", Value: 0}); err != nil {
		t.Fatal(err)
	}
	s := f.Scenario
	r, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	inc := &r.Increments[0]
	lines := Ratios(English, s, r, inc, &inc.Population)
	if inc.Population.BCR.Value >= 0 || !strings.Contains(lines[0], "below zero: society's gain before the programme's cost") {
		t.Errorf("BCR %v: %q", inc.Population.BCR.Value, lines[0])
	}
	if inc.Population.NetPerBudgetKrone.Value >= 0 || !strings.Contains(lines[2], "below zero: society loses while the public budgets pay") {
		t.Errorf("per budget krone %v: %q", inc.Population.NetPerBudgetKrone.Value, lines[2])
	}
	s, r = loadAndEvaluate(t, "norway-youth.yaml")
	inc = &r.Increments[0]
	lines = Ratios(English, s, r, inc, &inc.Population)
	if !inc.Population.NetPerBudgetKrone.CostSaving || !strings.Contains(lines[2], "none: the public budgets gain") || strings.Contains(strings.Join(lines, " "), "below zero") {
		t.Errorf("a programme the public budgets gain from: %q", lines)
	}
}
