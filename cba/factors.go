package cba

import (
	"fmt"
	"slices"
	"strings"
)

// Factor is one number of a scenario as it is written once: every path that
// takes it (several when a file uses it again through a YAML anchor), its
// value, range and unit, and how a Monte Carlo run draws it. Overrides,
// draws and sensitivity analysis act on factors, never on single paths.
type Factor struct {
	// Name is the factor's first path, the name reports and analyses show.
	Name  string
	Paths []string
	// Value is the factor's value: the mean of its distribution when it is
	// uncertain, the value written otherwise.
	Value float64
	Bound Bound // the strictest bound of its paths
	Unit  string
	// Index is the factor's position in parameter vectors (Evaluator), or -1
	// for a whole number (a horizon, a month), which shapes the model and is
	// changed only through Scenario.Apply.
	Index int
	// Dist is the factor's own distribution, or nil.
	Dist *Distribution
	// Dirichlet is the index of the Uncertainty.Dirichlets entry that draws
	// the factor with others, or -1.
	Dirichlet int
	// Correlated says that the factor's draw is rank-correlated with others.
	Correlated bool
	// ShareSet is the index of the set of shares the factor belongs to
	// (Evaluator.ShareSets), or -1: setting one share of a set rescales the
	// others.
	ShareSet int
	// Unused says why no result counts the factor as the scenario stands
	// (the non-market value of work while society leaves it out), or is
	// empty: a what-if of it is refused (Override), and so is a
	// sensitivity analysis of it.
	Unused string
	// Label is a reader's words for the field of its first path, from the
	// scenario format's table ("weekly hours in work").
	Label string
	// WholeHorizon says that the factor is a duration the scenario leaves
	// out: it runs the whole horizon, and its Value is the horizon's
	// months. A what-if gives it a number of months like any duration.
	WholeHorizon bool
	// Switch says that the factor is a switch of a convention (a Flag of
	// the format: perspective.leisure.include), a whole number 1 (on) or 0
	// (off). Apply makes switches before the other overrides, so that a
	// number a switch turns on may be set in the same Apply.
	Switch bool
}

// Uncertain says whether a Monte Carlo run draws the factor.
func (f *Factor) Uncertain() bool { return f.Dist != nil || f.Dirichlet >= 0 }

// Admit returns nil when a what-if may give the factor the value v, or
// the reason it may not: v outside the factor's range (Bound), or a change
// of a number no result counts (Unused; a draw from the scenario's own
// distribution is the scenario's, not a what-if). It is the one admission
// check of every mode: Apply, parameter vectors (Evaluator.Evaluate), the
// sensitivity analyses and the planner's page.
func (f *Factor) Admit(v float64) error {
	if err := f.Bound.Check(v); err != nil {
		return errorAt(f.Name, err)
	}
	if f.Unused != "" && !f.Uncertain() && !same(v, f.Value) {
		return &Error{Path: f.Name, Msg: f.Unused}
	}
	return nil
}

// Variable returns nil when a what-if may vary the factor at all (a
// sensitivity analysis of it), or the reason it may not: a whole number
// shapes the model (change it with Apply), and a number no result counts
// changes nothing.
func (f *Factor) Variable() error {
	switch {
	case f.Index < 0:
		return &Error{Path: f.Name, Msg: "is a whole number that shapes the model: change it with a fixed value (-set), not in an analysis"}
	case f.Unused != "":
		return &Error{Path: f.Name, Msg: f.Unused}
	}
	return nil
}

// ShareSet is a set of share factors that move together: the groups'
// shares and a split between payers must sum to 1; the shares a Dirichlet
// entry draws keep their sum. Setting one share rescales the others of its
// set proportionally, so that the sum stays.
type ShareSet struct {
	Name    string // "groups", "taxes.X.receivers", "uncertainty.dirichlet[0]", ...
	Factors []int  // indexes into the factor list
	// Sum is what the shares must sum to (1), or 0 for a Dirichlet set,
	// which keeps the sum its shares have.
	Sum float64
}

// factorTable is the factors of a scenario and the places they are written.
type factorTable struct {
	factors []Factor
	refs    [][]ref        // per factor: every place it is written
	byPath  map[string]int // path -> factor
	vector  []int          // vector entry -> factor
	sets    []ShareSet
	dirs    []dirichletSet // the Dirichlet entries, over factors, without duplicates
	corrs   []factorCorr
}

// dirichletSet is a Dirichlet entry resolved to factors.
type dirichletSet struct {
	entry         int // index in Uncertainty.Dirichlets (the first, when merged)
	factors       []int
	concentration float64
}

type factorCorr struct {
	entry  int    // index in Uncertainty.Correlations
	a, b   int    // factors
	pa, pb string // the paths the entry names
	rank   float64
}

// unionFind joins the paths of a number written once.
type unionFind []int

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) join(a, b int) { u[u.find(a)] = u.find(b) }

// factors builds the factor table of s, collecting every problem with the
// ties, share sets and uncertainty into c. The structure of s must be valid.
func (s *Scenario) factors(c *errorList) *factorTable {
	places, uf := s.tiedPlaces(c)
	t := &factorTable{byPath: map[string]int{}}
	root := map[int]int{} // union-find root -> factor
	for i, pl := range places {
		fi, ok := root[uf.find(i)]
		if !ok {
			fi = len(t.factors)
			root[uf.find(i)] = fi
			t.factors = append(t.factors, Factor{Name: pl.path, Value: pl.r.get(), Bound: pl.bound, Unit: pl.unit,
				Label: pl.label, WholeHorizon: pl.r.wholeHorizon(), Switch: pl.r.b != nil, Index: -1, Dirichlet: -1, ShareSet: -1})
			t.refs = append(t.refs, nil)
		}
		t.addPlace(fi, pl, c)
	}
	for fi := range t.factors {
		f := &t.factors[fi]
		if !f.Bound.Integer {
			f.Index = len(t.vector)
			t.vector = append(t.vector, fi)
		}
		f.Unused = s.switchedOff(f.Paths)
	}
	s.shareSets(t, c)
	s.sharedSplits(t, c)
	s.uncertainFactors(t, c)
	return t
}

// place is one number of a scenario at one path.
type place struct {
	path  string
	r     ref
	bound Bound
	unit  string
	label string
}

// tiedPlaces returns every number of s in walk order, and the union-find
// that joins the places of a number written once (Aliases, and the paths
// an uncertain number names).
func (s *Scenario) tiedPlaces(c *errorList) ([]place, unionFind) {
	var places []place
	index := map[string]int{}
	s.walk(func(path string, r ref, f *Field, unit string) {
		index[path] = len(places)
		places = append(places, place{path, r, f.Bound, unit, f.Label})
	})
	uf := make(unionFind, len(places))
	for i := range uf {
		uf[i] = i
	}
	tie := func(what string, paths []string) {
		first := -1
		for _, p := range paths {
			i, ok := index[p]
			switch {
			case !ok:
				c.push(errorAt(what, unknownPath(p, index)))
			case first < 0:
				first = i
			default:
				uf.join(first, i)
			}
		}
	}
	for k, a := range s.Aliases {
		tie(fmt.Sprintf("aliases[%d]", k), a)
	}
	for _, u := range s.Uncertainty.Parameters {
		if len(u.Paths) == 0 {
			c.add("uncertainty", "an uncertain number names no path")
		}
		tie(firstOr(u.Paths, "uncertainty"), u.Paths)
	}
	return places, uf
}

// addPlace makes pl a place of factor fi, refusing a tie of numbers that
// differ (one whole and one not, or another value).
func (t *factorTable) addPlace(fi int, pl place, c *errorList) {
	f := &t.factors[fi]
	if len(f.Paths) > 0 {
		if pl.bound.Integer != f.Bound.Integer {
			c.add(pl.path, "is written once with %s, but one is a whole number and the other not", f.Name)
		}
		if v := pl.r.get(); v != f.Value {
			c.add(pl.path, "is tied to %s but has another value (%s, not %s)", f.Name, formatNumber(v), formatNumber(f.Value))
		}
		f.Bound = intersect(f.Bound, pl.bound)
	}
	f.Paths = append(f.Paths, pl.path)
	t.refs[fi] = append(t.refs[fi], pl.r)
	t.byPath[pl.path] = fi
}

// sharedSplits checks that a cost or allowance of the same name in two arms,
// split between payers, has its split written once (a YAML anchor): the
// increment over the comparator shows it as one row, paid as its split
// says, which must then be one split.
func (s *Scenario) sharedSplits(t *factorTable, c *errorList) {
	first := map[string]string{} // kind:name -> path of its first split
	check := func(kind, name, path string, sp Split) {
		if len(sp) < 2 {
			return
		}
		prev, ok := first[kind+":"+name]
		if !ok {
			first[kind+":"+name] = path
			return
		}
		for _, x := range sp {
			if t.byPath[path+"."+x.Payer] != t.byPath[prev+"."+x.Payer] {
				c.add(path+"."+x.Payer, "the %s %q is also in another arm (%s), split between payers: write its split once (a YAML anchor), or give it a name of its own in each arm", kind, name, prev)
				return
			}
		}
	}
	for _, a := range s.Arms {
		for _, cost := range a.Costs {
			check("cost", cost.Name, "arms."+a.Name+".costs."+cost.Name+".payers", cost.Payers)
		}
		for _, al := range a.Allowances {
			check("allowance", al.Name, "arms."+a.Name+".allowances."+al.Name+".payers", al.Payers)
		}
	}
}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

// intersect returns the values both bounds allow.
func intersect(a, b Bound) Bound {
	out := a
	if b.Min > out.Min || (b.Min == out.Min && b.MinOpen) {
		out.Min, out.MinOpen = b.Min, b.MinOpen
	}
	out.Max = min(out.Max, b.Max)
	out.Integer = a.Integer || b.Integer
	out.Fraction = a.Fraction && b.Fraction
	return out
}

// shareSets finds the sets of shares that must sum to 1: the groups'
// shares and every split between several payers.
func (s *Scenario) shareSets(t *factorTable, c *errorList) {
	add := func(name string, paths []string) {
		set := ShareSet{Name: name, Sum: 1}
		seen := make(map[int]bool, len(paths))
		for _, p := range paths {
			fi := t.byPath[p]
			if seen[fi] {
				c.add(p, "is written once for two shares of %s, which must be separate numbers", name)
				return
			}
			seen[fi] = true
			set.Factors = append(set.Factors, fi)
		}
		// A split written once and used twice is one set; a share in two
		// different sets is an error.
		if k := t.factors[set.Factors[0]].ShareSet; k >= 0 && slices.Equal(t.sets[k].Factors, set.Factors) {
			return
		}
		for _, fi := range set.Factors {
			if k := t.factors[fi].ShareSet; k >= 0 {
				c.add(t.factors[fi].Name, "belongs to two sets of shares (%s and %s); write them as separate numbers", t.sets[k].Name, name)
				return
			}
		}
		for _, fi := range set.Factors {
			t.factors[fi].ShareSet = len(t.sets)
		}
		t.sets = append(t.sets, set)
	}
	var groups []string
	for _, g := range s.Groups {
		p := "groups." + g.Name + ".share"
		if len(t.factors[t.byPath[p]].Paths) > 1 {
			c.add(p, "a group's share cannot be written once for several numbers (it is tied to %s)", otherPath(t.factors[t.byPath[p]].Paths, p))
			return
		}
		groups = append(groups, p)
	}
	if len(groups) > 1 {
		add("groups", groups)
	}
	split := func(p string, sp Split) {
		if len(sp) < 2 {
			return
		}
		var paths []string
		for _, ps := range sp {
			paths = append(paths, p+"."+ps.Payer)
		}
		add(p, paths)
	}
	split("employer_contribution.receivers", s.EmployerContribution.Receivers)
	for _, tx := range s.Taxes {
		split("taxes."+tx.Name+".receivers", tx.Receivers)
	}
	for _, b := range s.Benefits {
		split("benefits."+b.Name+".payers", b.Payers)
	}
	for _, a := range s.Arms {
		for _, cost := range a.Costs {
			split("arms."+a.Name+".costs."+cost.Name+".payers", cost.Payers)
		}
		for _, al := range a.Allowances {
			split("arms."+a.Name+".allowances."+al.Name+".payers", al.Payers)
		}
	}
}

func otherPath(paths []string, not string) string {
	for _, p := range paths {
		if p != not {
			return p
		}
	}
	return not
}

// uncertainFactors gives each factor its distribution, Dirichlet set and
// correlations, and refuses a number that would be drawn twice.
func (s *Scenario) uncertainFactors(t *factorTable, c *errorList) {
	owner := map[int]string{} // factor -> what draws it
	s.ownDistributions(t, c, owner)
	s.dirichletSets(t, c, owner)
	s.correlations(t, c)
}

// ownDistributions gives each factor drawn on its own its distribution.
func (s *Scenario) ownDistributions(t *factorTable, c *errorList, owner map[int]string) {
	for _, p := range s.Uncertainty.Parameters {
		if len(p.Paths) == 0 {
			continue
		}
		fi, ok := t.byPath[p.Paths[0]]
		if !ok {
			continue // reported by factors
		}
		f := &t.factors[fi]
		where := p.Paths[0] + ".distribution"
		if f.Dist != nil {
			c.add(where, "%s has two distributions", f.Name)
			continue
		}
		if err := p.Dist.Check(); err != nil {
			c.addErr(where, err)
			continue
		}
		switch {
		case f.Bound.Integer:
			c.add(where, "a whole number cannot be drawn: it shapes the model (change it with a fixed value)")
			continue
		case f.ShareSet >= 0 && t.sets[f.ShareSet].Name == "groups":
			c.add(where, "the groups' shares must sum to 1: draw them together under uncertainty.dirichlet")
			continue
		case f.ShareSet >= 0:
			c.add(where, "the shares of %s must sum to 1: draw them together under uncertainty.dirichlet", t.sets[f.ShareSet].Name)
			continue
		}
		if err := p.Dist.Fits(f.Bound); err != nil {
			c.addErr(where, err)
			continue
		}
		d := p.Dist
		f.Dist = &d
		f.Value = d.Mean()
		owner[fi] = where
	}
}

// dirichletSets resolves the Dirichlet entries to sets of factors: an
// entry that names the same numbers as another, with the same
// concentration, is the same draw; a number drawn otherwise already is
// refused.
func (s *Scenario) dirichletSets(t *factorTable, c *errorList, owner map[int]string) {
	for k, d := range s.Uncertainty.Dirichlets {
		p := fmt.Sprintf("uncertainty.dirichlet[%d]", k)
		if err := ConcentrationBound.Check(d.Concentration); err != nil {
			c.addErr(p+".concentration", err)
		}
		if len(d.Paths) < 2 {
			c.add(p+".shares", "needs at least two shares")
			continue
		}
		set := dirichletSet{entry: k, concentration: d.Concentration}
		ok := true
		members := make(map[int]bool, len(d.Paths))
		for _, path := range d.Paths {
			fi, found := t.byPath[path]
			switch {
			case !found:
				c.push(errorAt(p+".shares", unknownPath(path, t.byPath)))
				ok = false
				continue
			case t.factors[fi].Bound.Max > 1 || t.factors[fi].Bound.Min < 0 || t.factors[fi].Bound.Integer:
				c.add(p+".shares", "%s is not a share", path)
				ok = false
				continue
			case t.factors[fi].Value <= 0:
				c.add(p+".shares", "%s must be > 0 to have a Dirichlet mean, got %s", path, formatNumber(t.factors[fi].Value))
				ok = false
			case members[fi]:
				c.add(p+".shares", "names %s twice (the same number, written once)", t.factors[fi].Name)
				ok = false
				continue
			}
			members[fi] = true
			set.factors = append(set.factors, fi)
		}
		if !ok {
			continue
		}
		merged := false
		if by, drawn := owner[set.factors[0]]; drawn {
			for _, other := range t.dirs {
				if fmt.Sprintf("uncertainty.dirichlet[%d]", other.entry) == by && other.concentration == set.concentration &&
					sameMembers(other.factors, set.factors) {
					merged = true // the same numbers, drawn once
				}
			}
		}
		if merged {
			continue
		}
		for _, fi := range set.factors {
			if by, drawn := owner[fi]; drawn {
				e := NewError(p+".shares", "%s would be drawn twice: it is also drawn by %s", t.factors[fi].Name, by)
				e.See = []string{by}
				c.errs = append(c.errs, e)
				ok = false
			}
		}
		if !ok {
			continue
		}
		for _, fi := range set.factors {
			owner[fi] = p
			t.factors[fi].Dirichlet = k
		}
		t.dirs = append(t.dirs, set)
		if k := t.factors[set.factors[0]].ShareSet; k < 0 || !sameMembers(t.sets[k].Factors, set.factors) {
			s.dirichletShareSet(t, set, p)
		}
	}
}

// correlations resolves the rank correlations to pairs of factors with
// distributions of their own.
func (s *Scenario) correlations(t *factorTable, c *errorList) {
	for k, cr := range s.Uncertainty.Correlations {
		p := fmt.Sprintf("uncertainty.correlations[%d]", k)
		if err := RankBound.Check(cr.Rank); err != nil {
			c.addErr(p+".rank", err)
		}
		var fs [2]int
		ok := true
		for i, path := range []string{cr.A, cr.B} {
			fi, found := t.byPath[path]
			switch {
			case !found:
				c.push(errorAt(p+".between", unknownPath(path, t.byPath)))
				ok = false
			case t.factors[fi].Dist == nil:
				c.add(p+".between", "%s has no distribution of its own to correlate", path)
				ok = false
			}
			fs[i] = fi
		}
		if !ok {
			continue
		}
		if fs[0] == fs[1] {
			c.add(p+".between", "correlates %s with itself", t.factors[fs[0]].Name)
			continue
		}
		for _, other := range t.corrs {
			if (other.a == fs[0] && other.b == fs[1]) || (other.a == fs[1] && other.b == fs[0]) {
				c.add(p+".between", "%s and %s are correlated twice", t.factors[fs[0]].Name, t.factors[fs[1]].Name)
				ok = false
			}
		}
		if !ok {
			continue
		}
		t.factors[fs[0]].Correlated, t.factors[fs[1]].Correlated = true, true
		t.corrs = append(t.corrs, factorCorr{entry: k, a: fs[0], b: fs[1], pa: cr.A, pb: cr.B, rank: cr.Rank})
	}
}

// dirichletShareSet makes a Dirichlet set that is not a set of shares
// summing to 1 (the split of a group's benefit receipt) a share set that
// keeps its sum.
func (s *Scenario) dirichletShareSet(t *factorTable, set dirichletSet, name string) {
	for _, fi := range set.factors {
		if t.factors[fi].ShareSet >= 0 {
			return // the set of shares summing to 1 governs
		}
	}
	for _, fi := range set.factors {
		t.factors[fi].ShareSet = len(t.sets)
	}
	t.sets = append(t.sets, ShareSet{Name: name, Factors: slices.Clone(set.factors)})
}

func sameMembers(a, b []int) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// unknownPath says that path names no number, with the closest paths.
func unknownPath[V any](path string, known map[string]V) *Error {
	if close := closest(path, known, 3); len(close) > 0 {
		return NewError("", "no such parameter in this scenario: %s (did you mean %s?)", path, strings.Join(close, ", "))
	}
	return NewError("", "no such parameter in this scenario: %s", path)
}

// closest returns up to n known paths nearest to path by edit distance,
// among those near enough to be a likely misspelling.
func closest[V any](path string, known map[string]V, n int) []string {
	type cand struct {
		p string
		d int
	}
	var cs []cand
	limit := max(3, len(path)/4)
	for p := range known {
		if d := editDistance(path, p, limit); d <= limit {
			cs = append(cs, cand{p, d})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.p, b.p)
	})
	var out []string
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].p)
	}
	return out
}

// editDistance is the Levenshtein distance of a and b, or limit+1 when it
// is larger than limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Factors returns the factors of s, in the order of their first paths, or
// the problems that make s invalid.
func (s *Scenario) Factors() ([]Factor, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var c errorList
	t := s.factors(&c)
	return t.export(), nil
}

// rebind returns the table with its refs pointing into s, a clone of the
// scenario t was built from (which walks in the same order); the rest is
// shared, and only read.
func (t *factorTable) rebind(s *Scenario) *factorTable {
	nt := *t
	nt.refs = make([][]ref, len(t.refs))
	s.walk(func(path string, r ref, _ *Field, _ string) {
		fi := t.byPath[path]
		nt.refs[fi] = append(nt.refs[fi], r)
	})
	return &nt
}

// export returns a copy of the factors that shares no memory with t.
func (t *factorTable) export() []Factor {
	out := make([]Factor, len(t.factors))
	for i, f := range t.factors {
		f.Paths = slices.Clone(f.Paths)
		if f.Dist != nil {
			d := *f.Dist
			d.Values = slices.Clone(d.Values)
			f.Dist = &d
		}
		out[i] = f
	}
	return out
}
