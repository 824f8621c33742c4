package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
	"ipscba/cba/sensitivity"
)

// bundledScenarios returns the bundled scenario files (not the shared rules
// they extend).
func bundledScenarios(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("scenarios/*.yaml")
	if err != nil || len(files) < 10 {
		t.Fatalf("%d bundled scenarios: %v", len(files), err)
	}
	return files
}

// summary is what the table of scenarios shows of one scenario, kept as a
// golden file (testdata/scenarios/NAME-summary.json) beside the full
// deterministic and Monte Carlo reports.
type summary struct {
	Scenario       string  `json:"scenario"`
	Arm            string  `json:"arm"`
	Comparator     string  `json:"comparator"`
	Currency       string  `json:"currency"`
	HorizonMonths  int     `json:"horizon_months"`
	ObservedMonths int     `json:"observed_months"`
	Society        float64 `json:"society_npv"`
	Public         float64 `json:"public_npv"`
	SocietyObs     float64 `json:"society_npv_observed"`
	ProgrammeCost  float64 `json:"programme_cost"`
	PSociety       float64 `json:"p_society_above_zero"`
	PPublic        float64 `json:"p_public_above_zero"`
	// Switching values: the three questions every bundled scenario answers.
	Switches []switchValue `json:"switching_values"`
}

// switchValue is the answer to one "at what value would it flip?".
type switchValue struct {
	Question    string  `json:"question"`
	Factor      string  `json:"factor"` // "" when the scenario has none
	Unit        string  `json:"unit"`
	Perspective string  `json:"perspective"`
	Base        float64 `json:"base"`
	AtBase      float64 `json:"npv_at_base"`
	Found       bool    `json:"found"`
	Value       float64 `json:"value"`
	Within      string  `json:"within"`
	None        string  `json:"none,omitempty"` // why the scenario has no such number
}

// switchingValues answers, for a scenario's first arm against its
// comparator: the half-life of the effect at which the public budgets
// break even, the comparator's cost at which they do, and the IPS cost per
// participant-month at which society does.
func switchingValues(t *testing.T, path string) []switchValue {
	t.Helper()
	f, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := f.Scenario
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	var ips, comp *cba.Arm
	for i := range s.Arms {
		switch {
		case s.Arms[i].Name == s.Comparator:
			comp = &s.Arms[i]
		case ips == nil:
			ips = &s.Arms[i]
		}
	}
	// The factors asked about: the arm's half-life, the comparator's
	// largest programme cost, the arm's largest programme cost per
	// participant-month.
	halfLife := ""
	for _, fc := range ev.Factors() {
		for _, p := range fc.Paths {
			if halfLife == "" && strings.HasPrefix(p, "arms."+ips.Name+".") && strings.HasSuffix(p, "half_life_months") && fc.Index >= 0 {
				halfLife = p
			}
		}
	}
	largest := func(a *cba.Arm, perMonth bool) string {
		best, path := 0.0, ""
		for _, c := range a.Costs {
			if c.Category == cba.ProgrammeCost && (!perMonth || c.Timing == cba.PerEnrolledMonth) && c.Amount > best {
				best, path = c.Amount, "arms."+a.Name+".costs."+c.Name+".amount"
			}
		}
		return path
	}
	var out []switchValue
	for _, q := range []struct{ question, factor, perspective, none string }{
		{"half-life of the effect (months) at which the public budgets break even", halfLife, "public", "the effect does not decay"},
		{"the comparator's cost at which the public budgets break even", largest(comp, false), "public", "the comparator has no programme cost"},
		{"IPS's cost per participant-month at which society breaks even", largest(ips, true), "society", "no cost per participant-month"},
	} {
		v := switchValue{Question: q.question, Factor: q.factor, Perspective: q.perspective}
		if q.factor == "" {
			v.None = q.none
		}
		if q.factor != "" {
			m, err := sensitivity.NewModel(ev, cba.OutputKey{Arm: ips.Name, Comparator: comp.Name, Group: "population", Measure: cba.NPV, Perspective: q.perspective})
			if err != nil {
				t.Fatal(err)
			}
			sw, err := m.Switching(q.factor, sensitivity.SwitchOptions{})
			if err != nil {
				t.Fatal(err)
			}
			v.Unit, v.Base, v.AtBase, v.Found, v.Within = sw.Factor.Unit, sw.Base, sw.AtBase, sw.Found, sw.Interval()
			if sw.Found {
				v.Value = sw.Value
				// The answer holds: at the switching value the NPV is 0.
				if at, _ := m.With(&sw.Factor, sw.Value); math.Abs(at) > 1e-6*math.Max(1, math.Abs(sw.AtBase)) {
					t.Errorf("%s: NPV %v at the switching value of %s", path, at, q.factor)
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// answer writes a switching value for the table.
func (v switchValue) answer() string {
	from := "from " + strings.TrimPrefix(strings.Split(v.Within, ",")[0], "[")
	if strings.HasPrefix(v.Within, "(") {
		from = "above " + strings.TrimPrefix(strings.Split(v.Within, ",")[0], "(")
	}
	switch {
	case v.Factor == "":
		return "— (" + v.None + ")"
	case !v.Found && v.AtBase > 0:
		return fmt.Sprintf("never: gains at any value %s (`%s`)", from, v.Factor)
	case !v.Found:
		return fmt.Sprintf("never: loses at any value %s (`%s`)", from, v.Factor)
	}
	return fmt.Sprintf("%s (base %s; `%s`)", sig(v.Value), sig(v.Base), v.Factor)
}

// sig writes a number with thousands separators, or 3 significant digits
// when below 100.
func sig(v float64) string {
	if math.Abs(v) >= 100 {
		return thousands(v)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

const scenarioIterations = "10000"

// TestScenarioGoldens runs every bundled scenario, deterministically and
// with 10,000 Monte Carlo iterations (seed 1), and holds the reports and a
// summary to golden files.
func TestScenarioGoldens(t *testing.T) {
	if testing.Short() {
		t.Skip("28 runs of 10,000 iterations: in the full suite, not the short one (the race run)")
	}
	t.Parallel()
	for _, path := range bundledScenarios(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			t.Parallel() // the deterministic runs are one core's work
			det, errOut, code := runCommand(t, "-groups", path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, "scenarios/"+name+".txt", det)
			mc, errOut, code := runCommand(t, "-iterations", scenarioIterations, "-seed", "1", "-workers", "2", path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, "scenarios/"+name+"-mc.txt", mc)
			s := summarise(t, path)
			data, _ := json.MarshalIndent(s, "", "  ")
			golden(t, "scenarios/"+name+"-summary.json", string(data)+"\n")
		})
	}
}

// summarise evaluates a scenario and runs its Monte Carlo for the table.
func summarise(t *testing.T, path string) summary {
	t.Helper()
	det, _, code := runCommand(t, "-format", "json", path)
	mc, _, code2 := runCommand(t, "-iterations", scenarioIterations, "-seed", "1", "-workers", "2", "-format", "json", path)
	if code != 0 || code2 != 0 {
		t.Fatalf("%s: exit %d, %d", path, code, code2)
	}
	var d struct {
		Scenario       string
		Currency       string
		HorizonMonths  int `json:"horizon_months"`
		ObservedMonths int `json:"observed_months"`
		Increments     []struct {
			Arm, Comparator string
			Population      struct {
				NPV           map[string]float64
				NPVObserved   map[string]float64 `json:"npv_observed"`
				ProgrammeCost float64            `json:"programme_cost"`
			}
		}
	}
	if err := json.Unmarshal([]byte(det), &d); err != nil {
		t.Fatal(err)
	}
	inc := d.Increments[0]
	s := summary{Scenario: d.Scenario, Arm: inc.Arm, Comparator: inc.Comparator, Currency: d.Currency,
		HorizonMonths: d.HorizonMonths, ObservedMonths: d.ObservedMonths,
		Society: inc.Population.NPV["society"], Public: inc.Population.NPV["public"],
		SocietyObs: inc.Population.NPVObserved["society"], ProgrammeCost: inc.Population.ProgrammeCost}
	var m struct {
		Outputs []struct {
			Name       string
			PAboveZero float64 `json:"p_above_zero"`
		}
	}
	if err := json.Unmarshal([]byte(mc), &m); err != nil {
		t.Fatal(err)
	}
	prefix := inc.Arm + "-" + inc.Comparator + "/population/npv/"
	for _, o := range m.Outputs {
		switch o.Name {
		case prefix + "society":
			s.PSociety = o.PAboveZero
		case prefix + "public":
			s.PPublic = o.PAboveZero
		}
	}
	s.Switches = switchingValues(t, path)
	return s
}

// TestScenariosReadme: the table of scenarios in scenarios/README.md is made
// from the golden summaries and the scenarios' about sections, not typed;
// -update rewrites it.
func TestScenariosReadme(t *testing.T) {
	var b strings.Builder
	b.WriteString("| scenario | population | country | result per participant (society; public budgets) | chance society gains | decided by | sources |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, path := range bundledScenarios(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		f, err := scenario.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join("examples", "ipscba", "testdata", "scenarios", name+"-summary.json"))
		if err != nil {
			t.Fatalf("%v (go test ./examples/ipscba -update makes it)", err)
		}
		var s summary
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		result := fmt.Sprintf("%s %s; %s over %d years", s.Currency, thousands(s.Society), thousands(s.Public), s.HorizonMonths/12)
		switch m := f.Scenario.EffectMeasuredMonths; {
		case m > 0 && m < s.ObservedMonths:
			result += fmt.Sprintf(" (society %s over the %d months of trial follow-up; effect after month %d assumed)", thousands(s.SocietyObs), s.ObservedMonths, m)
		case s.ObservedMonths > 0:
			result += fmt.Sprintf(" (society %s over the %d observed months)", thousands(s.SocietyObs), s.ObservedMonths)
		}
		fmt.Fprintf(&b, "| [%s](%s.yaml) | %s | %s | %s | %.0f %% | %s | %s |\n", name, name, f.About.Population, f.About.Country,
			result, 100*s.PSociety, f.About.DecidedBy, strings.Join(f.About.Sources, "; "))
	}
	var sw strings.Builder
	sw.WriteString("| scenario | half-life of the effect (months) at which the public budgets break even | the comparator's cost at which the public budgets break even | IPS's cost per participant-month at which society breaks even |\n")
	sw.WriteString("| --- | --- | --- | --- |\n")
	for _, path := range bundledScenarios(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		data, _ := os.ReadFile(filepath.Join("examples", "ipscba", "testdata", "scenarios", name+"-summary.json"))
		var s summary
		if err := json.Unmarshal(data, &s); err != nil || len(s.Switches) != 3 {
			t.Fatalf("%s: %v (go test ./examples/ipscba -update makes the summary)", name, err)
		}
		fmt.Fprintf(&sw, "| %s | %s | %s | %s |\n", name, s.Switches[0].answer(), s.Switches[1].answer(), s.Switches[2].answer())
	}
	readme := filepath.Join("scenarios", "README.md")
	text, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	want := string(text)
	for _, tab := range []struct{ open, body string }{
		{"<!-- table: go test ./examples/ipscba -update -->\n", b.String()},
		{"<!-- switching values: go test ./examples/ipscba -update -->\n", sw.String()},
	} {
		const end = "<!-- end of table -->"
		i := strings.Index(want, tab.open)
		j := i + strings.Index(want[max(i, 0):], end)
		if i < 0 || j < i {
			t.Fatalf("%s has no markers %q", readme, tab.open)
		}
		want = want[:i+len(tab.open)] + tab.body + want[j:]
	}
	if *update {
		if err := os.WriteFile(readme, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(text) != want {
		t.Errorf("%s's table differs from the golden summaries (go test ./examples/ipscba -update rewrites it)", readme)
	}
}

// thousands writes a whole number with thousands separated by commas.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", math.Abs(math.Round(v)))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if math.Round(v) < 0 {
		s = "-" + s
	}
	return s
}

// TestReadmeExtendsExample: the README's example of a file that extends
// the Norwegian scenario reads, and changes what it says.
func TestReadmeExtendsExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const open = "<!-- readme-extends: yaml -->\n```yaml\n"
	i := strings.Index(string(readme), open)
	if i < 0 {
		t.Fatal("README.md has no extends example")
	}
	body := string(readme[i+len(open):])
	body = body[:strings.Index(body, "```")]
	f, err := scenario.Parse("scenarios/my-municipality.yaml", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Scenario
	if s.Name != "my-municipality" || s.Cohort.StartsPerYear != 40 || s.Groups[0].Name != "under30" || s.Groups[0].Share != 0.4 {
		t.Errorf("name %q, intake %v, %s share %v", s.Name, s.Cohort.StartsPerYear, s.Groups[0].Name, s.Groups[0].Share)
	}
	sum := 0.0
	for _, g := range s.Groups {
		sum += g.Share
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("the groups' shares sum to %v", sum)
	}
}
