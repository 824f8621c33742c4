package floor

import (
	"math"

	"ipscba/cba/internal/exact"
)

// Stats are plain float statistics of each output: the sum and the sum of
// squares of the finite values, their extremes, the counts of values above
// and at or above zero and at +Inf, and for percentiles the histogram the
// engine uses too (package exact's: written by hand it would be the same
// code). It keeps the values of statBatch iterations and adds them output
// by output, as the engine does, so that one histogram at a time is in the
// processor's cache.
type Stats struct {
	N                          int
	Sum, Sq, Min, Max          [Outputs]float64
	Positive, NonNegative, Inf [Outputs]int
	hist                       [Outputs]exact.Histogram
	held                       [Outputs][statBatch]float64
	filled                     int
}

const statBatch = 64

func (s *Stats) init() {
	for k := range s.Min {
		s.Min[k], s.Max[k] = math.Inf(1), math.Inf(-1)
	}
}

// Add counts one iteration's outputs.
func (s *Stats) Add(out []float64) {
	for k, x := range out[:Outputs] {
		s.held[k][s.filled] = x
	}
	if s.filled++; s.filled == statBatch {
		s.Flush()
	}
	s.N++
}

// Flush adds the iterations held to the statistics.
func (s *Stats) Flush() {
	for k := range Outputs {
		xs := s.held[k][:s.filled]
		sum, sq, lo, hi := s.Sum[k], s.Sq[k], s.Min[k], s.Max[k]
		for _, x := range xs {
			if x > 0 {
				s.Positive[k]++
			}
			if x >= 0 {
				s.NonNegative[k]++
			}
			if math.IsInf(x, 1) {
				s.Inf[k]++
				continue
			}
			sum += x
			sq += x * x
			if x < lo {
				lo = x
			}
			if x > hi {
				hi = x
			}
		}
		s.Sum[k], s.Sq[k], s.Min[k], s.Max[k] = sum, sq, lo, hi
		s.hist[k].AddAll(xs)
	}
	s.filled = 0
}

// Mean returns the mean of output k's finite values.
func (s *Stats) Mean(k int) float64 { return s.Sum[k] / float64(s.N-s.Inf[k]) }

// Percentile returns output k's percentile p (in percent), from its
// histogram: the middle of the bin holding the order statistic.
func (s *Stats) Percentile(k int, p float64) float64 {
	return s.hist[k].Quantile(p/100, int64(s.N))
}
