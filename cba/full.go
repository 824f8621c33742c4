package cba

import "math"

// NewResult returns a Result shaped for this scenario, to pass to Evaluate.
func (ev *Evaluator) NewResult() *Result {
	s, l, h := ev.s, ev.l, ev.h
	r := &Result{
		Scenario: s.Name, Currency: s.Currency, PriceYear: s.PriceYear,
		HorizonMonths: s.HorizonMonths, ObservedMonths: s.ObservedMonths, EffectMeasuredMonths: s.EffectMeasuredMonths, Comparator: s.Comparator,
		Perspectives: l.perspectives, Components: l.components, Weights: matrix(len(l.perspectives), l.n),
		Discount: make([]float64, h), owner: ev,
	}
	newSummary := func(group string) Summary {
		sum := Summary{
			Group: group, Employment: make([]float64, h), Flows: matrix(l.n, h),
			PV: make([]float64, l.n), NPV: make([]float64, len(l.perspectives)),
			BreakEven: make([]int, len(l.perspectives)), ProgrammeCostBorne: make([]float64, len(l.perspectives)),
		}
		if s.ObservedMonths > 0 {
			sum.NPVObserved = make([]float64, len(l.perspectives))
		}
		return sum
	}
	newOutcome := func(arm, comparator string) Outcome {
		o := Outcome{Arm: arm, Comparator: comparator, Population: newSummary("")}
		for _, g := range s.Groups {
			o.Groups = append(o.Groups, newSummary(g.Name))
		}
		return o
	}
	for a, arm := range s.Arms {
		r.Arms = append(r.Arms, newOutcome(arm.Name, ""))
		if a != ev.comp {
			r.Increments = append(r.Increments, newOutcome(arm.Name, s.Comparator))
		}
	}
	return r
}

// Evaluate evaluates the scenario with parameter vector x (indexed like
// the factors' Index; nil means the base values) into r, which must come
// from NewResult: every flow, present value, NPV, ratio and break-even
// month, for each arm, group and increment. It returns an error naming each
// factor whose value is not allowed (outside its Bound; 0 months for a
// duration whose base value is not 0, the whole horizon: see
// Bound.ZeroIsHorizon; a number no result counts, Factor.Unused, moved
// from its base value), or a result that is not a finite number. Evaluate
// does not allocate when the values are valid.
func (ev *Evaluator) Evaluate(x []float64, r *Result) error {
	if r == nil || r.owner != ev {
		return &Error{Msg: "Evaluate: r must come from this Evaluator's NewResult"}
	}
	if err := ev.setValues(x); err != nil {
		return err
	}
	ev.prepare()
	copy(r.Discount, ev.disc)
	for p := range r.Weights {
		copy(r.Weights[p], ev.l.weights[p])
	}
	r.cohort = ev.s.Cohort
	r.discountSteps = append(r.discountSteps[:0], ev.s.Discount...)

	s := ev.s
	for a := range s.Arms {
		o := &r.Arms[a]
		pop := &o.Population
		clearSummary(pop)
		for g := range s.Groups {
			sum := &o.Groups[g]
			ev.armGroup(a, g, sum)
			addScaled(pop, sum, s.Groups[g].Share)
		}
		for g := range o.Groups {
			ev.finish(&o.Groups[g], false)
		}
		ev.finish(pop, false)
	}
	i := 0
	for a := range s.Arms {
		if a == ev.comp {
			continue
		}
		inc, arm, comp := &r.Increments[i], &r.Arms[a], &r.Arms[ev.comp]
		difference(&inc.Population, &arm.Population, &comp.Population)
		ev.finish(&inc.Population, true)
		for g := range inc.Groups {
			difference(&inc.Groups[g], &arm.Groups[g], &comp.Groups[g])
			ev.finish(&inc.Groups[g], true)
		}
		i++
	}
	return ev.checkFinite(r)
}

// armGroup fills sum with arm a's undiscounted flows for group g.
func (ev *Evaluator) armGroup(a, g int, sum *Summary) {
	s, l, h := ev.s, ev.l, ev.h
	arm := &s.Arms[a]
	job := ev.jobOf(a, g)
	earn := job.Earnings()
	e := ev.emp[a][g*h : (g+1)*h]
	copy(sum.Employment, e)
	for c := range sum.Flows {
		sum.Flows[c][0] = 0
	}
	scaled := ev.scaled()
	for k, from := range ev.segs[g] {
		if ev.monthly() {
			ev.stateFlows(g, job, earn*ev.growth[from], from, -1)
		} else {
			ev.stateFlows(g, job, earn, from, -1)
		}
		for m := from; m <= ev.segmentEnd(g, k); m++ {
			em, sc := e[m], 1.0
			if scaled {
				sc = ev.growth[m]
			}
			for c := 0; c < l.benefit0; c++ { // earnings, employer, taxes
				sum.Flows[c][m] = sc * (ev.out[c] + em*(ev.in[c]-ev.out[c]))
			}
			for c := l.benefit0; c < l.allowance0; c++ {
				sum.Flows[c][m] = sc * (ev.out[c] + em*(ev.in[c]-ev.out[c]))
			}
			sum.Flows[l.leisure][m] = sc * em * ev.in[l.leisure]
			sum.Flows[l.nonMarket][m] = em * ev.in[l.nonMarket]
		}
	}
	sum.Flows[l.leisure][0], sum.Flows[l.nonMarket][0] = 0, 0
	for c := l.allowance0; c < l.financing; c++ {
		clear(sum.Flows[c])
	}
	for j := range arm.Costs {
		c := &arm.Costs[j]
		ev.timed(c.Timing, c.Amount, c.Months, &arm.Enrolment, sum.Flows[l.costOf[a][j]])
	}
	for j := range arm.Allowances {
		al := &arm.Allowances[j]
		row := sum.Flows[l.allowanceOf[a][j]]
		clear(ev.row)
		ev.timed(al.Timing, al.Amount, al.Months, &arm.Enrolment, ev.row)
		for m, v := range ev.row {
			row[m] += v * ev.allowanceScale(m)
		}
	}
}

// finish computes financing, present values, NPVs, break-even months and
// the summary statistics from sum's base flows.
func (ev *Evaluator) finish(sum *Summary, increment bool) {
	l, d := ev.l, ev.disc
	fin := sum.Flows[l.financing]
	clear(fin)
	for c, w := range l.fin {
		if w == 0 {
			continue
		}
		w *= l.lambda
		for m, f := range sum.Flows[c] {
			fin[m] += w * f
		}
	}
	for c, row := range sum.Flows {
		pv := 0.0
		for m, f := range row {
			pv += d[m] * f
		}
		sum.PV[c] = pv
	}
	for p, ws := range l.weights {
		npv := 0.0
		for c, w := range ws {
			npv += w * sum.PV[c]
		}
		sum.NPV[p] = npv
		ev.cumulate(sum, ws)
		sum.BreakEven[p] = breakEvenMonth(ev.cum)
		if sum.NPVObserved != nil {
			sum.NPVObserved[p] = ev.cum[ev.s.ObservedMonths]
		}
	}
	sum.EmployedMonths, sum.DiscountedEmployedMonths, sum.Earnings = 0, 0, 0
	for m := 1; m < len(sum.Employment); m++ {
		sum.EmployedMonths += sum.Employment[m]
		sum.DiscountedEmployedMonths += d[m] * sum.Employment[m]
		sum.Earnings += sum.Flows[l.earnings][m]
	}
	sum.DiscountedEarnings = sum.PV[l.earnings]
	sum.ProgrammeCost = 0
	clear(sum.ProgrammeCostBorne)
	for _, c := range l.programme {
		sum.ProgrammeCost += sum.PV[c]
		for p := range l.perspectives {
			sum.ProgrammeCostBorne[p] -= l.wEff[p][c] * sum.PV[c]
		}
	}
	sum.BCR, sum.PublicReturn, sum.NetPerBudgetKrone = Ratio{}, Ratio{}, Ratio{}
	sum.CostPerMonthInWork, sum.CostPerPersonInWork = 0, 0
	if increment {
		sum.BCR = gainPerCost(sum.NPV[l.society()], sum.ProgrammeCost)
		sum.PublicReturn = gainPerCost(sum.NPV[l.public()], sum.ProgrammeCost)
		sum.NetPerBudgetKrone = perBudgetKrone(sum.NPV[l.society()], sum.NPV[l.public()])
		w := ev.window()
		costW := 0.0
		for _, c := range l.programme {
			for m := 0; m <= w; m++ {
				costW += d[m] * sum.Flows[c][m]
			}
		}
		sum.CostPerMonthInWork = costPerGain(sum.ProgrammeCost, sum.DiscountedEmployedMonths)
		sum.CostPerPersonInWork = costPerGain(costW, sum.Employment[w])
	}
}

// cumulate fills ev.cum with the cumulative discounted flow weighted by ws.
func (ev *Evaluator) cumulate(sum *Summary, ws []float64) {
	flow := ev.cum
	clear(flow)
	for c, w := range ws {
		if w == 0 {
			continue
		}
		for m, f := range sum.Flows[c] {
			flow[m] += w * f
		}
	}
	total := 0.0
	for m, f := range flow {
		total += ev.disc[m] * f
		flow[m] = total
	}
}

// checkFinite reports a result that is not a finite number. With every
// input within its bound it cannot happen; the check keeps a NaN or an
// infinity from ever reaching a report.
func (ev *Evaluator) checkFinite(r *Result) error {
	for _, os := range [][]Outcome{r.Arms, r.Increments} {
		for i := range os {
			o := &os[i]
			for p, v := range o.Population.NPV {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return NewError(o.Arm, "the %s NPV is not a finite number (%s): the scenario's numbers are too large together", r.Perspectives[p], formatNumber(v))
				}
			}
		}
	}
	return nil
}

func clearSummary(s *Summary) {
	clear(s.Employment)
	for _, row := range s.Flows {
		clear(row)
	}
}

// addScaled adds w times src's employment and flows to dst.
func addScaled(dst, src *Summary, w float64) {
	for m, e := range src.Employment {
		dst.Employment[m] += w * e
	}
	for c, row := range src.Flows {
		d := dst.Flows[c]
		for m, f := range row {
			d[m] += w * f
		}
	}
}

// difference sets dst's employment and flows to a minus b.
func difference(dst, a, b *Summary) {
	for m := range dst.Employment {
		dst.Employment[m] = a.Employment[m] - b.Employment[m]
	}
	for c, row := range dst.Flows {
		for m := range row {
			row[m] = a.Flows[c][m] - b.Flows[c][m]
		}
	}
}
