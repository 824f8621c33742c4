package cba

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestVectorEqualsApply changes each factor in turn through the vector and
// through Scenario.Apply, and asks for identical results.
func TestVectorEqualsApply(t *testing.T) {
	for k := range 10 {
		t.Run(strconv.Itoa(k), func(t *testing.T) { t.Parallel(); vectorEqualsApply(t, uint64(k)) })
	}
}

// vectorEqualsApply is TestVectorEqualsApply for random scenario k.
func vectorEqualsApply(t *testing.T, k uint64) {
	rng := rand.New(rand.NewPCG(11, 12+k))
	s := randomScenario(rng)
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	for _, f := range ev.Factors() {
		if f.Index < 0 || f.ShareSet >= 0 || s.switchedOff(f.Paths) != "" {
			continue // whole numbers; shares move their set (TestSetShareRescales); switched off (TestSwitchedOffNumbersAreNotSet)
		}
		v := f.Value * (1 - 0.1*rng.Float64())
		if !f.Bound.Contains(v) {
			continue
		}
		x := ev.Base()
		x[f.Index] = v
		vecErr := ev.Evaluate(x, r)
		edited := s.Clone()
		_, setErr := edited.Apply(Override{Path: f.Paths[len(f.Paths)-1], Value: v})
		var want *Result
		if setErr == nil {
			want, setErr = Evaluate(edited)
		}
		if (vecErr == nil) != (setErr == nil) {
			t.Fatalf("%s: vector error %v, Apply error %v", f.Name, vecErr, setErr)
		}
		if setErr != nil {
			continue
		}
		for k := range want.Increments {
			if !reflect.DeepEqual(r.Increments[k].Population.NPV, want.Increments[k].Population.NPV) {
				t.Fatalf("%s: NPVs through the vector %v, through Apply %v", f.Name, r.Increments[k].Population.NPV, want.Increments[k].Population.NPV)
			}
		}
	}
}

// TestSwitchedOffNumbersAreNotSet: a what-if of a number that counts in no
// result (the non-market value or the leisure share while society leaves
// it out) is refused with the switch to turn, and accepted once it is on.
func TestSwitchedOffNumbersAreNotSet(t *testing.T) {
	for _, tc := range []struct {
		path string
		on   func(*Scenario)
	}{
		{"perspective.non_market.per_employed_month", func(s *Scenario) { s.Perspective.NonMarket.Include = true }},
		{"perspective.leisure.share", func(s *Scenario) { s.Perspective.Leisure.Include = true }},
	} {
		s := simpleScenario()
		s.Perspective.NonMarket, s.Perspective.Leisure = NonMarket{PerEmployedMonth: 500}, Leisure{Share: 0.1}
		_, err := s.Clone().Apply(Override{Path: tc.path, Value: 0.2})
		if err == nil || !strings.Contains(err.Error(), "include is false") {
			t.Errorf("%s while off: %v, want it refused", tc.path, err)
		}
		if _, err := s.Clone().Apply(Override{Path: tc.path, Value: 0.2, InFile: true}); err != nil {
			t.Errorf("%s while off, from a file's set: list: %v", tc.path, err)
		}
		tc.on(s)
		if _, err := s.Apply(Override{Path: tc.path, Value: 0.2}); err != nil {
			t.Errorf("%s while on: %v", tc.path, err)
		}
	}
	// A pattern sets the numbers that count, and is refused when it names
	// none.
	s := simpleScenario()
	changes, err := s.Apply(Override{Path: "perspective.*", Value: 0.1})
	if err != nil || slices.Contains(changes[0].Factors, "perspective.leisure.share") || !slices.Contains(changes[0].Factors, "perspective.displacement") {
		t.Errorf("perspective.*: %v, %+v", err, changes)
	}
	if _, err := simpleScenario().Apply(Override{Path: "perspective.non_*", Value: 1}); err == nil || !strings.Contains(err.Error(), "include is false") {
		t.Errorf("a pattern of switched-off numbers only: %v", err)
	}
	// Through a parameter vector too.
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	x := ev.Base()
	x[index(t, ev, "perspective.non_market.per_employed_month")] = 500
	if err := ev.Evaluate(x, ev.NewResult()); err == nil || !strings.Contains(err.Error(), "include is false") {
		t.Errorf("a vector changing a switched-off number: %v", err)
	}
}

// TestZeroMonthsIsNotAWhatIf: a duration is a positive number of months
// (0 in a file is a duration left out, the whole horizon), so a what-if
// may not give it 0 (from 6 months it would jump to all 24), whether as a
// value or as a distribution that reaches it; a positive number of months
// is taken, and a duration left out stays the whole horizon.
func TestZeroMonthsIsNotAWhatIf(t *testing.T) {
	for _, o := range []Override{
		{Path: "arms.usual.enrolment.months", Value: 0},
		{Path: "arms.ips.enrolment.months", Value: 0}, // already the whole horizon
		{Path: "arms.usual.enrolment.months", Dist: &Distribution{Kind: Discrete, Values: []float64{0, 12}}},
		{Path: "arms.usual.enrolment.months", Dist: &Distribution{Kind: Uniform, Min: 0, Max: 12}},
	} {
		_, err := simpleScenario().Apply(o)
		if err == nil || !strings.Contains(err.Error(), "(0, 1200]") {
			t.Errorf("%s: %v, want 0 refused", o, err)
		}
	}
	s := simpleScenario()
	if _, err := s.Apply(Override{Path: "arms.ips.enrolment.months", Value: 24}); err != nil {
		t.Fatal(err)
	}
	whole, err := Evaluate(simpleScenario()) // ips enrolled over the whole horizon (0)
	if err != nil {
		t.Fatal(err)
	}
	given, err := Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	if w, g := whole.Increments[0].Population.ProgrammeCost, given.Increments[0].Population.ProgrammeCost; w != g {
		t.Errorf("the horizon's 24 months cost %v, the whole horizon %v", g, w)
	}
}

// TestZeroMonthsInAVector: through a parameter vector too, 0 months is
// refused for every duration; one left out is the whole horizon, and its
// base value is the horizon's months.
func TestZeroMonthsInAVector(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	for _, path := range []string{"arms.usual.enrolment.months", "arms.ips.enrolment.months"} {
		i := index(t, ev, path)
		x := ev.Base()
		x[i] = 0
		if err := ev.Evaluate(x, r); err == nil || !strings.Contains(err.Error(), "(0, 1200]") {
			t.Errorf("%s = 0: %v, want it refused", path, err)
		}
	}
	if f, ok := ev.Factor("arms.ips.enrolment.months"); !ok || !f.WholeHorizon || f.Value != 24 {
		t.Errorf("a duration left out: %+v, want the whole horizon, 24 months", f)
	}
	if err := ev.Evaluate(nil, r); err != nil {
		t.Errorf("the base values after a refused vector: %v", err)
	}
}

// TestScenariosBuiltInGoAreChecked: what a scenario built in Go may get
// wrong that a file cannot is refused, never evaluated as something else:
// a one-payer split of less than the whole, an unknown kind or category,
// a drawn number written over.
func TestScenariosBuiltInGoAreChecked(t *testing.T) {
	for _, tc := range []struct {
		edit func(s *Scenario)
		want string
	}{
		{func(s *Scenario) { s.Benefits[0].Payers = Split{{Payer: "state", Share: 0.5}} }, "benefits.assistance.payers: shares must sum to 1, got 0.5"},
		{func(s *Scenario) { s.Arms[0].Costs[0].Payers[0].Share = math.NaN() }, "arms.usual.costs.training.payers: shares must sum to 1, got NaN"},
		{func(s *Scenario) { s.Benefits[0].Taxable = 9 }, "benefits.assistance.taxable: unknown kind of income"},
		{func(s *Scenario) { s.Arms[1].Costs[0].Category = -1 }, "arms.ips.costs.specialist.category: unknown category"},
		{func(s *Scenario) {
			s.Uncertainty.Parameters = []Uncertain{{Paths: []string{"arms.ips.enrolment.dropout"}, Dist: Distribution{Kind: Uniform, Min: 0, Max: 0.1}}}
			s.UseMeans()
			s.Arms[1].Enrolment.Dropout = 0.5 // written over the mean
		}, "arms.ips.enrolment.dropout: holds 0.5, but it is drawn from"},
	} {
		s := simpleScenario()
		tc.edit(s)
		if _, err := Evaluate(s); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	s := simpleScenario()
	s.Uncertainty.Parameters = []Uncertain{{Paths: []string{"arms.ips.enrolment.dropout"}, Dist: Distribution{Kind: Uniform, Min: 0, Max: 0.1}}}
	s.UseMeans()
	if err := s.Set("arms.ips.enrolment.dropout", 0.5); err != nil || s.Arms[1].Enrolment.Dropout != 0.5 {
		t.Fatalf("Set of a drawn number: %v, %v", err, s.Arms[1].Enrolment.Dropout)
	}
	if _, err := Evaluate(s); err != nil {
		t.Errorf("a drawn number set (and so fixed): %v", err)
	}
}

func TestParametersHaveUniquePaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 20 {
		seen := map[string]bool{}
		for _, p := range randomScenario(rng).Parameters() {
			if seen[p.Path] {
				t.Fatalf("path %s appears twice", p.Path)
			}
			seen[p.Path] = true
		}
	}
}

// aliased is simpleScenario with two groups whose job and receipt are one
// number each (written once, as a YAML anchor would), and a half-life
// written once for both groups.
func aliased() *Scenario {
	s := simpleScenario()
	g := s.Groups[0]
	g.Name, g.Share = "young", 0.4
	g.Receipts = slices.Clone(g.Receipts)
	s.Groups[0].Share = 0.6
	s.Groups = append(s.Groups, g)
	s.Arms[0].Groups = append(s.Arms[0].Groups, s.Arms[0].Groups[0])
	obs := Employment{Model: Observed, Points: []CurvePoint{{Month: 12, Share: 0.4}}, After: DecayToComparator, HalfLifeMonths: 12}
	s.Arms[1].Groups = []ArmGroup{{Employment: obs}, {Employment: obs}}
	s.Arms[1].Groups[1].Employment.Points = []CurvePoint{{Month: 12, Share: 0.5}}
	s.Aliases = [][]string{
		{"groups.all.job.monthly_earnings", "groups.young.job.monthly_earnings"},
		{"arms.ips.groups.all.employment.half_life_months", "arms.ips.groups.young.employment.half_life_months"},
	}
	return s
}

func TestAFactorIsEveryPlaceItIsWritten(t *testing.T) {
	s := aliased()
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := ev.Factor("arms.ips.groups.young.employment.half_life_months")
	if !ok || len(f.Paths) != 2 || f.Name != "arms.ips.groups.all.employment.half_life_months" {
		t.Fatalf("the half-life factor: %+v", f)
	}
	i, _ := ev.Index("arms.ips.groups.all.employment.half_life_months")
	j, _ := ev.Index("arms.ips.groups.young.employment.half_life_months")
	if i != j {
		t.Errorf("one number has two vector entries, %d and %d", i, j)
	}
	// Setting one path sets every place: the same as writing both.
	one := aliased()
	changes, err := one.Apply(Override{Path: "arms.ips.groups.young.employment.half_life_months", Value: 3})
	if err != nil {
		t.Fatal(err)
	}
	if changes[0].Places != 2 {
		t.Errorf("the change reports %d places, want 2", changes[0].Places)
	}
	both := aliased()
	both.Aliases = nil
	both.Arms[1].Groups[0].Employment.HalfLifeMonths = 3
	both.Arms[1].Groups[1].Employment.HalfLifeMonths = 3
	a, b := mustEvaluate(t, one), mustEvaluate(t, both)
	if !reflect.DeepEqual(a.Increments[0].Population.NPV, b.Increments[0].Population.NPV) {
		t.Errorf("setting one path of an aliased number %v differs from writing it everywhere %v", a.Increments[0].Population.NPV, b.Increments[0].Population.NPV)
	}
}

func TestTiedPathsMustAgree(t *testing.T) {
	s := aliased()
	s.Groups[1].Job.MonthlyEarnings = 1
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "is tied to groups.all.job.monthly_earnings but has another value") {
		t.Errorf("got %v", err)
	}
}

func TestSetShareRescales(t *testing.T) {
	s := simpleScenario()
	for _, name := range []string{"young", "old"} {
		g := s.Groups[0]
		g.Name = name
		s.Groups = append(s.Groups, g)
		s.Arms[0].Groups = append(s.Arms[0].Groups, s.Arms[0].Groups[0])
		s.Arms[1].Groups = append(s.Arms[1].Groups, s.Arms[1].Groups[0])
	}
	s.Groups[0].Share, s.Groups[1].Share, s.Groups[2].Share = 0.5, 0.3, 0.2
	// Setting one share rescales the others proportionally, keeping 1.
	one := s.Clone()
	changes, err := one.Apply(Override{Path: "groups.young.share", Value: 0.6})
	if err != nil {
		t.Fatal(err)
	}
	if a, o := one.Groups[0].Share, one.Groups[2].Share; math.Abs(a-0.4*5/7) > 1e-15 || math.Abs(o-0.4*2/7) > 1e-15 {
		t.Errorf("rescaled shares %v and %v, want %v and %v", a, o, 0.4*5/7, 0.4*2/7)
	}
	if len(changes[0].Rescaled) != 2 {
		t.Errorf("the change reports %d rescaled shares, want 2", len(changes[0].Rescaled))
	}
	// Two shares set together, in either order, give the same scenario.
	ab, ba := s.Clone(), s.Clone()
	if _, err := ab.Apply(Override{Path: "groups.young.share", Value: 0.5}, Override{Path: "groups.old.share", Value: 0.1}); err != nil {
		t.Fatal(err)
	}
	if _, err := ba.Apply(Override{Path: "groups.old.share", Value: 0.1}, Override{Path: "groups.young.share", Value: 0.5}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ab, ba) || math.Abs(ab.Groups[0].Share-0.4) > 1e-15 {
		t.Errorf("two shares set in either order: %v, %v (all: %v, want 0.4)", ab.Groups, ba.Groups, ab.Groups[0].Share)
	}
	// All shares set: they must sum to 1.
	all := s.Clone()
	_, err = all.Apply(Override{Path: "groups.*.share", Value: 0.5})
	if err == nil || !strings.Contains(err.Error(), "must sum to 1") {
		t.Errorf("all shares set to 0.5: %v", err)
	}
	// More than the set's sum.
	if _, err := s.Clone().Apply(Override{Path: "groups.young.share", Value: 0.7}, Override{Path: "groups.old.share", Value: 0.5}); err == nil {
		t.Error("shares set to 1.2 in all were accepted")
	}
	// The vector's SetShare does the same.
	ev, _ := NewEvaluator(s)
	x := ev.Base()
	if err := ev.SetShare(x, index(t, ev, "groups.young.share"), 0.6); err != nil {
		t.Fatal(err)
	}
	if got := x[index(t, ev, "groups.all.share")]; math.Abs(got-one.Groups[0].Share) > 1e-15 {
		t.Errorf("SetShare gives %v, Apply %v", got, one.Groups[0].Share)
	}
}

func TestApplyFixesUncertainNumbers(t *testing.T) {
	s := uncertainScenario()
	changes, err := s.Apply(Override{Path: "arms.ips.costs.specialist.amount", Value: 0}, Override{Path: "groups.all.share", Value: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(changes[0].Fixed, "arms.ips.costs.specialist.amount") || len(changes[0].Dropped) != 1 {
		t.Errorf("changes %+v: want the cost fixed and its correlation dropped", changes[0])
	}
	fs, err := s.Factors()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Name == "arms.ips.costs.specialist.amount" && f.Uncertain() {
			t.Error("the set cost is still drawn")
		}
		if f.Name == "groups.all.share" && f.Uncertain() {
			t.Error("the set share is still drawn")
		}
	}
	// The group's Dirichlet had two shares: with one fixed, the other is
	// fixed too.
	if len(s.Uncertainty.Dirichlets) != 0 || !slices.Contains(changes[1].Fixed, "groups.young.share") {
		t.Errorf("Dirichlets %v, changes %+v", s.Uncertainty.Dirichlets, changes[1])
	}
}

func TestApplyADistribution(t *testing.T) {
	s := simpleScenario()
	d, _ := FromMoments(Gamma, 5000, 1000)
	if _, err := s.Apply(Override{Path: "arms.ips.costs.specialist.amount", Dist: &d}); err != nil {
		t.Fatal(err)
	}
	f, _ := s.Factors()
	for _, x := range f {
		if x.Name == "arms.ips.costs.specialist.amount" && (x.Dist == nil || x.Value != 5000) {
			t.Errorf("the cost: %+v", x)
		}
	}
	if s.Arms[1].Costs[0].Amount != 5000 {
		t.Errorf("the value is %v, want the mean 5000", s.Arms[1].Costs[0].Amount)
	}
	bad, _ := FromMoments(Normal, 0.5, 0.3)
	if _, err := s.Apply(Override{Path: "arms.ips.enrolment.dropout", Dist: &bad}); err == nil || !strings.Contains(err.Error(), "can leave [0, 1]") {
		t.Errorf("a normal for a probability: %v", err)
	}
	if _, err := s.Apply(Override{Path: "horizon_months", Dist: &d}); err == nil || !strings.Contains(err.Error(), "whole number") {
		t.Errorf("a distribution for the horizon: %v", err)
	}
}

func TestApplyWholeNumbers(t *testing.T) {
	s := simpleScenario()
	if _, err := s.Apply(Override{Path: "horizon_months", Value: 36}, Override{Path: "cohort.years", Value: 3}); err != nil {
		t.Fatal(err)
	}
	if s.HorizonMonths != 36 || s.Cohort.Years != 3 {
		t.Errorf("horizon %d, cohort years %d", s.HorizonMonths, s.Cohort.Years)
	}
	for _, tc := range []struct {
		o    Override
		want string
	}{
		{Override{Path: "horizon_months", Value: 120.5}, "must be a whole number, got 120.5"},
		{Override{Path: "horizon_months", Value: 0}, "must be in [1, 1200], got 0"},
		{Override{Path: "arms.ips.nothing", Value: 1}, "no such parameter in this scenario: arms.ips.nothing"},
		{Override{Path: "arms.ips.enrolment.dropot", Value: 1}, "did you mean arms.ips.enrolment.dropout"},
		{Override{Path: "perspective.marginal_cost_of_public_funds", Value: 20}, "must be in [0, 1], got 20 (write 0.2 for 20 %)"},
		{Override{Path: "wage_growth", Value: 2}, "must be in [-0.1, 0.1], got 2"},
		{Override{Path: "groups.all.job.weekly_hours", Value: 200}, "must be in [0, 100], got 200"},
		{Override{Path: "discount[0].rate", Value: 3.5}, "(write 0.035 for 3.5 %)"},
		// Not written in percent: no hint.
		{Override{Path: "discount[0].rate", Value: -0.06}, "must be in [-0.05, 0.25], got -0.06$"},
		{Override{Path: "perspective.displacement", Value: 1.0000001}, "must be in [0, 1], got 1.0000001$"},
	} {
		before := s.Clone()
		_, err := s.Apply(tc.o)
		want, whole := strings.CutSuffix(tc.want, "$")
		if err == nil || !strings.Contains(err.Error(), want) || whole && !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%v: %v, want %q", tc.o, err, tc.want)
		}
		if !reflect.DeepEqual(s, before) {
			t.Errorf("%v: a refused override changed the scenario", tc.o)
		}
	}
}

func TestEvaluateRejectsBadValues(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	cases := []struct {
		path string
		v    float64
		msg  string
	}{
		{"arms.ips.groups.all.employment.periods[0].job_finding", 1.5, "must be in [0, 1], got 1.5"},
		{"groups.all.share", 0.9, "shares must sum to 1, got 0.9"},
		{"discount[0].rate", -1, "must be in [-0.05, 0.25], got -1"},
		{"arms.usual.costs.training.amount", -5, "must be in [0, 1e+12], got -5"},
		{"arms.usual.costs.training.amount", math.NaN(), "must be a finite number"},
	}
	for _, tc := range cases {
		x := ev.Base()
		x[index(t, ev, tc.path)] = tc.v
		err := ev.Evaluate(x, r)
		var es Errors
		if !errors.As(err, &es) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s = %v: error %v, want one containing %q", tc.path, tc.v, err, tc.msg)
		}
		var one *Error
		if !errors.As(err, &one) || one.Path != tc.path && tc.path != "groups.all.share" {
			t.Errorf("%s: errors.As finds %+v", tc.path, one)
		}
	}
	if err := ev.Evaluate(ev.Base(), r); err != nil {
		t.Errorf("base values after bad ones: %v", err)
	}
}

func TestReservedAndBadNames(t *testing.T) {
	for _, tc := range []struct {
		edit func(s *Scenario)
		want string
	}{
		{func(s *Scenario) { s.Groups[0].Name = "population" }, `"population" is the name of a result`},
		{func(s *Scenario) { s.Payers[0] = "public" }, `"public" is the name of a result`},
		{func(s *Scenario) { s.Payers[1] = "society" }, `"society" is the name of a result`},
		{func(s *Scenario) { s.Arms[1].Name = "ips/2" }, "may hold only letters, digits and underscores"},
		{func(s *Scenario) { s.Groups[0].Name = "a.b" }, "may hold only letters, digits and underscores"},
		{func(s *Scenario) { s.Arms[1].Name = "job-club" }, "may hold only letters, digits and underscores"},
	} {
		s := simpleScenario()
		tc.edit(s)
		if err := s.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

func TestEvaluatorIsIndependentOfItsScenario(t *testing.T) {
	s := simpleScenario()
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	before := r.Increments[0].Population.NPV[0]
	s.Groups[0].Job.MonthlyEarnings *= 2
	if err := ev.Evaluate(nil, r); err != nil {
		t.Fatal(err)
	}
	if r.Increments[0].Population.NPV[0] != before {
		t.Error("changing the scenario after NewEvaluator changed the evaluation")
	}
}

// TestResultsDoNotShareState: a Result keeps its numbers when the same
// Evaluator evaluates other values into another Result.
func TestResultsDoNotShareState(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	first, second := ev.NewResult(), ev.NewResult()
	if err := ev.Evaluate(nil, first); err != nil {
		t.Fatal(err)
	}
	soc, earn := persp(t, first, "society"), comp(t, first, "earnings")
	weight, npv := first.Weights[soc][earn], first.Increments[0].Population.NPV[soc]
	x := ev.Base()
	x[index(t, ev, "perspective.displacement")] = 0.5
	if err := ev.Evaluate(x, second); err != nil {
		t.Fatal(err)
	}
	if first.Weights[soc][earn] != weight || first.Increments[0].Population.NPV[soc] != npv {
		t.Error("evaluating into a second Result changed the first")
	}
	if second.Weights[soc][earn] != 0.5 {
		t.Errorf("the second Result's weight of earnings for society is %v, want 0.5", second.Weights[soc][earn])
	}
}

func TestLookupsOfMissingNames(t *testing.T) {
	r := mustEvaluate(t, simpleScenario())
	if _, ok := r.Perspective("Society"); ok {
		t.Error(`Perspective("Society") found something`)
	}
	if _, ok := r.Component("tax:nothing"); ok {
		t.Error("Component found a missing name")
	}
	if _, ok := r.Arm("nobody"); ok {
		t.Error("Arm found a missing name")
	}
	ev, _ := NewEvaluator(simpleScenario())
	if _, ok := ev.Index("arms.ips.nothing"); ok {
		t.Error("Index found a missing path")
	}
	if _, ok := ev.Index("horizon_months"); ok {
		t.Error("a whole number has a vector entry")
	}
	var mc MonteCarlo
	if _, ok := mc.Summary(OutputKey{Arm: "ips"}); ok {
		t.Error("an empty run has a summary")
	}
	if s := mc.Stat(0).Summary(50); s.N != 0 || len(s.Percentiles) != 1 {
		t.Errorf("the zero MonteCarlo's Stat(0): %+v", s)
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"a.*.c", "a.b.c", true}, {"a.*.c", "a.b.x.c", true}, {"a.*.c", "a.c", false}, {"*", "", true},
		{"a*", "abc", true}, {"*c", "abc", true}, {"*b*", "abc", true}, {"a*c*e", "abcde", true}, {"a*c*e", "abcdf", false},
		{"groups.\x80*.share", "groups.x.share", false}, {"a**b", "ab", true}, {"x", "x", true}, {"x", "xy", false},
	} {
		if got := glob(tc.pattern, tc.s); got != tc.want {
			t.Errorf("glob(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}

// TestApplyIsDeterministic: overrides that give several numbers
// distributions make the same scenario (and so the same draws) every time.
func TestApplyIsDeterministic(t *testing.T) {
	d1, _ := FromMoments(Gamma, 5000, 1000)
	d2, _ := FromMoments(Beta, 0.05, 0.01)
	d3 := Distribution{Kind: Uniform, Min: 3, Max: 9}
	ovs := []Override{
		{Path: "arms.ips.costs.specialist.amount", Dist: &d1},
		{Path: "arms.ips.groups.all.employment.periods[0].job_finding", Dist: &d2},
		{Path: "arms.usual.enrolment.months", Dist: &d3},
	}
	var first string
	for range 30 {
		s := simpleScenario()
		if _, err := s.Apply(ovs...); err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = s.Fingerprint()
		} else if s.Fingerprint() != first {
			t.Fatal("the same overrides made two different scenarios")
		}
	}
}

// TestMisuseIsAnErrorNotAPanic: the exported API answers bad arguments
// with an error (or nil, NaN and false where documented), never a panic.
func TestMisuseIsAnErrorNotAPanic(t *testing.T) {
	if _, err := Evaluate(nil); err == nil {
		t.Error("Evaluate(nil)")
	}
	if _, err := NewEvaluator(nil); err == nil {
		t.Error("NewEvaluator(nil)")
	}
	if _, err := Run(context.Background(), nil, Options{Iterations: 10}); err == nil {
		t.Error("Run of nil")
	}
	if _, err := Micro(context.Background(), nil, MicroOptions{}); err == nil {
		t.Error("Micro of nil")
	}
	if (*Scenario)(nil).Clone() != nil {
		t.Error("Clone of nil")
	}
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewEvaluator(simpleScenario())
	for _, r := range []*Result{nil, {}, other.NewResult()} {
		if err := ev.Evaluate(nil, r); err == nil {
			t.Errorf("Evaluate into %p, not from this Evaluator", r)
		}
	}
	if err := ev.EvaluateOutputs(nil, make([]float64, 3)); err == nil {
		t.Error("EvaluateOutputs into a short slice")
	}
	x := ev.Base()
	share := index(t, ev, "groups.all.share")
	for _, tc := range []struct {
		x []float64
		i int
		v float64
	}{{x, -1, 0.5}, {x, len(x), 0.5}, {nil, 0, 0.5}, {x, share, -0.5}, {x, share, math.NaN()}} {
		if err := ev.SetShare(tc.x, tc.i, tc.v); err == nil {
			t.Errorf("SetShare(%d entries, %d, %v)", len(tc.x), tc.i, tc.v)
		}
	}
	for _, p := range []float64{-1, 2, math.NaN()} {
		if q, ok := ev.Quantile(0, p); ok || !math.IsNaN(q) {
			t.Errorf("Quantile at %v: %v, %v", p, q, ok)
		}
	}
	var s Stat
	s.Add(1)
	if s.Bins(MaxChartBins+1) != nil || len(s.Bins(3)) != 3 {
		t.Error("Bins beyond MaxChartBins, or of 3")
	}
}

// TestScenarioAtAVectorEvaluatesThere: the copy of a scenario at a vector
// whose drawn numbers differ from their base values evaluates to the
// vector's result (those numbers fixed), not refused or taken at the means.
func TestScenarioAtAVectorEvaluatesThere(t *testing.T) {
	s := uncertainScenario()
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	x := ev.Base()
	for _, path := range []string{"arms.ips.costs.specialist.amount", "groups.all.share"} {
		if err := ev.SetShare(x, index(t, ev, path), x[index(t, ev, path)]*0.9); err != nil {
			t.Fatal(err)
		}
	}
	r := ev.NewResult()
	if err := ev.Evaluate(x, r); err != nil {
		t.Fatal(err)
	}
	at, err := Evaluate(ev.Scenario(x))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := at.Increments[0].Population.NPV, r.Increments[0].Population.NPV; !reflect.DeepEqual(got, want) {
		t.Errorf("the copy at x: %v, the vector: %v", got, want)
	}
	// A Dirichlet share set to the whole: its partners, at 0, leave the draw.
	if err := ev.SetShare(x, index(t, ev, "groups.all.share"), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := Evaluate(ev.Scenario(x)); err != nil {
		t.Errorf("a share set to the whole: %v", err)
	}
	if ev.Scenario(x[:3]) != nil {
		t.Error("a short vector gave a scenario")
	}
}

// TestWholeHorizonFollowsTheHorizon: a duration left out runs the whole
// horizon whatever the horizon becomes, through Apply and through a copy
// an Evaluator writes (Evaluator.Scenario), while one given the horizon's
// months keeps them.
func TestWholeHorizonFollowsTheHorizon(t *testing.T) {
	cost := func(s *Scenario) float64 {
		t.Helper()
		r, err := Evaluate(s)
		if err != nil {
			t.Fatal(err)
		}
		return r.Increments[0].Population.ProgrammeCost
	}
	longer := func(s *Scenario) *Scenario {
		t.Helper()
		if err := s.Set("horizon_months", 48); err != nil {
			t.Fatal(err)
		}
		return s
	}
	explicit := simpleScenario()
	if err := explicit.Set("arms.ips.enrolment.months", 24); err != nil {
		t.Fatal(err)
	}
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	whole := cost(longer(simpleScenario()))
	if copied := cost(longer(ev.Scenario(nil))); copied != whole {
		t.Errorf("an Evaluator's copy over 48 months costs %v, the scenario %v: the whole horizon must follow the horizon", copied, whole)
	}
	if given := cost(longer(explicit)); !(given < whole) {
		t.Errorf("24 months given, over a 48-month horizon, cost %v; the whole horizon %v: want less", given, whole)
	}
}
