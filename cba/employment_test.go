package cba

import (
	"math"
	"testing"
)

func TestMarkovMatchesClosedForm(t *testing.T) {
	// e(m) = e* + (e0 - e*)(1-f-s)^m with e* = f/(f+s).
	for _, tc := range []struct{ e0, f, s float64 }{{0, 0.05, 0.04}, {0.3, 0.02, 0.1}, {1, 0.5, 0.5}} {
		emp := Employment{Model: Markov, Initial: tc.e0, Periods: []MarkovPeriod{{FromMonth: 1, JobFinding: tc.f, JobLoss: tc.s}}}
		e := make([]float64, 241)
		emp.Curve(e, nil)
		star := tc.f / (tc.f + tc.s)
		for _, m := range []int{0, 1, 12, 60, 240} {
			want := star + (tc.e0-star)*math.Pow(1-tc.f-tc.s, float64(m))
			if math.Abs(e[m]-want) > 1e-14 {
				t.Errorf("%+v: e(%d) = %.16g, closed form %.16g", tc, m, e[m], want)
			}
		}
	}
}

func TestMarkovPeriodsChangeAtTheirMonth(t *testing.T) {
	emp := Employment{Model: Markov, Periods: []MarkovPeriod{{1, 0.1, 0}, {4, 0, 0.5}}}
	e := make([]float64, 6)
	emp.Curve(e, nil)
	want := []float64{0, 0.1, 0.19, 0.271, 0.1355, 0.06775}
	for m := range want {
		if math.Abs(e[m]-want[m]) > 1e-15 {
			t.Errorf("e(%d) = %v, want %v", m, e[m], want[m])
		}
	}
}

func TestObservedCurve(t *testing.T) {
	comp := make([]float64, 61)
	for m := range comp {
		comp[m] = 0.2
	}
	points := []CurvePoint{{Month: 12, Share: 0.36}, {Month: 18, Share: 0.38}}
	cases := []struct {
		name  string
		after Extrapolation
		half  float64
		want  map[int]float64
	}{
		{"constant", HoldConstant, 0, map[int]float64{0: 0.1, 6: 0.23, 12: 0.36, 15: 0.37, 18: 0.38, 19: 0.38, 60: 0.38}},
		// difference at 18 is 0.18: halves every 12 months.
		{"decay", DecayToComparator, 12, map[int]float64{18: 0.38, 30: 0.29, 42: 0.245, 24: 0.2 + 0.18*math.Sqrt(0.5)}},
		{"end", EndEffect, 0, map[int]float64{18: 0.38, 19: 0.2, 60: 0.2}},
	}
	for _, tc := range cases {
		emp := Employment{Model: Observed, Initial: 0.1, Points: points, After: tc.after, HalfLifeMonths: tc.half}
		e := make([]float64, 61)
		emp.Curve(e, comp)
		for m, want := range tc.want {
			if math.Abs(e[m]-want) > 1e-15 {
				t.Errorf("%s: e(%d) = %.16g, want %v", tc.name, m, e[m], want)
			}
		}
	}
}

func TestObservedCurveBeyondHorizon(t *testing.T) {
	// A point after the horizon still shapes the interpolation before it.
	emp := Employment{Model: Observed, Points: []CurvePoint{{Month: 24, Share: 0.48}}}
	e := make([]float64, 13)
	emp.Curve(e, nil)
	if math.Abs(e[12]-0.24) > 1e-15 {
		t.Errorf("e(12) = %v, want 0.24", e[12])
	}
}
