package cba

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// dearScenario is simpleScenario with IPS the dearer arm: the comparator's
// training costs 1,000 a month, not 10,000.
func dearScenario() *Scenario {
	s := simpleScenario()
	s.Arms[0].Costs[0].Amount = 1000
	return s
}

// Hand-computed cases for the conventions other appraisal systems use,
// as switches of one model: income equalisation, displacement reaching the
// budgets, the financing cost on public spending only (WSIPP), the
// employer's contribution above a threshold, net benefit per budget krone,
// switches set like numbers, the kinds of outcome a study measured, and
// the published figures set beside the model's.

func TestSwitchesAreWholeNumbers(t *testing.T) {
	s := simpleScenario()
	found := 0
	for _, p := range s.Parameters() {
		if p.Path == "perspective.leisure.include" || p.Path == "perspective.non_market.include" ||
			p.Path == "perspective.displacement_in_budgets" || p.Path == "perspective.financing_on_spending" {
			found++
			if p.Value != 0 || p.Bound != switchBound {
				t.Errorf("%s: value %v, bound %v; want 0 in [0, 1] whole", p.Path, p.Value, p.Bound)
			}
		}
	}
	if found != 4 {
		t.Fatalf("%d switches among the parameters, want 4", found)
	}
	fs, err := s.Factors()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Switch != strings.HasSuffix(f.Name, "include") && !strings.Contains(f.Name, "_in_budgets") && !strings.Contains(f.Name, "_on_spending") {
			t.Errorf("%s: Switch %v", f.Name, f.Switch)
		}
	}
	// The share alone is refused while the switch is off; with the switch,
	// in either order, it is set.
	if _, err := s.Clone().Apply(Override{Path: "perspective.leisure.share", Value: 0.3}); err == nil || !strings.Contains(err.Error(), "include=1") {
		t.Errorf("leisure share while off: %v, want refused with the switch named", err)
	}
	base := mustEvaluate(t, s)
	for _, order := range [][]Override{
		{{Path: "perspective.leisure.include", Value: 1}, {Path: "perspective.leisure.share", Value: 0.3}},
		{{Path: "perspective.leisure.share", Value: 0.3}, {Path: "perspective.leisure.include", Value: 1}},
	} {
		w := s.Clone()
		changes, err := w.Apply(order...)
		if err != nil {
			t.Fatalf("%v: %v", order, err)
		}
		if len(changes) != 2 || changes[0].Override != order[0] || !w.Perspective.Leisure.Include || w.Perspective.Leisure.Share != 0.3 {
			t.Errorf("%v: %+v, leisure %+v", order, changes, w.Perspective.Leisure)
		}
		r := mustEvaluate(t, w)
		soc := persp(t, r, "society")
		inc, binc := &r.Increments[0].Population, &base.Increments[0].Population
		if got, want := inc.NPV[soc], binc.NPV[soc]-0.3*binc.PV[comp(t, base, "earnings")]; math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("society with leisure counted %v, want %v", got, want)
		}
	}
	for _, v := range []float64{0.5, 2, -1} {
		if _, err := s.Clone().Apply(Override{Path: "perspective.leisure.include", Value: v}); err == nil {
			t.Errorf("include=%v accepted", v)
		}
	}
	// Off again: the share no longer counts, and setting it is refused.
	w := s.Clone()
	if _, err := w.Apply(Override{Path: "perspective.non_market.include", Value: 1}, Override{Path: "perspective.non_market.per_employed_month", Value: 800}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Apply(Override{Path: "perspective.non_market.include", Value: 0}, Override{Path: "perspective.non_market.per_employed_month", Value: 900}); err == nil {
		t.Error("a number switched off in the same Apply was set")
	}
}

func TestFinancingOnSpendingOnly(t *testing.T) {
	s := dearScenario()
	r0 := mustEvaluate(t, s)
	s.Perspective.FinancingOnSpending = true
	r1 := mustEvaluate(t, s)
	inc0, inc1 := &r0.Increments[0].Population, &r1.Increments[0].Population
	pv := func(name string) float64 { return inc0.PV[comp(t, r0, name)] }
	revenue := pv("tax:income") + pv("employer_contribution")
	spending := -pv("benefit:assistance") - pv("cost:specialist") - pv("cost:training")
	if got, want := inc1.PV[comp(t, r1, "financing")], 0.2*spending; math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("financing on spending %v, want lambda times spending %v", got, want)
	}
	soc := persp(t, r0, "society")
	if got, want := inc1.NPV[soc], inc0.NPV[soc]-0.2*revenue; math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("society %v, want %v (no financing credit on taxes and contributions)", got, want)
	}
	// The other perspectives do not change; the ratio follows society.
	for p, name := range r0.Perspectives {
		if name != "society" && inc1.NPV[p] != inc0.NPV[p] {
			t.Errorf("%s changed: %v, %v", name, inc1.NPV[p], inc0.NPV[p])
		}
	}
	if want := (inc1.NPV[soc] + inc1.ProgrammeCost) / inc1.ProgrammeCost; math.Abs(inc1.BCR.Value-want) > 1e-12*want {
		t.Errorf("BCR %v, want %v", inc1.BCR.Value, want)
	}
}

func TestDisplacementReachesTheBudgets(t *testing.T) {
	s := simpleScenario()
	s.Perspective.Displacement = 0.25
	off := mustEvaluate(t, s)
	s.Perspective.DisplacementInBudgets = true
	on := mustEvaluate(t, s)
	a, b := &off.Increments[0].Population, &on.Increments[0].Population
	pv := func(name string) float64 { return a.PV[comp(t, off, name)] }
	moved := pv("employer_contribution") + pv("tax:income") - pv("benefit:assistance") // what work moves in the budgets
	part, pub, soc := persp(t, off, "participant"), persp(t, off, "public"), persp(t, off, "society")
	if b.NPV[part] != a.NPV[part] {
		t.Errorf("participant %v, was %v", b.NPV[part], a.NPV[part])
	}
	if got, want := b.NPV[pub], a.NPV[pub]-0.25*moved; math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("public %v, want %v: the displaced workers' taxes and benefits", got, want)
	}
	if got, want := b.NPV[soc], a.NPV[soc]-0.2*0.25*moved; math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("society %v, want %v: production as before, lambda on the lower public flow", got, want)
	}
	checkIdentity(t, s, on)
}

func TestIncomeEqualisation(t *testing.T) {
	s := simpleScenario()
	s.Payers = append(s.Payers, "others")
	s.Taxes[0].Receivers = Split{{Payer: "municipality", Share: 0.58}, {Payer: "state", Share: 0.42}}
	plain := mustEvaluate(t, s)
	s.Equalisation = []Equalisation{{Tax: "income", Receiver: "municipality", Retention: 0.4, RestTo: "others"}}
	r := mustEvaluate(t, s)
	a, b := &plain.Increments[0].Population, &r.Increments[0].Population
	tax := a.PV[comp(t, plain, "tax:income")]
	for _, tc := range []struct {
		payer string
		delta float64
	}{{"municipality", -0.58 * 0.6 * tax}, {"others", 0.58 * 0.6 * tax}, {"state", 0}, {"public", 0}, {"society", 0}, {"participant", 0}} {
		p := persp(t, r, tc.payer)
		if got := b.NPV[p] - a.NPV[p]; math.Abs(got-tc.delta) > 1e-9*math.Abs(tax) {
			t.Errorf("%s: equalisation moves %v, want %v", tc.payer, got, tc.delta)
		}
	}
	for _, tc := range []struct {
		e    Equalisation
		path string
	}{
		{Equalisation{Tax: "income", Receiver: "county", Retention: 0.4, RestTo: "others"}, "equalisation[0].receiver"},
		{Equalisation{Tax: "income", Receiver: "municipality", Retention: 0.4, RestTo: "nobody"}, "equalisation[0].rest_to"},
		{Equalisation{Tax: "income", Receiver: "municipality", Retention: 0.4, RestTo: "municipality"}, "equalisation[0].rest_to"},
		{Equalisation{Tax: "income", Receiver: "municipality", Retention: 1.4, RestTo: "others"}, "equalisation[0].retention"},
		{Equalisation{Tax: "wealth", Receiver: "municipality", Retention: 0.4, RestTo: "others"}, "equalisation[0].tax"},
	} {
		w := s.Clone()
		w.Equalisation = []Equalisation{tc.e}
		if err := w.Validate(); err == nil || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%+v: %v, want an error at %s", tc.e, err, tc.path)
		}
	}
}

func TestEmployerContributionAboveAThreshold(t *testing.T) {
	s := simpleScenario()
	s.EmployerContribution = EmployerContribution{Rate: 0.15, Threshold: 60000, Receivers: Pay("state")}
	s.Arms[1].Groups[0].Employment = always(true)
	r := mustEvaluate(t, s)
	flow := r.Arms[1].Population.Flows[comp(t, r, "employer_contribution")]
	for m := 1; m < len(flow); m++ {
		if flow[m] != 0.15*(20000-5000) {
			t.Fatalf("month %d: contribution %v, want 0.15 x (20,000 - 60,000/12) = 2,250", m, flow[m])
		}
	}
	// Below the threshold, nothing.
	s.EmployerContribution.Threshold = 300000
	if f := mustEvaluate(t, s).Arms[1].Population.Flows[comp(t, r, "employer_contribution")]; f[5] != 0 {
		t.Errorf("contribution below the threshold: %v", f[5])
	}
}

func TestNetBenefitPerBudgetKrone(t *testing.T) {
	s := dearScenario()
	s.Arms[1].Costs[0].Amount = 9000
	r := mustEvaluate(t, s)
	inc := &r.Increments[0].Population
	soc, pub := persp(t, r, "society"), persp(t, r, "public")
	switch {
	case inc.NPV[pub] < 0:
		if want := inc.NPV[soc] / -inc.NPV[pub]; inc.NetPerBudgetKrone.CostSaving || inc.NetPerBudgetKrone.Value != want {
			t.Errorf("net benefit per budget krone %+v, want %v", inc.NetPerBudgetKrone, want)
		}
	default:
		t.Fatalf("the simple scenario's public budgets gain (%v): the case needs a cost", inc.NPV[pub])
	}
	// A programme the public budgets gain from has no net budget cost.
	r = mustEvaluate(t, simpleScenario())
	if inc := &r.Increments[0].Population; inc.NPV[pub] <= 0 || !inc.NetPerBudgetKrone.CostSaving {
		t.Errorf("public NPV %v: net benefit per budget krone %+v, want no ratio", inc.NPV[pub], inc.NetPerBudgetKrone)
	}
}

// meanOver is the mean of xs[1..n].
func meanOver(xs []float64, n int) float64 {
	v := 0.0
	for m := 1; m <= n; m++ {
		v += xs[m]
	}
	return v / float64(n)
}

func TestOutcomeKindsAreConverted(t *testing.T) {
	job := &Job{WeeklyHours: 20, MonthlyEarnings: 20000, EarningsGiven: true}
	hoursAMonth := 20.0 * 52 / 12
	for _, tc := range []struct {
		name   string
		points []EffectPoint
		check  func(d []float64) (got, want float64)
	}{
		{"ever employed: the mean over the months is E times the time in work", []EffectPoint{{Month: 12, Kind: EverEmployed, Difference: 0.4, TimeInWork: 0.5}},
			func(d []float64) (float64, float64) { return meanOver(d, 12), 0.2 }},
		{"the point is 2T/(T+1) of the mean from a start at 0", []EffectPoint{{Month: 12, Kind: MeanShare, Difference: 0.2}},
			func(d []float64) (float64, float64) { return d[12], 0.2 * 24 / 13 }},
		{"a mean after a share", []EffectPoint{{Month: 12, Difference: 0.3}, {Month: 24, Kind: MeanShare, Difference: 0.25}},
			func(d []float64) (float64, float64) { return meanOver(d, 24), 0.25 }},
		{"the share before the mean is kept", []EffectPoint{{Month: 12, Difference: 0.3}, {Month: 24, Kind: MeanShare, Difference: 0.25}},
			func(d []float64) (float64, float64) { return d[12], 0.3 }},
		{"hours", []EffectPoint{{Month: 18, Kind: HoursWorked, Difference: 330}},
			func(d []float64) (float64, float64) { return meanOver(d, 18) * 18 * hoursAMonth, 330 }},
		{"earnings", []EffectPoint{{Month: 18, Kind: EarningsEarned, Difference: 94000}},
			func(d []float64) (float64, float64) { return meanOver(d, 18) * 18 * 20000, 94000 }},
		{"beyond a straight line: the nearest share", []EffectPoint{{Month: 12, Kind: MeanShare, Difference: 0.9}},
			func(d []float64) (float64, float64) { return d[12], 1 }},
		{"a ramp of 4 months: the mean is kept", []EffectPoint{{Month: 12, Kind: MeanShare, Difference: 0.2, RampMonths: 4}},
			func(d []float64) (float64, float64) { return meanOver(d, 12), 0.2 }},
		{"a ramp of 4 months: the level, 12 W / (12 - 3/2), held from month 4", []EffectPoint{{Month: 12, Kind: MeanShare, Difference: 0.2, RampMonths: 4}},
			func(d []float64) (float64, float64) { return d[4] + d[9] + d[12], 3 * 0.2 * 12 / 10.5 }},
		{"half the level at half the ramp", []EffectPoint{{Month: 12, Kind: MeanShare, Difference: 0.2, RampMonths: 4}},
			func(d []float64) (float64, float64) { return d[2], 0.2 * 12 / 10.5 / 2 }},
		{"a ramp after a share", []EffectPoint{{Month: 6, Difference: 0.1}, {Month: 18, Kind: EverEmployed, Difference: 0.3, TimeInWork: 0.5, RampMonths: 3}},
			func(d []float64) (float64, float64) { return meanOver(d, 18), 0.15 }},
		{"a ramp longer than the months is a straight line", []EffectPoint{{Month: 12, Kind: MeanShare, Difference: 0.2, RampMonths: 40}},
			func(d []float64) (float64, float64) { return d[12], 0.2 * 24 / 13 }},
	} {
		eff := &Effect{Points: tc.points, After: HoldConstant}
		d := make([]float64, 61)
		eff.CurveFor(d, job)
		if got, want := tc.check(d); math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: %v, want %v", tc.name, got, want)
		}
	}
	// A curve from a start above 0.
	emp := Employment{Model: Observed, Initial: 0.1, Points: []CurvePoint{{Month: 8, Kind: EverEmployed, Share: 0.34, TimeInWork: 0.47}}}
	e := make([]float64, 13)
	emp.CurveFor(e, nil, nil)
	if got := meanOver(e, 8); math.Abs(got-0.34*0.47) > 1e-15 {
		t.Errorf("a curve's mean over 8 months %v, want %v", got, 0.34*0.47)
	}
	// Without a job, hours cannot be converted.
	d := make([]float64, 13)
	(&Effect{Points: []EffectPoint{{Month: 12, Kind: HoursWorked, Difference: 100}}}).Curve(d)
	if !math.IsNaN(d[12]) {
		t.Errorf("hours without a job: %v, want NaN", d[12])
	}
}

// TestHoursEffectByGroup: an effect given in hours is converted with each
// group's hours, so that the population's hours gained over the months
// are the effect's, whatever the groups' hours and multipliers.
func TestHoursEffectByGroup(t *testing.T) {
	s := simpleScenario()
	s.HorizonMonths = 36
	s.Groups = []Group{
		{Name: "short", Share: 0.3, Job: Job{WeeklyHours: 12, HourlyWage: 200}, Receipts: []Receipt{{Share: 1, Amount: 8000}}},
		{Name: "long", Share: 0.7, Job: Job{WeeklyHours: 35, HourlyWage: 250}, Receipts: []Receipt{{Share: 0.5, Amount: 8000}}},
	}
	curve := Employment{Model: Observed, Points: []CurvePoint{{Month: 12, Share: 0.2}}}
	s.Arms[0].Groups = []ArmGroup{{Employment: curve}, {Employment: curve}}
	s.Arms[1].Effect = &Effect{Points: []EffectPoint{{Month: 18, Kind: HoursWorked, Difference: 100}}, After: DecayToComparator, HalfLifeMonths: 12}
	s.Arms[1].Groups = []ArmGroup{{EffectMultiplier: 2}, {EffectMultiplier: 1}}
	s.Published = []Published{{Name: "hours", Citation: "test", Value: 100, Measure: FigureHours, Months: 18, Tolerance: 1e-12}}
	r := mustEvaluate(t, s)
	got, err := s.Published[0].Model(s, r)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-100) > 1e-9 {
		t.Errorf("population hours gained over 18 months %v, want 100", got)
	}
	compareWithReference(t, s, r, 1e-12)
	compareFastWithFull(t, s)
	// And a group's hours must be above 0 to convert.
	s.Groups[0].Job.WeeklyHours = 0
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "groups.short.job.weekly_hours") {
		t.Errorf("hours converted with no hours: %v", err)
	}
}

func TestPublishedFigures(t *testing.T) {
	s := dearScenario()
	s.ObservedMonths = 12
	r := mustEvaluate(t, s)
	inc := &r.Increments[0].Population
	part, pub, soc := persp(t, r, "participant"), persp(t, r, "public"), persp(t, r, "society")
	ips := &r.Arms[1].Population
	for _, tc := range []struct {
		p    Published
		want float64
	}{
		{Published{Measure: FigureNPV, Perspectives: []string{"society"}}, inc.NPV[soc]},
		{Published{Measure: FigureNPV, Perspectives: []string{"public"}, Months: 12}, inc.NPVObserved[pub]},
		{Published{Measure: FigureGain, Perspectives: []string{"public"}}, inc.NPV[pub] + inc.ProgrammeCost},
		{Published{Measure: FigureGain, Perspectives: []string{"society"}}, inc.NPV[soc] + inc.ProgrammeCostBorne[soc]},
		{Published{Measure: FigureGain, Perspectives: []string{"participant", "public"}}, inc.NPV[part] + inc.NPV[pub] + inc.ProgrammeCost},
		{Published{Measure: FigureShare, Perspectives: []string{"public"}, Of: []string{"participant", "public"}},
			(inc.NPV[pub] + inc.ProgrammeCost) / (inc.NPV[part] + inc.NPV[pub] + inc.ProgrammeCost)},
		{Published{Measure: FigureProgrammeCost}, inc.ProgrammeCost},
		{Published{Measure: FigureComponents, Perspectives: []string{"society"}, Components: []string{"financing"}}, inc.PV[comp(t, r, "financing")]},
		{Published{Measure: FigureComponents, Components: []string{"society/earnings", "society/employer_contribution", "public/benefit:*"}},
			inc.PV[comp(t, r, "earnings")] + inc.PV[comp(t, r, "employer_contribution")] - inc.PV[comp(t, r, "benefit:assistance")]},
		{Published{Measure: FigureShare, Components: []string{"public/benefit:*"}, Of: []string{"society/earnings", "public/benefit:*"}},
			-inc.PV[comp(t, r, "benefit:assistance")] / (inc.PV[comp(t, r, "earnings")] - inc.PV[comp(t, r, "benefit:assistance")])},
		{Published{Measure: FigureBenefitCostRatio}, inc.BCR.Value},
		{Published{Measure: FigureEarnings}, inc.Earnings},
		{Published{Measure: FigureEmployment, Side: ArmSide, Months: 12}, meanOver(ips.Employment, 12)},
		{Published{Measure: FigureEmployment, Months: 12}, meanOver(inc.Employment, 12)},
		{Published{Measure: FigureEmploymentAt, Months: 12}, inc.Employment[12]},
		{Published{Measure: FigureEmploymentAt, Side: ComparatorSide, Months: 7}, r.Arms[0].Population.Employment[7]},
		{Published{Measure: FigureHours, Months: 24}, inc.EmployedMonths * 20 * 52 / 12},
	} {
		tc.p.Name, tc.p.Citation, tc.p.Reason = "x", "test", "test"
		s.Published = []Published{tc.p}
		if err := errors.Join(s.Validate(), s.CheckPublished()); err != nil {
			t.Errorf("%s: %v", tc.p.Measure, err)
			continue
		}
		got, err := tc.p.Model(s, r)
		if err != nil || math.Abs(got-tc.want) > 1e-9*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("%s %v: %v (%v), want %v", tc.p.Measure, tc.p.Perspectives, got, err, tc.want)
		}
	}
	// Within its tolerance, relative to the published value re-priced.
	p := Published{Value: 100, ToModel: 1.2, Tolerance: 0.1}
	if !p.Within(125) || p.Within(133) || p.Comparable() != 120 {
		t.Errorf("within: 125 %v, 133 %v, comparable %v", p.Within(125), p.Within(133), p.Comparable())
	}
	if _, err := (&Published{Name: "c", Measure: FigureChance, Perspectives: []string{"society"}}).Model(s, r); err == nil {
		t.Error("a chance computed without a Monte Carlo run")
	}
	for _, tc := range []struct {
		p    Published
		want string
	}{
		{Published{Measure: FigureNPV, Perspectives: []string{"nobody"}, Tolerance: 0.1}, "published.x.perspectives"},
		{Published{Measure: FigureGain, Tolerance: 0.1}, "is required with measure gain"},
		{Published{Measure: FigureShare, Perspectives: []string{"public"}, Tolerance: 0.1}, "published.x.of"},
		{Published{Measure: FigureComponents, Perspectives: []string{"society"}, Tolerance: 0.1}, "published.x.components"},
		{Published{Measure: FigureComponents, Components: []string{"society/pay"}, Tolerance: 0.1}, "published.x.components"},
		{Published{Measure: FigureShare, Components: []string{"public/benefit:*"}, Of: []string{"nobody/earnings"}, Tolerance: 0.1}, "published.x.of"},
		{Published{Measure: FigureProgrammeCost}, "needs a tolerance"},
		{Published{Measure: FigureProgrammeCost, Months: 99, Tolerance: 0.1}, "published.x.months"},
		{Published{Measure: FigureProgrammeCost, Arm: "usual", Tolerance: 0.1}, "published.x.arm"},
		{Published{Measure: FigureNPV, Perspectives: []string{"society"}, Side: ArmSide, Tolerance: 0.1}, "published.x.side"},
	} {
		tc.p.Name, tc.p.Citation = "x", "test"
		w := s.Clone()
		w.Published = []Published{tc.p}
		err := w.Validate()
		if err == nil {
			err = w.CheckPublished()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.p, err, tc.want)
		}
	}
}
