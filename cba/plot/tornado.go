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
	if t == nil {
		return errors.New("plot: tornado: no analysis")
	}
	if len(t.Bars) == 0 {
		return errors.New("plot: tornado: no factors")
	}
	if !finite(t.Base) {
		return fmt.Errorf("plot: tornado: the output at the base values is %v: there is nothing to draw the bars around", t.Base)
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
	bars := t.Bars
	if len(bars) > maxBars {
		c.note(s.w("Factors shown, those with the largest swing") + ": " + s.num(maxBars) + " " + s.w("of") + " " + s.num(float64(len(bars))) + ".")
		bars = bars[:maxBars]
	}

	// Infinite outputs are drawn to a little beyond the finite ones.
	lo, hi := t.Base, t.Base
	for _, b := range bars {
		for _, v := range []float64{b.AtLow, b.AtHigh} {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	reach := (hi - lo) * 0.15
	if reach == 0 {
		reach = math.Max(math.Abs(hi)*0.1, 1)
	}

	low := &boxes{fill: colour(0)}
	high := &boxes{fill: colour(1)}
	var ends plotter.XYLabels
	var endStyles []text.Style
	names := make([]string, len(bars))
	clipped, skipped := 0, 0
	for i, b := range bars {
		y := float64(len(bars) - 1 - i)
		names[len(bars)-1-i] = s.label(b.Factor.Name)
		for _, side := range []struct {
			at, value float64
			to        *boxes
		}{{b.AtLow, b.Low, low}, {b.AtHigh, b.High, high}} {
			at := side.at
			switch {
			case math.IsNaN(at):
				skipped++
				continue
			case math.IsInf(at, 1):
				at = hi + reach
				clipped++
			case math.IsInf(at, -1):
				at = lo - reach
				clipped++
			}
			side.to.rects = append(side.to.rects, box{x0: t.Base, x1: at, y0: y - barHalf, y1: y + barHalf})
			if at == t.Base || !finite(side.value) {
				continue
			}
			sty := style(tickSize-1, text.XLeft, text.YCenter)
			sty.Color = color.Gray{Y: 0x30}
			label := " " + s.short(side.value)
			if at < t.Base {
				sty.XAlign = text.XRight
				label = s.short(side.value) + " "
			}
			ends.XYs = append(ends.XYs, plotter.XY{X: at, Y: y})
			ends.Labels = append(ends.Labels, label)
			endStyles = append(endStyles, sty)
		}
	}
	base := &rule{vertical: true, at: t.Base, style: zeroStyle}
	c.add(low, high, base)
	if len(ends.XYs) > 0 {
		l, err := plotter.NewLabels(ends)
		if err != nil {
			return fmt.Errorf("plot: tornado: %w", err)
		}
		l.TextStyle = endStyles
		c.add(l)
	}
	c.key(s.w("factor at its low value"), low)
	c.key(s.w("factor at its high value"), high)
	c.key(s.w("base value")+": "+s.short(t.Base), base)
	if clipped > 0 {
		c.note(s.w("Bars cut at the edge: the output is infinite there (cost-saving)") + ": " + s.num(float64(clipped)) + ".")
	}
	if skipped > 0 {
		c.note(s.w("Values that are not finite numbers are left out") + ": " + s.num(float64(skipped)) + ".")
	}
	c.nominalY(names)
	return c.write(w)
}

// barStyle is the thin outline of bars.
var barStyle = draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
