package cba

import (
	"fmt"
)

// Parameter is one number of a scenario at one place, named by the path a
// scenario file uses for it (e.g.
// "arms.ips.groups.under30.employment.points[0].share").
type Parameter struct {
	Path  string
	Value float64 // a whole number for Integer bounds
	Bound Bound
	Unit  string // e.g. "NOK a month", "share", "months"
}

// ref points at one number of a scenario: a float64 or an int.
type ref struct {
	f *float64
	i *int
}

func (r ref) get() float64 {
	if r.i != nil {
		return float64(*r.i)
	}
	return *r.f
}

func (r ref) set(v float64) {
	if r.i != nil {
		*r.i = int(v)
		return
	}
	*r.f = v
}

// visitor receives each number of a scenario in a fixed order.
type visitor func(path string, r ref, b Bound, unit string)

// walk calls visit for every number of s. The order depends only on the
// structure of s (names, list lengths, rule kinds), never on values, so a
// clone walks in the same order.
func (s *Scenario) walk(visit visitor) {
	cur := s.Currency
	if cur == "" {
		cur = "money"
	}
	money := func(per string) string { return cur + " " + per }
	num := func(path string, v *float64, b Bound, unit string) { visit(path, ref{f: v}, b, unit) }
	whole := func(path string, v *int, b Bound, unit string) { visit(path, ref{i: v}, b, unit) }

	whole("price_year", &s.PriceYear, priceYear, "year")
	whole("horizon_months", &s.HorizonMonths, horizonBound, "months")
	whole("observed_months", &s.ObservedMonths, observedBound, "months")
	for i := range s.Discount {
		whole(fmt.Sprintf("discount[%d].from_year", i), &s.Discount[i].FromYear, fromYearBound, "year")
		num(fmt.Sprintf("discount[%d].rate", i), &s.Discount[i].Rate, discountBound, "rate a year")
	}
	num("wage_growth", &s.WageGrowth, growthBound, "rate a year")
	num("perspective.displacement", &s.Perspective.Displacement, shareBound, "share")
	num("perspective.marginal_cost_of_public_funds", &s.Perspective.Lambda, lambdaBound, "rate")
	num("perspective.non_market.per_employed_month", &s.Perspective.NonMarket.PerEmployedMonth, moneyBound, money("a month in work"))
	num("perspective.leisure.share", &s.Perspective.Leisure.Share, shareBound, "share of earnings")
	num("employer_contribution.rate", &s.EmployerContribution.Rate, shareBound, "rate")
	s.EmployerContribution.Receivers.walk("employer_contribution.receivers", num)
	for i := range s.Taxes {
		t := &s.Taxes[i]
		p := "taxes." + t.Name
		t.Receivers.walk(p+".receivers", num)
		num(p+".rate", &t.Rate, shareBound, "rate")
		if t.PensionRateGiven {
			num(p+".pension_rate", &t.PensionRate, shareBound, "rate")
		}
		for j := range t.Brackets {
			b := fmt.Sprintf("%s.brackets[%d]", p, j)
			num(b+".from", &t.Brackets[j].From, moneyBound, money("a year"))
			num(b+".rate", &t.Brackets[j].Rate, shareBound, "rate")
		}
		num(p+".personal_allowance", &t.PersonalAllowance, moneyBound, money("a year"))
		num(p+".standard_deduction.share", &t.DeductionShare, shareBound, "share")
		num(p+".standard_deduction.cap", &t.DeductionCap, moneyBound, money("a year"))
		num(p+".floor.threshold", &t.Floor, moneyBound, money("a year"))
		num(p+".floor.phase_in", &t.PhaseIn, shareBound, "rate")
	}
	for i := range s.Benefits {
		b := &s.Benefits[i]
		b.Payers.walk("benefits."+b.Name+".payers", num)
		p := "benefits." + b.Name + ".in_work"
		switch b.InWork.Kind {
		case OnEarnings:
			num(p+".earnings.disregard", &b.InWork.Disregard, moneyBound, money("a month"))
			num(p+".earnings.taper", &b.InWork.Taper, taperBound, "ratio")
			num(p+".earnings.cutoff", &b.InWork.Cutoff, moneyBound, money("a month"))
		case OnHours:
			num(p+".hours.normal_weekly_hours", &b.InWork.NormalHours, normalHours, "hours a week")
			num(p+".hours.stop_share", &b.InWork.StopShare, shareBound, "share")
		}
	}
	for i := range s.Groups {
		g := &s.Groups[i]
		p := "groups." + g.Name
		num(p+".share", &g.Share, shareBound, "share")
		g.Job.walk(p+".job", num, money)
		for k := range g.Receipts {
			if k >= len(s.Benefits) {
				break
			}
			rc := &g.Receipts[k]
			r := p + ".benefits." + s.Benefits[k].Name
			num(r+".share", &rc.Share, shareBound, "share")
			num(r+".amount", &rc.Amount, moneyBound, money("a month"))
			for j := range rc.Later {
				q := fmt.Sprintf("%s.later[%d]", r, j)
				whole(q+".from_month", &rc.Later[j].FromMonth, monthBound, "month")
				num(q+".share", &rc.Later[j].Share, shareBound, "share")
			}
		}
	}
	for i := range s.Arms {
		a := &s.Arms[i]
		p := "arms." + a.Name
		num(p+".enrolment.months", &a.Enrolment.Months, monthsBound, "months")
		num(p+".enrolment.dropout", &a.Enrolment.Dropout, shareBound, "probability a month")
		for j := range a.Costs {
			c := &a.Costs[j]
			cp := p + ".costs." + c.Name
			c.Payers.walk(cp+".payers", num)
			num(cp+".amount", &c.Amount, moneyBound, money(timingUnit(c.Timing)))
			if c.Timing == PerMonth {
				num(cp+".months", &c.Months, monthsBound, "months")
			}
		}
		for j := range a.Allowances {
			al := &a.Allowances[j]
			ap := p + ".allowances." + al.Name
			al.Payers.walk(ap+".payers", num)
			num(ap+".amount", &al.Amount, moneyBound, money(timingUnit(al.Timing)))
			if al.Timing == PerMonth {
				num(ap+".months", &al.Months, monthsBound, "months")
			}
		}
		if e := a.Effect; e != nil {
			for j := range e.Points {
				q := fmt.Sprintf("%s.effect.points[%d]", p, j)
				whole(q+".month", &e.Points[j].Month, monthBound, "month")
				num(q+".difference", &e.Points[j].Difference, differenceBound, "difference of shares")
			}
			if e.After == DecayToComparator {
				num(p+".effect.half_life_months", &e.HalfLifeMonths, halfLifeBound, "months")
			}
		}
		for j := range a.Groups {
			if j >= len(s.Groups) {
				break
			}
			ag := &a.Groups[j]
			gp := p + ".groups." + s.Groups[j].Name
			if a.Effect != nil {
				num(gp+".effect_multiplier", &ag.EffectMultiplier, multiplierBound, "multiplier")
			} else {
				ag.Employment.walk(gp+".employment", num, whole)
			}
			if ag.Job != nil {
				ag.Job.walk(gp+".job", num, money)
			}
		}
	}
	num("cohort.starts_per_year", &s.Cohort.StartsPerYear, startsBound, "participants a year")
	whole("cohort.years", &s.Cohort.Years, yearsBound, "years")
}

type numVisit func(path string, v *float64, b Bound, unit string)
type wholeVisit func(path string, v *int, b Bound, unit string)

func timingUnit(t Timing) string {
	if t == OneOff {
		return "once"
	}
	return "a month"
}

// walk visits the shares of a split between several payers; a one-payer
// split has no number (its share is 1).
func (sp Split) walk(p string, num numVisit) {
	if len(sp) < 2 {
		return
	}
	for i := range sp {
		num(p+"."+sp[i].Payer, &sp[i].Share, shareBound, "share")
	}
}

func (j *Job) walk(p string, num numVisit, money func(string) string) {
	num(p+".weekly_hours", &j.WeeklyHours, hoursBound, "hours a week")
	if j.EarningsGiven {
		num(p+".monthly_earnings", &j.MonthlyEarnings, moneyBound, money("a month"))
	} else {
		num(p+".hourly_wage", &j.HourlyWage, moneyBound, money("an hour"))
	}
}

func (e *Employment) walk(p string, num numVisit, whole wholeVisit) {
	num(p+".initial", &e.Initial, shareBound, "share")
	switch e.Model {
	case Markov:
		for i := range e.Periods {
			q := fmt.Sprintf("%s.periods[%d]", p, i)
			whole(q+".from_month", &e.Periods[i].FromMonth, monthBound, "month")
			num(q+".job_finding", &e.Periods[i].JobFinding, shareBound, "probability a month")
			num(q+".job_loss", &e.Periods[i].JobLoss, shareBound, "probability a month")
		}
	case Observed:
		for i := range e.Points {
			q := fmt.Sprintf("%s.points[%d]", p, i)
			whole(q+".month", &e.Points[i].Month, monthBound, "month")
			num(q+".share", &e.Points[i].Share, shareBound, "share")
		}
		if e.After == DecayToComparator {
			num(p+".half_life_months", &e.HalfLifeMonths, halfLifeBound, "months")
		}
	}
}

// Parameters returns every number of s with its path, value, bound and
// unit, in a fixed order.
func (s *Scenario) Parameters() []Parameter {
	if s == nil {
		return nil
	}
	var ps []Parameter
	s.walk(func(path string, r ref, b Bound, unit string) {
		ps = append(ps, Parameter{Path: path, Value: r.get(), Bound: b, Unit: unit})
	})
	return ps
}

// refs returns the place of every number of s by path.
func (s *Scenario) refs() map[string]ref {
	m := map[string]ref{}
	s.walk(func(path string, r ref, _ Bound, _ string) { m[path] = r })
	return m
}
