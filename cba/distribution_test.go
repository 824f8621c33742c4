package cba

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var testFamilies = []struct {
	name string
	d    Distribution
}{
	{"normal", Distribution{Kind: Normal, Mu: 3, Sigma: 2}},
	{"lognormal", Distribution{Kind: LogNormal, Mu: 0.5, Sigma: 0.4}},
	{"gamma", Distribution{Kind: Gamma, Shape: 4, Rate: 0.5}},
	{"gamma small shape", Distribution{Kind: Gamma, Shape: 0.5, Rate: 2}},
	{"beta", Distribution{Kind: Beta, Alpha: 2, Beta: 5}},
	{"uniform", Distribution{Kind: Uniform, Min: -1, Max: 3}},
	{"triangular", Distribution{Kind: Triangular, Min: 0, Mode: 1, Max: 5}},
	{"pert", Distribution{Kind: PERT, Min: 10, Mode: 12, Max: 30}},
	{"discrete", Distribution{Kind: Discrete, Values: []float64{1, 2, 2, 10}}},
}

// TestSampleMoments: the mean and variance of 1e6 draws are within 4
// standard errors of the distribution's (the variance's standard error
// estimated from the sample's fourth central moment).
func TestSampleMoments(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	for _, tc := range testFamilies {
		src := rand.NewChaCha8([32]byte{1})
		xs := make([]float64, n)
		mean := 0.0
		for i := range xs {
			xs[i] = tc.d.Sample(src)
			mean += xs[i]
		}
		mean /= float64(n)
		m2, m4 := 0.0, 0.0
		for _, x := range xs {
			d := (x - mean) * (x - mean)
			m2 += d
			m4 += d * d
		}
		m2 /= float64(n)
		m4 /= float64(n)
		wantMean, wantVar := tc.d.Mean(), tc.d.SD()*tc.d.SD()
		if se := math.Sqrt(wantVar / float64(n)); math.Abs(mean-wantMean) > 4*se {
			t.Errorf("%s: sample mean %v, want %v (se %v)", tc.name, mean, wantMean, se)
		}
		if se := math.Sqrt((m4 - m2*m2) / float64(n)); math.Abs(m2-wantVar) > 4*se {
			t.Errorf("%s: sample variance %v, want %v (se %v)", tc.name, m2, wantVar, se)
		}
	}
}

func TestQuantileInvertsSampling(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	// The share of draws below the p-quantile is p, within 4 standard errors.
	n := 200_000
	for _, tc := range testFamilies {
		if tc.d.Kind == Discrete {
			continue
		}
		src := rand.NewChaCha8([32]byte{2})
		for _, p := range []float64{0.025, 0.5, 0.975} {
			q := tc.d.Quantile(p)
			below := 0
			for range n {
				if tc.d.Sample(src) <= q {
					below++
				}
			}
			if got, se := float64(below)/float64(n), math.Sqrt(p*(1-p)/float64(n)); math.Abs(got-p) > 4*se {
				t.Errorf("%s: P(X <= q(%v)) = %v", tc.name, p, got)
			}
		}
	}
}

func TestFromMomentsConvertsExactly(t *testing.T) {
	for _, tc := range []struct {
		kind     DistKind
		mean, sd float64
	}{{Normal, 5, 2}, {LogNormal, 24, 12}, {Gamma, 4166.67, 800}, {Gamma, 24, 30}, {Beta, 0.366, 0.03}, {Beta, 0.6, 0.2}} {
		d, err := FromMoments(tc.kind, tc.mean, tc.sd)
		if err != nil {
			t.Fatalf("%v: %v", tc.kind, err)
		}
		if math.Abs(d.Mean()-tc.mean) > 1e-12*tc.mean || math.Abs(d.SD()-tc.sd) > 1e-12*tc.sd {
			t.Errorf("%v(%v, %v): mean %v, sd %v", tc.kind, tc.mean, tc.sd, d.Mean(), d.SD())
		}
	}
	// The formulas themselves, for one case each.
	g, _ := FromMoments(Gamma, 10, 5)
	if g.Shape != 4 || g.Rate != 0.4 {
		t.Errorf("gamma(10, 5): shape %v rate %v, want 4 and 0.4", g.Shape, g.Rate)
	}
	b, _ := FromMoments(Beta, 0.5, 0.1)
	if math.Abs(b.Alpha-12) > 1e-12 || math.Abs(b.Beta-12) > 1e-12 {
		t.Errorf("beta(0.5, 0.1): %v, %v, want 12, 12", b.Alpha, b.Beta)
	}
}

func TestImpossibleDistributions(t *testing.T) {
	for _, tc := range []struct {
		kind     DistKind
		mean, sd float64
		want     string
	}{
		{Beta, 0.5, 0.5, "needs sd^2 < mean(1-mean)"},
		{Beta, 1.2, 0.1, "a beta needs a mean in (0, 1)"},
		{Gamma, -1, 1, "a gamma needs a mean > 0"},
		{Gamma, 0, 1, "a gamma needs a mean > 0"},
		{LogNormal, 0, 1, "a log-normal needs a mean > 0"},
		{Normal, 1, -1, "sd must be >= 0"},
	} {
		_, err := FromMoments(tc.kind, tc.mean, tc.sd)
		if err == nil || !contains(err.Error(), tc.want) {
			t.Errorf("%v(%v, %v): %v, want %q", tc.kind, tc.mean, tc.sd, err, tc.want)
		}
	}
	pert := Distribution{Kind: PERT, Min: 3, Mode: 1, Max: 5}
	if err := pert.Check(); err == nil || !contains(err.Error(), "min <= mode <= max") {
		t.Errorf("PERT with min > mode: %v", err)
	}
	normal := Distribution{Kind: Normal, Mu: 0.3, Sigma: 0.1}
	if err := normal.Fits(shareBound); err == nil || !contains(err.Error(), "can leave [0, 1]") {
		t.Errorf("normal for a probability: %v", err)
	}
	wide := Distribution{Kind: Uniform, Min: 0.5, Max: 1.5}
	if err := wide.Fits(shareBound); err == nil {
		t.Error("a uniform on [0.5, 1.5] fits a probability")
	}
	if err := (&Distribution{Kind: Beta, Alpha: 2, Beta: 2}).Fits(shareBound); err != nil {
		t.Errorf("beta for a probability: %v", err)
	}
	// A gamma so skewed that its draws reach 0 cannot be a half-life; one
	// whose tail passes 100 hours cannot be a week's work.
	skewed, _ := FromMoments(Gamma, 24, 300)
	if err := skewed.Fits(halfLifeBound); err == nil {
		t.Error("a gamma with mean 24 and sd 300 fits a half-life")
	}
	hours, _ := FromMoments(Gamma, 60, 20)
	if err := hours.Fits(hoursBound); err == nil || !contains(err.Error(), "outside this parameter's range [0, 100]") {
		t.Errorf("a gamma(60, 20) for weekly hours: %v", err)
	}
	ok, _ := FromMoments(Gamma, 24, 18)
	if err := ok.Fits(halfLifeBound); err != nil {
		t.Errorf("a gamma(24, 18) half-life: %v", err)
	}
}

// TestDrawsStayInRange: every draw of a distribution that fits a bound is
// within the bound, also of a distribution whose tail nearly reaches it.
func TestDrawsStayInRange(t *testing.T) {
	d, _ := FromMoments(Gamma, 20, 6)
	lo, hi := d.Range(hoursBound)
	if !(lo > 0 && hi <= 100) {
		t.Errorf("range [%v, %v]", lo, hi)
	}
	s := simpleScenario()
	s.Uncertainty.Parameters = []Uncertain{{Paths: []string{"groups.all.job.weekly_hours"}, Dist: d}}
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	sm, x := ev.NewSampler(1), ev.Base()
	i := index(t, ev, "groups.all.job.weekly_hours")
	for it := range 100000 {
		sm.Fill(uint64(it), x)
		if x[i] < lo || x[i] > hi {
			t.Fatalf("iteration %d drew %v, outside [%v, %v]", it, x[i], lo, hi)
		}
	}
}

// TestDirichletOfTinyConcentration draws shares that still sum to their
// total and are never NaN, though every gamma draw underflows.
func TestDirichletOfTinyConcentration(t *testing.T) {
	s := uncertainScenario()
	s.Uncertainty.Dirichlets[0].Concentration = 1e-3
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	sm, x := ev.NewSampler(1), ev.Base()
	a, b := index(t, ev, "groups.all.share"), index(t, ev, "groups.young.share")
	r := ev.NewResult()
	for it := range 2000 {
		sm.Fill(uint64(it), x)
		if math.IsNaN(x[a]) || math.IsNaN(x[b]) || math.Abs(x[a]+x[b]-1) > 1e-12 {
			t.Fatalf("iteration %d: shares %v and %v", it, x[a], x[b])
		}
		if err := ev.Evaluate(x, r); err != nil {
			t.Fatalf("iteration %d: %v", it, err)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestQuantileTableIsCloseToTheExactQuantile(t *testing.T) {
	for _, tc := range testFamilies {
		if tc.d.Kind == Discrete {
			continue
		}
		table := newQuantileTable(&tc.d)
		sd := tc.d.SD()
		for _, z := range []float64{-9, -6.5, -5.99, -3.3, -1.2345, 0, 0.001, 0.7777, 2.5, 5.5, 5.999, 6.5} {
			exact := tc.d.Quantile(min(max(normalCDF(z), 1e-300), 1-1e-16)) // as the table beyond its ends
			if got := table.at(&tc.d, z); math.Abs(got-exact) > 1e-6*sd {
				t.Errorf("%s at z = %v: table %v, exact %v", tc.name, z, got, exact)
			}
		}
	}
}

// TestQuantileTablesAreMadeOnce: a distribution's table is made once and
// shared, equal to one made afresh; another distribution has its own; and
// no more than tablesKept are kept.
func TestQuantileTablesAreMadeOnce(t *testing.T) {
	a := Distribution{Kind: Beta, Alpha: 2, Beta: 5}
	b := Distribution{Kind: Beta, Alpha: 2, Beta: 5.5}
	ta, tb := quantileTableOf(&a), quantileTableOf(&b)
	if again := quantileTableOf(&Distribution{Kind: Beta, Alpha: 2, Beta: 5}); again != ta {
		t.Error("the same distribution's table was made again")
	}
	if ta == tb || slices.Equal(ta.q, tb.q) {
		t.Error("two distributions share a table")
	}
	if fresh := newQuantileTable(&a); !slices.Equal(fresh.q, ta.q) || !slices.Equal(fresh.slope, ta.slope) {
		t.Error("the kept table differs from one made afresh")
	}
	for i := range 2 * tablesKept {
		quantileTableOf(&Distribution{Kind: Uniform, Min: 0, Max: float64(i + 1)})
		tables.Lock()
		n := len(tables.of)
		tables.Unlock()
		if n > tablesKept {
			t.Fatalf("%d tables kept, want at most %d", n, tablesKept)
		}
	}
}

// TestDistributionsCheckRefusesHaveNoMoments: the zero Distribution, an
// unknown family and impossible parameters give NaN from every method, not
// a panic; so does a quantile outside [0, 1] and a sample without a source.
func TestDistributionsCheckRefusesHaveNoMoments(t *testing.T) {
	for _, d := range []Distribution{
		{},
		{Kind: DistKind(99)},
		{Kind: Discrete},
		{Kind: Gamma, Shape: 0, Rate: 1},
		{Kind: Beta, Alpha: -1, Beta: 2},
		{Kind: PERT, Min: 3, Mode: 2, Max: 1},
	} {
		lo, hi := d.Support()
		for name, v := range map[string]float64{"mean": d.Mean(), "sd": d.SD(), "median": d.Quantile(0.5),
			"sample": d.Sample(rand.NewPCG(1, 2)), "lo": lo, "hi": hi} {
			if !math.IsNaN(v) {
				t.Errorf("%+v: %s %v, want NaN", d, name, v)
			}
		}
	}
	ok := Distribution{Kind: Normal, Mu: 1, Sigma: 2}
	if v := ok.Quantile(1.5); !math.IsNaN(v) {
		t.Errorf("a quantile at 1.5: %v, want NaN", v)
	}
	if v := ok.Sample(nil); !math.IsNaN(v) {
		t.Errorf("a sample without a source: %v, want NaN", v)
	}
	if ok.Mean() != 1 || ok.SD() != 2 {
		t.Errorf("normal(1, 2): mean %v, sd %v", ok.Mean(), ok.SD())
	}
}

// TestUnusedParametersAreFiniteOrRefused: a NaN in a field its family
// ignores is refused with the scenario, naming the number: else two
// scenarios that differ elsewhere would share a fingerprint (a NaN makes
// JSON fail), and runs of both could be merged.
func TestUnusedParametersAreFiniteOrRefused(t *testing.T) {
	s := uncertainScenario()
	s.Uncertainty.Parameters[1].Dist.Mu = math.NaN() // a gamma's: unused
	_, err := NewEvaluator(s)
	if err == nil || !strings.Contains(err.Error(), "does not use is not a finite number") ||
		!strings.Contains(err.Error(), s.Uncertainty.Parameters[1].Paths[0]) {
		t.Errorf("got %v, want the number named and refused", err)
	}
}

// TestFormsAreTheCallers: what DistKind.Forms returns is the caller's to
// change; how files are read stays as it was.
func TestFormsAreTheCallers(t *testing.T) {
	f := Uniform.Forms()
	was := f[0].Keys[0]
	f[0].Keys[0], f[0].Select = "lowest", nil
	if got := Uniform.Forms(); got[0].Keys[0] != was {
		t.Errorf("a caller's change of Forms reached the package: the key %q is now %q", was, got[0].Keys[0])
	}
}
