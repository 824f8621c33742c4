package cba

import (
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"ipscba/cba/internal/exact"
)

// MicroOptions control a micro-simulation. The zero value of each field
// means its default.
type MicroOptions struct {
	// Individuals simulated in each arm of each replication (default
	// 10,000). Each individual's group is drawn from the groups' shares.
	Individuals int
	// PerArm, if not nil, gives each arm its own number (scenario order),
	// e.g. a trial's 229 and 181; each at least 1.
	PerArm []int
	// Replications of the whole sample (default 1): the spread of a result
	// over replications is a trial's sampling variation.
	Replications int
	Seed         uint64
	Workers      int // default runtime.GOMAXPROCS(0); at most MaxWorkers()
	// WageCV and HoursCV spread individual hourly wages (log-normal) and
	// weekly hours (gamma) around their group's values, as coefficients of
	// variation from 0 (everyone has the group's job) to 10.
	WageCV, HoursCV float64
	// Months at which to report the share in work (default 12, 24, ...).
	Months []int
}

// MaxMicroIndividuals bounds the individuals of one arm of one replication,
// and MaxMicroReplications the replications: together about 10^12
// person-histories, far beyond a day's computing.
const (
	MaxMicroIndividuals  = 1 << 31
	MaxMicroReplications = 1 << 20
)

// MicroArm is one arm of one replication of a micro-simulation.
type MicroArm struct {
	Arm         string
	Individuals int
	// NPV[p] is the mean net present value per participant in perspective p
	// (Result.Perspectives order), and NPVSD[p] its standard deviation
	// between individuals.
	NPV, NPVSD []float64
	EmployedAt []float64 // share in work at MicroResult.Months
	EverWorked float64   // share in work in at least one month 1..H
	// MonthsWorked[k] is the number of individuals in work for k months.
	MonthsWorked []int64
}

// MicroResult is the result of a micro-simulation.
type MicroResult struct {
	Perspectives []string
	Months       []int
	Replications [][]MicroArm // [replication][arm]
}

// check validates and completes the options for s.
func (opt *MicroOptions) check(s *Scenario) error {
	if opt.Individuals == 0 {
		opt.Individuals = 10000
	}
	if opt.Replications == 0 {
		opt.Replications = 1
	}
	if opt.Workers == 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	cv := Bound{Min: 0, Max: 10}
	switch {
	case opt.Individuals < 0 || opt.Individuals > MaxMicroIndividuals:
		return Errorf("micro: individuals must be from 1 to %d, got %d", MaxMicroIndividuals, opt.Individuals)
	case opt.Replications < 0 || opt.Replications > MaxMicroReplications:
		return Errorf("micro: replications must be from 1 to %d, got %d", MaxMicroReplications, opt.Replications)
	case opt.Workers < 0 || opt.Workers > MaxWorkers():
		return Errorf("micro: workers must be from 1 to %d, got %d", MaxWorkers(), opt.Workers)
	case opt.PerArm != nil && len(opt.PerArm) != len(s.Arms):
		return Errorf("micro: %d numbers of individuals for %d arms", len(opt.PerArm), len(s.Arms))
	case cv.Check(opt.WageCV) != nil:
		return Errorf("micro: WageCV: %v", cv.Check(opt.WageCV))
	case cv.Check(opt.HoursCV) != nil:
		return Errorf("micro: HoursCV: %v", cv.Check(opt.HoursCV))
	}
	for a, n := range opt.PerArm {
		if n < 1 || n > MaxMicroIndividuals {
			return Errorf("micro: arm %s needs 1 to %d individuals, got %d", s.Arms[a].Name, MaxMicroIndividuals, n)
		}
	}
	if opt.Months == nil {
		for m := 12; m <= s.HorizonMonths; m += 12 {
			opt.Months = append(opt.Months, m)
		}
	}
	opt.Months = slices.Compact(slices.Sorted(slices.Values(opt.Months)))
	for _, m := range opt.Months {
		if m < 1 || m > s.HorizonMonths {
			return Errorf("micro: month %d is not within 1..%d", m, s.HorizonMonths)
		}
	}
	return nil
}

// Micro simulates individuals month by month: each draws a group, a benefit
// (from the group's receipt shares), and with WageCV or HoursCV its own wage
// and hours, then moves between work and no work by the arm's monthly
// job-finding and job-loss probabilities. An observed curve (or an effect)
// becomes the chain with the least turnover that reproduces it exactly in
// expectation: no one loses a job while the curve rises, no one finds one
// while it falls (so EverWorked is the least consistent with the curve).
// When receipt shares change over time, an individual keeps one uniform
// draw and takes the benefit it falls in at each change (the fewest moves
// between benefits). Taxes and benefits follow each individual's own
// income; programme costs and allowances are at their expected value.
//
// Individual j of arm a in replication r draws from a stream keyed by
// (Seed, r, a, j) and the sums are exact, so results do not depend on
// Workers. Uncertain parameters are at their means.
func Micro(ctx context.Context, s *Scenario, opt MicroOptions) (*MicroResult, error) {
	base, err := NewEvaluator(s)
	if err != nil {
		return nil, err
	}
	if err := opt.check(base.s); err != nil {
		return nil, err
	}
	if err := base.setValues(nil); err != nil {
		return nil, err
	}
	base.prepare()
	chains := base.chains()

	type job struct{ rep, arm, first, n int }
	var jobs []job
	const chunk = 4096
	np := len(base.l.perspectives)
	res := &MicroResult{Perspectives: base.l.perspectives, Months: opt.Months, Replications: make([][]MicroArm, opt.Replications)}
	acc := make([][]*microAcc, opt.Replications)
	for r := range opt.Replications {
		acc[r] = make([]*microAcc, len(s.Arms))
		for a := range s.Arms {
			n := opt.Individuals
			if opt.PerArm != nil {
				n = opt.PerArm[a]
			}
			acc[r][a] = newMicroAcc(np, len(opt.Months), s.HorizonMonths, n)
			for first := 0; first < n; first += chunk {
				jobs = append(jobs, job{r, a, first, min(chunk, n-first)})
			}
		}
	}
	start := func() func(int) (*microAcc, error) {
		ev := base.fork()
		ev.setValues(nil)
		ev.prepare()
		ev.fastCosts()
		sim := newMicroSim(ev, chains, &opt)
		return func(k int) (*microAcc, error) {
			j := jobs[k]
			part := newMicroAcc(np, len(opt.Months), s.HorizonMonths, 0)
			for i := j.first; i < j.first+j.n; i++ {
				sim.individual(uint64(j.rep), j.arm, uint64(i), part)
			}
			return part, nil
		}
	}
	deliver := func(k int, part *microAcc) { acc[jobs[k].rep][jobs[k].arm].merge(part) }
	if err := parallel(ctx, len(jobs), opt.Workers, start, deliver); err != nil {
		return nil, Errorf("micro-simulation stopped: %w", err)
	}
	for r := range acc {
		for a, m := range acc[r] {
			res.Replications[r] = append(res.Replications[r], m.result(s.Arms[a].Name))
		}
	}
	return res, nil
}

// chain is an arm-group's monthly job-finding and job-loss probabilities.
type chain struct {
	initial    float64
	find, lose []float64 // [m], m = 1..H
}

// chains returns every arm's chain for every group ([arm][group]), from the
// employment curves of the last prepare.
func (ev *Evaluator) chains() [][]chain {
	s, h := ev.s, ev.h
	out := make([][]chain, len(s.Arms))
	for a := range s.Arms {
		for g := range s.Groups {
			c := chain{find: make([]float64, h), lose: make([]float64, h)}
			emp := &s.Arms[a].Groups[g].Employment
			e := ev.emp[a][g*h : (g+1)*h]
			c.initial = e[0]
			for m := 1; m < h; m++ {
				if emp.Model == Markov && s.Arms[a].Effect == nil {
					p := emp.Periods[0]
					for _, q := range emp.Periods {
						if q.FromMonth <= m {
							p = q
						}
					}
					c.find[m], c.lose[m] = p.JobFinding, p.JobLoss
					continue
				}
				switch prev := e[m-1]; {
				case e[m] >= prev && prev < 1:
					c.find[m] = (e[m] - prev) / (1 - prev)
				case e[m] < prev:
					c.lose[m] = (prev - e[m]) / prev
				}
			}
			out[a] = append(out[a], c)
		}
	}
	return out
}

// microAcc accumulates individuals' results; its sums are exact, so the
// order in which individuals are added does not matter.
type microAcc struct {
	n            int
	npv, sq      []exact.Sum
	employedAt   []int64
	ever         int64
	monthsWorked []int64
}

func newMicroAcc(perspectives, months, horizon, n int) *microAcc {
	return &microAcc{n: n, npv: make([]exact.Sum, perspectives), sq: make([]exact.Sum, perspectives),
		employedAt: make([]int64, months), monthsWorked: make([]int64, horizon+1)}
}

func (m *microAcc) merge(o *microAcc) {
	for p := range m.npv {
		m.npv[p].Merge(&o.npv[p])
		m.sq[p].Merge(&o.sq[p])
	}
	for i := range m.employedAt {
		m.employedAt[i] += o.employedAt[i]
	}
	m.ever += o.ever
	for i := range m.monthsWorked {
		m.monthsWorked[i] += o.monthsWorked[i]
	}
}

func (m *microAcc) result(arm string) MicroArm {
	r := MicroArm{Arm: arm, Individuals: m.n, MonthsWorked: m.monthsWorked}
	n := float64(m.n)
	for p := range m.npv {
		mean := m.npv[p].Value() / n
		r.NPV = append(r.NPV, mean)
		sd := 0.0
		if m.n > 1 {
			sd = math.Sqrt(max(0, (m.sq[p].Value()-n*mean*mean)/(n-1)))
		}
		r.NPVSD = append(r.NPVSD, sd)
	}
	for _, c := range m.employedAt {
		r.EmployedAt = append(r.EmployedAt, float64(c)/n)
	}
	r.EverWorked = float64(m.ever) / n
	return r
}

// microSim simulates individuals with one evaluator's prepared state.
type microSim struct {
	ev       *Evaluator
	chains   [][]chain
	opt      *MicroOptions
	src      *rand.ChaCha8
	rng      *rand.Rand
	employed []bool    // [m]: this individual in work
	npv      []float64 // [perspective]
	cum      []float64 // cumulative share thresholds of the groups
}

func newMicroSim(ev *Evaluator, chains [][]chain, opt *MicroOptions) *microSim {
	sim := &microSim{ev: ev, chains: chains, opt: opt, src: rand.NewChaCha8([32]byte{}),
		employed: make([]bool, ev.h), npv: make([]float64, len(ev.l.perspectives))}
	sim.rng = rand.New(sim.src)
	total := 0.0
	for _, g := range ev.s.Groups {
		total += g.Share
		sim.cum = append(sim.cum, total)
	}
	return sim
}

// individual simulates individual j of arm a in replication r into acc.
func (sim *microSim) individual(r uint64, a int, j uint64, acc *microAcc) {
	sim.key(r, a, j)
	// The draws, in this order: the group, the benefit, the job, the
	// months in and out of work.
	g := sim.group()
	benefitDraw := sim.rng.Float64()
	job := sim.job(a, g)
	worked, ever := sim.employment(&sim.chains[a][g], acc)
	sim.npvs(a, g, &job, benefitDraw)
	for p, v := range sim.npv {
		acc.npv[p].Add(v)
		acc.sq[p].Add(v * v)
	}
	if ever {
		acc.ever++
	}
	acc.monthsWorked[worked]++
}

// key starts the random stream of individual j of arm a in replication r:
// keyed by (Seed, r, a, j), so that it does not depend on the workers.
func (sim *microSim) key(r uint64, a int, j uint64) {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], sim.opt.Seed)
	binary.LittleEndian.PutUint64(key[8:], r)
	binary.LittleEndian.PutUint64(key[16:], uint64(a))
	binary.LittleEndian.PutUint64(key[24:], j)
	sim.src.Seed(key)
}

// group draws the individual's group from the groups' shares.
func (sim *microSim) group() int {
	g := len(sim.cum) - 1
	for u := sim.rng.Float64() * sim.cum[g]; g > 0 && u < sim.cum[g-1]; g-- {
	}
	return g
}

// job returns the job of an individual of group g in arm a, with its own
// weekly hours (gamma, coefficient of variation HoursCV) and then its own
// wage (log-normal, WageCV) as a factor on the month's earnings, so that
// earnings from an hourly wage follow the hours; both have mean 1.
func (sim *microSim) job(a, g int) Job {
	job := *sim.ev.jobOf(a, g)
	if cv := sim.opt.HoursCV; cv > 0 {
		shape := 1 / (cv * cv)
		job.WeeklyHours *= distuv.Gamma{Alpha: shape, Beta: shape, Src: sim.src}.Rand()
	}
	if cv := sim.opt.WageCV; cv > 0 {
		sigma := math.Sqrt(math.Log1p(cv * cv))
		f := math.Exp(sim.rng.NormFloat64()*sigma - sigma*sigma/2)
		job.EarningsGiven, job.MonthlyEarnings = true, job.Earnings()*f
	}
	return job
}

// employment moves the individual between work and no work month by month
// by chain ch (sim.employed[m]: in work in month m), counts it in acc's
// shares in work at the months asked for, and returns its months in work
// and whether it ever worked.
func (sim *microSim) employment(ch *chain, acc *microAcc) (worked int, ever bool) {
	employed := sim.rng.Float64() < ch.initial
	next := 0
	for m := 1; m < len(sim.ev.disc); m++ {
		u := sim.rng.Float64()
		if employed {
			employed = u >= ch.lose[m]
		} else {
			employed = u < ch.find[m]
		}
		sim.employed[m] = employed
		if employed {
			worked++
			ever = true
		}
		if next < len(sim.opt.Months) && sim.opt.Months[next] == m {
			if employed {
				acc.employedAt[next]++
			}
			next++
		}
	}
	return worked, ever
}

// npvs sets sim.npv to the individual's NPV in each perspective: the
// arm's programme costs, and segment by segment the flows out of and in
// work of its own benefit state (from its uniform draw benefitDraw) and
// job.
func (sim *microSim) npvs(a, g int, job *Job, benefitDraw float64) {
	ev, s := sim.ev, sim.ev.s
	copy(sim.npv, ev.fast.costPV[a])
	earn := job.Earnings()
	for k, from := range ev.segs[g] {
		state := benefitState(&s.Groups[g], from, benefitDraw)
		if ev.monthly() {
			ev.stateFlows(g, job, earn*ev.growth[from], from, state)
		} else {
			ev.stateFlows(g, job, earn, from, state)
		}
		s0, s1, u1 := sim.segmentSums(from, ev.segmentEnd(g, k))
		for p := range sim.npv {
			A, B := ev.stateCoefficients(p)
			sim.npv[p] += A*s0 + B*s1 + ev.fast.nonMarket[p]*u1
		}
	}
}

// segmentSums returns, over months from..to, the sum of the discount
// factors (s0; times wage growth when flows are indexed to it), that sum
// over the months the individual is in work (s1), and the plain discount
// factors of those months (u1), which the non-market value multiplies.
func (sim *microSim) segmentSums(from, to int) (s0, s1, u1 float64) {
	ev := sim.ev
	scaled := ev.scaled()
	for m := from; m <= to; m++ {
		dm := ev.disc[m]
		if sim.employed[m] {
			u1 += dm
		}
		if scaled {
			dm *= ev.growth[m]
		}
		s0 += dm
		if sim.employed[m] {
			s1 += dm
		}
	}
	return s0, s1, u1
}

// benefitState returns the benefit an individual with uniform draw u
// receives in month m (len(Receipts): none), from the shares in force then.
func benefitState(g *Group, m int, u float64) int {
	c := 0.0
	for k := range g.Receipts {
		if c += g.Receipts[k].ShareAt(m); u < c {
			return k
		}
	}
	return len(g.Receipts)
}
