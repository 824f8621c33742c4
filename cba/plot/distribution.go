package plot

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"ipscba/cba"
)

// Bins of a distribution chart: every output is counted in the same chart
// bins, from the run's fine histogram (fineBins chart bins of its own range
// each), so that the outputs' probabilities can be compared bin by bin.
const (
	chartBins = 40
	fineBins  = 800
)

// Distribution draws the distribution of each given output of a Monte
// Carlo run (e.g. the NPV per perspective) as overlaid histograms on common
// bins (from mc.Stat(k).Bins), with a vertical line at 0 and, for money and
// ratios, P(> 0) (StatSummary.PAboveZero, counting +Inf) in the legend.
// Infinite values (a cost-saving ratio, no break-even) are not drawn; a
// note gives their share.
func Distribution(w io.Writer, mc *cba.MonteCarlo, keys []cba.OutputKey, opt Options) error {
	if mc == nil {
		return errors.New("plot: distribution: no Monte Carlo run")
	}
	if len(keys) == 0 {
		return errors.New("plot: distribution: no outputs to draw")
	}
	s, err := opt.resolve("", 0)
	if err != nil {
		return err
	}
	type series struct {
		key  cba.OutputKey
		stat *cba.Stat
		sum  cba.StatSummary
		name string
	}
	var all []series
	lo, hi := 0.0, 0.0 // the range always holds 0
	names := s.describe(keys)
	c := newChart(&s, s.distributionTitle(keys), s.distributionAxis(keys),
		s.w("probability")+" ("+s.w("share of iterations in each bin")+")")
	for i, k := range keys {
		j, ok := mc.Index(k)
		if !ok {
			return fmt.Errorf("plot: distribution: the run has no output %s", k)
		}
		st := mc.Stat(j)
		sum := st.Summary()
		switch {
		case sum.N == 0:
			c.note(names[i] + ": " + s.w("no iterations") + ".")
			continue
		case sum.ShareInf > 0:
			c.note(names[i] + ": " + s.infinite(k.Measure) + ": " + s.percent(sum.ShareInf) + ".")
		}
		if sum.ShareInf >= 1 || !finite(sum.Min, sum.Max) {
			continue
		}
		lo, hi = math.Min(lo, sum.Min), math.Max(hi, sum.Max)
		all = append(all, series{key: k, stat: st, sum: sum, name: names[i]})
	}
	if len(all) == 0 {
		return errors.New("plot: distribution: no finite values to draw")
	}
	lo, hi = widen(lo, hi)
	width := (hi - lo) / chartBins
	c.grid(false)
	c.add(&rule{vertical: true, at: 0, style: zeroStyle})
	for i, sr := range all {
		counts := make([]float64, chartBins)
		for _, b := range sr.stat.Bins(fineBins) {
			mid := (b.Lo + b.Hi) / 2
			j := min(max(int((mid-lo)/width), 0), chartBins-1)
			counts[j] += float64(b.Count)
		}
		xy := make(plotter.XYs, 0, 2*chartBins+2)
		xy = append(xy, plotter.XY{X: lo, Y: 0})
		for j, n := range counts {
			p := n / float64(sr.sum.N)
			x0, x1 := lo+float64(j)*width, lo+float64(j+1)*width
			if j == chartBins-1 {
				x1 = hi
			}
			xy = append(xy, plotter.XY{X: x0, Y: p}, plotter.XY{X: x1, Y: p})
		}
		xy = append(xy, plotter.XY{X: hi, Y: 0})
		col := colour(i)
		l := &plotter.Line{XYs: xy, LineStyle: draw.LineStyle{Color: col, Width: vg.Points(1.2)}, FillColor: faded(col, 0x40)}
		c.add(l)
		label := sr.name
		if sr.key.Measure.Money() || sr.key.Measure == cba.BenefitCostRatio || sr.key.Measure == cba.PublicReturn {
			label += ": " + s.w("P(> 0)") + " = " + s.percent(sr.sum.PAboveZero)
		}
		c.key(label, l)
	}
	c.p.Y.Min = 0
	return c.write(w)
}

// infiniteWord is what +Inf of measure m means (Measure.Infinite), or
// "infinite" for a measure that is never so.
func infiniteWord(m cba.Measure) string {
	if w := m.Infinite(); w != "" {
		return w
	}
	return "infinite"
}

// infinite says what an infinite value of a measure means, in a note.
func (s *settings) infinite(m cba.Measure) string {
	switch m {
	case cba.BenefitCostRatio, cba.PublicReturn:
		return s.w("cost-saving (an infinite ratio) in this share of the iterations, not drawn")
	case cba.BreakEvenMonth:
		return s.w("no break-even within the horizon in this share of the iterations, not drawn")
	case cba.CostPerMonthInWork, cba.CostPerPersonInWork:
		return s.w("none gained (no work gained) in this share of the iterations, not drawn")
	}
	return s.w("infinite in this share of the iterations, not drawn")
}

// distributionTitle names the increment or arm the outputs are of, when
// they are all of one.
func (s *settings) distributionTitle(keys []cba.OutputKey) string {
	t := s.w("Distribution over the Monte Carlo iterations")
	for _, k := range keys[1:] {
		if k.Arm != keys[0].Arm || k.Comparator != keys[0].Comparator {
			return t
		}
	}
	return t + ": " + s.versus(keys[0].Arm, keys[0].Comparator)
}

// distributionAxis is the value axis's title: the outputs' measure when
// they share it.
func (s *settings) distributionAxis(keys []cba.OutputKey) string {
	if len(keys) == 1 {
		return s.output(keys[0])
	}
	for _, k := range keys[1:] {
		if k.Measure != keys[0].Measure {
			return s.w("value of each output")
		}
	}
	phrase, unit := s.measure(keys[0].Measure)
	if unit == "" {
		return phrase
	}
	return phrase + " " + unit
}

// describe names each of keys by what tells it from the others: its
// perspective when only perspectives differ ("society"), else what differs.
func (s *settings) describe(keys []cba.OutputKey) []string {
	differ := func(f func(cba.OutputKey) string) bool {
		for _, k := range keys[1:] {
			if f(k) != f(keys[0]) {
				return true
			}
		}
		return false
	}
	arm := func(k cba.OutputKey) string { return s.versus(k.Arm, k.Comparator) }
	group := func(k cba.OutputKey) string { return s.label(k.Group) }
	measure := func(k cba.OutputKey) string { p, _ := s.measure(k.Measure); return p }
	persp := func(k cba.OutputKey) string { return s.label(k.Perspective) }
	year := func(k cba.OutputKey) string {
		if k.Year == 0 {
			return ""
		}
		return s.w("year") + " " + strconv.Itoa(k.Year)
	}
	parts := []func(cba.OutputKey) string{arm, group, measure, persp, year}
	var use []func(cba.OutputKey) string
	for _, f := range parts {
		if differ(f) {
			use = append(use, f)
		}
	}
	if len(use) == 0 {
		use = []func(cba.OutputKey) string{persp}
		if keys[0].Perspective == "" {
			use = []func(cba.OutputKey) string{measure}
		}
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		var ps []string
		for _, f := range use {
			if p := f(k); p != "" {
				ps = append(ps, p)
			}
		}
		names[i] = strings.Join(ps, ", ")
	}
	return names
}
