package cba

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// simpleScenario is a small, hand-checkable scenario: one group, flat 30 %
// tax to the state, one benefit stopped krone for krone by earnings, IPS
// against a comparator with constant Markov chains.
func simpleScenario() *Scenario {
	return &Scenario{
		Name: "simple", Currency: "NOK", PriceYear: 2025, HorizonMonths: 24,
		Discount: []RateStep{{FromYear: 1, Rate: 0.04}},
		Payers:   []string{"state", "municipality"},
		Perspective: Perspective{
			Lambda: 0.2,
		},
		EmployerContribution: EmployerContribution{Rate: 0.141, Receivers: Pay("state")},
		Taxes:                []TaxComponent{{Name: "income", Receivers: Pay("state"), Rate: 0.3}},
		Benefits: []Benefit{{Name: "assistance", Payers: Pay("municipality"), Taxable: NotTaxable,
			InWork: InWorkRule{Kind: OnEarnings, Taper: 1}}},
		Groups: []Group{{Name: "all", Share: 1,
			Job:      Job{WeeklyHours: 20, MonthlyEarnings: 20000, EarningsGiven: true},
			Receipts: []Receipt{{Share: 1, Amount: 8000}}}},
		Comparator: "usual",
		Arms: []Arm{
			{Name: "usual", Costs: []Cost{{Name: "training", Payers: Pay("state"), Amount: 10000}},
				Enrolment: Enrolment{Months: 6},
				Groups:    []ArmGroup{{Employment: Employment{Model: Markov, Periods: []MarkovPeriod{{FromMonth: 1, JobFinding: 0.02, JobLoss: 0.05}}}}}},
			{Name: "ips", Costs: []Cost{{Name: "specialist", Payers: Pay("state"), Amount: 4000}},
				Enrolment: Enrolment{Dropout: 0.05},
				Groups:    []ArmGroup{{Employment: Employment{Model: Markov, Periods: []MarkovPeriod{{FromMonth: 1, JobFinding: 0.05, JobLoss: 0.04}}}}}},
		},
		Cohort: Cohort{StartsPerYear: 120, Years: 2},
	}
}

// randomScenario draws a valid scenario exercising every rule kind and
// every feature: several payers and splits between them, brackets,
// deductions, floors, benefits of both in-work rules with shares that
// change over time, arm allowances and jobs, Markov and observed curves
// with every extrapolation, arms given by an effect with group
// multipliers, wage growth with and without indexation, non-market value,
// leisure and an observed window.
func randomScenario(rng *rand.Rand) *Scenario {
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	s := &Scenario{Name: "random", Currency: "X", HorizonMonths: 1 + rng.IntN(180)}
	if rng.IntN(2) == 0 {
		s.ObservedMonths = rng.IntN(s.HorizonMonths + 1)
	}
	s.Discount = []RateStep{{FromYear: 1, Rate: u(-0.01, 0.08)}}
	for y := 1 + rng.IntN(6); rng.IntN(2) == 0; y += 1 + rng.IntN(6) {
		s.Discount = append(s.Discount, RateStep{FromYear: y + 1, Rate: u(0, 0.06)})
	}
	if rng.IntN(2) == 0 {
		s.WageGrowth = u(-0.01, 0.03)
		s.Indexed = rng.IntN(2) == 0
	}
	for i := range 1 + rng.IntN(3) {
		s.Payers = append(s.Payers, fmt.Sprintf("payer%d", i))
	}
	split := func() Split {
		if len(s.Payers) == 1 || rng.IntN(2) == 0 {
			return Pay(s.Payers[rng.IntN(len(s.Payers))])
		}
		a := u(0.1, 0.9)
		return Split{{Payer: s.Payers[0], Share: a}, {Payer: s.Payers[1], Share: 1 - a}}
	}
	s.Perspective = Perspective{Lambda: u(0, 0.5),
		NonMarket: NonMarket{Include: rng.IntN(2) == 0, PerEmployedMonth: u(0, 3000)},
		Leisure:   Leisure{Include: rng.IntN(2) == 0, Share: u(0, 0.5)}}
	if rng.IntN(3) == 0 {
		s.Perspective.Displacement = u(0, 0.4)
		s.Perspective.DisplacementInBudgets = rng.IntN(2) == 0
	}
	s.Perspective.FinancingOnSpending = rng.IntN(3) == 0
	s.EmployerContribution = EmployerContribution{Rate: u(0, 0.2), Receivers: split()}
	if rng.IntN(2) == 0 {
		s.EmployerContribution.Threshold = u(0, 200000)
	}
	for i := range 1 + rng.IntN(3) {
		t := TaxComponent{Name: fmt.Sprintf("tax%d", i), Receivers: split()}
		switch rng.IntN(3) {
		case 0:
			t.Rate = u(0, 0.4)
			t.DeductionShare, t.DeductionCap, t.PersonalAllowance = u(0, 0.5), u(0, 100000), u(0, 120000)
		case 1:
			from := u(0, 100000)
			for range 1 + rng.IntN(4) {
				t.Brackets = append(t.Brackets, Bracket{From: from, Rate: u(0, 0.2)})
				from += u(1, 300000)
			}
		case 2:
			t.Rate, t.PensionRate, t.PensionRateGiven = u(0, 0.1), u(0, 0.1), true
			t.Floor, t.PhaseIn = u(0, 150000), u(0.1, 0.3)
		}
		if len(s.Payers) > 1 && rng.IntN(3) == 0 {
			to := s.Payers[0]
			if to == t.Receivers[0].Payer {
				to = s.Payers[1]
			}
			s.Equalisation = append(s.Equalisation, Equalisation{Tax: t.Name, Receiver: t.Receivers[0].Payer, Retention: u(0, 1), RestTo: to})
		}
		s.Taxes = append(s.Taxes, t)
	}
	for i := range rng.IntN(4) {
		b := Benefit{Name: fmt.Sprintf("benefit%d", i), Payers: split(), Taxable: IncomeKind(rng.IntN(3))}
		if rng.IntN(2) == 0 {
			b.InWork = InWorkRule{Kind: OnEarnings, Disregard: u(0, 5000), Taper: u(0, 1.2)}
			if rng.IntN(2) == 0 {
				b.InWork.Cutoff = u(5000, 40000)
			}
		} else {
			b.InWork = InWorkRule{Kind: OnHours, NormalHours: u(30, 40), StopShare: u(0.2, 1)}
		}
		s.Benefits = append(s.Benefits, b)
	}
	nGroups := 1 + rng.IntN(4)
	left := 1.0
	for i := range nGroups {
		g := Group{Name: fmt.Sprintf("group%d", i), Share: left}
		if i < nGroups-1 {
			g.Share = left * u(0.1, 0.9)
		}
		left -= g.Share
		g.Job = randomJob(rng)
		room := 1.0
		for range s.Benefits {
			r := Receipt{Share: room * u(0, 0.6), Amount: u(0, 30000)}
			room -= r.Share
			if rng.IntN(3) == 0 { // a later change, within what is left
				r.Later = []ShareStep{{FromMonth: 2 + rng.IntN(60), Share: r.Share * u(0, 1)}}
			}
			g.Receipts = append(g.Receipts, r)
		}
		s.Groups = append(s.Groups, g)
	}
	nArms := 2 + rng.IntN(2)
	for a := range nArms {
		arm := Arm{Name: fmt.Sprintf("arm%d", a), Enrolment: Enrolment{Months: float64(rng.IntN(30)) + u(0, 1), Dropout: u(0, 0.1)}}
		for c := range rng.IntN(4) {
			arm.Costs = append(arm.Costs, Cost{
				Name: fmt.Sprintf("cost%d_%d", a, c), Payers: split(), Category: CostCategory(rng.IntN(2)),
				Timing: Timing(rng.IntN(3)), Amount: u(0, 20000),
			})
			if arm.Costs[c].Timing == PerMonth {
				arm.Costs[c].Months = float64(rng.IntN(40))
			}
		}
		if rng.IntN(3) == 0 {
			al := Allowance{Name: fmt.Sprintf("allowance%d", a), Payers: split(), Timing: Timing(rng.IntN(3)), Amount: u(0, 6000)}
			if al.Timing == PerMonth {
				al.Months = float64(rng.IntN(40))
			}
			arm.Allowances = append(arm.Allowances, al)
		}
		if a > 0 && rng.IntN(3) == 0 {
			arm.Effect = randomEffect(rng)
		}
		for range s.Groups {
			ag := ArmGroup{}
			if arm.Effect != nil {
				ag.EffectMultiplier = u(0, 2)
			} else {
				ag.Employment = randomEmployment(rng, s.HorizonMonths, a == 0)
			}
			if rng.IntN(3) == 0 {
				j := randomJob(rng)
				ag.Job = &j
			}
			arm.Groups = append(arm.Groups, ag)
		}
		if arm.Effect != nil {
			arm.Groups[0].EffectMultiplier += 0.1 // a positive weighted sum
		}
		s.Arms = append(s.Arms, arm)
	}
	s.Comparator = "arm0"
	s.Cohort = Cohort{StartsPerYear: u(0, 500), Years: rng.IntN(4)}
	return s
}

func randomJob(rng *rand.Rand) Job {
	j := Job{WeeklyHours: 5 + 35*rng.Float64(), HourlyWage: 150 + 200*rng.Float64()}
	if rng.IntN(2) == 0 {
		j.MonthlyEarnings, j.EarningsGiven = 5000+40000*rng.Float64(), true
	}
	return j
}

func randomEmployment(rng *rand.Rand, horizon int, comparator bool) Employment {
	e := Employment{Initial: 0.2 * rng.Float64()}
	if rng.IntN(2) == 0 {
		e.Model = Markov
		for m := 1; m <= min(horizon+5, MaxHorizonMonths); m += 1 + rng.IntN(24) {
			e.Periods = append(e.Periods, MarkovPeriod{FromMonth: m, JobFinding: 0.1 * rng.Float64(), JobLoss: 0.1 * rng.Float64()})
			if rng.IntN(2) == 0 {
				break
			}
		}
		return e
	}
	e.Model = Observed
	m := 0
	for range 1 + rng.IntN(4) {
		m += 1 + rng.IntN(20)
		e.Points = append(e.Points, randomPoint(rng, m, rng.Float64()))
	}
	if !comparator {
		e.After = Extrapolation(rng.IntN(3))
		e.HalfLifeMonths = 1 + 48*rng.Float64()
	}
	return e
}

func randomEffect(rng *rand.Rand) *Effect {
	e := &Effect{After: Extrapolation(rng.IntN(3)), HalfLifeMonths: 1 + 48*rng.Float64()}
	m := 0
	for range 1 + rng.IntN(3) {
		m += 1 + rng.IntN(20)
		p := randomPoint(rng, m, 0.3*rng.Float64()-0.05)
		e.Points = append(e.Points, EffectPoint{Month: p.Month, Kind: p.Kind, Difference: p.Share, TimeInWork: p.TimeInWork, RampMonths: p.RampMonths})
	}
	return e
}

// randomPoint is a point at month m whose share (or difference) in work is
// about x, given as a random kind of outcome: the share at the month most
// often, else ever employed, the mean share, hours or earnings over the
// months (for a job of about 20 hours a week and 15,000 a month).
func randomPoint(rng *rand.Rand, m int, x float64) CurvePoint {
	p := CurvePoint{Month: m, Share: x}
	switch rng.IntN(6) {
	case 1:
		p.Kind, p.TimeInWork = EverEmployed, 0.3+0.4*rng.Float64()
		p.Share = x / 2
	case 2:
		p.Kind, p.Share = MeanShare, x/2
	case 3:
		p.Kind, p.Share = HoursWorked, x/2*float64(m)*20*52/12
	case 4:
		p.Kind, p.Share = EarningsEarned, x/2*float64(m)*15000
	}
	if p.Kind != ShareAtMonth && rng.IntN(2) == 0 {
		p.RampMonths = rng.IntN(m + 3) // within the months, or beyond them (a straight line)
	}
	return p
}

// near reports whether a and b agree to rel relative to scale (at least 1).
func near(a, b, rel, scale float64) bool {
	return math.Abs(a-b) <= rel*math.Max(1, scale)
}

func mustEvaluate(t testing.TB, s *Scenario) *Result {
	t.Helper()
	r, err := Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// persp returns the index of a perspective that must exist.
func persp(t testing.TB, r *Result, name string) int {
	t.Helper()
	p, ok := r.Perspective(name)
	if !ok {
		t.Fatalf("no perspective %q in %v", name, r.Perspectives)
	}
	return p
}

// comp returns the index of a component that must exist.
func comp(t testing.TB, r *Result, name string) int {
	t.Helper()
	c, ok := r.Component(name)
	if !ok {
		t.Fatalf("no component %q in %v", name, r.Components)
	}
	return c
}

// index returns the vector position of the factor at path, which must exist.
func index(t testing.TB, ev *Evaluator, path string) int {
	t.Helper()
	i, ok := ev.Index(path)
	if !ok {
		t.Fatalf("no factor at %s", path)
	}
	return i
}
