package cba

// Budget is the budget impact of running a programme for a cohort: one arm's
// increment over the comparator for Cohort.StartsPerYear participants a year
// for Cohort.Years years, by calendar year and perspective.
//
// Participants start evenly over the months: StartsPerYear/12 at the start of
// each month. A participant who starts at the start of calendar month s has
// one-off costs in month s and month m's flow at the end of calendar month
// s-1+m, for m = 1..H. Flows are discounted to the start of the programme
// (the start of calendar month 1) with the scenario's schedule.
type Budget struct {
	Arm, Comparator string
	Cohort          Cohort
	Perspectives    []string
	// Undiscounted[y][p] and Discounted[y][p] are perspective p's net flow in
	// calendar year y+1, for the whole cohort.
	Undiscounted, Discounted [][]float64
	// CumulativeUndiscounted[y][p] and CumulativeDiscounted[y][p] sum years
	// 1 to y+1: what perspective p has gained (or, below zero, paid) by the
	// end of calendar year y+1.
	CumulativeUndiscounted, CumulativeDiscounted [][]float64
	// TotalUndiscounted[p] and TotalDiscounted[p] sum the years.
	TotalUndiscounted, TotalDiscounted []float64
}

// FirstYears returns each perspective's net flow over calendar years 1 to
// n, undiscounted and discounted: the cumulative flows at the end of year
// n, the totals when n is beyond the last year, and zeros when n < 1 (no
// year). The slices are new.
func (b *Budget) FirstYears(n int) (undiscounted, discounted []float64) {
	undiscounted = make([]float64, len(b.Perspectives))
	discounted = make([]float64, len(b.Perspectives))
	if n < 1 || len(b.CumulativeUndiscounted) == 0 {
		return undiscounted, discounted
	}
	y := min(n, len(b.CumulativeUndiscounted)) - 1
	copy(undiscounted, b.CumulativeUndiscounted[y])
	copy(discounted, b.CumulativeDiscounted[y])
	return undiscounted, discounted
}

// Budget returns the budget impact of each increment in r for the scenario's
// cohort: zero throughout when the cohort has no intake (Cohort.CheckIntake
// says so). It allocates; it is meant to be called once per evaluation.
func (r *Result) Budget() []Budget {
	pl := newBudgetPlan(r.cohort, r.HorizonMonths)
	pl.prepare(r)
	out := make([]Budget, len(r.Increments))
	for i := range r.Increments {
		out[i] = pl.newBudget(r, &r.Increments[i])
		pl.fill(r, &r.Increments[i], &out[i])
	}
	return out
}

// budgetPlan is what a cohort's budget needs besides an evaluation: the
// calendar months and years its flows fall in, and buffers for the
// discount factors of those months, so that a budget is made again for
// each draw of a Monte Carlo run without allocating.
type budgetPlan struct {
	cohort         Cohort
	starts, h      int // months with starts; the horizon
	last, years    int // the last calendar month with a flow; the calendar years
	d, prefix      []float64
	count, weights [][]float64 // [m][y]: starters whose month m falls in year y, and their discount factors' sum
}

func newBudgetPlan(c Cohort, h int) *budgetPlan {
	pl := &budgetPlan{cohort: c, starts: 12 * max(c.Years, 0), h: h}
	if pl.starts > 0 {
		pl.last = pl.starts - 1 + h
	}
	pl.years = (pl.last + 11) / 12
	pl.d = make([]float64, pl.last+1)
	pl.prefix = make([]float64, pl.last+2)
	pl.count, pl.weights = table(h+1, pl.years), table(h+1, pl.years)
	for m := 0; m <= h; m++ {
		for y := range pl.years {
			lo, hi := pl.months(m, y)
			pl.count[m][y] = float64(max(0, hi-lo+1))
		}
	}
	return pl
}

// months returns the first and last calendar month t (lo > hi: none) in
// year y (0-based) in which a starter's month m falls: t = s-1+m for
// starters s = 1..starts, and t = s for one-off costs (m = 0).
func (pl *budgetPlan) months(m, y int) (lo, hi int) {
	first, last := m, m+pl.starts-1
	if m == 0 {
		first, last = 1, pl.starts
	}
	return max(first, 12*y+1), min(last, 12*y+12)
}

// prepare computes the discount factors of r's schedule (which a draw may
// change) and the weights of each month of a participant's flows in each
// calendar year: the sum, over the starters whose month m falls in that
// year, of the discount factor at the time of the flow (the end of
// calendar month t = s-1+m; for one-off costs, the start of month s).
func (pl *budgetPlan) prepare(r *Result) {
	DiscountFactors(pl.d, r.discountSteps) // the scenario's schedule was checked when it was evaluated
	for t, v := range pl.d {
		pl.prefix[t+1] = pl.prefix[t] + v
	}
	for m := 0; m <= pl.h; m++ {
		for y := range pl.years {
			lo, hi := pl.months(m, y)
			w := 0.0
			switch {
			case lo > hi:
			case m == 0: // at the start of month s: d(s-1)
				w = pl.prefix[hi] - pl.prefix[lo-1]
			default: // at the end of month t: d(t)
				w = pl.prefix[hi+1] - pl.prefix[lo]
			}
			pl.weights[m][y] = w
		}
	}
}

// newBudget returns the budget of increment inc of r, shaped by the plan
// and not yet filled.
func (pl *budgetPlan) newBudget(r *Result, inc *Outcome) Budget {
	n := len(r.Perspectives)
	return Budget{
		Arm: inc.Arm, Comparator: inc.Comparator, Cohort: pl.cohort, Perspectives: r.Perspectives,
		Undiscounted: table(pl.years, n), Discounted: table(pl.years, n),
		CumulativeUndiscounted: table(pl.years, n), CumulativeDiscounted: table(pl.years, n),
		TotalUndiscounted: make([]float64, n), TotalDiscounted: make([]float64, n),
	}
}

// fill writes the budget of increment inc of r into b (from newBudget),
// after prepare: each year's flow is StartsPerYear/12 times the sum over
// months m of a participant's flow in month m times its weight in that
// year.
func (pl *budgetPlan) fill(r *Result, inc *Outcome, b *Budget) {
	perMonth := r.cohort.StartsPerYear / 12
	b.Cohort = r.cohort
	for p := range r.Perspectives {
		for y := range pl.years {
			b.Undiscounted[y][p], b.Discounted[y][p] = 0, 0
		}
		for m := 0; m <= pl.h; m++ {
			f := perMonth * r.PerspectiveFlow(&inc.Population, p, m)
			if f == 0 {
				continue
			}
			count, weights := pl.count[m], pl.weights[m]
			for y := range pl.years {
				b.Undiscounted[y][p] += f * count[y]
				b.Discounted[y][p] += f * weights[y]
			}
		}
		u, d := 0.0, 0.0
		for y := range pl.years {
			u += b.Undiscounted[y][p]
			d += b.Discounted[y][p]
			b.CumulativeUndiscounted[y][p], b.CumulativeDiscounted[y][p] = u, d
		}
		b.TotalUndiscounted[p], b.TotalDiscounted[p] = u, d
	}
}

func table(rows, cols int) [][]float64 {
	t := make([][]float64, rows)
	for i := range t {
		t[i] = make([]float64, cols)
	}
	return t
}
