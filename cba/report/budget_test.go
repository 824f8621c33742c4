package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
)

// municipalBudget is the municipal scenario's result and budget, its
// first years 3.
func municipalBudget(t *testing.T) (report.Input, *cba.Evaluator) {
	t.Helper()
	s := load(t, "norway-municipal.yaml")
	ev, r := evaluated(t, s)
	return report.Input{Result: r, Budgets: r.Budget(), BudgetYears: 3, Scenario: s}, ev
}

// TestBudgetFormatsAgree: the text, JSON and CSV of a budget hold the
// same first-years totals (years 1 to 3, the cumulative flows at the end
// of year 3), the same cumulative flows, and the text has every table.
func TestBudgetFormatsAgree(t *testing.T) {
	in, _ := municipalBudget(t)
	b := &in.Budgets[0]
	mun := 3 // participant, state, county, municipality
	if b.Perspectives[mun] != "municipality" {
		t.Fatalf("perspectives %v", b.Perspectives)
	}
	fu, fd := b.FirstYears(3)
	if want := b.Undiscounted[0][mun] + b.Undiscounted[1][mun] + b.Undiscounted[2][mun]; math.Abs(fu[mun]-want) > 1e-6 {
		t.Fatalf("FirstYears(3) %v, want %v", fu[mun], want)
	}
	var text, js, cs bytes.Buffer
	if err := report.Text(&text, in); err != nil {
		t.Fatal(err)
	}
	if err := report.JSON(&js, in); err != nil {
		t.Fatal(err)
	}
	if err := report.CSV(&cs, in); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Budget []struct {
			FirstYears struct {
				Years                    int
				Undiscounted, Discounted map[string]float64
			} `json:"first_years"`
			YearsTable []struct {
				CumulativeDiscounted map[string]float64 `json:"cumulative_discounted"`
			} `json:"years_table"`
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	f := doc.Budget[0].FirstYears
	if f.Years != 3 || f.Undiscounted["municipality"] != math.Round(fu[mun]*100)/100 || f.Discounted["municipality"] != math.Round(fd[mun]*100)/100 {
		t.Errorf("JSON first years %+v, want 3 years, %v and %v", f, fu[mun], fd[mun])
	}
	if got, want := doc.Budget[0].YearsTable[6].CumulativeDiscounted["municipality"], math.Round(b.CumulativeDiscounted[6][mun]*100)/100; got != want {
		t.Errorf("JSON cumulative discounted, year 7: %v, want %v", got, want)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, row := range rows {
		if row[0] == "budget" && row[3] == "1-3" && row[4] == "municipality" {
			v, _ := strconv.ParseFloat(row[6], 64)
			want := f.Undiscounted["municipality"]
			if row[5] == "discounted" {
				want = f.Discounted["municipality"]
			}
			if v != want {
				t.Errorf("CSV %v, want %v", row, want)
			}
			found++
		}
	}
	if found != 2 {
		t.Errorf("%d CSV rows of years 1-3 for the municipality, want 2", found)
	}
	p := report.NewPrinter(report.English, nil)
	for _, want := range []string{
		"by calendar year, undiscounted", "cumulative to the end of the year, undiscounted",
		"by calendar year, discounted to the programme's start", "cumulative to the end of the year, discounted",
		"years 1-3", "all years", p.Int(fu[mun]), p.Int(fd[mun]), p.Int(b.TotalDiscounted[mun]),
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the text has no %q", want)
		}
	}
}

// TestBudgetRunFormatsAgree: under uncertainty, the text shows each
// perspective's percentiles of each year and of the first years' total
// as the run has them, and the JSON's and CSV's budget values are the
// run's, rounded to 0.01, with the first years' total (BudgetYears) by
// its name.
func TestBudgetRunFormatsAgree(t *testing.T) {
	in, ev := municipalBudget(t)
	opt := cba.Options{Iterations: 300, Seed: 3, Workers: 2}
	mc, err := ev.Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	br, err := ev.RunBudget(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	pct := []float64{5, 50, 95}
	mcIn := report.MonteCarloInput{Deterministic: in.Result, Run: mc, Percentiles: pct, Scenario: in.Scenario, Budget: br, BudgetYears: 3}
	var text, js, cs bytes.Buffer
	for _, w := range []struct {
		f   func(*bytes.Buffer, report.MonteCarloInput) error
		out *bytes.Buffer
	}{
		{func(b *bytes.Buffer, in report.MonteCarloInput) error { return report.MonteCarloText(b, in) }, &text},
		{func(b *bytes.Buffer, in report.MonteCarloInput) error { return report.MonteCarloJSON(b, in) }, &js},
		{func(b *bytes.Buffer, in report.MonteCarloInput) error { return report.MonteCarloCSV(b, in) }, &cs},
	} {
		if err := w.f(w.out, mcIn); err != nil {
			t.Fatal(err)
		}
	}
	mun := 3
	next, _ := br.Summary(0, cba.BudgetYear, 1, mun, pct...)
	first, _ := br.Summary(0, cba.BudgetCumulative, 3, mun, pct...)
	p := report.NewPrinter(report.English, nil)
	for _, s := range []cba.StatSummary{next, first} {
		line := strings.Join([]string{p.Int(s.Mean), p.Int(s.Percentiles[0]), p.Int(s.Percentiles[1]), p.Int(s.Percentiles[2])}, "  ")
		if !strings.Contains(strings.Join(strings.Fields(text.String()), "  "), line) {
			t.Errorf("the text has no row with %q", line)
		}
	}
	var doc struct {
		Budget []struct {
			Name        string
			Mean        float64
			Percentiles []float64
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	years := len(br.Budgets[0].Undiscounted)
	// four tables of every year, then the first years' totals (BudgetYears 3)
	if want := (4*years + 2) * len(br.Budgets[0].Perspectives); len(doc.Budget) != want {
		t.Fatalf("%d budget values in the JSON, want %d", len(doc.Budget), want)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]string{}
	for _, row := range rows {
		byName[row[0]] = row
	}
	const name = "ips-traditional/cohort/budget_first_years/municipality/year3"
	for _, o := range doc.Budget {
		if o.Name != name {
			continue
		}
		if o.Mean != math.Round(first.Mean*100)/100 || o.Percentiles[2] != math.Round(first.Percentiles[2]*100)/100 {
			t.Errorf("JSON %s: %+v, want %v and %v", name, o, first.Mean, first.Percentiles[2])
		}
		if row := byName[name]; len(row) < 9 || row[8] != strconv.FormatFloat(o.Mean, 'f', -1, 64) {
			t.Errorf("CSV %s: %v, want the mean %v", name, row, o.Mean)
		}
		return
	}
	t.Errorf("no %s in the JSON", name)
}

// TestBudgetHeadingSaysTheIntakeAsWritten: 12.5 starts a year is written
// 12.5 in the budget's heading, in text and under uncertainty, not 13.
func TestBudgetHeadingSaysTheIntakeAsWritten(t *testing.T) {
	for _, starts := range []struct {
		value float64
		text  string
	}{{12.5, "12.5 starts a year"}, {40, "40 starts a year"}, {0.5, "0.5 starts a year"}} {
		s := load(t, "norway-municipal.yaml")
		if err := s.Set("cohort.starts_per_year", starts.value); err != nil {
			t.Fatal(err)
		}
		ev, r := evaluated(t, s)
		opt := cba.Options{Iterations: 20, Seed: 1, Workers: 1}
		mc, err := ev.Run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		br, err := ev.RunBudget(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		var text, mcText bytes.Buffer
		if err := report.Text(&text, report.Input{Result: r, Budgets: r.Budget(), Scenario: s}); err != nil {
			t.Fatal(err)
		}
		if err := report.MonteCarloText(&mcText, report.MonteCarloInput{Deterministic: r, Run: mc, Percentiles: []float64{50}, Scenario: s, Budget: br}); err != nil {
			t.Fatal(err)
		}
		for _, b := range []*bytes.Buffer{&text, &mcText} {
			if !strings.Contains(strings.Join(strings.Fields(b.String()), " "), starts.text) {
				t.Errorf("no %q in\n%s", starts.text, b)
			}
		}
	}
}

// TestTextSaysWhyNoBudget: a budget of a cohort with no intake is written
// as the reason there is none, not as tables of zeros.
func TestTextSaysWhyNoBudget(t *testing.T) {
	s := load(t, "norway-municipal.yaml")
	if err := s.Set("cohort.years", 0); err != nil {
		t.Fatal(err)
	}
	r, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := report.Text(&text, report.Input{Result: r, Budgets: r.Budget(), Scenario: s}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(text.String()), " ")
	if want := s.Cohort.CheckIntake().Error(); !strings.Contains(got, want) || strings.Contains(got, "budget impact,") {
		t.Errorf("want %q and no budget's table in\n%s", want, text.String())
	}
}
