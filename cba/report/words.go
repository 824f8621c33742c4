package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
	"golang.org/x/text/number"

	"ipscba/cba"
)

// Lang is the language of a report for people: English (the default) or
// Norwegian Bokmål. Labels from the scenario file are shown as written; the
// tool's own words come from a message catalogue (golang.org/x/text), and
// numbers are written as the language writes them: 1,234,567 and 36.6 in
// English, 1 234 567 and 36,6 in Bokmål (with a no-break space and the
// minus sign U+2212).
type Lang string

// The languages of reports.
const (
	English Lang = "en"
	Bokmal  Lang = "nb"
)

// ParseLang returns the language named s ("en" or "nb"; "" is English).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(s) {
	case "", "en", "english":
		return English, nil
	case "nb", "no", "bokmål", "bokmal", "norsk":
		return Bokmal, nil
	}
	return "", fmt.Errorf("no language %q: en (English) or nb (Norwegian Bokmål)", s)
}

var (
	nbTag     = language.MustParse("nb")
	catalogue = catalog.NewBuilder(catalog.Fallback(language.English))
	printer   = map[Lang]*message.Printer{}
)

func init() {
	for _, words := range []map[string]string{bokmålWords, bokmålMessages, bokmålUsage} {
		for en, nb := range words {
			if err := catalogue.SetString(nbTag, en, nb); err != nil {
				panic(err)
			}
		}
	}
	printer[English] = message.NewPrinter(language.English, message.Catalog(catalogue))
	printer[Bokmal] = message.NewPrinter(nbTag, message.Catalog(catalogue))
}

// words writes the tool's own words and numbers in a language, and the
// names of a scenario's parts by their labels.
type words struct {
	lang Lang
	p    *message.Printer
	s    *cba.Scenario // for labels; nil: names as they are
	// factors and values are the paths of each factor's places and the
	// values of the numbers, made when first needed.
	factors map[string][]string
	values  map[string]float64
}

func newWords(l Lang, s *cba.Scenario) *words {
	if l == "" {
		l = English
	}
	p, ok := printer[l]
	if !ok {
		p = printer[English]
	}
	return &words{lang: l, p: p, s: s}
}

// T translates format (English, with %s verbs only: numbers are formatted
// by the caller) and fills it in.
func (w *words) T(format string, args ...any) string { return w.p.Sprintf(format, args...) }

// Word translates one word or phrase of the tool's own (Words, for charts).
func (w *words) Word(english string) string { return w.p.Sprintf(english) }

// Int writes a whole number with the language's grouping: 1,234,567 or
// 1 234 567; "n/a" when not finite.
func (w *words) Int(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return w.T("n/a")
	}
	v = math.Round(v)
	if v == 0 {
		v = 0 // no "-0"
	}
	return w.p.Sprint(number.Decimal(v, number.MaxFractionDigits(0)))
}

// Dec writes v with the given number of decimals; a value that rounds to
// 0 is 0, never "-0.000".
func (w *words) Dec(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return w.T("n/a")
	}
	if scale := math.Pow(10, float64(decimals)); math.Round(v*scale) == 0 {
		v = 0
	}
	return w.p.Sprint(number.Decimal(v, number.MaxFractionDigits(decimals), number.MinFractionDigits(decimals)))
}

// Sig writes v with about 4 significant digits (grouped when large).
func (w *words) Sig(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return w.T("n/a")
	}
	a := math.Abs(v)
	if a >= 1000 || a == 0 {
		return w.Int(v)
	}
	return w.p.Sprint(number.Decimal(v, number.MaxFractionDigits(max(0, 3-int(math.Floor(math.Log10(a)))))))
}

// Percent writes a share as a percentage with one decimal: "36.6 %".
func (w *words) Percent(v float64) string { return w.Dec(100*v, 1) + " %" }

// Points writes a difference of shares in percentage points, with its
// sign: "+9.5 points" (v 0.095), "−1.2 points".
func (w *words) Points(v float64) string {
	n := w.Dec(100*v, 1)
	if math.Round(1000*v) > 0 {
		n = "+" + n
	}
	return w.T("%s points", n)
}

// shareUnits are the units of numbers that are shares of a whole, which
// readers are shown in percent.
var shareUnits = []string{"share", "share of earnings", "probability a month", "rate", "rate a year"}

// Value writes a number of the scenario in its unit (cba.Factor.Unit) for
// a reader: a share, a probability or a rate in percent ("27.1 %"), a
// difference of shares in percentage points ("+9.5 points"), anything
// else with about four significant digits, grouped when large.
func (w *words) Value(v float64, unit string) string {
	switch {
	case unit == "difference of shares":
		return w.Points(v)
	case slices.Contains(shareUnits, unit):
		return w.Sig(100*v) + " %"
	}
	return w.Sig(v)
}

// Money writes an amount with its currency: "NOK 1,234,567" in English,
// "1 234 567 kr" in Bokmål (for NOK; other currencies after the number).
func (w *words) Money(v float64, currency string) string {
	if w.lang == Bokmal {
		if currency == "NOK" {
			currency = "kr"
		}
		return w.Int(v) + " " + currency
	}
	return currency + " " + w.Int(v)
}

// perspectiveWords are the usual payers' names in the tool's words.
var perspectiveWords = map[string]string{
	"participant": "participant", "public": "public budgets", "society": "society",
	"state": "state", "county": "county", "municipality": "municipality", "health_trust": "health trust",
	"other_municipalities": "other municipalities",
}

// Perspective names a perspective: the participant, a payer, the public
// budgets or society.
func (w *words) Perspective(name string) string {
	if en, ok := perspectiveWords[name]; ok {
		return w.Word(en)
	}
	return strings.ReplaceAll(name, "_", " ")
}

// label returns the text at path (a label, "arms.ips.label") in the
// language, or english when the scenario has none in it.
func (w *words) label(path, english string) string {
	if t, ok := w.s.Text(string(w.lang), path+".label"); ok {
		return t
	}
	return english
}

// Arm names an arm by its label, or its name.
func (w *words) Arm(name string) string {
	if w.s != nil {
		for _, a := range w.s.Arms {
			if a.Name == name && a.Label != "" {
				return w.label("arms."+name, a.Label)
			}
		}
	}
	return name
}

// Versus names an increment, arm against comparator: "ips minus
// traditional" by the arms' names in English (the arms: line gives their
// labels), and by their labels in another language, whose words the
// names are not.
func (w *words) Versus(arm, comparator string) string {
	if w.lang == English || w.lang == "" {
		return w.T("%s minus %s", arm, comparator)
	}
	return w.T("%s minus %s", w.Arm(arm), w.Arm(comparator))
}

// ArmHead names an arm in a table's heading: by its name in English, by
// its label in another language (as Versus).
func (w *words) ArmHead(name string) string {
	if w.lang == English || w.lang == "" {
		return name
	}
	return w.Arm(name)
}

// Group names a group by its label, or its name ("population": the whole
// population).
func (w *words) Group(name string) string {
	if name == cba.Population || name == "" {
		return w.Word("whole population")
	}
	if w.s != nil {
		for _, g := range w.s.Groups {
			if g.Name == name && g.Label != "" {
				return w.label("groups."+name, g.Label)
			}
		}
	}
	return name
}

// componentWords are the tool's words for the components that are not
// entries of the scenario.
var componentWords = map[string]string{
	"earnings": "earnings", "employer_contribution": "employer's contribution", "financing": "financing cost of public funds",
	"non_market": "non-market value of work", "leisure": "leisure given up",
}

// Component names a component of the NPVs by its label.
func (w *words) Component(name string) string {
	kind, item, ok := strings.Cut(name, ":")
	if !ok {
		if en, ok := componentWords[name]; ok {
			return w.Word(en)
		}
		return name
	}
	if w.s != nil {
		if path, label := w.entry(kind, item); label != "" {
			return w.label(path, label)
		}
	}
	return strings.ReplaceAll(item, "_", " ")
}

// entry returns the path and English label of the scenario's entry of a
// kind of component ("tax", "benefit", "cost", "allowance") named item;
// "" when it has no label.
func (w *words) entry(kind, item string) (path, label string) {
	switch kind {
	case "tax":
		for _, t := range w.s.Taxes {
			if t.Name == item {
				return "taxes." + item, t.Label
			}
		}
	case "benefit":
		for _, b := range w.s.Benefits {
			if b.Name == item {
				return "benefits." + item, b.Label
			}
		}
	case "cost", "allowance":
		for _, a := range w.s.Arms {
			for _, c := range a.Costs {
				if kind == "cost" && c.Name == item && c.Label != "" {
					return "arms." + a.Name + ".costs." + item, c.Label
				}
			}
			for _, c := range a.Allowances {
				if kind == "allowance" && c.Name == item && c.Label != "" {
					return "arms." + a.Name + ".allowances." + item, c.Label
				}
			}
		}
	}
	return "", ""
}

// unitWords are the units of a scenario's numbers in the tool's words.
var unitWords = map[string]string{
	"share": "share", "months": "months", "rate": "rate", "month": "month", "probability a month": "probability a month",
	"year": "year", "rate a year": "rate a year", "hours a week": "hours a week", "years": "years",
	"share of earnings": "share of earnings", "ratio": "ratio", "participants a year": "participants a year",
	"multiplier": "multiplier", "difference of shares": "difference of shares",
	"a month in work": "a month in work", "a month": "a month", "a year": "a year", "an hour": "an hour",
	"hours": "hours", "once": "once",
}

// Unit writes a number's unit (cba.Factor.Unit) in the language: money
// units keep their currency.
func (w *words) Unit(unit string) string {
	if en, ok := unitWords[unit]; ok {
		return w.Word(en)
	}
	if cur, per, ok := strings.Cut(unit, " "); ok {
		if en, ok := unitWords[per]; ok {
			return cur + " " + w.Word(en)
		}
	}
	return unit
}

// Section names a top-level section of a scenario ("discount",
// "perspective", ...) in the language: its label in the format's table.
func (w *words) Section(name string) string {
	if f := cba.Format().Child(name); f != nil && f.Label != "" {
		return w.Word(f.Label)
	}
	return strings.ReplaceAll(name, "_", " ")
}

// Input names an input of an analysis by what it is (Inputs): a factor
// by its name or path, factors analysed together by their names joined
// with " + ", and a set drawn together by the name an analysis gives it
// ("uncertainty.dirichlet[3]", "correlated: a, b").
func (w *words) Input(name string) string {
	var k int
	switch {
	case strings.HasPrefix(name, "correlated: "):
		return w.Inputs(strings.Split(strings.TrimPrefix(name, "correlated: "), ", "))
	case w.s != nil && strings.HasPrefix(name, "uncertainty.dirichlet["):
		if _, err := fmt.Sscanf(name, "uncertainty.dirichlet[%d]", &k); err == nil && k >= 0 && k < len(w.s.Uncertainty.Dirichlets) {
			return w.Inputs(w.s.Uncertainty.Dirichlets[k].Paths)
		}
	case strings.Contains(name, " + "):
		return w.Inputs(strings.Split(name, " + "))
	}
	return w.Factor(name)
}

// Printer writes the tool's words and numbers in a language and names a
// scenario's parts by their labels, for other packages' reports (the HTML
// report): T translates and fills in a phrase of the catalogue; Int, Dec,
// Sig, Percent and Money write numbers; Perspective, Arm, Group, Component
// and Factor name parts of the scenario.
type Printer struct{ *words }

// NewPrinter returns a Printer for lang and the labels of s (nil: names).
func NewPrinter(lang Lang, s *cba.Scenario) Printer { return Printer{newWords(lang, s)} }

// Lang returns the printer's language.
func (p Printer) Lang() Lang { return p.lang }

// HasBokmål says whether the catalogue translates english (a phrase or
// format) into Bokmål.
func HasBokmål(english string) bool {
	_, ok := bokmål(english)
	return ok
}

// Words returns the function that translates the tool's own words into
// lang, for charts (package plot's Options.Words).
func Words(lang Lang) func(string) string { return newWords(lang, nil).Word }

// Number returns the function that writes numbers as lang does, for
// charts (package plot's Options.Number).
func Number(lang Lang) func(float64) string { return newWords(lang, nil).Sig }

// Values returns the function that writes a number of a scenario in its
// unit as lang does (effects in percentage points, shares in per cent),
// for charts (package plot's Options.Value).
func Values(lang Lang) func(float64, string) string {
	w := newWords(lang, nil)
	return func(v float64, unit string) string {
		if unit == "difference of shares" { // short, for a chart: "+1.3 pp" (percentage points, prosentpoeng)
			sign := ""
			if v > 0 {
				sign = "+"
			}
			return sign + w.Dec(100*v, 1) + " pp"
		}
		return w.Value(v, unit)
	}
}

// Label returns the function that names a scenario's parts by their labels
// (perspectives, arms, groups, components, factors), for charts (package
// plot's Options.Label).
func Label(lang Lang, s *cba.Scenario) func(string) string {
	w := newWords(lang, s)
	return func(name string) string {
		switch {
		case strings.Contains(name, " + ") || strings.HasPrefix(name, "correlated: ") || strings.HasPrefix(name, "uncertainty."):
			return w.Input(name)
		case strings.Contains(name, "."):
			return w.Factor(name)
		case strings.Contains(name, ":"):
			return w.Component(name)
		}
		if _, ok := perspectiveWords[name]; ok {
			return w.Perspective(name)
		}
		if s != nil {
			for _, a := range s.Arms {
				if a.Name == name {
					return w.Arm(name)
				}
			}
			for _, g := range s.Groups {
				if g.Name == name {
					return w.Group(name)
				}
			}
			for _, p := range s.Payers {
				if p == name {
					return w.Perspective(name)
				}
			}
		}
		return name
	}
}
