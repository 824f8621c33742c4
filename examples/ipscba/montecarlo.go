package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"ipscba/cba"
	"ipscba/cba/report"
)

// iterationRange parses -iterations: "N" (iterations 0 to N-1) or
// "first:end" (end excluded).
func iterationRange(s string) (first uint64, n int, err error) {
	a, b, isRange := strings.Cut(s, ":")
	if !isRange {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			return 0, 0, fmt.Errorf("-iterations: want a positive number or first:end, got %q", s)
		}
		return 0, v, nil
	}
	lo, err1 := strconv.ParseUint(a, 10, 64)
	hi, err2 := strconv.ParseUint(b, 10, 64)
	if err1 != nil || err2 != nil || hi <= lo {
		return 0, 0, fmt.Errorf("-iterations: want first:end with first < end, got %q", s)
	}
	return lo, int(hi - lo), nil
}

// loadRuns reads and merges runs saved with -state, in iteration order.
func loadRuns(list string) (*cba.MonteCarlo, error) {
	var runs []*cba.MonteCarlo
	for _, path := range strings.Split(list, ",") {
		data, err := os.ReadFile(strings.TrimSpace(path))
		if err != nil {
			return nil, badInput{err}
		}
		mc := new(cba.MonteCarlo)
		if err := mc.UnmarshalBinary(data); err != nil {
			return nil, badInput{fmt.Errorf("%s: %w", path, err)}
		}
		runs = append(runs, mc)
	}
	slices.SortFunc(runs, func(a, b *cba.MonteCarlo) int { return cmp.Compare(a.First, b.First) })
	for _, r := range runs[1:] {
		if err := runs[0].Merge(r); err != nil {
			return nil, badInput{fmt.Errorf("-merge: %w", err)}
		}
	}
	return runs[0], nil
}

// monteCarlo runs the Monte Carlo mode of the command into out.
func monteCarlo(o *options, in report.Input, s *cba.Scenario, stderr io.Writer, out *bytes.Buffer) error {
	if o.budget {
		return badInput{fmt.Errorf("-budget goes with a deterministic run, not with -iterations or -merge")}
	}
	if o.merge != "" {
		if o.iterations != "" || o.values != "" {
			return badInput{fmt.Errorf("-merge reports saved runs: it takes no -iterations or -values")}
		}
		mc, err := loadRuns(o.merge)
		if err != nil {
			return err
		}
		if err := sameScenario(s, mc); err != nil {
			return err
		}
		return mcReport(o, in, mc, out)
	}
	first, n, err := iterationRange(o.iterations)
	if err != nil {
		return badInput{err}
	}
	if _, err := parsePercentiles(o.percentiles); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opt := cba.Options{Iterations: n, First: first, Seed: o.seed, Workers: o.workers}
	bar := newProgress(stderr, n)
	opt.Progress = bar.update
	var values *atomicFile
	var iterations *report.Iterations
	if o.values != "" {
		if values, err = createAtomic(o.values); err != nil {
			return err
		}
		defer values.discard()
		ev, err := cba.NewEvaluator(s)
		if err != nil {
			return badInput{err}
		}
		iterations = report.NewIterations(values, ev.Outputs(), strings.HasSuffix(o.values, ".json"))
		opt.Each = iterations.Write
	}
	mc, err := cba.Run(ctx, s, opt)
	bar.finish(err == nil)
	if err != nil {
		return err
	}
	if iterations != nil {
		if err := iterations.Close(); err != nil {
			return err
		}
	}
	if o.state != "" {
		data, err := mc.MarshalBinary()
		if err != nil {
			return err
		}
		if err := write(o.state, nil, data); err != nil {
			return err
		}
	}
	if err := mcReport(o, in, mc, out); err != nil {
		return err
	}
	if values != nil {
		return values.commit()
	}
	return nil
}

// sameScenario refuses saved runs that were not made from s as it is now
// (another file, or other -set values): their deterministic outputs differ.
func sameScenario(s *cba.Scenario, mc *cba.MonteCarlo) error {
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		return badInput{err}
	}
	det := make([]float64, len(ev.Outputs()))
	if err := ev.EvaluateOutputs(nil, det); err != nil {
		return badInput{err}
	}
	if !slices.Equal(det, mc.Deterministic) {
		return badInput{fmt.Errorf("-merge: the saved runs were made with another scenario or other -set values")}
	}
	return nil
}

func parsePercentiles(list string) ([]float64, error) {
	var percentiles []float64
	for _, f := range strings.Split(list, ",") {
		p, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || p < 0 || p > 100 {
			return nil, badInput{fmt.Errorf("-percentiles: want numbers from 0 to 100, got %q", f)}
		}
		percentiles = append(percentiles, p)
	}
	return percentiles, nil
}

// mcReport writes a Monte Carlo result in the chosen format.
func mcReport(o *options, in report.Input, mc *cba.MonteCarlo, out *bytes.Buffer) error {
	percentiles, err := parsePercentiles(o.percentiles)
	if err != nil {
		return err
	}
	write := map[string]func(io.Writer, report.MonteCarloInput) error{
		"text": report.MonteCarloText, "json": report.MonteCarloJSON, "csv": report.MonteCarloCSV,
	}[o.format]
	mcIn := report.MonteCarloInput{
		Provenance: report.MonteCarloProvenance{Provenance: in.Provenance, Seed: mc.Seed,
			Iterations: fmt.Sprintf("%d:%d", mc.First, mc.First+uint64(mc.Iterations)), Workers: mc.Workers},
		Deterministic: in.Result, Run: mc, Percentiles: percentiles, Groups: o.groups,
	}
	mcIn.Provenance.Mode = "monte carlo"
	return write(out, mcIn)
}

// progress shows a bar on stderr for runs that last over a second, when
// stderr is a terminal.
type progress struct {
	w      io.Writer
	total  int
	start  time.Time
	p      *mpb.Progress
	bar    *mpb.Bar
	active bool
}

func newProgress(stderr io.Writer, total int) *progress {
	f, ok := stderr.(*os.File)
	tty := false
	if ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: stderr, total: total, start: time.Now(), active: tty}
}

func (p *progress) update(done, total int) {
	if !p.active || (p.bar == nil && time.Since(p.start) < time.Second) {
		return
	}
	if p.bar == nil {
		p.p = mpb.New(mpb.WithOutput(p.w), mpb.WithWidth(40))
		p.bar = p.p.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name("monte carlo "), decor.CountersNoUnit("%d / %d")),
			mpb.AppendDecorators(decor.Percentage(), decor.Name(" eta "), decor.AverageETA(decor.ET_STYLE_GO)),
			mpb.BarRemoveOnComplete())
	}
	p.bar.SetCurrent(int64(done))
}

func (p *progress) finish(ok bool) {
	if p.bar == nil {
		return
	}
	if !ok {
		p.bar.Abort(true)
	}
	p.p.Wait()
}
