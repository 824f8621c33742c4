package exact

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

func TestSumIsOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, 10000)
	for i := range xs {
		xs[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(600)-300))
	}
	var a, b, c Sum
	for _, x := range xs {
		a.Add(x)
	}
	rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	for _, x := range xs[:5000] {
		b.Add(x)
	}
	for _, x := range xs[5000:] {
		c.Add(x)
	}
	b.Merge(&c)
	if a.Value() != b.Value() || a.Int().Cmp(b.Int()) != 0 {
		t.Errorf("sums differ by order: %v and %v", a.Value(), b.Value())
	}
	var e Sum
	for _, x := range []float64{1e100, 1, -1e100, 1e-300, math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64} {
		e.Add(x)
	}
	if got := e.Value(); got != 1 {
		t.Errorf("1e100 + 1 - 1e100 + tiny + max - max = %v, want 1 (rounded)", got)
	}
	var zero Sum
	if zero.Value() != 0 {
		t.Error("the zero Sum is not 0")
	}
}

func TestSumWordsRoundTrip(t *testing.T) {
	var s Sum
	for _, x := range []float64{3, -7.5, 1e20, -2e-10} {
		s.Add(x)
	}
	var r Sum
	if err := r.SetWords(s.Words()); err != nil || r.Value() != s.Value() {
		t.Errorf("round trip: %v, %v vs %v", err, r.Value(), s.Value())
	}
	w := s.Words()
	w[0] = -1
	if err := r.SetWords(w); err == nil {
		t.Error("a digit that Words cannot write was accepted")
	}
}

func TestHistogramQuantilesAndBins(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	var h Histogram
	xs := make([]float64, 20001)
	for i := range xs {
		xs[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(40)-20))
		h.Add(xs[i])
	}
	h.Add(math.Inf(1))
	xs = append(xs, math.Inf(1))
	sort.Float64s(xs)
	n := int64(len(xs))
	for _, p := range []float64{0, 0.01, 0.3, 0.5, 0.77, 0.99, 1} {
		exact := xs[max(int(math.Ceil(p*float64(n)))-1, 0)]
		got := h.Quantile(p, n)
		if math.IsInf(exact, 1) != math.IsInf(got, 1) || (!math.IsInf(exact, 1) && math.Abs(got-exact) > 0.004*math.Abs(exact)) {
			t.Errorf("quantile %v: %v, exact %v", p, got, exact)
		}
	}
	if h.Total() != n {
		t.Errorf("total %d, want %d", h.Total(), n)
	}
	var r Histogram
	if err := r.SetSparse(h.Sparse()); err != nil || r.Total() != n || r.Quantile(0.5, n) != h.Quantile(0.5, n) {
		t.Errorf("sparse round trip: %v", err)
	}
	var zero Histogram
	if zero.Total() != 0 || len(zero.Bins()) != 0 {
		t.Error("the zero Histogram is not empty")
	}
}
