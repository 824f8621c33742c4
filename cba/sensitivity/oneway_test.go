package sensitivity

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"ipscba/cba"
)

func TestRoot(t *testing.T) {
	cases := []struct {
		name string
		f    func(float64) float64
		a, b float64
		want float64
	}{
		{"linear", func(x float64) float64 { return 3*x - 7 }, -100, 100, 7.0 / 3},
		{"steep linear", func(x float64) float64 { return 1e9 * (x - 0.125) }, 0, 1e6, 0.125},
		{"cube root of 2", func(x float64) float64 { return x*x*x - 2 }, 0, 5, math.Cbrt(2)},
		{"cosine", math.Cos, 0, 3, math.Pi / 2},
		{"root at an end", func(x float64) float64 { return x - 4 }, 4, 9, 4},
		{"flat then steep", func(x float64) float64 { return math.Exp(x) - 1e6 }, 0, 50, math.Log(1e6)},
		{"jump", func(x float64) float64 {
			if x < 0.3 {
				return -1
			}
			return 1
		}, 0, 1, 0.3},
	}
	for _, tc := range cases {
		evals := 0
		got, err := Root(func(x float64) (float64, error) { evals++; return tc.f(x), nil }, tc.a, tc.b, 0)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if math.Abs(got-tc.want) > 1e-9*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("%s: root %v, want %v", tc.name, got, tc.want)
		}
		if evals > 100 {
			t.Errorf("%s: %d evaluations", tc.name, evals)
		}
	}
	if _, err := Root(func(x float64) (float64, error) { return x*x + 1, nil }, -1, 1, 0); !errors.Is(err, ErrNoSignChange) {
		t.Errorf("no sign change: %v", err)
	}
	if _, err := Root(func(x float64) (float64, error) { return math.NaN(), nil }, -1, 1, 0); err == nil {
		t.Error("a NaN function: no error")
	}
	boom := errors.New("boom")
	if _, err := Root(func(x float64) (float64, error) { return x, boom }, -1, 1, 0); !errors.Is(err, boom) {
		t.Errorf("a failing function: %v", err)
	}
}

// TestSwitchingValueLinear: for an NPV linear in a factor the switching
// value is the hand-computed root: society's NPV falls by 1.2 (1 + the
// marginal cost of public funds) for each krone of IPS cost, the public
// budgets' by 1.
func TestSwitchingValueLinear(t *testing.T) {
	s := load(t, linear)
	for _, tc := range []struct {
		key   cba.OutputKey
		slope float64
	}{{society, -1.2}, {public, -1}} {
		m := model(t, s, tc.key)
		base, err := m.Base()
		if err != nil {
			t.Fatal(err)
		}
		sw, err := m.Switching("arms.ips.costs.specialist.amount", SwitchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := 30000 - base/tc.slope
		if !sw.Found || math.Abs(sw.Value-want) > 1e-9*want {
			t.Errorf("%s: switching value %+v, want %v", tc.key.Perspective, sw, want)
		}
		// The comparator's cost moves the NPV the other way.
		sw, err = m.Switching("arms.usual.costs.training.amount", SwitchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if want := 20000 + base/tc.slope; want < 0 {
			if sw.Found {
				t.Errorf("%s: comparator cost switches at %v; want none (the root %v is below 0)", tc.key.Perspective, sw.Value, want)
			}
			if !strings.Contains(sw.String(), "does not change sign within [0, 1e+12]") {
				t.Errorf("%s: %q", tc.key.Perspective, sw.String())
			}
		} else if !sw.Found || math.Abs(sw.Value-want) > 1e-9*want {
			t.Errorf("%s: comparator's switching value %+v, want %v", tc.key.Perspective, sw, want)
		}
	}
	// Within an interval that does not hold the root: none.
	m := model(t, s, society)
	sw, err := m.Switching("arms.ips.costs.specialist.amount", SwitchOptions{Within: []float64{0, 31000}})
	if err != nil {
		t.Fatal(err)
	}
	if sw.Found || sw.String() != "arms.ips.costs.specialist.amount: does not change sign within [0, 31000]" {
		t.Errorf("%+v: %s", sw, sw)
	}
	// Another target.
	target := 1000.0
	sw, err = m.Switching("arms.ips.costs.specialist.amount", SwitchOptions{Target: &target})
	if err != nil {
		t.Fatal(err)
	}
	if at, _ := m.With(&sw.Factor, sw.Value); math.Abs(at-target) > 1e-6 {
		t.Errorf("at the switching value for 1000: %v", at)
	}
	for _, bad := range []SwitchOptions{{Within: []float64{5, 1}}, {Within: []float64{1}}, {Within: []float64{0, math.Inf(1)}}} {
		if _, err := m.Switching("arms.ips.costs.specialist.amount", bad); err == nil {
			t.Errorf("%v: no error", bad.Within)
		}
	}
	for _, name := range []string{"no.such.factor", "horizon_months"} {
		if _, err := m.Switching(name, SwitchOptions{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestSwitchingValuesOfNorway: at every switching value found for the
// bundled Norwegian scenario, the NPV is zero to within 1e-6 of the
// programme cost.
func TestSwitchingValuesOfNorway(t *testing.T) {
	s := norway(t)
	ev := evaluator(t, s)
	cost := ev.Outputs()
	out := make([]float64, len(cost))
	if err := ev.EvaluateOutputs(nil, out); err != nil {
		t.Fatal(err)
	}
	var programme float64
	for i, k := range cost {
		if k.Measure == cba.IncrementalCost && k.Group == "population" {
			programme = math.Abs(out[i])
		}
	}
	found := 0
	for _, p := range []string{"society", "public", "state", "municipality"} {
		key := society
		key.Comparator, key.Perspective = "traditional", p
		m, err := NewModel(ev, key)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m.Factors() {
			if f.Index < 0 {
				continue
			}
			sw, err := m.Switching(f.Name, SwitchOptions{})
			if f.Unused != "" { // a number no result counts: refused
				if err == nil {
					t.Errorf("%s, unused, has a switching value", f.Name)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if !sw.Found {
				continue
			}
			found++
			at, err := m.With(&sw.Factor, sw.Value)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(at) > 1e-6*programme {
				t.Errorf("%s %s: NPV %v at the switching value %v", p, f.Name, at, sw.Value)
			}
		}
	}
	if found < 20 {
		t.Errorf("only %d switching values found", found)
	}
}

func TestTornado(t *testing.T) {
	m := model(t, load(t, linear), society)
	tor, err := m.Tornado(TornadoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tor.Bars) != 3 {
		t.Fatalf("%d bars, want the 3 uncertain factors", len(tor.Bars))
	}
	if !slices.IsSortedFunc(tor.Bars, func(a, b Bar) int { return cmp.Compare(b.Swing, a.Swing) }) {
		t.Error("bars not sorted by swing")
	}
	byName := map[string]Bar{}
	for _, b := range tor.Bars {
		byName[b.Factor.Name] = b
	}
	// An unused factor has no swing; a linear one swings by its slope
	// times its 95 % range (normal: 2 x 1.95996 sd).
	if b := byName["cohort.starts_per_year"]; b.Swing != 0 {
		t.Errorf("the cohort's intake swings society's NPV by %v", b.Swing)
	}
	ips := byName["arms.ips.costs.specialist.amount"]
	if want := 1.2 * 2 * 1.959963984540054 * 4000; math.Abs(ips.Swing-want) > 1e-6*want || ips.From != "percentiles" {
		t.Errorf("IPS cost: %+v, want a swing of %v", ips, want)
	}
	if ips.AtLow < ips.AtHigh {
		t.Error("a higher cost gives a higher NPV")
	}
	// Fixed factors at ±20 %, and given bounds.
	tor, err = m.Tornado(TornadoOptions{Fixed: 0.2, Bounds: map[string][2]float64{"arms.ips.costs.specialist.amount": {25000, 26000}}})
	if err != nil {
		t.Fatal(err)
	}
	byName = map[string]Bar{}
	for _, b := range tor.Bars {
		byName[b.Factor.Name] = b
	}
	if b := byName["arms.ips.costs.specialist.amount"]; b.Low != 25000 || b.High != 26000 || math.Abs(b.Swing-1200) > 1e-6 || b.From != "given" {
		t.Errorf("given bounds: %+v", b)
	}
	if b := byName["perspective.marginal_cost_of_public_funds"]; math.Abs(b.Low-0.16) > 1e-15 || math.Abs(b.High-0.24) > 1e-15 || b.Swing == 0 || b.From != "fixed ±20 %" {
		t.Errorf("a fixed factor: %+v", b)
	}
	if b, ok := byName["horizon_months"]; ok {
		t.Errorf("a whole number moved: %+v", b)
	}
	for _, bad := range []TornadoOptions{{Low: 0.5, High: 0.4}, {Fixed: -1}, {Factors: []string{"nope"}}, {Bounds: map[string][2]float64{"arms.ips.costs.specialist.amount": {2, 1}}}} {
		if _, err := m.Tornado(bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

// TestTornadoMovesSharesTogether: a share moves its set, which keeps its
// sum.
func TestTornadoMovesSharesTogether(t *testing.T) {
	m := model(t, load(t, linear), society)
	tor, err := m.Tornado(TornadoOptions{Fixed: 0.5, Factors: []string{"groups.young.share"}})
	if err != nil {
		t.Fatal(err)
	}
	b := tor.Bars[0]
	if math.Abs(b.Low-0.2) > 1e-15 || math.Abs(b.High-0.6) > 1e-15 {
		t.Errorf("share moved to %v, %v", b.Low, b.High)
	}
	ev := m.Evaluator()
	young, _ := ev.Index("groups.young.share")
	older, _ := ev.Index("groups.older.share")
	for _, v := range []float64{b.Low, b.High} {
		if _, err := m.With(&b.Factor, v); err != nil {
			t.Fatal(err)
		}
		if m.x[young] != v || math.Abs(m.x[young]+m.x[older]-1) > 1e-15 {
			t.Errorf("young %v, older %v", m.x[young], m.x[older])
		}
	}
}

func TestTwoWay(t *testing.T) {
	m := model(t, load(t, linear), society)
	g, err := m.TwoWay(Axis{"arms.ips.costs.specialist.amount", Steps(20000, 120000, 6)}, Axis{"arms.usual.costs.training.amount", Steps(0, 40000, 5)})
	if err != nil {
		t.Fatal(err)
	}
	ips, usual := &g.X, &g.Y
	for j, y := range g.YS {
		for i, x := range g.XS {
			copy(m.x, m.base)
			m.x[ips.Index], m.x[usual.Index] = x, y
			want, _ := m.At(m.x)
			if g.Z[j][i] != want {
				t.Errorf("(%v, %v): %v, want %v", x, y, g.Z[j][i], want)
			}
		}
	}
	if len(g.Boundary) == 0 {
		t.Fatal("no boundary")
	}
	base, _ := m.Base()
	gain := base + 1.2*(30000-20000) // society's NPV before costs
	for _, p := range g.Boundary {
		// On the boundary 1.2 (ips - usual) = gain.
		if math.Abs(1.2*(p.X-p.Y)-gain) > 1e-6*gain {
			t.Errorf("boundary point %+v: 1.2 (x - y) = %v, want %v", p, 1.2*(p.X-p.Y), gain)
		}
	}
	var buf bytes.Buffer
	if err := g.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 1+30+len(g.Boundary) || rows[0][1] != "arms.ips.costs.specialist.amount" {
		t.Errorf("CSV: %d rows, %v", len(rows), err)
	}
	js, err := json.Marshal(g)
	if err != nil || !strings.Contains(string(js), `"boundary":[{`) {
		t.Errorf("JSON: %s, %v", js, err)
	}
	if _, err := m.TwoWay(Axis{"arms.ips.costs.specialist.amount", []float64{1, 1}}, Axis{"arms.usual.costs.training.amount", []float64{0, 1}}); err == nil {
		t.Error("values not increasing: no error")
	}
	if _, err := m.TwoWay(Axis{"arms.ips.costs.specialist.amount", []float64{1, 2}}, Axis{"arms.ips.costs.specialist.amount", []float64{0, 1}}); err == nil {
		t.Error("one factor on both axes: no error")
	}
}

// TestWholeHorizonDurations: a duration left out (0 months) is the whole
// horizon: moved ±20 % it is 96 and 144 of the 120 months, not 0; and a
// range or grid may not reach 0, which would jump to the whole horizon.
func TestWholeHorizonDurations(t *testing.T) {
	m := model(t, norway(t), cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"})
	const name = "arms.traditional.costs.specialist_mental_health.months"
	f, err := m.Factor(name)
	if err != nil || f.Value != 120 || !f.WholeHorizon {
		t.Fatalf("%s: %v, value %v, whole horizon %v; want a duration left out, the horizon's 120 months", name, err, f.Value, f.WholeHorizon)
	}
	tor, err := m.Tornado(TornadoOptions{Fixed: 0.2, Factors: []string{name}})
	if err != nil {
		t.Fatal(err)
	}
	if len(tor.Bars) != 1 || tor.Bars[0].Low != 96 || tor.Bars[0].High != 144 || tor.Bars[0].Swing == 0 {
		t.Errorf("the whole horizon at ±20 %%: %+v, want 96 to 144 months", tor.Bars)
	}
	if _, err := m.Tornado(TornadoOptions{Factors: []string{name}, Bounds: map[string][2]float64{name: {0, 12}}}); err == nil || !strings.Contains(err.Error(), "whole horizon") {
		t.Errorf("a range from 0 months: %v", err)
	}
	const ips = "arms.ips.enrolment.months"
	if _, err := m.TwoWay(Axis{Factor: ips, Values: []float64{0, 12}}, Axis{Factor: "arms.ips.enrolment.dropout", Values: []float64{0, 0.1}}); err == nil || !strings.Contains(err.Error(), "whole horizon") {
		t.Errorf("a grid from 0 months: %v", err)
	}
}

func TestStepsOfFewValues(t *testing.T) {
	if s := Steps(0, 1, 1); len(s) != 1 || s[0] != 0 {
		t.Errorf("one step: %v", s)
	}
	if Steps(0, 1, 0) != nil || Steps(0, 1, -1) != nil {
		t.Error("no steps")
	}
	if s := Steps(2, 4, 3); len(s) != 3 || s[0] != 2 || s[1] != 3 || s[2] != 4 {
		t.Errorf("three steps: %v", s)
	}
}
