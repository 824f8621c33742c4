package plot_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot/vg"

	"ipscba/cba"
	"ipscba/cba/plot"
	"ipscba/cba/scenario"
	"ipscba/cba/sensitivity"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata (go test ./cba/plot -update)")

// bundled is the scenario the golden charts are drawn from.
const bundled = "../../scenarios/norway-norce.yaml"

// fixture is everything the charts draw, computed once from the bundled
// Norwegian scenario with small, fixed sizes and seeds.
type fixture struct {
	res     *cba.Result
	mc      *cba.MonteCarlo
	tornado *sensitivity.Tornado
	curve   *sensitivity.Curve
	grid    *sensitivity.Grid
	sobol   *sensitivity.Sobol
	budget  cba.Budget
}

// The outputs the analyses are of.
var (
	society = cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"}
	public  = cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "public"}
)

// observed is what the Norwegian trial measured: the shares in competitive
// employment at 12 and 18 months (Reme et al. 2019, doi:10.5271/sjweh.3753).
var observed = map[string][]plot.Point{
	"ips":         {{X: 12, Y: 0.366}, {X: 18, Y: 0.374}},
	"traditional": {{X: 12, Y: 0.271}, {X: 18, Y: 0.271}},
}

var fixtures = sync.OnceValues(func() (*fixture, error) { return build(1) })

// build computes the fixture, the Monte Carlo run and the analyses with the
// given number of workers (the results do not depend on it).
func build(workers int) (*fixture, error) {
	ctx := context.Background()
	f, err := scenario.Load(bundled)
	if err != nil {
		return nil, err
	}
	fx := &fixture{}
	if fx.res, err = cba.Evaluate(f.Scenario); err != nil {
		return nil, err
	}
	fx.budget = fx.res.Budget()[0]
	if fx.mc, err = cba.Run(ctx, f.Scenario, cba.Options{Iterations: 500, Seed: 1, Workers: workers}); err != nil {
		return nil, err
	}
	ev, err := cba.NewEvaluator(f.Scenario)
	if err != nil {
		return nil, err
	}
	m, err := sensitivity.NewModel(ev, society)
	if err != nil {
		return nil, err
	}
	if fx.tornado, err = m.Tornado(sensitivity.TornadoOptions{}); err != nil {
		return nil, err
	}
	if fx.sobol, err = m.Sobol(ctx, sensitivity.SobolOptions{N: 64, Bootstrap: 20,
		GlobalOptions: sensitivity.GlobalOptions{GroupDependent: true, Seed: 1, Workers: workers}}); err != nil {
		return nil, err
	}
	pm, err := sensitivity.NewModel(ev, public)
	if err != nil {
		return nil, err
	}
	if fx.grid, err = pm.TwoWay(
		sensitivity.Axis{Factor: "arms.ips.effect.half_life_months", Values: sensitivity.Steps(3, 60, 12)},
		sensitivity.Axis{Factor: "arms.ips.costs.employment_specialist.amount", Values: sensitivity.Steps(3750, 7050, 12)},
	); err != nil {
		return nil, err
	}
	fx.curve, err = sensitivity.Acceptability(ctx, ev, sensitivity.CostMultiplier, sensitivity.Steps(0.5, 2, 7),
		sensitivity.AcceptOptions{Iterations: 200, Seed: 1, Workers: workers})
	return fx, err
}

// load returns the fixture or stops the test.
func load(t testing.TB) *fixture {
	t.Helper()
	fx, err := fixtures()
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// nok is how the golden charts are asked for: money in NOK at 2025 prices.
var nok = plot.Options{Currency: "NOK", PriceYear: 2025}

// chart is one golden chart: how to draw it and axis titles it must show.
type chart struct {
	name string
	draw func(io.Writer, *fixture, plot.Options) error
	axes []string
}

var charts = []chart{
	{"employment", func(w io.Writer, fx *fixture, o plot.Options) error {
		return plot.Employment(w, fx.res, observed, o)
	}, []string{"months since start", "share of participants in work"}},
	{"cumulative", func(w io.Writer, fx *fixture, o plot.Options) error {
		return plot.Cumulative(w, fx.res, fx.mc, []string{"state", "municipality", "public", "society"}, o)
	}, []string{"months since start", "cumulative discounted net flow per participant (NOK, 2025 prices)"}},
	{"distribution", func(w io.Writer, fx *fixture, o plot.Options) error {
		return plot.Distribution(w, fx.mc, []cba.OutputKey{public, society}, o)
	}, []string{"NPV per participant (NOK, 2025 prices)", "probability (share of iterations in each bin)"}},
	{"tornado", func(w io.Writer, fx *fixture, o plot.Options) error {
		return plot.Tornado(w, fx.tornado, o)
	}, []string{"NPV per participant, society (NOK, 2025 prices)", "factor, from its low to its high value"}},
	{"acceptability", func(w io.Writer, fx *fixture, o plot.Options) error {
		return plot.Acceptability(w, fx.curve, nil, o)
	}, []string{"programme costs (times the scenario's costs)", "probability that the NPV is above 0"}},
	{"twoway", func(w io.Writer, fx *fixture, o plot.Options) error {
		return plot.TwoWay(w, fx.grid, o)
	}, []string{"arms.ips.effect.half_life_months (months)", "arms.ips.costs.employment_specialist.amount (NOK a month)"}},
	{"budget", func(w io.Writer, fx *fixture, o plot.Options) error {
		return plot.Budget(w, &fx.budget, o)
	}, []string{"year of the programme", "discounted net flow for the whole cohort (NOK, 2025 prices)"}},
	{"sobol", func(w io.Writer, fx *fixture, o plot.Options) error {
		return plot.Sobol(w, fx.sobol, o)
	}, []string{"Sobol index (share of the output's variance)", "input (a factor or factors drawn together)"}},
}

// TestGolden draws each chart from the bundled scenario and compares it,
// byte for byte, with its golden file.
func TestGolden(t *testing.T) {
	fx := load(t)
	for _, c := range charts {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.draw(&b, fx, nok); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", c.name+".svg")
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v: run go test ./cba/plot -update to write it", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the chart drawn now (%d bytes, golden %d): run go test ./cba/plot -update if the change is intended", path, b.Len(), len(want))
			}
		})
	}
}

// texts parses an SVG as XML and returns its text elements' contents and
// the number of paths.
func texts(t *testing.T, svg []byte) (words []string, paths int) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	inText := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "text":
				inText = true
				words = append(words, "")
			case "path":
				paths++
			}
		case xml.EndElement:
			if e.Name.Local == "text" {
				inText = false
			}
		case xml.CharData:
			if inText {
				words[len(words)-1] += string(e)
			}
		}
	}
	return words, paths
}

// TestSVG checks that each chart is XML with its axis titles and drawn
// paths, small enough for a report.
func TestSVG(t *testing.T) {
	fx := load(t)
	for _, c := range charts {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.draw(&b, fx, nok); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b.Bytes(), []byte("<?xml")) {
				t.Errorf("the SVG starts with %q", b.String()[:min(20, b.Len())])
			}
			if b.Len() > 100_000 {
				t.Errorf("the SVG has %d bytes, want at most 100,000", b.Len())
			}
			words, paths := texts(t, b.Bytes())
			if paths < 10 {
				t.Errorf("%d paths drawn", paths)
			}
			all := strings.Join(words, " ")
			for _, axis := range c.axes {
				if !strings.Contains(all, axis) {
					t.Errorf("no axis title %q among %q", axis, words)
				}
			}
			for _, w := range words {
				if strings.Contains(w, "NaN") || strings.Contains(w, "Inf") {
					t.Errorf("text %q", w)
				}
			}
		})
	}
}

// TestPNG draws each chart as a PNG of the size asked for (96 dots per
// inch).
func TestPNG(t *testing.T) {
	fx := load(t)
	o := nok
	o.Format = plot.PNG
	o.Width, o.Height = 12*vg.Centimeter, 8*vg.Centimeter
	wantW, wantH := int(math.Round(12/2.54*96)), int(math.Round(8/2.54*96))
	for _, c := range charts {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.draw(&b, fx, o); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(&b)
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got.X != wantW || got.Y != wantH {
				t.Errorf("size %v, want %dx%d", got, wantW, wantH)
			}
		})
	}
}

// TestWorkersDoNotChangeTheCharts: the Monte Carlo run and the analyses
// give the same numbers for any number of workers, so the same charts.
func TestWorkersDoNotChangeTheCharts(t *testing.T) {
	if testing.Short() {
		t.Skip("a second set of runs")
	}
	one := load(t)
	four, err := build(4)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		var a, b bytes.Buffer
		if err := c.draw(&a, one, nok); err != nil {
			t.Fatal(err)
		}
		if err := c.draw(&b, four, nok); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: 4 workers draw another chart than 1", c.name)
		}
	}
}

// TestWordsAndLabels: the chart's own words go through Options.Words, the
// scenario's names through Options.Label and numbers through
// Options.Number.
func TestWordsAndLabels(t *testing.T) {
	fx := load(t)
	o := nok
	o.Words = func(en string) string {
		if en == "months since start" {
			return "måneder fra start"
		}
		return en
	}
	o.Label = func(name string) string {
		if name == "ips" {
			return "Individuell jobbstøtte"
		}
		return name
	}
	var b bytes.Buffer
	if err := plot.Employment(&b, fx.res, observed, o); err != nil {
		t.Fatal(err)
	}
	words, _ := texts(t, b.Bytes())
	all := strings.Join(words, " ")
	for _, want := range []string{"måneder fra start", "Individuell jobbstøtte", "Individuell jobbstøtte (observed)"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q among %q", want, words)
		}
	}
}

// TestEveryWordIsTranslated: with Words, Label and Number replacing every
// string by one letter, no English is left in any chart: only those
// letters, the currency, years and punctuation.
func TestEveryWordIsTranslated(t *testing.T) {
	fx := load(t)
	o := nok
	o.Words = func(string) string { return "W" }
	o.Label = func(string) string { return "L" }
	o.Number = func(float64) string { return "N" }
	for _, c := range charts {
		var b bytes.Buffer
		if err := c.draw(&b, fx, o); err != nil {
			t.Fatal(err)
		}
		words, _ := texts(t, b.Bytes())
		for _, w := range words {
			rest := strings.ReplaceAll(w, "NOK", "")
			if strings.ContainsFunc(rest, func(r rune) bool {
				return r != 'W' && r != 'L' && r != 'N' && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
			}) {
				t.Errorf("%s: %q is not translated", c.name, w)
			}
		}
	}
}
