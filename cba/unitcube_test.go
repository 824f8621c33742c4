package cba

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// TestUnitCubeDrawsAsTheSampler: uniform points of the cube, mapped, have
// the distributions the Monte Carlo sampler draws: the same means, standard
// deviations and rank correlation, and Dirichlet shares that keep their sum.
func TestUnitCubeDrawsAsTheSampler(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	ev, err := NewEvaluator(uncertainScenario())
	if err != nil {
		t.Fatal(err)
	}
	cube, factors := ev.UnitCube(), ev.Factors()
	seen := map[int]bool{}
	for _, b := range cube.Blocks() {
		for _, fi := range b.Factors {
			if seen[fi] {
				t.Errorf("factor %s is in two blocks", factors[fi].Name)
			}
			seen[fi] = true
		}
	}
	uncertain := 0
	for i, f := range factors {
		if f.Uncertain() {
			uncertain++
			if !seen[i] {
				t.Errorf("uncertain factor %s is in no block", f.Name)
			}
		}
	}
	if cube.Dims() != uncertain || len(seen) != uncertain {
		t.Fatalf("%d dimensions, %d factors in blocks, %d uncertain factors", cube.Dims(), len(seen), uncertain)
	}

	const n = 40_000
	rng := rand.New(rand.NewPCG(1, 2))
	sm := ev.NewSampler(3)
	u := make([]float64, cube.Dims())
	fromCube := make([][]float64, len(factors))
	fromSampler := make([][]float64, len(factors))
	x, y := ev.Base(), ev.Base()
	for i := range n {
		for k := range u {
			u[k] = rng.Float64()
		}
		cube.Map(u, x)
		sm.Fill(uint64(i), y)
		for fi, f := range factors {
			if f.Uncertain() {
				fromCube[fi] = append(fromCube[fi], x[f.Index])
				fromSampler[fi] = append(fromSampler[fi], y[f.Index])
			}
		}
		total := x[factors[factorAt(t, factors, "groups.all.share")].Index] + x[factors[factorAt(t, factors, "groups.young.share")].Index]
		if math.Abs(total-1) > 1e-12 {
			t.Fatalf("the groups' shares sum to %v", total)
		}
	}
	for fi, f := range factors {
		if !f.Uncertain() {
			continue
		}
		m1, s1 := stat.MeanStdDev(fromCube[fi], nil)
		m2, s2 := stat.MeanStdDev(fromSampler[fi], nil)
		se := math.Max(s1, s2) / math.Sqrt(n)
		if math.Abs(m1-m2) > 5*se || math.Abs(s1-s2) > 0.03*math.Max(s1, s2) {
			t.Errorf("%s: cube mean %v sd %v, sampler mean %v sd %v", f.Name, m1, s1, m2, s2)
		}
		if f.Dist != nil {
			if want := f.Dist.Mean(); math.Abs(m1-want) > 5*se {
				t.Errorf("%s: cube mean %v, distribution's %v", f.Name, m1, want)
			}
		}
		// The marginal quantiles (Evaluator.Quantile) are the draws'.
		for _, p := range []float64{0.025, 0.5, 0.975} {
			q, ok := ev.Quantile(fi, p)
			if !ok {
				t.Fatalf("%s: no quantile", f.Name)
			}
			sorted := slices.Sorted(slices.Values(fromCube[fi]))
			emp := sorted[int(p*n)]
			if math.Abs(q-emp) > 0.05*s1 {
				t.Errorf("%s: quantile %v at %v, draws' %v", f.Name, q, p, emp)
			}
		}
	}
	a := fromCube[factorAt(t, factors, "arms.ips.costs.specialist.amount")]
	b := fromCube[factorAt(t, factors, "arms.ips.groups.young.employment.periods[0].job_finding")]
	if r := spearman(a, b); math.Abs(r-0.6) > 0.02 {
		t.Errorf("rank correlation %v, want 0.6", r)
	}
	if _, ok := ev.Quantile(factorAt(t, factors, "horizon_months"), 0.5); ok {
		t.Error("a fixed factor has a quantile")
	}
}

// TestUnitCubeMapsTheMiddle: the middle of the cube is each independent
// factor's median.
func TestUnitCubeMapsTheMiddle(t *testing.T) {
	ev, err := NewEvaluator(uncertainScenario())
	if err != nil {
		t.Fatal(err)
	}
	cube, factors := ev.UnitCube(), ev.Factors()
	u := make([]float64, cube.Dims())
	for k := range u {
		u[k] = 0.5
	}
	x := ev.Base()
	cube.Map(u, x)
	for _, b := range cube.Blocks() {
		if b.Dependent {
			continue
		}
		f := factors[b.Factors[0]]
		if want := f.Dist.Quantile(0.5); math.Abs(x[f.Index]-want) > 1e-6*f.Dist.SD() {
			t.Errorf("%s: %v at the middle, median %v", f.Name, x[f.Index], want)
		}
	}
	if !slices.Equal(cube.Clone().Blocks()[0].Factors, cube.Blocks()[0].Factors) {
		t.Error("a clone has other blocks")
	}
}

func factorAt(t *testing.T, factors []Factor, name string) int {
	t.Helper()
	for i, f := range factors {
		if slices.Contains(f.Paths, name) {
			return i
		}
	}
	t.Fatalf("no factor %s", name)
	return -1
}
