package cba

import (
	"math"
	"testing"
)

// Hand-computed cases for the model's features beyond the core: taxes
// split between budgets, receipt shares that change over time, allowances
// an arm pays, effects with group multipliers, indexation, leisure and the
// observed window.

// always returns a chain that is in work from the start and stays (e = 1),
// or never is (e = 0).
func always(in bool) Employment {
	e := Employment{Model: Markov, Periods: []MarkovPeriod{{FromMonth: 1}}}
	if in {
		e.Initial = 1
	}
	return e
}

func TestTaxSplitBetweenBudgets(t *testing.T) {
	s := simpleScenario()
	s.Taxes[0].Receivers = Split{{Payer: "municipality", Share: 0.58}, {Payer: "state", Share: 0.42}}
	whole := simpleScenario()
	r, w := mustEvaluate(t, s), mustEvaluate(t, whole)
	inc, winc := &r.Increments[0].Population, &w.Increments[0].Population
	tax := winc.PV[comp(t, w, "tax:income")]
	mun, state := persp(t, r, "municipality"), persp(t, r, "state")
	if got, want := inc.NPV[mun], winc.NPV[mun]+0.58*tax; math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("municipality %v, want %v (its 58 %% of the tax %v added)", got, want, tax)
	}
	if got, want := inc.NPV[state], winc.NPV[state]-0.58*tax; math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("state %v, want %v", got, want)
	}
	pub := persp(t, r, "public")
	if inc.NPV[pub] != winc.NPV[pub] && math.Abs(inc.NPV[pub]-winc.NPV[pub]) > 1e-9*math.Abs(winc.NPV[pub]) {
		t.Errorf("the split changed the public total: %v, %v", inc.NPV[pub], winc.NPV[pub])
	}
}

func TestReceiptShareChangesAtItsMonth(t *testing.T) {
	// Out of work throughout: the benefit is paid in full for months 1..12,
	// then to nobody.
	s := simpleScenario()
	s.Groups[0].Receipts[0].Later = []ShareStep{{FromMonth: 13, Share: 0}}
	s.Arms[0].Groups[0].Employment = always(false)
	r := mustEvaluate(t, s)
	arm := &r.Arms[0].Population
	got := arm.PV[comp(t, r, "benefit:assistance")]
	if want := 8000 * annuity(0.04, 12); math.Abs(got-want) > 1e-9*want {
		t.Errorf("benefit PV %v, want 12 months' annuity %v", got, want)
	}
	if f := arm.Flows[comp(t, r, "benefit:assistance")]; f[12] != 8000 || f[13] != 0 {
		t.Errorf("benefit in month 12 %v, month 13 %v; want 8000 and 0", f[12], f[13])
	}
}

func TestAllowanceIsATransfer(t *testing.T) {
	// An allowance of 3,000 per enrolled month in the comparator (6 months):
	// the participant gains it, the state pays it, society only bears its
	// financing cost.
	s := simpleScenario()
	base := mustEvaluate(t, s)
	s.Arms[0].Allowances = []Allowance{{Name: "course", Payers: Pay("state"), Timing: PerEnrolledMonth, Amount: 3000}}
	r := mustEvaluate(t, s)
	pv := 3000 * annuity(0.04, 6)
	arm, barm := &r.Arms[0].Population, &base.Arms[0].Population
	for _, tc := range []struct {
		name  string
		delta float64
	}{{"participant", pv}, {"state", -pv}, {"public", -pv}, {"society", -0.2 * pv}} {
		p := persp(t, r, tc.name)
		if got := arm.NPV[p] - barm.NPV[p]; math.Abs(got-tc.delta) > 1e-9*pv {
			t.Errorf("%s: the allowance changes the NPV by %v, want %v", tc.name, got, tc.delta)
		}
	}
	if arm.ProgrammeCost != barm.ProgrammeCost {
		t.Errorf("an allowance counted as a programme cost")
	}
}

func TestEffectMultipliersKeepTheAverageEffect(t *testing.T) {
	// Two groups, 25 % and 75 %, multipliers 2 and 0.5: normalised 2/0.875
	// and 0.5/0.875, so the share-weighted effect is the arm's effect.
	s := simpleScenario()
	g := s.Groups[0]
	g.Name, g.Share = "young", 0.25
	s.Groups[0].Share = 0.75
	s.Groups = append(s.Groups, g)
	s.Arms[0].Groups = append(s.Arms[0].Groups, s.Arms[0].Groups[0])
	s.Arms[1].Groups = []ArmGroup{{EffectMultiplier: 0.5}, {EffectMultiplier: 2}}
	s.Arms[1].Effect = &Effect{Points: []EffectPoint{{Month: 12, Difference: 0.1}}, After: DecayToComparator, HalfLifeMonths: 6}
	r := mustEvaluate(t, s)
	inc := &r.Increments[0]
	for m, diff := range inc.Population.Employment {
		want := 0.1 * float64(min(m, 12)) / 12
		if m > 12 {
			want = 0.1 * math.Pow(0.5, float64(m-12)/6)
		}
		if math.Abs(diff-want) > 1e-15 {
			t.Fatalf("month %d: population effect %v, want %v", m, diff, want)
		}
		if k := inc.Groups[1].Employment[m]; math.Abs(k-want*2/0.875) > 1e-15 {
			t.Fatalf("month %d: the young's effect %v, want %v", m, k, want*2/0.875)
		}
	}
}

func TestIndexedFlowsGrowWithWages(t *testing.T) {
	// In work throughout, a tax with a personal allowance: indexed, the net
	// earnings grow with wages, (E - T(12E)/12) (1+g)^((m-1)/12); not
	// indexed, the allowance stays and the tax takes more of each raise.
	const g, earn = 0.02, 20000.0
	tax := TaxComponent{Name: "income", Receivers: Pay("state"), Rate: 0.3, PersonalAllowance: 100000}
	net := earn - tax.Tax(12*earn, 0)/12
	want := 0.0
	d := make([]float64, 61)
	DiscountFactors(d, []RateStep{{FromYear: 1, Rate: 0.04}})
	for m := 1; m <= 60; m++ {
		want += d[m] * net * math.Pow(1+g, float64(m-1)/12)
	}
	for _, indexed := range []bool{true, false} {
		s := simpleScenario()
		s.HorizonMonths, s.WageGrowth, s.Indexed = 60, g, indexed
		s.Taxes = []TaxComponent{tax}
		s.Groups[0].Receipts[0].Share = 0
		s.Arms[1].Groups[0].Employment = always(true)
		r := mustEvaluate(t, s)
		got := r.Arms[1].Population.NPV[persp(t, r, "participant")]
		switch {
		case indexed && math.Abs(got-want) > 1e-9*want:
			t.Errorf("indexed: participant NPV %v, want %v", got, want)
		case !indexed && got >= want-1:
			t.Errorf("not indexed: participant NPV %v, want less than the indexed %v", got, want)
		}
	}
}

func TestLeisureIsSocietysLoss(t *testing.T) {
	s := simpleScenario()
	base := mustEvaluate(t, s)
	s.Perspective.Leisure = Leisure{Include: true, Share: 0.25}
	r := mustEvaluate(t, s)
	inc, binc := &r.Increments[0].Population, &base.Increments[0].Population
	soc := persp(t, r, "society")
	gain := binc.PV[comp(t, base, "earnings")]
	if got, want := inc.NPV[soc], binc.NPV[soc]-0.25*gain; math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("society with leisure %v, want %v", got, want)
	}
	if got := inc.PV[comp(t, r, "leisure")]; math.Abs(got-0.25*gain) > 1e-9*gain {
		t.Errorf("leisure component %v, want %v", got, 0.25*gain)
	}
	part := persp(t, r, "participant")
	if inc.NPV[part] != binc.NPV[part] {
		t.Errorf("leisure changed the participant's NPV")
	}
}

func TestObservedWindowIsTheCumulativeValue(t *testing.T) {
	s := simpleScenario()
	s.ObservedMonths = 10
	r := mustEvaluate(t, s)
	inc := &r.Increments[0].Population
	for p := range r.Perspectives {
		if got, want := inc.NPVObserved[p], r.Cumulative(inc, p, 10); got != want && math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("%s: NPV over 10 months %v, cumulative %v", r.Perspectives[p], got, want)
		}
	}
	if mustEvaluate(t, simpleScenario()).Increments[0].Population.NPVObserved != nil {
		t.Error("a scenario without an observed window reports one")
	}
}
