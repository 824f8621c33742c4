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

	"ipscba/cba"
	"ipscba/cba/htmlreport"
	"ipscba/cba/plot"
	"ipscba/cba/report"
)

// reportOptions are the flags of ipscba report.
type reportOptions struct {
	set                  sets
	out, lang, chartsDir string
	png                  bool
	iterations           int
	budgetYears          int
	seed                 uint64
	workers              int
	given                map[string]bool
}

func newReportFlags(stderr io.Writer, o *reportOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("ipscba report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.seed = 1
	fs.StringVar(&o.out, "o", "", "write the page to `file` (default: standard output)")
	fs.Var((*intFlag)(&o.iterations), "iterations", "Monte Carlo `iterations` for the charts of uncertainty (default: none, a deterministic report)")
	fs.Var((*uintFlag)(&o.seed), "seed", "Monte Carlo: the `seed`")
	fs.Var((*intFlag)(&o.workers), "workers", "Monte Carlo: parallel `workers` (default: the number of CPUs)")
	fs.StringVar(&o.lang, "lang", "en", "the `language` of the page: en (English) or nb (Norwegian Bokmål)")
	fs.Var(&o.set, "set", "change a number first: `path=value` (repeatable, as for ipscba)")
	fs.StringVar(&o.chartsDir, "charts", "", "also write each chart as a file into this `folder` (SVG; PNG with -png)")
	fs.BoolVar(&o.png, "png", false, "with -charts: PNG instead of SVG")
	o.budgetYears = report.DefaultBudgetYears
	fs.Var((*intFlag)(&o.budgetYears), "budget-years", "the first `N` years whose total the budget shows")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ipscba report [flags] scenario.yaml")
		fmt.Fprintln(fs.Output(), "Writes the scenario's report as one HTML page: summary, tables, charts, what decides it,")
		fmt.Fprintln(fs.Output(), "every number with its source, a glossary and the provenance; no network, no JavaScript.")
		fs.PrintDefaults()
	}
	return fs
}

// check refuses flags that contradict each other or are out of range.
func (o *reportOptions) check() error {
	bad := func(format string, a ...any) error { return badInput{cba.Errorf(format, a...)} }
	given := o.given
	if _, err := report.ParseLang(o.lang); err != nil {
		return bad("-lang: %v", err)
	}
	switch {
	case o.iterations < 0 || o.iterations > 10_000_000 || given["iterations"] && o.iterations == 0:
		return bad("-iterations: want 1 to 10,000,000, got %d", o.iterations)
	case given["workers"] && (o.workers < 1 || o.workers > cba.MaxWorkers()):
		return bad("-workers: want 1 to %d, got %d", cba.MaxWorkers(), o.workers)
	case o.iterations == 0 && (given["seed"] || given["workers"]):
		return bad("-seed and -workers go with -iterations")
	case o.png && o.chartsDir == "":
		return bad("-png goes with -charts")
	case checkBudgetYears(o.budgetYears) != nil:
		return badInput{checkBudgetYears(o.budgetYears)}
	case given["o"] && o.out == "" || given["charts"] && o.chartsDir == "":
		return bad("-o and -charts: give a file and a folder (left out: the page goes to standard output)")
	}
	if o.chartsDir != "" {
		if st, err := os.Stat(o.chartsDir); err != nil || !st.IsDir() {
			return bad("-charts %s: not a folder", o.chartsDir)
		}
	}
	return nil
}

// reportCommand runs ipscba report: the scenario's report as one
// self-contained HTML page.
func reportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o reportOptions
	fs := newReportFlags(stderr, &o)
	files, given, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	o.given = given
	switch {
	case len(files) == 0:
		return usageLine(stderr, "report: no scenario file given")
	case len(files) > 1:
		return usageLine(stderr, "report: one scenario file, not %d (%s)", len(files), strings.Join(files, ", "))
	}
	if err := o.check(); err != nil {
		return err
	}
	loaded, err := load(files[0], o.set)
	if err != nil {
		return err
	}
	outs := outputs{inputs: loaded.file.Files}
	defer outs.discard()
	if err := outs.reserveAll(map[string]string{"-o": o.out}); err != nil {
		return err
	}
	rep, page, err := o.build(ctx, loaded, stderr)
	if err != nil {
		return err
	}
	if err := o.writeCharts(rep, &outs); err != nil {
		return err
	}
	return commitTo(ctx, o.out, &outs, page, stdout)
}

// build makes the report and its page.
func (o *reportOptions) build(ctx context.Context, loaded *loaded, stderr io.Writer) (*htmlreport.Report, []byte, error) {
	lang, _ := report.ParseLang(o.lang) // checked by check
	bar := newProgress(stderr, o.iterations)
	opt := htmlreport.Options{Iterations: o.iterations, Seed: o.seed, Workers: o.workers, Lang: lang, Progress: bar.update,
		Provenance: loaded.provenance("report"), BudgetYears: o.budgetYears}
	var page bytes.Buffer
	rep, err := htmlreport.Build(ctx, loaded.file, opt)
	if err == nil {
		err = rep.WriteHTML(&page)
	}
	bar.finish(err == nil)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, nil, err
		}
		var ce cba.Errors
		var e *cba.Error
		if errors.As(err, &ce) || errors.As(err, &e) {
			return nil, nil, badInput{err}
		}
		return nil, nil, err
	}
	return rep, page.Bytes(), nil
}

// writeCharts writes each chart of the report into -charts, if given.
func (o *reportOptions) writeCharts(rep *htmlreport.Report, outs *outputs) error {
	if o.chartsDir == "" {
		return nil
	}
	format, ext := plot.SVG, ".svg"
	if o.png {
		format, ext = plot.PNG, ".png"
	}
	charts, err := rep.Charts(format) // drawn from the same run
	if err != nil {
		return err
	}
	for _, c := range charts {
		if err := outs.writeTo("-charts", filepath.Join(o.chartsDir, c.Name+ext), nil, c.Image); err != nil {
			return err
		}
	}
	return nil
}
