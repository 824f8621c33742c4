// Command ipscba evaluates an IPS scenario file and prints the socio-economic
// result: net present values by perspective and payer, the benefit-cost
// ratio, break-even months and employment, per participant.
//
// Usage:
//
//	go run ./examples/ipscba [flags] scenario.yaml
//	go run ./examples/ipscba sensitivity ANALYSIS [flags] scenario.yaml
//	go run ./examples/ipscba report [-iterations N] [-lang nb] -o report.html scenario.yaml
//	go run ./examples/ipscba serve [-addr 127.0.0.1:8080] scenario.yaml
//	go run ./examples/ipscba compare [-iterations N] -with path=value scenario.yaml
//	go run ./examples/ipscba compare [-iterations N] scenario.yaml other.yaml
//
// sensitivity says which assumptions decide the answer (tornado, switching
// values, two-way grids, acceptability, value of information, Sobol,
// Morris); report writes one self-contained HTML page with charts; serve
// shows that page on localhost with a form of the scenario's numbers;
// compare says what your change does: the scenario with its -set (the
// base, A) against the same with -with too (your change, B), or against a
// second scenario file with the same arms, groups and payers (and -set).
// It writes the deterministic change of each perspective's NPV, and with
// -iterations both what-ifs on the same draws: the change's mean, its own
// Monte Carlo error, 95 % interval and the share of draws in which it is
// better, beside the error two separate runs would give (-seed, -workers,
// -format text|json|csv, -lang, -o as for a run). A scenario file named
// like a subcommand is run as ./sensitivity.
//
// Flags (before or after the file name):
//
//	-format text|json|csv|tidy  output format (default text; JSON, CSV and
//	                       tidy, one long table with monthly flows for R and
//	                       pandas, are described in package ipscba/cba/report)
//	-lang en|nb            the language of text output: English or
//	                       Norwegian Bokmål
//	-groups                show each population group too (text)
//	-budget                add the cohort's budget impact by calendar year and
//	                       perspective: undiscounted and discounted, year by
//	                       year and cumulative, with the first years' total;
//	                       with -iterations, each year's and total's
//	                       percentiles over the same draws (each draw
//	                       evaluated in full, a second pass)
//	-budget-years N        the first years whose total -budget shows
//	                       (default 5)
//	-set path=value        change one number of the scenario without editing
//	                       the file: every place it is written, and fixed
//	                       (no longer drawn) under -iterations; or
//	                       -set 'path={type: gamma, mean: 12, sd: 6}' to
//	                       draw it. Repeatable; all -set are applied together
//	                       (setting a share rescales the others of its set)
//	-list                  list every number of the scenario that can be
//	                       set, with its paths, value or distribution, unit,
//	                       source or assumption and line
//	-o file                write to file instead of standard output
//
// Monte Carlo (uncertain numbers drawn from their distributions):
//
//	-iterations N|first:end  run N iterations, or iterations first..end-1 of a
//	                         longer run (split a run across machines); at
//	                         most 2^53
//	-seed S                  the seed: the same seed gives the same result for
//	                         any -workers (default 1)
//	-workers W               parallel workers (default: the number of CPUs;
//	                         at most 4 times as many, and at least 8 allowed)
//	-percentiles list        percentiles to report (default 2.5,50,97.5)
//	-values file             also write every iteration's factor values and
//	                         outputs (CSV; JSON when file ends in .json,
//	                         Parquet when it ends in .parquet)
//	-state file              also save the run's statistics, to merge later
//	-merge a,b,...           report runs saved with -state (ranges of one run:
//	                         same scenario, -set, seed and version) as one
//	                         run; with -state, save the merged run too
//
// A progress bar is shown on standard error for runs over a second when it
// is a terminal.
//
// Numbers in flags are read in decimal, as in scenario files; a leading
// zero is refused (-seed 010 is neither 10 nor octal 8).
//
// Exit status: 0 on success, 2 for bad input (flags, scenario file, -set,
// saved runs), 1 for other failures and when stopped. Nothing is written
// on failure: every output is made in full first, and -o, -state and
// -values replace their files together, only once all are complete (when
// one cannot, those replaced before it are put back). Stopped (Ctrl-C,
// SIGTERM, SIGHUP, SIGQUIT or SIGABRT), any mode ends within a second,
// exit 1, replacing no file and leaving none behind; a second signal ends
// it at once.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"ipscba/cba"
	"ipscba/cba/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errBadInput marks errors that are the user's input's fault (exit 2).
var errBadInput = errors.New("bad input")

// badInput is an error caused by the user's input: flags, scenario, -set.
type badInput struct{ err error }

// Error returns the underlying message.
func (b badInput) Error() string { return b.err.Error() }

// Unwrap keeps the cause and makes errors.Is(err, errBadInput) true.
func (b badInput) Unwrap() []error { return []error{b.err, errBadInput} }

// run runs the command and returns its exit status. A stop signal
// (stopSignals) stops it: it ends within grace, removing its temporary
// files, and exits 1; a second signal ends it at once.
func run(args []string, stdout, stderr io.Writer) int {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	ctx, end := watchSignals(sigs, grace, func(sig os.Signal) { exitNow(stderr, sig) })
	defer end()
	return command(ctx, args, stdout, stderr)
}

// command runs the command until ctx is done and returns its exit status:
// 0, 2 for bad input, 1 for other failures and when stopped.
func command(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	lang := langIn(args)
	say := func(err error) string { return printable(report.Message(lang, err)) }
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, "ipscba: "+say(cba.Errorf("internal error: please report it%s", crashReport(r, debug.Stack()))))
			code = 1
		}
	}()
	var err error
	switch {
	case len(args) > 0 && args[0] == "sensitivity":
		err = sensitivityCommand(ctx, args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "report":
		err = reportCommand(ctx, args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "serve":
		err = serveCommand(ctx, args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "compare":
		err = compareCommand(ctx, args[1:], stdout, stderr)
	default:
		err = evaluateCommand(ctx, args, stdout, stderr)
	}
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "ipscba: "+say(usage.msg))
		fmt.Fprintln(stderr, say(cba.Phrase(usage.hint)))
		return 2
	case errors.Is(err, errUsage):
		return 2
	case ctx.Err() != nil: // stopped: whatever the command was doing failed for it
		fmt.Fprintln(stderr, say(stoppedMessage(context.Cause(ctx))))
		return 1
	}
	fmt.Fprintln(stderr, "ipscba:", strings.ReplaceAll(say(err), "\n", "\nipscba: "))
	if errors.Is(err, errBadInput) {
		return 2
	}
	return 1
}

// crashReport writes a panic's stack to a file in the temporary folder and
// returns " (the details are in FILE)", or the stack itself when no file
// can be written.
func crashReport(r any, stack []byte) error {
	text := fmt.Sprintf("ipscba %s panicked: %v\n\n%s", version(), r, stack)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("ipscba-crash-%d.txt", time.Now().UnixNano()))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return cba.Phrase(":\n" + text) // not a phrase of the catalogue: written as it is
	}
	return cba.Errorf(" (the details are in %s)", path)
}

// version is the module version that computed a result.
var version = func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
