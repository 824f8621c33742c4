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
// reader.
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
	} {
		if got := ReadNumber(c.lang, c.text); got != c.want {
			t.Errorf("ReadNumber(%s, %q) = %q, want %q", c.lang, c.text, got, c.want)
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
			got, err := scenario.ParseNumber(ReadNumber(lang, text))
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
