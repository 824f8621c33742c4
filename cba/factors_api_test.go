package cba_test

import (
	"slices"
	"testing"

	"ipscba/cba"
)

// splitCare gives both arms a cost "care" split between the two payers,
// each arm with its own numbers for the split.
func splitCare(s *cba.Scenario) {
	for a := range s.Arms {
		s.Arms[a].Costs = append(s.Arms[a].Costs, cba.Cost{Name: "care", Amount: 100,
			Payers: cba.Split{{Payer: "state", Share: 0.5}, {Payer: "municipality", Share: 0.5}}})
	}
}

// withAssistanceSplit splits the benefit's payments between the payers as
// the tax's receipts are split (0.6 and 0.4).
func withAssistanceSplit(s *cba.Scenario) {
	s.Benefits[0].Payers = cba.Split{{Payer: "state", Share: 0.6}, {Payer: "municipality", Share: 0.4}}
}

// TestFactorsNameEachProblem: what ties numbers together (aliases), draws
// them (distributions, Dirichlet entries) and correlates them is checked
// when the factors are built; each problem is named at the path a
// scenario file uses and says what is wrong.
func TestFactorsNameEachProblem(t *testing.T) {
	dist := func(path string, d cba.Distribution) cba.Uncertain {
		return cba.Uncertain{Paths: []string{path}, Dist: d}
	}
	uniform := func(lo, hi float64) cba.Distribution { return cba.Distribution{Kind: cba.Uniform, Min: lo, Max: hi} }
	groups := []string{"groups.young.share", "groups.old.share"}
	for _, tc := range []struct {
		name       string
		edit       func(s *cba.Scenario)
		path, want string
	}{
		{"a split of one name in two arms, written twice", splitCare,
			"arms.ips.costs.care.payers.state", `the cost "care" is also in another arm (arms.usual.costs.care.payers), split between payers: write its split once (a YAML anchor), or give it a name of its own in each arm`},
		{"an allowance's split written twice", func(s *cba.Scenario) {
			for a := range s.Arms {
				s.Arms[a].Allowances = []cba.Allowance{{Name: "course", Amount: 100,
					Payers: cba.Split{{Payer: "state", Share: 0.5}, {Payer: "municipality", Share: 0.5}}}}
			}
		}, "arms.ips.allowances.course.payers.state", `the allowance "course" is also in another arm (arms.usual.allowances.course.payers)`},
		{"an alias to no number", func(s *cba.Scenario) {
			s.Aliases = [][]string{{"arms.ips.enrolment.dropout", "arms.ips.enrolment.dropuot"}}
		},
			"aliases[0]", "no such parameter in this scenario: arms.ips.enrolment.dropuot (did you mean arms.ips.enrolment.dropout, arms.ips.enrolment.months?)"},
		{"tied numbers that differ", func(s *cba.Scenario) {
			s.Aliases = [][]string{{"arms.usual.enrolment.dropout", "arms.ips.enrolment.dropout"}}
		}, "arms.ips.enrolment.dropout", "is tied to arms.usual.enrolment.dropout but has another value (0.05, not 0)"},
		{"a whole number tied to a number", func(s *cba.Scenario) {
			s.Arms[1].Enrolment.Months = 36
			s.Aliases = [][]string{{"horizon_months", "arms.ips.enrolment.months"}}
		}, "arms.ips.enrolment.months", "is written once with horizon_months, but one is a whole number and the other not"},
		{"a group's share tied to another number", func(s *cba.Scenario) {
			s.Arms[1].Enrolment.Dropout = 0.4
			s.Aliases = [][]string{{"groups.young.share", "arms.ips.enrolment.dropout"}}
		}, "groups.young.share", "a group's share cannot be written once for several numbers (it is tied to arms.ips.enrolment.dropout)"},
		{"two shares of a split written once", func(s *cba.Scenario) {
			s.Taxes[0].Receivers[0].Share, s.Taxes[0].Receivers[1].Share = 0.5, 0.5
			s.Aliases = [][]string{{"taxes.income.receivers.state", "taxes.income.receivers.municipality"}}
		}, "taxes.income.receivers.municipality", "is written once for two shares of taxes.income.receivers, which must be separate numbers"},
		{"a share in two splits", func(s *cba.Scenario) {
			withAssistanceSplit(s)
			s.Aliases = [][]string{{"taxes.income.receivers.state", "benefits.assistance.payers.state"}}
		}, "taxes.income.receivers.state", "belongs to two sets of shares (taxes.income.receivers and benefits.assistance.payers); write them as separate numbers"},
		{"an uncertain number without a path", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{{Dist: uniform(0, 0.1)}}
		}, "uncertainty", "an uncertain number names no path"},
		{"an uncertain number of no path", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.drop", uniform(0, 0.1))}
		}, "arms.ips.enrolment.drop", "no such parameter in this scenario: arms.ips.enrolment.drop (did you mean arms.ips.enrolment.dropout?)"},
		{"two distributions", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", uniform(0, 0.1)), dist("arms.ips.enrolment.dropout", uniform(0, 0.2))}
		}, "arms.ips.enrolment.dropout.distribution", "arms.ips.enrolment.dropout has two distributions"},
		{"an impossible distribution", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", cba.Distribution{Kind: cba.Normal, Mu: 0.05})}
		}, "arms.ips.enrolment.dropout.distribution", "needs a finite mu and sigma > 0, got mu 0.05, sigma 0"},
		{"a whole number drawn", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("cohort.years", uniform(1, 3))}
		}, "cohort.years.distribution", "a whole number cannot be drawn: it shapes the model (change it with a fixed value)"},
		{"a group's share drawn alone", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("groups.young.share", uniform(0.3, 0.5))}
		}, "groups.young.share.distribution", "the groups' shares must sum to 1: draw them together under uncertainty.dirichlet"},
		{"a share of a split drawn alone", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("taxes.income.receivers.state", uniform(0.5, 0.7))}
		}, "taxes.income.receivers.state.distribution", "the shares of taxes.income.receivers must sum to 1: draw them together under uncertainty.dirichlet"},
		{"a share of the only split drawn alone", func(s *cba.Scenario) {
			// One group: the tax's receivers are the first set of shares.
			s.Groups = s.Groups[:1]
			s.Groups[0].Share = 1
			for a := range s.Arms {
				s.Arms[a].Groups = s.Arms[a].Groups[:1]
			}
			s.Uncertainty.Parameters = []cba.Uncertain{dist("taxes.income.receivers.municipality", uniform(0.3, 0.5))}
		}, "taxes.income.receivers.municipality.distribution", "the shares of taxes.income.receivers must sum to 1: draw them together under uncertainty.dirichlet"},
		{"a distribution beyond the bound", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", uniform(-0.1, 0.2))}
		}, "arms.ips.enrolment.dropout.distribution", "a uniform distribution can leave [0, 1]"},
		{"a Dirichlet concentration of 0", func(s *cba.Scenario) {
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: groups}}
		}, "uncertainty.dirichlet[0].concentration", "must be in (0, 1e+09], got 0"},
		{"a Dirichlet entry of one share", func(s *cba.Scenario) {
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: groups[:1], Concentration: 50}}
		}, "uncertainty.dirichlet[0].shares", "needs at least two shares"},
		{"a Dirichlet entry of no number", func(s *cba.Scenario) {
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.young.share", "groups.olde.share"}, Concentration: 50}}
		}, "uncertainty.dirichlet[0].shares", "no such parameter in this scenario: groups.olde.share (did you mean groups.old.share, groups.young.share?)"},
		{"a Dirichlet entry of an amount", func(s *cba.Scenario) {
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.young.share", "arms.ips.costs.specialist.amount"}, Concentration: 50}}
		}, "uncertainty.dirichlet[0].shares", "arms.ips.costs.specialist.amount is not a share"},
		{"a Dirichlet entry of a month", func(s *cba.Scenario) {
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.young.share", "arms.ips.groups.old.employment.periods[0].from_month"}, Concentration: 50}}
		}, "uncertainty.dirichlet[0].shares", "arms.ips.groups.old.employment.periods[0].from_month is not a share"},
		{"a Dirichlet entry of a difference", func(s *cba.Scenario) {
			s.Arms[1].Effect = &cba.Effect{Points: []cba.EffectPoint{{Month: 12, Difference: 0.1}}}
			s.Arms[1].Groups = []cba.ArmGroup{{EffectMultiplier: 1}, {EffectMultiplier: 1}}
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.young.share", "arms.ips.effect.points[0].difference"}, Concentration: 50}}
		}, "uncertainty.dirichlet[0].shares", "arms.ips.effect.points[0].difference is not a share"},
		{"a Dirichlet entry of a share of 0", func(s *cba.Scenario) {
			s.Groups[0].Receipts[0].Share = 0
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.young.benefits.assistance.share", "groups.old.benefits.assistance.share"}, Concentration: 50}}
		}, "uncertainty.dirichlet[0].shares", "groups.young.benefits.assistance.share must be > 0 to have a Dirichlet mean, got 0"},
		{"a Dirichlet entry naming a share twice", func(s *cba.Scenario) {
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.young.share", "groups.old.share", "groups.young.share"}, Concentration: 50}}
		}, "uncertainty.dirichlet[0].shares", "names groups.young.share twice (the same number, written once)"},
		{"shares drawn by two Dirichlet entries", func(s *cba.Scenario) {
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: groups, Concentration: 50}, {Paths: groups, Concentration: 60}}
		}, "uncertainty.dirichlet[1].shares", "groups.young.share would be drawn twice: it is also drawn by uncertainty.dirichlet[0]"},
		{"a share drawn alone and by a Dirichlet entry", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("groups.old.benefits.assistance.share", uniform(0.2, 0.4))}
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.old.benefits.assistance.share", "groups.young.benefits.assistance.share"}, Concentration: 50}}
		}, "uncertainty.dirichlet[0].shares", "groups.old.benefits.assistance.share would be drawn twice: it is also drawn by groups.old.benefits.assistance.share.distribution"},
		{"a rank beyond 1", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", uniform(0, 0.1)), dist("arms.ips.costs.specialist.amount", uniform(3000, 5000))}
			s.Uncertainty.Correlations = []cba.Correlation{{A: "arms.ips.enrolment.dropout", B: "arms.ips.costs.specialist.amount", Rank: 1.5}}
		}, "uncertainty.correlations[0].rank", "must be in [-1, 1], got 1.5"},
		{"a correlation of no number", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", uniform(0, 0.1))}
			s.Uncertainty.Correlations = []cba.Correlation{{A: "arms.ips.enrolment.dropout", B: "arms.ips.costs.specialist.amont", Rank: 0.5}}
		}, "uncertainty.correlations[0].between", "no such parameter in this scenario: arms.ips.costs.specialist.amont (did you mean arms.ips.costs.specialist.amount?)"},
		{"a correlation of a number not drawn", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", uniform(0, 0.1))}
			s.Uncertainty.Correlations = []cba.Correlation{{A: "arms.ips.enrolment.dropout", B: "arms.ips.costs.specialist.amount", Rank: 0.5}}
		}, "uncertainty.correlations[0].between", "arms.ips.costs.specialist.amount has no distribution of its own to correlate"},
		{"a correlation of a share a Dirichlet entry draws", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", uniform(0, 0.1))}
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: groups, Concentration: 50}}
			s.Uncertainty.Correlations = []cba.Correlation{{A: "groups.young.share", B: "arms.ips.enrolment.dropout", Rank: 0.5}}
		}, "uncertainty.correlations[0].between", "groups.young.share has no distribution of its own to correlate"},
		{"a number correlated with itself", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", uniform(0, 0.1))}
			s.Uncertainty.Correlations = []cba.Correlation{{A: "arms.ips.enrolment.dropout", B: "arms.ips.enrolment.dropout", Rank: 0.5}}
		}, "uncertainty.correlations[0].between", "correlates arms.ips.enrolment.dropout with itself"},
		{"a pair correlated twice", func(s *cba.Scenario) {
			s.Uncertainty.Parameters = []cba.Uncertain{dist("arms.ips.enrolment.dropout", uniform(0, 0.1)), dist("arms.ips.costs.specialist.amount", uniform(3000, 5000))}
			s.Uncertainty.Correlations = []cba.Correlation{
				{A: "arms.ips.enrolment.dropout", B: "arms.ips.costs.specialist.amount", Rank: 0.5},
				{A: "arms.ips.costs.specialist.amount", B: "arms.ips.enrolment.dropout", Rank: 0.3},
			}
		}, "uncertainty.correlations[1].between", "arms.ips.costs.specialist.amount and arms.ips.enrolment.dropout are correlated twice"},
		{"receipt shares drawn above 1", func(s *cba.Scenario) {
			s.Benefits = append(s.Benefits, cba.Benefit{Name: "disability", Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5}})
			s.Groups[0].Receipts = append(s.Groups[0].Receipts, cba.Receipt{Share: 0.4, Amount: 20000})
			s.Groups[1].Receipts = append(s.Groups[1].Receipts, cba.Receipt{Share: 0.1, Amount: 20000})
			s.Uncertainty.Parameters = []cba.Uncertain{dist("groups.young.benefits.disability.share", uniform(0.2, 0.6))}
		}, "groups.young.benefits", "the receipt shares (groups.young.benefits.assistance.share, groups.young.benefits.disability.share) can be drawn to sum to 1.1, more than 1: draw them together under uncertainty.dirichlet, or narrow their distributions"},
		{"receipt shares drawn above 1 later", func(s *cba.Scenario) {
			s.Benefits = append(s.Benefits, cba.Benefit{Name: "disability", Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5}})
			s.Groups[0].Receipts = append(s.Groups[0].Receipts, cba.Receipt{Share: 0.1, Amount: 20000, Later: []cba.ShareStep{{FromMonth: 7, Share: 0.4}}})
			s.Groups[1].Receipts = append(s.Groups[1].Receipts, cba.Receipt{Share: 0.1, Amount: 20000})
			s.Uncertainty.Parameters = []cba.Uncertain{dist("groups.young.benefits.disability.later[0].share", uniform(0.2, 0.6))}
		}, "groups.young.benefits", "the receipt shares (groups.young.benefits.assistance.share, groups.young.benefits.disability.later[0].share) can be drawn to sum to 1.1"},
		{"a Dirichlet across groups and a fixed share above 1", func(s *cba.Scenario) {
			// The entry keeps 0.5 + 0.3 and may give it all to the young,
			// whose fixed 0.3 of another benefit makes 1.1.
			s.Benefits = append(s.Benefits, cba.Benefit{Name: "disability", Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5}})
			s.Groups[0].Receipts = append(s.Groups[0].Receipts, cba.Receipt{Share: 0.3, Amount: 20000})
			s.Groups[1].Receipts = append(s.Groups[1].Receipts, cba.Receipt{Share: 0.1, Amount: 20000})
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.young.benefits.assistance.share", "groups.old.benefits.assistance.share"}, Concentration: 50}}
		}, "groups.young.benefits", "the receipt shares (groups.young.benefits.assistance.share, groups.young.benefits.disability.share) can be drawn to sum to 1.1"},
		{"a Dirichlet's shares and a drawn one above 1", func(s *cba.Scenario) {
			for _, name := range []string{"disability", "pension"} {
				s.Benefits = append(s.Benefits, cba.Benefit{Name: name, Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5}})
				for g := range s.Groups {
					s.Groups[g].Receipts = append(s.Groups[g].Receipts, cba.Receipt{Share: 0.1, Amount: 20000})
				}
			}
			s.Groups[0].Receipts[0].Share, s.Groups[0].Receipts[1].Share, s.Groups[0].Receipts[2].Share = 0.3, 0.3, 0.3
			s.Uncertainty.Dirichlets = []cba.Dirichlet{{Paths: []string{"groups.young.benefits.assistance.share", "groups.young.benefits.disability.share"}, Concentration: 50}}
			s.Uncertainty.Parameters = []cba.Uncertain{dist("groups.young.benefits.pension.share", uniform(0.1, 0.5))}
		}, "groups.young.benefits", "can be drawn to sum to 1.1, more than 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := twoGroups()
			tc.edit(s)
			s.UseMeans()
			wantProblem(t, s.Validate(), tc.path, tc.want)
			if _, err := s.Factors(); err == nil {
				t.Error("Factors accepted it")
			}
			if _, err := cba.NewEvaluator(s); err == nil {
				t.Error("NewEvaluator accepted it")
			}
		})
	}
}

// TestFactorsOfTiesAndDraws: what Factors reports of numbers written once
// in several places, of share sets and of draws.
func TestFactorsOfTiesAndDraws(t *testing.T) {
	s := twoGroups()
	splitCare(s)
	withAssistanceSplit(s)
	// The split of "care" written once (a YAML anchor) for both arms.
	s.Aliases = [][]string{
		{"arms.usual.costs.care.payers.state", "arms.ips.costs.care.payers.state"},
		{"arms.usual.costs.care.payers.municipality", "arms.ips.costs.care.payers.municipality"},
		{"arms.usual.enrolment.dropout", "cohort.starts_per_year"},
	}
	s.Arms[0].Enrolment.Dropout, s.Cohort.StartsPerYear = 0.5, 0.5
	s.Uncertainty = cba.Uncertainty{
		Parameters: []cba.Uncertain{
			{Paths: []string{"arms.ips.enrolment.dropout"}, Dist: cba.Distribution{Kind: cba.Uniform, Min: 0, Max: 0.1}},
			{Paths: []string{"arms.ips.costs.specialist.amount"}, Dist: cba.Distribution{Kind: cba.Uniform, Min: 3000, Max: 5000}},
		},
		Dirichlets: []cba.Dirichlet{
			{Paths: []string{"groups.young.share", "groups.old.share"}, Concentration: 50},
			{Paths: []string{"groups.old.share", "groups.young.share"}, Concentration: 50}, // the same draw
			{Paths: []string{"groups.young.benefits.assistance.share", "groups.young.benefits.disability.share"}, Concentration: 9},
		},
		Correlations: []cba.Correlation{{A: "arms.ips.enrolment.dropout", B: "arms.ips.costs.specialist.amount", Rank: -0.5}},
	}
	s.Benefits = append(s.Benefits, cba.Benefit{Name: "disability", Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5}})
	for g := range s.Groups {
		s.Groups[g].Receipts = append(s.Groups[g].Receipts, cba.Receipt{Share: 0.2, Amount: 20000})
	}
	s.UseMeans()
	fs, err := s.Factors()
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]cba.Factor{}
	for _, f := range fs {
		for _, p := range f.Paths {
			by[p] = f
		}
	}
	if f := by["arms.ips.costs.care.payers.state"]; f.Name != "arms.usual.costs.care.payers.state" || len(f.Paths) != 2 {
		t.Errorf("the split written once: %+v", f)
	}
	if f := by["cohort.starts_per_year"]; f.Name != "arms.usual.enrolment.dropout" || f.Bound != (cba.Bound{Min: 0, Max: 1}) {
		// [0, 1] of the probability within [0, 1e9] of the count; written
		// as a fraction only where both are.
		t.Errorf("a probability tied to a count takes the bound both allow: %+v", f)
	}
	if d, a := by["arms.ips.enrolment.dropout"], by["arms.ips.costs.specialist.amount"]; !d.Correlated || !a.Correlated || d.Dist == nil || d.Value != 0.05 {
		t.Errorf("the correlated pair: %+v, %+v", d, a)
	}
	if f := by["arms.usual.costs.training.amount"]; f.Correlated || f.Uncertain() || f.Dirichlet != -1 || f.ShareSet != -1 {
		t.Errorf("a plain number: %+v", f)
	}
	young, old := by["groups.young.share"], by["groups.old.share"]
	if young.Dirichlet != 0 || old.Dirichlet != 0 || !young.Uncertain() || young.ShareSet < 0 || young.ShareSet != old.ShareSet {
		t.Errorf("the groups' shares, drawn once: %+v, %+v", young, old)
	}
	care := by["arms.ips.costs.care.payers.state"]
	if receipt, other := by["groups.young.benefits.assistance.share"], by["groups.young.benefits.disability.share"]; receipt.Dirichlet != 2 || other.Dirichlet != 2 ||
		receipt.ShareSet < 0 || receipt.ShareSet != other.ShareSet || receipt.ShareSet == young.ShareSet || care.ShareSet < 0 ||
		care.ShareSet == receipt.ShareSet {
		t.Errorf("a Dirichlet entry over shares of no set is a set of its own: %+v, %+v (groups %d, care %d)", receipt, other, young.ShareSet, care.ShareSet)
	}
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, set := range ev.ShareSets() {
		names = append(names, set.Name)
		if set.Name == "uncertainty.dirichlet[2]" && set.Sum != 0 {
			t.Errorf("a Dirichlet set keeps the sum its shares have: Sum %v", set.Sum)
		}
		if set.Name == "groups" && set.Sum != 1 {
			t.Errorf("the groups' shares sum to 1: Sum %v", set.Sum)
		}
	}
	want := []string{"groups", "taxes.income.receivers", "benefits.assistance.payers", "arms.usual.costs.care.payers", "uncertainty.dirichlet[2]"}
	if !slices.Equal(names, want) {
		t.Errorf("share sets %v, want %v", names, want)
	}
}
