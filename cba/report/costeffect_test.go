package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
)

// TestCostPerGainInJSONAndCSV: the JSON and CSV reports carry each
// increment's costs per extra month and per extra person in work as the
// result has them, rounded to the øre, and "none gained" when IPS gains
// nothing (its effect set to zero).
func TestCostPerGainInJSONAndCSV(t *testing.T) {
	for _, tc := range []struct {
		name string
		none bool
	}{{"as written", false}, {"no effect", true}} {
		t.Run(tc.name, func(t *testing.T) {
			s := load(t, "norway-norce.yaml")
			if tc.none {
				for _, path := range []string{"arms.ips.effect.points[0].difference", "arms.ips.effect.points[1].difference"} {
					if err := s.Set(path, 0); err != nil {
						t.Fatal(err)
					}
				}
			}
			r, err := cba.Evaluate(s)
			if err != nil {
				t.Fatal(err)
			}
			pop := r.Increments[0].Population
			if got := math.IsInf(pop.CostPerMonthInWork, 1) && math.IsInf(pop.CostPerPersonInWork, 1); got != tc.none {
				t.Fatalf("none gained %v: %v, %v", tc.none, pop.CostPerMonthInWork, pop.CostPerPersonInWork)
			}
			var j, c bytes.Buffer
			in := report.Input{Result: r, Scenario: s}
			if err := report.JSON(&j, in); err != nil {
				t.Fatal(err)
			}
			if err := report.CSV(&c, in); err != nil {
				t.Fatal(err)
			}
			type perGain struct {
				Value      *float64 `json:"value"`
				NoneGained bool     `json:"none_gained"`
				AtMonth    int      `json:"at_month"`
			}
			var doc struct {
				Increments []struct {
					Population struct {
						Month  perGain `json:"cost_per_extra_month_in_work"`
						Person perGain `json:"cost_per_extra_person_in_work"`
					} `json:"population"`
				} `json:"increments"`
			}
			if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&c).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			csvValue := func(item string) string {
				for _, row := range rows {
					if row[0] == "increment" && row[3] == cba.Population && row[5] == item {
						return row[6]
					}
				}
				t.Fatalf("no CSV row %s", item)
				return ""
			}
			got := doc.Increments[0].Population
			for _, x := range []struct {
				doc  perGain
				item string
				want float64
			}{
				{got.Month, "cost_per_extra_month_in_work", pop.CostPerMonthInWork},
				{got.Person, "cost_per_extra_person_in_work_at_month_43", pop.CostPerPersonInWork},
			} {
				text := csvValue(x.item)
				if tc.none {
					if !x.doc.NoneGained || x.doc.Value != nil || text != "none gained" {
						t.Errorf("%s: JSON %+v, CSV %q, want none gained", x.item, x.doc, text)
					}
					continue
				}
				v, err := strconv.ParseFloat(text, 64)
				if x.doc.NoneGained || x.doc.Value == nil || math.Abs(*x.doc.Value-x.want) > 0.005 || err != nil || v != *x.doc.Value {
					t.Errorf("%s: JSON %+v, CSV %q, want %v", x.item, x.doc, text, x.want)
				}
			}
			if got.Person.AtMonth != 43 {
				t.Errorf("cost per person counted at month %d, want the trial's 43", got.Person.AtMonth)
			}
		})
	}
}
