package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"ipscba/cba"
)

// minimal is a small valid scenario file that the cases below break one way
// at a time.
const minimal = `name: minimal
currency: NOK
price_year: 2025
horizon_months: 24
discount:
  - from_year: 1
    rate: 0.04
payers: [state, municipality]
perspective:
  marginal_cost_of_public_funds: 0.2
employer_contribution: {rate: 0.141, receiver: state}
taxes:
  income:
    receiver: state
    brackets:
      - {from: 0, rate: 0.2}
      - {from: 300000, rate: 0.3}
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
      training: {category: programme, payer: state, timing: per_enrolled_month, amount: 20975}
    enrolment: {months: 6}
    groups:
      young:
        employment: {model: observed, points: [{month: 12, share: 0.27}], extrapolation: constant}
      older:
        employment: {model: observed, points: [{month: 12, share: 0.27}], extrapolation: constant}
  ips:
    costs:
      specialist: {category: programme, payer: state, timing: per_enrolled_month, amount: 4166.67}
    enrolment: {dropout: 0.05}
    groups:
      young:
        employment: {model: markov, periods: [{from_month: 1, job_finding: 0.05, job_loss: 0.03}]}
      older:
        employment: {model: observed, points: [{month: 12, share: 0.37}], extrapolation: decay, half_life_months: 24}
`

// lineOf returns the 1-based line of text holding needle.
func lineOf(t *testing.T, text, needle string) int {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q is not in the file", needle)
	}
	return 1 + strings.Count(text[:i], "\n")
}

func TestMinimalIsValid(t *testing.T) {
	f, err := Parse("minimal.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cba.Evaluate(f.Scenario); err != nil {
		t.Fatal(err)
	}
}

func TestValidationMessages(t *testing.T) {
	cases := []struct {
		name     string
		old, new string
		at       string // the text on the line the message names
		want     string // path: message
	}{
		{"unknown key", "    enrolment: {months: 6}", "    enrolment: {months: 6}\n    colour: blue", "colour: blue",
			"arms.usual.colour: unknown field (known here: label, enrolment, costs, allowances, effect, groups)"},
		{"shares do not sum to 1", "share: 0.6", "share: 0.5", "groups:", "groups: shares must sum to 1, got 0.9"},
		{"probability above 1", "job_finding: 0.05", "job_finding: 1.2", "job_finding: 1.2",
			"arms.ips.groups.young.employment.periods[0].job_finding: must be in [0, 1], got 1.2"},
		{"negative amount", "amount: 20975", "amount: -5", "amount: -5", "arms.usual.costs.training.amount: must be in [0, 1e+12], got -5"},
		{"unknown payer", "    receiver: state\n    brackets", "    receiver: county\n    brackets", "receiver: county",
			"taxes.income.receiver: unknown payer \"county\" (payers: state, municipality)"},
		{"missing comparator", "comparator: usual\n", "", "name: minimal", "comparator: is required"},
		{"comparator names no arm", "comparator: usual", "comparator: nobody", "comparator: nobody", "comparator: names no arm: \"nobody\""},
		{"overlapping brackets", "{from: 300000, rate: 0.3}", "{from: 0, rate: 0.3}", "{from: 0, rate: 0.3}",
			"taxes.income.brackets[1].from: brackets must be in increasing order without overlap, got 0 after 0"},
		{"half-life not positive", "half_life_months: 24", "half_life_months: -3", "half_life_months: -3",
			"arms.ips.groups.older.employment.half_life_months: must be in (0, 12000], got -3"},
		{"not a number", "rate: 0.04", "rate: four", "rate: four", "discount[0].rate: must be a number written in decimal, got \"four\""},
		{"missing group", "      older:\n        employment: {model: observed, points: [{month: 12, share: 0.37}], extrapolation: decay, half_life_months: 24}\n", "",
			"    groups:\n      young:\n        employment: {model: markov", "arms.ips.groups.older: is missing: every arm states employment for every group"},
		{"comparator decays", "share: 0.27}], extrapolation: constant}\n  ips", "share: 0.27}], extrapolation: decay, half_life_months: 12}\n  ips",
			"extrapolation: decay, half_life_months: 12}\n  ips",
			"arms.usual.groups.older.employment.extrapolation: the comparator's curve can only be held constant: decay and end are relative to the comparator"},
		{"not a whole number", "horizon_months: 24", "horizon_months: ten", "horizon_months: ten", "horizon_months: must be a number written in decimal, got \"ten\""},
		{"unknown word", "taxable: none", "taxable: sometimes", "taxable: sometimes", "benefits.assistance.taxable: must be one of none, wage, pension, got \"sometimes\""},
		{"unknown benefit in a group", "assistance: {share: 0.5", "help: {share: 0.5", "help: {share", "groups.young.benefits.help: unknown benefit \"help\" (not under benefits:)"},
		{"duplicate key", "price_year: 2025", "price_year: 2025\nprice_year: 2026", "price_year: 2026", "price_year: is given twice"},
		{"receipts above 1", "assistance: {share: 0.5", "assistance: {share: 1.5", "assistance: {share: 1.5",
			"groups.young.benefits.assistance.share: must be in [0, 1], got 1.5"},
		{"both wage and earnings", "job: {weekly_hours: 20, hourly_wage: 230}\n    benefits", "job: {weekly_hours: 20, hourly_wage: 230, monthly_earnings: 9}\n    benefits",
			"monthly_earnings: 9", "groups.young.job: give hourly_wage or monthly_earnings, not both"},
		{"number mapping without value", "rate: 0.04", "rate: {source: somewhere}", "rate: {source", "discount[0].rate.value: is required"},
		{"beta too wide", "job_finding: 0.05", "job_finding: {distribution: {type: beta, mean: 0.5, sd: 0.6}}", "job_finding: {distribution",
			"arms.ips.groups.young.employment.periods[0].job_finding.distribution: a beta with mean 0.5 needs sd^2 < mean(1-mean) = 0.25, got sd 0.6"},
		{"negative sd", "amount: 20975", "amount: {distribution: {type: gamma, mean: 20975, sd: -1}}", "amount: {distribution",
			"arms.usual.costs.training.amount.distribution: sd must be >= 0, got -1"},
		{"gamma with non-positive mean", "amount: 20975", "amount: {distribution: {type: gamma, mean: 0, sd: 1}}", "amount: {distribution",
			"arms.usual.costs.training.amount.distribution: a gamma needs a mean > 0, got 0"},
		{"PERT with min above mode", "half_life_months: 24", "half_life_months: {distribution: {type: pert, min: 30, mode: 24, max: 40}}", "half_life_months: {distribution",
			"arms.ips.groups.older.employment.half_life_months.distribution: a pert distribution needs min <= mode <= max, got 30, 24, 40"},
		{"normal for a probability", "job_finding: 0.05", "job_finding: {distribution: {type: normal, mean: 0.05, sd: 0.01}}", "job_finding: {distribution",
			"arms.ips.groups.young.employment.periods[0].job_finding.distribution: a normal distribution can leave [0, 1]"},
		{"uniform outside a probability's range", "job_finding: 0.05", "job_finding: {distribution: {type: uniform, min: 0.5, max: 1.5}}", "job_finding: {distribution",
			"arms.ips.groups.young.employment.periods[0].job_finding.distribution: a uniform distribution can leave [0, 1]"},
		{"value and distribution", "job_finding: 0.05", "job_finding: {value: 0.05, distribution: {type: beta, mean: 0.05, sd: 0.01}}", "job_finding: {value",
			"arms.ips.groups.young.employment.periods[0].job_finding.value: give a value or a distribution, not both"},
		{"parameter of another family", "job_finding: 0.05", "job_finding: {distribution: {type: beta, mean: 0.05, shape: 2}}", "job_finding: {distribution",
			"arms.ips.groups.young.employment.periods[0].job_finding.distribution.shape: a beta distribution has no shape (it takes mean, sd)"},
		{"a group share drawn alone", "share: 0.4", "share: {distribution: {type: beta, mean: 0.4, sd: 0.1}}", "share: {distribution",
			"groups.young.share.distribution: the groups' shares must sum to 1: draw them together under uncertainty.dirichlet"},
		{"correlation of a fixed number", "extrapolation: decay, half_life_months: 24}\n", "extrapolation: decay, half_life_months: 24}\nuncertainty:\n  correlations:\n    - between: [\"discount[0].rate\", arms.ips.enrolment.dropout]\n      rank: 0.5\n", "- between: [",
			"uncertainty.correlations[0].between: discount[0].rate has no distribution of its own to correlate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(minimal, tc.old, tc.new, 1)
			if text == minimal {
				t.Fatalf("the case changes nothing: %q not found", tc.old)
			}
			_, err := Parse("x.yaml", []byte(text))
			want := fmt.Sprintf("x.yaml:%d: %s", lineOf(t, text, tc.at), tc.want)
			var es cba.Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %v (%T), want Errors", err, err)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("got\n%v\nwant a line\n%s", err, want)
			}
		})
	}
}

func TestAllErrorsAreReported(t *testing.T) {
	text := strings.Replace(minimal, "job_finding: 0.05", "job_finding: 1.2", 1)
	text = strings.Replace(text, "amount: 20975", "amount: -5", 1)
	text = strings.Replace(text, "  young:\n    share: 0.4", "  young:\n    share: 0.4\n    size: 3", 1)
	_, err := Parse("x.yaml", []byte(text))
	var es cba.Errors
	if !errors.As(err, &es) || len(es) != 3 {
		t.Fatalf("want 3 errors, got %v", err)
	}
	for i := 1; i < len(es); i++ {
		if es[i].Line < es[i-1].Line {
			t.Errorf("errors not in line order: %v", err)
		}
	}
}

func TestSyntaxError(t *testing.T) {
	_, err := Parse("x.yaml", []byte("name: [unclosed\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "x.yaml:1: ") {
		t.Errorf("got %v", err)
	}
}

func TestSetReportsFileLines(t *testing.T) {
	f, err := Parse("x.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	err = f.Set("arms.ips.enrolment.dropout", 2)
	want := fmt.Sprintf("x.yaml:%d: arms.ips.enrolment.dropout: must be in [0, 1], got 2 (write 0.02 for 2 %%)", lineOf(t, minimal, "enrolment: {dropout"))
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if err := f.Set("arms.ips.size", 2); err == nil || !strings.Contains(err.Error(), "no such parameter") {
		t.Errorf("unknown path: %v", err)
	}
}

func bundled(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled scenarios: %v", err)
	}
	return files
}

// TestBundledNumbersAreSourced: every number in a bundled scenario says
// where it comes from: a source or an assumption (scenarios/SOURCES.md). A whole number that places an
// observation in time (the month of a point, the year a rate starts) shares
// the provenance of the number it places.
func TestBundledNumbersAreSourced(t *testing.T) {
	for _, path := range bundled(t) {
		f, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		sourced := func(p Param) bool {
			return strings.TrimSpace(p.Source) != "" || strings.TrimSpace(p.Assumption) != ""
		}
		byPath := map[string]Param{}
		for _, p := range f.Params {
			byPath[p.Path] = p
		}
		for _, p := range f.Params {
			if sourced(p) {
				continue
			}
			placed := false
			for _, when := range []string{".month", ".from_year", ".from_month"} {
				if item, ok := strings.CutSuffix(p.Path, when); ok {
					for _, sibling := range []string{".share", ".rate", ".difference", ".job_finding", ".ever_employed", ".mean_share", ".hours", ".earnings"} {
						sp, _ := f.Param(item + sibling)
						placed = placed || sourced(sp)
					}
				}
			}
			if !placed {
				t.Errorf("%s:%d: %s has neither source nor assumption", path, p.Line, p.Path)
			}
		}
		// And every parameter of the model was written in the file (a line
		// is known for it) or is a default the file left out (zero).
		for _, p := range f.Scenario.Parameters() {
			if f.Line(p.Path) == 0 && p.Value != 0 {
				t.Errorf("%s: no line for %s", path, p.Path)
			}
		}
	}
}

// TestBundledRoundTrip evaluates each bundled scenario and checks that every
// parameter the model sees is the number written in the file.
func TestBundledRoundTrip(t *testing.T) {
	for _, path := range bundled(t) {
		f, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		written := map[string]float64{}
		for _, p := range f.Params {
			written[p.Path] = p.Value
		}
		for _, p := range f.Scenario.Parameters() {
			if v, ok := written[p.Path]; ok && v != p.Value {
				t.Errorf("%s: %s is %v in the file, %v in the model", path, p.Path, v, p.Value)
			}
		}
		if _, err := cba.Evaluate(f.Scenario); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// copyBundled copies the bundled scenarios and the rules they extend into
// a new folder and returns it.
func copyBundled(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, pattern := range []string{"*.yaml", "rules/*.yaml"} {
		files, _ := filepath.Glob(filepath.Join("../../scenarios", pattern))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel("../../scenarios", f)
			os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755)
			if err := os.WriteFile(filepath.Join(dir, rel), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// TestEditingTheFileEqualsTheVector: changing a number in the file text
// (the scenario's or the rules' it extends) gives the same result as
// changing its entry in the parameter vector; for a number written once and
// used twice (the effect at 18 months, held to month 43), a grid of values
// through the vector equals editing the one place it is written.
func TestEditingTheFileEqualsTheVector(t *testing.T) {
	f, err := Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := cba.NewEvaluator(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path     string
		old, new string // the text written, and its replacement
		v        float64
	}{
		{"discount[0].rate", "value: 0.04", "value: 0.035", 0.035},
		{"taxes.bracket_tax.brackets[1].rate", "value: 0.04", "value: 0.05", 0.05},
		{"benefits.work_assessment_allowance.in_work.hours.stop_share", "value: 0.6", "value: 0.5", 0.5},
		{"taxes.ordinary_income.rate", "value: 0.22", "value: 0.25", 0.25},
		{"perspective.marginal_cost_of_public_funds", "value: 0.2", "value: 0", 0},
		{"arms.ips.effect.points[1].difference", "mean: 0.103", "mean: 0.06", 0.06},
		{"arms.ips.effect.points[2].difference", "mean: 0.103", "mean: 0.15", 0.15},
		{"arms.ips.effect.points[1].difference", "mean: 0.103", "mean: 0.2", 0.2},
	} {
		p, ok := f.Param(tc.path)
		if !ok {
			t.Fatalf("%s is not written in the file", tc.path)
		}
		dir := copyBundled(t)
		rel, _ := filepath.Rel("../../scenarios", p.File)
		file := filepath.Join(dir, rel)
		data, _ := os.ReadFile(file)
		lines := strings.Split(string(data), "\n")
		at := p.Line - 1
		for at < len(lines) && !strings.Contains(lines[at], tc.old) { // the value may follow its key
			at++
		}
		if at >= len(lines) || at > p.Line+2 {
			t.Fatalf("%s: no %q at line %d of %s", tc.path, tc.old, p.Line, p.File)
		}
		lines[at] = strings.Replace(lines[at], tc.old, tc.new, 1)
		os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644)
		edited, err := Load(filepath.Join(dir, "norway-norce.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		fromFile, err := cba.Evaluate(edited.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		x := ev.Base()
		i, ok := ev.Index(tc.path)
		if !ok {
			t.Fatalf("no factor at %s", tc.path)
		}
		x[i] = tc.v
		fromVector := ev.NewResult()
		if err := ev.Evaluate(x, fromVector); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromFile.Increments[0].Population.NPV, fromVector.Increments[0].Population.NPV) {
			t.Errorf("%s = %v: file %v, vector %v", tc.path, tc.v, fromFile.Increments[0].Population.NPV, fromVector.Increments[0].Population.NPV)
		}
		if reflect.DeepEqual(fromFile.Increments[0].Population.NPV, mustBase(t, ev).Increments[0].Population.NPV) {
			t.Errorf("%s: the change did not change the result", tc.path)
		}
	}
}

func mustBase(t *testing.T, ev *cba.Evaluator) *cba.Result {
	t.Helper()
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSetWithWildcard(t *testing.T) {
	f, err := Parse("x.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Set("arms.*.costs.*.amount", 100); err != nil {
		t.Fatal(err)
	}
	for _, a := range f.Scenario.Arms {
		if a.Costs[0].Amount != 100 {
			t.Errorf("arm %s: cost %v, want 100", a.Name, a.Costs[0].Amount)
		}
	}
	if err := f.Set("taxes.income.brackets[*].rate", 0.1); err != nil {
		t.Fatal(err)
	}
	for _, b := range f.Scenario.Taxes[0].Brackets {
		if b.Rate != 0.1 {
			t.Errorf("bracket rate %v, want 0.1", b.Rate)
		}
	}
	if err := f.Set("arms.*.colour", 1); err == nil || !strings.Contains(err.Error(), "matches no parameter") {
		t.Errorf("got %v", err)
	}
}

// TestAnchoredDistributionIsOneDraw: a number with a distribution written
// once and used at several paths (a YAML anchor) is one draw for them all.
func TestAnchoredDistributionIsOneDraw(t *testing.T) {
	f, err := Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range f.Scenario.Uncertainty.Parameters {
		for _, p := range u.Paths {
			if p == "groups.rest.job.hourly_wage" {
				if len(u.Paths) != 4 {
					t.Errorf("the wage is drawn for %v, want all four groups", u.Paths)
				}
				return
			}
		}
	}
	t.Error("the wage has no distribution")
}

// TestNoSilentMisreads: numbers are read as written, in decimal, or refused
// with the file's line; bounds are plausible; names that results use are
// refused.
func TestNoSilentMisreads(t *testing.T) {
	accepted := []struct {
		name     string
		old, new string
		check    func(s *cba.Scenario) bool
	}{
		{"leading zero is decimal", "horizon_months: 24", "horizon_months: 0120", func(s *cba.Scenario) bool { return s.HorizonMonths == 120 }},
		{"leading zero in an amount", "amount: 20975", "amount: {value: 010000}", func(s *cba.Scenario) bool { return s.Arms[0].Costs[0].Amount == 10000 }},
		{"leading zero in a month", "[{month: 12, share: 0.27}]", "[{month: 012, share: 0.27}]", func(s *cba.Scenario) bool {
			return s.Arms[0].Groups[0].Employment.Points[0].Month == 12
		}},
		{"exponent", "amount: 20975", "amount: 2.0975e4", func(s *cba.Scenario) bool { return s.Arms[0].Costs[0].Amount == 20975 }},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(minimal, tc.old, tc.new, 1)
			if text == minimal {
				t.Fatalf("%q not found", tc.old)
			}
			f, err := Parse("x.yaml", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(f.Scenario) {
				t.Error("read another number than written")
			}
		})
	}
	refused := []struct {
		name     string
		old, new string
		at       string // the text on the line the message names
		want     string
	}{
		{"fraction of a month count", "horizon_months: 24", "horizon_months: 120.5", "horizon_months: 120.5", "horizon_months: must be a whole number, got 120.5"},
		{"fraction of a month", "[{month: 12, share: 0.37}]", "[{month: 12.9, share: 0.37}]", "month: 12.9", "arms.ips.groups.older.employment.points[0].month: must be a whole number, got 12.9"},
		{"fraction of years", "horizon_months: 24", "horizon_months: 24\ncohort: {starts_per_year: 10, years: 5.99}", "years: 5.99", "cohort.years: must be a whole number, got 5.99"},
		{"blank number", "    rate: 0.04", "    rate:", "rate:", "discount[0].rate: is empty: give a number"},
		{"blank value", "    rate: 0.04", "    rate: {value: ~}", "rate: {value", "discount[0].rate: is empty: give a number"},
		{"hexadecimal", "amount: 20975", "amount: 0x51EF", "amount: 0x", `arms.usual.costs.training.amount: must be a number written in decimal, got "0x51EF"`},
		{"infinity", "amount: 20975", "amount: .inf", "amount: .inf", `arms.usual.costs.training.amount: must be a finite number, got ".inf"`},
		{"separators", "    rate: 0.04", "    rate: 1,000", "rate: 1,000", `discount[0].rate: must be a number without separators, got "1,000" (write 1000)`},
		{"percent sign", "job_loss: 0.03", "job_loss: 3%", "job_loss: 3%", `arms.ips.groups.young.employment.periods[0].job_loss: must be a number, got "3%" (write a share: 0.2 for 20 %)`},
		{"text", "amount: 20975", `amount: "20975"`, `amount: "20975"`, `arms.usual.costs.training.amount: must be a number, got "20975"`},
		{"huge amount", "amount: 20975", "amount: 1e308", "amount: 1e308", "arms.usual.costs.training.amount: must be in [0, 1e+12], got 1e+308"},
		{"huge wage", "hourly_wage: 230}\n    benefits", "hourly_wage: 1e300}\n    benefits", "hourly_wage: 1e300", "groups.young.job.hourly_wage: must be in [0, 1e+12], got 1e+300"},
		{"wage growth in percent", "horizon_months: 24", "horizon_months: 24\nwage_growth: 2", "wage_growth: 2", "wage_growth: must be in [-0.1, 0.1], got 2 (write 0.02 for 2 %)"},
		{"wage growth absurd", "horizon_months: 24", "horizon_months: 24\nwage_growth: 10000", "wage_growth: 10000", "wage_growth: must be in [-0.1, 0.1], got 10000"},
		{"lambda in percent", "marginal_cost_of_public_funds: 0.2", "marginal_cost_of_public_funds: 20", "marginal_cost_of_public_funds: 20", "perspective.marginal_cost_of_public_funds: must be in [0, 1], got 20 (write 0.2 for 20 %)"},
		{"lambda absurd", "marginal_cost_of_public_funds: 0.2", "marginal_cost_of_public_funds: 1e308", "marginal_cost_of_public_funds: 1e308", "perspective.marginal_cost_of_public_funds: must be in [0, 1], got 1e+308"},
		{"discount in percent", "rate: 0.04", "rate: {value: 3.5}", "rate: {value: 3.5}", "discount[0].rate: must be in [-0.05, 0.25], got 3.5 (write 0.035 for 3.5 %)"},
		{"discount near -1", "rate: 0.04", "rate: -0.9999", "rate: -0.9999", "discount[0].rate: must be in [-0.05, 0.25], got -0.9999"},
		{"hours a week", "job: {weekly_hours: 20, hourly_wage: 230}\n    benefits", "job: {weekly_hours: 200, hourly_wage: 230}\n    benefits", "weekly_hours: 200", "groups.young.job.weekly_hours: must be in [0, 100], got 200"},
		{"starts a year", "horizon_months: 24", "horizon_months: 24\ncohort: {starts_per_year: 1e308, years: 2}", "starts_per_year: 1e308", "cohort.starts_per_year: must be in [0, 1e+09], got 1e+308"},
		{"a gamma reaching 0", "half_life_months: 24", "half_life_months: {distribution: {type: gamma, mean: 24, sd: 300}}", "half_life_months: {distribution",
			"arms.ips.groups.older.employment.half_life_months.distribution: a gamma distribution reaches values from 0 to"},
		{"group named population", "  young:\n    share: 0.4", "  population:\n    share: 0.4", "  population:\n", `groups.population: "population" is the name of a result`},
		{"payer named public", "payers: [state, municipality]", "payers: [state, public]", "payers:", `payers[1]: "public" is the name of a result`},
		{"group name with a dot", "  young:\n    share: 0.4", "  \"young.x\":\n    share: 0.4", "young.x", `groups.young.x: the group name "young.x" may hold only letters, digits and underscores`},
		{"second document", "horizon_months: 24", "horizon_months: 24\n---\nname: other", "---", "a second YAML document (after ---): a scenario file holds one"},
		{"tab", "horizon_months: 24", "horizon_months: 24\n\tcurrency: NOK", "\tcurrency", "found a tab character that violates indentation (a tab? YAML indents with spaces only)"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(minimal, tc.old, tc.new, 1)
			if text == minimal {
				t.Fatalf("%q not found", tc.old)
			}
			_, err := Parse("x.yaml", []byte(text))
			want := fmt.Sprintf("x.yaml:%d: %s", lineOf(t, text, tc.at), tc.want)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("got\n%v\nwant a line\n%s", err, want)
			}
		})
	}
}

func TestDrawnSharesThatCanExceedOneAreRefusedWithTheirNames(t *testing.T) {
	text := strings.Replace(minimal, "benefits:\n  assistance:", `benefits:
  other:
    payer: state
    taxable: none
    in_work: {earnings: {taper: 1}}
  third:
    payer: state
    taxable: none
    in_work: {earnings: {taper: 1}}
  assistance:`, 1)
	text = strings.Replace(text, "      assistance: {share: 0.5, amount: 7850}", `      other: {share: 0.45, amount: 100}
      third: {share: 0.45, amount: 100}
      assistance: {share: {distribution: {type: beta, mean: 0.1, sd: 0.05}}, amount: 7850}`, 1)
	_, err := Parse("x.yaml", []byte(text))
	if err == nil || !strings.Contains(err.Error(), "groups.young.benefits: the receipt shares (groups.young.benefits.other.share, groups.young.benefits.third.share, groups.young.benefits.assistance.share) can be drawn to sum to") {
		t.Errorf("got %v", err)
	}
}

func TestTooLargeAFileIsRefused(t *testing.T) {
	data := []byte(minimal + strings.Repeat("# padding\n", MaxFileSize/10+1))
	_, err := Parse("big.yaml", data)
	if err == nil || !strings.Contains(err.Error(), "larger than 4 MiB") {
		t.Errorf("got %v", err)
	}
}

func TestErrorsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(minimal)
	for i := range 1000 {
		fmt.Fprintf(&b, "unknown%d: 1\n", i)
	}
	_, err := Parse("x.yaml", []byte(b.String()))
	var es cba.Errors
	if !errors.As(err, &es) || len(es) != cba.MaxErrors+1 || es[len(es)-1].Msg != "and 900 more problems" {
		t.Fatalf("got %d errors, the last %v", len(es), es[len(es)-1])
	}
}

// BenchmarkParseManyErrors reads files with 10,000 and 20,000 groups whose
// shares are all wrong: the time should double, not quadruple (checks are
// linear; the README quotes the ratio).
func BenchmarkParseManyErrors(b *testing.B) {
	for _, n := range []int{10000, 20000} {
		var sb strings.Builder
		sb.WriteString(strings.SplitN(minimal, "groups:", 2)[0])
		sb.WriteString("groups:\n")
		for i := range n {
			fmt.Fprintf(&sb, "  g%d: {share: 1.5, job: {weekly_hours: 20, hourly_wage: 230}}\n", i)
		}
		sb.WriteString("comparator: usual\narms:\n  usual: {groups: {}}\n  ips: {groups: {}}\n")
		data := []byte(sb.String())
		b.Run(fmt.Sprintf("groups=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse("x.yaml", data); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}

// writeFiles writes files (name -> text) into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExtendsAndSet(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"base.yaml": minimal,
		"child.yaml": `extends: base.yaml
name: child
cohort: {starts_per_year: {value: 20, assumption: "a small municipality"}, years: {value: 3, assumption: "three years"}}
set:
  - path: arms.ips.enrolment.dropout
    value: 0.1
    source: "a study"
  - path: groups.young.share
    value: 0.5
    assumption: "half young"
`,
	})
	f, err := Load(filepath.Join(dir, "child.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Scenario
	if s.Name != "child" || s.Cohort.StartsPerYear != 20 || s.Currency != "NOK" || s.Arms[1].Enrolment.Dropout != 0.1 {
		t.Errorf("merged: name %q, starts %v, currency %q, dropout %v", s.Name, s.Cohort.StartsPerYear, s.Currency, s.Arms[1].Enrolment.Dropout)
	}
	if s.Groups[0].Share != 0.5 || s.Groups[1].Share != 0.5 {
		t.Errorf("the set share and its rescaled partner: %v, %v", s.Groups[0].Share, s.Groups[1].Share)
	}
	fs, err := f.Factors()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range fs {
		switch x.Name {
		case "arms.ips.enrolment.dropout":
			if x.File != filepath.Join(dir, "child.yaml") || x.Source != "a study" || x.Line != 5 {
				t.Errorf("the set number's provenance: %s:%d %q", x.File, x.Line, x.Source)
			}
		case "arms.usual.costs.training.amount":
			if x.File != filepath.Join(dir, "base.yaml") {
				t.Errorf("an inherited number is in %s", x.File)
			}
		case "cohort.starts_per_year":
			if x.File != filepath.Join(dir, "child.yaml") || x.Assumption != "a small municipality" {
				t.Errorf("a replaced section's number: %s %q", x.File, x.Assumption)
			}
		}
	}
}

func TestExtendsErrorsNameTheirFile(t *testing.T) {
	broken := strings.Replace(minimal, "amount: 20975", "amount: -5", 1)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"an error in the base names the base", map[string]string{"base.yaml": broken, "child.yaml": "extends: base.yaml\nname: child\n"},
			fmt.Sprintf("base.yaml:%d: arms.usual.costs.training.amount: must be in [0, 1e+12], got -5", lineOf(t, broken, "amount: -5"))},
		{"an error in the child names the child", map[string]string{"base.yaml": minimal, "child.yaml": "extends: base.yaml\nhorizon_months: 0\n"},
			"child.yaml:2: horizon_months: must be in [1, 1200], got 0"},
		{"a set entry out of range", map[string]string{"base.yaml": minimal, "child.yaml": "extends: base.yaml\nset:\n  - {path: arms.ips.enrolment.dropout, value: 2, source: x}\n"},
			"child.yaml:3: set: arms.ips.enrolment.dropout: must be in [0, 1], got 2"},
		{"a set entry of no number", map[string]string{"base.yaml": minimal, "child.yaml": "extends: base.yaml\nset:\n  - {path: arms.ips.colour, value: 2, source: x}\n"},
			"child.yaml:3: set: arms.ips.colour: no such parameter"},
		{"a missing base", map[string]string{"child.yaml": "extends: none.yaml\n"}, "child.yaml:1: extends: open"},
		{"a loop", map[string]string{"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: a.yaml\n"}, "extends: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			start := "child.yaml"
			if _, ok := tc.files[start]; !ok {
				start = "a.yaml"
			}
			_, err := Load(filepath.Join(dir, start))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// TestMergedUncertaintyEntriesNameTheirFile: a file and the base it
// extends both have an uncertainty section; an entry of the base's, set
// wrongly, is named in the base (not in the file that extends it).
func TestMergedUncertaintyEntriesNameTheirFile(t *testing.T) {
	f, err := Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile("../../scenarios/rules/norway-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(base), "uncertainty:\n  dirichlet:") {
		t.Fatal("the rules file has no Dirichlet entry of its own: the test tests nothing")
	}
	_, err = f.Apply(cba.Override{Path: "uncertainty.dirichlet[0].concentration", Value: 0})
	if err == nil || !strings.Contains(err.Error(), filepath.Join("rules", "norway-2025.yaml")+":") {
		t.Errorf("got %v, want the rules file named", err)
	}
}

// TestSHA256CoversTheExtendsChain: File.SHA256 is the file's own hash when
// it extends nothing, and changes when a file it extends is edited, the
// file itself unchanged.
func TestSHA256CoversTheExtendsChain(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.yaml")
	top := filepath.Join(dir, "top.yaml")
	alone, err := Load("testdata/every-field.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/every-field.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(data); alone.SHA256 != hex.EncodeToString(sum[:]) || len(alone.Sums) != 1 {
		t.Errorf("a file alone: SHA256 %s, want its own hash", alone.SHA256)
	}
	if err := os.WriteFile(base, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(top, []byte("extends: base.yaml\nname: top\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := Load(top)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(data, []byte("rate: {value: 0.22,"), []byte("rate: {value: 0.25,"), 1)
	if bytes.Equal(edited, data) {
		t.Fatal("the edit did not apply")
	}
	if err := os.WriteFile(base, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	second, err := Load(top)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Sums) != 2 || first.Sums[0] != second.Sums[0] {
		t.Errorf("the top file's own hash: %v then %v", first.Sums, second.Sums)
	}
	if first.SHA256 == second.SHA256 {
		t.Error("editing the file a scenario extends left its SHA256 unchanged")
	}
}

// TestCloneIsChangedAlone: a what-if applied to a copy of a file leaves the
// file as read; each gives what a fresh read gives (every output, to the
// bit), with and without the what-if; copies made at once in several
// goroutines share nothing they change.
func TestCloneIsChangedAlone(t *testing.T) {
	const path = "../../scenarios/norway-municipal.yaml"
	what := cba.Override{Path: "arms.ips.effect.half_life_months", Value: 7}
	outputs := func(f *File) []uint64 { // nil after an error (any goroutine)
		ev, err := f.Evaluator()
		if err != nil {
			t.Error(err)
			return nil
		}
		out := make([]float64, len(ev.Outputs()))
		if err := ev.EvaluateOutputs(ev.Base(), out); err != nil {
			t.Error(err)
			return nil
		}
		bits := make([]uint64, len(out))
		for i, v := range out {
			bits[i] = math.Float64bits(v)
		}
		return bits
	}
	read := func(apply bool) []uint64 {
		f, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if apply {
			if _, err := f.Apply(what); err != nil {
				t.Fatal(err)
			}
		}
		return outputs(f)
	}
	plain, changed := read(false), read(true)
	if slices.Equal(plain, changed) {
		t.Fatal("the what-if changes no output")
	}
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([][]uint64, 4)
	for i := range results {
		wg.Go(func() {
			c := f.Clone()
			if _, err := c.Apply(what); err != nil {
				t.Error(err)
				return
			}
			results[i] = outputs(c)
		})
	}
	wg.Wait()
	for i, r := range results {
		if !slices.Equal(r, changed) {
			t.Errorf("copy %d with the what-if differs from a fresh read with it", i)
		}
	}
	if !slices.Equal(outputs(f), plain) {
		t.Error("the file read changed with its copies")
	}
	if !slices.Equal(outputs(f.Clone()), plain) {
		t.Error("an unchanged copy differs from the file")
	}
}
