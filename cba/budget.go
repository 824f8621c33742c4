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
	// TotalUndiscounted[p] and TotalDiscounted[p] sum the years.
	TotalUndiscounted, TotalDiscounted []float64
}

// Budget returns the budget impact of each increment in r for the scenario's
// cohort. It allocates; it is meant to be called once per evaluation.
func (r *Result) Budget() []Budget {
	c := r.cohort
	h := r.HorizonMonths
	starts := 12 * c.Years
	last := 0 // the last calendar month with a flow
	if starts > 0 {
		last = starts - 1 + h
	}
	years := (last + 11) / 12
	d := make([]float64, last+1)
	DiscountFactors(d, r.discountSteps)
	perMonth := c.StartsPerYear / 12
	var out []Budget
	for i := range r.Increments {
		inc := &r.Increments[i]
		b := Budget{
			Arm: inc.Arm, Comparator: inc.Comparator, Cohort: c, Perspectives: r.Perspectives,
			Undiscounted: table(years, len(r.Perspectives)), Discounted: table(years, len(r.Perspectives)),
			TotalUndiscounted: make([]float64, len(r.Perspectives)),
			TotalDiscounted:   make([]float64, len(r.Perspectives)),
		}
		for p := range r.Perspectives {
			for m := 0; m <= h; m++ {
				f := perMonth * r.PerspectiveFlow(&inc.Population, p, m)
				if f == 0 {
					continue
				}
				for s := 1; s <= starts; s++ {
					t, at := s-1+m, s-1+m // calendar month and time of the flow
					if m == 0 {
						t = s // one-off: at the start of month s
					}
					y := (t+11)/12 - 1
					b.Undiscounted[y][p] += f
					b.Discounted[y][p] += d[at] * f
				}
			}
			for y := range years {
				b.TotalUndiscounted[p] += b.Undiscounted[y][p]
				b.TotalDiscounted[p] += b.Discounted[y][p]
			}
		}
		out = append(out, b)
	}
	return out
}

func table(rows, cols int) [][]float64 {
	t := make([][]float64, rows)
	for i := range t {
		t[i] = make([]float64, cols)
	}
	return t
}
