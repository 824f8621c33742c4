package cba

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// Sampler draws the uncertain factors of a scenario into parameter vectors:
// the Source of a Monte Carlo run. Each factor draws from a random stream
// of its own, keyed by the seed, the factor's name (its first path, not
// its place in the vector) and the iteration: so any iteration can be drawn
// alone, in any order, by any worker, with the same result, and fixing,
// adding or removing one factor leaves every other factor's draws as they
// were (common random numbers). A Dirichlet entry's shares each draw their
// gamma variate from their own streams, and correlated factors their
// normal scores (the package documentation says what happens inside a
// set when one of its members is fixed). Each factor is drawn once,
// whatever the number of places it is written in. Draws stay within the
// factor's range (Distribution.Range).
//
// A Sampler is not safe for concurrent use; Fork one per goroutine.
type Sampler struct {
	pcg   rand.PCG   // reseeded for each factor's stream
	rng   *rand.Rand // over pcg
	indep []draw     // drawn independently, in the order of Uncertainty.Parameters
	corr  []draw     // drawn through the copula, in copula order
	l     []float64
	z     []float64
	dirs  []dirichletDraw
}

// streamKey keys a factor's stream: a SHA-256 of the seed and the
// factor's name, taken once when the Sampler is made.
type streamKey struct{ a, b uint64 }

func newStreamKey(seed uint64, name string) streamKey {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], seed)
	h := sha256.New()
	h.Write(buf[:])
	h.Write([]byte(name))
	sum := h.Sum(nil)
	return streamKey{binary.LittleEndian.Uint64(sum[0:]), binary.LittleEndian.Uint64(sum[8:])}
}

// seed starts the stream of key at iteration i: a PCG whose 128-bit state
// is the key mixed with i (splitmix64's finaliser, a bijection, so that
// two iterations never share a state).
func (sm *Sampler) seed(k streamKey, i uint64) {
	x := i + 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	sm.pcg.Seed(k.a^x, k.b+i)
}

type draw struct {
	dist   Distribution
	index  int            // vector position
	lo, hi float64        // the range draws are kept in
	table  *quantileTable // correlated draws: the quantile by normal score
	sorted []float64      // correlated discrete draws: the values, sorted
	key    streamKey
	// For an independent draw: the family's generators.
	g1, g2 gammaGen
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

// tables keeps the quantile tables made, by distribution: runs, analyses
// and the page's what-ifs make samplers again and again for the same few
// distributions, and a table costs 2,049 inversions (milliseconds for a
// beta, gamma or PERT). Tables are never written once made, so any goroutine may
// read one. At most tablesKept are kept; the next one starts afresh.
var tables struct {
	sync.Mutex
	of map[tableKey]*quantileTable
}

const tablesKept = 64

// tableKey is a distribution without its discrete values (a discrete
// distribution has no table).
type tableKey struct {
	kind                                              DistKind
	mu, sigma, shape, rate, alpha, beta, lo, mode, hi float64
}

// quantileTableOf returns d's table, made once.
func quantileTableOf(d *Distribution) *quantileTable {
	key := tableKey{d.Kind, d.Mu, d.Sigma, d.Shape, d.Rate, d.Alpha, d.Beta, d.Min, d.Mode, d.Max}
	tables.Lock()
	t, ok := tables.of[key]
	tables.Unlock()
	if ok {
		return t
	}
	t = newQuantileTable(d) // outside the lock: other goroutines go on
	tables.Lock()
	defer tables.Unlock()
	if len(tables.of) >= tablesKept || tables.of == nil {
		tables.of = map[tableKey]*quantileTable{}
	}
	tables.of[key] = t
	return t
}

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
// by their sum (as gonum's distmv.Dirichlet does), each from the stream of
// its share; in logarithms when a concentration is below 1, where draws
// can underflow.
type dirichletDraw struct {
	alpha []float64
	total float64 // the sum the shares keep
	index []int   // vector positions
	keys  []streamKey
	gens  []gammaGen
	logs  []float64 // scratch
	small bool      // some alpha is below 1
}

// gammaGen draws Gamma(alpha, 1) by Marsaglia and Tsang's method ("A
// simple method for generating gamma variables", ACM TOMS 26(3), 2000):
// for alpha >= 1 directly; for alpha < 1 as a Gamma(alpha+1) draw times
// U^(1/alpha), whose logarithm is kept apart so that tiny shapes do not
// underflow.
type gammaGen struct {
	d, c  float64 // d = a - 1/3 for the shape a drawn directly, c = 1/sqrt(9d)
	inv   float64 // 1/alpha when alpha < 1
	small bool
}

func newGammaGen(alpha float64) gammaGen {
	g := gammaGen{small: alpha < 1}
	a := alpha
	if g.small {
		a, g.inv = alpha+1, 1/alpha
	}
	g.d = a - 1.0/3
	g.c = 1 / math.Sqrt(9*g.d)
	return g
}

// draw returns a Gamma(alpha, 1) variate as v * exp(logScale): logScale is
// 0 for alpha >= 1.
func (g *gammaGen) draw(r *rand.Rand) (v, logScale float64) {
	for {
		x := r.NormFloat64()
		t := 1 + g.c*x
		if t <= 0 {
			continue
		}
		t = t * t * t
		u := r.Float64()
		if u < 1-0.0331*(x*x)*(x*x) || math.Log(u) < 0.5*x*x+g.d*(1-t+math.Log(t)) {
			v = g.d * t
			break
		}
	}
	if g.small {
		logScale = math.Log(float64(r.Uint64()>>11+1)/(1<<53)) * g.inv // U in (0, 1]
	}
	return v, logScale
}

// value returns a Gamma(alpha, 1) variate (0 when it underflows).
func (g *gammaGen) value(r *rand.Rand) float64 {
	v, l := g.draw(r)
	if l != 0 {
		v *= math.Exp(l)
	}
	return v
}

// beta draws Beta(a, b) from two gamma variates, in logarithms when one
// of them may underflow.
func beta(r *rand.Rand, a, b *gammaGen) float64 {
	ga, la := a.draw(r)
	gb, lb := b.draw(r)
	if la == 0 && lb == 0 {
		return ga / (ga + gb)
	}
	return 1 / (1 + math.Exp(math.Log(gb)+lb-math.Log(ga)-la))
}

// NewSampler returns a Sampler for the evaluator's scenario and seed.
func (ev *Evaluator) NewSampler(seed uint64) *Sampler {
	t := ev.tab
	sm := &Sampler{}
	sm.rng = rand.New(&sm.pcg)
	newDraw := func(fi int) draw {
		f := &t.factors[fi]
		dr := draw{dist: *f.Dist, index: f.Index, key: newStreamKey(seed, f.Name)}
		dr.lo, dr.hi = f.Dist.Range(f.Bound)
		dr.prepare()
		return dr
	}
	chol, _ := t.copula() // Validate has checked it
	for _, fi := range chol.members {
		dr := newDraw(fi)
		switch dr.dist.Kind {
		case Discrete:
			dr.sorted = slices.Sorted(slices.Values(dr.dist.Values))
		case Normal, LogNormal: // the quantile in closed form
		default:
			dr.table = quantileTableOf(&dr.dist)
		}
		sm.corr = append(sm.corr, dr)
	}
	sm.l, sm.z = chol.l, make([]float64, len(chol.members))
	// Independent draws in the order the scenario lists its uncertain
	// numbers (each from its own stream: the order changes no draw).
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
			dd.keys = append(dd.keys, newStreamKey(seed, t.factors[fi].Name))
		}
		for _, i := range dd.index {
			a := d.concentration * ev.base[i] / dd.total
			dd.alpha = append(dd.alpha, a)
			dd.gens = append(dd.gens, newGammaGen(a))
			dd.small = dd.small || a < 1
		}
		sm.dirs = append(sm.dirs, dd)
	}
	return sm
}

// prepare makes the gamma generators of an independent draw.
func (dr *draw) prepare() {
	switch d := &dr.dist; d.Kind {
	case Gamma:
		dr.g1 = newGammaGen(d.Shape)
	case Beta:
		dr.g1, dr.g2 = newGammaGen(d.Alpha), newGammaGen(d.Beta)
	case PERT:
		pb := d.pertBeta(nil)
		dr.g1, dr.g2 = newGammaGen(pb.Alpha), newGammaGen(pb.Beta)
	}
}

// Fork returns a Sampler with the same draws and its own random stream and
// buffers; the quantile tables are shared (read only).
func (sm *Sampler) Fork() Source {
	c := &Sampler{indep: sm.indep, corr: sm.corr, l: sm.l, z: make([]float64, len(sm.z)), dirs: slices.Clone(sm.dirs)}
	c.rng = rand.New(&c.pcg)
	for i := range c.dirs {
		c.dirs[i].logs = make([]float64, len(sm.dirs[i].logs))
	}
	return c
}

// Fill writes iteration i's draws into x (a vector from Evaluator.Base);
// factors that are not uncertain keep their values.
func (sm *Sampler) Fill(i uint64, x []float64) {
	r := sm.rng
	for j := range sm.corr {
		sm.seed(sm.corr[j].key, i)
		sm.z[j] = r.NormFloat64()
	}
	n := len(sm.z)
	for j := range sm.corr {
		v := 0.0
		for k := 0; k <= j; k++ {
			v += sm.l[j*n+k] * sm.z[k]
		}
		c := &sm.corr[j]
		x[c.index] = min(max(c.atScore(v), c.lo), c.hi)
	}
	for j := range sm.indep {
		d := &sm.indep[j]
		sm.seed(d.key, i)
		x[d.index] = min(max(d.independent(r), d.lo), d.hi)
	}
	for j := range sm.dirs {
		sm.dirs[j].fill(sm, i, x)
	}
}

// atScore is a correlated draw's value at normal score v, before it is
// kept within its range.
func (dr *draw) atScore(v float64) float64 {
	d := &dr.dist
	switch {
	case d.Kind == Normal:
		return d.Mu + d.Sigma*v
	case d.Kind == LogNormal:
		return math.Exp(d.Mu + d.Sigma*v)
	case dr.sorted != nil:
		k := int(math.Ceil(normalCDF(v)*float64(len(dr.sorted)))) - 1
		return dr.sorted[min(max(k, 0), len(dr.sorted)-1)]
	}
	return dr.table.at(d, v)
}

// independent draws the factor from r, by its family's own method. A
// normal or log-normal factor takes the normal score its stream begins
// with, as the copula does: a factor that leaves a correlated pair in
// which it came first keeps its draws.
func (dr *draw) independent(r *rand.Rand) float64 {
	d := &dr.dist
	switch d.Kind {
	case Normal:
		return d.Mu + d.Sigma*r.NormFloat64()
	case LogNormal:
		return math.Exp(d.Mu + d.Sigma*r.NormFloat64())
	case Gamma:
		return dr.g1.value(r) / d.Rate
	case Beta:
		return beta(r, &dr.g1, &dr.g2)
	case PERT:
		return d.Min + (d.Max-d.Min)*beta(r, &dr.g1, &dr.g2)
	case Uniform:
		return d.Min + (d.Max-d.Min)*r.Float64()
	case Triangular:
		u, w := r.Float64(), d.Max-d.Min
		if u < (d.Mode-d.Min)/w {
			return d.Min + math.Sqrt(u*w*(d.Mode-d.Min))
		}
		return d.Max - math.Sqrt((1-u)*w*(d.Max-d.Mode))
	case Discrete:
		return d.Values[r.IntN(len(d.Values))]
	}
	return math.NaN() // a family Validate refuses
}

// fill draws one Dirichlet set into x: each share's gamma variate from its
// own stream, divided by their sum.
func (d *dirichletDraw) fill(sm *Sampler, i uint64, x []float64) {
	r := sm.rng
	if !d.small {
		sum := 0.0
		for k, at := range d.index {
			sm.seed(d.keys[k], i)
			x[at] = d.gens[k].value(r)
			sum += x[at]
		}
		for _, at := range d.index {
			x[at] = d.total * (x[at] / sum)
		}
		return
	}
	// A concentration below 1: in logarithms, normalised at the largest.
	top := math.Inf(-1)
	for k := range d.index {
		sm.seed(d.keys[k], i)
		v, l := d.gens[k].draw(r)
		d.logs[k] = math.Log(v) + l
		top = max(top, d.logs[k])
	}
	sum := 0.0
	for k := range d.index {
		sum += math.Exp(d.logs[k] - top)
	}
	for k, at := range d.index {
		x[at] = d.total * math.Exp(d.logs[k]-top) / sum
	}
}
