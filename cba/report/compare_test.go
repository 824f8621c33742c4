package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
)

// comparisonInput compares the Norwegian scenario with the IPS drop-out
// doubled (fixed in the change, drawn in the base), on iterations draws
// (0: deterministic only).
func comparisonInput(t *testing.T, iterations int) report.ComparisonInput {
	t.Helper()
	s := load(t, "norway-norce.yaml")
	change := s.Clone()
	if _, err := change.Apply(cba.Override{Path: "arms.ips.enrolment.dropout", Value: 0.02}); err != nil {
		t.Fatal(err)
	}
	a, errA := cba.Prepare(s)
	b, errB := cba.Prepare(change)
	r, errR := cba.Evaluate(s)
	if errA != nil || errB != nil || errR != nil {
		t.Fatal(errA, errB, errR)
	}
	var c *cba.Comparison
	var err error
	if iterations == 0 {
		c, err = cba.CompareDeterministic(a, b)
	} else {
		c, err = cba.Compare(context.Background(), a, b, cba.Options{Iterations: iterations, Seed: 2, Workers: 2})
	}
	if err != nil {
		t.Fatal(err)
	}
	in := report.ComparisonInput{Base: r, Run: c, Scenario: s}
	in.DrawnInAOnly, in.DrawnInBOnly = cba.DrawnInOneOnly(a, b)
	return in
}

// TestComparisonFormatsAgree: text, JSON and CSV of one comparison hold
// the same changes: the JSON's society mean change, MCSE and unpaired
// MCSE are the comparison's, rounded to 0.01; the CSV row holds the
// JSON's; the text shows them as the language writes them, and says the
// drop-out is drawn in the base only.
func TestComparisonFormatsAgree(t *testing.T) {
	in := comparisonInput(t, 400)
	key := cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: cba.Population, Measure: cba.NPV, Perspective: cba.Society}
	want, _ := in.Run.Summary(key, 2.5, 50, 97.5)
	var js, cs, text bytes.Buffer
	if err := report.ComparisonJSON(&js, in); err != nil {
		t.Fatal(err)
	}
	if err := report.ComparisonCSV(&cs, in); err != nil {
		t.Fatal(err)
	}
	if err := report.ComparisonText(&text, in); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		DrawnInAOnly []string `json:"drawn_in_a_only"`
		Outputs      []struct {
			Name   string
			Paired struct {
				Mean, MCSE float64
				Unpaired   float64 `json:"unpaired_mcse"`
			}
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	got := doc.Outputs[len(in.Base.Perspectives)-1].Paired // the population's NPVs come first, society last
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"mean", got.Mean, want.Difference.Mean}, {"mcse", got.MCSE, want.Difference.MCSE}, {"unpaired", got.Unpaired, want.UnpairedMCSE}} {
		if math.Abs(c.got-c.want) > 0.005 {
			t.Errorf("JSON %s %v, the comparison's %v", c.name, c.got, c.want)
		}
	}
	if strings.Join(doc.DrawnInAOnly, ",") != "arms.ips.enrolment.dropout" {
		t.Errorf("drawn in A only: %v", doc.DrawnInAOnly)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head, row := rows[0], rows[len(in.Base.Perspectives)]
	col := func(name string) float64 {
		for i, h := range head {
			if h == name {
				v, _ := strconv.ParseFloat(row[i], 64)
				return v
			}
		}
		t.Fatalf("no column %s", name)
		return 0
	}
	if row[0] != key.String() || col("mean") != got.Mean || col("mcse") != got.MCSE || col("unpaired_mcse") != got.Unpaired {
		t.Errorf("CSV row %v, JSON %+v", row, got)
	}
	p := report.NewPrinter(report.English, nil)
	for _, wantText := range []string{
		"society NOK +" + p.Int(want.Difference.Mean) + " per participant on average", // fewer months of IPS: a gain
		"better in " + p.Percent(want.Difference.PAboveZero) + " of draws",
		"a Monte Carlo error of NOK " + p.Int(want.Difference.MCSE) + ", against NOK " + p.Int(want.UnpairedMCSE) + " from two separate runs",
		"Drawn in the base only (fixed in your change), so the interval includes their spread: Individual Placement and Support: monthly drop-out.",
	} {
		if !strings.Contains(strings.Join(strings.Fields(text.String()), " "), wantText) {
			t.Errorf("the text does not say %q:\n%s", wantText, text.String())
		}
	}
}

// TestDeterministicComparisonHasNoPairedStatistics: without iterations the
// JSON has each output's deterministic values and no paired block, the
// CSV leaves the paired columns empty, and the text says how to get the
// interval.
func TestDeterministicComparisonHasNoPairedStatistics(t *testing.T) {
	in := comparisonInput(t, 0)
	var js, cs, text bytes.Buffer
	if err := report.ComparisonJSON(&js, in); err != nil {
		t.Fatal(err)
	}
	if err := report.ComparisonCSV(&cs, in); err != nil {
		t.Fatal(err)
	}
	if err := report.ComparisonText(&text, in); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js.String(), `"paired"`) || !strings.Contains(js.String(), `"difference": `) {
		t.Error("deterministic JSON has a paired block, or no difference")
	}
	rows, _ := csv.NewReader(&cs).ReadAll()
	if len(rows) < 2 || rows[1][10] != "" || rows[1][9] == "" {
		t.Errorf("deterministic CSV row %v", rows[1])
	}
	if !strings.Contains(text.String(), "-iterations gives the change's interval") {
		t.Errorf("text:\n%s", text.String())
	}
	if got := report.FormatNames(report.ComparisonKind); got != "text, json or csv" {
		t.Errorf("comparison formats %q", got)
	}
}
