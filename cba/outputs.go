package cba

import (
	"fmt"
	"math"
)

// Output names one number a Monte Carlo run reports for each iteration.
// A cost-saving ratio and a break-even month not within the horizon are +Inf.
type Output struct {
	Name        string // e.g. "ips-traditional/population/npv/society"
	Arm         string
	Comparator  string // "" for an arm on its own
	Group       string // "population" or a group's name
	Measure     string // npv, benefit_cost_ratio, public_return, employed_months, programme_cost, break_even_month, cumulative
	Perspective string // for npv, break_even_month and cumulative
	Year        int    // for cumulative: the discounted net flow cumulated to the end of this year
}

const populationName = "population"

// outputSpec lists the outputs in the order the fast evaluation writes them.
func (ev *Evaluator) outputSpec() []Output {
	s, l := ev.s, ev.l
	years := (s.HorizonMonths + 11) / 12
	var out []Output
	add := func(o Output) {
		name := o.Arm
		if o.Comparator != "" {
			name += "-" + o.Comparator
		}
		name += "/" + o.Group + "/" + o.Measure
		if o.Perspective != "" {
			name += "/" + o.Perspective
		}
		if o.Year > 0 {
			name += fmt.Sprintf("/year%d", o.Year)
		}
		o.Name = name
		out = append(out, o)
	}
	for a, arm := range s.Arms {
		if a == ev.comp {
			continue
		}
		inc := Output{Arm: arm.Name, Comparator: s.Comparator}
		groups := []string{populationName}
		for _, g := range s.Groups {
			groups = append(groups, g.Name)
		}
		for _, g := range groups {
			o := inc
			o.Group = g
			for _, p := range l.perspectives {
				o.Measure, o.Perspective = "npv", p
				add(o)
			}
			o.Perspective = ""
			for _, m := range []string{"benefit_cost_ratio", "public_return", "employed_months", "programme_cost"} {
				o.Measure = m
				add(o)
			}
		}
		o := inc
		o.Group = populationName
		for _, p := range l.perspectives {
			o.Measure, o.Perspective = "break_even_month", p
			add(o)
		}
		for _, p := range l.perspectives {
			for y := 1; y <= years; y++ {
				o.Measure, o.Perspective, o.Year = "cumulative", p, y
				add(o)
			}
		}
	}
	for _, arm := range s.Arms {
		add(Output{Arm: arm.Name, Group: populationName, Measure: "employed_months"})
	}
	return out
}

// Outputs returns the outputs that EvaluateOutputs writes, in order.
func (ev *Evaluator) Outputs() []Output { return append([]Output(nil), ev.outputs...) }

// ratioOutput is a ratio as an output value: +Inf when cost-saving.
func ratioOutput(r Ratio) float64 {
	if r.CostSaving {
		return math.Inf(1)
	}
	return r.Value
}

func breakEvenOutput(m int) float64 {
	if m == NoBreakEven {
		return math.Inf(1)
	}
	return float64(m)
}

// OutputsFromResult writes the outputs (as Outputs lists them) of a full
// evaluation r, made by this evaluator, into dst. It is the slow, obvious
// route; EvaluateOutputs is the fast one.
func (ev *Evaluator) OutputsFromResult(r *Result, dst []float64) {
	for i, o := range ev.outputs {
		var sum *Summary
		var outcome *Outcome
		for k := range r.Increments {
			if r.Increments[k].Arm == o.Arm && o.Comparator != "" {
				outcome = &r.Increments[k]
			}
		}
		if o.Comparator == "" {
			for k := range r.Arms {
				if r.Arms[k].Arm == o.Arm {
					outcome = &r.Arms[k]
				}
			}
		}
		sum = &outcome.Population
		for g := range outcome.Groups {
			if outcome.Groups[g].Group == o.Group {
				sum = &outcome.Groups[g]
			}
		}
		p := r.Perspective(o.Perspective)
		switch o.Measure {
		case "npv":
			dst[i] = sum.NPV[p]
		case "benefit_cost_ratio":
			dst[i] = ratioOutput(sum.BCR)
		case "public_return":
			dst[i] = ratioOutput(sum.PublicReturn)
		case "employed_months":
			dst[i] = sum.EmployedMonths
		case "programme_cost":
			dst[i] = sum.ProgrammeCost
		case "break_even_month":
			dst[i] = breakEvenOutput(sum.BreakEven[p])
		case "cumulative":
			v := 0.0
			for m := 0; m <= min(12*o.Year, r.HorizonMonths); m++ {
				v += r.Discount[m] * r.PerspectiveFlow(sum, p, m)
			}
			dst[i] = v
		}
	}
}

// prepareFast computes what EvaluateOutputs and micro-simulation share:
// weights with the financing cost folded in, and each arm's cost flows and
// present values by perspective. It returns the sum of d(m), m = 1..H.
func (ev *Evaluator) prepareFast() (sumD float64) {
	s, l, f := ev.s, ev.l, ev.fast
	h := s.HorizonMonths + 1
	d := ev.disc
	// Weights with financing folded in: society gets lambda * public.
	fin := l.weights[l.society()][l.financing]
	for p := range l.perspectives {
		for c := range l.n {
			f.wEff[p][c] = l.weights[p][c]
			if c < l.financing {
				f.wEff[p][c] += l.weights[p][l.financing] * fin * l.lambda * l.publicWeights[c]
			}
		}
		f.wEff[p][l.financing] = 0
	}
	for m := 1; m < h; m++ {
		sumD += d[m]
	}
	// Costs depend on the arm only.
	for a := range s.Arms {
		arm := &s.Arms[a]
		f.progPV[a] = 0
		for p := range l.perspectives {
			clear(f.costFlow[a][p])
			f.costPV[a][p] = 0
		}
		for j := range arm.Costs {
			clear(f.row)
			ev.cost(&arm.Costs[j], &arm.Enrolment, f.row)
			c := l.costOf[a][j]
			pv := 0.0
			for m, v := range f.row {
				pv += d[m] * v
			}
			if arm.Costs[j].Category == ProgrammeCost {
				f.progPV[a] += pv
			}
			for p := range l.perspectives {
				w := f.wEff[p][c]
				if w == 0 {
					continue
				}
				flow := f.costFlow[a][p]
				for m, v := range f.row {
					flow[m] += w * v
				}
				f.costPV[a][p] += w * pv
			}
		}
	}
	return sumD
}

// coefficients returns perspective p's flow per participant-month out of
// work (A) and the extra flow in work (B), from ev.out and ev.in.
func (ev *Evaluator) coefficients(p int) (A, B float64) {
	l, w := ev.l, ev.fast.wEff[p]
	for c := 0; c < l.cost0; c++ {
		A += w[c] * ev.out[c]
		B += w[c] * (ev.in[c] - ev.out[c])
	}
	B += w[l.nonMarket] * (ev.in[l.nonMarket] - ev.out[l.nonMarket])
	return A, B
}

// fast holds the buffers of EvaluateOutputs.
type fast struct {
	wEff     [][]float64   // [perspective][component]: weights with financing folded in
	costFlow [][][]float64 // [arm][perspective][month]
	costPV   [][]float64   // [arm][perspective]
	progPV   []float64     // [arm]
	coefA    [][][]float64 // [arm][group][perspective]: flow out of work
	coefB    [][][]float64 // [arm][group][perspective]: extra flow in work
	npv      [][][]float64 // [arm][group][perspective]
	em       [][]float64   // [arm][group]: employed months
	cum      []float64     // [month]
	row      []float64     // [month]
}

func newFast(s *Scenario, l *layout) *fast {
	h := s.HorizonMonths + 1
	np, na, ng := len(l.perspectives), len(s.Arms), len(s.Groups)
	f := &fast{wEff: matrix(np, l.n), costPV: matrix(na, np), progPV: make([]float64, na),
		em: matrix(na, ng), cum: make([]float64, h), row: make([]float64, h)}
	for range na {
		f.costFlow = append(f.costFlow, matrix(np, h))
		f.coefA = append(f.coefA, matrix(ng, np))
		f.coefB = append(f.coefB, matrix(ng, np))
		f.npv = append(f.npv, matrix(ng, np))
	}
	return f
}

func matrix(rows, cols int) [][]float64 {
	block := make([]float64, rows*cols)
	m := make([][]float64, rows)
	for i := range m {
		m[i] = block[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return m
}

// EvaluateOutputs evaluates the scenario with parameter vector x (nil: the
// base values) and writes the outputs (as Outputs lists them) into dst. It
// computes only what the outputs need, in closed form where it can: every
// flow but the programme costs is a constant plus a constant times e(m), so
// present values need only sums of d(m) and d(m)e(m). It does not allocate.
//
// Scenarios with real wage growth have no such closed form; EvaluateOutputs
// then runs the full Evaluate (slower, same numbers).
func (ev *Evaluator) EvaluateOutputs(x []float64, dst []float64) error {
	if ev.s.WageGrowth != 0 || (x != nil && ev.growthIndex >= 0 && x[ev.growthIndex] != 0) {
		if ev.full == nil {
			ev.full = ev.NewResult()
		}
		if err := ev.Evaluate(x, ev.full); err != nil {
			return err
		}
		ev.OutputsFromResult(ev.full, dst)
		return nil
	}
	if err := ev.setValues(x); err != nil {
		return err
	}
	ev.prepare()
	sumD := ev.prepareFast()
	s, l, f := ev.s, ev.l, ev.fast
	h := s.HorizonMonths + 1
	d := ev.disc

	// Each arm and group: flows = A + B*e(m) plus the arm's costs. The
	// expected flows in and out of work depend on the group and its job only,
	// so arms that share the job share them.
	for g := range s.Groups {
		var done *Job
		for a := range s.Arms {
			job := &s.Groups[g].Job
			if j := s.Arms[a].Groups[g].Job; j != nil {
				job = j
			}
			if job != done {
				ev.stateFlows(g, job, job.Earnings(), -1)
				done = job
			}
			for p := range l.perspectives {
				f.coefA[a][g][p], f.coefB[a][g][p] = ev.coefficients(p)
			}
			e := ev.emp[a][g*h : (g+1)*h]
			em, de := 0.0, 0.0
			for m := 1; m < h; m++ {
				em += e[m]
				de += d[m] * e[m]
			}
			f.em[a][g] = em
			for p := range l.perspectives {
				f.npv[a][g][p] = f.coefA[a][g][p]*sumD + f.coefB[a][g][p]*de + f.costPV[a][p]
			}
		}
	}

	i := 0
	put := func(v float64) { dst[i] = v; i++ }
	years := (h + 10) / 12
	for a := range s.Arms {
		if a == ev.comp {
			continue
		}
		c := ev.comp
		shareSum := 0.0
		for g := range s.Groups {
			shareSum += s.Groups[g].Share
		}
		summary := func(g int) { // g < 0: the population
			w := func(k int) float64 { return s.Groups[k].Share }
			gs := []int{g}
			if g < 0 {
				gs = ev.allGroups
			} else {
				w = func(int) float64 { return 1 }
			}
			for p := range l.perspectives {
				v := 0.0
				for _, k := range gs {
					v += w(k) * (f.npv[a][k][p] - f.npv[c][k][p])
				}
				put(v)
			}
			cost, pub, soc, em := 0.0, 0.0, 0.0, 0.0
			for _, k := range gs {
				cost += w(k) * (f.progPV[a] - f.progPV[c])
				pub += w(k) * (f.npv[a][k][l.public()] - f.npv[c][k][l.public()])
				soc += w(k) * (f.npv[a][k][l.society()] - f.npv[c][k][l.society()])
				em += w(k) * (f.em[a][k] - f.em[c][k])
			}
			put(ratioOutput(gainPerCost(soc, cost)))
			put(ratioOutput(gainPerCost(pub, cost)))
			put(em)
			put(cost)
		}
		summary(-1)
		for g := range s.Groups {
			summary(g)
		}
		// The population's monthly flows, for break-even and cumulative values.
		start := i
		i += len(l.perspectives)
		for p := range l.perspectives {
			flow := f.row
			base := 0.0
			for g := range s.Groups {
				base += s.Groups[g].Share * (f.coefA[a][g][p] - f.coefA[c][g][p])
			}
			ca, cc := f.costFlow[a][p], f.costFlow[c][p]
			flow[0] = shareSum * (ca[0] - cc[0])
			for m := 1; m < h; m++ {
				flow[m] = base + shareSum*(ca[m]-cc[m])
			}
			for g := range s.Groups {
				sh := s.Groups[g].Share
				ba, bc := sh*f.coefB[a][g][p], sh*f.coefB[c][g][p]
				ea, ec := ev.emp[a][g*h:(g+1)*h], ev.emp[c][g*h:(g+1)*h]
				for m := 1; m < h; m++ {
					flow[m] += ba*ea[m] - bc*ec[m]
				}
			}
			total := 0.0
			for m, v := range flow {
				total += d[m] * v
				f.cum[m] = total
			}
			month := NoBreakEven
			for m := h - 1; m >= 0 && f.cum[m] >= 0; m-- {
				month = m
			}
			dst[start+p] = breakEvenOutput(month)
			for y := 1; y <= years; y++ {
				put(f.cum[min(12*y, h-1)])
			}
		}
	}
	for a := range s.Arms {
		v := 0.0
		for g := range s.Groups {
			v += s.Groups[g].Share * f.em[a][g]
		}
		put(v)
	}
	return nil
}
