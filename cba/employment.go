package cba

import "math"

// Curve fills e[0..len(e)-1] with the share in competitive employment in each
// month, e[0] being the initial share. comparator is the comparator's curve
// for the same group (same length); it is needed only by observed curves
// that decay towards it or end, and may be nil otherwise.
func (emp *Employment) Curve(e, comparator []float64) {
	switch emp.Model {
	case Markov:
		emp.markov(e)
	case Observed:
		emp.observed(e, comparator)
	}
}

// markov runs e(m) = e(m-1)(1-s) + (1-e(m-1))f with piecewise constant f, s.
func (emp *Employment) markov(e []float64) {
	e[0] = emp.Initial
	p := 0
	for m := 1; m < len(e); m++ {
		for p+1 < len(emp.Periods) && emp.Periods[p+1].FromMonth <= m {
			p++
		}
		f, s := emp.Periods[p].JobFinding, emp.Periods[p].JobLoss
		e[m] = e[m-1]*(1-s) + (1-e[m-1])*f
	}
}

// observed interpolates linearly from (0, Initial) through the points and
// extrapolates after the last point by emp.After. The result is clamped to
// [0, 1] (a decaying difference over a rising comparator could leave it).
func (emp *Employment) observed(e, comparator []float64) {
	last := interpolate(e, emp.Initial, len(emp.Points), func(i int) (int, float64) {
		return emp.Points[i].Month, emp.Points[i].Share
	})
	if last.Month+1 >= len(e) {
		return
	}
	switch emp.After {
	case HoldConstant:
		for m := last.Month + 1; m < len(e); m++ {
			e[m] = last.Share
		}
	case EndEffect:
		copy(e[last.Month+1:], comparator[last.Month+1:])
	case DecayToComparator:
		// The difference at the last point, times 2^(-(m-last)/half-life).
		diff := last.Share - comparator[last.Month]
		q := math.Exp2(-1 / emp.HalfLifeMonths)
		for m := last.Month + 1; m < len(e); m++ {
			diff *= q
			e[m] = min(1, max(0, comparator[m]+diff))
		}
	}
}

// interpolate fills e[0..] linearly from (0, initial) through n points
// (point(i) gives month and value) up to the last point or the end of e,
// and returns the last point.
func interpolate(e []float64, initial float64, n int, point func(i int) (int, float64)) CurvePoint {
	e[0] = initial
	prevM, prevV := 0, initial
	for i := range n {
		month, v := point(i)
		slope := (v - prevV) / float64(month-prevM)
		for m := prevM + 1; m <= month && m < len(e); m++ {
			e[m] = prevV + slope*float64(m-prevM)
		}
		prevM, prevV = month, v
	}
	return CurvePoint{Month: prevM, Share: prevV}
}

// Curve fills d[0..len(d)-1] with the effect D(m): 0 at month 0, linear
// between the points, then held, decayed with the half-life, or ended (0).
func (eff *Effect) Curve(d []float64) {
	last := interpolate(d, 0, len(eff.Points), func(i int) (int, float64) {
		return eff.Points[i].Month, eff.Points[i].Difference
	})
	switch eff.After {
	case HoldConstant:
		for m := last.Month + 1; m < len(d); m++ {
			d[m] = last.Share
		}
	case EndEffect:
		for m := last.Month + 1; m < len(d); m++ {
			d[m] = 0
		}
	case DecayToComparator:
		diff := last.Share
		q := math.Exp2(-1 / eff.HalfLifeMonths)
		for m := last.Month + 1; m < len(d); m++ {
			diff *= q
			d[m] = diff
		}
	}
}

// effectMultipliers writes each group's normalised multiplier k_g =
// M_g / sum_h s_h M_h into k. When the weighted sum is not positive (only
// possible in a draw of extreme shares) every k_g is 1.
func (s *Scenario) effectMultipliers(a *Arm, k []float64) {
	w := 0.0
	for g := range s.Groups {
		w += s.Groups[g].Share * a.Groups[g].EffectMultiplier
	}
	for g := range s.Groups {
		if w > 0 {
			k[g] = a.Groups[g].EffectMultiplier / w
		} else {
			k[g] = 1
		}
	}
}
