package sensitivity

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"ipscba/cba"
)

// TestSplineBasis: on samples with and without ties, the B-splines are
// non-negative and sum to 1 at every point of their range, reproduce x
// with their Greville abscissae as coefficients, and their penalty costs
// nothing for a constant or a line.
func TestSplineBasis(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	normal, ties, two := make([]float64, 1000), make([]float64, 1000), make([]float64, 1000)
	for i := range normal {
		normal[i] = rng.NormFloat64()
		ties[i] = math.Round(2 * rng.NormFloat64())
		two[i] = float64(rng.IntN(2))
	}
	for _, tc := range []struct {
		name      string
		values    []float64
		m, wantM  int
		wantOrder int
	}{
		{"normal, 16", normal, 16, 16, 4},
		{"normal, 5", normal, 5, 5, 4},
		{"normal, 3", normal, 3, 3, 3},
		{"normal, 2", normal, 2, 2, 2},
		{"ties, 16", ties, 16, 0, 4}, // fewer: quantiles coincide
		{"two values", two, 16, 2, 2},
		{"constant", []float64{7, 7, 7}, 16, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sorted := slices.Sorted(slices.Values(tc.values))
			s := newSpline(sorted, tc.m)
			if (tc.wantM > 0 && s.m != tc.wantM) || s.m > tc.m || s.o != tc.wantOrder || len(s.t) != s.m+s.o {
				t.Fatalf("%d functions of order %d, %d knots; want %d of order %d", s.m, s.o, len(s.t), tc.wantM, tc.wantOrder)
			}
			lo, hi := sorted[0], sorted[len(sorted)-1]
			xi := make([]float64, s.m) // Greville abscissae
			for j := range xi {
				if s.o == 1 {
					xi[j] = lo
					continue
				}
				for _, v := range s.t[j+1 : j+s.o] {
					xi[j] += v
				}
				xi[j] /= float64(s.o - 1)
			}
			vals := make([]float64, 4)
			for i := 0; i <= 200; i++ {
				x := lo + (hi-lo)*float64(i)/200
				first := s.eval(x, vals)
				sum, line := 0.0, 0.0
				for f, v := range vals[:s.o] {
					if v < -1e-14 || first+f >= s.m {
						t.Fatalf("x %v: function %d is %v", x, first+f, v)
					}
					sum += v
					line += v * xi[first+f]
				}
				if math.Abs(sum-1) > 1e-14 || (s.o > 1 && math.Abs(line-x) > 1e-12*(hi-lo)) {
					t.Fatalf("x %v: the functions sum to %v and reproduce x as %v", x, sum, line)
				}
			}
			p := s.penalty()
			for _, c := range [][]float64{slices.Repeat([]float64{1}, s.m), xi} {
				cost, scale := 0.0, 0.0
				for a := range s.m {
					for b := range s.m {
						cost += c[a] * p[a*s.m+b] * c[b]
						scale += math.Abs(c[a] * p[a*s.m+b] * c[b])
					}
				}
				if math.Abs(cost) > 1e-9*max(scale, 1) {
					t.Errorf("the penalty of %v is %v", c, cost)
				}
			}
		})
	}
}

// normalLoss is E[max(0, Z)] for Z ~ N(mu, sigma^2): mu Phi(mu/sigma) +
// sigma phi(mu/sigma).
func normalLoss(mu, sigma float64) float64 {
	z := mu / sigma
	return mu*0.5*math.Erfc(-z/math.Sqrt2) + sigma*math.Exp(-z*z/2)/math.Sqrt(2*math.Pi)
}

// TestEVPPIRegressionLinearGaussian: two options, the incremental net
// benefit a + b X + noise, X ~ N(0, 1) and the noise N(0, s^2)
// independent of it; EVPPI(X) = E[max(0, a + b X)] - max(0, a), whose
// closed form is normalLoss(a, |b|) - max(0, a). At 10,000 draws the
// estimate of one run is off by about 2-3 % (sd over seeds) whatever the
// estimator: the mean of max(0, a + b X) over 10,000 draws of X already
// is. So the test is of the estimator's bias: its mean relative error over
// 200 runs (fixed seeds 0..199), whose standard error is about 0.2 %, is
// within 1 % (4 to 5 standard errors above the bias measured, -0.3 % and
// 0.0 %).
func TestEVPPIRegressionLinearGaussian(t *testing.T) {
	if testing.Short() {
		t.Skip("200 runs of 10,000 draws")
	}
	const n, runs = 10_000, 200
	for _, c := range []struct{ a, b, s float64 }{{1, 2, 1}, {-0.5, 1, 0.5}} {
		want := normalLoss(c.a, math.Abs(c.b)) - max(0, c.a)
		nb, x := make([][]float64, n), make([][]float64, n)
		for i := range n {
			nb[i], x[i] = make([]float64, 2), make([]float64, 1)
		}
		sum, sum2 := 0.0, 0.0
		for seed := range runs {
			rng := rand.New(rand.NewPCG(uint64(seed), 5))
			for i := range n {
				x[i][0] = rng.NormFloat64()
				nb[i][1] = c.a + c.b*x[i][0] + c.s*rng.NormFloat64()
			}
			v, err := EVPPIRegression(nb, x)
			if err != nil {
				t.Fatal(err)
			}
			e := (v - want) / want
			sum += e
			sum2 += e * e
		}
		mean := sum / runs
		se := math.Sqrt((sum2/runs - mean*mean) / runs)
		t.Logf("a %v, b %v, s %v: EVPPI %.4f, mean relative error %+.2f %% (standard error %.2f %%)", c.a, c.b, c.s, want, 100*mean, 100*se)
		if math.Abs(mean) > 0.01 {
			t.Errorf("a %v, b %v, s %v: mean relative error %+.2f %% (standard error %.2f %%), want within 1 %%", c.a, c.b, c.s, 100*mean, 100*se)
		}
	}
}

// tailSwitch draws n iterations of a net benefit c (H - h) + noise, H
// gamma with mean 20 and sd 6 (the Norwegian scenario's weekly hours), h
// its 1.8 % quantile and the noise such that H explains 22 % of the
// variance; it returns the draws and the closed-form EVPPI of H, c E[(h -
// H)+] (the mean net benefit is positive).
func tailSwitch(n int, seed uint64) (nb, x [][]float64, want float64) {
	g := distuv.Gamma{Alpha: 100.0 / 9, Beta: 100.0 / 9 / 20}
	h := g.Quantile(0.018)
	const c = 7500.0
	noise := c * 6 * math.Sqrt(1/0.22-1)
	// E[(h - H)+] by Simpson's rule on [0, h].
	const steps = 20_000
	dx := h / steps
	for i := 0; i <= steps; i++ {
		w := 2.0
		switch {
		case i == 0 || i == steps:
			w = 1
		case i%2 == 1:
			w = 4
		}
		v := float64(i) * dx
		want += w * (h - v) * g.Prob(v)
	}
	want *= c * dx / 3
	rng := rand.New(rand.NewPCG(seed, 6))
	g.Src = rng
	nb, x = make([][]float64, n), make([][]float64, n)
	for i := range n {
		v := g.Rand()
		nb[i] = []float64{0, c*(v-h) + noise*rng.NormFloat64()}
		x[i] = []float64{v}
	}
	return nb, x, want
}

// TestEVPPIRegressionTailSwitch: a factor that explains a fifth of the
// variance and switches the decision in the tail of its distribution has
// an EVPPI the binning estimator reports as 0 in every run (each of its 10
// bins holds both signs of the conditional mean) and the regression
// estimator finds in every run: each estimate above 40 % of the closed
// form, their mean within 20 % of it (the runs' spread is about 25 %, so
// the mean of 10 is within 8 % or so).
func TestEVPPIRegressionTailSwitch(t *testing.T) {
	const n, runs = 10_000, 10
	sum, want := 0.0, 0.0
	for seed := range uint64(runs) {
		nb, x, w := tailSwitch(n, seed)
		want = w
		reg, err := EVPPIRegression(nb, x)
		if err != nil {
			t.Fatal(err)
		}
		bin, err := EVPPIBinning(nb, x, 0)
		if err != nil {
			t.Fatal(err)
		}
		if bin != 0 || reg < 0.4*want {
			t.Errorf("seed %d: regression %v, binning %v; closed form %v", seed, reg, bin, want)
		}
		sum += reg
	}
	if mean := sum / runs; math.Abs(mean-want) > 0.2*want {
		t.Errorf("mean regression EVPPI %v, closed form %v", mean, want)
	}
}

// TestValueOfInformationWeeklyHours: in the Norwegian scenario weekly
// hours explain a large share of society's NPV's variance and switch its
// sign inside their range. Both estimators give their EVPPI within a
// factor of 1.5 of a nested Monte Carlo reference, E[max(0, E[NPV | H])] -
// max(0, E[NPV]), from 24 values of H at equally spaced quantiles of its
// distribution, each the mean of 2,000 iterations. (The synthetic case
// above holds that regression sees what binning misses.)
func TestValueOfInformationWeeklyHours(t *testing.T) {
	if testing.Short() {
		t.Skip("a nested Monte Carlo run")
	}
	const name = "groups.under30.job.weekly_hours"
	ev := evaluator(t, norway(t))
	got := map[EVPPIMethod]float64{}
	for _, m := range []EVPPIMethod{Regression, Binning} {
		v, err := ValueOfInformation(context.Background(), ev, VOIOptions{Iterations: 10_000, Seed: 1, Method: m, Partial: [][]string{{name}}})
		if err != nil {
			t.Fatal(err)
		}
		got[m] = v.Partial[0].PerParticipant
	}
	f, ok := ev.Factor(name)
	if !ok {
		t.Fatal(name)
	}
	// The reference: H's draws come from its gamma, mean 20 and sd 6.
	g := distuv.Gamma{Alpha: 100.0 / 9, Beta: 100.0 / 9 / 20}
	if math.Abs(f.Value-20) > 1e-9 {
		t.Fatalf("%s: mean %v, want 20", name, f.Value)
	}
	const points, inner = 24, 2000
	gain, mean := 0.0, 0.0
	for j := range points {
		s := norway(t)
		h := g.Quantile((float64(j) + 0.5) / points)
		s2, err := withValue(s, name, h)
		if err != nil {
			t.Fatal(err)
		}
		mc, err := cba.Run(context.Background(), s2, cba.Options{Iterations: inner, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		sum, _ := mc.Summary(norwaySociety)
		gain += max(0, sum.Mean) / points
		mean += sum.Mean / points
	}
	want := gain - max(0, mean)
	t.Logf("EVPPI of %s: regression %.1f, binning %.1f, nested Monte Carlo %.1f NOK", name, got[Regression], got[Binning], want)
	for m, v := range got {
		if !(v > want/1.5 && v < 1.5*want) {
			t.Errorf("EVPPI of %s by %s: %v; nested Monte Carlo %v", name, m, v, want)
		}
	}
}

// withValue returns a copy of s with the factor name fixed at v.
func withValue(s *cba.Scenario, name string, v float64) (*cba.Scenario, error) {
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		return nil, err
	}
	f, _ := ev.Factor(name)
	x := ev.Base()
	x[f.Index] = v
	return ev.Scenario(x), nil
}

// TestEVPPIRegressionProperties: on random cases (2 to 4 options, 1 to 5
// inputs, linear and quadratic terms, ties, noise): 0 <= EVPPI <= EVPI,
// and adding inputs to a group does not lower it by more than 1 % of the
// EVPI (the largest fall seen on 200 such cases is 0.6 %: a regression's
// estimate is not monotone in its inputs as binning's is, since the
// smaller group's fit carries noise of its own). On tiny samples the
// estimate before clipping exceeds the EVPI in some cases; after it, it
// never does. With every input of a deterministic net benefit in the
// basis's span, EVPPI equals the EVPI (to 1e-9); outside it, nearly.
func TestEVPPIRegressionProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cases := 60
	if testing.Short() {
		cases = 15
	}
	for c := range cases {
		n := 200 + rng.IntN(3000)
		arms := 2 + rng.IntN(3)
		k := 1 + rng.IntN(5)
		nb, x := make([][]float64, n), make([][]float64, n)
		w := make([][]float64, arms)
		for d := range w {
			w[d] = make([]float64, 2*k)
			for j := range w[d] {
				w[d][j] = rng.NormFloat64()
			}
		}
		noise := rng.Float64() * 3
		for i := range n {
			x[i] = make([]float64, k)
			for j := range x[i] {
				x[i][j] = rng.NormFloat64()
				if rng.IntN(4) == 0 {
					x[i][j] = math.Round(x[i][j]) // ties
				}
			}
			nb[i] = make([]float64, arms)
			for d := range nb[i] {
				for j := range k {
					nb[i][d] += w[d][j]*x[i][j] + w[d][k+j]*x[i][j]*x[i][j]/2
				}
				nb[i][d] += noise * rng.NormFloat64()
			}
		}
		evpi, err := EVPI(nb)
		if err != nil {
			t.Fatal(err)
		}
		prev := 0.0
		for size := 1; size <= k; size++ {
			sub := make([][]float64, n)
			for i := range n {
				sub[i] = x[i][:size]
			}
			v, err := EVPPIRegression(nb, sub)
			if err != nil {
				t.Fatal(err)
			}
			if !(0 <= v && v <= evpi) {
				t.Fatalf("case %d: EVPPI %v of %d inputs, EVPI %v", c, v, size, evpi)
			}
			if v < prev-0.01*evpi {
				t.Errorf("case %d (n %d): EVPPI of %d inputs %v, below %v of a subset by %.2f %% of the EVPI %v", c, n, size, v, prev, 100*(prev-v)/evpi, evpi)
			}
			prev = v
		}
	}
	// Tiny samples, a skewed input: the estimate before clipping exceeds
	// the EVPI in some cases.
	above := 0
	for range 2000 {
		n := 5 + rng.IntN(30)
		nb, x := make([][]float64, n), make([][]float64, n)
		for i := range n {
			v := rng.NormFloat64()
			x[i] = []float64{math.Exp(2 * v)}
			nb[i] = []float64{0, v + 3*rng.NormFloat64() - 0.5}
		}
		evpi, _ := EVPI(nb)
		tb, cols, _ := tableOf(nb, x)
		raw, err := tb.evppiRegression(cols, splinesOf(cols, SplineSize(n, 1), make([]float64, n)))
		if err != nil {
			t.Fatal(err)
		}
		v, _ := EVPPIRegression(nb, x)
		if raw > evpi {
			above++
		}
		if v != min(raw, evpi) || v < 0 {
			t.Fatalf("n %d: EVPPI %v, before clipping %v, EVPI %v", n, v, raw, evpi)
		}
	}
	if above == 0 {
		t.Error("no tiny sample's estimate exceeds the EVPI: the clipping is not tested")
	}
	// Deterministic net benefits of every input.
	for _, tc := range []struct {
		name string
		k    int
		f    func(x []float64) float64
		tol  float64
	}{
		{"cubic in one input", 1, func(x []float64) float64 { return x[0]*x[0]*x[0] - x[0] + 0.3 }, 1e-9},
		{"two inputs, interaction", 2, func(x []float64) float64 { return x[0] + x[1]*x[1] - 1 + x[0]*x[1] }, 1e-9},
		{"three inputs, interactions", 3, func(x []float64) float64 { return x[0]*x[1]*x[2] + x[0] - x[2]*x[2] + 0.5 }, 1e-9},
		{"five inputs, additive with pairs", 5, func(x []float64) float64 {
			return x[0] - 2*x[1] + x[2]*x[2] - 1 + x[3]*x[4] + x[0]*x[2] + 0.2*x[4]
		}, 1e-9},
		{"two inputs, not in the span", 2, func(x []float64) float64 { return math.Exp(x[0]) * math.Sin(2*x[1]) }, 0.02},
	} {
		const n = 5000
		nb, x := make([][]float64, n), make([][]float64, n)
		for i := range n {
			x[i] = make([]float64, tc.k)
			for j := range x[i] {
				x[i][j] = rng.NormFloat64()
			}
			nb[i] = []float64{0, tc.f(x[i]), -tc.f(x[i]) / 2}
		}
		evpi, _ := EVPI(nb)
		v, err := EVPPIRegression(nb, x)
		if err != nil || math.Abs(v-evpi) > tc.tol*evpi {
			t.Errorf("%s: EVPPI %v, EVPI %v (relative %.2g), %v", tc.name, v, evpi, (evpi-v)/evpi, err)
		}
	}
}

// TestEVPPIRegressionUnrelated: an input the net benefit does not depend
// on: its EVPPI is exactly 0 in most runs (the means alone fit best) and
// below 2 % of the EVPI in every one; a constant input's is 0.
func TestEVPPIRegressionUnrelated(t *testing.T) {
	const n, runs = 10_000, 20
	zeros := 0
	for seed := range uint64(runs) {
		rng := rand.New(rand.NewPCG(seed, 9))
		nb, x := make([][]float64, n), make([][]float64, n)
		for i := range n {
			nb[i] = []float64{0, rng.NormFloat64()}
			x[i] = []float64{rng.NormFloat64()}
		}
		evpi, _ := EVPI(nb)
		v, err := EVPPIRegression(nb, x)
		if err != nil || v > 0.02*evpi {
			t.Errorf("seed %d: EVPPI %v, EVPI %v, %v", seed, v, evpi, err)
		}
		if v == 0 {
			zeros++
		}
		if seed == 0 {
			for i := range x {
				x[i][0] = 3
			}
			if v, err := EVPPIRegression(nb, x); v != 0 || err != nil {
				t.Errorf("a constant input: EVPPI %v, %v", v, err)
			}
		}
	}
	if zeros < runs*3/4 {
		t.Errorf("EVPPI 0 in %d of %d runs, want most", zeros, runs)
	}
}

func TestEVPPIBadInput(t *testing.T) {
	nb := [][]float64{{0, 1}, {0, -1}}
	for _, tc := range []struct {
		name string
		nb   [][]float64
		x    [][]float64
	}{
		{"no iterations", nil, nil},
		{"rows of inputs missing", nb, [][]float64{{1}}},
		{"no inputs", nb, [][]float64{{}, {}}},
		{"ragged inputs", nb, [][]float64{{1}, {1, 2}}},
		{"a NaN input", nb, [][]float64{{1}, {math.NaN()}}},
		{"an infinite input", nb, [][]float64{{1}, {math.Inf(1)}}},
		{"an infinite net benefit", [][]float64{{0, 1}, {0, math.Inf(-1)}}, [][]float64{{1}, {2}}},
	} {
		if _, err := EVPPIRegression(tc.nb, tc.x); err == nil {
			t.Errorf("%s: regression: no error", tc.name)
		}
		if _, err := EVPPIBinning(tc.nb, tc.x, 0); err == nil {
			t.Errorf("%s: binning: no error", tc.name)
		}
	}
	for _, s := range []string{"regression", "binning"} {
		if m, err := ParseEVPPIMethod(s); err != nil || m.String() != s {
			t.Errorf("%s: %v, %v", s, m, err)
		}
	}
	if _, err := ParseEVPPIMethod("bins"); err == nil {
		t.Error("an unknown method: no error")
	}
}

// TestValueOfInformationOptions: misuse of VOIOptions is an error; the
// result does not depend on the number of workers; with Binning, each
// EVPPI is EVPPIBinning's of the run's draws.
func TestValueOfInformationOptions(t *testing.T) {
	ev := evaluator(t, load(t, linear, "mean: 30000, sd: 4000", "mean: 95000, sd: 4000"))
	ctx := context.Background()
	for _, tc := range []struct {
		opt  VOIOptions
		want string
	}{
		{VOIOptions{Iterations: -1}, "Iterations"},
		{VOIOptions{Iterations: 100, Method: 7}, "Method"},
		{VOIOptions{Iterations: 100, Bins: 4}, "Bins"},
		{VOIOptions{Iterations: 100, Method: Binning, Bins: -1}, "Bins"},
		{VOIOptions{Iterations: 100, Method: Binning, Bins: 60}, "bins for 100 iterations"},
		{VOIOptions{Iterations: 100, Partial: [][]string{{"nope"}}}, "nope"},
	} {
		if _, err := ValueOfInformation(ctx, ev, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error naming %q", tc.opt, err, tc.want)
		}
	}
	if _, err := ValueOfInformation(ctx, nil, VOIOptions{}); err == nil {
		t.Error("no evaluator: no error")
	}
	group := [][]string{{"arms.ips.costs.specialist.amount"}, {"arms.usual.costs.training.amount"},
		{"arms.ips.costs.specialist.amount", "arms.usual.costs.training.amount"}}
	for _, m := range []EVPPIMethod{Regression, Binning} {
		one, err := ValueOfInformation(ctx, ev, VOIOptions{Iterations: 3000, Seed: 4, Workers: 1, Method: m, Partial: group})
		if err != nil {
			t.Fatal(err)
		}
		two, err := ValueOfInformation(ctx, ev, VOIOptions{Iterations: 3000, Seed: 4, Workers: 2, Method: m, Partial: group})
		if err != nil || !reflect.DeepEqual(one, two) {
			t.Errorf("%v: 1 worker %+v, 2 workers %+v, %v", m, one, two, err)
		}
		if one.Method != m || (m == Binning) != (one.Bins == DefaultBins(3000)) {
			t.Errorf("method %v, bins %d", one.Method, one.Bins)
		}
	}
	// The run's draws, kept by Each.
	var nb, x [][]float64
	mc := cba.Options{Iterations: 3000, Seed: 4, Each: func(_ uint64, f, out []float64) {
		k, _ := outputIndex(ev, society)
		nb = append(nb, []float64{0, out[k]})
		fa, _ := ev.Factor("arms.ips.costs.specialist.amount")
		x = append(x, []float64{f[fa.Index]})
	}}
	if _, err := ev.Run(ctx, mc); err != nil {
		t.Fatal(err)
	}
	v, err := ValueOfInformation(ctx, ev, VOIOptions{Iterations: 3000, Seed: 4, Method: Binning, Partial: group[:1]})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := EVPPIBinning(nb, x, 0)
	reg, _ := EVPPIRegression(nb, x)
	evpi, _ := EVPI(nb)
	if v.Partial[0].PerParticipant != want || v.EVPI != evpi {
		t.Errorf("binning EVPPI %v, EVPI %v; from the draws %v, %v", v.Partial[0].PerParticipant, v.EVPI, want, evpi)
	}
	r, err := ValueOfInformation(ctx, ev, VOIOptions{Iterations: 3000, Seed: 4, Partial: group[:1]})
	if err != nil || r.Partial[0].PerParticipant != reg {
		t.Errorf("regression EVPPI %v, from the draws %v, %v", r.Partial[0].PerParticipant, reg, err)
	}
}

// TestValueOfInformationMemoryBound: iterations whose draws would not fit
// in VOIMemory are refused before the run starts (no iteration runs, no
// memory is taken), with the memory they would need and the most that
// fit; the bound is VOIMemory over the bytes an iteration keeps.
func TestValueOfInformationMemoryBound(t *testing.T) {
	ev := evaluator(t, norway(t))
	for _, n := range []int{1e8, 1e12, math.MaxInt} {
		ran := false
		_, err := ValueOfInformation(context.Background(), ev, VOIOptions{Iterations: n, Progress: func(int, int) { ran = true }})
		if err == nil || ran || !strings.Contains(err.Error(), "iterations would keep") || !strings.Contains(err.Error(), "VOIMemory") {
			t.Errorf("%d iterations: %v (ran: %v)", n, err, ran)
		}
	}
	// Society's NPV of one arm over the comparator, the k uncertain
	// factors alone: 8 (1 + k) + 8 bytes an iteration.
	k := 0
	for _, f := range ev.Factors() {
		if f.Uncertain() {
			k++
		}
	}
	most := VOIMaxIterations(Regression, 2, k, 1)
	if per := 8*(1+k) + 8; most != VOIMemory/per {
		t.Errorf("most iterations %d, want %d", most, VOIMemory/per)
	}
	_, err := ValueOfInformation(context.Background(), ev, VOIOptions{Iterations: most + 1, Progress: func(int, int) { t.Fatal("ran") }})
	if err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("%d iterations: %v", most+1, err)
	}
	if b := VOIMaxIterations(Binning, 2, k, 3); b >= most || b != VOIMemory/(8*(1+k)+8+4*3) {
		t.Errorf("binning, a group of 3: %d iterations", b)
	}
}

// TestValueOfInformationMemoryPerIteration: the draws the analysis keeps
// grow with the iterations by the 8 bytes a net benefit and a factor
// that VOIMaxIterations counts (within 5 % and 64 kB): the heap in use at
// the end of the run, once collected, less that of a run half as long.
func TestValueOfInformationMemoryPerIteration(t *testing.T) {
	if testing.Short() {
		t.Skip("runs of 50,000 and 100,000 iterations")
	}
	ev := evaluator(t, load(t, linear))
	heap := func(n int) float64 {
		var at runtime.MemStats
		opt := VOIOptions{Iterations: n, Workers: 1, Progress: func(done, total int) {
			if done == total {
				runtime.GC()
				runtime.GC() // a sync.Pool's items go at the second
				runtime.ReadMemStats(&at)
			}
		}}
		if _, err := ValueOfInformation(context.Background(), ev, opt); err != nil {
			t.Fatal(err)
		}
		return float64(at.HeapAlloc)
	}
	const n = 50_000
	grew := heap(2*n) - heap(n)
	kept := 8 * (1 + 3) // society's NPV of ips over usual; three factors
	t.Logf("%.1f bytes an iteration kept, %d counted", grew/n, kept)
	if math.Abs(grew-float64(n*kept)) > 0.05*float64(n*kept)+64<<10 {
		t.Errorf("%.0f more bytes in use for %d more iterations, %d bytes each counted", grew, n, kept)
	}
}

// TestSplineSize: the sizes SplineSize documents.
func TestSplineSize(t *testing.T) {
	for _, tc := range []struct{ n, k, want int }{
		{1, 1, 2}, {40, 1, 8}, {79, 1, 15}, {80, 1, 16}, {1_000_000, 1, 16},
		{319, 2, 7}, {320, 2, 8}, {624, 3, 4}, {625, 3, 5},
		{10_000, 4, 8}, {1264, 36, 7}, {1265, 36, 8}, {10, 36, 2},
	} {
		if got := SplineSize(tc.n, tc.k); got != tc.want {
			t.Errorf("SplineSize(%d, %d) = %d, want %d", tc.n, tc.k, got, tc.want)
		}
	}
}
