package report

import (
	"fmt"
	"math"
	"strconv"
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
	nbTag   = language.MustParse("nb")
	bokmål  = catalog.NewBuilder(catalog.Fallback(language.English))
	printer = map[Lang]*message.Printer{}
)

func init() {
	for en, nb := range bokmålWords {
		if err := bokmål.SetString(nbTag, en, nb); err != nil {
			panic(err)
		}
	}
	printer[English] = message.NewPrinter(language.English, message.Catalog(bokmål))
	printer[Bokmal] = message.NewPrinter(nbTag, message.Catalog(bokmål))
}

// words writes the tool's own words and numbers in a language, and the
// names of a scenario's parts by their labels.
type words struct {
	lang Lang
	p    *message.Printer
	s    *cba.Scenario // for labels; nil: names as they are
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

// Dec writes v with the given number of decimals.
func (w *words) Dec(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return w.T("n/a")
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
}

// Perspective names a perspective: the participant, a payer, the public
// budgets or society.
func (w *words) Perspective(name string) string {
	if en, ok := perspectiveWords[name]; ok {
		return w.Word(en)
	}
	return strings.ReplaceAll(name, "_", " ")
}

// Arm names an arm by its label, or its name.
func (w *words) Arm(name string) string {
	if w.s != nil {
		for _, a := range w.s.Arms {
			if a.Name == name && a.Label != "" {
				return a.Label
			}
		}
	}
	return name
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
				return g.Label
			}
		}
	}
	return name
}

// Component names a component of the NPVs by its label.
func (w *words) Component(name string) string {
	kind, item, ok := strings.Cut(name, ":")
	if !ok {
		switch name {
		case "earnings":
			return w.Word("earnings")
		case "employer_contribution":
			return w.Word("employer's contribution")
		case "financing":
			return w.Word("financing cost of public funds")
		case "non_market":
			return w.Word("non-market value of work")
		case "leisure":
			return w.Word("leisure given up")
		}
		return name
	}
	if w.s != nil {
		switch kind {
		case "tax":
			for _, t := range w.s.Taxes {
				if t.Name == item && t.Label != "" {
					return t.Label
				}
			}
		case "benefit":
			for _, b := range w.s.Benefits {
				if b.Name == item && b.Label != "" {
					return b.Label
				}
			}
		case "cost", "allowance":
			for _, a := range w.s.Arms {
				for _, c := range a.Costs {
					if kind == "cost" && c.Name == item && c.Label != "" {
						return c.Label
					}
				}
				for _, c := range a.Allowances {
					if kind == "allowance" && c.Name == item && c.Label != "" {
						return c.Label
					}
				}
			}
		}
	}
	return strings.ReplaceAll(item, "_", " ")
}

// fieldWords are the tool's words for the fields of a scenario's numbers.
var fieldWords = map[string]string{
	"half_life_months": "half-life of the effect (months)", "weekly_hours": "weekly hours in work", "hourly_wage": "hourly wage",
	"monthly_earnings": "monthly earnings", "share": "share", "amount": "amount", "dropout": "monthly drop-out",
	"months": "months", "effect_multiplier": "effect multiplier", "taper": "taper", "disregard": "disregard",
	"job_finding": "monthly chance of finding a job", "job_loss": "monthly chance of losing a job",
	"starts_per_year": "starts a year", "rate": "rate", "marginal_cost_of_public_funds": "marginal cost of public funds",
	"per_employed_month": "value of a month in work", "displacement": "displacement",
	"brackets": "brackets", "standard_deduction": "standard deduction", "floor": "floor", "threshold": "threshold",
	"phase_in": "phase-in", "personal_allowance": "personal allowance", "cap": "cap", "receivers": "receivers",
	"payers": "payers", "from": "from", "from_year": "from year", "from_month": "from month", "month": "month",
	"cutoff": "cutoff", "hours": "hours", "initial": "share at the start", "pension_rate": "rate on pensions",
	"normal_weekly_hours": "normal weekly hours", "stop_share": "share of hours that stops it", "later": "later",
	"difference": "difference", "discount": "discount rate", "wage_growth": "wage growth", "price_year": "price year",
	"employer_contribution": "employer's contribution", "horizon_months": "horizon (months)", "observed_months": "observed months",
	"years": "years", "concentration": "concentration", "leisure": "leisure", "non_market": "non-market value",
	"displacement_in_budgets": "displacement reaches the public budgets", "financing_on_spending": "financing cost on public spending only",
	"equalisation": "income equalisation", "retention": "share kept", "ever_employed": "ever employed",
	"mean_share": "mean share in work", "time_in_work": "share of the period in work", "effect_measured_months": "months the effect was measured",
}

// unitWords are the units of a scenario's numbers in the tool's words.
var unitWords = map[string]string{
	"share": "share", "months": "months", "rate": "rate", "month": "month", "probability a month": "probability a month",
	"year": "year", "rate a year": "rate a year", "hours a week": "hours a week", "years": "years",
	"share of earnings": "share of earnings", "ratio": "ratio", "participants a year": "participants a year",
	"multiplier": "multiplier", "difference of shares": "difference of shares",
	"a month in work": "a month in work", "a month": "a month", "a year": "a year", "an hour": "an hour",
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
// "perspective", ...) in the language.
func (w *words) Section(name string) string { return w.field(name) }

// Factor names a factor (a number of the scenario, by its path) for a
// reader: the label of the part it belongs to and the field in the tool's
// words, e.g. "Individual Placement and Support: effect at month 18".
func (w *words) Factor(path string) string {
	parts := strings.Split(path, ".")
	if w.s == nil {
		return path
	}
	if len(parts) == 1 && !strings.Contains(path, "[") {
		return w.field(path)
	}
	label, rest := "", parts
	switch parts[0] {
	case "arms":
		label, rest = w.Arm(parts[1]), parts[2:]
		switch {
		case len(rest) >= 2 && rest[0] == "costs":
			label, rest = w.Component("cost:"+rest[1])+" ("+parts[1]+")", rest[2:]
		case len(rest) >= 2 && rest[0] == "groups":
			label, rest = label+", "+w.Group(rest[1]), rest[2:]
		}
	case "groups":
		label, rest = w.Group(parts[1]), parts[2:]
		if len(rest) >= 2 && rest[0] == "benefits" {
			label, rest = label+", "+w.Component("benefit:"+rest[1]), rest[2:]
		}
	case "taxes":
		label, rest = w.Component("tax:"+parts[1]), parts[2:]
	case "benefits":
		label, rest = w.Component("benefit:"+parts[1]), parts[2:]
	case "perspective", "cohort":
		if len(parts) == 3 && parts[2] == "include" { // a switch: 1 on, 0 off
			return w.T("%s: counted (1) or not (0)", w.field(parts[1]))
		}
		return w.field(parts[len(parts)-1])
	default:
		label, rest = "", parts
	}
	// A point of a curve: "effect points[1] difference" is the effect at
	// that point's month.
	if len(rest) >= 2 && strings.HasPrefix(rest[len(rest)-2], "points[") {
		var i int
		if _, err := fmt.Sscanf(rest[len(rest)-2], "points[%d]", &i); err == nil {
			if m, ok := w.pointMonth(parts, i); ok {
				what := w.Word("employment")
				switch last := rest[len(rest)-1]; {
				case last == "difference":
					what = w.Word("effect")
				case last == "share":
				case parts[2] == "effect" && last != "time_in_work":
					what = w.T("effect (%s)", w.field(last))
				default:
					what = w.field(last)
				}
				return label + ": " + w.T("%s at month %s", what, strconv.Itoa(m))
			}
		}
	}
	if len(rest) == 0 {
		return label
	}
	if label == "" { // a top-level number: "discount 1: rate"
		first, index, _ := strings.Cut(rest[0], "[")
		label = w.field(first)
		if index != "" {
			n, _ := strconv.Atoi(strings.TrimSuffix(index, "]"))
			label += " " + strconv.Itoa(n+1)
		}
		if rest = rest[1:]; len(rest) == 0 {
			return label
		}
	}
	var words []string
	for _, f := range rest {
		if f == "job" || f == "effect" || f == "enrolment" || f == "in_work" || f == "earnings" {
			continue
		}
		name, index, _ := strings.Cut(f, "[")
		word := w.field(name)
		if p, ok := perspectiveWords[name]; ok {
			word = w.Word(p) // a payer's share of a split
		}
		if n, err := strconv.Atoi(strings.TrimSuffix(index, "]")); err == nil {
			word += " " + strconv.Itoa(n+1) // counted from 1 for readers
		}
		words = append(words, word)
	}
	return label + ": " + strings.Join(words, " ")
}

// field names a field of a number in the tool's words.
func (w *words) field(f string) string {
	if en, ok := fieldWords[f]; ok {
		return w.Word(en)
	}
	return strings.ReplaceAll(f, "_", " ")
}

// pointMonth returns the month of point i of the curve that path (split)
// names: an arm's effect, or an arm's group's employment.
func (w *words) pointMonth(parts []string, i int) (int, bool) {
	for _, a := range w.s.Arms {
		if a.Name != parts[1] {
			continue
		}
		if len(parts) >= 4 && parts[2] == "effect" && i < len(a.Effect.Points) {
			return a.Effect.Points[i].Month, true
		}
		if len(parts) >= 6 && parts[2] == "groups" {
			for k, g := range w.s.Groups {
				if g.Name == parts[3] && k < len(a.Groups) && i < len(a.Groups[k].Employment.Points) {
					return a.Groups[k].Employment.Points[i].Month, true
				}
			}
		}
	}
	return 0, false
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
	_, ok := bokmålWords[english]
	return ok
}

// Words returns the function that translates the tool's own words into
// lang, for charts (package plot's Options.Words).
func Words(lang Lang) func(string) string { return newWords(lang, nil).Word }

// Number returns the function that writes numbers as lang does, for
// charts (package plot's Options.Number).
func Number(lang Lang) func(float64) string { return newWords(lang, nil).Sig }

// Label returns the function that names a scenario's parts by their labels
// (perspectives, arms, groups, components, factors), for charts (package
// plot's Options.Label).
func Label(lang Lang, s *cba.Scenario) func(string) string {
	w := newWords(lang, s)
	return func(name string) string {
		switch {
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
