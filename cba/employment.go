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
	e[0] = emp.Initial
	prevM, prevS := 0, emp.Initial
	last := emp.Points[len(emp.Points)-1]
	for _, p := range emp.Points {
		slope := (p.Share - prevS) / float64(p.Month-prevM)
		for m := prevM + 1; m <= p.Month && m < len(e); m++ {
			e[m] = prevS + slope*float64(m-prevM)
		}
		prevM, prevS = p.Month, p.Share
	}
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
