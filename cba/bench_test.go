package cba_test

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"ipscba/cba"
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

// BenchmarkRun is the Monte Carlo run of the bundled Norway scenario on one
// worker: every draw (30 uncertain numbers, 6 of them rank-correlated, 5
// Dirichlet splits), its evaluation and the statistics of every output.
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

// BenchmarkFloor is a hand-written loop of the same arithmetic as one
// iteration of the Norway scenario, with nothing general about it: reseed a
// ChaCha8 and draw a few numbers; for each of 4 groups x 2 arms, the
// three-component Norwegian tax in and out of work and three in-work benefit
// rules (constant over the months, so computed once); then for 120 months a
// Markov update, the mixture of the two states, a programme cost with
// drop-out, three perspectives and discounting. It is the floor the
// scenario-driven engine is measured against.
func BenchmarkFloor(b *testing.B) {
	const groups, arms, months = 4, 2, 120
	tax := func(wage, pension float64) float64 {
		base := wage + pension
		ordinary := 0.22 * max(0, base-min(0.46*base, 92000)-108550)
		bracket := 0.0
		for i, from := range [...]float64{217400, 306050, 697150, 942400, 1410750} {
			if base > from {
				next := [...]float64{306050, 697150, 942400, 1410750, math.Inf(1)}[i]
				bracket += [...]float64{0.017, 0.04, 0.137, 0.167, 0.177}[i] * (min(base, next) - from)
			}
		}
		insurance := 0.0
		if base > 99650 {
			insurance = min(0.077*wage+0.051*pension, 0.25*(base-99650))
		}
		return ordinary + bracket + insurance
	}
	d := make([]float64, months+1)
	for m := range d {
		d[m] = math.Pow(1.04, -float64(m)/12)
	}
	src := rand.NewChaCha8([32]byte{})
	r := rand.New(src)
	var key [32]byte
	sink := 0.0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		key[0], key[1] = byte(i), byte(i>>8)
		src.Seed(key)
		find, loss, wage := 0.03+0.01*r.Float64(), 0.02+0.01*r.Float64(), 230+10*r.Float64()
		for g := range groups {
			for a := range arms {
				earn := wage * 20 * 52 / 12
				aap := 22138 * max(0, 1-20/37.5)
				dis := max(0, 27431-0.66*max(0, earn-4338))
				soc := max(0, 7850-earn)
				tin := tax(12*(earn+aap), 0)/12*0.6 + tax(12*earn, 12*dis)/12*0.1 + tax(12*earn, 0)/12*0.3
				tout := tax(12*22138, 0)/12*0.6 + tax(0, 12*27431)/12*0.1
				bin, bout := 0.6*aap+0.1*dis+0.15*soc, 0.6*22138+0.1*27431+0.15*7850
				e, part, public, society, stay := 0.0, 0.0, 0.0, 0.0, 1.0
				for m := 1; m <= months; m++ {
					e = e*(1-loss) + (1-e)*(find+0.01*float64(a+g))
					benefit := bout + e*(bin-bout)
					t := tout + e*(tin-tout)
					cost := 4166 * stay
					stay *= 0.944
					part += d[m] * (e*earn - t + benefit)
					public += d[m] * (t + 0.141*e*earn - benefit - cost)
					society += d[m] * (1.141*e*earn - cost)
				}
				sink += part + public + 0.2*society
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(groups*arms*months), "ns/arm-group-month")
	if sink == 0 {
		b.Log(sink)
	}
}

// BenchmarkStatistics is the statistics alone: adding one iteration's
// outputs of the Norway scenario (from a kept run) to the run's exact
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
