package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
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

// monteCarlo runs the Monte Carlo mode of the command into out.
func monteCarlo(o *options, in report.Input, s *cba.Scenario, stderr io.Writer, out *bytes.Buffer) error {
	first, n, err := iterationRange(o.iterations)
	if err != nil {
		return badInput{err}
	}
	if o.budget {
		return badInput{fmt.Errorf("-budget goes with a deterministic run, not with -iterations")}
	}
	var percentiles []float64
	for _, f := range strings.Split(o.percentiles, ",") {
		p, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || p < 0 || p > 100 {
			return badInput{fmt.Errorf("-percentiles: want numbers from 0 to 100, got %q", f)}
		}
		percentiles = append(percentiles, p)
	}
	var write func(io.Writer, report.MonteCarloInput) error
	switch o.format {
	case "text":
		write = report.MonteCarloText
	case "json":
		write = report.MonteCarloJSON
	case "csv":
		write = report.MonteCarloCSV
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
		iterations = report.NewIterations(values, ev.Outputs())
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
	mcIn := report.MonteCarloInput{
		Provenance: report.MonteCarloProvenance{Provenance: in.Provenance, Seed: o.seed,
			Iterations: fmt.Sprintf("%d:%d", first, first+uint64(n)), Workers: mc.Workers},
		Deterministic: in.Result, Run: mc, Percentiles: percentiles, Groups: o.groups,
	}
	mcIn.Provenance.Mode = "monte carlo"
	if err := write(out, mcIn); err != nil {
		return err
	}
	if values != nil {
		return values.commit()
	}
	return nil
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
