package cba

import (
	"math"
	"math/rand/v2"
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

// loopBudget is the budget of increment i of r by the definition, loop by
// loop: each starter s = 1..12 Years, each month m = 0..H, its flow at
// calendar month s-1+m (one-off costs at the start of month s), discounted
// with the factor of the time of the flow.
func loopBudget(r *Result, i int) (undiscounted, discounted [][]float64) {
	c, h := r.cohort, r.HorizonMonths
	starts := 12 * c.Years
	last := 0
	if starts > 0 {
		last = starts - 1 + h
	}
	years := (last + 11) / 12
	d := make([]float64, last+1)
	DiscountFactors(d, r.discountSteps)
	undiscounted, discounted = table(years, len(r.Perspectives)), table(years, len(r.Perspectives))
	for p := range r.Perspectives {
		for m := 0; m <= h; m++ {
			f := c.StartsPerYear / 12 * r.PerspectiveFlow(&r.Increments[i].Population, p, m)
			for s := 1; s <= starts; s++ {
				t, at := s-1+m, s-1+m
				if m == 0 {
					t = s
				}
				y := (t+11)/12 - 1
				undiscounted[y][p] += f
				discounted[y][p] += d[at] * f
			}
		}
	}
	return undiscounted, discounted
}

// TestBudgetIsTheLoopByLoopSum: on random scenarios (every rule, discount
// schedules of several steps, cohorts of 0 to 3 years), each calendar
// year's flows are those of the definition summed starter by starter, and
// the cumulative flows, the totals and FirstYears are their sums.
func TestBudgetIsTheLoopByLoopSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 3))
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b))) }
	for n := range 60 {
		s := randomScenario(rng)
		r := mustEvaluate(t, s)
		for i, b := range r.Budget() {
			u, d := loopBudget(r, i)
			if len(b.Undiscounted) != len(u) || len(b.CumulativeDiscounted) != len(u) {
				t.Fatalf("scenario %d: %d years, want %d", n, len(b.Undiscounted), len(u))
			}
			for p := range r.Perspectives {
				cu, cd := 0.0, 0.0
				for y := range u {
					cu, cd = cu+u[y][p], cd+d[y][p]
					for _, c := range []struct {
						what      string
						got, want float64
					}{
						{"undiscounted", b.Undiscounted[y][p], u[y][p]}, {"discounted", b.Discounted[y][p], d[y][p]},
						{"cumulative undiscounted", b.CumulativeUndiscounted[y][p], cu}, {"cumulative discounted", b.CumulativeDiscounted[y][p], cd},
					} {
						if !near(c.got, c.want) {
							t.Fatalf("scenario %d, %s, year %d: %s %v, want %v", n, r.Perspectives[p], y+1, c.what, c.got, c.want)
						}
					}
				}
				if !near(b.TotalUndiscounted[p], cu) || !near(b.TotalDiscounted[p], cd) {
					t.Errorf("scenario %d, %s: totals %v and %v, want %v and %v", n, r.Perspectives[p], b.TotalUndiscounted[p], b.TotalDiscounted[p], cu, cd)
				}
			}
			for _, years := range []int{-1, 0, 1, 2, len(u), len(u) + 3} {
				fu, fd := b.FirstYears(years)
				for p := range r.Perspectives {
					wu, wd := 0.0, 0.0
					for y := range min(max(years, 0), len(u)) {
						wu, wd = wu+u[y][p], wd+d[y][p]
					}
					if !near(fu[p], wu) || !near(fd[p], wd) {
						t.Errorf("scenario %d, %s: FirstYears(%d) = %v, %v; want %v, %v", n, r.Perspectives[p], years, fu[p], fd[p], wu, wd)
					}
				}
			}
		}
	}
}
