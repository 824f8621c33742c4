// Package floor is the hand-written floor that a Monte Carlo iteration of
// the bundled Norwegian scenario (scenarios/norway-norce.yaml) is measured
// against (BenchmarkFloor in package cba, and the command examples/floor
// for CPU time next to ipscba's). Norway does the job of one iteration of
// cba.Run on that scenario, written out by hand with nothing general about
// it: it draws the scenario's 35 uncertain numbers from the same families
// (gamma, log-normal, beta, PERT, normal, five Dirichlet sets and two
// rank-correlated pairs), evaluates the same model (4 groups x 2 arms x 120
// months, taxes in every benefit state in and out of work, receipt shares
// that change at month 37, costs split between payers), computes the same
// 209 outputs, and accumulates plain float statistics of them. It is a
// yardstick for performance, not part of the model: its numbers are the
// scenario's as written, and a test checks that its evaluation gives the
// engine's outputs for the engine's draws.
//
// Simplified is the floor as it was first written, kept for history.
package floor

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Outputs is the number of outputs of an iteration, as cba.Run lists them
// for the scenario.
const Outputs = 209

// Perspectives: participant, the four payers, the public budgets, society.
const (
	participant = iota
	state
	county
	municipality
	healthTrust
	public
	society
	perspectives
)

// Params are an iteration's draws: the scenario's uncertain numbers.
type Params struct {
	Taper        float64    // benefits.disability_benefit.in_work.earnings.taper
	Hours, Wage  float64    // the job (every group's)
	Amount       [2]Amounts // [0] under 30, [1] the adult groups
	SocialAmount float64    // social assistance, every group
	GroupShare   [Groups]float64
	Share        [2][3]float64 // receipt shares (AAP, disability, social assistance) from month 1 and from month 37
	TaxShare     [3]float64    // the ordinary income tax's receivers: municipality, county, state
	Measures     float64       // the comparator's additional measures, per enrolled month
	Comparator   [2]float64    // the comparator's employment at months 12 and 18
	Months       float64       // IPS enrolment
	Dropout      float64       // IPS monthly drop-out
	Specialist   float64       // employment specialist, per enrolled month
	Supervision  float64       // per enrolled month
	Training     float64       // one-off
	PayerShare   [3]float64    // IPS programme costs: state, municipality, health trust
	Effect       [2]float64    // IPS effect at months 12 and 18 (held to 43)
	HalfLife     float64       // of the effect after month 43
}

// Amounts are a group's monthly benefit amounts.
type Amounts struct{ AAP, Disability float64 }

// The scenario's fixed numbers.
const (
	hoursNormal, hoursStop = 37.5, 0.6 // AAP in work
	disregard              = 4338.67   // disability benefit in work
	contribution           = 0.141     // employer's
	lambda                 = 0.2       // marginal cost of public funds
	measuresMonths         = 12        // the comparator's enrolment
	observed, laterFrom    = 43, 37
	heldTo                 = 43 // the effect is held to month 43
	rank                   = 0.8
)

// Norway is the floor of one iteration of the Norwegian scenario: draws,
// evaluation and statistics.
type Norway struct {
	pcg   rand.PCG
	r     *rand.Rand
	d     [Months + 1]float64 // discount factors
	table [2049]float64       // the comparator's employment share by normal score
	rho   float64             // the copula's normal-scale correlation
	out   [Outputs]float64
	Stats Stats
}

// New returns the floor, with its quantile table and discount factors.
func New() *Norway {
	f := &Norway{rho: 2 * math.Sin(math.Pi*rank/6)}
	f.r = rand.New(&f.pcg)
	for m := range f.d {
		f.d[m] = math.Pow(1.04, -float64(m)/12)
	}
	a, b := betaMoments(0.271, 0.033)
	q := distuv.Beta{Alpha: a, Beta: b}
	for i := range f.table {
		z := -6 + 12*float64(i)/float64(len(f.table)-1)
		f.table[i] = q.Quantile(distuv.UnitNormal.CDF(z))
	}
	f.Stats.init()
	return f
}

// Iteration draws, evaluates and counts iteration i.
func (f *Norway) Iteration(i uint64) {
	var p Params
	f.Draw(i, &p)
	f.Evaluate(&p, f.out[:])
	f.Stats.Add(f.out[:])
}

// Draw draws iteration i's numbers: one PCG stream an iteration.
func (f *Norway) Draw(i uint64, p *Params) {
	f.pcg.Seed(0x5eed, i)
	r := f.r
	p.Taper = betaDraw(r, 0.66, 0.05)
	p.Hours = gammaDraw(r, 20, 6)
	p.Wage = lognormalDraw(r, 273.8, 45)
	p.Amount[0] = Amounts{pert(r, 14762.31, 18450.18, 27500), pert(r, 27431.22, 32095.29, 35000)}
	p.Amount[1] = Amounts{pert(r, 22138.05, 23000, 30000), pert(r, 27431.22, 28000, 33000)}
	p.SocialAmount = gammaDraw(r, 7850, 800)
	dirichlet(r, p.GroupShare[:], []float64{0.37, 0.21, 0.13, 0.29}, 20)
	dirichlet(r, p.Share[0][:], []float64{0.6, 0.1, 0.15}, 20)
	dirichlet(r, p.Share[1][:], []float64{0.25, 0.45, 0.15}, 20)
	dirichlet(r, p.TaxShare[:], []float64{0.579545, 0.120455, 0.3}, 100)
	p.Measures = pert(r, 0, 2517, 6292.5)
	z1, z2 := r.NormFloat64(), r.NormFloat64()
	v := f.rho*z1 + math.Sqrt(1-f.rho*f.rho)*z2
	p.Comparator = [2]float64{f.quantile(z1), f.quantile(v)}
	p.Months = pert(r, 20, 33, 43)
	p.Dropout = betaDraw(r, 0.01, 0.005)
	p.Specialist = pert(r, 3542, 5278, 8833)
	p.Supervision = pert(r, 0, 660, 1320)
	p.Training = pert(r, 200, 800, 2500)
	dirichlet(r, p.PayerShare[:], []float64{0.609, 0.159, 0.232}, 20)
	z1, z2 = r.NormFloat64(), r.NormFloat64()
	p.Effect = [2]float64{0.095 + 0.046*z1, 0.103 + 0.046*(f.rho*z1+math.Sqrt(1-f.rho*f.rho)*z2)}
	p.HalfLife = gammaDraw(r, 24, 18)
}

// quantile is the comparator's employment share at normal score z, by
// linear interpolation in the table (its ends beyond it).
func (f *Norway) quantile(z float64) float64 {
	pos := (z + 6) * float64(len(f.table)-1) / 12
	if !(pos > 0) {
		return f.table[0]
	}
	if pos >= float64(len(f.table)-1) {
		return f.table[len(f.table)-1]
	}
	i := int(pos)
	u := pos - float64(i)
	return f.table[i] + u*(f.table[i+1]-f.table[i])
}

// gamma draws Gamma(a, 1) by Marsaglia and Tsang's method (a >= 1 in this
// scenario's draws; a < 1 through a+1 and U^(1/a)).
func gamma(r *rand.Rand, a float64) float64 {
	scale := 1.0
	if a < 1 {
		scale = math.Pow(r.Float64(), 1/a)
		a++
	}
	d := a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		t := 1 + c*x
		if t <= 0 {
			continue
		}
		t = t * t * t
		u := r.Float64()
		if u < 1-0.0331*(x*x)*(x*x) || math.Log(u) < 0.5*x*x+d*(1-t+math.Log(t)) {
			return scale * d * t
		}
	}
}

func gammaDraw(r *rand.Rand, mean, sd float64) float64 {
	return gamma(r, mean*mean/(sd*sd)) * sd * sd / mean
}

func lognormalDraw(r *rand.Rand, mean, sd float64) float64 {
	s2 := math.Log1p(sd * sd / (mean * mean))
	return math.Exp(math.Log(mean) - s2/2 + math.Sqrt(s2)*r.NormFloat64())
}

func betaMoments(mean, sd float64) (a, b float64) {
	n := mean*(1-mean)/(sd*sd) - 1
	return mean * n, (1 - mean) * n
}

func betaDraw(r *rand.Rand, mean, sd float64) float64 {
	a, b := betaMoments(mean, sd)
	x, y := gamma(r, a), gamma(r, b)
	return x / (x + y)
}

func pert(r *rand.Rand, lo, mode, hi float64) float64 {
	w := hi - lo
	x, y := gamma(r, 1+4*(mode-lo)/w), gamma(r, 1+4*(hi-mode)/w)
	return lo + w*x/(x+y)
}

// dirichlet draws shares with the means and sum of means, and the
// concentration c.
func dirichlet(r *rand.Rand, dst, means []float64, c float64) {
	total, sum := 0.0, 0.0
	for _, m := range means {
		total += m
	}
	for k, m := range means {
		dst[k] = gamma(r, c*m/total)
		sum += dst[k]
	}
	for k := range dst {
		dst[k] = total * dst[k] / sum
	}
}

// Annual taxes of the Norwegian rules of 2025.
func ordinaryTax(base float64) float64 {
	if base <= 0 {
		return 0
	}
	return 0.22 * max(0, base-min(0.46*base, 92000)-108550)
}

var brackets = [...]struct{ from, rate float64 }{
	{217400, 0.017}, {306050, 0.04}, {697150, 0.137}, {942400, 0.167}, {1410750, 0.177},
}

func bracketTax(base float64) float64 {
	tax := 0.0
	for i, b := range brackets {
		if base <= b.from {
			break
		}
		top := base
		if i+1 < len(brackets) {
			top = min(base, brackets[i+1].from)
		}
		tax += b.rate * (top - b.from)
	}
	return tax
}

func insurance(wage, pension float64) float64 {
	base := wage + pension
	if base <= 99650 {
		return 0
	}
	return min(0.077*wage+0.051*pension, 0.25*(base-99650))
}

// taxes are the monthly taxes of an annual wage and pension: the ordinary
// income tax (split between its receivers) and what goes to the state
// alone (bracket tax, national insurance).
func taxes(wage, pension float64) (ordinary, toState float64) {
	return ordinaryTax(wage+pension) / 12, (bracketTax(wage+pension) + insurance(wage, pension)) / 12
}

// Evaluate writes the outputs of the scenario with the numbers p into out,
// in the order cba.Run lists them.
//
// It is one function on purpose, longer than the project's functions are
// (172 lines): it is the yardstick whose speed the engine is measured
// against, and split into helpers of one job each (flows, costs, curves,
// outputs) it took 14 % more instructions an evaluation (callgrind, 84,200
// against 74,100), which would flatter the engine's ratio to it.
func (f *Norway) Evaluate(p *Params, out []float64) {
	d := &f.d
	earn := p.Wage * p.Hours * 52 / 12
	// The flows of the benefit states, in and out of work, and their
	// taxes: per class of group (under 30, adults) and period of receipt
	// shares, each perspective's flow is A + B e(m). The increments need
	// only B: the two arms differ in e(m) and in their costs.
	var B [2][2][perspectives]float64   // [class][period][perspective]
	ordIn, stateIn := taxes(12*earn, 0) // in work, no benefit
	for c := range 2 {
		amount := [3]float64{p.Amount[c].AAP, p.Amount[c].Disability, p.SocialAmount}
		var in [3]float64
		if h := p.Hours / hoursNormal; h <= hoursStop {
			in[0] = amount[0] * max(0, 1-h)
		}
		in[1] = max(0, amount[1]-p.Taper*max(0, earn-disregard))
		in[2] = max(0, amount[2]-earn)
		var dOrd, dState [3]float64 // taxes in work less out of work, by benefit
		oOut, sOut := taxes(12*amount[0], 0)
		oIn, sIn := taxes(12*(earn+in[0]), 0)
		dOrd[0], dState[0] = oIn-oOut, sIn-sOut
		oOut, sOut = taxes(0, 12*amount[1])
		oIn, sIn = taxes(12*earn, 12*in[1])
		dOrd[1], dState[1] = oIn-oOut, sIn-sOut
		dOrd[2], dState[2] = ordIn, stateIn // social assistance is not taxed
		for period := range 2 {
			s := &p.Share[period]
			none := 1 - s[0] - s[1] - s[2]
			ord := none*ordIn + s[0]*dOrd[0] + s[1]*dOrd[1] + s[2]*dOrd[2]
			toState := none*stateIn + s[0]*dState[0] + s[1]*dState[1] + s[2]*dState[2]
			benefits := s[0]*(in[0]-amount[0]) + s[1]*(in[1]-amount[1]) + s[2]*(in[2]-amount[2])
			b := &B[c][period]
			b[participant] = earn + benefits - ord - toState
			b[state] = contribution*earn + p.TaxShare[2]*ord + toState - s[0]*(in[0]-amount[0]) - s[1]*(in[1]-amount[1])
			b[county] = p.TaxShare[1] * ord
			b[municipality] = p.TaxShare[0]*ord - s[2]*(in[2]-amount[2])
			b[public] = b[state] + b[county] + b[municipality]
			b[society] = (1+contribution)*earn + lambda*b[public]
		}
	}

	// Month by month: the costs, IPS less the comparator, by payer as
	// they lower each perspective's flow; employment, the comparator's
	// curve (the same in every group) and each group's IPS curve, the
	// comparator's plus its share of the effect; the population's flows,
	// discounted and summed as they go, for the year ends and the
	// break-even month.
	class := [Groups]int{0, 1, 1, 1}
	type sums struct{ em, dem, early, lateObserved float64 }
	var grp [Groups]sums
	var costPV, costPVW, borne, cum [perspectives]float64
	var lastBelow [perspectives]int // the last month the cumulative flow is below zero
	for q := range lastBelow {
		lastBelow[q] = -1
	}
	var progPV, emComp, emIPS float64
	stay, decay, fade := 1.0, 1.0, math.Pow(0.5, 1/p.HalfLife)
	for m := 0; m <= Months; m++ {
		// Specialist mental-health care costs the same in both arms: it
		// leaves every increment.
		var ips, comp float64
		if m == 0 {
			ips = p.Training
		} else {
			ips = (p.Specialist + p.Supervision) * min(1, max(0, p.Months-float64(m-1))) * stay
			stay *= 1 - p.Dropout
			if m <= measuresMonths {
				comp = p.Measures
			}
		}
		var c [perspectives]float64
		c[state] = p.PayerShare[0]*ips - comp
		c[municipality] = p.PayerShare[1] * ips
		c[healthTrust] = p.PayerShare[2] * ips
		c[public] = c[state] + c[municipality] + c[healthTrust]
		c[society] = (1 + lambda) * c[public]
		dm := d[m]
		for q := range perspectives {
			costPV[q] += dm * c[q]
		}
		progPV += dm * (ips - comp)
		borne[state] += dm * c[state]
		borne[municipality] += dm * c[municipality]
		borne[healthTrust] += dm * c[healthTrust]

		var w [2]float64 // share-weighted gains in employment, by class
		period := 0
		if m > 0 {
			var comp, effect float64
			switch {
			case m <= 12:
				comp, effect = p.Comparator[0]*float64(m)/12, p.Effect[0]*float64(m)/12
			case m <= 18:
				comp = p.Comparator[0] + (p.Comparator[1]-p.Comparator[0])*float64(m-12)/6
				effect = p.Effect[0] + (p.Effect[1]-p.Effect[0])*float64(m-12)/6
			case m <= heldTo:
				comp, effect = p.Comparator[1], p.Effect[1]
			default:
				decay *= fade
				comp, effect = p.Comparator[1], p.Effect[1]*decay
			}
			if m >= laterFrom {
				period = 1
			}
			for g := range Groups {
				e := min(1, max(0, comp+effect)) // every group has the trial's effect
				gain := e - comp
				s := &grp[g]
				s.em += gain
				s.dem += dm * gain
				switch {
				case period == 0:
					s.early += dm * gain
				case m <= observed:
					s.lateObserved += dm * gain
				}
				w[class[g]] += p.GroupShare[g] * gain
				emComp += p.GroupShare[g] * comp
				emIPS += p.GroupShare[g] * e
			}
		}
		for q := range perspectives {
			cum[q] += dm * (B[0][period][q]*w[0] + B[1][period][q]*w[1] - c[q])
			if cum[q] < 0 {
				lastBelow[q] = m
			}
		}
		if m == observed {
			costPVW = costPV
		}
		if m > 0 && m%12 == 0 {
			for q := range perspectives {
				out[137+10*q+m/12-1] = cum[q]
			}
		}
	}
	borne[public], borne[society] = progPV, (1+lambda)*progPV
	for q := range perspectives {
		out[130+q] = float64(lastBelow[q] + 1) // the break-even month
		if lastBelow[q] == Months {
			out[130+q] = math.Inf(1)
		}
	}
	out[207], out[208] = emComp, emIPS

	// The increments' outputs: the population, then each group (26 each).
	increment := func(o []float64, npv, npvW *[perspectives]float64, em, dem float64) {
		copy(o[0:7], npv[:])
		copy(o[7:14], npvW[:])
		o[14] = ratio(npv[society], progPV)
		o[15] = ratio(npv[public], progPV)
		o[16], o[17], o[18] = em, dem, progPV
		copy(o[19:26], borne[:])
	}
	var popNPV, popNPVW [perspectives]float64
	var popEM, popDEM float64
	for g := range Groups {
		s, b := &grp[g], &B[class[g]]
		var npv, npvW [perspectives]float64
		late := s.dem - s.early
		for q := range perspectives {
			npv[q] = b[0][q]*s.early + b[1][q]*late - costPV[q]
			npvW[q] = b[0][q]*s.early + b[1][q]*s.lateObserved - costPVW[q]
			popNPV[q] += p.GroupShare[g] * npv[q]
			popNPVW[q] += p.GroupShare[g] * npvW[q]
		}
		popEM += p.GroupShare[g] * s.em
		popDEM += p.GroupShare[g] * s.dem
		increment(out[26*(g+1):], &npv, &npvW, s.em, s.dem)
	}
	increment(out, &popNPV, &popNPVW, popEM, popDEM)
}

// ratio is (npv+cost)/cost, or +Inf when the cost is not positive.
func ratio(npv, cost float64) float64 {
	if cost <= 0 {
		return math.Inf(1)
	}
	return (npv + cost) / cost
}
