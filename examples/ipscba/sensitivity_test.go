package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// TestSensitivityGoldens: the text of each analysis on the bundled
// Norwegian scenario, as the README shows it, and (forms) its JSON and CSV
// forms byte for byte.
func TestSensitivityGoldens(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		golden string
		forms  bool
		args   []string
	}{
		{"sensitivity/tornado", true, []string{"sensitivity", "tornado"}},
		{"sensitivity/switch", true, []string{"sensitivity", "switch", "-perspective", "public", "-factor", "arms.ips.effect.half_life_months",
			"-factor", "arms.traditional.costs.additional_measures.amount"}},
		{"sensitivity/switch-society", true, []string{"sensitivity", "switch", "-factor", "arms.ips.costs.employment_specialist.amount"}},
		{"sensitivity/twoway", false, []string{"sensitivity", "twoway", "-perspective", "public", "-x", "arms.ips.effect.half_life_months=1:49:5",
			"-y", "arms.traditional.costs.additional_measures.amount=0:6000:4"}},
		{"sensitivity/accept", true, []string{"sensitivity", "accept", "-quantity", "marginal_cost_of_public_funds", "-values", "0,0.2,0.5", "-iterations", "500"}},
		{"sensitivity/voi", true, []string{"sensitivity", "voi", "-iterations", "2000"}},
		{"sensitivity/voi-binning", false, []string{"sensitivity", "voi", "-method", "binning", "-iterations", "2000"}},
		{"sensitivity/sobol", true, []string{"sensitivity", "sobol", "-n", "256", "-bootstrap", "100", "-group", "dependent"}},
		{"sensitivity/morris", true, []string{"sensitivity", "morris", "-trajectories", "10", "-group", "dependent"}},
	} {
		formats := []string{"text"}
		if tc.forms {
			formats = append(formats, "json", "csv")
		}
		for _, format := range formats {
			name := tc.golden + "." + format
			if format == "text" {
				name = tc.golden + ".txt"
			}
			t.Run(name, func(t *testing.T) {
				out, errOut, code := runCommand(t, append(slices.Clone(tc.args), "-format", format, norway)...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				golden(t, name, out)
			})
		}
	}
}

// TestSensitivityFormats: every analysis writes JSON and CSV that parse.
func TestSensitivityFormats(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"tornado"},
		{"switch", "-factor", "arms.ips.effect.half_life_months", "-factor", "arms.ips.enrolment.months"},
		{"twoway", "-x", "arms.ips.effect.half_life_months=1:49:3", "-y", "arms.ips.enrolment.months=6:30:3"},
		{"accept", "-quantity", "cost_multiplier", "-iterations", "200"},
		{"voi", "-iterations", "500", "-factor", "arms.ips.effect.half_life_months"},
		{"sobol", "-n", "64", "-bootstrap", "20", "-factor", "arms.ips.effect.half_life_months", "-factor", "arms.ips.enrolment.months"},
		{"morris", "-trajectories", "4", "-group", "dependent"},
	} {
		for _, format := range []string{"json", "csv"} {
			a := append([]string{"sensitivity"}, args...)
			a = append(a, "-format", format, norway)
			out, errOut, code := runCommand(t, a...)
			if code != 0 {
				t.Errorf("%v: exit %d: %s", a, code, errOut)
				continue
			}
			if format == "json" {
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Errorf("%v: %v", a, err)
				}
				continue
			}
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(rows) < 2 {
				t.Errorf("%v: %d rows, %v", a, len(rows), err)
			}
		}
	}
}

// TestSensitivityRefuses: bad input exits 2 with a message naming it.
func TestSensitivityRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sensitivity", norway}, "no analysis"},
		{[]string{"sensitivity", "tornad", norway}, `no analysis "tornad"`},
		{[]string{"sensitivity", "tornado"}, "no scenario file"},
		{[]string{"sensitivity", "switch", "-within", "0:1", norway}, "-within is the interval of the factors named by -factor"},
		{[]string{"sensitivity", "tornado", "-n", "5", norway}, "-n does not go with tornado"},
		{[]string{"sensitivity", "tornado", "-output", "ips-traditional/population/npv/nobody", norway}, "no output"},
		{[]string{"sensitivity", "tornado", "-factor", "no.such", norway}, `no factor "no.such"`},
		{[]string{"sensitivity", "switch", "-factor", "horizon_months", norway}, "whole number"},
		{[]string{"sensitivity", "sobol", "-n", "8", norway}, "analyse them as one group"},
		{[]string{"sensitivity", "twoway", "-x", "arms.ips.enrolment.months=1:2", "-y", "arms.ips.enrolment.dropout=0:0.1:3", norway}, "-x arms.ips.enrolment.months"},
		{[]string{"sensitivity", "accept", "-quantity", "lambda", norway}, "-quantity"},
		{[]string{"sensitivity", "accept", "-values", "-1,2", "-quantity", "cost_multiplier", norway}, "cost_multiplier = -1"},
		{[]string{"sensitivity", "tornado", "-set", "nope=1", norway}, "-set"},
		{[]string{"sensitivity", "morris", "-levels", "3", norway}, "levels"},
		{[]string{"sensitivity", "morris", "-levels", "0", norway}, "-levels"},
		{[]string{"sensitivity", "tornado", "-bound", "groups.under30.share=-1:2", norway}, "must be in [0, 1]"},
		{[]string{"sensitivity", "tornado", "-factor", "groups.rest.job.weekly_hours", "-bound", "groups.under30.job.weekly_hours=10:20",
			"-bound", "groups.rest.job.weekly_hours=30:40", norway}, "two ranges"},
		{[]string{"sensitivity", "tornado", "-factor", "perspective.marginal_cost_of_public_funds", norway}, "is not uncertain"},
		{[]string{"sensitivity", "tornado", "-factor", "arms.ips.effect.half_life_months", "-bound", "perspective.marginal_cost_of_public_funds=0:0.5", norway}, "not among the factors analysed"},
		{[]string{"sensitivity", "switch", "-factor", "groups.under30.share", "-within", "2:3", norway}, "must be in [0, 1]"},
		{[]string{"sensitivity", "switch", "-factor", "arms.ips.effect.half_life_months", "-output", "ips-traditional/population/break_even_month/society", norway}, "give the value it is to reach"},
		{[]string{"sensitivity", "twoway", "-x", "groups.under30.share=0.2:0.5:2", "-y", "groups.rest.share=0.1:0.4:2", norway}, "shares of one set"},
		{[]string{"sensitivity", "twoway", "-x", "groups.under30.share=-1:2:4", "-y", "arms.ips.enrolment.dropout=0:0.1:3", norway}, "must be in [0, 1]"},
		{[]string{"sensitivity", "voi", "-factor", "perspective.displacement", norway}, "is not uncertain"},
		{[]string{"sensitivity", "voi", "-iterations", "10", "-group", "arms.ips.effect.half_life_months", "-group", "arms.ips.effect.half_life_months", norway}, "asked for twice"},
		// Refused before the run: the draws would not fit in the memory
		// the analysis may keep.
		{[]string{"sensitivity", "voi", "-iterations", "100000000", norway}, "100,000,000 iterations would keep 27.6 GiB of draws (296 bytes an iteration, for 1 net benefit and 35 factors): at most 7,255,012 fit"},
		{[]string{"sensitivity", "voi", "-bins", "4", norway}, "-bins is for -method binning"},
		{[]string{"sensitivity", "voi", "-method", "bins", norway}, `-method: no EVPPI method "bins"`},
		{[]string{"sensitivity", "sobol", "-method", "binning", norway}, "-method does not go with sobol"},
		{[]string{"sensitivity", "accept", "-output", "ips-traditional/population/npv/society", norway}, "takes no -output"},
		{[]string{"sensitivity", "accept", "-perspective", "bogus", "-iterations", "10", norway}, `no perspective "bogus"`},
	} {
		_, errOut, code := runCommand(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 with %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestOneGroupScenarios: the fixed numbers of a scenario with one group
// move in a tornado (its lone share cannot, and is left out), and every
// bundled scenario's text ends with what decides it.
func TestOneGroupScenarios(t *testing.T) {
	t.Parallel()
	for _, path := range bundledScenarios(t) {
		if _, errOut, code := runCommand(t, "sensitivity", "tornado", "-fixed", "0.2", "-format", "csv", path); code != 0 {
			t.Errorf("%s: exit %d: %s", path, code, errOut)
		}
	}
	out, _, code := runCommand(t, "scenarios/us-wsipp.yaml")
	if code != 0 || !strings.Contains(out, "what decides it:") || strings.Contains(out, "not available") {
		t.Errorf("us-wsipp: exit %d, no table of what decides it:\n%s", code, out)
	}
}

// TestSobolBootstrapFlag: -bootstrap means what the API's Bootstrap
// means: left out, the API's default (1,000 resamples, the same output as
// -bootstrap 1000); none shows no intervals rather than zeros (the API's
// NoBootstrap); 0 is refused, not read as "none" or as "the default".
func TestSobolBootstrapFlag(t *testing.T) {
	t.Parallel()
	run := func(bootstrap ...string) (string, string, int) {
		args := []string{"sensitivity", "sobol", "-n", "32", "-factor", "arms.ips.effect.half_life_months", "-format", "json"}
		return runCommand(t, append(append(args, bootstrap...), norway)...)
	}
	def, _, _ := run()
	thousand, _, _ := run("-bootstrap", "1000")
	if def != thousand || !strings.Contains(def, `"first_order_interval": [`) {
		t.Errorf("the default is not 1,000 resamples:\n%s\n%s", def, thousand)
	}
	out, errOut, code := run("-bootstrap", "none")
	if code != 0 || !strings.Contains(out, `"first_order_interval": null`) {
		t.Errorf("-bootstrap none: exit %d: %s%s", code, out, errOut)
	}
	if _, help, _ := runCommand(t, "sensitivity", "-h"); !strings.Contains(help, "(1 to 100,000), or none (default 1000)") {
		t.Errorf("the help does not say -bootstrap none:\n%s", help)
	}
	for _, bad := range []string{"0", "-2", "100001", "some"} {
		if _, errOut, code := run("-bootstrap", bad); code != 2 || !strings.Contains(errOut, "-bootstrap") || !strings.Contains(errOut, "none") {
			t.Errorf("-bootstrap %s: exit %d, %s", bad, code, errOut)
		}
	}
}

// TestSwitchEveryFactor: switch without -factor gives the switching value
// of every factor, in text, JSON and CSV alike, each as -factor gives it
// alone; on every bundled scenario it runs.
func TestSwitchEveryFactor(t *testing.T) {
	t.Parallel()
	text, errOut, code := runCommand(t, "sensitivity", "switch", "-perspective", "public", norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	all, _, _ := runCommand(t, "sensitivity", "switch", "-perspective", "public", "-format", "csv", norway)
	rows, err := csv.NewReader(strings.NewReader(all)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text, "\n  base value "); n != len(rows)-1 || n < 50 {
		t.Errorf("%d factors in text, %d in CSV", n, len(rows)-1)
	}
	for _, factor := range []string{"arms.ips.effect.half_life_months", "arms.traditional.costs.additional_measures.amount", "perspective.displacement"} {
		one, _, _ := runCommand(t, "sensitivity", "switch", "-perspective", "public", "-format", "csv", "-factor", factor, norway)
		row := strings.Split(strings.TrimSpace(one), "\n")[1]
		if !strings.Contains(all, "\n"+row+"\n") {
			t.Errorf("%s: %q alone, not in the table of every factor", factor, row)
		}
	}
	for _, path := range bundledScenarios(t) {
		if _, errOut, code := runCommand(t, "sensitivity", "switch", "-format", "csv", path); code != 0 {
			t.Errorf("%s: exit %d: %s", path, code, errOut)
		}
	}
	if _, help, _ := runCommand(t, "sensitivity", "-h"); !strings.Contains(help, "switch   the value of a factor (-factor; left out, of every factor)") {
		t.Errorf("the help does not say that switch without -factor searches every factor:\n%s", help)
	}
}

// TestSwitchIntervalEveryForm: the interval searched is written the same
// way in text, JSON and CSV: the half-life of the effect must be above 0,
// "(0, 12,000]" in text (numbers for people), "(0, 12000]" in JSON and CSV.
func TestSwitchIntervalEveryForm(t *testing.T) {
	args := []string{"sensitivity", "switch", "-perspective", "public", "-factor", "arms.ips.effect.half_life_months"}
	text, _, _ := runCommand(t, append(args, norway)...)
	js, _, _ := runCommand(t, append(args, "-format", "json", norway)...)
	cs, _, _ := runCommand(t, append(args, "-format", "csv", norway)...)
	var v struct {
		Rows []struct{ Interval, Sentence string } `json:"switching_values"`
	}
	if err := json.Unmarshal([]byte(js), &v); err != nil || len(v.Rows) != 1 {
		t.Fatal(err, js)
	}
	rows, err := csv.NewReader(strings.NewReader(cs)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatal(err, cs)
	}
	if !strings.Contains(text, "within (0, 12,000]") || v.Rows[0].Interval != "(0, 12000]" || rows[1][len(rows[1])-1] != "(0, 12000]" {
		t.Errorf("text %q, JSON %q, CSV %q: want (0, 12000] in each", text, v.Rows[0].Interval, rows[1])
	}
}

// TestSensitivityHonoursSet: a -set changes the analysis as it changes the
// evaluation.
func TestSensitivityHonoursSet(t *testing.T) {
	base, _, _ := runCommand(t, "sensitivity", "switch", "-factor", "arms.ips.effect.half_life_months", "-perspective", "public", "-format", "csv", norway)
	set, _, code := runCommand(t, "sensitivity", "switch", "-factor", "arms.ips.effect.half_life_months", "-perspective", "public", "-format", "csv",
		"-set", "arms.ips.costs.employment_specialist.amount=8000", norway)
	if code != 0 || base == set {
		t.Errorf("-set changed nothing: %s", set)
	}
}

// TestReadmeSwitchingProse backs the README's sentence on the golden
// switching values: the public budgets stop gaining only below a half-life
// of a month and a half, and gain even if the comparator cost nothing.
func TestReadmeSwitchingProse(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "The public budgets break even only with a half-life of about six years, or\nif the controls had used twice the additional measures assumed (about NOK\n5,500 a month over the first year).") {
		t.Fatal("the README's sentence has changed: change this test with it")
	}
	out, _, _ := runCommand(t, "sensitivity", "switch", "-perspective", "public", "-format", "json",
		"-factor", "arms.ips.effect.half_life_months", "-factor", "arms.traditional.costs.additional_measures.amount", norway)
	var v struct {
		Rows []struct {
			Found  bool
			Value  float64 `json:"switching_value"`
			AtBase float64 `json:"output_at_base"`
		} `json:"switching_values"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v.Rows) != 2 {
		t.Fatal(err, out)
	}
	if h := v.Rows[0]; !h.Found || h.Value < 66 || h.Value > 78 || h.AtBase >= 0 {
		t.Errorf("half-life: %+v, want a switching value of about six years with a loss at the base", h)
	}
	if c := v.Rows[1]; !c.Found || c.Value < 5000 || c.Value > 6000 || c.AtBase >= 0 {
		t.Errorf("comparator's cost: %+v, want about 5,500, twice the assumed 2,727, with a loss at the base", c)
	}
}

// TestValuesParquet: -values file.parquet holds what -values file.csv
// holds, column by column.
func TestValuesParquet(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pq, cv := filepath.Join(dir, "v.parquet"), filepath.Join(dir, "v.csv")
	for _, f := range []string{pq, cv} {
		if _, errOut, code := runCommand(t, "-iterations", "3000", "-seed", "4", "-values", f, "-o", filepath.Join(dir, "out.txt"), norway); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	data, _ := os.ReadFile(cv)
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(pq)
	pf, err := parquet.OpenFile(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if pf.NumRows() != int64(len(rows)-1) || len(pf.Schema().Columns()) != len(rows[0]) {
		t.Fatalf("%d rows and %d columns in Parquet, %d and %d in CSV", pf.NumRows(), len(pf.Schema().Columns()), len(rows)-1, len(rows[0]))
	}
	col := map[string]int{}
	for i, c := range pf.Schema().Columns() {
		col[c[0]] = i
	}
	r := parquet.NewReader(bytes.NewReader(raw))
	buf := make([]parquet.Row, 1)
	for i := 1; i < len(rows); i++ {
		if _, err := r.ReadRows(buf); err != nil && i < len(rows)-1 {
			t.Fatal(err)
		}
		for k, name := range rows[0] {
			c, ok := col[name]
			if !ok {
				t.Fatalf("no column %q in Parquet", name)
			}
			v := buf[0][c]
			var got string
			if name == "iteration" {
				got = strconv.FormatInt(v.Int64(), 10)
			} else {
				got = strconv.FormatFloat(v.Double(), 'g', -1, 64)
			}
			if want := rows[i][k]; got != want {
				t.Fatalf("row %d, %s: %s in Parquet, %s in CSV", i, name, got, want)
			}
		}
	}
}

// TestReadmeCounts backs the README's counts of the Norwegian scenario's
// numbers and outputs.
func TestReadmeCounts(t *testing.T) {
	readme, _ := os.ReadFile("README.md")
	f, err := scenario.Load(norway)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := cba.NewEvaluator(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	factors := 0
	uncertain, correlated := 0, 0
	for _, fc := range ev.Factors() {
		if fc.Index >= 0 {
			factors++
		}
		if fc.Uncertain() {
			uncertain++
		}
		if fc.Correlated {
			correlated++
		}
	}
	outputs := len(ev.Outputs())
	for _, want := range []string{
		fmt.Sprintf("(%d columns: the iteration, %d numbers, %d outputs)", 1+factors+outputs, factors, outputs),
		fmt.Sprintf("120 months, %d Monte", outputs),
		fmt.Sprintf("histograms of %d outputs", outputs),
		fmt.Sprintf("(%d numbers, %d correlated, %d Dirichlet splits)", uncertain, correlated, len(f.Scenario.Uncertainty.Dirichlets)),
	} {
		if !strings.Contains(strings.ReplaceAll(string(readme), "\n", " "), want) {
			t.Errorf("the README does not say %q", want)
		}
	}
}

// TestCostPerGainNoneGained: where the programme gains no work, a cost
// per gain is written "none gained" by the analyses, in both languages,
// never "cost-saving" (a benefit-cost ratio's +Inf); an infinite swing is
// "infinite".
func TestCostPerGainNoneGained(t *testing.T) {
	for _, c := range []struct{ lang, none, saving, infinite string }{
		{"en", "none gained", "cost-saving", "infinite"},
		{"nb", "ingen gevinst i arbeid", "kostnadsbesparende", "uendelig"},
	} {
		out, errOut, code := runCommand(t, "sensitivity", "tornado", "-lang", c.lang, "-output", "ips-traditional/population/cost_per_extra_month_in_work",
			"-bound", "arms.ips.effect.points[1].difference=-0.05:0.2", norway)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.lang, code, errOut)
		}
		var row string
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "+10") && strings.Contains(line, "-5") || strings.Contains(line, "−5") {
				row = line
				break
			}
		}
		if !strings.Contains(row, c.none) || !strings.HasSuffix(strings.TrimSpace(row), c.infinite) || strings.Contains(out, c.saving) {
			t.Errorf("%s: the effect's row %q: want %q at low and %q as its swing, and no %q in\n%s", c.lang, row, c.none, c.infinite, c.saving, out)
		}
	}
}
