package cba

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Comparison is a paired comparison of two what-ifs of one question: A,
// the base, and B, the change (two overrides of one scenario, or two
// scenario files with the same outputs). Compare runs both on the same
// draws and holds, for every output, the statistics of B - A iteration by
// iteration: the change's own mean, standard deviation, Monte Carlo error,
// percentiles and chance of being above zero, without the noise of two
// different sets of draws.
type Comparison struct {
	// A and B are the two what-ifs' runs, each the one Run gives with the
	// same Options, bit for bit.
	A, B *MonteCarlo
	// Difference holds the statistics of B - A, iteration by iteration
	// (Difference.Stat, Difference.Summary), over A's outputs; its
	// Deterministic is B's deterministic value minus A's, and its Scenario
	// A's fingerprint and B's, joined by " vs ". Its Factors are empty: the
	// what-ifs draw their own.
	//
	// The difference of two equal values is 0 (+Inf in both included); a
	// difference with +Inf on one side only (a ratio cost-saving in one
	// what-if alone, a break-even month within the horizon in one alone)
	// has no value: it is NaN, counted in StatSummary.ShareNaN and left out
	// of the moments and percentiles. Net present values are always finite.
	Difference *MonteCarlo
}

// ComparisonSummary is what a comparison reports of one output.
type ComparisonSummary struct {
	// Deterministic is B's value minus A's at the factors' base values.
	Deterministic float64
	// Difference describes B - A over the iterations: its Mean (B's mean
	// minus A's when no value is infinite, within 1e-9 of the output's
	// unit: each value is rounded to 2^-32 of it when counted), its SD, its MCSE (the paired Monte Carlo error),
	// Percentiles (an interval of the change itself) and PAboveZero (the
	// share of draws in which B is above A).
	Difference StatSummary
	// A and B describe each what-if over the same iterations.
	A, B StatSummary
	// UnpairedMCSE is the Monte Carlo error the difference of means would
	// have from two independent runs of the same size, sqrt(A.MCSE^2 +
	// B.MCSE^2): what pairing saves, beside Difference.MCSE.
	UnpairedMCSE float64
}

// MismatchError says why two what-ifs cannot be compared: What differs
// between their outputs, and its values in A and in B.
type MismatchError struct {
	What string
	A, B string
}

// Error returns a sentence naming what differs.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("compare: the what-ifs have different %s (A: %s; B: %s): a paired comparison needs the same outputs", e.What, e.A, e.B)
}

// Compare runs the Monte Carlo of two what-ifs, a (the base) and b (the
// change), on the same draws, and returns the statistics of each and of
// b - a, iteration by iteration. The two must have the same outputs (the
// same comparator, arms, groups, payers, years of horizon and observed
// window); otherwise Compare returns a *MismatchError naming what differs.
//
// What is paired: each what-if draws its uncertain factors from its own
// Sampler with opt.Seed, and a factor's draws are keyed by the seed, its
// name (its first path) and the iteration (see Uncertainty in the package
// documentation). So in iteration i:
//
//   - a factor drawn in both, from the same distribution, takes the same
//     value in both, bit for bit;
//   - a factor drawn in both from different distributions (a mean or a
//     spread changed) draws from the same random stream in both, so its
//     values move together: the same quantile for a normal, log-normal,
//     uniform or triangular factor, the same position for a discrete one
//     of as many values, a value scaled alike for a gamma, beta or PERT
//     whose shape is kept; a gamma, beta or PERT of another shape is drawn
//     by rejection from the same stream, so its values move together in
//     most draws, not in all;
//   - a factor fixed in one what-if and drawn in the other is drawn in
//     that one only: the difference then carries that factor's spread,
//     which is part of the change;
//   - a factor only one what-if has (another file's number, or one named
//     by another first path) is drawn in that one only;
//   - inside a Dirichlet entry or a correlated group of which one member
//     is fixed in one what-if only, the other members are drawn as the
//     package documentation says: from the same streams, so they move
//     with the change but stay close to their draws.
//
// The result is the same, bit for bit, for any opt.Workers, and ranges of
// iterations compared apart and merged (Comparison.Merge) give the single
// comparison. A and B are the runs Run gives each what-if with the same
// Options. Compare uses opt's Iterations, First, Seed, Workers and
// Progress; it refuses a Source (each what-if draws from its own
// Sampler), Keep, Each and SkipStatistics. It returns promptly with an
// error when ctx is cancelled.
func Compare(ctx context.Context, a, b *Model, opt Options) (*Comparison, error) {
	if err := opt.checkCompare(); err != nil {
		return nil, err
	}
	if err := opt.check(); err != nil {
		return nil, err
	}
	c, ea, eb, err := newComparison(a, b, opt)
	if err != nil {
		return nil, err
	}
	n := len(c.A.Outputs)
	sa, sb := ea.NewSampler(opt.Seed), eb.NewSampler(opt.Seed)
	worker := func(first bool) runStep {
		ea, eb, sa, sb := ea, eb, Source(sa), Source(sb)
		if !first {
			ea, eb, sa, sb = ea.fork(), eb.fork(), sa.Fork(), sb.Fork()
		}
		xa, xb := ea.Base(), eb.Base()
		return runStep{step: func(i uint64, _, out []float64) error {
			sa.Fill(i, xa)
			if err := ea.EvaluateOutputs(xa, out[:n]); err != nil {
				return Errorf("what-if A: %w", err)
			}
			sb.Fill(i, xb)
			if err := eb.EvaluateOutputs(xb, out[n:2*n]); err != nil {
				return Errorf("what-if B: %w", err)
			}
			differences(out[2*n:], out[n:2*n], out[:n])
			return nil
		}}
	}
	// Outputs that repeat another in every iteration do so in A, in B
	// (they have the same outputs, so the same plan) and in B - A.
	twins := ea.twins()
	all := make([]int, 0, 3*n)
	for part := range 3 {
		for _, t := range twins {
			if t >= 0 {
				t += part * n
			}
			all = append(all, t)
		}
	}
	stats, err := runIterations(ctx, opt, c.Difference, 3*n, all, worker)
	if err != nil {
		return nil, err
	}
	c.A.stats, c.B.stats, c.Difference.stats = stats[:n:n], stats[n:2*n:2*n], stats[2*n:]
	return c, nil
}

// CompareDeterministic compares a and b at their factors' base values
// only: the Comparison of no iterations, whose Deterministic values are
// filled and whose statistics are empty. It refuses what-ifs with
// different outputs as Compare does.
func CompareDeterministic(a, b *Model) (*Comparison, error) {
	c, _, _, err := newComparison(a, b, Options{})
	if err != nil {
		return nil, err
	}
	for _, mc := range []*MonteCarlo{c.A, c.B, c.Difference} {
		mc.Workers = 0
	}
	return c, nil
}

// CohortOnly returns nil unless what-ifs a and b differ in their cohort
// alone; then it says so: the change moves the budget, and every result
// per participant (all a comparison compares) is the same in both. The
// command refuses such a comparison with it; the page says it beside the
// budget it does move.
func CohortOnly(a, b *Model) error {
	if a == nil || b == nil || a.s.Cohort == b.s.Cohort {
		return nil
	}
	s := a.s.Clone()
	s.Cohort, s.Name = b.s.Cohort, b.s.Name
	if s.Fingerprint() != b.s.Fingerprint() {
		return nil
	}
	return Errorf("the change is to the cohort alone (cohort.starts_per_year, cohort.years): it moves the budget, not the results per participant, which are the same in both")
}

// DrawnInOneOnly returns the names of the factors that what-if a draws
// and b does not (fixed in b, or not in it), and those b draws and a does
// not, in the order of the models' factors. A paired comparison's
// difference carries their spread: the rest are drawn in both from the
// same streams (Compare says how).
func DrawnInOneOnly(a, b *Model) (inA, inB []string) {
	drawn := func(m *Model) map[string]bool {
		out := map[string]bool{}
		for _, f := range m.Factors() {
			if f.Uncertain() {
				out[f.Name] = true
			}
		}
		return out
	}
	da, db := drawn(a), drawn(b)
	for _, f := range a.Factors() {
		if da[f.Name] && !db[f.Name] {
			inA = append(inA, f.Name)
		}
	}
	for _, f := range b.Factors() {
		if db[f.Name] && !da[f.Name] {
			inB = append(inB, f.Name)
		}
	}
	return inA, inB
}

// checkCompare refuses the options Compare does not take.
func (opt *Options) checkCompare() error {
	switch {
	case opt.Source != nil:
		return Phrase("compare: Options.Source: each what-if draws from its own Sampler (give none)")
	case opt.Keep:
		return Phrase("compare: Options.Keep: a comparison keeps no iterations")
	case opt.Each != nil:
		return Phrase("compare: Options.Each: a comparison streams no iterations")
	case opt.SkipStatistics:
		return Phrase("compare: Options.SkipStatistics: a comparison is its statistics")
	}
	return nil
}

// newComparison returns the comparison of a and b before its iterations,
// with an evaluator of each.
func newComparison(a, b *Model, opt Options) (*Comparison, *Evaluator, *Evaluator, error) {
	if a == nil || b == nil {
		return nil, nil, nil, Phrase("compare: a nil *Model")
	}
	ea, eb := a.Evaluator(), b.Evaluator()
	if err := sameOutputs(ea, eb); err != nil {
		return nil, nil, nil, err
	}
	c := &Comparison{}
	var err error
	if c.A, err = ea.newRun(opt); err != nil {
		return nil, nil, nil, Errorf("what-if A: %w", err)
	}
	if c.B, err = eb.newRun(opt); err != nil {
		return nil, nil, nil, Errorf("what-if B: %w", err)
	}
	d := *c.A
	d.Factors, d.Scenario = nil, c.A.Scenario+" vs "+c.B.Scenario
	d.Deterministic = make([]float64, len(c.A.Outputs))
	differences(d.Deterministic, c.B.Deterministic, c.A.Deterministic)
	c.Difference = &d
	return c, ea, eb, nil
}

// differences writes b[k] - a[k] into dst[k]: 0 for equal values (+Inf in
// both), NaN when one of them is not finite and they differ.
func differences(dst, b, a []float64) {
	for k, y := range b {
		x := a[k]
		switch {
		case x == y:
			dst[k] = 0
		case math.IsInf(x, 0) || math.IsInf(y, 0) || x != x || y != y:
			dst[k] = math.NaN()
		default:
			dst[k] = y - x
		}
	}
}

// sameOutputs returns a *MismatchError naming what makes a's outputs and
// b's differ, or nil when they are the same.
func sameOutputs(a, b *Evaluator) error {
	sa, sb := a.s, b.s
	itself := func(v string) string { return v }
	for _, d := range []struct {
		what string
		of   func(*Scenario) string
		key  func(string) string // what must be the same
	}{
		{"comparators", func(s *Scenario) string { return s.Comparator }, itself},
		{"arms", func(s *Scenario) string { return joinNames(s.Arms, func(a Arm) string { return a.Name }) }, itself},
		{"groups", func(s *Scenario) string { return joinNames(s.Groups, func(g Group) string { return g.Name }) }, itself},
		{"payers", func(s *Scenario) string { return strings.Join(s.Payers, ", ") }, itself},
		{"horizons in whole years (each year has its cumulative outputs)",
			func(s *Scenario) string { return strconv.Itoa((s.HorizonMonths+11)/12) + " years" }, itself},
		{"observed windows (NPVs over an observed window are outputs)",
			func(s *Scenario) string { return strconv.Itoa(s.ObservedMonths) + " months" },
			func(v string) string { return strconv.FormatBool(v != "0 months") }},
	} {
		if x, y := d.of(sa), d.of(sb); d.key(x) != d.key(y) {
			return &MismatchError{What: d.what, A: x, B: y}
		}
	}
	ka, kb := a.Outputs(), b.Outputs()
	for k := range min(len(ka), len(kb)) {
		if ka[k] != kb[k] {
			return &MismatchError{What: "outputs", A: ka[k].String(), B: kb[k].String()}
		}
	}
	if len(ka) != len(kb) {
		return &MismatchError{What: "numbers of outputs", A: strconv.Itoa(len(ka)), B: strconv.Itoa(len(kb))}
	}
	return nil
}

// joinNames joins the names of xs.
func joinNames[T any](xs []T, name func(T) string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return strings.Join(out, ", ")
}

// Outputs returns the keys of the outputs compared, in order.
func (c *Comparison) Outputs() []OutputKey { return slices.Clone(c.A.Outputs) }

// Summary returns what the comparison reports of the output named by key,
// with the given percentiles of each what-if and of the difference (in
// percent, e.g. 2.5, 50, 97.5), or false when there is no such output. In
// a comparison of no iterations (CompareDeterministic) only Deterministic
// is a number.
func (c *Comparison) Summary(key OutputKey, percentiles ...float64) (ComparisonSummary, bool) {
	k, ok := c.A.Index(key)
	if !ok {
		return ComparisonSummary{}, false
	}
	out := ComparisonSummary{
		Deterministic: c.Difference.Deterministic[k],
		Difference:    c.Difference.Stat(k).Summary(percentiles...),
		A:             c.A.Stat(k).Summary(percentiles...),
		B:             c.B.Stat(k).Summary(percentiles...),
	}
	out.UnpairedMCSE = math.Hypot(out.A.MCSE, out.B.MCSE)
	return out, true
}

// Merge adds the comparison o, over the iterations that follow c's, to c:
// the result is the one a single comparison over both ranges gives, bit for
// bit. It refuses (a *MergeError) comparisons of other what-ifs or another
// seed, and ranges that do not follow each other; a refused comparison
// made by Compare leaves c as it was.
func (c *Comparison) Merge(o *Comparison) error {
	if c == nil || o == nil || c.A == nil || c.B == nil || c.Difference == nil || o.A == nil || o.B == nil || o.Difference == nil {
		return &MergeError{"comparisons (a nil *Comparison or run)", fmt.Sprint(c != nil), fmt.Sprint(o != nil)}
	}
	if c.B.Scenario != o.B.Scenario {
		return &MergeError{"what-ifs B (after every override)", short(c.B.Scenario), short(o.B.Scenario)}
	}
	if err := c.A.Merge(o.A); err != nil {
		return err
	}
	// B and the difference have A's seed, range, outputs and version, and
	// B's scenario is checked: they merge as A did.
	if err := c.B.Merge(o.B); err != nil {
		return err
	}
	return c.Difference.Merge(o.Difference)
}
