package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// cmpOptions are the flags of ipscba compare.
type cmpOptions struct {
	set, with  sets
	iterations string
	seed       uint64
	workers    int
	format     string
	lang       string
	out        string
	files      []string
	given      map[string]bool
}

func newCompareFlags(stderr io.Writer, o *cmpOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("ipscba compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Var(&o.set, "set", "change a number in both what-ifs: `path=value` or path={type: ...} (repeatable, as for ipscba)")
	fs.Var(&o.with, "with", "your change: a number changed in B only, after -set: `path=value` or path={type: ...} (repeatable)")
	fs.StringVar(&o.iterations, "iterations", "", "Monte Carlo: `N` iterations, or first:end, both what-ifs on the same draws (default: deterministic only)")
	o.seed = 1
	fs.Var((*uintFlag)(&o.seed), "seed", "Monte Carlo: the `seed`")
	fs.Var((*intFlag)(&o.workers), "workers", "Monte Carlo: parallel `workers` (default: the number of CPUs)")
	fs.StringVar(&o.format, "format", "text", report.FormatHelp(report.ComparisonKind))
	fs.StringVar(&o.lang, "lang", "en", "the `language` of text output: en (English) or nb (Norwegian Bokmål)")
	fs.StringVar(&o.out, "o", "", "write to `file` instead of standard output")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ipscba compare [flags] scenario.yaml [other.yaml]")
		fmt.Fprintln(fs.Output(), "Compares your change (B) with the base (A), per participant and perspective: the scenario with")
		fmt.Fprintln(fs.Output(), "its -set (A) against the same with -with too, or against other.yaml with the same -set (B; it")
		fmt.Fprintln(fs.Output(), "must have the same arms, groups and payers). The deterministic change always; with -iterations,")
		fmt.Fprintln(fs.Output(), "both what-ifs on the same draws: the change's mean, Monte Carlo error, 95 % interval and the")
		fmt.Fprintln(fs.Output(), "share of draws in which it is better, beside the error two separate runs would give.")
		fs.PrintDefaults()
	}
	return fs
}

// check refuses flags that would do nothing or contradict each other.
func (o *cmpOptions) check() error {
	switch {
	case len(o.files) == 1 && len(o.with) == 0:
		return errors.New("nothing to compare: give your change with -with path=value, or a second scenario file")
	case o.given["o"] && strings.TrimSpace(o.out) == "":
		return errors.New("-o: give a file, not an empty text")
	case o.given["lang"] && o.format != "text":
		return errors.New("-lang is the language of text output: JSON and CSV are written in the same words in any language")
	case o.iterations == "" && (o.given["seed"] || o.given["workers"]):
		return errors.New("-seed and -workers go with -iterations")
	case o.given["workers"] && (o.workers < 1 || o.workers > cba.MaxWorkers()):
		return cba.Errorf("-workers: want 1 to %d (4 times the CPUs, at least 8), got %d", cba.MaxWorkers(), o.workers)
	}
	if _, err := report.FormatNamed(o.format, report.ComparisonKind); err != nil {
		return cba.Errorf("-format: %v", err)
	}
	if _, err := report.ParseLang(o.lang); err != nil {
		return cba.Errorf("-lang: %v", err)
	}
	if o.iterations != "" {
		if _, _, err := iterationRange(o.iterations); err != nil {
			return err
		}
	}
	return nil
}

// compareCommand compares two what-ifs: the scenario with -set (A), and
// the same with -with too, or a second scenario file with -set (B).
func compareCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o cmpOptions
	files, given, err := parseFlags(newCompareFlags(stderr, &o), args)
	if err != nil {
		return err
	}
	o.files, o.given = files, given
	switch {
	case len(files) == 0:
		return compareUsage(stderr, "no scenario file given")
	case len(files) > 2:
		return compareUsage(stderr, "one scenario file, or two to compare, not %d (%s)", len(files), strings.Join(files, ", "))
	}
	if err := o.check(); err != nil {
		return badInput{err}
	}
	a, b, err := loadWhatIfs(&o)
	if err != nil {
		return err
	}
	outs := outputs{inputs: append(slices.Clone(a.file.Files), b.file.Files...)}
	defer outs.discard()
	if err := outs.reserveAll(map[string]string{"-o": o.out}); err != nil {
		return err
	}
	in, err := comparison(ctx, &o, a, b, stderr)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	f, _ := report.FormatNamed(o.format, report.ComparisonKind) // checked by check
	if err := f.Comparison(&out, in); err != nil {
		return err
	}
	return commitTo(ctx, o.out, &outs, out.Bytes(), stdout)
}

func compareUsage(_ io.Writer, format string, args ...any) error {
	return usageError{msg: cba.Errorf(format, args...),
		hint: "usage: ipscba compare [flags] scenario.yaml [other.yaml]   (ipscba compare -h lists the flags)"}
}

// loadWhatIfs reads the base (A: the first file with -set) and your change
// (B: the second file with -set, or the first; then -with).
func loadWhatIfs(o *cmpOptions) (a, b *loaded, err error) {
	if a, err = load(o.files[0], o.set); err != nil {
		return nil, nil, err
	}
	if b, err = load(o.files[len(o.files)-1], o.set); err != nil {
		return nil, nil, err
	}
	var ovs []cba.Override
	for _, kv := range o.with {
		ov, err := scenario.ParseOverride(kv)
		if err != nil {
			return nil, nil, badInput{cba.Errorf("-with %s: %v", kv, err)}
		}
		ovs = append(ovs, ov)
	}
	if len(ovs) > 0 {
		changes, err := b.file.Apply(ovs...)
		if err != nil {
			return nil, nil, badInput{cba.Errorf("-with: %w", err)}
		}
		b.changes = append(b.changes, changes...)
		b.overrides = append(slices.Clone(b.overrides), o.with...)
	}
	return a, b, nil
}

// comparison compares the what-ifs, deterministic or on the same draws,
// and returns the report's input.
func comparison(ctx context.Context, o *cmpOptions, a, b *loaded, stderr io.Writer) (report.ComparisonInput, error) {
	var in report.ComparisonInput
	ma, err := a.file.Model()
	if err != nil {
		return in, badInput{err}
	}
	mb, err := b.file.Model()
	if err != nil {
		return in, badInput{err}
	}
	if in.Base, err = a.file.Evaluate(); err != nil {
		return in, badInput{err}
	}
	if err := cba.CohortOnly(ma, mb); err != nil {
		what := strings.Join(o.with, " ")
		if what == "" {
			what = a.path + " and " + b.path
		}
		return in, badInput{cba.Errorf("%s: %w; compare the budgets with ipscba -budget", what, err)}
	}
	mode := "deterministic: uncertain numbers at their means"
	var c *cba.Comparison
	if o.iterations == "" {
		c, err = cba.CompareDeterministic(ma, mb)
	} else {
		mode = "paired monte carlo: both what-ifs on the same draws"
		first, n, _ := iterationRange(o.iterations) // checked by check
		bar := newProgress(stderr, n)
		c, err = cba.Compare(ctx, ma, mb, cba.Options{Iterations: n, First: first, Seed: o.seed, Workers: o.workers, Progress: bar.update})
		bar.finish(err == nil)
		in.Provenance.Seed, in.Provenance.Iterations = o.seed, fmt.Sprintf("%d:%d", first, first+uint64(n))
	}
	var mismatch *cba.MismatchError
	switch {
	case errors.As(err, &mismatch):
		return in, badInput{cba.Errorf("%s and %s: %v", a.path, b.path, err)}
	case errors.Is(err, context.Canceled):
		return in, cba.Errorf("stopped: %w (nothing written)", err)
	case err != nil:
		return in, err
	}
	in.Run = c
	in.Provenance.Workers = c.A.Workers
	in.Provenance.A, in.Provenance.B = a.provenance(mode), b.provenance(mode)
	in.DrawnInAOnly, in.DrawnInBOnly = cba.DrawnInOneOnly(ma, mb)
	in.Scenario = a.file.Scenario
	in.Lang, _ = report.ParseLang(o.lang) // checked by check
	return in, nil
}
