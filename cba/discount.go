package cba

import "math"

// DiscountFactors fills d[0..len(d)-1] with the discount factor of each month:
// d(0) = 1 and d(m) = prod_{k=1..m} (1+r(k))^(-1/12), where r(k) is the rate
// of steps in force in the year containing month k (year ceil(k/12)).
//
// Within one step the product is computed in closed form, (1+r)^(-n/12), so
// the factor at month 480 of a 4 % schedule is 1.04^-40 to rounding.
func DiscountFactors(d []float64, steps []RateStep) {
	if len(d) == 0 {
		return
	}
	d[0] = 1
	base, start := 1.0, 0 // d at the end of month start, where the step began
	for m := 1; m < len(d); m++ {
		i := stepAt(steps, (m+11)/12)
		if m > 1 && i != stepAt(steps, (m+10)/12) {
			base, start = d[m-1], m-1
		}
		r := 0.0
		if i >= 0 {
			r = steps[i].Rate
		}
		d[m] = base * math.Pow(1+r, -float64(m-start)/12)
	}
}

// stepAt returns the index of the step in force in year y, or -1.
func stepAt(steps []RateStep, y int) int {
	i := -1
	for j, s := range steps {
		if s.FromYear <= y {
			i = j
		}
	}
	return i
}
