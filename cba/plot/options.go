package plot

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot/vg"

	"ipscba/cba/internal/linebreak"
)

// Format is the image format of a chart.
type Format int

// The formats a chart can be written in.
const (
	// SVG is scalable vector graphics, the default: text stays text, and
	// the same input gives the same bytes.
	SVG Format = iota
	// PNG is a raster image at 96 dots per inch.
	PNG
)

// String returns the format's name, "svg" or "png".
func (f Format) String() string {
	switch f {
	case SVG:
		return "svg"
	case PNG:
		return "png"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Point is a point of a chart's plane: an observed share in work (Y) at a
// month (X).
type Point struct{ X, Y float64 }

// Options are what every chart needs besides its data.
type Options struct {
	// Format is the image format (default SVG).
	Format Format
	// Width and Height are the image's size; zero: 16 cm x 10 cm. Each must
	// be between 4 cm and 100 cm.
	Width, Height vg.Length
	// Currency names the money of money axes, e.g. "NOK"; empty: the
	// result's, where the chart has one.
	Currency string
	// PriceYear is the year whose prices money is in, e.g. 2025; 0: the
	// result's, where the chart has one.
	PriceYear int
	// Words translates the chart's own English words (titles, axis labels,
	// legend entries it makes up) into the report's language; nil: English
	// as written. Every English string the package writes goes through it.
	// The strings hold no fmt verbs and no '%' sign, so that a translator
	// built on fmt (a message.Printer's Sprintf) may be passed as it is;
	// numbers, names and punctuation are put around them by the package.
	Words func(english string) string
	// Label returns the label to show for a name from the scenario
	// (a perspective "society", a factor "arms.ips.effect.half_life_months",
	// an arm "ips", a payer); nil: the name itself.
	Label func(name string) string
	// Number formats a number on an axis or in a label; nil: a default with
	// thousands separators ("1,234,567") and at most 6 significant digits
	// below a million.
	Number func(v float64) string
	// Value writes a number of the scenario in its unit (cba.Factor.Unit):
	// an effect in percentage points, a share in per cent; nil: Number.
	Value func(v float64, unit string) string
}

// The defaults and limits of a chart's size.
const (
	defaultWidth  = 16 * vg.Centimeter
	defaultHeight = 10 * vg.Centimeter
	minSize       = 4 * vg.Centimeter
	maxSize       = 100 * vg.Centimeter
)

// The longest lines of labels, in characters: a name of words is wrapped
// between words (a category's on at most maxTickLines lines) and ends in
// "…" after a whole word when it is longer still; a name of one word (a
// path) is shortened in the middle ("arms.ips.emp…half_life_months").
const (
	maxTickLabel   = 34
	maxTickLines   = 3
	denseTicks     = 8  // with more categories, each name is on one line
	maxDenseTick   = 40 // ... of at most this many characters
	maxLegendLabel = 48
)

// settings are Options with every default filled in.
type settings struct {
	format        Format
	width, height vg.Length
	currency      string
	priceYear     int
	words         func(string) string
	label         func(string) string
	number        func(float64) string
	value         func(float64, string) string
}

// errFormat is returned for a Format that is neither SVG nor PNG.
var errFormat = errors.New("plot: unknown image format")

// resolve checks o and fills in its defaults; currency and price year come
// from the data when o leaves them out.
func (o Options) resolve(currency string, priceYear int) (settings, error) {
	s := settings{
		format: o.Format, width: o.Width, height: o.Height,
		currency: o.Currency, priceYear: o.PriceYear,
		words: o.Words, label: o.Label, number: o.Number, value: o.Value,
	}
	if s.format != SVG && s.format != PNG {
		return s, fmt.Errorf("%w: %d (SVG or PNG)", errFormat, int(s.format))
	}
	if s.width == 0 {
		s.width = defaultWidth
	}
	if s.height == 0 {
		s.height = defaultHeight
	}
	for _, l := range []vg.Length{s.width, s.height} {
		if !(l >= minSize && l <= maxSize) {
			return s, fmt.Errorf("plot: image size %.4g cm x %.4g cm: each side must be from %g to %g cm",
				float64(s.width/vg.Centimeter), float64(s.height/vg.Centimeter),
				float64(minSize/vg.Centimeter), float64(maxSize/vg.Centimeter))
		}
	}
	if s.currency == "" {
		s.currency = currency
	}
	if s.priceYear == 0 {
		s.priceYear = priceYear
	}
	if s.words == nil {
		s.words = func(english string) string { return english }
	}
	if s.label == nil {
		s.label = func(name string) string { return name }
	}
	if s.number == nil {
		s.number = defaultNumber
	}
	return s, nil
}

// w translates one of the package's English phrases.
func (s *settings) w(english string) string { return s.words(english) }

// money is the unit of a money axis: "(NOK, 2025 prices)".
func (s *settings) money() string {
	switch {
	case s.currency != "" && s.priceYear != 0:
		return "(" + s.currency + ", " + strconv.Itoa(s.priceYear) + " " + s.w("prices") + ")"
	case s.currency != "":
		return "(" + s.currency + ")"
	case s.priceYear != 0:
		return "(" + s.w("money") + ", " + strconv.Itoa(s.priceYear) + " " + s.w("prices") + ")"
	}
	return "(" + s.w("money") + ")"
}

// num formats v with the caller's Number; a value that is not finite is
// written as a word, never passed on.
func (s *settings) num(v float64) string {
	switch {
	case math.IsNaN(v):
		return s.w("not a number")
	case math.IsInf(v, 1):
		return s.w("infinite")
	case math.IsInf(v, -1):
		return "-" + s.w("infinite")
	}
	return s.number(v)
}

// short writes v for a label beside a bar: whole from 1,000 on, else with 3
// significant digits (0.0128; 33.4).
// inUnit writes a factor's value v in its unit (Options.Value), or short.
func (s *settings) inUnit(v float64, unit string) string {
	if s.value == nil || !finite(v) {
		return s.short(v)
	}
	return s.value(v, unit)
}

func (s *settings) short(v float64) string {
	if finite(v) && v != 0 {
		if math.Abs(v) >= 1000 {
			v = math.Round(v)
		} else {
			v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
		}
	}
	return s.num(v)
}

// percent writes a probability as a whole percentage: "83 %".
func (s *settings) percent(p float64) string { return s.num(math.Round(100*p)) + " %" }

// defaultNumber writes v with thousands separators: rounded to a whole
// number when |v| is at least a million, else with at most 6 significant
// digits (1,234.57; 0.125); from 1e15 on, and below 1e-6, in scientific
// notation.
func defaultNumber(v float64) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return strconv.FormatFloat(v, 'g', -1, 64)
	case a >= 1e15 || (a != 0 && a < 1e-6):
		return strconv.FormatFloat(v, 'g', 4, 64)
	case a >= 1e6:
		v = math.Round(v)
	default:
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	}
	if v == 0 {
		v = 0 // no "-0"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// wrapLabel breaks s between words into at most lines lines of at most n
// characters; when s needs more, the last line ends in "…" after a whole
// word. A word longer than a line is shortened in the middle.
func wrapLabel(s string, n, lines int) string {
	words := strings.Fields(s)
	if len(words) <= 1 {
		return shorten(s, n)
	}
	for i, w := range words {
		words[i] = shorten(w, n)
	}
	out := linebreak.Fill(words, n, n)
	if len(out) > lines {
		out = out[:lines]
		out[lines-1] = endWith(out[lines-1], n)
	}
	return strings.Join(out, "\n")
}

// endWith adds "…" to line, leaving out its last words while it would be
// longer than n characters.
func endWith(line string, n int) string {
	for utf8.RuneCountInString(line)+1 > n {
		i := strings.LastIndex(line, " ")
		if i < 0 {
			return shorten(line+"…", n)
		}
		line = line[:i]
	}
	return strings.TrimRight(line, ",;:") + "…"
}

// cutWords cuts s to at most n characters after a whole word, ending it
// in "…"; a name of one word is shortened in the middle.
func cutWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if !strings.Contains(strings.TrimSpace(s), " ") {
		return shorten(s, n)
	}
	return endWith(strings.Join(strings.Fields(s), " "), n)
}

// shortenWords cuts s to at most n characters by leaving out whole words
// in its middle ("Individuell jobbstøtte … halveringstid (måneder)"), so
// that its start and what it ends with stay readable: the end, which says
// what a number is, gets two thirds of the room. A name of one word is
// shortened in the middle.
func shortenWords(s string, n int) string {
	words := strings.Fields(s)
	if utf8.RuneCountInString(s) <= n || len(words) < 2 {
		return shorten(s, n)
	}
	head, tail := "", ""
	i, j := 0, len(words)-1
	for j >= 0 && utf8.RuneCountInString(words[j]+" "+tail)+1 <= n-n/3 {
		tail = strings.TrimSpace(words[j] + " " + tail)
		j--
	}
	for i <= j && utf8.RuneCountInString(strings.TrimSpace(head+" "+words[i]))+2+utf8.RuneCountInString(tail) <= n {
		head = strings.TrimSpace(head + " " + words[i])
		i++
	}
	switch {
	case tail == "":
		return endWith(s, n)
	case head == "":
		return "…" + tail
	}
	return head + " … " + tail
}

// shorten cuts s to at most n characters by leaving out its middle, so
// that both the start and the end of a long name stay readable.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n || n < 5 {
		return s
	}
	r := []rune(s)
	head := (n - 1) / 2
	tail := n - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
