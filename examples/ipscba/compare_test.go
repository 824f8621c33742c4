package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// halfLonger is the planner's what-if of the README: the effect lasts a
// year longer on average (a half-life of 36 months, not 24), as uncertain.
const halfLonger = "arms.ips.effect.half_life_months={type: gamma, mean: 36, sd: 18}"

func TestCompareGoldenOutputs(t *testing.T) {
	t.Parallel()
	mc := []string{"compare", "-iterations", "2000", "-workers", "2"}
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"compare/half-life.txt", []string{"compare", "-with", halfLonger, norway}},
		{"compare/half-life-mc.txt", append(mc, "-with", halfLonger, norway)},
		{"compare/half-life-mc-nb.txt", append(mc, "-lang", "nb", "-with", halfLonger, norway)},
		{"compare/half-life-mc.csv", append(mc, "-format", "csv", "-with", halfLonger, norway)},
		{"compare/cost-fixed.txt", append(mc, "-with", "arms.ips.costs.employment_specialist.amount=6000", norway)},
		{"compare/subgroups-mc.txt", append(mc, norway, "scenarios/norway-norce-subgroups.yaml")},
		{"compare/subgroups.csv", []string{"compare", "-format", "csv", norway, "scenarios/norway-norce-subgroups.yaml"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			out, errOut, code := runCommand(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tc.golden, out)
		})
	}
}

// TestCompareIsTheAPIsComparison: the command's JSON holds cba.Compare's
// paired statistics for the same what-ifs, seed and iterations, is the
// same for any -workers, and without -iterations has only the
// deterministic differences.
func TestCompareIsTheAPIsComparison(t *testing.T) {
	t.Parallel()
	args := func(extra ...string) []string {
		return append(append([]string{"compare", "-format", "json"}, extra...), "-with", halfLonger, norway)
	}
	type doc struct {
		Schema     string `json:"schema"`
		Provenance struct {
			Workers int `json:"workers"`
		} `json:"provenance"`
		Outputs []struct {
			Name          string
			Deterministic struct{ A, B, Difference *float64 }
			Paired        *struct {
				Mean     *float64
				Unpaired *float64 `json:"unpaired_mcse"`
			}
		}
	}
	read := func(extra ...string) (doc, string) {
		out, errOut, code := runCommand(t, args(extra...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var d doc
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		return d, out
	}
	one, outOne := read("-iterations", "400", "-seed", "3", "-workers", "1")
	three, outThree := read("-iterations", "400", "-seed", "3", "-workers", "3")
	if one.Schema != "ipscba/comparison/v1" || one.Provenance.Workers != 1 || three.Provenance.Workers != 2 {
		t.Errorf("schema %q, workers %d and %d", one.Schema, one.Provenance.Workers, three.Provenance.Workers)
	}
	if strings.Replace(outOne, `"workers": 1`, `"workers": 2`, 1) != outThree {
		t.Error("-workers 1 and 3 give other comparisons")
	}
	f, err := scenario.Load(norway)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.Model()
	ov, _ := scenario.ParseOverride(halfLonger)
	if _, err := f.Apply(ov); err != nil {
		t.Fatal(err)
	}
	b, _ := f.Model()
	c, err := cba.Compare(context.Background(), a, b, cba.Options{Iterations: 400, Seed: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for k, key := range c.Outputs() {
		o := one.Outputs[k]
		s, _ := c.Summary(key)
		if o.Name != key.String() || o.Paired == nil {
			t.Fatalf("output %d: %+v", k, o)
		}
		if math.IsNaN(s.UnpairedMCSE) || math.IsNaN(s.Difference.Mean) { // no finite value in A or B: null
			if o.Paired.Unpaired != nil {
				t.Errorf("%s: unpaired MCSE %v, want null", key, *o.Paired.Unpaired)
			}
			continue
		}
		if o.Paired.Mean == nil || o.Paired.Unpaired == nil {
			t.Fatalf("output %d: %+v", k, o.Paired)
		}
		checked++
		if scale := math.Max(1, math.Abs(s.Difference.Mean)); math.Abs(*o.Paired.Mean-s.Difference.Mean) > 0.01*scale ||
			math.Abs(*o.Paired.Unpaired-s.UnpairedMCSE) > 0.01*math.Max(1, s.UnpairedMCSE) {
			t.Errorf("%s: mean change %v, unpaired MCSE %v; the API's %v, %v", key, *o.Paired.Mean, *o.Paired.Unpaired, s.Difference.Mean, s.UnpairedMCSE)
		}
	}
	if checked < 150 {
		t.Errorf("%d outputs checked", checked)
	}
	det, _ := read()
	if o := det.Outputs[0]; o.Paired != nil || o.Deterministic.Difference == nil || det.Provenance.Workers != 0 {
		t.Errorf("without -iterations: %+v, workers %d", o, det.Provenance.Workers)
	}
}

func TestCompareRefusesBadInput(t *testing.T) {
	t.Parallel()
	with := []string{"-with", halfLonger}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"nothing to compare", []string{norway}, "nothing to compare: give your change with -with path=value, or a second scenario file"},
		{"the cohort alone", []string{"-with", "cohort.starts_per_year=40", norway}, "cohort.starts_per_year=40: the change is to the cohort alone"},
		{"the cohort alone, under uncertainty", []string{"-with", "cohort.years=9", "-iterations", "100", norway}, "compare the budgets with ipscba -budget"},
		{"the cohort alone, in Bokmål", []string{"-with", "cohort.years=9", "-lang", "nb", norway}, "endringen gjelder bare kohorten"},
		{"no such number", []string{"-with", "arms.ips.no_such=1", norway}, "-with: scenarios/norway-norce.yaml"},
		{"not a number", []string{"-with", "arms.ips.effect.half_life_months=soon", norway}, "-with arms.ips.effect.half_life_months=soon"},
		{"a bad -set", append([]string{"-set", "groups.rest.share=2"}, append(with, norway)...), "-set"},
		{"other outputs", []string{norway, "scenarios/us-wsipp.yaml"},
			"scenarios/norway-norce.yaml and scenarios/us-wsipp.yaml: compare: the what-ifs have different comparators (A: traditional; B: usual)"},
		{"a missing file", []string{norway, "scenarios/no-such.yaml"}, "no-such.yaml"},
		{"seed without iterations", append([]string{"-seed", "2"}, append(with, norway)...), "-seed and -workers go with -iterations"},
		{"tidy", append([]string{"-format", "tidy"}, append(with, norway)...), "-format: tidy writes no comparison of two what-ifs: give text, json or csv"},
		{"lang with json", append([]string{"-format", "json", "-lang", "nb"}, append(with, norway)...), "-lang er språket i tekstutdata"}, // said in the language asked for,
		{"workers", append([]string{"-iterations", "10", "-workers", "0"}, append(with, norway)...), "-workers: want 1 to"},
		{"iterations", append([]string{"-iterations", "ten"}, append(with, norway)...), "-iterations: want a number"},
		{"an empty -o", append([]string{"-o", ""}, append(with, norway)...), "-o: give a file"},
		{"an output that is the scenario", append([]string{"-o", norway}, append(with, norway)...), "is an input of this run"},
		{"three files", []string{norway, norway, norway}, "one scenario file, or two to compare, not 3"},
		{"no file", with, "no scenario file given"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCommand(t, append([]string{"compare"}, tc.args...)...)
			if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %d bytes, stderr %q; want exit 2 and %q", code, len(out), errOut, tc.want)
			}
		})
	}
}

func TestCompareHelpAndOutputFile(t *testing.T) {
	out, errOut, code := runCommand(t, "compare", "-h")
	if code != 0 || out != "" || !strings.Contains(errOut, "usage: ipscba compare") || !strings.Contains(errOut, "-with path=value") {
		t.Errorf("-h: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	path := filepath.Join(t.TempDir(), "change.txt")
	want, _, _ := runCommand(t, "compare", "-with", halfLonger, norway)
	if _, errOut, code := runCommand(t, "compare", "-o", path, "-with", halfLonger, norway); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(path); string(got) != want {
		t.Errorf("-o wrote %q, want the report", got)
	}
}
