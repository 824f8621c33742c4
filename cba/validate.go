package cba

import (
	"fmt"
	"math"
	"strings"
)

// FieldError is a problem with one field of a scenario, named by its path.
type FieldError struct {
	Path string
	Msg  string
}

// Error returns "path: message".
func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Errors is every problem found in a scenario, in the order found.
type Errors []*FieldError

// Error returns the errors, one a line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// MaxHorizonMonths and MaxCohortYears bound a scenario's time: a century
// is beyond any programme's appraisal, and the bound keeps a mistyped
// number from asking for gigabytes.
const (
	MaxHorizonMonths = 1200
	MaxCohortYears   = 100
)

// shareTolerance is how far shares that must sum to 1 may be off.
const shareTolerance = 1e-9

type checker struct{ errs Errors }

func (c *checker) add(path, format string, args ...any) {
	c.errs = append(c.errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// Validate reports everything that is wrong with s, or nil. The error is an
// Errors value; each entry names the parameter path a scenario file uses.
func (s *Scenario) Validate() error {
	var c checker
	s.checkStructure(&c)
	if len(c.errs) == 0 {
		s.checkValues(&c)
	}
	if len(c.errs) == 0 {
		s.checkUncertainty(&c)
	}
	return c.err()
}

// checkStructure checks what does not change when parameter values change:
// names, references, list shapes and rule kinds.
func (s *Scenario) checkStructure(c *checker) {
	if s.HorizonMonths < 1 || s.HorizonMonths > MaxHorizonMonths {
		c.add("horizon_months", "must be from 1 to %d (100 years), got %d", MaxHorizonMonths, s.HorizonMonths)
	}
	if len(s.Discount) == 0 {
		c.add("discount", "needs at least one rate")
	}
	for i, st := range s.Discount {
		p := fmt.Sprintf("discount[%d].from_year", i)
		switch {
		case i == 0 && st.FromYear != 1:
			c.add(p, "the first step must start in year 1, got %d", st.FromYear)
		case i > 0 && st.FromYear <= s.Discount[i-1].FromYear:
			c.add(p, "years must increase, got %d after %d", st.FromYear, s.Discount[i-1].FromYear)
		}
	}
	if len(s.Payers) == 0 {
		c.add("payers", "needs at least one public payer")
	}
	seen := map[string]bool{}
	for i, p := range s.Payers {
		if p == "" || seen[p] {
			c.add(fmt.Sprintf("payers[%d]", i), "payer names must be unique and not empty, got %q", p)
		}
		seen[p] = true
	}
	switch p := s.EmployerContribution.Receiver; {
	case p == "" && s.EmployerContribution.Rate == 0:
	default:
		s.checkPayer(c, "employer_contribution.receiver", p)
	}
	names := map[string]bool{}
	for _, t := range s.Taxes {
		p := "taxes." + t.Name
		s.checkName(c, names, "taxes", "tax", t.Name)
		s.checkPayer(c, p+".receiver", t.Receiver)
		if t.PensionRateGiven && (len(t.Brackets) > 0 || t.PersonalAllowance != 0 || t.DeductionShare != 0) {
			c.add(p+".pension_rate", "a component with a pension rate can have no brackets, allowance or deduction")
		}
	}
	for _, b := range s.Benefits {
		s.checkName(c, names, "benefits", "benefit", b.Name)
		s.checkPayer(c, "benefits."+b.Name+".payer", b.Payer)
	}
	if len(s.Groups) == 0 {
		c.add("groups", "needs at least one group")
	}
	groupNames := map[string]bool{}
	for _, g := range s.Groups {
		s.checkName(c, groupNames, "groups", "group", g.Name)
		if len(g.Receipts) != len(s.Benefits) {
			c.add("groups."+g.Name+".benefits", "has %d receipts for %d benefits", len(g.Receipts), len(s.Benefits))
		}
	}
	if len(s.Arms) < 2 {
		c.add("arms", "needs at least two arms, one of them the comparator")
	}
	armNames := map[string]bool{}
	costs := map[string]Cost{}
	for _, a := range s.Arms {
		p := "arms." + a.Name
		s.checkName(c, armNames, "arms", "arm", a.Name)
		for _, cost := range a.Costs {
			cp := p + ".costs." + cost.Name
			s.checkPayer(c, cp+".payer", cost.Payer)
			if prev, ok := costs[cost.Name]; ok && (prev.Payer != cost.Payer || prev.Category != cost.Category) {
				c.add(cp, "a cost named %q in another arm has another payer or category; use another name", cost.Name)
			}
			costs[cost.Name] = cost
		}
		if len(a.Groups) != len(s.Groups) {
			c.add(p+".groups", "has %d groups, the population %d", len(a.Groups), len(s.Groups))
			continue
		}
		for j, ag := range a.Groups {
			s.checkEmployment(c, p+".groups."+s.Groups[j].Name+".employment", ag.Employment, a.Name == s.Comparator)
		}
	}
	if s.Comparator == "" {
		c.add("comparator", "is missing: name the arm the others are compared with")
	} else if s.armIndex(s.Comparator) < 0 {
		c.add("comparator", "names no arm: %q", s.Comparator)
	}
	if s.Cohort.Years < 0 || s.Cohort.Years > MaxCohortYears {
		c.add("cohort.years", "must be from 0 to %d, got %d", MaxCohortYears, s.Cohort.Years)
	}
}

func (s *Scenario) checkName(c *checker, seen map[string]bool, list, what, name string) {
	switch {
	case name == "":
		c.add(list, "a %s has no name", what)
	case seen[name]:
		c.add(list+"."+name, "the name %q is used twice", name)
	}
	seen[name] = true
}

func (s *Scenario) checkPayer(c *checker, path, name string) {
	if s.payerIndex(name) < 0 {
		c.add(path, "unknown payer %q (payers: %s)", name, strings.Join(s.Payers, ", "))
	}
}

func (s *Scenario) checkEmployment(c *checker, p string, e Employment, comparator bool) {
	switch e.Model {
	case Markov:
		if len(e.Periods) == 0 {
			c.add(p+".periods", "needs at least one period")
		}
		for i, q := range e.Periods {
			fp := fmt.Sprintf("%s.periods[%d].from_month", p, i)
			switch {
			case i == 0 && q.FromMonth != 1:
				c.add(fp, "the first period must start in month 1, got %d", q.FromMonth)
			case i > 0 && q.FromMonth <= e.Periods[i-1].FromMonth:
				c.add(fp, "months must increase, got %d after %d", q.FromMonth, e.Periods[i-1].FromMonth)
			}
		}
	case Observed:
		if len(e.Points) == 0 {
			c.add(p+".points", "needs at least one point")
		}
		for i, q := range e.Points {
			mp := fmt.Sprintf("%s.points[%d].month", p, i)
			switch {
			case q.Month < 1:
				c.add(mp, "must be >= 1, got %d", q.Month)
			case i > 0 && q.Month <= e.Points[i-1].Month:
				c.add(mp, "months must increase, got %d after %d", q.Month, e.Points[i-1].Month)
			}
		}
		if comparator && e.After != HoldConstant {
			c.add(p+".extrapolation", "the comparator's curve can only be held constant: decay and end are relative to the comparator")
		}
	}
}

// checkValues checks the values of parameters: each against its bound, and
// those that must agree with each other.
func (s *Scenario) checkValues(c *checker) {
	s.walk(func(path string, v *float64, b Bound) {
		if msg := b.Check(*v); msg != "" {
			c.add(path, "%s", msg)
		}
	})
	s.checkConsistency(c)
}

// checkConsistency checks the values that must agree with each other. It
// runs on every evaluation and allocates only when it finds a problem.
func (s *Scenario) checkConsistency(c *checker) {
	sum := 0.0
	for _, g := range s.Groups {
		sum += g.Share
		r := 0.0
		for _, rc := range g.Receipts {
			r += rc.Share
		}
		if r > 1+shareTolerance {
			c.add("groups."+g.Name+".benefits", "receipt shares sum to %s, more than 1: a participant receives at most one benefit", formatNumber(r))
		}
	}
	if len(s.Groups) > 0 && math.Abs(sum-1) > shareTolerance {
		c.add("groups", "shares must sum to 1, got %s", formatNumber(sum))
	}
	for _, t := range s.Taxes {
		for j := 1; j < len(t.Brackets); j++ {
			if t.Brackets[j].From <= t.Brackets[j-1].From {
				c.add(fmt.Sprintf("taxes.%s.brackets[%d].from", t.Name, j),
					"brackets must be in increasing order without overlap, got %s after %s",
					formatNumber(t.Brackets[j].From), formatNumber(t.Brackets[j-1].From))
			}
		}
	}
}
