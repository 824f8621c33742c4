package cba

import (
	"math"
	"testing"
)

// norway2025 is Norway's income tax for 2025 as three components (scenarios/SOURCES.md:
// Skatteetaten's withholding constants).
func norway2025() []TaxComponent {
	return []TaxComponent{
		{Name: "ordinary_income", Receivers: Pay("state"), Rate: 0.22, DeductionShare: 0.46, DeductionCap: 92000, PersonalAllowance: 108550},
		{Name: "bracket_tax", Receivers: Pay("state"), Brackets: []Bracket{
			{217400, 0.017}, {306050, 0.04}, {697150, 0.137}, {942400, 0.167}, {1410750, 0.177}}},
		{Name: "national_insurance", Receivers: Pay("state"), Rate: 0.077, PensionRate: 0.051, PensionRateGiven: true, Floor: 99650, PhaseIn: 0.25},
	}
}

func TestNorwegianTaxComponents(t *testing.T) {
	taxes := norway2025()
	cases := []struct {
		name          string
		component     int
		wage, pension float64
		want          float64
	}{
		// Ordinary income: 22 % of (income - min(46 %, 92,000) - 108,550).
		{"ordinary below allowance", 0, 100000, 0, 0},
		{"ordinary deduction reaches its cap at 200,000", 0, 200000, 0, 0},
		{"ordinary just above", 0, 250000, 0, 0.22 * (250000 - 92000 - 108550)},
		{"ordinary 300,000", 0, 300000, 0, 21879},
		{"ordinary on pension too", 0, 0, 300000, 21879},
		{"ordinary below the cap", 0, 190000, 0, 0},
		// Bracket tax on gross income.
		{"bracket at step 1", 1, 217400, 0, 0},
		{"bracket at step 2", 1, 306050, 0, 0.017 * 88650},
		{"bracket in step 3", 1, 700000, 0, 0.017*88650 + 0.04*391100 + 0.137*2850},
		{"bracket in step 5", 1, 1500000, 0, 0.017*88650 + 0.04*391100 + 0.137*245250 + 0.167*468350 + 0.177*89250},
		// National insurance: 7.7 % on wages, 5.1 % on pensions, none at or
		// below 99,650, at most 25 % of income above it.
		{"insurance at the floor", 2, 99650, 0, 0},
		{"insurance in the phase-in", 2, 100000, 0, 87.5},
		{"insurance still phased in", 2, 130000, 0, 7587.5},
		{"insurance full rate", 2, 150000, 0, 11550},
		{"insurance on pension", 2, 0, 150000, 7650},
		{"insurance on both", 2, 50000, 100000, 3850 + 5100},
	}
	for _, tc := range cases {
		got := taxes[tc.component].Tax(tc.wage, tc.pension)
		if math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: tax %.6f, want %.6f", tc.name, got, tc.want)
		}
	}
}

func TestNorwegianTaxTotal(t *testing.T) {
	// Wage 300,000 in 2025: 21,879 + 1.7 % of 82,600 + 7.7 % of 300,000.
	total := 0.0
	for _, c := range norway2025() {
		total += c.Tax(300000, 0)
	}
	if want := 21879 + 1404.2 + 23100.0; math.Abs(total-want) > 1e-9 {
		t.Errorf("total tax on 300,000: %.4f, want %.4f", total, want)
	}
}

func TestFlatRateIsOneLine(t *testing.T) {
	flat := TaxComponent{Rate: 0.3}
	if got := flat.Tax(100000, 50000); math.Abs(got-45000) > 1e-9 {
		t.Errorf("flat 30 %% of 150,000 = %v", got)
	}
}

func TestInWorkRules(t *testing.T) {
	disability := InWorkRule{Kind: OnEarnings, Disregard: 4338.67, Taper: 0.66, Cutoff: 30000}
	noCutoff := InWorkRule{Kind: OnEarnings, Disregard: 4338.67, Taper: 0.66}
	aap := InWorkRule{Kind: OnHours, NormalHours: 37.5, StopShare: 0.6}
	const amount = 27431.22
	cases := []struct {
		name            string
		rule            InWorkRule
		earnings, hours float64
		want            float64
	}{
		{"earnings none", disability, 0, 0, amount},
		{"earnings at the disregard", disability, 4338.67, 0, amount},
		{"earnings above the disregard", disability, 10000, 0, amount - 0.66*(10000-4338.67)},
		{"earnings at the cut-off", disability, 30000, 0, amount - 0.66*(30000-4338.67)},
		{"earnings above the cut-off", disability, 30000.01, 0, 0},
		{"earnings taper to zero, never below", noCutoff, 100000, 0, 0},
		{"hours none", aap, 0, 0, amount},
		{"hours 40 %", aap, 0, 15, amount * 0.6},
		{"hours at the stop share", aap, 0, 22.5, amount * 0.4},
		{"hours above the stop share", aap, 0, 22.6, 0},
	}
	for _, tc := range cases {
		if got := tc.rule.InWorkAmount(amount, tc.earnings, tc.hours); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: %.6f, want %.6f", tc.name, got, tc.want)
		}
	}
}

// TestTaxIsTheMixtureOfTwoStates fails if tax were computed on expected
// income: half employed at 10,000 a month is not everyone at 5,000.
func TestTaxIsTheMixtureOfTwoStates(t *testing.T) {
	s := simpleScenario()
	s.Benefits = nil
	s.Groups[0].Receipts = nil
	s.Groups[0].Job = Job{WeeklyHours: 20, MonthlyEarnings: 10000, EarningsGiven: true}
	s.Taxes = []TaxComponent{norway2025()[2]}
	r := mustEvaluate(t, s)
	arm := &r.Arms[1].Population
	tax := comp(t, r, "tax:national_insurance")
	inWork := s.Taxes[0].Tax(120000, 0) / 12 // 5,087.5 a year
	for m := 1; m <= s.HorizonMonths; m++ {
		e := arm.Employment[m]
		want := e * inWork
		if math.Abs(arm.Flows[tax][m]-want) > 1e-12 {
			t.Fatalf("month %d: tax %v, mixture %v", m, arm.Flows[tax][m], want)
		}
		onExpected := s.Taxes[0].Tax(12*e*10000, 0) / 12
		if math.Abs(arm.Flows[tax][m]-onExpected) < 1 {
			t.Fatalf("month %d: tax %v equals tax on expected income %v", m, arm.Flows[tax][m], onExpected)
		}
	}
}
