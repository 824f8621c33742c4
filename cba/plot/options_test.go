package plot

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

func TestDefaultNumber(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-1234, "-1,234"}, {1234567, "1,234,567"},
		{1234567.8, "1,234,568"}, {-250000, "-250,000"}, {1234.5678, "1,234.57"}, {0.125, "0.125"},
		{0.1 + 0.2, "0.3"}, {100, "100"}, {999999.4, "999,999"}, {2e15, "2e+15"}, {1e-9, "1e-09"},
	} {
		if got := defaultNumber(c.v); got != c.want {
			t.Errorf("defaultNumber(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"arms.ips.effect.half_life_months", 40, "arms.ips.effect.half_life_months"},
		{"arms.ips.effect.half_life_months", 15, "arms.ip…_months"},
		{"måneder fra start", 9, "måne…tart"},
	} {
		if got := shorten(c.s, c.n); got != c.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
		if n := len([]rune(shorten(c.s, c.n))); n > c.n {
			t.Errorf("shorten(%q, %d) has %d characters", c.s, c.n, n)
		}
	}
}

// TestTicks: labelled ticks fall on round numbers, 0 among them, and each
// range gets a few.
func TestTicks(t *testing.T) {
	ticks := numberTicks{num: defaultNumber}
	for _, r := range [][2]float64{{-63000, 282000}, {0, 1}, {-1, 1}, {1e6, 1e6 + 1}, {-5e-7, 3e-7}, {3, 1e12}} {
		var labels []string
		for _, k := range ticks.Ticks(r[0], r[1]) {
			if k.Value < r[0] || k.Value > r[1] {
				t.Errorf("%v: tick %v outside", r, k.Value)
			}
			if k.Label != "" {
				labels = append(labels, k.Label)
			}
		}
		if len(labels) < 2 || len(labels) > 8 {
			t.Errorf("%v: labels %q", r, labels)
		}
	}
	got := ""
	for _, k := range ticks.Ticks(-63000, 282000) {
		if k.Label != "" {
			got += k.Label + " "
		}
	}
	if want := "-50,000 0 50,000 100,000 150,000 200,000 250,000 "; got != want {
		t.Errorf("ticks %q, want %q", got, want)
	}
}

// TestWiden: a constant, or values too close to label apart, get a range
// of 10 % around them.
func TestWiden(t *testing.T) {
	for _, c := range [][4]float64{
		{0, 0, -1, 1}, {5, 5, 4.75, 5.25}, {-200, -200, -210, -190}, {0.2, 0.2000001, 0.189999995, 0.210000105}, {1, 2, 1, 2},
	} {
		lo, hi := widen(c[0], c[1])
		if math.Abs(lo-c[2]) > 1e-12 || math.Abs(hi-c[3]) > 1e-12 {
			t.Errorf("widen(%v, %v) = %v, %v, want %v, %v", c[0], c[1], lo, hi, c[2], c[3])
		}
	}
}

// TestLabelsWrapBetweenWords: a long name of words is wrapped between
// words, never cut inside one, and ends in "…" after a whole word when it
// needs more lines than it may have; a path is shortened in the middle.
func TestLabelsWrapBetweenWords(t *testing.T) {
	for _, c := range []struct {
		s     string
		n     int
		lines int
		want  string
	}{
		{"weekly hours in work, all groups", 34, 3, "weekly hours in work, all groups"},
		{"Unge voksne utenfor utdanning, arbeid og opplæring", 20, 3, "Unge voksne utenfor\nutdanning, arbeid og\nopplæring"},
		{"Unge voksne utenfor utdanning, arbeid og opplæring", 20, 2, "Unge voksne utenfor\nutdanning, arbeid…"},
		{"a b c d", 3, 1, "a…"},
		{"arms.ips.effect.half_life_months", 20, 3, "arms.ips.…ife_months"},
	} {
		got := wrapLabel(c.s, c.n, c.lines)
		if got != c.want {
			t.Errorf("wrapLabel(%q, %d, %d) = %q, want %q", c.s, c.n, c.lines, got, c.want)
		}
		lines := strings.Split(got, "\n")
		if len(lines) > c.lines {
			t.Errorf("wrapLabel(%q): %d lines", c.s, len(lines))
		}
		for _, l := range lines {
			if utf8.RuneCountInString(l) > c.n {
				t.Errorf("wrapLabel(%q): line %q longer than %d", c.s, l, c.n)
			}
		}
	}
	if got, want := cutWords("Individuell jobbstøtte (IPS) minus Tradisjonelle tiltak", 30), "Individuell jobbstøtte (IPS)…"; got != want {
		t.Errorf("cutWords = %q, want %q", got, want)
	}
}

// TestShortenWordsKeepsWholeWords: a name of words shortened on one line
// keeps whole words at its start and end, and fits.
func TestShortenWordsKeepsWholeWords(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"Individuell jobbstøtte (IPS): effektens halveringstid (måneder)", 40, "Individuell … halveringstid (måneder)"},
		{"Individuell jobbstøtte (IPS): effektens halveringstid (måneder)", 34, "Individuell jobbstøtte … (måneder)"},
		{"weekly hours in work, all groups", 34, "weekly hours in work, all groups"},
		{"arms.ips.effect.half_life_months", 20, "arms.ips.…ife_months"},
	} {
		got := shortenWords(c.s, c.n)
		if got != c.want {
			t.Errorf("shortenWords(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
		if utf8.RuneCountInString(got) > c.n {
			t.Errorf("shortenWords(%q, %d) = %q: longer than %d", c.s, c.n, got, c.n)
		}
	}
}

// TestTitlesWrapBetweenWords: a title too wide for its chart is written
// on up to three lines broken between words; what still does not fit ends
// in "…" after a whole word, never inside one.
func TestTitlesWrapBetweenWords(t *testing.T) {
	sty := style(titleSize, text.XCenter, text.YCenter)
	title := "Enveis følsomhet: Individuell jobbstøtte (IPS), kostnadsberegnet for Norge minus Studiens sammenligningsgruppe (vanlige tjenester)"
	words := strings.Fields(title)
	for _, width := range []vg.Length{8 * vg.Centimeter, 5 * vg.Centimeter, 4 * vg.Centimeter} { // each word fits
		got := fitLines(sty, title, width)
		lines := strings.Split(got, "\n")
		if len(lines) > 3 {
			t.Errorf("width %v: %d lines: %q", width, len(lines), got)
		}
		for _, l := range lines {
			if sty.Width(l) > width {
				t.Errorf("width %v: %q is wider", width, l)
			}
			for _, w := range strings.Fields(l) {
				if w = strings.TrimSuffix(w, "…"); w != "" && !slices.Contains(words, w) && !slices.Contains(words, w+",") && !slices.Contains(words, w+":") {
					t.Errorf("width %v: %q is cut inside a word (%q)", width, l, w)
				}
			}
		}
	}
}
