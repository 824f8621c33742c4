package cba

import (
	"math"
	"slices"
	"strings"
)

// Evaluator evaluates one scenario again and again with other values of its
// factors, into buffers it owns or the caller passes in. It is the one
// mechanism behind what-if analysis, Monte Carlo draws and sensitivity
// analysis: change some entries of the parameter vector, evaluate again.
//
// Entry i of a parameter vector is the value of the factor whose Index is i
// (Factors): a number written once, in every place it is used. Whole-number
// factors (horizon, months) shape the model and are not in vectors; change
// them with Scenario.Apply and a new Evaluator.
//
// An Evaluator is not safe for concurrent use; make one per goroutine.
type Evaluator struct {
	model *Model    // the prepared scenario it evaluates
	orig  *Scenario // the scenario as given (the model's)
	s     *Scenario // private copy; the factor table points into it
	tab   *factorTable
	base  []float64
	// checked holds the values the scenario holds, once checkedOK: they
	// passed setValues's checks.
	checked   []float64
	checkedOK bool
	l         *layout
	comp      int
	h         int // months 0..H: HorizonMonths+1

	disc    []float64
	discKey []float64 // the rates disc was computed for
	growth  []float64
	// growthKey is the wage growth growth was computed for, once growthDone.
	growthKey  float64
	growthDone bool

	emp    [][]float64 // [arm][group*h + m]: e(m)
	effect []float64   // an arm's effect D(m)
	mult   []float64   // normalised effect multipliers, by group
	out    []float64   // per component: expected flow per participant-month out of work
	in     []float64   // ... and in work
	cum    []float64   // a cumulative flow, months 0..H
	row    []float64   // a cost's flow, months 0..H
	stays  []stayCache // the share still enrolled, by enrolment
	segs   [][]int     // [group]: the first month of each segment of constant coefficients
	sameAs [][]int     // [arm][group]: the first group with the same curve and segments
	copyOf [][]int     // [arm][group]: the group whose curve employment copied (or the group)

	states benefitStates // stateFlows's

	plan []outputPlan // what EvaluateOutputs writes
	keys []OutputKey
	fast *fast // its buffers
}

// Model is a scenario prepared for evaluation: validated once, with its
// factors (the numbers a what-if changes, the sets of shares, what draws
// them). It never changes, so many goroutines may share one; each forks
// its own Evaluator from it (Model.Evaluator), which costs buffers, not
// another validation.
type Model struct {
	s    *Scenario    // a private copy of the scenario as given
	tab  *factorTable // its factors; the refs point into s and are only read
	base []float64
}

// Prepare validates s and returns the model of a private copy of it;
// later changes to s do not reach it.
func Prepare(s *Scenario) (*Model, error) {
	m := &Model{s: s.Clone()}
	var err error
	if m.tab, err = m.s.validate(); err != nil {
		return nil, err
	}
	m.base = make([]float64, len(m.tab.vector))
	for i, fi := range m.tab.vector {
		m.base[i] = m.tab.factors[fi].Value
	}
	return m, nil
}

// Scenario returns a copy of the model's scenario.
func (m *Model) Scenario() *Scenario { return m.s.Clone() }

// Factors returns the model's factors at their base values, in the order
// of their first paths; a factor's Index is its position in parameter
// vectors (-1 for whole numbers).
func (m *Model) Factors() []Factor { return m.tab.export() }

// NewEvaluator validates s and returns an Evaluator for a private copy of it;
// later changes to s do not reach it. Uncertain factors take their
// distributions' means. (Prepare then Model.Evaluator, for one evaluator.)
func NewEvaluator(s *Scenario) (*Evaluator, error) {
	m, err := Prepare(s)
	if err != nil {
		return nil, err
	}
	return m.Evaluator(), nil
}

// Evaluator returns a new Evaluator of the model, with buffers of its own,
// for one goroutine.
func (m *Model) Evaluator() *Evaluator {
	ev := &Evaluator{model: m, orig: m.s, s: m.s.Clone()}
	ev.tab = m.tab.rebind(ev.s)
	ev.base = slices.Clone(m.base)
	ev.write(ev.base)
	ev.l = newLayout(ev.s)
	ev.comp, _ = ev.s.armIndex(ev.s.Comparator)
	ev.h = ev.s.HorizonMonths + 1
	h := ev.h
	ev.disc = make([]float64, h)
	ev.growth = make([]float64, h)
	ev.cum = make([]float64, h)
	ev.row = make([]float64, h)
	ev.effect = make([]float64, h)
	ev.mult = make([]float64, len(ev.s.Groups))
	ev.emp = make([][]float64, len(ev.s.Arms))
	for a := range ev.emp {
		ev.emp[a] = make([]float64, len(ev.s.Groups)*h)
	}
	ev.out = make([]float64, ev.l.n)
	ev.in = make([]float64, ev.l.n)
	ev.states = newBenefitStates(ev.s)
	ev.segs = make([][]int, len(ev.s.Groups))
	ev.sameAs = make([][]int, len(ev.s.Arms))
	ev.copyOf = make([][]int, len(ev.s.Arms))
	for a := range ev.sameAs {
		ev.sameAs[a] = make([]int, len(ev.s.Groups))
		ev.copyOf[a] = make([]int, len(ev.s.Groups))
	}
	ev.keys, ev.plan = ev.outputTable()
	ev.fast = newFast(ev)
	return ev
}

// Model returns the prepared model the evaluator evaluates.
func (ev *Evaluator) Model() *Model { return ev.model }

// fork returns another Evaluator of the same model, for another goroutine.
func (ev *Evaluator) fork() *Evaluator { return ev.model.Evaluator() }

// Factors returns the factors of the scenario at their base values, in the
// order of their first paths; a factor's Index is its position in parameter
// vectors (-1 for whole numbers).
func (ev *Evaluator) Factors() []Factor { return ev.tab.export() }

// Factor returns the factor that the number at path belongs to, or false.
func (ev *Evaluator) Factor(path string) (Factor, bool) {
	fi, ok := ev.tab.byPath[path]
	if !ok {
		return Factor{}, false
	}
	return ev.tab.export()[fi], true
}

// Index returns the vector position of the factor that the number at path
// belongs to, or false (no such path, or a whole number).
func (ev *Evaluator) Index(path string) (int, bool) {
	fi, ok := ev.tab.byPath[path]
	if !ok || ev.tab.factors[fi].Index < 0 {
		return 0, false
	}
	return ev.tab.factors[fi].Index, true
}

// ShareSets returns the sets of shares that move together; their Factors
// are indexes into Factors().
func (ev *Evaluator) ShareSets() []ShareSet {
	out := slices.Clone(ev.tab.sets)
	for i := range out {
		out[i].Factors = slices.Clone(out[i].Factors)
	}
	return out
}

// Base returns a new parameter vector holding the base values.
func (ev *Evaluator) Base() []float64 { return slices.Clone(ev.base) }

// Scenario returns a copy of the evaluator's scenario with the values of x
// (nil: the base values; otherwise a vector of Base's length, or Scenario
// returns nil) written in every place. A number drawn whose value in x is
// not its base value is fixed at it, as Set fixes a number: evaluated, the
// copy gives the result at x.
func (ev *Evaluator) Scenario(x []float64) *Scenario {
	if x == nil {
		x = ev.base
	}
	if len(x) != len(ev.base) {
		return nil
	}
	ev.write(x)
	s := ev.s.Clone()
	ev.write(ev.base)
	ev.checkedOK = false
	var c errorList
	t := s.factors(&c)
	for i, v := range x {
		fi := ev.tab.vector[i] // drawn or not as the evaluator's scenario is
		f := &ev.tab.factors[fi]
		if f.Uncertain() && !same(v, ev.base[i]) {
			s.reviseUncertainty(t, fi, nil, &Change{})
		}
		if f.WholeHorizon && same(v, ev.base[i]) {
			for _, r := range t.refs[t.byPath[f.Name]] {
				r.set(0) // still the whole horizon, whatever the horizon
			}
		}
	}
	return s
}

// SetShare sets entry i of x to v, and when factor i is a share of a set
// (ShareSets), rescales the set's other shares proportionally so that
// their sum stays what it must be (1, or a Dirichlet set's sum). It returns
// an error when that cannot be done (x not a parameter vector, i not one
// of its entries, v outside the factor's range, a share above its set's
// sum, or the other shares all zero).
func (ev *Evaluator) SetShare(x []float64, i int, v float64) error {
	if len(x) != len(ev.base) || i < 0 || i >= len(x) {
		return NewError("", "SetShare: entry %d of a vector of %d: want a parameter vector (Base) and one of its entries", i, len(x))
	}
	fi := ev.tab.vector[i]
	f := &ev.tab.factors[fi]
	if err := f.Bound.Check(v); err != nil {
		return errorAt(f.Name, err)
	}
	if f.ShareSet < 0 {
		x[i] = v
		return nil
	}
	set := &ev.tab.sets[f.ShareSet]
	vals := make(map[int]float64, len(set.Factors))
	for _, m := range set.Factors {
		vals[m] = x[ev.tab.factors[m].Index]
	}
	target := set.Sum
	if target == 0 {
		for _, m := range set.Factors {
			target += vals[m]
		}
	}
	if err := rescale(vals, map[int]float64{fi: v}, set.Factors, target, set.Name, ev.tab); err != nil {
		return err
	}
	for m, val := range vals {
		x[ev.tab.factors[m].Index] = val
	}
	return nil
}

// rescale sets the given shares of a set and scales its other shares
// proportionally so that the set sums to target.
func rescale(vals map[int]float64, given map[int]float64, members []int, target float64, name string, t *factorTable) error {
	fixed, free := 0.0, 0.0
	var freeMembers []int
	for _, m := range members {
		if v, ok := given[m]; ok {
			fixed += v
			vals[m] = v
		} else {
			free += vals[m]
			freeMembers = append(freeMembers, m)
		}
	}
	rest := target - fixed
	if math.Abs(rest-free) <= shareTolerance*math.Max(1, math.Abs(target)) {
		return nil // the shares set keep their sum: the others stay as they are
	}
	switch {
	case len(freeMembers) == 0:
		if math.Abs(rest) > shareTolerance {
			return NewError(name, "the shares set (%s) sum to %s: they must sum to %s", names(t, members), formatNumber(fixed), formatNumber(target))
		}
	case rest < -shareTolerance:
		return NewError(name, "the shares set sum to %s, more than %s for the whole set (%s)", formatNumber(fixed), formatNumber(target), names(t, members))
	case free <= 0 && rest > shareTolerance:
		return NewError(name, "cannot rescale the other shares (%s): they are all 0; set them too", names(t, freeMembers))
	default:
		for _, m := range freeMembers {
			if free > 0 {
				vals[m] *= max(rest, 0) / free
			}
		}
	}
	return nil
}

func names(t *factorTable, fs []int) string {
	var out []string
	for _, fi := range fs {
		out = append(out, t.factors[fi].Name)
	}
	return strings.Join(out, ", ")
}

// write puts the factor values of x into every place of the private
// scenario.
func (ev *Evaluator) write(x []float64) {
	for i, v := range x {
		for _, r := range ev.tab.refs[ev.tab.vector[i]] {
			*r.f = v
		}
	}
}

// setValues writes x (nil: the base values) into the scenario and checks the
// values. It allocates only when it finds a problem. Values the scenario
// holds already, checked, are neither written nor checked again: a Monte
// Carlo draw changes only the uncertain ones.
func (ev *Evaluator) setValues(x []float64) error {
	if x == nil {
		x = ev.base
	} else if len(x) != len(ev.base) {
		return &Error{Msg: "parameter vector has the wrong length"}
	}
	if ev.checked == nil {
		ev.checked = make([]float64, len(x))
	}
	var c errorList
	changed := false
	for i, v := range x {
		if ev.checkedOK && same(v, ev.checked[i]) {
			continue
		}
		changed = true
		ev.checked[i] = v
		for _, r := range ev.tab.refs[ev.tab.vector[i]] {
			*r.f = v
		}
		f := &ev.tab.factors[ev.tab.vector[i]]
		if f.Bound.Contains(v) && (f.Unused == "" || same(v, ev.base[i])) {
			continue // admitted, without allocating
		}
		if err := f.Admit(v); err != nil {
			c.addErr(f.Name, err)
		}
	}
	if changed {
		ev.s.checkConsistency(&c)
	}
	err := c.err()
	ev.checkedOK = err == nil
	return err
}

// prepare computes what every evaluation needs from the current values:
// weights, discount and growth factors, segments, employment curves.
func (ev *Evaluator) prepare() {
	ev.l.update(ev.s)
	ev.discount()
	ev.growthFactors()
	ev.segments()
	ev.employment()
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

// growthFactors recomputes (1+g)^((m-1)/12) when the wage growth changed.
func (ev *Evaluator) growthFactors() {
	g := ev.s.WageGrowth
	if g == ev.growthKey && ev.growthDone {
		return
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

// window is the last month of the observed window, or of the horizon
// when the scenario has none.
func (ev *Evaluator) window() int {
	if ev.s.ObservedMonths > 0 {
		return ev.s.ObservedMonths
	}
	return ev.h - 1
}

// monthly says whether every month needs its own coefficients: earnings grow
// while benefits and tax thresholds do not, so tax is not proportional.
func (ev *Evaluator) monthly() bool { return ev.s.WageGrowth != 0 && !ev.s.Indexed }

// scaled says whether money flows (but programme costs and non-market value)
// grow with wages: everything indexed, so that a flow is the growth factor
// times its flow at base amounts.
func (ev *Evaluator) scaled() bool { return ev.s.WageGrowth != 0 && ev.s.Indexed }

// segments finds, for each group, the months from which its coefficients
// change: month 1, each change of a receipt share, or every month.
func (ev *Evaluator) segments() {
	for g := range ev.s.Groups {
		seg := ev.segs[g][:0]
		if ev.monthly() {
			for m := 1; m < ev.h; m++ {
				seg = append(seg, m)
			}
			ev.segs[g] = seg
			continue
		}
		seg = append(seg, 1)
		for k := range ev.s.Groups[g].Receipts {
			for _, st := range ev.s.Groups[g].Receipts[k].Later {
				if st.FromMonth < ev.h && !slices.Contains(seg, st.FromMonth) {
					seg = append(seg, st.FromMonth)
				}
			}
		}
		slices.Sort(seg)
		ev.segs[g] = seg
	}
}

// segmentEnd returns the last month of segment k of group g.
func (ev *Evaluator) segmentEnd(g, k int) int {
	if k+1 < len(ev.segs[g]) {
		return ev.segs[g][k+1] - 1
	}
	return ev.h - 1
}

// employment fills every arm's curve for every group, the comparator first.
// A group whose curve is given by the same numbers as an earlier group's
// (the bundled scenarios share curves) copies it: ev.copyOf records which.
func (ev *Evaluator) employment() {
	s, c := ev.s, ev.comp
	for g := range s.Groups {
		ev.copyOf[c][g] = g
		emp := &s.Arms[c].Groups[g].Employment
		for k := range g {
			if ev.copyOf[c][k] == k && sameEmployment(emp, &s.Arms[c].Groups[k].Employment) && ev.sameJobs(emp.NeedsJob(), c, g, k) {
				copy(ev.curve(c, g), ev.curve(c, k))
				ev.copyOf[c][g] = k
				break
			}
		}
		if ev.copyOf[c][g] == g {
			emp.CurveFor(ev.curve(c, g), nil, ev.jobOf(c, g))
		}
	}
	for a := range s.Arms {
		if a != c {
			ev.armEmployment(a)
		}
	}
}

// curve is arm a's employment curve for group g, months 0..H.
func (ev *Evaluator) curve(a, g int) []float64 { return ev.emp[a][g*ev.h : (g+1)*ev.h] }

// sameJobs says whether groups g and k of arm a convert a curve's points
// alike: they need no job, or have the same.
func (ev *Evaluator) sameJobs(needs bool, a, g, k int) bool {
	return !needs || sameJob(ev.jobOf(a, g), ev.jobOf(a, k))
}

// armEmployment computes the curves of arm a (not the comparator): its
// own curve per group, or the comparator's plus the arm's effect; a group
// whose curve is another's (the same numbers, the same comparator curve)
// copies it.
func (ev *Evaluator) armEmployment(a int) {
	s, c := ev.s, ev.comp
	arm := &s.Arms[a]
	perJob := false
	if arm.Effect != nil {
		perJob = arm.Effect.NeedsJob()
		if !perJob {
			arm.Effect.Curve(ev.effect)
		}
		s.effectMultipliers(arm, ev.mult)
	}
	for g := range s.Groups {
		ev.copyOf[a][g] = g
		for k := range g {
			if ev.copyOf[a][k] != k || ev.copyOf[c][k] != ev.copyOf[c][g] {
				continue
			}
			if arm.Effect != nil && same(ev.mult[k], ev.mult[g]) && ev.sameJobs(perJob, a, g, k) ||
				arm.Effect == nil && sameEmployment(&arm.Groups[g].Employment, &arm.Groups[k].Employment) &&
					ev.sameJobs(arm.Groups[g].Employment.NeedsJob(), a, g, k) {
				copy(ev.curve(a, g), ev.curve(a, k))
				ev.copyOf[a][g] = k
				break
			}
		}
		if ev.copyOf[a][g] != g {
			continue
		}
		e, comp := ev.curve(a, g), ev.curve(c, g)
		if arm.Effect == nil {
			arm.Groups[g].Employment.CurveFor(e, comp, ev.jobOf(a, g))
			continue
		}
		if perJob {
			arm.Effect.CurveFor(ev.effect, ev.jobOf(a, g))
		}
		k := ev.mult[g]
		for m := range e {
			e[m] = clamp01(comp[m] + k*ev.effect[m])
		}
	}
}

// clamp01 is min(1, max(0, v)), faster: NaN stays NaN and -0 becomes 0.
func clamp01(v float64) float64 {
	switch {
	case v > 0:
		if v > 1 {
			return 1
		}
		return v
	case v <= 0:
		return 0
	}
	return v // NaN
}

// sameEmployment says whether two curves are given by the same numbers.
func sameEmployment(x, y *Employment) bool {
	if x.Model != y.Model || !same(x.Initial, y.Initial) || x.After != y.After || !same(x.HalfLifeMonths, y.HalfLifeMonths) ||
		len(x.Periods) != len(y.Periods) || len(x.Points) != len(y.Points) {
		return false
	}
	for i, p := range x.Periods {
		q := y.Periods[i]
		if p.FromMonth != q.FromMonth || !same(p.JobFinding, q.JobFinding) || !same(p.JobLoss, q.JobLoss) {
			return false
		}
	}
	for i, p := range x.Points {
		q := y.Points[i]
		if p.Month != q.Month || p.Kind != q.Kind || p.RampMonths != q.RampMonths || !same(p.Share, q.Share) || !same(p.TimeInWork, q.TimeInWork) {
			return false
		}
	}
	return true
}

// jobOf returns the job of group g in arm a.
func (ev *Evaluator) jobOf(a, g int) *Job {
	if j := ev.s.Arms[a].Groups[g].Job; j != nil {
		return j
	}
	return &ev.s.Groups[g].Job
}

// stateFlows fills ev.out and ev.in with group g's expected flows per
// participant-month out of work and in work (monthly earnings earn), with
// the receipt shares in force in month m. With state < 0 they are expected
// over the group's benefit receipt; with state k they are those of a
// participant receiving benefit k (k = len(Benefits): none), as
// micro-simulation needs.
func (ev *Evaluator) stateFlows(g int, job *Job, earn float64, m, state int) {
	ev.beginStates(g, job, earn)
	ev.weighStates(m, state)
}

// benefitStates are a group's benefit states (each benefit, and none) with
// a job and monthly earnings: each benefit's amount in work, and each
// state's annual taxes out of and in work, computed when first needed.
// weighStates weighs them by the shares in force in a month.
type benefitStates struct {
	g        int
	job      *Job
	earn     float64
	inAmount []float64   // [benefit]
	out, in  [][]float64 // [state][tax]
	done     []bool      // [state]
}

func newBenefitStates(s *Scenario) benefitStates {
	n := len(s.Benefits) + 1
	return benefitStates{inAmount: make([]float64, n), out: matrix(n, len(s.Taxes)), in: matrix(n, len(s.Taxes)), done: make([]bool, n)}
}

// beginStates sets the benefit states of group g with the job and
// monthly earnings earn.
func (ev *Evaluator) beginStates(g int, job *Job, earn float64) {
	s, st := ev.s, &ev.states
	st.g, st.job, st.earn = g, job, earn
	clear(st.done)
	for k := range s.Benefits {
		st.inAmount[k] = s.Benefits[k].InWork.InWorkAmount(s.Groups[g].Receipts[k].Amount, earn, job.WeeklyHours)
	}
}

// stateTaxes returns the annual taxes of benefit state k (len(Benefits):
// none) out of and in work. A benefit that is not income for tax leaves
// the taxes of no benefit.
func (ev *Evaluator) stateTaxes(k int) (out, in []float64) {
	s, st := ev.s, &ev.states
	none := len(s.Benefits)
	if k < none && s.Benefits[k].Taxable != WageIncome && s.Benefits[k].Taxable != PensionIncome {
		k = none
	}
	if !st.done[k] {
		outWage, outPension, inWage, inPension := 0.0, 0.0, st.earn, 0.0
		if k < none {
			amount := s.Groups[st.g].Receipts[k].Amount
			switch s.Benefits[k].Taxable {
			case WageIncome:
				outWage, inWage = amount, st.earn+st.inAmount[k]
			case PensionIncome:
				outPension, inPension = amount, st.inAmount[k]
			}
		}
		for c := range s.Taxes {
			t := &s.Taxes[c]
			st.out[k][c], st.in[k][c] = t.Tax(12*outWage, 12*outPension), t.Tax(12*inWage, 12*inPension)
		}
		st.done[k] = true
	}
	return st.out[k], st.in[k]
}

// weighStates fills ev.out and ev.in from the benefit states (beginStates)
// with the receipt shares in force in month m, or all in state (stateFlows).
func (ev *Evaluator) weighStates(m, state int) {
	s, l, st := ev.s, ev.l, &ev.states
	grp, earn := &s.Groups[st.g], st.earn
	out, in := ev.out, ev.in
	out[l.earnings], in[l.earnings] = 0, earn
	out[l.employer], in[l.employer] = 0, s.EmployerContribution.Contribution(earn)
	out[l.nonMarket], in[l.nonMarket] = 0, s.Perspective.NonMarket.PerEmployedMonth
	out[l.leisure], in[l.leisure] = 0, s.Perspective.Leisure.Share*earn
	taxOut, taxIn := out[l.tax0:l.benefit0], in[l.tax0:l.benefit0]
	clear(taxOut)
	clear(taxIn)
	none := 1.0 // share receiving no benefit
	for k := range s.Benefits {
		rc := &grp.Receipts[k]
		share := rc.ShareAt(m)
		if state >= 0 {
			share = 0
			if k == state {
				share = 1
			}
		}
		none -= share
		out[l.benefit0+k], in[l.benefit0+k] = share*rc.Amount, share*st.inAmount[k]
		if share != 0 {
			tOut, tIn := ev.stateTaxes(k)
			addTaxes(taxOut, taxIn, share, tOut, tIn)
		}
	}
	if none > 0 {
		tOut, tIn := ev.stateTaxes(len(s.Benefits))
		addTaxes(taxOut, taxIn, none, tOut, tIn)
	}
}

// addTaxes adds the share of the monthly taxes of annual taxes tOut and tIn.
func addTaxes(out, in []float64, share float64, tOut, tIn []float64) {
	tOut, tIn = tOut[:len(out)], tIn[:len(out)]
	for c := range out {
		out[c] += share * tOut[c] / 12
		in[c] += share * tIn[c] / 12
	}
}

// timed adds a cost's or allowance's flow (months 0..H) to row: one-off in
// month 0, per month for its months (all when 0), or per enrolled month,
// for the enrolment's months with its monthly drop-out.
func (ev *Evaluator) timed(t Timing, amount, months float64, en *Enrolment, row []float64) {
	ev.timedRow(t, amount, months, en, ev.stayRow(en), row)
}

// stayRow returns the share of en's participants still enrolled in each
// month: (1-dropout)^(m-1) from month 1, as repeated multiplication. It
// is kept for each enrolment and computed again only when its drop-out
// changed.
func (ev *Evaluator) stayRow(en *Enrolment) []float64 { return ev.stayRowTo(en, ev.h-1) }

// stayRowTo is stayRow computed at least to month last: the months after
// it are computed when asked for.
func (ev *Evaluator) stayRowTo(en *Enrolment, last int) []float64 {
	var st *stayCache
	for i := range ev.stays {
		if ev.stays[i].en == en {
			st = &ev.stays[i]
			break
		}
	}
	if st == nil {
		ev.stays = append(ev.stays, stayCache{en: en, dropout: en.Dropout, row: make([]float64, ev.h)})
		st = &ev.stays[len(ev.stays)-1]
	}
	if !same(st.dropout, en.Dropout) {
		st.dropout, st.filled = en.Dropout, 0
	}
	if st.filled < last {
		fillStay(st.row, st.filled, last, en.Dropout)
		st.filled = last
	}
	return st.row
}

// stayCache is the share still enrolled for an enrolment and drop-out,
// computed to month filled.
type stayCache struct {
	en      *Enrolment
	dropout float64
	row     []float64
	filled  int
}

// fillStay writes (1-dropout)^(m-1) into row[m] for months from+1..to,
// from row[from] (the months up to from written before; from 0: none).
func fillStay(row []float64, from, to int, dropout float64) {
	stay := 1.0
	if from > 0 {
		stay = row[from] * (1 - dropout)
	}
	for m := max(from+1, 1); m <= to; m++ {
		row[m] = stay
		stay *= 1 - dropout
	}
}

// timedRow is timed with stay, the share still enrolled. A month wholly
// within the line's months adds amount (times the share still enrolled),
// the one partly within a fraction of it, and later months nothing: what
// amount * min(1, max(0, months-(m-1))) gives, without the factor.
func (ev *Evaluator) timedRow(t Timing, amount, months float64, en *Enrolment, stay, row []float64) {
	switch t {
	case OneOff:
		row[0] += amount
	case PerMonth:
		if months == 0 {
			months = float64(len(row))
		}
		full, part := monthsIn(months, len(row))
		for m := 1; m <= full; m++ {
			row[m] += amount
		}
		if part > 0 {
			row[full+1] += amount * part
		}
	case PerEnrolledMonth:
		months := en.Months
		if months == 0 {
			months = float64(len(row))
		}
		full, part := monthsIn(months, len(row))
		stay := stay[:len(row)]
		for m := 1; m <= full; m++ {
			row[m] += amount * stay[m]
		}
		if part > 0 {
			row[full+1] += amount * part * stay[full+1]
		}
	}
}

// monthsIn returns the months from month 1 that a line of the given months
// covers wholly (within months 1..n-1), and the fraction of the next one it
// covers (0 when that month is beyond n-1). months is a number (NaN is
// refused before).
func monthsIn(months float64, n int) (full int, part float64) {
	// months - full >= 1 exactly when months >= full+1: months - full is
	// exact for a whole full <= months below 2^53.
	switch {
	case months >= float64(n-1):
		full = n - 1
	case months >= 1:
		full = int(months)
	}
	if full+1 < n {
		part = min(1, max(0, months-float64(full)))
	}
	return full, part
}

// allowanceScale is the factor on allowances in month m.
func (ev *Evaluator) allowanceScale(m int) float64 {
	if ev.s.Indexed && m > 0 {
		return ev.growth[m]
	}
	return 1
}

// Evaluate validates s and evaluates it with its uncertain numbers at their
// means.
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
