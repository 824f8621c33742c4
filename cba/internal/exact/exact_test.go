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

// values returns numbers of every kind a histogram or sum may see: of one
// order of magnitude and of hundreds (beyond a window), both signs,
// zeros, subnormal numbers and, with inf, +Inf.
func values(rng *rand.Rand, n int, inf bool) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		switch rng.IntN(8) {
		case 0:
			xs[i] = rng.NormFloat64() * math.Pow(2, float64(rng.IntN(1800)-900))
		case 1:
			xs[i] = 0
		case 2:
			xs[i] = (rng.Float64() - 0.5) * 0x1p-1030 // subnormal
		case 3:
			if inf {
				xs[i] = math.Inf(1)
			}
		default:
			xs[i] = 1e5 + 3e4*rng.NormFloat64()
		}
	}
	return xs
}

// naiveBin is the histogram bin of a normal magnitude, from its fraction
// and exponent.
func naiveBin(a float64) int32 {
	frac, exp := math.Frexp(a) // a = frac * 2^exp, frac in [0.5, 1)
	return int32((exp-1-minExp)*binsPerOctave + int(math.Floor((2*frac-1)*binsPerOctave)))
}

func TestHistogramCountsEveryBin(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	xs := values(rng, 50000, true)
	pos, neg := map[int32]int64{}, map[int32]int64{}
	var zero, inf int64
	for _, x := range xs {
		switch a := math.Abs(x); {
		case math.IsInf(x, 1):
			inf++
		case a < 0x1p-1022:
			zero++
		case x < 0:
			neg[naiveBin(a)]++
		default:
			pos[naiveBin(a)]++
		}
	}
	check := func(name string, h *Histogram) {
		t.Helper()
		s := h.Sparse()
		if s.Zero != zero || s.Inf != inf {
			t.Errorf("%s: zero %d inf %d, want %d %d", name, s.Zero, s.Inf, zero, inf)
		}
		for _, side := range []struct {
			bins   []int32
			counts []int64
			want   map[int32]int64
		}{{s.PosBins, s.PosCounts, pos}, {s.NegBins, s.NegCounts, neg}} {
			if len(side.bins) != len(side.want) || !sort.SliceIsSorted(side.bins, func(i, j int) bool { return side.bins[i] < side.bins[j] }) {
				t.Fatalf("%s: %d bins, want %d, in increasing order", name, len(side.bins), len(side.want))
			}
			for i, b := range side.bins {
				if side.counts[i] != side.want[b] {
					t.Fatalf("%s: bin %d counts %d, want %d", name, b, side.counts[i], side.want[b])
				}
			}
		}
	}
	var one Histogram
	for _, x := range xs {
		one.Add(x)
	}
	check("Add", &one)
	var all Histogram
	for i := 0; i < len(xs); i += 77 {
		all.AddAll(xs[i:min(i+77, len(xs))])
	}
	check("AddAll", &all)
	// Pieces merged in another order.
	perm := rng.Perm(len(xs))
	var merged Histogram
	for i := 0; i < len(perm); i += 5000 {
		var piece Histogram
		for _, j := range perm[i:min(i+5000, len(perm))] {
			piece.Add(xs[j])
		}
		merged.Merge(&piece)
	}
	check("Merge", &merged)
	var restored Histogram
	if err := restored.SetSparse(one.Sparse()); err != nil {
		t.Fatal(err)
	}
	check("SetSparse", &restored)
	if got, want := restored.Bins(), one.Bins(); len(got) != len(want) {
		t.Errorf("bins after a round trip: %d, want %d", len(got), len(want))
	}
}

func TestHistogramRefusesNaN(t *testing.T) {
	for _, x := range []float64{math.NaN(), math.Inf(-1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%v was counted", x)
				}
			}()
			var h Histogram
			h.Add(x)
		}()
	}
}

func TestSumAddAllIsAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	xs := values(rng, 20000, true)
	xs = append(xs, math.NaN(), math.MaxFloat64, -math.MaxFloat64, 0x1p600, -0x1p499)
	var one, all, sq, sqBig, allSq, allSqBig Sum
	for _, x := range xs {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			continue
		}
		one.Add(x)
		// The square as Stat used to add it: rounded value and error.
		if a := math.Abs(x); a < 0x1p500 {
			s := x * x
			sq.Add(s)
			sq.Add(math.FMA(x, x, -s))
		} else {
			y := math.Ldexp(a, -512)
			s := y * y
			sqBig.Add(s)
			sqBig.Add(math.FMA(y, y, -s))
		}
	}
	for i := 0; i < len(xs); i += 1000 {
		all.AddAll(xs[i:min(i+1000, len(xs))])
		allSq.AddSquares(xs[i:min(i+1000, len(xs))], &allSqBig)
	}
	for _, c := range []struct {
		name      string
		got, want *Sum
	}{{"AddAll", &all, &one}, {"AddSquares", &allSq, &sq}, {"AddSquares, large", &allSqBig, &sqBig}} {
		if c.got.Int().Cmp(c.want.Int()) != 0 || c.got.Words() != c.want.Words() {
			t.Errorf("%s: %v, want %v", c.name, c.got.Value(), c.want.Value())
		}
	}
}

// TestHistogramCountsBeyond16Bits: a bin's count wraps around its 16 bits
// many times (by one, in a batch, merged, restored) and is still exact.
func TestHistogramCountsBeyond16Bits(t *testing.T) {
	const n = 3<<16 + 12345
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 42.5
	}
	var one, all Histogram
	for _, x := range xs {
		one.Add(x)
	}
	all.AddAll(xs)
	all.Add(-1) // another bin, another sign
	var big Histogram
	if err := big.SetSparse(Sparse{PosBins: []int32{naiveBin(42.5)}, PosCounts: []int64{5_000_000_000}}); err != nil {
		t.Fatal(err)
	}
	big.Merge(&all)
	big.Merge(&one)
	for _, c := range []struct {
		name string
		h    *Histogram
		want int64
	}{{"Add", &one, n}, {"AddAll", &all, n}, {"Merge", &big, 5_000_000_000 + 2*n}} {
		s := c.h.Sparse()
		if len(s.PosBins) != 1 || s.PosBins[0] != naiveBin(42.5) || s.PosCounts[0] != c.want {
			t.Errorf("%s: bins %v counts %v, want %d in bin %d", c.name, s.PosBins, s.PosCounts, c.want, naiveBin(42.5))
		}
		if q := c.h.Quantile(0.5, c.h.Total()); math.Abs(q-42.5) > 0.004*42.5 {
			t.Errorf("%s: median %v", c.name, q)
		}
	}
	if got := all.Total(); got != n+1 {
		t.Errorf("total %d, want %d", got, n+1)
	}
}

// TestHistogramIgnoresZeroCounts: a saved bin with a count of 0 (which
// Sparse never writes) makes no empty bin, near or far.
func TestHistogramIgnoresZeroCounts(t *testing.T) {
	var h Histogram
	if err := h.SetSparse(Sparse{PosBins: []int32{0, 200000, 5}, PosCounts: []int64{1, 0, 0}}); err != nil {
		t.Fatal(err)
	}
	for _, b := range h.Bins() {
		if b.Count == 0 {
			t.Errorf("Bins returns an empty bin %v", b)
		}
	}
	if s := h.Sparse(); len(s.PosBins) != 1 || s.PosBins[0] != 0 {
		t.Errorf("Sparse keeps a zero count: %v %v", s.PosBins, s.PosCounts)
	}
}
