package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

const norway = "scenarios/norway-norce.yaml"

// TestMain runs the tests from the module root, as a planner runs the
// command, so that the golden files hold the paths the README shows. With
// IPSCBA_TEST_COMMAND=1 in its environment the test binary is the command
// itself, for the tests that signal a running process (no build of its own).
func TestMain(m *testing.M) {
	if os.Getenv("IPSCBA_TEST_COMMAND") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	flag.Parse()
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	version = func() string { return "(devel)" }
	code := m.Run()
	chromium.close()
	if *update && code == 0 {
		for _, doc := range []string{"README.md", walkThrough} {
			if _, _, err := docBlocks(doc, true); err != nil {
				fmt.Fprintf(os.Stderr, "rewriting %s's golden blocks: %v\n", doc, err)
				code = 1
			}
		}
	}
	os.Exit(code)
}

func runCommand(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("examples", "ipscba", "testdata", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./examples/ipscba -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (if the change is intended: go test ./examples/ipscba -update)\n--- got\n%s", path, got)
	}
}

func TestGoldenOutputs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"norway.txt", []string{norway}},
		{"norway-groups-budget.txt", []string{"-groups", "-budget", norway}},
		{"norway.json", []string{"-format", "json", "-budget", norway}},
		{"norway.csv", []string{"-format", "csv", "-budget", norway}},
		{"norway-nb.txt", []string{"-lang", "nb", "-groups", "-budget", norway}},
		{"norway-mc-nb.txt", []string{"-lang", "nb", "-iterations", "500", "-workers", "2", norway}},
		{"municipal-mc-budget.txt", []string{"-budget", "-budget-years", "3", "-iterations", "500", "-workers", "2", "scenarios/norway-municipal.yaml"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			out, errOut, code := runCommand(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tc.golden, out)
		})
	}
}

// TestReadmeShowsTheGoldenTables: each block of the README marked
// "<!-- golden: PATH -->" is the command's output in that golden file, not
// numbers typed by hand. With -update, TestMain rewrites the blocks once
// every golden file is written.
func TestReadmeShowsTheGoldenTables(t *testing.T) {
	if *update {
		t.Skip("-update: TestMain rewrites the README's blocks after the goldens")
	}
	differ, blocks, err := readmeBlocks(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range differ {
		t.Errorf("README.md's block from %s differs from it (go test ./examples/ipscba -update rewrites both)", path)
	}
	if blocks < 2 {
		t.Errorf("README.md shows %d golden blocks, want the deterministic and the Monte Carlo result", blocks)
	}
}

// readmeBlocks compares each golden block of README.md with its file, and
// with write rewrites the blocks from the files; it returns the paths of
// the blocks that differ and the number of blocks.
func readmeBlocks(write bool) (differ []string, blocks int, err error) {
	return docBlocks("README.md", write)
}

// docBlocks compares each golden block of the document doc with its file,
// and with write rewrites the blocks from the files; it returns the paths
// of the blocks that differ and the number of blocks.
func docBlocks(doc string, write bool) (differ []string, blocks int, err error) {
	readme, err := os.ReadFile(doc)
	if err != nil {
		return nil, 0, err
	}
	const open, fence = "<!-- golden: ", " -->\n```text\n"
	var out []byte
	rest := readme
	for {
		i := bytes.Index(rest, []byte(open))
		if i < 0 {
			break
		}
		j := bytes.Index(rest[i:], []byte(fence))
		if j < 0 {
			return nil, 0, fmt.Errorf("%s: a golden marker without a text block after it", doc)
		}
		path := string(rest[i+len(open) : i+j])
		start := i + j + len(fence)
		end := start + bytes.Index(rest[start:], []byte("```"))
		want, err := os.ReadFile(path)
		if err != nil {
			return nil, 0, err
		}
		if string(rest[start:end]) != string(want) {
			differ = append(differ, path)
		}
		out = append(append(out, rest[:start]...), want...)
		rest, blocks = rest[end:], blocks+1
	}
	if write {
		err = os.WriteFile(doc, append(out, rest...), 0o644)
	}
	return differ, blocks, err
}

func TestJSONIsValidAndComplete(t *testing.T) {
	out, _, code := runCommand(t, "-format", "json", norway)
	if code != 0 {
		t.Fatal(code)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"schema", "provenance", "perspectives", "components", "arms", "increments"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("JSON has no %q", key)
		}
	}
	if doc["schema"] != "ipscba/result/v1" {
		t.Errorf("schema %v", doc["schema"])
	}
}

func TestSetChangesTheResult(t *testing.T) {
	base, _, _ := runCommand(t, "-format", "csv", norway)
	changed, errOut, code := runCommand(t, "-format", "csv", "-set", "arms.ips.effect.half_life_months=6", norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if base == changed {
		t.Error("-set changed nothing")
	}
}

// lineOf returns the 1-based line of the file at path that holds needle.
func lineOf(t *testing.T, path, needle string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), needle)
	if i < 0 {
		t.Fatalf("%s has no %q", path, needle)
	}
	return 1 + strings.Count(string(data[:i]), "\n")
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{}, "usage: ipscba"},
		{"missing file", []string{"scenarios/none.yaml"}, "no such file"},
		{"unknown format", []string{"-format", "xml", norway}, `-format: must be text, json, csv or tidy, got "xml"`},
		{"set unknown path", []string{"-set", "arms.ips.colour=1", norway}, "arms.ips.colour: no such parameter"},
		{"set not a number", []string{"-set", "discount[0].rate=four", norway}, `discount[0].rate: must be a number written in decimal, got "four"`},
		{"set out of range", []string{"-set", "arms.ips.enrolment.dropout=2", norway},
			fmt.Sprintf("scenarios/norway-norce.yaml:%d: arms.ips.enrolment.dropout: must be in [0, 1], got 2", lineOf(t, norway, "      dropout:\n        distribution: {type: beta, mean: 0.01"))},
		{"shares above 1", []string{"-set", "groups.rest.share=0.5", "-set", "groups.under30.share=0.6", norway}, "the shares set sum to 1.1, more than 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCommand(t, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("wrote to stdout on failure: %q", out)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q, want it to contain %q", errOut, tc.want)
			}
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	out, errOut, code := runCommand(t, "-h")
	if code != 0 || out != "" || !strings.Contains(errOut, "usage: ipscba") || !strings.Contains(errOut, "-iterations") {
		t.Errorf("-h: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestOutputFileIsReplacedOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "result.json")
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := runCommand(t, "-o", path, "-set", "groups.rest.share=2", norway); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if data, _ := os.ReadFile(path); string(data) != "previous" {
		t.Errorf("a failed run changed the output file: %q", data)
	}
	if _, errOut, code := runCommand(t, "-o", path, "-format", "json", norway); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(path)
	if !json.Valid(data) {
		t.Errorf("output file is not the JSON result")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestUnwritableOutputIsExitOne(t *testing.T) {
	_, errOut, code := runCommand(t, "-o", filepath.Join(t.TempDir(), "missing", "x.txt"), norway)
	if code != 1 || errOut == "" {
		t.Errorf("exit %d, stderr %q; want 1 and a message", code, errOut)
	}
}

func TestMonteCarloGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"norway-mc.txt", []string{"-iterations", "2000", "-seed", "1", "-workers", "2", norway}},
		{"norway-mc.json", []string{"-iterations", "2000", "-seed", "1", "-workers", "2", "-format", "json", norway}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			out, errOut, code := runCommand(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tc.golden, out)
		})
	}
}

// outputsOf returns the "outputs" member of a Monte Carlo JSON result.
func outputsOf(t *testing.T, doc string) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	return string(m["outputs"])
}

func TestMonteCarloJSONIsIndependentOfWorkers(t *testing.T) {
	t.Parallel()
	var first string
	for _, w := range []string{"1", "2", "8"} {
		out, errOut, code := runCommand(t, "-iterations", "3000", "-seed", "5", "-workers", w, "-format", "json", norway)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if first == "" {
			first = outputsOf(t, out)
		} else if outputsOf(t, out) != first {
			t.Errorf("%s workers: the outputs' JSON differs from 1 worker's", w)
		}
	}
	other, _, _ := runCommand(t, "-iterations", "3000", "-seed", "6", "-format", "json", norway)
	if outputsOf(t, other) == first {
		t.Error("another seed gave the same JSON")
	}
}

func TestMonteCarloValuesFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, w := range []string{"1", "2"} {
		path := filepath.Join(dir, "values"+w+".csv")
		if _, errOut, code := runCommand(t, "-iterations", "10:510", "-workers", w, "-values", path, norway); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	a, _ := os.ReadFile(filepath.Join(dir, "values1.csv"))
	b, _ := os.ReadFile(filepath.Join(dir, "values2.csv"))
	lines := strings.Split(strings.TrimSpace(string(a)), "\n")
	if len(lines) != 501 || !strings.HasPrefix(lines[0], "iteration,factor:discount[0].rate,") || !strings.Contains(lines[0], ",ips-traditional/population/npv/participant,") || !strings.HasPrefix(lines[1], "10,") {
		t.Errorf("values file: %d lines, starting %q / %q", len(lines), lines[0][:min(60, len(lines[0]))], lines[1][:min(10, len(lines[1]))])
	}
	if string(a) != string(b) {
		t.Error("per-iteration values differ between 1 and 2 workers")
	}
}

func TestMonteCarloBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-iterations", "0", norway}, "-iterations: want a number from 1 to 2^53"},
		{[]string{"-iterations", "5:3", norway}, "-iterations: want first:end with first < end"},
		{[]string{"-merge", "a.state", "-budget", norway}, "-budget with -merge: saved runs keep no budget"},
		{[]string{"-budget-years", "3", norway}, "-budget-years goes with -budget"},
		{[]string{"-budget", "-budget-years", "0", norway}, "-budget-years: want 1 to 100, got 0"},
		{[]string{"-budget", "-set", "cohort.years=0", norway}, "no budget: the cohort has no intake"},
		{[]string{"-budget", "-set", "cohort.starts_per_year=0", "-format", "json", norway}, "no budget: the cohort has no intake"},
		{[]string{"-budget", "-iterations", "50", "-set", "cohort.starts_per_year=0", norway}, "no budget: the cohort has no intake"},
		{[]string{"-budget", "-iterations", "50", "-set", "cohort.years=0", "-lang", "nb", norway}, "ikke noe budsjett: kohorten har ikke noe inntak"},
		{[]string{"-iterations", "100", "-percentiles", "2.5,120", norway}, "-percentiles: want numbers from 0 to 100"},
	} {
		out, errOut, code := runCommand(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestSplitRunsMergeOnTheCommandLine: ranges run apart with -state and
// reported with -merge give the single run's JSON.
func TestSplitRunsMergeOnTheCommandLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.state"), filepath.Join(dir, "b.state")
	whole, errOut, code := runCommand(t, "-iterations", "0:3000", "-seed", "9", "-format", "json", norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, r := range []struct{ rng, state, workers string }{{"1200:3000", b, "2"}, {"0:1200", a, "1"}} {
		if _, errOut, code := runCommand(t, "-iterations", r.rng, "-seed", "9", "-workers", r.workers, "-state", r.state, norway); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	merged, errOut, code := runCommand(t, "-merge", b+","+a, "-format", "json", norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if outputsOf(t, merged) != outputsOf(t, whole) {
		t.Error("merged ranges differ from the single run")
	}
	if !strings.Contains(merged, `"iterations": "0:3000"`) {
		t.Error("the merged run's provenance does not say 0:3000")
	}
	if _, errOut, code := runCommand(t, "-merge", a+","+b, "-set", "discount[0].rate=0.03", norway); code != 2 || !strings.Contains(errOut, "was made with other -set values (no -set), not with -set discount[0].rate=0.03") {
		t.Errorf("merging runs of another scenario: exit %d, %s", code, errOut)
	}
}

func TestMonteCarloValuesJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "values.json")
	if _, errOut, code := runCommand(t, "-iterations", "50", "-values", path, norway); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(path)
	var doc struct {
		Outputs    []string
		Iterations []struct {
			Iteration int
			Values    []*float64
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Iterations) != 50 || doc.Iterations[49].Iteration != 49 || len(doc.Iterations[0].Values) != len(doc.Outputs) {
		t.Errorf("values JSON: %d iterations, %d outputs", len(doc.Iterations), len(doc.Outputs))
	}
}
