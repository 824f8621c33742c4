package main

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

const municipal = "scenarios/norway-municipal.yaml"

// copyMunicipal copies the municipal scenario and the files it extends
// into a folder of its own, and returns the scenario's path there.
func copyMunicipal(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"norway-municipal.yaml", "norway-norce.yaml", "rules/norway-2025.yaml"} {
		data, err := os.ReadFile(filepath.Join("scenarios", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	return filepath.Join(dir, "norway-municipal.yaml")
}

func langServer(t *testing.T, path string, lang report.Lang) *httptest.Server {
	t.Helper()
	srv, err := newServer(path, nil, lang, 200)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

func messageOfPage(page string) string {
	m := regexp.MustCompile(`id="message">([^<]*)`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// fieldValue is the text of the field named name on a page.
func fieldValue(page, name string) string {
	m := regexp.MustCompile(`<input type="text" name="` + regexp.QuoteMeta(html.EscapeString(name)) + `" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		return "(no field)"
	}
	return html.UnescapeString(m[1])
}

// TestPerParticipantMonth: a specialist's cost a year over a caseload, a
// twelfth a month; nothing for a caseload or cost of 0 or below.
func TestPerParticipantMonth(t *testing.T) {
	for _, c := range []struct {
		cost, caseload, want float64
		ok                   bool
	}{
		{950000, 15, 5277.777777777778, true},
		{900000, 18, 4166.666666666667, true},
		{850000, 20, 3541.6666666666665, true},
		{900000, 0, 0, false},
		{900000, -3, 0, false},
		{0, 15, 0, false},
	} {
		got, ok := perParticipantMonth(c.cost, c.caseload)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("perParticipantMonth(%v, %v) = %v, %v; want %v, %v", c.cost, c.caseload, got, ok, c.want, c.ok)
		}
	}
}

// TestServeDerivesTheSpecialistsCost: the specialist's cost a year and
// caseload set the cost per participant-month, as -set with cost /
// caseload / 12 does, in the forms the page prints; the fields show them
// again, and the next form keeps them; one alone, a caseload of 0, or
// both with the cost per participant-month are refused with a message
// beside the field; the cost per participant-month changed itself clears
// them.
func TestServeDerivesTheSpecialistsCost(t *testing.T) {
	t.Parallel()
	const amount = "arms.ips.costs.employment_specialist.amount"
	ts := langServer(t, municipal, report.Bokmal)
	page, _ := post(t, ts, "/evaluate", url.Values{htmlreport.AnnualCostField: {"900\u00a0000"}, htmlreport.CaseloadField: {"18"}})
	direct, _, _ := runCommand(t, "-lang", "nb", "-set", amount+"=4166.666666666667", municipal)
	want := strings.Join(strings.Fields(strings.Split(direct, "\n\n")[1]), " ")
	if got := strings.Join(strings.Fields(html.UnescapeString(conclusionOf(t, page))), " "); got != want {
		t.Errorf("the page says\n%s\n-set says\n%s", got, want)
	}
	if !strings.Contains(messageOfPage(page), amount+"=4166.666666666667") || fieldValue(page, htmlreport.AnnualCostField) != "900\u00a0000" ||
		fieldValue(page, amount) != "4\u00a0166,666667" || !strings.Contains(fieldValue(page, htmlreport.WhyPrefix+amount), "900\u00a0000") {
		t.Errorf("after the change: %q; fields %q, %q, why %q", messageOfPage(page), fieldValue(page, htmlreport.AnnualCostField),
			fieldValue(page, amount), fieldValue(page, htmlreport.WhyPrefix+amount))
	}
	// The next form, as a browser without scripts sends it, changes
	// nothing more; a new caseload alone sets the cost again.
	fields := fieldsOf(t, page)
	again, _ := post(t, ts, "/evaluate", fields)
	if conclusionOf(t, again) != conclusionOf(t, page) {
		t.Error("sending the page back changed it")
	}
	fields.Set(htmlreport.CaseloadField, "15")
	page15, _ := post(t, ts, "/evaluate", fields)
	if !strings.Contains(messageOfPage(page15), amount+"=5000") {
		t.Errorf("a new caseload: %q", messageOfPage(page15))
	}
	// The cost per participant-month itself clears the two.
	fields = fieldsOf(t, page15)
	fields.Set(amount, "6000")
	page, _ = post(t, ts, "/evaluate", fields)
	if fieldValue(page, htmlreport.AnnualCostField) != "" || !strings.Contains(messageOfPage(page), amount+"=6000") {
		t.Errorf("the cost changed itself: %q, cost a year %q", messageOfPage(page), fieldValue(page, htmlreport.AnnualCostField))
	}
	for _, c := range []struct {
		form  url.Values
		field string
		want  string
	}{
		{url.Values{htmlreport.CaseloadField: {"18"}}, htmlreport.AnnualCostField, "sammen"},
		{url.Values{htmlreport.AnnualCostField: {"900000"}, htmlreport.CaseloadField: {"0"}}, htmlreport.CaseloadField, "må være over 0"},
		{url.Values{htmlreport.AnnualCostField: {"900000"}, htmlreport.CaseloadField: {"18"}, amount: {"5000"}}, amount, "ikke begge"},
		{url.Values{htmlreport.AnnualCostField: {"ni hundre"}, htmlreport.CaseloadField: {"18"}}, htmlreport.AnnualCostField, "ni hundre"},
	} {
		page, _ := post(t, ts, "/evaluate", c.form)
		re := regexp.MustCompile(`name="` + regexp.QuoteMeta(c.field) + `" value="[^"]*" class="bad"[^>]*>(?:<br>)?<span class="error">([^<]*)<`)
		m := re.FindStringSubmatch(page)
		if m == nil || !strings.Contains(html.UnescapeString(m[1]), c.want) || strings.Contains(messageOfPage(page), "Endret:") {
			t.Errorf("%v: %v (message %q)", c.form, m, messageOfPage(page))
		}
	}
}

// TestServeReadsThePagesNumberForms: a number typed as the page prints it
// is the number: 5 278 with any space and 12,5 on the Norwegian page,
// 5,278 on the English one, and as a file writes it on both.
func TestServeReadsThePagesNumberForms(t *testing.T) {
	t.Parallel()
	const amount, halfLife = "arms.traditional.costs.specialist_mental_health.amount", "arms.ips.effect.half_life_months"
	nb := langServer(t, norway, report.Bokmal)
	en := langServer(t, norway, report.English)
	base := map[string]string{}
	for _, c := range []struct {
		ts           *httptest.Server
		amount, half string
	}{
		{nb, "5278", "12.5"}, {nb, "5 278", "12,5"}, {nb, "5\u00a0278", "12,5"}, {nb, "5\u202f278", "12,5"},
		{en, "5278", "12.5"}, {en, "5,278", "12.5"}, {en, "5 278", "12.5"},
	} {
		page, _ := post(t, c.ts, "/evaluate", url.Values{amount: {c.amount}, halfLife: {c.half}})
		if strings.Contains(page, `class="error"`) {
			t.Errorf("%q and %q: refused", c.amount, c.half)
			continue
		}
		lang := map[*httptest.Server]string{nb: "nb", en: "en"}[c.ts]
		npv := cells(t, page, "answer-npv")
		if b, ok := base[lang]; ok && b != strings.Join(npv[len(npv)-1], " ") {
			t.Errorf("%s %q and %q: society %v, not %s", lang, c.amount, c.half, npv[len(npv)-1], b)
		}
		base[lang] = strings.Join(npv[len(npv)-1], " ")
		if want := map[string]string{"nb": "5\u00a0278", "en": "5,278"}[lang]; fieldValue(page, amount) != want {
			t.Errorf("%s: the field shows %q, want %q", lang, fieldValue(page, amount), want)
		}
	}
	page, _ := post(t, en, "/evaluate", url.Values{halfLife: {"12,5"}})
	if !strings.Contains(page, `class="error"`) {
		t.Error("12,5 on the English page: not refused")
	}
}

// cells are the cells of a table of a page, by its id.
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

// TestServeKeepsWhyInTheCopy: a reason typed beside a changed number is
// kept with it on the page and in the saved copy, as its assumption, and
// the copy is saved under any name a planner types (a Norwegian letter,
// spaces, no .yaml) beside the scenario, and runs.
func TestServeKeepsWhyInTheCopy(t *testing.T) {
	t.Parallel()
	const halfLife = "arms.ips.effect.half_life_months"
	path := copyMunicipal(t)
	ts := langServer(t, path, report.Bokmal)
	page, _ := post(t, ts, "/evaluate", url.Values{halfLife: {"36"}, htmlreport.WhyPrefix + halfLife: {"Bærum's own\tfollow-up: three years"}})
	if got := fieldValue(page, htmlreport.WhyPrefix+halfLife); got != "Bærum's own follow-up: three years" {
		t.Errorf("the reason shown: %q", got)
	}
	fields := fieldsOf(t, page)
	fields.Set("save_as", "Bærum kommune 2026")
	fields.Set(htmlreport.AnnualCostField, "900 000")
	fields.Set(htmlreport.CaseloadField, "18")
	page, _ = post(t, ts, "/save", fields)
	target := filepath.Join(filepath.Dir(path), "Bærum kommune 2026.yaml")
	if !strings.Contains(messageOfPage(page), "Lagret som "+target) {
		t.Fatalf("not saved: %s", messageOfPage(page))
	}
	saved, _ := os.ReadFile(target)
	for _, want := range []string{
		`name: "Bærum kommune 2026"`,
		`{path: "arms.ips.effect.half_life_months", value: 36, assumption: "Bærum's own follow-up: three years"}`,
		`{path: "arms.ips.costs.employment_specialist.amount", value: 4166.666666666667, assumption: "jobbspesialistens kostnad per år, 900 000, fordelt på en portefølje på 18, en tolvdel per måned"}`,
	} {
		if !strings.Contains(string(saved), want) {
			t.Errorf("the copy lacks %s:\n%s", want, saved)
		}
	}
	f, err := scenario.Load(target)
	if err != nil {
		t.Fatal(err)
	}
	factors, _ := f.Factors()
	for _, fc := range factors {
		if fc.Name == halfLife && (fc.Value != 36 || fc.Assumption != "Bærum's own follow-up: three years") {
			t.Errorf("the copy's half-life: %v, %q", fc.Value, fc.Assumption)
		}
	}
	// The same name again, with .yaml, or written with a decomposed
	// letter: the same file, never replaced.
	for _, c := range []struct {
		name  string
		saved bool
	}{{"Bærum kommune 2026", false}, {"Bærum kommune 2026.yaml", false}, {"Ås.yaml", true}, {"A\u030as.yaml", false}} {
		fields.Set("save_as", c.name)
		page, _ = post(t, ts, "/save", fields)
		if msg := messageOfPage(page); strings.Contains(msg, "Lagret som") != c.saved {
			t.Errorf("%q: %s", c.name, msg)
		}
	}
}

// TestCopyNames: a copy's name is any a planner would type, composed,
// with .yaml added; a folder, a hidden name and what Windows refuses are
// not.
func TestCopyNames(t *testing.T) {
	s := &server{lang: report.English}
	for _, c := range []struct{ typed, want string }{
		{"bærum.yaml", "bærum.yaml"},
		{" Bærum kommune 2026 ", "Bærum kommune 2026.yaml"},
		{"ba\u0308rum.yml", "bärum.yml"},
		{"plan (v2).YAML", "plan (v2).YAML"},
		{"x.txt", "x.txt.yaml"},
		{"a/b.yaml", ""}, {`a\b.yaml`, ""}, {"..", ""}, {".hidden.yaml", ""}, {"what?.yaml", ""}, {"a:b", ""},
		{"tab\there", ""}, {"", ""}, {strings.Repeat("æ", 96), ""}, {strings.Repeat("æ", 95), strings.Repeat("æ", 95) + ".yaml"},
	} {
		got, err := s.copyName(c.typed)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("copyName(%q) = %q, %v; want %q", c.typed, got, err, c.want)
		}
	}
}

// TestServeShowsYourChange: after a change, the page says what it does
// against the scenario as loaded, from a paired comparison of s.iterations
// draws; with no change, nothing.
func TestServeShowsYourChange(t *testing.T) {
	t.Parallel()
	ts := langServer(t, municipal, report.English)
	if strings.Contains(get(t, ts, "/"), `id="your-change"`) {
		t.Error("a change said with none made")
	}
	page, _ := post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {"36"}})
	m := regexp.MustCompile(`id="your-change">([^<]*)<`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(html.UnescapeString(m[1]), "per participant on average (95 % interval ") || !strings.Contains(m[1], "of 200 draws") {
		t.Errorf("your change: %v", m)
	}
	npv := cells(t, page, "answer-npv")
	if npv[0][len(npv[0])-1] != "your change" || !strings.HasPrefix(npv[len(npv)-1][len(npv[0])-1], "+") {
		t.Errorf("the answer's change column: %v / %v", npv[0], npv[len(npv)-1])
	}
	if _, err := strconv.Atoi(strings.ReplaceAll(strings.TrimPrefix(strings.Fields(npv[len(npv)-1][len(npv[0])-1])[0], "+"), ",", "")); err != nil {
		t.Errorf("society's change is not a number: %v", npv[len(npv)-1])
	}
}

// TestBudgetYearsOnThePage: -budget-years sets the first years the
// report's and the page's budget by year show; 0 is refused.
func TestBudgetYearsOnThePage(t *testing.T) {
	t.Parallel()
	out, errOut, code := runCommand(t, "report", "-budget-years", "3", municipal)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if head := cells(t, out, "answer-budget")[0]; !slices.Equal(head[1:], []string{"year 1", "year 2", "year 3", "years 1-3"}) {
		t.Errorf("the report's budget by year: %v", head)
	}
	for _, args := range [][]string{{"report", "-budget-years", "0", municipal}, {"serve", "-budget-years", "101", municipal}} {
		if _, errOut, code := runCommand(t, args...); code != 2 || !strings.Contains(errOut, "-budget-years: want 1 to 100") {
			t.Errorf("%v: exit %d, %s", args, code, errOut)
		}
	}
	srv, err := newServer(municipal, nil, report.English, 100)
	if err != nil {
		t.Fatal(err)
	}
	srv.budgetYears = 2
	ts := httptest.NewServer(srv)
	defer ts.Close()
	if head := cells(t, get(t, ts, "/"), "answer-budget")[0]; head[len(head)-1] != "years 1-2" {
		t.Errorf("the page's budget by year: %v", head)
	}
}

// monteCarloPage posts a what-if to the page's Monte Carlo run and
// returns the report it ends with.
func monteCarloPage(t *testing.T, ts *httptest.Server, form url.Values) string {
	t.Helper()
	client := *ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.PostForm(ts.URL+"/montecarlo", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s, %q", resp.Status, loc)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		page := get(t, ts, loc)
		if strings.Contains(page, `id="conclusion"`) {
			return page
		}
		if !strings.Contains(page, `id="progress"`) || time.Now().After(deadline) {
			t.Fatalf("neither progress nor a report:\n%.500s", page)
		}
	}
}

// TestServeBudgetSpreadAsTheCommand: after a what-if run under
// uncertainty on the page, each budget's years and first years' total
// over the draws (mean, 2.5th, 50th and 97.5th percentiles) are those
// ipscba -budget -iterations gives with the same changes, seed and draws.
func TestServeBudgetSpreadAsTheCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("two Monte Carlo runs of 200 draws")
	}
	t.Parallel()
	const halfLife, starts = "arms.ips.effect.half_life_months", "cohort.starts_per_year"
	ts := langServer(t, municipal, report.English)
	page := monteCarloPage(t, ts, url.Values{halfLife: {"30"}, starts: {"40"}})
	out, errOut, code := runCommand(t, "-format", "json", "-budget", "-iterations", "200", "-seed", "1",
		"-set", halfLife+"=30", "-set", starts+"=40", municipal)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Budget []struct {
			Measure, Perspective string
			Year                 int
			Mean                 float64
			Percentiles          []float64
		} `json:"budget"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	f, err := scenario.Load(municipal)
	if err != nil {
		t.Fatal(err)
	}
	p := report.NewPrinter(report.English, f.Scenario)
	want := map[string][]string{} // perspective's label, row's label: mean and percentiles
	for _, o := range doc.Budget {
		label := ""
		switch {
		case o.Measure == "budget_year":
			label = strconv.Itoa(o.Year)
		case o.Measure == "budget_cumulative" && o.Year == 5:
			label = "years 1-5"
		default:
			continue
		}
		cells := []string{p.Int(o.Mean)}
		for _, v := range o.Percentiles {
			cells = append(cells, p.Int(v))
		}
		want[p.Perspective(o.Perspective)+"/"+label] = cells
	}
	captions := regexp.MustCompile(`<summary>([^<]*)</summary>\s*<table id="(budget-spread-\d+)"`).FindAllStringSubmatch(page, -1)
	compared := 0
	for _, c := range captions {
		rows := cells(t, page, c[2])
		if !slices.Equal(rows[0][2:6], []string{"mean", "2.5 %", "50 %", "97.5 %"}) {
			t.Fatalf("%s: %v", c[1], rows[0])
		}
		for _, row := range rows[1:] {
			w, ok := want[html.UnescapeString(c[1])+"/"+row[0]]
			if !ok {
				continue
			}
			compared++
			if !slices.Equal(row[2:6], w) {
				t.Errorf("%s, %s: the page %q, the command %q", c[1], row[0], row[2:6], w)
			}
		}
	}
	if len(captions) != 8 || compared != 8*16 {
		t.Errorf("%d budgets, %d rows compared; want 8 and %d", len(captions), compared, 8*16)
	}
}
