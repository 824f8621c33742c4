package cba

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
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

// randomUncertainty gives some of s's factors distributions that fit their
// bounds, correlates two of them, and draws the groups' shares together.
func randomUncertainty(rng *rand.Rand, s *Scenario) {
	fs, err := s.Factors()
	if err != nil {
		panic(err)
	}
	var drawn []string
	for _, f := range fs {
		receipt := strings.Contains(f.Name, ".benefits.") && strings.HasSuffix(f.Name, "share")
		if f.Index < 0 || f.ShareSet >= 0 || receipt || rng.IntN(3) != 0 {
			continue // receipt shares can be drawn only together
		}
		var d Distribution
		switch {
		case f.Bound.Min == 0 && f.Bound.Max == 1 && f.Value > 0.01 && f.Value < 0.99:
			d, _ = FromMoments(Beta, f.Value, 0.2*math.Sqrt(f.Value*(1-f.Value)))
		case f.Bound.Min == 0 && f.Value > 0 && f.Bound.Max > 10*f.Value:
			d, _ = FromMoments(Gamma, f.Value, 0.2*f.Value)
		default:
			continue
		}
		s.Uncertainty.Parameters = append(s.Uncertainty.Parameters, Uncertain{Paths: []string{f.Paths[len(f.Paths)-1]}, Dist: d})
		drawn = append(drawn, f.Name)
	}
	if len(drawn) >= 2 {
		s.Uncertainty.Correlations = []Correlation{{A: drawn[0], B: drawn[1], Rank: 0.5}}
	}
	if len(s.Groups) >= 2 {
		var paths []string
		for _, g := range s.Groups {
			paths = append(paths, "groups."+g.Name+".share")
		}
		s.Uncertainty.Dirichlets = []Dirichlet{{Paths: paths, Concentration: 30}}
	}
	s.UseMeans()
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
		out[k] = mc.Stat(k).Summary(2.5, 50, 97.5)
	}
	return out
}

// key returns the output key named name.
func key(t testing.TB, name string) OutputKey {
	t.Helper()
	k, err := ParseOutputKey(name)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// at returns the index of the output named name, which must exist.
func at(t testing.TB, mc *MonteCarlo, name string) int {
	t.Helper()
	k, ok := mc.Index(key(t, name))
	if !ok {
		t.Fatalf("no output %s", name)
	}
	return k
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

func TestMergeRefusesWhatDiffers(t *testing.T) {
	s := uncertainScenario()
	other := s.Clone()
	other.Uncertainty.Parameters[1].Dist.Rate *= 2 // another sd (and mean)
	other.UseMeans()
	for _, tc := range []struct {
		b    *MonteCarlo
		want string
	}{
		{run(t, s, Options{Iterations: 300, First: 300, Seed: 4}), "different seeds (3 and 4)"},
		{run(t, other, Options{Iterations: 300, First: 300, Seed: 3}), "different scenarios"},
		{run(t, s, Options{Iterations: 300, First: 200, Seed: 3}), "they overlap (0:300 and 200:500)"},
		{run(t, s, Options{Iterations: 300, First: 400, Seed: 3}), "iterations are missing between them (0:300 and 400:700)"},
		{run(t, s, Options{Iterations: 300, First: 300, Seed: 3, Keep: true}), "different kept values (Options.Keep)"},
		{func() *MonteCarlo { // as from a build with another list of outputs
			b := run(t, s, Options{Iterations: 300, First: 300, Seed: 3})
			b.Outputs = b.Outputs[1:]
			return b
		}(), "different outputs"},
		{nil, "different runs (a nil *MonteCarlo)"},
	} {
		a := run(t, s, Options{Iterations: 300, Seed: 3})
		err := a.Merge(tc.b)
		var me *MergeError
		if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

func TestSeedMatters(t *testing.T) {
	s := uncertainScenario()
	a := run(t, s, Options{Iterations: 500, Seed: 1})
	b := run(t, s, Options{Iterations: 500, Seed: 2})
	k := at(t, a, "ips-usual/population/npv/society")
	if a.Stat(k).Summary().Mean == b.Stat(k).Summary().Mean {
		t.Error("two seeds gave the same mean: the seed does nothing")
	}
	c := run(t, s, Options{Iterations: 500, Seed: 1})
	if a.Stat(k).Summary().Mean != c.Stat(k).Summary().Mean {
		t.Error("the same seed gave different means")
	}
}

func TestFixedValuesGiveTheDeterministicResult(t *testing.T) {
	s := simpleScenario()
	mc := run(t, s, Options{Iterations: 300, Seed: 1, Keep: true})
	for k, o := range mc.Outputs {
		for i, v := range mc.Values {
			if v[k] != mc.Deterministic[k] {
				t.Fatalf("%s iteration %d: %v, deterministic %v", o, i, v[k], mc.Deterministic[k])
			}
		}
		sum := mc.Stat(k).Summary(2.5, 50, 97.5)
		if inf := math.IsInf(mc.Deterministic[k], 1); inf && !(math.IsNaN(sum.Mean) && math.IsNaN(sum.SD) && sum.ShareInf == 1) ||
			!inf && (sum.SD != 0 || sum.Mean != mc.Deterministic[k]) {
			t.Errorf("%s: mean %v sd %v, deterministic %v", o, sum.Mean, sum.SD, mc.Deterministic[k])
		}
		for _, p := range sum.Percentiles {
			if p != mc.Deterministic[k] {
				t.Errorf("%s: percentile %v of a constant %v", o, p, mc.Deterministic[k])
			}
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
	state := persp(t, r, "state")
	base := r.Increments[0].Population.NPV[state]
	x[index(t, ev, "arms.ips.costs.specialist.amount")] += 1
	ev.Evaluate(x, r)
	b := base - r.Increments[0].Population.NPV[state] // NOK of NPV per NOK of monthly cost

	n := 40000
	mc := run(t, s, Options{Iterations: n, Seed: 11})
	sum := mc.Stat(at(t, mc, "ips-usual/population/npv/state")).Summary()
	wantSD := b * 800
	// The sd of a sample sd is about sd*sqrt((kurtosis-1)/(4n)); a gamma of
	// shape 25 has kurtosis 3.24.
	if se := wantSD * math.Sqrt(2.24/(4*float64(n))); math.Abs(sum.SD-wantSD) > 4*se {
		t.Errorf("sd %v, theory %v (se %v)", sum.SD, wantSD, se)
	}
	if sum.MCSE != sum.SD/math.Sqrt(float64(n)) {
		t.Errorf("MCSE %v, want sd/sqrt(n) = %v", sum.MCSE, sum.SD/math.Sqrt(float64(n)))
	}
	// The mean cost is 4000, the base value: the mean NPV is the base NPV.
	if math.Abs(sum.Mean-base) > 4*wantSD/math.Sqrt(float64(n)) {
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
		ia := index(t, ev, "arms.ips.costs.specialist.amount")
		ib := index(t, ev, "arms.ips.groups.young.employment.periods[0].job_finding")
		n := 100_000
		a, b := make([]float64, n), make([]float64, n)
		for i := range n {
			sm.Fill(uint64(i), x)
			a[i], b[i] = x[ia], x[ib]
		}
		if got := spearman(a, b); math.Abs(got-rho) > 0.01 {
			t.Errorf("rank correlation %v, want %v", got, rho)
		}
	}
}

// TestEveryFactorHasOneValuePerIteration: in every iteration, a number
// written once has one value in every place it is used, in the bundled
// style of aliases (a Dirichlet entry repeated for the same shares
// included) and in random scenarios.
func TestEveryFactorHasOneValuePerIteration(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	rng := rand.New(rand.NewPCG(31, 32))
	scenarios := []*Scenario{uncertainScenario()}
	for range 20 {
		s := randomScenario(rng)
		randomUncertainty(rng, s)
		scenarios = append(scenarios, s)
	}
	for i, s := range scenarios {
		ev, err := NewEvaluator(s)
		if err != nil {
			t.Fatalf("scenario %d: %v", i, err)
		}
		sm, x := ev.NewSampler(uint64(i)), ev.Base()
		for it := range 50 {
			sm.Fill(uint64(it), x)
			drawn := ev.Scenario(x)
			values := map[string]float64{}
			for _, p := range drawn.Parameters() {
				values[p.Path] = p.Value
			}
			for _, f := range ev.Factors() {
				for _, p := range f.Paths {
					if values[p] != values[f.Name] {
						t.Fatalf("scenario %d iteration %d: %s is %v, %s %v", i, it, p, values[p], f.Name, values[f.Name])
					}
				}
				if f.Index >= 0 && !f.Bound.Contains(x[f.Index]) {
					t.Fatalf("scenario %d iteration %d: %s drawn outside its range: %v", i, it, f.Name, x[f.Index])
				}
			}
		}
	}
}

func TestRepeatedDirichletEntriesAreOneDraw(t *testing.T) {
	s := uncertainScenario()
	s.Aliases = [][]string{{"groups.all.benefits.assistance.share", "groups.young.benefits.assistance.share"}}
	d := s.Uncertainty.Dirichlets[0]
	s.Uncertainty.Dirichlets = append(s.Uncertainty.Dirichlets, Dirichlet{Paths: []string{"groups.young.share", "groups.all.share"}, Concentration: d.Concentration})
	if err := s.Validate(); err != nil {
		t.Fatalf("the same shares named twice with the same concentration: %v", err)
	}
	s.Uncertainty.Dirichlets[1].Concentration = 10
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), "would be drawn twice: it is also drawn by uncertainty.dirichlet[0]") {
		t.Errorf("two concentrations for the same shares: %v", err)
	}
}

func TestDrawnReceiptsThatCanExceedOneAreRefused(t *testing.T) {
	s := simpleScenario()
	s.Benefits = append(s.Benefits, Benefit{Name: "other", Payers: Pay("state"), InWork: InWorkRule{Kind: OnEarnings, Taper: 1}},
		Benefit{Name: "third", Payers: Pay("state"), InWork: InWorkRule{Kind: OnEarnings, Taper: 1}})
	s.Groups[0].Receipts = []Receipt{{Share: 0.1, Amount: 100}, {Share: 0.45, Amount: 100}, {Share: 0.45, Amount: 100}}
	b, _ := FromMoments(Beta, 0.1, 0.05)
	s.Uncertainty.Parameters = []Uncertain{{Paths: []string{"groups.all.benefits.assistance.share"}, Dist: b}}
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), "can be drawn to sum to") || !strings.Contains(err.Error(), "groups.all.benefits.third.share") {
		t.Errorf("got %v", err)
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
	k := at(t, mc, "ips-usual/population/npv/society")
	kg := at(t, mc, "ips-usual/young/npv/municipality")
	for i := range mc.Values {
		x := ev.Base()
		sm.Fill(uint64(i), x)
		drawn := ev.Scenario(x)
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

// TestRunOverVectorsEqualsEvaluatingEach: the Source seam; a run over a
// fixed list of vectors gives, iteration by iteration, the outputs of
// evaluating each vector.
func TestRunOverVectorsEqualsEvaluatingEach(t *testing.T) {
	s := uncertainScenario()
	ev, _ := NewEvaluator(s)
	sm := ev.NewSampler(3)
	var vs Vectors
	for i := range 700 {
		x := ev.Base()
		sm.Fill(uint64(i), x)
		vs = append(vs, x)
	}
	var seenFactors [][]float64
	mc := run(t, s, Options{Iterations: len(vs), Source: vs, Workers: 3, Keep: true, Each: func(i uint64, factors, _ []float64) {
		seenFactors = append(seenFactors, append([]float64(nil), factors...))
	}})
	want := make([]float64, len(ev.Outputs()))
	for i, x := range vs {
		if err := ev.EvaluateOutputs(x, want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(mc.Values[i], want) {
			t.Fatalf("vector %d: run %v, evaluated %v", i, mc.Values[i][:3], want[:3])
		}
		if !reflect.DeepEqual(seenFactors[i], x) {
			t.Fatalf("vector %d: Each saw factors %v, want %v", i, seenFactors[i][:3], x[:3])
		}
	}
	if _, err := Run(context.Background(), s, Options{Iterations: 701, Source: vs}); err == nil {
		t.Error("a run beyond the vectors was accepted")
	}
	// And the sampler as a source is the default.
	a := run(t, s, Options{Iterations: 500, Seed: 3, Keep: true})
	b := run(t, s, Options{Iterations: 500, Source: vs, Keep: true})
	if !reflect.DeepEqual(a.Values, b.Values) {
		t.Error("the default run differs from a run over the same draws")
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

func TestOptionsAreChecked(t *testing.T) {
	s := uncertainScenario()
	for _, opt := range []Options{
		{Iterations: -1},
		{Workers: -1},
		{Workers: MaxWorkers() + 1},
		{First: MaxIteration - 10, Iterations: 11},
		{First: math.MaxUint64, Iterations: 1},
	} {
		if _, err := Run(context.Background(), s, opt); err == nil {
			t.Errorf("%+v was accepted", opt)
		}
	}
	// Keeping the values of 2^40 iterations is refused before a run
	// starts, naming Keep, instead of failing to allocate them.
	_, err := Run(context.Background(), s, Options{Iterations: 1 << 40, Keep: true})
	if err == nil || !strings.Contains(err.Error(), "Keep") {
		t.Errorf("Keep of 2^40 iterations: %v", err)
	}
}

// TestRunRecordsTheWorkersItUsed: a run of fewer blocks than workers says
// how many goroutines it used, not how many it was offered; the values do
// not depend on either.
func TestRunRecordsTheWorkersItUsed(t *testing.T) {
	s := uncertainScenario()
	for _, tc := range []struct{ iterations, workers, want int }{
		{10, 8, 1}, {256, 8, 1}, {257, 8, 2}, {3 * 256, 2, 2}, {3000, 1, 1},
	} {
		mc := run(t, s, Options{Iterations: tc.iterations, Workers: tc.workers, Seed: 1})
		if mc.Workers != tc.want {
			t.Errorf("%d iterations on %d workers: the run says %d workers, want %d", tc.iterations, tc.workers, mc.Workers, tc.want)
		}
	}
}

// TestVersionTellsRevisionsApart: an untagged build's version names a hash
// of the source that computes, which changes with any file of it but not
// with its tests, so that Merge refuses runs of two revisions.
func TestVersionTellsRevisionsApart(t *testing.T) {
	if v := moduleVersion(); !regexp.MustCompile(`^\(devel\) source [0-9a-f]{16}$`).MatchString(v) {
		t.Errorf("the version of a test build: %q, want (devel) and the source's hash", v)
	}
	files := fstest.MapFS{
		"run.go":                  {Data: []byte("package cba // one revision")},
		"internal/exact/grid.go":  {Data: []byte("package exact")},
		"run_test.go":             {Data: []byte("package cba")},
		"internal/exact/notes.md": {Data: []byte("notes")},
	}
	base := sourceHash(files)
	for name, edit := range map[string]func(fstest.MapFS){
		"a file of cba edited": func(m fstest.MapFS) { m["run.go"] = &fstest.MapFile{Data: []byte("package cba // another")} },
		"a file of exact": func(m fstest.MapFS) {
			m["internal/exact/grid.go"] = &fstest.MapFile{Data: []byte("package exact // x")}
		},
		"a file added":         func(m fstest.MapFS) { m["new.go"] = &fstest.MapFile{Data: []byte("package cba")} },
		"a file renamed":       func(m fstest.MapFS) { m["ran.go"] = m["run.go"]; delete(m, "run.go") },
		"a test edited (same)": func(m fstest.MapFS) { m["run_test.go"] = &fstest.MapFile{Data: []byte("package cba // t")} },
		"not Go source (same)": func(m fstest.MapFS) { m["internal/exact/notes.md"] = &fstest.MapFile{Data: []byte("more")} },
	} {
		m := fstest.MapFS{}
		for k, v := range files {
			m[k] = v
		}
		edit(m)
		same := strings.HasSuffix(name, "(same)")
		if got := sourceHash(m); (got == base) != same {
			t.Errorf("%s: hash %s, before %s", name, got, base)
		}
	}
	a := run(t, uncertainScenario(), Options{Iterations: 300, Seed: 3})
	b := run(t, uncertainScenario(), Options{Iterations: 300, First: 300, Seed: 3})
	b.Version = "(devel) source 0123456789abcdef"
	if err := a.Merge(b); err == nil || !strings.Contains(err.Error(), "module versions") {
		t.Errorf("runs of two revisions merged: %v", err)
	}
}

func TestPercentilesWithinBinWidth(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	var st Stat
	xs := make([]float64, 50001)
	for i := range xs {
		xs[i] = rng.NormFloat64()*1e5 + 2e4
		st.Add(xs[i])
	}
	sort.Float64s(xs)
	sum := st.Summary(2.5, 50, 97.5)
	for j, p := range []float64{2.5, 50, 97.5} {
		exact := xs[int(math.Ceil(p/100*float64(len(xs))))-1]
		if math.Abs(sum.Percentiles[j]-exact) > 0.004*math.Abs(exact) {
			t.Errorf("percentile %v: %v, exact %v", p, sum.Percentiles[j], exact)
		}
	}
}

func TestStatOfHugeAndTinyValues(t *testing.T) {
	// Squares of 1e200 overflow a float64: the sd must not.
	var st Stat
	for _, x := range []float64{1e200, -1e200, 1e200, -1e200} {
		st.Add(x)
	}
	sum := st.Summary(50, 100)
	if want := 1e200 * math.Sqrt(4.0/3); math.IsInf(sum.SD, 0) || math.Abs(sum.SD-want) > 1e-12*want {
		t.Errorf("sd of ±1e200: %v, want %v", sum.SD, want)
	}
	if sum.Percentiles[1] != 1e200 {
		t.Errorf("the 100th percentile %v, want the maximum 1e200", sum.Percentiles[1])
	}
	var zero Stat
	if s := zero.Summary(50); s.N != 0 || !math.IsNaN(s.Mean) || len(s.Percentiles) != 1 || !math.IsNaN(s.Percentiles[0]) {
		t.Errorf("the zero Stat: %+v", s)
	}
	// A large mean and a small spread: the sd is exact, not lost to
	// cancellation.
	var near Stat
	for _, d := range []float64{-1, 1, -1, 1} {
		near.Add(1e12 + d)
	}
	if s := near.Summary(); math.Abs(s.SD-math.Sqrt(4.0/3)) > 1e-15 {
		t.Errorf("sd of 1e12±1: %v, want %v", s.SD, math.Sqrt(4.0/3))
	}
}

func TestEachStreamsInOrder(t *testing.T) {
	s := uncertainScenario()
	kept := run(t, s, Options{Iterations: 1500, First: 40, Seed: 4, Workers: 4, Keep: true})
	next := uint64(40)
	run(t, s, Options{Iterations: 1500, First: 40, Seed: 4, Workers: 4, Each: func(i uint64, _, values []float64) {
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

func TestFillDoesNotAllocate(t *testing.T) {
	ev, err := NewEvaluator(uncertainScenario())
	if err != nil {
		t.Fatal(err)
	}
	sm, x := ev.NewSampler(1), ev.Base()
	var i uint64
	if allocs := testing.AllocsPerRun(100, func() { sm.Fill(i, x); i++ }); allocs != 0 {
		t.Errorf("Fill allocates %v times per call", allocs)
	}
}

// TestRunAllocationsDoNotGrowWithIterations: the allocations of a run are
// its set-up's, not its iterations'.
func TestRunAllocationsDoNotGrowWithIterations(t *testing.T) {
	if testing.Short() {
		t.Skip("counts allocations over 240,000 iterations: not in the short suite (the race run)")
	}
	s := uncertainScenario()
	count := func(n int) float64 {
		return testing.AllocsPerRun(1, func() { Run(context.Background(), s, Options{Iterations: n, Workers: 1}) })
	}
	// A histogram allocates an octave of bins when a value first reaches
	// it (at most 2 x 2,046 an output, whatever the run's length): beyond
	// the first 10,000 iterations only rare values in the tails do, a few
	// hundred allocations in all, where an allocation an iteration would
	// be 100,000. Allocations elsewhere in the process (a goroutine of an
	// earlier test winding down) only add: take the lesser of two tries.
	perIteration, small, large := math.Inf(1), 0.0, 0.0
	for range 2 {
		s, l := count(10_000), count(110_000)
		if p := (l - s) / 100_000; p < perIteration {
			perIteration, small, large = p, s, l
		}
	}
	t.Logf("%v allocations per iteration (%v for 10,000, %v for 110,000)", perIteration, small, large)
	if perIteration > 0.02 {
		t.Errorf("%v allocations per iteration (%v for 10,000, %v for 110,000)", perIteration, small, large)
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
	data, _ := whole.MarshalBinary()
	for _, cut := range []int{len(data) / 2, len(data) - 4} {
		if err := new(MonteCarlo).UnmarshalBinary(data[:cut]); err == nil {
			t.Errorf("a saved run cut at %d of %d bytes was read", cut, len(data))
		}
	}
}
