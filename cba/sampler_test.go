package cba

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// cdf returns P(X <= x) and P(X < x) for d.
func cdf(d Distribution, x float64) (atOrBelow, below float64) {
	var F float64
	switch d.Kind {
	case Normal:
		F = distuv.Normal{Mu: d.Mu, Sigma: d.Sigma}.CDF(x)
	case LogNormal:
		F = distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma}.CDF(x)
	case Gamma:
		F = distuv.Gamma{Alpha: d.Shape, Beta: d.Rate}.CDF(x)
	case Beta:
		F = distuv.Beta{Alpha: d.Alpha, Beta: d.Beta}.CDF(x)
	case Uniform:
		F = distuv.Uniform{Min: d.Min, Max: d.Max}.CDF(x)
	case Triangular:
		F = distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).CDF(x)
	case PERT:
		F = d.pertBeta(nil).CDF((x - d.Min) / (d.Max - d.Min))
	case Discrete:
		for _, v := range d.Values {
			if v <= x {
				atOrBelow += 1 / float64(len(d.Values))
			}
			if v < x {
				below += 1 / float64(len(d.Values))
			}
		}
		return atOrBelow, below
	}
	return F, F
}

// TestIndependentDrawsFollowTheirDistributions: the sampler's own draws of
// every family (its gamma generator at shapes above and below 1 included)
// put the share of draws below each quantile of the distribution within
// 5 binomial standard errors of its probability, and their mean within 5
// standard errors of the distribution's mean, drawn as a run draws them:
// each iteration's stream reseeded from the factor's key.
func TestIndependentDrawsFollowTheirDistributions(t *testing.T) {
	const n = 40_000
	families := append(slices.Clone(testFamilies),
		struct {
			name string
			d    Distribution
		}{"gamma tiny shape", Distribution{Kind: Gamma, Shape: 0.05, Rate: 1}},
		struct {
			name string
			d    Distribution
		}{"beta small shapes", Distribution{Kind: Beta, Alpha: 0.3, Beta: 0.7}},
	)
	sm := &Sampler{}
	sm.rng = rand.New(&sm.pcg)
	for _, tc := range families {
		dr := draw{dist: tc.d, key: newStreamKey(7, tc.name)}
		dr.prepare()
		xs := make([]float64, n)
		mean := 0.0
		for i := range xs {
			sm.seed(dr.key, uint64(i))
			xs[i] = dr.independent(sm.rng)
			mean += xs[i] / n
		}
		slices.Sort(xs)
		// At the draws' own quantiles, the distribution function (from
		// gonum's regularised incomplete functions, accurate where the
		// inverse is not for tiny shapes) is the share of draws below.
		for _, p := range []float64{0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99} {
			q := xs[int(p*n)]
			share := float64(sort.SearchFloat64s(xs, q)) / n // draws below q
			shareAt := float64(sort.SearchFloat64s(xs, math.Nextafter(q, math.Inf(1)))) / n
			F, Fbelow := cdf(tc.d, q)
			se := math.Sqrt(p * (1 - p) / n)
			if F < share-5*se || Fbelow > shareAt+5*se {
				t.Errorf("%s: %.4f of draws below %v, where the distribution function is %.4f", tc.name, share, q, F)
			}
		}
		if sd := tc.d.SD(); math.Abs(mean-tc.d.Mean()) > 5*sd/math.Sqrt(n) {
			t.Errorf("%s: mean %v, want %v (sd %v)", tc.name, mean, tc.d.Mean(), sd)
		}
	}
}

// TestFixingTheLastOfACorrelatedGroup: in a group of three correlated
// factors, fixing the one last in the copula's order (the order in which
// the correlations name them) leaves the other two correlated and their
// draws as they were, bit for bit; fixing the first redraws the others
// from their own scores with the correlation that remains.
func TestFixingTheLastOfACorrelatedGroup(t *testing.T) {
	s := uncertainScenario()
	cost, jf, earn := "arms.ips.costs.specialist.amount", "arms.ips.groups.young.employment.periods[0].job_finding", "groups.all.job.monthly_earnings"
	s.Uncertainty.Correlations = append(s.Uncertainty.Correlations, Correlation{A: earn, B: cost, Rank: -0.4})
	drawn := func(s *Scenario, names ...string) [][]float64 {
		ev, err := NewEvaluator(s)
		if err != nil {
			t.Fatal(err)
		}
		sm, x := ev.NewSampler(4), ev.Base()
		out := make([][]float64, len(names))
		for i := range 3000 {
			sm.Fill(uint64(i), x)
			for k, name := range names {
				out[k] = append(out[k], x[index(t, ev, name)])
			}
		}
		return out
	}
	base := drawn(s, cost, jf, earn)
	last := s.Clone()
	if err := last.Set(earn, 20000); err != nil {
		t.Fatal(err)
	}
	got := drawn(last, cost, jf)
	if !slices.Equal(got[0], base[0]) || !slices.Equal(got[1], base[1]) {
		t.Error("fixing the last of three correlated factors changed the draws of the others")
	}
	first := s.Clone()
	if err := first.Set(cost, 4000); err != nil {
		t.Fatal(err)
	}
	got = drawn(first, jf, earn)
	if slices.Equal(got[0], base[1]) {
		t.Error("fixing the first changed nothing for the second: its score is mixed with the first's")
	}
	if r := spearman(got[0], got[1]); math.Abs(r) > 0.05 {
		t.Errorf("with the first fixed, the other two (not correlated with each other) have rank correlation %.3f", r)
	}
}
