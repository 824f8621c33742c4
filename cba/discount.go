package cba

import (
	"fmt"
	"math"
)

// DiscountFactors fills d[0..len(d)-1] with the discount factor of each month:
// d(0) = 1 and d(m) = prod_{k=1..m} (1+r(k))^(-1/12), where r(k) is the rate
// of steps in force in the year containing month k (year ceil(k/12)).
//
// Within one step the product is computed in closed form, (1+r)^(-n/12), so
// the factor at month 480 of a 4 % schedule is 1.04^-40 to rounding.
//
// It returns an error for a rate that is not a finite number above -1
// (-100 %: no factor), before writing d, and for factors that overflow (a
// rate near -1 over a long horizon), leaving d partly written: it never
// returns NaN or Inf without an error.
// Scenarios that validate (a rate from -5 % to 25 %, a horizon of at most
// 12,000 months) never give one.
func DiscountFactors(d []float64, steps []RateStep) error {
	for i, s := range steps {
		if !(s.Rate > -1) || math.IsInf(s.Rate, 1) {
			return NewError(fmt.Sprintf("discount[%d].rate", i), "a discount rate must be a finite number above -1, got %v", s.Rate)
		}
	}
	if len(d) == 0 {
		return nil
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
		if math.IsInf(d[m], 0) {
			return NewError("discount", "the discount factor of month %d overflows", m)
		}
	}
	return nil
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
