package floor

import (
	"math"
	"math/rand/v2"
	"testing"

	"ipscba/cba"
)

// norwegianTax is the floor's three-component tax as the model's tax
// components: ordinary income (22 % after a standard deduction of 46 % up
// to 92,000 and a personal allowance of 108,550), the bracket tax on the
// whole base, and national insurance (7.7 % of wages, 5.1 % of pensions,
// nothing up to 99,650 and at most 25 % of the base above it).
var norwegianTax = []cba.TaxComponent{
	{Name: "ordinary", Receivers: cba.Pay("state"), Rate: 0.22, DeductionShare: 0.46, DeductionCap: 92000, PersonalAllowance: 108550},
	{Name: "bracket", Receivers: cba.Pay("state"), Brackets: []cba.Bracket{
		{From: 217400, Rate: 0.017}, {From: 306050, Rate: 0.04}, {From: 697150, Rate: 0.137}, {From: 942400, Rate: 0.167}, {From: 1410750, Rate: 0.177}}},
	{Name: "insurance", Receivers: cba.Pay("state"), Rate: 0.077, PensionRate: 0.051, PensionRateGiven: true, Floor: 99650, PhaseIn: 0.25},
}

// TestTaxIsTheModelsTax: the simplified floor's hand-written tax is the model's tax
// of the same three components, on wages, pensions and both, across every
// bracket and both sides of the insurance floor and its phase-in.
func TestTaxIsTheModelsTax(t *testing.T) {
	for _, wage := range []float64{0, 50000, 99650, 110000, 250000, 400000, 800000, 1e6, 2e6} {
		for _, pension := range []float64{0, 20000, 329172, 1.5e6} {
			want := 0.0
			for i := range norwegianTax {
				want += norwegianTax[i].Tax(wage, pension)
			}
			if got := simplifiedTax(wage, pension); math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Errorf("tax(%v, %v) = %v, the model's %v", wage, pension, got, want)
			}
		}
	}
}

// iterationScenario is what iteration i of the floor computes, as a
// scenario: Groups groups of one participant each (shares 1/Groups) in Arms
// arms, whose job finding is the iteration's draw plus 0.01 per arm and
// per group, with the benefits, tax, costs and discounting the floor writes
// out by hand, and no financing cost (the floor adds 0.2 of society's NPV
// itself).
func iterationScenario(i int) *cba.Scenario {
	var key [32]byte
	key[0], key[1] = byte(i), byte(i>>8)
	r := rand.New(rand.NewChaCha8(key))
	find, loss, wage := 0.03+0.01*r.Float64(), 0.02+0.01*r.Float64(), 230+10*r.Float64()

	s := &cba.Scenario{
		Name: "floor", HorizonMonths: Months,
		Discount:             []cba.RateStep{{FromYear: 1, Rate: 0.04}},
		Payers:               []string{"state"},
		EmployerContribution: cba.EmployerContribution{Rate: 0.141, Receivers: cba.Pay("state")},
		Taxes:                norwegianTax,
		Benefits: []cba.Benefit{
			{Name: "aap", Payers: cba.Pay("state"), Taxable: cba.WageIncome, InWork: cba.InWorkRule{Kind: cba.OnHours, NormalHours: 37.5, StopShare: 1}},
			{Name: "disability", Payers: cba.Pay("state"), Taxable: cba.PensionIncome, InWork: cba.InWorkRule{Kind: cba.OnEarnings, Disregard: 4338, Taper: 0.66}},
			{Name: "assistance", Payers: cba.Pay("state"), InWork: cba.InWorkRule{Kind: cba.OnEarnings, Taper: 1}},
		},
		Comparator: "arm0",
	}
	for g := range Groups {
		s.Groups = append(s.Groups, cba.Group{Name: "group" + string(rune('0'+g)), Share: 1.0 / Groups,
			Job:      cba.Job{WeeklyHours: 20, HourlyWage: wage},
			Receipts: []cba.Receipt{{Share: 0.6, Amount: 22138}, {Share: 0.1, Amount: 27431}, {Share: 0.15, Amount: 7850}}})
	}
	for a := range Arms {
		arm := cba.Arm{Name: "arm" + string(rune('0'+a)), Enrolment: cba.Enrolment{Dropout: 0.056},
			Costs: []cba.Cost{{Name: "programme", Payers: cba.Pay("state"), Amount: 4166}}}
		for g := range Groups {
			arm.Groups = append(arm.Groups, cba.ArmGroup{Employment: cba.Employment{Model: cba.Markov,
				Periods: []cba.MarkovPeriod{{FromMonth: 1, JobFinding: find + 0.01*float64(a+g), JobLoss: loss}}}})
		}
		s.Arms = append(s.Arms, arm)
	}
	return s
}

// TestIterationIsTheModelsArithmetic: an iteration of the floor is the
// model's evaluation of the same simplified scenario: the sum over arms and
// groups of the participant's and the public budgets' NPV and 0.2 times
// society's. So the floor measures the cost of the model's arithmetic, not
// of some other.
func TestIterationIsTheModelsArithmetic(t *testing.T) {
	f := NewSimplified()
	for _, i := range []int{0, 1, 2, 300, 65535} {
		r, err := cba.Evaluate(iterationScenario(i))
		if err != nil {
			t.Fatal(err)
		}
		part, _ := r.Perspective("participant")
		pub, _ := r.Perspective("public")
		soc, _ := r.Perspective("society")
		want := 0.0
		for _, arm := range r.Arms {
			for _, g := range arm.Groups {
				want += g.NPV[part] + g.NPV[pub] + 0.2*g.NPV[soc]
			}
		}
		if got := f.Iteration(i); math.Abs(got-want) > 1e-10*math.Abs(want) {
			t.Errorf("iteration %d: %v, the model's %v", i, got, want)
		}
	}
	// Iteration i depends on i alone.
	if a, b := f.Iteration(7), NewSimplified().Iteration(7); a != b {
		t.Errorf("iteration 7: %v after others, %v alone", a, b)
	}
}
