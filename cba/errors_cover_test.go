package cba_test

import (
	"testing"

	"ipscba/cba"
)

// TestVerbs: the verbs of a format, one for each argument, whatever flags,
// width and precision come before them; "%%" takes no argument, nor does a
// "%" the format ends on.
func TestVerbs(t *testing.T) {
	for _, tc := range []struct{ format, want string }{
		{"", ""},
		{"no verbs", ""},
		{"%s at %d", "sd"},
		{"%.3g MiB", "g"},
		{"%-8s|%+d|%#x|% d|%08.2f", "sdxdf"},
		{"100 %% of %v", "v"},
		{"%w: %q, %%", "wq"},
		{"ends on %", ""},
		{"ends on %5", ""},
	} {
		if got := string(cba.Verbs(tc.format)); got != tc.want {
			t.Errorf("Verbs(%q) = %q, want %q", tc.format, got, tc.want)
		}
	}
}
