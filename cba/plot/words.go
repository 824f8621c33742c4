package plot

import (
	"strconv"

	"ipscba/cba"
)

// output is the axis title of a run's output: what it measures, for whom,
// and its unit: "NPV per participant, society (NOK, 2025 prices)".
func (s *settings) output(k cba.OutputKey) string {
	_, unit := s.measure(k.Measure)
	if unit == "" {
		return s.outputName(k)
	}
	return s.outputName(k) + " " + unit
}

// outputName says what an output measures and for whom, without its unit:
// "NPV per participant, society".
func (s *settings) outputName(k cba.OutputKey) string {
	phrase, _ := s.measure(k.Measure)
	if k.Perspective != "" && k.Measure.PerPerspective() {
		phrase += ", " + s.label(k.Perspective)
	}
	if k.Measure == cba.Cumulative && k.Year > 0 {
		phrase += ", " + s.w("year") + " " + strconv.Itoa(k.Year)
	}
	return phrase
}

// measure names a measure and its unit.
func (s *settings) measure(m cba.Measure) (phrase, unit string) {
	switch m {
	case cba.NPV:
		return s.w("NPV per participant"), s.money()
	case cba.NPVObserved:
		return s.w("NPV over the observed window per participant"), s.money()
	case cba.BenefitCostRatio:
		return s.w("benefit-cost ratio"), "(" + s.w("society's gain per unit of programme cost") + ")"
	case cba.PublicReturn:
		return s.w("public return"), "(" + s.w("public budgets' gain per unit of programme cost") + ")"
	case cba.EmployedMonths:
		return s.w("time in work per participant"), "(" + s.w("months") + ")"
	case cba.DiscountedEmployedMonths:
		return s.w("discounted time in work per participant"), "(" + s.w("months") + ")"
	case cba.IncrementalCost:
		return s.w("incremental programme cost per participant"), s.money()
	case cba.BreakEvenMonth:
		return s.w("break-even"), "(" + s.w("months since start") + ")"
	case cba.Cumulative:
		return s.w("cumulative net flow per participant"), s.money()
	case cba.ProgrammeCostBorne:
		return s.w("programme cost borne per participant"), s.money()
	case cba.CostPerMonthInWork:
		return s.w("programme cost per extra month in work"), s.money()
	case cba.CostPerPersonInWork:
		return s.w("programme cost per extra person in work at the end of the observed window"), s.money()
	}
	return s.w("output"), ""
}

// versus names an increment: "ips minus traditional".
func (s *settings) versus(arm, comparator string) string {
	if comparator == "" {
		return s.label(arm)
	}
	return s.label(arm) + " " + s.w("minus") + " " + s.label(comparator)
}
