package sensitivity

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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
	t := &netBenefits{n: len(nb), d: len(nb[0]), v: make([]float64, 0, len(nb)*len(nb[0]))}
	for _, row := range nb {
		t.v = append(t.v, row...)
	}
	return t.evpi(), nil
}

// EVPPIBinning returns the expected value of partial perfect information
// about the inputs x[i] (the values, in iteration i, of one factor or a
// group of factors) from the net benefits nb[i][d] of option d in
// iteration i: E_x[max_d E[NB_d | x]] - max_d E[NB_d].
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
// best option changes: an input whose bins each hold both signs of the
// net benefit's conditional mean gets 0 however much it matters); with
// several inputs the cells hold few iterations, whose noise raises it
// towards the EVPI (about n/bins^k iterations a cell). EVPPIRegression,
// the default of ValueOfInformation, has less of the first bias.
func EVPPIBinning(nb [][]float64, x [][]float64, bins int) (float64, error) {
	t, cols, err := tableOf(nb, x)
	if err != nil {
		return 0, err
	}
	if bins == 0 {
		bins = DefaultBins(t.n)
	}
	if bins < 1 {
		return 0, cba.Errorf("evppi: %d bins", bins)
	}
	return t.evppiBinning(cols, bins), nil
}

// evppiBinning returns the binning estimate of the EVPPI of the inputs
// cols (each t.n values), with bins bins each.
func (t *netBenefits) evppiBinning(cols [][]float64, bins int) float64 {
	n, k := t.n, len(cols)
	// cell[i*k+j] is the bin of iteration i for input j.
	cell := make([]int32, n*k)
	order := make([]int, n)
	for j, x := range cols {
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
		first := 0 // the rank of the first of a run of equal values
		for r, i := range order {
			if r > 0 && x[order[r-1]] != x[i] {
				first = r
			}
			cell[i*k+j] = int32(first * bins / n)
		}
	}
	// Iterations sorted by cell; a cell's best option by its exact sums.
	for i := range order {
		order[i] = i
	}
	cellOf := func(i int) []int32 { return cell[i*k : (i+1)*k] }
	slices.SortStableFunc(order, func(a, b int) int { return slices.Compare(cellOf(a), cellOf(b)) })
	total := new(big.Int)
	sums := make([]exact.Sum, t.d)
	for start := 0; start < n; {
		end := start + 1
		for end < n && slices.Equal(cellOf(order[end]), cellOf(order[start])) {
			end++
		}
		total.Add(total, t.maxColumnSum(order[start:end], sums))
		start = end
	}
	return perIteration(total.Sub(total, t.maxColumnSum(nil, nil)), n)
}

// DefaultBins is the number of bins of each input that EVPPIBinning uses
// for n iterations: max(2, floor(n^(1/4))).
func DefaultBins(n int) int {
	if n < 16 {
		return 2 // and for n < 1, rather than a power of a negative number
	}
	b := int(math.Floor(math.Pow(float64(n), 0.25) + 1e-9))
	return max(2, b)
}

func checkNetBenefits(nb [][]float64) error {
	if len(nb) == 0 || len(nb[0]) == 0 {
		return cba.Errorf("value of information: no iterations or no options")
	}
	for _, row := range nb {
		if len(row) != len(nb[0]) {
			return cba.Errorf("value of information: rows of net benefits of different lengths")
		}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return cba.Errorf("value of information: a net benefit is not finite")
			}
		}
	}
	return nil
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
	// 10,000 iterations; at most what VOIMemory holds, VOIMaxIterations).
	Iterations int
	Seed       uint64
	Workers    int
	Progress   func(done, total int)
	// Partial lists the factors (names or paths) or groups of factors
	// whose EVPPI is estimated; nil: every uncertain factor alone.
	Partial [][]string
	// Method estimates EVPPI: Regression (the default) or Binning.
	Method EVPPIMethod
	// Bins is each input's number of bins for the Binning method (0:
	// DefaultBins); it must be 0 for Regression.
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
	// Method is the EVPPI estimator; Bins its bins of each input with
	// Binning (0 with Regression, whose basis sizes SplineSize gives).
	Method EVPPIMethod
	Bins   int
}

// VOIMemory bounds the memory of the draws ValueOfInformation keeps: 2 GiB.
// EVPPI needs every iteration's net benefits and factor values at once, so
// the analysis keeps them (8 bytes for each option but the comparator and
// each factor analysed, 8 more for the estimator's sorting and, with
// Binning, 4 for each factor of the largest group), and refuses more
// iterations than fit (VOIMaxIterations).
const VOIMemory = 2 << 30

// VOIMaxIterations returns the most iterations a value-of-information
// analysis by method keeps within VOIMemory, for options arms (the
// comparator among them), factors distinct factors analysed, and groups of
// at most largest factors; 0 when a count is negative.
func VOIMaxIterations(method EVPPIMethod, options, factors, largest int) int {
	if options < 0 || factors < 0 || largest < 0 {
		return 0
	}
	return VOIMemory / voiBytes(method, options, factors, largest)
}

// voiBytes is the memory ValueOfInformation takes an iteration.
func voiBytes(method EVPPIMethod, options, factors, largest int) int {
	b := 8*(max(options-1, 0)+factors) + 8
	if method == Binning {
		b += 4 * largest
	}
	return b
}

// ValueOfInformation runs a Monte Carlo run of the evaluator's scenario and
// estimates the EVPI of the decision between its arms, by the net benefit
// (NPV over the comparator) of a perspective, and the EVPPI of factors
// (by EVPPIRegression or EVPPIBinning, clipped to the EVPI), per
// participant and for the cohort (Cohort.StartsPerYear participants a year
// for Cohort.Years years, each discounted to the programme's start with
// the scenario's rates, as the budget impact is). It keeps the draws it
// needs (VOIMemory) and refuses, before running, more iterations than fit.
func ValueOfInformation(ctx context.Context, ev *cba.Evaluator, opt VOIOptions) (*VOI, error) {
	if ev == nil {
		return nil, cba.Errorf("value of information: no evaluator")
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	s := ev.Scenario(nil)
	res := &VOI{Perspective: opt.Perspective, Group: opt.Group, Options: []string{s.Comparator}, Iterations: opt.Iterations, Seed: opt.Seed, Method: opt.Method}
	arms, outs, err := netBenefitOutputs(ev, s, opt.Perspective, opt.Group)
	if err != nil {
		return nil, err
	}
	res.Options = append(res.Options, arms...)
	plan, err := planVOI(ev, opt.Partial)
	if err != nil {
		return nil, err
	}
	plan.outs = outs
	for _, names := range plan.groups {
		res.Partial = append(res.Partial, Partial{Factors: names})
	}
	n := opt.Iterations
	if err := plan.fits(opt.Method, n, len(res.Options)); err != nil {
		return nil, err
	}
	t, cols, err := plan.draws(ctx, ev, opt)
	if err != nil {
		return nil, err
	}
	res.Participants = participants(s)
	if err := checkFinite(t); err != nil {
		return nil, err
	}
	res.EVPI = t.evpi()
	res.CohortEVPI = res.EVPI * res.Participants
	if opt.Method == Binning {
		res.Bins = opt.Bins
		if res.Bins == 0 {
			res.Bins = DefaultBins(n)
		}
	}
	values, err := t.evppis(ctx, cols, plan.inputs, opt.Method, res.Bins, opt.Workers)
	if err != nil {
		return nil, err
	}
	for p, v := range values {
		v = min(v, res.EVPI)
		res.Partial[p].PerParticipant, res.Partial[p].Cohort = v, v*res.Participants
	}
	return res, nil
}

// withDefaults returns the options with their defaults filled in (society's
// net benefit for the whole population, 10,000 iterations), or an error
// naming the option that cannot be used.
func (opt VOIOptions) withDefaults() (VOIOptions, error) {
	if opt.Perspective == "" {
		opt.Perspective = cba.Society
	}
	if opt.Group == "" {
		opt.Group = cba.Population
	}
	if opt.Iterations == 0 {
		opt.Iterations = 10_000
	}
	switch {
	case opt.Iterations < 0:
		return opt, cba.Errorf("value of information: Iterations %d: want more than 0", opt.Iterations)
	case opt.Method != Regression && opt.Method != Binning:
		return opt, cba.Errorf("value of information: Method %v: want Regression or Binning", opt.Method)
	case opt.Bins != 0 && opt.Method != Binning:
		return opt, cba.Errorf("value of information: Bins %d: bins are the Binning method's (Method is %v)", opt.Bins, opt.Method)
	case opt.Bins < 0:
		return opt, cba.Errorf("value of information: Bins %d: want 0 (the default) or more", opt.Bins)
	case 2*opt.Bins > opt.Iterations:
		// With a draw or less a bin, every factor's EVPPI is the EVPI.
		return opt, cba.Errorf("value of information: %d bins for %d iterations: want at most half as many bins as iterations, so that each bin holds several draws", opt.Bins, opt.Iterations)
	}
	return opt, nil
}

// netBenefitOutputs returns the arms other than the comparator, in the
// scenario's order, and the output of each one's net benefit: its NPV
// over the comparator in perspective and group.
func netBenefitOutputs(ev *cba.Evaluator, s *cba.Scenario, perspective, group string) ([]string, []int, error) {
	var arms []string
	var outs []int
	for _, a := range s.Arms {
		if a.Name == s.Comparator {
			continue
		}
		k, err := outputIndex(ev, cba.OutputKey{Arm: a.Name, Comparator: s.Comparator, Group: group, Measure: cba.NPV, Perspective: perspective})
		if err != nil {
			return nil, nil, cba.Errorf("value of information: %w", err)
		}
		arms = append(arms, a.Name)
		outs = append(outs, k)
	}
	return arms, outs, nil
}

// voiPlan is what a value-of-information run keeps of each iteration: the
// options' net benefits and the values of the factors whose EVPPI is
// estimated, each factor kept once however many groups it is in.
type voiPlan struct {
	outs    []int      // the output of each option's net benefit (not the comparator's)
	kept    []int      // the vector position of each factor kept: a column of draws
	inputs  [][]int    // each group's columns
	groups  [][]string // each group's factors, by name
	largest int        // the factors of the largest group
}

// planVOI resolves the groups of factors whose EVPPI is estimated (nil:
// every uncertain factor alone), refusing a factor that is not uncertain,
// an empty group, a factor twice in a group and a group asked for twice.
func planVOI(ev *cba.Evaluator, partial [][]string) (*voiPlan, error) {
	factors := ev.Factors()
	if partial == nil {
		partial = uncertainAlone(factors)
	}
	p := &voiPlan{}
	seen := map[string]bool{}
	for _, names := range partial {
		got, err := p.addGroup(ev, factors, names)
		if err != nil {
			return nil, err
		}
		key := strings.Join(slices.Sorted(slices.Values(got)), "\x00")
		if seen[key] {
			return nil, cba.Errorf("value of information: %s is asked for twice", strings.Join(got, " + "))
		}
		seen[key] = true
	}
	return p, nil
}

// uncertainAlone returns every uncertain factor with a vector position, each
// as a group of its own.
func uncertainAlone(factors []cba.Factor) [][]string {
	var partial [][]string
	for _, f := range factors {
		if f.Uncertain() && f.Index >= 0 {
			partial = append(partial, []string{f.Name})
		}
	}
	return partial
}

// addGroup adds the group of factors names (names or paths) and returns
// their names.
func (p *voiPlan) addGroup(ev *cba.Evaluator, factors []cba.Factor, names []string) ([]string, error) {
	var idx []int
	var got []string
	for _, name := range names {
		f, err := findFactor(ev, factors, name)
		if err != nil {
			return nil, cba.Errorf("value of information: %w", err)
		}
		if !f.Uncertain() {
			return nil, cba.Errorf("value of information: %s is not uncertain: knowing it is worth nothing", f.Name)
		}
		if slices.Contains(got, f.Name) {
			return nil, cba.Errorf("value of information: %s is twice in one group", f.Name)
		}
		c := slices.Index(p.kept, f.Index)
		if c < 0 {
			c = len(p.kept)
			p.kept = append(p.kept, f.Index)
		}
		idx = append(idx, c)
		got = append(got, f.Name)
	}
	if len(idx) == 0 {
		return nil, cba.Errorf("value of information: an empty group")
	}
	p.inputs = append(p.inputs, idx)
	p.groups = append(p.groups, got)
	p.largest = max(p.largest, len(idx))
	return got, nil
}

// fits refuses n iterations whose draws, for options arms (the comparator
// among them), would not fit in VOIMemory.
func (p *voiPlan) fits(method EVPPIMethod, n, options int) error {
	most := VOIMaxIterations(method, options, len(p.kept), p.largest)
	if n <= most {
		return nil
	}
	per := voiBytes(method, options, len(p.kept), p.largest)
	return cba.Errorf("value of information: %s iterations would keep %s of draws (%d bytes an iteration, for %d %s and %d %s): at most %s fit in the %s it may keep (VOIMemory); run fewer iterations, or analyse fewer factors",
		thousands(n), bytesText(float64(n)*float64(per)), per, len(p.outs), plural(len(p.outs), "net benefit", "net benefits"), len(p.kept), plural(len(p.kept), "factor", "factors"), thousands(most), bytesText(VOIMemory))
}

// draws runs the Monte Carlo run and returns each iteration's net benefits
// of the options and the values of the factors kept (cols[c][i]: factor
// p.kept[c] in iteration i).
func (p *voiPlan) draws(ctx context.Context, ev *cba.Evaluator, opt VOIOptions) (*netBenefits, [][]float64, error) {
	n := opt.Iterations
	t := &netBenefits{n: n, d: len(p.outs), v: make([]float64, n*len(p.outs)), zero: true}
	cols := columns(n, len(p.kept))
	i := 0
	_, err := ev.Run(ctx, cba.Options{Iterations: n, Seed: opt.Seed, Workers: opt.Workers, Progress: opt.Progress, SkipStatistics: true,
		Each: func(_ uint64, x, out []float64) {
			row := t.row(i)
			for j, k := range p.outs {
				row[j] = out[k]
			}
			for c, k := range p.kept {
				cols[c][i] = x[k]
			}
			i++
		}})
	if err != nil {
		return nil, nil, err
	}
	return t, cols, nil
}

// evppis returns the EVPPI of each group of inputs, the columns
// cols[inputs[p][0]], cols[inputs[p][1]], ..., by method (with Binning,
// bins bins an input), not clipped to the EVPI.
func (t *netBenefits) evppis(ctx context.Context, cols [][]float64, inputs [][]int, method EVPPIMethod, bins, workers int) ([]float64, error) {
	values := make([]float64, len(inputs))
	if method != Binning {
		if err := t.regressions(ctx, cols, inputs, workers, values); err != nil {
			return nil, err
		}
		return values, nil
	}
	var group [][]float64
	for p, idx := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		group = group[:0]
		for _, c := range idx {
			group = append(group, cols[c])
		}
		values[p] = t.evppiBinning(group, bins)
	}
	return values, nil
}

// regressions sets values[p] to the regression EVPPI of the inputs
// cols[inputs[p][0]], cols[inputs[p][1]], ..., on workers goroutines (0:
// GOMAXPROCS). Each input's splines are made once for each group size,
// from one sorted copy of its draws at a time.
func (t *netBenefits) regressions(ctx context.Context, cols [][]float64, inputs [][]int, workers int, values []float64) error {
	type key struct{ col, m int }
	splines := map[key]spline{}
	sizes := make([][]int, len(cols)) // the spline sizes each input needs
	for _, idx := range inputs {
		m := SplineSize(t.n, len(idx))
		for _, c := range idx {
			if !slices.Contains(sizes[c], m) {
				sizes[c] = append(sizes[c], m)
			}
		}
	}
	scratch := make([]float64, t.n)
	for c, ms := range sizes {
		if len(ms) == 0 {
			continue
		}
		copy(scratch, cols[c])
		slices.Sort(scratch)
		for _, m := range ms {
			splines[key{c, m}] = newSpline(scratch, m)
		}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, len(inputs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(inputs)) {
		wg.Go(func() {
			for {
				p := int(next.Add(1)) - 1
				if p >= len(inputs) || ctx.Err() != nil {
					return
				}
				idx := inputs[p]
				m := SplineSize(t.n, len(idx))
				group, sp := make([][]float64, len(idx)), make([]spline, len(idx))
				for j, c := range idx {
					group[j], sp[j] = cols[c], splines[key{c, m}]
				}
				values[p], errs[p] = t.evppiRegression(group, sp)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// checkFinite refuses net benefits that are not finite.
func checkFinite(t *netBenefits) error {
	for _, v := range t.v {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return cba.Errorf("value of information: a net benefit is not finite")
		}
	}
	return nil
}

// bytesText writes a number of bytes in GiB, MiB or bytes.
func bytesText(b float64) string {
	switch g := b / (1 << 30); {
	case g >= 1000 && g < 1e15:
		return thousands(int(math.Round(g))) + " GiB"
	case g >= 1:
		return fmt.Sprintf("%.3g GiB", g)
	case b >= 1<<20:
		return fmt.Sprintf("%.3g MiB", b/(1<<20))
	}
	return fmt.Sprintf("%.0f bytes", b)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int, one, more cba.Phrase) cba.Phrase {
	if n == 1 {
		return one
	}
	return more
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
