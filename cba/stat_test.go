package cba

import (
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestStatAddAllIsAdd: counting a batch at once gives what counting its
// values one by one gives, bit for bit, for batches of any size and values
// of any kind.
func TestStatAddAllIsAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, kind := range []string{"money", "wide", "months", "constant", "with +Inf", "signed zeros"} {
		xs := make([]float64, 3000)
		for i := range xs {
			switch kind {
			case "money":
				xs[i] = 2e4 * rng.NormFloat64()
			case "wide":
				xs[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(300)-150))
			case "months":
				xs[i] = float64(rng.IntN(121))
			case "constant":
				xs[i] = -1234.5
			case "signed zeros":
				xs[i] = math.Copysign(0, float64(rng.IntN(2))-0.5)
			case "with +Inf":
				xs[i] = rng.ExpFloat64()
				if rng.IntN(3) == 0 {
					xs[i] = math.Inf(1)
				}
			}
		}
		var one, all Stat
		for _, x := range xs {
			one.Add(x)
		}
		for i := 0; i < len(xs); {
			n := min(rng.IntN(300), len(xs)-i)
			all.AddAll(xs[i : i+n])
			i += n
		}
		ps := []float64{0, 2.5, 50, 97.5, 100}
		a, b := one.Summary(ps...), all.Summary(ps...)
		if !slices.Equal(a.Percentiles, b.Percentiles) {
			t.Errorf("%s: percentiles %v, want %v", kind, b.Percentiles, a.Percentiles)
		}
		a.Percentiles, b.Percentiles = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: %+v, want %+v", kind, b, a)
		}
		if math.Signbit(one.min) != math.Signbit(all.min) || math.Signbit(one.max) != math.Signbit(all.max) {
			t.Errorf("%s: min %v max %v, want %v %v (signs of zero)", kind, all.min, all.max, one.min, one.max)
		}
		if one.grid.Words() != all.grid.Words() || (one.far == nil) != (all.far == nil) ||
			one.far != nil && (one.far.sum.Words() != all.far.sum.Words() || one.far.sq.Words() != all.far.sq.Words() || one.far.sqBig.Words() != all.far.sqBig.Words()) {
			t.Errorf("%s: the integer sums differ", kind)
		}
	}
}

// TestSummaryOfOnlyInfiniteValuesHasNoMoments: when every value is +Inf
// (every draw cost-saving, or no break-even in any), the moments are NaN,
// not a 0 that reads as a value.
func TestSummaryOfOnlyInfiniteValuesHasNoMoments(t *testing.T) {
	var s Stat
	s.AddAll([]float64{math.Inf(1), math.Inf(1), math.Inf(1)})
	sum := s.Summary(50)
	for name, v := range map[string]float64{"mean": sum.Mean, "sd": sum.SD, "mcse": sum.MCSE, "min": sum.Min, "max": sum.Max} {
		if !math.IsNaN(v) {
			t.Errorf("%s of +Inf values: %v, want NaN", name, v)
		}
	}
	if sum.N != 3 || sum.ShareInf != 1 || !math.IsInf(sum.Percentiles[0], 1) {
		t.Errorf("%+v", sum)
	}
	s.Add(2) // one finite value: its moments
	if sum := s.Summary(); sum.Mean != 2 || sum.Min != 2 || sum.Max != 2 || sum.SD != 0 {
		t.Errorf("with one finite value: %+v", sum)
	}
}

// TestPercentilesOfTheLargestNumbers: values near the largest float64 have
// percentiles within [Min, Max], not +Inf.
func TestPercentilesOfTheLargestNumbers(t *testing.T) {
	var s Stat
	s.AddAll([]float64{1e308, 1e308, -1e308, math.MaxFloat64})
	sum := s.Summary(25, 50, 100, 150, -5, math.NaN())
	for i, q := range sum.Percentiles[3:] {
		if !math.IsNaN(q) {
			t.Errorf("percentile %v: %v, want NaN", []float64{150, -5, math.NaN()}[i], q)
		}
	}
	for i, q := range sum.Percentiles[:3] {
		if !(q >= sum.Min && q <= sum.Max) {
			t.Errorf("percentile %d: %v outside [%v, %v]", i, q, sum.Min, sum.Max)
		}
	}
}

// TestStatCountsNaNApart: NaN and -Inf do not panic: they count in N and
// ShareNaN and in nothing else, in Add, AddAll and Merge alike.
func TestStatCountsNaNApart(t *testing.T) {
	values := []float64{math.NaN(), 2, math.Inf(-1), -4, math.Inf(1), math.NaN(), 6}
	var one, all, merged Stat
	for _, x := range values {
		one.Add(x)
	}
	all.AddAll(values)
	for _, x := range values {
		var part Stat
		part.Add(x)
		merged.Merge(&part)
	}
	for name, s := range map[string]*Stat{"Add": &one, "AddAll": &all, "Merge": &merged} {
		got := s.Summary(0, 50, 100)
		// The finite values are 2, -4 and 6; the percentiles rank the
		// four values that are not NaN (-4, 2, 6, +Inf): the median is
		// the middle of 2's bin, 1/128 of an octave wide.
		sd := math.Sqrt(76.0 / 3)
		if got.N != 7 || math.Abs(got.Mean-4.0/3) > 1e-9 || math.Abs(got.SD-sd) > 1e-9 || math.Abs(got.MCSE-sd/math.Sqrt(3)) > 1e-9 ||
			got.Min != -4 || got.Max != 6 || got.PAboveZero != 3.0/7 || got.PAtLeastZero != 3.0/7 ||
			got.ShareInf != 1.0/7 || got.ShareNaN != 3.0/7 {
			t.Errorf("%s: %+v", name, got)
		}
		if p := got.Percentiles; p[0] != -4 || math.Abs(p[1]-2) > 2.0/128 || !math.IsInf(p[2], 1) {
			t.Errorf("%s: percentiles %v, want -4, about 2, +Inf", name, p)
		}
	}
	var only Stat
	only.AddAll([]float64{math.NaN(), math.NaN()})
	if got := only.Summary(50); got.N != 2 || got.ShareNaN != 1 || !math.IsNaN(got.Mean) || !math.IsNaN(got.Percentiles[0]) {
		t.Errorf("only NaN: %+v", got)
	}
}

// TestSummaryOfImpossiblePercentiles: a percentile outside [0, 100] is NaN
// whatever the Stat holds (an empty one too), and CheckPercentiles names it.
func TestSummaryOfImpossiblePercentiles(t *testing.T) {
	var empty, one Stat
	one.Add(5)
	for name, s := range map[string]*Stat{"empty": &empty, "nil": nil, "one value": &one} {
		got := s.Summary(-1, 50, 100.5, math.NaN())
		for i, p := range []float64{-1, 100.5, math.NaN()} {
			if q := got.Percentiles[[]int{0, 2, 3}[i]]; !math.IsNaN(q) {
				t.Errorf("%s: percentile %v is %v, want NaN", name, p, q)
			}
		}
		if q := got.Percentiles[1]; (s == &one) != (q == 5) {
			t.Errorf("%s: the median is %v", name, q)
		}
	}
	if err := CheckPercentiles(2.5, 50, 97.5, 0, 100); err != nil {
		t.Errorf("valid percentiles: %v", err)
	}
	for _, bad := range [][]float64{{101}, {50, -0.5}, {math.NaN()}, {math.Inf(1)}} {
		if err := CheckPercentiles(bad...); err == nil || !strings.Contains(err.Error(), "percentiles[") {
			t.Errorf("%v: got %v, want an error naming the percentile", bad, err)
		}
	}
}

// TestStatPrecision: the mean and sd are within 2^-33 (and sqrt(n/(n-1))
// times it) of the exact moments of the values, computed in big.Float, for
// values of every size on the grid and beyond it, and equal for any split
// into pieces merged in any order.
func TestStatPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, kind := range []string{"money", "small", "mixed with large"} {
		xs := make([]float64, 5000)
		for i := range xs {
			switch kind {
			case "money":
				xs[i] = 50000 + 30000*rng.NormFloat64()
			case "small":
				xs[i] = 1e-6 * rng.NormFloat64()
			case "mixed with large":
				xs[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(24)))
			}
		}
		var whole Stat
		whole.AddAll(xs)
		got := whole.Summary()
		mean, sd := exactMoments(xs)
		n := float64(len(xs))
		if d := math.Abs(got.Mean - mean); d > 0x1p-33+1e-15*math.Abs(mean) {
			t.Errorf("%s: mean %v, exact %v (off by %g)", kind, got.Mean, mean, d)
		}
		if d := math.Abs(got.SD - sd); d > 0x1p-33*math.Sqrt(n/(n-1))+1e-15*sd {
			t.Errorf("%s: sd %v, exact %v (off by %g)", kind, got.SD, sd, d)
		}
		rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		var merged Stat
		for i := 0; i < len(xs); {
			k := min(1+rng.IntN(700), len(xs)-i)
			var part Stat
			part.AddAll(xs[i : i+k])
			merged.Merge(&part)
			i += k
		}
		if m := merged.Summary(); m.Mean != got.Mean || m.SD != got.SD {
			t.Errorf("%s: merged in pieces %v %v, whole %v %v", kind, m.Mean, m.SD, got.Mean, got.SD)
		}
	}
}

// exactMoments returns the mean and sample sd of xs computed in big.Float
// at 2,000 bits.
func exactMoments(xs []float64) (mean, sd float64) {
	const prec = 2000
	sum := new(big.Float).SetPrec(prec)
	for _, x := range xs {
		sum.Add(sum, new(big.Float).SetPrec(prec).SetFloat64(x))
	}
	n := new(big.Float).SetPrec(prec).SetInt64(int64(len(xs)))
	m := new(big.Float).SetPrec(prec).Quo(sum, n)
	ss := new(big.Float).SetPrec(prec)
	for _, x := range xs {
		d := new(big.Float).SetPrec(prec).SetFloat64(x)
		d.Sub(d, m)
		ss.Add(ss, d.Mul(d, d))
	}
	ss.Quo(ss, new(big.Float).SetPrec(prec).SetInt64(int64(len(xs)-1)))
	ss.Sqrt(ss)
	mean, _ = m.Float64()
	sd, _ = ss.Float64()
	return mean, sd
}

// TestMeanOfZerosIsPositiveZero: the mean of signed zeros is +0, as an
// exact sum of them is, never a -0 that prints as "-0".
func TestMeanOfZerosIsPositiveZero(t *testing.T) {
	var s Stat
	s.AddAll([]float64{math.Copysign(0, -1), math.Copysign(0, -1)})
	if m := s.Summary().Mean; m != 0 || math.Signbit(m) {
		t.Errorf("mean of -0s: %v (sign bit %v)", m, math.Signbit(m))
	}
}
