package plot

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"ipscba/cba/sensitivity"
)

// Acceptability draws P(NPV > 0) (1 - c.P[p][v][0], the probability that
// the comparator is not the best arm) against c.Values for each
// perspective (or those in perspectives; nil: all), y from 0 to 1.
func Acceptability(w io.Writer, c *sensitivity.Curve, perspectives []string, opt Options) error {
	if c == nil {
		return errors.New("plot: acceptability: no curve")
	}
	if len(c.Values) == 0 {
		return errors.New("plot: acceptability: the curve has no values")
	}
	if len(c.P) != len(c.Perspectives) {
		return fmt.Errorf("plot: acceptability: %d perspectives but probabilities for %d", len(c.Perspectives), len(c.P))
	}
	if len(perspectives) == 0 {
		perspectives = c.Perspectives
	}
	idx := make([]int, len(perspectives))
	for i, name := range perspectives {
		p := slices.Index(c.Perspectives, name)
		if p < 0 {
			return fmt.Errorf("plot: acceptability: no perspective %q (the curve has %v)", name, c.Perspectives)
		}
		if len(c.P[p]) != len(c.Values) {
			return fmt.Errorf("plot: acceptability: perspective %q has probabilities at %d values, not %d", name, len(c.P[p]), len(c.Values))
		}
		idx[i] = p
	}
	s, err := opt.resolve("", 0)
	if err != nil {
		return err
	}
	title := s.w("Probability that the NPV is above 0")
	if len(c.Arms) >= 2 {
		title += ": " + s.versus(c.Arms[1], c.Arms[0])
	}
	ch := newChart(&s, title, s.quantity(c.Quantity), s.w("probability that the NPV is above 0"))
	ch.grid(false)
	skipped := 0
	for i, p := range idx {
		var xy plotter.XYs
		for v, x := range c.Values {
			if len(c.P[p][v]) == 0 || !finite(x, c.P[p][v][0]) {
				skipped++
				continue
			}
			y := min(max(1-c.P[p][v][0], 0), 1)
			xy = append(xy, plotter.XY{X: x, Y: y})
		}
		if len(xy) == 0 {
			continue
		}
		slices.SortStableFunc(xy, func(a, b plotter.XY) int { return cmp.Compare(a.X, b.X) })
		l := ch.line(xy, i)
		if len(xy) > 1 && len(xy) <= 25 {
			ch.add(&plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: colour(i), Shape: glyphs[i%len(glyphs)], Radius: vg.Points(2)}})
		}
		ch.key(s.label(perspectives[i]), l)
	}
	if len(ch.legend) == 0 {
		return errors.New("plot: acceptability: no finite probabilities to draw")
	}
	ch.leftOut(skipped)
	if len(c.Arms) > 2 {
		ch.note(s.w("With more than two arms, the probability that the comparator is not the best arm."))
	}
	if c.Iterations > 0 {
		ch.note(s.w("Monte Carlo iterations") + ": " + s.num(float64(c.Iterations)) + ".")
	}
	ch.p.Y.Min, ch.p.Y.Max = 0, 1
	return ch.write(w)
}

// quantity is the axis title of an acceptability curve's quantity, with
// its unit.
func (s *settings) quantity(q sensitivity.Quantity) string {
	switch q {
	case sensitivity.NonMarketValue:
		return s.w("value of a month in work beyond its pay") + " " + s.money()
	case sensitivity.FinancingCost:
		return s.w("marginal cost of public funds") + " (" + s.w("extra cost per unit of public money") + ")"
	case sensitivity.CostMultiplier:
		return s.w("programme costs") + " (" + s.w("times the scenario's costs") + ")"
	}
	return s.label(q.String()) + " (" + s.w("value") + ")"
}
