package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"ipscba/cba"
)

// CSV writes in in long format, one number a row (see the package
// documentation for the columns).
func CSV(w io.Writer, in Input) error {
	cw := csv.NewWriter(w)
	r := in.Result
	row := func(table, arm, comparator, group, perspective, item, value string) {
		cw.Write([]string{table, arm, comparator, group, perspective, item, value})
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	ratioText := func(x cba.Ratio) string {
		if x.CostSaving {
			return cba.BenefitCostRatio.Infinite()
		}
		return num(share(x.Value))
	}
	perGainText := func(v float64) string { // a cost per unit gained
		if math.IsInf(v, 1) {
			return cba.CostPerMonthInWork.Infinite()
		}
		return num(money(v))
	}
	row("table", "arm", "comparator", "group", "perspective", "item", "value")
	write := func(table string, o *cba.Outcome, s *cba.Summary) {
		group := s.Group
		if group == "" {
			group = cba.Population
		}
		for p, name := range r.Perspectives {
			row(table, o.Arm, o.Comparator, group, name, "npv", num(money(s.NPV[p])))
			if s.NPVObserved != nil {
				row(table, o.Arm, o.Comparator, group, name, "npv_observed", num(money(s.NPVObserved[p])))
			}
			for c, cname := range r.Components {
				if v := money(r.Contribution(s, p, c)); v != 0 {
					row(table, o.Arm, o.Comparator, group, name, "component:"+cname, num(v))
				}
			}
			be := ""
			if s.BreakEven[p] != cba.NoBreakEven {
				be = strconv.Itoa(s.BreakEven[p])
			}
			row(table, o.Arm, o.Comparator, group, name, "break_even_month", be)
		}
		if table == "increment" {
			row(table, o.Arm, o.Comparator, group, "", "benefit_cost_ratio", ratioText(s.BCR))
			row(table, o.Arm, o.Comparator, group, "", "public_return", ratioText(s.PublicReturn))
			perKrone := "public budgets gain"
			if !s.NetPerBudgetKrone.CostSaving {
				perKrone = num(share(s.NetPerBudgetKrone.Value))
			}
			row(table, o.Arm, o.Comparator, group, "", "net_benefit_per_budget_krone", perKrone)
			row(table, o.Arm, o.Comparator, group, "", "cost_per_extra_month_in_work", perGainText(s.CostPerMonthInWork))
			row(table, o.Arm, o.Comparator, group, "", fmt.Sprintf("cost_per_extra_person_in_work_at_month_%d", r.WindowMonth()), perGainText(s.CostPerPersonInWork))
		}
		row(table, o.Arm, o.Comparator, group, "", "employed_months", num(share(s.EmployedMonths)))
		row(table, o.Arm, o.Comparator, group, "", "earnings", num(money(s.Earnings)))
		row(table, o.Arm, o.Comparator, group, "", "discounted_earnings", num(money(s.DiscountedEarnings)))
		row(table, o.Arm, o.Comparator, group, "", "programme_cost", num(money(s.ProgrammeCost)))
	}
	for _, set := range []struct {
		table string
		os    []cba.Outcome
	}{{"arm", r.Arms}, {"increment", r.Increments}} {
		for i := range set.os {
			o := &set.os[i]
			write(set.table, o, &o.Population)
			for g := range o.Groups {
				write(set.table, o, &o.Groups[g])
			}
		}
	}
	for i := range in.Budgets {
		budgetCSV(row, &in.Budgets[i], in.BudgetYears)
	}
	cw.Flush()
	return cw.Error()
}

// budgetCSV writes a budget's rows: each year's flows and cumulative
// flows, the first n years' total (0: DefaultBudgetYears) and the total.
func budgetCSV(row func(table, arm, comparator, group, perspective, item, value string), b *cba.Budget, n int) {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	n = BudgetYears(n, len(b.Undiscounted))
	first := "1-" + strconv.Itoa(n)
	fu, fd := b.FirstYears(n)
	for p, name := range b.Perspectives {
		for y := range b.Undiscounted {
			year := strconv.Itoa(y + 1)
			for _, c := range []struct {
				item string
				v    float64
			}{{"undiscounted", b.Undiscounted[y][p]}, {"discounted", b.Discounted[y][p]},
				{"cumulative_undiscounted", b.CumulativeUndiscounted[y][p]}, {"cumulative_discounted", b.CumulativeDiscounted[y][p]}} {
				row("budget", b.Arm, b.Comparator, year, name, c.item, num(money(c.v)))
			}
		}
		if n > 0 {
			row("budget", b.Arm, b.Comparator, first, name, "undiscounted", num(money(fu[p])))
			row("budget", b.Arm, b.Comparator, first, name, "discounted", num(money(fd[p])))
		}
		row("budget", b.Arm, b.Comparator, "total", name, "undiscounted", num(money(b.TotalUndiscounted[p])))
		row("budget", b.Arm, b.Comparator, "total", name, "discounted", num(money(b.TotalDiscounted[p])))
	}
}
