package plot_test

import (
	"bytes"
	"context"
	"math"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"ipscba/cba"
	"ipscba/cba/plot"
	"ipscba/cba/scenario"
	"ipscba/cba/sensitivity"
)

// draw draws a chart, which must succeed, and returns its texts.
func draw(t *testing.T, f func(*bytes.Buffer) error) []string {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	words, paths := texts(t, b.Bytes())
	if paths == 0 {
		t.Error("nothing drawn")
	}
	return words
}

// has says whether any text contains part.
func has(words []string, part string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(w, part) })
}

// TestUnusableInputIsAnError: input that leaves nothing to draw is an
// error, never a panic.
func TestUnusableInputIsAnError(t *testing.T) {
	fx := load(t)
	var b bytes.Buffer
	nan := math.NaN()
	cases := map[string]func() error{
		"employment nil":     func() error { return plot.Employment(&b, nil, nil, nok) },
		"employment no arms": func() error { return plot.Employment(&b, &cba.Result{}, nil, nok) },
		"employment unknown arm": func() error {
			return plot.Employment(&b, fx.res, map[string][]plot.Point{"ipss": {{X: 12, Y: 0.3}}}, nok)
		},
		"employment all NaN": func() error {
			return plot.Employment(&b, &cba.Result{Arms: []cba.Outcome{{Arm: "a", Population: cba.Summary{Employment: []float64{nan, nan}}}}}, nil, nok)
		},
		"cumulative nil":            func() error { return plot.Cumulative(&b, nil, nil, nil, nok) },
		"cumulative no increment":   func() error { return plot.Cumulative(&b, &cba.Result{}, nil, nil, nok) },
		"cumulative no perspective": func() error { return plot.Cumulative(&b, fx.res, nil, []string{"nation"}, nok) },
		"cumulative incomplete result": func() error {
			return plot.Cumulative(&b, &cba.Result{Increments: []cba.Outcome{{}}, HorizonMonths: 12}, nil, nil, nok)
		},
		"cumulative short flows": func() error {
			r := *fx.res
			r.Increments = []cba.Outcome{r.Increments[0]}
			r.Increments[0].Population.Flows = [][]float64{{1}}
			return plot.Cumulative(&b, &r, nil, nil, nok)
		},
		"distribution nil":     func() error { return plot.Distribution(&b, nil, []cba.OutputKey{society}, nok) },
		"distribution no keys": func() error { return plot.Distribution(&b, fx.mc, nil, nok) },
		"distribution unknown key": func() error {
			k := society
			k.Perspective = "nation"
			return plot.Distribution(&b, fx.mc, []cba.OutputKey{k}, nok)
		},
		"distribution all infinite": func() error {
			k := society
			k.Measure, k.Perspective = cba.BreakEvenMonth, "health_trust"
			return plot.Distribution(&b, fx.mc, []cba.OutputKey{k}, nok)
		},
		"tornado nil":     func() error { return plot.Tornado(&b, nil, nok) },
		"tornado no bars": func() error { return plot.Tornado(&b, &sensitivity.Tornado{Output: society}, nok) },
		"tornado base +Inf": func() error {
			return plot.Tornado(&b, &sensitivity.Tornado{Base: math.Inf(1), Bars: fx.tornado.Bars}, nok)
		},
		"acceptability nil": func() error { return plot.Acceptability(&b, nil, nil, nok) },
		"acceptability no values": func() error {
			return plot.Acceptability(&b, &sensitivity.Curve{Perspectives: []string{"society"}, P: [][][]float64{{}}}, nil, nok)
		},
		"acceptability ragged": func() error {
			return plot.Acceptability(&b, &sensitivity.Curve{Values: []float64{1, 2}, Perspectives: []string{"society"}, P: [][][]float64{{{0.5, 0.5}}}}, nil, nok)
		},
		"acceptability no perspective": func() error { return plot.Acceptability(&b, fx.curve, []string{"nation"}, nok) },
		"two-way nil":                  func() error { return plot.TwoWay(&b, nil, nok) },
		"two-way empty":                func() error { return plot.TwoWay(&b, &sensitivity.Grid{}, nok) },
		"two-way ragged": func() error {
			return plot.TwoWay(&b, &sensitivity.Grid{XS: []float64{1, 2}, YS: []float64{1}, Z: [][]float64{{1}}}, nok)
		},
		"two-way decreasing": func() error {
			return plot.TwoWay(&b, &sensitivity.Grid{XS: []float64{2, 1}, YS: []float64{1}, Z: [][]float64{{1, 2}}}, nok)
		},
		"two-way NaN value": func() error {
			return plot.TwoWay(&b, &sensitivity.Grid{XS: []float64{nan}, YS: []float64{1}, Z: [][]float64{{1}}}, nok)
		},
		"budget nil":      func() error { return plot.Budget(&b, nil, nok) },
		"budget no years": func() error { return plot.Budget(&b, &cba.Budget{Perspectives: fx.budget.Perspectives}, nok) },
		"budget no payers": func() error {
			return plot.Budget(&b, &cba.Budget{Perspectives: []string{"society"}, Discounted: [][]float64{{1}}}, nok)
		},
		"sobol nil":       func() error { return plot.Sobol(&b, nil, nok) },
		"sobol no inputs": func() error { return plot.Sobol(&b, &sensitivity.Sobol{}, nok) },
		"sobol all NaN": func() error {
			return plot.Sobol(&b, &sensitivity.Sobol{Indices: []sensitivity.Index{{First: nan, Total: nan}}}, nok)
		},
		"unknown format":   func() error { return plot.Employment(&b, fx.res, nil, plot.Options{Format: 7}) },
		"too small":        func() error { return plot.Employment(&b, fx.res, nil, plot.Options{Width: vg.Centimeter}) },
		"too large":        func() error { return plot.Sobol(&b, fx.sobol, plot.Options{Height: 200 * vg.Centimeter}) },
		"NaN width":        func() error { return plot.Budget(&b, &fx.budget, plot.Options{Width: vg.Length(nan)}) },
		"negative height":  func() error { return plot.Tornado(&b, fx.tornado, plot.Options{Height: -vg.Centimeter}) },
		"PNG of bad input": func() error { return plot.Sobol(&b, nil, plot.Options{Format: plot.PNG}) },
	}
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			b.Reset()
			if err := cases[name](); err == nil {
				t.Error("no error")
			} else if !strings.HasPrefix(err.Error(), "plot: ") {
				t.Errorf("error %q does not say it is the plot package's", err)
			}
		})
	}
}

// TestInfiniteValuesAreLeftOutWithANote: a cost-saving ratio (+Inf) or
// NaN is never drawn; the chart says what it left out or cut.
func TestInfiniteValuesAreLeftOutWithANote(t *testing.T) {
	fx := load(t)
	inf, nan := math.Inf(1), math.NaN()

	t.Run("distribution", func(t *testing.T) {
		k, h := public, public
		k.Measure = cba.BreakEvenMonth
		h.Measure, h.Perspective = cba.BreakEvenMonth, "health_trust"
		words := draw(t, func(b *bytes.Buffer) error { return plot.Distribution(b, fx.mc, []cba.OutputKey{k, h}, nok) })
		if !has(words, "no break-even within the horizon in this share of the iterations") {
			t.Errorf("no note among %q", words)
		}
	})
	t.Run("tornado", func(t *testing.T) {
		tor := *fx.tornado
		tor.Bars = slices.Clone(tor.Bars)
		tor.Bars[0].AtHigh = inf
		tor.Bars[1].AtLow = math.Inf(-1)
		tor.Bars[2].AtLow = nan
		words := draw(t, func(b *bytes.Buffer) error { return plot.Tornado(b, &tor, nok) })
		if !has(words, "Bars cut at the edge") || !has(words, "not finite numbers are left out") {
			t.Errorf("no note among %q", words)
		}
	})
	t.Run("two-way", func(t *testing.T) {
		g := *fx.grid
		g.Z = [][]float64{{inf, 1}, {nan, -1}}
		g.XS, g.YS = g.XS[:2], g.YS[:2]
		g.Boundary = []sensitivity.Point{{X: nan, Y: 1}, {X: g.XS[0], Y: g.YS[1]}}
		words := draw(t, func(b *bytes.Buffer) error { return plot.TwoWay(b, &g, nok) })
		if !has(words, "Cells where the output is infinite") || !has(words, "not a number") {
			t.Errorf("no note among %q", words)
		}
	})
	t.Run("acceptability", func(t *testing.T) {
		c := *fx.curve
		c.Values = slices.Clone(c.Values)
		c.Values[3] = nan
		words := draw(t, func(b *bytes.Buffer) error { return plot.Acceptability(b, &c, []string{"society"}, nok) })
		if !has(words, "left out") {
			t.Errorf("no note among %q", words)
		}
	})
	t.Run("sobol", func(t *testing.T) {
		s := *fx.sobol
		s.Indices = slices.Clone(s.Indices)
		s.Indices[0].First, s.Indices[1].Total, s.Indices[2].TotalCI = nan, inf, [2]float64{nan, 1}
		words := draw(t, func(b *bytes.Buffer) error { return plot.Sobol(b, &s, nok) })
		if !has(words, "left out") {
			t.Errorf("no note among %q", words)
		}
	})
	t.Run("budget", func(t *testing.T) {
		bu := fx.budget
		bu.Discounted = [][]float64{slices.Clone(bu.Discounted[0]), slices.Clone(bu.Discounted[1])}
		bu.Discounted[0][1] = nan
		bu.Discounted[1][5] = inf
		words := draw(t, func(b *bytes.Buffer) error { return plot.Budget(b, &bu, nok) })
		if !has(words, "left out") {
			t.Errorf("no note among %q", words)
		}
	})
	t.Run("employment", func(t *testing.T) {
		r := &cba.Result{HorizonMonths: 3, ObservedMonths: 2, Arms: []cba.Outcome{{Arm: "a", Population: cba.Summary{Employment: []float64{0, nan, 0.2, inf}}}}}
		words := draw(t, func(b *bytes.Buffer) error {
			return plot.Employment(b, r, map[string][]plot.Point{"a": {{X: 1, Y: nan}, {X: 2, Y: 0.25}}}, nok)
		})
		if !has(words, "left out") {
			t.Errorf("no note among %q", words)
		}
	})
}

// TestDegenerateInput: a single point, all-equal values, negative values
// only, a run with standard deviation 0 and very long names are drawn.
func TestDegenerateInput(t *testing.T) {
	fx := load(t)
	long := strings.Repeat("very_long_factor_name.", 12) + "half_life_months"

	t.Run("single point", func(t *testing.T) {
		r := &cba.Result{Arms: []cba.Outcome{{Arm: "a", Population: cba.Summary{Employment: []float64{0.3}}}}}
		draw(t, func(b *bytes.Buffer) error { return plot.Employment(b, r, nil, nok) })
		c := &sensitivity.Curve{Values: []float64{1}, Perspectives: []string{"society"}, Arms: []string{"b", "a"}, P: [][][]float64{{{0.25, 0.75}}}}
		draw(t, func(b *bytes.Buffer) error { return plot.Acceptability(b, c, nil, nok) })
		g := &sensitivity.Grid{XS: []float64{24}, YS: []float64{0}, Z: [][]float64{{-5}}, Output: society}
		draw(t, func(b *bytes.Buffer) error { return plot.TwoWay(b, g, nok) })
		bu := fx.budget
		bu.Discounted = bu.Discounted[:1]
		draw(t, func(b *bytes.Buffer) error { return plot.Budget(b, &bu, nok) })
		s := &sensitivity.Sobol{Indices: []sensitivity.Index{{Group: sensitivity.Group{Name: "x1"}, First: 1, Total: 1, FirstCI: [2]float64{1, 1}, TotalCI: [2]float64{1, 1}}}}
		draw(t, func(b *bytes.Buffer) error { return plot.Sobol(b, s, nok) })
	})
	t.Run("all equal", func(t *testing.T) {
		r := &cba.Result{Arms: []cba.Outcome{{Arm: "a", Population: cba.Summary{Employment: make([]float64, 121)}}}}
		draw(t, func(b *bytes.Buffer) error { return plot.Employment(b, r, nil, nok) })
		tor := &sensitivity.Tornado{Output: society, Base: 7, Bars: []sensitivity.Bar{{Factor: cba.Factor{Name: "a"}, Low: 1, High: 1, AtLow: 7, AtHigh: 7}}}
		draw(t, func(b *bytes.Buffer) error { return plot.Tornado(b, tor, nok) })
		tor.Base, tor.Bars[0].AtLow, tor.Bars[0].AtHigh = 0, 0, 0
		draw(t, func(b *bytes.Buffer) error { return plot.Tornado(b, tor, nok) })
		g := &sensitivity.Grid{XS: []float64{1, 2}, YS: []float64{1, 2}, Z: [][]float64{{3, 3}, {3, 3}}}
		draw(t, func(b *bytes.Buffer) error { return plot.TwoWay(b, g, nok) })
		s := &sensitivity.Sobol{Indices: []sensitivity.Index{{Group: sensitivity.Group{Name: "x1"}}, {Group: sensitivity.Group{Name: "x2"}}}}
		draw(t, func(b *bytes.Buffer) error { return plot.Sobol(b, s, nok) })
	})
	t.Run("negative only", func(t *testing.T) {
		bu := fx.budget
		bu.Discounted = make([][]float64, len(fx.budget.Discounted))
		for y, row := range fx.budget.Discounted {
			bu.Discounted[y] = make([]float64, len(row))
			for p, v := range row {
				bu.Discounted[y][p] = -math.Abs(v) - 1
			}
		}
		draw(t, func(b *bytes.Buffer) error { return plot.Budget(b, &bu, nok) })
		tor := &sensitivity.Tornado{Output: society, Base: -100, Bars: []sensitivity.Bar{{Factor: cba.Factor{Name: "a"}, Low: 1, High: 2, AtLow: -300, AtHigh: -50}}}
		draw(t, func(b *bytes.Buffer) error { return plot.Tornado(b, tor, nok) })
	})
	t.Run("sd 0", func(t *testing.T) {
		f, err := scenario.Load(bundled)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := cba.NewEvaluator(f.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		base := ev.Base()
		mc, err := cba.Run(context.Background(), f.Scenario, cba.Options{Iterations: 3, Workers: 1, Source: cba.Vectors{base, base, base}})
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := mc.Summary(society); s.SD != 0 {
			t.Fatalf("sd %v, want 0", s.SD)
		}
		draw(t, func(b *bytes.Buffer) error { return plot.Distribution(b, mc, []cba.OutputKey{society, public}, nok) })
		draw(t, func(b *bytes.Buffer) error { return plot.Cumulative(b, fx.res, mc, []string{"public"}, nok) })
	})
	t.Run("long names", func(t *testing.T) {
		tor := *fx.tornado
		tor.Bars = slices.Clone(tor.Bars)
		tor.Bars[0].Factor.Name = long
		s := *fx.sobol
		s.Indices = slices.Clone(s.Indices)
		for i := range s.Indices {
			s.Indices[i].Group.Name = long
		}
		g := *fx.grid
		g.X.Name = long
		for name, f := range map[string]func(*bytes.Buffer) error{
			"tornado": func(b *bytes.Buffer) error { return plot.Tornado(b, &tor, nok) },
			"sobol":   func(b *bytes.Buffer) error { return plot.Sobol(b, &s, nok) },
			"two-way": func(b *bytes.Buffer) error { return plot.TwoWay(b, &g, nok) },
			"label": func(b *bytes.Buffer) error {
				o := nok
				o.Label = func(string) string { return long }
				return plot.Cumulative(b, fx.res, nil, nil, o)
			},
		} {
			words := draw(t, f)
			if has(words, long) {
				t.Errorf("%s: the long name is written in full", name)
			}
			if !has(words, "…") {
				t.Errorf("%s: no shortened name among %q", name, words)
			}
		}
	})
}

// TestCbaDoesNotImportPlot: computing does not pull in the charts.
func TestCbaDoesNotImportPlot(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "ipscba/cba").Output()
	if err != nil {
		t.Skipf("go list is not available: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "ipscba/cba/plot" || strings.HasPrefix(dep, "gonum.org/v1/plot") {
			t.Errorf("package cba depends on %s", dep)
		}
	}
}

// TestTornadoEndsInTheirUnitsApart: a bar's ends are written in the
// factor's unit (Options.Value: an effect in points), and the two ends of
// a bar on one side of the base are one label, the low value first, not
// two labels over each other.
func TestTornadoEndsInTheirUnitsApart(t *testing.T) {
	effect := cba.Factor{Name: "arms.ips.effect.points[0].difference", Unit: "difference of shares", Value: 0.1}
	hours := cba.Factor{Name: "groups.a.job.weekly_hours", Unit: "hours a week", Value: 20}
	tor := &sensitivity.Tornado{Base: 100, Bars: []sensitivity.Bar{
		{Factor: effect, Low: 0.013, High: 0.193, AtLow: 50, AtHigh: 150, Swing: 100},
		{Factor: hours, Low: 0.415, High: 0.11, AtLow: 120, AtHigh: 125, Swing: 5}, // both above the base
	}}
	o := nok
	o.Value = func(v float64, unit string) string {
		if unit == "difference of shares" {
			return strings.TrimSuffix(strings.TrimSuffix(strconv.FormatFloat(100*v, 'f', 1, 64), "0"), ".") + " pp"
		}
		return strings.ReplaceAll(strconv.FormatFloat(v, 'f', -1, 64), ".", ",")
	}
	words := draw(t, func(b *bytes.Buffer) error { return plot.Tornado(b, tor, o) })
	for _, want := range []string{"1.3 pp", "19.3 pp", "0,415; 0,11"} {
		if !has(words, want) {
			t.Errorf("no %q among %q", want, words)
		}
	}
	if has(words, "0.013") || has(words, "0.193") {
		t.Errorf("an effect written as a fraction among %q", words)
	}
}
