package main

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

func newTestServer(t *testing.T, path string) (*server, *httptest.Server) {
	t.Helper()
	srv, err := newServer(path, nil, report.English, 500)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv) // loopback only
	t.Cleanup(ts.Close)
	return srv, ts
}

var conclusionRE = regexp.MustCompile(`id="conclusion">([^<]*)<`)

func conclusionOf(t *testing.T, page string) string {
	t.Helper()
	m := conclusionRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no conclusion in the page:\n%.600s", page)
	}
	return m[1]
}

func post(t *testing.T, ts *httptest.Server, path string, form url.Values) (string, *http.Response) {
	t.Helper()
	resp, err := ts.Client().PostForm(ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body), resp
}

func get(t *testing.T, ts *httptest.Server, path string) string {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", path, resp.Status, body)
	}
	return string(body)
}

// TestServeRoundTrip: the page shows the scenario; a changed number
// changes the NPV shown, as -set does; bad input gets the loader's message
// beside its field, and nothing is changed.
func TestServeRoundTrip(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, norway)
	base := conclusionOf(t, get(t, ts, "/"))
	page, resp := post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {"6"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s", resp.Status)
	}
	changed := conclusionOf(t, page)
	if changed == base {
		t.Error("changing the half-life changed nothing")
	}
	direct, _, _ := runCommand(t, "-set", "arms.ips.effect.half_life_months=6", norway)
	if want := strings.Join(strings.Fields(strings.Split(strings.Split(direct, "In short: ")[1], "\n\n")[0]), " "); "In short: "+want != changed {
		t.Errorf("the page says\n%s\n-set says\nIn short: %s", changed, want)
	}
	page, _ = post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {"-3"}})
	if !strings.Contains(page, `<span class="error">must be in (0, 12000], got -3</span>`) || conclusionOf(t, page) != base {
		t.Errorf("bad input: no message beside the field, or the result changed:\n%s", conclusionOf(t, page))
	}
	page, _ = post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {"soon"}})
	if !strings.Contains(page, `class="error"`) {
		t.Error("a number that is not a number: no message")
	}
}

// TestServeConcurrent: requests at once, each with its own numbers, get
// each its own answer (no state shared between them; run with -race).
func TestServeConcurrent(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, norway)
	values := []string{"3", "6", "12", "24", "48"}
	want := map[string]string{}
	for _, v := range values {
		page, _ := post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {v}})
		want[v] = conclusionOf(t, page)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 40)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				v := values[(g+i)%len(values)]
				resp, err := ts.Client().PostForm(ts.URL+"/evaluate", url.Values{"arms.ips.effect.half_life_months": {v}})
				if err != nil {
					errs <- err.Error()
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if m := conclusionRE.FindStringSubmatch(string(body)); m == nil || m[1] != want[v] {
					errs <- fmt.Sprintf("half-life %s: another answer", v)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestServeMonteCarlo: a Monte Carlo run shows its progress, then its
// report.
func TestServeMonteCarlo(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, norway)
	client := *ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.PostForm(ts.URL+"/montecarlo", url.Values{"arms.ips.effect.half_life_months": {"12"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/job?id=") {
		t.Fatalf("%s, %q", resp.Status, loc)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		page := get(t, ts, loc)
		if strings.Contains(page, `id="conclusion"`) {
			if !strings.Contains(conclusionOf(t, page), "of draws") {
				t.Errorf("the Monte Carlo page does not give chances: %s", conclusionOf(t, page))
			}
			break
		}
		if !strings.Contains(page, `id="progress"`) || time.Now().After(deadline) {
			t.Fatalf("neither progress nor a report:\n%.500s", page)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestServeSaves: a copy is saved beside the scenario under a new name,
// as a file that extends it; the scenario is never written, an existing
// file never replaced (the name typed without .yaml is the same file), and
// a name with a folder, a hidden name, a character Windows refuses, no name
// and too long a name are refused.
func TestServeSaves(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, f := range []string{"norway-norce.yaml", "rules/norway-2025.yaml"} {
		data, err := os.ReadFile(filepath.Join("scenarios", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	path := filepath.Join(dir, "norway-norce.yaml")
	before, _ := os.ReadFile(path)
	_, ts := newTestServer(t, path)
	page, _ := post(t, ts, "/save", url.Values{"arms.ips.effect.half_life_months": {"12"}, "save_as": {"mine.yaml"}})
	if !strings.Contains(page, "Saved as") {
		t.Fatalf("not saved: %s", regexp.MustCompile(`id="message">[^<]*`).FindString(page))
	}
	out, errOut, code := runCommand(t, filepath.Join(dir, "mine.yaml"))
	direct, _, _ := runCommand(t, "-set", "arms.ips.effect.half_life_months=12", path)
	if code != 0 || strings.Split(out, "\n\n")[1] != strings.Split(direct, "\n\n")[1] {
		t.Errorf("the copy does not give the page's result (exit %d %s):\n%s", code, errOut, out)
	}
	for _, name := range []string{"mine.yaml", "mine", "../escape.yaml", "norway-norce.yaml", "rules/x.yaml", `..\\x.yaml`, ".hidden.yaml", "what?.yaml", "", strings.Repeat("x", 101)} {
		page, _ := post(t, ts, "/save", url.Values{"save_as": {name}})
		if !strings.Contains(page, "Not saved") {
			t.Errorf("%q: saved", name)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the scenario file was written")
	}
	// A form from another site is refused.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/save", strings.NewReader("save_as=evil.yaml"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://elsewhere.example")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a form from another site: %s", resp.Status)
	}
}

// TestReportCommand: ipscba report writes one page, in English or Bokmål,
// with the Monte Carlo charts when asked; bad flags exit 2.
func TestReportCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	if _, errOut, code := runCommand(t, "report", "-iterations", "300", "-o", out, norway); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	page, _ := os.ReadFile(out)
	for _, want := range []string{`id="chart-distribution"`, `id="chart-sobol"`, "300 iterations, seed 1", "scenarios/norway-norce.yaml"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	charts := t.TempDir()
	if _, errOut, code := runCommand(t, "report", "-charts", charts, "-png", "-o", filepath.Join(dir, "r2.html"), norway); code != 0 {
		t.Fatalf("-charts: exit %d: %s", code, errOut)
	}
	for _, name := range []string{"employment", "cumulative", "tornado", "twoway", "budget"} {
		data, err := os.ReadFile(filepath.Join(charts, name+".png"))
		if err != nil || !strings.HasPrefix(string(data), "\x89PNG") {
			t.Errorf("%s.png: %v", name, err)
		}
	}
	nb, _, code := runCommand(t, "report", "-lang", "nb", norway)
	if code != 0 || !strings.Contains(nb, "Sammendrag") {
		t.Errorf("Bokmål report: exit %d", code)
	}
	for _, args := range [][]string{
		{"report", "-lang", "de", norway}, {"report", "-iterations", "-1", norway}, {"report", "-seed", "3", norway}, {"report"},
		{"report", "-set", "arms.ips.effect.half_life_months=-1", norway}, {"report", "-png", norway}, {"report", "-charts", "/no/such/folder", norway},
	} {
		if _, _, code := runCommand(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestServeKeepsTheCommandsSet: numbers set when the page is started are
// in every answer, and are not reported as the planner's changes.
func TestServeKeepsTheCommandsSet(t *testing.T) {
	t.Parallel()
	srv, err := newServer(norway, []string{"arms.ips.effect.half_life_months=6"}, report.English, 100)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	page := get(t, ts, "/")
	direct, _, _ := runCommand(t, "-set", "arms.ips.effect.half_life_months=6", norway)
	want := "In short: " + strings.Join(strings.Fields(strings.Split(strings.Split(direct, "In short: ")[1], "\n\n")[0]), " ")
	if conclusionOf(t, page) != want {
		t.Errorf("the page ignores the command's -set:\n%s", conclusionOf(t, page))
	}
	page, _ = post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {"6"}})
	if strings.Contains(page, "Changed:") || conclusionOf(t, page) != want {
		t.Error("the field as shown counts as a change")
	}
}

// TestServeHostile: what a hostile or careless request does is refused or
// said, never half-done.
func TestServeHostile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, f := range []string{"norway-norce.yaml", "rules/norway-2025.yaml"} {
		data, _ := os.ReadFile(filepath.Join("scenarios", f))
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	path := filepath.Join(dir, "norway-norce.yaml")
	_, ts := newTestServer(t, path)
	message := func(page string) string {
		return regexp.MustCompile(`id="message">([^<]*)`).FindStringSubmatch(page + `id="message">`)[1]
	}

	// A copy with a number under an index and a distribution reads back.
	page, _ := post(t, ts, "/save", url.Values{"arms.ips.effect.points[1].difference": {"0.08"},
		"arms.ips.effect.half_life_months": {"{type: gamma, mean: 12, sd: 6}"}, "save_as": {"indexed.yaml"}})
	if !strings.Contains(message(page), "Saved as") {
		t.Fatalf("not saved: %s", message(page))
	}
	if _, errOut, code := runCommand(t, "-iterations", "50", filepath.Join(dir, "indexed.yaml")); code != 0 {
		t.Errorf("the copy does not run: %s", errOut)
	}
	// An emptied field is said, not taken as its old value.
	page, _ = post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {""}})
	if !strings.Contains(page, `<span class="error">is required: give a number</span>`) {
		t.Error("an emptied field: no message")
	}
	// A form that cannot be read is said.
	resp, err := ts.Client().Post(ts.URL+"/evaluate", "application/x-www-form-urlencoded", strings.NewReader("arms.ips.effect.half_life_months=%zz"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(message(string(body)), "the form could not be read") {
		t.Errorf("a broken form: %q", message(string(body)))
	}
	// Rescaled shares show their new values.
	page, _ = post(t, ts, "/evaluate", url.Values{"groups.under30.share": {"0.5"}})
	if !strings.Contains(message(page), "rescaled") || !strings.Contains(page, `name="groups.rest.share" value="0.2301587302"`) {
		t.Errorf("rescaling not shown: %s", message(page))
	}
	// Another site's page, an opaque origin and a foreign host name are refused.
	for _, h := range []map[string]string{{"Origin": "null"}, {"Origin": "http://evil.example"}, {"Host": "evil.example"}} {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/save", strings.NewReader("save_as=evil.yaml"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			if k == "Host" {
				req.Host = v
			} else {
				req.Header.Set(k, v)
			}
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%v: %s", h, resp.Status)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "evil.yaml")); err == nil {
		t.Error("a hostile request saved a file")
	}
	if _, errOut, code := runCommand(t, "serve", "-addr", "0.0.0.0:0", norway); code != 2 || !strings.Contains(errOut, "-remote") {
		t.Errorf("serving to the network without -remote: exit %d %s", code, errOut)
	}
}

// TestServeDecimalComma: on the Norwegian page, 12,5 is twelve and a half.
func TestServeDecimalComma(t *testing.T) {
	t.Parallel()
	srv, err := newServer(norway, nil, report.Bokmal, 100)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	a, _ := post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {"12,5"}})
	b, _ := post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {"12.5"}})
	if conclusionOf(t, a) != conclusionOf(t, b) || strings.Contains(a, `class="error"`) {
		t.Error("12,5 is not 12.5 on the Norwegian page")
	}
}

// TestReportAllArmsAndNothingUncertain: a scenario with three arms shows
// each against the comparator; a Monte Carlo report of a scenario with no
// uncertain number works.
func TestReportAllArmsAndNothingUncertain(t *testing.T) {
	t.Parallel()
	out, errOut, code := runCommand(t, "report", "cba/scenario/testdata/every-field.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Count(out, `class="npv"`) != 2 {
		t.Errorf("%d NPV tables for two arms against the comparator", strings.Count(out, `class="npv"`))
	}
	if _, errOut, code := runCommand(t, "report", "-iterations", "100", "scenarios/stepwise-vs-nothing.yaml"); code != 0 {
		t.Errorf("exit %d: %s", code, errOut)
	}
	// Every uncertain number of the Norwegian scenario fixed at its mean.
	f, err := scenario.Load(norway)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"report", "-iterations", "100"}
	factors, _ := f.Factors()
	for _, fc := range factors {
		if fc.Uncertain() {
			args = append(args, "-set", fc.Name+"="+strconv.FormatFloat(fc.Value, 'g', -1, 64))
		}
	}
	out, errOut, code = runCommand(t, append(args, norway)...)
	if code != 0 || !strings.Contains(out, `id="chart-distribution"`) || strings.Contains(out, `id="chart-sobol"`) {
		t.Errorf("nothing uncertain: exit %d %s", code, errOut)
	}
}

// fieldsOf reads the form's fields of a page, as a browser without
// scripts would send them (the texts as shown and the hidden fields, with
// the buttons' and save fields' left out).
func fieldsOf(t *testing.T, page string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="(text|hidden)" name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if m[2] != "save_as" {
			form.Add(m[2], html.UnescapeString(m[3]))
		}
	}
	if len(form) < 10 {
		t.Fatalf("the page has %d fields", len(form))
	}
	return form
}

// TestServeKeepsATypedDistribution: a distribution typed in a field is
// still a distribution after the next press of a button, which sends the
// fields as the page shows them.
func TestServeKeepsATypedDistribution(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, norway)
	const name, dist = "arms.ips.effect.half_life_months", "{type: gamma, mean: 12, sd: 6}"
	page, _ := post(t, ts, "/evaluate", url.Values{name: {dist}})
	fields := fieldsOf(t, page)
	if fields.Get(name) != dist {
		t.Fatalf("after the change the field shows %q, want the distribution typed", fields.Get(name))
	}
	fields.Set("perspective.displacement", "0.1")
	page, _ = post(t, ts, "/evaluate", fields)
	if !strings.Contains(page, name+"={type: gamma, mean: 12, sd: 6}") || fieldsOf(t, page).Get(name) != dist {
		t.Errorf("the next press lost the distribution: %s", regexp.MustCompile(`id="message"[^>]*>[^<]*`).FindString(page))
	}
	if fixed := fieldsOf(t, page); fixed.Get("perspective.displacement") != "0.1" {
		t.Errorf("the other change: %q", fixed.Get("perspective.displacement"))
	}
}

// TestServeRefusesWhatItWouldDrop: a field sent twice, a field of no
// number, another encoding and numbers in the address get a message and
// change nothing; the number shown written otherwise is no change.
func TestServeRefusesWhatItWouldDrop(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, norway)
	base := conclusionOf(t, get(t, ts, "/"))
	page, _ := post(t, ts, "/evaluate", url.Values{"perspective.displacement": {"0.1", "0.3"}})
	if !strings.Contains(page, "is sent more than once") || conclusionOf(t, page) != base {
		t.Error("a field sent twice was not refused")
	}
	page, _ = post(t, ts, "/evaluate", url.Values{"perspective.displacment": {"0.3"}})
	if !strings.Contains(page, "fields of no number on the page (perspective.displacment)") || conclusionOf(t, page) != base {
		t.Error("a misspelt field was not refused")
	}
	resp, err := ts.Client().Post(ts.URL+"/evaluate", "text/plain", strings.NewReader("perspective.displacement=0.3"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "application/x-www-form-urlencoded") || conclusionOf(t, string(body)) != base {
		t.Error("a text/plain body was not refused")
	}
	page, _ = post(t, ts, "/evaluate?perspective.displacement=0.3", url.Values{})
	if !strings.Contains(page, "numbers in the address") {
		t.Error("numbers in the address were not refused")
	}
	page, _ = post(t, ts, "/evaluate", url.Values{"horizon_months": {"120.0"}})
	if strings.Contains(page, "Changed:") {
		t.Error("120.0 for 120 was taken as a change")
	}
	// 120 in hexadecimal is not a number -set reads: refused, not passed
	// over as the value shown.
	page, _ = post(t, ts, "/evaluate", url.Values{"horizon_months": {"0x1.Ep6"}})
	if !strings.Contains(page, "must be a number written in decimal") {
		t.Error("a hexadecimal 120 was not refused")
	}
}

// TestServeKeepsRescaledSharesDrawn: after a share is set, the page sends
// back its partners' rescaled values too; they stay rescaled (and drawn),
// as with one -set, instead of being fixed as changes of their own.
func TestServeKeepsRescaledSharesDrawn(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, norway)
	const name = "taxes.ordinary_income.receivers.municipality"
	page, _ := post(t, ts, "/evaluate", url.Values{name: {"0.5"}})
	fields := fieldsOf(t, page)
	page, _ = post(t, ts, "/evaluate", fields)
	msg := regexp.MustCompile(`id="message"[^>]*>([^<]*)`).FindStringSubmatch(page)
	if msg == nil || !strings.Contains(msg[1], name+"=0.5") || strings.Contains(msg[1], "receivers.county=") || strings.Contains(msg[1], "receivers.state=") {
		t.Errorf("the second press: %v", msg)
	}
}

// BenchmarkServeWhatIf is a planner's what-if on the page: a form with one
// number changed, read, evaluated and answered with the whole page.
func BenchmarkServeWhatIf(b *testing.B) {
	srv, err := newServer(municipal, nil, report.Bokmal, 200)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for b.Loop() {
		resp, err := ts.Client().PostForm(ts.URL+"/evaluate", url.Values{"arms.ips.effect.half_life_months": {"12"}})
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
