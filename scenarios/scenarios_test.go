package scenarios

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

var update = flag.Bool("update", false, "rewrite the table of published figures in README.md")

// bundled returns the bundled scenario files (not the rules they extend).
func bundled(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) < 10 {
		t.Fatalf("%d bundled scenarios: %v", len(files), err)
	}
	return files
}

// evaluate loads a scenario file and evaluates it at its means.
func evaluate(t *testing.T, path string) (*scenario.File, *cba.Result) {
	t.Helper()
	f, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := cba.Evaluate(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	return f, r
}

// TestPublishedFiguresAreReproduced holds every published figure a
// scenario says it reproduces within its stated tolerance, at the
// scenario's values; one it does not reproduce must say why.
func TestPublishedFiguresAreReproduced(t *testing.T) {
	founded := 0
	for _, path := range bundled(t) {
		f, r := evaluate(t, path)
		s := f.Scenario
		if len(s.Published) > 0 {
			founded++
		}
		for i := range s.Published {
			p := &s.Published[i]
			if p.Measure == cba.FigureChance {
				if p.Reproduced() {
					t.Errorf("%s %s: a chance is not held by this deterministic test: give a reason", path, p.Name)
				}
				continue
			}
			got, err := p.Model(s, r)
			switch {
			case err != nil:
				t.Errorf("%s %s: %v", path, p.Name, err)
			case p.Reproduced() && !p.Within(got):
				t.Errorf("%s %s: the model gives %v, %s published %v: not within %v", path, p.Name, got, p.Citation, p.Comparable(), p.Tolerance)
			case !p.Reproduced() && strings.TrimSpace(p.Reason) == "":
				t.Errorf("%s %s: neither reproduced nor explained", path, p.Name)
			}
		}
	}
	if founded < 10 {
		t.Errorf("%d scenarios carry published figures, want every scenario founded on a study", founded)
	}
}

// mcIterations is the size of the Monte Carlo run for the chances in the
// table: enough for a chance to within about a point.
const mcIterations = 2000

// TestPublishedTable: the table of published figures beside the model's
// in README.md is made from the scenarios, not typed; -update rewrites it.
func TestPublishedTable(t *testing.T) {
	var b strings.Builder
	b.WriteString("| scenario | published figure (citation) | published, in the scenario's terms | this model | difference | reproduced within, or why it differs |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for _, path := range bundled(t) {
		f, r := evaluate(t, path)
		s := f.Scenario
		var mc *cba.MonteCarlo
		for _, p := range s.Published {
			if p.Measure == cba.FigureChance && mc == nil {
				var err error
				if mc, err = cba.Run(context.Background(), s, cba.Options{Iterations: mcIterations, Seed: 1, Workers: 2}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if file, _ := f.Where("published"); filepath.Clean(file) != filepath.Clean(path) && len(s.Published) > 0 {
			base := filepath.Base(file)
			fmt.Fprintf(&b, "| [%s](%s) | the figures of [%s](%s), as there | | | | |\n", strings.TrimSuffix(path, ".yaml"), path, strings.TrimSuffix(base, ".yaml"), base)
			continue
		}
		for i, row := range report.Reconcile(report.English, s, r, mc) {
			p := &s.Published[i]
			why := p.Reason
			if p.Reproduced() {
				why = fmt.Sprintf("within %s (held by TestPublishedFiguresAreReproduced)", percent(p.Tolerance))
				if p.Measure == cba.FigureChance {
					why = fmt.Sprintf("within %s", percent(p.Tolerance))
				}
			}
			if p.Measure == cba.FigureChance {
				why += fmt.Sprintf(" (this model: %d Monte Carlo iterations, seed 1)", mcIterations)
			}
			fmt.Fprintf(&b, "| [%s](%s) | %s (%s) | %s | %s | %s | %s |\n", strings.TrimSuffix(path, ".yaml"), path,
				cell(row.Label), cell(row.Citation), row.Comparable, row.Model, row.Difference, cell(why))
		}
	}
	const open, end = "<!-- published figures: go test ./scenarios -update -->\n", "<!-- end of table -->"
	text, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(text), open)
	j := i + strings.Index(string(text)[max(i, 0):], end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no markers %q", open)
	}
	want := string(text[:i+len(open)]) + b.String() + string(text[j:])
	if *update {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(text) != want {
		t.Error("README.md's table of published figures differs from the scenarios (go test ./scenarios -update rewrites it)")
	}
}

func percent(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", 100*v), ".0") + " %" }

// cell keeps text within one table cell.
func cell(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "/"), "\n", " ") }

// about reports a README figure that is not what the model gives.
func about(t *testing.T, what string, got, want, tolerance float64) {
	t.Helper()
	if math.Abs(got-want) > tolerance {
		t.Errorf("the README says %s is about %v; it is %v", what, want, got)
	}
}
