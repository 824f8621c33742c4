package cba

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Override changes one number of a scenario: it sets it to Value, or, when
// Dist is not nil, gives it that distribution. Path names any place the
// number is written; a "*" in Path stands for any run of characters, so
// "arms.ips.groups.*.employment.half_life_months" names the half-life of
// every group. Besides parameters, the concentration of a Dirichlet entry
// ("uncertainty.dirichlet[0].concentration") and the rank of a correlation
// ("uncertainty.correlations[0].rank") can be set.
//
// A number no result counts as the scenario stands (the non-market value
// of work while society leaves it out) is refused when Path names it
// alone: a what-if of it would change nothing. A Path with "*" skips such
// numbers, and InFile sets them too: a scenario file's "set:" list, which
// a file extending it may switch off. A Path with "*" sets switches
// (perspective.leisure.include, 1 on and 0 off) only when it names
// switches alone.
type Override struct {
	Path   string
	Value  float64
	Dist   *Distribution
	InFile bool
}

// String writes the override as "path=value" or "path={type: ...}".
func (o Override) String() string {
	if o.Dist != nil {
		return o.Path + "=" + o.Dist.String()
	}
	return o.Path + "=" + formatNumber(o.Value)
}

// Change is what one override did to a scenario.
type Change struct {
	Override Override
	// Factors are the numbers it set (their names), and Places how many
	// places in the scenario took the new value (more than one through an
	// alias or a "*").
	Factors []string
	Places  int
	// Fixed are the numbers that were drawn in a Monte Carlo run and no
	// longer are: the run takes them at their new values.
	Fixed []string
	// Rescaled are the other shares of a set of shares that moved so that
	// the set keeps its sum.
	Rescaled []Rescaled
	// Dropped are the correlations dropped with the numbers they named.
	Dropped []string
}

// Rescaled is a share that another override moved.
type Rescaled struct {
	Factor   string
	From, To float64
}

var (
	dirichletPath   = regexp.MustCompile(`^uncertainty\.dirichlet\[(\d+)\]\.concentration$`)
	correlationPath = regexp.MustCompile(`^uncertainty\.correlations\[(\d+)\]\.rank$`)
)

// Apply makes the overrides together, then checks the scenario once: a
// share set alone would break its set's sum, but all the shares set at
// once, with the set's other shares rescaled proportionally, keep it (so
// the order of the overrides does not matter). A number that a Monte Carlo
// run draws and that is set to a value is fixed: the run no longer draws
// it (a share drawn by a Dirichlet entry leaves it; the entry draws the
// others). A number given a distribution is drawn from it. Every value is
// admitted as every mode admits it (Factor.Admit). On error s is
// unchanged.
//
// Switches (Factor.Switch: perspective.leisure.include) are made first, in
// an Apply of their own, so that a number a switch turns on is admitted in
// the same call: -set perspective.leisure.include=1 -set
// perspective.leisure.share=0.3.
func (s *Scenario) Apply(overrides ...Override) ([]Change, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var c errorList
	t := s.factors(&c)
	var switches, rest []int
	for i, o := range overrides {
		if t.switchesOnly(o.Path) {
			switches = append(switches, i)
		} else {
			rest = append(rest, i)
		}
	}
	if len(switches) == 0 || len(rest) == 0 {
		return s.applyOnce(overrides)
	}
	w := s.Clone()
	changes := make([]Change, len(overrides))
	for _, part := range [][]int{switches, rest} {
		os := make([]Override, len(part))
		for k, i := range part {
			os[k] = overrides[i]
		}
		ch, err := w.applyOnce(os)
		if err != nil {
			return nil, err
		}
		for k, i := range part {
			changes[i] = ch[k]
		}
	}
	*s = *w
	return changes, nil
}

// switchesOnly says whether pattern names switches only (Factor.Switch).
func (t *factorTable) switchesOnly(pattern string) bool {
	paths, err := t.match(pattern)
	if err != nil {
		return false
	}
	for _, p := range paths {
		if !t.factors[t.byPath[p]].Switch {
			return false
		}
	}
	return true
}

// applyOnce makes the overrides together on a valid scenario (Apply).
func (s *Scenario) applyOnce(overrides []Override) ([]Change, error) {
	w := s.Clone()
	var c errorList
	a := applier{w: w, t: w.factors(&c), overrides: overrides, changes: make([]Change, len(overrides)),
		assigned: map[int]assignment{}, rescaledBy: map[int]int{}}
	for i, o := range overrides {
		a.changes[i].Override = o
		if !w.applyUncertainty(o, &a.changes[i], &c) {
			a.assign(i, &c)
		}
	}
	if len(c.errs) > 0 {
		return nil, c.err()
	}
	values := a.rescaleSets(&c)
	if len(c.errs) > 0 {
		return nil, c.err()
	}
	a.write(values)
	if err := w.Validate(); err != nil {
		return nil, err
	}
	*s = *w
	return a.changes, nil
}

// assignment is what an override gives one factor.
type assignment struct {
	value float64
	dist  *Distribution
	by    int // the override
}

func (a assignment) same(b assignment) bool {
	return a.value == b.value && (a.dist == nil) == (b.dist == nil) && (a.dist == nil || a.dist.String() == b.dist.String())
}

// applier makes the overrides of one Apply on w, a copy of the scenario.
type applier struct {
	w          *Scenario
	t          *factorTable
	overrides  []Override
	changes    []Change
	assigned   map[int]assignment // factor -> what it is given
	rescaledBy map[int]int        // factor -> the override that rescaled it
}

// assign records what override i gives the factors its path names.
func (a *applier) assign(i int, c *errorList) {
	o := a.overrides[i]
	paths, err := a.t.match(o.Path)
	if err != nil {
		c.addErr(o.Path, err)
		return
	}
	var fs []int
	for _, p := range paths {
		if fi := a.t.byPath[p]; !slices.Contains(fs, fi) {
			fs = append(fs, fi)
		}
	}
	glob, counted := strings.Contains(o.Path, "*"), 0
	switches := glob && a.t.switchesOnly(o.Path)
	for _, fi := range fs {
		f := &a.t.factors[fi]
		if f.Unused != "" && glob && !o.InFile {
			continue // a pattern sets the numbers that count
		}
		if f.Switch && glob && !switches {
			continue // and switches only when it names nothing else
		}
		counted++
		as := assignment{value: o.Value, dist: o.Dist, by: i}
		if prev, ok := a.assigned[fi]; ok && !prev.same(as) {
			c.add(o.Path, "sets %s, which %s already sets to another value", f.Name, a.overrides[prev.by].Path)
			continue
		}
		if err := a.t.admit(fi, o); err != nil {
			c.addErr(f.Name, err)
			continue
		}
		a.assigned[fi] = as
		a.changes[i].Factors = append(a.changes[i].Factors, f.Name)
		a.changes[i].Places += len(f.Paths)
	}
	if glob && counted == 0 && len(fs) > 0 {
		why := "names switches with other numbers: set the switches by name"
		for _, fi := range fs {
			if u := a.t.factors[fi].Unused; u != "" {
				why = u
				break
			}
		}
		c.add(o.Path, "%s", Phrase(why))
	}
}

// rescaleSets returns the factors' values with the shares set in place
// and the other shares of their sets rescaled to keep each set's sum.
func (a *applier) rescaleSets(c *errorList) []float64 {
	t := a.t
	values := make([]float64, len(t.factors))
	for fi := range t.factors {
		values[fi] = t.factors[fi].Value
	}
	for _, set := range t.sets {
		given := map[int]float64{}
		by := -1
		for _, fi := range set.Factors {
			if as, ok := a.assigned[fi]; ok && as.dist == nil {
				given[fi] = as.value
				by = max(by, as.by)
			}
		}
		if len(given) == 0 {
			continue
		}
		vals := map[int]float64{}
		target := set.Sum
		for _, fi := range set.Factors {
			vals[fi] = values[fi]
			if set.Sum == 0 {
				target += values[fi]
			}
		}
		if err := rescale(vals, given, set.Factors, target, set.Name, t); err != nil {
			c.addErr("", err)
			continue
		}
		for _, fi := range set.Factors {
			if _, isGiven := given[fi]; !isGiven && vals[fi] != values[fi] {
				a.changes[by].Rescaled = append(a.changes[by].Rescaled, Rescaled{Factor: t.factors[fi].Name, From: values[fi], To: vals[fi]})
				a.rescaledBy[fi] = by
			}
			values[fi] = vals[fi]
		}
	}
	return values
}

// write puts the values of the factors given or rescaled into every place
// they are written (the others keep theirs: a duration left out still runs
// the whole horizon), and revises what draws them.
func (a *applier) write(values []float64) {
	for fi, as := range a.assigned {
		if as.dist != nil {
			values[fi] = as.dist.Mean()
		} else {
			values[fi] = as.value
		}
	}
	for fi := range a.t.factors {
		_, given := a.assigned[fi]
		_, rescaled := a.rescaledBy[fi]
		if given || rescaled {
			for _, r := range a.t.refs[fi] {
				r.set(values[fi])
			}
		}
	}
	// In the order of the overrides and of the factors, so that the
	// scenario (and the order of its draws) is the same on every run.
	order := slices.Collect(maps.Keys(a.assigned))
	slices.SortFunc(order, func(x, y int) int {
		if d := a.assigned[x].by - a.assigned[y].by; d != 0 {
			return d
		}
		return x - y
	})
	for _, fi := range order {
		a.w.reviseUncertainty(a.t, fi, a.assigned[fi].dist, &a.changes[a.assigned[fi].by])
	}
	// A share rescaled to 0 is no longer drawn (a Dirichlet draw needs
	// shares above 0): it stays 0, and the others keep its set's sum.
	for _, fi := range slices.Sorted(maps.Keys(a.rescaledBy)) {
		if values[fi] == 0 && a.t.factors[fi].Dirichlet >= 0 {
			a.w.reviseUncertainty(a.t, fi, nil, &a.changes[a.rescaledBy[fi]])
		}
	}
}

// switchedOff says why a number written at paths counts in no result of
// the scenario, or "": a what-if of it would change nothing, and is
// refused rather than ignored.
func (s *Scenario) switchedOff(paths []string) string {
	for _, p := range paths {
		switch {
		case strings.HasSuffix(p, ".include"):
			// a switch counts whether it is on or off
		case strings.HasPrefix(p, "perspective.non_market.") && !s.Perspective.NonMarket.Include:
			return "counts only when society includes the non-market value of work, and perspective.non_market.include is false here: set it to 1 (-set perspective.non_market.include=1) or write include: true in the scenario file to count it"
		case strings.HasPrefix(p, "perspective.leisure.") && !s.Perspective.Leisure.Include:
			return "counts only when society includes the leisure given up, and perspective.leisure.include is false here: set it to 1 (-set perspective.leisure.include=1) or write include: true in the scenario file to count it"
		}
	}
	return ""
}

// match returns the paths a pattern names, or an error with the closest
// paths.
func (t *factorTable) match(pattern string) ([]string, error) {
	if !strings.Contains(pattern, "*") {
		if _, ok := t.byPath[pattern]; !ok {
			return nil, unknownPath(pattern, t.byPath)
		}
		return []string{pattern}, nil
	}
	var paths []string
	for p := range t.byPath {
		if glob(pattern, p) {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return nil, &Error{Msg: "matches no parameter in this scenario"}
	}
	slices.Sort(paths)
	return paths, nil
}

// glob says whether s matches pattern, in which "*" stands for any run of
// bytes (including none).
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 { // the last part must end s
			return len(s) >= len(part) && strings.HasSuffix(s, part)
		}
		k := strings.Index(s, part)
		if k < 0 {
			return false
		}
		s = s[k+len(part):]
	}
	return s == ""
}

// admit checks an override of factor fi before it is made: a value as
// every mode admits it (Factor.Admit); a distribution only for a number
// that may be drawn alone, within the factor's range. A number no result
// counts takes no what-if but from a file's set: list (which a file
// extending it may switch off).
func (t *factorTable) admit(fi int, o Override) error {
	f := &t.factors[fi]
	if o.InFile {
		g := *f
		g.Unused = ""
		f = &g
	} else if f.Unused != "" {
		return &Error{Path: f.Name, Msg: f.Unused}
	}
	if o.Dist == nil {
		return f.Admit(o.Value)
	}
	switch {
	case f.Bound.Integer:
		return &Error{Msg: "a whole number cannot be drawn: it shapes the model"}
	case f.Dirichlet >= 0:
		return NewError("", "is drawn with other shares by uncertainty.dirichlet[%d]: set a value to fix it, or its concentration", f.Dirichlet)
	case f.ShareSet >= 0 && t.sets[f.ShareSet].Sum != 0:
		return NewError("", "the shares of %s must sum to 1: draw them together under uncertainty.dirichlet", t.sets[f.ShareSet].Name)
	}
	if err := o.Dist.Check(); err != nil {
		return err
	}
	return o.Dist.Fits(f.Bound)
}

// reviseUncertainty makes factor fi fixed (dist nil) or drawn from dist,
// dropping what drew it before.
func (w *Scenario) reviseUncertainty(t *factorTable, fi int, dist *Distribution, ch *Change) {
	f := &t.factors[fi]
	u := &w.Uncertainty
	mine := func(path string) bool { return t.byPath[path] == fi && slices.Contains(f.Paths, path) }
	wasDrawn := f.Dist != nil || f.Dirichlet >= 0
	u.Parameters = slices.DeleteFunc(u.Parameters, func(p Uncertain) bool {
		return len(p.Paths) > 0 && mine(p.Paths[0])
	})
	if dist != nil {
		d := *dist
		d.Values = slices.Clone(d.Values)
		u.Parameters = append(u.Parameters, Uncertain{Paths: slices.Clone(f.Paths), Dist: d})
		return
	}
	fixed := func(name string) {
		if !slices.Contains(ch.Fixed, name) {
			ch.Fixed = append(ch.Fixed, name)
		}
	}
	if wasDrawn {
		fixed(f.Name)
	}
	u.Correlations = slices.DeleteFunc(u.Correlations, func(c Correlation) bool {
		if mine(c.A) || mine(c.B) {
			ch.Dropped = append(ch.Dropped, c.A+" ~ "+c.B)
			return true
		}
		return false
	})
	for k := range u.Dirichlets {
		d := &u.Dirichlets[k]
		d.Paths = slices.DeleteFunc(d.Paths, mine)
	}
	u.Dirichlets = slices.DeleteFunc(u.Dirichlets, func(d Dirichlet) bool {
		if len(d.Paths) == 1 {
			fixed(d.Paths[0]) // a share alone keeps the set's sum: it is fixed
		}
		return len(d.Paths) < 2
	})
}

// applyUncertainty applies an override of a Dirichlet concentration or a
// correlation's rank; it returns false when o names neither.
func (w *Scenario) applyUncertainty(o Override, ch *Change, c *errorList) bool {
	set := func(re *regexp.Regexp, n int, apply func(k int)) bool {
		m := re.FindStringSubmatch(o.Path)
		if m == nil {
			return false
		}
		k, err := strconv.Atoi(m[1])
		switch {
		case err != nil || k >= n:
			c.add(o.Path, "no such entry: the scenario has %d", n)
		case o.Dist != nil:
			c.add(o.Path, "takes a number, not a distribution")
		default:
			apply(k)
			ch.Factors, ch.Places = []string{o.Path}, 1
		}
		return true
	}
	u := &w.Uncertainty
	return set(dirichletPath, len(u.Dirichlets), func(k int) { u.Dirichlets[k].Concentration = o.Value }) ||
		set(correlationPath, len(u.Correlations), func(k int) { u.Correlations[k].Rank = o.Value })
}

// Set sets the number at path (and every place it is written) to v, as
// Apply does with one override.
func (s *Scenario) Set(path string, v float64) error {
	_, err := s.Apply(Override{Path: path, Value: v})
	return err
}

// String writes the distribution as a scenario file would: "{type: gamma,
// shape: 2, rate: 0.1}".
func (d *Distribution) String() string {
	f, ok := families[d.Kind]
	if !ok {
		return "{}"
	}
	return "{type: " + f.name + ", " + f.format(d) + "}"
}
