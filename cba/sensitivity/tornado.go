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
	if opt.Low == 0 && opt.High == 0 {
		opt.Low, opt.High = 0.025, 0.975
	}
	if !(0 < opt.Low && opt.Low < opt.High && opt.High < 1) {
		return nil, fmt.Errorf("tornado: percentiles %g and %g: want 0 < low < high < 1", opt.Low, opt.High)
	}
	if !(opt.Fixed >= 0 && opt.Fixed < 1) {
		return nil, fmt.Errorf("tornado: fixed fraction %g: want 0 <= fraction < 1", opt.Fixed)
	}
	base, err := m.Base()
	if err != nil {
		return nil, err
	}
	t := &Tornado{Output: m.key, Base: base}
	only := map[string]bool{}
	for _, name := range opt.Factors {
		f, err := m.Factor(name)
		if err != nil {
			return nil, fmt.Errorf("tornado: %w", err)
		}
		if !f.Uncertain() && opt.Fixed == 0 && !hasBound(m, opt.Bounds, f.Name) {
			return nil, fmt.Errorf("tornado: %s is not uncertain: give it a range (-bound) or move fixed numbers (-fixed)", f.Name)
		}
		only[f.Name] = true
	}
	given := map[string][2]float64{}
	for _, name := range slices.Sorted(maps.Keys(opt.Bounds)) {
		b := opt.Bounds[name]
		f, err := m.Factor(name)
		if err != nil {
			return nil, fmt.Errorf("tornado: %w", err)
		}
		if _, dup := given[f.Name]; dup {
			return nil, fmt.Errorf("tornado: %s is given two ranges (through its paths)", f.Name)
		}
		if len(only) > 0 && !only[f.Name] {
			return nil, fmt.Errorf("tornado: a range is given for %s, which is not among the factors analysed", f.Name)
		}
		if !(b[0] <= b[1]) || math.IsInf(b[0], 0) || math.IsInf(b[1], 0) {
			return nil, fmt.Errorf("tornado: %s: bounds %g, %g: want finite low <= high", f.Name, b[0], b[1])
		}
		for _, v := range b {
			if err := inBound(f, v); err != nil {
				return nil, fmt.Errorf("tornado: %w", err)
			}
		}
		given[f.Name] = b
	}
	sets := m.ev.ShareSets()
	fi := map[string]int{}
	for i := range m.factors {
		fi[m.factors[i].Name] = i
	}
	for i := range m.factors {
		f := &m.factors[i]
		if f.Variable() != nil || (len(only) > 0 && !only[f.Name]) {
			continue
		}
		if f.ShareSet >= 0 && len(sets[f.ShareSet].Factors) == 1 && sets[f.ShareSet].Sum > 0 {
			continue // a set of one share: it is its sum and cannot move
		}
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
			continue
		}
		var errLow, errHigh error
		bar.AtLow, errLow = m.With(f, bar.Low)
		bar.AtHigh, errHigh = m.With(f, bar.High)
		if err := cmp.Or(errLow, errHigh); err != nil {
			if bar.From != "given" && !f.Uncertain() {
				continue // a fixed number that cannot move (a group's share when there is one group)
			}
			return nil, fmt.Errorf("tornado: %s from %g to %g: %w", f.Name, bar.Low, bar.High, err)
		}
		bar.Swing = swing(bar.AtLow, bar.AtHigh)
		t.Bars = append(t.Bars, bar)
	}
	slices.SortStableFunc(t.Bars, func(a, b Bar) int {
		if c := cmp.Compare(b.Swing, a.Swing); c != 0 {
			return c
		}
		return fi[a.Factor.Name] - fi[b.Factor.Name]
	})
	return t, nil
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
