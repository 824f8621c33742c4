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
	cw := csv.NewWriter(w)
	r := in.Result
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	who := func(p string) (string, string) {
		if slices.Contains(r.Perspectives, p) && p != cba.Participant && p != cba.Public && p != cba.Society {
			return "payer", p
		}
		return p, ""
	}
	row := func(arm, comp, group, persp, measure, component string, month, year int, value string) {
		p, payer := who(persp)
		m, y := "", ""
		if month >= 0 {
			m = strconv.Itoa(month)
		}
		if year > 0 {
			y = strconv.Itoa(year)
		}
		cw.Write([]string{r.Scenario, arm, comp, group, p, payer, measure, component, m, y, value})
	}
	cw.Write(TidyHeader)
	ratio := func(x cba.Ratio) string {
		if x.CostSaving {
			return ""
		}
		return num(x.Value)
	}
	perGain := func(v float64) string {
		if math.IsInf(v, 1) {
			return ""
		}
		return num(v)
	}
	write := func(o *cba.Outcome, s *cba.Summary, increment bool) {
		group := s.Group
		if group == "" {
			group = cba.Population
		}
		for p, name := range r.Perspectives {
			row(o.Arm, o.Comparator, group, name, "npv", "", -1, 0, num(s.NPV[p]))
			if s.NPVObserved != nil {
				row(o.Arm, o.Comparator, group, name, "npv_observed", "", -1, 0, num(s.NPVObserved[p]))
			}
			for c, cname := range r.Components {
				if v := r.Contribution(s, p, c); v != 0 {
					row(o.Arm, o.Comparator, group, name, "present_value", cname, -1, 0, num(v))
				}
			}
			be := ""
			if s.BreakEven[p] != cba.NoBreakEven {
				be = strconv.Itoa(s.BreakEven[p])
			}
			row(o.Arm, o.Comparator, group, name, "break_even_month", "", -1, 0, be)
			for m := 0; m <= r.HorizonMonths; m++ {
				row(o.Arm, o.Comparator, group, name, "flow", "", m, 0, num(r.PerspectiveFlow(s, p, m)))
				row(o.Arm, o.Comparator, group, name, "cumulative", "", m, 0, num(r.Cumulative(s, p, m)))
			}
		}
		if increment {
			row(o.Arm, o.Comparator, group, "", "benefit_cost_ratio", "", -1, 0, ratio(s.BCR))
			row(o.Arm, o.Comparator, group, "", "public_return", "", -1, 0, ratio(s.PublicReturn))
			row(o.Arm, o.Comparator, group, "", "net_benefit_per_budget_krone", "", -1, 0, ratio(s.NetPerBudgetKrone))
			row(o.Arm, o.Comparator, group, "", "cost_per_extra_month_in_work", "", -1, 0, perGain(s.CostPerMonthInWork))
			row(o.Arm, o.Comparator, group, "", "cost_per_extra_person_in_work", "", r.WindowMonth(), 0, perGain(s.CostPerPersonInWork))
		} else {
			for m, e := range s.Employment {
				row(o.Arm, o.Comparator, group, "", "employment", "", m, 0, num(e))
			}
		}
		row(o.Arm, o.Comparator, group, "", "employed_months", "", -1, 0, num(s.EmployedMonths))
		row(o.Arm, o.Comparator, group, "", "earnings", "", -1, 0, num(s.Earnings))
		row(o.Arm, o.Comparator, group, "", "programme_cost", "", -1, 0, num(s.ProgrammeCost))
	}
	for _, set := range []struct {
		os        []cba.Outcome
		increment bool
	}{{r.Arms, false}, {r.Increments, true}} {
		for i := range set.os {
			o := &set.os[i]
			write(o, &o.Population, set.increment)
			for g := range o.Groups {
				write(o, &o.Groups[g], set.increment)
			}
		}
	}
	for _, b := range in.Budgets {
		for p, name := range b.Perspectives {
			for y := range b.Undiscounted {
				row(b.Arm, b.Comparator, cba.Population, name, "budget_undiscounted", "", -1, y+1, num(b.Undiscounted[y][p]))
				row(b.Arm, b.Comparator, cba.Population, name, "budget_discounted", "", -1, y+1, num(b.Discounted[y][p]))
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
