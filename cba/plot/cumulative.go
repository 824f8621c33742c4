package plot

import (
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"ipscba/cba"
)

// bandLow and bandHigh are the percentiles of the Monte Carlo band.
const bandLow, bandHigh = 5, 95

// Cumulative draws, for the first increment of r (arm minus comparator,
// population), the cumulative discounted net flow per participant by month
// for the given perspectives (r.Cumulative(&inc.Population, p, m); nil: every
// perspective), and when mc is not nil a 90 % band at each year's end from
// the run's Cumulative outputs (OutputKey{Arm, Comparator, Group:
// "population", Measure: cba.Cumulative, Perspective, Year}, their 5th and
// 95th percentiles), with a horizontal line at 0 and a mark at each
// break-even month: when each budget gets its money back.
func Cumulative(w io.Writer, r *cba.Result, mc *cba.MonteCarlo, perspectives []string, opt Options) error {
	perspectives, idx, err := cumulativePerspectives(r, perspectives)
	if err != nil {
		return err
	}
	inc := &r.Increments[0]
	s, err := opt.resolve(r.Currency, r.PriceYear)
	if err != nil {
		return err
	}
	c := newChart(&s, s.w("Cumulative discounted net flow")+": "+s.versus(inc.Arm, inc.Comparator),
		s.w("months since start"), s.w("cumulative discounted net flow per participant")+" "+s.money())
	c.grid(false)
	c.p.X.Tick.Marker = monthTicks{s.num}
	c.add(&rule{at: 0, style: zeroStyle})

	skipped, bands := 0, 0
	breakEven := false
	for i, p := range idx {
		if mc != nil {
			n, k := c.band(mc, inc, perspectives[i], r.HorizonMonths, i)
			bands += n
			skipped += k
		}
		k, back := c.cumulativeLine(r, p, perspectives[i], i)
		skipped += k
		breakEven = breakEven || back
	}
	if len(c.legend) == 0 {
		return errors.New("plot: cumulative: no finite flows to draw")
	}
	if bands > 0 {
		grey := colour(6)
		c.key("90 % "+s.w("Monte Carlo interval, at each year's end"),
			&plotter.Polygon{Color: faded(grey, 0x60)}, &intervals{style: draw.LineStyle{Color: grey, Width: vg.Points(0.8)}, cap: vg.Points(4)})
	}
	if breakEven {
		c.key(s.w("money back (break-even)"), &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: colour(7), Shape: draw.RingGlyph{}, Radius: vg.Points(4)}})
	}
	if mc != nil && bands == 0 {
		return fmt.Errorf("plot: cumulative: the Monte Carlo run has no cumulative outputs of %s against %s", inc.Arm, inc.Comparator)
	}
	c.leftOut(skipped)
	c.p.X.Min = math.Min(c.p.X.Min, 0)
	return c.write(w)
}

// cumulativePerspectives returns the perspectives drawn (nil: every
// perspective of r) and their positions in r, refusing a result without
// an increment, a perspective r does not have and an incomplete result.
func cumulativePerspectives(r *cba.Result, perspectives []string) ([]string, []int, error) {
	if r == nil {
		return nil, nil, errors.New("plot: cumulative: no result")
	}
	if len(r.Increments) == 0 {
		return nil, nil, errors.New("plot: cumulative: the result has no increment (an arm beside the comparator)")
	}
	if len(perspectives) == 0 {
		perspectives = r.Perspectives
	}
	idx := make([]int, len(perspectives))
	for i, name := range perspectives {
		p, ok := r.Perspective(name)
		if !ok {
			return nil, nil, fmt.Errorf("plot: cumulative: no perspective %q (the result has %v)", name, r.Perspectives)
		}
		idx[i] = p
	}
	if !complete(r, &r.Increments[0].Population) {
		return nil, nil, errors.New("plot: cumulative: the result is incomplete (not made by cba.Evaluate)")
	}
	return perspectives, idx, nil
}

// cumulativeLine adds the i-th line drawn, perspective p's (named name)
// cumulative discounted net flow per participant of r's first increment
// by month, with a ring at its break-even month when that is within the
// horizon; it returns the number of months left out, not finite, and
// whether it marked a break-even.
func (c *chart) cumulativeLine(r *cba.Result, p int, name string, i int) (skipped int, breakEven bool) {
	sum := &r.Increments[0].Population
	xy := make(plotter.XYs, 0, r.HorizonMonths+1)
	v := 0.0
	for m := 0; m <= r.HorizonMonths; m++ {
		v += r.Discount[m] * r.PerspectiveFlow(sum, p, m)
		if !finite(v) {
			skipped++
			continue
		}
		xy = append(xy, plotter.XY{X: float64(m), Y: v})
	}
	if len(xy) == 0 {
		return skipped, false
	}
	c.key(c.s.label(name), c.line(xy, i))
	if m := sum.BreakEven[p]; m != cba.NoBreakEven && m >= 0 && m <= r.HorizonMonths {
		if j, ok := monthIndex(xy, m); ok {
			c.add(&plotter.Scatter{XYs: plotter.XYs{xy[j]}, GlyphStyle: draw.GlyphStyle{Color: colour(i), Shape: draw.RingGlyph{}, Radius: vg.Points(4)}})
			return skipped, true
		}
	}
	return skipped, false
}

// band adds perspective i's 90 % band from the run's cumulative outputs at
// each year's end (an interval when there is one year); it returns the
// number of years drawn and left out.
func (c *chart) band(mc *cba.MonteCarlo, inc *cba.Outcome, perspective string, horizon, i int) (drawn, skipped int) {
	var upper, lower plotter.XYs
	var bars []box
	for y := 1; 12*(y-1) < horizon; y++ {
		key := cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.Cumulative, Perspective: perspective, Year: y}
		st, ok := mc.Summary(key, bandLow, bandHigh)
		if !ok {
			break
		}
		if st.N == 0 || len(st.Percentiles) != 2 || !finite(st.Percentiles...) {
			skipped++
			continue
		}
		x := float64(min(12*y, horizon))
		upper = append(upper, plotter.XY{X: x, Y: st.Percentiles[1]})
		lower = append(lower, plotter.XY{X: x, Y: st.Percentiles[0]})
		bars = append(bars, box{x0: x, y0: st.Percentiles[0], y1: st.Percentiles[1]})
	}
	col := colour(i)
	switch len(bars) {
	case 0:
		return 0, skipped
	case 1:
		c.add(&intervals{segs: bars, style: draw.LineStyle{Color: col, Width: vg.Points(0.8)}, cap: vg.Points(4)})
	default:
		ring := append(plotter.XYs{}, upper...)
		for j := len(lower) - 1; j >= 0; j-- {
			ring = append(ring, lower[j])
		}
		c.add(&plotter.Polygon{XYs: []plotter.XYs{ring}, Color: faded(col, 0x30)})
	}
	return len(bars), skipped
}

// monthIndex finds month m among the points.
func monthIndex(xy plotter.XYs, m int) (int, bool) {
	for j, p := range xy {
		if p.X == float64(m) {
			return j, true
		}
	}
	return 0, false
}

// complete says whether r and its summary s hold every flow, weight and
// discount factor the cumulative flows are made of, so that reading them
// cannot go out of range.
func complete(r *cba.Result, s *cba.Summary) bool {
	h := r.HorizonMonths
	if h < 0 || len(r.Discount) < h+1 || len(r.Weights) < len(r.Perspectives) || len(s.BreakEven) < len(r.Perspectives) {
		return false
	}
	for _, w := range r.Weights {
		if len(w) > len(s.Flows) {
			return false
		}
	}
	for _, f := range s.Flows {
		if len(f) < h+1 {
			return false
		}
	}
	return true
}
