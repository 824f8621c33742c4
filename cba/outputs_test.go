package cba

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFastOutputsMatchFullEvaluation compares EvaluateOutputs with the
// outputs read off a full Evaluate, on random scenarios (the full Evaluate is
// itself held to the plain reference in reference_test.go).
func TestFastOutputsMatchFullEvaluation(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for i := range 300 {
		s := randomScenario(rng)
		if i%2 == 0 {
			s.WageGrowth = 0 // the closed-form path; odd ones take the full one
		}
		ev, err := NewEvaluator(s)
		if err != nil {
			t.Fatal(err)
		}
		r := ev.NewResult()
		if err := ev.Evaluate(nil, r); err != nil {
			t.Fatal(err)
		}
		want := make([]float64, len(ev.Outputs()))
		got := make([]float64, len(want))
		ev.OutputsFromResult(r, want)
		if err := ev.EvaluateOutputs(nil, got); err != nil {
			t.Fatal(err)
		}
		scale := 0.0
		for _, v := range want {
			if !math.IsInf(v, 0) {
				scale = math.Max(scale, math.Abs(v))
			}
		}
		for k, o := range ev.Outputs() {
			a, b := got[k], want[k]
			switch {
			case a == b: // including +Inf
			case o.Measure == "break_even_month":
				// A cumulative value within rounding of zero may move the month.
				if math.Abs(cumulativeAt(r, o, b)) > 1e-9*math.Max(1, scale) && math.Abs(cumulativeAt(r, o, a)) > 1e-9*math.Max(1, scale) {
					t.Errorf("scenario %d %s: fast %v, full %v", i, o.Name, a, b)
				}
			case o.Measure == "benefit_cost_ratio" || o.Measure == "public_return":
				if math.IsInf(a, 1) != math.IsInf(b, 1) {
					// Only a programme cost within rounding of zero may differ.
					if math.Abs(outputNamed(ev, want, o, "programme_cost")) > 1e-9*math.Max(1, scale) {
						t.Errorf("scenario %d %s: fast %v, full %v", i, o.Name, a, b)
					}
				} else if !math.IsInf(a, 1) && !near(a, b, 1e-7, math.Abs(b)) {
					t.Errorf("scenario %d %s: fast %v, full %v", i, o.Name, a, b)
				}
			case !near(a, b, 1e-9, scale):
				t.Errorf("scenario %d %s: fast %v, full %v", i, o.Name, a, b)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}

func cumulativeAt(r *Result, o Output, month float64) float64 {
	if math.IsInf(month, 1) || month < 1 {
		return math.Inf(1)
	}
	inc := &r.Increments[0]
	for k := range r.Increments {
		if r.Increments[k].Arm == o.Arm {
			inc = &r.Increments[k]
		}
	}
	p := r.Perspective(o.Perspective)
	v := 0.0
	for m := 0; m < int(month); m++ {
		v += r.Discount[m] * r.PerspectiveFlow(&inc.Population, p, m)
	}
	return v
}

func outputNamed(ev *Evaluator, values []float64, like Output, measure string) float64 {
	for k, o := range ev.Outputs() {
		if o.Arm == like.Arm && o.Comparator == like.Comparator && o.Group == like.Group && o.Measure == measure {
			return values[k]
		}
	}
	return math.NaN()
}

func TestOutputNamesAreUnique(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, o := range ev.Outputs() {
		if seen[o.Name] {
			t.Errorf("output %s twice", o.Name)
		}
		seen[o.Name] = true
	}
	if !seen["ips-usual/population/npv/society"] || !seen["ips-usual/population/cumulative/state/year2"] {
		t.Errorf("expected outputs missing: %v", seen)
	}
}

func TestEvaluateOutputsDoesNotAllocate(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	x, dst := ev.Base(), make([]float64, len(ev.Outputs()))
	if allocs := testing.AllocsPerRun(20, func() { ev.EvaluateOutputs(x, dst) }); allocs != 0 {
		t.Errorf("EvaluateOutputs allocates %v times per call", allocs)
	}
}
