package cba

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
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
		if one.sum.Words() != all.sum.Words() || one.sq.Words() != all.sq.Words() || one.sqBig.Words() != all.sqBig.Words() {
			t.Errorf("%s: the exact sums differ", kind)
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
