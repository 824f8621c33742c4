package cba

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// checkIdentity asserts MODEL.md section 6's accounting identity for every
// month of every summary. At displacement 0, with lambda on the net public
// flow: society = participant + (1+lambda)*public + dQ - lost leisure (the
// last two when included). In general
//
//	society = participant + public + lambda*F + dQ - leisure - D
//
// where F is the financing base (the public flow, or public spending only:
// the public flow less its taxes and contributions) and D what displacement
// takes: d*(earnings + employer contribution) when it lowers production
// only, d*(earnings - taxes + benefits), the displaced workers' loss, when
// it reaches the budgets too.
func checkIdentity(t *testing.T, s *Scenario, r *Result) {
	t.Helper()
	lambda, d := s.Perspective.Lambda, s.Perspective.Displacement
	part, pub, soc := persp(t, r, "participant"), persp(t, r, "public"), persp(t, r, "society")
	nm, le := comp(t, r, "non_market"), comp(t, r, "leisure")
	earn, employer := comp(t, r, "earnings"), comp(t, r, "employer_contribution")
	revenue := func(name string) bool { return name == "employer_contribution" || strings.HasPrefix(name, "tax:") }
	// terms returns participant + public + lambda*F + dQ - leisure - D
	// for the values of the components.
	terms := func(value func(c int) float64) (float64, float64) {
		side, f := 0.0, 0.0
		for c, name := range r.Components {
			v := value(c)
			side += (r.Weights[part][c] + r.Weights[pub][c]) * v
			if !s.Perspective.FinancingOnSpending || !revenue(name) {
				f += r.Weights[pub][c] * v
			}
		}
		side += lambda * f
		if s.Perspective.NonMarket.Include {
			side += value(nm)
		}
		if s.Perspective.Leisure.Include {
			side -= value(le)
		}
		if s.Perspective.DisplacementInBudgets {
			for c, name := range r.Components {
				if c == earn || strings.HasPrefix(name, "tax:") || strings.HasPrefix(name, "benefit:") {
					side -= d * r.Weights[part][c] * value(c)
				}
			}
		} else {
			side -= d * (value(earn) + value(employer))
		}
		return side, f
	}
	check := func(o *Outcome, sum *Summary) {
		for m := range sum.Employment {
			rhs, _ := terms(func(c int) float64 { return sum.Flows[c][m] })
			scale := 0.0
			for c := range sum.Flows {
				scale += math.Abs(sum.Flows[c][m])
			}
			if lhs := r.PerspectiveFlow(sum, soc, m); !near(lhs, rhs, 1e-9, scale) {
				t.Errorf("%s %q month %d: society %v, participant + public + lambda F + dQ - leisure - displaced = %v", o.Arm, sum.Group, m, lhs, rhs)
			}
		}
		// And the NPVs, which Evaluate computes from present values.
		rhs, f := terms(func(c int) float64 { return sum.PV[c] })
		scale := 0.0
		for _, v := range sum.PV {
			scale += math.Abs(v)
		}
		if !near(sum.NPV[soc], rhs, 1e-9, scale) {
			t.Errorf("%s %q: NPV identity fails", o.Arm, sum.Group)
		}
		// The financing component is lambda times the base.
		if fin := sum.PV[comp(t, r, "financing")]; !near(fin, lambda*f, 1e-9, scale) {
			t.Errorf("%s %q: financing %v, lambda times its base %v", o.Arm, sum.Group, fin, lambda*f)
		}
	}
	for _, os := range [][]Outcome{r.Arms, r.Increments} {
		for i := range os {
			check(&os[i], &os[i].Population)
			for g := range os[i].Groups {
				check(&os[i], &os[i].Groups[g])
			}
		}
	}
}

func TestAccountingIdentity(t *testing.T) {
	checkIdentity(t, simpleScenario(), mustEvaluate(t, simpleScenario()))
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 200 {
		s := randomScenario(rng)
		checkIdentity(t, s, mustEvaluate(t, s))
		if t.Failed() {
			t.Fatalf("random scenario %d", i)
		}
	}
}

func TestDisplacementTakesItsShareOfProduction(t *testing.T) {
	s := simpleScenario()
	base := mustEvaluate(t, s)
	s.Perspective.Displacement = 0.25
	displaced := mustEvaluate(t, s)
	inc, dinc := &base.Increments[0].Population, &displaced.Increments[0].Population
	production := inc.PV[comp(t, base, "earnings")] + inc.PV[comp(t, base, "employer_contribution")]
	soc := persp(t, base, "society")
	if got, want := dinc.NPV[soc], inc.NPV[soc]-0.25*production; math.Abs(got-want) > 1e-9 {
		t.Errorf("society with 25 %% displacement %v, want %v", got, want)
	}
	if dinc.NPV[0] != inc.NPV[0] {
		t.Errorf("displacement changed the participant's NPV")
	}
}

func TestIdenticalArmsGiveExactlyZero(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 50 {
		s := randomScenario(rng)
		twin := s.Clone().Arms[0]
		twin.Name = "twin"
		s.Arms = append(s.Arms, twin)
		// Costs of the same name split between payers are written once.
		tie := func(kind string, name string, sp Split) {
			for _, x := range sp {
				if len(sp) > 1 {
					s.Aliases = append(s.Aliases, []string{"arms.arm0." + kind + "." + name + ".payers." + x.Payer, "arms.twin." + kind + "." + name + ".payers." + x.Payer})
				}
			}
		}
		for _, c := range twin.Costs {
			tie("costs", c.Name, c.Payers)
		}
		for _, al := range twin.Allowances {
			tie("allowances", al.Name, al.Payers)
		}
		r := mustEvaluate(t, s)
		inc := r.Increments[len(r.Increments)-1]
		for _, sum := range append([]Summary{inc.Population}, inc.Groups...) {
			for p, v := range sum.NPV {
				if v != 0 {
					t.Fatalf("scenario %d: %s NPV of identical arms is %v", i, r.Perspectives[p], v)
				}
			}
			if sum.EmployedMonths != 0 || sum.ProgrammeCost != 0 {
				t.Fatalf("scenario %d: identical arms differ in employment or cost", i)
			}
			if !sum.BCR.CostSaving || !sum.PublicReturn.CostSaving {
				t.Fatalf("scenario %d: zero incremental cost must be reported as cost-saving, got %+v", i, sum.BCR)
			}
		}
	}
}

func TestRatios(t *testing.T) {
	cases := []struct {
		name        string
		ipsCost     float64
		costSaving  bool
		checkValues bool
	}{
		{"IPS dearer", 30000, false, true},
		{"IPS as dear", 10000 * 6 / 1.0, false, false},
		{"IPS cheaper", 1000, true, false},
		{"IPS free", 0, true, false},
	}
	for _, tc := range cases {
		s := simpleScenario()
		s.Arms[1].Costs[0].Amount = tc.ipsCost
		r := mustEvaluate(t, s)
		inc := &r.Increments[0].Population
		if tc.costSaving {
			if !inc.BCR.CostSaving || inc.BCR.Value != 0 || !inc.PublicReturn.CostSaving || inc.PublicReturn.Value != 0 {
				t.Errorf("%s: programme cost %v, BCR %+v, public return %+v: want cost-saving", tc.name, inc.ProgrammeCost, inc.BCR, inc.PublicReturn)
			}
			continue
		}
		if inc.ProgrammeCost <= 0 || inc.BCR.CostSaving {
			t.Errorf("%s: programme cost %v, BCR %+v", tc.name, inc.ProgrammeCost, inc.BCR)
		}
		if tc.checkValues {
			soc, pub := persp(t, r, "society"), persp(t, r, "public")
			if want := (inc.NPV[soc] + inc.ProgrammeCost) / inc.ProgrammeCost; math.Abs(inc.BCR.Value-want) > 1e-12 {
				t.Errorf("%s: BCR %v, want %v", tc.name, inc.BCR.Value, want)
			}
			if want := (inc.NPV[pub] + inc.ProgrammeCost) / inc.ProgrammeCost; math.Abs(inc.PublicReturn.Value-want) > 1e-12 {
				t.Errorf("%s: public return %v, want %v", tc.name, inc.PublicReturn.Value, want)
			}
		}
	}
}

func TestBreakEvenMonth(t *testing.T) {
	// One-off cost 1,000 at month 0, then +100 a month undiscounted: the
	// cumulative flow reaches 0 at month 10 and stays there or above.
	s := simpleScenario()
	s.Discount = []RateStep{{1, 0}}
	s.Perspective.Lambda = 0
	s.Taxes, s.Benefits = nil, nil
	s.Groups[0].Receipts = nil
	s.EmployerContribution = EmployerContribution{}
	s.Groups[0].Job = Job{MonthlyEarnings: 100, EarningsGiven: true}
	s.Arms[0].Costs = nil
	s.Arms[0].Groups[0].Employment = Employment{Model: Markov, Periods: []MarkovPeriod{{FromMonth: 1}}}
	s.Arms[1].Costs = []Cost{{Name: "startup", Payers: Pay("state"), Timing: OneOff, Amount: 1000}}
	s.Arms[1].Groups[0].Employment = Employment{Model: Markov, Initial: 1, Periods: []MarkovPeriod{{FromMonth: 1}}}
	r := mustEvaluate(t, s)
	inc := &r.Increments[0].Population
	want := map[string]int{"participant": 0, "state": 10, "public": 10, "society": 10, "municipality": 0}
	// The participant gains 100 a month from month 1 (0 at month 0); the state
	// pays 1,000 and gets nothing back: it never breaks even.
	want["state"], want["public"] = NoBreakEven, NoBreakEven
	for p, name := range r.Perspectives {
		if inc.BreakEven[p] != want[name] {
			t.Errorf("%s: break-even %d, want %d", name, inc.BreakEven[p], want[name])
		}
	}
}

func TestEmployedMonthsAndEarnings(t *testing.T) {
	s := simpleScenario()
	s.Arms[1].Groups[0].Employment = Employment{Model: Markov, Initial: 0.5, Periods: []MarkovPeriod{{FromMonth: 1}}}
	r := mustEvaluate(t, s)
	ips := &r.Arms[1].Population
	if ips.EmployedMonths != 12 || ips.Earnings != 12*20000 {
		t.Errorf("half employed for 24 months: %v months, %v earnings; want 12 and 240,000", ips.EmployedMonths, ips.Earnings)
	}
	if want := 10000 * annuity(0.04, 24); math.Abs(ips.DiscountedEarnings-want) > 1e-9*want {
		t.Errorf("discounted earnings %v, annuity %v", ips.DiscountedEarnings, want)
	}
}

func TestGroupsWeightIntoThePopulation(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 30 {
		s := randomScenario(rng)
		r := mustEvaluate(t, s)
		for _, o := range append(r.Arms, r.Increments...) {
			for p := range r.Perspectives {
				sum, scale := 0.0, 0.0
				for g := range o.Groups {
					sum += s.Groups[g].Share * o.Groups[g].NPV[p]
					scale += math.Abs(o.Groups[g].NPV[p])
				}
				if !near(o.Population.NPV[p], sum, 1e-12, scale) {
					t.Fatalf("%s population NPV %v, share-weighted groups %v", o.Arm, o.Population.NPV[p], sum)
				}
			}
		}
	}
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	ev, err := NewEvaluator(simpleScenario())
	if err != nil {
		t.Fatal(err)
	}
	r, x := ev.NewResult(), ev.Base()
	allocs := testing.AllocsPerRun(20, func() {
		if err := ev.Evaluate(x, r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Evaluate allocates %v times per call", allocs)
	}
}

// TestProgrammeCostBorneIdentity: every cost is public, so the programme
// cost the public budgets bear is the programme cost, the payers' shares
// sum to it, society bears it with the financing cost on top, (1 + lambda)
// times, and the participant none of it — and scaling every programme cost
// by k moves each NPV by -(k-1) times what the perspective bears.
func TestProgrammeCostBorneIdentity(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for i := range 100 {
		s := randomScenario(rng)
		r := mustEvaluate(t, s)
		lambda := s.Perspective.Lambda
		for _, inc := range r.Increments {
			sum := &inc.Population
			pub, soc := persp(t, r, "public"), persp(t, r, "society")
			payers := 0.0
			for k := range s.Payers {
				payers += sum.ProgrammeCostBorne[1+k]
			}
			tol := 1e-9 * (1 + math.Abs(sum.ProgrammeCost))
			if math.Abs(sum.ProgrammeCostBorne[pub]-sum.ProgrammeCost) > tol || math.Abs(payers-sum.ProgrammeCost) > tol ||
				math.Abs(sum.ProgrammeCostBorne[soc]-(1+lambda)*sum.ProgrammeCost) > tol*(1+lambda) || sum.ProgrammeCostBorne[0] != 0 {
				t.Fatalf("scenario %d: borne %v, programme cost %v, lambda %v", i, sum.ProgrammeCostBorne, sum.ProgrammeCost, lambda)
			}
		}
		if i%10 != 0 {
			continue
		}
		k := 1.3
		scaled := s.Clone()
		for a := range scaled.Arms {
			for j := range scaled.Arms[a].Costs {
				if scaled.Arms[a].Costs[j].Category == ProgrammeCost {
					scaled.Arms[a].Costs[j].Amount *= k
				}
			}
		}
		r2 := mustEvaluate(t, scaled)
		for n := range r.Increments {
			a, b := &r.Increments[n].Population, &r2.Increments[n].Population
			for p := range a.NPV {
				want := a.NPV[p] - (k-1)*a.ProgrammeCostBorne[p]
				if math.Abs(b.NPV[p]-want) > 1e-8*(1+math.Abs(want)) {
					t.Fatalf("scenario %d, %s: NPV with costs x%v %v, want %v", i, r.Perspectives[p], k, b.NPV[p], want)
				}
			}
		}
	}
}
