package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ipscba/cba/scenario"
)

// walkThrough is the Norwegian planner's walk-through.
const walkThrough = "scenarios/VEILEDNING.md"

// walkCommand is a block of commands of the walk-through, marked
// "<!-- run -->" or "<!-- run: GOLDEN -->" (the output a golden block
// shows).
var walkCommand = regexp.MustCompile("<!-- run(?:: (\\S+))? -->\n```sh\n((?s:.*?))```")

// TestPlannersWalkThrough runs every command of the Norwegian planner's
// walk-through as written (a file it writes goes to a temporary folder):
// each succeeds, writes Norwegian, and the outputs the walk-through shows
// are the golden files its blocks are checked against.
func TestPlannersWalkThrough(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(walkThrough)
	if err != nil {
		t.Fatal(err)
	}
	blocks := walkCommand.FindAllSubmatch(doc, -1)
	commands := 0
	for _, b := range blocks {
		goldenName := string(b[1])
		for _, line := range strings.Split(strings.TrimSpace(string(b[2])), "\n") {
			args, ok := strings.CutPrefix(strings.TrimSpace(line), "go run ./examples/ipscba ")
			if !ok {
				t.Errorf("%s: %q is not a command of ipscba", walkThrough, line)
				continue
			}
			commands++
			fields := strings.Fields(args)
			for i := range fields {
				if i > 0 && fields[i-1] == "-o" {
					fields[i] = filepath.Join(t.TempDir(), fields[i])
				}
			}
			out, errOut, code := runCommand(t, fields...)
			if code != 0 {
				t.Errorf("%s: exit %d: %s", line, code, errOut)
				continue
			}
			if !strings.Contains(out+errOut, "deltaker") && !slices.Contains(fields, "-o") {
				t.Errorf("%s: the output is not in Norwegian:\n%.300s", line, out)
			}
			if goldenName != "" {
				golden(t, goldenName, out)
			}
		}
	}
	if len(blocks) < 5 || commands < 7 {
		t.Errorf("%s: %d blocks of %d commands: the walk-through lost its steps", walkThrough, len(blocks), commands)
	}
	if *update {
		return // TestMain rewrites the blocks after the goldens
	}
	differ, shown, err := docBlocks(walkThrough, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range differ {
		t.Errorf("%s's block from %s differs from it (go test ./examples/ipscba -update rewrites both)", walkThrough, path)
	}
	if shown < 2 {
		t.Errorf("%s shows %d outputs, want the budget and a what-if", walkThrough, shown)
	}
}

// TestNorwegianScenariosHaveNorwegian: every text for readers of the
// Norwegian scenarios (and the rules they build on) has its Bokmål
// version, as scenarios/README.md says: each label, source, assumption,
// note and part of about: (a published figure's citation stays as
// written).
func TestNorwegianScenariosHaveNorwegian(t *testing.T) {
	files, _ := filepath.Glob("scenarios/norway-*.yaml")
	for _, file := range files {
		f, err := scenario.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		s := f.Scenario
		missing := 0
		check := func(path, en string) {
			if en == "" {
				return
			}
			if _, ok := s.Text("nb", path); !ok {
				missing++
				if missing <= 5 {
					t.Errorf("%s: %s has no Bokmål: %q", file, path, en)
				}
			}
		}
		check("description", s.Description)
		a := f.About
		check("about.population", a.Population)
		check("about.country", a.Country)
		check("about.question", a.Question)
		check("about.decided_by", a.DecidedBy)
		for i, src := range a.Sources {
			check(fmt.Sprintf("about.sources[%d]", i), src)
		}
		factors, err := f.Factors()
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range factors { // the provenance each number is shown with
			for _, path := range x.Paths {
				if p, ok := f.Param(path); ok {
					check(p.Path+".source", p.Source)
					check(p.Path+".assumption", p.Assumption)
					check(p.Path+".note", p.Note)
					break
				}
			}
		}
		for _, g := range s.Groups {
			check("groups."+g.Name+".label", g.Label)
		}
		for _, a := range s.Arms {
			check("arms."+a.Name+".label", a.Label)
			for _, c := range a.Costs {
				check("arms."+a.Name+".costs."+c.Name+".label", c.Label)
			}
		}
		for _, p := range s.Published {
			check("published."+p.Name+".label", p.Label)
			check("published."+p.Name+".reason", p.Reason)
		}
		if missing > 5 {
			t.Errorf("%s: and %d more texts without Bokmål", file, missing-5)
		}
	}
}
