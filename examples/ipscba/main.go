// Command ipscba evaluates an IPS scenario file and prints the socio-economic
// result: net present values by perspective and payer, the benefit-cost
// ratio, break-even months and employment, per participant.
//
// Usage:
//
//	go run ./examples/ipscba [flags] scenario.yaml
//
// Flags:
//
//	-format text|json|csv  output format (default text; JSON and CSV are
//	                       described in package ipscba/cba/report)
//	-groups                show each population group too (text)
//	-budget                add the cohort's budget impact by year and payer
//	-set path=value        change one number of the scenario without editing
//	                       the file; repeatable (e.g. -set arms.ips.enrolment.dropout=0.1)
//	-o file                write to file instead of standard output
//
// Monte Carlo (uncertain parameters drawn from their distributions):
//
//	-iterations N|first:end  run N iterations, or iterations first..end-1 of a
//	                         longer run (split a run across machines)
//	-seed S                  the seed: the same seed gives the same result for
//	                         any -workers (default 1)
//	-workers W               parallel workers (default: the number of CPUs)
//	-percentiles list        percentiles to report (default 2.5,50,97.5)
//	-values file             also write every iteration's outputs (CSV, or JSON
//	                         when file ends in .json)
//	-state file              also save the run's statistics, to merge later
//	-merge a,b,...           report runs saved with -state (ranges of one run:
//	                         same scenario, seed and -set) as one run
//
// A progress bar is shown on standard error for runs over a second when it
// is a terminal.
//
// Exit status: 0 on success, 2 for bad input (flags, scenario file, -set),
// 1 for other failures. Nothing is written on failure: the output is made in
// full first, and -o replaces its file only once the output is complete.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
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

// sets collects repeated -set flags.
type sets []string

// String joins the values given (flag.Value).
func (s *sets) String() string { return strings.Join(*s, ",") }

// Set adds one -set value (flag.Value).
func (s *sets) Set(v string) error { *s = append(*s, v); return nil }

// options are the command's flags.
type options struct {
	format      string
	groups      bool
	budget      bool
	set         sets
	out         string
	file        string
	iterations  string
	seed        uint64
	workers     int
	percentiles string
	values      string
	state       string
	merge       string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ipscba", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.format, "format", "text", "output `format`: text, json or csv")
	fs.BoolVar(&o.groups, "groups", false, "show each population group too")
	fs.BoolVar(&o.budget, "budget", false, "add the cohort's budget impact by year and payer")
	fs.Var(&o.set, "set", "change a number: `path=value` (repeatable)")
	fs.StringVar(&o.out, "o", "", "write to `file` instead of standard output")
	fs.StringVar(&o.iterations, "iterations", "", "Monte Carlo: `N` iterations, or first:end")
	fs.Uint64Var(&o.seed, "seed", 1, "Monte Carlo: the `seed`")
	fs.IntVar(&o.workers, "workers", 0, "Monte Carlo: parallel `workers` (default: the number of CPUs)")
	fs.StringVar(&o.percentiles, "percentiles", "2.5,50,97.5", "Monte Carlo: the `percentiles` to report")
	fs.StringVar(&o.values, "values", "", "Monte Carlo: also write every iteration's outputs to `file` (CSV, or JSON if it ends in .json)")
	fs.StringVar(&o.state, "state", "", "Monte Carlo: also save the run to `file`, to merge with runs of other ranges")
	fs.StringVar(&o.merge, "merge", "", "Monte Carlo: report the runs saved in these `files` (comma-separated) as one")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ipscba [flags] scenario.yaml")
		fmt.Fprintln(stderr, "Evaluates the costs and benefits of IPS against its comparator, per participant,")
		fmt.Fprintln(stderr, "for the participant, each public payer and society; with -iterations, under uncertainty.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	o.file = fs.Arg(0)
	var out bytes.Buffer
	err := evaluate(&o, stderr, &out)
	if err == nil {
		err = write(o.out, stdout, out.Bytes())
	}
	if err != nil {
		fmt.Fprintln(stderr, "ipscba:", strings.ReplaceAll(err.Error(), "\n", "\nipscba: "))
		if errors.Is(err, errBadInput) {
			return 2
		}
		return 1
	}
	return 0
}

func evaluate(o *options, stderr io.Writer, out *bytes.Buffer) error {
	var write func(io.Writer, report.Input) error
	switch o.format {
	case "text":
		write = report.Text
	case "json":
		write = report.JSON
	case "csv":
		write = report.CSV
	default:
		return badInput{fmt.Errorf("-format: must be text, json or csv, got %q", o.format)}
	}
	data, err := os.ReadFile(o.file)
	if err != nil {
		return badInput{err}
	}
	f, err := scenario.Parse(o.file, data)
	if err != nil {
		return badInput{err}
	}
	for _, kv := range o.set {
		path, value, ok := strings.Cut(kv, "=")
		v, perr := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if !ok || perr != nil {
			return badInput{fmt.Errorf("-set %s: want path=number", kv)}
		}
		if err := f.Set(strings.TrimSpace(path), v); err != nil {
			return badInput{fmt.Errorf("-set %s: %w", kv, err)}
		}
	}
	res, err := cba.Evaluate(f.Scenario)
	if err != nil {
		return badInput{f.Locate(err)}
	}
	sum := sha256.Sum256(data)
	in := report.Input{
		Provenance: report.Provenance{
			File: filepath.ToSlash(o.file), SHA256: hex.EncodeToString(sum[:]), Version: version(),
			Overrides: o.set, Mode: "deterministic: uncertain numbers at their means", Timing: report.Timing,
		},
		Result: res,
		Groups: o.groups,
	}
	if o.iterations != "" || o.merge != "" {
		return monteCarlo(o, in, f.Scenario, stderr, out)
	}
	if o.budget {
		in.Budgets = res.Budget()
	}
	return write(out, in)
}

// version is the module version that computed a result.
var version = func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// write writes data to stdout, or atomically to the file path.
func write(path string, stdout io.Writer, data []byte) error {
	if path == "" {
		_, err := stdout.Write(data)
		return err
	}
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	defer f.discard()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.commit()
}

// atomicFile is a temporary file beside path that replaces path only when
// committed: a failed run leaves path as it was.
type atomicFile struct {
	*os.File
	path string
}

func createAtomic(path string) (*atomicFile, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	return &atomicFile{File: tmp, path: path}, nil
}

func (f *atomicFile) commit() error {
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), f.path)
}

// discard removes the temporary file unless it was committed.
func (f *atomicFile) discard() {
	f.Close()
	os.Remove(f.Name()) // fails harmlessly once renamed
}
