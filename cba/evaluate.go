package cba

import (
	"math"
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
	// BreakEven[p] is the first month from which perspective p's cumulative
	// discounted net flow stays at or above zero to the horizon, or NoBreakEven.
	BreakEven []int

	EmployedMonths     float64 // expected months in work, undiscounted
	Earnings           float64 // expected gross earnings, undiscounted
	DiscountedEarnings float64 // their present value
	ProgrammeCost      float64 // present value of programme costs (all payers)

	// BCR is society's gain (NPV before programme costs) per unit of
	// incremental programme cost; PublicReturn is the public budgets' gain
	// (public NPV before programme costs) per unit of it. Set for increments.
	BCR, PublicReturn Ratio
}

// Outcome is one arm on its own, or one arm's increment over the comparator.
type Outcome struct {
	Arm        string
	Comparator string // "" for an arm on its own
	Population Summary
	Groups     []Summary // indexed like Scenario.Groups
}

// Result is an evaluation of a scenario.
type Result struct {
	Scenario      string
	Currency      string
	PriceYear     int
	HorizonMonths int
	Comparator    string

	// Perspectives: "participant", each payer, "public", "society".
	Perspectives []string
	// Components: "earnings", "employer_contribution", "tax:NAME"...,
	// "benefit:NAME"..., "cost:NAME"..., "financing", "non_market".
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
}

// Perspective returns the index of the named perspective, or -1.
func (r *Result) Perspective(name string) int { return indexOf(r.Perspectives, name) }

// Component returns the index of the named component, or -1.
func (r *Result) Component(name string) int { return indexOf(r.Components, name) }

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

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// Perspective indexes in a Result: participant first, then each payer, then
// public and society.
func (l *layout) participant() int { return 0 }
func (l *layout) payer(i int) int  { return 1 + i }
func (l *layout) public() int      { return 1 + l.payers }
func (l *layout) society() int     { return 2 + l.payers }

// layout is where each component and perspective sits in a Result.
type layout struct {
	payers                   int
	earnings, employer       int
	tax0, benefit0, cost0    int
	financing, nonMarket, n  int
	programme                []int // cost components of the programme category
	components, perspectives []string
	weights                  [][]float64
	costOf                   [][]int // [arm][cost] -> component
	publicWeights            []float64
	lambda                   float64
}

func newLayout(s *Scenario) *layout {
	l := &layout{payers: len(s.Payers)}
	l.components = append(l.components, "earnings", "employer_contribution")
	l.earnings, l.employer = 0, 1
	l.tax0 = len(l.components)
	for _, t := range s.Taxes {
		l.components = append(l.components, "tax:"+t.Name)
	}
	l.benefit0 = len(l.components)
	for _, b := range s.Benefits {
		l.components = append(l.components, "benefit:"+b.Name)
	}
	l.cost0 = len(l.components)
	costIndex := map[string]int{}
	var costPayer []string
	l.costOf = make([][]int, len(s.Arms))
	for a, arm := range s.Arms {
		for _, c := range arm.Costs {
			i, ok := costIndex[c.Name]
			if !ok {
				i = len(l.components)
				costIndex[c.Name] = i
				l.components = append(l.components, "cost:"+c.Name)
				costPayer = append(costPayer, c.Payer)
				if c.Category == ProgrammeCost {
					l.programme = append(l.programme, i)
				}
			}
			l.costOf[a] = append(l.costOf[a], i)
		}
	}
	l.financing = len(l.components)
	l.nonMarket = l.financing + 1
	l.components = append(l.components, "financing", "non_market")
	l.n = len(l.components)

	l.perspectives = append(l.perspectives, "participant")
	l.perspectives = append(l.perspectives, s.Payers...)
	l.perspectives = append(l.perspectives, "public", "society")
	l.weights = make([][]float64, len(l.perspectives))
	for p := range l.weights {
		l.weights[p] = make([]float64, l.n)
	}
	pay := func(payer string, c int, w float64) {
		if i := s.payerIndex(payer); i >= 0 {
			l.weights[l.payer(i)][c] += w
		}
	}
	part := l.weights[l.participant()]
	part[l.earnings] = 1
	pay(s.EmployerContribution.Receiver, l.employer, 1)
	for i, t := range s.Taxes {
		part[l.tax0+i] = -1
		pay(t.Receiver, l.tax0+i, 1)
	}
	for i, b := range s.Benefits {
		part[l.benefit0+i] = 1
		pay(b.Payer, l.benefit0+i, -1)
	}
	for i, payer := range costPayer {
		pay(payer, l.cost0+i, -1)
	}
	pub := l.weights[l.public()]
	for i := range s.Payers {
		for c, w := range l.weights[l.payer(i)] {
			pub[c] += w
		}
	}
	l.publicWeights = pub
	soc := l.weights[l.society()]
	keep := 1 - s.Perspective.Displacement
	soc[l.earnings] = keep
	soc[l.employer] = keep
	for i := range costPayer {
		soc[l.cost0+i] = -1
	}
	soc[l.financing] = 1
	if s.Perspective.NonMarket.Include {
		soc[l.nonMarket] = 1
	}
	l.lambda = s.Perspective.Lambda
	return l
}

// Evaluator evaluates one scenario again and again with other parameter
// values, into buffers it owns or the caller passes in. It is the one
// mechanism behind -set, Monte Carlo draws and sensitivity analysis: change
// some entries of the parameter vector, evaluate again.
//
// An Evaluator is not safe for concurrent use; make one per goroutine.
type Evaluator struct {
	s      *Scenario // private copy; vars point into it
	vars   []*float64
	params []Parameter
	l      *layout
	comp   int

	disc    []float64
	discKey []float64 // the rates disc was computed for
	growth  []float64
	// growthKey is the wage growth growth was computed for, once growthDone.
	growthKey  float64
	growthDone bool
	emp        [][]float64 // [arm][group] e(0..H)
	out, in    []float64   // per component, expected flows out of and in work
	cumul      []float64

	outputs     []Output // what EvaluateOutputs writes
	fast        *fast    // its buffers
	full        *Result  // for EvaluateOutputs with wage growth
	allGroups   []int
	growthIndex int // of wage_growth in parameter vectors
}

// NewEvaluator validates s and returns an Evaluator for a private copy of it;
// later changes to s do not reach it.
func NewEvaluator(s *Scenario) (*Evaluator, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	ev := &Evaluator{s: s.Clone()}
	ev.s.walk(func(path string, v *float64, b Bound) {
		ev.vars = append(ev.vars, v)
		ev.params = append(ev.params, Parameter{Path: path, Value: *v, Bound: b})
	})
	ev.l = newLayout(ev.s)
	ev.comp = ev.s.armIndex(ev.s.Comparator)
	h := ev.s.HorizonMonths + 1
	ev.disc = make([]float64, h)
	ev.growth = make([]float64, h)
	ev.cumul = make([]float64, h)
	ev.emp = make([][]float64, len(ev.s.Arms))
	for a := range ev.emp {
		ev.emp[a] = make([]float64, len(ev.s.Groups)*h)
	}
	ev.out = make([]float64, ev.l.n)
	ev.in = make([]float64, ev.l.n)
	ev.outputs = ev.outputSpec()
	ev.fast = newFast(ev.s, ev.l)
	for g := range ev.s.Groups {
		ev.allGroups = append(ev.allGroups, g)
	}
	ev.growthIndex = ev.Index("wage_growth")
	return ev, nil
}

// Parameters returns the scenario's parameters at their base values; entry i
// names entry i of every parameter vector passed to Evaluate.
func (ev *Evaluator) Parameters() []Parameter { return append([]Parameter(nil), ev.params...) }

// Base returns a new parameter vector holding the base values.
func (ev *Evaluator) Base() []float64 {
	x := make([]float64, len(ev.params))
	for i, p := range ev.params {
		x[i] = p.Value
	}
	return x
}

// Index returns the position of the parameter at path, or -1.
func (ev *Evaluator) Index(path string) int {
	for i, p := range ev.params {
		if p.Path == path {
			return i
		}
	}
	return -1
}

// NewResult returns a Result shaped for this scenario, to pass to Evaluate.
func (ev *Evaluator) NewResult() *Result {
	s, l := ev.s, ev.l
	h := s.HorizonMonths + 1
	r := &Result{
		Scenario: s.Name, Currency: s.Currency, PriceYear: s.PriceYear,
		HorizonMonths: s.HorizonMonths, Comparator: s.Comparator,
		Perspectives: l.perspectives, Components: l.components, Weights: matrix(len(l.perspectives), l.n),
		Discount: make([]float64, h),
	}
	newSummary := func(group string) Summary {
		rows := make([][]float64, l.n)
		block := make([]float64, l.n*h)
		for c := range rows {
			rows[c] = block[c*h : (c+1)*h : (c+1)*h]
		}
		return Summary{
			Group: group, Employment: make([]float64, h), Flows: rows,
			PV: make([]float64, l.n), NPV: make([]float64, len(l.perspectives)),
			BreakEven: make([]int, len(l.perspectives)),
		}
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
// Parameters; nil means the base values) into r, which must come from
// NewResult. It returns an error naming each parameter whose value is not
// allowed. Evaluate does not allocate when the values are valid.
func (ev *Evaluator) Evaluate(x []float64, r *Result) error {
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
	return nil
}

// setValues writes x (nil: the base values) into the scenario and checks the
// values. It allocates only when it finds a problem.
func (ev *Evaluator) setValues(x []float64) error {
	if x == nil {
		for i, p := range ev.params {
			*ev.vars[i] = p.Value
		}
	} else {
		if len(x) != len(ev.vars) {
			return &FieldError{Msg: "parameter vector has the wrong length"}
		}
		for i, v := range x {
			*ev.vars[i] = v
		}
	}
	var c checker
	for i, v := range ev.vars {
		if msg := ev.params[i].Bound.Check(*v); msg != "" {
			c.add(ev.params[i].Path, "%s", msg)
		}
	}
	ev.s.checkConsistency(&c)
	return c.err()
}

// prepare computes what every evaluation needs from the current values:
// weights, discount and growth factors, employment curves.
func (ev *Evaluator) prepare() {
	ev.l.lambda = ev.s.Perspective.Lambda
	ev.updateWeights()
	ev.discount()
	ev.growthFactors()
	ev.employment()
}

// updateWeights refreshes the weights that depend on parameter values.
func (ev *Evaluator) updateWeights() {
	l, s := ev.l, ev.s
	keep := 1 - s.Perspective.Displacement
	soc := l.weights[l.society()]
	soc[l.earnings], soc[l.employer] = keep, keep
}

// discount recomputes the discount factors when the rates changed.
func (ev *Evaluator) discount() {
	steps := ev.s.Discount
	same := len(ev.discKey) == len(steps)
	for i := 0; same && i < len(steps); i++ {
		same = ev.discKey[i] == steps[i].Rate
	}
	if same {
		return
	}
	DiscountFactors(ev.disc, steps)
	ev.discKey = ev.discKey[:0]
	for _, st := range steps {
		ev.discKey = append(ev.discKey, st.Rate)
	}
}

func (ev *Evaluator) growthFactors() {
	g := ev.s.WageGrowth
	if g == ev.growthKey && ev.growthDone {
		return // unchanged since the last evaluation
	}
	ev.growthKey, ev.growthDone = g, true
	for m := range ev.growth {
		if g == 0 {
			ev.growth[m] = 1
		} else {
			ev.growth[m] = math.Pow(1+g, float64(m-1)/12)
		}
	}
}

// employment fills every arm's curve for every group, the comparator first.
func (ev *Evaluator) employment() {
	h := ev.s.HorizonMonths + 1
	for g := range ev.s.Groups {
		comp := ev.emp[ev.comp][g*h : (g+1)*h]
		ev.s.Arms[ev.comp].Groups[g].Employment.Curve(comp, nil)
		for a := range ev.s.Arms {
			if a != ev.comp {
				ev.s.Arms[a].Groups[g].Employment.Curve(ev.emp[a][g*h:(g+1)*h], comp)
			}
		}
	}
}

// stateFlows fills ev.out and ev.in with group g's expected flows per
// participant-month out of work and in work (monthly earnings earn). With
// state < 0 they are expected over the group's benefit receipt; with state k
// they are those of a participant receiving benefit k (k = len(Benefits):
// none), as micro-simulation needs.
func (ev *Evaluator) stateFlows(g int, job *Job, earn float64, state int) {
	s, l := ev.s, ev.l
	grp := &s.Groups[g]
	share := func(k int) float64 {
		if state < 0 {
			return grp.Receipts[k].Share
		}
		if k == state {
			return 1
		}
		return 0
	}
	out, in := ev.out, ev.in
	out[l.earnings], in[l.earnings] = 0, earn
	out[l.employer], in[l.employer] = 0, s.EmployerContribution.Rate*earn
	out[l.nonMarket], in[l.nonMarket] = 0, s.Perspective.NonMarket.PerEmployedMonth
	for c := range s.Taxes {
		out[l.tax0+c], in[l.tax0+c] = 0, 0
	}
	none := 1.0 // share receiving no benefit
	for k := range s.Benefits {
		b, rc := &s.Benefits[k], grp.Receipts[k]
		rc.Share = share(k)
		none -= rc.Share
		inAmount := b.InWork.InWorkAmount(rc.Amount, earn, job.WeeklyHours)
		out[l.benefit0+k], in[l.benefit0+k] = rc.Share*rc.Amount, rc.Share*inAmount
		if rc.Share == 0 {
			continue
		}
		outWage, outPension, inWage, inPension := 0.0, 0.0, earn, 0.0
		switch b.Taxable {
		case WageIncome:
			outWage, inWage = rc.Amount, earn+inAmount
		case PensionIncome:
			outPension, inPension = rc.Amount, inAmount
		}
		for c := range s.Taxes {
			t := &s.Taxes[c]
			out[l.tax0+c] += rc.Share * t.Tax(12*outWage, 12*outPension) / 12
			in[l.tax0+c] += rc.Share * t.Tax(12*inWage, 12*inPension) / 12
		}
	}
	if none > 0 {
		for c := range s.Taxes {
			t := &s.Taxes[c]
			out[l.tax0+c] += none * t.Tax(0, 0) / 12
			in[l.tax0+c] += none * t.Tax(12*earn, 0) / 12
		}
	}
}

// armGroup fills sum with arm a's undiscounted flows for group g.
func (ev *Evaluator) armGroup(a, g int, sum *Summary) {
	s, l := ev.s, ev.l
	h := s.HorizonMonths + 1
	arm := &s.Arms[a]
	job := &s.Groups[g].Job
	if j := arm.Groups[g].Job; j != nil {
		job = j
	}
	earn := job.Earnings()
	e := ev.emp[a][g*h : (g+1)*h]
	copy(sum.Employment, e)
	for c := range sum.Flows {
		sum.Flows[c][0] = 0
	}
	wageLinked := l.employer + 1 // earnings and employer contribution
	if s.WageGrowth == 0 {
		ev.stateFlows(g, job, earn, -1)
	}
	for m := 1; m < h; m++ {
		if s.WageGrowth != 0 {
			ev.stateFlows(g, job, earn*ev.growth[m], -1)
		}
		em := e[m]
		for c := 0; c < wageLinked; c++ {
			sum.Flows[c][m] = em * ev.in[c]
		}
		for c := l.tax0; c < l.cost0; c++ {
			sum.Flows[c][m] = ev.out[c] + em*(ev.in[c]-ev.out[c])
		}
		sum.Flows[l.nonMarket][m] = em * ev.in[l.nonMarket]
	}
	for c := l.cost0; c < l.financing; c++ {
		clear(sum.Flows[c])
	}
	for j := range arm.Costs {
		ev.cost(&arm.Costs[j], &arm.Enrolment, sum.Flows[l.costOf[a][j]])
	}
}

// cost adds one cost's flows to row (m = 0..H).
func (ev *Evaluator) cost(c *Cost, en *Enrolment, row []float64) {
	switch c.Timing {
	case OneOff:
		row[0] += c.Amount
	case PerMonth:
		months := c.Months
		if months == 0 {
			months = float64(len(row))
		}
		for m := 1; m < len(row); m++ {
			row[m] += c.Amount * min(1, max(0, months-float64(m-1)))
		}
	case PerEnrolledMonth:
		months := en.Months
		if months == 0 {
			months = float64(len(row))
		}
		stay := 1.0
		for m := 1; m < len(row); m++ {
			row[m] += c.Amount * min(1, max(0, months-float64(m-1))) * stay
			stay *= 1 - en.Dropout
		}
	}
}

// finish computes financing, present values, NPVs, break-even months and
// the summary statistics from sum's base flows.
func (ev *Evaluator) finish(sum *Summary, increment bool) {
	l := ev.l
	d := ev.disc
	fin := sum.Flows[l.financing]
	clear(fin)
	for c, w := range l.publicWeights {
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
		sum.BreakEven[p] = ev.breakEven(sum, ws)
	}
	sum.EmployedMonths, sum.Earnings = 0, 0
	for m := 1; m < len(sum.Employment); m++ {
		sum.EmployedMonths += sum.Employment[m]
		sum.Earnings += sum.Flows[l.earnings][m]
	}
	sum.DiscountedEarnings = sum.PV[l.earnings]
	sum.ProgrammeCost = 0
	for _, c := range l.programme {
		sum.ProgrammeCost += sum.PV[c]
	}
	sum.BCR, sum.PublicReturn = Ratio{}, Ratio{}
	if increment {
		sum.BCR = gainPerCost(sum.NPV[l.society()], sum.ProgrammeCost)
		sum.PublicReturn = gainPerCost(sum.NPV[l.public()], sum.ProgrammeCost)
	}
}

// gainPerCost is (npv+cost)/cost: the gain before programme costs per unit of
// programme cost, or cost-saving when the cost is not positive.
func gainPerCost(npv, cost float64) Ratio {
	if cost <= 0 {
		return Ratio{CostSaving: true}
	}
	return Ratio{Value: (npv + cost) / cost}
}

// breakEven returns the first month from which the cumulative discounted
// flow weighted by ws stays at or above zero to the horizon.
func (ev *Evaluator) breakEven(sum *Summary, ws []float64) int {
	flow := ev.cumul
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
	month := NoBreakEven
	for m := len(flow) - 1; m >= 0 && flow[m] >= 0; m-- {
		month = m
	}
	return month
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

// Evaluate validates s and evaluates it at its parameters' values.
func Evaluate(s *Scenario) (*Result, error) {
	ev, err := NewEvaluator(s)
	if err != nil {
		return nil, err
	}
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		return nil, err
	}
	return r, nil
}
