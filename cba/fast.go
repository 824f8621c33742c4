package cba

import (
	"fmt"
	"math"
	"slices"
)

// fast holds the buffers of EvaluateOutputs.
type fast struct {
	np int
	// Per arm: costs and allowances by perspective (weighted, financing
	// folded in), as monthly flows and present values (over the horizon and
	// over the observed window), and the programme costs' present value.
	costFlow [][][]float64 // [arm][perspective][month]
	costPV   [][]float64   // [arm][perspective]
	costPVW  [][]float64   // [arm][perspective], months 0..W
	progPV   []float64     // [arm]
	progBy   [][]float64   // [arm][perspective]: programme costs as they lower each NPV
	rows     [][]float64   // [line][month]: an arm's cost and allowance lines
	lines    []costLine
	active   []weighted
	// Per arm and group.
	coefA, coefB [][][]float64 // [arm][group][segment*np + p]: flow out of work, extra flow in work
	npv, npvW    [][][]float64 // [arm][group][perspective]
	em, dem      [][]float64   // [arm][group]: employed months, discounted
	sums         [][][]float64 // [arm][group]: segmentSums
	nonMarket    []float64     // [perspective]: flow per employed month, not scaled
	// Per increment: the population's monthly flows and the results read off them.
	flow       [][]float64 // [perspective][month]
	breakEven  []float64   // [perspective]
	tA, tB, tN []float64   // [perspective]: a term's coefficients
	zeroRow    []float64   // months 0..H of zeros, and
	zeroYears  []float64   // a row of years, for cumulate4's unused places
	years      []int       // the year-end months (yearEnds)
	cumYear    [][]float64 // [perspective][year-1]
	pop        incrementValues
	grp        []incrementValues // [group]
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
		flow: matrix(np, h), breakEven: make([]float64, np), cumYear: matrix(np, years),
		zeroRow: make([]float64, h), zeroYears: make([]float64, years),
		tA: make([]float64, np), tB: make([]float64, np), tN: make([]float64, np)}
	f.pop = incrementValues{npv: make([]float64, np), npvW: make([]float64, np), costBy: make([]float64, np)}
	for range ng {
		f.grp = append(f.grp, incrementValues{npv: make([]float64, np), npvW: make([]float64, np), costBy: make([]float64, np)})
	}
	lines := 0
	for a := range na {
		lines = max(lines, len(s.Arms[a].Costs)+len(s.Arms[a].Allowances))
	}
	f.rows = matrix(lines, h)
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
		f.costFlow = append(f.costFlow, matrix(np, h))
		f.npv = append(f.npv, matrix(ng, np))
		f.npvW = append(f.npvW, matrix(ng, np))
		f.coefA = append(f.coefA, make([][]float64, ng))
		f.coefB = append(f.coefB, make([][]float64, ng))
		f.sums = append(f.sums, make([][]float64, ng))
	}
	return f
}

// EvaluateOutputs evaluates the scenario with parameter vector x (nil: the
// base values) and writes the outputs (as Outputs lists them) into dst. It
// computes only what the outputs need, in closed form where it can: in a
// segment of months with constant receipt shares, every flow but costs and
// allowances is a constant plus a constant times e(m) (times the growth of
// wages when everything is indexed), so present values need only sums of
// d(m) and d(m)e(m). It does not allocate once it has seen the segments of
// a scenario (every month, with wage growth that benefits do not follow).
func (ev *Evaluator) EvaluateOutputs(x []float64, dst []float64) error {
	if len(dst) != len(ev.plan) {
		return &Error{Msg: fmt.Sprintf("EvaluateOutputs: dst holds %d values, want one for each of the %d outputs", len(dst), len(ev.plan))}
	}
	if err := ev.setValues(x); err != nil {
		return err
	}
	ev.prepare()
	ev.sameCurves()
	ev.fastCosts()
	s, f := ev.s, ev.fast
	for g := range s.Groups {
		for a := range s.Arms {
			ev.fastArmGroup(a, g)
		}
	}
	for a := range s.Arms {
		if a == ev.comp {
			continue
		}
		ev.fastIncrement(a)
		for g := range s.Groups {
			ev.groupIncrement(a, g)
		}
		for _, i := range f.ofArm[a] {
			dst[i] = *f.from[i]
		}
	}
	for _, i := range f.alone { // an arm on its own: employed months of the population
		v := 0.0
		for g := range s.Groups {
			v += s.Groups[g].Share * f.em[ev.plan[i].arm][g]
		}
		dst[i] = v
	}
	return ev.checkOutputs(dst)
}

// source returns where an output of an increment is, once fastIncrement
// and groupIncrement have computed it.
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
	return &f.unknown // a measure the table does not know: checkOutputs says so
}

// fastCosts computes each arm's cost and allowance flows and present values
// by perspective. Each line's flow is computed once, its present values
// with the other lines' side by side, and each perspective's flow in one
// pass over the months; every sum adds in the order of the lines, so the
// results are those of adding line after line.
func (ev *Evaluator) fastCosts() {
	s, l, f, d := ev.s, ev.l, ev.fast, ev.disc
	w := ev.s.ObservedMonths
	for p := range l.perspectives {
		f.nonMarket[p] = l.wEff[p][l.nonMarket] * s.Perspective.NonMarket.PerEmployedMonth
	}
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
		f.progPV[a] = 0
		for _, ln := range lines {
			if ln.programme {
				f.progPV[a] += ln.pv
			}
		}
		for p := range l.perspectives {
			prog, pv, pvW := 0.0, 0.0, 0.0
			active := f.active[:0]
			for j, ln := range lines {
				wt := l.wEff[p][ln.c]
				if wt == 0 {
					continue
				}
				if ln.programme {
					prog -= wt * ln.pv
				}
				pv += wt * ln.pv
				pvW += wt * ln.pvW
				active = append(active, weighted{wt, rows[j]})
			}
			f.active = active
			f.progBy[a][p], f.costPV[a][p], f.costPVW[a][p] = prog, pv, pvW
			weightedSum(f.costFlow[a][p], active)
		}
	}
}

// weightedSum writes into flow the sum of the weighted rows, in their order
// and from zero, ((0 + w1 r1) + w2 r2) + ..., up to three rows a pass.
func weightedSum(flow []float64, rows []weighted) {
	if len(rows) == 0 {
		clear(flow)
		return
	}
	for first := true; len(rows) > 0; first = false {
		switch len(rows) {
		case 1:
			add1(flow, rows[0], first)
			rows = rows[1:]
		case 2:
			add2(flow, rows[0], rows[1], first)
			rows = rows[2:]
		default:
			add3(flow, rows[0], rows[1], rows[2], first)
			rows = rows[3:]
		}
	}
}

// add1, add2 and add3 add one, two or three weighted rows to flow (to 0
// when first), one after the other.
func add1(flow []float64, a weighted, first bool) {
	r1, w1 := a.row[:len(flow)], a.w
	if first {
		for m := range flow {
			flow[m] = 0 + w1*r1[m]
		}
		return
	}
	for m := range flow {
		flow[m] += w1 * r1[m]
	}
}

func add2(flow []float64, a, b weighted, first bool) {
	r1, w1, r2, w2 := a.row[:len(flow)], a.w, b.row[:len(flow)], b.w
	if first {
		for m := range flow {
			flow[m] = 0 + w1*r1[m] + w2*r2[m]
		}
		return
	}
	for m := range flow {
		flow[m] = flow[m] + w1*r1[m] + w2*r2[m]
	}
}

func add3(flow []float64, a, b, c weighted, first bool) {
	r1, w1, r2, w2, r3, w3 := a.row[:len(flow)], a.w, b.row[:len(flow)], b.w, c.row[:len(flow)], c.w
	if first {
		for m := range flow {
			flow[m] = 0 + w1*r1[m] + w2*r2[m] + w3*r3[m]
		}
		return
	}
	for m := range flow {
		flow[m] = flow[m] + w1*r1[m] + w2*r2[m] + w3*r3[m]
	}
}

// presentValues returns the present value of a flow over months 0..H and
// over months 0..w, each summed month after month.
func presentValues(d, row []float64, w int) (pv, pvW float64) {
	row = row[:len(d)]
	w = min(w, len(d)-1)
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

// weighted is a line's flow and its weight in a perspective.
type weighted struct {
	w   float64
	row []float64
}

// fastArmGroup computes arm a's coefficients, NPVs and employed months for
// group g.
func (ev *Evaluator) fastArmGroup(a, g int) {
	l, f := ev.l, ev.fast
	np := f.np
	segs := ev.segs[g]
	if cap(f.coefA[a][g]) < len(segs)*np {
		f.coefA[a][g] = make([]float64, len(segs)*np)
		f.coefB[a][g] = make([]float64, len(segs)*np)
	}
	coefA, coefB := f.coefA[a][g][:len(segs)*np], f.coefB[a][g][:len(segs)*np]
	job := ev.jobOf(a, g)
	if a2, g2, ok := ev.sameFlows(a, g, job); ok {
		copy(coefA, f.coefA[a2][g2])
		copy(coefB, f.coefB[a2][g2])
	} else {
		earn := job.Earnings()
		for k, from := range segs {
			if ev.monthly() {
				ev.stateFlows(g, job, earn*ev.growth[from], from, -1)
			} else {
				ev.stateFlows(g, job, earn, from, -1)
			}
			for p := range l.perspectives {
				coefA[k*np+p], coefB[k*np+p] = ev.stateCoefficients(p)
			}
		}
	}
	npv, npvW := f.npv[a][g], f.npvW[a][g]
	copy(npv, f.costPV[a])
	copy(npvW, f.costPVW[a])
	sums := ev.segmentSums(a, g)
	for k := range segs {
		s0, s1, s0W, s1W := sums[4*k], sums[4*k+1], sums[4*k+2], sums[4*k+3]
		for p := range l.perspectives {
			A, B := coefA[k*np+p], coefB[k*np+p]
			npv[p] += A*s0 + B*s1
			npvW[p] += A*s0W + B*s1W
		}
	}
	em, dem, demW := sums[4*len(segs)], sums[4*len(segs)+1], sums[4*len(segs)+2]
	for p := range l.perspectives {
		npv[p] += f.nonMarket[p] * dem
		npvW[p] += f.nonMarket[p] * demW
	}
	f.em[a][g], f.dem[a][g] = em, dem
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
// of d(m)s(m) and d(m)s(m)e(m), over the horizon and over the observed
// window (4k..4k+3; s is the growth of wages when flows are scaled, else
// 1), then the employed months, their discounted sum, and that over the
// window.
func (ev *Evaluator) segmentSums(a, g int) []float64 {
	f, d, h := ev.fast, ev.disc, ev.h
	segs := ev.segs[g]
	n := 4*len(segs) + 3
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
	scaled := ev.scaled()
	var gm []float64 // the growth of wages, when flows are scaled by it
	if scaled {
		gm = ev.growth
	}
	em, dem, demW := 0.0, 0.0, 0.0
	for k, from := range segs {
		to := ev.segmentEnd(g, k)
		// The months in the observed window, then those after it. In the
		// window the sums over it are the sums so far: they add the same
		// terms in the same order.
		s0, s1 := 0.0, 0.0
		if from <= min(to, w) {
			em, dem, s0, s1 = monthSums(d, e, gm, from, min(to, w), em, dem, s0, s1)
			demW = dem
		}
		s0W, s1W := s0, s1
		em, dem, s0, s1 = monthSums(d, e, gm, max(from, w+1), to, em, dem, s0, s1)
		sums[4*k], sums[4*k+1], sums[4*k+2], sums[4*k+3] = s0, s1, s0W, s1W
	}
	sums[4*len(segs)], sums[4*len(segs)+1], sums[4*len(segs)+2] = em, dem, demW
	return sums
}

// monthSums adds, for months from..to, e(m) to em, d(m)e(m) to dem, and
// d(m)s(m) and d(m)s(m)e(m) to s0 and s1 (s the growth of wages gm, or 1
// when gm is nil), each month after month.
func monthSums(d, e, gm []float64, from, to int, em, dem, s0, s1 float64) (float64, float64, float64, float64) {
	if from > to {
		return em, dem, s0, s1
	}
	d, e = d[from:to+1], e[from:to+1]
	if gm == nil {
		for m, dm := range d {
			em += e[m]
			dem += dm * e[m]
			s0 += dm
			s1 += dm * e[m]
		}
		return em, dem, s0, s1
	}
	gm = gm[from : to+1]
	for m, dm := range d {
		em += e[m]
		dem += dm * e[m]
		dm *= gm[m]
		s0 += dm
		s1 += dm * e[m]
	}
	return em, dem, s0, s1
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
// for group g.
func (ev *Evaluator) groupIncrement(a, g int) {
	l, f, c := ev.l, ev.fast, ev.comp
	v := &f.grp[g]
	for p := range l.perspectives {
		v.npv[p] = f.npv[a][g][p] - f.npv[c][g][p]
		v.npvW[p] = f.npvW[a][g][p] - f.npvW[c][g][p]
	}
	v.cost = f.progPV[a] - f.progPV[c]
	for p := range l.perspectives {
		v.costBy[p] = f.progBy[a][p] - f.progBy[c][p]
	}
	v.em = f.em[a][g] - f.em[c][g]
	v.dem = f.dem[a][g] - f.dem[c][g]
	v.bcr = ratioOutput(gainPerCost(v.npv[l.society()], v.cost))
	v.publicReturn = ratioOutput(gainPerCost(v.npv[l.public()], v.cost))
}

// fastIncrement fills f.pop with arm a's increment over the comparator for
// the population, and the population's monthly flows, break-even months and
// cumulative values.
func (ev *Evaluator) fastIncrement(a int) {
	s, l, f, d, h := ev.s, ev.l, ev.fast, ev.disc, ev.h
	c := ev.comp
	v := &f.pop
	clear(v.npv)
	clear(v.npvW)
	clear(v.costBy)
	v.cost, v.em, v.dem = 0, 0, 0
	shareSum := 0.0
	for g := range s.Groups {
		sh := s.Groups[g].Share
		shareSum += sh
		for p := range l.perspectives {
			v.npv[p] += sh * (f.npv[a][g][p] - f.npv[c][g][p])
			v.npvW[p] += sh * (f.npvW[a][g][p] - f.npvW[c][g][p])
		}
		v.cost += sh * (f.progPV[a] - f.progPV[c])
		for p := range l.perspectives {
			v.costBy[p] += sh * (f.progBy[a][p] - f.progBy[c][p])
		}
		v.em += sh * (f.em[a][g] - f.em[c][g])
		v.dem += sh * (f.dem[a][g] - f.dem[c][g])
	}
	v.bcr = ratioOutput(gainPerCost(v.npv[l.society()], v.cost))
	v.publicReturn = ratioOutput(gainPerCost(v.npv[l.public()], v.cost))

	// The population's monthly net flow in each perspective: costs, then
	// each group's flows in and out of work, a segment at a time. Groups
	// with the same curve in an arm (and the same segments) share one pass
	// over the months, with their coefficients summed. The first group's
	// pass writes the costs too: the same additions in the same order, one
	// pass fewer.
	flow := f.flow
	for p := range l.perspectives {
		flow[p][0] = shareSum * (f.costFlow[a][p][0] - f.costFlow[c][p][0])
	}
	scaled := ev.scaled()
	first := true
	for _, side := range [2]struct {
		arm  int
		sign float64
	}{{a, 1}, {c, -1}} {
		for g := range s.Groups {
			if ev.sameAs[side.arm][g] != g {
				continue
			}
			x := ev.emp[side.arm][g*h : (g+1)*h]
			if first {
				ev.firstTerm(a, g, shareSum, x)
				first = false
				continue
			}
			for k, from := range ev.segs[g] {
				to := ev.segmentEnd(g, k) + 1
				xs, gm := x[from:to], ev.growth[from:to]
				ev.termCoefficients(side.arm, g, k, side.sign)
				for p := range l.perspectives {
					A, B, N := f.tA[p], f.tB[p], f.tN[p]
					if scaled {
						termPassScaled(flow[p][from:to], xs, gm, A, B, N)
					} else {
						termPass(flow[p][from:to], xs, A, B+N)
					}
				}
			}
		}
	}
	// The cumulative flows, every perspective's month by month (side by
	// side, each summed month after month): the last month each is below
	// zero gives its break-even month (breakEvenMonth's rule), and the
	// year-ends its cumulative values.
	years := f.yearEnds(h)
	for p0 := 0; p0 < len(flow); p0 += 4 {
		var rows, cum [4][]float64
		for i := range 4 {
			rows[i], cum[i] = f.zeroRow[:h], f.zeroYears
			if p := p0 + i; p < len(flow) {
				rows[i], cum[i] = flow[p], f.cumYear[p]
			}
		}
		below := cumulate4(rows, d[:h], years, cum)
		for i := range 4 {
			if p := p0 + i; p < len(flow) {
				f.breakEven[p] = math.Inf(1)
				if below[i] < h-1 {
					f.breakEven[p] = float64(below[i] + 1)
				}
			}
		}
	}
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

// cumulate4 sums four flows' discounted values month by month, each in its
// own order from month 0, side by side; it writes each running total at
// the year-end months into cum and returns, for each, the last month its
// total is below zero (-1 when none is): breakEvenMonth's rule, read as the
// totals pass.
func cumulate4(rows [4][]float64, d []float64, years []int, cum [4][]float64) (below [4]int) {
	r0, r1, r2, r3 := rows[0][:len(d)], rows[1][:len(d)], rows[2][:len(d)], rows[3][:len(d)]
	c0, c1, c2, c3 := cum[0][:len(years)], cum[1][:len(years)], cum[2][:len(years)], cum[3][:len(years)]
	var t0, t1, t2, t3 float64
	b0, b1, b2, b3 := -1, -1, -1, -1
	y := 0
	for m, dm := range d {
		t0 += dm * r0[m]
		t1 += dm * r1[m]
		t2 += dm * r2[m]
		t3 += dm * r3[m]
		if !(t0 >= 0) {
			b0 = m
		}
		if !(t1 >= 0) {
			b1 = m
		}
		if !(t2 >= 0) {
			b2 = m
		}
		if !(t3 >= 0) {
			b3 = m
		}
		if y < len(years) && m == years[y] {
			c0[y], c1[y], c2[y], c3[y] = t0, t1, t2, t3
			y++
		}
	}
	return [4]int{b0, b1, b2, b3}
}

// firstTerm writes the population's monthly flows from month 1: the costs,
// then group g's term, g being arm a's first group with its curve x.
func (ev *Evaluator) firstTerm(a, g int, shareSum float64, x []float64) {
	l, f, c := ev.l, ev.fast, ev.comp
	scaled := ev.scaled()
	for k, from := range ev.segs[g] {
		to := ev.segmentEnd(g, k) + 1
		xs, gm := x[from:to], ev.growth[from:to]
		ev.termCoefficients(a, g, k, 1)
		for p := range l.perspectives {
			A, B, N := f.tA[p], f.tB[p], f.tN[p]
			row := f.flow[p][from:to]
			ca, cc := f.costFlow[a][p][from:to], f.costFlow[c][p][from:to]
			if scaled {
				firstPassScaled(row, ca, cc, xs, gm, shareSum, A, B, N)
			} else {
				firstPass(row, ca, cc, xs, shareSum, A, B+N)
			}
		}
	}
}

// termPass adds A + B xs[i] to row[i].
func termPass(row, xs []float64, A, B float64) {
	xs = xs[:len(row)]
	for i := range row {
		row[i] += A + B*xs[i]
	}
}

// termPassScaled is termPass when flows grow with wages gm.
func termPassScaled(row, xs, gm []float64, A, B, N float64) {
	xs, gm = xs[:len(row)], gm[:len(row)]
	for i := range row {
		row[i] += gm[i]*(A+B*xs[i]) + N*xs[i]
	}
}

// firstPass writes row[i] = s(ca[i] - cc[i]) + (A + B xs[i]). Its loops
// are functions of their own so that the compiler keeps their counters in
// registers.
func firstPass(row, ca, cc, xs []float64, s, A, B float64) {
	ca, cc, xs = ca[:len(row)], cc[:len(row)], xs[:len(row)]
	for i := range row {
		row[i] = s*(ca[i]-cc[i]) + (A + B*xs[i])
	}
}

// firstPassScaled is firstPass when flows grow with wages gm.
func firstPassScaled(row, ca, cc, xs, gm []float64, s, A, B, N float64) {
	ca, cc, xs, gm = ca[:len(row)], cc[:len(row)], xs[:len(row)], gm[:len(row)]
	for i := range row {
		row[i] = s*(ca[i]-cc[i]) + (gm[i]*(A+B*xs[i]) + N*xs[i])
	}
}

// termCoefficients fills f.tA, f.tB and f.tN with the coefficients of the
// term of segment k of the groups whose curve in arm a is group g's, for
// each perspective, with the sign of their side: each sums over the groups
// in their order.
func (ev *Evaluator) termCoefficients(a, g, k int, sign float64) {
	s, f := ev.s, ev.fast
	np := f.np
	A, B, N := f.tA, f.tB, f.tN
	clear(A)
	clear(B)
	clear(N)
	for j := g; j < len(s.Groups); j++ {
		if ev.sameAs[a][j] != g {
			continue
		}
		sh := sign * s.Groups[j].Share
		ca, cb := f.coefA[a][j][k*np:(k+1)*np], f.coefB[a][j][k*np:(k+1)*np]
		for p := range np {
			A[p] += sh * ca[p]
			B[p] += sh * cb[p]
			N[p] += sh * f.nonMarket[p]
		}
	}
}

// checkOutputs reports an output that is not a finite number (but the +Inf
// of a cost-saving ratio or of no break-even), or that is too large to
// accumulate.
func (ev *Evaluator) checkOutputs(dst []float64) error {
	for i, v := range dst {
		if math.Abs(v) <= maxOutput { // false for NaN and infinities
			continue
		}
		m := ev.plan[i].measure
		ratio := m == BenefitCostRatio || m == PublicReturn
		switch {
		case math.IsInf(v, 1) && (ratio || m == BreakEvenMonth):
			// cost-saving, or no break-even within the horizon
		case math.IsNaN(v) || math.IsInf(v, 0) || (!ratio && math.Abs(v) > maxOutput):
			return &Error{Path: ev.keys[i].String(), Msg: "is not a finite number (" + formatNumber(v) +
				"): the scenario's numbers are too large together"}
		}
	}
	return nil
}

// maxOutput is the largest magnitude an output of money or months may have:
// far beyond any plausible scenario, and far from overflowing the
// statistics' sums of squares.
const maxOutput = 1e150
