package cba

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFastOutputsMatchFullEvaluation compares EvaluateOutputs with the
// outputs read off a full Evaluate, on random scenarios of every kind: with
// and without wage growth, indexed or not (each a closed form of its own in
// EvaluateOutputs, none a fallback to Evaluate); the full Evaluate is
// itself held to the plain reference in reference_test.go.
func TestFastOutputsMatchFullEvaluation(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	kinds := map[string]int{}
	for i := range 300 {
		s := randomScenario(rng)
		if i%3 == 0 { // groups with the same curve, computed once
			for a := range s.Arms {
				for g := range s.Groups {
					s.Arms[a].Groups[g].Employment = s.Arms[a].Groups[0].Employment
				}
			}
		}
		switch {
		case s.WageGrowth == 0:
			kinds["no growth"]++
		case s.Indexed:
			kinds["indexed growth"]++
		default:
			kinds["growth, not indexed"]++
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
			case o.Measure == BreakEvenMonth:
				// A cumulative value within rounding of zero may move the month.
				if math.Abs(cumulativeAt(t, r, o, b)) > 1e-9*math.Max(1, scale) && math.Abs(cumulativeAt(t, r, o, a)) > 1e-9*math.Max(1, scale) {
					t.Errorf("scenario %d %s: fast %v, full %v", i, o, a, b)
				}
			case o.Measure == BenefitCostRatio || o.Measure == PublicReturn:
				if math.IsInf(a, 1) != math.IsInf(b, 1) {
					// Only a programme cost within rounding of zero may differ.
					if math.Abs(outputLike(ev, want, o, IncrementalCost)) > 1e-9*math.Max(1, scale) {
						t.Errorf("scenario %d %s: fast %v, full %v", i, o, a, b)
					}
				} else if !math.IsInf(a, 1) && !near(a, b, 1e-7, math.Abs(b)) {
					t.Errorf("scenario %d %s: fast %v, full %v", i, o, a, b)
				}
			case o.Measure == CostPerMonthInWork || o.Measure == CostPerPersonInWork:
				// A cost over a gain: the gains they imply agree, 0 for +Inf
				// (a gain near zero makes the ratio's rounding large).
				cost := programmeCostTo(r, ev, o)
				if ga, gb := gainOf(cost, a), gainOf(cost, b); !(math.Abs(ga-gb) <= 1e-10) {
					t.Errorf("scenario %d %s: fast %v, full %v (gains %v, %v)", i, o, a, b, ga, gb)
				}
			case !near(a, b, 1e-9, scale):
				t.Errorf("scenario %d %s: fast %v, full %v", i, o, a, b)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	for _, k := range []string{"no growth", "indexed growth", "growth, not indexed"} {
		if kinds[k] < 30 {
			t.Errorf("only %d random scenarios with %s", kinds[k], k)
		}
	}
}

func cumulativeAt(t *testing.T, r *Result, o OutputKey, month float64) float64 {
	if math.IsInf(month, 1) || month < 1 {
		return math.Inf(1)
	}
	inc, _ := r.Increment(o.Arm)
	return r.Cumulative(&inc.Population, persp(t, r, o.Perspective), int(month)-1)
}

func outputLike(ev *Evaluator, values []float64, like OutputKey, m Measure) float64 {
	for k, o := range ev.Outputs() {
		if o.Arm == like.Arm && o.Comparator == like.Comparator && o.Group == like.Group && o.Measure == m {
			return values[k]
		}
	}
	return math.NaN()
}

// TestEveryDeclaredOutputHasAValue: both engines write every output of the
// one table, and each output's name reads back as its key.
func TestEveryDeclaredOutputHasAValue(t *testing.T) {
	s := simpleScenario()
	s.ObservedMonths = 12
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	keys := ev.Outputs()
	fast, full := make([]float64, len(keys)), make([]float64, len(keys))
	for k := range fast {
		fast[k], full[k] = math.NaN(), math.NaN()
	}
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	ev.OutputsFromResult(r, full)
	if err := ev.EvaluateOutputs(nil, fast); err != nil {
		t.Fatal(err)
	}
	seen := map[OutputKey]bool{}
	measures := map[Measure]bool{}
	for k, o := range keys {
		if math.IsNaN(fast[k]) || math.IsNaN(full[k]) {
			t.Errorf("%s: fast %v, full %v", o, fast[k], full[k])
		}
		back, err := ParseOutputKey(o.String())
		if err != nil || back != o {
			t.Errorf("%s reads back as %+v (%v)", o, back, err)
		}
		if seen[o] {
			t.Errorf("output %s twice", o)
		}
		seen[o] = true
		measures[o.Measure] = true
	}
	for m := range measureNames {
		if !measures[m] {
			t.Errorf("no output measures %s", m)
		}
	}
}

func TestParseOutputKeyRefusesOtherNames(t *testing.T) {
	for _, name := range []string{"", "ips", "ips-usual/population", "ips-usual/population/colour", "ips-usual/population/npv",
		"ips-usual/population/cumulative/state", "ips-usual/population/cumulative/state/year0", "ips-usual/population/npv/society/extra"} {
		if k, err := ParseOutputKey(name); err == nil {
			t.Errorf("%q read as %+v", name, k)
		}
	}
}

func TestEvaluateOutputsDoesNotAllocate(t *testing.T) {
	for _, s := range []*Scenario{simpleScenario(), uncertainScenario()} {
		s.WageGrowth = 0.01 // every month a segment of its own
		ev, err := NewEvaluator(s)
		if err != nil {
			t.Fatal(err)
		}
		x, dst := ev.Base(), make([]float64, len(ev.Outputs()))
		ev.EvaluateOutputs(x, dst) // sees the segments
		if allocs := testing.AllocsPerRun(20, func() { ev.EvaluateOutputs(x, dst) }); allocs != 0 {
			t.Errorf("EvaluateOutputs allocates %v times per call", allocs)
		}
	}
}

// compareFastWithFull checks EvaluateOutputs against the outputs of a full
// Evaluate, at the base values.
func compareFastWithFull(t *testing.T, s *Scenario) {
	t.Helper()
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	want, got := make([]float64, len(ev.Outputs())), make([]float64, len(ev.Outputs()))
	ev.OutputsFromResult(r, want)
	if err := ev.EvaluateOutputs(nil, got); err != nil {
		t.Fatal(err)
	}
	for k, o := range ev.Outputs() {
		if got[k] != want[k] && !near(got[k], want[k], 1e-9, math.Abs(want[k])) {
			t.Errorf("%s: fast %v, full %v", o, got[k], want[k])
		}
	}
}

// gainOf is the gain a cost per gain implies (0 for +Inf: none).
func gainOf(cost, perGain float64) float64 {
	if math.IsInf(perGain, 1) {
		return 0
	}
	return cost / perGain
}

// programmeCostTo is the full evaluation's programme cost that output o,
// a cost per gain, divides: over the horizon, or over the window for a
// cost per person in work.
func programmeCostTo(r *Result, ev *Evaluator, o OutputKey) float64 {
	inc := ev.incrementOf(r, ev.plan[slices.Index(ev.Outputs(), o)].arm).Population
	if o.Measure == CostPerMonthInWork {
		return inc.ProgrammeCost
	}
	cost := 0.0
	for _, c := range ev.l.programme {
		for m := 0; m <= ev.window(); m++ {
			cost += ev.disc[m] * inc.Flows[c][m]
		}
	}
	return cost
}
