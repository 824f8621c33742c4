package cba_test

import (
	"context"
	"runtime"
	"testing"

	"ipscba/cba"
	"ipscba/cba/floor"
	"ipscba/cba/scenario"
)

// loadNorway reads the bundled Norway scenario.
func loadNorway(tb testing.TB) *cba.Scenario {
	tb.Helper()
	f, err := scenario.Load("../scenarios/norway-norce.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return f.Scenario
}

// BenchmarkEvaluate is one full evaluation of the bundled Norway scenario
// (4 groups, 2 arms, 120 months): every flow, present value, ratio and
// break-even month, for each arm, group and increment.
func BenchmarkEvaluate(b *testing.B) {
	s := loadNorway(b)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		b.Fatal(err)
	}
	r, x := ev.NewResult(), ev.Base()
	armGroupMonths := float64(len(s.Arms) * len(s.Groups) * s.HorizonMonths)
	b.ReportAllocs()
	for b.Loop() {
		if err := ev.Evaluate(x, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/armGroupMonths, "ns/arm-group-month")
}

// BenchmarkEvaluateFromFile includes reading and checking the YAML file: what
// the planner's command does once.
func BenchmarkEvaluateFromFile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		f, err := scenario.Load("../scenarios/norway-norce.yaml")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := cba.Evaluate(f.Scenario); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateOutputs is the Monte Carlo path: only the outputs a run
// reports, in closed form where the model allows.
func BenchmarkEvaluateOutputs(b *testing.B) {
	s := loadNorway(b)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		b.Fatal(err)
	}
	x, dst := ev.Base(), make([]float64, len(ev.Outputs()))
	armGroupMonths := float64(len(s.Arms) * len(s.Groups) * s.HorizonMonths)
	b.ReportAllocs()
	for b.Loop() {
		if err := ev.EvaluateOutputs(x, dst); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/armGroupMonths, "ns/arm-group-month")
}

// BenchmarkEvaluateOutputsDrawn is EvaluateOutputs as a Monte Carlo run
// calls it: each evaluation with other draws (1,024 vectors drawn before,
// in turn), so that every value is written and checked again.
func BenchmarkEvaluateOutputsDrawn(b *testing.B) {
	s := loadNorway(b)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		b.Fatal(err)
	}
	sm := ev.NewSampler(1)
	xs := make([][]float64, 1024)
	for i := range xs {
		xs[i] = ev.Base()
		sm.Fill(uint64(i), xs[i])
	}
	dst := make([]float64, len(ev.Outputs()))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := ev.EvaluateOutputs(xs[i%len(xs)], dst); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRun is the Monte Carlo run of the bundled Norway scenario on one
// worker: every iteration's draws (BenchmarkDraw), its evaluation and the
// statistics of every output.
func BenchmarkRun(b *testing.B) {
	s := loadNorway(b)
	const iterations = 100_000
	run := func(n int) {
		if _, err := cba.Run(context.Background(), s, cba.Options{Iterations: n, Workers: 1, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	// Allocations per iteration in steady state: the difference between two
	// run lengths, so that the run's set-up does not count.
	var m0, m1, m2 runtime.MemStats
	runtime.ReadMemStats(&m0)
	run(iterations)
	runtime.ReadMemStats(&m1)
	run(2 * iterations)
	runtime.ReadMemStats(&m2)
	perIteration := (float64(m2.Mallocs-m1.Mallocs) - float64(m1.Mallocs-m0.Mallocs)) / iterations

	b.ResetTimer()
	for b.Loop() {
		run(iterations)
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N*iterations)
	armGroupMonths := float64(len(s.Arms) * len(s.Groups) * s.HorizonMonths)
	b.ReportMetric(1e9/ns, "iterations/s/core")
	b.ReportMetric(ns/armGroupMonths, "ns/arm-group-month")
	b.ReportMetric(perIteration, "allocs/iteration")
}

// BenchmarkRunWithoutStatistics is BenchmarkRun with Options.SkipStatistics:
// drawing and evaluating alone, so that the difference is what the exact
// statistics and histograms of the outputs cost.
func BenchmarkRunWithoutStatistics(b *testing.B) {
	s := loadNorway(b)
	const iterations = 100_000
	for b.Loop() {
		if _, err := cba.Run(context.Background(), s, cba.Options{Iterations: iterations, Workers: 1, Seed: 1, SkipStatistics: true}); err != nil {
			b.Fatal(err)
		}
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N*iterations)
	b.ReportMetric(ns/float64(len(s.Arms)*len(s.Groups)*s.HorizonMonths), "ns/arm-group-month")
}

// BenchmarkDraw is the drawing alone: what a Run spends before evaluating.
func BenchmarkDraw(b *testing.B) {
	s := loadNorway(b)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		b.Fatal(err)
	}
	sm := ev.NewSampler(1)
	x := ev.Base()
	b.ReportAllocs()
	var i uint64
	for b.Loop() {
		sm.Fill(i, x)
		i++
	}
}

// BenchmarkNewSampler is the making of the Norway scenario's sampler, what
// every run and analysis does first: with its distributions' quantile
// tables kept from an earlier sampler, and made afresh.
func BenchmarkNewSampler(b *testing.B) {
	ev, err := cba.NewEvaluator(loadNorway(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, afresh := range []bool{false, true} {
		b.Run(map[bool]string{false: "kept", true: "afresh"}[afresh], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if afresh {
					cba.ForgetQuantileTables()
				}
				ev.NewSampler(1)
			}
		})
	}
}

// BenchmarkFloor is the hand-written floor of package floor: one
// iteration of the Norway scenario (its draws from the same families, its
// evaluation to the same 211 outputs, plain float statistics of them)
// with nothing general about it. It is the floor the scenario-driven
// engine is measured against: BenchmarkRun's time per iteration over
// BenchmarkFloor's.
func BenchmarkFloor(b *testing.B) {
	f := floor.New()
	var i uint64
	for b.Loop() {
		f.Iteration(i)
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(floor.Groups*floor.Arms*floor.Months), "ns/arm-group-month")
}

// BenchmarkFloorDraw is the floor's draws alone.
func BenchmarkFloorDraw(b *testing.B) {
	f := floor.New()
	var p floor.Params
	var i uint64
	for b.Loop() {
		f.Draw(i, &p)
		i++
	}
}

// BenchmarkFloorEvaluate is the floor's evaluation alone.
func BenchmarkFloorEvaluate(b *testing.B) {
	f := floor.New()
	var p floor.Params
	f.Draw(0, &p)
	out := make([]float64, floor.Outputs)
	for b.Loop() {
		f.Evaluate(&p, out)
	}
}

// BenchmarkFloorSimplified is the floor as first written, for history: a
// simplified iteration (three uniform draws, one cost, three perspectives,
// no statistics).
func BenchmarkFloorSimplified(b *testing.B) {
	f := floor.NewSimplified()
	sink := 0.0
	for i := 0; b.Loop(); i++ {
		sink += f.Iteration(i)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(floor.Groups*floor.Arms*floor.Months), "ns/arm-group-month")
	if sink == 0 {
		b.Log(sink)
	}
}

// BenchmarkStatistics is the statistics alone: adding one iteration's
// outputs of the Norway scenario (from a kept run) to the run's integer
// sums and histograms.
func BenchmarkStatistics(b *testing.B) {
	s := loadNorway(b)
	const iterations = 4096
	mc, err := cba.Run(context.Background(), s, cba.Options{Iterations: iterations, Workers: 1, Seed: 1, Keep: true})
	if err != nil {
		b.Fatal(err)
	}
	n := len(mc.Outputs)
	cols := make([][]float64, n)
	for k := range cols {
		for _, row := range mc.Values {
			cols[k] = append(cols[k], row[k])
		}
	}
	stats := make([]cba.Stat, n)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		j := i % (iterations / 64) * 64
		for k := range stats {
			stats[k].AddAll(cols[k][j : j+64])
		}
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/64, "ns/iteration")
}
