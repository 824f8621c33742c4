package cba_test

import (
	"context"
	"testing"

	"ipscba/cba"
)

func BenchmarkZZRunNoStats(b *testing.B) {
	s := loadNorway(b)
	for b.Loop() {
		if _, err := cba.Run(context.Background(), s, cba.Options{Iterations: 100000, Workers: 1, Seed: 1, SkipStatistics: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100000), "ns/iteration")
}

func BenchmarkZZRunStats(b *testing.B) {
	s := loadNorway(b)
	for b.Loop() {
		if _, err := cba.Run(context.Background(), s, cba.Options{Iterations: 100000, Workers: 1, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100000), "ns/iteration")
}
