package cba

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// MaxIteration bounds the iterations of a run: iteration numbers are below
// 2^53, so that each is exact as a float64 and in JSON, and a range
// first:end never wraps around.
const MaxIteration = 1 << 53

// Options control a Monte Carlo run. The zero value of each field means its
// default.
type Options struct {
	// Iterations to run: iterations First .. First+Iterations-1 (default 1,000).
	Iterations int
	// First is the index of the first iteration, so that a long run can be
	// split into ranges on several machines and merged (MonteCarlo.Merge).
	First uint64
	// Seed keys the random numbers: iteration i's draws depend only on
	// (Seed, i), so results do not depend on Workers or on splitting.
	Seed uint64
	// Workers is the number of goroutines (default runtime.GOMAXPROCS(0);
	// at most MaxWorkers()).
	Workers int
	// Source gives each iteration's factor values; nil means a Sampler of
	// the scenario's uncertainty with Seed.
	Source Source
	// Keep keeps every iteration's outputs in MonteCarlo.Values, at most
	// MaxKeptValues of them (iterations times outputs; a run asking for
	// more is refused before it starts). Without it memory does not grow
	// with the number of iterations.
	Keep bool
	// Progress, if not nil, is called from the goroutine that called Run as
	// iterations complete, with the number done and the total.
	Progress func(done, total int)
	// Each, if not nil, is called from the goroutine that called Run with
	// every iteration's factor values (indexed like the vector, Factor.Index)
	// and outputs, in iteration order (both are reused after the call
	// returns). It streams per-iteration results without keeping them.
	Each func(iteration uint64, factors, outputs []float64)
	// SkipStatistics leaves out the outputs' statistics (MonteCarlo.Stat
	// and Summary are then empty): for designed experiments, whose points
	// are not draws of the scenario's uncertainty and whose outputs the
	// caller takes through Each or Keep.
	SkipStatistics bool
}

// MaxKeptValues bounds the values a run keeps (Options.Keep): 2^27
// float64s, 1 GiB. Stream more through Options.Each.
const MaxKeptValues = 1 << 27

// MonteCarlo is the result of a Monte Carlo run (or of several ranges of
// one run, merged).
type MonteCarlo struct {
	Outputs       []OutputKey // what each statistic is of
	Deterministic []float64   // each output at the factors' base values (the means)
	// Factors names the vector entries (the Names of the factors with an
	// Index), for per-iteration output.
	Factors    []string
	Seed       uint64
	First      uint64
	Iterations int
	// Workers is the number of goroutines the run used: at most
	// Options.Workers, and no more than its blocks of 256 iterations (a
	// merged run: the most of its parts').
	Workers int
	// Scenario is the fingerprint of the scenario run, as it was after
	// every override (Scenario.Fingerprint): runs merge only with runs of
	// the same scenario.
	Scenario string
	// Version is the version of the module that made the run: its tag,
	// or in an untagged build "(devel) source" and a hash of the source
	// code that computes the run, so that Merge refuses runs of two
	// revisions.
	Version string
	// Origin is what the caller says of the scenario's source (saved with
	// the run; not compared by Merge).
	Origin Origin
	// Values[i][k] is output k of iteration First+i, when Options.Keep.
	Values [][]float64
	stats  []Stat
}

// block is how many consecutive iterations a worker takes at a time.
const block = 256

// check validates and completes the options.
func (opt *Options) check() error {
	if opt.Iterations == 0 {
		opt.Iterations = 1000
	}
	if opt.Workers == 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case opt.Iterations < 0:
		return Errorf("monte carlo: iterations must be > 0, got %d", opt.Iterations)
	case opt.Workers < 0 || opt.Workers > MaxWorkers():
		return Errorf("monte carlo: workers must be from 1 to %d, got %d", MaxWorkers(), opt.Workers)
	case opt.First >= MaxIteration || uint64(opt.Iterations) > MaxIteration-opt.First:
		return Errorf("monte carlo: iterations %d to %d go beyond the largest, 2^53", opt.First, opt.First+uint64(opt.Iterations))
	}
	if b, ok := opt.Source.(Bounded); ok && opt.First+uint64(opt.Iterations) > b.Len() {
		return Errorf("monte carlo: iterations %d to %d, but the source has %d", opt.First, opt.First+uint64(opt.Iterations), b.Len())
	}
	return nil
}

// Run evaluates the scenario for Options.Iterations sets of factor values
// (by default drawn from its uncertainty, Evaluator.EvaluateOutputs) and
// accumulates every output. The same Seed gives bit-identical results for
// any number of workers, and ranges run apart and merged give the single
// run's result. Run returns promptly with an error when ctx is cancelled.
func Run(ctx context.Context, s *Scenario, opt Options) (*MonteCarlo, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	base, err := NewEvaluator(s)
	if err != nil {
		return nil, err
	}
	return base.Run(ctx, opt)
}

// Run is Run for the evaluator's scenario; ev must not be used by another
// goroutine while it runs.
func (ev *Evaluator) Run(ctx context.Context, opt Options) (*MonteCarlo, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	mc, err := ev.newRun(opt)
	if err != nil {
		return nil, err
	}
	source := opt.Source
	if source == nil {
		source = ev.NewSampler(opt.Seed)
	}
	// The first worker evaluates with ev and source, the others with forks.
	worker := func(first bool) runStep {
		e, src := ev, source
		if !first {
			e, src = ev.fork(), source.Fork()
		}
		return runStep{x: e.Base(), step: func(i uint64, x, out []float64) error {
			src.Fill(i, x)
			return e.EvaluateOutputs(x, out)
		}}
	}
	if mc.stats, err = runIterations(ctx, opt, mc, len(mc.Outputs), ev.twins(), worker); err != nil {
		return nil, err
	}
	return mc, nil
}

// newRun returns the run of opt (checked) before its iterations: what it
// is of, and the outputs at the factors' base values.
func (ev *Evaluator) newRun(opt Options) (*MonteCarlo, error) {
	blocks := (opt.Iterations + block - 1) / block
	mc := &MonteCarlo{Outputs: ev.Outputs(), Seed: opt.Seed, First: opt.First,
		Iterations: opt.Iterations, Workers: max(1, min(opt.Workers, blocks)), Scenario: ev.orig.Fingerprint(), Version: moduleVersion()}
	for _, fi := range ev.tab.vector {
		mc.Factors = append(mc.Factors, ev.tab.factors[fi].Name)
	}
	mc.Deterministic = make([]float64, len(mc.Outputs))
	if err := ev.EvaluateOutputs(nil, mc.Deterministic); err != nil {
		return nil, err
	}
	return mc, nil
}

// runStep is how one worker makes an iteration's values: step writes
// iteration i's factor values into x (the worker's vector, which Each
// streams) and its n values into out.
type runStep struct {
	x    []float64
	step func(i uint64, x, out []float64) error
}

// runIterations runs the iterations of mc on the worker pool, each
// worker's values made by worker(first) (first for the one worker that may
// use the caller's evaluator), keeping them in mc.Values (Options.Keep)
// and streaming them (Options.Each), and returns the statistics of the n
// values of an iteration (nil with SkipStatistics). twins[k] >= 0 says
// that value k equals value twins[k] in every iteration (nil: none does).
func runIterations(ctx context.Context, opt Options, mc *MonteCarlo, n int, twins []int, worker func(first bool) runStep) ([]Stat, error) {
	if opt.Keep && n > 0 && opt.Iterations > MaxKeptValues/n {
		return nil, Errorf("monte carlo: Keep would hold %d iterations x %d outputs, more than MaxKeptValues (%d, 1 GiB): stream the values with Each, or run fewer iterations",
			opt.Iterations, n, MaxKeptValues)
	}
	blocks := (opt.Iterations + block - 1) / block
	var keep []float64
	if opt.Keep {
		keep = make([]float64, opt.Iterations*n)
		mc.Values = make([][]float64, opt.Iterations)
		for i := range mc.Values {
			mc.Values[i] = keep[i*n : (i+1)*n : (i+1)*n]
		}
	}
	stream := opt.Each != nil
	// Blocks of streamed values are reused once delivered.
	var buffers sync.Pool
	var mu sync.Mutex
	var workers []*runWorker
	// Values that repeat an earlier one's in every iteration get its
	// statistics at the end instead of accumulating their own.
	var own []int
	for k := range n {
		if twins == nil || twins[k] < 0 {
			own = append(own, k)
		}
	}
	start := func() func(int) (runBlock, error) {
		mu.Lock()
		w := &runWorker{runStep: worker(len(workers) == 0), out: make([]float64, n), buffers: &buffers, own: own}
		if !opt.SkipStatistics {
			w.stats = make([]Stat, n)
			w.cols = make([]float64, n*statBatch)
		}
		workers = append(workers, w)
		mu.Unlock()
		return func(b int) (runBlock, error) { return w.block(mc, b, opt.Iterations, keep, stream) }
	}
	done := 0
	deliver := func(b int, r runBlock) {
		if stream {
			nf := len(mc.Factors)
			for j := 0; j < r.n; j++ {
				opt.Each(mc.First+uint64(b*block+j), r.factors[j*nf:(j+1)*nf], r.values[j*n:(j+1)*n])
			}
			buffers.Put(&r)
		}
		done += r.n
		if opt.Progress != nil {
			opt.Progress(done, opt.Iterations)
		}
	}
	if err := parallel(ctx, blocks, mc.Workers, start, deliver); err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, Errorf("monte carlo run stopped after %d of %d iterations: %w", done, opt.Iterations, err)
		}
		return nil, err
	}
	if opt.SkipStatistics {
		return nil, nil
	}
	return mergeWorkers(workers, n, own, twins), nil
}

// mergeWorkers merges the workers' statistics of the values own, and
// copies each twin's from the value it repeats.
func mergeWorkers(workers []*runWorker, n int, own, twins []int) []Stat {
	stats := make([]Stat, n)
	for _, w := range workers {
		for _, k := range own {
			stats[k].Merge(&w.stats[k])
		}
	}
	for k, t := range twins {
		if t >= 0 {
			stats[k].Merge(&stats[t]) // a copy
		}
	}
	return stats
}

// runWorker is one goroutine's way to make values (its evaluator and
// source, in runStep) and its statistics.
type runWorker struct {
	runStep
	out     []float64
	stats   []Stat     // nil: no statistics
	buffers *sync.Pool // of *runBlock, for streamed values
	// cols holds up to statBatch iterations' outputs, output by output
	// (cols[k*statBatch+j] is output k of the j-th), until they are added
	// to the statistics: one output's statistics at a time stay in the
	// processor's cache, where all of them together would not.
	cols   []float64
	filled int
	own    []int // the outputs whose statistics are accumulated (not twins)
}

// statBatch is how many iterations' outputs a worker holds before adding
// them to the statistics. The statistics are exact, so batching changes
// no number.
const statBatch = 64

// flush adds the iterations held in w.cols to the statistics.
func (w *runWorker) flush() {
	for _, k := range w.own {
		w.stats[k].AddAll(w.cols[k*statBatch : k*statBatch+w.filled])
	}
	w.filled = 0
}

// runBlock is a block of iterations done, with their factor values and
// outputs when Each streams them.
type runBlock struct {
	n               int
	factors, values []float64
}

func (w *runWorker) block(mc *MonteCarlo, b, iterations int, keep []float64, stream bool) (runBlock, error) {
	n := len(w.out)
	end := min((b+1)*block, iterations)
	r := runBlock{n: end - b*block}
	if stream {
		if old, ok := w.buffers.Get().(*runBlock); ok {
			r.factors, r.values = old.factors[:0], old.values[:0]
		} else {
			r.factors = make([]float64, 0, block*len(w.x))
			r.values = make([]float64, 0, block*n)
		}
	}
	for i := b * block; i < end; i++ {
		iter := mc.First + uint64(i)
		if err := w.step(iter, w.x, w.out); err != nil {
			return r, Errorf("iteration %d: %w", iter, err)
		}
		if w.stats != nil {
			for _, k := range w.own {
				w.cols[k*statBatch+w.filled] = w.out[k]
			}
			if w.filled++; w.filled == statBatch {
				w.flush()
			}
		}
		if keep != nil {
			copy(keep[i*n:(i+1)*n], w.out)
		}
		if stream {
			r.factors = append(r.factors, w.x...)
			r.values = append(r.values, w.out...)
		}
	}
	if w.stats != nil {
		w.flush()
	}
	return r, nil
}

// Index returns the position of the output named by key, or false.
func (mc *MonteCarlo) Index(key OutputKey) (int, bool) {
	for k, o := range mc.Outputs {
		if o == key {
			return k, true
		}
	}
	return 0, false
}

// Stat returns the statistics of output k, or nil when there is no such
// output (a nil *Stat summarises as empty).
func (mc *MonteCarlo) Stat(k int) *Stat {
	if k < 0 || k >= len(mc.stats) {
		return nil
	}
	return &mc.stats[k]
}

// Summary returns the statistics of the output named by key, with the
// given percentiles (in percent, e.g. 2.5, 50, 97.5), or false when the run
// has no such output.
func (mc *MonteCarlo) Summary(key OutputKey, percentiles ...float64) (StatSummary, bool) {
	k, ok := mc.Index(key)
	if !ok || k >= len(mc.stats) {
		return StatSummary{}, false
	}
	return mc.stats[k].Summary(percentiles...), true
}

// MergeError says why two runs cannot be merged: What differs, and its
// values in each run.
type MergeError struct {
	What string
	A, B string
}

// Error returns a sentence naming what differs.
func (e *MergeError) Error() string {
	return fmt.Sprintf("the runs have different %s (%s and %s)", e.What, e.A, e.B)
}

// Merge adds the run o, over the iterations that follow mc's, to mc: the
// result is the one a single run over both ranges gives, bit for bit. It
// refuses (a *MergeError) runs of another scenario or seed, ranges that do
// not follow each other, and a run that kept its iterations' values
// (Options.Keep) with one that did not.
func (mc *MonteCarlo) Merge(o *MonteCarlo) error {
	switch {
	case mc == nil || o == nil:
		nilOr := func(m *MonteCarlo) string {
			if m == nil {
				return "nil"
			}
			return m.rangeText()
		}
		return &MergeError{"runs (a nil *MonteCarlo)", nilOr(mc), nilOr(o)}
	case (mc.Values == nil) != (o.Values == nil) && mc.Iterations > 0 && o.Iterations > 0:
		return &MergeError{"kept values (Options.Keep)", fmt.Sprint(mc.Values != nil), fmt.Sprint(o.Values != nil)}
	case o.Seed != mc.Seed:
		return &MergeError{"seeds", fmt.Sprint(mc.Seed), fmt.Sprint(o.Seed)}
	case o.Scenario != mc.Scenario:
		return &MergeError{"scenarios (after every -set)", short(mc.Scenario), short(o.Scenario)}
	case o.Version != mc.Version:
		return &MergeError{"module versions", mc.Version, o.Version}
	case len(o.Outputs) != len(mc.Outputs):
		return &MergeError{"outputs", fmt.Sprint(len(mc.Outputs)), fmt.Sprint(len(o.Outputs))}
	case o.First < mc.First+uint64(mc.Iterations):
		return &MergeError{"ranges: they overlap", mc.rangeText(), o.rangeText()}
	case o.First > mc.First+uint64(mc.Iterations):
		return &MergeError{"ranges: iterations are missing between them", mc.rangeText(), o.rangeText()}
	}
	for k := range mc.Outputs {
		if mc.Outputs[k] != o.Outputs[k] {
			return &MergeError{"outputs", mc.Outputs[k].String(), o.Outputs[k].String()}
		}
	}
	if len(mc.stats) != len(o.stats) {
		return &MergeError{"statistics (one run skipped them)", fmt.Sprint(len(mc.stats)), fmt.Sprint(len(o.stats))}
	}
	for k := range mc.stats {
		mc.stats[k].Merge(&o.stats[k])
	}
	mc.Iterations += o.Iterations
	mc.Workers = max(mc.Workers, o.Workers)
	if mc.Values != nil && o.Values != nil {
		mc.Values = append(mc.Values, o.Values...)
	} else {
		mc.Values = nil
	}
	return nil
}

func (mc *MonteCarlo) rangeText() string {
	return fmt.Sprintf("%d:%d", mc.First, mc.First+uint64(mc.Iterations))
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// moduleVersion is the version of the module that computes: its tag when
// it is a tagged dependency, and otherwise (a working copy, go run, go
// test) "(devel)" followed by a hash of the source code that computes a
// run's numbers (sourceHash), so that Merge tells two revisions apart even
// when neither is tagged.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "ipscba" && d.Version != "(devel)" && d.Version != "" {
				return d.Version
			}
		}
		if bi.Main.Path == "ipscba" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "(devel) source " + develSource()
}

// computation is the source code of package cba and of its statistics'
// arithmetic, compiled in so that an untagged build knows which revision
// it is.
//
//go:embed *.go internal/exact/*.go
var computation embed.FS

var develSource = sync.OnceValue(func() string { return sourceHash(computation) })

// sourceHash returns the first 16 hex digits of a SHA-256 over the names
// and contents of the Go files of fsys other than tests, in path order.
func sourceHash(fsys fs.FS) string {
	h := sha256.New()
	fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil
		}
		fmt.Fprintf(h, "%s %d\n", path, len(data))
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16]
}
