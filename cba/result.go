package cba

import "math"

// The names of the perspectives every result has besides the scenario's
// payers, and of the whole population among the groups. A payer or a group
// may not take them.
const (
	Participant = "participant"
	Public      = "public"
	Society     = "society"
	Population  = "population"
)

// NoBreakEven is the break-even month of a flow whose cumulative discounted
// value is below zero at the horizon.
const NoBreakEven = -1

// Ratio is a benefit-cost ratio or a return per unit of spending. When the
// incremental cost is zero or negative (the arm is cheaper than the
// comparator) a ratio means nothing: CostSaving is true and Value is 0.
type Ratio struct {
	Value      float64
	CostSaving bool
}

// Summary is the result of one arm, or one increment over the comparator, for
// one group or the whole population. Money is per participant.
type Summary struct {
	Group string // "" for the population

	// Employment is e(m), the share in competitive employment, m = 0..H.
	Employment []float64
	// Flows[c][m] is component c's undiscounted flow in month m (m = 0..H;
	// month 0 holds one-off costs). Taxes, benefits and costs are positive
	// amounts; Result.Weights gives their sign in each perspective.
	Flows [][]float64
	// PV[c] is the present value of component c: sum over m of d(m)*Flows[c][m].
	PV []float64
	// NPV[p] is the net present value in perspective p (Result.Perspectives).
	NPV []float64
	// NPVObserved[p] is the net present value over the observed window,
	// months 0..Result.ObservedMonths; nil when the scenario has none.
	NPVObserved []float64
	// BreakEven[p] is the first month from which perspective p's cumulative
	// discounted net flow stays at or above zero to the horizon, or NoBreakEven.
	BreakEven []int

	EmployedMonths           float64 // expected months in work, undiscounted
	DiscountedEmployedMonths float64 // sum over m of d(m) e(m)
	Earnings                 float64 // expected gross earnings, undiscounted
	DiscountedEarnings       float64 // their present value
	ProgrammeCost            float64 // present value of programme costs (all payers)
	// ProgrammeCostBorne[p] is the present value by which the programme
	// costs lower perspective p's NPV: a payer's share, the public total,
	// and for society the costs with the financing cost of public funds on
	// them (Measure ProgrammeCostBorne).
	ProgrammeCostBorne []float64

	// BCR is society's gain (NPV before programme costs) per unit of
	// incremental programme cost; PublicReturn is the public budgets' gain
	// (public NPV before programme costs) per unit of it. Set for increments.
	BCR, PublicReturn Ratio
	// NetPerBudgetKrone is the net benefit per budget krone, the Norwegian
	// DFØ's ranking measure: society's NPV per unit of net cost to the
	// public budgets (minus the public NPV). When the public budgets gain
	// (a public NPV of 0 or more) there is no net cost to divide by:
	// CostSaving is true. Set for increments.
	NetPerBudgetKrone Ratio
	// CostPerMonthInWork is the incremental programme cost per extra
	// month in work: ProgrammeCost over the extra discounted months in
	// work (costs and months discounted alike, as cost-effectiveness
	// analyses do). Negative: the arm saves that much per month gained;
	// +Inf: it gains no month. Set for increments.
	CostPerMonthInWork float64
	// CostPerPersonInWork is the incremental programme cost over months
	// 0..W (present value) per extra person in work at month W, the end of
	// the observed window (the horizon when the scenario has none), with
	// the same signs and +Inf. Set for increments.
	CostPerPersonInWork float64
}

// WindowMonth is the month at which Summary.CostPerPersonInWork counts
// people in work: the end of the observed window, or the horizon when the
// scenario has none.
func (r *Result) WindowMonth() int {
	if r.ObservedMonths > 0 {
		return r.ObservedMonths
	}
	return r.HorizonMonths
}

// Outcome is one arm on its own, or one arm's increment over the comparator.
type Outcome struct {
	Arm        string
	Comparator string // "" for an arm on its own
	Population Summary
	Groups     []Summary // indexed like Scenario.Groups
}

// Group returns the summary of the named group ("population" or "" for the
// whole population), or false.
func (o *Outcome) Group(name string) (*Summary, bool) {
	if name == "" || name == Population {
		return &o.Population, true
	}
	for i := range o.Groups {
		if o.Groups[i].Group == name {
			return &o.Groups[i], true
		}
	}
	return nil, false
}

// Result is an evaluation of a scenario.
type Result struct {
	Scenario       string
	Currency       string
	PriceYear      int
	HorizonMonths  int
	ObservedMonths int // 0: no observed window
	// EffectMeasuredMonths is the last month the effect was measured
	// within the observed window (0: to its end): reports label the months
	// after it as follow-up with the effect assumed.
	EffectMeasuredMonths int
	Comparator           string

	// Perspectives: "participant", each payer, "public", "society".
	Perspectives []string
	// Components: "earnings", "employer_contribution", "tax:NAME"...,
	// "benefit:NAME"..., "allowance:NAME"..., "cost:NAME"..., "financing",
	// "non_market", "leisure".
	Components []string
	// Weights[p][c] is the sign and weight of component c in perspective p:
	// Summary.NPV[p] = sum over c of Weights[p][c]*Summary.PV[c].
	Weights [][]float64
	// Discount[m] is d(m), m = 0..H.
	Discount []float64

	Arms       []Outcome // every arm on its own, in scenario order
	Increments []Outcome // every non-comparator arm minus the comparator

	cohort        Cohort     // for Budget
	discountSteps []RateStep // for Budget
	owner         *Evaluator // the Evaluator whose NewResult made it
}

// Perspective returns the index of the named perspective, or false.
func (r *Result) Perspective(name string) (int, bool) { return indexOf(r.Perspectives, name) }

// Component returns the index of the named component, or false.
func (r *Result) Component(name string) (int, bool) { return indexOf(r.Components, name) }

// Arm returns the named arm on its own, or false.
func (r *Result) Arm(name string) (*Outcome, bool) {
	for i := range r.Arms {
		if r.Arms[i].Arm == name {
			return &r.Arms[i], true
		}
	}
	return nil, false
}

// Increment returns the named arm's increment over the comparator, or false.
func (r *Result) Increment(arm string) (*Outcome, bool) {
	for i := range r.Increments {
		if r.Increments[i].Arm == arm {
			return &r.Increments[i], true
		}
	}
	return nil, false
}

// Contribution is component c's part of perspective p's NPV in s.
func (r *Result) Contribution(s *Summary, p, c int) float64 { return r.Weights[p][c] * s.PV[c] }

// PerspectiveFlow is perspective p's undiscounted net flow in month m of s.
func (r *Result) PerspectiveFlow(s *Summary, p, m int) float64 {
	f := 0.0
	for c, w := range r.Weights[p] {
		if w != 0 {
			f += w * s.Flows[c][m]
		}
	}
	return f
}

// Cumulative returns perspective p's cumulative discounted net flow in s
// over months 0..month.
func (r *Result) Cumulative(s *Summary, p, month int) float64 {
	v := 0.0
	for m := 0; m <= min(month, r.HorizonMonths); m++ {
		v += r.Discount[m] * r.PerspectiveFlow(s, p, m)
	}
	return v
}

func indexOf(xs []string, x string) (int, bool) {
	for i, y := range xs {
		if y == x {
			return i, true
		}
	}
	return 0, false
}

// breakEvenMonth returns the first month from which the cumulative
// discounted flow cum (months 0..H) stays at or above zero to the horizon,
// or NoBreakEven. It is the one break-even rule of both engines.
func breakEvenMonth(cum []float64) int {
	month := NoBreakEven
	for m := len(cum) - 1; m >= 0 && cum[m] >= 0; m-- {
		month = m
	}
	return month
}

// gainPerCost is (npv+cost)/cost: the gain before programme costs per unit of
// programme cost, or cost-saving when the cost is not positive.
//
// A cost so small that the ratio is not a finite number counts as
// cost-saving too: a ratio over a cost of practically zero means nothing.
func gainPerCost(npv, cost float64) Ratio {
	return ratioOver(npv+cost, cost)
}

// costPerGain is a cost per unit of an outcome gained: cost/gain, or +Inf
// when nothing is gained (a negative cost per unit: the money saved per
// unit gained).
func costPerGain(cost, gain float64) float64 {
	if !(gain > 0) {
		return math.Inf(1)
	}
	return cost / gain
}

// perBudgetKrone is society's NPV per unit of net cost to the public
// budgets (-public), or cost-saving when the public budgets gain.
func perBudgetKrone(society, public float64) Ratio { return ratioOver(society, -public) }

// ratioOver is num/den, or cost-saving when den is not positive or the
// ratio is not a finite number.
func ratioOver(num, den float64) Ratio {
	if den <= 0 {
		return Ratio{CostSaving: true}
	}
	v := num / den
	if v != v || v*0 != 0 {
		return Ratio{CostSaving: true}
	}
	return Ratio{Value: v}
}
