package report

import (
	"fmt"
	"strconv"
	"strings"

	"ipscba/cba"
)

// DefaultBudgetYears is the first years whose total a budget shows when
// none is asked for: a committee's planning period.
const DefaultBudgetYears = 5

// BudgetYears is how many first years' total a budget of years calendar
// years shows when n are asked for: n (DefaultBudgetYears when n < 1), at
// most years. Every report and the page call it.
func BudgetYears(n, years int) int {
	if n < 1 {
		n = DefaultBudgetYears
	}
	return min(n, years)
}

// FirstYearsLabel names the total of the first n years ("years 1-5"), or
// of the only year.
func FirstYearsLabel(p Printer, n int) string { return firstYearsLabel(p.words, n) }

func firstYearsLabel(t *words, n int) string {
	if n == 1 {
		return t.T("year 1")
	}
	return t.T("years 1-%s", strconv.Itoa(n))
}

// budgetHeading is a budget's heading: the increment, the intake (as
// written: 12.5 starts a year is not 13) and the years.
func budgetHeading(t *words, bud *cba.Budget) (arm, comparator, starts, years string) {
	return t.ArmHead(bud.Arm), t.ArmHead(bud.Comparator), t.Sig(bud.Cohort.StartsPerYear), strconv.Itoa(bud.Cohort.Years)
}

// budgetSections are a budget's tables in the order a committee reads
// them: what each budget sees year by year, what it has paid or gained
// by the end of each year, and the same discounted. The tables of single
// years end with the first years' total and the total of all years; a
// cumulative table ends with its last year.
var budgetSections = []cba.BudgetMeasure{cba.BudgetYear, cba.BudgetCumulative, cba.BudgetYearDiscounted, cba.BudgetCumulativeDiscounted}

// budgetTitle is the heading of a budget's table of measure m.
func budgetTitle(t *words, m cba.BudgetMeasure) string {
	switch m {
	case cba.BudgetYear:
		return t.T("by calendar year, undiscounted (what each budget sees in the year)")
	case cba.BudgetCumulative:
		return t.T("cumulative to the end of the year, undiscounted")
	case cba.BudgetYearDiscounted:
		return t.T("by calendar year, discounted to the programme's start")
	}
	return t.T("cumulative to the end of the year, discounted to the programme's start")
}

// writeBudget writes a budget's tables: each year by perspective,
// undiscounted and discounted, year by year and cumulative, with the total
// of the first n years and of all years.
func writeBudget(b *strings.Builder, t *words, r *cba.Result, bud *cba.Budget, n int) {
	if err := bud.Cohort.CheckIntake(); err != nil {
		b.WriteString("\n" + wrap(t.message(err), 78) + "\n")
		return
	}
	arm, comparator, starts, years := budgetHeading(t, bud)
	fmt.Fprint(b, "\n"+t.T("budget impact, %s minus %s: %s starts a year for %s years (whole cohort, %s)", arm, comparator, starts, years, r.Currency)+"\n")
	first := BudgetYears(n, len(bud.Undiscounted))
	for _, m := range budgetSections {
		rows := m.Of(bud)
		b.WriteString("\n" + budgetTitle(t, m) + "\n")
		tw := table(b)
		head := []string{t.T("year")}
		for _, p := range bud.Perspectives {
			head = append(head, t.Perspective(p))
		}
		fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
		row := func(name string, v []float64) {
			cells := make([]string, len(v))
			for p := range v {
				cells[p] = t.Int(v[p])
			}
			fmt.Fprintf(tw, "%s\t%s\t\n", name, strings.Join(cells, "\t"))
		}
		for y := range rows {
			row(strconv.Itoa(y+1), rows[y])
		}
		if (m == cba.BudgetYear || m == cba.BudgetYearDiscounted) && len(rows) > 0 {
			cumulative := cba.BudgetCumulative
			if m == cba.BudgetYearDiscounted {
				cumulative = cba.BudgetCumulativeDiscounted
			}
			sums := cumulative.Of(bud)
			row(firstYearsLabel(t, first), sums[first-1])
			row(t.T("all years"), sums[len(sums)-1])
		}
		tw.Flush()
	}
	b.WriteString(wrap(t.T("money for the whole cohort at %s prices; a cost is below zero; discounted: to the start of the programme's first month", strconv.Itoa(r.PriceYear)), 78) + "\n")
}

// writeBudgetRun writes the budget of increment i under uncertainty: for
// each perspective, each year's undiscounted flow at the means, its mean
// and percentiles over the draws and the chance of a gain, then the first
// n years' and all years' totals, undiscounted and discounted.
func writeBudgetRun(b *strings.Builder, t *words, r *cba.Result, br *cba.BudgetRun, i int, percentiles []float64, n int) {
	bud := &br.Budgets[i]
	years := len(bud.Undiscounted)
	if years == 0 {
		return
	}
	first := BudgetYears(n, years)
	arm, comparator, starts, cohortYears := budgetHeading(t, bud)
	b.WriteString("\n" + wrap(t.T("budget impact under uncertainty, %s minus %s: %s starts a year for %s years (whole cohort, %s at %s prices, undiscounted unless said), over %s draws",
		arm, comparator, starts, cohortYears, r.Currency, strconv.Itoa(r.PriceYear), t.Int(float64(br.Iterations))), 78) + "\n")
	for p, name := range bud.Perspectives {
		b.WriteString("\n" + t.Perspective(name) + "\n")
		tw := table(b)
		head := []string{t.T("year"), t.T("at the means"), t.T("mean")}
		for _, q := range percentiles {
			head = append(head, t.Sig(q)+" %")
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", strings.Join(head, "\t"), t.T("chance of a gain"))
		row := func(label string, m cba.BudgetMeasure, year int) {
			s, _ := br.Summary(i, m, year, p, percentiles...)
			cells := []string{label, t.Int(m.Of(bud)[year-1][p]), t.Int(s.Mean)}
			for _, v := range s.Percentiles {
				cells = append(cells, t.Int(v))
			}
			fmt.Fprintf(tw, "%s\t%s\t\n", strings.Join(cells, "\t"), t.Percent(s.PAboveZero))
		}
		for y := 1; y <= years; y++ {
			row(strconv.Itoa(y), cba.BudgetYear, y)
		}
		row(firstYearsLabel(t, first), cba.BudgetCumulative, first)
		row(t.T("all years"), cba.BudgetCumulative, years)
		row(t.T("%s, discounted", firstYearsLabel(t, first)), cba.BudgetCumulativeDiscounted, first)
		row(t.T("all years, discounted"), cba.BudgetCumulativeDiscounted, years)
		tw.Flush()
	}
	b.WriteString(wrap(BudgetSpreadNote(Printer{t}), 78) + "\n")
}

// BudgetSpreadNote says how to read the budget's percentiles over the
// draws, in p's language: every report prints it under that table.
func BudgetSpreadNote(p Printer) string {
	return p.T("each row's percentiles are of that row's value over the draws (a first years' total is not the sum of the years' percentiles); a cost is below zero; the chance of a gain is the share of draws in which the budget is above zero, none where it neither pays nor gains")
}

// budgetOutputs are the values of in.Budget (none when nil) in the form
// of a run's outputs: group "cohort", measure "budget_" and the
// BudgetMeasure, each perspective and calendar year; then the first
// years' totals (in.BudgetYears), measure "budget_first_years" and
// "budget_first_years_discounted" at year N: the cumulative flows to the
// end of year N, named for the question they answer.
func budgetOutputs(in MonteCarloInput) []mcOutput {
	br := in.Budget
	if br == nil {
		return nil
	}
	var outs []mcOutput
	for i := range br.Budgets {
		bud := &br.Budgets[i]
		add := func(m cba.BudgetMeasure, measure string, year int) {
			for p := range bud.Perspectives {
				outs = append(outs, budgetOutput(in, i, m, measure, year, p))
			}
		}
		for m := cba.BudgetYear; m <= cba.BudgetCumulativeDiscounted; m++ {
			for y := range m.Of(bud) {
				add(m, "budget_"+m.String(), y+1)
			}
		}
		if years := len(bud.Undiscounted); years > 0 {
			n := BudgetYears(in.BudgetYears, years)
			add(cba.BudgetCumulative, "budget_first_years", n)
			add(cba.BudgetCumulativeDiscounted, "budget_first_years_discounted", n)
		}
	}
	return outs
}

// budgetOutput is budget i's measure m at year for perspective p, as a
// run's output named measure.
func budgetOutput(in MonteCarloInput, i int, m cba.BudgetMeasure, measure string, year, p int) mcOutput {
	br := in.Budget
	bud := &br.Budgets[i]
	name := bud.Perspectives[p]
	s, _ := br.Summary(i, m, year, p, in.Percentiles...)
	o := mcOutput{Name: fmt.Sprintf("%s-%s/cohort/%s/%s/year%d", bud.Arm, bud.Comparator, measure, name, year),
		Arm: bud.Arm, Comparator: bud.Comparator, Group: "cohort", Measure: measure, Perspective: name, Year: year,
		Deterministic: finite(m.Of(bud)[year-1][p], money), Mean: finite(s.Mean, money), SD: finite(s.SD, money), MCSE: finite(s.MCSE, money),
		Min: finite(s.Min, money), Max: finite(s.Max, money), Percentiles: []*float64{},
		PAboveZero: share(s.PAboveZero), PAtLeastZero: share(s.PAtLeastZero), ShareInfinite: share(s.ShareInf)}
	for _, v := range s.Percentiles {
		o.Percentiles = append(o.Percentiles, finite(v, money))
	}
	return o
}
