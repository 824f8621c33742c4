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

// reportCommand runs ipscba report: the scenario's report as one
// self-contained HTML page.
func reportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var (
		set                  sets
		out, lang, chartsDir string
		png                  bool
		iterations           int
		seed                 uint64
		workers              int
	)
	fs := flag.NewFlagSet("ipscba report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&out, "o", "", "write the page to `file` (default: standard output)")
	fs.IntVar(&iterations, "iterations", 0, "Monte Carlo `iterations` for the charts of uncertainty (default: none, a deterministic report)")
	fs.Uint64Var(&seed, "seed", 1, "Monte Carlo: the `seed`")
	fs.IntVar(&workers, "workers", 0, "Monte Carlo: parallel `workers` (default: the number of CPUs)")
	fs.StringVar(&lang, "lang", "en", "the `language` of the page: en (English) or nb (Norwegian Bokmål)")
	fs.Var(&set, "set", "change a number first: `path=value` (repeatable, as for ipscba)")
	fs.StringVar(&chartsDir, "charts", "", "also write each chart as a file into this `folder` (SVG; PNG with -png)")
	fs.BoolVar(&png, "png", false, "with -charts: PNG instead of SVG")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ipscba report [flags] scenario.yaml")
		fmt.Fprintln(stderr, "Writes the scenario's report as one HTML page: summary, tables, charts, what decides it,")
		fmt.Fprintln(stderr, "every number with its source, a glossary and the provenance; no network, no JavaScript.")
		fs.PrintDefaults()
	}
	files, given, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		return usageLine(stderr, "report: no scenario file given")
	case len(files) > 1:
		return usageLine(stderr, "report: one scenario file, not %d (%s)", len(files), strings.Join(files, ", "))
	}
	bad := func(format string, a ...any) error { return badInput{fmt.Errorf(format, a...)} }
	l, err := report.ParseLang(lang)
	switch {
	case err != nil:
		return bad("-lang: %v", err)
	case iterations < 0 || iterations > 10_000_000 || given["iterations"] && iterations == 0:
		return bad("-iterations: want 1 to 10,000,000, got %d", iterations)
	case given["workers"] && (workers < 1 || workers > cba.MaxWorkers()):
		return bad("-workers: want 1 to %d, got %d", cba.MaxWorkers(), workers)
	case iterations == 0 && (given["seed"] || given["workers"]):
		return bad("-seed and -workers go with -iterations")
	case png && chartsDir == "":
		return bad("-png goes with -charts")
	case given["o"] && out == "" || given["charts"] && chartsDir == "":
		return bad("-o and -charts: give a file and a folder (left out: the page goes to standard output)")
	}
	if chartsDir != "" {
		if st, err := os.Stat(chartsDir); err != nil || !st.IsDir() {
			return bad("-charts %s: not a folder", chartsDir)
		}
	}
	loaded, err := load(files[0], set)
	if err != nil {
		return err
	}
	outs := outputs{inputs: loaded.file.Files}
	defer outs.discard()
	if err := outs.reserveAll(map[string]string{"-o": out}); err != nil {
		return err
	}
	bar := newProgress(stderr, iterations)
	opt := htmlreport.Options{Iterations: iterations, Seed: seed, Workers: workers, Lang: l, Progress: bar.update,
		Provenance: loaded.provenance("report")}
	var page bytes.Buffer
	rep, err := htmlreport.Build(ctx, loaded.file, opt)
	if err == nil {
		err = rep.WriteHTML(&page)
	}
	bar.finish(err == nil)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("stopped: %w (nothing written)", err)
		}
		var ce cba.Errors
		var e *cba.Error
		if errors.As(err, &ce) || errors.As(err, &e) {
			return badInput{err}
		}
		return err
	}
	if chartsDir != "" {
		format, ext := plot.SVG, ".svg"
		if png {
			format, ext = plot.PNG, ".png"
		}
		charts, err := rep.Charts(format) // drawn from the same run
		if err != nil {
			return err
		}
		for _, c := range charts {
			if err := outs.writeTo("-charts", filepath.Join(chartsDir, c.Name+ext), nil, c.Image); err != nil {
				return err
			}
		}
	}
	return commitTo(out, &outs, page.Bytes(), stdout)
}
