package cba

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Uncertainty says which numbers of a scenario are uncertain and how: the
// input of a Monte Carlo run (Run). Numbers are named by their paths; a
// number written once and used at several paths (Scenario.Aliases) is one
// factor, named by any of them, and is drawn once.
type Uncertainty struct {
	Parameters   []Uncertain
	Correlations []Correlation
	Dirichlets   []Dirichlet
}

// Uncertain gives a number a distribution. Paths names the number (any one
// of its paths is enough; more paths tie them, as Scenario.Aliases does).
type Uncertain struct {
	Paths []string
	Dist  Distribution
}

// Correlation is a rank (Spearman) correlation between the draws of two
// uncertain numbers, each named by one of its paths. Draws honour it
// through a Gaussian copula: the normal-scale correlation is 2 sin(pi*Rank/6).
type Correlation struct {
	A, B string
	Rank float64
}

// Dirichlet draws shares whose sum is kept (the groups' shares, which sum
// to 1; or how a group's benefit receipt splits between benefits): with S
// the sum of the shares' values v_i, the shares are S times a Dirichlet
// draw with alpha_i = Concentration * v_i / S. Their means are the values
// and their sum is always S; larger concentrations mean less spread. Two
// entries that name the same numbers with the same concentration are one
// draw; a number in two different entries is an error.
type Dirichlet struct {
	Paths         []string
	Concentration float64
}

func (u Uncertainty) clone() Uncertainty {
	c := Uncertainty{Correlations: clone(u.Correlations)}
	if u.Parameters != nil {
		c.Parameters = make([]Uncertain, len(u.Parameters))
		for i, p := range u.Parameters {
			p.Paths = clone(p.Paths)
			p.Dist.Values = clone(p.Dist.Values)
			c.Parameters[i] = p
		}
	}
	if u.Dirichlets != nil {
		c.Dirichlets = make([]Dirichlet, len(u.Dirichlets))
		for i, d := range u.Dirichlets {
			d.Paths = clone(d.Paths)
			c.Dirichlets[i] = d
		}
	}
	return c
}

// UseMeans sets every number that has a distribution to its mean, in every
// place it is written: the value a deterministic evaluation uses. Package
// scenario calls it on load; in Go, call it after giving numbers
// distributions. Validate (and so Evaluate, NewEvaluator and Run) refuses a
// drawn number that holds anything else: a value written over it would be
// ignored. Change a drawn number with Set or Apply, which fix it.
func (s *Scenario) UseMeans() {
	if s == nil {
		return
	}
	var c errorList
	t := s.factors(&c)
	for fi, f := range t.factors {
		if f.Dist != nil {
			for _, r := range t.refs[fi] {
				r.set(f.Dist.Mean())
			}
		}
	}
}

// copulaFactor is the lower Cholesky factor (row-major) of the normal-scale
// correlation matrix of the correlated factors.
type copulaFactor struct {
	members []int // factors
	l       []float64
}

// copula returns the correlated factors and the Cholesky factor of their
// normal-scale correlation matrix, or the correlation whose addition makes
// the matrix not positive definite (its index in t.corrs).
func (t *factorTable) copula() (chol copulaFactor, bad int) {
	pos := map[int]int{}
	var members []int
	for _, cr := range t.corrs {
		for _, fi := range []int{cr.a, cr.b} {
			if _, ok := pos[fi]; !ok {
				pos[fi] = len(members)
				members = append(members, fi)
			}
		}
	}
	n := len(members)
	if n == 0 {
		return copulaFactor{}, -1
	}
	corr := mat.NewSymDense(n, nil)
	for i := range n {
		corr.SetSym(i, i, 1)
	}
	var ch mat.Cholesky
	for k, cr := range t.corrs {
		corr.SetSym(pos[cr.a], pos[cr.b], 2*math.Sin(math.Pi*cr.rank/6))
		if !ch.Factorize(corr) {
			return copulaFactor{}, k
		}
	}
	var l mat.TriDense
	ch.LTo(&l)
	f := copulaFactor{members: members, l: make([]float64, n*n)}
	for i := range n {
		for j := 0; j <= i; j++ {
			f.l[i*n+j] = l.At(i, j)
		}
	}
	return f, -1
}

// checkCopula reports the first correlation that makes the matrix not
// positive definite.
func (t *factorTable) checkCopula(c *errorList) {
	if _, bad := t.copula(); bad >= 0 {
		cr := t.corrs[bad]
		c.add(fmt.Sprintf("uncertainty.correlations[%d]", cr.entry),
			"the correlation of %s and %s (%s) makes the correlation matrix not positive definite with the ones before it",
			cr.pa, cr.pb, formatNumber(cr.rank))
	}
}
