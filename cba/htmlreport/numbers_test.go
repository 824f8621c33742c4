package htmlreport

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// TestFieldTextAsThePagePrints: a field shows a number rounded as written
// and in the forms the page prints numbers in its language.
func TestFieldTextAsThePagePrints(t *testing.T) {
	for _, c := range []struct {
		lang report.Lang
		v    float64
		unit string
		want string
	}{
		{report.English, 5278, "NOK a month", "5,278"},
		{report.Bokmal, 5278, "NOK a month", "5\u00a0278"},
		{report.Bokmal, 12.5, "months", "12,5"},
		{report.English, 12.5, "months", "12.5"},
		{report.English, 234.60000000000005, "NOK an hour", "234.6"},
		{report.Bokmal, -0.5, "share", "\u22120,5"},
		{report.English, -1234567.25, "NOK", "-1,234,567.25"},
		{report.Bokmal, 14762.31, "NOK a month", "14\u00a0762,31"},
		{report.English, 0.23015873015873015, "share", "0.2301587302"},
		{report.English, 2025, "year", "2025"},
		{report.Bokmal, 2025, "year", "2025"},
		{report.English, 0, "share", "0"},
		{report.English, math.Copysign(0, -1), "share", "0"},
		{report.English, 1e-7, "share", "0.0000001"},
	} {
		if got := FieldText(c.lang, c.v, c.unit); got != c.want {
			t.Errorf("FieldText(%s, %v, %q) = %q, want %q", c.lang, c.v, c.unit, got, c.want)
		}
	}
}

// TestReadNumberReadsThePagesForms: the forms the page prints, and the
// file's, read as the number; other texts are left to the scenario's
// reader. In English a point is the decimal point (650.000 is 650) and a
// comma groups thousands (650,000 is 650000).
func TestReadNumberReadsThePagesForms(t *testing.T) {
	for _, c := range []struct {
		lang       report.Lang
		text, want string
	}{
		{report.Bokmal, "5 278", "5278"},
		{report.Bokmal, "5\u00a0278", "5278"},
		{report.Bokmal, "5\u202f278", "5278"},
		{report.Bokmal, " 1\u2009234\u00a0567,5 ", "1234567.5"},
		{report.Bokmal, "12,5", "12.5"},
		{report.Bokmal, "12.5", "12.5"},
		{report.Bokmal, "\u22123", "-3"},
		{report.Bokmal, "\u22120,25", "-0.25"},
		{report.English, "5,278", "5278"},
		{report.English, "1,234,567.5", "1234567.5"},
		{report.English, "5 278", "5278"},
		{report.English, "12.5", "12.5"},
		{report.English, "12,5", "12,5"},          // not English: the reader refuses it
		{report.Bokmal, "1,234,567", "1,234,567"}, // not Bokmål
		{report.English, "{type: gamma, mean: 12, sd: 6}", "{type: gamma, mean: 12, sd: 6}"},
		{report.Bokmal, "soon", "soon"},
		{report.Bokmal, "52 78", "52 78"},
		{report.English, "650.000", "650.000"}, // 650, a decimal point
		{report.English, "650,000", "650000"},
		{report.English, "1.250.000", "1.250.000"}, // the reader refuses it
		{report.Bokmal, "0.250", "0.250"},          // no thousands start with 0
		{report.Bokmal, "650.0", "650.0"},
		{report.Bokmal, "650.0000", "650.0000"},
	} {
		if got, err := ReadNumber(c.lang, c.text); got != c.want || err != nil {
			t.Errorf("ReadNumber(%s, %q) = %q, %v; want %q", c.lang, c.text, got, err, c.want)
		}
	}
}

// TestReadNumberRefusesPointsBetweenThousands: on the Bokmål page a point
// between groups of three digits is refused, since a Norwegian groups
// thousands so and a file writes decimals so: the message (in either
// language) says what to write instead.
func TestReadNumberRefusesPointsBetweenThousands(t *testing.T) {
	for _, c := range []struct{ text, en, nb string }{
		{"650.000", `"650.000" is ambiguous: write 650 000 with a space between thousands, or 650,000 with a decimal comma`,
			`"650.000" er tvetydig: skriv 650 000 med mellomrom mellom tusenene, eller 650,000 med desimalkomma`},
		{" 12.345 ", `"12.345" is ambiguous: write 12 345 with a space between thousands, or 12,345 with a decimal comma`,
			`"12.345" er tvetydig: skriv 12 345 med mellomrom mellom tusenene, eller 12,345 med desimalkomma`},
		{"\u22121.500", `"−1.500" is ambiguous: write −1 500 with a space between thousands, or −1,500 with a decimal comma`,
			`"−1.500" er tvetydig: skriv −1 500 med mellomrom mellom tusenene, eller −1,500 med desimalkomma`},
		{"1.250.000", `"1.250.000": a point between thousands is not read; write 1 250 000 with a space between thousands`,
			`"1.250.000": punktum mellom tusenene leses ikke; skriv 1 250 000 med mellomrom mellom tusenene`},
		{"1.234,5", `"1.234,5": a point between thousands is not read; write 1 234,5 with a space between thousands`,
			`"1.234,5": punktum mellom tusenene leses ikke; skriv 1 234,5 med mellomrom mellom tusenene`},
	} {
		got, err := ReadNumber(report.Bokmal, c.text)
		if err == nil {
			t.Errorf("ReadNumber(nb, %q) = %q, not refused", c.text, got)
			continue
		}
		if en, nb := report.Message(report.English, err), report.Message(report.Bokmal, err); en != c.en || nb != c.nb {
			t.Errorf("ReadNumber(nb, %q):\n%s\n%s\nwant\n%s\n%s", c.text, en, nb, c.en, c.nb)
		}
	}
}

// TestFieldTextReadsBack: every text FieldText writes reads back, through
// ReadNumber and the scenario's reader, as the number it shows (the value
// rounded to 10 significant digits), in both languages.
func TestFieldTextReadsBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		v := (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(16)-6))
		if rng.IntN(4) == 0 {
			v = math.Round(v)
		}
		want, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 10, 64), 64)
		for _, lang := range []report.Lang{report.English, report.Bokmal} {
			text := FieldText(lang, v, "NOK")
			read, err := ReadNumber(lang, text)
			if err != nil {
				t.Fatalf("%s: %v shows as %q, refused: %v", lang, v, text, err)
			}
			got, err := scenario.ParseNumber(read)
			if err != nil || got != want {
				t.Fatalf("%s: %v shows as %q, read back as %v (%v)", lang, v, text, got, err)
			}
		}
	}
}

// TestDistributionsAsWritten: every distribution of every bundled scenario
// is shown as its file writes it (a log-normal by its mean and sd, not mu
// and sigma), but for trailing zeros (0.4 for 0.40).
func TestDistributionsAsWritten(t *testing.T) {
	decimals := regexp.MustCompile(`\b[0-9]+\.[0-9]+\b`)
	files, _ := filepath.Glob("../../scenarios/*.yaml")
	seen := 0
	for _, path := range files {
		f, err := scenario.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		factors, err := f.Factors()
		if err != nil {
			t.Fatal(err)
		}
		for _, fc := range factors {
			if fc.Dist == nil {
				continue
			}
			data, err := os.ReadFile(fc.File)
			if err != nil {
				t.Fatal(err)
			}
			text := DistText(fc.Dist)
			written := decimals.ReplaceAllStringFunc(strings.Join(strings.Fields(string(data)), " "), func(n string) string {
				v, _ := strconv.ParseFloat(n, 64)
				return strconv.FormatFloat(v, 'f', -1, 64)
			})
			if !strings.Contains(written, text) {
				t.Errorf("%s: %s is shown as %s, not written so in %s", path, fc.Name, text, fc.File)
			}
			seen++
		}
	}
	if seen < 50 {
		t.Errorf("only %d distributions seen", seen)
	}
}
