package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func runCommand(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// TestTrialSample: the default is the Norwegian trial's design, with its
// result beside the spread; another scenario gets no Norwegian reference;
// -set changes what is simulated.
func TestTrialSample(t *testing.T) {
	out, errOut, code := runCommand("-replications", "200")
	if code != 0 || !strings.Contains(out, "200 simulated trials of 229 (ips) against 181 (traditional)") ||
		!strings.Contains(out, "Reme et al. 2019") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	for _, name := range []string{"probyn-justice", "norway-youth"} {
		other, _, code := runCommand("-replications", "200", "scenarios/"+name+".yaml")
		if code != 0 || strings.Contains(other, "Reme") || !strings.Contains(other, "scenario "+name) {
			t.Errorf("another scenario: exit %d: %s", code, other)
		}
	}
	set, _, code := runCommand("-replications", "200", "-set", "arms.ips.effect.points[0].difference=0.3")
	if code != 0 || set == out {
		t.Errorf("-set changed nothing: exit %d: %s", code, set)
	}
	sized, _, code := runCommand("-replications", "50", "-ips", "1000", "-comparator", "1000", "-month", "24")
	if code != 0 || !strings.Contains(sized, "1000 (ips) against 1000") || !strings.Contains(sized, "at 24 months") || strings.Contains(sized, "Reme") {
		t.Errorf("another design: exit %d: %s", code, sized)
	}
}

// TestTrialSampleRefusesBadInput: bad flags and files exit 2 with a
// message, never a silent default.
func TestTrialSampleRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-replications", "0"}, "-replications: want 1 to"},
		{[]string{"-replications", "-3"}, "-replications: want 1 to"},
		{[]string{"-ips", "0"}, "-ips and -comparator"},
		{[]string{"-month", "0"}, "-month: want 1 to the horizon"},
		{[]string{"-month", "121"}, "-month: want 1 to the horizon"},
		{[]string{"scenarios/norway-norce.yaml", "extra.yaml"}, "one scenario file, not 2"},
		{[]string{"-set", "arms.ips.nothing=1"}, "no such parameter"},
		{[]string{"-set", "nonsense"}, "-set nonsense"},
		{[]string{"missing.yaml"}, "missing.yaml"},
		{[]string{"-nope"}, "flag provided but not defined"},
	} {
		out, errOut, code := runCommand(tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
}
