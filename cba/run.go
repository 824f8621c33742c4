package cba

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Options control a Monte Carlo run. The zero value of each field means its
// default.
type Options struct {
	// Iterations to run: iterations First .. First+Iterations-1 (default 1,000).
	Iterations int
	// First is the index of the first iteration, so that a long run can be
	// split into ranges on several machines and merged (Result.Merge).
	First uint64
	// Seed keys the random numbers: iteration i's draws depend only on
	// (Seed, i), so results do not depend on Workers or on splitting.
	Seed uint64
	// Workers is the number of goroutines (default runtime.GOMAXPROCS(0)).
	Workers int
	// Keep keeps every iteration's outputs in MonteCarlo.Values. Without it
	// memory does not grow with the number of iterations.
	Keep bool
	// Progress, if not nil, is called from the goroutine that called Run as
	// iterations complete, with the number done and the total.
	Progress func(done, total int)
	// Each, if not nil, is called from the goroutine that called Run with
	// every iteration's outputs, in iteration order (values is reused
	// after the call returns). It streams per-iteration results without
	// keeping them.
	Each func(iteration uint64, values []float64)
}

// MonteCarlo is the result of a Monte Carlo run.
type MonteCarlo struct {
	Outputs       []Output  // what each statistic is of
	Deterministic []float64 // each output at the parameters' means
	Seed          uint64
	First         uint64
	Iterations    int
	Workers       int
	// Values[i][k] is output k of iteration First+i, when Options.Keep.
	Values [][]float64
	stats  []Stat
}

// block is how many consecutive iterations a worker takes at a time.
const block = 256

// Run draws the scenario's uncertain parameters Options.Iterations times,
// evaluates each draw (Evaluator.EvaluateOutputs) and accumulates every
// output. The same Seed gives bit-identical results for any number of
// workers, and ranges run apart and merged give the single run's result.
// Run returns promptly with an error when ctx is cancelled.
func Run(ctx context.Context, s *Scenario, opt Options) (*MonteCarlo, error) {
	if opt.Iterations <= 0 {
		opt.Iterations = 1000
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	base, err := NewEvaluator(s)
	if err != nil {
		return nil, err
	}
	mc := &MonteCarlo{Outputs: base.Outputs(), Seed: opt.Seed, First: opt.First,
		Iterations: opt.Iterations, Workers: opt.Workers}
	mc.Deterministic = make([]float64, len(mc.Outputs))
	if err := base.EvaluateOutputs(nil, mc.Deterministic); err != nil {
		return nil, err
	}
	var keep []float64
	if opt.Keep {
		keep = make([]float64, opt.Iterations*len(mc.Outputs))
		mc.Values = make([][]float64, opt.Iterations)
		for i := range mc.Values {
			mc.Values[i] = keep[i*len(mc.Outputs) : (i+1)*len(mc.Outputs) : (i+1)*len(mc.Outputs)]
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64 // the next block to take
	blocks := (opt.Iterations + block - 1) / block
	done := make(chan finished, opt.Workers)
	results := make([][]Stat, opt.Workers)
	errs := make([]error, opt.Workers)
	var wg sync.WaitGroup
	sampler := base.NewSampler(opt.Seed)
	for w := range opt.Workers {
		ev, sm := base, sampler
		if w > 0 {
			ev, _ = NewEvaluator(s) // s was valid a moment ago
			sm = sampler.clone()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[w], errs[w] = work(ctx, ev, sm, mc, &next, blocks, keep, opt.Each != nil, done)
			if errs[w] != nil {
				cancel()
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	completed := 0
	pending := map[int][]float64{} // finished blocks waiting for earlier ones
	emitted := 0                   // blocks passed to Each
	n := len(mc.Outputs)
	for f := range done {
		completed += f.iterations
		if opt.Each != nil && ctx.Err() == nil {
			pending[f.block] = f.values
			for v, ok := pending[emitted]; ok; v, ok = pending[emitted] {
				delete(pending, emitted)
				for j := 0; j*n < len(v); j++ {
					opt.Each(mc.First+uint64(emitted*block+j), v[j*n:(j+1)*n])
				}
				emitted++
			}
		}
		if opt.Progress != nil {
			opt.Progress(completed, opt.Iterations)
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil && completed < opt.Iterations {
		return nil, fmt.Errorf("monte carlo run stopped after %d of %d iterations: %w", completed, opt.Iterations, err)
	}
	mc.stats = results[0]
	for _, r := range results[1:] {
		for k := range mc.stats {
			mc.stats[k].merge(&r[k])
		}
	}
	return mc, nil
}

// finished reports a block of iterations done, with their outputs when Each
// streams them.
type finished struct {
	block, iterations int
	values            []float64
}

// work runs blocks of iterations until none are left, accumulating into its
// own statistics.
func work(ctx context.Context, ev *Evaluator, sampler *Sampler, mc *MonteCarlo, next *atomic.Int64, blocks int, keep []float64, stream bool, done chan<- finished) ([]Stat, error) {
	n := len(mc.Outputs)
	stats := make([]Stat, n)
	for k := range stats {
		stats[k] = newStat(mc.Deterministic[k])
	}
	x, out := ev.Base(), make([]float64, n)
	for {
		b := int(next.Add(1) - 1)
		if b >= blocks {
			return stats, nil
		}
		if err := ctx.Err(); err != nil {
			return stats, nil // Run reports the cancellation
		}
		end := min((b+1)*block, mc.Iterations)
		var values []float64
		if stream {
			values = make([]float64, 0, (end-b*block)*n)
		}
		for i := b * block; i < end; i++ {
			iter := mc.First + uint64(i)
			sampler.Draw(iter, x)
			if err := ev.EvaluateOutputs(x, out); err != nil {
				return nil, fmt.Errorf("iteration %d: %w", iter, err)
			}
			for k, v := range out {
				stats[k].add(v)
			}
			if keep != nil {
				copy(keep[i*n:(i+1)*n], out)
			}
			if stream {
				values = append(values, out...)
			}
		}
		done <- finished{block: b, iterations: end - b*block, values: values}
	}
}

// Summary returns the statistics of output k, with the given percentiles
// (in percent, e.g. 2.5, 50, 97.5).
func (mc *MonteCarlo) Summary(k int, percentiles ...float64) StatSummary {
	return mc.stats[k].summary(percentiles)
}

// Output returns the index of the output named name, or -1.
func (mc *MonteCarlo) Output(name string) int {
	for k, o := range mc.Outputs {
		if o.Name == name {
			return k
		}
	}
	return -1
}

// Merge adds the run o, over the iterations that follow mc's, to mc: the
// result is the one a single run over both ranges gives, bit for bit.
func (mc *MonteCarlo) Merge(o *MonteCarlo) error {
	switch {
	case o.Seed != mc.Seed:
		return fmt.Errorf("merge: seeds differ (%d and %d)", mc.Seed, o.Seed)
	case len(o.Outputs) != len(mc.Outputs):
		return fmt.Errorf("merge: the runs are of different scenarios")
	case o.First != mc.First+uint64(mc.Iterations):
		return fmt.Errorf("merge: the second run must start at iteration %d, not %d", mc.First+uint64(mc.Iterations), o.First)
	}
	for k := range mc.Outputs {
		if mc.Outputs[k].Name != o.Outputs[k].Name || mc.Deterministic[k] != o.Deterministic[k] {
			return fmt.Errorf("merge: the runs are of different scenarios (%s)", mc.Outputs[k].Name)
		}
	}
	for k := range mc.stats {
		mc.stats[k].merge(&o.stats[k])
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
