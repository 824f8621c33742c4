package plot

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"ipscba/cba"
	"ipscba/cba/sensitivity"
)

// The classes of a two-way grid's cells.
const (
	above = iota
	atOrBelow
	notNumber
	classes
)

// TwoWay draws the sign map of a two-way grid: each cell coloured by
// whether the output there is above g.Target or not (an infinite output,
// a cost-saving ratio, counts on its side, and a note says so; a cell that
// is not a number is grey), and the boundary points g.Boundary, where the
// output crosses the target.
func TwoWay(w io.Writer, g *sensitivity.Grid, opt Options) error {
	if err := checkGrid(g); err != nil {
		return err
	}
	xe, err := edges(g.XS)
	if err != nil {
		return fmt.Errorf("plot: two-way: x: %w", err)
	}
	ye, err := edges(g.YS)
	if err != nil {
		return fmt.Errorf("plot: two-way: y: %w", err)
	}
	s, err := opt.resolve("", 0)
	if err != nil {
		return err
	}
	title := s.w("Two-way sensitivity") + ": " + s.outputName(g.Output)
	c := newChart(&s, title, s.factor(g.X, "first factor"), s.factor(g.Y, "second factor"))
	cells, infinite := signCells(g, xe, ye)
	target := s.num(g.Target)
	for k, name := range []string{s.w("output above") + " " + target, s.w("output at or below") + " " + target, s.w("not a number")} {
		if len(cells[k].rects) > 0 {
			c.add(&cells[k])
			c.key(name, &cells[k])
		}
	}
	var pts plotter.XYs
	for _, p := range g.Boundary {
		if finite(p.X, p.Y) {
			pts = append(pts, plotter.XY{X: p.X, Y: p.Y})
		}
	}
	if len(pts) > 0 {
		sc := &plotter.Scatter{XYs: pts, GlyphStyle: draw.GlyphStyle{Color: color.Black, Shape: draw.CircleGlyph{}, Radius: vg.Points(1.6)}}
		c.add(sc)
		c.key(s.w("where the output crosses")+" "+target, sc)
	}
	if x, y := g.X.Value, g.Y.Value; finite(x, y) && x >= xe[0] && x <= xe[len(xe)-1] && y >= ye[0] && y <= ye[len(ye)-1] {
		base := &plotter.Scatter{XYs: plotter.XYs{{X: x, Y: y}}, GlyphStyle: draw.GlyphStyle{Color: color.Black, Shape: draw.CrossGlyph{}, Radius: vg.Points(4)}}
		c.add(base)
		c.key(s.w("base values"), base)
	}
	c.countWhy("Cells where the output is infinite are coloured by their sign", infiniteWord(g.Output.Measure), infinite)
	return c.write(w)
}

// checkGrid refuses a grid without values, whose outputs do not match its
// values, or whose target is not a finite number.
func checkGrid(g *sensitivity.Grid) error {
	if g == nil {
		return errors.New("plot: two-way: no grid")
	}
	if len(g.XS) == 0 || len(g.YS) == 0 {
		return errors.New("plot: two-way: the grid has no values")
	}
	if len(g.Z) != len(g.YS) {
		return fmt.Errorf("plot: two-way: %d rows of outputs for %d values of y", len(g.Z), len(g.YS))
	}
	for j, row := range g.Z {
		if len(row) != len(g.XS) {
			return fmt.Errorf("plot: two-way: row %d has %d outputs for %d values of x", j, len(row), len(g.XS))
		}
	}
	if !finite(g.Target) {
		return fmt.Errorf("plot: two-way: target %v is not a finite number", g.Target)
	}
	return nil
}

// signCells returns the grid's cells (bounded by the edges xe and ye) by
// class, filled with the class's colour, cells of a class that follow
// each other in a row as one rectangle; and the number of cells whose
// output is infinite.
func signCells(g *sensitivity.Grid, xe, ye []float64) (cells [classes]boxes, infinite int) {
	for j, row := range g.Z {
		start, class := 0, -1
		for i := 0; i <= len(row); i++ {
			k := -1
			if i < len(row) {
				k = cellClass(row[i], g.Target)
				if math.IsInf(row[i], 0) {
					infinite++
				}
			}
			if k != class {
				if class >= 0 {
					cells[class].rects = append(cells[class].rects, box{x0: xe[start], x1: xe[i], y0: ye[j], y1: ye[j+1]})
				}
				start, class = i, k
			}
		}
	}
	cells[above].fill = faded(colour(0), 0x70)
	cells[atOrBelow].fill = faded(colour(1), 0x70)
	cells[notNumber].fill = color.Gray{Y: 0xC8}
	return cells, infinite
}

// cellClass returns the class of a cell whose output is z: above the
// target, at or below it, or not a number.
func cellClass(z, target float64) int {
	switch {
	case math.IsNaN(z):
		return notNumber
	case z > target:
		return above
	}
	return atOrBelow
}

// factor is the axis title of a factor: its label and unit (unnamed: the
// English words given).
func (s *settings) factor(f cba.Factor, unnamed string) string {
	name := s.w(unnamed)
	if f.Name != "" {
		name = s.label(f.Name)
	}
	if f.Unit == "" {
		return name
	}
	return name + " (" + s.w(f.Unit) + ")"
}

// edges returns the boundaries of the cells around values in increasing
// order: halfway between neighbours, and as far beyond the ends.
func edges(values []float64) ([]float64, error) {
	for i, v := range values {
		if !finite(v) {
			return nil, fmt.Errorf("value %d is %v", i, v)
		}
		if i > 0 && v <= values[i-1] {
			return nil, fmt.Errorf("values must increase: %v after %v", v, values[i-1])
		}
	}
	n := len(values)
	e := make([]float64, n+1)
	if n == 1 {
		d := math.Abs(values[0]) * 0.1
		if d == 0 {
			d = 1
		}
		e[0], e[1] = values[0]-d/2, values[0]+d/2
		return e, nil
	}
	for i := 1; i < n; i++ {
		e[i] = (values[i-1] + values[i]) / 2
	}
	e[0] = values[0] - (e[1] - values[0])
	e[n] = values[n-1] + (values[n-1] - e[n-1])
	return e, nil
}
