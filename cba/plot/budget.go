package plot

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"ipscba/cba"
)

// notPayers are the perspectives that are not a public budget.
var notPayers = []string{cba.Participant, cba.Public, cba.Society}

// Budget draws a budget impact (b.Discounted by calendar year, for the whole
// cohort) as bars stacked by payer (every perspective except "participant",
// "public" and "society"), gains above 0 and costs below it, with the
// public total as a line through a point per year.
func Budget(w io.Writer, b *cba.Budget, opt Options) error {
	payers, public, err := budgetColumns(b)
	if err != nil {
		return err
	}
	s, err := opt.resolve("", 0)
	if err != nil {
		return err
	}
	title := s.w("Budget impact") + ": " + s.versus(b.Arm, b.Comparator)
	if finite(b.Cohort.StartsPerYear) && b.Cohort.StartsPerYear > 0 {
		title += ", " + s.num(b.Cohort.StartsPerYear) + " " + s.w("starts a year")
	}
	c := newChart(&s, title, s.w("year of the programme"), s.w("discounted net flow for the whole cohort")+" "+s.money())
	c.grid(false)
	c.add(&rule{at: 0, style: zeroStyle})
	years := len(b.Discounted)
	skipped := c.payerBars(b, payers)
	total, left := publicTotal(b, payers, public)
	skipped += left
	if len(total) > 0 {
		l := &plotter.Line{XYs: total, LineStyle: draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}}
		sc := &plotter.Scatter{XYs: total, GlyphStyle: draw.GlyphStyle{Color: color.Black, Shape: draw.CircleGlyph{}, Radius: vg.Points(2.5)}}
		c.add(l, sc)
		c.key(s.label(cba.Public)+" ("+s.w("total")+")", l, sc)
	}
	c.leftOut(skipped)
	c.p.X.Tick.Marker = yearTicks(years)
	c.p.X.Min, c.p.X.Max = 0.4, float64(years)+0.6
	return c.write(w)
}

// budgetColumns returns the perspectives of the budget that are payers and
// the public total's (-1: none), refusing a budget without years, with
// years of the wrong length, or with neither payers nor a public total.
func budgetColumns(b *cba.Budget) (payers []int, public int, err error) {
	if b == nil {
		return nil, -1, errors.New("plot: budget: no budget")
	}
	if len(b.Discounted) == 0 {
		return nil, -1, errors.New("plot: budget: no years")
	}
	for y, row := range b.Discounted {
		if len(row) != len(b.Perspectives) {
			return nil, -1, fmt.Errorf("plot: budget: year %d has %d values for %d perspectives", y+1, len(row), len(b.Perspectives))
		}
	}
	for p, name := range b.Perspectives {
		if !slices.Contains(notPayers, name) {
			payers = append(payers, p)
		}
	}
	public = slices.Index(b.Perspectives, cba.Public)
	if len(payers) == 0 && public < 0 {
		return nil, -1, errors.New("plot: budget: no payers and no public total")
	}
	return payers, public, nil
}

// payerBars adds each payer's bars, stacked year by year on the payers
// before it, gains upwards from 0 and costs downwards, with a legend entry
// each; it returns the number of values left out, not finite.
func (c *chart) payerBars(b *cba.Budget, payers []int) (skipped int) {
	years := len(b.Discounted)
	pos, neg := make([]float64, years), make([]float64, years)
	for i, p := range payers {
		bars := &boxes{fill: colour(i), line: barStyle}
		for y, row := range b.Discounted {
			v := row[p]
			if !finite(v) {
				skipped++
				continue
			}
			x := float64(y + 1)
			r := box{x0: x - barHalf, x1: x + barHalf}
			if v >= 0 {
				r.y0, r.y1 = pos[y], pos[y]+v
				pos[y] += v
			} else {
				r.y0, r.y1 = neg[y]+v, neg[y]
				neg[y] += v
			}
			bars.rects = append(bars.rects, r)
		}
		c.add(bars)
		c.key(c.s.label(b.Perspectives[p]), bars)
	}
	return skipped
}

// publicTotal returns the public total of each year (the public
// perspective's, or without one the payers' sum) as points at years 1, 2,
// ..., and the number of years left out, not finite.
func publicTotal(b *cba.Budget, payers []int, public int) (total plotter.XYs, skipped int) {
	for y, row := range b.Discounted {
		v := 0.0
		if public >= 0 {
			v = row[public]
		} else {
			for _, p := range payers {
				v += row[p]
			}
		}
		if !finite(v) {
			skipped++
			continue
		}
		total = append(total, plotter.XY{X: float64(y + 1), Y: v})
	}
	return total, skipped
}

// yearTicks labels the years 1..n, every year or every few when there are
// many.
func yearTicks(n int) gplot.ConstantTicks {
	every := 1
	for n/every > 12 {
		every++
	}
	var ticks gplot.ConstantTicks
	for y := 1; y <= n; y++ {
		label := ""
		if (y-1)%every == 0 {
			label = strconv.Itoa(y)
		}
		ticks = append(ticks, gplot.Tick{Value: float64(y), Label: label})
	}
	return ticks
}
