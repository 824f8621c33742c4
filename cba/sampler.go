package cba

import (
	"encoding/binary"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Sampler draws the uncertain parameters of a scenario into parameter
// vectors. Iteration i's draws depend only on the seed and i: the stream is
// a ChaCha8 keyed by both, so any iteration can be drawn alone, in any order,
// by any worker, with the same result.
//
// A Sampler is not safe for concurrent use; make one per goroutine.
type Sampler struct {
	seed  uint64
	src   *rand.ChaCha8
	rng   *rand.Rand
	indep []draw // drawn independently, in scenario order
	corr  []draw // drawn through the copula, in copula order
	l     []float64
	z     []float64
	dirs  []dirichletDraw
}

type draw struct {
	dist  Distribution
	idx   []int          // vector positions that take the draw
	table *quantileTable // correlated draws: the quantile by normal score
}

// quantileTable holds a distribution's quantile q(z) = Quantile(Phi(z)) at
// normal scores z from -tableZ to tableZ, with its slope
// q'(z) = phi(z)/pdf(q(z)), so that a correlated draw costs a cubic Hermite
// interpolation rather than the inversion of an incomplete beta or gamma
// function (microseconds each). Where the slope is not finite (a density of 0
// or infinity at the support's ends) the secant stands in. The interpolation
// errs by less than 1e-6 of the distribution's sd (tested); beyond the table
// (a chance of 2e-9) the quantile is computed exactly. (Beyond z = 6 the
// probability Phi(z) itself is too close to 1 for a float64 to say much.)
type quantileTable struct {
	q, slope []float64
}

const (
	tableZ     = 6.0
	tableSteps = 1 << 11
	tableStep  = 2 * tableZ / tableSteps
)

func newQuantileTable(d *Distribution) *quantileTable {
	t := &quantileTable{q: make([]float64, tableSteps+1), slope: make([]float64, tableSteps+1)}
	for i := range t.q {
		z := -tableZ + float64(i)*tableStep
		t.q[i] = d.Quantile(normalCDF(z))
		t.slope[i] = math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) / d.density(t.q[i])
	}
	for i := range t.slope {
		if s := t.slope[i]; math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
			lo, hi := max(i-1, 0), min(i+1, tableSteps)
			t.slope[i] = (t.q[hi] - t.q[lo]) / (float64(hi-lo) * tableStep)
		}
	}
	return t
}

// at returns the quantile of d at probability Phi(z).
func (t *quantileTable) at(d *Distribution, z float64) float64 {
	pos := (z + tableZ) / tableStep
	if !(pos >= 0 && pos < tableSteps) {
		return d.Quantile(min(max(normalCDF(z), 1e-300), 1-1e-16))
	}
	i := int(pos)
	u := pos - float64(i)
	u2, u3 := u*u, u*u*u
	h00, h10, h01, h11 := 2*u3-3*u2+1, u3-2*u2+u, -2*u3+3*u2, u3-u2
	return h00*t.q[i] + h10*tableStep*t.slope[i] + h01*t.q[i+1] + h11*tableStep*t.slope[i+1]
}

// normalCDF is the standard normal distribution function.
func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// dirichletDraw draws shares as independent Gamma(alpha_k, 1) draws divided
// by their sum (as gonum's distmv.Dirichlet does, without its dependencies).
type dirichletDraw struct {
	alpha []float64
	total float64 // the sum the shares keep
	idx   []int
}

// clone returns a Sampler with the same draws and its own random stream and
// buffers; the quantile tables are shared (read only).
func (sm *Sampler) clone() *Sampler {
	c := *sm
	c.src = rand.NewChaCha8([32]byte{})
	c.rng = rand.New(c.src)
	c.z = make([]float64, len(sm.z))
	return &c
}

// NewSampler returns a Sampler for the evaluator's scenario and seed.
func (ev *Evaluator) NewSampler(seed uint64) *Sampler {
	u := &ev.s.Uncertainty
	sm := &Sampler{seed: seed, src: rand.NewChaCha8([32]byte{})}
	sm.rng = rand.New(sm.src)
	indexes := func(paths []string) []int {
		idx := make([]int, len(paths))
		for i, p := range paths {
			idx[i] = ev.Index(p)
		}
		return idx
	}
	chol, _ := ev.s.copula() // Validate has checked it
	correlated := map[int]bool{}
	for _, i := range chol.members {
		correlated[i] = true
		d := u.Parameters[i].Dist
		sm.corr = append(sm.corr, draw{dist: d, idx: indexes(u.Parameters[i].Paths), table: newQuantileTable(&d)})
	}
	sm.l, sm.z = chol.l, make([]float64, len(chol.members))
	for i, p := range u.Parameters {
		if !correlated[i] {
			sm.indep = append(sm.indep, draw{dist: p.Dist, idx: indexes(p.Paths)})
		}
	}
	for _, d := range u.Dirichlets {
		idx := indexes(d.Paths)
		total := 0.0
		for _, i := range idx {
			total += ev.params[i].Value
		}
		alpha := make([]float64, len(idx))
		for k, i := range idx {
			alpha[k] = d.Concentration * ev.params[i].Value / total
		}
		sm.dirs = append(sm.dirs, dirichletDraw{alpha: alpha, total: total, idx: idx})
	}
	return sm
}

// Draw writes iteration i's draws into x (a vector from Evaluator.Base);
// parameters that are not uncertain keep their values.
func (sm *Sampler) Draw(i uint64, x []float64) {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], sm.seed)
	binary.LittleEndian.PutUint64(key[8:], i)
	copy(key[16:], "ipscba/montecarl")
	sm.src.Seed(key)

	n := len(sm.z)
	for j := range sm.z {
		sm.z[j] = sm.rng.NormFloat64()
	}
	for j := range sm.corr {
		v := 0.0
		for k := 0; k <= j; k++ {
			v += sm.l[j*n+k] * sm.z[k]
		}
		c := &sm.corr[j]
		put(x, c.idx, c.table.at(&c.dist, v))
	}
	for j := range sm.indep {
		put(x, sm.indep[j].idx, sm.indep[j].dist.Sample(sm.src))
	}
	for j := range sm.dirs {
		d := &sm.dirs[j]
		sum := 0.0
		for k, i := range d.idx {
			x[i] = distuv.Gamma{Alpha: d.alpha[k], Beta: 1, Src: sm.src}.Rand()
			sum += x[i]
		}
		for _, i := range d.idx {
			x[i] *= d.total / sum
		}
	}
}

func put(x []float64, idx []int, v float64) {
	for _, i := range idx {
		x[i] = v
	}
}
