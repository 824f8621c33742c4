package plot

import (
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// rule is a reference line across the whole data area: vertical at x = at,
// or horizontal at y = at, with optional words on either side of it
// (before: left or below; after: right or above).
type rule struct {
	vertical      bool
	at            float64
	style         draw.LineStyle
	before, after string
}

// Plot draws the line and its words.
func (r *rule) Plot(c draw.Canvas, p *gplot.Plot) {
	tx, ty := p.Transforms(&c)
	sty := style(tickSize, text.XRight, text.YTop)
	sty.Color = color.Gray{Y: 0x40}
	const gap = vg.Length(3)
	if r.vertical {
		x := tx(r.at)
		if x < c.Min.X || x > c.Max.X {
			return
		}
		c.StrokeLine2(r.style, x, c.Min.Y, x, c.Max.Y)
		if r.before != "" {
			c.FillText(sty, vg.Point{X: x - gap, Y: c.Max.Y - gap}, r.before)
		}
		if r.after != "" {
			sty.XAlign = text.XLeft
			c.FillText(sty, vg.Point{X: x + gap, Y: c.Max.Y - gap}, r.after)
		}
		return
	}
	y := ty(r.at)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
	sty.XAlign = text.XLeft
	if r.before != "" {
		c.FillText(sty, vg.Point{X: c.Min.X + gap, Y: y - gap}, r.before)
	}
	if r.after != "" {
		sty.YAlign = text.YBottom
		c.FillText(sty, vg.Point{X: c.Min.X + gap, Y: y + gap}, r.after)
	}
}

// DataRange makes the axis include the line.
func (r *rule) DataRange() (xmin, xmax, ymin, ymax float64) {
	if r.vertical {
		return r.at, r.at, math.Inf(1), math.Inf(-1)
	}
	return math.Inf(1), math.Inf(-1), r.at, r.at
}

// Thumbnail draws the line's style across the legend's box.
func (r *rule) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
}

// box is a rectangle in data coordinates.
type box struct{ x0, x1, y0, y1 float64 }

// boxes are filled rectangles of one colour: bars, parts of bars, cells.
type boxes struct {
	rects []box
	fill  color.Color
	line  draw.LineStyle // zero Width: no outline
}

// Plot draws the rectangles, clipped to the data area.
func (b *boxes) Plot(c draw.Canvas, p *gplot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, r := range b.rects {
		x0, x1 := tx(r.x0), tx(r.x1)
		y0, y1 := ty(r.y0), ty(r.y1)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		pts = c.ClipPolygonXY(pts)
		if len(pts) == 0 {
			continue
		}
		if b.fill != nil {
			c.FillPolygon(b.fill, pts)
		}
		if b.line.Width > 0 {
			c.StrokeLines(b.line, append(pts, pts[0]))
		}
	}
}

// DataRange is the range of the rectangles.
func (b *boxes) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range b.rects {
		xmin, xmax = math.Min(xmin, math.Min(r.x0, r.x1)), math.Max(xmax, math.Max(r.x0, r.x1))
		ymin, ymax = math.Min(ymin, math.Min(r.y0, r.y1)), math.Max(ymax, math.Max(r.y0, r.y1))
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail fills the legend's box.
func (b *boxes) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}}
	if b.fill != nil {
		c.FillPolygon(b.fill, pts)
	}
	if b.line.Width > 0 {
		c.StrokeLines(b.line, append(pts, pts[0]))
	}
}

// intervals are error bars with caps: horizontal from x0 to x1 at height
// y0 (y1 unused), or vertical from y0 to y1 at x0 (x1 unused).
type intervals struct {
	segs       []box
	horizontal bool
	style      draw.LineStyle
	cap        vg.Length
}

// Plot draws the bars and their caps.
func (iv *intervals) Plot(c draw.Canvas, p *gplot.Plot) {
	tx, ty := p.Transforms(&c)
	h := iv.cap / 2
	for _, s := range iv.segs {
		var lines [][]vg.Point
		if iv.horizontal {
			x0, x1, y := tx(s.x0), tx(s.x1), ty(s.y0)
			lines = [][]vg.Point{{{X: x0, Y: y}, {X: x1, Y: y}}, {{X: x0, Y: y - h}, {X: x0, Y: y + h}}, {{X: x1, Y: y - h}, {X: x1, Y: y + h}}}
		} else {
			x, y0, y1 := tx(s.x0), ty(s.y0), ty(s.y1)
			lines = [][]vg.Point{{{X: x, Y: y0}, {X: x, Y: y1}}, {{X: x - h, Y: y0}, {X: x + h, Y: y0}}, {{X: x - h, Y: y1}, {X: x + h, Y: y1}}}
		}
		c.StrokeLines(iv.style, c.ClipLinesXY(lines...)...)
	}
}

// DataRange is the range of the bars.
func (iv *intervals) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, s := range iv.segs {
		if iv.horizontal {
			xmin, xmax = math.Min(xmin, math.Min(s.x0, s.x1)), math.Max(xmax, math.Max(s.x0, s.x1))
			ymin, ymax = math.Min(ymin, s.y0), math.Max(ymax, s.y0)
		} else {
			xmin, xmax = math.Min(xmin, s.x0), math.Max(xmax, s.x0)
			ymin, ymax = math.Min(ymin, math.Min(s.y0, s.y1)), math.Max(ymax, math.Max(s.y0, s.y1))
		}
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail draws one capped bar across the legend's box.
func (iv *intervals) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	h := iv.cap / 2
	x0, x1 := c.Min.X+h, c.Max.X-h
	c.StrokeLines(iv.style, []vg.Point{{X: x0, Y: y}, {X: x1, Y: y}}, []vg.Point{{X: x0, Y: y - h}, {X: x0, Y: y + h}}, []vg.Point{{X: x1, Y: y - h}, {X: x1, Y: y + h}})
}

// finite says whether every v is a finite number.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
