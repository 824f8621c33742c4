package main

import (
	"encoding/json"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba/htmlreport"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

const specialistAmount = "arms.ips.costs.employment_specialist.amount"

// fieldError is the message beside the field named name on a page, or "".
func fieldError(page, name string) string {
	re := regexp.MustCompile(`name="` + regexp.QuoteMeta(html.EscapeString(name)) + `" value="[^"]*" class="bad"[^>]*>(?:<br>)?<span class="error">([^<]*)<`)
	if m := re.FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// TestServeRefusesASpecialistsCostItCannotHold: a cost a year and caseload
// whose cost per participant-month overflows or underflows get a message
// beside their fields, and nothing is computed.
func TestServeRefusesASpecialistsCostItCannotHold(t *testing.T) {
	t.Parallel()
	ts := langServer(t, municipal, report.English)
	base := conclusionOf(t, get(t, ts, "/"))
	for _, c := range [][2]string{{"1e308", "0.001"}, {"1e-300", "1e300"}, {"5e-324", "1"}} {
		page, _ := post(t, ts, "/evaluate", url.Values{htmlreport.AnnualCostField: {c[0]}, htmlreport.CaseloadField: {c[1]}})
		msg := fieldError(page, htmlreport.AnnualCostField)
		if !strings.Contains(msg, "too large or too small") || strings.Contains(messageOfPage(page), "Changed:") || conclusionOf(t, page) != base {
			t.Errorf("%s / %s: message %q beside the field, page %q", c[0], c[1], msg, messageOfPage(page))
		}
		if fieldValue(page, htmlreport.AnnualCostField) != c[0] || fieldValue(page, htmlreport.CaseloadField) != c[1] {
			t.Errorf("%s / %s: the fields show %q, %q", c[0], c[1], fieldValue(page, htmlreport.AnnualCostField), fieldValue(page, htmlreport.CaseloadField))
		}
	}
}

// savedLine is the line of a saved copy that sets path.
func savedLine(t *testing.T, file, path string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, `path: "`+path+`"`) {
			return line
		}
	}
	return ""
}

// TestServeRewritesTheReasonItWrote: the reason the page writes for a
// derived cost follows the cost a year and caseload it was derived from,
// and goes when the cost is typed itself; a planner's own reason stays.
func TestServeRewritesTheReasonItWrote(t *testing.T) {
	t.Parallel()
	path := copyMunicipal(t)
	ts := langServer(t, path, report.English)
	page, _ := post(t, ts, "/evaluate", url.Values{htmlreport.AnnualCostField: {"950,000"}, htmlreport.CaseloadField: {"18"}})
	if why := fieldValue(page, htmlreport.WhyPrefix+specialistAmount); !strings.Contains(why, "caseload of 18") {
		t.Fatalf("the reason written: %q", why)
	}
	fields := fieldsOf(t, page)
	fields.Set(htmlreport.CaseloadField, "20")
	fields.Set("save_as", "twenty")
	page, _ = post(t, ts, "/save", fields)
	line := savedLine(t, filepath.Join(filepath.Dir(path), "twenty.yaml"), specialistAmount)
	if !strings.Contains(line, "value: 3958.3333333333335") || !strings.Contains(line, "caseload of 20") {
		t.Errorf("a new caseload: %s (%s)", line, messageOfPage(page))
	}
	// The cost typed itself: the reason derived goes with the fields.
	fields = fieldsOf(t, page)
	fields.Set(specialistAmount, "4000")
	fields.Set("save_as", "typed")
	page, _ = post(t, ts, "/save", fields)
	line = savedLine(t, filepath.Join(filepath.Dir(path), "typed.yaml"), specialistAmount)
	if !strings.Contains(line, "value: 4000") || strings.Contains(line, "caseload") {
		t.Errorf("the cost typed: %s (%s)", line, messageOfPage(page))
	}
	// A planner's own reason is kept through a new caseload.
	fields = fieldsOf(t, page)
	fields.Set(htmlreport.AnnualCostField, "950,000")
	fields.Set(htmlreport.CaseloadField, "19")
	fields.Del(specialistAmount)
	fields.Set(htmlreport.WhyPrefix+specialistAmount, "our own budget")
	page, _ = post(t, ts, "/evaluate", fields)
	fields = fieldsOf(t, page)
	fields.Set(htmlreport.CaseloadField, "16")
	fields.Set("save_as", "own")
	page, _ = post(t, ts, "/save", fields)
	line = savedLine(t, filepath.Join(filepath.Dir(path), "own.yaml"), specialistAmount)
	if !strings.Contains(line, `assumption: "our own budget"`) || !strings.Contains(line, "value: 4947.916666666667") {
		t.Errorf("a planner's reason: %s (%s)", line, messageOfPage(page))
	}
}

// TestServeRefusesALongReason: a reason longer than htmlreport.MaxWhy is
// refused beside its number, whole, not cut and saved; the reasons'
// fields take no more than that.
func TestServeRefusesALongReason(t *testing.T) {
	t.Parallel()
	const halfLife = "arms.ips.effect.half_life_months"
	path := copyMunicipal(t)
	ts := langServer(t, path, report.English)
	page := get(t, ts, "/")
	if n, want := strings.Count(page, `class="why" maxlength="`+strconv.Itoa(htmlreport.MaxWhy)+`"`), strings.Count(page, `class="why"`); n == 0 || n != want {
		t.Errorf("%d of %d reasons' fields have maxlength %d", n, want, htmlreport.MaxWhy)
	}
	long := strings.Repeat("a reason ", 83) + "the end" // 754 characters
	for _, c := range []struct {
		why   string
		saved bool
	}{{long, false}, {long[:htmlreport.MaxWhy], true}} {
		page, _ := post(t, ts, "/save", url.Values{halfLife: {"36"}, htmlreport.WhyPrefix + halfLife: {c.why}, "save_as": {strconv.Itoa(len(c.why))}})
		target := filepath.Join(filepath.Dir(path), strconv.Itoa(len(c.why))+".yaml")
		_, err := os.Stat(target)
		if saved := err == nil; saved != c.saved {
			t.Errorf("a reason of %d characters: saved %v (%s)", len(c.why), saved, messageOfPage(page))
		}
		if c.saved {
			if line := savedLine(t, target, halfLife); !strings.Contains(line, strconv.Quote(c.why)) {
				t.Errorf("the reason saved: %s", line)
			}
			continue
		}
		if msg := fieldError(page, halfLife); !strings.Contains(msg, "754 characters long: give at most 500") {
			t.Errorf("beside the field: %q", msg)
		}
		if got := fieldValue(page, htmlreport.WhyPrefix+halfLife); got != c.why {
			t.Errorf("the reason shown again: %d characters", len(got))
		}
	}
}

// TestServeSavesNotOverTheScenario: a copy named as the scenario served,
// or as a file it extends, is refused because the file exists.
func TestServeSavesNotOverTheScenario(t *testing.T) {
	t.Parallel()
	path := copyMunicipal(t)
	ts := langServer(t, path, report.English)
	before, _ := os.ReadFile(path)
	for _, name := range []string{"norway-municipal.yaml", "norway-municipal", "norway-norce.yaml"} {
		page, _ := post(t, ts, "/save", url.Values{"arms.ips.effect.half_life_months": {"36"}, "save_as": {name}})
		if msg := messageOfPage(page); !strings.Contains(msg, "already exists beside the scenario") || strings.Contains(msg, "loop") {
			t.Errorf("%s: %q", name, msg)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the scenario was written")
	}
}

// TestServeRefusesPointsBetweenThousands: on the Norwegian page 650.000
// (650 000, or 650 with a decimal point?) is refused, with a message in
// Norwegian beside the field that names it and says to write 650 000 or
// 650,000; the specialist's cost a year too. On the English page 650.000
// is 650 and 650,000 is 650000, as the command's -set reads 650 and
// 650000.
func TestServeRefusesPointsBetweenThousands(t *testing.T) {
	t.Parallel()
	const starts = "cohort.starts_per_year"
	nb := langServer(t, municipal, report.Bokmal)
	base := conclusionOf(t, get(t, nb, "/"))
	for _, c := range []struct {
		field, label string
		form         url.Values
	}{
		{starts, "Deltakere som starter hvert år", url.Values{starts: {"650.000"}}},
		{htmlreport.AnnualCostField, "Jobbspesialist: kostnad per år for en i full stilling, alt inkludert",
			url.Values{htmlreport.AnnualCostField: {"650.000"}, htmlreport.CaseloadField: {"15"}}},
	} {
		page, _ := post(t, nb, "/evaluate", c.form)
		want := c.label + `: "650.000" er tvetydig: skriv 650 000 med mellomrom mellom tusenene, eller 650,000 med desimalkomma`
		if got := fieldError(page, c.field); got != want {
			t.Errorf("%s: beside the field %q, want %q", c.field, got, want)
		}
		if conclusionOf(t, page) != base || strings.Contains(messageOfPage(page), "Endret") || fieldValue(page, c.field) != "650.000" {
			t.Errorf("%s: changed (%q), or the field shows %q", c.field, messageOfPage(page), fieldValue(page, c.field))
		}
	}
	en := langServer(t, municipal, report.English)
	for typed, set := range map[string]string{"650.000": "650", "650,000": "650000"} {
		page, _ := post(t, en, "/evaluate", url.Values{starts: {typed}})
		out, errOut, code := runCommand(t, "-set", starts+"="+set, municipal)
		if code != 0 {
			t.Fatalf("-set %s: %s", set, errOut)
		}
		want := strings.Join(strings.Fields(strings.Split(out, "\n\n")[1]), " ")
		if got := strings.Join(strings.Fields(html.UnescapeString(conclusionOf(t, page))), " "); got != want || !strings.Contains(messageOfPage(page), starts+"="+set) {
			t.Errorf("%s on the English page: %q\n%s\n-set %s says\n%s", typed, messageOfPage(page), got, set, want)
		}
	}
}

// TestServeSharesAsTheCommand: a payer's share changed on the page moves
// the others as ipscba -set moves them (the scenario's Apply): the page
// shows the shares and each budget's and society's NPV the command gives
// with the same changes. Changed alone, the three shares would sum to
// 0.9: the other two take the rest in proportion. Set back to its value in
// the file after another share of its set was changed, a share stays set
// (the third takes the rest), as -set keeps it, and is not rescaled again.
func TestServeSharesAsTheCommand(t *testing.T) {
	t.Parallel()
	const pay = "arms.ips.costs.employment_specialist.payers."
	ts := langServer(t, municipal, report.English)
	f, err := scenario.Load(municipal)
	if err != nil {
		t.Fatal(err)
	}
	p := report.NewPrinter(report.English, f.Scenario)
	for _, c := range []struct {
		steps  []url.Values // each form sent from the page the one before made, as a browser without scripts
		sets   []string
		shares map[string]string // municipality, state, health_trust
	}{
		{[]url.Values{{pay + "municipality": {"0.4"}}}, []string{pay + "municipality=0.4"},
			map[string]string{"municipality": "0.4", "state": "0.36", "health_trust": "0.24"}},
		{[]url.Values{{pay + "municipality": {"0.6"}}, {pay + "state": {"0.3"}}}, []string{pay + "municipality=0.6", pay + "state=0.3"},
			map[string]string{"municipality": "0.6", "state": "0.3", "health_trust": "0.1"}},
		{[]url.Values{{pay + "health_trust": {"0.1"}}, {pay + "municipality": {"0.5"}}}, []string{pay + "health_trust=0.1", pay + "municipality=0.5"},
			map[string]string{"municipality": "0.5", "state": "0.4", "health_trust": "0.1"}},
	} {
		page := get(t, ts, "/")
		for _, step := range c.steps {
			form := fieldsOf(t, page)
			for name, v := range step {
				form[name] = v
			}
			page, _ = post(t, ts, "/evaluate", form)
		}
		for payer, want := range c.shares {
			if got := fieldValue(page, pay+payer); got != want {
				t.Errorf("%v: %s's share shows %q, want %q (%s)", c.sets, payer, got, want, messageOfPage(page))
			}
		}
		args := []string{"-format", "json"}
		for _, s := range c.sets {
			args = append(args, "-set", s)
		}
		out, errOut, code := runCommand(t, append(args, municipal)...)
		if code != 0 {
			t.Fatalf("ipscba %v: %s", args, errOut)
		}
		var doc struct {
			Increments []struct {
				Population struct {
					NPV map[string]float64 `json:"npv"`
				} `json:"population"`
			} `json:"increments"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Increments) == 0 {
			t.Fatalf("the command's JSON: %v", err)
		}
		compared := 0
		for name, v := range doc.Increments[0].Population.NPV {
			for _, row := range cells(t, page, "answer-npv")[1:] {
				if row[0] == p.Perspective(name) {
					compared++
					if row[1] != p.Int(v) {
						t.Errorf("%v: %s's NPV on the page %s, from the command %s", c.sets, name, row[1], p.Int(v))
					}
				}
			}
		}
		if compared < 7 {
			t.Errorf("%v: %d NPVs compared", c.sets, compared)
		}
	}
}

// TestServeSaysNoNumberChanged: a form that changes no number (only a
// reason given, a number typed as the page shows it, or a specialist's
// cost a year and caseload that make the cost per participant-month the
// file has) says that no number changed, never "Changed: " with nothing
// after it; a form that changes one says what.
func TestServeSaysNoNumberChanged(t *testing.T) {
	t.Parallel()
	dir := filepath.Dir(copyMunicipal(t))
	plain := filepath.Join(dir, "plain.yaml")
	if err := os.WriteFile(plain, []byte("extends: norway-municipal.yaml\nname: plain\nset:\n  - {path: "+specialistAmount+", value: 5000}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []report.Lang{report.English, report.Bokmal} {
		ts := langServer(t, plain, lang)
		none := map[report.Lang]string{report.English: "No number changed.", report.Bokmal: "Ingen tall ble endret."}[lang]
		for _, c := range []struct {
			form url.Values
			want string
		}{
			{url.Values{htmlreport.WhyPrefix + "cohort.starts_per_year": {"as planned"}}, none},
			{url.Values{"cohort.starts_per_year": {"20.0"}}, none},
			{url.Values{htmlreport.AnnualCostField: {"900000"}, htmlreport.CaseloadField: {"15"}}, none},
			{url.Values{"cohort.starts_per_year": {"25"}}, map[report.Lang]string{report.English: "Changed: cohort.starts_per_year=25", report.Bokmal: "Endret: cohort.starts_per_year=25"}[lang]},
		} {
			page, _ := post(t, ts, "/evaluate", c.form)
			if got := messageOfPage(page); got != c.want {
				t.Errorf("%s %v: the page says %q, want %q", lang, c.form, got, c.want)
			}
		}
	}
}

// TestPagePhrasesHaveBokmål: every phrase the planner's page writes
// itself (s.word in serve*.go) has a Bokmål translation in the catalogue
// that takes its arguments in the same order.
func TestPagePhrasesHaveBokmål(t *testing.T) {
	files, _ := filepath.Glob("examples/ipscba/serve*.go")
	call := regexp.MustCompile(`\bs\.word\(\s*("(?:[^"\\]|\\.)*")`)
	nb := report.NewPrinter(report.Bokmal, nil)
	seen := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			en, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatal(err)
			}
			seen++
			if !report.HasBokmål(en) {
				t.Errorf("%s: no Bokmål for %q", file, en)
				continue
			}
			var args []any
			for i := range strings.Count(strings.ReplaceAll(en, "%%", ""), "%") {
				args = append(args, "«"+strconv.Itoa(i)+"»")
			}
			want := ""
			for _, a := range args {
				want += a.(string)
			}
			out := nb.T(en, args...)
			if got := strings.Join(regexp.MustCompile(`«[0-9]+»`).FindAllString(out, -1), ""); got != want || strings.Contains(out, "%!") {
				t.Errorf("%s: %q in Bokmål takes its arguments as %q, not in order %s", file, en, out, want)
			}
		}
	}
	if seen < 30 {
		t.Errorf("found %d phrases: the scan is broken", seen)
	}
}
