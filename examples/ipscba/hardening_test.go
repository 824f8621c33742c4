package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFlagsThatWouldDoNothingAreErrors: a flag the run would ignore, or a
// number out of range, is bad input (exit 2) with a one-line message.
func TestFlagsThatWouldDoNothingAreErrors(t *testing.T) {
	dir := t.TempDir()
	st := filepath.Join(dir, "x.state")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-state", st, norway}, "-state saves a Monte Carlo run: give -iterations"},
		{[]string{"-values", filepath.Join(dir, "v.csv"), norway}, "-values writes a Monte Carlo run's iterations: give -iterations"},
		{[]string{"-seed", "3", norway}, "-seed, -workers and -percentiles go with -iterations or -merge"},
		{[]string{"-merge", st, "-seed", "3", norway}, "-seed: a merge takes the seed of its saved runs"},
		{[]string{"-merge", st, "-values", filepath.Join(dir, "v.csv"), norway}, "-values writes the iterations of a run: -merge has none"},
		{[]string{"-iterations", "100", "-workers", "-1", norway}, "-workers: want 1 to"},
		{[]string{"-iterations", "100", "-workers", "10000", norway}, "-workers: want 1 to"},
		{[]string{"-iterations", "100", "-percentiles", "NaN", norway}, "-percentiles: want numbers from 0 to 100"},
		{[]string{"-iterations", "0:18446744073709551615", norway}, "-iterations: want first:end with first < end <= 2^53"},
		{[]string{"-iterations", "9223372036854775807", norway}, "-iterations: want a number from 1 to 2^53"},
		{[]string{"-iterations", "-5", norway}, "-iterations: want a number from 1 to 2^53"},
		{[]string{"-list", "-iterations", "10", norway}, "-list lists the scenario's numbers"},
		{[]string{"-format", "xml", norway}, `-format: must be text, json, csv or tidy, got "xml"`},
		{[]string{"-iterations", "10", "-values", filepath.Join(dir, "v.xlsx"), norway}, "end it in .csv, .json or .parquet"},
		{[]string{"-lang", "de", norway}, "-lang: no language"},
		{[]string{"-lang", "nb", "-format", "json", norway}, "-lang er språket i tekstutdata"}, // said in the language asked for,
	} {
		out, errOut, code := runCommand(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") > 2 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	if _, err := os.Stat(st); err == nil {
		t.Error("a refused run wrote its -state file")
	}
}

func TestFlagsAfterTheFileName(t *testing.T) {
	out, errOut, code := runCommand(t, norway, "-format", "json", "-set", "arms.ips.enrolment.dropout=0.1")
	if code != 0 || !json.Valid([]byte(out)) || !strings.Contains(out, `"arms.ips.enrolment.dropout=0.1"`) {
		t.Errorf("flags after the file: exit %d, %s", code, errOut)
	}
	_, errOut, code = runCommand(t, norway, norway)
	if code != 2 || !strings.Contains(errOut, "one scenario file, not 2") || strings.Contains(errOut, "-percentiles") {
		t.Errorf("two files: exit %d, %q (want a one-line hint, not the whole usage)", code, errOut)
	}
	_, errOut, code = runCommand(t)
	if code != 2 || !strings.Contains(errOut, "no scenario file given") || strings.Count(errOut, "\n") > 2 {
		t.Errorf("no file: exit %d, %q", code, errOut)
	}
}

// TestDoubleDashEndsTheFlags: after "--" every argument is a file, even
// one whose name begins with "-", in every command that takes a file.
func TestDoubleDashEndsTheFlags(t *testing.T) {
	dir := t.TempDir()
	dashed := filepath.Join(dir, "-set.yaml")
	data, err := os.ReadFile("scenarios/us-wsipp.yaml") // a file that extends none
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dashed, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, args := range [][]string{
		{"-format", "json", "--", "-set.yaml"},
		{"--", "-set.yaml"},
		{"report", "-o", "r.html", "--", "-set.yaml"},
		{"compare", "-with", "arms.ips.effect.half_life_months=30", "--", "-set.yaml"},
	} {
		if _, errOut, code := runCommand(t, args...); code != 0 {
			t.Errorf("%q: exit %d, %s", args, code, errOut)
		}
	}
	if _, errOut, code := runCommand(t, "--", "-set.yaml", "-format"); code != 2 || !strings.Contains(errOut, "one scenario file, not 2") {
		t.Errorf("after --, -format is a second file: exit %d, %s", code, errOut)
	}
}

func TestMessagesNameTheFileNotATemporaryOne(t *testing.T) {
	_, errOut, code := runCommand(t, "-o", "/nonexistent/x.txt", norway)
	if code != 1 || !strings.Contains(errOut, "-o /nonexistent/x.txt: cannot write there") || strings.Contains(errOut, ".tmp") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

func TestSyntaxErrorsNameFileAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.yaml")
	os.WriteFile(path, []byte("name: x\ncurrency: NOK\n\thorizon_months: 12\n"), 0o644)
	_, errOut, code := runCommand(t, path)
	if code != 2 || !strings.Contains(errOut, path+":3: ") || !strings.Contains(errOut, "a tab?") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

// TestOutputsAreCommittedTogether: when one output cannot be written, none
// is: the -state and -values of a run whose -o fails are not left behind.
func TestOutputsAreCommittedTogether(t *testing.T) {
	dir := t.TempDir()
	st, values := filepath.Join(dir, "st.state"), filepath.Join(dir, "v.csv")
	_, errOut, code := runCommand(t, "-iterations", "2000", "-state", st, "-values", values, "-o", filepath.Join(dir, "nodir", "x.txt"), norway)
	if code != 1 {
		t.Errorf("exit %d: %s", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("a failed run left %v", entries)
	}
}

func TestOutputThatIsAnInputIsRefused(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "s.yaml")
	data, _ := os.ReadFile(norway)
	os.WriteFile(scen, data, 0o644)
	os.Mkdir(filepath.Join(dir, "rules"), 0o755)
	rules, _ := os.ReadFile("scenarios/rules/norway-2025.yaml")
	os.WriteFile(filepath.Join(dir, "rules", "norway-2025.yaml"), rules, 0o644)
	link := filepath.Join(dir, "link.txt")
	os.Symlink(scen, link)
	for _, args := range [][]string{{"-o", scen, scen}, {"-o", link, scen}, {"-iterations", "100", "-state", scen, scen}} {
		_, errOut, code := runCommand(t, args...)
		if code != 2 || !strings.Contains(errOut, "is an input of this run") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
		if now, _ := os.ReadFile(scen); !bytes.Equal(now, data) {
			t.Fatalf("%v replaced the scenario file", args)
		}
	}
	// Two outputs on one file.
	out := filepath.Join(dir, "out")
	if _, errOut, code := runCommand(t, "-iterations", "100", "-state", out, "-o", out, scen); code != 2 || !strings.Contains(errOut, "is also the file of") {
		t.Errorf("two outputs on one file: exit %d, %q", code, errOut)
	}
}

func TestOutputTargetsAreNeverReplacedByAnotherKind(t *testing.T) {
	dir := t.TempDir()
	// A device (or a folder) is refused, and left as it is.
	if _, errOut, code := runCommand(t, "-o", os.DevNull, norway); code != 2 || !strings.Contains(errOut, "not a regular file") {
		t.Errorf("-o %s: exit %d, %q", os.DevNull, code, errOut)
	}
	if _, errOut, code := runCommand(t, "-o", dir, norway); code != 2 || !strings.Contains(errOut, "not a regular file") {
		t.Errorf("-o a folder: exit %d, %q", code, errOut)
	}
	// A symlink is written through: its target gets the output, the link
	// stays a link.
	target, link := filepath.Join(dir, "target.txt"), filepath.Join(dir, "link.txt")
	os.WriteFile(target, []byte("old"), 0o600)
	os.Symlink(target, link)
	if _, errOut, code := runCommand(t, "-o", link, norway); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if st, _ := os.Lstat(link); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if data, _ := os.ReadFile(target); !strings.HasPrefix(string(data), "norway-norce") {
		t.Errorf("the symlink's target holds %q", data)
	}
	// The target kept its mode.
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 {
		t.Errorf("the replaced file's mode is %v, was 0600", st.Mode().Perm())
	}
}

func TestNewOutputsHonourTheUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	fresh, existing := filepath.Join(dir, "new.txt"), filepath.Join(dir, "old.txt")
	os.WriteFile(existing, []byte("x"), 0o644)
	os.Chmod(existing, 0o640)
	for _, p := range []string{fresh, existing} {
		if _, errOut, code := runCommand(t, "-o", p, norway); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o644 {
		t.Errorf("a new output's mode is %v, want 0644 (0666 less the umask 022)", st.Mode().Perm())
	}
	if st, _ := os.Stat(existing); st.Mode().Perm() != 0o640 {
		t.Errorf("a replaced output's mode is %v, want its 0640", st.Mode().Perm())
	}
}

// panicWriter panics on Write, standing in for a bug.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("a bug") }

func TestAPanicIsAnInternalErrorWithADump(t *testing.T) {
	var errOut bytes.Buffer
	code := run([]string{norway}, panicWriter{}, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "internal error: please report it (the details are in ") {
		t.Fatalf("exit %d, %q", code, errOut.String())
	}
	path := strings.TrimSuffix(strings.SplitN(errOut.String(), "the details are in ", 2)[1], ")\n")
	dump, err := os.ReadFile(path)
	os.Remove(path)
	if err != nil || !strings.Contains(string(dump), "a bug") || !strings.Contains(string(dump), "goroutine") {
		t.Errorf("the dump %s: %v\n%s", path, err, dump)
	}
}

// TestSetIsHonouredUnderUncertainty: the README's "what if the comparator
// cost nothing" under uncertainty: the deterministic and Monte Carlo
// results move together, and the output says the number is no longer drawn.
func TestSetIsHonouredUnderUncertainty(t *testing.T) {
	t.Parallel()
	free := "arms.traditional.costs.additional_measures.amount=0"
	out, errOut, code := runCommand(t, "-iterations", "4000", "-format", "json", "-set", free, norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Provenance struct {
			Changes []struct{ Fixed []string }
		}
		Outputs []struct {
			Name          string
			Deterministic float64
			Mean          float64
			MCSE          float64
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Provenance.Changes) != 1 || len(doc.Provenance.Changes[0].Fixed) != 1 {
		t.Errorf("changes %+v: want the cost reported fixed", doc.Provenance.Changes)
	}
	for _, o := range doc.Outputs {
		if o.Name == "ips-traditional/population/programme_cost" && o.Deterministic <= 54477 {
			t.Errorf("with no additional measures in the comparator IPS's extra cost must grow: %+v", o)
		}
		if o.Name == "ips-traditional/population/npv/state" && math.Abs(o.Mean-o.Deterministic) > 8000 {
			t.Errorf("the state's mean %v is far from its deterministic %v: the -set was not honoured", o.Mean, o.Deterministic)
		}
	}
}

func TestSharesSetTogetherInEitherOrder(t *testing.T) {
	a, errOut, code := runCommand(t, "-format", "csv", "-set", "groups.under30.share=0.5", "-set", "groups.rest.share=0.1", norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, _, _ := runCommand(t, "-format", "csv", "-set", "groups.rest.share=0.1", "-set", "groups.under30.share=0.5", norway)
	if a != b {
		t.Error("two shares set in another order give another result")
	}
}

func TestListShowsEveryFactor(t *testing.T) {
	out, errOut, code := runCommand(t, "-list", norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "norway-list.txt", out)
	for _, want := range []string{
		"arms.ips.effect.half_life_months  (line",
		"groups.under30.job.weekly_hours  (line",
		"  also groups.rest.job.weekly_hours",
		"drawn from {type: gamma",
		"drawn with the other shares of uncertainty.dirichlet[0]",
		"  source: ",
		"  assumption: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-list has no %q", want)
		}
	}
	_, errOut, code = runCommand(t, "-set", "arms.ips.enrolment.dropot=0.1", norway)
	if code != 2 || !strings.Contains(errOut, "did you mean arms.ips.enrolment.dropout") {
		t.Errorf("a misspelt path: exit %d, %q", code, errOut)
	}
}

// TestSetADistribution draws a number the file gives as a value.
func TestSetADistribution(t *testing.T) {
	t.Parallel()
	fixed, _, _ := runCommand(t, "-iterations", "500", "-format", "json", norway)
	drawn, errOut, code := runCommand(t, "-iterations", "500", "-format", "json",
		"-set", "arms.ips.effect.half_life_months={type: lognormal, mean: 12, sd: 6}", norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if outputsOf(t, fixed) == outputsOf(t, drawn) {
		t.Error("setting a distribution changed nothing")
	}
	_, errOut, code = runCommand(t, "-set", "arms.ips.enrolment.dropout={type: normal, mean: 0.1, sd: 0.5}", norway)
	if code != 2 || !strings.Contains(errOut, "can leave [0, 1]") {
		t.Errorf("an impossible distribution: exit %d, %q", code, errOut)
	}
	_, errOut, code = runCommand(t, "-set", "arms.ips.enrolment.dropout={type: beta, mean: 0.1}", norway)
	if code != 2 || !strings.Contains(errOut, "sd: is required") {
		t.Errorf("an incomplete distribution: exit %d, %q", code, errOut)
	}
}

// TestMergesRefuseWhatDiffers: each way saved runs can fail to belong
// together is refused with a sentence naming it.
func TestMergesRefuseWhatDiffers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	save := func(name string, args ...string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if _, errOut, code := runCommand(t, append(append(args, "-state", path), norway)...); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		return path
	}
	a := save("a.state", "-iterations", "0:300", "-seed", "2")
	b := save("b.state", "-iterations", "300:600", "-seed", "2")
	otherSeed := save("c.state", "-iterations", "300:600", "-seed", "3")
	overlap := save("d.state", "-iterations", "200:600", "-seed", "2")
	gap := save("e.state", "-iterations", "400:700", "-seed", "2")
	withSet := save("f.state", "-iterations", "300:600", "-seed", "2", "-set", "arms.ips.enrolment.dropout=0.1")
	data, _ := os.ReadFile(b)
	truncated := filepath.Join(dir, "truncated.state")
	os.WriteFile(truncated, data[:len(data)/2], 0o644)
	edited := filepath.Join(dir, "edited.state")
	flipped := append([]byte(nil), data...)
	flipped[len(flipped)/2] ^= 0x40
	os.WriteFile(edited, flipped, 0o644)
	// Another version of the scenario file: one number changed.
	scen, _ := os.ReadFile(norway)
	changed := filepath.Join(dir, "changed.yaml")
	rules, _ := filepath.Abs("scenarios/rules/norway-2025.yaml")
	scen = bytes.Replace(scen, []byte("extends: rules/norway-2025.yaml"), []byte("extends: "+rules), 1)
	os.WriteFile(changed, bytes.Replace(scen, []byte("starts_per_year: {value: 100,"), []byte("starts_per_year: {value: 90,"), 1), 0o644)

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-merge", a + "," + otherSeed, norway}, "cannot be merged: the runs have different seeds (2 and 3)"},
		{[]string{"-merge", a + "," + overlap, norway}, "cannot be merged: the runs have different ranges: they overlap (0:300 and 200:600)"},
		{[]string{"-merge", a + "," + gap, norway}, "cannot be merged: the runs have different ranges: iterations are missing between them (0:300 and 400:700)"},
		{[]string{"-merge", a + "," + withSet, norway}, "was made with other -set values (-set arms.ips.enrolment.dropout=0.1), not with no -set"},
		{[]string{"-merge", a + "," + b, changed}, "was made from another version of the scenario file"},
		{[]string{"-merge", a + "," + truncated, norway}, "truncated"},
		{[]string{"-merge", a + "," + edited, norway}, "-merge " + edited + ": "},
		{[]string{"-merge", a + "," + filepath.Join(dir, "none.state"), norway}, "no such file"},
	} {
		out, errOut, code := runCommand(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "merge: merge") {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args[1], code, errOut, tc.want)
		}
	}
	// Merged with -state, the saved merge reports as the single run.
	ab := filepath.Join(dir, "ab.state")
	if _, errOut, code := runCommand(t, "-merge", b+","+a, "-state", ab, "-format", "json", norway); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	whole, _, _ := runCommand(t, "-iterations", "600", "-seed", "2", "-format", "json", norway)
	again, errOut, code := runCommand(t, "-merge", ab, "-format", "json", norway)
	if code != 0 || outputsOf(t, again) != outputsOf(t, whole) {
		t.Errorf("the saved merge differs from the single run (exit %d, %s)", code, errOut)
	}
}

// TestOutputsNeverReplaceAFileTheScenarioExtends: every file of the
// extends chain is an input of the run, which no output may replace, in
// every command that writes files.
func TestOutputsNeverReplaceAFileTheScenarioExtends(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "rules"), 0o755)
	for _, name := range []string{"norway-norce.yaml", "rules/norway-2025.yaml"} {
		data, err := os.ReadFile(filepath.Join("scenarios", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	scen, base := filepath.Join(dir, "norway-norce.yaml"), filepath.Join(dir, "rules", "norway-2025.yaml")
	want, _ := os.ReadFile(base)
	for _, args := range [][]string{
		{"-o", base, scen},
		{"-iterations", "10", "-state", base, scen},
		{"report", "-o", base, scen},
		{"sensitivity", "tornado", "-o", base, scen},
	} {
		_, errOut, code := runCommand(t, args...)
		if code != 2 || !strings.Contains(errOut, "is an input of this run") {
			t.Errorf("%v: exit %d, %q; want 2 and the file refused as an input", args, code, errOut)
		}
		if got, _ := os.ReadFile(base); !bytes.Equal(got, want) {
			t.Fatalf("%v replaced the file the scenario extends", args)
		}
	}
}

// TestUnwritableOutputsAreFoundBeforeTheRun: a run of 2^53 iterations
// would not end within the test's time if -o or -state were first tried
// after it.
func TestUnwritableOutputsAreFoundBeforeTheRun(t *testing.T) {
	for _, args := range [][]string{
		{"-iterations", "9007199254740992", "-o", "/nonexistent/x.txt", norway},
		{"-iterations", "9007199254740992", "-state", "/nonexistent/x.state", norway},
		{"report", "-iterations", "10000000", "-o", "/nonexistent/x.html", norway},
		{"sensitivity", "sobol", "-n", "1048576", "-o", "/nonexistent/x.txt", norway},
	} {
		_, errOut, code := runCommand(t, args...)
		if code == 0 || !strings.Contains(errOut, "cannot write there") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}

// TestOutputsWithNoFiniteDrawHaveNoMoments: an output that is +Inf in
// every iteration (here the health trust's break-even, never within the
// horizon) has a null mean, sd, mcse, min and max in JSON and empty ones in
// CSV: a 0 would read as "breaks even at once".
func TestOutputsWithNoFiniteDrawHaveNoMoments(t *testing.T) {
	out, errOut, code := runCommand(t, "-iterations", "200", "-format", "json", norway)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Outputs []map[string]any `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	allInfinite := map[string]bool{}
	for _, o := range doc.Outputs {
		if o["share_infinite"] != 1.0 {
			continue
		}
		allInfinite[o["name"].(string)] = true
		for _, k := range []string{"mean", "sd", "mcse", "min", "max"} {
			if o[k] != nil {
				t.Errorf("%s: %s %v, want null", o["name"], k, o[k])
			}
		}
	}
	if len(allInfinite) == 0 {
		t.Fatal("no output is +Inf in every iteration: the test tests nothing")
	}
	out, _, _ = runCommand(t, "-iterations", "200", "-format", "csv", norway)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	seen := 0
	for _, r := range rows[1:] {
		if !allInfinite[r[col["name"]]] {
			continue
		}
		seen++
		for _, k := range []string{"mean", "sd", "mcse", "min", "max"} {
			if r[col[k]] != "" {
				t.Errorf("CSV %s: %s %q, want empty", r[col["name"]], k, r[col[k]])
			}
		}
	}
	if seen != len(allInfinite) {
		t.Errorf("CSV has %d of the %d outputs", seen, len(allInfinite))
	}
}

// TestEmptyAndRepeatedFlagsAreErrors: a flag given an empty value, a range
// given twice and more EVPPI bins than draws to fill them are bad input
// (exit 2), not ignored.
func TestEmptyAndRepeatedFlagsAreErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-merge", "", norway}, "-merge: give the files of the saved runs"},
		{[]string{"-merge", "a.state,", norway}, "an empty name in the list of files"},
		{[]string{"-o", "", norway}, "-o: give a file"},
		{[]string{"-iterations", " ", norway}, "-iterations: give a number of iterations"},
		{[]string{"report", "-iterations", "0", norway}, "-iterations: want 1 to"},
		{[]string{"report", "-o", "", norway}, "-o and -charts: give a file and a folder"},
		{[]string{"sensitivity", "tornado", "-o", "", norway}, "-o: give a file"},
		// A number no result counts is analysed no more than it is set.
		{[]string{"sensitivity", "tornado", "-bound", "perspective.non_market.per_employed_month=0:5000", norway}, "non_market.include is false"},
		{[]string{"sensitivity", "switch", "-factor", "perspective.leisure.share", norway}, "leisure.include is false"},
		{[]string{"sensitivity", "twoway", "-x", "perspective.non_market.per_employed_month=0:5000:3", "-y", "arms.ips.enrolment.dropout=0:0.1:3", norway}, "non_market.include is false"},
		{[]string{"sensitivity", "voi", "-method", "binning", "-bins", "100000", "-iterations", "100", norway}, "want at most half as many bins as iterations"},
		{[]string{"sensitivity", "tornado", "-bound", "arms.ips.enrolment.dropout=0:0.1", "-bound", "arms.ips.enrolment.dropout=0.02:0.03", norway}, "is given a range twice"},
	} {
		out, errOut, code := runCommand(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}
