package htmlreport

import (
	"context"
	"html"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

func load(t *testing.T, name string) *scenario.File {
	t.Helper()
	f, err := scenario.Load("../../scenarios/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSpecialistCost: the specialist's cost per participant-month is the
// employment specialist's in every bundled scenario that has one, the IPS
// service's (an employment specialist's and supervision) in the British
// one; the American one has no cost per month, and the comparison of
// work-preparatory training with nothing has a price per place, no
// specialist's. Every bundled scenario is listed; on its planner's page
// the specialist's cost a year and caseload are asked for exactly when it
// has such a cost.
func TestSpecialistCost(t *testing.T) {
	const specialist = "arms.ips.costs.employment_specialist.amount"
	want := map[string]string{
		"norway-ips-sud.yaml": specialist, "norway-municipal.yaml": specialist, "norway-norce-subgroups.yaml": specialist,
		"norway-norce.yaml": specialist, "norway-youth.yaml": specialist, "probyn-affective.yaml": specialist,
		"probyn-homeless.yaml": specialist, "probyn-justice.yaml": specialist, "probyn-musculoskeletal.yaml": specialist,
		"probyn-spinal-cord-injury.yaml": specialist, "probyn-veterans-ptsd.yaml": specialist,
		"uk-green-book.yaml": "arms.ips.costs.ips_service.amount", "us-wsipp.yaml": "", "stepwise-vs-nothing.yaml": "",
	}
	files, _ := filepath.Glob("../../scenarios/*.yaml")
	if len(files) != len(want) {
		t.Errorf("%d bundled scenarios, %d listed here", len(files), len(want))
	}
	for _, path := range files {
		file := filepath.Base(path)
		factorWant, listed := want[file]
		if !listed {
			t.Errorf("%s: not listed", file)
			continue
		}
		f := load(t, file)
		fs, _ := f.Factors()
		factor, cost, ok := SpecialistCost(f.Scenario, fs)
		if factor != factorWant || ok != (factorWant != "") || (ok && !strings.Contains(factor, ".costs."+cost+".")) {
			t.Errorf("%s: %q, %q, %v; want %q", file, factor, cost, ok, factorWant)
		}
		p := report.NewPrinter(report.English, f.Scenario)
		var names []string
		for _, row := range keyRows(p, f.Scenario.Currency, fs, &Form{}, keys(p, f.Scenario, fs)) {
			names = append(names, row.Name)
		}
		if asked := slices.Contains(names, AnnualCostField) && slices.Contains(names, CaseloadField); asked != ok {
			t.Errorf("%s: the first screen asks for the specialist's cost a year and caseload: %v; has one: %v (%v)", file, asked, ok, names)
		}
	}
	page := render(t, load(t, "stepwise-vs-nothing.yaml"), Options{Form: &Form{Action: "/evaluate"}})
	if strings.Contains(page, AnnualCostField) || strings.Contains(page, "caseload") || !strings.Contains(page, `<tr data-key="cohort.starts_per_year">`) {
		t.Errorf("the page of a scenario without a specialist's cost: %v", keyNames(page))
	}
}

// keyNames are the names of the first screen's fields of a page.
func keyNames(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<tr data-key="([^"]+)">`).FindAllStringSubmatch(page, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// TestFirstScreenAsksWhatAMunicipalityKnows: the first screen's numbers,
// in order: the intake and its years, the specialist's cost a year and
// caseload (fields of the page's own, on the planner's page only) and the
// cost per participant-month they set, who pays it, the wage (one number
// for every group when written once) and how long the effect lasts.
func TestFirstScreenAsksWhatAMunicipalityKnows(t *testing.T) {
	const specialist = "arms.ips.costs.employment_specialist."
	f := load(t, "norway-municipal.yaml")
	want := []string{"cohort.starts_per_year", "cohort.years", AnnualCostField, CaseloadField, specialist + "amount",
		specialist + "payers.state", specialist + "payers.municipality", specialist + "payers.health_trust",
		"groups.under30.job.hourly_wage", "arms.ips.effect.half_life_months"}
	page := render(t, f, Options{Form: &Form{Action: "/evaluate"}})
	if got := keyNames(page); !slices.Equal(got, want) {
		t.Errorf("the page's first screen: %v\nwant %v", got, want)
	}
	for _, words := range []string{">Hourly wage in work</label>", ">share paid by municipality</label>",
		">Employment specialist: a full-time worker&#39;s cost a year, all costs</label>"} {
		if !strings.Contains(page, words) {
			t.Errorf("the first screen lacks %q", words)
		}
	}
	report := render(t, f, Options{})
	if !strings.Contains(report, ">Employment specialist: share paid by municipality<br>") {
		t.Error("the report's first screen does not say whose share a share is")
	}
	if got := keyNames(report); !slices.Equal(got, slices.DeleteFunc(slices.Clone(want), func(n string) bool { return strings.HasPrefix(n, "derive:") })) {
		t.Errorf("the report's first screen: %v", got)
	}
	us := render(t, load(t, "us-wsipp.yaml"), Options{Form: &Form{}})
	if got := keyNames(us); !slices.Equal(got, []string{"cohort.starts_per_year", "cohort.years", "groups.all.job.hourly_wage", "arms.ips.effect.half_life_months"}) {
		t.Errorf("a scenario without a cost per month: %v", got)
	}
}

// TestEveryNumberHasOneField: on the planner's page every number has one
// field, on the first screen or in the list (which links to the first
// screen's), and one field for why; a number used in several places is
// named by all of them.
func TestEveryNumberHasOneField(t *testing.T) {
	f := load(t, "norway-norce.yaml")
	page := render(t, f, Options{Form: &Form{Action: "/evaluate"}})
	factors, _ := f.Factors()
	for _, fc := range factors {
		name := html.EscapeString(fc.Name)
		if n := strings.Count(page, `<input type="text" name="`+name+`" value=`); n != 1 {
			t.Errorf("%s: %d fields", fc.Name, n)
		}
		if n := strings.Count(page, `<input type="text" name="why:`+name+`" value=`); n != 1 {
			t.Errorf("%s: %d fields for why", fc.Name, n)
		}
	}
	i := strings.Index(page, `<tr data-factor="groups.under30.job.hourly_wage">`)
	row := page[i : i+strings.Index(page[i:], "</tr>")]
	// Its name says every part it sets; "also sets" adds nothing to it.
	for _, want := range []string{"<td>hourly wage, all groups<br>",
		`<a href="#f-groups.under30.job.hourly_wage">change it at the top</a>`, "{type: lognormal, mean: 273.8, sd: 45}", "mean 273.8"} {
		if !strings.Contains(html.UnescapeString(row), html.UnescapeString(want)) {
			t.Errorf("the hourly wage's row lacks %q:\n%s", want, row)
		}
	}
}

// cells are the cells of the table with the given id, row by row.
func cells(t *testing.T, page, id string) [][]string {
	t.Helper()
	i := strings.Index(page, `<table id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s", id)
	}
	tbl := page[i : i+strings.Index(page[i:], "</table>")]
	var out [][]string
	for _, tr := range strings.Split(tbl, "<tr>")[1:] {
		var row []string
		for _, m := range regexp.MustCompile(`<t[hd][^>]*>([^<]*)</t[hd]>`).FindAllStringSubmatch(tr, -1) {
			row = append(row, html.UnescapeString(m[1]))
		}
		out = append(out, row)
	}
	return out
}

// TestTheAnswerBesideTheNumbers: the first screen's answer is each
// budget's, the public budgets' and society's NPV per participant, and the
// budget by year of each public budget for years 1 to 5 and their total,
// as the result has them; the budget section has each year's and the
// cumulative flows, undiscounted and discounted.
func TestTheAnswerBesideTheNumbers(t *testing.T) {
	f := load(t, "norway-municipal.yaml")
	r, err := f.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	p := report.NewPrinter(report.English, f.Scenario)
	page := render(t, f, Options{})
	npv := cells(t, page, "answer-npv")
	if len(npv) != 8 || npv[0][1] != "NPV, 120 months" {
		t.Fatalf("the answer: %v", npv)
	}
	for i, name := range []string{"state", "county", "municipality", "other_municipalities", "health_trust", "public", "society"} {
		k, _ := r.Perspective(name)
		if row := npv[i+1]; row[0] != p.Perspective(name) || row[1] != p.Int(r.Increments[0].Population.NPV[k]) {
			t.Errorf("the answer's %s: %v", name, row)
		}
	}
	b := r.Budget()[0]
	first, _ := b.FirstYears(5)
	mun, _ := r.Perspective("municipality")
	years := cells(t, page, "answer-budget")
	want := []string{p.Perspective("municipality")}
	for y := range 5 {
		want = append(want, p.Int(b.Undiscounted[y][mun]))
	}
	if want = append(want, p.Int(first[mun])); !slices.Equal(years[3], want) || years[0][6] != "years 1-5" {
		t.Errorf("the municipality's budget: %v, want %v (head %v)", years[3], want, years[0])
	}
	for i, m := range []cba.BudgetMeasure{cba.BudgetYear, cba.BudgetCumulative, cba.BudgetYearDiscounted, cba.BudgetCumulativeDiscounted} {
		tbl := cells(t, page, "budget-"+string(rune('0'+i)))
		if got, want := tbl[7][1+mun], p.Int(m.Of(&b)[6][mun]); got != want {
			t.Errorf("%v, year 7: %s, want %s", m, got, want)
		}
	}
}

// TestTheBudgetUnderUncertainty: with a Monte Carlo run, each
// perspective's years over the draws are those of a budget run with the
// same seed and iterations.
func TestTheBudgetUnderUncertainty(t *testing.T) {
	f := load(t, "norway-municipal.yaml")
	opt := Options{Iterations: 200, Seed: 3, Workers: 2}
	page := render(t, f, opt)
	br, err := f.RunBudget(context.Background(), cba.Options{Iterations: 200, Seed: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	p := report.NewPrinter(report.English, f.Scenario)
	mun := 3
	next, _ := br.Summary(0, cba.BudgetYear, 1, mun, 2.5, 50, 97.5)
	i := strings.Index(page, "<summary>municipality</summary>")
	if i < 0 {
		t.Fatal("no spread of the municipality's budget")
	}
	want := "<tr><th>1</th><td class=\"n\">" + p.Int(br.Budgets[0].Undiscounted[0][mun]) + "</td><td class=\"n\">" + p.Int(next.Mean) + "</td><td class=\"n\">" + p.Int(next.Percentiles[0]) + "</td>"
	if !strings.Contains(page[i:], want) {
		t.Errorf("the municipality's first year over the draws lacks %q", want)
	}
}

// TestYourChangeIsPaired: against a base, the page says what the change
// does, from a paired comparison on the same draws, as cba.Compare has
// it; without iterations, at the means; over another horizon, from the
// two results.
func TestYourChangeIsPaired(t *testing.T) {
	base := load(t, "norway-municipal.yaml")
	f := load(t, "norway-municipal.yaml")
	if _, err := f.Apply(cba.Override{Path: "arms.ips.effect.half_life_months", Value: 36}); err != nil {
		t.Fatal(err)
	}
	ma, _ := base.Model()
	mb, _ := f.Model()
	c, err := cba.Compare(context.Background(), ma, mb, cba.Options{Iterations: 300, Seed: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	soc, _ := c.Summary(cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: cba.Population, Measure: cba.NPV, Perspective: cba.Society}, 2.5, 97.5)
	p := report.NewPrinter(report.English, nil)
	page := html.UnescapeString(render(t, f, Options{Base: base, PairedIterations: 300, Seed: 1, Workers: 2}))
	want := "Your change: society " + signed(p, soc.Difference.Mean) + " per participant on average (95 % interval " + signed(p, soc.Difference.Percentiles[0]) + " to " + signed(p, soc.Difference.Percentiles[1]) + ")"
	if !strings.Contains(page, want) || !strings.Contains(page, "of 300 draws") {
		t.Errorf("the page lacks %q", want)
	}
	page = html.UnescapeString(render(t, f, Options{Base: base}))
	if want := "Your change: society " + signed(p, soc.Deterministic) + " per participant, the public budgets"; !strings.Contains(page, want) {
		t.Errorf("at the means: the page lacks %q", want)
	}
	longer := load(t, "norway-municipal.yaml")
	if _, err := longer.Apply(cba.Override{Path: "horizon_months", Value: 180}); err != nil {
		t.Fatal(err)
	}
	if page := html.UnescapeString(render(t, longer, Options{Base: base, PairedIterations: 100})); !strings.Contains(page, "(over 180 months against 120: no paired interval)") {
		t.Error("another horizon: no unpaired change")
	}
	// A change of the intake alone moves the budget, not the results per
	// participant: the page says so, and the budget shows the new intake.
	more := load(t, "norway-municipal.yaml")
	if _, err := more.Apply(cba.Override{Path: "cohort.starts_per_year", Value: 40}); err != nil {
		t.Fatal(err)
	}
	page = html.UnescapeString(render(t, more, Options{Base: base, PairedIterations: 100}))
	if !strings.Contains(page, "Your change: the change is to the cohort alone") || !strings.Contains(page, "40 starts a year") {
		t.Error("the intake alone: the page does not say the change moves the budget only")
	}
}

// TestFirstScreenInBokmål: every question of the first screen, and every
// heading of the answer, is in Bokmål on the Norwegian page.
func TestFirstScreenInBokmål(t *testing.T) {
	f := load(t, "norway-municipal.yaml")
	labels := regexp.MustCompile(`<label for="[^"]+">([^<]*)</label>`)
	en := labels.FindAllStringSubmatch(render(t, f, Options{Form: &Form{}}), -1)
	nbPage := render(t, f, Options{Form: &Form{}, Lang: report.Bokmal})
	nb := labels.FindAllStringSubmatch(nbPage, -1)
	if len(en) != 10 || len(nb) != len(en) {
		t.Fatalf("%d questions in English, %d in Bokmål", len(en), len(nb))
	}
	for i := range en {
		if en[i][1] == nb[i][1] {
			t.Errorf("not in Bokmål: %q", nb[i][1])
		}
	}
	for _, want := range []string{"Tallene dine", "Svaret", "Budsjett per år: hele kohorten, ikke neddiskontert", "år 1–5", "Timelønn i arbeid"} {
		if !strings.Contains(nbPage, want) {
			t.Errorf("the Bokmål page lacks %q", want)
		}
	}
}

// TestFirstScreenSaysWhatASharePays: on the planner's page the payers'
// shares of the specialist's cost are under a heading that says the same
// shares pay for the costs they are written for too (a change sets them
// all) and that they add up to 1, and each share's question says which
// others a change moves; the field is described by both.
func TestFirstScreenSaysWhatASharePays(t *testing.T) {
	const pay = "arms.ips.costs.employment_specialist.payers."
	for _, c := range []struct {
		lang           report.Lang
		heading, moves string
	}{
		{report.English, "Who pays for Employment specialist, and with the same shares for Supervision and team leadership, Training and fidelity reviews (the shares add up to 1):",
			"a change moves the others in proportion: state, health trust"},
		{report.Bokmal, "Hvem som betaler for Jobbspesialist, og med de samme andelene for Veiledning og teamledelse, Opplæring og troskapsmålinger (andelene summerer seg til 1):",
			"en endring flytter de andre forholdsmessig: staten, helseforetaket"},
	} {
		page := html.UnescapeString(render(t, load(t, "norway-municipal.yaml"), Options{Lang: c.lang, Form: &Form{Action: "/evaluate"}}))
		heading := `<tr class="keyhead"><td colspan="3" id="pays-employment_specialist">` + c.heading + "</td></tr>"
		if strings.Count(page, `<tr class="keyhead">`) != 1 || !strings.Contains(page, heading) {
			t.Errorf("%s: no heading %q", c.lang, heading)
		}
		if i, j := strings.Index(page, heading), strings.Index(page, `<tr data-key="`+pay+`state">`); i < 0 || j < i {
			t.Errorf("%s: the heading is not above the shares", c.lang)
		}
		field := `id="f-` + pay + `municipality" aria-describedby="pays-employment_specialist hint-` + pay + `municipality" data-number>`
		note := `<span id="hint-` + pay + `municipality">` + c.moves + "</span>"
		if !strings.Contains(page, field) || !strings.Contains(page, note) {
			t.Errorf("%s: the municipality's share lacks\n%s\nor\n%s", c.lang, field, note)
		}
	}
}

// TestNoIntakeSaysWhyNoBudget: with no participants starting, the first
// screen and the budget section say why there is no budget, instead of a
// table of zeros.
func TestNoIntakeSaysWhyNoBudget(t *testing.T) {
	for _, lang := range []report.Lang{report.English, report.Bokmal} {
		f := load(t, "norway-municipal.yaml")
		f.Scenario.Cohort.StartsPerYear = 0
		page := render(t, f, Options{Lang: lang, Form: &Form{Action: "/evaluate"}})
		want := report.NewPrinter(lang, nil).Message(f.Scenario.Cohort.CheckIntake())
		if n := strings.Count(html.UnescapeString(page), want); n != 2 {
			t.Errorf("%s: %q %d times, want on the first screen and in the budget section", lang, want, n)
		}
		if strings.Contains(page, `<table id="answer-budget">`) || strings.Contains(page, `<table id="budget-0"`) {
			t.Errorf("%s: a budget table with no intake", lang)
		}
	}
}

// TestFirstScreenBudgetSaysAtTheMeans: after a Monte Carlo run the first
// screen's budget is still the one at the means, and says so.
func TestFirstScreenBudgetSaysAtTheMeans(t *testing.T) {
	f := load(t, "norway-municipal.yaml")
	for _, c := range []struct {
		iterations int
		want       bool
	}{{0, false}, {200, true}} {
		page := render(t, f, Options{Iterations: c.iterations, Seed: 1, Workers: 1})
		i := strings.Index(page, `<table id="answer-budget">`)
		if i < 0 {
			t.Fatalf("%d iterations: no budget on the first screen", c.iterations)
		}
		caption := page[i : i+strings.Index(page[i:], "</caption>")]
		if got := strings.Contains(caption, "the uncertain numbers at their means"); got != c.want {
			t.Errorf("%d iterations: %q", c.iterations, caption)
		}
	}
}
