package cba

import (
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// This file holds a plain reference evaluation: loops over arms, groups,
// benefit states and months written straight from MODEL.md, with no
// precomputation, no closed forms and none of the production rules: it
// owns its tax, benefit and earnings rules (refTax, refInWork,
// refEarnings), computes taxes with thresholds grown with wages when the
// scenario is indexed (the engine instead scales whole flows), and its own
// employment curves. Evaluate must agree with it.

// refFlows is one arm's (or increment's) result for one group or the
// population, by perspective.
type refFlows struct {
	persp      map[string][]float64 // perspective -> flow by month 0..H
	nonMarket  []float64
	leisure    []float64
	employment []float64
	earnings   []float64
	progCost   []float64 // programme costs by month, all payers
	// progBy is the programme costs by month as they lower each
	// perspective's NPV (society's with the financing cost on them).
	progBy map[string][]float64
}

func newRefFlows(s *Scenario) *refFlows {
	h := s.HorizonMonths + 1
	f := &refFlows{persp: map[string][]float64{}, nonMarket: make([]float64, h), leisure: make([]float64, h),
		employment: make([]float64, h), earnings: make([]float64, h), progCost: make([]float64, h),
		progBy: map[string][]float64{}}
	for _, p := range append([]string{"participant", "public", "society"}, s.Payers...) {
		f.persp[p] = make([]float64, h)
		f.progBy[p] = make([]float64, h)
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

// refTax is MODEL.md's tax component on annual wage and pension income,
// with every money threshold of the component multiplied by scale.
func refTax(t TaxComponent, wage, pension, scale float64) float64 {
	base := wage + pension
	if base <= 0 || base <= t.Floor*scale {
		return 0
	}
	var tax float64
	if t.PensionRateGiven {
		tax = t.Rate*wage + t.PensionRate*pension
	} else {
		deduction := t.DeductionShare * base
		if t.DeductionCap > 0 && deduction > t.DeductionCap*scale {
			deduction = t.DeductionCap * scale
		}
		taxable := math.Max(0, base-deduction-t.PersonalAllowance*scale)
		tax = t.Rate * taxable
		for i, b := range t.Brackets {
			top := math.Inf(1)
			if i+1 < len(t.Brackets) {
				top = t.Brackets[i+1].From * scale
			}
			if taxable > b.From*scale {
				tax += b.Rate * (math.Min(taxable, top) - b.From*scale)
			}
		}
	}
	if t.PhaseIn > 0 && tax > t.PhaseIn*(base-t.Floor*scale) {
		tax = t.PhaseIn * (base - t.Floor*scale)
	}
	return tax
}

// refInWork is the in-work amount of MODEL.md section 4, with the rule's
// money amounts multiplied by scale.
func refInWork(r InWorkRule, amount, earnings, hours, scale float64) float64 {
	if r.Kind == OnHours {
		if hours/r.NormalHours > r.StopShare {
			return 0
		}
		return amount * math.Max(0, 1-hours/r.NormalHours)
	}
	if r.Cutoff > 0 && earnings > r.Cutoff*scale {
		return 0
	}
	return math.Max(0, amount-r.Taper*math.Max(0, earnings-r.Disregard*scale))
}

// refEarnings is an employed participant's gross monthly earnings.
func refEarnings(j Job) float64 {
	if j.EarningsGiven {
		return j.MonthlyEarnings
	}
	return j.HourlyWage * j.WeeklyHours * 52 / 12
}

// refInterpolate is the interpolation from (0, v0) through points, at
// month m (within the points): a straight line from each point to the
// next over its ramp's months (all of them when the ramp is 0 or longer),
// then the point's value.
func refInterpolate(months []int, values []float64, ramps []int, v0 float64, m int) float64 {
	pm, pv := 0, v0
	for i, month := range months {
		if m <= month {
			r := month - pm
			if ramps != nil && ramps[i] > 0 && ramps[i] < r {
				r = ramps[i]
			}
			if m-pm >= r {
				if r == month-pm {
					return pv + (values[i]-pv)*float64(m-pm)/float64(month-pm)
				}
				return values[i]
			}
			return pv + (values[i]-pv)*float64(m-pm)/float64(r)
		}
		pm, pv = month, values[i]
	}
	return pv
}

// refRamp is a point's ramp: none (0, a straight line) for a share at
// its month.
func refRamp(k OutcomeKind, r int) int {
	if k == ShareAtMonth {
		return 0
	}
	return r
}

// refMeanShare is what a point of kind k with value x says of the mean
// share in work over months 1..month (k != ShareAtMonth), for a job in
// work hours a month earning earn.
func refMeanShare(k OutcomeKind, x, timeInWork float64, month int, hours, earn float64) float64 {
	switch k {
	case EverEmployed:
		return x * timeInWork
	case HoursWorked:
		return x / hours / float64(month)
	case EarningsEarned:
		return x / earn / float64(month)
	}
	return x
}

// refPointValues turns points of any kind into the values they reach
// that make the interpolated curve give what each measured: the mean over
// months 1..T of the curve is affine in the last point's value, so it is
// found from the curve's means with that value 0 and 1.
func refPointValues(months []int, kinds []OutcomeKind, xs, tiw []float64, ramps []int, v0, lo float64, job *Job) []float64 {
	hours, earn := math.NaN(), math.NaN()
	if job != nil {
		hours, earn = job.WeeklyHours*52/12, refEarnings(*job)
	}
	vals := make([]float64, len(xs))
	for i := range xs {
		if kinds[i] == ShareAtMonth {
			vals[i] = xs[i]
			continue
		}
		mean := func(v float64) float64 {
			vals[i] = v
			sum := 0.0
			for m := 1; m <= months[i]; m++ {
				sum += refInterpolate(months[:i+1], vals[:i+1], ramps[:i+1], v0, m)
			}
			return sum / float64(months[i])
		}
		a, b := mean(0), mean(1)
		vals[i] = (refMeanShare(kinds[i], xs[i], tiw[i], months[i], hours, earn) - a) / (b - a)
		vals[i] = math.Min(1, math.Max(lo, vals[i])) // no line reaches it: the nearest share
	}
	return vals
}

func refCurve(s *Scenario, e Employment, comp []float64, job *Job) []float64 {
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
	var months, ramps []int
	var kinds []OutcomeKind
	var xs, tiw []float64
	for _, p := range e.Points {
		months, kinds, xs, tiw = append(months, p.Month), append(kinds, p.Kind), append(xs, p.Share), append(tiw, p.TimeInWork)
		ramps = append(ramps, refRamp(p.Kind, p.RampMonths))
	}
	values := refPointValues(months, kinds, xs, tiw, ramps, e.Initial, 0, job)
	lastMonth, lastShare := months[len(months)-1], values[len(values)-1]
	for m := 1; m <= h; m++ {
		if m <= lastMonth {
			out[m] = refInterpolate(months, values, ramps, e.Initial, m)
			continue
		}
		switch e.After {
		case HoldConstant:
			out[m] = lastShare
		case EndEffect:
			out[m] = comp[m]
		case DecayToComparator:
			v := comp[m] + (lastShare-comp[lastMonth])*math.Pow(0.5, float64(m-lastMonth)/e.HalfLifeMonths)
			out[m] = math.Min(1, math.Max(0, v))
		}
	}
	return out
}

// refEffectCurve is the arm's effect D(m).
func refEffectCurve(s *Scenario, e *Effect, job *Job) []float64 {
	out := make([]float64, s.HorizonMonths+1)
	var months, ramps []int
	var kinds []OutcomeKind
	var xs, tiw []float64
	for _, p := range e.Points {
		months, kinds, xs, tiw = append(months, p.Month), append(kinds, p.Kind), append(xs, p.Difference), append(tiw, p.TimeInWork)
		ramps = append(ramps, refRamp(p.Kind, p.RampMonths))
	}
	values := refPointValues(months, kinds, xs, tiw, ramps, 0, -1, job)
	lastMonth, last := months[len(months)-1], values[len(values)-1]
	for m := 1; m <= s.HorizonMonths; m++ {
		switch {
		case m <= lastMonth:
			out[m] = refInterpolate(months, values, ramps, 0, m)
		case e.After == HoldConstant:
			out[m] = last
		case e.After == DecayToComparator:
			out[m] = last * math.Pow(0.5, float64(m-lastMonth)/e.HalfLifeMonths)
		}
	}
	return out
}

// refJob is group g's job in arm a.
func refJob(s *Scenario, a, g int) *Job {
	if j := s.Arms[a].Groups[g].Job; j != nil {
		return j
	}
	return &s.Groups[g].Job
}

// refTimed is a cost's or allowance's amount in month m.
func refTimed(timing Timing, amount, months float64, en Enrolment, m int) float64 {
	switch {
	case timing == OneOff && m == 0:
		return amount
	case timing == PerMonth && m > 0:
		if months == 0 {
			months = math.Inf(1)
		}
		return amount * math.Min(1, math.Max(0, months-float64(m-1)))
	case timing == PerEnrolledMonth && m > 0:
		d := en.Months
		if d == 0 {
			d = math.Inf(1)
		}
		return amount * math.Min(1, math.Max(0, d-float64(m-1))) * math.Pow(1-en.Dropout, float64(m-1))
	}
	return 0
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
	// inBudget is the share of what work moves in taxes, contributions
	// and benefits that reaches the payers: 1, or 1 - displacement when
	// the displaced workers' taxes and benefits reach them too.
	inBudget := 1.0
	if s.Perspective.DisplacementInBudgets {
		inBudget = keep
	}
	var spend float64 // public spending this month: costs, benefits, allowances paid
	pay := func(payer map[string]float64, sp Split, amount float64) {
		for _, x := range sp {
			payer[x.Payer] += x.Share * amount
		}
	}
	// payTax pays a tax to its receivers, with income equalisation.
	payTax := func(payer map[string]float64, t TaxComponent, amount float64) {
		for _, x := range t.Receivers {
			v := x.Share * amount * inBudget
			for _, e := range s.Equalisation {
				if e.Tax == t.Name && e.Receiver == x.Payer {
					payer[e.RestTo] += (1 - e.Retention) * v
					v *= e.Retention
				}
			}
			payer[x.Payer] += v
		}
	}
	for m := 0; m <= s.HorizonMonths; m++ {
		payer := map[string]float64{}
		spend = 0
		var part, gross, contrib, cost float64
		if m > 0 {
			growth := math.Pow(1+s.WageGrowth, float64(m-1)/12)
			scale := 1.0 // of benefits and tax thresholds
			if s.Indexed {
				scale = growth
			}
			earn := refEarnings(job) * growth
			gross = e[m] * earn
			contrib = e[m] * s.EmployerContribution.Rate * math.Max(0, earn-s.EmployerContribution.Threshold*scale/12)
			pay(payer, s.EmployerContribution.Receivers, inBudget*contrib)
			part += gross
			// Benefit states: none, or one of the benefits; each in or out
			// of work, with the shares in force in month m.
			noneShare := 1.0
			for k, b := range s.Benefits {
				rc := grp.Receipts[k]
				share := rc.Share
				for _, st := range rc.Later {
					if st.FromMonth <= m {
						share = st.Share
					}
				}
				amount := rc.Amount * scale
				noneShare -= share
				inAmt := refInWork(b.InWork, amount, earn, job.WeeklyHours, scale)
				benefit := share * ((1-e[m])*amount + e[m]*inAmt)
				part += benefit
				pay(payer, b.Payers, -inBudget*benefit)
				spend -= inBudget * benefit
				for _, t := range s.Taxes {
					var outTax, inTax float64
					switch b.Taxable {
					case NotTaxable:
						outTax, inTax = refTax(t, 0, 0, scale), refTax(t, 12*earn, 0, scale)
					case WageIncome:
						outTax, inTax = refTax(t, 12*amount, 0, scale), refTax(t, 12*(earn+inAmt), 0, scale)
					case PensionIncome:
						outTax, inTax = refTax(t, 0, 12*amount, scale), refTax(t, 12*earn, 12*inAmt, scale)
					}
					tax := share * ((1-e[m])*outTax + e[m]*inTax) / 12
					part -= tax
					payTax(payer, t, tax)
				}
			}
			for _, t := range s.Taxes {
				tax := noneShare * ((1-e[m])*refTax(t, 0, 0, scale) + e[m]*refTax(t, 12*earn, 0, scale)) / 12
				part -= tax
				payTax(payer, t, tax)
			}
			f.nonMarket[m] = e[m] * s.Perspective.NonMarket.PerEmployedMonth
			f.leisure[m] = s.Perspective.Leisure.Share * gross
			f.earnings[m] = gross
		}
		for _, al := range arm.Allowances {
			amount := refTimed(al.Timing, al.Amount, al.Months, arm.Enrolment, m)
			if s.Indexed && m > 0 {
				amount *= math.Pow(1+s.WageGrowth, float64(m-1)/12)
			}
			part += amount
			pay(payer, al.Payers, -amount)
			spend -= amount
		}
		for _, c := range arm.Costs {
			amount := refTimed(c.Timing, c.Amount, c.Months, arm.Enrolment, m)
			pay(payer, c.Payers, -amount)
			spend -= amount
			cost += amount
			if c.Category == ProgrammeCost {
				f.progCost[m] += amount
				for _, x := range c.Payers {
					f.progBy[x.Payer][m] += x.Share * amount
				}
				f.progBy["public"][m] += amount // every cost is public
				f.progBy["society"][m] += (1 + lambda) * amount
			}
		}
		public := 0.0
		for _, p := range s.Payers {
			f.persp[p][m] = payer[p]
			public += payer[p]
		}
		f.persp["participant"][m] = part
		f.persp["public"][m] = public
		financed := public
		if s.Perspective.FinancingOnSpending {
			financed = spend
		}
		soc := keep*(gross+contrib) - cost + lambda*financed
		if s.Perspective.NonMarket.Include {
			soc += f.nonMarket[m]
		}
		if s.Perspective.Leisure.Include {
			soc -= f.leisure[m]
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
		curves[comp][g] = refCurve(s, s.Arms[comp].Groups[g].Employment, nil, refJob(s, comp, g))
	}
	for a, arm := range s.Arms {
		if a == comp {
			continue
		}
		if arm.Effect == nil {
			for g := range s.Groups {
				curves[a][g] = refCurve(s, arm.Groups[g].Employment, curves[comp][g], refJob(s, a, g))
			}
			continue
		}
		weighted := 0.0
		for g := range s.Groups {
			weighted += s.Groups[g].Share * arm.Groups[g].EffectMultiplier
		}
		for g := range s.Groups {
			effect := refEffectCurve(s, arm.Effect, refJob(s, a, g))
			k := arm.Groups[g].EffectMultiplier / weighted
			curves[a][g] = make([]float64, s.HorizonMonths+1)
			for m := range curves[a][g] {
				curves[a][g][m] = math.Min(1, math.Max(0, curves[comp][g][m]+k*effect[m]))
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
			dst.leisure[m] += w * src.leisure[m]
			dst.earnings[m] += w * src.earnings[m]
			dst.progCost[m] += w * src.progCost[m]
		}
		for p, row := range src.progBy {
			for m := range row {
				dst.progBy[p][m] += w * row[m]
			}
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

// refCumulative is the discounted flow summed over months 0..month.
func refCumulative(d, flow []float64, month int) float64 {
	v := 0.0
	for m := 0; m <= month && m < len(flow); m++ {
		v += d[m] * flow[m]
	}
	return v
}

func refBreakEven(d, flow []float64) int {
	for m := range flow {
		ok := true
		for k := m; k < len(flow); k++ {
			ok = ok && refCumulative(d, flow, k) >= 0
		}
		if ok {
			return m
		}
	}
	return NoBreakEven
}

// compareWithReference checks every NPV (over the horizon and the observed
// window), employed months, earnings, non-market value, leisure, programme
// cost, ratio and yearly cumulative value of r against the reference, to
// rel relative to the size of the flows.
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
			if want := refNPV(d, ref.persp[name]); !near(sum.NPV[p], want, rel, scale) {
				t.Errorf("%s %s: NPV %v, reference %v", what, name, sum.NPV[p], want)
			}
			if s.ObservedMonths > 0 {
				if want := refCumulative(d, ref.persp[name], s.ObservedMonths); !near(sum.NPVObserved[p], want, rel, scale) {
					t.Errorf("%s %s: NPV over the observed window %v, reference %v", what, name, sum.NPVObserved[p], want)
				}
			}
			for y := 1; 12*(y-1) < s.HorizonMonths; y++ {
				if want, got := refCumulative(d, ref.persp[name], 12*y), r.Cumulative(sum, p, 12*y); !near(got, want, rel, scale) {
					t.Errorf("%s %s: cumulative to year %d %v, reference %v", what, name, y, got, want)
				}
			}
		}
		em, earn := 0.0, 0.0
		for m := 1; m < len(ref.employment); m++ {
			em += ref.employment[m]
			earn += ref.earnings[m]
		}
		if !near(sum.EmployedMonths, em, rel, float64(s.HorizonMonths)) {
			t.Errorf("%s: employed months %v, reference %v", what, sum.EmployedMonths, em)
		}
		if !near(sum.Earnings, earn, rel, scale) {
			t.Errorf("%s: earnings %v, reference %v", what, sum.Earnings, earn)
		}
		if nm := refNPV(d, ref.nonMarket); !near(sum.PV[comp(t, r, "non_market")], nm, rel, scale) {
			t.Errorf("%s: non-market %v, reference %v", what, sum.PV[comp(t, r, "non_market")], nm)
		}
		if le := refNPV(d, ref.leisure); !near(sum.PV[comp(t, r, "leisure")], le, rel, scale) {
			t.Errorf("%s: leisure %v, reference %v", what, sum.PV[comp(t, r, "leisure")], le)
		}
		if !increment {
			return
		}
		cost := refNPV(d, ref.progCost)
		if !near(sum.ProgrammeCost, cost, rel, scale) {
			t.Errorf("%s: programme cost %v, reference %v", what, sum.ProgrammeCost, cost)
		}
		for p, name := range r.Perspectives {
			if want := refNPV(d, ref.progBy[name]); !near(sum.ProgrammeCostBorne[p], want, rel, scale) {
				t.Errorf("%s %s: programme cost borne %v, reference %v", what, name, sum.ProgrammeCostBorne[p], want)
			}
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
		pub, soc := refNPV(d, ref.persp["public"]), refNPV(d, ref.persp["society"])
		switch {
		case pub < -1e-6*math.Max(1, scale):
			if want := soc / -pub; sum.NetPerBudgetKrone.CostSaving || !near(sum.NetPerBudgetKrone.Value, want, 1e-9, math.Abs(want)) {
				t.Errorf("%s: net benefit per budget krone %+v, reference %v", what, sum.NetPerBudgetKrone, want)
			}
		case pub > 1e-6*math.Max(1, scale) && !sum.NetPerBudgetKrone.CostSaving:
			t.Errorf("%s: net benefit per budget krone %+v while the public budgets gain %v", what, sum.NetPerBudgetKrone, pub)
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
	t.Parallel() // one core's work: it runs beside another test
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
		compareWithReference(t, s, r, 1e-11)
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
		lo = hi
		hi = len(flow)
	}
	scale := 0.0
	for m := range flow {
		scale += math.Abs(d[m] * flow[m])
	}
	for m := max(lo-1, 0); m < hi; m++ {
		if c := refCumulative(d, flow, m); c < 0 && math.Abs(c) > 1e-9*math.Max(1, scale) {
			return false
		}
	}
	return true
}

// TestReferenceCatchesMutations proves that the reference is independent of
// the production rules: built with the tag "mutation", the tax, a benefit's
// in-work rule or earnings made 1 % wrong must make the reference
// comparison fail.
func TestReferenceCatchesMutations(t *testing.T) {
	if os.Getenv("IPSCBA_MUTATE") != "" {
		t.Skip("this is the mutated run itself")
	}
	if testing.Short() {
		t.Skip("builds the package again: not in -short")
	}
	t.Parallel() // mostly waits for the build and the runs of other processes
	// The mutation build, once; each mutation is a run of it.
	bin := filepath.Join(t.TempDir(), "cba-mutation.test")
	if out, err := exec.Command("go", "test", "-c", "-tags", "mutation", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("the mutation build fails:\n%s", out)
	}
	run := func(mutation string) ([]byte, error) {
		cmd := exec.Command(bin, "-test.count=1", "-test.run=^TestEvaluateMatchesReferenceOnRandomScenarios$")
		cmd.Env = append(os.Environ(), "IPSCBA_MUTATE="+mutation)
		return cmd.CombinedOutput()
	}
	t.Run("control", func(t *testing.T) {
		t.Parallel()
		if out, err := run("tax:1"); err != nil { // no mutation at all
			t.Fatalf("the mutation build fails without a mutation:\n%s", out)
		}
	})
	for _, m := range []string{"tax:1.01", "benefit:1.01", "earnings:1.01"} {
		t.Run(m, func(t *testing.T) {
			t.Parallel()
			out, err := run(m)
			if err == nil {
				t.Errorf("with %s the reference comparison still passes: the reference is not independent", m)
			} else if !strings.Contains(string(out), "reference") {
				t.Errorf("with %s the run failed for another reason:\n%s", m, out)
			}
		})
	}
}
