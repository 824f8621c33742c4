package cba

import (
	"math"
	"math/big"

	"ipscba/cba/internal/exact"
)

// Stat accumulates one output over the iterations of a Monte Carlo run, in
// any order and in pieces merged later with the same result, bit for bit:
// its sums are exact and its histogram counts integers. +Inf values (a
// cost-saving ratio, a break-even month not within the horizon) are counted
// apart: the moments are those of the finite values. The zero value is an
// empty Stat.
type Stat struct {
	n, inf, positive, nonNegative int64
	// sum and sq are the exact sums of the finite values and of their
	// exact squares; sqBig holds the squares of values of magnitude 2^500
	// or more, scaled by 2^-1024, so that a square never overflows.
	sum, sq  exact.Sum
	sqBig    exact.Sum
	min, max float64
	hist     exact.Histogram
}

// bigValue is where squares move to the scaled sum.
const bigValue = 0x1p500

// Add counts x: a finite number or +Inf.
func (s *Stat) Add(x float64) {
	s.n++
	if x > 0 {
		s.positive++
	}
	if x >= 0 {
		s.nonNegative++
	}
	s.hist.Add(x)
	if math.IsInf(x, 1) {
		s.inf++
		return
	}
	if finite := s.n - s.inf; finite == 1 {
		s.min, s.max = x, x
	} else {
		s.min, s.max = min(s.min, x), max(s.max, x)
	}
	s.sum.Add(x)
	// The square exactly: its rounded value and the rounding error, which
	// a fused multiply-add gives exactly.
	if a := math.Abs(x); a < bigValue {
		sq := x * x
		s.sq.Add(sq)
		if lo := math.FMA(x, x, -sq); lo != 0 {
			s.sq.Add(lo)
		}
	} else {
		y := math.Ldexp(a, -512)
		sq := y * y
		s.sqBig.Add(sq)
		if lo := math.FMA(y, y, -sq); lo != 0 {
			s.sqBig.Add(lo)
		}
	}
}

// AddAll counts every value of xs (each finite or +Inf): the result is
// that of Add for each, in less time.
func (s *Stat) AddAll(xs []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	if s.n > s.inf {
		lo, hi = s.min, s.max
	}
	var positive, nonNegative, inf int64
	s.hist.AddAll(xs)
	for _, x := range xs {
		if x > 0 {
			positive++
		}
		if x >= 0 {
			nonNegative++
		}
		if math.IsInf(x, 1) {
			inf++
			continue
		}
		// min(lo, x) and max(hi, x) (-0 below +0), with branches that
		// are almost never taken.
		if x <= lo && (x < lo || math.Signbit(x)) {
			lo = x
		}
		if x >= hi && (x > hi || !math.Signbit(x)) {
			hi = x
		}
	}
	s.n += int64(len(xs))
	s.positive += positive
	s.nonNegative += nonNegative
	s.inf += inf
	if s.n > s.inf {
		s.min, s.max = lo, hi
	}
	s.sum.AddAll(xs)
	s.sq.AddSquares(xs, &s.sqBig)
}

// Merge adds the values counted by o to s.
func (s *Stat) Merge(o *Stat) {
	switch finite := o.n - o.inf; {
	case finite == 0:
	case s.n-s.inf == 0:
		s.min, s.max = o.min, o.max
	default:
		s.min, s.max = min(s.min, o.min), max(s.max, o.max)
	}
	s.n += o.n
	s.inf += o.inf
	s.positive += o.positive
	s.nonNegative += o.nonNegative
	s.sum.Merge(&o.sum)
	s.sq.Merge(&o.sq)
	s.sqBig.Merge(&o.sqBig)
	s.hist.Merge(&o.hist)
}

// N returns the number of values counted.
func (s *Stat) N() int64 {
	if s == nil {
		return 0
	}
	return s.n
}

// StatSummary is what a Monte Carlo run reports of one output.
type StatSummary struct {
	N int64 // iterations
	// Mean, SD, MCSE (the Monte Carlo standard error of the mean,
	// SD/sqrt(finite count)), Min and Max are of the finite values: NaN
	// when every value is +Inf (every draw cost-saving, or no break-even in
	// any), since there is none to describe.
	Mean, SD, MCSE float64
	Min, Max       float64
	// Percentiles at the probabilities asked for: the middle of the
	// histogram bin holding the order statistic (within 0.4 % of it), kept
	// within [Min, Max], so exact when all values are equal; +Inf where the
	// order statistic is +Inf.
	Percentiles  []float64
	PAboveZero   float64 // share of iterations with a value > 0 (+Inf counts)
	PAtLeastZero float64 // share with a value >= 0 (for cumulative flows: money back)
	ShareInf     float64 // share of iterations at +Inf (cost-saving; no break-even)
}

// Summary returns the statistics of the values counted, with the given
// percentiles (in percent, e.g. 2.5, 50, 97.5; NaN for a number outside
// [0, 100]). A nil or empty Stat gives a summary with N = 0.
func (s *Stat) Summary(percentiles ...float64) StatSummary {
	if s == nil || s.n == 0 {
		return StatSummary{Percentiles: make([]float64, len(percentiles))}
	}
	out := StatSummary{N: s.n}
	finite := s.n - s.inf
	out.PAboveZero = float64(s.positive) / float64(s.n)
	out.PAtLeastZero = float64(s.nonNegative) / float64(s.n)
	out.ShareInf = float64(s.inf) / float64(s.n)
	if finite == 0 {
		nan := math.NaN()
		out.Mean, out.SD, out.MCSE, out.Min, out.Max = nan, nan, nan, nan, nan
	} else {
		out.Min, out.Max = s.min, s.max
		out.Mean = s.mean(finite)
		out.SD = s.sd(finite)
		out.MCSE = out.SD / math.Sqrt(float64(finite))
	}
	for _, p := range percentiles {
		if !(p >= 0 && p <= 100) {
			out.Percentiles = append(out.Percentiles, math.NaN()) // no such percentile
			continue
		}
		q := s.hist.Quantile(p/100, s.n)
		if !math.IsInf(q, 1) && finite > 0 {
			q = min(max(q, s.min), s.max)
		}
		out.Percentiles = append(out.Percentiles, q)
	}
	return out
}

// mean is the exact sum divided by n, rounded once: the mean of equal
// values is that value.
func (s *Stat) mean(n int64) float64 {
	v := new(big.Float).SetPrec(256).SetInt(s.sum.Int())
	v.SetMantExp(v, -1074)
	v.Quo(v, new(big.Float).SetPrec(256).SetInt64(n))
	m, _ := v.Float64()
	return m
}

// sd is the sample standard deviation of the finite values, from the exact
// sums: var = (n*Q - S^2) / (n(n-1)), computed exactly and rounded once.
func (s *Stat) sd(n int64) float64 {
	if n < 2 {
		return 0
	}
	S := s.sum.Int()                                // units of 2^-1074
	Q := s.sq.Int()                                 // units of 2^-1074
	Q.Add(Q, new(big.Int).Lsh(s.sqBig.Int(), 1024)) // the scaled squares
	num := new(big.Int).Mul(big.NewInt(n), Q)       // units of 2^-1074
	num.Lsh(num, 1074)                              // units of 2^-2148
	num.Sub(num, new(big.Int).Mul(S, S))            // n Q - S^2, units of 2^-2148
	if num.Sign() <= 0 {
		return 0
	}
	v := new(big.Float).SetPrec(128).SetInt(num)
	v.SetMantExp(v, -2148)
	v.Quo(v, new(big.Float).SetPrec(128).SetInt64(n))
	v.Quo(v, new(big.Float).SetPrec(128).SetInt64(n-1))
	v.Sqrt(v)
	sd, _ := v.Float64()
	return sd
}

// MaxChartBins is the most bins Stat.Bins draws: far more than a chart
// shows, and a bound on the memory a call takes.
const MaxChartBins = 1 << 16

// Bin is one bin of a histogram: Count values from Lo to Hi.
type Bin struct {
	Lo, Hi float64
	Count  int64
}

// Bins returns the histogram of the finite values as n bins of equal
// width from Min to Max (for a chart): each internal bin, 1/128 of a binary
// order of magnitude wide, counts in the chart bin holding its middle. n
// runs from 1 to MaxChartBins; otherwise, or with no finite value, Bins
// returns nil.
func (s *Stat) Bins(n int) []Bin {
	if s == nil || s.n == s.inf || n < 1 || n > MaxChartBins {
		return nil
	}
	out := make([]Bin, n)
	width := (s.max - s.min) / float64(n)
	for i := range out {
		out[i].Lo = s.min + float64(i)*width
		out[i].Hi = s.min + float64(i+1)*width
	}
	out[n-1].Hi = s.max
	for _, b := range s.hist.Bins() {
		if math.IsInf(b.Lo, 1) {
			continue
		}
		mid := min(max((b.Lo+b.Hi)/2, s.min), s.max)
		i := n - 1
		if width > 0 {
			i = min(int((mid-s.min)/width), n-1)
		}
		out[i].Count += b.Count
	}
	return out
}
