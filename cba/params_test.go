package cba

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestVectorEqualsSet changes each parameter in turn through the vector and
// through Scenario.Set, and asks for identical results.
func TestVectorEqualsSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 10 {
		s := randomScenario(rng)
		ev, err := NewEvaluator(s)
		if err != nil {
			t.Fatal(err)
		}
		r := ev.NewResult()
		for i, p := range ev.Parameters() {
			v := p.Value * (1 - 0.1*rng.Float64())
			if p.Bound == Positive && v <= 0 || strings.HasSuffix(p.Path, "groups.group0.share") {
				continue // would break a bound or the shares' sum
			}
			x := ev.Base()
			x[i] = v
			vecErr := ev.Evaluate(x, r)
			edited := s.Clone()
			if err := edited.Set(p.Path, v); err != nil {
				t.Fatal(err)
			}
			want, setErr := Evaluate(edited)
			if (vecErr == nil) != (setErr == nil) {
				t.Fatalf("%s: vector error %v, Set error %v", p.Path, vecErr, setErr)
			}
			if setErr != nil {
				continue
			}
			for k := range want.Increments {
				if !reflect.DeepEqual(r.Increments[k].Population.NPV, want.Increments[k].Population.NPV) {
					t.Fatalf("%s: NPVs through the vector %v, through Set %v", p.Path, r.Increments[k].Population.NPV, want.Increments[k].Population.NPV)
				}
			}
		}
	}
}

func TestParametersHaveUniquePaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 20 {
		seen := map[string]bool{}
		for _, p := range randomScenario(rng).Parameters() {
			if seen[p.Path] {
				t.Fatalf("path %s appears twice", p.Path)
			}
			seen[p.Path] = true
		}
	}
}

func TestEvaluateRejectsBadValues(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	cases := []struct {
		path string
		v    float64
		msg  string
	}{
		{"arms.ips.groups.all.employment.periods[0].job_finding", 1.5, "must be in [0, 1], got 1.5"},
		{"groups.all.share", 0.9, "shares must sum to 1, got 0.9"},
		{"discount[0].rate", -1, "must be > -1, got -1"},
		{"arms.usual.costs.training.amount", -5, "must be >= 0, got -5"},
	}
	for _, tc := range cases {
		x := ev.Base()
		x[ev.Index(tc.path)] = tc.v
		err := ev.Evaluate(x, r)
		var es Errors
		if !errors.As(err, &es) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s = %v: error %v, want one containing %q", tc.path, tc.v, err, tc.msg)
		}
	}
	if err := ev.Evaluate(ev.Base(), r); err != nil {
		t.Errorf("base values after bad ones: %v", err)
	}
}

func TestSetUnknownPath(t *testing.T) {
	err := simpleScenario().Set("arms.ips.nothing", 1)
	if err == nil || !strings.Contains(err.Error(), "arms.ips.nothing: no such parameter") {
		t.Errorf("got %v", err)
	}
}

func TestEvaluatorIsIndependentOfItsScenario(t *testing.T) {
	s := simpleScenario()
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	before := r.Increments[0].Population.NPV[0]
	s.Groups[0].Job.MonthlyEarnings *= 2
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	if r.Increments[0].Population.NPV[0] != before {
		t.Error("changing the scenario after NewEvaluator changed the evaluation")
	}
}

// TestResultsDoNotShareState: a Result keeps its numbers when the same
// Evaluator evaluates other values into another Result.
func TestResultsDoNotShareState(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	first, second := ev.NewResult(), ev.NewResult()
	if err := ev.Evaluate(nil, first); err != nil {
		t.Fatal(err)
	}
	soc := first.Perspective("society")
	weight, npv := first.Weights[soc][first.Component("earnings")], first.Increments[0].Population.NPV[soc]
	x := ev.Base()
	x[ev.Index("perspective.displacement")] = 0.5
	if err := ev.Evaluate(x, second); err != nil {
		t.Fatal(err)
	}
	if first.Weights[soc][first.Component("earnings")] != weight || first.Increments[0].Population.NPV[soc] != npv {
		t.Error("evaluating into a second Result changed the first")
	}
	if second.Weights[soc][second.Component("earnings")] != 0.5 {
		t.Errorf("the second Result's weight of earnings for society is %v, want 0.5", second.Weights[soc][second.Component("earnings")])
	}
}
