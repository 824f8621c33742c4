package sensitivity

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"ipscba/cba"
)

// TornadoOptions choose the factors of a one-way analysis and their low and
// high values. The zero value analyses every uncertain factor between the
// 2.5th and 97.5th percentiles of its distribution.
type TornadoOptions struct {
	// Low and High are the percentiles (as probabilities) of an uncertain
	// factor's distribution taken as its low and high values (default
	// 0.025 and 0.975).
	Low, High float64
	// Fixed, when above 0, also moves each factor without a distribution
	// by that fraction of its value down and up (0.2: ±20 %), within its
	// bound.
	Fixed float64
	// Bounds gives the low and high value of factors by name or path;
	// they replace the percentiles or the fixed fraction.
	Bounds map[string][2]float64
	// Factors, when not empty, restricts the analysis to these factors
	// (names or paths).
	Factors []string
}

// Bar is one factor of a tornado: the output with the factor at its low and
// high values, every other factor at its base value.
type Bar struct {
	Factor cba.Factor
	// Low and High are the factor's values.
	Low, High float64
	// AtLow and AtHigh are the output at them.
	AtLow, AtHigh float64
	// Swing is |AtHigh - AtLow| (+Inf when one of them is infinite, a
	// cost-saving ratio, and the other not).
	Swing float64
	// From says where Low and High come from: "percentiles", "fixed ±x %"
	// or "given".
	From string
}

// Tornado is a one-way sensitivity analysis of one output.
type Tornado struct {
	Output cba.OutputKey
	Base   float64 // the output at every factor's base value
	Bars   []Bar   // sorted by swing, largest first
}

// Tornado moves each factor alone from its low to its high value, every
// other factor at its base value, and sorts the factors by the swing of
// the output. A share moves the other shares of its set proportionally,
// so that they keep their sum (cba.Evaluator.SetShare); a factor
// correlated with others moves alone, the others held at their base
// values (the one-way analysis does not follow correlations). Whole
// numbers (a horizon, a month) are not moved.
func (m *Model) Tornado(opt TornadoOptions) (*Tornado, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	base, err := m.Base()
	if err != nil {
		return nil, err
	}
	t := &Tornado{Output: m.key, Base: base}
	only, err := m.tornadoFactors(opt)
	if err != nil {
		return nil, err
	}
	given, err := m.givenRanges(opt.Bounds, only)
	if err != nil {
		return nil, err
	}
	sets := m.ev.ShareSets()
	for i := range m.factors {
		f := &m.factors[i]
		if f.Variable() != nil || (len(only) > 0 && !only[f.Name]) {
			continue
		}
		if f.ShareSet >= 0 && len(sets[f.ShareSet].Factors) == 1 && sets[f.ShareSet].Sum > 0 {
			continue // a set of one share: it is its sum and cannot move
		}
		bar, ok, err := m.bar(i, given, opt)
		if err != nil {
			return nil, err
		}
		if ok {
			t.Bars = append(t.Bars, bar)
		}
	}
	m.sortBars(t.Bars)
	return t, nil
}

// withDefaults returns the options with the default percentiles (2.5th and
// 97.5th) when none are given, or an error naming the option out of range.
func (opt TornadoOptions) withDefaults() (TornadoOptions, error) {
	if opt.Low == 0 && opt.High == 0 {
		opt.Low, opt.High = 0.025, 0.975
	}
	if !(0 < opt.Low && opt.Low < opt.High && opt.High < 1) {
		return opt, cba.Errorf("tornado: percentiles %g and %g: want 0 < low < high < 1", opt.Low, opt.High)
	}
	if !(opt.Fixed >= 0 && opt.Fixed < 1) {
		return opt, cba.Errorf("tornado: fixed fraction %g: want 0 <= fraction < 1", opt.Fixed)
	}
	return opt, nil
}

// tornadoFactors returns the names of the factors opt.Factors restricts
// the analysis to (empty: every factor), refusing a factor that has no
// range: neither uncertain nor given one, nor moved as a fixed number.
func (m *Model) tornadoFactors(opt TornadoOptions) (map[string]bool, error) {
	only := map[string]bool{}
	for _, name := range opt.Factors {
		f, err := m.Factor(name)
		if err != nil {
			return nil, cba.Errorf("tornado: %w", err)
		}
		if !f.Uncertain() && opt.Fixed == 0 && !hasBound(m, opt.Bounds, f.Name) {
			return nil, cba.Errorf("tornado: %s is not uncertain: give it a range (-bound) or move fixed numbers (-fixed)", f.Name)
		}
		only[f.Name] = true
	}
	return only, nil
}

// givenRanges returns the low and high values given by bounds, by factor
// name, refusing a factor given two ranges (through its paths), one not
// among the factors analysed (only, when not empty), and a range that is
// not finite, low <= high, within what a what-if may give the factor.
func (m *Model) givenRanges(bounds map[string][2]float64, only map[string]bool) (map[string][2]float64, error) {
	given := map[string][2]float64{}
	for _, name := range slices.Sorted(maps.Keys(bounds)) {
		b := bounds[name]
		f, err := m.Factor(name)
		if err != nil {
			return nil, cba.Errorf("tornado: %w", err)
		}
		if _, dup := given[f.Name]; dup {
			return nil, cba.Errorf("tornado: %s is given two ranges (through its paths)", f.Name)
		}
		if len(only) > 0 && !only[f.Name] {
			return nil, cba.Errorf("tornado: a range is given for %s, which is not among the factors analysed", f.Name)
		}
		if !(b[0] <= b[1]) || math.IsInf(b[0], 0) || math.IsInf(b[1], 0) {
			return nil, cba.Errorf("tornado: %s: bounds %g, %g: want finite low <= high", f.Name, b[0], b[1])
		}
		for _, v := range b {
			if err := inBound(f, v); err != nil {
				return nil, cba.Errorf("tornado: %w", err)
			}
		}
		given[f.Name] = b
	}
	return given, nil
}

// bar returns the bar of factor i, or false when the factor has no range
// (a fixed number, not moved) or is a fixed number that cannot move (a
// group's share when there is one group).
func (m *Model) bar(i int, given map[string][2]float64, opt TornadoOptions) (Bar, bool, error) {
	f := &m.factors[i]
	bar := Bar{Factor: *f}
	switch b, ok := given[f.Name]; {
	case ok:
		bar.Low, bar.High, bar.From = b[0], b[1], "given"
	case f.Uncertain():
		bar.Low, _ = m.ev.Quantile(i, opt.Low)
		bar.High, _ = m.ev.Quantile(i, opt.High)
		bar.From = "percentiles"
	case opt.Fixed > 0:
		v := f.Value
		bar.Low, bar.High = clampTo(f, v*(1-opt.Fixed)), clampTo(f, v*(1+opt.Fixed))
		bar.Low, bar.High = min(bar.Low, bar.High), max(bar.Low, bar.High)
		bar.From = fmt.Sprintf("fixed ±%g %%", 100*opt.Fixed)
	default:
		return bar, false, nil
	}
	var errLow, errHigh error
	bar.AtLow, errLow = m.With(f, bar.Low)
	bar.AtHigh, errHigh = m.With(f, bar.High)
	if err := cmp.Or(errLow, errHigh); err != nil {
		if bar.From != "given" && !f.Uncertain() {
			return bar, false, nil
		}
		return bar, false, cba.Errorf("tornado: %s from %g to %g: %w", f.Name, bar.Low, bar.High, err)
	}
	bar.Swing = swing(bar.AtLow, bar.AtHigh)
	return bar, true, nil
}

// sortBars sorts bars by swing, largest first, and factors of equal swing
// in the order of the model's factors.
func (m *Model) sortBars(bars []Bar) {
	fi := map[string]int{}
	for i := range m.factors {
		fi[m.factors[i].Name] = i
	}
	slices.SortStableFunc(bars, func(a, b Bar) int {
		if c := cmp.Compare(b.Swing, a.Swing); c != 0 {
			return c
		}
		return fi[a.Factor.Name] - fi[b.Factor.Name]
	})
}

func hasBound(m *Model, bounds map[string][2]float64, name string) bool {
	for n := range bounds {
		if f, err := m.Factor(n); err == nil && f.Name == name {
			return true
		}
	}
	return false
}

// inBound refuses a value a what-if may not give the factor, as every
// mode does (cba.Factor.Admit).
func inBound(f *cba.Factor, v float64) error { return f.Admit(v) }

// swing is |b - a|, 0 when they are equal (two infinite ratios too).
func swing(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(b - a)
}
