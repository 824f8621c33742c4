package report_test

import (
	"context"
	"math"
	"slices"
	"strconv"
	"testing"

	"ipscba/cba"
	"ipscba/cba/report"
)

// TestCostPerGainOverTheDraws: the table's deterministic column is the
// summary's cost per gain, its share of "none gained" the share of kept
// draws at +Inf, and its median within a histogram's accuracy of the kept
// draws' median, none gained ranking above every cost.
func TestCostPerGainOverTheDraws(t *testing.T) {
	s := load(t, "norway-norce.yaml")
	// The trial's uncertain effect leaves some draws with no work gained
	// (checked below).
	ev, r := evaluated(t, s)
	mc, err := ev.Run(context.Background(), cba.Options{Iterations: 4000, Seed: 3, Workers: 2, Keep: true})
	if err != nil {
		t.Fatal(err)
	}
	inc := r.Increments[0]
	caption, head, rows := report.CostPerGain(report.English, s, r, mc, []float64{50}, inc)
	if caption == "" || !slices.Equal(head, []string{"per extra", "deterministic", "50 %", "none gained"}) || len(rows) != 2 {
		t.Fatalf("%q %q %d rows", caption, head, len(rows))
	}
	p := report.NewPrinter(report.English, s)
	for i, m := range []struct {
		measure cba.Measure
		det     float64
	}{{cba.CostPerMonthInWork, inc.Population.CostPerMonthInWork}, {cba.CostPerPersonInWork, inc.Population.CostPerPersonInWork}} {
		k, ok := mc.Index(cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: m.measure})
		if !ok {
			t.Fatalf("%v: no output", m.measure)
		}
		if want := p.Int(m.det); rows[i][1] != want {
			t.Errorf("%v: deterministic %s, want %s", m.measure, rows[i][1], want)
		}
		var draws []float64
		inf := 0
		for _, v := range mc.Values {
			draws = append(draws, v[k])
			if math.IsInf(v[k], 1) {
				inf++
			}
		}
		if inf == 0 {
			t.Errorf("%v: no draw gains no work; the test needs some", m.measure)
		}
		if want := p.Percent(float64(inf) / float64(len(draws))); rows[i][3] != want {
			t.Errorf("%v: none gained in %s, want %s", m.measure, rows[i][3], want)
		}
		slices.Sort(draws) // +Inf last
		median := draws[len(draws)/2]
		got, err := strconv.ParseFloat(stripCommas(rows[i][2]), 64)
		if err != nil || math.Abs(got-median) > 0.005*math.Abs(median)+1 {
			t.Errorf("%v: median %s, kept draws' %.0f", m.measure, rows[i][2], median)
		}
	}
}

func stripCommas(s string) string {
	out := []rune{}
	for _, r := range s {
		if r != ',' {
			out = append(out, r)
		}
	}
	return string(out)
}
