package cba

import (
	"math"
	"testing"
)

func TestBudgetTotals(t *testing.T) {
	s := simpleScenario()
	s.Arms[1].Costs = append(s.Arms[1].Costs, Cost{Name: "training", Payers: Pay("state"), Timing: OneOff, Amount: 5000})
	s.Arms[0].Costs[0].Name = "usual_training"
	r := mustEvaluate(t, s)
	budgets := r.Budget()
	if len(budgets) != 1 {
		t.Fatalf("%d budgets, want 1", len(budgets))
	}
	b := budgets[0]
	inc := &r.Increments[0].Population
	starts := s.Cohort.StartsPerYear * float64(s.Cohort.Years)
	// Two years of starts and a 24-month horizon: flows in years 1 to 4.
	if len(b.Undiscounted) != 4 {
		t.Fatalf("%d calendar years, want 4", len(b.Undiscounted))
	}
	for p, name := range r.Perspectives {
		undiscounted := 0.0
		for m := 0; m <= s.HorizonMonths; m++ {
			undiscounted += r.PerspectiveFlow(inc, p, m)
		}
		if want := starts * undiscounted; math.Abs(b.TotalUndiscounted[p]-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: undiscounted total %v, want %v", name, b.TotalUndiscounted[p], want)
		}
		// At one constant rate d(s-1+m) = d(s-1) d(m): the discounted total is
		// the NPV per participant times the discounted count of starts.
		count := 0.0
		for k := range 12 * s.Cohort.Years {
			count += s.Cohort.StartsPerYear / 12 * math.Pow(1.04, -float64(k)/12)
		}
		if want := count * inc.NPV[p]; math.Abs(b.TotalDiscounted[p]-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: discounted total %v, want %v", name, b.TotalDiscounted[p], want)
		}
		sum := 0.0
		for y := range b.Undiscounted {
			sum += b.Undiscounted[y][p]
		}
		if math.Abs(sum-b.TotalUndiscounted[p]) > 1e-9*math.Max(1, math.Abs(sum)) {
			t.Errorf("%s: years sum to %v, total %v", name, sum, b.TotalUndiscounted[p])
		}
	}
}

func TestBudgetCalendarYears(t *testing.T) {
	// A two-month horizon, a one-off cost and one year of starts (one a
	// month): everything falls in year 1 but the second month of December's
	// starter, at the end of January of year 2.
	s := simpleScenario()
	s.HorizonMonths = 2
	s.Cohort = Cohort{StartsPerYear: 12, Years: 1}
	s.Arms[0].Costs = nil
	s.Arms[1].Costs = []Cost{{Name: "startup", Payers: Pay("state"), Timing: OneOff, Amount: 100}}
	r := mustEvaluate(t, s)
	b := r.Budget()[0]
	state := persp(t, r, "state")
	inc := &r.Increments[0].Population
	month1, month2 := r.PerspectiveFlow(inc, state, 1), r.PerspectiveFlow(inc, state, 2)
	if len(b.Undiscounted) != 2 {
		t.Fatalf("%d years, want 2", len(b.Undiscounted))
	}
	if want := -1200 + 12*month1 + 11*month2; math.Abs(b.Undiscounted[0][state]-want) > 1e-9 {
		t.Errorf("year 1: %v, want %v", b.Undiscounted[0][state], want)
	}
	if math.Abs(b.Undiscounted[1][state]-month2) > 1e-9 {
		t.Errorf("year 2: %v, want %v", b.Undiscounted[1][state], month2)
	}
}
