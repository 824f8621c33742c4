package report

import "testing"

// TestFormatNamed: a format is found by its name for the kinds of output
// it writes; a known format that does not write a kind, and an unknown
// name, are errors that give the formats that do.
func TestFormatNamed(t *testing.T) {
	for _, tc := range []struct {
		name string
		k    Kind
		err  string
	}{
		{"text", ResultKind, ""},
		{"tidy", ResultKind, ""},
		{"csv", MonteCarloKind, ""},
		{"text", AnalysisKind, ""},
		{"json", AnalysisKind, ""},
		{"json", ComparisonKind, ""},
		{"tidy", MonteCarloKind, "tidy writes no Monte Carlo run (its iterations go to -values): give text, json or csv"},
		{"tidy", AnalysisKind, "tidy writes no sensitivity analysis: give text, json or csv"},
		{"tidy", ComparisonKind, "tidy writes no comparison of two what-ifs: give text, json or csv"},
		{"xml", ResultKind, `must be text, json, csv or tidy, got "xml"`},
	} {
		f, err := FormatNamed(tc.name, tc.k)
		switch {
		case tc.err == "" && (err != nil || f == nil || f.Name != tc.name):
			t.Errorf("%s (%d): %v, %v", tc.name, tc.k, f, err)
		case tc.err != "" && (err == nil || err.Error() != tc.err || f != nil):
			t.Errorf("%s (%d): %v, %v; want %q", tc.name, tc.k, f, err, tc.err)
		}
	}
}

// TestFormatHelp: the help of a kind lists the formats that write it,
// each with its description.
func TestFormatHelp(t *testing.T) {
	for _, tc := range []struct {
		k    Kind
		want string
	}{
		{ResultKind, "output `format`: text (tables in words, for reading), json (one JSON document with a schema name), csv (a table for spreadsheets), tidy (one long table with monthly flows, for R and pandas)"},
		{MonteCarloKind, "output `format`: text (tables in words, for reading), json (one JSON document with a schema name), csv (a table for spreadsheets)"},
	} {
		if got := FormatHelp(tc.k); got != tc.want {
			t.Errorf("%d: %q\nwant %q", tc.k, got, tc.want)
		}
	}
}
