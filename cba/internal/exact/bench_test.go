package exact

import (
	"math/rand/v2"
	"testing"
)

// money is 4,096 values like a Monte Carlo output's: NOK around 50,000.
func money() []float64 {
	rng := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, 4096)
	for i := range xs {
		xs[i] = 50000 + 30000*rng.NormFloat64()
	}
	return xs
}

// BenchmarkGrid is the grid's sum and sum of squares of 64 values at a
// time, per value.
func BenchmarkGrid(b *testing.B) {
	xs := money()
	var g Grid
	i := 0
	for b.Loop() {
		g.AddAll(xs[i : i+64])
		i = (i + 64) % len(xs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/64, "ns/value")
}

// BenchmarkSum is the exact sum and sum of exact squares, per value.
func BenchmarkSum(b *testing.B) {
	xs := money()
	var s, sq, big Sum
	i := 0
	for b.Loop() {
		s.AddAll(xs[i : i+64])
		sq.AddSquares(xs[i:i+64], &big)
		i = (i + 64) % len(xs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/64, "ns/value")
}

// BenchmarkHistogram is the histogram's counts, per value.
func BenchmarkHistogram(b *testing.B) {
	xs := money()
	var h Histogram
	i := 0
	for b.Loop() {
		h.AddAll(xs[i : i+64])
		i = (i + 64) % len(xs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/64, "ns/value")
}
