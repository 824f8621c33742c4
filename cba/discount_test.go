package cba

import (
	"math"
	"testing"
)

// annuity is the present value of 1 a month for n months at the end of each
// month, at monthly rate i: (1 - (1+i)^-n) / i, written with Expm1 and
// Log1p so that it stays accurate at small rates.
func annuity(annual float64, n int) float64 {
	lnMonthly := math.Log1p(annual) / 12
	i := math.Expm1(lnMonthly)
	return -math.Expm1(-float64(n)*lnMonthly) / i
}

func TestConstantFlowEqualsAnnuity(t *testing.T) {
	for _, tc := range []struct {
		months int
		rate   float64
	}{{12, 0.04}, {120, 0.04}, {120, 0.035}, {12, 0.0001}} {
		d := make([]float64, tc.months+1)
		DiscountFactors(d, []RateStep{{FromYear: 1, Rate: tc.rate}})
		sum := 0.0
		for m := 1; m <= tc.months; m++ {
			sum += 1000 * d[m]
		}
		want := 1000 * annuity(tc.rate, tc.months)
		if math.Abs(sum-want) > 1e-12*want {
			t.Errorf("%d months at %v: PV %.15g, annuity %.15g", tc.months, tc.rate, sum, want)
		}
	}
}

func TestStepwiseDiscountAtBoundaries(t *testing.T) {
	// Norway's schedule: 4 % years 1-40, 3 % years 41-75, 2 % after.
	steps := []RateStep{{1, 0.04}, {41, 0.03}, {76, 0.02}}
	d := make([]float64, 1000)
	DiscountFactors(d, steps)
	cases := []struct {
		month int
		want  float64
	}{
		{0, 1},
		{12, 1 / 1.04},
		{480, math.Pow(1.04, -40)},
		{481, math.Pow(1.04, -40) * math.Pow(1.03, -1.0/12)},
		{900, math.Pow(1.04, -40) * math.Pow(1.03, -35)},
		{901, math.Pow(1.04, -40) * math.Pow(1.03, -35) * math.Pow(1.02, -1.0/12)},
		{999, math.Pow(1.04, -40) * math.Pow(1.03, -35) * math.Pow(1.02, -99.0/12)},
	}
	for _, tc := range cases {
		if math.Abs(d[tc.month]-tc.want) > 1e-14*tc.want {
			t.Errorf("d(%d) = %.17g, want %.17g", tc.month, d[tc.month], tc.want)
		}
	}
}

func TestZeroRateDoesNotDiscount(t *testing.T) {
	d := make([]float64, 50)
	DiscountFactors(d, []RateStep{{1, 0}})
	for m, v := range d {
		if v != 1 {
			t.Fatalf("d(%d) = %v at rate 0", m, v)
		}
	}
}
