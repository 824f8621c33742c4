package sensitivity

import (
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// linear is a scenario whose NPVs are linear in its two one-off costs: the
// arms' employment differs by a constant share, the costs fall at month 0,
// and the cohort's intake (uncertain) is not in any NPV. Society's NPV is
// G - 1.2*(ips - usual), the public budgets' is P - (ips - usual).
const linear = `name: linear
currency: NOK
price_year: 2025
horizon_months: 36
observed_months: 12
discount:
  - {from_year: 1, rate: 0.04}
payers: [state, municipality]
perspective:
  marginal_cost_of_public_funds: 0.2
  non_market: {include: true, per_employed_month: 1000}
employer_contribution: {rate: 0.141, receiver: state}
taxes:
  income:
    receiver: state
    brackets:
      - {from: 0, rate: 0.25}
benefits:
  assistance:
    payer: municipality
    taxable: none
    in_work:
      earnings: {disregard: 0, taper: 1}
groups:
  young:
    share: 0.4
    job: {weekly_hours: 20, hourly_wage: 230}
    benefits:
      assistance: {share: 0.5, amount: 7850}
  older:
    share: 0.6
    job: {weekly_hours: 20, hourly_wage: 230}
comparator: usual
arms:
  usual:
    costs:
      training: {category: programme, payer: state, timing: one_off, amount: {distribution: {type: normal, mean: 20000, sd: 2000}}}
    groups:
      young:
        employment: {model: observed, points: [{month: 1, share: 0.2}], extrapolation: constant}
      older:
        employment: {model: observed, points: [{month: 1, share: 0.2}], extrapolation: constant}
  ips:
    costs:
      specialist: {category: programme, payers: {state: 0.5, municipality: 0.5}, timing: one_off, amount: {distribution: {type: normal, mean: 30000, sd: 4000}}}
    groups:
      young:
        employment: {model: observed, points: [{month: 1, share: 0.3}], extrapolation: constant}
      older:
        employment: {model: observed, points: [{month: 1, share: 0.3}], extrapolation: constant}
cohort: {starts_per_year: {distribution: {type: uniform, min: 60, max: 180}}, years: 2}
`

var (
	society = cba.OutputKey{Arm: "ips", Comparator: "usual", Group: "population", Measure: cba.NPV, Perspective: "society"}
	public  = cba.OutputKey{Arm: "ips", Comparator: "usual", Group: "population", Measure: cba.NPV, Perspective: "public"}
)

// load parses a scenario, with edits (old, new pairs) made to its text.
func load(t testing.TB, text string, edits ...string) *cba.Scenario {
	t.Helper()
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("%q is not in the scenario", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	f, err := scenario.Parse("test.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return f.Scenario
}

func evaluator(t testing.TB, s *cba.Scenario) *cba.Evaluator {
	t.Helper()
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func model(t testing.TB, s *cba.Scenario, key cba.OutputKey) *Model {
	t.Helper()
	m, err := NewModel(evaluator(t, s), key)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func norway(t testing.TB) *cba.Scenario {
	t.Helper()
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return f.Scenario
}
