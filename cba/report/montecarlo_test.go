package report

import (
	"bytes"
	"context"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

func norwayRun(t *testing.T, first uint64, n, workers int) (*cba.Result, *cba.MonteCarlo) {
	t.Helper()
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	det, err := cba.Evaluate(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := cba.Run(context.Background(), f.Scenario, cba.Options{Iterations: n, First: first, Seed: 42, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return det, mc
}

// TestSplitRunsMergeToTheSameJSON: a run split into iteration ranges and
// merged writes the same bytes as the single run.
func TestSplitRunsMergeToTheSameJSON(t *testing.T) {
	det, whole := norwayRun(t, 0, 2500, 2)
	_, a := norwayRun(t, 0, 1000, 1)
	_, b := norwayRun(t, 1000, 1500, 2)
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	write := func(mc *cba.MonteCarlo) []byte {
		var buf bytes.Buffer
		in := MonteCarloInput{
			Provenance:    MonteCarloProvenance{Provenance: Provenance{File: "norway-norce.yaml", Mode: "monte carlo"}, Seed: 42, Iterations: "0:2500", Workers: 2},
			Deterministic: det, Run: mc, Percentiles: []float64{2.5, 50, 97.5},
		}
		if err := MonteCarloJSON(&buf, in); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !bytes.Equal(write(whole), write(a)) {
		t.Error("the merged ranges' JSON differs from the single run's")
	}
}
