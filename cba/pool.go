package cba

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// MaxWorkers is the most goroutines a run uses: 4 times GOMAXPROCS, and
// at least 8. More would only add memory (each worker keeps its own
// statistics), not speed.
func MaxWorkers() int { return max(8, 4*runtime.GOMAXPROCS(0)) }

// parallel runs blocks 0..blocks-1 on workers goroutines and hands each
// block's result to deliver, in block order, from the calling goroutine.
// start is called once in each worker goroutine and returns that worker's
// function for a block, with whatever state the worker keeps. The first
// error stops the run; so does ctx.
//
// It is the one worker pool of the package: Monte Carlo runs, designed
// experiments and micro-simulation all go through it, so that each is
// reproducible whatever the number of workers.
func parallel[R any](ctx context.Context, blocks, workers int, start func() func(block int) (R, error), deliver func(block int, r R)) error {
	workers = max(1, min(workers, blocks))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type done struct {
		block int
		r     R
		err   error
	}
	results := make(chan done, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := start()
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks || ctx.Err() != nil {
					return
				}
				r, err := work(b)
				results <- done{b, r, err}
				if err != nil {
					cancel()
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	pending := map[int]R{}
	emitted := 0
	var first error
	for d := range results {
		if d.err != nil {
			if first == nil {
				first = d.err
			}
			continue
		}
		if first != nil || ctx.Err() != nil {
			continue
		}
		if d.block == emitted { // in order: no need to hold it
			deliver(emitted, d.r)
			emitted++
		} else {
			pending[d.block] = d.r
		}
		for r, ok := pending[emitted]; ok; r, ok = pending[emitted] {
			delete(pending, emitted)
			deliver(emitted, r)
			emitted++
		}
	}
	if first != nil {
		return first
	}
	if emitted < blocks {
		return ctx.Err()
	}
	return nil
}
