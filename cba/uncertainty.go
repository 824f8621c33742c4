package cba

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Uncertainty says which parameters of a scenario are uncertain and how: the
// input of a Monte Carlo run (Run). Parameters are named by their paths.
type Uncertainty struct {
	Parameters   []Uncertain
	Correlations []Correlation
	Dirichlets   []Dirichlet
}

// Uncertain is one draw from Dist given to every parameter in Paths: usually
// one path; several when a scenario file writes one number for them all.
type Uncertain struct {
	Paths []string
	Dist  Distribution
}

// Correlation is a rank (Spearman) correlation between the draws of two
// uncertain parameters, each named by one of its paths. Draws honour it
// through a Gaussian copula: the normal-scale correlation is 2 sin(pi*Rank/6).
type Correlation struct {
	A, B string
	Rank float64
}

// Dirichlet draws shares whose sum is fixed (the groups' shares, which sum
// to 1; or how a group's benefit receipt splits between benefits): with S
// the sum of the base values base_i (the parameters' values), the shares are
// S times a Dirichlet draw with alpha_i = Concentration * base_i / S. Their
// means are the base values and their sum is always S; larger
// concentrations mean less spread.
type Dirichlet struct {
	Paths         []string
	Concentration float64
}

// UseMeans sets every uncertain parameter to its distribution's mean, the
// value a deterministic evaluation uses. Package scenario calls it on load.
func (s *Scenario) UseMeans() {
	for _, u := range s.Uncertainty.Parameters {
		for _, p := range u.Paths {
			s.Set(p, u.Dist.Mean()) // paths are checked by Validate
		}
	}
}

// checkUncertainty checks that every path exists, that each distribution is
// possible and fits its parameter's bound, that no parameter is uncertain
// twice, and that the correlations form a positive definite matrix.
func (s *Scenario) checkUncertainty(c *checker) {
	u := &s.Uncertainty
	if len(u.Parameters)+len(u.Correlations)+len(u.Dirichlets) == 0 {
		return
	}
	bounds := map[string]Bound{}
	values := map[string]float64{}
	s.walk(func(path string, v *float64, b Bound) { bounds[path], values[path] = b, *v })
	owner := map[string]int{} // path -> index of its Uncertain, or -1 for Dirichlet
	for i, p := range u.Parameters {
		if msg := p.Dist.Check(); msg != "" {
			for _, path := range p.Paths {
				c.add(path+".distribution", "%s", msg)
			}
			continue
		}
		for _, path := range p.Paths {
			b, ok := bounds[path]
			switch {
			case !ok:
				c.add(path, "no such parameter in this scenario")
			case owner[path] != 0:
				c.add(path, "has two distributions")
			case isGroupShare(path):
				c.add(path+".distribution", "the groups' shares must sum to 1: draw them together under uncertainty.dirichlet")
			default:
				if msg := p.Dist.Fits(b); msg != "" {
					c.add(path+".distribution", "%s", msg)
				}
				owner[path] = i + 1
			}
		}
	}
	for i, d := range u.Dirichlets {
		p := fmt.Sprintf("uncertainty.dirichlet[%d]", i)
		if !(d.Concentration > 0) || math.IsInf(d.Concentration, 0) {
			c.add(p+".concentration", "must be > 0, got %v", d.Concentration)
		}
		if len(d.Paths) < 2 {
			c.add(p+".shares", "needs at least two shares")
		}
		sum := 0.0
		for _, path := range d.Paths {
			b, ok := bounds[path]
			switch {
			case !ok:
				c.add(p+".shares", "no such parameter: %s", path)
			case b != Unit:
				c.add(p+".shares", "%s is not a share", path)
			case owner[path] != 0:
				c.add(p+".shares", "%s has another distribution", path)
			case values[path] <= 0:
				c.add(p+".shares", "%s must be > 0 to have a Dirichlet mean, got %v", path, values[path])
			}
			owner[path] = -1
			sum += values[path]
		}
	}
	for i, cr := range u.Correlations {
		p := fmt.Sprintf("uncertainty.correlations[%d]", i)
		if !(cr.Rank >= -1 && cr.Rank <= 1) {
			c.add(p+".rank", "must be in [-1, 1], got %v", cr.Rank)
		}
		for _, path := range []string{cr.A, cr.B} {
			if owner[path] <= 0 {
				c.add(p+".between", "%s has no distribution of its own to correlate", path)
			}
		}
		if cr.A == cr.B || (owner[cr.A] > 0 && owner[cr.A] == owner[cr.B]) {
			c.add(p+".between", "correlates %s with itself", cr.A)
		}
	}
	if len(c.errs) == 0 {
		if _, bad := s.copula(); bad >= 0 {
			cr := u.Correlations[bad]
			c.add(fmt.Sprintf("uncertainty.correlations[%d]", bad),
				"the correlation of %s and %s (%v) makes the correlation matrix not positive definite with the ones before it", cr.A, cr.B, cr.Rank)
		}
	}
}

// copula returns the correlated parameters (indexes into
// Uncertainty.Parameters) and the Cholesky factor of their normal-scale
// correlation matrix, or the index of the first correlation whose addition
// makes the matrix not positive definite.
func (s *Scenario) copula() (chol copulaFactor, bad int) {
	u := &s.Uncertainty
	index := map[string]int{}
	for i, p := range u.Parameters {
		for _, path := range p.Paths {
			index[path] = i
		}
	}
	var members []int
	pos := map[int]int{}
	for _, cr := range u.Correlations {
		for _, path := range []string{cr.A, cr.B} {
			if i := index[path]; !hasKey(pos, i) {
				pos[i] = len(members)
				members = append(members, i)
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
	for k, cr := range u.Correlations {
		a, b := pos[index[cr.A]], pos[index[cr.B]]
		corr.SetSym(a, b, 2*math.Sin(math.Pi*cr.Rank/6))
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

func hasKey(m map[int]int, k int) bool { _, ok := m[k]; return ok }

// isGroupShare says whether path is a group's share of the population.
func isGroupShare(path string) bool {
	parts := strings.Split(path, ".")
	return len(parts) == 3 && parts[0] == "groups" && parts[2] == "share"
}

// copulaFactor is the lower Cholesky factor (row-major) of the normal-scale
// correlation matrix of the correlated parameters.
type copulaFactor struct {
	members []int
	l       []float64
}
