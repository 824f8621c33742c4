package sensitivity

import (
	"context"
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
	if opt.Group == "" {
		opt.Group = "population"
	}
	if opt.Iterations == 0 {
		opt.Iterations = 1000
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("acceptability: no values of %s", q)
	}
	var path string
	switch q {
	case NonMarketValue:
		path = "perspective.non_market.per_employed_month"
	case FinancingCost:
		path = "perspective.marginal_cost_of_public_funds"
	case CostMultiplier:
	default:
		return nil, fmt.Errorf("acceptability: unknown quantity %d", int(q))
	}
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, fmt.Errorf("acceptability: %s = %g: want a finite number, 0 or more", q, v)
		}
	}
	s := ev.Scenario(nil)
	if q == FinancingCost && s.Perspective.FinancingOnSpending {
		return nil, fmt.Errorf("acceptability: %s: the scenario charges it on public spending only (perspective.financing_on_spending), where society's NPV does not move with the public NPV", q)
	}
	factor, idx := -1, -1 // the quantity's vector position, if it is a factor
	if path != "" {
		f, ok := ev.Factor(path)
		if !ok {
			return nil, fmt.Errorf("acceptability: no factor %s", path)
		}
		for _, v := range values {
			if v > f.Bound.Max {
				return nil, fmt.Errorf("acceptability: %s = %g: above its bound %g", q, v, f.Bound.Max)
			}
		}
		factor, idx = f.Index, f.Index
	}
	included := q != NonMarketValue || s.Perspective.NonMarket.Include
	c := &Curve{Quantity: q, Values: values, Arms: []string{s.Comparator}, Iterations: opt.Iterations, Seed: opt.Seed}
	persp := ev.NewResult().Perspectives
	c.Perspectives = persp
	// For each arm and perspective: the outputs of its NPV and slope.
	type column struct{ npv, slope int }
	var cols [][]column // [arm][perspective]
	for _, a := range s.Arms {
		if a.Name == s.Comparator {
			continue
		}
		c.Arms = append(c.Arms, a.Name)
		var row []column
		for _, p := range persp {
			key := cba.OutputKey{Arm: a.Name, Comparator: s.Comparator, Group: opt.Group, Measure: cba.NPV, Perspective: p}
			n, err := outputIndex(ev, key)
			if err != nil {
				return nil, fmt.Errorf("acceptability: %w", err)
			}
			col := column{npv: n, slope: -1}
			var sk cba.OutputKey
			switch {
			case q == CostMultiplier:
				sk = key
				sk.Measure = cba.ProgrammeCostBorne
			case p != "society":
			case q == NonMarketValue:
				sk = cba.OutputKey{Arm: a.Name, Comparator: s.Comparator, Group: opt.Group, Measure: cba.DiscountedEmployedMonths}
			case q == FinancingCost:
				sk = key
				sk.Perspective = "public"
			}
			if sk.Measure != 0 {
				if col.slope, err = outputIndex(ev, sk); err != nil {
					return nil, fmt.Errorf("acceptability: %w", err)
				}
			}
			row = append(row, col)
		}
		cols = append(cols, row)
	}
	na, np, nv := len(cols), len(persp), len(values)
	wins := make([]int64, np*nv*(na+1))
	npv := make([]float64, na)
	_, err := ev.Run(ctx, cba.Options{Iterations: opt.Iterations, Seed: opt.Seed, Workers: opt.Workers, Progress: opt.Progress,
		Each: func(_ uint64, x, out []float64) {
			// The iteration's own value of the quantity.
			at := 1.0
			switch {
			case !included:
				at = 0
			case factor >= 0:
				at = x[idx]
			}
			for p := range np {
				for v, val := range values {
					best, bestNPV := 0, 0.0
					for a := range na {
						col := cols[a][p]
						npv[a] = out[col.npv]
						if col.slope >= 0 {
							slope := out[col.slope]
							if q == CostMultiplier {
								slope = -slope // NPV - (k-1) * cost borne
							}
							npv[a] += slope * (val - at)
						}
						if npv[a] > bestNPV {
							best, bestNPV = a+1, npv[a]
						}
					}
					wins[(p*nv+v)*(na+1)+best]++
				}
			}
		}})
	if err != nil {
		return nil, err
	}
	c.P = make([][][]float64, np)
	for p := range np {
		c.P[p] = make([][]float64, nv)
		for v := range nv {
			c.P[p][v] = make([]float64, na+1)
			for a := range na + 1 {
				c.P[p][v][a] = float64(wins[(p*nv+v)*(na+1)+a]) / float64(opt.Iterations)
			}
		}
	}
	return c, nil
}
