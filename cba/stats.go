package cba

import (
	"math"
	"math/big"
)

// exactSum adds float64 values without rounding: every finite double is an
// integer multiple of 2^-1074, so it keeps that integer in 32-bit digits held
// in int64 words, whose spare bits absorb carries. The sum, rounded once at
// the end, is the same in any order of addition: what makes Monte Carlo
// results identical for any number of workers and any split into ranges.
type exactSum struct {
	w    [68]int64 // w[k] counts units of 2^(32k-1074)
	adds int
}

// add adds x (finite).
func (s *exactSum) add(x float64) {
	bits := math.Float64bits(x)
	exp := int(bits>>52) & 0x7ff
	mant := bits & (1<<52 - 1)
	if exp != 0 {
		mant |= 1 << 52
	} else {
		exp = 1 // subnormal
	}
	if mant == 0 {
		return
	}
	pos := exp - 1 // x = mant * 2^(pos-1074)
	k, off := pos/32, uint(pos%32)
	lo := mant << off // the low 64 bits of mant * 2^off (< 2^85)
	var hi uint64     // and the bits above them
	if off > 0 {
		hi = mant >> (64 - off)
	}
	d0, d1, d2 := int64(lo&0xffffffff), int64(lo>>32), int64(hi)
	if bits>>63 != 0 {
		d0, d1, d2 = -d0, -d1, -d2
	}
	s.w[k] += d0
	s.w[k+1] += d1
	s.w[k+2] += d2
	if s.adds++; s.adds == 1<<29 {
		s.normalize()
	}
}

// normalize carries each word's excess into the next, keeping |w[k]| < 2^32
// for all but the top word.
func (s *exactSum) normalize() {
	for k := 0; k+1 < len(s.w); k++ {
		c := s.w[k] >> 32 // floor division by 2^32
		s.w[k] -= c << 32
		s.w[k+1] += c
	}
	s.adds = 0
}

// merge adds o's sum to s.
func (s *exactSum) merge(o *exactSum) {
	s.normalize()
	for k := range s.w {
		s.w[k] += o.w[k]
	}
	s.normalize()
}

// value returns the sum rounded to the nearest float64 (ties to even).
func (s *exactSum) value() float64 {
	total := new(big.Int)
	word := new(big.Int)
	for k := len(s.w) - 1; k >= 0; k-- {
		total.Lsh(total, 32)
		total.Add(total, word.SetInt64(s.w[k]))
	}
	f := new(big.Float).SetInt(total)
	f.SetMantExp(f, -1074)
	v, _ := f.Float64()
	return v
}

// histogram counts values in bins of 1/128 of a binary order of magnitude
// (relative width at most 0.8 %), by sign, for |x| from 2^histLow to
// 2^histHigh; smaller magnitudes count as zero, larger in the end bins, and
// +Inf in its own bin. Counts are integers, so histograms merge exactly.
type histogram struct {
	neg, pos  []int64 // by histIndex of |x|
	zero, inf int64
}

const (
	histLow  = -20 // 2^-20: about 1e-6
	histHigh = 64  // 2^64: about 1.8e19
	histSub  = 7   // 2^7 = 128 bins an octave
	histBins = (histHigh - histLow) << histSub
)

func newHistogram() histogram {
	return histogram{neg: make([]int64, histBins), pos: make([]int64, histBins)}
}

// histIndex is the bin of a magnitude a >= 2^histLow.
func histIndex(a float64) int {
	bits := math.Float64bits(a)
	exp := int(bits>>52&0x7ff) - 1023
	if exp >= histHigh {
		return histBins - 1
	}
	return (exp-histLow)<<histSub | int(bits>>(52-histSub)&(1<<histSub-1))
}

// histValue is the middle of bin i.
func histValue(i int) float64 {
	exp := i>>histSub + histLow
	frac := float64(i&(1<<histSub-1)) + 0.5
	return math.Ldexp(1+frac/(1<<histSub), exp)
}

func (h *histogram) add(x float64) {
	switch a := math.Abs(x); {
	case math.IsInf(x, 1):
		h.inf++
	case a < math.Ldexp(1, histLow):
		h.zero++
	case x < 0:
		h.neg[histIndex(a)]++
	default:
		h.pos[histIndex(a)]++
	}
}

func (h *histogram) merge(o *histogram) {
	for i := range h.neg {
		h.neg[i] += o.neg[i]
		h.pos[i] += o.pos[i]
	}
	h.zero += o.zero
	h.inf += o.inf
}

// quantile returns the value at probability p of n counted values: the
// middle of the bin holding the value of rank ceil(p*n) (at least 1).
func (h *histogram) quantile(p float64, n int64) float64 {
	rank := max(int64(math.Ceil(p*float64(n))), 1)
	for i := histBins - 1; i >= 0; i-- { // most negative first
		if rank -= h.neg[i]; rank <= 0 {
			return -histValue(i)
		}
	}
	if rank -= h.zero; rank <= 0 {
		return 0
	}
	for i := range histBins {
		if rank -= h.pos[i]; rank <= 0 {
			return histValue(i)
		}
	}
	return math.Inf(1)
}

// Stat accumulates one output over the iterations of a Monte Carlo run.
// +Inf values (a cost-saving ratio, a break-even month not within the
// horizon) are counted apart: the moments are those of the finite values.
type Stat struct {
	n, inf, positive int64
	nonNegative      int64
	shift            float64 // the deterministic value: sums are of x-shift
	sum, sq          exactSum
	min, max         float64
	hist             histogram
}

func newStat(shift float64) Stat {
	if math.IsInf(shift, 0) || math.IsNaN(shift) {
		shift = 0
	}
	return Stat{shift: shift, min: math.Inf(1), max: math.Inf(-1), hist: newHistogram()}
}

func (s *Stat) add(x float64) {
	s.n++
	if x > 0 {
		s.positive++
	}
	if x >= 0 {
		s.nonNegative++
	}
	s.hist.add(x)
	if math.IsInf(x, 1) {
		s.inf++
		return
	}
	d := x - s.shift
	s.sum.add(d)
	s.sq.add(d * d)
	s.min, s.max = min(s.min, x), max(s.max, x)
}

func (s *Stat) merge(o *Stat) {
	s.n += o.n
	s.inf += o.inf
	s.positive += o.positive
	s.nonNegative += o.nonNegative
	s.sum.merge(&o.sum)
	s.sq.merge(&o.sq)
	s.min, s.max = min(s.min, o.min), max(s.max, o.max)
	s.hist.merge(&o.hist)
}

// StatSummary is what a Monte Carlo run reports of one output.
type StatSummary struct {
	N            int64     // iterations
	Mean, SD     float64   // of the finite values
	MCSE         float64   // Monte Carlo standard error of the mean: SD/sqrt(finite count)
	Min, Max     float64   // of the finite values
	Percentiles  []float64 // at the run's Options.Percentiles (bin middles, within 0.4 %)
	PAboveZero   float64   // share of iterations with a value > 0 (+Inf counts)
	PAtLeastZero float64   // share with a value >= 0 (for cumulative flows: money back)
	ShareInf     float64   // share of iterations at +Inf (cost-saving; no break-even)
}

func (s *Stat) summary(percentiles []float64) StatSummary {
	out := StatSummary{N: s.n, Min: s.min, Max: s.max}
	if s.n == 0 {
		return out
	}
	finite := s.n - s.inf
	out.PAboveZero = float64(s.positive) / float64(s.n)
	out.PAtLeastZero = float64(s.nonNegative) / float64(s.n)
	out.ShareInf = float64(s.inf) / float64(s.n)
	if finite > 0 {
		m := s.sum.value() / float64(finite) // mean of x - shift
		out.Mean = s.shift + m
		if finite > 1 {
			v := (s.sq.value() - float64(finite)*m*m) / float64(finite-1)
			out.SD = math.Sqrt(max(v, 0))
			out.MCSE = out.SD / math.Sqrt(float64(finite))
		}
	} else {
		out.Mean, out.Min, out.Max = math.Inf(1), math.Inf(1), math.Inf(1)
	}
	for _, p := range percentiles {
		out.Percentiles = append(out.Percentiles, s.hist.quantile(p/100, s.n))
	}
	return out
}
