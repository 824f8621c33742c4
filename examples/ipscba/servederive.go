package main

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// perParticipantMonth is an employment specialist's cost per
// participant-month: the specialist's cost a year (everything an employer
// pays) spread over the participants of a caseload, a twelfth a month.
// Both must be finite and above zero.
func perParticipantMonth(annualCost, caseload float64) (float64, bool) {
	v := annualCost / caseload / 12
	ok := annualCost > 0 && caseload > 0 && !math.IsInf(annualCost, 0) && !math.IsInf(caseload, 0) && !math.IsInf(v, 0) && v > 0
	return v, ok
}

// derive reads the page's own fields, the specialist's cost a year and
// caseload. When either was changed from the text the page showed (kept
// among earlier), both given, it adds to changes the specialist's cost per
// participant-month (htmlreport.SpecialistCost), cost / caseload / 12, and
// the two fields' texts, so that the page shows them again; the cost per
// participant-month changed itself (and not through them) clears them.
// Problems go beside the fields (e.errors).
func (s *server) derive(r *http.Request, e *edit, f *scenario.File, factors []scenario.Factor, earlier, changes []string) []string {
	amount, _, ok := htmlreport.SpecialistCost(f.Scenario, factors)
	if !ok {
		return changes
	}
	shown := derivedTexts(earlier)
	texts := map[string]string{}
	changed := false
	for _, name := range []string{htmlreport.AnnualCostField, htmlreport.CaseloadField} {
		texts[name] = shown[name]
		v, sent := r.PostForm[name]
		if !sent || len(v) == 0 {
			continue
		}
		text := strings.TrimSpace(v[0])
		e.values[name] = text
		if len(v) > 1 {
			e.twice = append(e.twice, name)
			continue
		}
		if text != shown[name] && (text == "" || shown[name] == "" || differs(s.lang, text, shown[name])) {
			texts[name], changed = text, true
		}
	}
	direct := slices.ContainsFunc(changes, func(kv string) bool { return strings.HasPrefix(kv, amount+"=") })
	clear := []string{htmlreport.AnnualCostField + "=", htmlreport.CaseloadField + "="}
	switch {
	case !changed && direct && len(shown) > 0:
		return append(changes, clear...)
	case !changed:
		return changes
	case direct:
		e.errors[amount] = s.word("give the cost per participant-month, or the specialist's cost a year and caseload, not both")
		return changes
	case texts[htmlreport.AnnualCostField] == "" && texts[htmlreport.CaseloadField] == "":
		return append(changes, clear...)
	}
	return s.specialist(e, amount, texts, changes)
}

// specialist adds to changes the cost per participant-month that the
// specialist's cost a year and caseload texts make, and the texts, or puts
// the problem beside their fields.
func (s *server) specialist(e *edit, amount string, texts map[string]string, changes []string) []string {
	var v [2]float64
	for i, name := range []string{htmlreport.AnnualCostField, htmlreport.CaseloadField} {
		x, err := scenario.ParseNumber(htmlreport.ReadNumber(s.lang, texts[name]))
		switch {
		case texts[name] == "":
			e.errors[name] = s.word("give the specialist's cost a year and caseload together")
		case err != nil:
			e.errors[name] = err.Error()
		case !(x > 0):
			e.errors[name] = s.word("must be above 0, got %s", texts[name])
		}
		v[i] = x
	}
	cost, ok := perParticipantMonth(v[0], v[1])
	if len(e.errors) > 0 || !ok {
		return changes
	}
	if e.why[amount] == "" {
		p := report.NewPrinter(s.lang, nil)
		e.why[amount] = s.word("the specialist's cost a year, %s, over a caseload of %s, a twelfth a month", p.Sig(v[0]), p.Sig(v[1]))
	}
	return append(changes, amount+"="+strconv.FormatFloat(cost, 'g', -1, 64),
		htmlreport.AnnualCostField+"="+texts[htmlreport.AnnualCostField], htmlreport.CaseloadField+"="+texts[htmlreport.CaseloadField])
}
