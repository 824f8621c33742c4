package report

import (
	"math"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// everyField is the scenario with every field.
func everyField(t *testing.T) *cba.Scenario {
	t.Helper()
	f, err := scenario.Load("../scenario/testdata/every-field.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return f.Scenario
}

// TestValuesInTheirUnits: shares, probabilities and rates are written in
// per cent, differences of shares in points (for charts: signed
// percentage points with one decimal), anything else with its digits
// grouped; and a top-level section by its label, or its name when it has
// none.
func TestValuesInTheirUnits(t *testing.T) {
	for _, tc := range []struct {
		lang Lang
		got  func(w *words) string
		want string
	}{
		{English, func(w *words) string { return w.Value(0.271, "share") }, "27.1 %"},
		{English, func(w *words) string { return w.Value(0.1, "share of earnings") }, "10 %"},
		{English, func(w *words) string { return w.Value(0.05, "probability a month") }, "5 %"},
		{English, func(w *words) string { return w.Value(0.04, "rate a year") }, "4 %"},
		{English, func(w *words) string { return w.Value(0.095, "difference of shares") }, "+9.5 points"},
		{English, func(w *words) string { return w.Value(1234567, "NOK") }, "1,234,567"},
		{Bokmal, func(w *words) string { return w.Value(0.271, "share") }, "27,1 %"},
		{Bokmal, func(w *words) string { return w.Value(0.095, "difference of shares") }, "+9,5 prosentpoeng"},
		{English, func(*words) string { return Values(English)(0.013, "difference of shares") }, "+1.3 pp"},
		{English, func(*words) string { return Values(English)(-0.013, "difference of shares") }, "-1.3 pp"},
		{English, func(*words) string { return Values(English)(0, "difference of shares") }, "0.0 pp"},
		{English, func(*words) string { return Values(English)(0.271, "share") }, "27.1 %"},
		{Bokmal, func(*words) string { return Values(Bokmal)(0.013, "difference of shares") }, "+1,3 pp"},
		{Bokmal, func(*words) string { return Values(Bokmal)(-0.013, "difference of shares") }, "−1,3 pp"},
		{English, func(w *words) string { return w.Section("discount") }, "discount rate"},
		{Bokmal, func(w *words) string { return w.Section("discount") }, "diskonteringsrente"},
		{English, func(w *words) string { return w.Section("no_such_section") }, "no such section"},
	} {
		if got := tc.got(newWords(tc.lang, nil)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
}

// TestLabelsOfParts: a chart's names are the scenario's parts by their
// labels or words: payers as perspectives, arms and groups by label, and a
// name that is none of them as it is.
func TestLabelsOfParts(t *testing.T) {
	s := everyField(t)
	for _, tc := range []struct {
		lang       Lang
		name, want string
	}{
		{English, "state", "state"},
		{Bokmal, "state", "staten"},
		{Bokmal, "municipality", "kommunen"},
		{English, "ips", "IPS"},
		{English, "young", "Young"},
		{Bokmal, "society", "samfunnet"},
		{English, "nobody", "nobody"},
	} {
		if got := Label(tc.lang, s)(tc.name); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.lang, tc.name, got, tc.want)
		}
	}
	if got := Label(English, nil)("ips"); got != "ips" {
		t.Errorf("without a scenario: %q", got)
	}
}

// TestOutputWords: an output is named by its measure, the increment (or
// the arm alone) and the group; its value in the measure's form, +Inf in
// the measure's words; its unit with the scenario's currency and prices
// when there is a scenario.
func TestOutputWords(t *testing.T) {
	s := everyField(t)
	inc := cba.OutputKey{Arm: "ips", Comparator: "usual", Group: cba.Population}
	with := func(m cba.Measure, persp string) cba.OutputKey {
		k := inc
		k.Measure, k.Perspective = m, persp
		return k
	}
	for _, tc := range []struct {
		lang                      Lang
		k                         cba.OutputKey
		name, value, inf, unit, u string
	}{
		{English, with(cba.NPV, "society"), "NPV per participant of society, ips minus usual, whole population", "1,235", "n/a",
			"NOK at 2025 prices, per participant", ""},
		{English, cba.OutputKey{Arm: "ips", Group: "young", Measure: cba.EmployedMonths}, "months in work per participant, IPS, Young", "1,234.6", "n/a",
			"months in work, per participant", "months in work, per participant"},
		{English, with(cba.CostPerMonthInWork, ""), "programme cost per extra month in work, ips minus usual, whole population", "1,235", "none gained",
			"NOK at 2025 prices, discounted; none gained when the programme gains no work", "discounted; none gained when the programme gains no work"},
		{English, with(cba.BenefitCostRatio, ""), "benefit-cost ratio, ips minus usual, whole population", "1,234.56", "cost-saving",
			"a ratio; cost-saving when the programme costs less", "a ratio; cost-saving when the programme costs less"},
		{English, with(cba.BreakEvenMonth, "public"), "break-even month of public budgets, ips minus usual, whole population", "1,235", "not within the horizon",
			"a month; not within the horizon when the money does not come back", "a month; not within the horizon when the money does not come back"},
		{English, with(cba.Measure(99), ""), "Measure(99), ips minus usual, whole population", "1,234.6", "n/a", "NOK at 2025 prices, per participant", ""},
		{Bokmal, with(cba.NPV, "society"), "NNV per deltaker for samfunnet, IPS minus Usual, hele gruppen", "1\u00a0235", "i.t.", "NOK i 2025-priser, per deltaker", ""},
		{Bokmal, cba.OutputKey{Arm: "ips", Group: "young", Measure: cba.EmployedMonths}, "måneder i arbeid per deltaker, IPS, Young", "1\u00a0234,6", "i.t.",
			"måneder i arbeid, per deltaker", "måneder i arbeid, per deltaker"},
	} {
		w := newWords(tc.lang, s)
		got := [5]string{w.Output(tc.k), w.OutputValue(tc.k, 1234.56), w.OutputValue(tc.k, math.Inf(1)), w.OutputUnit(tc.k, s), w.OutputUnit(tc.k, nil)}
		if want := [5]string{tc.name, tc.value, tc.inf, tc.unit, tc.u}; got != want {
			t.Errorf("%s %+v:\n got %q\nwant %q", tc.lang, tc.k, got, want)
		}
	}
}
