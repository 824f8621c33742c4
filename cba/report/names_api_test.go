package report_test

import (
	"path/filepath"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
)

// TestFactorNamesNameWhatTheyMove: a number's name for readers names
// every part of the scenario it moves, in each language: the arm, the
// benefit, tax or cost it belongs to, and the groups it is used in (each by
// its label, or "all groups" when it is used in all of them).
func TestFactorNamesNameWhatTheyMove(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.yaml")
	if len(files) < 10 {
		t.Fatalf("found %d scenarios", len(files))
	}
	for _, path := range files {
		s := load(t, filepath.Base(path))
		fs, err := s.Factors()
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []report.Lang{report.English, report.Bokmal} {
			p := report.NewPrinter(lang, s)
			allGroups := p.T(", all groups")
			for _, f := range fs {
				name := p.Factor(f.Name)
				for _, want := range movedParts(s, p, f.Paths, allGroups) {
					if !strings.Contains(name, want) {
						t.Errorf("%s (%s): %s is named %q, which does not say %q", filepath.Base(path), lang, f.Name, name, want)
					}
				}
			}
		}
	}
}

// movedParts returns the words a name of the number at paths must have:
// the labels of the arms, benefits, taxes and costs its paths are in, and
// its groups' labels, or allGroups when its paths are in every group.
func movedParts(s *cba.Scenario, p report.Printer, paths []string, allGroups string) []string {
	var out, groups []string
	add := func(xs *[]string, x string) {
		for _, y := range *xs {
			if y == x {
				return
			}
		}
		*xs = append(*xs, x)
	}
	for _, path := range paths {
		parts := strings.Split(path, ".")
		for i := 0; i+1 < len(parts); i++ {
			switch parts[i] {
			case "arms":
				add(&out, p.Arm(parts[i+1]))
			case "groups":
				add(&groups, parts[i+1])
			case "benefits":
				add(&out, p.Component("benefit:"+parts[i+1]))
			case "taxes":
				add(&out, p.Component("tax:"+parts[i+1]))
			case "costs":
				if i > 1 && parts[i-2] == "arms" {
					add(&out, p.Component("cost:"+parts[i+1]))
				}
			}
		}
	}
	switch {
	case len(groups) > 1 && len(groups) == len(s.Groups):
		add(&out, strings.TrimPrefix(allGroups, ", "))
	default:
		for _, g := range groups {
			add(&out, p.Group(g))
		}
	}
	return out
}
