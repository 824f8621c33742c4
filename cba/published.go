package cba

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Published is a figure a published study gives, set beside the model's
// figure under the same convention (MODEL.md section 7): a scenario founded
// on a study carries the study's headline figures, and reports print each
// beside the model's, with the difference and, where the model does not
// reproduce it, the reason.
//
// Value is as published, in the study's units and money; ToModel converts
// it to the scenario's (a price index's ratio to re-price it to the
// scenario's price year, an exchange rate). Model computes the model's
// figure of the Measure, for the increment of Arm over the comparator (the
// first other arm when Arm is ""), over months 0..Months (0: the horizon).
// A figure the model reproduces has a Tolerance, the relative difference a
// test holds it within; one it does not has a Reason.
type Published struct {
	Name     string
	Label    string // what the figure is, in a reader's words
	Citation string // where it is published, and where in the text
	Value    float64
	ToModel  float64 // 0 means 1
	Measure  FigureMeasure
	Arm      string
	// Perspectives whose figures are summed (npv, gain, components,
	// chance: the first; share: the numerator).
	Perspectives []string
	// Components are the components a components figure (or a share's
	// numerator) sums: a component's name ("financing", "tax:NAME"), or a
	// prefix ending in "*" ("benefit:*"), in each of Perspectives; or
	// "PERSPECTIVE/COMPONENT", a component in one perspective
	// ("society/earnings", "public/benefit:*").
	Components []string
	// Of is the denominator of a share: the gain of these perspectives, or
	// the sum of these components ("PERSPECTIVE/COMPONENT" terms).
	Of        []string
	Months    int  // over months 0..Months (0: the horizon)
	Side      Side // earnings, hours, employment(_at): the arm, the comparator or their difference
	Tolerance float64
	Reason    string
}

// FigureMeasure is what a published figure measures, in the model's terms.
type FigureMeasure int

// The measures of published figures. Money is discounted to the start
// (present values) unless said otherwise.
const (
	// FigureNPV is the perspectives' NPV over the months.
	FigureNPV FigureMeasure = iota
	// FigureGain is the perspectives' gain before programme costs over the
	// months: their NPV plus the programme costs they bear (society's with
	// the financing cost of public funds on them).
	FigureGain
	// FigureProgrammeCost is the incremental programme cost (all payers)
	// over the months.
	FigureProgrammeCost
	// FigureComponents is the components' part of the perspectives' NPVs
	// over the months (WSIPP's "indirect" is society's financing
	// component; a sector's transfers saved are the public budgets'
	// benefits).
	FigureComponents
	// FigureShare is the gain of Perspectives (or the sum of Components)
	// over the gain (or the sum) of Of: a sector's share of a total.
	FigureShare
	// FigureBenefitCostRatio is the benefit-cost ratio over the months:
	// society's NPV plus the incremental programme cost C, over C (the
	// financing cost of public funds on the programme stays in the
	// numerator, as in Summary.BCR and WSIPP's ratio).
	FigureBenefitCostRatio
	// FigureEarnings is gross earnings over months 1..Months, undiscounted
	// (a trial's register sum).
	FigureEarnings
	// FigureHours is hours worked over months 1..Months (the group's weekly
	// hours times 52/12 a month in work), undiscounted.
	FigureHours
	// FigureEmployment is the mean share in work over months 1..Months.
	FigureEmployment
	// FigureEmploymentAt is the share in work at month Months (a point
	// prevalence).
	FigureEmploymentAt
	// FigureChance is the chance that the first perspective's NPV over the
	// horizon is above zero: a Monte Carlo figure (ChanceKey), which Model
	// does not compute.
	FigureChance
)

// FigureMeasures are the measures' words in a scenario file, in the order
// of their values.
var FigureMeasures = []string{"npv", "gain", "programme_cost", "components", "share", "benefit_cost_ratio",
	"earnings", "hours", "employment", "employment_at", "chance"}

// String returns the measure's word.
func (m FigureMeasure) String() string {
	if int(m) >= 0 && int(m) < len(FigureMeasures) {
		return FigureMeasures[m]
	}
	return fmt.Sprintf("FigureMeasure(%d)", int(m))
}

// Unit is the unit of the measure's figures: "money", "ratio", "share",
// "hours" or "probability".
func (m FigureMeasure) Unit() string {
	switch m {
	case FigureShare, FigureEmployment, FigureEmploymentAt:
		return "share"
	case FigureBenefitCostRatio:
		return "ratio"
	case FigureHours:
		return "hours"
	case FigureChance:
		return "probability"
	}
	return "money"
}

// Side is whose figure an earnings, hours or employment figure is.
type Side int

const (
	// Difference: the arm's minus the comparator's.
	Difference Side = iota
	// ArmSide: the arm's own.
	ArmSide
	// ComparatorSide: the comparator's own.
	ComparatorSide
)

// Sides are the sides' words in a scenario file.
var Sides = []string{"difference", "arm", "comparator"}

// Comparable returns the published value in the scenario's units: Value
// times ToModel.
func (p *Published) Comparable() float64 {
	if p.ToModel == 0 {
		return p.Value
	}
	return p.Value * p.ToModel
}

// Reproduced says whether the model is meant to reproduce the figure (it
// has a tolerance).
func (p *Published) Reproduced() bool { return p.Tolerance > 0 }

// Within says whether the model's figure is within the tolerance of the
// published one (relative to it; absolute when it is 0).
func (p *Published) Within(model float64) bool {
	c := p.Comparable()
	return math.Abs(model-c) <= p.Tolerance*math.Max(math.Abs(c), math.SmallestNonzeroFloat64)
}

// ChanceKey returns the output whose share of draws above zero is the
// model's figure of a FigureChance, for the result r.
func (p *Published) ChanceKey(r *Result) (OutputKey, error) {
	inc, err := p.increment(r)
	if err != nil {
		return OutputKey{}, err
	}
	return OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: Population, Measure: NPV, Perspective: p.Perspectives[0]}, nil
}

func (p *Published) increment(r *Result) (*Outcome, error) {
	if r == nil || len(r.Increments) == 0 {
		return nil, &Error{Path: "published." + p.Name, Msg: "the result has no arm compared with a comparator"}
	}
	if p.Arm == "" {
		return &r.Increments[0], nil
	}
	inc, ok := r.Increment(p.Arm)
	if !ok {
		return nil, NewError("published."+p.Name+".arm", "no arm %q compared with the comparator", p.Arm)
	}
	return inc, nil
}

// Model returns the model's figure of the measure in r, the result of
// evaluating s (its values and the result's must be the same evaluation:
// hours need the groups' shares and jobs, society's gain the marginal cost
// of public funds). A FigureChance is a Monte Carlo figure: Model refuses
// it (ChanceKey).
func (p *Published) Model(s *Scenario, r *Result) (float64, error) {
	inc, err := p.increment(r)
	if err != nil {
		return 0, err
	}
	if r.owner == nil {
		return 0, &Error{Path: "published." + p.Name, Msg: "the result does not come from an Evaluator's NewResult"}
	}
	n := p.Months
	if n == 0 {
		n = r.HorizonMonths
	}
	if n < 1 || n > r.HorizonMonths {
		return 0, NewError("published."+p.Name+".months", "must be from 1 to the horizon (%d months), got %d", r.HorizonMonths, n)
	}
	f := &figure{p: p, s: s, r: r, inc: inc, pop: &inc.Population, l: r.owner.l, n: n}
	switch p.Measure {
	case FigureNPV:
		return f.sum(p.Perspectives, func(q int) float64 { return r.Cumulative(f.pop, q, n) })
	case FigureGain:
		return f.sum(p.Perspectives, f.gain)
	case FigureProgrammeCost:
		cost, _ := f.programme(0)
		return cost, nil
	case FigureComponents:
		return f.terms(p.Perspectives, p.Components)
	case FigureShare:
		return f.share()
	case FigureBenefitCostRatio:
		cost, _ := f.programme(0)
		if cost <= 0 {
			return 0, &Error{Path: "published." + p.Name, Msg: "the programme is cost-saving: no ratio"}
		}
		return (r.Cumulative(f.pop, f.l.society(), n) + cost) / cost, nil
	case FigureEarnings, FigureHours, FigureEmployment, FigureEmploymentAt:
		return f.arms(f.workMeasure())
	case FigureChance:
		return 0, &Error{Path: "published." + p.Name, Msg: "a chance is a Monte Carlo figure: read ChanceKey's output of a run"}
	}
	return 0, NewError("published."+p.Name+".measure", "unknown measure %d", int(p.Measure))
}

// figure computes a published figure's model counterpart over months
// 0..n of one increment's population result.
type figure struct {
	p   *Published
	s   *Scenario
	r   *Result
	inc *Outcome
	pop *Summary
	l   *layout
	n   int
}

// perspective returns the index of the named perspective.
func (f *figure) perspective(name string) (int, error) {
	i, ok := f.r.Perspective(name)
	if !ok {
		return 0, NewError("published."+f.p.Name+".perspectives", "no perspective %q (%s)", name, strings.Join(f.r.Perspectives, ", "))
	}
	return i, nil
}

// programme returns the incremental programme cost over months 0..n, and
// what perspective q bears of it (society with the financing cost on it).
func (f *figure) programme(q int) (cost, borne float64) {
	soc, pub := f.l.society(), f.l.public()
	for _, c := range f.l.programme {
		b := -f.r.Weights[q][c]
		if q == soc {
			b -= f.s.Perspective.Lambda * f.r.Weights[pub][c]
		}
		for m := 0; m <= f.n; m++ {
			v := f.r.Discount[m] * f.pop.Flows[c][m]
			cost += v
			borne += b * v
		}
	}
	return cost, borne
}

// sum sums value over the named perspectives.
func (f *figure) sum(names []string, value func(q int) float64) (float64, error) {
	total := 0.0
	for _, name := range names {
		q, err := f.perspective(name)
		if err != nil {
			return 0, err
		}
		total += value(q)
	}
	return total, nil
}

// gain is perspective q's gain before programme costs over the months.
func (f *figure) gain(q int) float64 {
	_, borne := f.programme(q)
	return f.r.Cumulative(f.pop, q, f.n) + borne
}

// terms sums the components named in each of the perspectives, and the
// "PERSPECTIVE/COMPONENT" terms.
func (f *figure) terms(perspectives, names []string) (float64, error) {
	total := 0.0
	for _, name := range names {
		in := perspectives
		if q, c, ok := strings.Cut(name, "/"); ok {
			in, name = []string{q}, c
		}
		found := false
		for c, cname := range f.r.Components {
			if !matchComponent(name, cname) {
				continue
			}
			found = true
			v, err := f.sum(in, func(q int) float64 { return f.component(q, c) })
			if err != nil {
				return 0, err
			}
			total += v
		}
		if !found {
			return 0, NewError("published."+f.p.Name+".components", "no component %q (%s)", name, strings.Join(f.r.Components, ", "))
		}
	}
	return total, nil
}

// component is component c's present value in perspective q over the
// months.
func (f *figure) component(q, c int) float64 {
	x := 0.0
	for m := 0; m <= f.n; m++ {
		x += f.r.Discount[m] * f.r.Weights[q][c] * f.pop.Flows[c][m]
	}
	return x
}

// share is a share figure: the numerator's gain (or components) over the
// denominator's.
func (f *figure) share() (float64, error) {
	var num, den float64
	var err error
	if len(f.p.Components) > 0 {
		num, err = f.terms(f.p.Perspectives, f.p.Components)
	} else {
		num, err = f.sum(f.p.Perspectives, f.gain)
	}
	if err != nil {
		return 0, err
	}
	if slices.ContainsFunc(f.p.Of, isTerm) {
		den, err = f.terms(nil, f.p.Of)
	} else {
		den, err = f.sum(f.p.Of, f.gain)
	}
	if err != nil {
		return 0, err
	}
	return num / den, nil
}

// arms returns value of the arm, of the comparator, or their difference
// (Side).
func (f *figure) arms(value func(o *Outcome) float64) (float64, error) {
	a, ok := f.r.Arm(f.inc.Arm)
	c, ok2 := f.r.Arm(f.inc.Comparator)
	if !ok || !ok2 {
		return 0, &Error{Path: "published." + f.p.Name, Msg: "the result has not the arm or its comparator"}
	}
	switch f.p.Side {
	case ArmSide:
		return value(a), nil
	case ComparatorSide:
		return value(c), nil
	}
	return value(a) - value(c), nil
}

// workMeasure returns what an earnings, hours or employment figure
// measures of one arm on its own.
func (f *figure) workMeasure() func(o *Outcome) float64 {
	n := f.n
	switch f.p.Measure {
	case FigureEarnings:
		return func(o *Outcome) float64 {
			v := 0.0
			for m := 1; m <= n; m++ {
				v += o.Population.Flows[f.l.earnings][m]
			}
			return v
		}
	case FigureHours:
		return f.hours
	case FigureEmployment:
		return func(o *Outcome) float64 {
			v := 0.0
			for m := 1; m <= n; m++ {
				v += o.Population.Employment[m]
			}
			return v / float64(n)
		}
	}
	return func(o *Outcome) float64 { return o.Population.Employment[n] } // FigureEmploymentAt
}

// hours is the hours an arm's population works over months 1..n: each
// group's months in work times its job's weekly hours times 52/12.
func (f *figure) hours(o *Outcome) float64 {
	arm, _ := f.s.armIndex(o.Arm)
	v := 0.0
	for g := range o.Groups {
		job := &f.s.Groups[g].Job
		if j := f.s.Arms[arm].Groups[g].Job; j != nil {
			job = j
		}
		e := 0.0
		for m := 1; m <= f.n; m++ {
			e += o.Groups[g].Employment[m]
		}
		v += f.s.Groups[g].Share * e * job.WeeklyHours * 52 / 12
	}
	return v
}

// isTerm says whether an entry of Of is a "PERSPECTIVE/COMPONENT" term.
func isTerm(s string) bool { return strings.Contains(s, "/") }

// matchComponent says whether a component name matches a pattern: the
// name, or a prefix ending in "*".
func matchComponent(pattern, name string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(name, prefix)
	}
	return pattern == name
}

// componentNames returns the names of the components of s's results
// (Result.Components).
func (s *Scenario) componentNames() []string {
	names := []string{"earnings", "employer_contribution"}
	for _, t := range s.Taxes {
		names = append(names, "tax:"+t.Name)
	}
	for _, b := range s.Benefits {
		names = append(names, "benefit:"+b.Name)
	}
	for _, a := range s.Arms {
		for _, al := range a.Allowances {
			names = append(names, "allowance:"+al.Name)
		}
		for _, c := range a.Costs {
			names = append(names, "cost:"+c.Name)
		}
	}
	return append(names, "financing", "non_market", "leisure")
}

// checkPublished checks what the published figures say of themselves:
// unique names, known measures and sides, the fields each measure takes,
// and a tolerance or a reason for each. Whether the perspectives,
// components, arm and months they name are the scenario's is
// CheckPublished's: a what-if (a shorter horizon, a scenario built from
// another) may change those, and a figure it leaves without them is
// reported as such, not made an error of the scenario.
func (s *Scenario) checkPublished(c *errorList) {
	names := map[string]bool{}
	for i := range s.Published {
		p := &s.Published[i]
		s.checkUnique(c, names, "published", "published figure", p.Name)
		p.checkKinds(c)
		p.checkFields(c)
		p.checkNumbers(c)
	}
}

// checkKinds checks the figure's measure and side are known ones.
func (p *Published) checkKinds(c *errorList) {
	path := "published." + p.Name
	if p.Measure < FigureNPV || p.Measure > FigureChance {
		c.add(path+".measure", "unknown measure (%d): %s", int(p.Measure), strings.Join(FigureMeasures, ", "))
	}
	if p.Side < Difference || p.Side > ComparatorSide {
		c.add(path+".side", "unknown side (%d): %s", int(p.Side), strings.Join(Sides, ", "))
	}
	if p.Side != Difference && p.Measure != FigureEarnings && p.Measure != FigureHours && p.Measure != FigureEmployment && p.Measure != FigureEmploymentAt {
		c.add(path+".side", "belongs to earnings, hours and employment figures")
	}
}

// checkFields checks that the figure gives the perspectives, components
// and whole (of) its measure takes, and no others.
func (p *Published) checkFields(c *errorList) {
	path := "published." + p.Name
	terms := slices.ContainsFunc(p.Components, isTerm)
	ofPerspectives := p.Measure == FigureComponents || p.Measure == FigureShare
	needs := p.Measure == FigureNPV || p.Measure == FigureGain || p.Measure == FigureChance || ofPerspectives && !terms
	switch {
	case needs && len(p.Perspectives) == 0:
		c.add(path+".perspectives", "is required with measure %s", p.Measure)
	case !needs && len(p.Perspectives) > 0 && !ofPerspectives:
		c.add(path+".perspectives", "belongs to a measure of perspectives (npv, gain, components, share, chance), not %s", p.Measure)
	}
	if (p.Measure == FigureShare) != (len(p.Of) > 0) {
		c.add(path+".of", "a share, and only a share, has of: the perspectives whose gain (or the components whose sum) is the whole")
	}
	if p.Measure == FigureComponents && len(p.Components) == 0 || len(p.Components) > 0 && !ofPerspectives {
		c.add(path+".components", "a components figure (or a share of components), and only one, names its components")
	}
}

// checkNumbers checks the figure's months, value, tolerance or reason, and
// citation.
func (p *Published) checkNumbers(c *errorList) {
	path := "published." + p.Name
	if p.Months < 0 {
		c.add(path+".months", "must be 0 (the horizon) or more, got %d", p.Months)
	}
	if p.Measure == FigureChance && p.Months != 0 {
		c.add(path+".months", "a chance is over the horizon")
	}
	if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) || math.IsNaN(p.ToModel) || math.IsInf(p.ToModel, 0) || p.ToModel < 0 {
		c.add(path+".value", "the value and to_model must be finite numbers, to_model not negative")
	}
	switch {
	case !(p.Tolerance >= 0) || math.IsInf(p.Tolerance, 0):
		c.add(path+".tolerance", "must be 0 or more, got %s", formatNumber(p.Tolerance))
	case p.Tolerance == 0 && strings.TrimSpace(p.Reason) == "":
		c.add(path, "needs a tolerance (the model reproduces it within it) or a reason (why the model's figure differs)")
	}
	if p.Citation == "" {
		c.add(path+".citation", "is required: where the figure is published")
	}
}

// CheckPublished reports published figures that name what the scenario
// does not have: a perspective, a component, an arm compared with the
// comparator, or more months than the horizon. A scenario file is checked
// so when it is read; a figure that a later what-if leaves without them
// gives no model figure (Model says why) but is no error of the scenario.
func (s *Scenario) CheckPublished() error {
	var c errorList
	persp := append(append([]string{Participant}, s.Payers...), Public, Society)
	components := s.componentNames()
	for _, p := range s.Published {
		path := "published." + p.Name
		if p.Arm != "" {
			if _, ok := s.armIndex(p.Arm); !ok || p.Arm == s.Comparator {
				c.add(path+".arm", "names no arm compared with the comparator: %q", p.Arm)
			}
		}
		check := func(key string, names []string) {
			for _, q := range names {
				if !slices.Contains(persp, q) {
					c.add(path+"."+key, "no perspective %q (%s)", q, strings.Join(persp, ", "))
				}
			}
		}
		check("perspectives", p.Perspectives)
		checkTerms := func(key string, names []string) {
			for _, name := range names {
				if q, cn, ok := strings.Cut(name, "/"); ok {
					check(key, []string{q})
					name = cn
				}
				if !slices.ContainsFunc(components, func(cn string) bool { return matchComponent(name, cn) }) {
					c.add(path+"."+key, "no component %q (%s)", name, strings.Join(components, ", "))
				}
			}
		}
		checkTerms("components", p.Components)
		if slices.ContainsFunc(p.Of, isTerm) {
			checkTerms("of", p.Of)
		} else {
			check("of", p.Of)
		}
		if p.Months > s.HorizonMonths {
			c.add(path+".months", "must be at most the horizon (%d months), got %d", s.HorizonMonths, p.Months)
		}
	}
	return c.err()
}
