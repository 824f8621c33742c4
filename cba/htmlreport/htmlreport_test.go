package htmlreport

import (
	"bytes"
	"context"
	"flag"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func norway(t *testing.T) *scenario.File {
	t.Helper()
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func render(t *testing.T, f *scenario.File, opt Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, f, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestReportGolden holds the deterministic English report of the
// Norwegian scenario (go test ./cba/htmlreport -update rewrites it).
func TestReportGolden(t *testing.T) {
	got := render(t, norway(t), Options{Provenance: report.Provenance{File: "scenarios/norway-norce.yaml", Version: "(devel)", Timing: report.Timing}})
	path := filepath.Join("testdata", "norway.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cba/htmlreport -update makes it)", err)
	}
	if got != string(want) {
		t.Error("the report differs from testdata/norway.html (if intended: go test ./cba/htmlreport -update)")
	}
}

// TestReportListsEveryFactor: every number of the loaded scenario is in the
// list, with its value as the page shows it (or its distribution as the
// file writes it, and its mean), and its source or assumption.
func TestReportListsEveryFactor(t *testing.T) {
	f := norway(t)
	page := render(t, f, Options{})
	factors, err := f.Factors()
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`<tr data-factor="([^"]+)">`).FindAllStringSubmatch(page, -1)
	if len(rows) != len(factors) {
		t.Errorf("%d numbers listed, the scenario has %d", len(rows), len(factors))
	}
	for i, fc := range factors {
		if i < len(rows) && html.UnescapeString(rows[i][1]) != fc.Name {
			t.Errorf("row %d is %s, want %s", i, rows[i][1], fc.Name)
		}
		start := strings.Index(page, `<tr data-factor="`+html.EscapeString(fc.Name)+`">`)
		if start < 0 {
			continue
		}
		row := html.UnescapeString(page[start : start+strings.Index(page[start:], "</tr>")])
		want := []string{ShownText(report.English, fc), fc.Source, fc.Assumption}
		if fc.Dist != nil {
			want = append(want, "mean "+report.NewPrinter(report.English, nil).Sig(fc.Value))
		}
		for _, w := range want {
			if !strings.Contains(row, w) {
				t.Errorf("%s: the row lacks %q", fc.Name, w)
			}
		}
	}
}

// TestReportWithMonteCarlo: every chart is there with something drawn, and
// nothing unprintable is written.
func TestReportWithMonteCarlo(t *testing.T) {
	page := render(t, norway(t), Options{Iterations: 300, Seed: 2, Workers: 2})
	for _, id := range []string{"employment", "cumulative", "payers", "distribution", "tornado", "twoway", "acceptability", "budget", "sobol"} {
		i := strings.Index(page, `<figure id="chart-`+id+`">`)
		if i < 0 {
			t.Errorf("no chart %s", id)
			continue
		}
		fig := page[i : i+strings.Index(page[i:], "</figure>")]
		if !strings.Contains(fig, "<svg") || !strings.Contains(fig, "<path") {
			t.Errorf("chart %s draws nothing", id)
		}
	}
	for _, bad := range []string{"%!", "MISSING", "NaN", "+Inf", "<script", "<?xml"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if !strings.Contains(page, "300 iterations, seed 2") {
		t.Error("the provenance does not give the run")
	}
}

// TestReportIsSelfContained: no address outside the page (a link within
// it, "#budget", is none), no script.
func TestReportIsSelfContained(t *testing.T) {
	page := render(t, norway(t), Options{})
	for _, m := range regexp.MustCompile(`(?i)(?:src|href)\s*=\s*["']?[^"'#\s>]|https?://[^"' <]*`).FindAllString(page, -1) {
		if m != "http://www.w3.org/2000/svg" && m != "http://www.w3.org/1999/xlink" {
			t.Errorf("the page refers outside itself: %q", m)
		}
	}
}

// TestReportInBokmål: the page's own words are Norwegian, its numbers
// written as Norwegians write them; every phrase of the page and of its
// charts is in the catalogue.
func TestReportInBokmål(t *testing.T) {
	page := render(t, norway(t), Options{Lang: report.Bokmal})
	for _, want := range []string{`<html lang="nb">`, "Sammendrag", "Netto nåverdi per deltaker", "Alle tallene i scenariet", "21\u00a0949", "måneder siden start"} {
		if !strings.Contains(page, want) {
			t.Errorf("the Bokmål page lacks %q", want)
		}
	}
	for _, english := range []string{"Net present value per participant", "Every number of the scenario", "months since start"} {
		if strings.Contains(page, english) {
			t.Errorf("the Bokmål page holds %q", english)
		}
	}
	var phrases []string
	tmpl, _ := os.ReadFile("report.html.tmpl")
	for _, m := range regexp.MustCompile(`\{\{t \$p ("(?:[^"\\]|\\.)*")`).FindAllStringSubmatch(string(tmpl), -1) {
		phrases = append(phrases, unquote(t, m[1]))
	}
	sources, _ := filepath.Glob("*.go")
	for _, file := range sources {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(file)
		for _, m := range regexp.MustCompile(`\bp\.T\(\s*("(?:[^"\\]|\\.)*")`).FindAllStringSubmatch(string(src), -1) {
			phrases = append(phrases, unquote(t, m[1]))
		}
		for _, m := range regexp.MustCompile(`add\("\w+", ("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*")`).FindAllStringSubmatch(string(src), -1) {
			phrases = append(phrases, unquote(t, m[1]), unquote(t, m[2]))
		}
	}
	plots, _ := filepath.Glob("../plot/*.go")
	for _, p := range plots {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		data, _ := os.ReadFile(p)
		for _, m := range regexp.MustCompile(`\bs\.w\(("(?:[^"\\]|\\.)*")\)`).FindAllStringSubmatch(string(data), -1) {
			phrases = append(phrases, unquote(t, m[1]))
		}
	}
	if len(phrases) < 100 {
		t.Fatalf("found %d phrases: the scan is broken", len(phrases))
	}
	for _, p := range phrases {
		if !report.HasBokmål(p) {
			t.Errorf("no Bokmål for %q", p)
		}
	}
}

// TestReportForm: with a form the numbers are fields, a field's message is
// beside it, and the form posts where it is told.
func TestReportForm(t *testing.T) {
	form := &Form{Action: "/evaluate", MonteCarlo: "/montecarlo", Save: "/save", Iterations: 2000,
		Values: map[string]string{"arms.ips.effect.half_life_months": "-3"},
		Errors: map[string]string{"arms.ips.effect.half_life_months": "must be > 0, got -3"}, Message: "changed: 1 number"}
	page := render(t, norway(t), Options{Form: form})
	for _, want := range []string{`action="/evaluate"`, `formaction="/montecarlo"`, `formaction="/save"`, `name="arms.ips.effect.half_life_months" value="-3" class="bad"`,
		`<span class="error">must be &gt; 0, got -3</span>`, "changed: 1 number", "Monte Carlo (2,000 iterations)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func unquote(t *testing.T, s string) string {
	t.Helper()
	u, err := strconv.Unquote(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
