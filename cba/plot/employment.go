package plot

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"ipscba/cba"
)

// Employment draws the share of participants in work by month for each arm
// (from r.Arms[a].Population.Employment, months 0..H), and marks the
// observed points (month, share) given per arm name, e.g. a trial's
// measurements; a vertical line at r.ObservedMonths when it is > 0
// ("observed" / "extrapolated").
func Employment(w io.Writer, r *cba.Result, observed map[string][]Point, opt Options) error {
	if r == nil {
		return errors.New("plot: employment: no result")
	}
	if len(r.Arms) == 0 {
		return errors.New("plot: employment: the result has no arms")
	}
	names := make([]string, 0, len(observed))
	for name := range observed {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, ok := r.Arm(name); !ok {
			return fmt.Errorf("plot: employment: observed points of %q: the result has no such arm", name)
		}
	}
	s, err := opt.resolve(r.Currency, r.PriceYear)
	if err != nil {
		return err
	}
	c := newChart(&s, s.w("Share of participants in work"), s.w("months since start"), s.w("share of participants in work"))
	c.grid(false)
	c.p.X.Tick.Marker = monthTicks{s.num}
	if r.ObservedMonths > 0 {
		c.add(&rule{vertical: true, at: float64(r.ObservedMonths), style: markStyle, before: s.w("observed"), after: s.w("extrapolated")})
	}
	skipped, drawn := 0, 0
	for i, a := range r.Arms {
		var xy plotter.XYs
		for m, v := range a.Population.Employment {
			if !finite(v) {
				skipped++
				continue
			}
			xy = append(xy, plotter.XY{X: float64(m), Y: v})
		}
		if len(xy) > 0 {
			c.key(s.label(a.Arm), c.line(xy, i))
			drawn++
		}
		var pts plotter.XYs
		for _, p := range observed[a.Arm] {
			if !finite(p.X, p.Y) {
				skipped++
				continue
			}
			pts = append(pts, plotter.XY{X: p.X, Y: p.Y})
		}
		if len(pts) > 0 {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return fmt.Errorf("plot: employment: %w", err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: colour(i), Shape: glyphs[i%len(glyphs)], Radius: vg.Points(3)}
			c.add(sc)
			c.key(s.label(a.Arm)+" ("+s.w("observed")+")", sc)
			drawn++
		}
	}
	if drawn == 0 {
		return errors.New("plot: employment: no finite shares in work to draw")
	}
	c.leftOut(skipped)
	c.p.X.Min = math.Min(c.p.X.Min, 0)
	c.p.Y.Min = math.Min(c.p.Y.Min, 0)
	switch {
	case c.p.Y.Max <= 0:
		c.p.Y.Max = 1
	case c.p.Y.Max < 1:
		c.p.Y.Max = math.Min(1, c.p.Y.Max*1.1) // room for the words at the top
	}
	return c.write(w)
}

// line adds a line through xy in series i's colour and returns it (for the
// legend). A single point is drawn as a point.
func (c *chart) line(xy plotter.XYs, i int) *plotter.Line {
	l := &plotter.Line{XYs: xy, LineStyle: draw.LineStyle{Color: colour(i), Width: vg.Points(1.5)}}
	c.add(l)
	if len(xy) == 1 {
		c.add(&plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: colour(i), Shape: draw.CircleGlyph{}, Radius: vg.Points(2.5)}})
	}
	return l
}
