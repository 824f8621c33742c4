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
func (s *server) derive(r *http.Request, e *edit, f *scenario.File, factors []scenario.Factor, earlier, changes []string, label func(string) string) []string {
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
	// The reason the page wrote itself for the texts shown is rewritten
	// with them, or cleared with them; a planner's own is kept.
	pageMade := false
	if why, ok := s.derivedWhy(shown); ok && e.why[amount] == why {
		pageMade = true
	}
	switch {
	case !changed && direct && len(shown) > 0:
		if pageMade {
			delete(e.why, amount)
		}
		return append(changes, clear...)
	case !changed:
		return changes
	case direct:
		e.errors[amount] = s.word("give the cost per participant-month, or the specialist's cost a year and caseload, not both")
		return changes
	case texts[htmlreport.AnnualCostField] == "" && texts[htmlreport.CaseloadField] == "":
		return append(changes, clear...)
	}
	return s.specialist(e, amount, texts, pageMade, changes, label)
}

// derivedWhy is the reason the page writes for a cost per
// participant-month derived from the specialist's cost a year and
// caseload texts; false when they are not both numbers.
func (s *server) derivedWhy(texts map[string]string) (string, bool) {
	var v [2]float64
	for i, name := range []string{htmlreport.AnnualCostField, htmlreport.CaseloadField} {
		x, err := readNumber(s.lang, texts[name])
		if err != nil || texts[name] == "" {
			return "", false
		}
		v[i] = x
	}
	p := report.NewPrinter(s.lang, nil)
	return s.word("the specialist's cost a year, %s, over a caseload of %s, a twelfth a month", p.Sig(v[0]), p.Sig(v[1])), true
}

// specialist adds to changes the cost per participant-month that the
// specialist's cost a year and caseload texts make, and the texts, or puts
// the problem beside their fields (a form of a number the page refuses,
// with the field's label). The reason given with the cost is the page's
// own for the new texts when there was none or when it was the page's own
// (pageMade).
func (s *server) specialist(e *edit, amount string, texts map[string]string, pageMade bool, changes []string, label func(string) string) []string {
	var v [2]float64
	for i, name := range []string{htmlreport.AnnualCostField, htmlreport.CaseloadField} {
		number, refused := htmlreport.ReadNumber(s.lang, texts[name])
		x, err := scenario.ParseNumber(number)
		switch {
		case texts[name] == "":
			e.errors[name] = s.word("give the specialist's cost a year and caseload together")
		case refused != nil:
			e.errors[name] = label(name) + ": " + s.message(refused)
		case err != nil:
			e.errors[name] = s.message(err)
		case !(x > 0):
			e.errors[name] = s.word("must be above 0, got %s", texts[name])
		}
		v[i] = x
	}
	if len(e.errors) > 0 {
		return changes
	}
	cost, ok := perParticipantMonth(v[0], v[1])
	if !ok {
		msg := s.word("%s over a caseload of %s, a twelfth a month, is no cost per participant-month a computer can hold (too large or too small): give other numbers",
			texts[htmlreport.AnnualCostField], texts[htmlreport.CaseloadField])
		e.errors[htmlreport.AnnualCostField], e.errors[htmlreport.CaseloadField] = msg, msg
		return changes
	}
	if why, _ := s.derivedWhy(texts); e.why[amount] == "" || pageMade {
		e.why[amount] = why
	}
	return append(changes, amount+"="+strconv.FormatFloat(cost, 'g', -1, 64),
		htmlreport.AnnualCostField+"="+texts[htmlreport.AnnualCostField], htmlreport.CaseloadField+"="+texts[htmlreport.CaseloadField])
}
