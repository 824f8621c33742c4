package cba

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// uncertainScenario is simpleScenario with two groups and uncertainty of
// every kind: independent draws, a correlated pair and Dirichlet shares.
func uncertainScenario() *Scenario {
	s := simpleScenario()
	g := s.Groups[0]
	g.Name, g.Share = "young", 0.4
	s.Groups[0].Share = 0.6
	s.Groups = append(s.Groups, g)
	for a := range s.Arms {
		ag := s.Arms[a].Groups[0]
		ag.Employment.Periods = append([]MarkovPeriod(nil), ag.Employment.Periods...)
		s.Arms[a].Groups = append(s.Arms[a].Groups, ag)
	}
	beta, _ := FromMoments(Beta, 0.05, 0.01)
	cost, _ := FromMoments(Gamma, 4000, 800)
	s.Uncertainty = Uncertainty{
		Parameters: []Uncertain{
			{Paths: []string{"arms.ips.groups.all.employment.periods[0].job_finding", "arms.ips.groups.young.employment.periods[0].job_finding"}, Dist: beta},
			{Paths: []string{"arms.ips.costs.specialist.amount"}, Dist: cost},
			{Paths: []string{"groups.all.job.monthly_earnings"}, Dist: Distribution{Kind: PERT, Min: 15000, Mode: 20000, Max: 30000}},
			{Paths: []string{"discount[0].rate"}, Dist: Distribution{Kind: Uniform, Min: 0.02, Max: 0.06}},
		},
		Correlations: []Correlation{{A: "arms.ips.costs.specialist.amount", B: "arms.ips.groups.young.employment.periods[0].job_finding", Rank: 0.6}},
		Dirichlets:   []Dirichlet{{Paths: []string{"groups.all.share", "groups.young.share"}, Concentration: 50}},
	}
	s.UseMeans()
	return s
}

func run(t *testing.T, s *Scenario, opt Options) *MonteCarlo {
	t.Helper()
	mc, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return mc
}

func summaries(mc *MonteCarlo) []StatSummary {
	out := make([]StatSummary, len(mc.Outputs))
	for k := range out {
		out[k] = mc.Summary(k, 2.5, 50, 97.5)
	}
	return out
}

func TestRunIsIndependentOfWorkers(t *testing.T) {
	s := uncertainScenario()
	one := run(t, s, Options{Iterations: 3000, Seed: 7, Workers: 1, Keep: true})
	for _, w := range []int{2, 8} {
		other := run(t, s, Options{Iterations: 3000, Seed: 7, Workers: w, Keep: true})
		if !reflect.DeepEqual(summaries(one), summaries(other)) {
			t.Errorf("%d workers differ from 1", w)
		}
		if !reflect.DeepEqual(one.Values, other.Values) {
			t.Errorf("%d workers: per-iteration values differ", w)
		}
	}
}

func TestSplitRangesMergeExactly(t *testing.T) {
	s := uncertainScenario()
	whole := run(t, s, Options{Iterations: 2500, Seed: 3, Workers: 2})
	first := run(t, s, Options{Iterations: 1111, Seed: 3, Workers: 1})
	second := run(t, s, Options{Iterations: 1389, First: 1111, Seed: 3, Workers: 2})
	if err := first.Merge(second); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(summaries(whole), summaries(first)) {
		t.Error("merged ranges differ from the whole run")
	}
	if err := first.Merge(second); err == nil {
		t.Error("merging a range that does not follow was accepted")
	}
}

func TestSeedMatters(t *testing.T) {
	s := uncertainScenario()
	a := run(t, s, Options{Iterations: 500, Seed: 1})
	b := run(t, s, Options{Iterations: 500, Seed: 2})
	k := a.Output("ips-usual/population/npv/society")
	if a.Summary(k).Mean == b.Summary(k).Mean {
		t.Error("two seeds gave the same mean: the seed does nothing")
	}
	c := run(t, s, Options{Iterations: 500, Seed: 1})
	if a.Summary(k).Mean != c.Summary(k).Mean {
		t.Error("the same seed gave different means")
	}
}

func TestFixedValuesGiveTheDeterministicResult(t *testing.T) {
	s := simpleScenario()
	mc := run(t, s, Options{Iterations: 300, Seed: 1, Keep: true})
	for k, o := range mc.Outputs {
		for i, v := range mc.Values {
			if v[k] != mc.Deterministic[k] {
				t.Fatalf("%s iteration %d: %v, deterministic %v", o.Name, i, v[k], mc.Deterministic[k])
			}
		}
		sum := mc.Summary(k)
		if sum.SD != 0 || (!math.IsInf(mc.Deterministic[k], 1) && sum.Mean != mc.Deterministic[k]) {
			t.Errorf("%s: mean %v sd %v, deterministic %v", o.Name, sum.Mean, sum.SD, mc.Deterministic[k])
		}
	}
}

func TestMCSEOfALinearOutput(t *testing.T) {
	// Only the IPS specialist's monthly cost is uncertain; the state's NPV is
	// linear in it: NPV = a - b*cost with b the present value of enrolment.
	s := simpleScenario()
	dist, _ := FromMoments(Gamma, 4000, 800)
	s.Uncertainty.Parameters = []Uncertain{{Paths: []string{"arms.ips.costs.specialist.amount"}, Dist: dist}}
	ev, _ := NewEvaluator(s)
	r := ev.NewResult()
	x := ev.Base()
	ev.Evaluate(x, r)
	state := r.Perspective("state")
	base := r.Increments[0].Population.NPV[state]
	x[ev.Index("arms.ips.costs.specialist.amount")] += 1
	ev.Evaluate(x, r)
	b := base - r.Increments[0].Population.NPV[state] // NOK of NPV per NOK of monthly cost

	n := 40000
	mc := run(t, s, Options{Iterations: n, Seed: 11})
	sum := mc.Summary(mc.Output("ips-usual/population/npv/state"))
	wantSD := b * 800
	// The sd of a sample sd is about sd*sqrt((kurtosis-1)/(4n)); a gamma of
	// shape 25 has kurtosis 3.24.
	if se := wantSD * math.Sqrt(2.24/(4*float64(n))); math.Abs(sum.SD-wantSD) > 4*se {
		t.Errorf("sd %v, theory %v (se %v)", sum.SD, wantSD, se)
	}
	if sum.MCSE != sum.SD/math.Sqrt(float64(n)) {
		t.Errorf("MCSE %v, want sd/sqrt(n) = %v", sum.MCSE, sum.SD/math.Sqrt(float64(n)))
	}
	if math.Abs(sum.Mean-(base+b*4000-b*4000)) > 4*wantSD/math.Sqrt(float64(n)) {
		t.Errorf("mean %v, theory %v", sum.Mean, base)
	}
}

// spearman returns the rank correlation of x and y.
func spearman(x, y []float64) float64 {
	rank := func(v []float64) []float64 {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
		r := make([]float64, len(v))
		for k, i := range idx {
			r[i] = float64(k)
		}
		return r
	}
	rx, ry := rank(x), rank(y)
	n := float64(len(x))
	mean := (n - 1) / 2
	var sxy, sxx, syy float64
	for i := range rx {
		sxy += (rx[i] - mean) * (ry[i] - mean)
		sxx += (rx[i] - mean) * (rx[i] - mean)
		syy += (ry[i] - mean) * (ry[i] - mean)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestDrawsHonourRankCorrelation(t *testing.T) {
	for _, rho := range []float64{0.6, -0.3, 0.9} {
		s := uncertainScenario()
		s.Uncertainty.Correlations[0].Rank = rho
		ev, err := NewEvaluator(s)
		if err != nil {
			t.Fatal(err)
		}
		sm := ev.NewSampler(5)
		x := ev.Base()
		ia := ev.Index("arms.ips.costs.specialist.amount")
		ib := ev.Index("arms.ips.groups.young.employment.periods[0].job_finding")
		n := 100_000
		a, b := make([]float64, n), make([]float64, n)
		for i := range n {
			sm.Draw(uint64(i), x)
			a[i], b[i] = x[ia], x[ib]
		}
		if got := spearman(a, b); math.Abs(got-rho) > 0.01 {
			t.Errorf("rank correlation %v, want %v", got, rho)
		}
	}
}

func TestDrawsShareOneDrawAcrossTiedPaths(t *testing.T) {
	s := uncertainScenario()
	ev, _ := NewEvaluator(s)
	sm := ev.NewSampler(1)
	x := ev.Base()
	ia := ev.Index("arms.ips.groups.all.employment.periods[0].job_finding")
	ib := ev.Index("arms.ips.groups.young.employment.periods[0].job_finding")
	ig, iy := ev.Index("groups.all.share"), ev.Index("groups.young.share")
	for i := range 100 {
		sm.Draw(uint64(i), x)
		if x[ia] != x[ib] {
			t.Fatalf("tied paths drew %v and %v", x[ia], x[ib])
		}
		if math.Abs(x[ig]+x[iy]-1) > 1e-15 {
			t.Fatalf("Dirichlet shares sum to %v", x[ig]+x[iy])
		}
	}
}

func TestNonPositiveDefiniteCorrelationsNameThePair(t *testing.T) {
	s := uncertainScenario()
	disc := "discount[0].rate"
	earn := "groups.all.job.monthly_earnings"
	cost := "arms.ips.costs.specialist.amount"
	s.Uncertainty.Correlations = []Correlation{
		{A: disc, B: earn, Rank: 0.6},
		{A: earn, B: cost, Rank: 0.6},
		{A: disc, B: cost, Rank: -0.6},
	}
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), "uncertainty.correlations[2]") ||
		!strings.Contains(err.Error(), "not positive definite") || !strings.Contains(err.Error(), disc+" and "+cost) {
		t.Errorf("got %v", err)
	}
}

// TestRunMatchesReferenceIterationByIteration re-evaluates the first
// iterations' draws with the plain reference evaluation.
func TestRunMatchesReferenceIterationByIteration(t *testing.T) {
	s := uncertainScenario()
	mc := run(t, s, Options{Iterations: 40, Seed: 9, Keep: true, Workers: 2})
	ev, _ := NewEvaluator(s)
	sm := ev.NewSampler(9)
	params := ev.Parameters()
	k := mc.Output("ips-usual/population/npv/society")
	kg := mc.Output("ips-usual/young/npv/municipality")
	for i := range mc.Values {
		x := ev.Base()
		sm.Draw(uint64(i), x)
		drawn := s.Clone()
		for j, p := range params {
			drawn.Set(p.Path, x[j])
		}
		_, incs := refEvaluate(drawn)
		d := refDiscount(drawn)
		if want := refNPV(d, incs[0][0].persp["society"]); !near(mc.Values[i][k], want, 1e-9, math.Abs(want)) {
			t.Errorf("iteration %d: society %v, reference %v", i, mc.Values[i][k], want)
		}
		if want := refNPV(d, incs[0][2].persp["municipality"]); !near(mc.Values[i][kg], want, 1e-9, math.Abs(want)) {
			t.Errorf("iteration %d: young municipality %v, reference %v", i, mc.Values[i][kg], want)
		}
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := Run(ctx, uncertainScenario(), Options{Iterations: 10_000_000, Seed: 1, Progress: func(done, total int) {
		calls++
		cancel()
	}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped after") {
		t.Errorf("got %v", err)
	}
	if calls > 100 {
		t.Errorf("%d progress calls after cancelling", calls)
	}
}

func TestProgressReachesTheTotal(t *testing.T) {
	last := 0
	run(t, uncertainScenario(), Options{Iterations: 1000, Progress: func(done, total int) {
		if done < last || total != 1000 {
			t.Errorf("progress %d of %d after %d", done, total, last)
		}
		last = done
	}})
	if last != 1000 {
		t.Errorf("progress ended at %d", last)
	}
}

func TestExactSumIsOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, 10000)
	for i := range xs {
		xs[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(30)-15))
	}
	var a, b exactSum
	for _, x := range xs {
		a.add(x)
	}
	rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	for _, x := range xs[:5000] {
		b.add(x)
	}
	var c exactSum
	for _, x := range xs[5000:] {
		c.add(x)
	}
	b.merge(&c)
	if a.value() != b.value() {
		t.Errorf("sums differ by order: %v and %v", a.value(), b.value())
	}
	var e exactSum
	for _, x := range []float64{1e100, 1, -1e100, 1e-300, math.SmallestNonzeroFloat64} {
		e.add(x)
	}
	if got := e.value(); got != 1 {
		t.Errorf("1e100 + 1 - 1e100 + tiny = %v, want 1 (rounded)", got)
	}
}

func TestPercentilesWithinBinWidth(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	st := newStat(0)
	xs := make([]float64, 50001)
	for i := range xs {
		xs[i] = rng.NormFloat64()*1e5 + 2e4
		st.add(xs[i])
	}
	sort.Float64s(xs)
	sum := st.summary([]float64{2.5, 50, 97.5})
	for j, p := range []float64{2.5, 50, 97.5} {
		exact := xs[int(math.Ceil(p/100*float64(len(xs))))-1]
		if math.Abs(sum.Percentiles[j]-exact) > 0.004*math.Abs(exact) {
			t.Errorf("percentile %v: %v, exact %v", p, sum.Percentiles[j], exact)
		}
	}
}

func TestEachStreamsInOrder(t *testing.T) {
	s := uncertainScenario()
	kept := run(t, s, Options{Iterations: 1500, First: 40, Seed: 4, Workers: 4, Keep: true})
	next := uint64(40)
	run(t, s, Options{Iterations: 1500, First: 40, Seed: 4, Workers: 4, Each: func(i uint64, values []float64) {
		if i != next {
			t.Fatalf("iteration %d streamed when %d was due", i, next)
		}
		if !reflect.DeepEqual(values, kept.Values[i-40]) {
			t.Fatalf("iteration %d: streamed values differ from kept ones", i)
		}
		next++
	}})
	if next != 1540 {
		t.Errorf("streamed up to %d, want 1540", next)
	}
}

func TestDrawDoesNotAllocate(t *testing.T) {
	ev, err := NewEvaluator(uncertainScenario())
	if err != nil {
		t.Fatal(err)
	}
	sm, x := ev.NewSampler(1), ev.Base()
	var i uint64
	if allocs := testing.AllocsPerRun(100, func() { sm.Draw(i, x); i++ }); allocs != 0 {
		t.Errorf("Draw allocates %v times per call", allocs)
	}
}

// TestRunAllocationsDoNotGrowWithIterations: the allocations of a run are
// its set-up's, not its iterations'.
func TestRunAllocationsDoNotGrowWithIterations(t *testing.T) {
	s := uncertainScenario()
	count := func(n int) float64 {
		return testing.AllocsPerRun(1, func() { Run(context.Background(), s, Options{Iterations: n, Workers: 1}) })
	}
	small, large := count(2000), count(22000)
	if perIteration := (large - small) / 20000; perIteration > 0.001 {
		t.Errorf("%v allocations per iteration (%v for 2,000, %v for 22,000)", perIteration, small, large)
	}
}

func TestSavedRunsMergeExactly(t *testing.T) {
	s := uncertainScenario()
	whole := run(t, s, Options{Iterations: 2000, Seed: 12})
	parts := []*MonteCarlo{run(t, s, Options{Iterations: 700, Seed: 12}), run(t, s, Options{Iterations: 1300, First: 700, Seed: 12})}
	for i, p := range parts {
		data, err := p.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		parts[i] = new(MonteCarlo)
		if err := parts[i].UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := parts[0].Merge(parts[1]); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(summaries(whole), summaries(parts[0])) {
		t.Error("saved, restored and merged ranges differ from the whole run")
	}
	if err := new(MonteCarlo).UnmarshalBinary([]byte("not a run")); err == nil {
		t.Error("garbage was read as a saved run")
	}
}
