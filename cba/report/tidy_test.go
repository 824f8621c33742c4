package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strconv"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// TestTidy: one row a number, every row with every column; the NPVs, the
// sum of each perspective's present values, the cumulative flow at the
// horizon and the budget rows are the result's.
func TestTidy(t *testing.T) {
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := cba.Evaluate(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	budgets := r.Budget()
	if err := Tidy(&buf, Input{Result: r, Budgets: budgets}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], TidyHeader) {
		t.Fatalf("header %v", rows[0])
	}
	col := map[string]int{}
	for i, c := range TidyHeader {
		col[c] = i
	}
	inc := &r.Increments[0]
	npv, pv, cum := map[string]float64{}, map[string]float64{}, map[string]float64{}
	budget := 0.0
	ratios := map[string]float64{} // by measure@month
	for _, row := range rows[1:] {
		if len(row) != len(TidyHeader) || row[col["scenario"]] != "norway-norce" {
			t.Fatalf("row %v", row)
		}
		if row[col["arm"]] != inc.Arm || row[col["comparator"]] != inc.Comparator || row[col["group"]] != "population" {
			continue
		}
		who := row[col["perspective"]]
		if who == "payer" {
			who = row[col["payer"]]
		} else if row[col["payer"]] != "" {
			t.Fatalf("a payer in a %s row", who)
		}
		v, _ := strconv.ParseFloat(row[col["value"]], 64)
		switch row[col["measure"]] {
		case "npv":
			npv[who] = v
		case "present_value":
			pv[who] += v
		case "cumulative":
			if row[col["month"]] == strconv.Itoa(r.HorizonMonths) {
				cum[who] = v
			}
		case "budget_discounted":
			if who == "society" {
				budget += v
			}
		case "net_benefit_per_budget_krone", "cost_per_extra_month_in_work", "cost_per_extra_person_in_work":
			ratios[row[col["measure"]]+"@"+row[col["month"]]] = v
		}
	}
	s := &inc.Population
	for name, want := range map[string]float64{"net_benefit_per_budget_krone@": s.NetPerBudgetKrone.Value,
		"cost_per_extra_month_in_work@": s.CostPerMonthInWork, "cost_per_extra_person_in_work@" + strconv.Itoa(r.WindowMonth()): s.CostPerPersonInWork} {
		if got, ok := ratios[name]; !ok || got != want {
			t.Errorf("%s: %v (written: %v), want %v", name, got, ok, want)
		}
	}
	for p, name := range r.Perspectives {
		want := inc.Population.NPV[p]
		if npv[name] != want || math.Abs(pv[name]-want) > 1e-6*math.Abs(want) || math.Abs(cum[name]-want) > 1e-6*math.Abs(want) {
			t.Errorf("%s: npv %v, present values %v, cumulative %v; want %v", name, npv[name], pv[name], cum[name], want)
		}
	}
	if soc := index(r.Perspectives, "society"); math.Abs(budget-budgets[0].TotalDiscounted[soc]) > 1e-6*math.Abs(budget) {
		t.Errorf("budget rows sum to %v, want %v", budget, budgets[0].TotalDiscounted[soc])
	}
}
