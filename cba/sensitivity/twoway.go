package sensitivity

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"ipscba/cba"
)

// Axis is one factor of a two-way analysis and the values it takes.
type Axis struct {
	Factor string    // a name or a path
	Values []float64 // in increasing order
}

// Steps returns n values from lo to hi, evenly spaced (lo alone for
// n = 1; the last is hi exactly). For n below 1 or above MaxGridPoints, lo
// or hi not finite, or a range too wide to be spaced in float64 (hi - lo
// overflows) it returns nil, never values that are not numbers: the
// analyses refuse an axis or a list of values with none (TwoWay,
// Acceptability).
func Steps(lo, hi float64, n int) []float64 {
	switch {
	case n < 1 || n > MaxGridPoints:
		return nil
	case math.IsNaN(lo) || math.IsInf(lo, 0) || math.IsNaN(hi) || math.IsInf(hi, 0) || math.IsInf(hi-lo, 0):
		return nil
	case n == 1:
		return []float64{lo}
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	v[n-1] = hi
	return v
}

// Point is a point of the plane of two factors.
type Point struct{ X, Y float64 }

// Grid is a two-way analysis: the output over a grid of two factors'
// values, every other factor at its base value.
type Grid struct {
	Output cba.OutputKey
	X, Y   cba.Factor
	XS, YS []float64
	// Z[j][i] is the output at (XS[i], YS[j]).
	Z [][]float64
	// Target is the value whose crossing is the sign boundary (0 for an
	// NPV, 1 for a ratio).
	Target float64
	// Boundary is where the output crosses the target: on each row of the
	// grid (Y fixed) and each column (X fixed), between neighbouring
	// points of opposite sign, located by Brent's method.
	Boundary []Point
}

// MaxGridPoints bounds the size of a two-way grid.
const MaxGridPoints = 1 << 20

// TwoWay evaluates the output over the grid of the two axes' values, every
// other factor at its base value, and locates the sign boundary. When both
// factors are shares of one set, the second is set after the first and
// the set is rescaled each time.
func (m *Model) TwoWay(x, y Axis) (*Grid, error) {
	fx, fy, err := m.axisFactors(x, y)
	if err != nil {
		return nil, err
	}
	if err := checkAxes(x, y); err != nil {
		return nil, err
	}
	g := &Grid{Output: m.key, X: *fx, Y: *fy, Target: target(m.key)}
	if g.XS, err = axisValues(fx, x.Values); err != nil {
		return nil, err
	}
	if g.YS, err = axisValues(fy, y.Values); err != nil {
		return nil, err
	}
	at := func(xv, yv float64) (float64, error) { return m.withTwo(fx, fy, xv, yv) }
	if err := g.evaluate(at); err != nil {
		return nil, err
	}
	if err := g.locateBoundary(at); err != nil {
		return nil, err
	}
	return g, nil
}

// axisFactors returns the factors of the two axes, refusing one factor on
// both and two shares of one set (which keeps its sum, so that moving one
// moves the other).
func (m *Model) axisFactors(x, y Axis) (*cba.Factor, *cba.Factor, error) {
	fx, err := m.Factor(x.Factor)
	if err != nil {
		return nil, nil, cba.Errorf("two-way: %w", err)
	}
	fy, err := m.Factor(y.Factor)
	if err != nil {
		return nil, nil, cba.Errorf("two-way: %w", err)
	}
	if fx.Name == fy.Name {
		return nil, nil, cba.Errorf("two-way: %s is on both axes", fx.Name)
	}
	if fx.ShareSet >= 0 && fx.ShareSet == fy.ShareSet {
		return nil, nil, cba.Errorf("two-way: %s and %s are shares of one set, which keeps its sum: moving one moves the other; choose numbers of different sets", fx.Name, fy.Name)
	}
	return fx, fy, nil
}

// checkAxes refuses axes of fewer than 2 values, grids of more than
// MaxGridPoints points, and values that are not finite and increasing.
func checkAxes(x, y Axis) error {
	for _, a := range []Axis{x, y} {
		if len(a.Values) < 2 || len(x.Values)*len(y.Values) > MaxGridPoints {
			return cba.Errorf("two-way: %s: want 2 or more values on each axis and at most %d points", a.Factor, MaxGridPoints)
		}
		for i, v := range a.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) || (i > 0 && !(v > a.Values[i-1])) {
				return cba.Errorf("two-way: %s: values must be finite and increasing", a.Factor)
			}
		}
	}
	return nil
}

// axisValues returns a copy of an axis's values, refusing one a what-if
// may not give factor f.
func axisValues(f *cba.Factor, values []float64) ([]float64, error) {
	var out []float64
	for _, v := range values {
		if err := inBound(f, v); err != nil {
			return nil, cba.Errorf("two-way: %w", err)
		}
		out = append(out, v)
	}
	return out, nil
}

// withTwo returns the output with factor fx at xv, then fy at yv, every
// other factor at its base value (a share moving its set with it).
func (m *Model) withTwo(fx, fy *cba.Factor, xv, yv float64) (float64, error) {
	copy(m.x, m.base)
	if err := m.ev.SetShare(m.x, fx.Index, xv); err != nil {
		return math.NaN(), err
	}
	if err := m.ev.SetShare(m.x, fy.Index, yv); err != nil {
		return math.NaN(), err
	}
	return m.At(m.x)
}

// evaluate sets g.Z to the output at every point of the grid.
func (g *Grid) evaluate(at func(xv, yv float64) (float64, error)) error {
	g.Z = make([][]float64, len(g.YS))
	for j, yv := range g.YS {
		g.Z[j] = make([]float64, len(g.XS))
		for i, xv := range g.XS {
			z, err := at(xv, yv)
			if err != nil {
				return cba.Errorf("two-way: %s = %g, %s = %g: %w", g.X.Name, xv, g.Y.Name, yv, err)
			}
			g.Z[j][i] = z
		}
	}
	return nil
}

// locateBoundary appends to g.Boundary where the output crosses the
// target: on each row of the grid (y fixed), then on each column (x
// fixed), between neighbouring points on either side of it.
func (g *Grid) locateBoundary(at func(xv, yv float64) (float64, error)) error {
	for j, yv := range g.YS {
		for i := 1; i < len(g.XS); i++ {
			if !g.crosses(g.Z[j][i-1], g.Z[j][i]) {
				continue
			}
			r, err := g.root(func(v float64) (float64, error) { return at(v, yv) }, g.XS[i-1], g.XS[i])
			if err != nil {
				return err
			}
			g.Boundary = append(g.Boundary, Point{r, yv})
		}
	}
	for i, xv := range g.XS {
		for j := 1; j < len(g.YS); j++ {
			if !g.crosses(g.Z[j-1][i], g.Z[j][i]) {
				continue
			}
			r, err := g.root(func(v float64) (float64, error) { return at(xv, v) }, g.YS[j-1], g.YS[j])
			if err != nil {
				return err
			}
			g.Boundary = append(g.Boundary, Point{xv, r})
		}
	}
	return nil
}

// crosses says whether the output is on opposite sides of the target at
// neighbouring points a and b, both finite (an infinite ratio has no side
// to compare).
func (g *Grid) crosses(a, b float64) bool {
	return !math.IsInf(a, 0) && !math.IsInf(b, 0) && (a > g.Target) != (b > g.Target)
}

// root returns the value between lo and hi at which output, a function of
// one factor, reaches the target, by Brent's method.
func (g *Grid) root(output func(float64) (float64, error), lo, hi float64) (float64, error) {
	r, err := Root(func(v float64) (float64, error) { z, err := output(v); return z - g.Target, err }, lo, hi, 0)
	if err != nil {
		return 0, cba.Errorf("two-way: %w", err)
	}
	return r, nil
}

// WriteCSV writes the grid in long form, one row a point: kind ("grid" or
// "boundary"), the two factors' values and the output (the target on the
// boundary).
func (g *Grid) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	cw.Write([]string{"kind", g.X.Name, g.Y.Name, g.Output.String()})
	for j, yv := range g.YS {
		for i, xv := range g.XS {
			cw.Write([]string{"grid", f(xv), f(yv), f(g.Z[j][i])})
		}
	}
	for _, p := range g.Boundary {
		cw.Write([]string{"boundary", f(p.X), f(p.Y), f(g.Target)})
	}
	cw.Flush()
	return cw.Error()
}

// MarshalJSON writes the grid for charts: the factors, their values, the
// output by row (y) and column (x) (null for a cost-saving ratio), and the
// boundary.
func (g *Grid) MarshalJSON() ([]byte, error) {
	type point struct {
		X float64 `json:"x"`
		Y float64 `json:"y"`
	}
	out := struct {
		Output   string    `json:"output"`
		X        string    `json:"x_factor"`
		Y        string    `json:"y_factor"`
		XS       []float64 `json:"x"`
		YS       []float64 `json:"y"`
		Z        [][]any   `json:"values"`
		Target   float64   `json:"target"`
		Boundary []point   `json:"boundary"`
	}{Output: g.Output.String(), X: g.X.Name, Y: g.Y.Name, XS: g.XS, YS: g.YS, Target: g.Target, Boundary: []point{}}
	for _, row := range g.Z {
		r := make([]any, len(row))
		for i, v := range row {
			if !math.IsInf(v, 0) {
				r[i] = v // a cost-saving ratio (+Inf) is null
			}
		}
		out.Z = append(out.Z, r)
	}
	for _, p := range g.Boundary {
		out.Boundary = append(out.Boundary, point(p))
	}
	return json.Marshal(out)
}
