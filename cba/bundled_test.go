package cba_test

import (
	"context"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// TestBundledScenarios holds each bundled scenario to the accounting identity
// (every month, group and arm) and to the plain reference evaluation.
func TestBundledScenarios(t *testing.T) {
	files, err := filepath.Glob("../scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled scenarios: %v", err)
	}
	// And the test scenario that uses every field of the format.
	files = append(files, "scenario/testdata/every-field.yaml")
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := scenario.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			s := f.Scenario
			// The identity is stated at displacement 0 (which fixes it, if
			// the scenario draws it).
			if _, err := s.Apply(cba.Override{Path: "perspective.displacement", Value: 0}); err != nil {
				t.Fatal(err)
			}
			r, err := cba.Evaluate(s)
			if err != nil {
				t.Fatal(err)
			}
			cba.CheckIdentity(t, s, r)
			cba.CompareWithReference(t, s, r, 1e-12)
			cba.CompareFastWithFull(t, s)
		})
	}
}

// bundledNorway is the bundled Norwegian scenario as a Go value.
func bundledNorway(t *testing.T) *cba.Scenario {
	t.Helper()
	f, err := scenario.Load("../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return f.Scenario
}

// TestSettingAnUncertainFactorFixesIt: for every uncertain factor of the
// bundled scenario, an override to a fixed value (its base value) gives the
// Monte Carlo run of the scenario with that number written as a plain
// value: its draws are gone, and nothing else changes, in any iteration.
// (Iteration i's draws depend on the seed and i alone, so a difference in
// what is drawn shows in every iteration: 40 of them are as good as many.)
func TestSettingAnUncertainFactorFixesIt(t *testing.T) {
	base := bundledNorway(t)
	fs, err := base.Factors()
	if err != nil {
		t.Fatal(err)
	}
	tested := 0
	for _, f := range fs {
		if !f.Uncertain() {
			continue
		}
		tested++
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			set := base.Clone()
			changes, err := set.Apply(cba.Override{Path: f.Paths[len(f.Paths)-1], Value: f.Value})
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if !slices.Contains(changes[0].Fixed, f.Name) {
				t.Errorf("%s: the change does not say it fixed the number: %+v", f.Name, changes[0])
			}
			plain := base.Clone()
			writtenPlain(plain, f)
			if a, b := iterations(t, set, 40), iterations(t, plain, 40); !reflect.DeepEqual(a, b) {
				t.Errorf("%s: the run with -set differs from the run with the number written plainly", f.Name)
			}
		})
	}
	if tested < 10 {
		t.Errorf("only %d uncertain factors in the bundled scenario", tested)
	}
}

// iterations returns every output of n iterations of a run of s.
func iterations(t *testing.T, s *cba.Scenario, n int) [][]float64 {
	t.Helper()
	mc, err := cba.Run(context.Background(), s, cba.Options{Iterations: n, Seed: 5, Workers: 1, Keep: true, SkipStatistics: true})
	if err != nil {
		t.Fatal(err)
	}
	return mc.Values
}

// writtenPlain removes what draws factor f, as editing the file to write it
// as a plain number (and taking it out of its correlations and Dirichlet
// entry) would.
func writtenPlain(s *cba.Scenario, f cba.Factor) {
	mine := func(p string) bool { return slices.Contains(f.Paths, p) }
	u := &s.Uncertainty
	u.Parameters = slices.DeleteFunc(u.Parameters, func(p cba.Uncertain) bool { return mine(p.Paths[0]) })
	u.Correlations = slices.DeleteFunc(u.Correlations, func(c cba.Correlation) bool { return mine(c.A) || mine(c.B) })
	for k := range u.Dirichlets {
		u.Dirichlets[k].Paths = slices.DeleteFunc(u.Dirichlets[k].Paths, mine)
	}
	u.Dirichlets = slices.DeleteFunc(u.Dirichlets, func(d cba.Dirichlet) bool { return len(d.Paths) < 2 })
}

// TestBundledFactorsHaveOneValuePerIteration: in every iteration of the
// bundled scenario, each number written once has one value wherever it is
// used (the receipt shares written once and named by four Dirichlet
// entries among them).
func TestBundledFactorsHaveOneValuePerIteration(t *testing.T) {
	s := bundledNorway(t)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	sm, x := ev.NewSampler(1), ev.Base()
	for it := range 200 {
		sm.Fill(uint64(it), x)
		values := map[string]float64{}
		for _, p := range ev.Scenario(x).Parameters() {
			values[p.Path] = p.Value
		}
		for _, f := range ev.Factors() {
			for _, p := range f.Paths {
				if values[p] != values[f.Name] {
					t.Fatalf("iteration %d: %s is %v, %s %v", it, p, values[p], f.Name, values[f.Name])
				}
			}
		}
	}
}

// TestOneGroupAsTheWholePopulation: setting a group's share to 1 rescales
// the other shares of the groups' Dirichlet draw to 0; those are no longer
// drawn (a Dirichlet share must be above 0), and the Monte Carlo run is
// that group's.
func TestOneGroupAsTheWholePopulation(t *testing.T) {
	s := bundledNorway(t)
	changes, err := s.Apply(cba.Override{Path: "groups.under30.share", Value: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"groups.no_upper_secondary.share", "groups.severe.share", "groups.rest.share"} {
		if !slices.Contains(changes[0].Fixed, name) {
			t.Errorf("%s is not said to be fixed: %+v", name, changes[0].Fixed)
		}
	}
	mc, err := cba.Run(context.Background(), s, cba.Options{Iterations: 200, Seed: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	// The same through a parameter vector and the copy of the scenario at it.
	ev, err := cba.NewEvaluator(bundledNorway(t))
	if err != nil {
		t.Fatal(err)
	}
	x := ev.Base()
	for _, f := range ev.Factors() {
		if f.Name == "groups.under30.share" {
			if err := ev.SetShare(x, f.Index, 1); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := cba.Evaluate(ev.Scenario(x)); err != nil {
		t.Errorf("the copy at a vector with one group the whole: %v", err)
	}
	key := cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"}
	pop, _ := mc.Summary(key)
	key.Group = "under30"
	grp, _ := mc.Summary(key)
	if math.Abs(pop.Mean-grp.Mean) > 1e-9*math.Abs(grp.Mean) {
		t.Errorf("the population's mean %v, the group's %v", pop.Mean, grp.Mean)
	}
}
