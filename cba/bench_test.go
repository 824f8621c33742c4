package cba_test

import (
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

func loadNorway(b *testing.B) *cba.Scenario {
	b.Helper()
	f, err := scenario.Load("../scenarios/norway-norce.yaml")
	if err != nil {
		b.Fatal(err)
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
