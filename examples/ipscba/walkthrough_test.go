package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
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
