package report

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"

	"ipscba/cba"
)

// TidyHeader is the header of Tidy's CSV.
var TidyHeader = []string{"scenario", "arm", "comparator", "group", "perspective", "payer", "measure", "component", "month", "year", "value"}

// Tidy writes in as one tidy table, one number a row, for R, pandas and
// DuckDB:
//
//	scenario,arm,comparator,group,perspective,payer,measure,component,month,year,value
//
// perspective is participant, payer, public or society; payer names the
// payer when perspective is payer. comparator is empty for an arm on its
// own. group is "population" or a group's name. measure is npv,
// npv_observed, present_value (with component), break_even_month (empty
// when not within the horizon), flow (the month's undiscounted net flow,
// with month), cumulative (the discounted net flow cumulated to the end of
// month), employment (the share in work at month, for an arm on its own),
// benefit_cost_ratio and public_return (empty when cost-saving),
// net_benefit_per_budget_krone (empty when the public budgets gain),
// cost_per_extra_month_in_work and cost_per_extra_person_in_work (with
// month, the end of the observed window; both empty when no work is
// gained), employed_months, earnings, programme_cost, and for the budget impact
// budget_undiscounted and budget_discounted (with year; the whole cohort).
// Money is in the scenario's currency at its price year, per participant
// but in budget rows, unrounded.
func Tidy(w io.Writer, in Input) error {
	t := &tidy{cw: csv.NewWriter(w), r: in.Result}
	t.cw.Write(TidyHeader)
	for _, set := range []struct {
		os        []cba.Outcome
		increment bool
	}{{t.r.Arms, false}, {t.r.Increments, true}} {
		for i := range set.os {
			o := &set.os[i]
			t.outcome(o, &o.Population, set.increment)
			for g := range o.Groups {
				t.outcome(o, &o.Groups[g], set.increment)
			}
		}
	}
	for _, b := range in.Budgets {
		for p, name := range b.Perspectives {
			for y := range b.Undiscounted {
				t.row(b.Arm, b.Comparator, cba.Population, name, "budget_undiscounted", "", -1, y+1, tidyNum(b.Undiscounted[y][p]))
				t.row(b.Arm, b.Comparator, cba.Population, name, "budget_discounted", "", -1, y+1, tidyNum(b.Discounted[y][p]))
			}
		}
	}
	t.cw.Flush()
	return t.cw.Error()
}

// tidy writes Tidy's rows.
type tidy struct {
	cw *csv.Writer
	r  *cba.Result
}

func tidyNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// tidyRatio is a ratio, empty when there is none (cost-saving, or the
// public budgets gain).
func tidyRatio(x cba.Ratio) string {
	if x.CostSaving {
		return ""
	}
	return tidyNum(x.Value)
}

// tidyPerGain is a cost per gain, empty when none is gained.
func tidyPerGain(v float64) string {
	if math.IsInf(v, 1) {
		return ""
	}
	return tidyNum(v)
}

// row writes one number: month and year empty when below 0 and 0.
func (t *tidy) row(arm, comp, group, persp, measure, component string, month, year int, value string) {
	p, payer := persp, ""
	if slices.Contains(t.r.Perspectives, persp) && persp != cba.Participant && persp != cba.Public && persp != cba.Society {
		p, payer = "payer", persp
	}
	m, y := "", ""
	if month >= 0 {
		m = strconv.Itoa(month)
	}
	if year > 0 {
		y = strconv.Itoa(year)
	}
	t.cw.Write([]string{t.r.Scenario, arm, comp, group, p, payer, measure, component, m, y, value})
}

// outcome writes the rows of summary s of outcome o: an increment's
// (with its ratios) or an arm's (with its employment).
func (t *tidy) outcome(o *cba.Outcome, s *cba.Summary, increment bool) {
	r := t.r
	group := s.Group
	if group == "" {
		group = cba.Population
	}
	for p, name := range r.Perspectives {
		t.row(o.Arm, o.Comparator, group, name, "npv", "", -1, 0, tidyNum(s.NPV[p]))
		if s.NPVObserved != nil {
			t.row(o.Arm, o.Comparator, group, name, "npv_observed", "", -1, 0, tidyNum(s.NPVObserved[p]))
		}
		for c, cname := range r.Components {
			if v := r.Contribution(s, p, c); v != 0 {
				t.row(o.Arm, o.Comparator, group, name, "present_value", cname, -1, 0, tidyNum(v))
			}
		}
		be := ""
		if s.BreakEven[p] != cba.NoBreakEven {
			be = strconv.Itoa(s.BreakEven[p])
		}
		t.row(o.Arm, o.Comparator, group, name, "break_even_month", "", -1, 0, be)
		for m := 0; m <= r.HorizonMonths; m++ {
			t.row(o.Arm, o.Comparator, group, name, "flow", "", m, 0, tidyNum(r.PerspectiveFlow(s, p, m)))
			t.row(o.Arm, o.Comparator, group, name, "cumulative", "", m, 0, tidyNum(r.Cumulative(s, p, m)))
		}
	}
	if increment {
		t.row(o.Arm, o.Comparator, group, "", "benefit_cost_ratio", "", -1, 0, tidyRatio(s.BCR))
		t.row(o.Arm, o.Comparator, group, "", "public_return", "", -1, 0, tidyRatio(s.PublicReturn))
		t.row(o.Arm, o.Comparator, group, "", "net_benefit_per_budget_krone", "", -1, 0, tidyRatio(s.NetPerBudgetKrone))
		t.row(o.Arm, o.Comparator, group, "", "cost_per_extra_month_in_work", "", -1, 0, tidyPerGain(s.CostPerMonthInWork))
		t.row(o.Arm, o.Comparator, group, "", "cost_per_extra_person_in_work", "", r.WindowMonth(), 0, tidyPerGain(s.CostPerPersonInWork))
	} else {
		for m, e := range s.Employment {
			t.row(o.Arm, o.Comparator, group, "", "employment", "", m, 0, tidyNum(e))
		}
	}
	t.row(o.Arm, o.Comparator, group, "", "employed_months", "", -1, 0, tidyNum(s.EmployedMonths))
	t.row(o.Arm, o.Comparator, group, "", "earnings", "", -1, 0, tidyNum(s.Earnings))
	t.row(o.Arm, o.Comparator, group, "", "programme_cost", "", -1, 0, tidyNum(s.ProgrammeCost))
}
