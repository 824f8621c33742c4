package cba

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// fast holds the buffers of EvaluateOutputs.
type fast struct {
	np int
	// Per arm, for micro-simulation (fastCosts): costs and allowances by
	// perspective (weighted, financing folded in) as present values over
	// the horizon and over the observed window, and the programme costs'.
	costPV  [][]float64 // [arm][perspective]
	costPVW [][]float64 // [arm][perspective], months 0..W
	progPV  []float64   // [arm]
	progBy  [][]float64 // [arm][perspective]: programme costs as they lower each NPV
	rows    [][]float64 // [line][month]: an arm's cost and allowance lines
	lines   []costLine
	// nonMarket is each perspective's flow per employed month, not scaled.
	nonMarket []float64
	diff      []float64 // [component]: a flow in work less out of work
	// Per arm and group.
	gain    [][][]float64 // [arm][group][segment*np + p]: the extra flow in work
	em, dem [][]float64   // [arm][group]: employed months, discounted
	sums    [][][]float64 // [arm][group]: segmentSums
	// Per increment: its costs, its results for each group and the
	// population, and the population's monthly pass.
	costs     incrementCosts
	pop       incrementValues
	grp       []incrementValues // [group]
	pass      monthlyPass
	breakEven []float64   // [perspective]
	years     []int       // the year-end months (yearEnds)
	cumYear   [][]float64 // [perspective][year-1]
	// from[i] is where output i of the plan is, for the outputs of an
	// increment (source).
	from    []*float64
	ofArm   [][]int // [arm]: the outputs of its increment
	alone   []int   // the outputs of an arm on its own
	unknown float64 // NaN
}

// incrementValues are one increment's results for a group or the population.
type incrementValues struct {
	npv, npvW, costBy []float64
	cost, em, dem     float64
	bcr, publicReturn float64
}

func newFast(ev *Evaluator) *fast {
	s, l, h := ev.s, ev.l, ev.h
	np, na, ng := len(l.perspectives), len(s.Arms), len(s.Groups)
	years := (h + 10) / 12
	f := &fast{np: np, costPV: matrix(na, np), costPVW: matrix(na, np), progPV: make([]float64, na), progBy: matrix(na, np),
		em: matrix(na, ng), dem: matrix(na, ng), nonMarket: make([]float64, np),
		breakEven: make([]float64, np), cumYear: matrix(np, years), diff: make([]float64, l.n)}
	f.pop = newIncrementValues(np)
	for range ng {
		f.grp = append(f.grp, newIncrementValues(np))
	}
	lines, all := 0, 0
	for a := range na {
		n := len(s.Arms[a].Costs) + len(s.Arms[a].Allowances)
		lines, all = max(lines, n), all+n
	}
	f.rows = matrix(lines, h)
	f.costs = newIncrementCosts(all, np, h)
	f.pass = newMonthlyPass(np, h)
	f.unknown = math.NaN()
	f.from = make([]*float64, len(ev.plan))
	f.ofArm = make([][]int, na)
	for i, p := range ev.plan {
		if p.inc {
			f.from[i] = f.source(p)
			f.ofArm[p.arm] = append(f.ofArm[p.arm], i)
		} else {
			f.alone = append(f.alone, i)
		}
	}
	for range na {
		f.gain = append(f.gain, make([][]float64, ng))
		f.sums = append(f.sums, make([][]float64, ng))
	}
	return f
}

func newIncrementValues(np int) incrementValues {
	return incrementValues{npv: make([]float64, np), npvW: make([]float64, np), costBy: make([]float64, np)}
}

// EvaluateOutputs evaluates the scenario with parameter vector x (nil: the
// base values) and writes the outputs (as Outputs lists them) into dst. It
// computes only what the outputs need, in closed form where it can. Every
// output but an arm's own employed months is an increment over the
// comparator, in which what does not depend on employment cancels: in a
// segment of months with constant receipt shares, a flow is A + B e(m)
// (times the growth of wages when everything is indexed), A the same in
// both arms, so an increment needs B, the costs' difference and the sums
// of d(m)e(m). It does not allocate once it has seen the segments of a
// scenario (every month, with wage growth that benefits do not follow).
func (ev *Evaluator) EvaluateOutputs(x []float64, dst []float64) error {
	if len(dst) != len(ev.plan) {
		return &Error{Msg: fmt.Sprintf("EvaluateOutputs: dst holds %d values, want one for each of the %d outputs", len(dst), len(ev.plan))}
	}
	if err := ev.setValues(x); err != nil {
		return err
	}
	ev.prepare()
	ev.sameCurves()
	ev.nonMarketFlows()
	s, f := ev.s, ev.fast
	for g := range s.Groups {
		for a := range s.Arms {
			ev.armGains(a, g)
		}
	}
	var err error
	for a := range s.Arms {
		if a == ev.comp {
			continue
		}
		ev.incrementCosts(a)
		for g := range s.Groups {
			ev.groupIncrement(a, g)
		}
		ev.populationIncrement()
		ev.cumulateIncrement(a)
		err = cmp.Or(err, ev.writeIncrement(a, dst))
	}
	for _, i := range f.alone { // an arm on its own: employed months of the population
		v := 0.0
		for g := range s.Groups {
			v += s.Groups[g].Share * f.em[ev.plan[i].arm][g]
		}
		dst[i] = v
		if !(math.Abs(v) <= maxOutput) && err == nil { // false for NaN and infinities
			err = ev.checkOutput(i, v)
		}
	}
	return err
}

// writeIncrement writes the outputs of arm a's increment into dst and
// returns the first problem checkOutput finds with them.
func (ev *Evaluator) writeIncrement(a int, dst []float64) (err error) {
	from := ev.fast.from
	for _, i := range ev.fast.ofArm[a] {
		v := *from[i]
		dst[i] = v
		if !(math.Abs(v) <= maxOutput) && err == nil { // false for NaN and infinities
			err = ev.checkOutput(i, v)
		}
	}
	return err
}

// source returns where an output of an increment is, once groupIncrement,
// populationIncrement and cumulateIncrement have computed it.
func (f *fast) source(p outputPlan) *float64 {
	v := &f.pop
	if p.group >= 0 {
		v = &f.grp[p.group]
	}
	switch p.measure {
	case NPV:
		return &v.npv[p.persp]
	case NPVObserved:
		return &v.npvW[p.persp]
	case BenefitCostRatio:
		return &v.bcr
	case PublicReturn:
		return &v.publicReturn
	case EmployedMonths:
		return &v.em
	case DiscountedEmployedMonths:
		return &v.dem
	case IncrementalCost:
		return &v.cost
	case ProgrammeCostBorne:
		return &v.costBy[p.persp]
	case BreakEvenMonth:
		return &f.breakEven[p.persp]
	case Cumulative:
		return &f.cumYear[p.persp][p.year-1]
	}
	return &f.unknown // a measure the table does not know: checkOutput says so
}

// nonMarketFlows sets each perspective's non-market value per employed
// month.
func (ev *Evaluator) nonMarketFlows() {
	l, f := ev.l, ev.fast
	for p := range l.perspectives {
		f.nonMarket[p] = l.wEff[p][l.nonMarket] * ev.s.Perspective.NonMarket.PerEmployedMonth
	}
}

// fastCosts computes each arm's cost and allowance present values by
// perspective, as micro-simulation needs them: each line's flow once, its
// present values with the other lines' side by side; every sum adds in the
// order of the lines.
func (ev *Evaluator) fastCosts() {
	s, l, f, d := ev.s, ev.l, ev.fast, ev.disc
	w := ev.s.ObservedMonths
	ev.nonMarketFlows()
	for a := range s.Arms {
		arm := &s.Arms[a]
		lines := f.lines[:0]
		for j := range arm.Costs {
			c := &arm.Costs[j]
			lines = append(lines, costLine{c: l.costOf[a][j], programme: c.Category == ProgrammeCost})
		}
		for j := range arm.Allowances {
			lines = append(lines, costLine{c: l.allowanceOf[a][j]})
		}
		f.lines = lines
		rows := f.rows[:len(lines)]
		stay := ev.stayRow(&arm.Enrolment)
		for j := range arm.Costs {
			c := &arm.Costs[j]
			clear(rows[j])
			ev.timedRow(c.Timing, c.Amount, c.Months, &arm.Enrolment, stay, rows[j])
		}
		for j := range arm.Allowances {
			al := &arm.Allowances[j]
			row := rows[len(arm.Costs)+j]
			clear(row)
			ev.timedRow(al.Timing, al.Amount, al.Months, &arm.Enrolment, stay, row)
			for m := range row {
				row[m] *= ev.allowanceScale(m)
			}
		}
		j := 0
		for ; j+1 < len(lines); j += 2 {
			lines[j].pv, lines[j].pvW, lines[j+1].pv, lines[j+1].pvW = presentValues2(d, rows[j], rows[j+1], w)
		}
		if j < len(lines) {
			lines[j].pv, lines[j].pvW = presentValues(d, rows[j], w)
		}
		ev.armCostValues(a, lines)
	}
}

// armCostValues sums arm a's lines' present values by perspective.
func (ev *Evaluator) armCostValues(a int, lines []costLine) {
	l, f := ev.l, ev.fast
	f.progPV[a] = 0
	for _, ln := range lines {
		if ln.programme {
			f.progPV[a] += ln.pv
		}
	}
	for p := range l.perspectives {
		prog, pv, pvW := 0.0, 0.0, 0.0
		for _, ln := range lines {
			wt := l.wEff[p][ln.c]
			if wt == 0 {
				continue
			}
			if ln.programme {
				prog -= wt * ln.pv
			}
			pv += wt * ln.pv
			pvW += wt * ln.pvW
		}
		f.progBy[a][p], f.costPV[a][p], f.costPVW[a][p] = prog, pv, pvW
	}
}

// presentValues returns the present value of a flow over months 0..H and
// over months 0..w, each summed month after month.
func presentValues(d, row []float64, w int) (pv, pvW float64) {
	row = row[:len(d)]
	w = max(min(w, len(d)-1), -1)
	for m := 0; m <= w; m++ {
		pv += d[m] * row[m]
		pvW += d[m] * row[m]
	}
	for m := w + 1; m < len(d); m++ {
		pv += d[m] * row[m]
	}
	return pv, pvW
}

// presentValues2 is presentValues for two flows at once.
func presentValues2(d, r1, r2 []float64, w int) (pv1, pvW1, pv2, pvW2 float64) {
	r1, r2 = r1[:len(d)], r2[:len(d)]
	w = min(w, len(d)-1)
	for m := 0; m <= w; m++ {
		pv1 += d[m] * r1[m]
		pvW1 += d[m] * r1[m]
		pv2 += d[m] * r2[m]
		pvW2 += d[m] * r2[m]
	}
	for m := w + 1; m < len(d); m++ {
		pv1 += d[m] * r1[m]
		pv2 += d[m] * r2[m]
	}
	return pv1, pvW1, pv2, pvW2
}

// costLine is a cost or allowance line of an arm in fastCosts: its
// component, whether it is a programme cost, and its present values.
type costLine struct {
	c         int
	programme bool
	pv, pvW   float64
}

// armGains computes arm a's extra flows in work for group g, segment by
// segment and perspective by perspective, and its sums of the group's
// employment.
func (ev *Evaluator) armGains(a, g int) {
	f := ev.fast
	np := f.np
	segs := ev.segs[g]
	if cap(f.gain[a][g]) < len(segs)*np {
		f.gain[a][g] = make([]float64, len(segs)*np)
	}
	gain := f.gain[a][g][:len(segs)*np]
	f.gain[a][g] = gain
	job := ev.jobOf(a, g)
	if a2, g2, ok := ev.sameFlows(a, g, job); ok {
		copy(gain, f.gain[a2][g2])
	} else {
		earn := job.Earnings()
		monthly := ev.monthly()
		if !monthly {
			ev.beginStates(g, job, earn)
		}
		for k, from := range segs {
			if monthly {
				ev.beginStates(g, job, earn*ev.growth[from])
			}
			ev.weighStates(from, -1)
			ev.inWorkGains(gain[k*np : (k+1)*np])
		}
	}
	sums := ev.segmentSums(a, g)
	n := 2 * len(segs)
	f.em[a][g], f.dem[a][g] = sums[n], sums[n+1]
}

// inWorkGains writes each perspective's extra flow per participant-month
// in work (B of A + B e(m)), from the flows weighStates left in ev.out and
// ev.in: four perspectives' sums side by side, each in the order of the
// components.
func (ev *Evaluator) inWorkGains(gain []float64) {
	l, w := ev.l, ev.l.wEff
	diff := ev.fast.diff[:l.allowance0]
	for c := range diff {
		diff[c] = ev.in[c] - ev.out[c]
	}
	last := len(gain) - 1
	for p := 0; p <= last; p += 4 { // the last perspective again to make up four
		p1, p2, p3 := min(p+1, last), min(p+2, last), min(p+3, last)
		gain[p], gain[p1], gain[p2], gain[p3] = dot4(w[p], w[p1], w[p2], w[p3], diff)
	}
	for p := range gain {
		gain[p] += w[p][l.leisure] * ev.in[l.leisure]
	}
}

// dot4 returns the sums over c of w0[c]v[c], w1[c]v[c], w2[c]v[c] and
// w3[c]v[c], each added in the order of c.
func dot4(w0, w1, w2, w3, v []float64) (b0, b1, b2, b3 float64) {
	w0, w1, w2, w3 = w0[:len(v)], w1[:len(v)], w2[:len(v)], w3[:len(v)]
	for c, x := range v {
		b0 += w0[c] * x
		b1 += w1[c] * x
		b2 += w2[c] * x
		b3 += w3[c] * x
	}
	return b0, b1, b2, b3
}

// stateCoefficients returns perspective p's flow per participant-month out
// of work (A) and the extra flow in work (B), from the flows stateFlows
// left in ev.out and ev.in.
func (ev *Evaluator) stateCoefficients(p int) (A, B float64) {
	l := ev.l
	wt := l.wEff[p]
	for c := 0; c < l.allowance0; c++ {
		A += wt[c] * ev.out[c]
		B += wt[c] * (ev.in[c] - ev.out[c])
	}
	B += wt[l.leisure] * ev.in[l.leisure]
	return A, B
}

// sameFlows returns an arm and group evaluated before (a, g) whose flows in
// and out of work are those of (a, g): the same job and the same receipt
// of every benefit (so the same segments). Arms mostly share their groups'
// jobs, and groups their rules, so most coefficients are copied.
func (ev *Evaluator) sameFlows(a, g int, job *Job) (int, int, bool) {
	s := ev.s
	for g2 := 0; g2 <= g; g2++ {
		if g2 < g && !sameReceipts(s.Groups[g].Receipts, s.Groups[g2].Receipts) {
			continue
		}
		for a2 := range s.Arms {
			if g2 == g && a2 >= a {
				break
			}
			if sameJob(ev.jobOf(a2, g2), job) {
				return a2, g2, true
			}
		}
	}
	return 0, 0, false
}

// sameReceipts says whether two groups receive every benefit alike.
func sameReceipts(x, y []Receipt) bool {
	for k := range x {
		if !same(x[k].Share, y[k].Share) || !same(x[k].Amount, y[k].Amount) || len(x[k].Later) != len(y[k].Later) {
			return false
		}
		for i, st := range x[k].Later {
			if st.FromMonth != y[k].Later[i].FromMonth || !same(st.Share, y[k].Later[i].Share) {
				return false
			}
		}
	}
	return true
}

// sameJob says whether two jobs are alike.
func sameJob(x, y *Job) bool {
	return same(x.WeeklyHours, y.WeeklyHours) && same(x.HourlyWage, y.HourlyWage) &&
		same(x.MonthlyEarnings, y.MonthlyEarnings) && x.EarningsGiven == y.EarningsGiven
}

// same says whether two numbers are the same, bit for bit: what gives the
// same results in every computation.
func same(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }

// segmentSums returns arm a's sums for group g, computed once for groups
// with the same curve and segments (a number written once, as the bundled
// scenarios' shared curves): for each segment k, the sums over its months
// of d(m)s(m)e(m), over the horizon and over the observed window (2k and
// 2k+1; s is the growth of wages when flows are scaled, else 1), then the
// employed months, their discounted sum, and that over the window.
func (ev *Evaluator) segmentSums(a, g int) []float64 {
	f, d, h := ev.fast, ev.disc, ev.h
	segs := ev.segs[g]
	n := 2*len(segs) + 3
	if cap(f.sums[a][g]) < n {
		f.sums[a][g] = make([]float64, n)
	}
	sums := f.sums[a][g][:n]
	f.sums[a][g] = sums
	if leader := ev.sameAs[a][g]; leader != g {
		copy(sums, f.sums[a][leader])
		return sums
	}
	e := ev.emp[a][g*h : (g+1)*h]
	w := ev.s.ObservedMonths
	var gm []float64 // the growth of wages, when flows are scaled by it
	if ev.scaled() {
		gm = ev.growth
	}
	em, dem, demW := 0.0, 0.0, 0.0
	for k, from := range segs {
		to := ev.segmentEnd(g, k)
		// The months in the observed window, then those after it. In the
		// window the sums over it are the sums so far: they add the same
		// terms in the same order.
		s1 := 0.0
		if from <= min(to, w) {
			em, dem, s1 = monthSums(d, e, gm, from, min(to, w), em, dem, s1)
			demW = dem
		}
		s1W := s1
		em, dem, s1 = monthSums(d, e, gm, max(from, w+1), to, em, dem, s1)
		sums[2*k], sums[2*k+1] = s1, s1W
	}
	sums[2*len(segs)], sums[2*len(segs)+1], sums[2*len(segs)+2] = em, dem, demW
	return sums
}

// monthSums adds, for months from..to, e(m) to em, d(m)e(m) to dem, and
// d(m)s(m)e(m) to s1 (s the growth of wages gm, or 1 when gm is nil), each
// month after month.
func monthSums(d, e, gm []float64, from, to int, em, dem, s1 float64) (float64, float64, float64) {
	if from > to {
		return em, dem, s1
	}
	d, e = d[from:to+1], e[from:to+1]
	if gm == nil {
		for m, dm := range d {
			em += e[m]
			dem += dm * e[m]
			s1 += dm * e[m]
		}
		return em, dem, s1
	}
	gm = gm[from : to+1]
	for m, dm := range d {
		em += e[m]
		dem += dm * e[m]
		s1 += dm * gm[m] * e[m]
	}
	return em, dem, s1
}

// sameCurves finds, for each arm and group, the first group with the same
// employment curve in that arm and the same segments, so that what depends
// only on them is computed once.
func (ev *Evaluator) sameCurves() {
	h := ev.h
	for a := range ev.s.Arms {
		for g := range ev.s.Groups {
			ev.sameAs[a][g] = g
			e := ev.emp[a][g*h : (g+1)*h]
			for k := range g {
				if ev.sameAs[a][k] == k && slices.Equal(ev.segs[k], ev.segs[g]) &&
					(ev.copyOf[a][g] == k || slices.Equal(ev.emp[a][k*h:(k+1)*h], e)) {
					ev.sameAs[a][g] = k
					break
				}
			}
		}
	}
}

// twins returns, for each output, an earlier output that EvaluateOutputs
// always makes equal to it, bit for bit, or -1: a group's incremental
// programme cost and the programme cost each perspective bears do not
// depend on the group (groupIncrement), so the groups after the first
// repeat the first's. A Monte Carlo run accumulates their statistics once.
func (ev *Evaluator) twins() []int {
	twin := make([]int, len(ev.plan))
	first := map[outputPlan]int{}
	for i, p := range ev.plan {
		twin[i] = -1
		if !p.inc || p.group < 0 || (p.measure != IncrementalCost && p.measure != ProgrammeCostBorne) {
			continue
		}
		q := p
		q.group = 0
		if j, ok := first[q]; ok {
			twin[i] = j
		} else {
			first[q] = i
		}
	}
	return twin
}

// groupIncrement fills f.grp[g] with arm a's increment over the comparator
// for group g: the costs' difference, then segment by segment each arm's
// extra flow in work times its discounted employment, then the non-market
// value of the difference in employment.
func (ev *Evaluator) groupIncrement(a, g int) {
	l, f, c, np := ev.l, ev.fast, ev.comp, ev.fast.np
	v, ic := &f.grp[g], &f.costs
	npv, npvW := v.npv[:np], v.npvW[:np]
	copy(npv, ic.pv)
	copy(npvW, ic.pvW)
	sa, sc := f.sums[a][g], f.sums[c][g]
	ba, bc := f.gain[a][g], f.gain[c][g]
	n := 2 * len(ev.segs[g])
	for k := 0; k < n; k += 2 {
		addGains(npv, npvW, ba[k/2*np:], bc[k/2*np:], sa[k:k+2], sc[k:k+2])
	}
	dem, demW := sa[n+1]-sc[n+1], sa[n+2]-sc[n+2]
	nm := f.nonMarket[:np]
	for p, x := range nm {
		npv[p] += x * dem
		npvW[p] += x * demW
	}
	v.cost = ic.prog
	copy(v.costBy, ic.progBy)
	v.em = f.em[a][g] - f.em[c][g]
	v.dem = f.dem[a][g] - f.dem[c][g]
	v.bcr = ratioOutput(gainPerCost(npv[l.society()], v.cost))
	v.publicReturn = ratioOutput(gainPerCost(npv[l.public()], v.cost))
}

// addGains adds to each perspective's NPV and NPV over the window the
// arm's extra flows in work ba times its sums sa (over the horizon and the
// window) less the comparator's, bc times sc.
func addGains(npv, npvW, ba, bc, sa, sc []float64) {
	npvW, ba, bc = npvW[:len(npv)], ba[:len(npv)], bc[:len(npv)]
	s1a, s1Wa, s1c, s1Wc := sa[0], sa[1], sc[0], sc[1]
	for p := range npv {
		npv[p] += ba[p]*s1a - bc[p]*s1c
		npvW[p] += ba[p]*s1Wa - bc[p]*s1Wc
	}
}

// populationIncrement fills f.pop with the increment for the population:
// its groups' by their shares.
func (ev *Evaluator) populationIncrement() {
	s, l, f := ev.s, ev.l, ev.fast
	v := &f.pop
	clear(v.npv)
	clear(v.npvW)
	clear(v.costBy)
	v.cost, v.em, v.dem = 0, 0, 0
	for g := range s.Groups {
		sh, vg := s.Groups[g].Share, &f.grp[g]
		addRow(v.npv, vg.npv, sh)
		addRow(v.npvW, vg.npvW, sh)
		v.cost += sh * vg.cost
		addRow(v.costBy, vg.costBy, sh)
		v.em += sh * vg.em
		v.dem += sh * vg.dem
	}
	v.bcr = ratioOutput(gainPerCost(v.npv[l.society()], v.cost))
	v.publicReturn = ratioOutput(gainPerCost(v.npv[l.public()], v.cost))
}

// incrementCosts are an increment's costs and allowances, the arm's less
// the comparator's, gathered by shape (costShape); its present values as
// they add to each perspective's NPV, over the horizon and the observed
// window; the programme costs' present value, and as they lower each NPV.
type incrementCosts struct {
	shapes          []costShape // the first n are in use
	n               int
	pv, pvW, progBy []float64 // [perspective]
	prog            float64
}

// costShape gathers the lines of an increment whose flows are proportional:
// the same timing, months (a line's own, or its enrolment's with its
// drop-out) and indexing to wages. Its row is the flow per unit of amount
// in months first..last (the months it may not be zero in), and coef sums
// weight times amount over its lines in each perspective, the arm's added
// and the comparator's subtracted: a line alike in both arms cancels
// exactly. progBy and prog are coef and the sum of amounts for the
// programme costs alone.
type costShape struct {
	timing       Timing
	months       float64
	en           *Enrolment // a PerEnrolledMonth shape's
	indexed      bool       // allowances growing with wages
	row          []float64  // months 0..H
	first, last  int
	pv, pvW      float64
	coef, progBy []float64 // [perspective]
	prog         float64
	flow         []float64 // [perspective]: coef for the population (cumulateIncrement)
}

func newIncrementCosts(lines, np, h int) incrementCosts {
	ic := incrementCosts{pv: make([]float64, np), pvW: make([]float64, np), progBy: make([]float64, np)}
	for range lines {
		ic.shapes = append(ic.shapes, costShape{row: make([]float64, h), coef: make([]float64, np),
			progBy: make([]float64, np), flow: make([]float64, np)})
	}
	return ic
}

// side is an arm of an increment and the sign of its flows in it.
type side struct {
	arm  int
	sign float64
}

// incrementCosts fills f.costs with the costs and allowances of arm a's
// increment over the comparator.
func (ev *Evaluator) incrementCosts(a int) {
	s, l, ic := ev.s, ev.l, &ev.fast.costs
	ic.n = 0
	for _, sd := range [2]side{{a, 1}, {ev.comp, -1}} {
		arm := &s.Arms[sd.arm]
		for j := range arm.Costs {
			c := &arm.Costs[j]
			sh := ic.shape(c.Timing, c.Months, &arm.Enrolment, false, ev.h)
			sh.add(l, l.costOf[sd.arm][j], sd.sign*c.Amount, c.Category == ProgrammeCost)
		}
		for j := range arm.Allowances {
			al := &arm.Allowances[j]
			sh := ic.shape(al.Timing, al.Months, &arm.Enrolment, s.Indexed && s.WageGrowth != 0, ev.h)
			sh.add(l, l.allowanceOf[sd.arm][j], sd.sign*al.Amount, false)
		}
	}
	clear(ic.pv)
	clear(ic.pvW)
	clear(ic.progBy)
	ic.prog = 0
	for i := range ic.n {
		sh := &ic.shapes[i]
		ev.fillShape(sh)
		for p := range ic.pv {
			ic.pv[p] += sh.coef[p] * sh.pv
			ic.pvW[p] += sh.coef[p] * sh.pvW
			ic.progBy[p] += sh.progBy[p] * sh.pv
		}
		ic.prog += sh.prog * sh.pv
	}
}

// shape returns the shape of a line with the timing, months, enrolment and
// indexing (h months 0..H), a new one if no line before had it.
func (ic *incrementCosts) shape(t Timing, months float64, en *Enrolment, indexed bool, h int) *costShape {
	switch t {
	case OneOff: // month 0, never indexed
		months, en, indexed = 0, nil, false
	case PerMonth:
		en = nil
	case PerEnrolledMonth:
		months = en.Months
	}
	if months == 0 && t != OneOff {
		months = float64(h)
	}
	for i := range ic.n {
		sh := &ic.shapes[i]
		if sh.timing == t && same(sh.months, months) && sh.indexed == indexed && (en == nil || same(sh.en.Dropout, en.Dropout)) {
			return sh
		}
	}
	sh := &ic.shapes[ic.n]
	ic.n++
	sh.timing, sh.months, sh.en, sh.indexed = t, months, en, indexed
	clear(sh.coef)
	clear(sh.progBy)
	sh.prog = 0
	return sh
}

// add adds a line of component c with the signed amount to the shape.
func (sh *costShape) add(l *layout, c int, amount float64, programme bool) {
	for p := range sh.coef {
		wt := l.wEff[p][c]
		if wt == 0 {
			continue
		}
		sh.coef[p] += wt * amount
		if programme {
			sh.progBy[p] -= wt * amount
		}
	}
	if programme {
		sh.prog += amount
	}
}

// fillShape writes the shape's flow per unit of amount, the months it is
// in and its present values: once in month 0; or every month up to its
// months, the one partly within them a fraction (timedRow's rule), times
// the share still enrolled for a PerEnrolledMonth shape and the growth of
// wages for an indexed one.
func (ev *Evaluator) fillShape(sh *costShape) {
	row := sh.row
	sh.first, sh.last = 0, 0
	if sh.timing == OneOff {
		row[0] = 1
	} else {
		full, part := monthsIn(sh.months, ev.h)
		sh.first, sh.last = 1, full
		if sh.timing == PerEnrolledMonth {
			stay := ev.stayRowTo(sh.en, min(full+1, ev.h-1))
			copy(row[1:full+1], stay[1:full+1])
			if part > 0 {
				row[full+1], sh.last = part*stay[full+1], full+1
			}
		} else {
			for m := 1; m <= full; m++ {
				row[m] = 1
			}
			if part > 0 {
				row[full+1], sh.last = part, full+1
			}
		}
	}
	if sh.indexed {
		for m := max(sh.first, 1); m <= sh.last; m++ {
			row[m] *= ev.growth[m]
		}
	}
	sh.pv, sh.pvW = 0, 0
	if sh.first <= sh.last {
		sh.pv, sh.pvW = presentValues(ev.disc[sh.first:sh.last+1], row[sh.first:sh.last+1], ev.s.ObservedMonths-sh.first)
	}
}

// monthlyPass is the population's monthly pass of an increment
// (cumulateIncrement). Its flow in each perspective is a sum of series, each
// a row of months times a coefficient for the perspective, constant within
// a chunk of months: the costs' shapes, and each arm's employment curves.
// The chunks begin at month 0 and 1, at every change of coefficients (a
// segment), and at each series' first month and the month after its last.
type monthlyPass struct {
	series []series // the first n are in use
	n      int
	start  []uint64    // the months a chunk begins in, a bit each
	bounds []int       // the chunks' first months
	rows   [][]float64 // a chunk's series (gather): their rows
	coefs  [][]float64 // and coefficients [perspective]
	t      []float64   // [perspective]: the cumulative discounted flow so far
	run    [][]float64 // [perspective][month]: the cumulative discounted flow
	flow   []float64   // months 0..H: a perspective's flow, beyond four series
	nm     []float64   // [perspective]: a sum of non-market values
}

// series is a row of months, zero outside first..last, with its
// coefficients: the same in every month (coef), or by segment (beta, the
// segments beginning at segs; k the current chunk's).
type series struct {
	row         []float64
	first, last int
	coef        []float64 // [perspective]
	beta        []float64 // [segment*np + p]
	segs        []int
	k           int
	grown, buf  []float64 // its own buffers: a curve grown with wages; beta
}

func newMonthlyPass(np, h int) monthlyPass {
	return monthlyPass{t: make([]float64, np), run: matrix(np, h), start: make([]uint64, (h+63)/64), flow: make([]float64, h), nm: make([]float64, np)}
}

// next returns a series to fill, with its buffers.
func (mo *monthlyPass) next() *series {
	if mo.n == len(mo.series) {
		mo.series = append(mo.series, series{})
		mo.rows, mo.coefs = append(mo.rows, nil), append(mo.coefs, nil)
	}
	sr := &mo.series[mo.n]
	mo.n++
	sr.coef, sr.beta, sr.segs, sr.k = nil, nil, nil, 0
	return sr
}

// cumulateIncrement runs the population's monthly pass of arm a's
// increment: every perspective's cumulative discounted flow, month by
// month, from which the year-ends' values and the break-even month (the
// month after the last one below zero: breakEvenMonth's rule) are read.
func (ev *Evaluator) cumulateIncrement(a int) {
	f, h := ev.fast, ev.h
	mo := &f.pass
	mo.n = 0
	ev.costSeries()
	ev.curveSeries(a)
	bounds := ev.chunkBounds()
	clear(mo.t)
	for i, from := range bounds {
		to := h - 1
		if i+1 < len(bounds) {
			to = bounds[i+1] - 1
		}
		mo.chunk(ev.disc, from, to)
	}
	years := f.yearEnds(h)
	for p, run := range mo.run {
		cum := f.cumYear[p][:len(years)]
		for y, m := range years {
			cum[y] = run[m]
		}
		f.breakEven[p] = math.Inf(1)
		if m := lastBelow(run); m < h-1 {
			f.breakEven[p] = float64(m + 1)
		}
	}
}

// lastBelow returns the last month whose cumulative flow is below zero (not
// at least zero: a NaN counts), or -1.
func lastBelow(run []float64) int {
	m := len(run) - 1
	for ; m >= 3; m -= 4 { // four months at a time, until one of them is below
		if !(run[m] >= 0 && run[m-1] >= 0 && run[m-2] >= 0 && run[m-3] >= 0) {
			break
		}
	}
	for m >= 0 && run[m] >= 0 {
		m--
	}
	return m
}

// yearEnds returns the months whose cumulative values are the yearly
// outputs: 12, 24, ..., the last year's end at the horizon.
func (f *fast) yearEnds(h int) []int {
	if len(f.years) == 0 {
		for y := 1; y <= len(f.cumYear[0]); y++ {
			f.years = append(f.years, min(12*y, h-1))
		}
	}
	return f.years
}

// costSeries adds the increment's cost shapes that are not zero, each with
// its coefficients times the sum of the groups' shares.
func (ev *Evaluator) costSeries() {
	f := ev.fast
	total := 0.0
	for g := range ev.s.Groups {
		total += ev.s.Groups[g].Share
	}
	for i := range f.costs.n {
		sh := &f.costs.shapes[i]
		if sh.first > sh.last || !slices.ContainsFunc(sh.coef, func(c float64) bool { return c != 0 }) {
			continue
		}
		for p, c := range sh.coef {
			sh.flow[p] = total * c
		}
		sr := f.pass.next()
		sr.row, sr.first, sr.last, sr.coef = sh.row, sh.first, sh.last, sh.flow
	}
}

// curveSeries adds the employment curves of arm a's increment: each arm's
// curves computed once (sameAs), with the coefficients of the groups that
// share them, signed; when flows grow with wages, the curve times the
// growth and the curve itself (for the non-market value, which does not
// grow).
func (ev *Evaluator) curveSeries(a int) {
	f, h, np := ev.fast, ev.h, ev.fast.np
	mo := &f.pass
	scaled := ev.scaled()
	for _, sd := range [2]side{{a, 1}, {ev.comp, -1}} {
		for g := range ev.s.Groups {
			if ev.sameAs[sd.arm][g] != g {
				continue
			}
			x, segs := ev.emp[sd.arm][g*h:(g+1)*h], ev.segs[g]
			sr := mo.next()
			sr.buf = grow(sr.buf, len(segs)*np)
			sr.row, sr.first, sr.last, sr.beta, sr.segs = x, 1, h-1, sr.buf, segs
			if !scaled {
				ev.curveCoefficients(sd, g, sr.beta, nil)
				continue
			}
			sr.grown = grow(sr.grown, h)
			for m := 1; m < h; m++ {
				sr.grown[m] = ev.growth[m] * x[m]
			}
			sr.row = sr.grown
			nm := mo.next()
			nm.buf = grow(nm.buf, len(segs)*np)
			nm.row, nm.first, nm.last, nm.beta, nm.segs = x, 1, h-1, nm.buf, segs
			ev.curveCoefficients(sd, g, sr.beta, nm.beta)
		}
	}
}

// grow returns buf with length n, new if it is too short.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// curveCoefficients writes, for each segment of group g and perspective,
// the coefficient of the curve that the groups sharing g's curve in arm
// sd.arm have: the sum of their shares (signed) times their extra flow in
// work, into beta, and the sum of their shares times the non-market value
// into betaN, or added to beta when betaN is nil.
func (ev *Evaluator) curveCoefficients(sd side, g int, beta, betaN []float64) {
	s, f := ev.s, ev.fast
	clear(beta)
	share := 0.0
	for j := g; j < len(s.Groups); j++ {
		if ev.sameAs[sd.arm][j] == g {
			sh := sd.sign * s.Groups[j].Share
			share += sh
			addRow(beta, f.gain[sd.arm][j], sh)
		}
	}
	if betaN != nil {
		clear(betaN)
		beta = betaN
	}
	for k := 0; k < len(beta); k += f.np {
		addRow(beta[k:k+f.np], f.nonMarket, share)
	}
}

// chunkBounds returns the first months of the chunks of the monthly pass.
func (ev *Evaluator) chunkBounds() []int {
	mo := &ev.fast.pass
	start := mo.start
	clear(start)
	mark := func(m int) {
		if m < ev.h {
			start[m/64] |= 1 << (m % 64)
		}
	}
	mark(0)
	mark(1)
	for i := range mo.n {
		sr := &mo.series[i]
		if sr.segs == nil {
			mark(sr.first)
			mark(sr.last + 1)
			continue
		}
		for _, m := range sr.segs {
			mark(m)
		}
	}
	b := mo.bounds[:0]
	for i, w := range start {
		for w != 0 {
			b = append(b, 64*i+bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
	mo.bounds = b
	return b
}

// chunk adds months from..to to every perspective's cumulative flow, two
// perspectives at a time.
func (mo *monthlyPass) chunk(d []float64, from, to int) {
	n := mo.gather(from, to)
	r, c := mo.rows[:n], mo.coefs[:n]
	for j := range r {
		r[j], c[j] = r[j][from:to+1], c[j][:len(mo.t)]
	}
	d = d[from : to+1]
	p := 0
	if n >= 1 && n <= 4 {
		for ; p+1 < len(mo.t); p += 2 {
			mo.pair(d, r, c, p, from)
		}
	}
	for ; p < len(mo.t); p++ {
		mo.single(d, r, c, p, from)
	}
}

// pair adds one to four rows r times their coefficients c to perspectives
// p and p+1, from month m0.
func (mo *monthlyPass) pair(d []float64, r, c [][]float64, p, m0 int) {
	t, q := mo.t[p], mo.t[p+1]
	x, y := mo.run[p][m0:m0+len(d)], mo.run[p+1][m0:m0+len(d)]
	switch len(r) {
	case 1:
		t, q = cum1x2(d, r[0], c[0][p], c[0][p+1], t, q, x, y)
	case 2:
		t, q = cum2x2(d, r[0], r[1], c[0][p], c[1][p], c[0][p+1], c[1][p+1], t, q, x, y)
	case 3:
		t, q = cum3x2(d, r[0], r[1], r[2], c[0][p], c[1][p], c[2][p], c[0][p+1], c[1][p+1], c[2][p+1], t, q, x, y)
	case 4:
		t, q = cum4x2(d, r[0], r[1], r[2], r[3], [4]float64{c[0][p], c[1][p], c[2][p], c[3][p]},
			[4]float64{c[0][p+1], c[1][p+1], c[2][p+1], c[3][p+1]}, t, q, x, y)
	}
	mo.t[p], mo.t[p+1] = t, q
}

// single adds rows r times their coefficients c to perspective p, from
// month m0: the fourth row and those after it summed first.
func (mo *monthlyPass) single(d []float64, r, c [][]float64, p, m0 int) {
	t, x := mo.t[p], mo.run[p][m0:m0+len(d)]
	switch len(r) {
	case 0:
		cum0(x, t)
	case 1:
		t = cum1(d, r[0], c[0][p], t, x)
	case 2:
		t = cum2(d, r[0], r[1], c[0][p], c[1][p], t, x)
	case 3:
		t = cum3(d, r[0], r[1], r[2], c[0][p], c[1][p], c[2][p], t, x)
	case 4:
		t = cum4(d, r[0], r[1], r[2], r[3], c[0][p], c[1][p], c[2][p], c[3][p], t, x)
	default:
		flow := mo.flow[:len(d)]
		clear(flow)
		for j := 3; j < len(r); j++ {
			addRow(flow, r[j], c[j][p])
		}
		t = cum4(d, r[0], r[1], r[2], flow, c[0][p], c[1][p], c[2][p], 1, t, x)
	}
	mo.t[p] = t
}

// gather puts the series that are in months from..to, and their
// coefficients there, first in mo.rows and mo.coefs, and returns how many
// they are.
func (mo *monthlyPass) gather(from, to int) int {
	n, np := 0, len(mo.t)
	for i := range mo.n {
		sr := &mo.series[i]
		if from < sr.first || to > sr.last { // a chunk is within a series' months or outside them
			continue
		}
		coef := sr.coef
		if sr.beta != nil {
			for sr.k+1 < len(sr.segs) && sr.segs[sr.k+1] <= from {
				sr.k++
			}
			coef = sr.beta[sr.k*np : (sr.k+1)*np]
		}
		mo.rows[n], mo.coefs[n] = sr.row, coef
		n++
	}
	return n
}

// addRow adds b times row to flow.
func addRow(flow, row []float64, b float64) {
	row = row[:len(flow)]
	for i := range flow {
		flow[i] += b * row[i]
	}
}

// cum0, cum1, cum2, cum3 and cum4 add to t, month by month, d(m) times
// the sum of none to four rows times their coefficients, write each month's
// total into run and return the last. Their loops are functions of their
// own so that the compiler keeps their values in registers.
func cum0(run []float64, t float64) {
	for i := range run {
		run[i] = t
	}
}

func cum1(d, u0 []float64, b0, t float64, run []float64) float64 {
	u0, run = u0[:len(d)], run[:len(d)]
	for i, dm := range d {
		t += dm * (b0 * u0[i])
		run[i] = t
	}
	return t
}

func cum2(d, u0, u1 []float64, b0, b1, t float64, run []float64) float64 {
	u0, u1, run = u0[:len(d)], u1[:len(d)], run[:len(d)]
	for i, dm := range d {
		t += dm * (b0*u0[i] + b1*u1[i])
		run[i] = t
	}
	return t
}

func cum3(d, u0, u1, u2 []float64, b0, b1, b2, t float64, run []float64) float64 {
	u0, u1, u2, run = u0[:len(d)], u1[:len(d)], u2[:len(d)], run[:len(d)]
	for i, dm := range d {
		t += dm * (b0*u0[i] + b1*u1[i] + b2*u2[i])
		run[i] = t
	}
	return t
}

func cum4(d, u0, u1, u2, u3 []float64, b0, b1, b2, b3, t float64, run []float64) float64 {
	u0, u1, u2, u3, run = u0[:len(d)], u1[:len(d)], u2[:len(d)], u3[:len(d)], run[:len(d)]
	for i, dm := range d {
		t += dm * (b0*u0[i] + b1*u1[i] + b2*u2[i] + b3*u3[i])
		run[i] = t
	}
	return t
}

// cum1x2, cum2x2, cum3x2 and cum4x2 are cum1 to cum4 for two perspectives
// at once (coefficients b and e, totals t and q, written into x and y):
// the rows are read once for both.
func cum1x2(d, u0 []float64, b0, e0, t, q float64, x, y []float64) (float64, float64) {
	u0, x, y = u0[:len(d)], x[:len(d)], y[:len(d)]
	for i, dm := range d {
		v0 := u0[i]
		t += dm * (b0 * v0)
		q += dm * (e0 * v0)
		x[i], y[i] = t, q
	}
	return t, q
}

func cum2x2(d, u0, u1 []float64, b0, b1, e0, e1, t, q float64, x, y []float64) (float64, float64) {
	u0, u1, x, y = u0[:len(d)], u1[:len(d)], x[:len(d)], y[:len(d)]
	for i, dm := range d {
		v0, v1 := u0[i], u1[i]
		t += dm * (b0*v0 + b1*v1)
		q += dm * (e0*v0 + e1*v1)
		x[i], y[i] = t, q
	}
	return t, q
}

func cum3x2(d, u0, u1, u2 []float64, b0, b1, b2, e0, e1, e2, t, q float64, x, y []float64) (float64, float64) {
	u0, u1, u2, x, y = u0[:len(d)], u1[:len(d)], u2[:len(d)], x[:len(d)], y[:len(d)]
	for i, dm := range d {
		v0, v1, v2 := u0[i], u1[i], u2[i]
		t += dm * (b0*v0 + b1*v1 + b2*v2)
		q += dm * (e0*v0 + e1*v1 + e2*v2)
		x[i], y[i] = t, q
	}
	return t, q
}

func cum4x2(d, u0, u1, u2, u3 []float64, b, e [4]float64, t, q float64, x, y []float64) (float64, float64) {
	u0, u1, u2, u3, x, y = u0[:len(d)], u1[:len(d)], u2[:len(d)], u3[:len(d)], x[:len(d)], y[:len(d)]
	for i, dm := range d {
		v0, v1, v2, v3 := u0[i], u1[i], u2[i], u3[i]
		t += dm * (b[0]*v0 + b[1]*v1 + b[2]*v2 + b[3]*v3)
		q += dm * (e[0]*v0 + e[1]*v1 + e[2]*v2 + e[3]*v3)
		x[i], y[i] = t, q
	}
	return t, q
}

// checkOutput reports output i's value v, whose magnitude is not at most
// maxOutput: not a finite number (but the +Inf of a cost-saving ratio or
// of no break-even), or too large to accumulate (a ratio may be larger).
func (ev *Evaluator) checkOutput(i int, v float64) error {
	m := ev.plan[i].measure
	ratio := m == BenefitCostRatio || m == PublicReturn
	switch {
	case math.IsInf(v, 1) && (ratio || m == BreakEvenMonth):
		// cost-saving, or no break-even within the horizon
	case math.IsNaN(v) || math.IsInf(v, 0) || (!ratio && math.Abs(v) > maxOutput):
		return &Error{Path: ev.keys[i].String(), Msg: "is not a finite number (" + formatNumber(v) +
			"): the scenario's numbers are too large together"}
	}
	return nil
}

// maxOutput is the largest magnitude an output of money or months may have:
// far beyond any plausible scenario, and far from overflowing the
// statistics' sums of squares.
const maxOutput = 1e150
