package main

import (
	"html"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// bokmålRuns are the command lines whose output a planner reads, each run
// with -lang nb and with -lang en on a Norwegian scenario (SCENARIO): the
// text report, the Monte Carlo report, -list, the page, each analysis, a
// comparison, each command's -h and the messages of mistakes.
var bokmålRuns = [][]string{
	{"-groups", "-budget", "SCENARIO"},
	{"-list", "SCENARIO"},
	{"-iterations", "100", "SCENARIO"},
	{"report", "SCENARIO"},
	{"compare", "-with", "arms.ips.effect.half_life_months=36", "SCENARIO"},
	{"compare", "-iterations", "100", "-with", "arms.ips.effect.half_life_months=36", "SCENARIO"},
	{"-h"}, {"sensitivity", "-h"}, {"compare", "-h"}, {"report", "-h"}, {"serve", "-h"},
	// mistakes
	{"-set", "arms.ips.enrolment.dropout=2", "SCENARIO"},
	{"-set", "arms.ips.enrolment.dropuot=0.1", "SCENARIO"},
	{"-iterations", "many", "SCENARIO"},
	{"-no-such-flag", "SCENARIO"},
	{"scenarios/no-such-file.yaml"},
	{"sensitivity", "tornado", "-factor", "nope", "SCENARIO"},
	{"sensitivity", "sobol", "-levels", "4", "SCENARIO"},
}

// bokmålAnalyses are the analyses, run on the first Norwegian scenario
// only (they take longer).
var bokmålAnalyses = [][]string{
	{"sensitivity", "tornado", "SCENARIO"},
	{"sensitivity", "switch", "-factor", "arms.ips.effect.half_life_months", "-factor", "arms.ips.enrolment.months", "SCENARIO"},
	{"sensitivity", "twoway", "-x", "arms.ips.effect.half_life_months=1:49:3", "-y", "arms.ips.enrolment.months=6:30:3", "SCENARIO"},
	{"sensitivity", "accept", "-iterations", "100", "SCENARIO"},
	{"sensitivity", "accept", "-quantity", "cost_multiplier", "-iterations", "100", "SCENARIO"},
	{"sensitivity", "voi", "-iterations", "300", "SCENARIO"},
	{"sensitivity", "voi", "-method", "binning", "-iterations", "300", "SCENARIO"},
	{"sensitivity", "sobol", "-n", "16", "-bootstrap", "10", "-group", "dependent", "SCENARIO"},
	{"sensitivity", "morris", "-trajectories", "4", "-group", "dependent", "SCENARIO"},
}

// bothLanguages are words a Bokmål text may share with the English one:
// words of both languages, the names of people, places, programmes,
// institutions and journals, abbreviations, units, statistical symbols
// and what a flag or a file takes (values written as the command reads
// them). A word not here that the English output has fails the test.
var bothLanguages = strings.Fields(`
	for under over per minus sd mu sigma pert gamma lognormal normal beta type mean min max mode
	alle i
	ips nav aap aps aft nok kr g sd ssb evpi evppi nnv html svg png csv json tidy pandas r parquet yaml javascript
	localhost loopback cpu monte carlo sobol morris bootstrap splines screening tornado dirichlet
	ftrl prop ls meld st for fellesskatt minstefradrag personfradrag trinnskatt trygdeavgift grunnbeløp
	skatteetaten statsforvalteren stortinget kommunal rapport napha iarbeid uni research rusfeltet mindbodylab seed
	oslomet stavanger oslo agder norge
	reme holmås monstad fyhn øverland park rognli andersen aas eb kaa em sveinsdottir bond drake becker
	davis dahl lima ottomanelli barnett goetz strong oakley brennan et al pmc
	no og best
	text json csv tidy regression binning none dependent non_market cost_multiplier
	ci b vs ns
	std sha pp
	accept twoway voi switch compare report sensitivity serve list format analyse estimator public society participant nb en bokmål
	all moderate taper devel ipscba mcse arm person team via scenario full like at to en til er den ikke bolig strøm sosialhjelp krone kroner time standard start sum histogram median marginal lambda separate
`)

// citationText matches what a Bokmål text keeps as written: quotations
// ('...'), DOIs, journal names, web addresses, paths and file names,
// a flag's values and the paths of numbers.
var citationText = regexp.MustCompile(strings.Join([]string{
	`(?:^|[\s(:])'[^']+'(?:\W|$)`,
	`doi:\S+`,
	`Scand J Work Environ Health|Soc Sci Med|Eur Psychiatry|Int J Soc Psychiatry|Psychiatr Rehabil J|Int J Public Health|Addiction`,
	`[\w.-]+\.(?:yaml|html|svg|png|csv|json|parquet|no|md)\b`,
	`\b[0-9a-f]{12,}\b`,               // a file's hash
	`"[^"]*"`,                         // what was typed, as the command quotes it
	`\b\w+ = `,                        // an arm's name, as -output takes it: ips = ...
	`\{[^}]*\}`,                       // a value as a file takes it: {type: gamma, shape: 2, rate: 0.1}
	`\b[\w\[\]-]+(?:[./][\w\[\]-]+)+`, // paths of numbers and outputs: arms.ips.effect.points[0].difference
	`\b\w+(?:-\w+)+\b`,                // names: norway-ips-sud
	`\b\w+_\w+\b`,                     // a key of the file: half_life_months
	`-\w+`,                            // a flag
}, "|"))

// TestBokmålHasNoEnglish: with -lang nb, no English word reaches what a
// planner reads of a Norwegian scenario: every word of the output that
// the same command's English output has is a word of both languages, a
// name, or part of a citation.
func TestBokmålHasNoEnglish(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command twice")
	}
	t.Parallel()
	files, _ := filepath.Glob("scenarios/norway-*.yaml")
	if len(files) < 5 {
		t.Fatalf("found %d Norwegian scenarios", len(files))
	}
	slices.Sort(files)
	files = slices.DeleteFunc(files, func(f string) bool { return !strings.HasSuffix(f, ".yaml") })
	found := map[string][]string{} // English word -> where
	for i, file := range files {
		runs := bokmålRuns
		if i == 0 || strings.HasSuffix(file, "norway-norce.yaml") {
			runs = append(slices.Clone(runs), bokmålAnalyses...)
		}
		citations := citationsOf(t, file)
		for _, args := range runs {
			args = slices.Clone(args)
			for j := range args {
				args[j] = strings.ReplaceAll(args[j], "SCENARIO", file)
			}
			nb := readable(runBoth(t, append(args, "-lang", "nb")), citations)
			en := readable(runBoth(t, append(args, "-lang", "en")), citations)
			english := map[string]bool{}
			for _, w := range words(en) {
				english[w] = true
			}
			for _, w := range words(nb) {
				if english[w] && !slices.Contains(bothLanguages, w) {
					found[w] = append(found[w], strings.Join(args, " ")+": "+around(nb, w))
				}
			}
		}
	}
	// The planner's page, and the file it saves.
	nb, en := pageAndCopy(t, report.Bokmal), pageAndCopy(t, report.English)
	citations := citationsOf(t, "scenarios/norway-norce.yaml")
	english := map[string]bool{}
	for _, w := range words(readable(en, citations)) {
		english[w] = true
	}
	for _, w := range words(readable(nb, citations)) {
		if english[w] && !slices.Contains(bothLanguages, w) {
			found[w] = append(found[w], "serve: "+around(nb, w))
		}
	}
	var leaked []string
	for w := range found {
		leaked = append(leaked, w)
	}
	sort.Strings(leaked)
	for _, w := range leaked {
		t.Errorf("English %q with -lang nb, in: ipscba %s (and %d more)", w, found[w][0], len(found[w])-1)
	}
}

// pageAndCopy returns what the planner's page in lang shows of the
// Norwegian trial's scenario, and the comment and reasons of the copy it
// saves with a number changed.
func pageAndCopy(t *testing.T, lang report.Lang) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"norway-norce.yaml", "rules/norway-2025.yaml"} {
		data, err := os.ReadFile(filepath.Join("scenarios", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := newServer(filepath.Join(dir, "norway-norce.yaml"), nil, lang, 100)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	page := pageText(get(t, ts, "/"))
	for _, typed := range []string{"-3", "?", "6"} { // out of range, not a number, a what-if
		changed, _ := post(t, ts, "/evaluate", url.Values{"arms.ips.effect.half_life_months": {typed}})
		page += "\n" + pageText(changed)
	}
	saved, _ := post(t, ts, "/save", url.Values{"arms.ips.effect.half_life_months": {"13"}, "save_as": {"mine.yaml"}})
	data, err := os.ReadFile(filepath.Join(dir, "mine.yaml"))
	if err != nil {
		t.Fatalf("not saved: %v: %s", err, regexp.MustCompile(`id="message">[^<]*`).FindString(saved))
	}
	var said []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") {
			said = append(said, line)
		}
	}
	f, err := scenario.Load(filepath.Join(dir, "mine.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Params {
		if p.Path == "arms.ips.effect.half_life_months" {
			said = append(said, f.ParamIn(string(lang), p).Assumption)
		}
	}
	if len(said) < 2 {
		t.Fatalf("the copy says no comment or reason:\n%s", data)
	}
	return page + "\n" + pageText(saved) + "\n" + strings.Join(said, "\n")
}

// runBoth runs the command and returns what it writes to either output;
// the page's text without its markup, styles and attribute values.
func runBoth(t *testing.T, args []string) string {
	t.Helper()
	out, errOut, _ := runCommand(t, args...)
	if slices.Contains(args, "report") && strings.HasPrefix(out, "<!DOCTYPE") {
		out = pageText(out)
	}
	return out + "\n" + errOut
}

var (
	styleOrScript = regexp.MustCompile(`(?s)<(style|script)\b.*?</(style|script)>`)
	markup        = regexp.MustCompile(`(?s)<[^>]*>`)
)

// pageText is what a reader of an HTML page reads: its text, and the
// titles and labels that its markup shows.
func pageText(page string) string {
	page = styleOrScript.ReplaceAllString(page, " ")
	var shown []string
	for _, m := range regexp.MustCompile(`(?:title|alt|aria-label|placeholder)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		shown = append(shown, m[1])
	}
	text := markup.ReplaceAllString(page, " ")
	return html.UnescapeString(text + "\n" + strings.Join(shown, "\n"))
}

// readable leaves out of text what stays as written: the citations of the
// scenario's published figures, and citationText.
func readable(text string, citations []string) string {
	text = strings.Join(strings.Fields(text), " ")
	for _, c := range citations {
		text = strings.ReplaceAll(text, strings.Join(strings.Fields(c), " "), " ")
	}
	return citationText.ReplaceAllString(text, " ")
}

// citationsOf returns the citations of the published figures of the
// scenario in file, which reports print as written in any language.
func citationsOf(t *testing.T, file string) []string {
	t.Helper()
	f, err := scenario.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range f.Scenario.Published {
		out = append(out, p.Citation)
	}
	return out
}

// around returns the text around the first place word w is in text.
func around(text, w string) string {
	m := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(w) + `\b`).FindStringIndex(text)
	if m == nil {
		return ""
	}
	return "…" + string([]rune(text[max(0, m[0]-60):])[:min(120, len([]rune(text[max(0, m[0]-60):])))]) + "…"
}

// words returns the words of text, in lower case: runs of letters of two
// or more.
func words(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '_' }) {
		if len([]rune(w)) >= 2 {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// noise is a number as floating point writes it, not as a reader needs
// it: 0.1111111111111111, 1.019e-10.
var noise = regexp.MustCompile(`\d\.\d{12,}|\d\.?\d*e-\d`)

// TestNoFloatingPointNoise: the text the command writes for reading (each
// text golden file) has no number with more digits than a reader needs,
// and no rounding error written in exponent form.
func TestNoFloatingPointNoise(t *testing.T) {
	files, _ := filepath.Glob("examples/ipscba/testdata/*.txt")
	more, _ := filepath.Glob("examples/ipscba/testdata/*/*.txt")
	files = append(files, more...)
	if len(files) < 30 {
		t.Fatalf("found %d text outputs", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range noise.FindAllString(string(data), 3) {
			t.Errorf("%s: %q", f, m)
		}
	}
}
