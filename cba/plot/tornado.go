package plot

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"ipscba/cba/sensitivity"
)

// maxBars is the number of factors a tornado or a Sobol chart shows: the
// first ones, the rest are said in a note.
const maxBars = 20

// barHalf is half a bar's thickness, in the units of a category axis.
const barHalf = 0.35

// Tornado draws a one-way analysis: a horizontal bar per factor from the
// output at its low value to the output at its high value, sorted as given
// (largest swing on top), around a vertical line at the base value. Each
// bar's ends are labelled with the factor's values. An infinite output (a
// cost-saving ratio) is drawn to the edge of the chart, a note says so; at
// most 20 factors are drawn.
func Tornado(w io.Writer, t *sensitivity.Tornado, opt Options) error {
	if err := checkTornado(t); err != nil {
		return err
	}
	s, err := opt.resolve("", 0)
	if err != nil {
		return err
	}
	title := s.w("One-way sensitivity")
	if t.Output.Arm != "" {
		title += ": " + s.versus(t.Output.Arm, t.Output.Comparator)
	}
	c := newChart(&s, title, s.output(t.Output), s.w("factor, from its low to its high value"))
	c.grid(true)
	// the labels of the bars' ends leave less room: fewer, so that the
	// numbers of the axis do not run into each other
	c.p.X.Tick.Marker = numberTicks{num: s.num, most: 4}
	bars := t.Bars
	if len(bars) > maxBars {
		c.note(s.w("Factors shown, those with the largest swing") + ": " + s.num(maxBars) + " " + s.w("of") + " " + s.num(float64(len(bars))) + ".")
		bars = bars[:maxBars]
	}
	tb := newTornadoBars(&s, t.Base, bars)
	for i, b := range bars {
		tb.add(i, b)
	}
	base := &rule{vertical: true, at: t.Base, style: zeroStyle}
	c.add(tb.low, tb.high, base)
	if len(tb.ends.XYs) > 0 {
		l, err := plotter.NewLabels(tb.ends)
		if err != nil {
			return fmt.Errorf("plot: tornado: %w", err)
		}
		l.TextStyle = tb.endStyles
		c.add(l)
	}
	c.key(s.w("factor at its low value"), tb.low)
	c.key(s.w("factor at its high value"), tb.high)
	c.key(s.w("base value")+": "+s.short(t.Base), base)
	c.countWhy("Bars cut at the edge: the output is infinite there", infiniteWord(t.Output.Measure), tb.clipped)
	c.leftOut(tb.skipped)
	c.nominalY(tb.names)
	return c.write(w)
}

// checkTornado refuses a tornado without bars or whose output at the base
// values, which the bars are drawn around, is not a finite number.
func checkTornado(t *sensitivity.Tornado) error {
	if t == nil {
		return errors.New("plot: tornado: no analysis")
	}
	if len(t.Bars) == 0 {
		return errors.New("plot: tornado: no factors")
	}
	if !finite(t.Base) {
		return fmt.Errorf("plot: tornado: the output at the base values is %v: there is nothing to draw the bars around", t.Base)
	}
	return nil
}

// tornadoBars are a tornado's bars as they are laid out: the boxes from the
// base value to the output at each factor's low and high values, the
// labels of their ends, the factors' names from the bottom, and the counts
// of infinite outputs cut at the chart's edge and of values left out.
type tornadoBars struct {
	s    *settings
	base float64
	// lo and hi are the range of the finite outputs and the base value;
	// an infinite output is drawn reach beyond it.
	lo, hi, reach    float64
	low, high        *boxes
	ends             plotter.XYLabels
	endStyles        []text.Style
	names            []string
	clipped, skipped int
}

// newTornadoBars returns the layout of bars around the output base, before
// any bar is added: infinite outputs are drawn to a little beyond the
// finite ones.
func newTornadoBars(s *settings, base float64, bars []sensitivity.Bar) *tornadoBars {
	tb := &tornadoBars{s: s, base: base, lo: base, hi: base, names: make([]string, len(bars)),
		low: &boxes{fill: colour(0)}, high: &boxes{fill: colour(1)}}
	for _, b := range bars {
		for _, v := range []float64{b.AtLow, b.AtHigh} {
			if finite(v) {
				tb.lo, tb.hi = math.Min(tb.lo, v), math.Max(tb.hi, v)
			}
		}
	}
	tb.reach = (tb.hi - tb.lo) * 0.15
	if tb.reach == 0 {
		tb.reach = math.Max(math.Abs(tb.hi)*0.1, 1)
	}
	return tb
}

// add lays out bar b, the i-th from the top: its name, and the boxes of
// its low and high values.
func (tb *tornadoBars) add(i int, b sensitivity.Bar) {
	row := len(tb.names) - 1 - i // from the bottom
	y := float64(row)
	tb.names[row] = tb.s.label(b.Factor.Name)
	if finite(b.AtLow) && finite(b.AtHigh) && (b.AtLow-tb.base)*(b.AtHigh-tb.base) > 0 {
		// both ends on one side: one label at the farther end, the low
		// value first, so that the two do not overlap
		tb.side(y, b.AtLow, math.NaN(), "", tb.low)
		tb.side(y, b.AtHigh, math.NaN(), "", tb.high)
		at := b.AtLow
		if math.Abs(b.AtHigh-tb.base) > math.Abs(at-tb.base) {
			at = b.AtHigh
		}
		tb.label(y, at, tb.s.inUnit(b.Low, b.Factor.Unit)+"; "+tb.s.inUnit(b.High, b.Factor.Unit))
		return
	}
	tb.side(y, b.AtLow, b.Low, b.Factor.Unit, tb.low)
	tb.side(y, b.AtHigh, b.High, b.Factor.Unit, tb.high)
}

// side adds the box from the base value to output at (the factor at value)
// to boxes to, and the label of its end: an infinite output is cut at the
// chart's edge, one that is not a number left out.
func (tb *tornadoBars) side(y, at, value float64, unit string, to *boxes) {
	switch {
	case math.IsNaN(at):
		tb.skipped++
		return
	case math.IsInf(at, 1):
		at = tb.hi + tb.reach
		tb.clipped++
	case math.IsInf(at, -1):
		at = tb.lo - tb.reach
		tb.clipped++
	}
	to.rects = append(to.rects, box{x0: tb.base, x1: at, y0: y - barHalf, y1: y + barHalf})
	if at == tb.base || !finite(value) {
		return
	}
	tb.label(y, at, tb.s.inUnit(value, unit))
}

// label writes text beside the end at of the bar at y, away from the base.
func (tb *tornadoBars) label(y, at float64, text_ string) {
	sty := style(tickSize-1, text.XLeft, text.YCenter)
	sty.Color = color.Gray{Y: 0x30}
	label := " " + text_
	if at < tb.base {
		sty.XAlign = text.XRight
		label = text_ + " "
	}
	tb.ends.XYs = append(tb.ends.XYs, plotter.XY{X: at, Y: y})
	tb.ends.Labels = append(tb.ends.Labels, label)
	tb.endStyles = append(tb.endStyles, sty)
}

// barStyle is the thin outline of bars.
var barStyle = draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
