package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	stdfont "golang.org/x/image/font"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// sans is the charts' typeface: Liberation Sans, which has the metrics of
// Arial and Helvetica, so that text measured here fits where those are
// used instead.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Font sizes, in points.
const (
	titleSize  = 11
	labelSize  = 9.5
	tickSize   = 8.5
	legendSize = 8.5
	noteSize   = 7.5
)

// dpi is the resolution of PNG images.
const dpi = 96

// palette holds the charts' colours, in the order series take them:
// Okabe and Ito's palette, told apart by people with any common colour
// vision deficiency.
var palette = []color.RGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x99, G: 0x99, B: 0x99, A: 0xFF}, // grey
	{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
}

// colour returns series i's colour.
func colour(i int) color.RGBA { return palette[i%len(palette)] }

// faded returns c with opacity a (1 to 255).
func faded(c color.RGBA, a uint8) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: max(a, 1)}
}

// Line styles of reference lines and grids.
var (
	gridStyle = draw.LineStyle{Color: color.Gray{Y: 0xE0}, Width: vg.Points(0.5)}
	zeroStyle = draw.LineStyle{Color: color.Gray{Y: 0x40}, Width: vg.Points(0.8)}
	markStyle = draw.LineStyle{Color: color.Gray{Y: 0x40}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
)

// glyphs are the shapes of point series, in the order series take them.
var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}}

// chart is a plot being built: gonum's plot with the package's styles,
// and the legend and notes drawn below it.
type chart struct {
	s      *settings
	p      *gplot.Plot
	legend []entry
	notes  []string
}

// entry is one legend entry: what a series looks like and its label.
type entry struct {
	label  string
	thumbs []gplot.Thumbnailer
}

// style returns a text style of the package's typeface.
func style(size vg.Length, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{Color: color.Black, Font: font.From(sans, size), XAlign: xa, YAlign: ya, Handler: gplot.DefaultTextHandler}
}

// newChart returns a chart with a title and axis titles (already in the
// report's language).
func newChart(s *settings, title, x, y string) *chart {
	p := gplot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, titleSize)
	p.Title.TextStyle.Font.Weight = stdfont.WeightBold
	p.Title.Padding = vg.Points(6)
	for _, a := range []*gplot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Tick.Marker = numberTicks{num: s.num}
		a.Label.Padding = vg.Points(3)
	}
	p.X.Label.Text = x
	p.Y.Label.Text = y
	return &chart{s: s, p: p}
}

// grid adds light grid lines at the major ticks of the value axis (the y
// axis, or the x axis when horizontal).
func (c *chart) grid(horizontal bool) {
	g := plotter.NewGrid()
	g.Vertical, g.Horizontal = gridStyle, draw.LineStyle{}
	if !horizontal {
		g.Vertical, g.Horizontal = draw.LineStyle{}, gridStyle
	}
	c.p.Add(g)
}

// add adds plotters to the chart.
func (c *chart) add(ps ...gplot.Plotter) { c.p.Add(ps...) }

// key adds a legend entry (its label already in the report's language).
func (c *chart) key(label string, thumbs ...gplot.Thumbnailer) {
	c.legend = append(c.legend, entry{label: cutWords(label, maxLegendLabel), thumbs: thumbs})
}

// note adds a sentence below the chart: what it leaves out or cuts.
func (c *chart) note(sentence string) { c.notes = append(c.notes, sentence) }

// count adds a note, when n is above 0, that n values are as the sentence
// (in English) says: the sentence in the report's language, then n.
func (c *chart) count(sentence string, n int) {
	if n > 0 {
		c.note(c.s.w(sentence) + ": " + c.s.num(float64(n)) + ".")
	}
}

// countWhy is count with why in parentheses after the sentence, each in
// the caller's words.
func (c *chart) countWhy(sentence, why string, n int) {
	if n > 0 {
		c.note(c.s.w(sentence) + " (" + c.s.w(why) + "): " + c.s.num(float64(n)) + ".")
	}
}

// leftOut adds a note, when n is above 0, that n values are left out
// because they are not finite numbers.
func (c *chart) leftOut(n int) { c.count("Values that are not finite numbers are left out", n) }

// nominalY names the y axis's positions 0, 1, ... (a bar chart's
// categories, wrapped between words when long), from the bottom.
func (c *chart) nominalY(names []string) {
	ticks := make([]gplot.Tick, len(names))
	for i, n := range names {
		label := wrapLabel(n, maxTickLabel, maxTickLines)
		if len(names) > denseTicks { // no room between the bars for a second line
			label = shortenWords(n, maxDenseTick)
		}
		ticks[i] = gplot.Tick{Value: float64(i), Label: label}
	}
	c.p.Y.Tick.Marker = gplot.ConstantTicks(ticks)
	c.p.Y.Tick.Length = 0
	c.p.Y.Min, c.p.Y.Max = -0.6, float64(len(names))-0.4
}

// numberTicks put a labelled tick at each multiple of a round step (1, 2,
// 2.5 or 5 times a power of ten; 0 is always one when in range), 4 to 7 of
// them, a small tick halfway, with labels written by the caller's Number.
type numberTicks struct {
	num  func(float64) string
	most int // the most labelled ticks; 0: 7
}

// Ticks returns the ticks between lo and hi.
func (t numberTicks) Ticks(lo, hi float64) []gplot.Tick {
	span := hi - lo
	if !(span > 0) || !finite(lo, hi) {
		return gplot.DefaultTicks{}.Ticks(lo, hi)
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/5)))
	var step float64
	most := t.most
	if most == 0 {
		most = 7
	}
	for _, m := range []float64{1, 2, 2.5, 5, 10, 20} {
		step = m * mag
		if span/step <= float64(most) {
			break
		}
	}
	first := math.Ceil(lo / step)
	var ticks []gplot.Tick
	for k := first - 1; (k-0.5)*step <= hi; k++ {
		if v := (k - 0.5) * step; v >= lo {
			ticks = append(ticks, gplot.Tick{Value: v})
		}
		if v := k * step; v >= lo && v <= hi {
			ticks = append(ticks, gplot.Tick{Value: v, Label: t.num(tidy(v, step))})
		}
	}
	labelled := 0
	for _, k := range ticks {
		if k.Label != "" {
			labelled++
		}
	}
	if labelled < 2 {
		ticks = gplot.DefaultTicks{}.Ticks(lo, hi)
		for i, k := range ticks {
			if k.Label != "" {
				ticks[i].Label = t.num(tidy(k.Value, span))
			}
		}
	}
	return ticks
}

// monthTicks label months at multiples of a year, or of a few months on a
// short axis.
type monthTicks struct{ num func(float64) string }

// Ticks returns the ticks between lo and hi.
func (t monthTicks) Ticks(lo, hi float64) []gplot.Tick {
	var step float64
	for _, step = range []float64{1, 2, 3, 6, 12, 24, 36, 60, 120, 240, 600, 1200} {
		if (hi-lo)/step <= 10 {
			break
		}
	}
	var ticks []gplot.Tick
	for i := math.Ceil(lo / step); i*step <= hi && len(ticks) <= 12; i++ {
		ticks = append(ticks, gplot.Tick{Value: i * step, Label: t.num(i * step)})
	}
	if len(ticks) < 2 || len(ticks) > 12 {
		return numberTicks{num: t.num}.Ticks(lo, hi)
	}
	return ticks
}

// tidy removes the rounding error of a tick's position (0.30000000000000004
// is 0.3; 1e-17 between -0.1 and 0.1 is 0).
func tidy(v, step float64) float64 {
	if !math.IsInf(step, 0) && math.Abs(v) < step*1e-6 {
		return 0
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// sanitize gives each axis a usable range: finite, and wide enough for
// distinct tick labels (a constant, or values that differ in their fourth
// digit only, are shown in a range of 10 % around them).
func sanitize(a *gplot.Axis) {
	if !finite(a.Min, a.Max) || a.Min > a.Max {
		a.Min, a.Max = 0, 1
	}
	a.Min, a.Max = widen(a.Min, a.Max)
}

// widen returns lo and hi, or a range of 10 % around them when they are
// closer than a thousandth of their size (1 around 0).
func widen(lo, hi float64) (float64, float64) {
	scale := math.Max(math.Abs(lo), math.Abs(hi))
	if hi-lo > scale*1e-3 {
		return lo, hi
	}
	d := scale * 0.05
	if d == 0 {
		d = 1
	}
	return lo - d, hi + d
}

// The layout of the footer: legend entries and notes below the plot.
const (
	margin     = 4 * vg.Millimeter
	thumbWidth = 7 * vg.Millimeter
	thumbGap   = 1.5 * vg.Millimeter
	entryGap   = 4 * vg.Millimeter
)

// write draws the chart and writes it as c.s.format.
func (c *chart) write(w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plot: drawing the chart failed: %v", r)
		}
	}()
	var canvas vg.CanvasSizer
	var svg *vgsvg.Canvas
	var img *vgimg.Canvas
	switch c.s.format {
	case SVG:
		svg = vgsvg.New(c.s.width, c.s.height)
		canvas = svg
	case PNG:
		img = vgimg.NewWith(vgimg.UseWH(c.s.width, c.s.height), vgimg.UseDPI(dpi))
		canvas = img
	default:
		return fmt.Errorf("%w: %d", errFormat, int(c.s.format))
	}
	c.draw(draw.New(canvas))
	if img != nil {
		_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(w)
		return err
	}
	var buf bytes.Buffer
	if _, err := svg.WriteTo(&buf); err != nil {
		return err
	}
	_, err = w.Write(fallbackFonts(buf.Bytes()))
	return err
}

// fallbackFonts names fonts of the same metrics after Liberation Sans in
// an SVG's styles, for viewers that do not have it.
func fallbackFonts(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
}

// draw lays the chart out on dc: the plot, then the legend and the notes
// in a footer below it.
func (c *chart) draw(dc draw.Canvas) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	full := draw.Crop(dc, margin, -margin, margin/2, -margin/2)
	width := full.Max.X - full.Min.X
	legendStyle := style(legendSize, text.XLeft, text.YCenter)
	noteStyle := style(noteSize, text.XLeft, text.YTop)
	noteStyle.Font.Style = stdfont.StyleItalic
	noteStyle.Color = color.Gray{Y: 0x30}

	rows := c.legendRows(legendStyle, width)
	var lines []string
	for _, n := range c.notes {
		lines = append(lines, wrap(noteStyle, n, width)...)
	}
	rowHeight := legendStyle.Height("Mg") * 1.5
	lineHeight := noteStyle.Height("Mg") * 1.25
	// The footer takes at most 40 % of the height; what does not fit is
	// left out, the notes' last lines first.
	limit := (full.Max.Y - full.Min.Y) * 0.4
	for len(lines) > 0 && vg.Length(len(rows))*rowHeight+vg.Length(len(lines))*lineHeight > limit {
		lines = lines[:len(lines)-1]
	}
	for len(rows) > 0 && vg.Length(len(rows))*rowHeight > limit {
		rows = rows[:len(rows)-1]
	}
	footer := vg.Length(len(rows))*rowHeight + vg.Length(len(lines))*lineHeight
	if footer > 0 {
		footer += 2 * vg.Millimeter
	}

	area := draw.Crop(full, 0, 0, footer, 0)
	c.fit(area)
	sanitize(&c.p.X)
	sanitize(&c.p.Y)
	c.p.Draw(area)

	y := full.Min.Y + footer - 2*vg.Millimeter
	for _, row := range rows {
		x := full.Min.X
		mid := y - rowHeight/2
		for _, e := range row {
			box := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: mid - rowHeight*0.3},
				Max: vg.Point{X: x + thumbWidth, Y: mid + rowHeight*0.3},
			}}
			for _, t := range e.thumbs {
				t.Thumbnail(&box)
			}
			x += thumbWidth + thumbGap
			dc.FillText(legendStyle, vg.Point{X: x, Y: mid}, e.label)
			x += legendStyle.Width(e.label) + entryGap
		}
		y -= rowHeight
	}
	for _, l := range lines {
		dc.FillText(noteStyle, vg.Point{X: full.Min.X, Y: y}, l)
		y -= lineHeight
	}
}

// legendRows lays the legend's entries out in rows across width.
func (c *chart) legendRows(sty text.Style, width vg.Length) [][]entry {
	var rows [][]entry
	var used vg.Length
	for _, e := range c.legend {
		e.label = fitText(sty, e.label, width-thumbWidth-thumbGap)
		need := thumbWidth + thumbGap + sty.Width(e.label)
		if len(rows) == 0 || used+need > width {
			rows = append(rows, nil)
			used = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], e)
		used += need + entryGap
	}
	return rows
}

// fit makes the title and the axis titles fit the space they have: on two
// lines, the unit on the second, or shortened.
func (c *chart) fit(area draw.Canvas) {
	w, h := area.Max.X-area.Min.X, area.Max.Y-area.Min.Y
	c.p.Title.Text = fitLines(c.p.Title.TextStyle, c.p.Title.Text, w)
	c.p.X.Label.Text = fitLines(c.p.X.Label.TextStyle, c.p.X.Label.Text, w*0.9)
	c.p.Y.Label.Text = fitLines(c.p.Y.Label.TextStyle, c.p.Y.Label.Text, h*0.9)
}

// fitLines returns s on one line when it fits width, else on two: broken
// before its unit "(...)" when it has one and the rest fits, else between
// words (on up to three lines); a line that is still too long ends in "…"
// after a whole word.
func fitLines(sty text.Style, s string, width vg.Length) string {
	if s == "" || sty.Width(s) <= width {
		return s
	}
	if i := strings.LastIndex(s, " ("); i > 0 && sty.Width(s[:i]) <= width {
		return s[:i] + "\n" + fitText(sty, s[i+1:], width)
	}
	lines := wrap(sty, s, width)
	if len(lines) > 3 {
		lines = []string{lines[0], lines[1], fitText(sty, strings.Join(lines[2:], " "), width)}
	}
	return strings.Join(lines, "\n")
}

// fitText cuts s until it is at most width wide: after a whole word,
// ending in "…", or, for one word (a path), in the middle.
func fitText(sty text.Style, s string, width vg.Length) string {
	if s == "" || sty.Width(s) <= width {
		return s
	}
	if words := strings.Fields(s); len(words) > 1 {
		for n := len(words) - 1; n >= 1; n-- {
			if t := strings.TrimRight(strings.Join(words[:n], " "), ",;:") + "…"; sty.Width(t) <= width {
				return t
			}
		}
		s = words[0] + "…" // even one word does not fit with the rest cut
	}
	n := len([]rune(s))
	for n > 5 && sty.Width(shorten(s, n)) > width {
		n--
	}
	return shorten(s, n)
}

// wrap breaks s into lines at most width wide, between words.
func wrap(sty text.Style, s string, width vg.Length) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case sty.Width(line+" "+word) <= width:
			line += " " + word
		default:
			lines = append(lines, fitText(sty, line, width))
			line = word
		}
	}
	if line != "" {
		lines = append(lines, fitText(sty, line, width))
	}
	return lines
}
