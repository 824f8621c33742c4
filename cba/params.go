package cba

import (
	"fmt"
	"math"
	"strconv"
)

// Bound is the set of values a parameter may take.
type Bound int

const (
	// Real: any finite number.
	Real Bound = iota
	// NonNegative: >= 0 (amounts, thresholds, hours, months).
	NonNegative
	// Positive: > 0.
	Positive
	// Unit: in [0, 1] (probabilities, shares, rates of tax).
	Unit
	// AboveMinusOne: > -1 (annual rates of discount or growth).
	AboveMinusOne
)

// Check returns "" when v is allowed, else what is wrong.
func (b Bound) Check(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "must be a finite number, got " + formatNumber(v)
	case b == NonNegative && v < 0:
		return "must be >= 0, got " + formatNumber(v)
	case b == Positive && v <= 0:
		return "must be > 0, got " + formatNumber(v)
	case b == Unit && (v < 0 || v > 1):
		return "must be in [0, 1], got " + formatNumber(v)
	case b == AboveMinusOne && v <= -1:
		return "must be > -1, got " + formatNumber(v)
	}
	return ""
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Parameter is one numeric parameter of a scenario, named by the path a
// scenario file uses for it (e.g. "arms.ips.groups.under30.employment.points[0].share").
type Parameter struct {
	Path  string
	Value float64
	Bound Bound
}

// visitor receives each numeric parameter of a scenario in a fixed order.
type visitor func(path string, v *float64, b Bound)

// walk calls visit for every numeric parameter of s. The order depends only on
// the structure of s (names, list lengths, rule kinds), never on values, so a
// clone walks in the same order: that order indexes parameter vectors.
func (s *Scenario) walk(visit visitor) {
	for i := range s.Discount {
		visit(fmt.Sprintf("discount[%d].rate", i), &s.Discount[i].Rate, AboveMinusOne)
	}
	visit("wage_growth", &s.WageGrowth, AboveMinusOne)
	visit("perspective.displacement", &s.Perspective.Displacement, Unit)
	visit("perspective.marginal_cost_of_public_funds", &s.Perspective.Lambda, NonNegative)
	visit("perspective.non_market.per_employed_month", &s.Perspective.NonMarket.PerEmployedMonth, NonNegative)
	visit("employer_contribution.rate", &s.EmployerContribution.Rate, Unit)
	for i := range s.Taxes {
		t := &s.Taxes[i]
		p := "taxes." + t.Name
		visit(p+".rate", &t.Rate, Unit)
		if t.PensionRateGiven {
			visit(p+".pension_rate", &t.PensionRate, Unit)
		}
		for j := range t.Brackets {
			b := fmt.Sprintf("%s.brackets[%d]", p, j)
			visit(b+".from", &t.Brackets[j].From, NonNegative)
			visit(b+".rate", &t.Brackets[j].Rate, Unit)
		}
		visit(p+".personal_allowance", &t.PersonalAllowance, NonNegative)
		visit(p+".standard_deduction.share", &t.DeductionShare, Unit)
		visit(p+".standard_deduction.cap", &t.DeductionCap, NonNegative)
		visit(p+".floor.threshold", &t.Floor, NonNegative)
		visit(p+".floor.phase_in", &t.PhaseIn, Unit)
	}
	for i := range s.Benefits {
		b := &s.Benefits[i]
		p := "benefits." + b.Name + ".in_work"
		switch b.InWork.Kind {
		case OnEarnings:
			visit(p+".earnings.disregard", &b.InWork.Disregard, NonNegative)
			visit(p+".earnings.taper", &b.InWork.Taper, NonNegative)
			visit(p+".earnings.cutoff", &b.InWork.Cutoff, NonNegative)
		case OnHours:
			visit(p+".hours.normal_weekly_hours", &b.InWork.NormalHours, Positive)
			visit(p+".hours.stop_share", &b.InWork.StopShare, Unit)
		}
	}
	for i := range s.Groups {
		g := &s.Groups[i]
		p := "groups." + g.Name
		visit(p+".share", &g.Share, Unit)
		g.Job.walk(p+".job", visit)
		for k := range g.Receipts {
			if k >= len(s.Benefits) {
				break
			}
			r := p + ".benefits." + s.Benefits[k].Name
			visit(r+".share", &g.Receipts[k].Share, Unit)
			visit(r+".amount", &g.Receipts[k].Amount, NonNegative)
		}
	}
	for i := range s.Arms {
		a := &s.Arms[i]
		p := "arms." + a.Name
		visit(p+".enrolment.months", &a.Enrolment.Months, NonNegative)
		visit(p+".enrolment.dropout", &a.Enrolment.Dropout, Unit)
		for j := range a.Costs {
			c := &a.Costs[j]
			visit(p+".costs."+c.Name+".amount", &c.Amount, NonNegative)
			if c.Timing == PerMonth {
				visit(p+".costs."+c.Name+".months", &c.Months, NonNegative)
			}
		}
		for j := range a.Groups {
			if j >= len(s.Groups) {
				break
			}
			ag := &a.Groups[j]
			gp := p + ".groups." + s.Groups[j].Name
			ag.Employment.walk(gp+".employment", visit)
			if ag.Job != nil {
				ag.Job.walk(gp+".job", visit)
			}
		}
	}
	visit("cohort.starts_per_year", &s.Cohort.StartsPerYear, NonNegative)
}

func (j *Job) walk(p string, visit visitor) {
	visit(p+".weekly_hours", &j.WeeklyHours, NonNegative)
	if j.EarningsGiven {
		visit(p+".monthly_earnings", &j.MonthlyEarnings, NonNegative)
	} else {
		visit(p+".hourly_wage", &j.HourlyWage, NonNegative)
	}
}

func (e *Employment) walk(p string, visit visitor) {
	visit(p+".initial", &e.Initial, Unit)
	switch e.Model {
	case Markov:
		for i := range e.Periods {
			q := fmt.Sprintf("%s.periods[%d]", p, i)
			visit(q+".job_finding", &e.Periods[i].JobFinding, Unit)
			visit(q+".job_loss", &e.Periods[i].JobLoss, Unit)
		}
	case Observed:
		for i := range e.Points {
			visit(fmt.Sprintf("%s.points[%d].share", p, i), &e.Points[i].Share, Unit)
		}
		if e.After == DecayToComparator {
			visit(p+".half_life_months", &e.HalfLifeMonths, Positive)
		}
	}
}

// Parameters returns every numeric parameter of s with its path, value and
// bound, in the order that indexes parameter vectors (see Evaluator).
func (s *Scenario) Parameters() []Parameter {
	var ps []Parameter
	s.walk(func(path string, v *float64, b Bound) {
		ps = append(ps, Parameter{Path: path, Value: *v, Bound: b})
	})
	return ps
}

// Set sets the parameter at path to v. It returns an error when s has no such
// parameter; v is checked later by Validate.
func (s *Scenario) Set(path string, v float64) error {
	found := false
	s.walk(func(p string, x *float64, _ Bound) {
		if p == path {
			*x = v
			found = true
		}
	})
	if !found {
		return &FieldError{Path: path, Msg: "no such parameter in this scenario"}
	}
	return nil
}
