package cba_test

import (
	"fmt"
	"math"
	"testing"

	"ipscba/cba"
)

// markovCurve is e(0..h-1) of a two-state chain with piecewise constant
// job-finding and job-loss probabilities, computed month by month here:
// e(m) = e(m-1)(1-s) + (1-e(m-1))f with the period in force in month m.
func markovCurve(h int, initial float64, ps []cba.MarkovPeriod) []float64 {
	e := make([]float64, h)
	e[0] = initial
	for m := 1; m < h; m++ {
		p := ps[0]
		for _, q := range ps {
			if q.FromMonth <= m {
				p = q
			}
		}
		e[m] = e[m-1]*(1-p.JobLoss) + (1-e[m-1])*p.JobFinding
	}
	return e
}

// TestGroupsWithCurvesAlikeButOneNumber: groups whose curves are given by
// the same numbers share one computed curve; groups whose curves differ in
// any one number (a period's first month, a point's month or share, the
// initial share, the extrapolation, the half-life) each get their own. Each
// group's curve is held to the same curve computed with that group alone.
func TestGroupsWithCurvesAlikeButOneNumber(t *testing.T) {
	two := func(from int) cba.Employment {
		return cba.Employment{Model: cba.Markov, Periods: []cba.MarkovPeriod{
			{FromMonth: 1, JobFinding: 0.02, JobLoss: 0.05}, {FromMonth: from, JobFinding: 0.12, JobLoss: 0.01}}}
	}
	points := func(after cba.Extrapolation, half float64, ps ...cba.CurvePoint) cba.Employment {
		return cba.Employment{Model: cba.Observed, After: after, HalfLifeMonths: half, Points: ps}
	}
	p := func(m int, v float64) cba.CurvePoint { return cba.CurvePoint{Month: m, Share: v} }
	for _, tc := range []struct {
		name                string
		arm                 int // whose curves differ: 0 the comparator, 1 IPS
		young, old, another cba.Employment
	}{
		{"periods from another month", 1, two(13), two(25), two(13)},
		{"periods from another month, the comparator", 0, two(13), two(25), two(13)},
		{"periods of another job finding", 1, two(13),
			cba.Employment{Model: cba.Markov, Periods: []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.02, JobLoss: 0.05}, {FromMonth: 13, JobFinding: 0.1, JobLoss: 0.01}}}, two(13)},
		{"periods of another job loss", 1, two(13),
			cba.Employment{Model: cba.Markov, Periods: []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.02, JobLoss: 0.05}, {FromMonth: 13, JobFinding: 0.12, JobLoss: 0.02}}}, two(13)},
		{"one period more", 1, two(13),
			cba.Employment{Model: cba.Markov, Periods: []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.02, JobLoss: 0.05}, {FromMonth: 13, JobFinding: 0.12, JobLoss: 0.01}, {FromMonth: 30, JobFinding: 0, JobLoss: 0.5}}},
			two(13)},
		{"another initial share", 1, two(13), func() cba.Employment { e := two(13); e.Initial = 0.2; return e }(), two(13)},
		{"points at another month", 1, points(cba.HoldConstant, 0, p(6, 0.2), p(12, 0.4)), points(cba.HoldConstant, 0, p(6, 0.2), p(18, 0.4)),
			points(cba.HoldConstant, 0, p(6, 0.2), p(12, 0.4))},
		{"points of another share", 1, points(cba.HoldConstant, 0, p(6, 0.2), p(12, 0.4)), points(cba.HoldConstant, 0, p(6, 0.3), p(12, 0.4)),
			points(cba.HoldConstant, 0, p(6, 0.2), p(12, 0.4))},
		{"another extrapolation", 1, points(cba.HoldConstant, 10, p(12, 0.4)), points(cba.DecayToComparator, 10, p(12, 0.4)),
			points(cba.HoldConstant, 10, p(12, 0.4))},
		{"another half-life", 1, points(cba.DecayToComparator, 10, p(12, 0.4)), points(cba.DecayToComparator, 20, p(12, 0.4)),
			points(cba.DecayToComparator, 10, p(12, 0.4))},
		{"a Markov chain and a curve", 1, two(13), points(cba.HoldConstant, 0, p(12, 0.4)), two(13)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := twoGroups()
			s.Groups = append(s.Groups, s.Groups[1])
			s.Groups[2].Name, s.Groups[1].Share, s.Groups[2].Share = "another", 0.3, 0.3
			for a := range s.Arms {
				s.Arms[a].Groups = append(s.Arms[a].Groups, s.Arms[a].Groups[1])
			}
			// The other arm's curves are alike for every group.
			other := s.Arms[1-tc.arm].Groups[0].Employment
			s.Arms[1-tc.arm].Groups = []cba.ArmGroup{{Employment: other}, {Employment: other}, {Employment: other}}
			if tc.arm == 0 && tc.young.Model == cba.Observed {
				t.Fatal("a comparator curve holds constant: use Markov chains")
			}
			s.Arms[tc.arm].Groups = []cba.ArmGroup{{Employment: tc.young}, {Employment: tc.old}, {Employment: tc.another}}
			r, err := cba.Evaluate(s)
			if err != nil {
				t.Fatal(err)
			}
			for g, group := range s.Groups {
				alone := s.Clone()
				alone.Groups = []cba.Group{group}
				alone.Groups[0].Share = 1
				for a := range alone.Arms {
					alone.Arms[a].Groups = []cba.ArmGroup{s.Arms[a].Groups[g]}
				}
				want, err := cba.Evaluate(alone)
				if err != nil {
					t.Fatal(err)
				}
				for a := range s.Arms {
					got, ref := r.Arms[a].Groups[g].Employment, want.Arms[a].Groups[0].Employment
					for m := range got {
						if got[m] != ref[m] {
							t.Fatalf("arm %s, group %s, month %d: %v; alone %v", s.Arms[a].Name, group.Name, m, got[m], ref[m])
						}
					}
				}
			}
			// And the Markov chains are the chains computed here.
			for g, ag := range s.Arms[tc.arm].Groups {
				if ag.Employment.Model != cba.Markov {
					continue
				}
				want := markovCurve(s.HorizonMonths+1, ag.Employment.Initial, ag.Employment.Periods)
				for m, e := range r.Arms[tc.arm].Groups[g].Employment {
					if math.Abs(e-want[m]) > 1e-14 {
						t.Fatalf("group %s, month %d: e = %v, the chain gives %v", s.Groups[g].Name, m, e, want[m])
					}
				}
			}
		})
	}
}

// TestEffectGroupsOfOneMultiplierShareACurve: an arm given by an effect
// computes each group's curve from the comparator's and the group's
// normalised multiplier; groups with the same comparator curve and
// multiplier have the same curve, and another multiplier another curve,
// clamped to [0, 1].
func TestEffectGroupsOfOneMultiplierShareACurve(t *testing.T) {
	s := twoGroups()
	s.Groups = []cba.Group{s.Groups[0], s.Groups[1], s.Groups[1]}
	s.Groups[0].Share, s.Groups[1].Share, s.Groups[2].Share = 0.5, 0.25, 0.25
	s.Groups[2].Name = "another"
	comp := cba.ArmGroup{Employment: cba.Employment{Model: cba.Markov, Initial: 0.1, Periods: []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.03, JobLoss: 0.04}}}}
	s.Arms[0].Groups = []cba.ArmGroup{comp, comp, comp}
	s.Arms[1].Effect = &cba.Effect{Points: []cba.EffectPoint{{Month: 12, Difference: 0.3}}}
	s.Arms[1].Groups = []cba.ArmGroup{{EffectMultiplier: 2}, {EffectMultiplier: 1}, {EffectMultiplier: 1}}
	r, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	c := markovCurve(s.HorizonMonths+1, 0.1, comp.Employment.Periods)
	// k_g = M_g / sum_h s_h M_h = M_g / 1.5.
	for g, k := range []float64{2 / 1.5, 1 / 1.5, 1 / 1.5} {
		for m, e := range r.Arms[1].Groups[g].Employment {
			d := 0.3 * math.Min(float64(m), 12) / 12
			want := math.Min(1, math.Max(0, c[m]+k*d))
			if math.Abs(e-want) > 1e-14 {
				t.Fatalf("group %d month %d: %v, want %v", g, m, e, want)
			}
		}
	}
	// A difference that would take a group below 0 is clamped there.
	s.Arms[1].Effect.Points[0].Difference = -0.3
	r, err = cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	if e := r.Arms[1].Groups[0].Employment[12]; e != 0 {
		t.Errorf("a negative effect above the comparator's share: e = %v, want 0", e)
	}
}

// TestSetShareRefusesWhatItCannotDo: SetShare says why it cannot set a
// share, and leaves the vector alone then.
func TestSetShareRefusesWhatItCannotDo(t *testing.T) {
	s := twoGroups()
	s.Groups[0].Share, s.Groups[1].Share = 1, 0
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	young, _ := ev.Index("groups.young.share")
	old, _ := ev.Index("groups.old.share")
	dropout, _ := ev.Index("arms.ips.enrolment.dropout")
	for _, tc := range []struct {
		name       string
		x          []float64
		i          int
		v          float64
		path, want string
	}{
		{"a vector of another length", make([]float64, 3), 0, 0.5, "", "SetShare: entry 0 of a vector of 3: want a parameter vector (Base) and one of its entries"},
		{"an entry before the vector", ev.Base(), -1, 0.5, "", "SetShare: entry -1 of a vector of"},
		{"an entry past the vector", ev.Base(), len(ev.Base()), 0.5, "", "SetShare: entry"},
		{"a value out of the bound", ev.Base(), dropout, 1.5, "arms.ips.enrolment.dropout", "must be in [0, 1], got 1.5"},
		{"the others all 0", ev.Base(), young, 0.5, "groups", "cannot rescale the other shares (groups.old.share): they are all 0; set them too"},
	} {
		before := fmt.Sprint(tc.x)
		err := ev.SetShare(tc.x, tc.i, tc.v)
		wantProblem(t, err, tc.path, tc.want)
		if fmt.Sprint(tc.x) != before {
			t.Errorf("%s: the vector changed", tc.name)
		}
	}
	x := ev.Base()
	if err := ev.SetShare(x, old, 0.25); err != nil || x[young] != 0.75 || x[old] != 0.25 {
		t.Errorf("setting the share of 0: %v, young %v, old %v", err, x[young], x[old])
	}
	if err := ev.SetShare(x, dropout, 0.2); err != nil || x[dropout] != 0.2 {
		t.Errorf("a number of no set: %v, %v", err, x[dropout])
	}
}

// TestEvaluatorRefusesWhatIfsApplyRefuses: a parameter vector may not give
// a duration 0 months (the whole horizon) unless it is the whole horizon
// already, nor move a number no result counts, nor be of another length.
func TestEvaluatorRefusesWhatIfsApplyRefuses(t *testing.T) {
	s := twoGroups()
	s.Arms[1].Costs = append(s.Arms[1].Costs, cba.Cost{Name: "follow_up", Payers: cba.Pay("state"), Timing: cba.PerMonth, Amount: 100})
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	r := ev.NewResult()
	at := func(path string, v float64) []float64 {
		x := ev.Base()
		i, ok := ev.Index(path)
		if !ok {
			t.Fatalf("no factor at %s", path)
		}
		x[i] = v
		return x
	}
	for _, tc := range []struct {
		x          []float64
		path, want string
	}{
		{at("arms.usual.enrolment.months", 0), "arms.usual.enrolment.months", "must be in (0, 1200], got 0 (a duration is a positive number of months"},
		{at("perspective.non_market.per_employed_month", 2000), "perspective.non_market.per_employed_month", "counts only when society includes the non-market value of work"},
		{at("perspective.leisure.share", 0.1), "perspective.leisure.share", "counts only when society includes the leisure given up"},
		{at("arms.usual.enrolment.dropout", math.NaN()), "arms.usual.enrolment.dropout", "must be a finite number, got NaN"},
		{at("arms.usual.enrolment.dropout", math.Inf(-1)), "arms.usual.enrolment.dropout", "must be a finite number, got -Inf"},
		{make([]float64, 2), "", "parameter vector has the wrong length"},
	} {
		wantProblem(t, ev.Evaluate(tc.x, r), tc.path, tc.want)
		out := make([]float64, len(ev.Outputs()))
		wantProblem(t, ev.EvaluateOutputs(tc.x, out), tc.path, tc.want)
	}
	// 0 months is no duration, also where the scenario leaves it out (its
	// value is then the horizon's months).
	for _, path := range []string{"arms.ips.enrolment.months", "arms.ips.costs.follow_up.months"} {
		wantProblem(t, ev.Evaluate(at(path, 0), r), path, "must be in (0, 1200], got 0")
	}
	// A duration left out at its value, the horizon's months, is no change;
	// and a number no result counts, at its base value, is no what-if.
	for _, x := range [][]float64{
		ev.Base(),
		at("perspective.non_market.per_employed_month", 1000),
		at("arms.usual.enrolment.months", 0.5),
	} {
		if err := ev.Evaluate(x, r); err != nil {
			t.Error(err)
		}
	}
	if err := ev.Evaluate(nil, &cba.Result{}); err == nil {
		t.Error("a Result of no evaluator was accepted")
	}
}

// TestPerMonthCostCoversItsMonths: a cost per month for 2.5 months is paid
// in full in months 1 and 2 and half in month 3; 0 months, or more than the
// horizon, is every month of the horizon; a cost per enrolled month follows
// the enrolment's months and drop-out the same way.
func TestPerMonthCostCoversItsMonths(t *testing.T) {
	for _, tc := range []struct {
		timing         cba.Timing
		months         float64
		enrol, dropout float64
		want           func(m int) float64
	}{
		{cba.PerMonth, 2.5, 0, 0, func(m int) float64 { return []float64{0, 1, 1, 0.5, 0, 0, 0}[m] }},
		{cba.PerMonth, 0.25, 0, 0, func(m int) float64 { return []float64{0, 0.25, 0, 0, 0, 0, 0}[m] }},
		{cba.PerMonth, 0, 0, 0, func(m int) float64 { return []float64{0, 1, 1, 1, 1, 1, 1}[m] }},
		{cba.PerMonth, 5.5, 0, 0, func(m int) float64 { return []float64{0, 1, 1, 1, 1, 1, 0.5}[m] }},
		{cba.PerMonth, 6, 0, 0, func(m int) float64 { return []float64{0, 1, 1, 1, 1, 1, 1}[m] }},
		{cba.PerMonth, 1000, 0, 0, func(m int) float64 { return []float64{0, 1, 1, 1, 1, 1, 1}[m] }},
		{cba.OneOff, 0, 3, 0.5, func(m int) float64 { return []float64{1, 0, 0, 0, 0, 0, 0}[m] }},
		{cba.PerEnrolledMonth, 0, 2.5, 0.5, func(m int) float64 { return []float64{0, 1, 0.5, 0.125, 0, 0, 0}[m] }},
		{cba.PerEnrolledMonth, 0, 0, 0.5, func(m int) float64 { return math.Pow(0.5, float64(m-1)) * math.Min(float64(m), 1) }},
		{cba.PerEnrolledMonth, 0, 6, 0, func(m int) float64 { return []float64{0, 1, 1, 1, 1, 1, 1}[m] }},
	} {
		s := twoGroups()
		s.HorizonMonths = 6
		s.Arms[1].Enrolment = cba.Enrolment{Months: tc.enrol, Dropout: tc.dropout}
		s.Arms[1].Costs[0] = cba.Cost{Name: "specialist", Payers: cba.Pay("state"), Timing: tc.timing, Months: tc.months, Amount: 1000}
		r, err := cba.Evaluate(s)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := r.Component("cost:specialist")
		for m, v := range r.Arms[1].Population.Flows[c] {
			if want := 1000 * tc.want(m); math.Abs(v-want) > 1e-9 {
				t.Errorf("%v for %v months (enrolled %v, drop-out %v): month %d pays %v, want %v", tc.timing, tc.months, tc.enrol, tc.dropout, m, v, want)
			}
		}
	}
}

// TestManyCostLinesOnTheFastPath: an arm with up to seven cost lines gives
// the same outputs through EvaluateOutputs (the closed form, which adds the
// lines' rows up to three at a time) as through a full evaluation.
func TestManyCostLinesOnTheFastPath(t *testing.T) {
	for n := 1; n <= 7; n++ {
		s := twoGroups()
		s.ObservedMonths = 24
		for i := 1; i < n; i++ {
			s.Arms[1].Costs = append(s.Arms[1].Costs, cba.Cost{Name: fmt.Sprintf("line%d", i), Payers: cba.Pay(s.Payers[i%2]),
				Timing: cba.Timing(i % 3), Months: float64(i%3/2) * float64(3*i), Amount: float64(100 * i)})
		}
		ev, err := cba.NewEvaluator(s)
		if err != nil {
			t.Fatal(err)
		}
		fast := make([]float64, len(ev.Outputs()))
		if err := ev.EvaluateOutputs(nil, fast); err != nil {
			t.Fatal(err)
		}
		r := ev.NewResult()
		if err := ev.Evaluate(nil, r); err != nil {
			t.Fatal(err)
		}
		full := make([]float64, len(fast))
		ev.OutputsFromResult(r, full)
		for k, key := range ev.Outputs() {
			if !(math.Abs(fast[k]-full[k]) <= 1e-9*math.Max(1, math.Abs(full[k]))) && fast[k] != full[k] {
				t.Errorf("%d lines, %s: fast %v, full %v", n, key, fast[k], full[k])
			}
		}
	}
}

// TestEvaluatorLookups: what an Evaluator says about paths, factors and
// vectors it does not have.
func TestEvaluatorLookups(t *testing.T) {
	s := twoGroups()
	withDrawnGroups(s)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ev.Index("horizon_months"); ok {
		t.Error("a whole number has a vector index")
	}
	if _, ok := ev.Index("arms.ips.nothing"); ok {
		t.Error("an unknown path has a vector index")
	}
	if f, ok := ev.Factor("horizon_months"); !ok || f.Index != -1 || f.Value != 36 {
		t.Errorf("the horizon's factor: %+v, %v", f, ok)
	}
	if _, ok := ev.Factor("arms.ips.nothing"); ok {
		t.Error("an unknown path has a factor")
	}
	if ev.Scenario(make([]float64, 1)) != nil {
		t.Error("Scenario of a vector of another length")
	}
	// A drawn number at another value is fixed there in the scenario.
	x := ev.Base()
	i, _ := ev.Index("arms.ips.costs.specialist.amount")
	x[i] = 4500
	at := ev.Scenario(x)
	if at.Arms[1].Costs[0].Amount != 4500 {
		t.Errorf("the scenario at x holds %v", at.Arms[1].Costs[0].Amount)
	}
	for _, u := range at.Uncertainty.Parameters {
		if u.Paths[0] == "arms.ips.costs.specialist.amount" {
			t.Error("the number set in x is still drawn")
		}
	}
	if len(at.Uncertainty.Correlations) != 0 || len(at.Uncertainty.Dirichlets) != 1 {
		t.Errorf("uncertainty at x: %+v", at.Uncertainty)
	}
	if base := ev.Scenario(nil); len(base.Uncertainty.Parameters) != 2 || base.Arms[1].Costs[0].Amount != 4000 {
		t.Errorf("the scenario at the base values: %+v", base.Uncertainty)
	}
}

// TestQuantileOfEachKindOfFactor: Evaluator.Quantile is a drawn factor's
// quantile within its range; a Dirichlet share's is that of its beta
// marginal, Beta(c v, c (S - v)) times S; a number not drawn has none.
func TestQuantileOfEachKindOfFactor(t *testing.T) {
	s := twoGroups()
	withDrawnGroups(s)
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	fi := map[string]int{}
	for k, f := range ev.Factors() {
		fi[f.Name] = k
	}
	if q, ok := ev.Quantile(fi["arms.ips.costs.specialist.amount"], 0.25); !ok || math.Abs(q-3500) > 1e-9 {
		t.Errorf("uniform(3000, 5000) at 0.25: %v, %v", q, ok)
	}
	// Beta(20, 30): its median is near (a - 1/3)/(a + b - 2/3) (Kerman 2011).
	if q, ok := ev.Quantile(fi["groups.young.share"], 0.5); !ok || math.Abs(q-(20-1.0/3)/(50-2.0/3)) > 1e-3 {
		t.Errorf("the young's share at 0.5: %v, %v", q, ok)
	}
	lo, _ := ev.Quantile(fi["groups.old.share"], 0.1)
	hi, _ := ev.Quantile(fi["groups.old.share"], 0.9)
	if !(lo < 0.6 && 0.6 < hi) || hi-lo > 0.25 {
		t.Errorf("the old's share from %v to %v around 0.6", lo, hi)
	}
	for _, tc := range []struct {
		i int
		p float64
	}{{fi["arms.usual.costs.training.amount"], 0.5}, {-1, 0.5}, {len(ev.Factors()), 0.5}} {
		if q, ok := ev.Quantile(tc.i, tc.p); ok || q != 0 {
			t.Errorf("Quantile(%d, %v) = %v, %v", tc.i, tc.p, q, ok)
		}
	}
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		if q, ok := ev.Quantile(fi["arms.ips.costs.specialist.amount"], p); ok || !math.IsNaN(q) {
			t.Errorf("Quantile at %v = %v, %v", p, q, ok)
		}
	}
}
