package cba

import (
	"math"
	"slices"
	"testing"
)

// TestCostPerGainByHand checks the costs per extra month and per extra
// person in work against closed forms: the comparator never finds work,
// IPS finds it at rate p a month and keeps it, so the extra share in work
// at month m is 1-q^m (q = 1-p); with d(m) = v^m the extra discounted
// months are S(v) - S(vq), S(x) = x(1-x^H)/(1-x); IPS pays a every month
// for its first n months, the comparator c once.
func TestCostPerGainByHand(t *testing.T) {
	const (
		horizon, window, n = 24, 12, 18
		p, a, c, r         = 0.1, 3000.0, 1000.0, 0.04
	)
	q, v := 1-p, math.Pow(1+r, -1.0/12)
	geom := func(x float64, k int) float64 { return x * (1 - math.Pow(x, float64(k))) / (1 - x) }
	for _, tc := range []struct {
		name      string
		observed  int
		p         float64
		perMonth  float64
		perPerson float64
	}{
		{"window", window, p,
			(a*geom(v, n) - c) / (geom(v, horizon) - geom(v*q, horizon)),
			(a*geom(v, window) - c) / (1 - math.Pow(q, window))},
		{"no window: the horizon", 0, p,
			(a*geom(v, n) - c) / (geom(v, horizon) - geom(v*q, horizon)),
			(a*geom(v, n) - c) / (1 - math.Pow(q, horizon))},
		{"nothing gained", window, 0, math.Inf(1), math.Inf(1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := simpleScenario()
			s.HorizonMonths, s.ObservedMonths = horizon, tc.observed
			s.Discount = []RateStep{{FromYear: 1, Rate: r}}
			s.Arms[0].Costs = []Cost{{Name: "training", Payers: Pay("state"), Amount: c, Timing: OneOff}}
			s.Arms[0].Groups[0].Employment = Employment{Model: Markov, Periods: []MarkovPeriod{{FromMonth: 1}}}
			s.Arms[1].Costs = []Cost{{Name: "specialist", Payers: Pay("state"), Amount: a, Timing: PerMonth, Months: n}}
			s.Arms[1].Groups[0].Employment = Employment{Model: Markov, Periods: []MarkovPeriod{{FromMonth: 1, JobFinding: tc.p}}}
			ev, err := NewEvaluator(s)
			if err != nil {
				t.Fatal(err)
			}
			r := ev.NewResult()
			if err := ev.Evaluate(nil, r); err != nil {
				t.Fatal(err)
			}
			inc := r.Increments[0].Population
			out := make([]float64, len(ev.Outputs()))
			if err := ev.EvaluateOutputs(nil, out); err != nil {
				t.Fatal(err)
			}
			for _, m := range []struct {
				measure    Measure
				full, hand float64
			}{
				{CostPerMonthInWork, inc.CostPerMonthInWork, tc.perMonth},
				{CostPerPersonInWork, inc.CostPerPersonInWork, tc.perPerson},
			} {
				i := slices.Index(ev.Outputs(), OutputKey{Arm: "ips", Comparator: "usual", Group: Population, Measure: m.measure})
				if i < 0 {
					t.Fatalf("no output %s", m.measure)
				}
				fast := out[i]
				for _, got := range []float64{m.full, fast} {
					if !(got == m.hand || math.Abs(got-m.hand) <= 1e-12*math.Abs(m.hand)) {
						t.Errorf("%s = %v, by hand %v", m.measure, got, m.hand)
					}
				}
			}
		})
	}
}
