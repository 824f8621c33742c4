package plot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/plot"
	"ipscba/cba/scenario"
	"ipscba/cba/sensitivity"
)

// drawn returns the text of a chart's SVG, its pieces joined by spaces.
func drawn(t *testing.T, draw func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := draw(&b); err != nil {
		t.Fatal(err)
	}
	words, _ := texts(t, b.Bytes())
	return strings.Join(words, " ")
}

// TestEveryMeasureHasItsAxisTitle: the distribution of each kind of output
// is titled with what it measures, for whom, and its unit.
func TestEveryMeasureHasItsAxisTitle(t *testing.T) {
	fx := load(t)
	key := func(m cba.Measure, persp string, year int) cba.OutputKey {
		return cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: m, Perspective: persp, Year: year}
	}
	for _, tc := range []struct {
		key  cba.OutputKey
		want string
	}{
		{key(cba.NPV, "society", 0), "NPV per participant, society (NOK, 2025 prices)"},
		{key(cba.NPVObserved, "public", 0), "NPV over the observed window per participant, public (NOK, 2025 prices)"},
		{key(cba.BenefitCostRatio, "", 0), "benefit-cost ratio (society's gain per unit of programme cost)"},
		{key(cba.PublicReturn, "", 0), "public return (public budgets' gain per unit of programme cost)"},
		{key(cba.EmployedMonths, "", 0), "time in work per participant (months)"},
		{key(cba.DiscountedEmployedMonths, "", 0), "discounted time in work per participant (months)"},
		{key(cba.IncrementalCost, "", 0), "incremental programme cost per participant (NOK, 2025 prices)"},
		{key(cba.BreakEvenMonth, "society", 0), "break-even, society (months since start)"},
		{key(cba.Cumulative, "state", 2), "cumulative net flow per participant, state, year 2 (NOK, 2025 prices)"},
		{key(cba.ProgrammeCostBorne, "society", 0), "programme cost borne per participant, society (NOK, 2025 prices)"},
	} {
		text := drawn(t, func(b *bytes.Buffer) error { return plot.Distribution(b, fx.mc, []cba.OutputKey{tc.key}, nok) })
		if !strings.Contains(text, tc.want) {
			t.Errorf("%s: no axis title %q in %q", tc.key, tc.want, text)
		}
	}
	// Two cumulative outputs of different years are told apart by year.
	text := drawn(t, func(b *bytes.Buffer) error {
		return plot.Distribution(b, fx.mc, []cba.OutputKey{key(cba.Cumulative, "state", 2), key(cba.Cumulative, "state", 5)}, nok)
	})
	if !strings.Contains(text, "year 2") || !strings.Contains(text, "year 5") {
		t.Errorf("two years' distributions: %q", text)
	}
}

// TestMoneyAxisSaysWhatMoney: a money axis names the currency and the price
// year it is given, either alone, or only "money".
func TestMoneyAxisSaysWhatMoney(t *testing.T) {
	fx := load(t)
	k := []cba.OutputKey{society}
	for _, tc := range []struct {
		opt  plot.Options
		want string
	}{
		{plot.Options{Currency: "EUR", PriceYear: 2020}, "NPV per participant, society (EUR, 2020 prices)"},
		{plot.Options{Currency: "EUR"}, "NPV per participant, society (EUR)"},
		{plot.Options{PriceYear: 2020}, "NPV per participant, society (money, 2020 prices)"},
		{plot.Options{}, "NPV per participant, society (money)"},
	} {
		if text := drawn(t, func(b *bytes.Buffer) error { return plot.Distribution(b, fx.mc, k, tc.opt) }); !strings.Contains(text, tc.want) {
			t.Errorf("%+v: no %q in %q", tc.opt, tc.want, text)
		}
	}
	// A chart of a result takes the result's money when none is given.
	if text := drawn(t, func(b *bytes.Buffer) error {
		return plot.Cumulative(b, fx.res, nil, []string{"society"}, plot.Options{})
	}); !strings.Contains(text, "(NOK, 2025 prices)") {
		t.Errorf("the result's money: %q", text)
	}
}

// TestDistributionOfARunWithoutStatistics: an output with no iterations
// counted is noted, not drawn; with none to draw the chart is an error.
func TestDistributionOfARunWithoutStatistics(t *testing.T) {
	f := fixtureScenario(t)
	mc, err := cba.Run(context.Background(), f, cba.Options{Iterations: 20, Seed: 1, SkipStatistics: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := plot.Distribution(&b, mc, []cba.OutputKey{society}, nok); err == nil || !strings.Contains(err.Error(), "no finite values to draw") {
		t.Errorf("a run without statistics: %v", err)
	}
	both := []cba.OutputKey{society, public}
	full, err := cba.Run(context.Background(), f, cba.Options{Iterations: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := plot.Distribution(&b, full, both, nok); err != nil {
		t.Fatal(err)
	}
}

// TestAcceptabilityOfEachQuantity: the acceptability curve's axis names
// the quantity varied: programme costs as a multiple, the non-market value
// of a month in work in money, the marginal cost of public funds.
func TestAcceptabilityOfEachQuantity(t *testing.T) {
	f := fixtureScenario(t)
	f.Perspective.NonMarket.Include = true
	ev, err := cba.NewEvaluator(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q      sensitivity.Quantity
		values []float64
		want   string
	}{
		{sensitivity.NonMarketValue, []float64{0, 1000, 2000}, "value of a month in work beyond its pay (NOK, 2025 prices)"},
		{sensitivity.FinancingCost, []float64{0, 0.2, 0.5}, "marginal cost of public funds (extra cost per unit of public money)"},
	} {
		c, err := sensitivity.Acceptability(context.Background(), ev, tc.q, tc.values, sensitivity.AcceptOptions{Iterations: 40, Seed: 1})
		if err != nil {
			t.Fatalf("%v: %v", tc.q, err)
		}
		text := drawn(t, func(b *bytes.Buffer) error { return plot.Acceptability(b, c, []string{"society", "public"}, nok) })
		if !strings.Contains(text, tc.want) {
			t.Errorf("%v: no %q in %q", tc.q, tc.want, text)
		}
	}
}

// fixtureScenario is the bundled scenario the fixture is drawn from.
func fixtureScenario(t *testing.T) *cba.Scenario {
	t.Helper()
	f, err := scenario.Load(bundled)
	if err != nil {
		t.Fatal(err)
	}
	return f.Scenario
}

// TestFormatNamesAndMalformedBudgets: a format's name; a budget whose
// years do not have a value for each perspective is an error naming the
// year.
func TestFormatNamesAndMalformedBudgets(t *testing.T) {
	for f, want := range map[plot.Format]string{plot.SVG: "svg", plot.PNG: "png", plot.Format(7): "Format(7)"} {
		if got := f.String(); got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
	b := &cba.Budget{Arm: "ips", Comparator: "usual", Perspectives: []string{"participant", "state", "public", "society"},
		Discounted: [][]float64{{1, 2, 3, 4}, {1, 2, 3}}}
	var w bytes.Buffer
	if err := plot.Budget(&w, b, nok); err == nil || err.Error() != "plot: budget: year 2 has 3 values for 4 perspectives" {
		t.Errorf("got %v", err)
	}
}
