package report

import (
	"bytes"
	"strings"
	"testing"

	"ipscba/cba/scenario"
	"strconv"
)

// TestListEveryKindOfNumber: -list writes, for the scenario with every
// field, the count of its numbers and of how they are drawn together, and
// for a number of each kind its block: a plain number with its line, unit,
// range and assumption; a number used at two paths; a share drawn with
// others; the whole horizon; a drawn number with its distribution and sd;
// a correlation and a concentration at the end.
func TestListEveryKindOfNumber(t *testing.T) {
	const file = "../scenario/testdata/every-field.yaml"
	f, err := scenario.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := f.Factors()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := List(&b, f, file, English); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if head := file + ": " + itoa(len(fs)) + " numbers that -set can change (a number written once is one, in every place it is used), and 2 of how they are drawn together (at the end)\n"; !strings.HasPrefix(out, head) {
		t.Errorf("starts %q\nwant %q", out[:min(len(out), 200)], head)
	}
	for _, block := range []string{
		"\nprice_year  (line 6)\n  price year\n  value: 2025 year\n  range: [1900, 2200], a whole number\n  assumption: test\n",
		"\ndiscount[0].from_year  (line 11)\n  first year of discount rate 1\n  value: 1 year\n  range: [1, 1000], a whole number\n\n",
		"\ngroups.young.share  (line 63)\n  Young: share of the population\n  value: 0.4 share (the mean), drawn with the other shares of uncertainty.dirichlet[0]\n  range: [0, 1]\n",
		"\ngroups.young.job.weekly_hours  (line 64)\n  Young: weekly hours in work; IPS, Older: weekly hours in work\n  also arms.ips.groups.older.job.weekly_hours\n  value: 20 hours a week\n",
		"\narms.ips.enrolment.months  (line 102)\n  IPS: months enrolled\n  value: 60 months (the whole horizon)\n  range: (0, 1200]\n",
		"\narms.ips.costs.specialist.amount  (line 108)\n  IPS, specialist: cost per participant\n  value: 4500 NOK a month (the mean), drawn from {type: lognormal, mu: 8.405697629, sigma: 0.11077045}: sd 500\n",
		"\nuncertainty.correlations[0].rank  (line 176)\n  value: 0.3 (rank correlation)\n  range: [-1, 1]\n  between: arms.ips.effect.half_life_months and arms.ips.costs.specialist.amount\n  assumption: test\n",
		"\nuncertainty.dirichlet[0].concentration  (line 179)\n  value: 50 (the larger, the closer each draw to the shares' values)\n  range: (0, 1e+09]\n  draws together: groups.young.share, groups.older.share\n  assumption: test\n",
	} {
		if !strings.Contains(out, block) {
			t.Errorf("no block\n%s", block)
		}
	}
	// Under another name (a file the scenario extends), the file is named.
	b.Reset()
	if err := List(&b, f, "other.yaml", English); err != nil || !strings.Contains(b.String(), "\nprice_year  ("+file+":6)\n") {
		t.Errorf("under another name: %v\n%.300s", err, b.String())
	}
	// In Bokmål, the words are Norwegian and the paths as they are.
	b.Reset()
	if err := List(&b, f, file, Bokmal); err != nil || !strings.Contains(b.String(), "\nuncertainty.correlations[0].rank  (") || strings.Contains(b.String(), "numbers that -set can change") {
		t.Errorf("in Bokmål: %v\n%.300s", err, b.String())
	}
}

// TestTidyNumbers: a distribution's long parameters are written with 10
// significant digits; short ones and words stay as they are.
func TestTidyNumbers(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"{mu: 58.58159999999999, sigma: 0.5}", "{mu: 58.5816, sigma: 0.5}"},
		{"{mu: -0.123456789012345}", "{mu: -0.123456789}"},
		{"{values: [1, 2.5]}", "{values: [1, 2.5]}"},
	} {
		if got := tidyNumbers(tc.in); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
