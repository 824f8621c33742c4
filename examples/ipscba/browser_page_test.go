package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"ipscba/cba"
	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// The first screen: a laptop's window.
const screenWidth, screenHeight = 1280, 800

// firstScreen opens the planner's page of the scenario at path in lang in a
// window of 1280 x 800, and returns the browser and the page's address.
func firstScreen(t *testing.T, path string, lang report.Lang) (context.Context, func() []string, string) {
	t.Helper()
	ctx, problems := browserAt(t, screenWidth, screenHeight)
	srv, err := newServer(path, nil, lang, 200)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(screenWidth, screenHeight), chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#answer-npv"))); err != nil {
		t.Fatal(err)
	}
	return ctx, problems, ts.URL
}

// outOfView lists, of the elements the CSS selectors find, those not
// wholly in the window without scrolling (or hidden, or covered), and
// counts those found.
const outOfView = `((sels) => {
  const out = [];
  let n = 0;
  for (const sel of sels) {
    const els = document.querySelectorAll(sel);
    if (els.length === 0) { out.push(sel + ": none"); }
    for (const el of els) {
      n++;
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (r.width === 0 || r.height === 0 || r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) {
        out.push(sel + " at " + [r.left, r.top, r.right, r.bottom].map(Math.round).join(","));
      } else if (!(top === el || el.contains(top))) {
        out.push(sel + " covered");
      }
    }
  }
  return [String(n), String(window.innerWidth) + "x" + String(window.innerHeight), scrollY].concat(out);
})(%s)`

// firstScreenSelectors are what the first screen must show: every field of
// the numbers a municipality knows, the buttons, and the answer (every
// budget's and society's result, and the budget by year).
var firstScreenSelectors = []string{
	`tr[data-key] input[data-number]`, `tr[data-key] input[data-why]`, "#evaluate", "#montecarlo", "#save-as", "#save",
	"#answer-npv tr", "#answer-budget tr",
}

// checkFirstScreen says which of the first screen's elements are not in
// view without scrolling; when one is not, it saves a picture of the
// screen as name under the temporary folder.
func checkFirstScreen(t *testing.T, ctx context.Context, name string, more ...string) {
	t.Helper()
	sels := append(slices.Clone(firstScreenSelectors), more...)
	list := `["` + strings.Join(sels, `","`) + `"]`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](fmt.Sprintf(outOfView, list)))
	if err != nil {
		t.Fatal(err)
	}
	if got[1] != fmt.Sprintf("%dx%d", screenWidth, screenHeight) || got[2] != 0.0 {
		t.Errorf("the window is %v, scrolled %v; want %dx%d at the top", got[1], got[2], screenWidth, screenHeight)
	}
	for _, out := range got[3:] {
		t.Errorf("not in view at %dx%d: %v", screenWidth, screenHeight, out)
	}
	if got[0] == "0" {
		t.Error("nothing found")
	}
	if !t.Failed() {
		return
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(os.TempDir(), name)
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("the first screen, as the test saw it: %s", path)
}

// TestBrowserFirstScreen: at 1280 x 800, in English and in Bokmål, the
// numbers a municipality knows, the buttons and the answer beside them
// (each budget's and society's result, the budget by year) are all in view
// without scrolling, none covered.
func TestBrowserFirstScreen(t *testing.T) {
	t.Parallel()
	for _, lang := range []report.Lang{report.English, report.Bokmal} {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			ctx, problems, _ := firstScreen(t, municipal, lang)
			keys, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("tr[data-key] input[data-number]").length`))
			if err != nil || keys != 10 {
				t.Errorf("%d fields on the first screen (%v), want 10", keys, err)
			}
			checkFirstScreen(t, ctx, "ipscba-first-screen-"+string(lang)+".png")
			if p := problems(); len(p) > 0 {
				t.Errorf("the browser reported: %v", p)
			}
		})
	}
}

// focusByTab presses Tab until the field named name has the focus, and
// says how many presses it took (0: never, within limit).
func focusByTab(t *testing.T, ctx context.Context, name string, limit int) int {
	t.Helper()
	for i := 1; i <= limit; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? (document.activeElement.name || "") : ""`))
		if err != nil {
			t.Fatal(err)
		}
		if focused == name {
			return i
		}
	}
	return 0
}

// TestBrowserKeyboardWhatIf: with the keyboard alone (Tab, typing, Enter;
// no mouse), a planner gives the specialist's cost a year and caseload and
// a longer effect, and runs: the page sets the cost per participant-month,
// says what the change does with its interval, and the first screen, the
// change among it, stays in view.
func TestBrowserKeyboardWhatIf(t *testing.T) {
	t.Parallel()
	const halfLife = "arms.ips.effect.half_life_months"
	ctx, problems, _ := firstScreen(t, municipal, report.English)
	if n := focusByTab(t, ctx, htmlreport.AnnualCostField, 12); n == 0 {
		t.Fatal("Tab never reaches the specialist's cost a year")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("900,000")); err != nil {
		t.Fatal(err)
	}
	if n := focusByTab(t, ctx, htmlreport.CaseloadField, 1); n == 0 {
		t.Fatal("Tab does not go on to the caseload")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("18")); err != nil {
		t.Fatal(err)
	}
	if n := focusByTab(t, ctx, halfLife, 20); n == 0 {
		t.Fatal("Tab never reaches the half-life")
	}
	// A field reached by Tab has its text selected: typing replaces it.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("36"), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("#your-change"))); err != nil {
		t.Fatal(err)
	}
	message, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#message")))
	if err != nil {
		t.Fatal(err)
	}
	change, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#your-change")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{halfLife + "=36", "arms.ips.costs.employment_specialist.amount=4166.666666666667"} {
		if !strings.Contains(message, want) {
			t.Errorf("the message %q lacks %q", message, want)
		}
	}
	if !strings.Contains(change, "Your change: society +") || !strings.Contains(change, "95 % interval") {
		t.Errorf("your change: %q", change)
	}
	checkFirstScreen(t, ctx, "ipscba-first-screen-changed.png", "#your-change", "#message")
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}

// TestBrowserNumberForms: on the Norwegian page, numbers typed as the page
// prints them (5 278, 12,5) give the result -set gives with 5278 and
// 12.5, and the fields show them so again (with a no-break space).
func TestBrowserNumberForms(t *testing.T) {
	t.Parallel()
	const amount, halfLife = "arms.traditional.costs.specialist_mental_health.amount", "arms.ips.effect.half_life_months"
	ctx, problems, _ := firstScreen(t, municipal, report.Bokmal)
	field := func(name string) chromedp.CSS { return chromedp.CSS(`input[name="` + name + `"]`) }
	if err := chromedp.Do(ctx, chromedp.SetValue(field(amount), "5 278"), chromedp.SetValue(field(halfLife), "12,5"),
		submitted("#evaluate"), chromedp.WaitVisible(chromedp.CSS("#message"))); err != nil {
		t.Fatal(err)
	}
	f, err := scenario.Load(municipal)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Apply(cba.Override{Path: amount, Value: 5278}, cba.Override{Path: halfLife, Value: 12.5}); err != nil {
		t.Fatal(err)
	}
	r, err := f.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	soc, _ := r.Perspective(cba.Society)
	want := report.NewPrinter(report.Bokmal, nil).Int(r.Increments[0].Population.NPV[soc])
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#answer-npv tr:last-child td")].map(td => td.textContent)
		.concat([document.querySelector('input[name="`+amount+`"]').value, document.querySelector('input[name="`+halfLife+`"]').value,
		String(document.querySelectorAll(".error").length)])`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 4 || got[0] != want || got[len(got)-3] != "5\u00a0278" || got[len(got)-2] != "12,5" || got[len(got)-1] != "0" {
		t.Errorf("society %q (want %q), fields %q", got[0], want, got[1:])
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}

// TestBrowserBudgetTable: the first screen's budget by year is each public
// budget's flow in years 1 to 5 and their total, as cba.Budget has them,
// written as the page's language writes numbers; the budget section below
// holds each year's and the cumulative flows.
func TestBrowserBudgetTable(t *testing.T) {
	t.Parallel()
	ctx, problems, _ := firstScreen(t, municipal, report.Bokmal)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll("#answer-budget tr")].map(tr => [...tr.children].map(c => c.textContent))`))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := scenario.Load(municipal)
	r, err := f.Evaluate()
	if err != nil {
		t.Fatal(err)
	}
	b := r.Budget()[0]
	p := report.NewPrinter(report.Bokmal, f.Scenario)
	first, _ := b.FirstYears(5)
	var want [][]string
	for k, name := range b.Perspectives {
		if name == cba.Participant || name == cba.Society {
			continue
		}
		row := []string{p.Perspective(name)}
		for y := range 5 {
			row = append(row, p.Int(b.Undiscounted[y][k]))
		}
		want = append(want, append(row, p.Int(first[k])))
	}
	if len(rows) != len(want)+1 || !slices.Equal(rows[0][1:], []string{"år 1", "år 2", "år 3", "år 4", "år 5", "år 1–5"}) {
		t.Fatalf("the budget by year: %v", rows)
	}
	for i := range want {
		if !slices.Equal(rows[i+1], want[i]) {
			t.Errorf("row %d: %q, want %q", i+1, rows[i+1], want[i])
		}
	}
	tables, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.budget[id^=budget-]").length`))
	if err != nil || tables != 4 {
		t.Errorf("%d tables of the budget below (%v), want 4", tables, err)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}

// TestBrowserFindsNumbers: typing words in the search field shows only the
// numbers whose row holds them all (and their groups), Enter there sends
// nothing, and emptying it shows every number again.
func TestBrowserFindsNumbers(t *testing.T) {
	t.Parallel()
	ctx, problems, _ := firstScreen(t, municipal, report.English)
	shown := `[...document.querySelectorAll("tr[data-factor]")].filter(r => !r.hidden && !r.closest("section").hidden).map(r => r.dataset.factor)`
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](shown))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#search")), chromedp.KeyEvent("hourly wage"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](shown))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(found, []string{"groups.under30.job.hourly_wage"}) || len(all) < 100 {
		t.Errorf("%q finds %v of %d numbers", "hourly wage", found, len(all))
	}
	message, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#message").length`))
	if err != nil || message != 0 {
		t.Errorf("Enter in the search field sent the form (%v)", err)
	}
	for range len("hourly wage") {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Backspace)); err != nil {
			t.Fatal(err)
		}
	}
	again, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](shown))
	if err != nil || len(again) != len(all) {
		t.Errorf("after emptying the search: %d of %d numbers (%v)", len(again), len(all), err)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}

// TestBrowserWhatIfAsTheCommand: a what-if typed on the Norwegian page in
// the forms it prints (the intake, the years, the specialist's cost a year
// and caseload, the wage, the effect's half-life) gives, on its first
// screen and in its budget tables, the numbers ipscba -format json -budget
// gives with the same changes as -set: every budget's and society's NPV,
// each public budget's years 1 to 5 and their total, and every
// perspective's cumulative discounted flow in every year.
func TestBrowserWhatIfAsTheCommand(t *testing.T) {
	t.Parallel()
	const (
		starts, years = "cohort.starts_per_year", "cohort.years"
		amount        = "arms.ips.costs.employment_specialist.amount"
		wage          = "groups.under30.job.hourly_wage"
		halfLife      = "arms.ips.effect.half_life_months"
	)
	typed := map[string]string{starts: "40", years: "3", htmlreport.AnnualCostField: "950 000", htmlreport.CaseloadField: "15",
		wage: "300", halfLife: "30,5"}
	sets := []string{starts + "=40", years + "=3", amount + "=" + strconv.FormatFloat(950000.0/15/12, 'g', -1, 64),
		wage + "=300", halfLife + "=30.5"}
	ctx, problems, _ := firstScreen(t, municipal, report.Bokmal)
	var acts []chromedp.Action[chromedp.Void]
	for name, text := range typed {
		acts = append(acts, chromedp.SetValue(chromedp.CSS(`input[name="`+name+`"]`), text))
	}
	acts = append(acts, submitted("#evaluate"), chromedp.WaitVisible(chromedp.CSS("#message")))
	if err := chromedp.Do(ctx, acts...); err != nil {
		t.Fatal(err)
	}
	table := func(id string) [][]string {
		t.Helper()
		rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll("#`+id+` tr")].map(tr => [...tr.children].map(c => c.textContent))`))
		if err != nil || len(rows) < 2 {
			t.Fatalf("#%s: %v (%v)", id, rows, err)
		}
		return rows
	}
	npv, budget, cumulative := table("answer-npv"), table("answer-budget"), table("budget-3")
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".error").length`)); err != nil || n != 0 {
		t.Fatalf("%d fields refused (%v)", n, err)
	}

	args := []string{"-format", "json", "-budget"}
	for _, s := range sets {
		args = append(args, "-set", s)
	}
	out, errOut, code := runCommand(t, append(args, municipal)...)
	if code != 0 {
		t.Fatalf("ipscba %v: exit %d, %s", args, code, errOut)
	}
	type money map[string]float64
	var doc struct {
		Increments []struct {
			Population struct {
				NPV money `json:"npv"`
			} `json:"population"`
		} `json:"increments"`
		Budget []struct {
			StartsPerYear float64 `json:"starts_per_year"`
			Years         []struct {
				Undiscounted money `json:"undiscounted"`
				Cumulative   money `json:"cumulative_discounted"`
			} `json:"years_table"`
			First struct {
				Undiscounted money `json:"undiscounted"`
			} `json:"first_years"`
		} `json:"budget"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Increments) == 0 || len(doc.Budget) == 0 {
		t.Fatalf("the command's JSON: %v", err)
	}
	f, err := scenario.Load(municipal)
	if err != nil {
		t.Fatal(err)
	}
	p := report.NewPrinter(report.Bokmal, f.Scenario)
	names := map[string]string{}
	for name := range doc.Increments[0].Population.NPV {
		names[p.Perspective(name)] = name
	}
	b := doc.Budget[0]
	if b.StartsPerYear != 40 {
		t.Errorf("the command's intake: %v", b.StartsPerYear)
	}
	for _, row := range npv[1:] {
		name, ok := names[row[0]]
		if want := p.Int(doc.Increments[0].Population.NPV[name]); !ok || row[1] != want {
			t.Errorf("the page's NPV, %s: %q; the command's %q", row[0], row[1], want)
		}
	}
	for _, row := range budget[1:] {
		name := names[row[0]]
		want := []string{row[0]}
		for y := range 5 {
			want = append(want, p.Int(b.Years[y].Undiscounted[name]))
		}
		if want = append(want, p.Int(b.First.Undiscounted[name])); !slices.Equal(row, want) {
			t.Errorf("the page's budget by year: %q; the command's %q", row, want)
		}
	}
	if len(cumulative) != len(b.Years)+1 {
		t.Fatalf("%d years cumulative on the page, %d from the command", len(cumulative)-1, len(b.Years))
	}
	for y, row := range cumulative[1:] {
		for i, label := range cumulative[0][1:] {
			if want := p.Int(b.Years[y].Cumulative[names[label]]); row[i+1] != want {
				t.Errorf("year %d, %s, cumulative discounted: the page %q, the command %q", y+1, label, row[i+1], want)
			}
		}
	}
	if len(npv) < 7 || len(budget) < 5 {
		t.Errorf("too few rows compared: %d and %d", len(npv), len(budget))
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}

// TestBrowserButtonsBesideEveryField: wherever a planner scrolls among the
// numbers below the first screen, a button that evaluates again is in
// view, not covered, and covers no field it is beside.
func TestBrowserButtonsBesideEveryField(t *testing.T) {
	t.Parallel()
	ctx, problems, _ := firstScreen(t, municipal, report.English)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
  const inView = el => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && (top === el || el.contains(top));
  };
  const fields = [...document.querySelectorAll("#every-number input[data-number]")];
  const out = [String(fields.length)];
  for (const f of fields) {
    f.scrollIntoView({block: "center"});
    const buttons = [...document.querySelectorAll("button[value=evaluate]")].filter(inView);
    if (buttons.length === 0) { out.push(f.name + ": no button in view"); }
    if (!inView(f)) { out.push(f.name + ": covered"); }
  }
  return out;
})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0] == "0" {
		t.Fatalf("no fields below the first screen: %v", got)
	}
	for _, out := range got[1:] {
		t.Error(out)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}

// TestBrowserFirstScreenAfterMonteCarlo: after a what-if run under
// uncertainty, the first screen still holds the fields, the buttons and
// the answer, now with its means, intervals and the change's interval,
// in view at 1280 x 800.
func TestBrowserFirstScreenAfterMonteCarlo(t *testing.T) {
	t.Parallel()
	ctx, problems, _ := firstScreen(t, municipal, report.Bokmal)
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`input[name="arms.ips.effect.half_life_months"]`), "30"),
		submitted("#montecarlo")); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.CSS("#conclusion"))); err != nil {
		t.Fatal(err)
	}
	head, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#answer-npv tr:first-child th")].map(th => th.textContent)`))
	if err != nil || !slices.Contains(head, "95 %-intervall") || !slices.Contains(head, "endringen din") {
		t.Errorf("the answer after Monte Carlo: %q (%v)", head, err)
	}
	checkFirstScreen(t, ctx, "ipscba-first-screen-montecarlo.png", "#your-change")
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported: %v", p)
	}
}
