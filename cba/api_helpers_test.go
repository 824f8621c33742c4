package cba_test

import (
	"errors"
	"strings"
	"testing"

	"ipscba/cba"
)

// twoGroups is a small valid scenario built through the exported API only:
// two payers, a tax split between them, one benefit, two groups, and IPS
// against a comparator, both with constant Markov chains. The tests of the
// exported API change one thing in it at a time.
func twoGroups() *cba.Scenario {
	chain := func(find, lose float64) cba.ArmGroup {
		return cba.ArmGroup{Employment: cba.Employment{Model: cba.Markov,
			Periods: []cba.MarkovPeriod{{FromMonth: 1, JobFinding: find, JobLoss: lose}}}}
	}
	return &cba.Scenario{
		Name: "two groups", Currency: "NOK", PriceYear: 2025, HorizonMonths: 36,
		Discount: []cba.RateStep{{FromYear: 1, Rate: 0.04}},
		Payers:   []string{"state", "municipality"},
		Perspective: cba.Perspective{
			Lambda:    0.2,
			NonMarket: cba.NonMarket{PerEmployedMonth: 1000},
		},
		EmployerContribution: cba.EmployerContribution{Rate: 0.141, Receivers: cba.Pay("state")},
		Taxes: []cba.TaxComponent{{Name: "income",
			Receivers: cba.Split{{Payer: "state", Share: 0.6}, {Payer: "municipality", Share: 0.4}}, Rate: 0.3}},
		Benefits: []cba.Benefit{{Name: "assistance", Payers: cba.Pay("municipality"),
			InWork: cba.InWorkRule{Kind: cba.OnEarnings, Taper: 1}}},
		Groups: []cba.Group{
			{Name: "young", Share: 0.4, Job: cba.Job{WeeklyHours: 20, HourlyWage: 200},
				Receipts: []cba.Receipt{{Share: 0.5, Amount: 8000}}},
			{Name: "old", Share: 0.6, Job: cba.Job{WeeklyHours: 30, HourlyWage: 220},
				Receipts: []cba.Receipt{{Share: 0.3, Amount: 9000}}},
		},
		Comparator: "usual",
		Arms: []cba.Arm{
			{Name: "usual", Enrolment: cba.Enrolment{Months: 6},
				Costs:  []cba.Cost{{Name: "training", Payers: cba.Pay("state"), Amount: 10000}},
				Groups: []cba.ArmGroup{chain(0.02, 0.05), chain(0.03, 0.05)}},
			{Name: "ips", Enrolment: cba.Enrolment{Dropout: 0.05},
				Costs:  []cba.Cost{{Name: "specialist", Payers: cba.Pay("state"), Amount: 4000}},
				Groups: []cba.ArmGroup{chain(0.05, 0.04), chain(0.06, 0.04)}},
		},
		Cohort: cba.Cohort{StartsPerYear: 120, Years: 2},
	}
}

// problems returns the problems an error from Validate, Apply or an
// Evaluator lists (one for a single *cba.Error).
func problems(err error) []*cba.Error {
	var es cba.Errors
	if errors.As(err, &es) {
		return es
	}
	var e *cba.Error
	if errors.As(err, &e) {
		return []*cba.Error{e}
	}
	return nil
}

// wantProblem fails unless err lists a problem at path whose message
// contains msg.
func wantProblem(t *testing.T, err error, path, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want %s: %s", path, msg)
	}
	for _, e := range problems(err) {
		if e.Path == path && strings.Contains(e.Msg, msg) {
			return
		}
	}
	t.Fatalf("got %v\nwant a problem at %s: ...%s...", err, path, msg)
}
