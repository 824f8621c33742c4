package sensitivity

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"ipscba/cba"
)

// TestNilEvaluatorIsAnError: the analyses given no evaluator return an
// error, as cba.NewEvaluator(nil) does, rather than panic.
func TestNilEvaluatorIsAnError(t *testing.T) {
	if _, err := NewModel(nil, cba.OutputKey{}); err == nil || !strings.Contains(err.Error(), "no evaluator") {
		t.Errorf("NewModel(nil): %v", err)
	}
	if _, err := Acceptability(context.Background(), nil, NonMarketValue, []float64{0, 1}, AcceptOptions{}); err == nil || !strings.Contains(err.Error(), "no evaluator") {
		t.Errorf("Acceptability(nil): %v", err)
	}
	if _, err := ValueOfInformation(context.Background(), nil, VOIOptions{}); err == nil {
		t.Error("ValueOfInformation(nil): no error")
	}
	if _, err := WhatDecides(nil, []cba.OutputKey{{}}, 5); err == nil {
		t.Error("WhatDecides(nil): no error")
	}
}

// TestStepsNeverGivesNaN: Steps gives evenly spaced values ending at hi
// exactly, and nil (which the analyses refuse) for bad input, never NaN
// or Inf.
func TestStepsNeverGivesNaN(t *testing.T) {
	if got := Steps(0, 1, 5); !slices.Equal(got, []float64{0, 0.25, 0.5, 0.75, 1}) {
		t.Errorf("Steps(0, 1, 5) = %v", got)
	}
	if got := Steps(0.1, 0.7, 7); got[6] != 0.7 || got[0] != 0.1 {
		t.Errorf("Steps(0.1, 0.7, 7) = %v: the ends are not exact", got)
	}
	if got := Steps(3, 9, 1); !slices.Equal(got, []float64{3}) {
		t.Errorf("Steps(3, 9, 1) = %v", got)
	}
	inf, nan := math.Inf(1), math.NaN()
	for _, tc := range []struct {
		lo, hi float64
		n      int
	}{{0, 1, 0}, {0, 1, -3}, {0, 1, MaxGridPoints + 1}, {nan, 1, 3}, {0, nan, 3}, {-inf, 1, 3}, {0, inf, 3}, {-math.MaxFloat64, math.MaxFloat64, 3}} {
		if got := Steps(tc.lo, tc.hi, tc.n); got != nil {
			t.Errorf("Steps(%v, %v, %d) = %v; want nil", tc.lo, tc.hi, tc.n, got)
		}
	}
	ev := evaluator(t, load(t, linear))
	m, err := NewModel(ev, society)
	if err != nil {
		t.Fatal(err)
	}
	name := m.Factors()[0].Name
	if _, err := m.TwoWay(Axis{Factor: name, Values: Steps(0, inf, 3)}, Axis{Factor: m.Factors()[1].Name, Values: Steps(0, 1, 3)}); err == nil {
		t.Error("a two-way axis of bad steps: no error")
	}
	if _, err := Acceptability(context.Background(), ev, NonMarketValue, Steps(nan, 1, 3), AcceptOptions{Iterations: 10}); err == nil {
		t.Error("acceptability over bad steps: no error")
	}
}

// TestCountsOfVOIAreNeverNonsense: the memory bound and the default bins
// of bad counts are documented values, not a division by zero or the
// conversion of NaN.
func TestCountsOfVOIAreNeverNonsense(t *testing.T) {
	for _, c := range [][3]int{{-1, 0, 0}, {2, -1, 0}, {2, -2, 1}, {2, 1, -1}} {
		if got := VOIMaxIterations(Regression, c[0], c[1], c[2]); got != 0 {
			t.Errorf("VOIMaxIterations%v = %d; want 0", c, got)
		}
	}
	for _, n := range []int{math.MinInt, -5, 0, 1, 15} {
		if got := DefaultBins(n); got != 2 {
			t.Errorf("DefaultBins(%d) = %d; want 2", n, got)
		}
	}
	if got := DefaultBins(10000); got != 10 {
		t.Errorf("DefaultBins(10000) = %d; want 10", got)
	}
}
