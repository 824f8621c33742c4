package scenario

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocumentedRangesAreTheLoadersRanges reads the table of ranges in the
// package documentation and checks it against the bound of every number of
// a scenario that uses every field: each number is in the table with the
// bound the loader applies, and each line of the table is used.
func TestDocumentedRangesAreTheLoadersRanges(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "// # Ranges\n")
	if !ok {
		t.Fatal("doc.go has no Ranges section")
	}
	table, _, _ = strings.Cut(table, "\n//\n// A duration of 0 months")
	type row struct {
		patterns []*regexp.Regexp
		bound    string
		line     string
		used     bool
	}
	var rows []*row
	line := regexp.MustCompile(`^//\t(\S.*?)\s{2,}(\S.*)$`)
	for _, l := range strings.Split(table, "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		r := &row{bound: m[2], line: l}
		for _, p := range strings.Split(m[1], ", ") {
			// "*" is one name; a leading "*." any path before the rest.
			re := strings.ReplaceAll(regexp.QuoteMeta(p), `\*`, `[^.]*`)
			if rest, ok := strings.CutPrefix(re, `[^.]*\.`); ok {
				re = `(.*\.)?` + rest
			}
			r.patterns = append(r.patterns, regexp.MustCompile("^"+re+"$"))
		}
		rows = append(rows, r)
	}
	if len(rows) < 40 {
		t.Fatalf("read %d rows of ranges", len(rows))
	}
	f, err := Load("testdata/every-field.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Scenario.Parameters() {
		want := p.Bound.String()
		if p.Bound.Integer {
			want += " whole"
		}
		found := false
		for _, r := range rows {
			for _, re := range r.patterns {
				if !found && re.MatchString(p.Path) {
					found, r.used = true, true
					if !strings.HasPrefix(r.bound, want+"  ") {
						t.Errorf("%s: the documentation says %s, the loader %s", p.Path, r.bound, want)
					}
				}
			}
		}
		if !found {
			t.Errorf("%s (%s) is not in the documentation's ranges", p.Path, want)
		}
	}
	for _, r := range rows {
		if !r.used && !strings.Contains(r.line, "uncertainty.") {
			t.Errorf("the documentation's range %q matches no number of the every-field scenario", strings.TrimPrefix(r.line, "//\t"))
		}
	}
}
