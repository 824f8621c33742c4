package plot

import (
	"cmp"
	"errors"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"ipscba/cba/sensitivity"
)

// Sobol draws Sobol indices: for each input (sorted by total index,
// largest first, on top) the first-order and total indices as bars with
// their intervals (FirstCI, TotalCI) as error bars. At most 20 inputs are
// drawn; an index that is not a finite number is left out, with a note.
func Sobol(w io.Writer, sb *sensitivity.Sobol, opt Options) error {
	if sb == nil {
		return errors.New("plot: sobol: no analysis")
	}
	if len(sb.Indices) == 0 {
		return errors.New("plot: sobol: no inputs")
	}
	s, err := opt.resolve("", 0)
	if err != nil {
		return err
	}
	c := newChart(&s, s.w("Sobol indices")+": "+s.outputName(sb.Output),
		s.w("Sobol index")+" ("+s.w("share of the output's variance")+")", s.w("input (a factor or factors drawn together)"))
	c.grid(true)
	ix := slices.Clone(sb.Indices)
	slices.SortStableFunc(ix, func(a, b sensitivity.Index) int {
		switch {
		case math.IsNaN(a.Total) && math.IsNaN(b.Total):
			return 0
		case math.IsNaN(a.Total):
			return 1
		case math.IsNaN(b.Total):
			return -1
		}
		return -cmp.Compare(a.Total, b.Total)
	})
	if len(ix) > maxBars {
		c.note(s.w("Inputs shown, those with the largest total index") + ": " + s.num(maxBars) + " " + s.w("of") + " " + s.num(float64(len(ix))) + ".")
		ix = ix[:maxBars]
	}
	const half = barHalf / 2
	first := &boxes{fill: colour(0), line: barStyle}
	total := &boxes{fill: colour(1), line: barStyle}
	ci := &intervals{horizontal: true, style: draw.LineStyle{Color: color.Gray{Y: 0x20}, Width: vg.Points(0.8)}, cap: vg.Points(4)}
	names := make([]string, len(ix))
	skipped := 0
	for i, x := range ix {
		y := float64(len(ix) - 1 - i)
		names[len(ix)-1-i] = s.label(x.Group.Name)
		for _, bar := range []struct {
			v  float64
			ci [2]float64
			to *boxes
			y  float64
		}{{x.First, x.FirstCI, first, y + half}, {x.Total, x.TotalCI, total, y - half}} {
			if !finite(bar.v) {
				skipped++
				continue
			}
			bar.to.rects = append(bar.to.rects, box{x0: 0, x1: bar.v, y0: bar.y - half, y1: bar.y + half})
			if finite(bar.ci[0], bar.ci[1]) && bar.ci[0] != bar.ci[1] {
				ci.segs = append(ci.segs, box{x0: bar.ci[0], x1: bar.ci[1], y0: bar.y})
			}
		}
	}
	if len(first.rects)+len(total.rects) == 0 {
		return errors.New("plot: sobol: no finite indices to draw")
	}
	c.add(first, total)
	c.key(s.w("first-order index"), first)
	c.key(s.w("total index"), total)
	if len(ci.segs) > 0 {
		c.add(ci)
		level := sb.Confidence
		if !(level > 0 && level < 1) {
			level = 0.95
		}
		c.key(s.percent(level)+" "+s.w("bootstrap interval"), ci)
	}
	c.add(&rule{vertical: true, at: 0, style: zeroStyle})
	c.leftOut(skipped)
	if sb.N > 0 {
		c.note(s.w("Base samples") + ": " + s.num(float64(sb.N)) + "; " + s.w("evaluations") + ": " + s.num(float64(sb.Evaluations)) + ".")
	}
	c.nominalY(names)
	return c.write(w)
}
