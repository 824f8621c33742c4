package report

import (
	"fmt"
	"strings"
	"testing"
)

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

// TestColumnsWrapTheirNames: with Wrap, a long first cell breaks between
// words, its numbers stay on its first line, and the columns stay aligned.
func TestColumnsWrapTheirNames(t *testing.T) {
	var b strings.Builder
	c := NewColumns(&b)
	c.Wrap = 20
	fmt.Fprintln(c, "name\tlow\thigh\t")
	fmt.Fprintln(c, "weekly hours in work, all groups (groups.a.job.weekly_hours)\t10\t33\t")
	fmt.Fprintln(c, "short\t1\t2\t")
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "name             low  high\n" +
		"weekly hours in   10    33\n" +
		"  work, all groups\n" +
		"  (groups.a.job.weekly_hours)\n" +
		"short              1     2\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
