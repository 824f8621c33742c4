package report

import (
	"math"
	"strconv"

	"ipscba/cba"
)

// Output names an output of a run for a reader: what it measures, for
// whom, for which increment and group, e.g. "NPV per participant of the
// public budgets, ips minus traditional, whole population".
func (w *words) Output(k cba.OutputKey) string {
	p := w.Perspective(k.Perspective)
	var what string
	switch k.Measure {
	case cba.NPV:
		what = w.T("NPV per participant of %s", p)
	case cba.NPVObserved:
		what = w.T("NPV per participant over the observed window of %s", p)
	case cba.BenefitCostRatio:
		what = w.T("benefit-cost ratio")
	case cba.PublicReturn:
		what = w.T("public return")
	case cba.EmployedMonths:
		what = w.T("months in work per participant")
	case cba.DiscountedEmployedMonths:
		what = w.T("discounted months in work per participant")
	case cba.IncrementalCost:
		what = w.T("programme cost per participant (discounted)")
	case cba.BreakEvenMonth:
		what = w.T("break-even month of %s", p)
	case cba.Cumulative:
		what = w.T("cumulative discounted net flow per participant of %s by the end of year %s", p, strconv.Itoa(k.Year))
	case cba.ProgrammeCostBorne:
		what = w.T("programme cost borne per participant by %s (discounted)", p)
	case cba.CostPerMonthInWork:
		what = w.T("programme cost per extra month in work")
	case cba.CostPerPersonInWork:
		what = w.T("programme cost per extra person in work at the end of the observed window")
	default:
		what = k.Measure.String()
	}
	if k.Comparator == "" {
		return what + ", " + w.Arm(k.Arm) + ", " + w.Group(k.Group)
	}
	return what + ", " + w.Versus(k.Arm, k.Comparator) + ", " + w.Group(k.Group)
}

// OutputValue writes a value of output k for a reader: +Inf in the
// measure's words (Measure.Infinite: "cost-saving", "none gained", "not
// within the horizon"), money as a whole number of the currency's units
// (so that a value a millionth of a krone from 0 is 0), a ratio with two
// decimals, a break-even month as a month, months with one decimal.
func (w *words) OutputValue(k cba.OutputKey, v float64) string {
	switch {
	case math.IsInf(v, 1) && k.Measure.Infinite() != "":
		return w.T(k.Measure.Infinite())
	case k.Measure.Money():
		return w.Int(v)
	case k.Measure == cba.BenefitCostRatio || k.Measure == cba.PublicReturn:
		return w.Dec(v, 2)
	case k.Measure == cba.BreakEvenMonth:
		return w.Int(v)
	}
	return w.Dec(v, 1)
}

// OutputUnit says an output's unit: the scenario's money "NOK at 2025 prices,
// per participant", a ratio, months.
func (w *words) OutputUnit(k cba.OutputKey, s *cba.Scenario) string {
	switch k.Measure {
	case cba.BenefitCostRatio, cba.PublicReturn:
		return w.T("a ratio; cost-saving when the programme costs less")
	case cba.EmployedMonths, cba.DiscountedEmployedMonths:
		return w.T("months in work, per participant")
	case cba.BreakEvenMonth:
		return w.T("a month; not within the horizon when the money does not come back")
	case cba.CostPerMonthInWork, cba.CostPerPersonInWork:
		if s != nil {
			return w.T("%s at %s prices, discounted; none gained when the programme gains no work", s.Currency, strconv.Itoa(s.PriceYear))
		}
		return w.T("discounted; none gained when the programme gains no work")
	}
	if s == nil {
		return ""
	}
	return w.T("%s at %s prices, per participant", s.Currency, strconv.Itoa(s.PriceYear))
}
