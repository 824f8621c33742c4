package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// options are the command's flags.
type options struct {
	format      string
	groups      bool
	budget      bool
	budgetYears int
	list        bool
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
	lang        string
	given       map[string]bool
}

func newFlags(stderr io.Writer, o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("ipscba", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.format, "format", "text", report.FormatHelp(report.ResultKind))
	fs.BoolVar(&o.groups, "groups", false, "show each population group too")
	fs.BoolVar(&o.budget, "budget", false, "add the cohort's budget impact by year and payer (with -iterations, its percentiles)")
	o.budgetYears = report.DefaultBudgetYears
	fs.Var((*intFlag)(&o.budgetYears), "budget-years", "with -budget: the first `N` years whose total the budget shows")
	fs.BoolVar(&o.list, "list", false, "list every number that can be set: paths, value or distribution, unit, source, line")
	fs.Var(&o.set, "set", "change a number: `path=value`, or path={type: gamma, mean: 12, sd: 6} (repeatable)")
	fs.StringVar(&o.out, "o", "", "write to `file` instead of standard output")
	fs.StringVar(&o.iterations, "iterations", "", "Monte Carlo: `N` iterations, or first:end")
	o.seed = 1
	fs.Var((*uintFlag)(&o.seed), "seed", "Monte Carlo: the `seed`")
	fs.Var((*intFlag)(&o.workers), "workers", "Monte Carlo: parallel `workers` (default: the number of CPUs)")
	fs.StringVar(&o.percentiles, "percentiles", "2.5,50,97.5", "Monte Carlo: the `percentiles` to report")
	fs.StringVar(&o.values, "values", "", "Monte Carlo: also write every iteration's factors and outputs to `file` (CSV; JSON if it ends in .json, Parquet if .parquet)")
	fs.StringVar(&o.state, "state", "", "Monte Carlo: also save the run to `file`, to merge with runs of other ranges")
	fs.StringVar(&o.merge, "merge", "", "Monte Carlo: report the runs saved in these `files` (comma-separated) as one")
	fs.StringVar(&o.lang, "lang", "en", "the `language` of text output: en (English) or nb (Norwegian Bokmål)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ipscba [flags] scenario.yaml")
		fmt.Fprintln(fs.Output(), "Evaluates the costs and benefits of IPS against its comparator, per participant,")
		fmt.Fprintln(fs.Output(), "for the participant, each public payer and society; with -iterations, under uncertainty.")
		fmt.Fprintln(fs.Output(), "Also: ipscba sensitivity ANALYSIS ... (what decides the answer), ipscba compare ... (your change")
		fmt.Fprintln(fs.Output(), "against the base, on the same draws), ipscba report ... (an HTML page), ipscba serve ... (the page")
		fmt.Fprintln(fs.Output(), "on localhost, with a form of the numbers); -h after each for its flags.")
		fs.PrintDefaults()
	}
	return fs
}

// checkFlags refuses flags that would do nothing, or that contradict each
// other, before anything is read.
func (o *options) checkFlags() error {
	for _, check := range []func() error{o.checkEmpty, o.checkFormat, o.checkModes, o.checkBudget, o.checkMonteCarlo} {
		if err := check(); err != nil {
			return badInput{err}
		}
	}
	return nil
}

// mc says whether the flags ask for a Monte Carlo run (or a merge of runs).
func (o *options) mc() bool { return o.iterations != "" || o.merge != "" }

// checkEmpty refuses a flag given an empty text.
func (o *options) checkEmpty() error {
	for _, f := range []struct{ name, value, what string }{
		{"o", o.out, "a file"}, {"iterations", o.iterations, "a number of iterations"}, {"values", o.values, "a file"},
		{"state", o.state, "a file"}, {"merge", o.merge, "the files of the saved runs"},
	} {
		if o.given[f.name] && strings.TrimSpace(f.value) == "" {
			return cba.Errorf("-%s: give %s, not an empty text", f.name, f.what)
		}
	}
	for _, path := range strings.Split(o.merge, ",") {
		if o.merge != "" && strings.TrimSpace(path) == "" {
			return cba.Errorf("-merge %s: an empty name in the list of files", o.merge)
		}
	}
	return nil
}

// checkFormat checks -format and -lang.
func (o *options) checkFormat() error {
	kind := report.ResultKind
	if o.mc() {
		kind = report.MonteCarloKind
	}
	if _, err := report.FormatNamed(o.format, kind); err != nil {
		return cba.Errorf("-format: %v", err)
	}
	if o.given["lang"] && o.format != "text" {
		return cba.Errorf("-lang is the language of text output: JSON and CSV are written in the same words in any language")
	}
	if _, err := report.ParseLang(o.lang); err != nil {
		return cba.Errorf("-lang: %v", err)
	}
	return nil
}

// checkModes refuses flags of one mode given with another.
func (o *options) checkModes() error {
	switch {
	case o.list && (o.mc() || o.budget || o.groups || o.format != "text"):
		return cba.Errorf("-list lists the scenario's numbers: it takes no -iterations, -merge, -budget, -groups or -format")
	case o.merge != "" && o.iterations != "":
		return cba.Errorf("-merge reports saved runs: it takes no -iterations")
	case o.merge != "" && o.values != "":
		return cba.Errorf("-values writes the iterations of a run: -merge has none")
	case o.merge != "" && o.given["seed"]:
		return cba.Errorf("-seed: a merge takes the seed of its saved runs")
	case o.merge != "" && o.given["workers"]:
		return cba.Errorf("-workers: a merge runs no iterations")
	case !o.mc() && o.state != "":
		return cba.Errorf("-state saves a Monte Carlo run: give -iterations (or -merge)")
	case !o.mc() && o.values != "":
		return cba.Errorf("-values writes a Monte Carlo run's iterations: give -iterations")
	case !o.mc() && (o.given["seed"] || o.given["workers"] || o.given["percentiles"]):
		return cba.Errorf("-seed, -workers and -percentiles go with -iterations or -merge")
	}
	return nil
}

// checkBudget checks -budget and -budget-years.
func (o *options) checkBudget() error {
	switch {
	case o.budget && o.merge != "":
		return cba.Errorf("-budget with -merge: saved runs keep no budget; give -budget with -iterations")
	case o.given["budget-years"] && !o.budget:
		return cba.Errorf("-budget-years goes with -budget")
	}
	return checkBudgetYears(o.budgetYears)
}

// checkMonteCarlo checks the numbers and files of a Monte Carlo run.
func (o *options) checkMonteCarlo() error {
	switch {
	case o.values != "" && !slices.Contains([]string{".csv", ".json", ".parquet"}, strings.ToLower(filepath.Ext(o.values))):
		return cba.Errorf("-values %s: the file's name says its format: end it in .csv, .json or .parquet", o.values)
	case o.given["workers"] && (o.workers < 1 || o.workers > cba.MaxWorkers()):
		return cba.Errorf("-workers: want 1 to %d (4 times the CPUs, at least 8), got %d", cba.MaxWorkers(), o.workers)
	}
	if o.mc() {
		if _, err := parsePercentiles(o.percentiles); err != nil {
			return err
		}
	}
	if o.iterations != "" {
		if _, _, err := iterationRange(o.iterations); err != nil {
			return err
		}
	}
	return nil
}

// evaluateCommand is the command's main mode: evaluate a scenario,
// deterministic or under uncertainty, or list its numbers.
func evaluateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := newFlags(stderr, &o)
	files, given, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	o.given = given
	switch {
	case len(files) == 0:
		return usageLine(stderr, "no scenario file given")
	case len(files) > 1:
		return usageLine(stderr, "one scenario file, not %d (%s)", len(files), strings.Join(files, ", "))
	}
	o.file = files[0]
	if err := o.checkFlags(); err != nil {
		return err
	}
	loaded, err := load(o.file, o.set)
	if err != nil {
		return err
	}
	outs := outputs{inputs: slices.Clone(loaded.file.Files)}
	if o.merge != "" {
		for _, path := range strings.Split(o.merge, ",") {
			outs.inputs = append(outs.inputs, strings.TrimSpace(path))
		}
	}
	defer outs.discard()
	if err := outs.reserveAll(map[string]string{"-o": o.out, "-state": o.state}); err != nil {
		return err
	}
	var out bytes.Buffer
	if o.list {
		lang, _ := report.ParseLang(o.lang) // checked by checkFlags
		if err := report.List(&out, loaded.file, loaded.path, lang); err != nil {
			return badInput{err}
		}
		return finish(ctx, &o, &outs, &out, stdout)
	}
	res, err := loaded.file.Evaluate()
	if err != nil {
		return badInput{err}
	}
	if o.budget {
		if err := loaded.file.Scenario.Cohort.CheckIntake(); err != nil {
			return badInput{err}
		}
	}
	lang, _ := report.ParseLang(o.lang) // checked by checkFlags
	in := report.Input{Provenance: loaded.provenance("deterministic: uncertain numbers at their means"), Result: res, Groups: o.groups,
		Scenario: loaded.file.Scenario, Lang: lang, BudgetYears: o.budgetYears}
	if o.format == "text" {
		ev, _ := loaded.file.Evaluator() // made for Evaluate
		in.Decides = report.WhatDecides(ev)
	}
	if o.iterations != "" || o.merge != "" {
		err = monteCarlo(ctx, &o, loaded, in, stderr, &out, &outs)
	} else {
		if o.budget {
			in.Budgets = res.Budget()
		}
		f, _ := report.FormatNamed(o.format, report.ResultKind) // checked by checkFlags
		err = f.Result(&out, in)
	}
	if err != nil {
		return err
	}
	return finish(ctx, &o, &outs, &out, stdout)
}

// finish writes the report to -o (with the run's other outputs, all
// committed together) or, once they are committed, to standard output.
func finish(ctx context.Context, o *options, outs *outputs, out *bytes.Buffer, stdout io.Writer) error {
	return commitTo(ctx, o.out, outs, out.Bytes(), stdout)
}

// commitTo writes a command's output to the file of -o (with the run's
// other outputs, all committed together) or, once they are committed, to
// standard output.
func commitTo(ctx context.Context, path string, outs *outputs, out []byte, stdout io.Writer) error {
	if path != "" {
		if err := outs.writeTo("-o", path, nil, out); err != nil {
			return err
		}
	}
	if err := outs.commit(ctx); err != nil {
		return err
	}
	if path == "" {
		_, err := stdout.Write(out)
		return err
	}
	return nil
}

// loaded is a scenario file as the command read it, with its overrides
// applied.
type loaded struct {
	file      *scenario.File
	path      string
	sha256    string
	overrides []string
	changes   []cba.Change
}

// load reads the scenario file and applies the -set overrides together.
func load(path string, set []string) (*loaded, error) {
	data, err := scenario.ReadRegular(path, scenario.MaxFileSize) // a FIFO is refused, not waited on
	if err != nil {
		return nil, badInput{err}
	}
	f, err := scenario.Parse(path, data)
	if err != nil {
		return nil, badInput{err}
	}
	l := &loaded{file: f, path: filepath.ToSlash(path), sha256: f.SHA256, overrides: set}
	var ovs []cba.Override
	for _, kv := range set {
		ov, err := scenario.ParseOverride(kv)
		if err != nil {
			return nil, badInput{cba.Errorf("-set %s: %v", kv, err)}
		}
		ovs = append(ovs, ov)
	}
	if len(ovs) > 0 {
		if l.changes, err = f.Apply(ovs...); err != nil {
			return nil, badInput{cba.Errorf("-set: %w", err)}
		}
	}
	return l, nil
}

// provenance says where a result comes from.
func (l *loaded) provenance(mode string) report.Provenance {
	p := report.Provenance{File: l.path, SHA256: l.sha256, Version: version(), Overrides: l.overrides,
		Mode: mode, Timing: report.Timing, Fingerprint: l.file.Scenario.Fingerprint()}
	for _, ch := range l.changes {
		c := report.Change{Override: ch.Override.String(), Places: ch.Places, Fixed: ch.Fixed, DroppedCorrelations: ch.Dropped}
		for _, r := range ch.Rescaled {
			c.Rescaled = append(c.Rescaled, fmt.Sprintf("%s %s -> %s", r.Factor, short6(r.From), short6(r.To)))
		}
		p.Changes = append(p.Changes, c)
	}
	return p
}

// short6 writes a share with 6 significant digits.
func short6(v float64) string { return fmt.Sprintf("%.6g", v) }
