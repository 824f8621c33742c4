package cba

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"
)

// MicroOptions control a micro-simulation. The zero value of each field
// means its default.
type MicroOptions struct {
	// Individuals simulated in each arm of each replication (default
	// 10,000). Each individual's group is drawn from the groups' shares.
	Individuals int
	// PerArm, if not nil, gives each arm its own number (scenario order),
	// e.g. a trial's 229 and 181.
	PerArm []int
	// Replications of the whole sample (default 1): the spread of a result
	// over replications is a trial's sampling variation.
	Replications int
	Seed         uint64
	Workers      int // default runtime.GOMAXPROCS(0)
	// WageCV and HoursCV spread individual hourly wages (log-normal) and
	// weekly hours (gamma) around their group's values, as coefficients of
	// variation (0: everyone has the group's job).
	WageCV, HoursCV float64
	// Months at which to report the share in work (default 12, 24, ...).
	Months []int
}

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

// Micro simulates individuals month by month: each draws a group, a benefit
// (from the group's receipt shares), and with WageCV or HoursCV its own wage
// and hours, then moves between work and no work by the arm's monthly
// job-finding and job-loss probabilities. An observed curve becomes the
// chain with the least turnover that reproduces it exactly in expectation:
// no one loses a job while the curve rises, no one finds one while it falls
// (so EverWorked is the least consistent with the curve). Taxes and benefits
// follow each individual's own income; programme costs are at their
// expected value. Scenarios with real wage growth are not supported.
//
// Individual j of arm a in replication r draws from a stream keyed by
// (Seed, r, a, j) and the sums are exact, so results do not depend on
// Workers. Uncertain parameters are at their means.
func Micro(ctx context.Context, s *Scenario, opt MicroOptions) (*MicroResult, error) {
	if opt.Individuals <= 0 {
		opt.Individuals = 10000
	}
	if opt.Replications <= 0 {
		opt.Replications = 1
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.PerArm != nil && len(opt.PerArm) != len(s.Arms) {
		return nil, fmt.Errorf("micro: %d numbers of individuals for %d arms", len(opt.PerArm), len(s.Arms))
	}
	if s.WageGrowth != 0 {
		return nil, fmt.Errorf("micro: real wage growth is not supported (wage_growth is %v)", s.WageGrowth)
	}
	if opt.WageCV < 0 || opt.HoursCV < 0 {
		return nil, fmt.Errorf("micro: coefficients of variation must be >= 0")
	}
	if opt.Months == nil {
		for m := 12; m <= s.HorizonMonths; m += 12 {
			opt.Months = append(opt.Months, m)
		}
	}
	opt.Months = slices.Compact(slices.Sorted(slices.Values(opt.Months)))
	for _, m := range opt.Months {
		if m < 1 || m > s.HorizonMonths {
			return nil, fmt.Errorf("micro: month %d is not within 1..%d", m, s.HorizonMonths)
		}
	}
	base, err := NewEvaluator(s)
	if err != nil {
		return nil, err
	}
	if err := base.setValues(nil); err != nil {
		return nil, err
	}
	base.prepare()
	base.prepareFast()
	chains := base.chains()

	type job struct{ rep, arm, first, n int }
	var jobs []job
	const chunk = 4096
	res := &MicroResult{Perspectives: base.l.perspectives, Months: opt.Months, Replications: make([][]MicroArm, opt.Replications)}
	acc := make([][]*microAcc, opt.Replications)
	for r := range opt.Replications {
		acc[r] = make([]*microAcc, len(s.Arms))
		for a := range s.Arms {
			n := opt.Individuals
			if opt.PerArm != nil {
				n = opt.PerArm[a]
			}
			acc[r][a] = newMicroAcc(len(base.l.perspectives), len(opt.Months), s.HorizonMonths, n)
			for first := 0; first < n; first += chunk {
				jobs = append(jobs, job{r, a, first, min(chunk, n-first)})
			}
		}
	}
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev, _ := NewEvaluator(s)
			ev.setValues(nil)
			ev.prepare()
			ev.prepareFast()
			sim := newMicroSim(ev, chains, &opt)
			for {
				k := int(next.Add(1) - 1)
				if k >= len(jobs) || ctx.Err() != nil {
					return
				}
				j := jobs[k]
				part := newMicroAcc(len(ev.l.perspectives), len(opt.Months), s.HorizonMonths, 0)
				for i := j.first; i < j.first+j.n; i++ {
					sim.individual(uint64(j.rep), j.arm, uint64(i), part)
				}
				mu.Lock()
				acc[j.rep][j.arm].merge(part)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("micro-simulation stopped: %w", err)
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
	s := ev.s
	h := s.HorizonMonths + 1
	out := make([][]chain, len(s.Arms))
	for a := range s.Arms {
		for g := range s.Groups {
			c := chain{find: make([]float64, h), lose: make([]float64, h)}
			emp := &s.Arms[a].Groups[g].Employment
			e := ev.emp[a][g*h : (g+1)*h]
			c.initial = e[0]
			for m := 1; m < h; m++ {
				if emp.Model == Markov {
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
	npv, sq      []exactSum
	employedAt   []int64
	ever         int64
	monthsWorked []int64
}

func newMicroAcc(perspectives, months, horizon, n int) *microAcc {
	return &microAcc{n: n, npv: make([]exactSum, perspectives), sq: make([]exactSum, perspectives),
		employedAt: make([]int64, months), monthsWorked: make([]int64, horizon+1)}
}

func (m *microAcc) merge(o *microAcc) {
	for p := range m.npv {
		m.npv[p].merge(&o.npv[p])
		m.sq[p].merge(&o.sq[p])
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
		mean := m.npv[p].value() / n
		r.NPV = append(r.NPV, mean)
		r.NPVSD = append(r.NPVSD, math.Sqrt(max(0, (m.sq[p].value()-n*mean*mean)/(n-1))))
	}
	for _, c := range m.employedAt {
		r.EmployedAt = append(r.EmployedAt, float64(c)/n)
	}
	r.EverWorked = float64(m.ever) / n
	return r
}

// microSim simulates individuals with one evaluator's prepared state.
type microSim struct {
	ev     *Evaluator
	chains [][]chain
	opt    *MicroOptions
	src    *rand.ChaCha8
	rng    *rand.Rand
	a, b   []float64 // per perspective: flow out of work, extra in work
	sumD   float64
	cum    []float64 // cumulative share thresholds of the groups
}

func newMicroSim(ev *Evaluator, chains [][]chain, opt *MicroOptions) *microSim {
	sim := &microSim{ev: ev, chains: chains, opt: opt, src: rand.NewChaCha8([32]byte{}),
		a: make([]float64, len(ev.l.perspectives)), b: make([]float64, len(ev.l.perspectives))}
	sim.rng = rand.New(sim.src)
	for m := 1; m < len(ev.disc); m++ {
		sim.sumD += ev.disc[m]
	}
	total := 0.0
	for _, g := range ev.s.Groups {
		total += g.Share
		sim.cum = append(sim.cum, total)
	}
	return sim
}

// individual simulates individual j of arm a in replication r into acc.
func (sim *microSim) individual(r uint64, a int, j uint64, acc *microAcc) {
	ev, s := sim.ev, sim.ev.s
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], sim.opt.Seed)
	binary.LittleEndian.PutUint64(key[8:], r)
	binary.LittleEndian.PutUint64(key[16:], uint64(a))
	binary.LittleEndian.PutUint64(key[24:], j)
	sim.src.Seed(key)
	rng := sim.rng

	g := len(sim.cum) - 1
	for u := rng.Float64() * sim.cum[g]; g > 0 && u < sim.cum[g-1]; g-- {
	}
	state := len(s.Benefits)
	u, c := rng.Float64(), 0.0
	for k, rc := range s.Groups[g].Receipts {
		if c += rc.Share; u < c {
			state = k
			break
		}
	}
	job := s.Groups[g].Job
	if aj := s.Arms[a].Groups[g].Job; aj != nil {
		job = *aj
	}
	// Hours first, so that earnings from an hourly wage follow them; then
	// the wage, as a factor on the month's earnings.
	if cv := sim.opt.HoursCV; cv > 0 {
		shape := 1 / (cv * cv)
		job.WeeklyHours *= distuv.Gamma{Alpha: shape, Beta: shape, Src: sim.src}.Rand()
	}
	if cv := sim.opt.WageCV; cv > 0 {
		sigma := math.Sqrt(math.Log1p(cv * cv))
		f := math.Exp(rng.NormFloat64()*sigma - sigma*sigma/2)
		job.EarningsGiven, job.MonthlyEarnings = true, job.Earnings()*f
	}
	ev.stateFlows(g, &job, job.Earnings(), state)
	for p := range sim.a {
		sim.a[p], sim.b[p] = ev.coefficients(p)
	}

	ch := &sim.chains[a][g]
	d := ev.disc
	employed := rng.Float64() < ch.initial
	worked, dEmp, ever, next := 0, 0.0, false, 0
	for m := 1; m < len(d); m++ {
		u := rng.Float64()
		if employed {
			employed = u >= ch.lose[m]
		} else {
			employed = u < ch.find[m]
		}
		if employed {
			worked++
			dEmp += d[m]
			ever = true
		}
		if next < len(sim.opt.Months) && sim.opt.Months[next] == m {
			if employed {
				acc.employedAt[next]++
			}
			next++
		}
	}
	for p := range sim.a {
		v := sim.a[p]*sim.sumD + sim.b[p]*dEmp + ev.fast.costPV[a][p]
		acc.npv[p].add(v)
		acc.sq[p].add(v * v)
	}
	if ever {
		acc.ever++
	}
	acc.monthsWorked[worked]++
}
