package htmlreport

import (
	"slices"
	"strconv"

	"ipscba/cba"
	"ipscba/cba/report"
)

// budgetView is the budget impact of the first arm against the
// comparator, for the whole cohort: the first screen's years by payer,
// and the budget section's tables.
type budgetView struct {
	Caption, Note string
	// SpreadNote says how to read Spread.
	SpreadNote string
	// Years is the first screen's table: each public budget (and their
	// total) by calendar year 1 to N, undiscounted, and the first N
	// years' total.
	Years table
	// Tables are each year's and the cumulative flows by perspective,
	// undiscounted and discounted, with the totals.
	Tables []table
	// Spread is, with a Monte Carlo run, each perspective's years and
	// totals over the draws: at the means, mean and percentiles.
	Spread []table
}

// newBudgetView makes the budget's tables from b, and from br (nil: no
// Monte Carlo run) their spread, with the total of the first n years.
func newBudgetView(p report.Printer, currency string, b *cba.Budget, br *cba.BudgetRun, n int) *budgetView {
	years := len(b.Undiscounted)
	if years == 0 {
		return nil
	}
	n = report.BudgetYears(n, years)
	v := &budgetView{Caption: p.T("budget impact, %s minus %s: %s starts a year for %s years (whole cohort, %s)",
		p.Arm(b.Arm), p.Arm(b.Comparator), p.Sig(b.Cohort.StartsPerYear), strconv.Itoa(b.Cohort.Years), currency)}
	v.Years = yearsByPayer(p, b, n)
	for _, m := range []cba.BudgetMeasure{cba.BudgetYear, cba.BudgetCumulative, cba.BudgetYearDiscounted, cba.BudgetCumulativeDiscounted} {
		v.Tables = append(v.Tables, budgetTable(p, b, m, n))
	}
	if br != nil {
		v.SpreadNote = report.BudgetSpreadNote(p)
		for k := range b.Perspectives {
			v.Spread = append(v.Spread, spreadTable(p, b, br, k, n))
		}
	}
	return v
}

// yearsByPayer is each public budget's and their total's undiscounted flow
// in years 1 to n, and its total.
func yearsByPayer(p report.Printer, b *cba.Budget, n int) table {
	t := table{Head: []string{""}}
	for y := 1; y <= n; y++ {
		t.Head = append(t.Head, p.T("year %s", strconv.Itoa(y)))
	}
	t.Head = append(t.Head, report.FirstYearsLabel(p, n))
	first, _ := b.FirstYears(n)
	for k, name := range b.Perspectives {
		if name == cba.Participant || name == cba.Society {
			continue
		}
		row := []string{p.Perspective(name)}
		for y := range n {
			row = append(row, p.Int(b.Undiscounted[y][k]))
		}
		t.Rows = append(t.Rows, append(row, p.Int(first[k])))
	}
	return t
}

// budgetTable is measure m of every perspective by year; a table of single
// years ends with the first n years' and all years' totals.
func budgetTable(p report.Printer, b *cba.Budget, m cba.BudgetMeasure, n int) table {
	titles := map[cba.BudgetMeasure]string{
		cba.BudgetYear:                 p.T("by calendar year, undiscounted (what each budget sees in the year)"),
		cba.BudgetCumulative:           p.T("cumulative to the end of the year, undiscounted"),
		cba.BudgetYearDiscounted:       p.T("by calendar year, discounted to the programme's start"),
		cba.BudgetCumulativeDiscounted: p.T("cumulative to the end of the year, discounted to the programme's start"),
	}
	t := table{Caption: titles[m], Head: []string{p.T("year")}}
	for _, name := range b.Perspectives {
		t.Head = append(t.Head, p.Perspective(name))
	}
	row := func(label string, v []float64) {
		cells := []string{label}
		for _, x := range v {
			cells = append(cells, p.Int(x))
		}
		t.Rows = append(t.Rows, cells)
	}
	rows := m.Of(b)
	for y := range rows {
		row(strconv.Itoa(y+1), rows[y])
	}
	if m == cba.BudgetYear || m == cba.BudgetYearDiscounted {
		sums := cba.BudgetCumulative.Of(b)
		if m == cba.BudgetYearDiscounted {
			sums = cba.BudgetCumulativeDiscounted.Of(b)
		}
		row(report.FirstYearsLabel(p, n), sums[n-1])
		row(p.T("all years"), sums[len(sums)-1])
	}
	return t
}

// spreadTable is perspective k's years and totals over a Monte Carlo
// run's draws: at the means, mean, 2.5th, 50th and 97.5th percentiles and
// the chance of a gain.
func spreadTable(p report.Printer, b *cba.Budget, br *cba.BudgetRun, k, n int) table {
	t := table{Caption: p.Perspective(b.Perspectives[k]),
		Head: []string{p.T("year"), p.T("at the means"), p.T("mean"), p.Sig(2.5) + " %", p.Sig(50) + " %", p.Sig(97.5) + " %", p.T("chance of a gain")}}
	years := len(b.Undiscounted)
	row := func(label string, m cba.BudgetMeasure, y int) {
		s, _ := br.Summary(0, m, y, k, 2.5, 50, 97.5)
		cells := []string{label, p.Int(m.Of(b)[y-1][k]), p.Int(s.Mean)}
		for _, v := range s.Percentiles {
			cells = append(cells, p.Int(v))
		}
		t.Rows = append(t.Rows, append(cells, p.Percent(s.PAboveZero)))
	}
	for y := 1; y <= years; y++ {
		row(strconv.Itoa(y), cba.BudgetYear, y)
	}
	row(report.FirstYearsLabel(p, n), cba.BudgetCumulative, n)
	row(p.T("all years"), cba.BudgetCumulative, years)
	row(p.T("%s, discounted", report.FirstYearsLabel(p, n)), cba.BudgetCumulativeDiscounted, n)
	row(p.T("all years, discounted"), cba.BudgetCumulativeDiscounted, years)
	return t
}

// payersFirst orders a result's perspectives for the first screen's
// answer: each payer, the public budgets, society (the participant's
// gain is in the tables below).
func payersFirst(perspectives []string) []string {
	return slices.DeleteFunc(slices.Clone(perspectives), func(name string) bool { return name == cba.Participant })
}
