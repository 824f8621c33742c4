package report

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba"
)

// TestBokmålCatalogueIsComplete: every phrase the package writes through
// its words (T, Word, the tables of component, perspective and unit words,
// and the labels of the scenario format's table) has a Bokmål translation
// with the same verbs in the same order.
func TestBokmålCatalogueIsComplete(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	command, _ := filepath.Glob("../../examples/ipscba/*.go")
	for _, f := range command {
		if !strings.HasPrefix(filepath.Base(f), "serve") {
			files = append(files, f)
		}
	}
	call := regexp.MustCompile(`\b(?:t|w|p)\.(?:T|Word)\(\s*("(?:[^"\\]|\\.)*")`)
	labels := regexp.MustCompile(`(?s)\{cba\.BenefitCostRatio, ("(?:[^"\\]|\\.)*")\},\s*\{cba\.PublicReturn, ("(?:[^"\\]|\\.)*")\}`)
	var keys []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(filepath.Base(f), "nb") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		for _, m := range call.FindAllStringSubmatch(src, -1) {
			keys = append(keys, unquote(t, m[1]))
		}
		for _, m := range labels.FindAllStringSubmatch(src, -1) {
			keys = append(keys, unquote(t, m[1]), unquote(t, m[2]))
		}
		for _, table := range []string{"perspectiveWords", "componentWords", "unitWords", "quantityWords", "quantityColumns"} {
			i := strings.Index(src, "var "+table)
			if i < 0 {
				continue
			}
			block := src[i : i+strings.Index(src[i:], "\n}\n")]
			for _, line := range strings.Split(block, "\n") {
				for _, m := range regexp.MustCompile(`:\s*("(?:[^"\\]|\\.)*")`).FindAllStringSubmatch(line, -1) {
					keys = append(keys, unquote(t, m[1]))
				}
			}
		}
	}
	keys = append(keys, tableLabels(cba.Format())...)
	if len(keys) < 100 {
		t.Fatalf("found only %d phrases: the scan is broken", len(keys))
	}
	verbs := regexp.MustCompile(`%[a-z%]`)
	for _, k := range keys {
		nb, ok := bokmålWords[k]
		if !ok {
			t.Errorf("no Bokmål for %q", k)
			continue
		}
		if a, b := verbs.FindAllString(k, -1), verbs.FindAllString(nb, -1); strings.Join(a, "") != strings.Join(b, "") {
			t.Errorf("%q: verbs %v, Bokmål %q has %v", k, a, nb, b)
		}
	}
}

// tableLabels returns the labels of the format's table under f.
func tableLabels(f *cba.Field) []string {
	var out []string
	if f.Label != "" {
		out = append(out, f.Label)
	}
	for _, c := range f.Fields {
		out = append(out, tableLabels(c)...)
	}
	return out
}

func unquote(t *testing.T, s string) string {
	t.Helper()
	u, err := strconv.Unquote(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestNumbersAsTheLanguageWritesThem: 1,234,567 and 36.6 % in English;
// 1 234 567 kr and 36,6 % in Bokmål (no-break spaces, the minus sign).
func TestNumbersAsTheLanguageWritesThem(t *testing.T) {
	en, nb := newWords(English, nil), newWords(Bokmal, nil)
	for _, c := range []struct{ got, want string }{
		{en.Int(1234567.4), "1,234,567"}, {en.Int(-1234567.6), "-1,234,568"}, {en.Int(-0.2), "0"},
		{en.Money(1234567, "NOK"), "NOK 1,234,567"}, {en.Percent(0.366), "36.6 %"}, {en.Dec(2.694, 2), "2.69"},
		{nb.Int(1234567.4), "1\u00a0234\u00a0567"}, {nb.Int(-1234567.6), "\u22121\u00a0234\u00a0568"},
		{nb.Money(1234567, "NOK"), "1\u00a0234\u00a0567 kr"}, {nb.Money(5, "GBP"), "5 GBP"}, {nb.Percent(0.366), "36,6 %"},
		{en.Sig(0.012842), "0.01284"}, {en.Sig(12.1), "12.1"}, {en.Sig(166), "166"}, {en.Sig(5059.3), "5,059"},
		{en.Int(math.Inf(1)), "n/a"}, {nb.Int(math.NaN()), "i.t."},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
	if _, err := ParseLang("de"); err == nil {
		t.Error("German: no error")
	}
	if l, err := ParseLang("NB"); err != nil || l != Bokmal {
		t.Errorf("NB: %v, %v", l, err)
	}
}

// TestWrapKeepsNumbersWhole: wrapping the Norwegian sentence never breaks
// a number at its no-break space.
func TestWrapKeepsNumbersWhole(t *testing.T) {
	nb := newWords(Bokmal, nil)
	text := strings.Repeat("samfunnet tjener "+nb.Money(251339, "NOK")+" per deltaker ", 6)
	for _, line := range strings.Split(wrap(text, 30), "\n") {
		if strings.HasPrefix(line, "339") || strings.HasSuffix(line, "251") {
			t.Fatalf("a number broken across lines: %q", line)
		}
	}
	if !strings.Contains(wrap(text, 30), "251\u00a0339 kr") {
		t.Error("the no-break space is lost")
	}
}
