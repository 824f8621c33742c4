package cba_test

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba"
)

// TestDistributionWrittenAsAFileWouldBe: String writes each family with
// the keys a scenario file uses for it, and DistKindOf reads its name back.
func TestDistributionWrittenAsAFileWouldBe(t *testing.T) {
	for _, tc := range []struct {
		d    cba.Distribution
		want string
	}{
		{cba.Distribution{Kind: cba.Normal, Mu: 3, Sigma: 2}, "{type: normal, mean: 3, sd: 2}"},
		{cba.Distribution{Kind: cba.LogNormal, Mu: 0.5, Sigma: 0.4}, "{type: lognormal, mu: 0.5, sigma: 0.4}"},
		{cba.Distribution{Kind: cba.Gamma, Shape: 4, Rate: 0.5}, "{type: gamma, shape: 4, rate: 0.5}"},
		{cba.Distribution{Kind: cba.Beta, Alpha: 2, Beta: 5}, "{type: beta, alpha: 2, beta: 5}"},
		{cba.Distribution{Kind: cba.Uniform, Min: -1, Max: 3}, "{type: uniform, min: -1, max: 3}"},
		{cba.Distribution{Kind: cba.Triangular, Min: 0, Mode: 1, Max: 5}, "{type: triangular, min: 0, mode: 1, max: 5}"},
		{cba.Distribution{Kind: cba.PERT, Min: 10, Mode: 12, Max: 30}, "{type: pert, min: 10, mode: 12, max: 30}"},
		{cba.Distribution{Kind: cba.Discrete, Values: []float64{1, 2.5, 1e-7}}, "{type: discrete, values: [1, 2.5, 1e-07]}"},
		{cba.Distribution{Kind: 42}, "{}"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%q, want %q", got, tc.want)
		}
		if tc.d.Kind == 42 {
			continue
		}
		name := strings.TrimPrefix(strings.Split(tc.want, ",")[0], "{type: ")
		if k, ok := cba.DistKindOf(name); !ok || k != tc.d.Kind || k.String() != name {
			t.Errorf("DistKindOf(%q) = %v, %v", name, k, ok)
		}
	}
	if _, ok := cba.DistKindOf("Normal"); ok {
		t.Error("a family's name is lower case")
	}
	if got := cba.DistKind(0).String(); got != "DistKind(0)" {
		t.Errorf("the zero kind: %q", got)
	}
}

// TestDiscreteDistribution: a list of equally likely values, in any order:
// mean and sd of the list, the quantile at p the value of rank ceil(p n)
// among the sorted values, the support its smallest and largest.
func TestDiscreteDistribution(t *testing.T) {
	values := []float64{10, 1, 2, 2}
	d := cba.Distribution{Kind: cba.Discrete, Values: values}
	if err := d.Check(); err != nil {
		t.Fatal(err)
	}
	if got := d.Mean(); got != 3.75 {
		t.Errorf("mean %v, want 15/4", got)
	}
	// Population variance: (100+1+4+4)/4 - 3.75^2 = 13.1875.
	if got := d.SD(); math.Abs(got-math.Sqrt(13.1875)) > 1e-14 {
		t.Errorf("sd %v, want sqrt(13.1875)", got)
	}
	if lo, hi := d.Support(); lo != 1 || hi != 10 {
		t.Errorf("support %v to %v", lo, hi)
	}
	for _, tc := range []struct{ p, want float64 }{
		{0, 1}, {0.1, 1}, {0.25, 1}, {0.26, 2}, {0.5, 2}, {0.75, 2}, {0.76, 10}, {1, 10},
	} {
		if got := d.Quantile(tc.p); got != tc.want {
			t.Errorf("quantile at %v: %v, want %v", tc.p, got, tc.want)
		}
	}
	if !slices.Equal(values, []float64{10, 1, 2, 2}) {
		t.Errorf("Quantile reordered the values: %v", values)
	}
	one := cba.Distribution{Kind: cba.Discrete, Values: []float64{7}}
	if one.Quantile(0.3) != 7 || one.Mean() != 7 || one.SD() != 0 {
		t.Errorf("one value: %v, %v, %v", one.Quantile(0.3), one.Mean(), one.SD())
	}
}

// TestDistributionChecks: Check says what makes parameters impossible,
// and FromMoments why a family has no member of a mean and sd.
func TestDistributionChecks(t *testing.T) {
	for _, tc := range []struct {
		d    cba.Distribution
		want string
	}{
		{cba.Distribution{Kind: cba.Triangular, Min: 2, Mode: 2, Max: 2}, "needs min < max, got 2 and 2"},
		{cba.Distribution{Kind: cba.Triangular, Min: math.NaN(), Mode: 2, Max: 3}, "needs min < max, got NaN and 3"},
		{cba.Distribution{Kind: cba.PERT, Min: 0, Mode: 6, Max: 5}, "needs min <= mode <= max, got 0, 6, 5"},
		{cba.Distribution{Kind: cba.PERT, Min: 0, Mode: -1, Max: 5}, "needs min <= mode <= max, got 0, -1, 5"},
		{cba.Distribution{Kind: cba.Uniform, Min: 3, Max: 3}, "needs min < max, got 3 and 3"},
		{cba.Distribution{Kind: cba.Uniform, Min: 0, Max: math.Inf(1)}, "needs min < max, got 0 and +Inf"},
		{cba.Distribution{Kind: cba.Discrete}, "needs at least one value"},
		{cba.Distribution{Kind: cba.Discrete, Values: []float64{1, math.NaN()}}, "values must be finite, got [1 NaN]"},
		{cba.Distribution{Kind: cba.Beta, Alpha: 0, Beta: 1}, "needs alpha > 0 and beta > 0, got 0 and 1"},
		{cba.Distribution{Kind: cba.LogNormal, Mu: 1, Sigma: -1}, "needs a finite mu and sigma > 0, got mu 1, sigma -1"},
		{cba.Distribution{Kind: 0}, "unknown distribution"},
		// A field the family does not use must still be finite, or two
		// scenarios would share a fingerprint.
		{cba.Distribution{Kind: cba.Gamma, Shape: 2, Rate: 1, Mu: math.NaN()}, "a parameter the gamma family does not use is not a finite number: NaN"},
		{cba.Distribution{Kind: cba.Normal, Mu: 1, Sigma: 1, Max: math.Inf(-1)}, "a parameter the normal family does not use is not a finite number: -Inf"},
	} {
		if err := tc.d.Check(); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: %v, want %q", tc.d, err, tc.want)
		}
	}
	for _, p := range []cba.Distribution{
		{Kind: cba.Triangular, Min: 0, Mode: 0, Max: 1}, {Kind: cba.Triangular, Min: 0, Mode: 1, Max: 1}, {Kind: cba.PERT, Min: 1, Mode: 3, Max: 3},
	} {
		if err := p.Check(); err != nil {
			t.Errorf("a mode at an end is possible: %+v: %v", p, err)
		}
	}
	for _, tc := range []struct {
		k        cba.DistKind
		mean, sd float64
		want     string
	}{
		{cba.Normal, math.NaN(), 1, "the mean must be a finite number, got NaN"},
		{cba.Normal, math.Inf(1), 1, "the mean must be a finite number, got +Inf"},
		{cba.Normal, 1, math.Inf(1), "sd must be >= 0, got +Inf"},
		{cba.Normal, 1, 0, "sd is 0: write the number as a value, not a distribution"},
		{cba.Uniform, 1, 1, "a uniform distribution is not given by mean and sd"},
		{cba.PERT, 1, 1, "a pert distribution is not given by mean and sd"},
		{99, 1, 1, "a DistKind(99) distribution is not given by mean and sd"},
	} {
		if _, err := cba.FromMoments(tc.k, tc.mean, tc.sd); err == nil || err.Error() != tc.want {
			t.Errorf("%v(%v, %v): %v, want %q", tc.k, tc.mean, tc.sd, err, tc.want)
		}
	}
}

// TestRangeOfAnOpenBound: the draws of a distribution for a number whose
// bound excludes its minimum (a half-life above 0) stay above it.
func TestRangeOfAnOpenBound(t *testing.T) {
	b := cba.Bound{Min: 0, Max: 12000, MinOpen: true}
	u := cba.Distribution{Kind: cba.Uniform, Min: 0, Max: 24}
	if lo, hi := u.Range(b); !(lo > 0) || lo > 1e-300 || hi != 24 {
		t.Errorf("uniform(0, 24) within (0, 12000]: from %v to %v", lo, hi)
	}
	if err := u.Fits(b); err == nil || !strings.Contains(err.Error(), "outside this parameter's range (0, 12000]") {
		t.Errorf("uniform(0, 24) for a number above 0: %v", err)
	}
	if err := u.Fits(cba.Bound{Min: 0, Max: 24}); err != nil {
		t.Errorf("uniform(0, 24) within [0, 24]: %v", err)
	}
	if err := u.Fits(cba.Bound{Min: 0, Max: 23.9}); err == nil {
		t.Error("uniform(0, 24) within [0, 23.9]")
	}
	g := cba.Distribution{Kind: cba.Gamma, Shape: 16, Rate: 1}
	if lo, hi := g.Range(b); !(lo > 0) || !(hi > 16) || hi > 100 {
		t.Errorf("gamma(16, 1): from %v to %v", lo, hi)
	}
	n := cba.Distribution{Kind: cba.Normal, Mu: 50, Sigma: 1}
	if lo, hi := n.Range(cba.Bound{Min: 0, Max: 100}); math.Abs(lo-(50-5.997807)) > 1e-5 || math.Abs(hi-(50+5.997807)) > 1e-5 {
		t.Errorf("normal(50, 1) within [0, 100]: from %v to %v, want 50 -+ the standard normal's 1-1e-9 quantile 5.997807", lo, hi)
	}
	if lo, hi := n.Range(cba.Bound{Min: 48, Max: 51}); lo != 48 || hi != 51 {
		t.Errorf("normal(50, 1) within [48, 51]: from %v to %v", lo, hi)
	}
}

// TestBoundChecksAndWords: Check refuses what a bound does not allow and
// says why; a fraction written in percent gets a hint, and 0 months for a
// duration is explained.
func TestBoundChecksAndWords(t *testing.T) {
	share := cba.Bound{Min: 0, Max: 1, Fraction: true}
	months := cba.Bound{Min: 0, Max: 1200, MinOpen: true, Duration: true}
	for _, tc := range []struct {
		b    cba.Bound
		v    float64
		want string // "" for allowed
	}{
		{share, 0, ""},
		{share, 1, ""},
		{share, 20, "must be in [0, 1], got 20 (write 0.2 for 20 %)"},
		{share, 100, "must be in [0, 1], got 100 (write 1 for 100 %)"},
		{share, 1.2, "must be in [0, 1], got 1.2"},
		{share, 1.5, "must be in [0, 1], got 1.5 (write 0.015 for 1.5 %)"},
		{share, 101, "must be in [0, 1], got 101"},
		{share, -20, "must be in [0, 1], got -20"},
		{cba.Bound{Min: -0.05, Max: 0.25, Fraction: true}, -3, "must be in [-0.05, 0.25], got -3 (write -0.03 for -3 %)"},
		{cba.Bound{Min: -1, Max: 1, Fraction: true}, -1.5, "must be in [-1, 1], got -1.5 (write -0.015 for -1.5 %)"},
		{cba.Bound{Min: 0, Max: 100}, 150, "must be in [0, 100], got 150"},
		{share, math.NaN(), "must be a finite number, got NaN"},
		{share, math.Inf(-1), "must be a finite number, got -Inf"},
		{cba.Bound{Min: 1, Max: 1200, Integer: true}, 1.5, "must be a whole number, got 1.5"},
		{cba.Bound{Min: 1, Max: 1200, Integer: true}, 12, ""},
		{months, 0, "must be in (0, 1200], got 0 (a duration is a positive number of months: the horizon's months for the whole horizon)"},
		{months, 1e-9, ""},
		{cba.ConcentrationBound, 0, "must be in (0, 1e+09], got 0"},
		{cba.RankBound, -1, ""},
		{cba.RankBound, 1.01, "must be in [-1, 1], got 1.01"},
	} {
		err := tc.b.Check(tc.v)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v in %v: %v", tc.v, tc.b, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want):
			t.Errorf("%v in %v: %v, want %q", tc.v, tc.b, err, tc.want)
		}
	}
	for _, tc := range []struct {
		b    cba.Bound
		want string
	}{
		{share, "[0, 1]"},
		{cba.Bound{Min: 0, Max: 100, MinOpen: true}, "(0, 100]"},
		{months, "(0, 1200]"},
		{cba.Bound{Min: 1, Max: 1200, Duration: true}, "[1, 1200]"},
		{cba.RankBound, "[-1, 1]"},
	} {
		if got := tc.b.String(); got != tc.want {
			t.Errorf("%q, want %q", got, tc.want)
		}
	}
}

// TestMeasuresSayWhatTheyAre: each measure's name reads back, and which
// measures are money and which have one output a perspective.
func TestMeasuresSayWhatTheyAre(t *testing.T) {
	for _, tc := range []struct {
		m                     cba.Measure
		name                  string
		money, perPerspective bool
	}{
		{cba.NPV, "npv", true, true},
		{cba.NPVObserved, "npv_observed", true, true},
		{cba.BenefitCostRatio, "benefit_cost_ratio", false, false},
		{cba.PublicReturn, "public_return", false, false},
		{cba.EmployedMonths, "employed_months", false, false},
		{cba.DiscountedEmployedMonths, "discounted_employed_months", false, false},
		{cba.IncrementalCost, "programme_cost", true, false},
		{cba.BreakEvenMonth, "break_even_month", false, true},
		{cba.Cumulative, "cumulative", true, true},
		{cba.ProgrammeCostBorne, "programme_cost_borne", true, true},
		{cba.Measure(0), "Measure(0)", false, false},
	} {
		if got := tc.m.String(); got != tc.name {
			t.Errorf("%d: %q, want %q", int(tc.m), got, tc.name)
		}
		if m, ok := cba.MeasureOf(tc.name); ok != (tc.m != 0) || ok && m != tc.m {
			t.Errorf("MeasureOf(%q) = %v, %v", tc.name, m, ok)
		}
		if tc.m.Money() != tc.money || tc.m.PerPerspective() != tc.perPerspective {
			t.Errorf("%s: money %v, per perspective %v", tc.name, tc.m.Money(), tc.m.PerPerspective())
		}
	}
}

// TestResultLookupsAndIdentities: a Result finds its arms, increments,
// groups, perspectives and components by name; the components'
// contributions add up to each NPV, and the cumulative discounted flow to
// the horizon is the NPV.
func TestResultLookupsAndIdentities(t *testing.T) {
	r, err := cba.Evaluate(twoGroups())
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := r.Arm("ips"); !ok || a.Arm != "ips" || a.Comparator != "" {
		t.Errorf("Arm(ips): %v", ok)
	}
	if _, ok := r.Arm("job_club"); ok {
		t.Error("an arm that is not there")
	}
	inc, ok := r.Increment("ips")
	if !ok || inc.Arm != "ips" || inc.Comparator != "usual" {
		t.Fatalf("Increment(ips): %v", ok)
	}
	if _, ok := r.Increment("usual"); ok {
		t.Error("the comparator has no increment over itself")
	}
	for _, tc := range []struct {
		name, group string
		ok          bool
	}{{"", "", true}, {"population", "", true}, {"young", "young", true}, {"old", "old", true}, {"middle", "", false}} {
		s, ok := inc.Group(tc.name)
		if ok != tc.ok || ok && s.Group != tc.group {
			t.Errorf("Group(%q): %v, %v", tc.name, ok, s)
		}
	}
	if _, ok := r.Perspective("state"); !ok {
		t.Error("no perspective state")
	}
	if _, ok := r.Component("cost:specialist"); !ok {
		t.Error("no component cost:specialist")
	}
	if _, ok := r.Component("cost:nothing"); ok {
		t.Error("a component that is not there")
	}
	for _, o := range []*cba.Outcome{&r.Arms[0], &r.Arms[1], inc} {
		for _, s := range append([]cba.Summary{o.Population}, o.Groups...) {
			for p, npv := range s.NPV {
				sum := 0.0
				for c := range r.Components {
					sum += r.Contribution(&s, p, c)
				}
				if math.Abs(sum-npv) > 1e-9*math.Max(1, math.Abs(npv)) {
					t.Errorf("%s %s %s: contributions %v, NPV %v", o.Arm, s.Group, r.Perspectives[p], sum, npv)
				}
				if c := r.Cumulative(&s, p, r.HorizonMonths+12); math.Abs(c-npv) > 1e-9*math.Max(1, math.Abs(npv)) {
					t.Errorf("%s %s %s: cumulative to the horizon %v, NPV %v", o.Arm, s.Group, r.Perspectives[p], c, npv)
				}
			}
		}
	}
	// The contribution is the component's weight times its present value.
	p, _ := r.Perspective("participant")
	c, _ := r.Component("earnings")
	if got, want := r.Contribution(&inc.Population, p, c), inc.Population.PV[c]; got != want {
		t.Errorf("the participant's earnings: %v, want their present value %v", got, want)
	}
}

// TestDiscreteDraws: a number drawn from a list of values takes each value
// as often as the others, in the Monte Carlo sampler (within 4 binomial
// standard errors) and in the unit cube (exactly by the coordinate's
// third: the value of rank ceil(3u)).
func TestDiscreteDraws(t *testing.T) {
	s := twoGroups()
	s.Uncertainty.Parameters = []cba.Uncertain{{Paths: []string{"arms.ips.enrolment.months"},
		Dist: cba.Distribution{Kind: cba.Discrete, Values: []float64{12, 3, 6}}}}
	s.UseMeans()
	if s.Arms[1].Enrolment.Months != 7 {
		t.Fatalf("the mean of 12, 3 and 6 is %v", s.Arms[1].Enrolment.Months)
	}
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	i, _ := ev.Index("arms.ips.enrolment.months")
	const n = 6000
	count := map[float64]int{}
	sm, x := ev.NewSampler(7), ev.Base()
	for it := range n {
		sm.Fill(uint64(it), x)
		count[x[i]]++
	}
	if len(count) != 3 {
		t.Fatalf("draws %v", count)
	}
	for v, c := range count {
		within(t, "drawn "+strconv.FormatFloat(v, 'g', -1, 64), float64(c)/n, 1.0/3, n)
	}
	cube := ev.UnitCube()
	for _, tc := range []struct{ u, want float64 }{{0, 3}, {0.2, 3}, {0.33, 3}, {0.34, 6}, {0.5, 6}, {0.66, 6}, {0.67, 12}, {0.9, 12}, {1, 12}} {
		x := ev.Base()
		cube.Map([]float64{tc.u}, x)
		if x[i] != tc.want {
			t.Errorf("u = %v: %v, want %v", tc.u, x[i], tc.want)
		}
	}
}

// TestUnitCubeCornersOfATinyDirichlet: at the cube's corners the shares of
// a Dirichlet entry of tiny concentration (whose gamma quantiles there are
// 0) still keep their sum, equally split, never NaN; a factor drawn on its
// own takes values at its range's ends.
func TestUnitCubeCornersOfATinyDirichlet(t *testing.T) {
	s := twoGroups()
	s.Uncertainty = cba.Uncertainty{
		Parameters: []cba.Uncertain{{Paths: []string{"arms.ips.costs.specialist.amount"}, Dist: cba.Distribution{Kind: cba.Uniform, Min: 3000, Max: 5000}}},
		Dirichlets: []cba.Dirichlet{{Paths: []string{"groups.young.share", "groups.old.share"}, Concentration: 1e-3}},
	}
	s.UseMeans()
	ev, err := cba.NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	cube := ev.UnitCube()
	young, _ := ev.Index("groups.young.share")
	old, _ := ev.Index("groups.old.share")
	cost, _ := ev.Index("arms.ips.costs.specialist.amount")
	for _, corner := range []float64{0, 1} {
		u := make([]float64, cube.Dims())
		for k := range u {
			u[k] = corner
		}
		x := ev.Base()
		cube.Map(u, x)
		if sum := x[young] + x[old]; math.IsNaN(sum) || math.Abs(sum-1) > 1e-12 || x[young] < 0 || x[old] < 0 {
			t.Errorf("corner %v: shares %v and %v", corner, x[young], x[old])
		}
		// The quantile near the corner's end (the table's ends are at the
		// normal's 1e-9 tails), within the range.
		if want := 3000 + 2000*corner; math.Abs(x[cost]-want) > 1e-5 || x[cost] < 3000 || x[cost] > 5000 {
			t.Errorf("corner %v: cost %v, want about %v", corner, x[cost], want)
		}
	}
	x := ev.Base()
	cube.Map(make([]float64, cube.Dims()), x)
	if x[young] != 0.5 || x[old] != 0.5 {
		t.Errorf("at the corner 0 every gamma quantile is 0: shares %v and %v, want an equal split", x[young], x[old])
	}
}

// TestDistributionMomentsInClosedForm: each family's mean and sd are the
// textbook closed forms of its parameters (gamma by rate, PERT's beta on
// [min, max]).
func TestDistributionMomentsInClosedForm(t *testing.T) {
	sq := math.Sqrt
	for _, tc := range []struct {
		d        cba.Distribution
		mean, sd float64
	}{
		{cba.Distribution{Kind: cba.Normal, Mu: 3, Sigma: 2}, 3, 2},
		{cba.Distribution{Kind: cba.LogNormal, Mu: 0.5, Sigma: 0.4}, math.Exp(0.5 + 0.08), math.Exp(0.5+0.08) * sq(math.Expm1(0.16))},
		{cba.Distribution{Kind: cba.Gamma, Shape: 4, Rate: 0.5}, 8, sq(4) / 0.5},
		{cba.Distribution{Kind: cba.Beta, Alpha: 2, Beta: 5}, 2.0 / 7, sq(2 * 5 / (49.0 * 8))},
		{cba.Distribution{Kind: cba.Uniform, Min: -1, Max: 3}, 1, 4 / sq(12)},
		{cba.Distribution{Kind: cba.Triangular, Min: 0, Mode: 1, Max: 5}, 2, sq((0 + 1 + 25 - 0 - 0 - 5) / 18.0)},
		// PERT: mean (a + 4m + b)/6; variance (mean-a)(b-mean)/7.
		{cba.Distribution{Kind: cba.PERT, Min: 10, Mode: 12, Max: 30}, 88.0 / 6, sq((88.0/6 - 10) * (30 - 88.0/6) / 7)},
		{cba.Distribution{Kind: cba.PERT, Min: 0, Mode: 9, Max: 10}, 46.0 / 6, sq((46.0 / 6) * (10 - 46.0/6) / 7)},
	} {
		if got := tc.d.Mean(); math.Abs(got-tc.mean) > 1e-12*math.Max(1, tc.mean) {
			t.Errorf("%s: mean %v, want %v", tc.d.String(), got, tc.mean)
		}
		if got := tc.d.SD(); math.Abs(got-tc.sd) > 1e-12*math.Max(1, tc.sd) {
			t.Errorf("%s: sd %v, want %v", tc.d.String(), got, tc.sd)
		}
	}
}

// TestUnknownPathSuggestsAtMostThree: a misspelled path is refused with
// the three closest paths, nearest and then alphabetical first.
func TestUnknownPathSuggestsAtMostThree(t *testing.T) {
	s := twoGroups()
	g := s.Groups[1]
	s.Groups = nil
	for _, name := range []string{"g4", "g2", "g5", "g1", "g3"} {
		g.Name, g.Share = name, 0.2
		s.Groups = append(s.Groups, g)
	}
	for a := range s.Arms {
		ag := s.Arms[a].Groups[0]
		s.Arms[a].Groups = []cba.ArmGroup{ag, ag, ag, ag, ag}
	}
	err := s.Set("groups.g.share", 0.3)
	wantProblem(t, err, "groups.g.share", "no such parameter in this scenario: groups.g.share (did you mean groups.g1.share, groups.g2.share, groups.g3.share?)")
}
