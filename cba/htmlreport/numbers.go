package htmlreport

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"ipscba/cba"
	"ipscba/cba/report"
)

// fieldDigits is the most significant digits a number's field shows: a
// number written in a file (at most a few digits) shows as written, and
// one the model computed (a distribution's mean, a rescaled share) without
// the noise of binary fractions (234.6, not 234.60000000000005).
const fieldDigits = 10

// FieldText writes v as the page shows it in a field, in the page's
// language: rounded to 10 significant digits (a number written in a file
// shows as written), the whole part grouped by thousands as the page
// prints numbers (5,278 in English; 5 278 in Bokmål, with a no-break space,
// a decimal comma and the minus sign U+2212). A number of unit "year" (a
// calendar year, a year of a schedule) is not grouped. ReadNumber reads
// every text FieldText writes back as the number it shows.
func FieldText(lang report.Lang, v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', fieldDigits, 64), 64)
	if r == 0 {
		r = 0 // no "-0"
	}
	text := strconv.FormatFloat(r, 'f', -1, 64)
	neg := strings.HasPrefix(text, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(text, "-"), ".")
	group, point, minus := ",", ".", "-"
	if lang == report.Bokmal {
		group, point, minus = "\u00a0", ",", "\u2212"
	}
	if unit != "year" {
		whole = grouped(whole, group)
	}
	if frac != "" {
		whole += point + frac
	}
	if neg {
		whole = minus + whole
	}
	return whole
}

// grouped writes digits in groups of three from the right, separated by
// sep.
func grouped(digits, sep string) string {
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	return b.String()
}

// The forms of a number the page reads: grouped by thousands with a space
// (ordinary, no-break or thin) in either language, or by commas in
// English; a decimal comma in Bokmål. pointGrouped is a number with points
// between groups of three digits, as Norwegians write thousands by hand
// (650.000, 1.250.000, 1.234,5): the Bokmål page refuses it.
var (
	spaceGrouped = regexp.MustCompile(`^-?[0-9]{1,3}(?:[ \x{00a0}\x{202f}\x{2009}][0-9]{3})+(?:[.,][0-9]+)?$`)
	commaGrouped = regexp.MustCompile(`^-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$`)
	decimalComma = regexp.MustCompile(`^-?[0-9]+,[0-9]+$`)
	pointGrouped = regexp.MustCompile(`^-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?$`)
)

// ReadNumber reads a number's field as the planner typed it and returns it
// as a scenario file writes it (the text -set reads), in the forms the page
// prints numbers in lang, and as a file writes it in both. It is the one
// rule of the page's number forms:
//
//   - Bokmål: 5 278 (grouped by any space, no-break or thin), 12,5 and −3
//     (U+2212); 5278 and 12.5 as a file writes them. A point between groups
//     of three digits is refused, since a Norwegian writes thousands so and
//     a file decimals: 650.000 (650 000 or 650,000?) is ambiguous, and
//     1.250.000 and 1.234,5 are written 1 250 000 and 1 234,5.
//   - English: 5,278 and 5 278, 12.5; a point is always the decimal point
//     (650.000 is 650) and a comma between groups of three digits groups
//     thousands (650,000 is 650000); 12,5 is left to the scenario's reader,
//     which refuses it and says to write 12.5.
//
// A distribution ({type: ...}) and any other text are returned as typed
// (without surrounding spaces), for the scenario's reader to take or to
// refuse with its message. The error, of a number refused, names the text
// and what to write instead (report.Message writes it in the page's
// language); the page puts it beside the field, with the field's name.
func ReadNumber(lang report.Lang, text string) (string, error) {
	t := strings.TrimSpace(strings.Trim(text, " \u00a0\u202f\u2009"))
	if strings.HasPrefix(t, "{") {
		return t, nil
	}
	t = strings.Replace(t, "\u2212", "-", 1)
	switch {
	case spaceGrouped.MatchString(t):
		t = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "\u2009", "").Replace(t)
		if lang == report.Bokmal {
			t = strings.Replace(t, ",", ".", 1)
		}
	case lang == report.English && commaGrouped.MatchString(t):
		t = strings.ReplaceAll(t, ",", "")
	case lang == report.Bokmal && decimalComma.MatchString(t):
		t = strings.Replace(t, ",", ".", 1)
	case lang == report.Bokmal && pointGrouped.MatchString(t):
		return "", pointGroupedError(text, t)
	}
	return t, nil
}

// pointGroupedError is ReadNumber's error for a number with points between
// thousands, typed as typed and read as t (its minus sign ASCII): it says
// to write 650 000 or 650,000 for an ambiguous 650.000, and 1 250 000 for
// 1.250.000.
func pointGroupedError(typed, t string) error {
	typed = strings.TrimSpace(strings.Trim(typed, " \u00a0\u202f\u2009"))
	whole, frac, _ := strings.Cut(t, ",")
	spaced := grouped(strings.ReplaceAll(strings.TrimPrefix(whole, "-"), ".", ""), " ")
	if strings.HasPrefix(whole, "-") {
		spaced = "\u2212" + spaced
	}
	if frac != "" {
		spaced += "," + frac
	}
	if strings.Count(whole, ".") == 1 && frac == "" {
		return cba.Errorf("%q is ambiguous: write %s with a space between thousands, or %s with a decimal comma", typed, spaced, strings.Replace(typed, ".", ",", 1))
	}
	return cba.Errorf("%q: a point between thousands is not read; write %s with a space between thousands", typed, spaced)
}

// DistText writes a distribution the way a scenario file gives it: a
// family given by its mean and sd (normal, log-normal, gamma, beta) by
// them, rounded to 10 significant digits (the mean and sd written in the
// file, not the log-normal's mu and sigma), the others by their own
// parameters. The scenario's reader reads the text back as the same
// distribution, to within that rounding.
func DistText(d *cba.Distribution) string {
	forms := d.Kind.Forms()
	if len(forms) == 0 || len(forms[0].Select) == 0 || forms[0].Keys[0] != "mean" {
		return d.String()
	}
	if d.Check() != nil {
		return d.String()
	}
	return "{type: " + d.Kind.String() + ", mean: " + shortNumber(d.Mean()) + ", sd: " + shortNumber(d.SD()) + "}"
}

// shortNumber writes v with at most 10 significant digits, as a file
// writes it.
func shortNumber(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', fieldDigits, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}
