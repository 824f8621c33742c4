package cba

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestShortcutsAreTheirRules: the fast engine's shortcuts give what the
// rules they stand for give, bit for bit.
func TestShortcutsAreTheirRules(t *testing.T) {
	values := []float64{math.Copysign(0, -1), 0, 1e-300, 0.25, 0.5, 0.999999, 1, 1.5, 7, 17.3, 119, 119.999, 120, 120.5, 1e300, math.Inf(1),
		-1e-300, -0.5, -3, math.Inf(-1), math.NaN()}
	for _, v := range values {
		want := min(1, max(0, v))
		if got := clamp01(v); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("clamp01(%v) = %v, want %v", v, got, want)
		}
		if math.IsNaN(v) {
			continue // months are numbers: NaN is refused before
		}
		for _, n := range []int{1, 2, 13, 121} {
			// The rule: month m gets min(1, max(0, months-(m-1))) of the amount.
			full, part := monthsIn(v, n)
			for m := 1; m < n; m++ {
				want := min(1, max(0, v-float64(m-1)))
				got := 0.0
				switch {
				case m <= full:
					got = 1
				case m == full+1:
					got = part
				}
				if got != want {
					t.Fatalf("months %v, %d months: month %d gets %v, want %v (full %d, part %v)", v, n, m, got, want, full, part)
				}
			}
		}
	}
}

// TestValuesCheckedAgainAfterAProblem: setValues skips values it has
// checked already, but never a value that failed, and never after the
// scenario was written with other values.
func TestValuesCheckedAgainAfterAProblem(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 20 {
		s := randomScenario(rng)
		ev, err := NewEvaluator(s)
		if err != nil {
			t.Fatal(err)
		}
		fresh := func(x []float64) []float64 {
			t.Helper()
			e, err := NewEvaluator(s)
			if err != nil {
				t.Fatal(err)
			}
			out := make([]float64, len(e.Outputs()))
			if err := e.EvaluateOutputs(x, out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		// A vector other than the base values, which Scenario writes back.
		x := ev.Base()
		for k := range x {
			if name := ev.tab.factors[ev.tab.vector[k]].Name; strings.HasSuffix(name, "amount") || strings.HasSuffix(name, "wage") {
				x[k] *= 1.0001
			}
		}
		if slices.Equal(x, ev.Base()) || ev.EvaluateOutputs(x, make([]float64, len(ev.Outputs()))) != nil {
			t.Fatal("no other vector")
		}
		i := rng.IntN(len(x))
		bad := slices.Clone(x)
		bad[i] = math.NaN()
		out := make([]float64, len(ev.Outputs()))
		for try := range 2 {
			if err := ev.EvaluateOutputs(bad, out); err == nil {
				t.Fatalf("try %d: a NaN in %s was accepted", try, ev.tab.factors[ev.tab.vector[i]].Name)
			}
		}
		if err := ev.EvaluateOutputs(x, out); err != nil || !slices.Equal(out, fresh(x)) {
			t.Fatalf("after a refused vector: %v", err)
		}
		other := slices.Clone(x)
		for k := range other {
			other[k] *= 1.01
		}
		_ = ev.Scenario(other)
		if err := ev.EvaluateOutputs(x, out); err != nil || !slices.Equal(out, fresh(x)) {
			t.Fatalf("after Scenario: %v", err)
		}
	}
}

// TestTwinOutputsAreEqual: the outputs a run does not accumulate apart
// (twins) equal their originals, bit for bit, in every draw.
func TestTwinOutputsAreEqual(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	rng := rand.New(rand.NewPCG(13, 14))
	found := 0
	for range 60 {
		s := randomScenario(rng)
		randomUncertainty(rng, s)
		ev, err := NewEvaluator(s)
		if err != nil {
			continue
		}
		twins, keys := ev.twins(), ev.Outputs()
		sm := ev.NewSampler(rng.Uint64())
		x, out := ev.Base(), make([]float64, len(keys))
		for i := range 20 {
			sm.Fill(uint64(i), x)
			if ev.EvaluateOutputs(x, out) != nil {
				continue
			}
			for k, j := range twins {
				if j < 0 {
					continue
				}
				found++
				if keys[k].Measure != keys[j].Measure || keys[k].Perspective != keys[j].Perspective || keys[k].Group == keys[j].Group {
					t.Fatalf("%v is not a twin of %v", keys[k], keys[j])
				}
				if math.Float64bits(out[k]) != math.Float64bits(out[j]) {
					t.Fatalf("%v = %v, but its twin %v = %v", keys[k], out[k], keys[j], out[j])
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no twins in any scenario")
	}
}

// TestEvaluateOutputsChecksEveryOutput: the +Inf of no break-even or of a
// cost-saving ratio, and a ratio beyond maxOutput, are outputs; any other
// value that is not a number of at most maxOutput is an error naming its
// output (validated numbers cannot make one: the error is reached here by
// pointing an output at NaN).
func TestEvaluateOutputsChecksEveryOutput(t *testing.T) {
	oneOff := func(s *Scenario, usual, ips float64) {
		s.Arms[0].Costs[0].Timing, s.Arms[0].Costs[0].Amount = OneOff, usual
		s.Arms[1].Costs[0].Timing, s.Arms[1].Costs[0].Amount = OneOff, ips
	}
	for _, tc := range []struct {
		name   string
		change func(s *Scenario)
		nan    int     // output pointed at NaN (-1: none), which an error names
		beyond Measure // or a measure with an output beyond maxOutput
	}{
		{"no break-even", func(s *Scenario) { s.Arms[1].Costs[0].Amount = 1e6 }, -1, BreakEvenMonth},
		{"cost-saving", func(s *Scenario) { s.Arms[0].Costs[0].Amount = 1e9 }, -1, BenefitCostRatio},
		{"a ratio beyond maxOutput", func(s *Scenario) { oneOff(s, 0, 1e-148) }, -1, BenefitCostRatio},
		{"not a number", func(s *Scenario) {}, 3, 0},
		{"not a number, and later another", func(s *Scenario) {}, 30, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := simpleScenario()
			tc.change(s)
			ev, err := NewEvaluator(s)
			if err != nil {
				t.Fatal(err)
			}
			if tc.nan >= 0 {
				ev.fast.from[tc.nan] = &ev.fast.unknown
				ev.fast.from[tc.nan+1] = &ev.fast.unknown
			}
			dst := make([]float64, len(ev.Outputs()))
			err = ev.EvaluateOutputs(nil, dst)
			if tc.nan >= 0 {
				var e *Error
				if !errors.As(err, &e) || e.Path != ev.Outputs()[tc.nan].String() || !strings.Contains(e.Msg, "not a finite number") {
					t.Fatalf("error %v, want one naming %s", err, ev.Outputs()[tc.nan])
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for k, o := range ev.Outputs() {
				if o.Measure == tc.beyond && !(math.Abs(dst[k]) <= maxOutput) {
					return
				}
			}
			t.Errorf("no %s beyond %g: %v", tc.beyond, maxOutput, dst)
		})
	}
}

// TestCheckOutputRule: which values beyond maxOutput each measure admits.
func TestCheckOutputRule(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	inf, big := math.Inf(1), 2*maxOutput
	for i, p := range ev.plan {
		ratio := p.measure == BenefitCostRatio || p.measure == PublicReturn
		for _, tc := range []struct {
			v  float64
			ok bool
		}{
			{math.NaN(), false}, {-inf, false}, {inf, ratio || p.measure == BreakEvenMonth}, {big, ratio}, {-big, ratio},
		} {
			if err := ev.checkOutput(i, tc.v); (err == nil) != tc.ok {
				t.Errorf("%s = %v: error %v, want ok %v", ev.keys[i], tc.v, err, tc.ok)
			}
		}
	}
}
