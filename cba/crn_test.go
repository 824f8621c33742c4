package cba_test

import (
	"math"
	"slices"
	"testing"

	"ipscba/cba"
)

// draws returns iterations 0..n-1 of the sampler with seed 1 for s: the
// uncertain factors' values by factor name.
func draws(t *testing.T, s *cba.Scenario, n int) map[string][]float64 {
	t.Helper()
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	sm, x := ev.NewSampler(1), ev.Base()
	out := map[string][]float64{}
	for i := range n {
		sm.Fill(uint64(i), x)
		for _, f := range ev.Factors() {
			if f.Uncertain() && f.Index >= 0 {
				out[f.Name] = append(out[f.Name], x[f.Index])
			}
		}
	}
	return out
}

// correlation is Pearson's correlation of a and b.
func correlation(a, b []float64) float64 {
	var ma, mb float64
	for i := range a {
		ma += a[i] / float64(len(a))
		mb += b[i] / float64(len(b))
	}
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

// TestFixingAFactorLeavesTheOthersDraws: in the bundled Norwegian
// scenario, fixing any one uncertain factor (Scenario.Apply with a value)
// leaves every other factor's draws as they were, iteration by iteration,
// bit for bit, except inside the set the factor was drawn with: the other
// shares of its Dirichlet entry are drawn again at their new
// concentrations from the same streams (so that they stay close to their
// draws before: correlated above 0.5, where fresh streams would give
// about 0), and the partner of a correlated pair is drawn on its own (the
// same draw when it is normal and came first in the pair).
func TestFixingAFactorLeavesTheOthersDraws(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	n := 1000
	if testing.Short() {
		n = 200
	}
	s := loadNorway(t)
	base := draws(t, s, n)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	factors := ev.Factors()
	blockOf := map[string]int{} // factor -> its dependent block, if any
	for b, bl := range ev.UnitCube().Blocks() {
		if bl.Dependent {
			for _, fi := range bl.Factors {
				blockOf[factors[fi].Name] = b + 1
			}
		}
	}
	checked := 0
	for _, f := range factors {
		if !f.Uncertain() || f.Index < 0 {
			continue
		}
		fixed := s.Clone()
		if _, err := fixed.Apply(cba.Override{Path: f.Name, Value: f.Value}); err != nil {
			t.Fatalf("fixing %s: %v", f.Name, err)
		}
		got := draws(t, fixed, n)
		if _, drawn := got[f.Name]; drawn {
			t.Errorf("%s is still drawn after it was fixed", f.Name)
		}
		for name, want := range base {
			if name == f.Name {
				continue
			}
			same := slices.Equal(got[name], want)
			switch {
			case blockOf[name] == 0 || blockOf[name] != blockOf[f.Name]:
				if !same {
					t.Errorf("fixing %s changed the draws of %s", f.Name, name)
				}
				checked++
			case f.Dirichlet >= 0:
				if r := correlation(got[name], want); same || r < 0.5 {
					t.Errorf("fixing %s: %s, of the same Dirichlet entry, correlates %.3f with its draws before (unchanged: %v)", f.Name, name, r, same)
				}
			}
		}
	}
	if checked < 30*30 {
		t.Errorf("only %d pairs of factors compared", checked)
	}
	// The effect at 12 months is normal and first in its correlated pair:
	// fixing the effect at 18 months leaves its draws as they were.
	fixed := s.Clone()
	if _, err := fixed.Apply(cba.Override{Path: "arms.ips.effect.points[1].difference", Value: 0.1}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(draws(t, fixed, n)["arms.ips.effect.points[0].difference"], base["arms.ips.effect.points[0].difference"]) {
		t.Error("fixing the effect at 18 months changed the draws of the effect at 12, which came first in their pair")
	}
}

// TestAddingAFactorLeavesTheOthersDraws: giving a fixed number a
// distribution leaves every other factor's draws as they were.
func TestAddingAFactorLeavesTheOthersDraws(t *testing.T) {
	s := loadNorway(t)
	base := draws(t, s, 300)
	d, err := cba.FromMoments(cba.Gamma, 0.2, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	added := s.Clone()
	if _, err := added.Apply(cba.Override{Path: "perspective.marginal_cost_of_public_funds", Dist: &d}); err != nil {
		t.Fatal(err)
	}
	got := draws(t, added, 300)
	if len(got) != len(base)+1 {
		t.Fatalf("%d factors drawn, want %d", len(got), len(base)+1)
	}
	for name, want := range base {
		if !slices.Equal(got[name], want) {
			t.Errorf("adding a drawn factor changed the draws of %s", name)
		}
	}
}
