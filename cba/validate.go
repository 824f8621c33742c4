package cba

import (
	"fmt"
	"math"
	"strings"
	"unicode"
)

// shareTolerance is how far shares that must sum to 1 may be off.
const shareTolerance = 1e-9

// reservedNames are the names of the results' own perspectives and rows,
// which a payer or a group may not take.
var reservedNames = map[string]bool{Participant: true, Public: true, Society: true, Population: true}

// Validate reports everything that is wrong with s, or nil. The error is an
// Errors value; each entry names the parameter path a scenario file uses.
func (s *Scenario) Validate() error {
	_, err := s.validate()
	return err
}

// validate checks s and returns its factor table (nil with the error).
func (s *Scenario) validate() (*factorTable, error) {
	if s == nil {
		return nil, &Error{Msg: "no scenario (a nil *Scenario)"}
	}
	var c errorList
	s.checkStructure(&c)
	if len(c.errs) > 0 {
		return nil, c.err()
	}
	t := s.factors(&c)
	if len(c.errs) > 0 {
		return nil, c.err()
	}
	s.checkValues(t, &c)
	if len(c.errs) == 0 {
		t.checkCopula(&c)
		s.checkDrawnReceipts(t, &c)
	}
	if len(c.errs) > 0 {
		return nil, c.err()
	}
	return t, nil
}

// checkStructure checks what does not change when the values of parameter
// vectors change: names, references, list shapes, rule kinds and the whole
// numbers that shape the model (horizon, months).
func (s *Scenario) checkStructure(c *errorList) {
	if !s.checkTime(c) {
		return // everything else is measured against the horizon
	}
	s.checkPayers(c)
	if s.EmployerContribution.Rate != 0 || len(s.EmployerContribution.Receivers) > 0 {
		s.checkSplit(c, "employer_contribution.receivers", s.EmployerContribution.Receivers)
	}
	s.checkTaxesAndBenefits(c)
	s.checkGroups(c)
	s.checkArms(c)
	s.checkPublished(c)
	if s.Comparator == "" {
		c.add("comparator", "is missing: name the arm the others are compared with")
	} else if _, ok := s.armIndex(s.Comparator); !ok {
		c.add("comparator", "names no arm: %q", s.Comparator)
	}
	checkWhole(c, "cohort.years", s.Cohort.Years, yearsBound)
}

// checkWhole checks a whole number against its bound, and says whether it
// holds.
func checkWhole(c *errorList, path string, v int, b Bound) bool {
	if err := b.Check(float64(v)); err != nil {
		c.addErr(path, err)
		return false
	}
	return true
}

// checkTime checks the horizon, the observed window, the price year and
// the discount schedule; false when the horizon itself is wrong.
func (s *Scenario) checkTime(c *errorList) bool {
	if !checkWhole(c, "horizon_months", s.HorizonMonths, horizonBound) {
		return false
	}
	if checkWhole(c, "observed_months", s.ObservedMonths, observedBound) && s.ObservedMonths > s.HorizonMonths {
		c.add("observed_months", "must be at most the horizon (%d months), got %d", s.HorizonMonths, s.ObservedMonths)
	}
	if checkWhole(c, "effect_measured_months", s.EffectMeasuredMonths, observedBound) && s.EffectMeasuredMonths > s.ObservedMonths {
		c.add("effect_measured_months", "must be within the observed window (%d months), got %d", s.ObservedMonths, s.EffectMeasuredMonths)
	}
	if s.PriceYear != 0 {
		checkWhole(c, "price_year", s.PriceYear, priceYear)
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
		default:
			checkWhole(c, p, st.FromYear, fromYearBound)
		}
	}
	return true
}

// checkPayers checks the names of the public budgets.
func (s *Scenario) checkPayers(c *errorList) {
	if len(s.Payers) == 0 {
		c.add("payers", "needs at least one public payer")
	}
	seen := map[string]bool{}
	for i, p := range s.Payers {
		path := fmt.Sprintf("payers[%d]", i)
		switch {
		case checkName(c, path, "payer", p):
		case seen[p]:
			c.add(path, "the payer %q is named twice", p)
		case reservedNames[p]:
			c.add(path, "%q is the name of a result (participant, public, society, population); call the payer something else", p)
		}
		seen[p] = true
	}
}

// checkTaxesAndBenefits checks the names, receivers and kinds of the taxes
// and benefits (their names share one space).
func (s *Scenario) checkTaxesAndBenefits(c *errorList) {
	names := map[string]bool{}
	for _, t := range s.Taxes {
		p := "taxes." + t.Name
		s.checkUnique(c, names, "taxes", "tax", t.Name)
		s.checkSplit(c, p+".receivers", t.Receivers)
		if t.PensionRateGiven && (len(t.Brackets) > 0 || t.PersonalAllowance != 0 || t.DeductionShare != 0) {
			c.add(p+".pension_rate", "a component with a pension rate can have no brackets, allowance or deduction")
		}
	}
	s.checkEqualisation(c)
	for _, b := range s.Benefits {
		s.checkUnique(c, names, "benefits", "benefit", b.Name)
		s.checkSplit(c, "benefits."+b.Name+".payers", b.Payers)
		if b.InWork.Kind != OnEarnings && b.InWork.Kind != OnHours {
			c.add("benefits."+b.Name+".in_work", "unknown in-work rule")
		}
		if b.Taxable != NotTaxable && b.Taxable != WageIncome && b.Taxable != PensionIncome {
			c.add("benefits."+b.Name+".taxable", "unknown kind of income (%d): none, wage or pension", b.Taxable)
		}
	}
}

// checkEqualisation checks that each income equalisation names a tax, one
// of its receivers, and another payer for the rest, once for each receiver
// of a tax.
func (s *Scenario) checkEqualisation(c *errorList) {
	seen := map[string]bool{}
	for i, e := range s.Equalisation {
		p := fmt.Sprintf("equalisation[%d]", i)
		var tax *TaxComponent
		for k := range s.Taxes {
			if s.Taxes[k].Name == e.Tax {
				tax = &s.Taxes[k]
			}
		}
		if tax == nil {
			c.add(p+".tax", "names no tax: %q", e.Tax)
			continue
		}
		received := false
		for _, x := range tax.Receivers {
			received = received || x.Payer == e.Receiver
		}
		_, known := s.payerIndex(e.RestTo)
		switch {
		case !received:
			c.add(p+".receiver", "must be one of the receivers of the tax %s, got %q", e.Tax, e.Receiver)
		case !known:
			c.add(p+".rest_to", "unknown payer %q (payers: %s)", e.RestTo, strings.Join(s.Payers, ", "))
		case e.RestTo == e.Receiver:
			c.add(p+".rest_to", "must be another payer than the receiver %q", e.Receiver)
		case seen[e.Tax+"/"+e.Receiver]:
			c.add(p, "equalises %s's share of %s twice", e.Receiver, e.Tax)
		}
		seen[e.Tax+"/"+e.Receiver] = true
	}
}

func (s *Scenario) checkGroups(c *errorList) {
	if len(s.Groups) == 0 {
		c.add("groups", "needs at least one group")
	}
	names := map[string]bool{}
	for _, g := range s.Groups {
		s.checkUnique(c, names, "groups", "group", g.Name)
		if reservedNames[g.Name] {
			c.add("groups."+g.Name, "%q is the name of a result (participant, public, society, population); call the group something else", g.Name)
		}
		if len(g.Receipts) != len(s.Benefits) {
			c.add("groups."+g.Name+".benefits", "has %d receipts for %d benefits", len(g.Receipts), len(s.Benefits))
			continue
		}
		for k, r := range g.Receipts {
			p := "groups." + g.Name + ".benefits." + s.Benefits[k].Name
			for i, st := range r.Later {
				mp := fmt.Sprintf("%s.later[%d].from_month", p, i)
				switch {
				case i == 0 && st.FromMonth < 2:
					c.add(mp, "a later share starts after month 1 (the share itself holds from month 1), got %d", st.FromMonth)
				case i > 0 && st.FromMonth <= r.Later[i-1].FromMonth:
					c.add(mp, "months must increase, got %d after %d", st.FromMonth, r.Later[i-1].FromMonth)
				default:
					if err := monthBound.Check(float64(st.FromMonth)); err != nil {
						c.addErr(mp, err)
					}
				}
			}
		}
	}
}

func (s *Scenario) checkArms(c *errorList) {
	if len(s.Arms) < 2 {
		c.add("arms", "needs at least two arms, one of them the comparator")
	}
	names := map[string]bool{}
	type item struct {
		arm      string
		payers   string
		category CostCategory
		split    bool
	}
	items := map[string]item{} // cost and allowance names across arms
	for _, a := range s.Arms {
		p := "arms." + a.Name
		s.checkUnique(c, names, "arms", "arm", a.Name)
		shared := func(kind, name, path string, sp Split, cat CostCategory) {
			var ps []string
			for _, x := range sp {
				ps = append(ps, x.Payer)
			}
			it := item{arm: a.Name, payers: strings.Join(ps, ","), category: cat, split: len(sp) > 1}
			prev, ok := items[kind+":"+name]
			switch {
			case !ok:
				items[kind+":"+name] = it
			case prev.arm == a.Name:
				c.add(path, "the name %q is used twice", name)
			case prev.payers != it.payers || prev.category != it.category:
				c.add(path, "a %s named %q in arm %s has another payer or category; use another name", Phrase(kind), name, prev.arm)
			}
		}
		for _, cost := range a.Costs {
			cp := p + ".costs." + cost.Name
			checkName(c, cp, "cost", cost.Name)
			s.checkSplit(c, cp+".payers", cost.Payers)
			if cost.Category != ProgrammeCost && cost.Category != ServiceCost {
				c.add(cp+".category", "unknown category (%d): programme or service", cost.Category)
			}
			shared("cost", cost.Name, cp, cost.Payers, cost.Category)
			s.checkTiming(c, cp, cost.Timing, cost.Months)
		}
		for _, al := range a.Allowances {
			ap := p + ".allowances." + al.Name
			checkName(c, ap, "allowance", al.Name)
			s.checkSplit(c, ap+".payers", al.Payers)
			shared("allowance", al.Name, ap, al.Payers, 0)
			s.checkTiming(c, ap, al.Timing, al.Months)
			for _, b := range s.Benefits {
				if b.Name == al.Name {
					c.add(ap, "the name %q is also a benefit's; use another name", al.Name)
				}
			}
		}
		comparator := a.Name == s.Comparator
		if a.Effect != nil {
			s.checkEffect(c, p+".effect", a.Effect, comparator)
		}
		if len(a.Groups) != len(s.Groups) {
			c.add(p+".groups", "has %d groups, the population %d", len(a.Groups), len(s.Groups))
			continue
		}
		for j, ag := range a.Groups {
			gp := p + ".groups." + s.Groups[j].Name
			switch {
			case a.Effect != nil && ag.Employment.Model != NoModel:
				c.add(gp+".employment", "an arm with an effect gives each group an effect_multiplier, not an employment curve")
			case a.Effect == nil:
				s.checkEmployment(c, gp+".employment", ag.Employment, comparator)
			}
		}
	}
}

func (s *Scenario) checkTiming(c *errorList, p string, t Timing, months float64) {
	switch t {
	case PerEnrolledMonth, OneOff:
		if months != 0 {
			c.add(p+".months", "only a per_month cost has months (enrolment sets the others')")
		}
	case PerMonth:
	default:
		c.add(p+".timing", "unknown timing")
	}
}

// checkName reports a name that is empty or has other characters than
// letters, digits and underscores (names appear in paths and results). It
// returns true when it reported.
func checkName(c *errorList, path, what, name string) bool {
	if name == "" {
		c.add(path, "a %s has no name", Phrase(what))
		return true
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			c.add(path, "the %s name %q may hold only letters, digits and underscores (it is part of parameter paths and result names)", Phrase(what), name)
			return true
		}
	}
	return false
}

func (s *Scenario) checkUnique(c *errorList, seen map[string]bool, list, what, name string) {
	path := list
	if name != "" {
		path = list + "." + name
	}
	if checkName(c, path, what, name) {
		return
	}
	if seen[name] {
		c.add(list+"."+name, "the name %q is used twice", name)
	}
	seen[name] = true
}

// checkSplit checks that a split names known payers, each once. Its path
// ends in "receivers" or "payers"; a split with one payer is written with
// "receiver" or "payer", and its problems are reported there.
func (s *Scenario) checkSplit(c *errorList, path string, sp Split) {
	if len(sp) == 1 {
		path = strings.TrimSuffix(path, "s")
	}
	if len(sp) == 0 {
		c.add(path, "names no payer (payers: %s)", strings.Join(s.Payers, ", "))
		return
	}
	seen := map[string]bool{}
	for _, x := range sp {
		switch _, ok := s.payerIndex(x.Payer); {
		case !ok:
			c.add(path, "unknown payer %q (payers: %s)", x.Payer, strings.Join(s.Payers, ", "))
		case seen[x.Payer]:
			c.add(path, "names the payer %q twice", x.Payer)
		}
		seen[x.Payer] = true
	}
}

func (s *Scenario) checkEmployment(c *errorList, p string, e Employment, comparator bool) {
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
			default:
				if err := monthBound.Check(float64(q.FromMonth)); err != nil {
					c.addErr(fp, err)
				}
			}
		}
	case Observed:
		if len(e.Points) == 0 {
			c.add(p+".points", "needs at least one point")
		}
		months, ramps, kinds := make([]int, len(e.Points)), make([]int, len(e.Points)), make([]OutcomeKind, len(e.Points))
		for i, q := range e.Points {
			months[i], ramps[i], kinds[i] = q.Month, q.RampMonths, q.Kind
		}
		checkPointMonths(c, p, months)
		checkRamps(c, p, ramps, kinds)
		if comparator && e.After != HoldConstant {
			c.add(p+".extrapolation", "the comparator's curve can only be held constant: decay and end are relative to the comparator")
		}
		if e.After < HoldConstant || e.After > EndEffect {
			c.add(p+".extrapolation", "unknown extrapolation")
		}
	default:
		c.add(p, "needs an employment curve (markov or observed), or the arm an effect")
	}
}

// checkRamps checks the whole numbers of months to reach a point's level,
// which only points of another kind than the share at their month have.
func checkRamps(c *errorList, p string, ramps []int, kinds []OutcomeKind) {
	for i, r := range ramps {
		switch err := rampBound.Check(float64(r)); {
		case err != nil:
			c.addErr(fmt.Sprintf("%s.points[%d].ramp_months", p, i), err)
		case r != 0 && kinds[i] == ShareAtMonth:
			c.add(fmt.Sprintf("%s.points[%d].ramp_months", p, i), "only a point of another kind than the share at its month has ramp_months")
		}
	}
}

// checkPointMonths checks the months of a curve's points (p.points[i]):
// increasing, each within the horizon's bound.
func checkPointMonths(c *errorList, p string, months []int) {
	for i, m := range months {
		mp := fmt.Sprintf("%s.points[%d].month", p, i)
		switch {
		case i > 0 && m <= months[i-1]:
			c.add(mp, "months must increase, got %d after %d", m, months[i-1])
		default:
			if err := monthBound.Check(float64(m)); err != nil {
				c.addErr(mp, err)
			}
		}
	}
}

func (s *Scenario) checkEffect(c *errorList, p string, e *Effect, comparator bool) {
	if comparator {
		c.add(p, "the comparator cannot have an effect: effects are relative to it")
		return
	}
	if len(e.Points) == 0 {
		c.add(p+".points", "needs at least one point")
	}
	months, ramps, kinds := make([]int, len(e.Points)), make([]int, len(e.Points)), make([]OutcomeKind, len(e.Points))
	for i, q := range e.Points {
		months[i], ramps[i], kinds[i] = q.Month, q.RampMonths, q.Kind
	}
	checkPointMonths(c, p, months)
	checkRamps(c, p, ramps, kinds)
	if e.After < HoldConstant || e.After > EndEffect {
		c.add(p+".extrapolation", "unknown extrapolation")
	}
}

// checkValues checks each factor's value against its bound, then the values
// that must agree with each other.
func (s *Scenario) checkValues(t *factorTable, c *errorList) {
	for fi, f := range t.factors {
		if f.Bound.Integer {
			continue // checked with the structure
		}
		if err := f.Bound.Check(f.Value); err != nil {
			c.addErr(f.Name, err)
		}
		if f.Dist == nil {
			continue
		}
		// A number drawn holds its mean, the value a deterministic
		// evaluation uses: one written over it would be ignored.
		for _, r := range t.refs[fi] {
			if v := r.get(); !same(v, f.Value) {
				c.add(f.Name, "holds %s, but it is drawn from %s, whose mean %s a deterministic evaluation uses: change it with Set or Apply (which fix it at the new value), or call UseMeans",
					formatNumber(v), f.Dist.String(), formatNumber(f.Value))
				break
			}
		}
	}
	if len(c.errs) == 0 {
		s.checkConsistency(c)
	}
}

// checkConsistency checks the values that must agree with each other. It
// runs on every evaluation and allocates only when it finds a problem (the
// paths of messages are made only then).
func (s *Scenario) checkConsistency(c *errorList) {
	sum := 0.0
	for i := range s.Groups {
		g := &s.Groups[i]
		sum += g.Share
		s.checkReceiptSums(c, g)
	}
	if len(s.Groups) > 0 && math.Abs(sum-1) > shareTolerance {
		c.add("groups", "shares must sum to 1, got %s", formatNumber(sum))
	}
	if bad, v := splitSum(s.EmployerContribution.Receivers); bad {
		c.add("employer_contribution.receivers", "shares must sum to 1, got %s", formatNumber(v))
	}
	for i := range s.Taxes {
		t := &s.Taxes[i]
		if bad, v := splitSum(t.Receivers); bad {
			c.add("taxes."+t.Name+".receivers", "shares must sum to 1, got %s", formatNumber(v))
		}
		for j := 1; j < len(t.Brackets); j++ {
			if t.Brackets[j].From <= t.Brackets[j-1].From {
				c.add(fmt.Sprintf("taxes.%s.brackets[%d].from", t.Name, j),
					"brackets must be in increasing order without overlap, got %s after %s",
					formatNumber(t.Brackets[j].From), formatNumber(t.Brackets[j-1].From))
			}
		}
	}
	for i := range s.Benefits {
		if bad, v := splitSum(s.Benefits[i].Payers); bad {
			c.add("benefits."+s.Benefits[i].Name+".payers", "shares must sum to 1, got %s", formatNumber(v))
		}
	}
	for i := range s.Arms {
		a := &s.Arms[i]
		for j := range a.Costs {
			if bad, v := splitSum(a.Costs[j].Payers); bad {
				c.add("arms."+a.Name+".costs."+a.Costs[j].Name+".payers", "shares must sum to 1, got %s", formatNumber(v))
			}
		}
		for j := range a.Allowances {
			if bad, v := splitSum(a.Allowances[j].Payers); bad {
				c.add("arms."+a.Name+".allowances."+a.Allowances[j].Name+".payers", "shares must sum to 1, got %s", formatNumber(v))
			}
		}
		s.checkConversions(c, i)
		if a.Effect != nil && len(a.Groups) == len(s.Groups) {
			w := 0.0
			for g := range s.Groups {
				w += s.Groups[g].Share * a.Groups[g].EffectMultiplier
			}
			if !(w > 0) {
				c.add("arms."+a.Name+".groups", "the groups' effect multipliers weighted by their shares sum to %s: at least one must be above 0", formatNumber(w))
			}
		}
	}
}

// checkConversions checks that the jobs that convert an arm's points of
// hours or earnings (OutcomeKind) have hours and earnings above 0. It
// allocates only when it finds a problem.
func (s *Scenario) checkConversions(c *errorList, a int) {
	arm := &s.Arms[a]
	if len(arm.Groups) != len(s.Groups) {
		return
	}
	kind := func(g, i int) OutcomeKind {
		if arm.Effect != nil {
			return arm.Effect.Points[i].Kind
		}
		return arm.Groups[g].Employment.Points[i].Kind
	}
	for g := range s.Groups {
		n := len(arm.Groups[g].Employment.Points)
		if arm.Effect != nil {
			n = len(arm.Effect.Points)
		}
		job := &s.Groups[g].Job
		if j := arm.Groups[g].Job; j != nil {
			job = j
		}
		for i := range n {
			k := kind(g, i)
			if k == HoursWorked && !(job.WeeklyHours > 0) || k == EarningsEarned && !(job.Earnings() > 0) {
				where := "groups." + s.Groups[g].Name + ".job"
				if arm.Groups[g].Job != nil {
					where = "arms." + arm.Name + ".groups." + s.Groups[g].Name + ".job"
				}
				if k == HoursWorked {
					c.add(where+".weekly_hours", "must be above 0: it converts the hours worked the arm %s measures into the share in work", arm.Name)
				} else {
					c.add(where, "must earn above 0: it converts the earnings the arm %s measures into the share in work", arm.Name)
				}
				return
			}
		}
	}
}

// checkReceiptSums checks that a group's receipt shares sum to at most 1 at
// month 1 and at every change.
func (s *Scenario) checkReceiptSums(c *errorList, g *Group) {
	if r := receiptSum(g, 1); r > 1+shareTolerance {
		c.add("groups."+g.Name+".benefits", "receipt shares sum to %s, more than 1: a participant receives at most one benefit", formatNumber(r))
	}
	for k := range g.Receipts {
		for _, st := range g.Receipts[k].Later {
			if r := receiptSum(g, st.FromMonth); r > 1+shareTolerance {
				c.add(fmt.Sprintf("groups.%s.benefits (from month %d)", g.Name, st.FromMonth),
					"receipt shares sum to %s, more than 1: a participant receives at most one benefit", formatNumber(r))
			}
		}
	}
}

func receiptSum(g *Group, m int) float64 {
	r := 0.0
	for k := range g.Receipts {
		r += g.Receipts[k].ShareAt(m)
	}
	return r
}

// splitSum says whether a split does not sum to 1, and its sum: within
// shareTolerance for several payers (their shares are numbers of the
// scenario, rescaled together), exactly for one (its share is no number:
// the whole, as Pay writes it).
func splitSum(sp Split) (bad bool, sum float64) {
	for _, x := range sp {
		sum += x.Share
	}
	switch len(sp) {
	case 0:
		return false, 1
	case 1:
		return sum != 1, sum
	}
	return !(math.Abs(sum-1) <= shareTolerance), sum
}

// checkDrawnReceipts refuses receipt shares whose draws could sum to more
// than 1 in some iteration: each share at the largest value it can be drawn
// (a Dirichlet set at its sum), at month 1 and at every change.
func (s *Scenario) checkDrawnReceipts(t *factorTable, c *errorList) {
	for _, g := range s.Groups {
		months := []int{1}
		for k := range g.Receipts {
			for _, st := range g.Receipts[k].Later {
				months = append(months, st.FromMonth)
			}
		}
		for _, m := range months {
			total, drawn := 0.0, false
			seenSet := map[int]bool{}
			var names []string
			for k := range g.Receipts {
				path := "groups." + g.Name + ".benefits." + s.Benefits[k].Name + ".share"
				for _, st := range g.Receipts[k].Later {
					if st.FromMonth <= m {
						path = fmt.Sprintf("groups.%s.benefits.%s.later[%d].share", g.Name, s.Benefits[k].Name, indexOfStep(g.Receipts[k].Later, st))
					}
				}
				f := &t.factors[t.byPath[path]]
				names = append(names, path)
				switch {
				case f.Dirichlet >= 0:
					drawn = true
					if !seenSet[f.Dirichlet] {
						seenSet[f.Dirichlet] = true
						total += t.dirichletSum(f.Dirichlet)
					}
				case f.Dist != nil:
					drawn = true
					_, hi := f.Dist.Range(f.Bound)
					total += hi
				default:
					total += f.Value
				}
			}
			if drawn && total > 1+shareTolerance {
				c.add("groups."+g.Name+".benefits", "the receipt shares (%s) can be drawn to sum to %s, more than 1: draw them together under uncertainty.dirichlet, or narrow their distributions",
					strings.Join(names, ", "), formatNumber(total))
			}
		}
	}
}

func indexOfStep(steps []ShareStep, st ShareStep) int {
	for i := range steps {
		if steps[i] == st {
			return i
		}
	}
	return 0
}

// dirichletSum is the sum the shares of Dirichlet entry k keep.
func (t *factorTable) dirichletSum(k int) float64 {
	for _, d := range t.dirs {
		if d.entry == k {
			sum := 0.0
			for _, fi := range d.factors {
				sum += t.factors[fi].Value
			}
			return sum
		}
	}
	return 0
}
