package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"-iterations", "3"}, 0, "floor: 3 iterations"},
		{[]string{"-iterations", "3", "-simplified"}, 0, "floor (simplified): 3 iterations"},
		{[]string{"-iterations", "0"}, 2, "usage"},
		{[]string{"-iterations", "x"}, 2, "invalid value"},
		{[]string{"extra"}, 2, "usage"},
	} {
		var out, errs strings.Builder
		if code := run(c.args, &out, &errs); code != c.code || !strings.Contains(out.String()+errs.String(), c.out) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", c.args, code, out.String(), errs.String(), c.code, c.out)
		}
	}
	// The same iterations give the same checksum: the loop is reproducible.
	var a, b strings.Builder
	run([]string{"-iterations", "50"}, &a, &a)
	run([]string{"-iterations", "50"}, &b, &b)
	if a.String() != b.String() {
		t.Errorf("two runs differ: %q and %q", a.String(), b.String())
	}
}
