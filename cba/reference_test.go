package cba

import (
	"math"
	"math/rand/v2"
	"testing"
)

// This file holds a plain reference evaluation: loops over arms, groups and
// months written straight from MODEL.md, with no precomputation and no
// linear algebra. Evaluate must agree with it; it stays as the guard when
// Evaluate is made fast.

// refFlows is one arm's (or increment's) result for one group or the
// population, by perspective.
type refFlows struct {
	persp      map[string][]float64 // perspective -> flow by month 0..H
	nonMarket  []float64
	employment []float64
	progCost   []float64 // programme costs by month, all payers
}

func newRefFlows(s *Scenario) *refFlows {
	h := s.HorizonMonths + 1
	f := &refFlows{persp: map[string][]float64{}, nonMarket: make([]float64, h), employment: make([]float64, h), progCost: make([]float64, h)}
	for _, p := range append([]string{"participant", "public", "society"}, s.Payers...) {
		f.persp[p] = make([]float64, h)
	}
	return f
}

// refDiscount multiplies one month at a time: d(m) = d(m-1) * (1+r)^(-1/12).
func refDiscount(s *Scenario) []float64 {
	d := make([]float64, s.HorizonMonths+1)
	d[0] = 1
	for m := 1; m <= s.HorizonMonths; m++ {
		year := int(math.Ceil(float64(m) / 12))
		r := 0.0
		for _, st := range s.Discount {
			if st.FromYear <= year {
				r = st.Rate
			}
		}
		d[m] = d[m-1] * math.Pow(1+r, -1.0/12)
	}
	return d
}

func refCurve(s *Scenario, e Employment, comp []float64) []float64 {
	h := s.HorizonMonths
	out := make([]float64, h+1)
	out[0] = e.Initial
	if e.Model == Markov {
		for m := 1; m <= h; m++ {
			var p MarkovPeriod
			for _, q := range e.Periods {
				if q.FromMonth <= m {
					p = q
				}
			}
			out[m] = out[m-1]*(1-p.JobLoss) + (1-out[m-1])*p.JobFinding
		}
		return out
	}
	pts := append([]CurvePoint{{Month: 0, Share: e.Initial}}, e.Points...)
	last := pts[len(pts)-1]
	for m := 1; m <= h; m++ {
		if m <= last.Month {
			for i := 1; i < len(pts); i++ {
				if m <= pts[i].Month {
					a, b := pts[i-1], pts[i]
					out[m] = a.Share + (b.Share-a.Share)*float64(m-a.Month)/float64(b.Month-a.Month)
					break
				}
			}
			continue
		}
		switch e.After {
		case HoldConstant:
			out[m] = last.Share
		case EndEffect:
			out[m] = comp[m]
		case DecayToComparator:
			v := comp[m] + (last.Share-comp[last.Month])*math.Pow(0.5, float64(m-last.Month)/e.HalfLifeMonths)
			out[m] = math.Min(1, math.Max(0, v))
		}
	}
	return out
}

func refArmGroup(s *Scenario, a, g int, e []float64) *refFlows {
	arm, grp := &s.Arms[a], &s.Groups[g]
	job := grp.Job
	if arm.Groups[g].Job != nil {
		job = *arm.Groups[g].Job
	}
	f := newRefFlows(s)
	copy(f.employment, e)
	lambda, keep := s.Perspective.Lambda, 1-s.Perspective.Displacement
	for m := 0; m <= s.HorizonMonths; m++ {
		payer := map[string]float64{}
		var part, gross, contrib, cost float64
		if m > 0 {
			earn := job.Earnings() * math.Pow(1+s.WageGrowth, float64(m-1)/12)
			gross = e[m] * earn
			contrib = s.EmployerContribution.Rate * gross
			payer[s.EmployerContribution.Receiver] += contrib
			part += gross
			// Benefit states: none, or one of the benefits; each in or out of work.
			noneShare := 1.0
			for k, b := range s.Benefits {
				rc := grp.Receipts[k]
				noneShare -= rc.Share
				inAmt := b.InWork.InWorkAmount(rc.Amount, earn, job.WeeklyHours)
				benefit := rc.Share * ((1-e[m])*rc.Amount + e[m]*inAmt)
				part += benefit
				payer[b.Payer] -= benefit
				for _, t := range s.Taxes {
					var outTax, inTax float64
					switch b.Taxable {
					case NotTaxable:
						outTax, inTax = t.Tax(0, 0), t.Tax(12*earn, 0)
					case WageIncome:
						outTax, inTax = t.Tax(12*rc.Amount, 0), t.Tax(12*(earn+inAmt), 0)
					case PensionIncome:
						outTax, inTax = t.Tax(0, 12*rc.Amount), t.Tax(12*earn, 12*inAmt)
					}
					tax := rc.Share * ((1-e[m])*outTax + e[m]*inTax) / 12
					part -= tax
					payer[t.Receiver] += tax
				}
			}
			for _, t := range s.Taxes {
				tax := noneShare * ((1-e[m])*t.Tax(0, 0) + e[m]*t.Tax(12*earn, 0)) / 12
				part -= tax
				payer[t.Receiver] += tax
			}
			f.nonMarket[m] = e[m] * s.Perspective.NonMarket.PerEmployedMonth
		}
		for _, c := range arm.Costs {
			var amount float64
			switch {
			case c.Timing == OneOff && m == 0:
				amount = c.Amount
			case c.Timing == PerMonth && m > 0:
				months := c.Months
				if months == 0 {
					months = math.Inf(1)
				}
				amount = c.Amount * math.Min(1, math.Max(0, months-float64(m-1)))
			case c.Timing == PerEnrolledMonth && m > 0:
				months := arm.Enrolment.Months
				if months == 0 {
					months = math.Inf(1)
				}
				amount = c.Amount * math.Min(1, math.Max(0, months-float64(m-1))) * math.Pow(1-arm.Enrolment.Dropout, float64(m-1))
			}
			payer[c.Payer] -= amount
			cost += amount
			if c.Category == ProgrammeCost {
				f.progCost[m] += amount
			}
		}
		public := 0.0
		for _, p := range s.Payers {
			f.persp[p][m] = payer[p]
			public += payer[p]
		}
		f.persp["participant"][m] = part
		f.persp["public"][m] = public
		soc := keep*(gross+contrib) - cost + lambda*public
		if s.Perspective.NonMarket.Include {
			soc += f.nonMarket[m]
		}
		f.persp["society"][m] = soc
	}
	return f
}

// refEvaluate returns, per arm, the population and group flows, and per
// non-comparator arm, the increments.
func refEvaluate(s *Scenario) (arms, incs [][]*refFlows) {
	comp := -1
	for a := range s.Arms {
		if s.Arms[a].Name == s.Comparator {
			comp = a
		}
	}
	curves := make([][][]float64, len(s.Arms))
	for a := range s.Arms {
		curves[a] = make([][]float64, len(s.Groups))
	}
	for g := range s.Groups {
		curves[comp][g] = refCurve(s, s.Arms[comp].Groups[g].Employment, nil)
		for a := range s.Arms {
			if a != comp {
				curves[a][g] = refCurve(s, s.Arms[a].Groups[g].Employment, curves[comp][g])
			}
		}
	}
	combine := func(dst, src *refFlows, w float64) {
		for p, row := range src.persp {
			for m := range row {
				dst.persp[p][m] += w * row[m]
			}
		}
		for m := range src.employment {
			dst.employment[m] += w * src.employment[m]
			dst.nonMarket[m] += w * src.nonMarket[m]
			dst.progCost[m] += w * src.progCost[m]
		}
	}
	arms = make([][]*refFlows, len(s.Arms))
	for a := range s.Arms {
		pop := newRefFlows(s)
		arms[a] = []*refFlows{pop}
		for g := range s.Groups {
			f := refArmGroup(s, a, g, curves[a][g])
			arms[a] = append(arms[a], f)
			combine(pop, f, s.Groups[g].Share)
		}
	}
	for a := range s.Arms {
		if a == comp {
			continue
		}
		var inc []*refFlows
		for i := range arms[a] {
			f := newRefFlows(s)
			combine(f, arms[a][i], 1)
			combine(f, arms[comp][i], -1)
			inc = append(inc, f)
		}
		incs = append(incs, inc)
	}
	return arms, incs
}

func refNPV(d, flow []float64) float64 {
	v := 0.0
	for m := range flow {
		v += d[m] * flow[m]
	}
	return v
}

func refBreakEven(d, flow []float64) int {
	cum := make([]float64, len(flow))
	total := 0.0
	for m := range flow {
		total += d[m] * flow[m]
		cum[m] = total
	}
	for m := range cum {
		ok := true
		for k := m; k < len(cum); k++ {
			ok = ok && cum[k] >= 0
		}
		if ok {
			return m
		}
	}
	return NoBreakEven
}

// compareWithReference checks every NPV, employed months and ratio of r
// against the reference, to rel relative to the size of the flows.
func compareWithReference(t *testing.T, s *Scenario, r *Result, rel float64) {
	t.Helper()
	d := refDiscount(s)
	arms, incs := refEvaluate(s)
	check := func(what string, ref *refFlows, sum *Summary, increment bool) {
		scale := 0.0
		for c := range sum.PV {
			scale += math.Abs(sum.PV[c])
		}
		for p, name := range r.Perspectives {
			want := refNPV(d, ref.persp[name])
			if !near(sum.NPV[p], want, rel, scale) {
				t.Errorf("%s %s: NPV %v, reference %v", what, name, sum.NPV[p], want)
			}
		}
		em := 0.0
		for m := 1; m < len(ref.employment); m++ {
			em += ref.employment[m]
		}
		if !near(sum.EmployedMonths, em, rel, float64(s.HorizonMonths)) {
			t.Errorf("%s: employed months %v, reference %v", what, sum.EmployedMonths, em)
		}
		if nm := refNPV(d, ref.nonMarket); !near(sum.PV[r.Component("non_market")], nm, rel, scale) {
			t.Errorf("%s: non-market %v, reference %v", what, sum.PV[r.Component("non_market")], nm)
		}
		if !increment {
			return
		}
		cost := refNPV(d, ref.progCost)
		if !near(sum.ProgrammeCost, cost, rel, scale) {
			t.Errorf("%s: programme cost %v, reference %v", what, sum.ProgrammeCost, cost)
		}
		// Compare ratios only where the cost is clearly away from zero.
		if cost > 1e-6*math.Max(1, scale) {
			want := (refNPV(d, ref.persp["society"]) + cost) / cost
			if sum.BCR.CostSaving || !near(sum.BCR.Value, want, 1e-9, math.Abs(want)) {
				t.Errorf("%s: BCR %+v, reference %v", what, sum.BCR, want)
			}
		}
		if cost < -1e-6*math.Max(1, scale) && !sum.BCR.CostSaving {
			t.Errorf("%s: BCR %+v with programme cost %v, want cost-saving", what, sum.BCR, cost)
		}
	}
	for a := range r.Arms {
		o := &r.Arms[a]
		check(o.Arm+" population", arms[a][0], &o.Population, false)
		for g := range o.Groups {
			check(o.Arm+" "+o.Groups[g].Group, arms[a][g+1], &o.Groups[g], false)
		}
	}
	for i := range r.Increments {
		o := &r.Increments[i]
		check(o.Arm+" increment population", incs[i][0], &o.Population, true)
		for g := range o.Groups {
			check(o.Arm+" increment "+o.Groups[g].Group, incs[i][g+1], &o.Groups[g], true)
		}
	}
}

func TestEvaluateMatchesReferenceOnSimpleScenario(t *testing.T) {
	s := simpleScenario()
	compareWithReference(t, s, mustEvaluate(t, s), 1e-12)
}

func TestEvaluateMatchesReferenceOnRandomScenarios(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := range n {
		s := randomScenario(rng)
		r, err := Evaluate(s)
		if err != nil {
			t.Fatalf("scenario %d is not valid: %v", i, err)
		}
		compareWithReference(t, s, r, 1e-12)
		if t.Failed() {
			t.Fatalf("scenario %d differs from the reference", i)
		}
	}
}

func TestBreakEvenMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 100 {
		s := randomScenario(rng)
		r := mustEvaluate(t, s)
		_, incs := refEvaluate(s)
		d := r.Discount
		for k, inc := range r.Increments {
			for p, name := range r.Perspectives {
				want := refBreakEven(d, incs[k][0].persp[name])
				if got := inc.Population.BreakEven[p]; got != want {
					// Differences of rounding can move a month whose
					// cumulative value is zero to within 1e-9.
					if !nearZeroCumulative(d, incs[k][0].persp[name], got, want) {
						t.Errorf("scenario %d %s %s: break-even %d, reference %d", i, inc.Arm, name, got, want)
					}
				}
			}
		}
	}
}

func nearZeroCumulative(d, flow []float64, a, b int) bool {
	lo, hi := min(a, b), max(a, b)
	if lo < 0 {
		return false
	}
	total, scale := 0.0, 0.0
	for m := 0; m < hi; m++ {
		total += d[m] * flow[m]
		scale += math.Abs(d[m] * flow[m])
		if m >= lo-1 && math.Abs(total) > 1e-9*math.Max(1, scale) && total < 0 {
			return false
		}
	}
	return true
}
