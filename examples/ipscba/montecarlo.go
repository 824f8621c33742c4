package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// monteCarlo runs (or merges) the Monte Carlo mode of the command into out
// and its other outputs.
func monteCarlo(ctx context.Context, o *options, l *loaded, in report.Input, stderr io.Writer, out *bytes.Buffer, outs *outputs) error {
	percentiles, _ := parsePercentiles(o.percentiles) // checked by checkFlags
	var mc *cba.MonteCarlo
	var err error
	if o.merge != "" {
		mc, err = loadRuns(o.merge, l, outs)
	} else {
		mc, err = runIterations(ctx, o, l, stderr, outs)
	}
	if err != nil {
		return err
	}
	if o.state != "" {
		mc.Origin = cba.Origin{File: l.path, SHA256: l.sha256, Overrides: l.overrides}
		data, err := mc.MarshalBinary()
		if err != nil {
			return err
		}
		if err := outs.writeTo("-state", o.state, nil, data); err != nil {
			return err
		}
	}
	var budget *cba.BudgetRun
	if o.budget {
		if budget, err = runBudget(ctx, o, l, stderr); err != nil {
			return err
		}
	}
	f, _ := report.FormatNamed(o.format, report.MonteCarloKind) // checked by checkFlags
	write := f.MonteCarlo
	prov := in.Provenance
	prov.Mode = "monte carlo"
	mcIn := report.MonteCarloInput{
		Provenance: report.MonteCarloProvenance{Provenance: prov, Seed: mc.Seed,
			Iterations: fmt.Sprintf("%d:%d", mc.First, mc.First+uint64(mc.Iterations)), Workers: mc.Workers},
		Deterministic: in.Result, Run: mc, Percentiles: percentiles, Groups: o.groups, Decides: in.Decides,
		Scenario: in.Scenario, Lang: in.Lang, Budget: budget, BudgetYears: o.budgetYears,
	}
	return write(out, mcIn)
}

// runBudget runs the budget impact under uncertainty for -budget: the
// draws of -iterations, with its seed and workers, each evaluated in full.
func runBudget(ctx context.Context, o *options, l *loaded, stderr io.Writer) (*cba.BudgetRun, error) {
	first, n, _ := iterationRange(o.iterations) // checked by checkFlags
	bar := newProgress(stderr, n)
	bar.label = "budget"
	br, err := l.file.RunBudget(ctx, cba.Options{Iterations: n, First: first, Seed: o.seed, Workers: o.workers, Progress: bar.update})
	bar.finish(err == nil)
	return br, err
}

// runIterations runs the iterations of -iterations, streaming -values.
func runIterations(ctx context.Context, o *options, l *loaded, stderr io.Writer, outs *outputs) (*cba.MonteCarlo, error) {
	first, n, _ := iterationRange(o.iterations) // checked by checkFlags
	opt := cba.Options{Iterations: n, First: first, Seed: o.seed, Workers: o.workers}
	bar := newProgress(stderr, n)
	opt.Progress = bar.update
	var iterations interface {
		Write(uint64, []float64, []float64)
		Close() error
	}
	if o.values != "" {
		f, err := outs.create("-values", o.values)
		if err != nil {
			return nil, err
		}
		ev, err := l.file.Evaluator()
		if err != nil {
			return nil, badInput{err}
		}
		var names []string
		for _, x := range ev.Factors() {
			if x.Index >= 0 {
				names = append(names, x.Name)
			}
		}
		switch ext := strings.ToLower(filepath.Ext(o.values)); ext {
		case ".parquet":
			iterations = report.NewParquetIterations(f, names, ev.Outputs())
		default: // .csv or .json (checkFlags)
			iterations = report.NewIterations(f, names, ev.Outputs(), ext == ".json")
		}
		opt.Each = iterations.Write
	}
	mc, err := l.file.Run(ctx, opt)
	bar.finish(err == nil)
	if err != nil {
		return nil, err // stopped: the command says so
	}
	if iterations != nil {
		if err := iterations.Close(); err != nil {
			return nil, cba.Errorf("-values %s: %v", o.values, rootCause(err)) // not the temporary file's name
		}
	}
	return mc, nil
}

// loadRuns reads and merges runs saved with -state, in iteration order, and
// refuses runs that are not ranges of one run of this scenario as it is
// now (the file and its -set).
func loadRuns(list string, l *loaded, outs *outputs) (*cba.MonteCarlo, error) {
	type saved struct {
		path string
		mc   *cba.MonteCarlo
	}
	var runs []saved
	for _, path := range strings.Split(list, ",") {
		path = strings.TrimSpace(path)
		outs.inputs = append(outs.inputs, path)
		data, err := scenario.ReadRegular(path, 1<<30) // a FIFO is refused, not waited on
		if err != nil {
			return nil, badInput{cba.Errorf("-merge: %v", err)}
		}
		mc := new(cba.MonteCarlo)
		if err := mc.UnmarshalBinary(data); err != nil {
			return nil, badInput{cba.Errorf("-merge %s: %v", path, err)}
		}
		runs = append(runs, saved{path, mc})
	}
	slices.SortStableFunc(runs, func(a, b saved) int { return cmp.Compare(a.mc.First, b.mc.First) })
	for _, r := range runs {
		if err := sameScenario(l, r.path, r.mc); err != nil {
			return nil, err
		}
	}
	merged := runs[0].mc
	for i, r := range runs[1:] {
		if err := merged.Merge(r.mc); err != nil {
			return nil, badInput{cba.Errorf("-merge: %s and %s cannot be merged: %v", runs[i].path, r.path, err)}
		}
	}
	return merged, nil
}

// sameScenario refuses a saved run made from another scenario than this
// one as it is now, saying what differs: the file's content, or the -set.
func sameScenario(l *loaded, path string, mc *cba.MonteCarlo) error {
	if mc.Scenario == l.file.Scenario.Fingerprint() {
		return nil
	}
	o := mc.Origin
	switch {
	case o.SHA256 != "" && o.SHA256 != l.sha256:
		return badInput{cba.Errorf("-merge: %s was made from another version of the scenario file (%s, sha256 %s); %s is sha256 %s now",
			path, o.File, short12(o.SHA256), l.path, short12(l.sha256))}
	case !slices.Equal(o.Overrides, l.overrides):
		return badInput{cba.Errorf("-merge: %s was made with other -set values (%s), not with %s",
			path, setList(o.Overrides), setList(l.overrides))}
	}
	return badInput{cba.Errorf("-merge: %s was made from another scenario (fingerprint %s, not %s)",
		path, short12(mc.Scenario), short12(l.file.Scenario.Fingerprint()))}
}

func setList(s []string) string {
	if len(s) == 0 {
		return "no -set"
	}
	return "-set " + strings.Join(s, " -set ")
}

func short12(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
