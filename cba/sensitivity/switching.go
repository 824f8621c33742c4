package sensitivity

import (
	"fmt"
	"math"

	"ipscba/cba"
)

// SwitchOptions set the interval and the target of a switching-value
// search. The zero value searches the factor's whole bound for the value
// at which an NPV crosses 0 (a ratio 1).
type SwitchOptions struct {
	// Within, when not nil, is the interval [lo, hi] searched; nil: the
	// factor's bound (cba.Bound).
	Within []float64
	// Target, when not nil, is the value the output is to reach; nil: 1
	// for a ratio, 0 otherwise.
	Target *float64
}

// Switch is the switching value of one factor for one output (HM Treasury's
// Green Book calls it so): the factor's value at which the output reaches
// the target, every other factor at its base value.
type Switch struct {
	Factor cba.Factor
	Output cba.OutputKey
	Target float64
	// Lo and Hi are the interval searched, and AtLo the output at its low
	// end; Base is the factor's base value and AtBase the output there.
	Lo, Hi, AtLo, Base, AtBase float64
	// LoOpen says that the interval excludes Lo (a number that must be
	// above it): it is (Lo, Hi].
	LoOpen bool
	// Found says that the output reaches the target within the interval;
	// Value is then the switching value nearest the base value.
	Found bool
	Value float64
	// Jump says that the output does not reach the target but jumps
	// across it at Value (Found is false): a number one of whose values
	// means something else, as a duration of 0 means "no limit".
	Jump bool
	// Limit, when not empty, says why the search stopped short of the
	// factor's bound on a side (the scenario is not valid beyond: Lo or Hi
	// is then the last valid value tried).
	Limit string
	limit error // Limit's error, which a catalogue can translate
}

// LimitError returns the error that stopped the search short of the
// factor's bound (Limit is its text), or nil.
func (s Switch) LimitError() error { return s.limit }

// String says the switching value, or that there is none within the
// interval.
func (s Switch) String() string {
	switch {
	case s.Jump:
		return fmt.Sprintf("%s: does not reach %s within %s but jumps across it at %s (base %s)",
			s.Factor.Name, num(s.Target), s.Interval(), num(s.Value), num(s.Base))
	case !s.Found && s.Limit != "":
		return fmt.Sprintf("%s: does not change sign within %s (beyond it %s)", s.Factor.Name, s.Interval(), s.Limit)
	case !s.Found:
		return fmt.Sprintf("%s: does not change sign within %s", s.Factor.Name, s.Interval())
	}
	return fmt.Sprintf("%s: %s (base %s)", s.Factor.Name, num(s.Value), num(s.Base))
}

// Interval returns the interval searched, in the notation every form of a
// switching value writes (the text, JSON and CSV of the command, String):
// "[lo, hi]", or "(lo, hi]" when it excludes lo (LoOpen); the numbers with
// as many digits as they take.
func (s Switch) Interval() string { return s.IntervalWith(digits) }

// IntervalWith is Interval with the numbers written by num (for people:
// with thousands separators, say).
func (s Switch) IntervalWith(num func(float64) string) string {
	open := "["
	if s.LoOpen {
		open = "("
	}
	return open + num(s.Lo) + ", " + num(s.Hi) + "]"
}

func num(v float64) string { return fmt.Sprintf("%.6g", v) }

// scanSteps is the number of points scanned on each side of the base value
// for the first sign change (geometrically spaced, nearest first).
const scanSteps = 40

// SwitchingAll returns the switching value of every factor the model can
// move, in the order of the factors (Model.Factors), each found as
// Switching finds it, with opt's target: every factor but whole numbers,
// factors no output counts (Factor.Unused) and the only share of a set
// (which is its set's sum). opt.Within is refused: an interval is one
// factor's.
func (m *Model) SwitchingAll(opt SwitchOptions) (*Switches, error) {
	if opt.Within != nil {
		return nil, cba.Errorf("switching values: an interval (Within) is one factor's: give it with one factor (Switching)")
	}
	sets := m.ev.ShareSets()
	all := &Switches{Output: m.key}
	for i := range m.factors {
		f := &m.factors[i]
		if f.Index < 0 || f.Unused != "" || (f.ShareSet >= 0 && len(sets[f.ShareSet].Factors) == 1) {
			continue
		}
		s, err := m.Switching(f.Name, opt)
		if err != nil {
			return nil, err
		}
		all.Values = append(all.Values, s)
	}
	return all, nil
}

// Switching finds the value of factor name (a name or a path) at which the
// output reaches the target, other factors at their base values. It scans
// outwards from the base value on both sides, at distances growing
// geometrically to the interval's ends, for the first sign change of
// output - target, and then narrows it by Brent's method (Root) to machine
// precision. When the output reaches the target more than once, the value
// nearest the base is the one found. When it does not change sign within
// the interval, Found is false: "does not change sign within [lo, hi]".
func (m *Model) Switching(name string, opt SwitchOptions) (*Switch, error) {
	f, err := m.Factor(name)
	if err != nil {
		return nil, cba.Errorf("switching value: %w", err)
	}
	s, err := m.newSwitch(f, opt)
	if err != nil {
		return nil, err
	}
	lo := s.Lo // the lowest value tried
	if s.LoOpen {
		lo = math.Nextafter(lo, math.Inf(1))
	}
	g := func(v float64) (float64, error) {
		y, err := m.With(f, v)
		return y - s.Target, err
	}
	at, err := m.With(f, s.Base)
	if err != nil {
		return nil, err
	}
	s.AtBase = at
	if math.IsInf(at, 0) {
		return nil, cba.Errorf("switching value: %s is not finite at the base values (a cost-saving ratio, a cost per gain with none gained, or a break-even month not within the horizon): analyse an NPV", m.key)
	}
	b := min(max(s.Base, lo), s.Hi)
	gb := at - s.Target
	if b != s.Base {
		if gb, err = g(b); err != nil {
			return nil, err
		}
	}
	if gb == 0 {
		s.Found, s.Value = true, b
		return s, nil
	}
	found := s.scan(g, lo, b, gb)
	// The output at the low end of the interval (as the scan left it).
	atLo := s.Lo
	if s.LoOpen {
		atLo = lo
	}
	if s.AtLo, err = m.With(f, atLo); err != nil {
		s.AtLo = math.NaN()
	}
	if err := s.refine(g, found); err != nil {
		return nil, err
	}
	if err := m.stopped(); err != nil { // a stop is not a limit of the scenario
		return nil, err
	}
	return s, nil
}

// newSwitch returns the search for factor f's switching value as opt sets
// it: the target (which an output that is neither money nor a ratio must
// be given) and the interval (the factor's bound, or opt.Within inside
// it), both finite.
func (m *Model) newSwitch(f *cba.Factor, opt SwitchOptions) (*Switch, error) {
	s := &Switch{Factor: *f, Output: m.key, Target: target(m.key), Base: m.base[f.Index]}
	if opt.Target != nil {
		s.Target = *opt.Target
	} else if !m.key.Measure.Money() && m.key.Measure != cba.BenefitCostRatio && m.key.Measure != cba.PublicReturn {
		return nil, cba.Errorf("switching value: %s is not money or a ratio: give the value it is to reach (Target, -target)", m.key)
	}
	bound := f.Bound
	s.Lo, s.Hi, s.LoOpen = bound.Min, bound.Max, bound.MinOpen
	if opt.Within != nil {
		if err := checkWithin(f, opt.Within); err != nil {
			return nil, err
		}
		s.Lo, s.Hi = opt.Within[0], opt.Within[1]
		s.LoOpen = false
	}
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) || math.IsNaN(s.Target) || math.IsInf(s.Target, 0) {
		return nil, cba.Errorf("switching value: %s: give a finite interval and target", f.Name)
	}
	return s, nil
}

// checkWithin refuses an interval to search that is not [lo, hi], lo < hi,
// both finite and values a what-if may give factor f.
func checkWithin(f *cba.Factor, within []float64) error {
	if len(within) != 2 || !(within[0] < within[1]) || math.IsInf(within[0], 0) || math.IsInf(within[1], 0) {
		return cba.Errorf("switching value: %s: interval %v: want [lo, hi] with lo < hi, finite", f.Name, within)
	}
	for _, v := range within {
		if err := inBound(f, v); err != nil {
			return cba.Errorf("switching value: %w", err)
		}
	}
	return nil
}

// bracket is an interval [near, far] of the factor (near the end nearer
// the base value) over which output - target changes sign, dist from the
// base value.
type bracket struct{ near, far, dist float64 }

// scan looks on each side of b (where output - target is gb), out to lo
// and s.Hi, for the sign change of g nearest b, and returns the brackets
// found, at most one a side.
func (s *Switch) scan(g func(float64) (float64, error), lo, b, gb float64) []bracket {
	var found []bracket
	for _, end := range []float64{lo, s.Hi} {
		if end == b {
			continue
		}
		if br, ok := s.scanSide(g, b, gb, end, end == lo); ok {
			found = append(found, br)
		}
	}
	return found
}

// scanSide steps from b towards end (the low end when low) at distances
// growing geometrically, and returns the first step over which g changes
// sign, or false. Where the scenario is not valid the search ends at the
// last valid value, which becomes that end of s's interval (Limit says
// why); beyond a cost-saving ratio there is no sign to compare.
func (s *Switch) scanSide(g func(float64) (float64, error), b, gb, end float64, low bool) (bracket, bool) {
	prev, gprev := b, gb
	for k := scanSteps; k >= 0; k-- {
		v := b + (end-b)*math.Ldexp(1, -k)
		if k == 0 {
			v = end
		}
		gv, err := g(v)
		if err != nil {
			if low {
				s.Lo, s.LoOpen = prev, false
			} else {
				s.Hi = prev
			}
			s.Limit, s.limit = err.Error(), err
			return bracket{}, false
		}
		if math.IsInf(gv, 0) || math.IsNaN(gv) {
			return bracket{}, false
		}
		if (gv > 0) != (gprev > 0) || gv == 0 {
			return bracket{prev, v, math.Abs(v - b)}, true
		}
		prev, gprev = v, gv
	}
	return bracket{}, false
}

// refine narrows the brackets, the one nearer the base value first, by
// Brent's method: the first whose root the output reaches (within
// rounding) gives the switching value; when neither does, the output
// jumps across the target at the nearer one's root (Jump).
func (s *Switch) refine(g func(float64) (float64, error), found []bracket) error {
	if len(found) == 2 && found[1].dist < found[0].dist {
		found[0], found[1] = found[1], found[0]
	}
	for k, br := range found {
		a, z := min(br.near, br.far), max(br.near, br.far)
		v, err := Root(g, a, z, 0)
		if err != nil {
			return cba.Errorf("switching value: %s: %w", s.Factor.Name, err)
		}
		// A continuous output is within rounding of the target at the
		// root; a jump leaves a gap as wide as the jump.
		ga, _ := g(a)
		gz, _ := g(z)
		gv, err := g(v)
		if err != nil {
			return err
		}
		if math.Abs(gv) <= 1e-6*max(math.Abs(ga), math.Abs(gz)) {
			s.Found, s.Jump, s.Value = true, false, v
			return nil
		}
		if k == 0 {
			s.Jump, s.Value = true, v // unless the other side crosses
		}
	}
	return nil
}
