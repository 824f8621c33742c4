package sensitivity

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"ipscba/cba"
	"ipscba/cba/internal/exact"
)

// EVPI returns the expected value of perfect information from the net
// benefits nb[i][d] of option d in iteration i of a Monte Carlo run: the
// mean over iterations of the best option's net benefit, less the net
// benefit of the option that is best on average,
// E[max_d NB_d] - max_d E[NB_d]. It is computed in exact arithmetic
// (rounded once), so that it is never negative and is exactly 0 when one
// option is best in every iteration.
func EVPI(nb [][]float64) (float64, error) {
	if err := checkNetBenefits(nb); err != nil {
		return 0, err
	}
	var best exact.Sum
	for _, row := range nb {
		best.Add(slices.Max(row))
	}
	return perIteration(new(big.Int).Sub(best.Int(), maxColumnSum(nb, nil)), len(nb)), nil
}

// EVPPI returns the expected value of partial perfect information about
// the inputs x[i] (the values, in iteration i, of one factor or a group of
// factors) from the net benefits nb[i][d]:
// E_x[max_d E[NB_d | x]] - max_d E[NB_d].
//
// The estimator is the partition (binning) estimator: each input's values
// are cut at their quantiles into bins equally full (equal values share a
// bin), the iterations are partitioned by the bins of all the inputs, and
// E[NB_d | x] is estimated by the mean within the cell. With bins 0 the
// number of bins of each input is max(2, floor(n^(1/4))), which depends on
// the number of iterations only. Because cell means are averages, the
// estimate obeys in every sample what the true values obey: 0 <= EVPPI <=
// EVPI, and the EVPPI of a group is never below that of a subset (its
// cells refine the subset's); the sums are exact, so rounding cannot break
// it. Its bias: within a cell the inputs still vary, which lowers the
// estimate (most for one input with few bins, and only in cells where the
// best option changes); with several inputs the cells hold few iterations,
// whose noise raises it towards the EVPI (about n/bins^k iterations a
// cell). Regression estimators (Strong, Oakley and Brennan 2014) have
// less bias for groups of many inputs but none of these guarantees.
func EVPPI(nb [][]float64, x [][]float64, bins int) (float64, error) {
	if err := checkNetBenefits(nb); err != nil {
		return 0, err
	}
	if len(x) != len(nb) {
		return 0, fmt.Errorf("evppi: %d rows of inputs for %d of net benefits", len(x), len(nb))
	}
	n := len(nb)
	if bins == 0 {
		bins = DefaultBins(n)
	}
	if bins < 1 {
		return 0, fmt.Errorf("evppi: %d bins", bins)
	}
	k := len(x[0])
	for _, row := range x {
		if len(row) != k {
			return 0, fmt.Errorf("evppi: rows of inputs of different lengths")
		}
		for _, v := range row {
			if math.IsNaN(v) {
				return 0, fmt.Errorf("evppi: an input is NaN")
			}
		}
	}
	// The bin of each iteration for each input.
	cell := make([][]int32, n)
	for i := range cell {
		cell[i] = make([]int32, k)
	}
	order := make([]int, n)
	for j := range k {
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(x[a][j], x[b][j]) })
		first := 0 // the rank of the first of a run of equal values
		for r, i := range order {
			if r > 0 && x[order[r-1]][j] != x[i][j] {
				first = r
			}
			cell[i][j] = int32(first * bins / n)
		}
	}
	// Iterations sorted by cell; a cell's best option by its exact sums.
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return slices.Compare(cell[a], cell[b]) })
	total := new(big.Int)
	sums := make([]exact.Sum, len(nb[0]))
	for start := 0; start < n; {
		end := start + 1
		for end < n && slices.Equal(cell[order[end]], cell[order[start]]) {
			end++
		}
		total.Add(total, maxColumnSum(nb, order[start:end], sums...))
		start = end
	}
	return perIteration(total.Sub(total, maxColumnSum(nb, nil)), n), nil
}

// DefaultBins is the number of bins of each input that EVPPI uses for n
// iterations: max(2, floor(n^(1/4))).
func DefaultBins(n int) int {
	b := int(math.Floor(math.Pow(float64(n), 0.25) + 1e-9))
	return max(2, b)
}

func checkNetBenefits(nb [][]float64) error {
	if len(nb) == 0 || len(nb[0]) == 0 {
		return fmt.Errorf("value of information: no iterations or no options")
	}
	for _, row := range nb {
		if len(row) != len(nb[0]) {
			return fmt.Errorf("value of information: rows of net benefits of different lengths")
		}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("value of information: a net benefit is not finite")
			}
		}
	}
	return nil
}

// maxColumnSum returns max over d of the exact sum of nb[i][d] over the
// rows (nil: all), in units of 2^-1074. sums, if given, are reused.
func maxColumnSum(nb [][]float64, rows []int, sums ...exact.Sum) *big.Int {
	if len(sums) < len(nb[0]) {
		sums = make([]exact.Sum, len(nb[0]))
	}
	for d := range nb[0] {
		sums[d] = exact.Sum{}
	}
	if rows == nil {
		for _, row := range nb {
			for d, v := range row {
				sums[d].Add(v)
			}
		}
	} else {
		for _, i := range rows {
			for d, v := range nb[i] {
				sums[d].Add(v)
			}
		}
	}
	best := sums[0].Int()
	for d := 1; d < len(nb[0]); d++ {
		if s := sums[d].Int(); s.Cmp(best) > 0 {
			best = s
		}
	}
	return best
}

// perIteration returns v (in units of 2^-1074) divided by n, rounded.
func perIteration(v *big.Int, n int) float64 {
	f := new(big.Float).SetPrec(0).SetInt(v)
	f.SetMantExp(f, -1074)
	f.Quo(f, new(big.Float).SetInt64(int64(n)))
	out, _ := f.Float64()
	return out
}

// VOIOptions control a value-of-information analysis.
type VOIOptions struct {
	// Perspective is whose net benefit decides (default "society"); Group
	// whose (default "population").
	Perspective, Group string
	// Iterations, Seed and Workers are the Monte Carlo run's (default
	// 10,000 iterations).
	Iterations int
	Seed       uint64
	Workers    int
	Progress   func(done, total int)
	// Partial lists the factors (names or paths) or groups of factors
	// whose EVPPI is estimated; nil: every uncertain factor alone.
	Partial [][]string
	// Bins is each input's number of bins for EVPPI (0: DefaultBins).
	Bins int
}

// Partial is the EVPPI of one factor or group.
type Partial struct {
	Factors []string
	// PerParticipant and Cohort are the EVPPI per participant and for the
	// cohort.
	PerParticipant, Cohort float64
}

// VOI is a value-of-information analysis.
type VOI struct {
	Perspective, Group string
	// Options are the arms: the comparator first (net benefit 0), then
	// each other arm (its NPV over the comparator).
	Options []string
	// EVPI per participant, and for the cohort: times Participants, the
	// cohort's participants discounted to the programme's start.
	EVPI, CohortEVPI float64
	Participants     float64
	Partial          []Partial
	Iterations       int
	Seed             uint64
	Bins             int
}

// ValueOfInformation runs a Monte Carlo run of the evaluator's scenario and
// estimates the EVPI of the decision between its arms, by the net benefit
// (NPV over the comparator) of a perspective, and the EVPPI of factors, per
// participant and for the cohort (Cohort.StartsPerYear participants a year
// for Cohort.Years years, each discounted to the programme's start with
// the scenario's rates, as the budget impact is).
func ValueOfInformation(ctx context.Context, ev *cba.Evaluator, opt VOIOptions) (*VOI, error) {
	if opt.Perspective == "" {
		opt.Perspective = "society"
	}
	if opt.Group == "" {
		opt.Group = "population"
	}
	if opt.Iterations == 0 {
		opt.Iterations = 10_000
	}
	if 2*opt.Bins > opt.Iterations {
		// With a draw or less a bin, every factor's EVPPI is the EVPI.
		return nil, fmt.Errorf("value of information: %d bins for %d iterations: want at most half as many bins as iterations, so that each bin holds several draws", opt.Bins, opt.Iterations)
	}
	s := ev.Scenario(nil)
	res := &VOI{Perspective: opt.Perspective, Group: opt.Group, Options: []string{s.Comparator}, Iterations: opt.Iterations, Seed: opt.Seed}
	var cols []int
	for _, a := range s.Arms {
		if a.Name == s.Comparator {
			continue
		}
		k, err := outputIndex(ev, cba.OutputKey{Arm: a.Name, Comparator: s.Comparator, Group: opt.Group, Measure: cba.NPV, Perspective: opt.Perspective})
		if err != nil {
			return nil, fmt.Errorf("value of information: %w", err)
		}
		res.Options = append(res.Options, a.Name)
		cols = append(cols, k)
	}
	// The inputs of each EVPPI: vector positions.
	factors := ev.Factors()
	partial := opt.Partial
	if partial == nil {
		for _, f := range factors {
			if f.Uncertain() && f.Index >= 0 {
				partial = append(partial, []string{f.Name})
			}
		}
	}
	var inputs [][]int
	seen := map[string]bool{}
	for _, names := range partial {
		var idx []int
		var got []string
		for _, name := range names {
			f, err := findFactor(ev, factors, name)
			if err != nil {
				return nil, fmt.Errorf("value of information: %w", err)
			}
			if !f.Uncertain() {
				return nil, fmt.Errorf("value of information: %s is not uncertain: knowing it is worth nothing", f.Name)
			}
			if slices.Contains(got, f.Name) {
				return nil, fmt.Errorf("value of information: %s is twice in one group", f.Name)
			}
			idx = append(idx, f.Index)
			got = append(got, f.Name)
		}
		if len(idx) == 0 {
			return nil, fmt.Errorf("value of information: an empty group")
		}
		key := strings.Join(slices.Sorted(slices.Values(got)), "\x00")
		if seen[key] {
			return nil, fmt.Errorf("value of information: %s is asked for twice", strings.Join(got, " + "))
		}
		seen[key] = true
		inputs = append(inputs, idx)
		res.Partial = append(res.Partial, Partial{Factors: got})
	}
	nb := make([][]float64, 0, opt.Iterations)
	xs := make([][][]float64, len(inputs))
	_, err := ev.Run(ctx, cba.Options{Iterations: opt.Iterations, Seed: opt.Seed, Workers: opt.Workers, Progress: opt.Progress,
		Each: func(_ uint64, x, out []float64) {
			row := make([]float64, 1+len(cols))
			for j, k := range cols {
				row[1+j] = out[k]
			}
			nb = append(nb, row)
			for p, idx := range inputs {
				v := make([]float64, len(idx))
				for j, i := range idx {
					v[j] = x[i]
				}
				xs[p] = append(xs[p], v)
			}
		}})
	if err != nil {
		return nil, err
	}
	res.Participants = participants(s)
	if res.EVPI, err = EVPI(nb); err != nil {
		return nil, err
	}
	res.CohortEVPI = res.EVPI * res.Participants
	res.Bins = opt.Bins
	if res.Bins == 0 {
		res.Bins = DefaultBins(len(nb))
	}
	for p := range inputs {
		v, err := EVPPI(nb, xs[p], res.Bins)
		if err != nil {
			return nil, fmt.Errorf("evppi of %s: %w", strings.Join(res.Partial[p].Factors, ", "), err)
		}
		res.Partial[p].PerParticipant, res.Partial[p].Cohort = v, v*res.Participants
	}
	return res, nil
}

// participants returns the cohort's participants, each discounted to the
// programme's start: StartsPerYear/12 a month, starting at the start of
// months 1 .. 12*Years (as Result.Budget times them).
func participants(s *cba.Scenario) float64 {
	starts := 12 * s.Cohort.Years
	if starts == 0 {
		return 0
	}
	d := make([]float64, starts)
	cba.DiscountFactors(d, s.Discount)
	total := 0.0
	for _, v := range d {
		total += v * s.Cohort.StartsPerYear / 12
	}
	return total
}
