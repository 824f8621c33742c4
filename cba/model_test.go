package cba_test

import (
	"sync"
	"testing"

	"ipscba/cba"
)

// TestModelEvaluatorsAreIndependent: evaluators forked from one prepared
// model, used by goroutines at once, give what an evaluator made afresh
// from the scenario gives, vector by vector (run with -race, it also shows
// that they share nothing they write).
func TestModelEvaluatorsAreIndependent(t *testing.T) {
	s := loadNorway(t)
	m, err := cba.Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	const workers, vectors = 4, 8
	want := make([][][]float64, workers)
	xs := make([][][]float64, workers)
	sm := fresh.NewSampler(7)
	for w := range workers {
		for v := range vectors {
			x := fresh.Base()
			sm.Fill(uint64(w*vectors+v), x)
			out := make([]float64, len(fresh.Outputs()))
			if err := fresh.EvaluateOutputs(x, out); err != nil {
				t.Fatal(err)
			}
			xs[w] = append(xs[w], x)
			want[w] = append(want[w], out)
		}
	}
	var wg sync.WaitGroup
	errs := make([]string, workers)
	for w := range workers {
		wg.Go(func() {
			ev := m.Evaluator()
			out := make([]float64, len(ev.Outputs()))
			for v, x := range xs[w] {
				if err := ev.EvaluateOutputs(x, out); err != nil {
					errs[w] = err.Error()
					return
				}
				for k := range out {
					if out[k] != want[w][v][k] && !(out[k] != out[k] && want[w][v][k] != want[w][v][k]) {
						errs[w] = ev.Outputs()[k].String() + " differs"
						return
					}
				}
			}
		})
	}
	wg.Wait()
	for w, e := range errs {
		if e != "" {
			t.Errorf("worker %d: %s", w, e)
		}
	}
	if got := len(m.Factors()); got != len(fresh.Factors()) {
		t.Errorf("the model has %d factors, the evaluator %d", got, len(fresh.Factors()))
	}
}

// TestModelIsAPrivateCopy: a scenario changed after Prepare does not
// reach the model or its evaluators.
func TestModelIsAPrivateCopy(t *testing.T) {
	s := loadNorway(t)
	m, err := cba.Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	ev := m.Evaluator()
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	npv := r.Increments[0].Population.NPV[len(r.Perspectives)-1]
	if err := s.Set("perspective.marginal_cost_of_public_funds", 0.9); err != nil {
		t.Fatal(err)
	}
	s.Groups[0].Label = "changed"
	ev2 := m.Evaluator()
	r2 := ev2.NewResult()
	if err := ev2.Evaluate(nil, r2); err != nil {
		t.Fatal(err)
	}
	if got := r2.Increments[0].Population.NPV[len(r2.Perspectives)-1]; got != npv {
		t.Errorf("society's NPV moved from %v to %v with a change made after Prepare", npv, got)
	}
	if m.Scenario().Groups[0].Label == "changed" {
		t.Error("the model's scenario took a change made after Prepare")
	}
}

// BenchmarkPrepare is what a Monte Carlo run, an analysis or the page
// does once: validate the scenario and build its factors.
func BenchmarkPrepare(b *testing.B) {
	s := loadNorway(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cba.Prepare(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkModelEvaluator is what each further worker costs: an
// evaluator forked from a prepared model, without validating again.
func BenchmarkModelEvaluator(b *testing.B) {
	m, err := cba.Prepare(loadNorway(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m.Evaluator()
	}
}
