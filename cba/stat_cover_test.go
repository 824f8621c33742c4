package cba

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// TestStatBinsCountEachValueOnce: values spread over a range fall in the
// chart bins of equal width that hold them (each internal bin is far
// narrower than a chart bin here); values all equal fall in the last bin;
// infinite and NaN values are left out; a nil Stat and bad counts give no
// bins.
func TestStatBinsCountEachValueOnce(t *testing.T) {
	var s Stat
	s.AddAll([]float64{100, 101, 200, 201, 202, 300, 400, 401, 499, 500, math.Inf(1), math.NaN()})
	got := s.Bins(4)
	want := []Bin{{100, 200, 2}, {200, 300, 3}, {300, 400, 1}, {400, 500, 4}}
	if !slices.Equal(got, want) {
		t.Errorf("bins %v, want %v", got, want)
	}
	var same Stat
	same.AddAll([]float64{7, 7, 7})
	if got := same.Bins(3); len(got) != 3 || got[0].Count != 0 || got[1].Count != 0 || got[2].Count != 3 || got[2].Lo != 7 || got[2].Hi != 7 {
		t.Errorf("equal values: %v", got)
	}
	var nilStat *Stat
	if nilStat.Bins(4) != nil || s.Bins(0) != nil || s.Bins(MaxChartBins+1) != nil || nilStat.N() != 0 {
		t.Error("bins of nothing, or of a bad count")
	}
	if s.N() != 12 || s.Bins(MaxChartBins) == nil {
		t.Errorf("N %d", s.N())
	}
}

// TestWindowMonth: people in work are counted at the end of the observed
// window, or at the horizon without one.
func TestWindowMonth(t *testing.T) {
	for _, tc := range []struct{ observed, horizon, want int }{{12, 36, 12}, {0, 36, 36}, {1, 36, 1}} {
		if got := (&Result{ObservedMonths: tc.observed, HorizonMonths: tc.horizon}).WindowMonth(); got != tc.want {
			t.Errorf("%+v: %d", tc, got)
		}
	}
}

// TestMergeRefusesNilComparisons: merging with a nil comparison, or one
// without its runs, is a *MergeError that says which side is nil.
func TestMergeRefusesNilComparisons(t *testing.T) {
	var nilC *Comparison
	for _, tc := range []struct {
		c, o *Comparison
		want MergeError
	}{
		{nilC, &Comparison{}, MergeError{"comparisons (a nil *Comparison or run)", "false", "true"}},
		{&Comparison{}, nil, MergeError{"comparisons (a nil *Comparison or run)", "true", "false"}},
		{&Comparison{}, &Comparison{}, MergeError{"comparisons (a nil *Comparison or run)", "true", "true"}},
	} {
		var me *MergeError
		if err := tc.c.Merge(tc.o); !errors.As(err, &me) || *me != tc.want {
			t.Errorf("%v, want %+v", err, tc.want)
		}
	}
}
