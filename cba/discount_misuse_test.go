package cba

import (
	"math"
	"strings"
	"testing"
)

// TestDiscountFactorsRefuseBadRates: a rate that is not a finite number
// above -1, or factors that overflow, are an error, never NaN or Inf
// factors; rates a scenario may hold give finite factors and no error.
func TestDiscountFactorsRefuseBadRates(t *testing.T) {
	for _, tc := range []struct {
		rate   float64
		months int
		want   string
	}{
		{math.NaN(), 12, "discount[0].rate: a discount rate must be a finite number above -1, got NaN"},
		{math.Inf(1), 12, "got +Inf"},
		{math.Inf(-1), 12, "got -Inf"},
		{-1, 12, "got -1"},
		{-1.5, 12, "got -1.5"},
		{-0.99, 12 * 400, "the discount factor of month"},
	} {
		d := make([]float64, tc.months+1)
		err := DiscountFactors(d, []RateStep{{FromYear: 1, Rate: tc.rate}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("rate %v over %d months: %v; want %q", tc.rate, tc.months, err, tc.want)
		}
	}
	for _, rate := range []float64{discountBound.Min, 0, discountBound.Max} {
		d := make([]float64, 12001)
		if err := DiscountFactors(d, []RateStep{{FromYear: 1, Rate: rate}}); err != nil {
			t.Errorf("rate %v: %v", rate, err)
		}
		for m, v := range d {
			if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
				t.Fatalf("rate %v: factor %v at month %d", rate, v, m)
			}
		}
	}
	if err := DiscountFactors(nil, []RateStep{{FromYear: 1, Rate: 0.04}}); err != nil {
		t.Errorf("no months: %v", err)
	}
}
