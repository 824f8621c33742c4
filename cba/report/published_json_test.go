package report_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
)

// TestJSONCarriesThePublishedFigures: the JSON report of a scenario founded
// on a study carries each published figure with the model's beside it, the
// same numbers the text's reconciliation prints, and says whether the
// model is within a reproduced figure's tolerance; a chance has no model
// figure without a Monte Carlo run.
func TestJSONCarriesThePublishedFigures(t *testing.T) {
	for _, name := range []string{"us-wsipp.yaml", "norway-norce.yaml"} {
		s := load(t, name)
		r, err := cba.Evaluate(s)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := report.JSON(&b, report.Input{Result: r, Scenario: s}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Published []struct {
				Name       string   `json:"name"`
				Comparable float64  `json:"published_in_scenario_terms"`
				Model      *float64 `json:"model"`
				Within     *bool    `json:"within_tolerance"`
			} `json:"published"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		rows := report.Reconcile(report.English, s, r, nil)
		if len(doc.Published) != len(s.Published) || len(rows) != len(s.Published) || len(rows) == 0 {
			t.Fatalf("%s: %d figures in JSON, %d in the text, %d in the scenario", name, len(doc.Published), len(rows), len(s.Published))
		}
		for i, p := range doc.Published {
			row := rows[i]
			if p.Comparable != row.ComparableValue {
				t.Errorf("%s %s: published %v in JSON, %v in the text", name, p.Name, p.Comparable, row.ComparableValue)
			}
			switch {
			case p.Model == nil && !math.IsNaN(row.ModelValue):
				t.Errorf("%s %s: no model figure in JSON, %v in the text", name, p.Name, row.ModelValue)
			case p.Model != nil && *p.Model != row.ModelValue:
				t.Errorf("%s %s: model %v in JSON, %v in the text", name, p.Name, *p.Model, row.ModelValue)
			case p.Model != nil && row.Reproduced && (p.Within == nil || *p.Within != row.Within):
				t.Errorf("%s %s: within %v in JSON, %v in the text", name, p.Name, p.Within, row.Within)
			}
		}
	}
}
