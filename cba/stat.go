package cba

import (
	"fmt"
	"math"
	"math/big"

	"ipscba/cba/internal/exact"
)

// Stat accumulates one output over the iterations of a Run, in any order
// and in pieces merged later with the same result, bit for bit: its sums
// are integers and so are its histogram's counts. A finite value of
// magnitude below 2^31 is rounded once to the nearest multiple of 2^-32
// (exact.Grid), and the sums are of these rounded values and their exact
// squares; larger finite values are summed exactly (exact.Sum). +Inf
// values (a cost-saving ratio, a break-even month not within the horizon)
// are counted apart, and so are NaN and -Inf (which no output of the model
// takes): the moments are those of the finite values. The zero value is an
// empty Stat.
type Stat struct {
	n, inf, nan, positive, nonNegative int64
	min, max                           float64
	grid                               exact.Grid // the finite values below 2^31 in magnitude
	far                                *farSums   // the larger finite values: nil until one comes
	hist                               exact.Histogram
}

// farSums are the exact sums of finite values of magnitude 2^31 or more,
// and of their exact squares; sqBig holds the squares of values of
// magnitude 2^500 or more, scaled by 2^-1024, so that a square never
// overflows.
type farSums struct {
	sum, sq, sqBig exact.Sum
}

// Add counts x. +Inf is counted apart from the finite values (ShareInf),
// and so are NaN and -Inf (ShareNaN).
func (s *Stat) Add(x float64) { s.AddAll([]float64{x}) }

// AddAll counts every value of xs: the result is that of Add for each, in
// less time.
func (s *Stat) AddAll(xs []float64) {
	if len(xs) == 0 {
		return
	}
	s.n += int64(len(xs))
	if s.grid.AddAll(xs) > 0 {
		s.addOffGrid(xs)
		return
	}
	// Every value is finite (on the grid).
	lo, hi := xs[0], xs[0]
	if s.n-int64(len(xs)) > s.inf+s.nan {
		lo, hi = s.min, s.max
	}
	var positive, nonNegative uint64
	for _, x := range xs {
		b := math.Float64bits(x)
		neg := b >> 63
		y := b << 1
		zero := (y|-y)>>63 ^ 1 // ±0
		positive += (neg ^ 1) &^ zero
		nonNegative += (neg ^ 1) | zero // -0 >= 0
		// min(lo, x) and max(hi, x) (-0 below +0), with branches that
		// are almost never taken, where min and max would make a chain
		// of dependent instructions.
		if x <= lo && (x < lo || neg != 0) {
			lo = x
		}
		if x >= hi && (x > hi || neg == 0) {
			hi = x
		}
	}
	s.positive += int64(positive)
	s.nonNegative += int64(nonNegative)
	s.min, s.max = lo, hi
	s.hist.AddAll(xs)
}

// addOffGrid counts values of which some are off the grid (infinities,
// NaN or large): the histogram takes the finite values and +Inf; the
// extremes are of the finite values. s.n already counts them.
func (s *Stat) addOffGrid(xs []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	if s.n-int64(len(xs)) > s.inf+s.nan {
		lo, hi = s.min, s.max
	}
	for _, x := range xs {
		if x > 0 {
			s.positive++
		}
		if x >= 0 {
			s.nonNegative++
		}
		switch {
		case math.IsInf(x, 1):
			s.inf++
			s.hist.Add(x)
			continue
		case math.IsNaN(x) || math.IsInf(x, -1):
			s.nan++
			continue
		}
		s.hist.Add(x)
		lo, hi = min(lo, x), max(hi, x)
		if !exact.OnGrid(x) {
			s.addFar(x)
		}
	}
	if s.n > s.inf+s.nan {
		s.min, s.max = lo, hi
	}
}

// addFar adds a finite value of magnitude 2^31 or more to the exact sums.
func (s *Stat) addFar(x float64) {
	if s.far == nil {
		s.far = new(farSums)
	}
	f := s.far
	f.sum.Add(x)
	// The square exactly: its rounded value and the rounding error, which
	// a fused multiply-add gives exactly.
	if a := math.Abs(x); a < bigValue {
		sq := x * x
		f.sq.Add(sq)
		if lo := math.FMA(x, x, -sq); lo != 0 {
			f.sq.Add(lo)
		}
	} else {
		y := math.Ldexp(a, -512)
		sq := y * y
		f.sqBig.Add(sq)
		if lo := math.FMA(y, y, -sq); lo != 0 {
			f.sqBig.Add(lo)
		}
	}
}

// bigValue is where squares move to the scaled sum.
const bigValue = 0x1p500

// Merge adds the values counted by o to s.
func (s *Stat) Merge(o *Stat) {
	switch finite := o.n - o.inf - o.nan; {
	case finite == 0:
	case s.n-s.inf-s.nan == 0:
		s.min, s.max = o.min, o.max
	default:
		s.min, s.max = min(s.min, o.min), max(s.max, o.max)
	}
	s.n += o.n
	s.inf += o.inf
	s.nan += o.nan
	s.positive += o.positive
	s.nonNegative += o.nonNegative
	s.grid.Merge(&o.grid)
	if o.far != nil {
		if s.far == nil {
			s.far = new(farSums)
		}
		s.far.sum.Merge(&o.far.sum)
		s.far.sq.Merge(&o.far.sq)
		s.far.sqBig.Merge(&o.far.sqBig)
	}
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
	N int64 // iterations (values counted)
	// Mean, SD, MCSE (the Monte Carlo standard error of the mean,
	// SD/sqrt(finite count)), Min and Max are of the finite values: NaN
	// when there is none (every value +Inf: every draw cost-saving, or no
	// break-even in any; or none counted), since there is nothing to
	// describe. SD is 0 for a single finite value.
	Mean, SD, MCSE float64
	Min, Max       float64
	// Percentiles at the probabilities asked for, of the values other than
	// NaN and -Inf: the middle of the histogram bin holding the order
	// statistic (within 0.4 % of it), kept within [Min, Max], so exact
	// when all values are equal; +Inf where the order statistic is +Inf.
	// NaN for a probability outside [0, 100] and when no value is counted.
	Percentiles  []float64
	PAboveZero   float64 // share of values > 0 (+Inf counts)
	PAtLeastZero float64 // share of values >= 0 (for cumulative flows: money back)
	ShareInf     float64 // share of values at +Inf (cost-saving; no break-even)
	ShareNaN     float64 // share of values that are NaN or -Inf (none in a Run)
}

// Summary returns the statistics of the values counted, with the given
// percentiles (in percent, e.g. 2.5, 50, 97.5). A percentile outside
// [0, 100], or NaN, is NaN in the summary, and so is every percentile and
// moment of a nil or empty Stat (N = 0, every share 0), so that no number
// is made up for a question that has none; CheckPercentiles says whether
// a list of percentiles is one Summary answers.
func (s *Stat) Summary(percentiles ...float64) StatSummary {
	nan := math.NaN()
	out := StatSummary{Mean: nan, SD: nan, MCSE: nan, Min: nan, Max: nan, Percentiles: make([]float64, len(percentiles))}
	if s == nil || s.n == 0 {
		for i := range out.Percentiles {
			out.Percentiles[i] = nan
		}
		return out
	}
	out.N = s.n
	finite := s.n - s.inf - s.nan
	out.PAboveZero = float64(s.positive) / float64(s.n)
	out.PAtLeastZero = float64(s.nonNegative) / float64(s.n)
	out.ShareInf = float64(s.inf) / float64(s.n)
	out.ShareNaN = float64(s.nan) / float64(s.n)
	switch {
	case finite > 0 && s.min == s.max: // equal values: exactly their value (+0 for zeros)
		out.Min, out.Max, out.Mean, out.SD, out.MCSE = s.min, s.max, s.min, 0, 0
		if s.min == 0 {
			out.Mean = 0
		}
	case finite > 0:
		out.Min, out.Max = s.min, s.max
		out.Mean = min(max(s.mean(finite), s.min), s.max)
		out.SD = s.sd(finite)
		out.MCSE = out.SD / math.Sqrt(float64(finite))
	}
	for i, p := range percentiles {
		if !(p >= 0 && p <= 100) || s.n == s.nan {
			out.Percentiles[i] = nan // no such percentile
			continue
		}
		q := s.hist.Quantile(p/100, s.n-s.nan)
		if !math.IsInf(q, 1) && finite > 0 {
			q = min(max(q, s.min), s.max)
		}
		out.Percentiles[i] = q
	}
	return out
}

// CheckPercentiles returns nil when every percentile is within [0, 100],
// or an error naming the first that is not.
func CheckPercentiles(percentiles ...float64) error {
	for i, p := range percentiles {
		if !(p >= 0 && p <= 100) {
			return NewError(fmt.Sprintf("percentiles[%d]", i), "must be within [0, 100], got %v", p)
		}
	}
	return nil
}

// sums returns the sum of the finite values counted (each rounded to the
// grid when it is on it) in units of 2^-e, and the sum of their squares
// in units of 2^-2e.
func (s *Stat) sums() (S, Q *big.Int, e uint) {
	S, Q = s.grid.Sum(), s.grid.Squares() // units of 2^-32 and 2^-64
	if s.far == nil {
		return S, Q, exact.GridBits
	}
	const fine = 1074 // every finite float64 is a multiple of 2^-1074
	S.Lsh(S, fine-exact.GridBits)
	S.Add(S, s.far.sum.Int())
	Q.Lsh(Q, 2*fine-2*exact.GridBits)
	Q.Add(Q, new(big.Int).Lsh(s.far.sq.Int(), fine))         // units of 2^-1074
	Q.Add(Q, new(big.Int).Lsh(s.far.sqBig.Int(), fine+1024)) // and scaled by 2^-1024
	return S, Q, fine
}

// mean is the sum divided by n, rounded once.
func (s *Stat) mean(n int64) float64 {
	S, _, e := s.sums()
	v := new(big.Float).SetPrec(256).SetInt(S)
	v.SetMantExp(v, -int(e))
	v.Quo(v, new(big.Float).SetPrec(256).SetInt64(n))
	m, _ := v.Float64()
	return m
}

// sd is the sample standard deviation of the finite values, from the
// integer sums: var = (n*Q - S^2) / (n(n-1)), computed exactly and
// rounded once.
func (s *Stat) sd(n int64) float64 {
	if n < 2 {
		return 0
	}
	S, Q, e := s.sums()
	num := new(big.Int).Mul(big.NewInt(n), Q) // units of 2^-2e
	num.Sub(num, new(big.Int).Mul(S, S))      // n Q - S^2
	if num.Sign() <= 0 {
		return 0
	}
	v := new(big.Float).SetPrec(128).SetInt(num)
	v.SetMantExp(v, -2*int(e))
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
	if s == nil || s.n == s.inf+s.nan || n < 1 || n > MaxChartBins {
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
