package sensitivity

import (
	"context"
	"errors"
	"fmt"
	"math"

	"ipscba/cba"
)

// Quantity is a number that enters NPVs linearly, so that an acceptability
// curve over it needs one Monte Carlo run, not one a point.
type Quantity int

const (
	// NonMarketValue is the value put on a participant-month in work for
	// quality of life (perspective.non_market.per_employed_month), counted
	// in society's NPV: society's NPV at value v is its NPV without the
	// non-market value plus v times the discounted employed months gained.
	// The curve counts it at every point, also when the scenario leaves it
	// out.
	NonMarketValue Quantity = iota + 1
	// FinancingCost is the marginal cost of public funds
	// (perspective.marginal_cost_of_public_funds): society's NPV at lambda
	// is its NPV less the iteration's lambda times the public NPV, plus
	// lambda times the public NPV.
	FinancingCost
	// CostMultiplier scales every programme cost (of every arm): a
	// perspective's NPV at k is NPV - (k-1) * ProgrammeCostBorne.
	CostMultiplier
)

var quantityNames = map[Quantity]string{NonMarketValue: "non_market", FinancingCost: "marginal_cost_of_public_funds", CostMultiplier: "cost_multiplier"}

// String returns the quantity's name.
func (q Quantity) String() string {
	if s, ok := quantityNames[q]; ok {
		return s
	}
	return fmt.Sprintf("Quantity(%d)", int(q))
}

// QuantityOf returns the quantity named s (as String gives it), or false.
func QuantityOf(s string) (Quantity, bool) {
	for q, name := range quantityNames {
		if name == s {
			return q, true
		}
	}
	return 0, false
}

// AcceptOptions control an acceptability analysis.
type AcceptOptions struct {
	// Group is whose NPVs (default "population").
	Group string
	// Iterations, Seed and Workers are the Monte Carlo run's (default
	// 1,000 iterations).
	Iterations int
	Seed       uint64
	Workers    int
	Progress   func(done, total int)
}

// Curve is an acceptability curve: for each perspective and each value of
// a quantity, the probability that each arm has the largest NPV (the
// comparator's being 0), over one Monte Carlo run's iterations.
type Curve struct {
	Quantity     Quantity
	Values       []float64
	Perspectives []string
	// Arms: the comparator first, then the other arms.
	Arms []string
	// P[p][v][a] is the probability that arm a is best in perspective p at
	// Values[v]; a tie goes to the earlier arm (the comparator first), so
	// that the probabilities of the arms sum to 1.
	P          [][][]float64
	Iterations int
	Seed       uint64
}

// Positive returns P(NPV > 0) of arm (not the comparator) in perspective
// p at each value: with two arms, the acceptability curve of cost-benefit
// analysis.
func (c *Curve) Positive(p, arm int) []float64 {
	out := make([]float64, len(c.Values))
	for v := range c.Values {
		out[v] = c.P[p][v][arm]
	}
	return out
}

// Acceptability computes the acceptability curve over quantity q at the
// given values from one Monte Carlo run: each iteration's NPVs and the
// components that the quantity multiplies (stored as the run's outputs),
// so that the curve at any value equals a run with the quantity fixed at
// that value in every iteration, exactly where the NPV is linear in it.
func Acceptability(ctx context.Context, ev *cba.Evaluator, q Quantity, values []float64, opt AcceptOptions) (*Curve, error) {
	if ev == nil {
		return nil, errors.New("acceptability: no evaluator (make one with cba.NewEvaluator)")
	}
	if opt.Group == "" {
		opt.Group = cba.Population
	}
	if opt.Iterations == 0 {
		opt.Iterations = 1000
	}
	factor, err := checkQuantity(ev, q, values)
	if err != nil {
		return nil, err
	}
	s := ev.Scenario(nil)
	persp := ev.NewResult().Perspectives
	c := &Curve{Quantity: q, Values: values, Perspectives: persp, Arms: []string{s.Comparator}, Iterations: opt.Iterations, Seed: opt.Seed}
	arms, cols, err := acceptColumns(ev, s, q, persp, opt.Group)
	if err != nil {
		return nil, err
	}
	c.Arms = append(c.Arms, arms...)
	tally := &acceptTally{q: q, values: values, perspectives: len(persp), cols: cols, factor: factor,
		included: q != NonMarketValue || s.Perspective.NonMarket.Include,
		wins:     make([]int64, len(persp)*len(values)*(len(cols)+1))}
	_, err = ev.Run(ctx, cba.Options{Iterations: opt.Iterations, Seed: opt.Seed, Workers: opt.Workers, Progress: opt.Progress, Each: tally.add})
	if err != nil {
		return nil, err
	}
	c.P = tally.probabilities(opt.Iterations)
	return c, nil
}

// quantityPath returns the scenario path of the factor that is quantity q
// ("" for CostMultiplier, which is no factor of the scenario).
func quantityPath(q Quantity) (string, error) {
	switch q {
	case NonMarketValue:
		return "perspective.non_market.per_employed_month", nil
	case FinancingCost:
		return "perspective.marginal_cost_of_public_funds", nil
	case CostMultiplier:
		return "", nil
	}
	return "", cba.Errorf("acceptability: unknown quantity %d", int(q))
}

// checkQuantity refuses values of q that are not finite numbers of 0 or
// more, or above the bound of its factor, and returns the factor's vector
// position (-1: the quantity is no factor).
func checkQuantity(ev *cba.Evaluator, q Quantity, values []float64) (int, error) {
	if len(values) == 0 {
		return -1, cba.Errorf("acceptability: no values of %s", q)
	}
	path, err := quantityPath(q)
	if err != nil {
		return -1, err
	}
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return -1, cba.Errorf("acceptability: %s = %g: want a finite number, 0 or more", q, v)
		}
	}
	if q == FinancingCost && ev.Model().Scenario().Perspective.FinancingOnSpending {
		return -1, cba.Errorf("acceptability: %s: the scenario charges it on public spending only (perspective.financing_on_spending), where society's NPV does not move with the public NPV", q)
	}
	if path == "" {
		return -1, nil
	}
	f, ok := ev.Factor(path)
	if !ok {
		return -1, cba.Errorf("acceptability: no factor %s", path)
	}
	for _, v := range values {
		if v > f.Bound.Max {
			return -1, cba.Errorf("acceptability: %s = %g: above its bound %g", q, v, f.Bound.Max)
		}
	}
	return f.Index, nil
}

// acceptColumn is where an arm's NPV in a perspective stands among the
// run's outputs, and where the component the quantity multiplies in it
// (its slope; -1: the NPV does not depend on the quantity).
type acceptColumn struct{ npv, slope int }

// acceptColumns returns the arms other than the comparator and, for each
// of them and each perspective, the outputs of its NPV over the comparator
// in group and of the NPV's slope in quantity q.
func acceptColumns(ev *cba.Evaluator, s *cba.Scenario, q Quantity, persp []string, group string) ([]string, [][]acceptColumn, error) {
	var arms []string
	var cols [][]acceptColumn // [arm][perspective]
	for _, a := range s.Arms {
		if a.Name == s.Comparator {
			continue
		}
		arms = append(arms, a.Name)
		var row []acceptColumn
		for _, p := range persp {
			key := cba.OutputKey{Arm: a.Name, Comparator: s.Comparator, Group: group, Measure: cba.NPV, Perspective: p}
			n, err := outputIndex(ev, key)
			if err != nil {
				return nil, nil, cba.Errorf("acceptability: %w", err)
			}
			col := acceptColumn{npv: n, slope: -1}
			if sk, ok := slopeKey(q, key); ok {
				if col.slope, err = outputIndex(ev, sk); err != nil {
					return nil, nil, cba.Errorf("acceptability: %w", err)
				}
			}
			row = append(row, col)
		}
		cols = append(cols, row)
	}
	return arms, cols, nil
}

// slopeKey returns the output that quantity q multiplies in the NPV key,
// or false when that NPV does not depend on q: the programme cost borne
// (CostMultiplier, in every perspective); in society's NPV, the discounted
// employed months gained (NonMarketValue) or the public NPV
// (FinancingCost).
func slopeKey(q Quantity, key cba.OutputKey) (cba.OutputKey, bool) {
	switch {
	case q == CostMultiplier:
		key.Measure = cba.ProgrammeCostBorne
		return key, true
	case key.Perspective != cba.Society:
		return key, false
	case q == NonMarketValue:
		return cba.OutputKey{Arm: key.Arm, Comparator: key.Comparator, Group: key.Group, Measure: cba.DiscountedEmployedMonths}, true
	case q == FinancingCost:
		key.Perspective = cba.Public
		return key, true
	}
	return key, false
}

// acceptTally counts, over a run's iterations, for each perspective and
// each value of the quantity, the iterations in which each arm has the
// largest NPV.
type acceptTally struct {
	q            Quantity
	values       []float64
	perspectives int
	cols         [][]acceptColumn // [arm][perspective]
	factor       int              // the quantity's vector position, or -1
	included     bool             // whether the scenario counts the quantity
	// wins[(p*len(values)+v)*(arms+1)+a] counts the iterations arm a (0:
	// the comparator) is best in perspective p at values[v].
	wins []int64
}

// own returns the iteration's own value of the quantity: 0 when the
// scenario leaves it out, its draw when it is a factor, 1 otherwise (the
// cost multiplier).
func (t *acceptTally) own(x []float64) float64 {
	switch {
	case !t.included:
		return 0
	case t.factor >= 0:
		return x[t.factor]
	}
	return 1
}

// add counts the best arm of one iteration (parameter vector x, outputs
// out) in each perspective at each value.
func (t *acceptTally) add(_ uint64, x, out []float64) {
	at := t.own(x)
	na, nv := len(t.cols), len(t.values)
	for p := range t.perspectives {
		for v, val := range t.values {
			t.wins[(p*nv+v)*(na+1)+t.best(p, val-at, out)]++
		}
	}
}

// best returns the arm (0: the comparator, whose NPV is 0) with the
// largest NPV in perspective p, the quantity moved by delta from the
// iteration's own value; a tie goes to the earlier arm.
func (t *acceptTally) best(p int, delta float64, out []float64) int {
	best, bestNPV := 0, 0.0
	for a := range t.cols {
		col := t.cols[a][p]
		npv := out[col.npv]
		if col.slope >= 0 {
			slope := out[col.slope]
			if t.q == CostMultiplier {
				slope = -slope // NPV - (k-1) * cost borne
			}
			npv += slope * delta
		}
		if npv > bestNPV {
			best, bestNPV = a+1, npv
		}
	}
	return best
}

// probabilities returns the share of the iterations in which each arm is
// best, by perspective and value (Curve.P).
func (t *acceptTally) probabilities(iterations int) [][][]float64 {
	na, nv := len(t.cols), len(t.values)
	prob := make([][][]float64, t.perspectives)
	for p := range prob {
		prob[p] = make([][]float64, nv)
		for v := range nv {
			prob[p][v] = make([]float64, na+1)
			for a := range na + 1 {
				prob[p][v][a] = float64(t.wins[(p*nv+v)*(na+1)+a]) / float64(iterations)
			}
		}
	}
	return prob
}
