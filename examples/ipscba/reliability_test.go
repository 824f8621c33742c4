package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// flagSets are the flags of every subcommand.
func flagSets() map[string]*flag.FlagSet {
	return map[string]*flag.FlagSet{
		"ipscba":      newFlags(io.Discard, &options{}),
		"sensitivity": newSensFlags(io.Discard, &sensOptions{}),
		"report":      newReportFlags(io.Discard, &reportOptions{}),
		"serve":       newServeFlags(io.Discard, &serveOptions{}),
	}
}

// TestNumericFlagsAreDecimal: every numeric flag of every subcommand reads
// decimal only: a leading zero (which the flag package reads as octal:
// -seed 010 was seed 8), 0x, 0b, 0o and 1_000 are refused; plain numbers,
// 0 and signs are read.
func TestNumericFlagsAreDecimal(t *testing.T) {
	numeric := 0
	for cmd, fs := range flagSets() {
		fs.VisitAll(func(f *flag.Flag) {
			kind := fmt.Sprintf("%T", f.Value)
			switch v := f.Value.(type) {
			case *uintFlag, *intFlag, *floatFlag, *resamples:
				numeric++
				for _, bad := range []string{"010", "00", "+010", "0x10", "0o10", "0b10", "1_000", "1e", "ten", ""} {
					if err := v.Set(bad); err == nil {
						t.Errorf("%s -%s %q: accepted, as %s", cmd, f.Name, bad, v)
					}
				}
				for _, good := range []string{"10", "0", "+12"} {
					if err := v.Set(good); err != nil {
						t.Errorf("%s -%s %q: %v", cmd, f.Name, good, err)
					}
				}
			default:
				if strings.Contains(kind, "int") || strings.Contains(kind, "float") || strings.Contains(kind, "uint") {
					t.Errorf("%s -%s is read by the flag package (%s), which takes 010 for octal", cmd, f.Name, kind)
				}
			}
		})
	}
	if numeric < 15 {
		t.Errorf("%d numeric flags found; want the 15 or more the subcommands have", numeric)
	}
	if err := (*floatFlag)(new(float64)).Set("0.25"); err != nil {
		t.Errorf("0.25: %v", err)
	}
}

// TestNumbersInFlagsRefuseALeadingZero: on the command line, a leading
// zero in any number a flag takes, a flag of its own or within a list or a
// range, is bad input (exit 2) with a message saying how to write it.
func TestNumbersInFlagsRefuseALeadingZero(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-iterations", "10", "-seed", "010", norway}, `"010" has a leading zero: write 10`},
		{[]string{"-iterations", "10", "-workers", "02", norway}, `"02" has a leading zero: write 2`},
		{[]string{"-iterations", "010", norway}, `-iterations: "010" has a leading zero: write 10`},
		{[]string{"-iterations", "0:020", norway}, `-iterations: "020" has a leading zero: write 20`},
		{[]string{"-iterations", "10", "-percentiles", "2.5,050", norway}, `-percentiles: "050" has a leading zero: write 50`},
		{[]string{"report", "-iterations", "0100", norway}, `"0100" has a leading zero: write 100`},
		{[]string{"report", "-iterations", "10", "-seed", "07", norway}, `"07" has a leading zero`},
		{[]string{"serve", "-iterations", "0100", norway}, `"0100" has a leading zero`},
		{[]string{"sensitivity", "sobol", "-n", "0256", norway}, `"0256" has a leading zero`},
		{[]string{"sensitivity", "sobol", "-bootstrap", "0100", norway}, `"0100" has a leading zero`},
		{[]string{"sensitivity", "tornado", "-fixed", "00.2", norway}, `"00.2" has a leading zero: write 0.2`},
		{[]string{"sensitivity", "switch", "-target", "-01", norway}, `"-01" has a leading zero: write -1`},
		{[]string{"sensitivity", "twoway", "-x", "perspective.displacement=0:0.5:05", "-y", "arms.ips.effect.half_life_months=6:36:3", norway}, `"05" has a leading zero`},
		{[]string{"sensitivity", "switch", "-factor", "perspective.displacement", "-within", "00:0.5", norway}, `"00" has a leading zero`},
		{[]string{"sensitivity", "accept", "-values", "0,010", norway}, `"010" has a leading zero`},
		{[]string{"sensitivity", "tornado", "-bound", "perspective.displacement=0:00.5", norway}, `want name=lo:hi: want lo:hi, numbers in decimal, got "0:00.5": "00.5" has a leading zero: write 0.5`},
	} {
		out, errOut, code := runCommand(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, firstLines(errOut, 3), tc.want)
		}
	}
}

// firstLines is the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestAStoppedCommandWritesNothing: a command stopped (its context done:
// Ctrl-C, SIGTERM) exits 1 saying it was stopped, whatever it was doing,
// leaves -o as it was and leaves no other file, for the main command, its
// Monte Carlo runs, every analysis and the report. (A stopped sobol,
// voi, accept or morris exited 2 as bad input; a report or a two-way
// analysis stopped at once wrote its output.)
func TestAStoppedCommandWritesNothing(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{norway},
		{"-iterations", "200", "-state", "S", "-values", "V.csv", norway},
		{"sensitivity", "tornado", norway},
		{"sensitivity", "switch", norway},
		{"sensitivity", "twoway", "-x", "perspective.displacement=0:0.5:3", "-y", "arms.ips.effect.half_life_months=6:36:3", norway},
		{"sensitivity", "accept", "-iterations", "100", norway},
		{"sensitivity", "voi", "-iterations", "100", norway},
		{"sensitivity", "sobol", "-group", "dependent", "-n", "64", norway},
		{"sensitivity", "morris", "-group", "dependent", "-trajectories", "4", norway},
		{"report", norway},
		{"report", "-iterations", "100", norway},
	} {
		dir := t.TempDir()
		out := filepath.Join(dir, "out")
		os.WriteFile(out, []byte("old"), 0o644)
		args = append(args, "-o", out)
		for i, a := range args {
			if a == "S" || a == "V.csv" {
				args[i] = filepath.Join(dir, a)
			}
		}
		var stdout, stderr bytes.Buffer
		code := command(ctx, args, &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "ipscba: stopped: nothing written, no file replaced") {
			t.Errorf("%v stopped: exit %d, %q", args, code, stderr.String())
		}
		if data, _ := os.ReadFile(out); string(data) != "old" {
			t.Errorf("%v stopped: -o replaced", args)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%v stopped: left %v", args, entries)
		}
	}
}

// TestStopsArePrompt: a long analysis, run or report stopped midway ends
// well within a second, exit 1, writing nothing.
func TestStopsArePrompt(t *testing.T) {
	if testing.Short() {
		t.Skip("runs each command for a fifth of a second")
	}
	for _, args := range [][]string{
		{"sensitivity", "twoway", "-x", "perspective.displacement=0:0.5:1000", "-y", "arms.ips.effect.half_life_months=6:36:1000", norway},
		{"sensitivity", "accept", "-iterations", "100000000", norway},
		{"sensitivity", "voi", "-iterations", "300000", norway},
		{"sensitivity", "sobol", "-group", "dependent", "-n", "1048576", "-bootstrap", "none", norway},
		{"sensitivity", "morris", "-group", "dependent", "-trajectories", "20000", norway},
		{"report", "-iterations", "10000000", norway},
		{"-iterations", "50000000", norway},
	} {
		dir := t.TempDir()
		args = append(args, "-o", filepath.Join(dir, "out"))
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		var stderr bytes.Buffer
		go func() { done <- command(ctx, args, io.Discard, &stderr) }()
		time.Sleep(200 * time.Millisecond) // past reading the scenario, into the work
		stopped := time.Now()
		cancel()
		select {
		case code := <-done:
			if d := time.Since(stopped); code != 0 && (code != 1 || d > 2*time.Second) {
				t.Errorf("%v: exit %d %v after the stop; want 1 within 2 s (a stop takes tens of milliseconds; the margin is for a loaded machine): %s", args[:2], code, d, stderr.String())
			}
			if code == 0 {
				t.Logf("%v ended before it was stopped", args[:2])
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%v: still running 5 s after the stop", args[:2])
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%v left %v", args[:2], entries)
		}
	}
}

// outputsFor makes the outputs -o (a file holding "old o"), -state (a file
// holding "old state") and -values (no file yet) in dir, each written
// "new".
func outputsFor(t *testing.T, dir string) *outputs {
	t.Helper()
	o, st := filepath.Join(dir, "o.txt"), filepath.Join(dir, "s.state")
	os.WriteFile(o, []byte("old o"), 0o644)
	os.WriteFile(st, []byte("old state"), 0o644)
	outs := &outputs{}
	for _, f := range [][2]string{{"-o", o}, {"-state", st}, {"-values", filepath.Join(dir, "v.csv")}} {
		out, err := outs.create(f[0], f[1])
		if err != nil {
			t.Fatal(err)
		}
		out.Write([]byte("new"))
	}
	t.Cleanup(outs.discard)
	return outs
}

// asBefore checks that dir holds the outputs as they were, and nothing
// else once the temporary files are discarded.
func asBefore(t *testing.T, dir string, outs *outputs, what string) {
	t.Helper()
	for name, want := range map[string]string{"o.txt": "old o", "s.state": "old state"} {
		if data, _ := os.ReadFile(filepath.Join(dir, name)); string(data) != want {
			t.Errorf("%s: %s holds %q, want %q", what, name, data, want)
		}
	}
	outs.discard()
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%s: left %v", what, entries)
	}
}

// TestOutputsAreReplacedTogetherOrNotAtAll: when a later output cannot
// replace its file at the end of a run, no earlier one has: a target that
// became a folder is found before the first rename; a rename that fails
// midway puts back the files replaced before it (a new file is removed);
// an output whose file cannot be kept (no hard links) is replaced last;
// a stopped run replaces none.
func TestOutputsAreReplacedTogetherOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	outs := outputsFor(t, dir)
	os.Remove(filepath.Join(dir, "s.state"))
	os.Mkdir(filepath.Join(dir, "s.state"), 0o755)
	err := outs.commit(context.Background())
	if err == nil || !strings.Contains(err.Error(), "-state "+filepath.Join(dir, "s.state")+": is no longer a regular file; no output was replaced") {
		t.Errorf("-state onto a folder: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "o.txt")); string(data) != "old o" {
		t.Errorf("-state onto a folder: -o replaced")
	}

	for failAt := 1; failAt <= 3; failAt++ {
		dir := t.TempDir()
		outs := outputsFor(t, dir)
		calls := 0
		rename = func(from, to string) error {
			if calls++; calls == failAt {
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("refused by the test")}
			}
			return os.Rename(from, to)
		}
		err := outs.commit(context.Background())
		rename = os.Rename
		if err == nil || !strings.Contains(err.Error(), "refused by the test") || !strings.Contains(err.Error(), "no output was replaced") {
			t.Errorf("rename %d fails: %v", failAt, err)
		}
		asBefore(t, dir, outs, fmt.Sprintf("rename %d fails", failAt))
	}

	// -o cannot be kept: it is replaced last, so -state is put back when it fails.
	dir = t.TempDir()
	outs = outputsFor(t, dir)
	link = func(old, new string) error {
		if strings.HasSuffix(old, "o.txt") {
			return errors.New("no hard links here")
		}
		return os.Link(old, new)
	}
	rename = func(from, to string) error {
		if strings.HasSuffix(to, "o.txt") {
			return errors.New("refused by the test")
		}
		return os.Rename(from, to)
	}
	err = outs.commit(context.Background())
	link, rename = os.Link, os.Rename
	if err == nil {
		t.Error("the last rename failed: no error")
	}
	asBefore(t, dir, outs, "-o kept by no link")

	// A stopped run replaces nothing.
	dir = t.TempDir()
	outs = outputsFor(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := outs.commit(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("a stopped commit: %v", err)
	}
	asBefore(t, dir, outs, "stopped")

	// And when all goes well, all are replaced, and nothing else is left.
	dir = t.TempDir()
	outs = outputsFor(t, dir)
	if err := outs.commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"o.txt", "s.state", "v.csv"} {
		if data, _ := os.ReadFile(filepath.Join(dir, name)); string(data) != "new" {
			t.Errorf("%s: %q", name, data)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("a commit left %v", entries)
	}
}

// TestWatchSignals: the first signal stops the command (its context's
// cause names the signal); a second ends the process at once; with no
// second, it ends grace after the first; a command that ends first is not
// ended.
func TestWatchSignals(t *testing.T) {
	const grace = 200 * time.Millisecond
	for _, second := range []bool{false, true} {
		sigs := make(chan os.Signal, 2)
		exited := make(chan time.Time, 1)
		ctx, end := watchSignals(sigs, grace, func(os.Signal) { exited <- time.Now() })
		start := time.Now()
		sigs <- os.Interrupt
		<-ctx.Done()
		if c := context.Cause(ctx); !strings.Contains(fmt.Sprint(c), "interrupt") {
			t.Errorf("cause %v", c)
		}
		if second {
			sigs <- os.Interrupt
		}
		at := <-exited
		switch d := at.Sub(start); {
		case second && d > grace/2:
			t.Errorf("a second signal ended the process after %v, not at once", d)
		case !second && (d < grace || d > 4*grace):
			t.Errorf("one signal ended the process after %v, want %v", d, grace)
		}
		end()
	}
	sigs := make(chan os.Signal, 2)
	ctx, end := watchSignals(sigs, grace, func(os.Signal) { t.Error("a command that ended was ended") })
	end()
	sigs <- os.Interrupt
	time.Sleep(2 * grace)
	if ctx.Err() == nil {
		t.Error("the context of an ended command is not done")
	}
}

// TestTemporaryFilesAreRemovedOnTheWayOut: what the process removes when
// it is ended at once is every temporary file of its outputs.
func TestTemporaryFilesAreRemovedOnTheWayOut(t *testing.T) {
	dir := t.TempDir()
	outs := outputsFor(t, dir)
	if entries, _ := os.ReadDir(dir); len(entries) != 5 {
		t.Fatalf("%v", entries)
	}
	pending.Lock()
	removeLocked()
	pending.Unlock()
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left %v", entries)
	}
	outs.discard()
}

// TestMessagesAreNeverRaw: a message the command prints holds no control
// character but line breaks, whatever the text it quotes.
func TestMessagesAreNeverRaw(t *testing.T) {
	for in, want := range map[string]string{
		"plain\nlines\ttab":              "plain\nlines\ttab",
		"clear \x1b[2J screen":           `clear \x1b[2J screen`,
		"title \x1b]0;owned\x07":         `title \x1b]0;owned\a`,
		"c1 \u009b31m csi":               `c1 \u009b31m csi`,
		"bad \xff byte":                  `bad \xff byte`,
		"carriage \r return and del\x7f": `carriage \r return and del\x7f`,
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
	_, errOut, code := runCommand(t, "-set", "\x1b[2Jarms.x=1", norway)
	if code != 2 || strings.ContainsRune(errOut, 0x1b) || !strings.Contains(errOut, `\x1b[2J`) {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

// TestSetRefusesTextAfterAValue: -set with anything after a complete value
// is bad input, not silently cut.
func TestSetRefusesTextAfterAValue(t *testing.T) {
	for _, value := range []string{"{type: gamma, mean: 12, sd: 6}, mean: 99}", "{type: gamma, mean: 12, sd: 6}}}}", "{type: gamma, mean: 12, sd: 6} junk junk", "{type: gamma, mean: 12, sd: 6}\n---\nx: 1", "12 junk"} {
		_, errOut, code := runCommand(t, "-set", "arms.ips.effect.half_life_months="+value, norway)
		if code != 2 || !strings.Contains(errOut, "-set arms.ips.effect.half_life_months=") {
			t.Errorf("%q: exit %d, %q", value, code, errOut)
		}
	}
}
