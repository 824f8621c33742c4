package scenario_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// small is a valid scenario file: two groups, a Markov chain and an
// observed curve, that the cases below change one way at a time.
const small = `name: small
currency: NOK
price_year: 2025
horizon_months: 24
discount: [{from_year: 1, rate: 0.04}]
payers: [state]
perspective: {marginal_cost_of_public_funds: 0.2}
employer_contribution: {rate: 0.141, receiver: state}
taxes:
  income: {receiver: state, rate: 0.3}
groups:
  young:
    share: 0.4
    job: {weekly_hours: 20, hourly_wage: 230}
  older:
    share: 0.6
    job: {weekly_hours: 20, hourly_wage: 230}
comparator: usual
arms:
  usual:
    costs:
      training: {category: programme, payer: state, timing: per_enrolled_month, amount: 20975}
    enrolment: {months: 6}
    groups:
      young:
        employment: {model: markov, periods: [{from_month: 1, job_finding: 0.02, job_loss: 0.03}]}
      older:
        employment: {model: observed, points: [{month: 12, share: 0.27}], extrapolation: constant}
  ips:
    costs:
      specialist: {category: programme, payer: state, timing: per_enrolled_month, amount: 4166}
    enrolment: {dropout: 0.05}
    groups:
      young:
        employment: {model: markov, periods: [{from_month: 1, job_finding: 0.05, job_loss: 0.03}]}
      older:
        employment: {model: observed, points: [{month: 12, share: 0.37}], extrapolation: constant}
uncertainty:
  correlations: []
`

// effectArm replaces the IPS arm's curves by an effect over the comparator.
const effectArm = `  ips:
    costs:
      specialist: {category: programme, payer: state, timing: per_enrolled_month, amount: 4166}
    enrolment: {dropout: 0.05}
    effect: {points: [{month: 12, difference: 0.1}], extrapolation: constant}
    groups:
      young: {effect_multiplier: 1}
      older: {effect_multiplier: 1}
`

// TestDecoderNamesEachProblemAtItsLine: what the file's structure gets
// wrong is refused at the line that says it, under the parameter path.
func TestDecoderNamesEachProblemAtItsLine(t *testing.T) {
	ipsArm := small[strings.Index(small, "  ips:\n"):strings.Index(small, "uncertainty:")]
	for _, tc := range []struct {
		name, old, new string
		at             string // the text on the line the problem is at
		want           string
	}{
		{"a correlation of three numbers", "  correlations: []", "  correlations:\n    - {between: [a, b, c], rank: 0.5}", "- {between",
			"uncertainty.correlations[0].between: names two parameters, got 3"},
		{"months of a one-off cost", "timing: per_enrolled_month, amount: 20975}", "timing: one_off, amount: 20975, months: 3}", "timing: one_off",
			"arms.usual.costs.training.months: only a per_month cost has months (enrolment sets the others')"},
		{"an effect and a curve", ipsArm, strings.Replace(effectArm, "young: {effect_multiplier: 1}", "young: {effect_multiplier: 1, employment: {model: markov, periods: [{from_month: 1, job_finding: 0.05, job_loss: 0.03}]}}", 1),
			"young: {effect_multiplier: 1, employment", "arms.ips.groups.young.employment: an arm with an effect gives each group an effect_multiplier, not an employment curve"},
		{"an effect without a multiplier", ipsArm, strings.Replace(effectArm, "older: {effect_multiplier: 1}", "older: {}", 1),
			"older: {}", "arms.ips.groups.older.effect_multiplier: is required with the arm's effect (1: the average effect)"},
		{"a multiplier without an effect", "        employment: {model: markov, periods: [{from_month: 1, job_finding: 0.05, job_loss: 0.03}]}",
			"        effect_multiplier: 2\n        employment: {model: markov, periods: [{from_month: 1, job_finding: 0.05, job_loss: 0.03}]}", "effect_multiplier: 2",
			"arms.ips.groups.young.effect_multiplier: belongs to an arm with an effect"},
		{"periods of an observed curve", "points: [{month: 12, share: 0.37}], extrapolation: constant}",
			"points: [{month: 12, share: 0.37}], extrapolation: constant, periods: [{from_month: 1, job_finding: 0.1, job_loss: 0}]}", "share: 0.37}], extrapolation: constant, periods",
			"arms.ips.groups.older.employment.periods: belongs to a markov chain, not an observed curve"},
		{"a whole number drawn", "horizon_months: 24", "horizon_months: {distribution: {type: uniform, min: 12, max: 36}}", "horizon_months:",
			"horizon_months.distribution: a whole number cannot be drawn: it shapes the model"},
		{"an unknown family", "amount: 20975", "amount: {distribution: {type: weibull, shape: 2}}", "amount: {distribution",
			`arms.usual.costs.training.amount.distribution.type: must be one of normal, lognormal, gamma, beta, uniform, triangular, pert, discrete, got "weibull"`},
		{"an uncertainty section with another list", "  correlations: []", "  correlations: []\n  parameters: []", "parameters: []",
			"uncertainty.parameters: unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(small, tc.old, tc.new, 1)
			if text == small {
				t.Fatalf("the case changes nothing: %q not found", tc.old)
			}
			_, err := scenario.Parse("x.yaml", []byte(text))
			line := 1 + strings.Count(text[:strings.Index(text, tc.at)], "\n")
			if want := fmt.Sprintf("x.yaml:%d: %s", line, tc.want); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("got\n%v\nwant a line\n%s", err, want)
			}
		})
	}
	if _, err := scenario.Parse("x.yaml", []byte(small)); err != nil {
		t.Fatalf("the file the cases change: %v", err)
	}
}

// TestGammaByShapeAndScale: a gamma written by shape and scale is the
// gamma of rate 1/scale, its mean shape times scale.
func TestGammaByShapeAndScale(t *testing.T) {
	text := strings.Replace(small, "amount: 20975", "amount: {distribution: {type: gamma, shape: 4, scale: 5000}}", 1)
	f, err := scenario.Parse("x.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	d := f.Scenario.Uncertainty.Parameters[0].Dist
	if d.Kind != cba.Gamma || d.Shape != 4 || d.Rate != 1.0/5000 || f.Scenario.Arms[0].Costs[0].Amount != 20000 {
		t.Errorf("%v, amount %v, want shape 4, rate 1/5000, mean 20000", d.String(), f.Scenario.Arms[0].Costs[0].Amount)
	}
}

// TestMoreProblemsThanAreListed: a file with more problems than
// cba.MaxErrors, found when the scenario is checked as a whole (105 costs
// named as costs of the other arm, of another category), lists MaxErrors
// and counts the other 5.
func TestMoreProblemsThanAreListed(t *testing.T) {
	var b strings.Builder
	for i := range cba.MaxErrors + 5 {
		fmt.Fprintf(&b, "      c%d: {category: programme, payer: state, timing: one_off, amount: 1}\n", i)
	}
	// The same costs, under the other arm with another payer's category:
	// one problem for each.
	text := strings.Replace(small, "      specialist: {category", b.String()+"      specialist: {category", 1)
	text = strings.Replace(text, "      training: {category", strings.ReplaceAll(b.String(), "programme", "service")+"      training: {category", 1)
	_, err := scenario.Parse("x.yaml", []byte(text))
	es, ok := err.(cba.Errors)
	if !ok {
		t.Fatalf("%T %v", err, err)
	}
	if len(es) != cba.MaxErrors+1 {
		t.Fatalf("%d problems listed, want %d and a count of the rest", len(es), cba.MaxErrors)
	}
	if last := es[len(es)-1]; last.Msg != "and 5 more problems" || last.More != 5 {
		t.Errorf("the last line %q (%d), want \"and 5 more problems\"", last.Msg, last.More)
	}
}

// TestAnExtendedDirichletEntryNamesItsFile: a problem with a field of a
// Dirichlet entry that a file adds to its base's is named in that file.
func TestAnExtendedDirichletEntryNamesItsFile(t *testing.T) {
	dir := t.TempDir()
	base := strings.Replace(small, "  correlations: []", "  dirichlet:\n    - {shares: [groups.young.share, groups.older.share], concentration: 40}", 1)
	child := "extends: base.yaml\nuncertainty:\n  dirichlet:\n    - {shares: [groups.young.share, groups.older.share], concentration: 0}\n"
	for name, text := range map[string]string{"base.yaml": base, "child.yaml": child} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := scenario.Load(filepath.Join(dir, "child.yaml"))
	if want := "child.yaml:4: uncertainty.dirichlet[1].concentration: must be in (0, 1e+09], got 0"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}
