package cba

import (
	"math"
	"testing"
)

// TestCorrelatedLogNormalAndDiscreteDraws: correlated draws of a
// lognormal (its quantile in closed form) and of a discrete distribution
// (its sorted values) keep their marginals: the lognormal's share of draws
// below its quantiles, the discrete's share of each value, within 5
// binomial standard errors; and the pair keeps a strong positive rank
// correlation.
func TestCorrelatedLogNormalAndDiscreteDraws(t *testing.T) {
	const n = 4000
	s := uncertainScenario()
	cost, earn := "arms.ips.costs.specialist.amount", "groups.all.job.monthly_earnings"
	logn := Distribution{Kind: LogNormal, Mu: math.Log(4000), Sigma: 0.2}
	disc := Distribution{Kind: Discrete, Values: []float64{25000, 15000, 20000, 18000}}
	s.Uncertainty.Parameters[1].Dist = logn
	s.Uncertainty.Parameters[2].Dist = disc
	s.Uncertainty.Correlations = []Correlation{{A: cost, B: earn, Rank: 0.8}}
	s.UseMeans()
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	sm, x := ev.NewSampler(11), ev.Base()
	ic, ie := index(t, ev, cost), index(t, ev, earn)
	cs, es := make([]float64, n), make([]float64, n)
	for i := range n {
		sm.Fill(uint64(i), x)
		cs[i], es[i] = x[ic], x[ie]
	}
	for _, p := range []float64{0.1, 0.5, 0.9} {
		q := logn.Quantile(p)
		below := 0
		for _, v := range cs {
			if v < q {
				below++
			}
		}
		if se := math.Sqrt(p * (1 - p) / n); math.Abs(float64(below)/n-p) > 5*se {
			t.Errorf("lognormal: %.4f of draws below its %v quantile", float64(below)/n, p)
		}
	}
	count := map[float64]int{}
	for _, v := range es {
		count[v]++
	}
	se := math.Sqrt(0.25 * 0.75 / n)
	for _, v := range disc.Values {
		if share := float64(count[v]) / n; math.Abs(share-0.25) > 5*se {
			t.Errorf("discrete: %.4f of draws at %v, want 0.25", share, v)
		}
	}
	if len(count) != len(disc.Values) {
		t.Errorf("discrete: drawn values %v, want only %v", count, disc.Values)
	}
	if r := spearman(cs, es); r < 0.6 {
		t.Errorf("rank correlation %.3f, want near 0.8 (less the discrete's ties)", r)
	}
}
