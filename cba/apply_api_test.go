package cba_test

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"ipscba/cba"
)

// withDrawnGroups draws the groups' shares together (a Dirichlet entry) and
// the IPS specialist's cost on its own.
func withDrawnGroups(s *cba.Scenario) {
	s.Uncertainty = cba.Uncertainty{
		Parameters: []cba.Uncertain{
			{Paths: []string{"arms.ips.costs.specialist.amount"}, Dist: cba.Distribution{Kind: cba.Uniform, Min: 3000, Max: 5000}},
			{Paths: []string{"arms.ips.enrolment.dropout"}, Dist: cba.Distribution{Kind: cba.Uniform, Min: 0, Max: 0.1}},
		},
		Dirichlets:   []cba.Dirichlet{{Paths: []string{"groups.young.share", "groups.old.share"}, Concentration: 50}},
		Correlations: []cba.Correlation{{A: "arms.ips.costs.specialist.amount", B: "arms.ips.enrolment.dropout", Rank: 0.3}},
	}
	s.UseMeans()
}

func TestOverrideString(t *testing.T) {
	for _, tc := range []struct {
		o    cba.Override
		want string
	}{
		{cba.Override{Path: "arms.ips.enrolment.dropout", Value: 0.05}, "arms.ips.enrolment.dropout=0.05"},
		{cba.Override{Path: "groups.*.share", Value: 1e-7}, "groups.*.share=1e-07"},
		{cba.Override{Path: "a", Value: 3, Dist: &cba.Distribution{Kind: cba.Uniform, Min: 0, Max: 0.1}}, "a={type: uniform, min: 0, max: 0.1}"},
		{cba.Override{Path: "a", Dist: &cba.Distribution{Kind: cba.Discrete, Values: []float64{1, 2.5}}}, "a={type: discrete, values: [1, 2.5]}"},
		{cba.Override{Path: "a", Dist: &cba.Distribution{}}, "a={}"},
	} {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("%q, want %q", got, tc.want)
		}
	}
}

// TestApplyRefusesEachMisuse: each override Apply cannot make is refused
// with the path and the reason, and leaves the scenario as it was.
func TestApplyRefusesEachMisuse(t *testing.T) {
	gamma := &cba.Distribution{Kind: cba.Gamma, Shape: 4, Rate: 0.001}
	beta := &cba.Distribution{Kind: cba.Beta, Alpha: 2, Beta: 3}
	for _, tc := range []struct {
		name       string
		os         []cba.Override
		path, want string
	}{
		{"a distribution for a share a Dirichlet entry draws", []cba.Override{{Path: "groups.young.share", Dist: beta}},
			"groups.young.share", "is drawn with other shares by uncertainty.dirichlet[0]: set a value to fix it, or its concentration"},
		{"a distribution for a share of a split", []cba.Override{{Path: "taxes.income.receivers.state", Dist: beta}},
			"taxes.income.receivers.state", "the shares of taxes.income.receivers must sum to 1: draw them together under uncertainty.dirichlet"},
		{"an impossible distribution", []cba.Override{{Path: "arms.usual.costs.training.amount", Dist: &cba.Distribution{Kind: cba.Gamma, Shape: -1, Rate: 1}}},
			"arms.usual.costs.training.amount", "needs shape > 0 and rate > 0, got -1 and 1"},
		{"a distribution beyond the bound", []cba.Override{{Path: "arms.usual.enrolment.dropout", Dist: gamma}},
			"arms.usual.enrolment.dropout", "a gamma distribution can leave [0, 1]"},
		{"a distribution reaching 0 months", []cba.Override{{Path: "arms.usual.enrolment.months",
			Dist: &cba.Distribution{Kind: cba.Uniform, Min: 0, Max: 12}}},
			"arms.usual.enrolment.months", "a uniform distribution reaches values from 0 to 12 (its 1e-9 and 1-1e-9 quantiles), outside this parameter's range (0, 1200]"},
		{"0 months for a duration", []cba.Override{{Path: "arms.usual.enrolment.months", Value: 0}},
			"arms.usual.enrolment.months", "(a duration is a positive number of months: the horizon's months for the whole horizon)"},
		{"a concentration of no entry", []cba.Override{{Path: "uncertainty.dirichlet[1].concentration", Value: 5}},
			"uncertainty.dirichlet[1].concentration", "no such entry: the scenario has 1"},
		{"a rank of no entry", []cba.Override{{Path: "uncertainty.correlations[1].rank", Value: 0.5}},
			"uncertainty.correlations[1].rank", "no such entry: the scenario has 1"},
		{"an entry beyond any number", []cba.Override{{Path: "uncertainty.correlations[99999999999999999999].rank", Value: 0.5}},
			"uncertainty.correlations[99999999999999999999].rank", "no such entry: the scenario has 1"},
		{"a distribution for a concentration", []cba.Override{{Path: "uncertainty.dirichlet[0].concentration", Dist: gamma}},
			"uncertainty.dirichlet[0].concentration", "takes a number, not a distribution"},
		{"a concentration out of its bound", []cba.Override{{Path: "uncertainty.dirichlet[0].concentration", Value: 0}},
			"uncertainty.dirichlet[0].concentration", "must be in (0, 1e+09], got 0"},
		{"a rank out of its bound", []cba.Override{{Path: "uncertainty.correlations[0].rank", Value: -2}},
			"uncertainty.correlations[0].rank", "must be in [-1, 1], got -2"},
		{"a pattern matching nothing", []cba.Override{{Path: "arms.*.nothing", Value: 1}},
			"arms.*.nothing", "matches no parameter in this scenario"},
		{"one number set twice, differently", []cba.Override{{Path: "arms.ips.costs.specialist.amount", Value: 1}, {Path: "arms.*.costs.specialist.amount", Value: 2}},
			"arms.*.costs.specialist.amount", "sets arms.ips.costs.specialist.amount, which arms.ips.costs.specialist.amount already sets to another value"},
		{"one number given a value and a distribution", []cba.Override{{Path: "arms.usual.costs.training.amount", Value: 1}, {Path: "arms.usual.costs.training.amount", Dist: gamma}},
			"arms.usual.costs.training.amount", "already sets to another value"},
		{"one number given two distributions", []cba.Override{{Path: "arms.usual.costs.training.amount", Dist: gamma},
			{Path: "arms.usual.costs.training.amount", Dist: &cba.Distribution{Kind: cba.Gamma, Shape: 5, Rate: 0.001}}},
			"arms.usual.costs.training.amount", "already sets to another value"},
		{"a number society leaves out", []cba.Override{{Path: "perspective.non_market.per_employed_month", Value: 2000}},
			"perspective.non_market.per_employed_month", "counts only when society includes the non-market value of work, and perspective.non_market.include is false here"},
		{"the leisure society leaves out", []cba.Override{{Path: "perspective.leisure.share", Value: 0.2}},
			"perspective.leisure.share", "counts only when society includes the leisure given up"},
		{"a pattern of only numbers society leaves out", []cba.Override{{Path: "perspective.non_market.*", Value: 2000}},
			"perspective.non_market.*", "counts only when society includes the non-market value of work"},
		{"shares of a set above its sum", []cba.Override{{Path: "taxes.income.receivers.state", Value: 0.7}, {Path: "taxes.income.receivers.municipality", Value: 0.7}},
			"taxes.income.receivers", "the shares set (taxes.income.receivers.state, taxes.income.receivers.municipality) sum to 1.4: they must sum to 1"},
		{"a share above its set's sum", []cba.Override{{Path: "groups.young.share", Value: 1.5}},
			"groups.young.share", "must be in [0, 1], got 1.5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := twoGroups()
			withDrawnGroups(s)
			before := s.Clone()
			changes, err := s.Apply(tc.os...)
			wantProblem(t, err, tc.path, tc.want)
			if changes != nil {
				t.Errorf("changes %+v with the error", changes)
			}
			if !reflect.DeepEqual(s, before) {
				t.Error("a refused override changed the scenario")
			}
		})
	}
}

// TestApplyReportsWhatItDid: what each override set, how many places took
// the value, what it fixed, rescaled and dropped.
func TestApplyReportsWhatItDid(t *testing.T) {
	s := twoGroups()
	s.Aliases = [][]string{{"arms.usual.costs.training.amount", "arms.ips.costs.specialist.amount"}}
	s.Arms[1].Costs[0].Amount = 10000
	s.Uncertainty = cba.Uncertainty{
		Parameters: []cba.Uncertain{
			{Paths: []string{"arms.ips.enrolment.dropout"}, Dist: cba.Distribution{Kind: cba.Uniform, Min: 0, Max: 0.1}},
			{Paths: []string{"arms.ips.groups.young.employment.periods[0].job_loss"}, Dist: cba.Distribution{Kind: cba.Uniform, Min: 0, Max: 0.08}},
		},
		Dirichlets:   []cba.Dirichlet{{Paths: []string{"groups.young.share", "groups.old.share"}, Concentration: 50}},
		Correlations: []cba.Correlation{{A: "arms.ips.enrolment.dropout", B: "arms.ips.groups.young.employment.periods[0].job_loss", Rank: 0.4}},
	}
	s.UseMeans()

	changes, err := s.Apply(
		cba.Override{Path: "arms.ips.costs.specialist.amount", Value: 12000},                // two places
		cba.Override{Path: "groups.young.share", Value: 0.5},                                // rescales the other
		cba.Override{Path: "arms.ips.enrolment.dropout", Value: 0.02},                       // fixed, correlation dropped
		cba.Override{Path: "arms.*.groups.old.employment.periods[0].job_loss", Value: 0.03}, // a pattern
		cba.Override{Path: "uncertainty.dirichlet[0].concentration", Value: 80},
		cba.Override{Path: "perspective.non_market.per_employed_month", Value: 1500, InFile: true},
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []cba.Change{
		{Factors: []string{"arms.usual.costs.training.amount"}, Places: 2},
		{Factors: []string{"groups.young.share"}, Places: 1, Fixed: []string{"groups.young.share", "groups.old.share"},
			Rescaled: []cba.Rescaled{{Factor: "groups.old.share", From: 0.6, To: 0.5}}},
		{Factors: []string{"arms.ips.enrolment.dropout"}, Places: 1, Fixed: []string{"arms.ips.enrolment.dropout"},
			Dropped: []string{"arms.ips.enrolment.dropout ~ arms.ips.groups.young.employment.periods[0].job_loss"}},
		{Factors: []string{"arms.ips.groups.old.employment.periods[0].job_loss", "arms.usual.groups.old.employment.periods[0].job_loss"}, Places: 2},
		{Factors: []string{"uncertainty.dirichlet[0].concentration"}, Places: 1},
		{Factors: []string{"perspective.non_market.per_employed_month"}, Places: 1},
	}
	for i := range want {
		want[i].Override = changes[i].Override
		if !reflect.DeepEqual(changes[i], want[i]) {
			t.Errorf("change %d: %+v\nwant %+v", i, changes[i], want[i])
		}
	}
	if s.Arms[0].Costs[0].Amount != 12000 || s.Arms[1].Costs[0].Amount != 12000 || s.Groups[1].Share != 0.5 ||
		s.Arms[0].Groups[1].Employment.Periods[0].JobLoss != 0.03 || s.Perspective.NonMarket.PerEmployedMonth != 1500 {
		t.Errorf("the values were not all set: %+v", s)
	}
	// The Dirichlet entry's shares are both fixed: the entry is gone, and so
	// is the concentration set with them.
	if len(s.Uncertainty.Dirichlets) != 0 || len(s.Uncertainty.Correlations) != 0 || len(s.Uncertainty.Parameters) != 1 {
		t.Errorf("uncertainty left: %+v", s.Uncertainty)
	}
}

// TestApplyWithinADirichletSet: setting one share of a Dirichlet entry's
// shares that sum to less than 1 (a group's receipt split between
// benefits) rescales the others to keep their sum; the entry keeps drawing
// the others, and a share rescaled to 0 leaves the draw.
func TestApplyWithinADirichletSet(t *testing.T) {
	build := func() *cba.Scenario {
		s := twoGroups()
		for _, name := range []string{"disability", "pension"} {
			s.Benefits = append(s.Benefits, cba.Benefit{Name: name, Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5}})
			for g := range s.Groups {
				s.Groups[g].Receipts = append(s.Groups[g].Receipts, cba.Receipt{Share: 0.1, Amount: 20000})
			}
		}
		s.Groups[0].Receipts[0].Share, s.Groups[0].Receipts[1].Share, s.Groups[0].Receipts[2].Share = 0.2, 0.2, 0.4
		s.Uncertainty.Dirichlets = []cba.Dirichlet{{Concentration: 30, Paths: []string{
			"groups.young.benefits.assistance.share", "groups.young.benefits.disability.share", "groups.young.benefits.pension.share"}}}
		s.UseMeans()
		return s
	}
	s := build()
	changes, err := s.Apply(cba.Override{Path: "groups.young.benefits.pension.share", Value: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Groups[0].Receipts; math.Abs(r[0].Share-0.3) > 1e-15 || math.Abs(r[1].Share-0.3) > 1e-15 || r[2].Share != 0.2 {
		t.Errorf("the set keeps its sum 0.8: shares %v, %v, %v, want 0.3, 0.3, 0.2", r[0].Share, r[1].Share, r[2].Share)
	}
	if d := s.Uncertainty.Dirichlets; len(d) != 1 || !slices.Equal(d[0].Paths, []string{"groups.young.benefits.assistance.share", "groups.young.benefits.disability.share"}) {
		t.Errorf("the entry draws %+v, want the two shares not set", d)
	}
	if len(changes[0].Rescaled) != 2 || !slices.Equal(changes[0].Fixed, []string{"groups.young.benefits.pension.share"}) {
		t.Errorf("change %+v", changes[0])
	}
	// All of the set's sum to one share: the others are rescaled to 0 and
	// are no longer drawn (a Dirichlet draw needs shares above 0).
	s = build()
	changes, err = s.Apply(cba.Override{Path: "groups.young.benefits.pension.share", Value: 0.8})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Groups[0].Receipts; r[0].Share != 0 || r[1].Share != 0 || len(s.Uncertainty.Dirichlets) != 0 {
		t.Errorf("shares %v, %v; entries %+v", r[0].Share, r[1].Share, s.Uncertainty.Dirichlets)
	}
	if want := []string{"groups.young.benefits.pension.share", "groups.young.benefits.assistance.share", "groups.young.benefits.disability.share"}; !slices.Equal(changes[0].Fixed, want) {
		t.Errorf("fixed %v, want %v", changes[0].Fixed, want)
	}
	// More than the set's sum cannot be made up by the others.
	s = build()
	if _, err := s.Apply(cba.Override{Path: "groups.young.benefits.pension.share", Value: 0.9}); err == nil {
		t.Error("a share above its Dirichlet set's sum was accepted")
	} else {
		wantProblem(t, err, "uncertainty.dirichlet[0]", "the shares set sum to 0.9, more than 0.8 for the whole set")
	}
}

// TestApplyGivesADistribution: a number given a distribution takes its
// mean and is drawn from it; one drawn already is drawn from the new one.
func TestApplyGivesADistribution(t *testing.T) {
	s := twoGroups()
	withDrawnGroups(s)
	d := cba.Distribution{Kind: cba.Triangular, Min: 2000, Mode: 3000, Max: 7000}
	if _, err := s.Apply(cba.Override{Path: "arms.ips.costs.specialist.amount", Dist: &d}); err != nil {
		t.Fatal(err)
	}
	if got := s.Arms[1].Costs[0].Amount; got != 4000 {
		t.Errorf("the amount is %v, want the mean (2000+3000+7000)/3 = 4000", got)
	}
	var drawn []cba.Distribution
	for _, u := range s.Uncertainty.Parameters {
		if u.Paths[0] == "arms.ips.costs.specialist.amount" {
			drawn = append(drawn, u.Dist)
		}
	}
	if len(drawn) != 1 || drawn[0].String() != d.String() {
		t.Errorf("drawn from %v, want %v once", drawn, d.String())
	}
	if len(s.Uncertainty.Correlations) != 1 {
		t.Errorf("the correlation of a number drawn anew is kept: %+v", s.Uncertainty.Correlations)
	}
}
