package cba

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Block is a set of uncertain factors that a scenario's uncertainty draws
// together: one factor drawn on its own, the shares of one Dirichlet entry,
// or factors joined by rank correlations. Blocks are independent of each
// other; the factors within a block with more than one are not, so
// analyses that assume independent inputs (Sobol indices) treat a block as
// one input.
type Block struct {
	// Name is the factor's name, or for a dependent block
	// "uncertainty.dirichlet[i]" or "correlated: a, b, ...".
	Name string
	// Factors are the block's factors, as indexes into Evaluator.Factors.
	Factors []int
	// Dependent says that the factors are drawn jointly (a Dirichlet entry
	// or correlated factors).
	Dependent bool
}

// UnitCube maps points of the unit hypercube to parameter vectors with the
// scenario's uncertainty, so that designed experiments (a Sobol design,
// Morris trajectories) can sample the scenario's distributions: a point
// has one coordinate per uncertain factor, in the order of the blocks
// (Blocks) and of each block's factors. A factor drawn on its own is its
// distribution's quantile at its coordinate; correlated factors take the
// quantiles of normal scores through the Gaussian copula, as the Monte
// Carlo sampler does; a Dirichlet entry's shares are gamma quantiles,
// normalised. Points drawn uniformly from the cube therefore give vectors
// with the same distribution as the Sampler's draws. Values stay within
// each factor's range (Distribution.Range).
//
// A UnitCube is not safe for concurrent use; Clone one per goroutine.
type UnitCube struct {
	blocks []Block
	maps   []cubeMap // per block
	dims   int
	z      []float64 // scratch: normal scores, gamma draws
}

// cubeMap maps one block's coordinates.
type cubeMap struct {
	from, n int // the block's coordinates: from .. from+n-1
	// A factor on its own, or the members of a correlated block.
	draws []draw
	l     []float64 // correlated: Cholesky factor of the block's normal-scale correlations (n x n)
	// A Dirichlet entry.
	dir *dirichletDraw
}

// UnitCube returns the map from the unit hypercube to the evaluator's
// parameter vectors.
func (ev *Evaluator) UnitCube() *UnitCube {
	t := ev.tab
	c := &UnitCube{}
	newDraw := func(fi int) draw {
		f := &t.factors[fi]
		dr := draw{dist: *f.Dist, index: f.Index}
		dr.lo, dr.hi = f.Dist.Range(f.Bound)
		if dr.dist.Kind == Discrete {
			dr.sorted = slices.Sorted(slices.Values(dr.dist.Values))
		} else {
			dr.table = quantileTableOf(&dr.dist)
		}
		return dr
	}
	add := func(b Block, m cubeMap) {
		m.from, m.n = c.dims, len(b.Factors)
		c.dims += m.n
		c.blocks = append(c.blocks, b)
		c.maps = append(c.maps, m)
	}
	// Correlated factors, one block per connected set.
	for _, cluster := range t.correlatedClusters() {
		var names []string
		var draws []draw
		for _, fi := range cluster {
			names = append(names, t.factors[fi].Name)
			draws = append(draws, newDraw(fi))
		}
		add(Block{Name: "correlated: " + strings.Join(names, ", "), Factors: cluster, Dependent: true},
			cubeMap{draws: draws, l: t.clusterCholesky(cluster)})
	}
	// Factors drawn on their own, in the order of the factor list.
	for fi := range t.factors {
		if f := &t.factors[fi]; f.Dist != nil && !f.Correlated {
			add(Block{Name: f.Name, Factors: []int{fi}}, cubeMap{draws: []draw{newDraw(fi)}})
		}
	}
	for _, d := range t.dirs {
		dd := &dirichletDraw{}
		for _, fi := range d.factors {
			dd.total += ev.base[t.factors[fi].Index]
			dd.index = append(dd.index, t.factors[fi].Index)
		}
		for _, i := range dd.index {
			dd.alpha = append(dd.alpha, d.concentration*ev.base[i]/dd.total)
		}
		add(Block{Name: fmt.Sprintf("uncertainty.dirichlet[%d]", d.entry), Factors: slices.Clone(d.factors), Dependent: true},
			cubeMap{dir: dd})
	}
	c.z = make([]float64, c.dims)
	return c
}

// Blocks returns the blocks of the cube's coordinates, in order.
func (c *UnitCube) Blocks() []Block {
	out := slices.Clone(c.blocks)
	for i := range out {
		out[i].Factors = slices.Clone(out[i].Factors)
	}
	return out
}

// Dims returns the number of coordinates of a point: the number of
// uncertain factors.
func (c *UnitCube) Dims() int { return c.dims }

// Clone returns a UnitCube with the same map and its own buffers.
func (c *UnitCube) Clone() *UnitCube {
	d := *c
	d.z = make([]float64, len(c.z))
	return &d
}

// Map writes the parameter vector of point u (Dims coordinates, each in
// [0, 1]) into x, a vector from Evaluator.Base: the uncertain factors take
// their values; the others keep theirs.
func (c *UnitCube) Map(u, x []float64) {
	for b := range c.maps {
		c.MapBlock(b, u, x)
	}
}

// MapBlock writes the values of block b's factors at point u into x: Map
// for one block, so that a design that varies some blocks leaves the
// others' entries of x alone.
func (c *UnitCube) MapBlock(b int, u, x []float64) {
	m := &c.maps[b]
	u = u[m.from : m.from+m.n]
	switch {
	case m.dir != nil:
		m.dir.fromUniform(u, c.z[:m.n], x)
	case m.l == nil:
		d := &m.draws[0]
		x[d.index] = d.quantile(normalQuantile(u[0]))
	default:
		z := c.z[:m.n]
		for j := range z {
			z[j] = normalQuantile(u[j])
		}
		for j := range m.draws {
			v := 0.0
			for i := 0; i <= j; i++ {
				v += m.l[j*m.n+i] * z[i]
			}
			x[m.draws[j].index] = m.draws[j].quantile(v)
		}
	}
}

// quantile returns the draw's value at normal score z (the quantile at
// Phi(z)), within its range.
func (dr *draw) quantile(z float64) float64 {
	var q float64
	if dr.sorted != nil {
		k := int(math.Ceil(normalCDF(z)*float64(len(dr.sorted)))) - 1
		q = dr.sorted[min(max(k, 0), len(dr.sorted)-1)]
	} else {
		q = dr.table.at(&dr.dist, z)
	}
	return min(max(q, dr.lo), dr.hi)
}

// normalQuantile is the standard normal quantile function, finite at 0 and
// 1 (the ends map to the quantile table's ends).
func normalQuantile(p float64) float64 {
	if !(p > 0) {
		return -tableZ
	}
	if p >= 1 {
		return tableZ
	}
	return min(max(distuv.UnitNormal.Quantile(p), -tableZ-1), tableZ+1)
}

// fromUniform sets the shares from the gamma quantiles at u, normalised.
func (d *dirichletDraw) fromUniform(u, g, x []float64) {
	sum := 0.0
	for k, a := range d.alpha {
		p := min(max(u[k], 1e-12), 1-1e-12)
		g[k] = distuv.Gamma{Alpha: a, Beta: 1}.Quantile(p)
		sum += g[k]
	}
	for k, i := range d.index {
		if sum > 0 {
			x[i] = d.total * g[k] / sum
		} else {
			x[i] = d.total / float64(len(d.index))
		}
	}
}

// correlatedClusters returns the correlated factors as connected sets,
// each in the order the factors are listed.
func (t *factorTable) correlatedClusters() [][]int {
	u := make(unionFind, len(t.factors))
	for i := range u {
		u[i] = i
	}
	for _, cr := range t.corrs {
		u.join(cr.a, cr.b)
	}
	byRoot := map[int][]int{}
	var roots []int
	for fi := range t.factors {
		if !t.factors[fi].Correlated {
			continue
		}
		r := u.find(fi)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], fi)
	}
	var out [][]int
	for _, r := range roots {
		out = append(out, byRoot[r])
	}
	return out
}

// clusterCholesky returns the Cholesky factor of the normal-scale
// correlation matrix of one correlated set, row-major.
func (t *factorTable) clusterCholesky(cluster []int) []float64 {
	chol, _ := t.copula() // Validate has checked it
	n, all := len(cluster), len(chol.members)
	pos := map[int]int{}
	for i, fi := range chol.members {
		pos[fi] = i
	}
	// The factor of the whole copula is block diagonal by connected sets
	// (no fill-in between sets with no correlation): the cluster's rows
	// and columns of it are the cluster's own factor.
	l := make([]float64, n*n)
	for i, fi := range cluster {
		for j, fj := range cluster {
			l[i*n+j] = chol.l[pos[fi]*all+pos[fj]]
		}
	}
	return l
}

// Quantile returns the quantile at probability p of the marginal
// distribution of factor i (an index into Factors): its own distribution,
// or for a share of a Dirichlet entry the scaled beta distribution of that
// share; within the factor's range. It returns false for a factor that is
// not uncertain, and NaN and false for p outside [0, 1].
func (ev *Evaluator) Quantile(i int, p float64) (float64, bool) {
	if i < 0 || i >= len(ev.tab.factors) {
		return 0, false
	}
	if !(p >= 0 && p <= 1) {
		return math.NaN(), false
	}
	f := &ev.tab.factors[i]
	switch {
	case f.Dist != nil:
		lo, hi := f.Dist.Range(f.Bound)
		return min(max(f.Dist.Quantile(p), lo), hi), true
	case f.Dirichlet >= 0:
		for _, d := range ev.tab.dirs {
			if !slices.Contains(d.factors, i) {
				continue
			}
			total := 0.0
			for _, fi := range d.factors {
				total += ev.base[ev.tab.factors[fi].Index]
			}
			a := d.concentration * ev.base[f.Index] / total
			return total * distuv.Beta{Alpha: a, Beta: d.concentration - a}.Quantile(p), true
		}
	}
	return 0, false
}
