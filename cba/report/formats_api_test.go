package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
	"ipscba/cba/sensitivity"
)

func load(t *testing.T, name string) *cba.Scenario {
	t.Helper()
	f, err := scenario.Load(filepath.Join("../../scenarios", name))
	if err != nil {
		t.Fatal(err)
	}
	return f.Scenario
}

// evaluated returns an evaluator of s and its deterministic result.
func evaluated(t *testing.T, s *cba.Scenario) (*cba.Evaluator, *cba.Result) {
	t.Helper()
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	return ev, r
}

// fullInput is the Norwegian scenario with an override, every section of a
// report filled in: groups, the budget impact, what decides it.
func fullInput(t *testing.T, lang report.Lang) (report.Input, *cba.Evaluator) {
	t.Helper()
	s := load(t, "norway-norce.yaml")
	changes, err := s.Apply(cba.Override{Path: "groups.under30.share", Value: 0.35}, cba.Override{Path: "arms.ips.enrolment.dropout", Value: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	ev, r := evaluated(t, s)
	prov := report.Provenance{File: "norway-norce.yaml", SHA256: strings.Repeat("ab", 32), Version: "(devel)", Mode: "deterministic", Timing: report.Timing}
	for _, c := range changes {
		rc := report.Change{Override: c.Override.String(), Places: c.Places, Fixed: c.Fixed, DroppedCorrelations: c.Dropped}
		for _, r := range c.Rescaled {
			rc.Rescaled = append(rc.Rescaled, r.Factor)
		}
		prov.Overrides = append(prov.Overrides, c.Override.String())
		prov.Changes = append(prov.Changes, rc)
	}
	keys := []cba.OutputKey{
		{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"},
		{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "public"},
	}
	d := &report.Decides{Outputs: keys}
	if d.Rows, err = sensitivity.WhatDecides(ev, keys, 3); err != nil {
		t.Fatal(err)
	}
	return report.Input{Provenance: prov, Result: r, Budgets: r.Budget(), Groups: true, Decides: d, Scenario: s, Lang: lang}, ev
}

// TestTextJSONAndCSVAgree: the three forms of one result hold the same
// numbers: every NPV in the JSON is the result's, rounded to 0.01; every
// "npv" row of the CSV is the JSON's; the text shows each perspective's
// NPV of the increment, as the language writes it, and every section the
// input asks for.
func TestTextJSONAndCSVAgree(t *testing.T) {
	in, _ := fullInput(t, report.English)
	r := in.Result
	var js, cs, text bytes.Buffer
	for _, w := range []struct {
		f   func(*bytes.Buffer, report.Input) error
		buf *bytes.Buffer
	}{
		{func(b *bytes.Buffer, in report.Input) error { return report.JSON(b, in) }, &js},
		{func(b *bytes.Buffer, in report.Input) error { return report.CSV(b, in) }, &cs},
		{func(b *bytes.Buffer, in report.Input) error { return report.Text(b, in) }, &text},
	} {
		if err := w.f(w.buf, in); err != nil {
			t.Fatal(err)
		}
	}
	var doc struct {
		Schema     string
		Provenance struct{ Overrides []string }
		Increments []struct {
			Arm, Comparator string
			Population      struct{ NPV map[string]float64 }
			Groups          []struct {
				Group string
				NPV   map[string]float64
			}
		}
		Budget []struct{ Arm string }
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != report.Schema || len(doc.Provenance.Overrides) != 2 || len(doc.Budget) != 1 {
		t.Errorf("schema %q, overrides %v, %d budgets", doc.Schema, doc.Provenance.Overrides, len(doc.Budget))
	}
	round := func(v float64) float64 { return math.Round(v*100) / 100 }
	inc := r.Increments[0]
	for p, name := range r.Perspectives {
		if got, want := doc.Increments[0].Population.NPV[name], round(inc.Population.NPV[p]); got != want {
			t.Errorf("JSON %s NPV %v, result %v", name, got, want)
		}
		for g, grp := range doc.Increments[0].Groups {
			if got, want := grp.NPV[name], round(inc.Groups[g].NPV[p]); got != want || grp.Group != inc.Groups[g].Group {
				t.Errorf("JSON %s %s NPV %v, result %v", grp.Group, name, got, want)
			}
		}
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "table,arm,comparator,group,perspective,item,value" {
		t.Fatalf("CSV header %q", got)
	}
	npvRows := 0
	for _, row := range rows[1:] {
		if row[0] != "increment" || row[5] != "npv" {
			continue
		}
		npvRows++
		v, err := strconv.ParseFloat(row[6], 64)
		if err != nil {
			t.Fatal(err)
		}
		want := doc.Increments[0].Population.NPV[row[4]]
		for _, g := range doc.Increments[0].Groups {
			if g.Group == row[3] {
				want = g.NPV[row[4]]
			}
		}
		if v != want {
			t.Errorf("CSV %v: %v, JSON %v", row, v, want)
		}
	}
	if want := len(r.Perspectives) * (1 + len(groupsOf(r))); npvRows != want {
		t.Errorf("%d CSV npv rows of the increment, want %d", npvRows, want)
	}
	out := text.String()
	for p := range r.Perspectives {
		if v := report.Thousands(inc.Population.NPV[p]); !strings.Contains(out, " "+v+" ") {
			t.Errorf("the text does not show the NPV %s", v)
		}
	}
	for _, want := range []string{
		"scenario file norway-norce.yaml (sha256 abababababab)",
		"arms: traditional = Traditional measures",
		"changed: groups.under30.share=0.35 (1 place)",
		"  no longer drawn under uncertainty: groups.under30.share",
		"rescaled: groups.no_upper_secondary.share",
		"ips minus traditional by group: net present value per participant",
		"budget impact, ips minus traditional:",
		"what decides it: ips minus traditional, whole population, NPV per participant",
		"In short: under these assumptions, ips minus traditional, society gains NOK",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the text does not say %q", want)
		}
	}
}

// Groups lists a result's groups.
func groupsOf(r *cba.Result) []string {
	var gs []string
	for _, g := range r.Arms[0].Groups {
		gs = append(gs, g.Group)
	}
	return gs
}

// TestTextInBokmål: the Norwegian report writes its numbers as Norwegians
// do and its words in Norwegian, the scenario's own labels unchanged.
func TestTextInBokmål(t *testing.T) {
	in, _ := fullInput(t, report.Bokmal)
	var b bytes.Buffer
	if err := report.Text(&b, in); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	num := report.Number(report.Bokmal)
	soc, _ := in.Result.Perspective("society")
	v := in.Result.Increments[0].Population.NPV[soc]
	pr := report.NewPrinter(report.Bokmal, in.Scenario)
	if !strings.Contains(strings.ReplaceAll(out, "\n", " "), "Kort sagt, med disse forutsetningene og "+pr.Arm("ips")+" minus "+pr.Arm("traditional")+": samfunnet") {
		t.Error("no Norwegian conclusion")
	}
	if strings.Contains(out, "In short") || strings.Contains(out, "what decides it") {
		t.Error("English words in the Norwegian report")
	}
	if n := num(math.Round(v)); !strings.Contains(out, n) {
		t.Errorf("society's NPV %s is not written as Norwegians write it", n)
	}
}

// TestConclusionSaysWhenTheMoneyComesBack: the one-sentence conclusion says
// whether society gains, when the public budgets are paid back (in month m
// of year y, from the start, or not within the horizon), and with a Monte
// Carlo run the mean and the chance of a gain.
func TestConclusionSaysWhenTheMoneyComesBack(t *testing.T) {
	s := load(t, "norway-norce.yaml")
	// IPS at a tenth of its specialist's cost: the budgets get their money
	// back within the horizon.
	if _, err := s.Apply(cba.Override{Path: "arms.ips.costs.employment_specialist.amount", Value: 800}); err != nil {
		t.Fatal(err)
	}
	r, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := r.Perspective("public")
	m := r.Increments[0].Population.BreakEven[pub]
	got := report.Conclusion(report.English, s, r, nil, nil)
	want := "get their money back in month " + strconv.Itoa(m) + " (year " + strconv.Itoa((m+11)/12) + ")"
	if !strings.Contains(got, want) || !strings.Contains(got, "over 10 years") || !strings.HasSuffix(got, ".") {
		t.Errorf("%q\nwant it to say %q", got, want)
	}
	// A programme the budgets never get back within 3 years and 2 months.
	short := load(t, "norway-norce.yaml")
	if _, err := short.Apply(cba.Override{Path: "horizon_months", Value: 38}, cba.Override{Path: "observed_months", Value: 0},
		cba.Override{Path: "effect_measured_months", Value: 0}); err != nil {
		t.Fatal(err)
	}
	rs, err := cba.Evaluate(short)
	if err != nil {
		t.Fatal(err)
	}
	got = report.Conclusion(report.English, short, rs, nil, nil)
	if !strings.Contains(got, "do not get their money back within 38 months") || !strings.Contains(got, "lose NOK") {
		t.Errorf("38 months: %q", got)
	}
	// With a Monte Carlo run: means and chances.
	mc, err := cba.Run(context.Background(), s, cba.Options{Iterations: 200, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := mc.Summary(cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"})
	got = report.Conclusion(report.English, s, r, mc, nil)
	if !strings.Contains(got, "society gains NOK "+report.Thousands(sum.Mean)+" per participant over 10 years on average (a gain in") ||
		!strings.Contains(got, "of draws") {
		t.Errorf("with a run: %q", got)
	}
}

// TestMonteCarloFormatsAgree: the Monte Carlo text, JSON and CSV of one run
// show the same statistics as the run itself.
func TestMonteCarloFormatsAgree(t *testing.T) {
	in, _ := fullInput(t, report.English)
	mc, err := cba.Run(context.Background(), in.Scenario, cba.Options{Iterations: 300, Seed: 9, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	mcIn := report.MonteCarloInput{
		Provenance:    report.MonteCarloProvenance{Provenance: in.Provenance, Seed: mc.Seed, Iterations: "300", Workers: mc.Workers},
		Deterministic: in.Result, Run: mc, Percentiles: []float64{2.5, 50, 97.5}, Groups: true, Scenario: in.Scenario, Decides: in.Decides,
	}
	var js, cs, text bytes.Buffer
	if err := report.MonteCarloJSON(&js, mcIn); err != nil {
		t.Fatal(err)
	}
	if err := report.MonteCarloCSV(&cs, mcIn); err != nil {
		t.Fatal(err)
	}
	if err := report.MonteCarloText(&text, mcIn); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema  string
		Outputs []struct {
			Name string
			Mean *float64
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != report.MonteCarloSchema || len(doc.Outputs) != len(mc.Outputs) {
		t.Fatalf("schema %q, %d outputs of %d", doc.Schema, len(doc.Outputs), len(mc.Outputs))
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(mc.Outputs) {
		t.Errorf("%d CSV rows for %d outputs", len(rows), len(mc.Outputs))
	}
	for k, key := range mc.Outputs {
		sum := mc.Stat(k).Summary()
		o := doc.Outputs[k]
		if o.Name != key.String() || (o.Mean == nil) != math.IsNaN(sum.Mean) || o.Mean != nil && math.Abs(*o.Mean-sum.Mean) > 0.005+1e-9 {
			// Money is rounded to 0.01, shares, months and ratios to 1e-6.
			t.Errorf("%s: JSON %s %v, run %v", key, o.Name, o.Mean, sum.Mean)
		}
		if rows[1+k][0] != key.String() {
			t.Errorf("CSV row %d is %q, want %s", 1+k, rows[1+k][0], key)
		}
	}
	out := text.String()
	for _, want := range []string{
		"300 iterations",
		"on average (a gain in",
		"chance of having the money back",
		"what decides it:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the Monte Carlo text does not say %q", want)
		}
	}
}

// TestIterationsAtFullPrecision: the per-iteration writers give back every
// value exactly, +Inf as "+Inf" in CSV and null in JSON.
func TestIterationsAtFullPrecision(t *testing.T) {
	keys := []cba.OutputKey{
		{Arm: "ips", Comparator: "usual", Group: "population", Measure: cba.NPV, Perspective: "society"},
		{Arm: "ips", Comparator: "usual", Group: "population", Measure: cba.BenefitCostRatio},
	}
	factors := []string{"arms.ips.enrolment.dropout"}
	values := [][2][]float64{
		{{0.1 + 0.2}, {-12345.678901234567, math.Inf(1)}},
		{{1e-300}, {math.MaxFloat64, 2.5}},
	}
	var cs, js bytes.Buffer
	for _, w := range []struct {
		buf    *bytes.Buffer
		asJSON bool
	}{{&cs, false}, {&js, true}} {
		it := report.NewIterations(w.buf, factors, keys, w.asJSON)
		for i, v := range values {
			it.Write(uint64(7+i), v[0], v[1])
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(cs.String(), ",+Inf\n") {
		t.Error("no +Inf in the CSV")
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := "iteration,factor:arms.ips.enrolment.dropout," + keys[0].String() + "," + keys[1].String(); strings.Join(rows[0], ",") != want {
		t.Errorf("header %v, want %s", rows[0], want)
	}
	var doc struct {
		Factors, Outputs []string
		Iterations       []struct {
			Iteration uint64
			Factors   []float64
			Values    []*float64
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for i, v := range values {
		row, it := rows[1+i], doc.Iterations[i]
		if row[0] != strconv.Itoa(7+i) || it.Iteration != uint64(7+i) {
			t.Errorf("iteration %d: CSV %s, JSON %d", 7+i, row[0], it.Iteration)
		}
		all := append(append([]float64(nil), v[0]...), v[1]...)
		for k, want := range all {
			got, err := strconv.ParseFloat(row[1+k], 64)
			if err != nil || got != want {
				t.Errorf("CSV iteration %d column %d: %q, want %v", 7+i, k, row[1+k], want)
			}
			var j *float64
			if k < len(v[0]) {
				j = &it.Factors[k]
			} else {
				j = it.Values[k-len(v[0])]
			}
			if math.IsInf(want, 1) {
				if j != nil {
					t.Errorf("JSON +Inf as %v, want null", *j)
				}
			} else if j == nil || *j != want {
				t.Errorf("JSON iteration %d column %d: %v, want %v", 7+i, k, j, want)
			}
		}
	}
}

// TestFactorNamesForReaders: every number of the bundled scenarios has a
// name for readers, in words, with its part's label; two numbers never
// share a name; a number used in several places is named by what it is in
// all of them, never by its first place alone; numbers drawn together are
// named by what they split, never by their entry in the file.
func TestFactorNamesForReaders(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.yaml")
	for _, path := range files {
		s := load(t, filepath.Base(path))
		fs, err := s.Factors()
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []report.Lang{report.English, report.Bokmal} {
			p := report.NewPrinter(lang, s)
			named := map[string]string{}
			for _, f := range fs {
				name := p.Factor(f.Name)
				if strings.ContainsAny(name, "[]") || strings.Contains(name, f.Name) || strings.Contains(name, "_") {
					t.Errorf("%s: %s is named %q", filepath.Base(path), f.Name, name)
				}
				if other, ok := named[name]; ok {
					t.Errorf("%s: %s and %s are both %q", filepath.Base(path), other, f.Name, name)
				}
				named[name] = f.Name
			}
			for k := range s.Uncertainty.Dirichlets {
				input := fmt.Sprintf("uncertainty.dirichlet[%d]", k)
				if name := report.Label(lang, s)(input); strings.ContainsAny(name, "[]+") {
					t.Errorf("%s: %s is named %q", filepath.Base(path), input, name)
				}
			}
		}
	}
	s := load(t, "norway-norce.yaml")
	label := report.Label(report.English, s)
	for path, want := range map[string]string{
		"discount[1].rate":                                                            "discount rate from year 41",
		"discount[1].from_year":                                                       "first year of discount rate 2",
		"arms.ips.effect.points[0].difference":                                        "Individual Placement and Support: effect at month 12",
		"arms.ips.effect.points[1].difference":                                        "Individual Placement and Support: effect at month 18 and effect at month 43",
		"arms.ips.effect.points[1].month":                                             "Individual Placement and Support: month of point 2",
		"arms.traditional.groups.severe.employment.points[0].share":                   "Traditional measures (the trial's high-quality usual care): share in work at month 12, all groups",
		"arms.traditional.groups.rest.employment.points[0].month":                     "Traditional measures (the trial's high-quality usual care): month of point 1, all groups",
		"taxes.national_insurance.pension_rate":                                       "National insurance contribution (trygdeavgift): rate on pensions",
		"groups.under30.benefits.disability_benefit.later[0].share":                   "Disability benefit (uforetrygd): share receiving it from month 37, all groups",
		"groups.under30.benefits.disability_benefit.amount":                           "Under 30, Disability benefit (uforetrygd): amount a month out of work",
		"groups.severe.benefits.disability_benefit.amount":                            "Disability benefit (uforetrygd): amount a month out of work, groups 30 and over, no completed upper secondary by 21; 30 and over, completed school, severe illness; Everyone else",
		"groups.rest.job.weekly_hours":                                                "weekly hours in work, all groups",
		"groups.under30.share":                                                        "Under 30: share of the population",
		"arms.traditional.costs.additional_measures.amount":                           "Traditional measures (the trial's high-quality usual care), The controls' additional use of NAV's measures: cost per participant",
		"arms.ips.costs.supervision.payers.state":                                     "Individual Placement and Support: share paid by state, for Employment specialist; Supervision and team leadership; Training and fidelity reviews",
		"perspective.marginal_cost_of_public_funds":                                   "marginal cost of public funds",
		"uncertainty.dirichlet[0]":                                                    "Tax on ordinary income (22 %): the split between budgets",
		"uncertainty.dirichlet[1]":                                                    "shares of the groups",
		"uncertainty.dirichlet[2]":                                                    "the split between benefits, all groups",
		"uncertainty.dirichlet[3]":                                                    "the split between benefits from month 37, all groups",
		"uncertainty.dirichlet[4]":                                                    "Individual Placement and Support: the split between budgets, for Employment specialist; Supervision and team leadership; Training and fidelity reviews",
		"arms.ips.effect.points[0].difference + arms.ips.effect.points[1].difference": "Individual Placement and Support: effect at month 12, effect at month 18 and effect at month 43",
		"society":                    "society",
		"ips":                        "Individual Placement and Support",
		"under30":                    "Under 30",
		"benefit:disability_benefit": "Disability benefit (uforetrygd)",
	} {
		if got := label(path); got != want {
			t.Errorf("%s is named %q, want %q", path, got, want)
		}
	}
}

// TestWhatDecidesItSection: the table says where its ranges come from
// (the percentiles of the draws, or ±20 % when nothing is uncertain), each
// factor's outputs at both ends, where an output changes sign or "never",
// and why it is missing when it could not be made.
func TestWhatDecidesItSection(t *testing.T) {
	s := load(t, "norway-norce.yaml")
	s.Uncertainty = cba.Uncertainty{} // the values are the means
	ev, r := evaluated(t, s)
	keys := []cba.OutputKey{{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"}}
	rows, err := sensitivity.WhatDecides(ev, keys, 2)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.Text(&b, report.Input{Result: r, Scenario: s, Decides: &report.Decides{Outputs: keys, Rows: rows}}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	p := report.NewPrinter(report.English, s)
	for _, want := range []string{
		"(no number is uncertain: each number from 20 % below to 20 % above its value, the others at theirs)",
		"society NPV is 0 at",
		p.Factor(rows[0].Factor.Name),
		report.Thousands(rows[0].AtLow[0]) + " to " + report.Thousands(rows[0].AtHigh[0]),
		`"never": the NPV keeps its sign`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the table does not say %q", want)
		}
	}
	b.Reset()
	if err := report.Text(&b, report.Input{Result: r, Decides: &report.Decides{Unavailable: "the horizon is too short"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "what decides it: not available (the horizon is too short)") {
		t.Errorf("no reason given:\n%s", b.String())
	}
}

// TestTextOfLossesAndOptions: a report says "loses" of a society that
// loses, lists the correlations an override dropped, shows society's NPV
// without the non-market value when society counts it, and names an
// arm's allowance by its label.
func TestTextOfLossesAndOptions(t *testing.T) {
	s := load(t, "norway-norce.yaml")
	s.Perspective.NonMarket.Include = true
	s.Arms[1].Allowances = []cba.Allowance{{Name: "course", Label: "Course allowance", Payers: cba.Pay("state"), Timing: cba.PerMonth, Months: 3, Amount: 2000}}
	changes, err := s.Apply(cba.Override{Path: "arms.ips.effect.points[0].difference", Value: -0.05}, cba.Override{Path: "horizon_months", Value: 18},
		cba.Override{Path: "observed_months", Value: 0}, cba.Override{Path: "effect_measured_months", Value: 0},
		cba.Override{Path: "perspective.non_market.per_employed_month", Value: 1500})
	if err != nil {
		t.Fatal(err)
	}
	r, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	prov := report.Provenance{File: "x.yaml"}
	for _, c := range changes {
		prov.Changes = append(prov.Changes, report.Change{Override: c.Override.String(), Places: c.Places, Fixed: c.Fixed, DroppedCorrelations: c.Dropped})
	}
	var b bytes.Buffer
	if err := report.Text(&b, report.Input{Provenance: prov, Result: r, Scenario: s}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	soc, _ := r.Perspective("society")
	nm, _ := r.Component("non_market")
	inc := &r.Increments[0].Population
	if c := report.Conclusion(report.English, s, r, nil, nil); !strings.Contains(c, "society loses NOK "+report.Thousands(-inc.NPV[soc])+" per participant over 18 months") {
		t.Errorf("the conclusion: %q", c)
	}
	if r.Contribution(inc, soc, nm) == 0 {
		t.Error("the non-market value counts nothing: the case tests nothing")
	}
	for _, want := range []string{
		"correlation dropped: arms.ips.effect.points[0].difference ~ arms.ips.effect.points[1].difference",
		"society without non-market value: " + report.Thousands(inc.NPV[soc]-r.Contribution(inc, soc, nm)),
		"Course allowance",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the text does not say %q:\n%s", want, out)
		}
	}
	if inc.NPV[soc] >= 0 {
		t.Errorf("society's NPV %v: the case wants a loss", inc.NPV[soc])
	}
}

// TestUnitsInTheLanguage: a factor's unit in words, a money unit with its
// currency kept.
func TestUnitsInTheLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang       report.Lang
		unit, want string
	}{
		{report.English, "NOK a month", "NOK a month"},
		{report.Bokmal, "NOK a month", "NOK per måned"},
		{report.Bokmal, "a month", "per måned"},
		{report.Bokmal, "furlongs a fortnight", "furlongs a fortnight"},
	} {
		if got := report.NewPrinter(tc.lang, nil).Unit(tc.unit); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.unit, got, tc.want)
		}
	}
}
