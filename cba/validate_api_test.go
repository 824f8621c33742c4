package cba_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"ipscba/cba"
)

// TestValidateNamesEachProblem: each thing a scenario built in Go can get
// wrong is refused by Validate with a problem at the parameter path a
// scenario file uses, saying what is wrong (and what was found, where a
// number was found). One change to a valid scenario a case.
func TestValidateNamesEachProblem(t *testing.T) {
	periods := func(ps ...cba.MarkovPeriod) cba.Employment {
		return cba.Employment{Model: cba.Markov, Periods: ps}
	}
	observed := func(after cba.Extrapolation, months ...int) cba.Employment {
		e := cba.Employment{Model: cba.Observed, After: after, HalfLifeMonths: 12}
		for _, m := range months {
			e.Points = append(e.Points, cba.CurvePoint{Month: m, Share: 0.3})
		}
		return e
	}
	effect := func(after cba.Extrapolation, months ...int) *cba.Effect {
		e := &cba.Effect{After: after, HalfLifeMonths: 12}
		for _, m := range months {
			e.Points = append(e.Points, cba.EffectPoint{Month: m, Difference: 0.1})
		}
		return e
	}
	withEffect := func(s *cba.Scenario, e *cba.Effect) {
		s.Arms[1].Effect = e
		for g := range s.Arms[1].Groups {
			s.Arms[1].Groups[g] = cba.ArmGroup{EffectMultiplier: 1}
		}
	}
	for _, tc := range []struct {
		name       string
		edit       func(s *cba.Scenario)
		path, want string
	}{
		{"nil-free discount", func(s *cba.Scenario) { s.Discount = nil }, "discount", "needs at least one rate"},
		{"first discount step late", func(s *cba.Scenario) { s.Discount[0].FromYear = 2 },
			"discount[0].from_year", "the first step must start in year 1, got 2"},
		{"discount years repeat", func(s *cba.Scenario) {
			s.Discount = []cba.RateStep{{FromYear: 1, Rate: 0.04}, {FromYear: 4, Rate: 0.03}, {FromYear: 4, Rate: 0.02}}
		}, "discount[2].from_year", "years must increase, got 4 after 4"},
		{"discount years fall", func(s *cba.Scenario) {
			s.Discount = []cba.RateStep{{FromYear: 1, Rate: 0.04}, {FromYear: 6, Rate: 0.03}, {FromYear: 5, Rate: 0.02}}
		}, "discount[2].from_year", "years must increase, got 5 after 6"},
		{"discount year beyond its bound", func(s *cba.Scenario) {
			s.Discount = append(s.Discount, cba.RateStep{FromYear: 1001, Rate: 0.03})
		}, "discount[1].from_year", "must be in [1, 1000], got 1001"},
		{"horizon", func(s *cba.Scenario) { s.HorizonMonths = 0 }, "horizon_months", "must be in [1, 1200], got 0"},
		{"observed window past the horizon", func(s *cba.Scenario) { s.ObservedMonths = 37 },
			"observed_months", "must be at most the horizon (36 months), got 37"},
		{"price year", func(s *cba.Scenario) { s.PriceYear = 1899 }, "price_year", "must be in [1900, 2200], got 1899"},
		{"no payers", func(s *cba.Scenario) { s.Payers = nil }, "payers", "needs at least one public payer"},
		{"payer named twice", func(s *cba.Scenario) { s.Payers = append(s.Payers, "state") }, "payers[2]", `the payer "state" is named twice`},
		{"payer with a result's name", func(s *cba.Scenario) { s.Payers = append(s.Payers, "public") },
			"payers[2]", `"public" is the name of a result`},
		{"payer with a space", func(s *cba.Scenario) { s.Payers = append(s.Payers, "health trust") },
			"payers[2]", `the payer name "health trust" may hold only letters, digits and underscores`},
		{"tax named twice", func(s *cba.Scenario) { s.Taxes = append(s.Taxes, s.Taxes[0]) }, "taxes.income", `the name "income" is used twice`},
		{"tax and benefit of one name", func(s *cba.Scenario) { s.Benefits[0].Name = "income" }, "benefits.income", `the name "income" is used twice`},
		{"tax without a name", func(s *cba.Scenario) { s.Taxes[0].Name = "" }, "taxes", "a tax has no name"},
		{"pension rate with brackets", func(s *cba.Scenario) {
			s.Taxes[0].PensionRateGiven, s.Taxes[0].Brackets = true, []cba.Bracket{{From: 1000, Rate: 0.1}}
		}, "taxes.income.pension_rate", "a component with a pension rate can have no brackets, allowance or deduction"},
		{"pension rate with an allowance", func(s *cba.Scenario) {
			s.Taxes[0].PensionRateGiven, s.Taxes[0].PersonalAllowance = true, 1000
		}, "taxes.income.pension_rate", "can have no brackets, allowance or deduction"},
		{"pension rate with a deduction", func(s *cba.Scenario) {
			s.Taxes[0].PensionRateGiven, s.Taxes[0].DeductionShare = true, 0.1
		}, "taxes.income.pension_rate", "can have no brackets, allowance or deduction"},
		{"income equalised twice", func(s *cba.Scenario) {
			e := cba.Equalisation{Tax: "income", Receiver: "municipality", Retention: 0.4, RestTo: "state"}
			s.Equalisation = []cba.Equalisation{e, e}
		}, "equalisation[1]", "equalises municipality's share of income twice"},
		{"unknown receiver", func(s *cba.Scenario) { s.Taxes[0].Receivers[1].Payer = "county" },
			"taxes.income.receivers", `unknown payer "county" (payers: state, municipality)`},
		{"receiver twice", func(s *cba.Scenario) { s.Taxes[0].Receivers[1].Payer = "state" },
			"taxes.income.receivers", `names the payer "state" twice`},
		{"no receiver", func(s *cba.Scenario) { s.Taxes[0].Receivers = nil },
			"taxes.income.receivers", "names no payer (payers: state, municipality)"},
		{"one unknown receiver, written as one", func(s *cba.Scenario) { s.Taxes[0].Receivers = cba.Pay("county") },
			"taxes.income.receiver", `unknown payer "county"`},
		{"employer contribution without receivers", func(s *cba.Scenario) { s.EmployerContribution.Receivers = nil },
			"employer_contribution.receivers", "names no payer"},
		{"receivers' shares", func(s *cba.Scenario) { s.Taxes[0].Receivers[1].Share = 0.25 },
			"taxes.income.receivers", "shares must sum to 1, got 0.85"},
		{"employer contribution's receivers' shares", func(s *cba.Scenario) {
			s.EmployerContribution.Receivers = cba.Split{{Payer: "state", Share: 0.5}, {Payer: "municipality", Share: 0.6}}
		}, "employer_contribution.receivers", "shares must sum to 1, got 1.1"},
		{"brackets out of order", func(s *cba.Scenario) {
			s.Taxes[0].Brackets = []cba.Bracket{{From: 1000, Rate: 0.1}, {From: 1000, Rate: 0.2}}
		}, "taxes.income.brackets[1].from", "brackets must be in increasing order without overlap, got 1000 after 1000"},
		{"unknown in-work rule", func(s *cba.Scenario) { s.Benefits[0].InWork.Kind = 7 },
			"benefits.assistance.in_work", "unknown in-work rule"},
		{"unknown kind of income", func(s *cba.Scenario) { s.Benefits[0].Taxable = 3 },
			"benefits.assistance.taxable", "unknown kind of income (3): none, wage or pension"},
		{"benefit payers' shares", func(s *cba.Scenario) {
			s.Benefits[0].Payers = cba.Split{{Payer: "state", Share: 0.5}, {Payer: "municipality", Share: 0.4}}
		}, "benefits.assistance.payers", "shares must sum to 1, got 0.9"},
		{"no groups", func(s *cba.Scenario) {
			s.Groups = nil
			for a := range s.Arms {
				s.Arms[a].Groups = nil
			}
		}, "groups", "needs at least one group"},
		{"group named twice", func(s *cba.Scenario) { s.Groups[1].Name = "young" }, "groups.young", `the name "young" is used twice`},
		{"group with a result's name", func(s *cba.Scenario) { s.Groups[1].Name = "population" },
			"groups.population", `"population" is the name of a result`},
		{"group's receipts", func(s *cba.Scenario) { s.Groups[1].Receipts = nil },
			"groups.old.benefits", "has 0 receipts for 1 benefits"},
		{"groups' shares", func(s *cba.Scenario) { s.Groups[1].Share = 0.5 }, "groups", "shares must sum to 1, got 0.9"},
		{"receipt shares above 1", func(s *cba.Scenario) {
			s.Benefits = append(s.Benefits, cba.Benefit{Name: "disability", Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5}})
			for g := range s.Groups {
				s.Groups[g].Receipts = append(s.Groups[g].Receipts, cba.Receipt{Share: 0.6, Amount: 20000})
			}
		}, "groups.young.benefits", "receipt shares sum to 1.1, more than 1: a participant receives at most one benefit"},
		{"a later share out of its bound", func(s *cba.Scenario) {
			s.Groups[0].Receipts[0].Later = []cba.ShareStep{{FromMonth: 2, Share: 1.2}}
		}, "groups.young.benefits.assistance.later[0].share", "must be in [0, 1], got 1.2"},
		{"receipt shares above 1 later", func(s *cba.Scenario) {
			s.Benefits = append(s.Benefits, cba.Benefit{Name: "disability", Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5}})
			for g := range s.Groups {
				s.Groups[g].Receipts = append(s.Groups[g].Receipts, cba.Receipt{Share: 0.25, Amount: 20000})
			}
			s.Groups[1].Receipts[1].Later = []cba.ShareStep{{FromMonth: 13, Share: 0.75}}
		}, "groups.old.benefits (from month 13)", "receipt shares sum to 1.05, more than 1"},
		{"a later share from month 1", func(s *cba.Scenario) {
			s.Groups[0].Receipts[0].Later = []cba.ShareStep{{FromMonth: 1, Share: 0.2}}
		}, "groups.young.benefits.assistance.later[0].from_month", "a later share starts after month 1 (the share itself holds from month 1), got 1"},
		{"later shares' months repeat", func(s *cba.Scenario) {
			s.Groups[0].Receipts[0].Later = []cba.ShareStep{{FromMonth: 2, Share: 0.2}, {FromMonth: 9, Share: 0.1}, {FromMonth: 9, Share: 0}}
		}, "groups.young.benefits.assistance.later[2].from_month", "months must increase, got 9 after 9"},
		{"later share past every horizon", func(s *cba.Scenario) {
			s.Groups[0].Receipts[0].Later = []cba.ShareStep{{FromMonth: 2, Share: 0.2}, {FromMonth: 1201, Share: 0.1}}
		}, "groups.young.benefits.assistance.later[1].from_month", "must be in [1, 1200], got 1201"},
		{"one arm", func(s *cba.Scenario) { s.Arms = s.Arms[:1] }, "arms", "needs at least two arms, one of them the comparator"},
		{"arm named twice", func(s *cba.Scenario) { s.Arms[1].Name = "usual" }, "arms.usual", `the name "usual" is used twice`},
		{"no comparator", func(s *cba.Scenario) { s.Comparator = "" }, "comparator", "is missing: name the arm the others are compared with"},
		{"unknown comparator", func(s *cba.Scenario) { s.Comparator = "nothing" }, "comparator", `names no arm: "nothing"`},
		{"cohort years", func(s *cba.Scenario) { s.Cohort.Years = 101 }, "cohort.years", "must be in [0, 100], got 101"},
		{"cost named twice in an arm", func(s *cba.Scenario) { s.Arms[1].Costs = append(s.Arms[1].Costs, s.Arms[1].Costs[0]) },
			"arms.ips.costs.specialist", `the name "specialist" is used twice`},
		{"cost of one name, another payer", func(s *cba.Scenario) {
			s.Arms[1].Costs = append(s.Arms[1].Costs, cba.Cost{Name: "training", Payers: cba.Pay("municipality"), Amount: 10})
		}, "arms.ips.costs.training", `a cost named "training" in arm usual has another payer or category; use another name`},
		{"cost of one name, another category", func(s *cba.Scenario) {
			s.Arms[1].Costs = append(s.Arms[1].Costs, cba.Cost{Name: "training", Payers: cba.Pay("state"), Category: cba.ServiceCost, Amount: 10})
		}, "arms.ips.costs.training", `a cost named "training" in arm usual has another payer or category`},
		{"cost without a name", func(s *cba.Scenario) { s.Arms[1].Costs[0].Name = "" }, "arms.ips.costs.", "a cost has no name"},
		{"unknown category", func(s *cba.Scenario) { s.Arms[1].Costs[0].Category = 2 },
			"arms.ips.costs.specialist.category", "unknown category (2): programme or service"},
		{"months of a one-off cost", func(s *cba.Scenario) { s.Arms[1].Costs[0].Timing, s.Arms[1].Costs[0].Months = cba.OneOff, 3 },
			"arms.ips.costs.specialist.months", "only a per_month cost has months (enrolment sets the others')"},
		{"months of a cost per enrolled month", func(s *cba.Scenario) { s.Arms[1].Costs[0].Months = 3 },
			"arms.ips.costs.specialist.months", "only a per_month cost has months"},
		{"unknown timing", func(s *cba.Scenario) { s.Arms[1].Costs[0].Timing = 3 }, "arms.ips.costs.specialist.timing", "unknown timing"},
		{"cost payers' shares", func(s *cba.Scenario) {
			s.Arms[1].Costs[0].Payers = cba.Split{{Payer: "state", Share: 0.5}, {Payer: "municipality", Share: 0.25}}
		}, "arms.ips.costs.specialist.payers", "shares must sum to 1, got 0.75"},
		{"allowance named as a benefit", func(s *cba.Scenario) {
			s.Arms[1].Allowances = []cba.Allowance{{Name: "assistance", Payers: cba.Pay("state"), Amount: 100}}
		}, "arms.ips.allowances.assistance", `the name "assistance" is also a benefit's; use another name`},
		{"allowance named twice", func(s *cba.Scenario) {
			al := cba.Allowance{Name: "course", Payers: cba.Pay("state"), Amount: 100}
			s.Arms[1].Allowances = []cba.Allowance{al, al}
		}, "arms.ips.allowances.course", `the name "course" is used twice`},
		{"allowance payers' shares", func(s *cba.Scenario) {
			s.Arms[1].Allowances = []cba.Allowance{{Name: "course", Amount: 100,
				Payers: cba.Split{{Payer: "state", Share: 0.5}, {Payer: "municipality", Share: 0.25}}}}
		}, "arms.ips.allowances.course.payers", "shares must sum to 1, got 0.75"},
		{"allowance's timing", func(s *cba.Scenario) {
			s.Arms[1].Allowances = []cba.Allowance{{Name: "course", Payers: cba.Pay("state"), Amount: 100, Timing: 9}}
		}, "arms.ips.allowances.course.timing", "unknown timing"},
		{"arm's groups", func(s *cba.Scenario) { s.Arms[1].Groups = s.Arms[1].Groups[:1] }, "arms.ips.groups", "has 1 groups, the population 2"},
		{"no curve", func(s *cba.Scenario) { s.Arms[1].Groups[1].Employment = cba.Employment{} },
			"arms.ips.groups.old.employment", "needs an employment curve (markov or observed), or the arm an effect"},
		{"no periods", func(s *cba.Scenario) { s.Arms[1].Groups[1].Employment = periods() },
			"arms.ips.groups.old.employment.periods", "needs at least one period"},
		{"first period late", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = periods(cba.MarkovPeriod{FromMonth: 2, JobFinding: 0.1})
		}, "arms.ips.groups.old.employment.periods[0].from_month", "the first period must start in month 1, got 2"},
		{"periods repeat a month", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = periods(cba.MarkovPeriod{FromMonth: 1}, cba.MarkovPeriod{FromMonth: 7}, cba.MarkovPeriod{FromMonth: 7})
		}, "arms.ips.groups.old.employment.periods[2].from_month", "months must increase, got 7 after 7"},
		{"periods go back", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = periods(cba.MarkovPeriod{FromMonth: 1}, cba.MarkovPeriod{FromMonth: 7}, cba.MarkovPeriod{FromMonth: 3})
		}, "arms.ips.groups.old.employment.periods[2].from_month", "months must increase, got 3 after 7"},
		{"period past every horizon", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = periods(cba.MarkovPeriod{FromMonth: 1}, cba.MarkovPeriod{FromMonth: 1300})
		}, "arms.ips.groups.old.employment.periods[1].from_month", "must be in [1, 1200], got 1300"},
		{"no points", func(s *cba.Scenario) { s.Arms[1].Groups[1].Employment = observed(cba.HoldConstant) },
			"arms.ips.groups.old.employment.points", "needs at least one point"},
		{"points repeat a month", func(s *cba.Scenario) { s.Arms[1].Groups[1].Employment = observed(cba.HoldConstant, 6, 12, 12) },
			"arms.ips.groups.old.employment.points[2].month", "months must increase, got 12 after 12"},
		{"points go back", func(s *cba.Scenario) { s.Arms[1].Groups[1].Employment = observed(cba.HoldConstant, 6, 12, 9) },
			"arms.ips.groups.old.employment.points[2].month", "months must increase, got 9 after 12"},
		{"point at month 0", func(s *cba.Scenario) { s.Arms[1].Groups[1].Employment = observed(cba.HoldConstant, 0) },
			"arms.ips.groups.old.employment.points[0].month", "must be in [1, 1200], got 0"},
		{"ramp of a share at its month", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = observed(cba.HoldConstant, 6)
			s.Arms[1].Groups[1].Employment.Points[0].RampMonths = 3
		}, "arms.ips.groups.old.employment.points[0].ramp_months", "only a point of another kind than the share at its month has ramp_months"},
		{"ramp out of its bound", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = observed(cba.HoldConstant, 6)
			s.Arms[1].Groups[1].Employment.Points[0].Kind = cba.EverEmployed
			s.Arms[1].Groups[1].Employment.Points[0].RampMonths = -1
		}, "arms.ips.groups.old.employment.points[0].ramp_months", "must be in [0, 1200], got -1"},
		{"an arm's job without hours converts hours", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = observed(cba.HoldConstant, 6)
			s.Arms[1].Groups[1].Employment.Points[0].Kind = cba.HoursWorked
			s.Arms[1].Groups[1].Job = &cba.Job{HourlyWage: 220}
		}, "arms.ips.groups.old.job.weekly_hours", "must be above 0: it converts the hours worked the arm ips measures into the share in work"},
		{"comparator's curve decays", func(s *cba.Scenario) { s.Arms[0].Groups[1].Employment = observed(cba.DecayToComparator, 6) },
			"arms.usual.groups.old.employment.extrapolation", "the comparator's curve can only be held constant"},
		{"comparator's curve ends", func(s *cba.Scenario) { s.Arms[0].Groups[1].Employment = observed(cba.EndEffect, 6) },
			"arms.usual.groups.old.employment.extrapolation", "the comparator's curve can only be held constant"},
		{"unknown extrapolation", func(s *cba.Scenario) { s.Arms[1].Groups[1].Employment = observed(cba.EndEffect+1, 6) },
			"arms.ips.groups.old.employment.extrapolation", "unknown extrapolation"},
		{"negative extrapolation", func(s *cba.Scenario) { s.Arms[1].Groups[1].Employment = observed(-1, 6) },
			"arms.ips.groups.old.employment.extrapolation", "unknown extrapolation"},
		{"effect of the comparator", func(s *cba.Scenario) { s.Arms[0].Effect = effect(cba.HoldConstant, 12) },
			"arms.usual.effect", "the comparator cannot have an effect: effects are relative to it"},
		{"effect and a curve", func(s *cba.Scenario) { s.Arms[1].Effect = effect(cba.HoldConstant, 12) },
			"arms.ips.groups.young.employment", "an arm with an effect gives each group an effect_multiplier, not an employment curve"},
		{"effect without points", func(s *cba.Scenario) { withEffect(s, effect(cba.HoldConstant)) },
			"arms.ips.effect.points", "needs at least one point"},
		{"effect's points repeat a month", func(s *cba.Scenario) { withEffect(s, effect(cba.HoldConstant, 6, 6)) },
			"arms.ips.effect.points[1].month", "months must increase, got 6 after 6"},
		{"effect's unknown extrapolation", func(s *cba.Scenario) { withEffect(s, effect(cba.EndEffect+1, 6)) },
			"arms.ips.effect.extrapolation", "unknown extrapolation"},
		{"effect's negative extrapolation", func(s *cba.Scenario) { withEffect(s, effect(-1, 6)) },
			"arms.ips.effect.extrapolation", "unknown extrapolation"},
		{"effect multipliers all 0", func(s *cba.Scenario) {
			withEffect(s, effect(cba.HoldConstant, 6))
			s.Arms[1].Groups[0].EffectMultiplier, s.Arms[1].Groups[1].EffectMultiplier = 0, 0
		}, "arms.ips.groups", "the groups' effect multipliers weighted by their shares sum to 0: at least one must be above 0"},
		{"a number out of its bound", func(s *cba.Scenario) { s.Arms[1].Enrolment.Dropout = 20 },
			"arms.ips.enrolment.dropout", "must be in [0, 1], got 20 (write 0.2 for 20 %)"},
		{"a number that is not one", func(s *cba.Scenario) { s.Groups[0].Job.HourlyWage = math.NaN() },
			"groups.young.job.hourly_wage", "must be a finite number, got NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := twoGroups()
			tc.edit(s)
			wantProblem(t, s.Validate(), tc.path, tc.want)
			// Every way in refuses it alike.
			if _, err := cba.Evaluate(s); err == nil {
				t.Error("Evaluate accepted it")
			}
			if _, err := s.Factors(); err == nil {
				t.Error("Factors accepted it")
			}
		})
	}
}

// TestValidateAcceptsTheEdges: the values at the edge of what each check
// allows are accepted (a check one step too strict would refuse them).
func TestValidateAcceptsTheEdges(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(s *cba.Scenario)
	}{
		{"the base", func(*cba.Scenario) {}},
		{"observed window at the horizon", func(s *cba.Scenario) { s.ObservedMonths = 36 }},
		{"discount steps a year apart", func(s *cba.Scenario) {
			s.Discount = []cba.RateStep{{FromYear: 1, Rate: 0.04}, {FromYear: 2, Rate: 0.03}, {FromYear: 1000, Rate: 0.02}}
		}},
		{"a later share from month 2", func(s *cba.Scenario) { s.Groups[0].Receipts[0].Later = []cba.ShareStep{{FromMonth: 2, Share: 0.2}} }},
		{"later shares a month apart", func(s *cba.Scenario) {
			s.Groups[0].Receipts[0].Later = []cba.ShareStep{{FromMonth: 2, Share: 0.2}, {FromMonth: 3, Share: 0.1}}
		}},
		{"periods a month apart", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment.Periods = append(s.Arms[1].Groups[1].Employment.Periods, cba.MarkovPeriod{FromMonth: 2, JobFinding: 0.1})
		}},
		{"points a month apart", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = cba.Employment{Model: cba.Observed, Points: []cba.CurvePoint{{Month: 1, Share: 0.1}, {Month: 2, Share: 0.2}}}
		}},
		{"receipt shares summing to exactly 1", func(s *cba.Scenario) { s.Groups[0].Receipts[0].Share = 1 }},
		{"a cost of one name in two arms, alike", func(s *cba.Scenario) {
			s.Arms[1].Costs = append(s.Arms[1].Costs, cba.Cost{Name: "training", Payers: cba.Pay("state"), Amount: 5})
		}},
		{"one effect multiplier above 0", func(s *cba.Scenario) {
			s.Arms[1].Effect = &cba.Effect{Points: []cba.EffectPoint{{Month: 12, Difference: 0.1}}}
			s.Arms[1].Groups = []cba.ArmGroup{{EffectMultiplier: 0}, {EffectMultiplier: 0.5}}
		}},
		{"an observed arm that decays", func(s *cba.Scenario) {
			s.Arms[1].Groups[1].Employment = cba.Employment{Model: cba.Observed, After: cba.EndEffect, Points: []cba.CurvePoint{{Month: 6, Share: 0.3}}}
		}},
		{"a tax with a pension rate alone", func(s *cba.Scenario) {
			s.Taxes = append(s.Taxes, cba.TaxComponent{Name: "insurance", Receivers: cba.Pay("state"), Rate: 0.077, PensionRate: 0.051, PensionRateGiven: true, Floor: 99650, PhaseIn: 0.25})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := twoGroups()
			tc.edit(s)
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestValidateOfNothing: a nil scenario is an error, not a panic.
func TestValidateOfNothing(t *testing.T) {
	var s *cba.Scenario
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "no scenario") {
		t.Errorf("got %v", err)
	}
}

// TestValidateListsAtMostMaxErrors: a scenario with more problems than
// MaxErrors lists MaxErrors of them and counts the rest in a last line.
func TestValidateListsAtMostMaxErrors(t *testing.T) {
	for _, extra := range []int{0, 1, 7} {
		s := twoGroups()
		n := cba.MaxErrors + extra
		for i := range n {
			s.Payers = append(s.Payers, fmt.Sprintf("bad payer %d", i))
		}
		ps := problems(s.Validate())
		want := n
		if extra > 0 {
			want = cba.MaxErrors + 1
		}
		if len(ps) != want {
			t.Fatalf("%d problems: listed %d, want %d", n, len(ps), want)
		}
		last := ps[len(ps)-1]
		switch {
		case extra == 0 && last.Path != fmt.Sprintf("payers[%d]", n+1):
			t.Errorf("%d problems: the last is %v", n, last)
		case extra > 0 && (last.Path != "" || last.Msg != fmt.Sprintf("and %d more problems", extra)):
			t.Errorf("%d problems: the last is %v, want and %d more problems", n, last, extra)
		}
	}
}

// TestErrorSaysWhereAndWhat: an Error reads "file:line: path: message",
// leaving out what is not known, with the lines of the other places it
// names; Errors is one such line a problem, and errors.As finds each.
func TestErrorSaysWhereAndWhat(t *testing.T) {
	for _, tc := range []struct {
		e    cba.Error
		want string
	}{
		{cba.Error{Msg: "m"}, "m"},
		{cba.Error{Path: "a.b", Msg: "m"}, "a.b: m"},
		{cba.Error{File: "f.yaml", Path: "a.b", Msg: "m"}, "f.yaml: a.b: m"},
		{cba.Error{File: "f.yaml", Line: 3, Path: "a.b", Msg: "m"}, "f.yaml:3: a.b: m"},
		{cba.Error{File: "f.yaml", Line: 3, Msg: "m"}, "f.yaml:3: m"},
		{cba.Error{Line: 3, Path: "a.b", Msg: "m"}, "a.b: m"},
		{cba.Error{Path: "a", Msg: "m", See: []string{"b", "c", "d"}, SeeLines: []int{7, 0}}, "a: m (b is at line 7)"},
		{cba.Error{Path: "a", Msg: "m", See: []string{"b", "c"}, SeeLines: []int{7, 9}}, "a: m (b is at line 7) (c is at line 9)"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.e, got, tc.want)
		}
	}
	es := cba.Errors{{Path: "a", Msg: "one"}, {Path: "b", Msg: "two"}}
	if got := es.Error(); got != "a: one\nb: two" {
		t.Errorf("Errors: %q", got)
	}
	if got := len(es.Unwrap()); got != 2 {
		t.Errorf("Unwrap: %d errors", got)
	}
}
