package cba

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Sampler draws the uncertain factors of a scenario into parameter vectors:
// the Source of a Monte Carlo run. Iteration i's draws depend only on the
// seed and i: the stream is a ChaCha8 keyed by both, so any iteration can
// be drawn alone, in any order, by any worker, with the same result. Each
// factor is drawn once, whatever the number of places it is written in.
// Draws stay within the factor's range (Distribution.Range).
//
// A Sampler is not safe for concurrent use; Fork one per goroutine.
type Sampler struct {
	seed  uint64
	src   *rand.ChaCha8
	rng   *rand.Rand
	indep []draw // drawn independently, in the order of Uncertainty.Parameters
	corr  []draw // drawn through the copula, in copula order
	l     []float64
	z     []float64
	dirs  []dirichletDraw
}

type draw struct {
	dist   Distribution
	gen    univariate     // dist, drawing from the sampler's stream
	index  int            // vector position
	lo, hi float64        // the range draws are kept in
	table  *quantileTable // correlated draws: the quantile by normal score
	sorted []float64      // correlated discrete draws: the values, sorted
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
// by their sum (as gonum's distmv.Dirichlet does, without its dependencies),
// in logarithms when the draws underflow (tiny concentrations).
type dirichletDraw struct {
	alpha []float64
	total float64 // the sum the shares keep
	index []int   // vector positions
	logs  []float64
}

// NewSampler returns a Sampler for the evaluator's scenario and seed.
func (ev *Evaluator) NewSampler(seed uint64) *Sampler {
	t := ev.tab
	sm := &Sampler{seed: seed, src: rand.NewChaCha8([32]byte{})}
	sm.rng = rand.New(sm.src)
	newDraw := func(fi int) draw {
		f := &t.factors[fi]
		dr := draw{dist: *f.Dist, index: f.Index}
		dr.gen = dr.dist.build(sm.src)
		dr.lo, dr.hi = f.Dist.Range(f.Bound)
		return dr
	}
	chol, _ := t.copula() // Validate has checked it
	for _, fi := range chol.members {
		dr := newDraw(fi)
		if dr.dist.Kind == Discrete {
			dr.sorted = slices.Sorted(slices.Values(dr.dist.Values))
		} else {
			dr.table = newQuantileTable(&dr.dist)
		}
		sm.corr = append(sm.corr, dr)
	}
	sm.l, sm.z = chol.l, make([]float64, len(chol.members))
	// Independent draws in the order the scenario lists its uncertain
	// numbers.
	for _, u := range ev.s.Uncertainty.Parameters {
		if len(u.Paths) == 0 {
			continue
		}
		fi := t.byPath[u.Paths[0]]
		if f := &t.factors[fi]; f.Dist != nil && !f.Correlated {
			sm.indep = append(sm.indep, newDraw(fi))
		}
	}
	for _, d := range t.dirs {
		dd := dirichletDraw{logs: make([]float64, len(d.factors))}
		for _, fi := range d.factors {
			dd.total += ev.base[t.factors[fi].Index]
			dd.index = append(dd.index, t.factors[fi].Index)
		}
		for _, i := range dd.index {
			dd.alpha = append(dd.alpha, d.concentration*ev.base[i]/dd.total)
		}
		sm.dirs = append(sm.dirs, dd)
	}
	return sm
}

// Fork returns a Sampler with the same draws and its own random stream and
// buffers; the quantile tables are shared (read only).
func (sm *Sampler) Fork() Source {
	c := *sm
	c.src = rand.NewChaCha8([32]byte{})
	c.rng = rand.New(c.src)
	c.z = make([]float64, len(sm.z))
	c.indep = slices.Clone(sm.indep)
	for i := range c.indep {
		c.indep[i].gen = c.indep[i].dist.build(c.src)
	}
	c.dirs = slices.Clone(sm.dirs)
	for i := range c.dirs {
		c.dirs[i].logs = make([]float64, len(sm.dirs[i].logs))
	}
	return &c
}

// Fill writes iteration i's draws into x (a vector from Evaluator.Base);
// factors that are not uncertain keep their values.
func (sm *Sampler) Fill(i uint64, x []float64) {
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
		var q float64
		if c.sorted != nil {
			k := int(math.Ceil(normalCDF(v)*float64(len(c.sorted)))) - 1
			q = c.sorted[min(max(k, 0), len(c.sorted)-1)]
		} else {
			q = c.table.at(&c.dist, v)
		}
		x[c.index] = min(max(q, c.lo), c.hi)
	}
	for j := range sm.indep {
		d := &sm.indep[j]
		x[d.index] = min(max(d.gen.Rand(), d.lo), d.hi)
	}
	for j := range sm.dirs {
		sm.dirs[j].fill(sm.src, x)
	}
}

// fill draws one Dirichlet set into x.
func (d *dirichletDraw) fill(src rand.Source, x []float64) {
	sum := 0.0
	for k, i := range d.index {
		x[i] = distuv.Gamma{Alpha: d.alpha[k], Beta: 1, Src: src}.Rand()
		sum += x[i]
	}
	if sum > 0x1p-900 && !math.IsInf(sum, 0) {
		for _, i := range d.index {
			x[i] = d.total * (x[i] / sum)
		}
		return
	}
	// The draws underflowed (concentrations far below 1): draw again in
	// logarithms, log G(a) = log G(a+1) + log(U)/a, and normalise there.
	top := math.Inf(-1)
	for k, a := range d.alpha {
		g := distuv.Gamma{Alpha: a + 1, Beta: 1, Src: src}.Rand()
		d.logs[k] = math.Log(g) + math.Log(uniform(src))/a
		top = max(top, d.logs[k])
	}
	sum = 0
	for k := range d.alpha {
		sum += math.Exp(d.logs[k] - top)
	}
	for k, i := range d.index {
		x[i] = d.total * math.Exp(d.logs[k]-top) / sum
	}
}

// uniform draws from (0, 1], never 0, so that its logarithm is finite.
func uniform(src rand.Source) float64 {
	return float64(src.Uint64()>>11+1) / (1 << 53)
}
