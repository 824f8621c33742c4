package report

import "testing"

func TestThousands(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{0, "0"}, {999.4, "999"}, {999.5, "1,000"}, {-1234567.8, "-1,234,568"}, {-0.4, "0"}, {1e9, "1,000,000,000"}} {
		if got := thousands(tc.v); got != tc.want {
			t.Errorf("thousands(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestRoundingHasNoNegativeZero(t *testing.T) {
	if v := money(-0.001); v != 0 || 1/v < 0 {
		t.Errorf("money(-0.001) = %v, want +0", v)
	}
	if v := money(1234.565001); v != 1234.57 {
		t.Errorf("money(1234.565001) = %v", v)
	}
}
