package cba

import "math"

// Curve fills e[0..len(e)-1] with the share in competitive employment in each
// month, e[0] being the initial share. comparator is the comparator's curve
// for the same group (same length); it is needed only by observed curves
// that decay towards it or end, and may be nil otherwise. A curve with
// points of hours or earnings needs the job they are converted with:
// CurveFor.
func (emp *Employment) Curve(e, comparator []float64) { emp.CurveFor(e, comparator, nil) }

// CurveFor is Curve for a group whose job (in the arm) is job: points of
// hours worked or earnings are converted with its weekly hours or monthly
// earnings (nil: such points give NaN).
func (emp *Employment) CurveFor(e, comparator []float64, job *Job) {
	switch emp.Model {
	case Markov:
		emp.markov(e)
	case Observed:
		emp.observed(e, comparator, job)
	}
}

// NeedsJob says whether the curve has points of hours or earnings, which
// its group's job converts.
func (emp *Employment) NeedsJob() bool {
	for _, p := range emp.Points {
		if p.Kind == HoursWorked || p.Kind == EarningsEarned {
			return true
		}
	}
	return false
}

// NeedsJob says whether the effect has points of hours or earnings, which
// each group's job converts.
func (eff *Effect) NeedsJob() bool {
	for _, p := range eff.Points {
		if p.Kind == HoursWorked || p.Kind == EarningsEarned {
			return true
		}
	}
	return false
}

// converter turns the points of a curve (or an effect), in order, into
// the values the interpolation takes: a point of another kind than
// ShareAtMonth gives the mean share in work W over months 1..T (EverEmployed
// times TimeInWork; hours over T months of the job's hours; earnings over T
// months of its earnings), and the value v is the one that makes the curve
// average W over months 1..T. From the previous point (T0, v0), with S the
// curve's sum over months 1..T0, the curve rises in a straight line to v
// over r months (RampMonths; all n = T - T0 months when 0) and holds it to
// T: the n months sum to r v0 + (v - v0)(r+1)/2 + (n - r) v, so
// v = (T W - S - v0 (r-1)/2) / (n - (r-1)/2); with r = n, the straight
// line, v = v0 + 2 (T W - S - n v0) / (n + 1). A value the curve cannot
// reach (a share above 1) is clamped to the range of shares (of
// differences, for an effect), and the curve then gives less than the
// study measured.
type converter struct {
	prevM       int
	prevV, sum  float64
	hours, earn float64 // the job's hours worked and earnings a month in work
	lo          float64 // the least value: 0 for a share, -1 for a difference
}

func newConverter(initial float64, job *Job, lo float64) converter {
	c := converter{prevV: initial, hours: math.NaN(), earn: math.NaN(), lo: lo}
	if job != nil {
		c.hours, c.earn = job.WeeklyHours*52/12, job.Earnings()
	}
	return c
}

// ramp is the months a point of the kind takes to reach its value after
// the previous point at prev: its RampMonths, within the n months between
// them (all of them for a share at the month, or when 0).
func ramp(kind OutcomeKind, rampMonths, n int) int {
	if kind == ShareAtMonth || rampMonths <= 0 || rampMonths > n {
		return n
	}
	return rampMonths
}

// value returns the value of a point of the kind with value x at month,
// and the months it takes to reach it.
func (c *converter) value(month int, kind OutcomeKind, x, timeInWork float64, rampMonths int) (float64, int) {
	n := month - c.prevM
	r := ramp(kind, rampMonths, n)
	fn, fr := float64(n), float64(r)
	v := x
	if kind != ShareAtMonth {
		t := float64(month)
		w := x // the mean share in work over months 1..month
		switch kind {
		case EverEmployed:
			w = x * timeInWork
		case HoursWorked:
			w = x / (t * c.hours)
		case EarningsEarned:
			w = x / (t * c.earn)
		}
		if r == n {
			v = c.prevV + 2*(t*w-c.sum-fn*c.prevV)/(fn+1)
		} else {
			v = (t*w - c.sum - c.prevV*(fr-1)/2) / (fn - (fr-1)/2)
		}
		v = min(1, max(c.lo, v))
	}
	c.sum += fr*c.prevV + (v-c.prevV)*(fr+1)/2 + (fn-fr)*v
	c.prevM, c.prevV = month, v
	return v, r
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
func (emp *Employment) observed(e, comparator []float64, job *Job) {
	conv := newConverter(emp.Initial, job, 0)
	last := interpolate(e, emp.Initial, len(emp.Points), func(i int) (int, float64, int) {
		p := &emp.Points[i]
		v, r := conv.value(p.Month, p.Kind, p.Share, p.TimeInWork, p.RampMonths)
		return p.Month, v, r
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

// interpolate fills e[0..] from (0, initial) through n points (point(i)
// gives month, value and the months r it takes to reach it from the
// previous point: linearly over r months, then held; r = the months
// between them is a straight line) up to the last point or the end of e,
// and returns the last point.
func interpolate(e []float64, initial float64, n int, point func(i int) (int, float64, int)) CurvePoint {
	e[0] = initial
	prevM, prevV := 0, initial
	for i := range n {
		month, v, r := point(i)
		slope := (v - prevV) / float64(r)
		for m := prevM + 1; m <= month && m < len(e); m++ {
			if m-prevM < r {
				e[m] = prevV + slope*float64(m-prevM)
			} else if m-prevM == r && r == month-prevM {
				e[m] = prevV + slope*float64(m-prevM) // the straight line's end, as it always was
			} else {
				e[m] = v
			}
		}
		prevM, prevV = month, v
	}
	return CurvePoint{Month: prevM, Share: prevV}
}

// Curve fills d[0..len(d)-1] with the effect D(m): 0 at month 0, linear
// between the points, then held, decayed with the half-life, or ended (0).
// An effect with points of hours or earnings needs the job they are
// converted with: CurveFor.
func (eff *Effect) Curve(d []float64) { eff.CurveFor(d, nil) }

// CurveFor is Curve for a group whose job (in the arm) is job: points of
// hours worked or earnings are converted with its weekly hours or monthly
// earnings (nil: such points give NaN).
func (eff *Effect) CurveFor(d []float64, job *Job) {
	conv := newConverter(0, job, -1)
	last := interpolate(d, 0, len(eff.Points), func(i int) (int, float64, int) {
		p := &eff.Points[i]
		v, r := conv.value(p.Month, p.Kind, p.Difference, p.TimeInWork, p.RampMonths)
		return p.Month, v, r
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
