package report

import (
	"slices"
	"strconv"
	"strings"

	"ipscba/cba"
)

// A name is a number's name for a reader, in parts, so that the names of
// a number written in several places, or of numbers drawn together, can
// be joined: "weekly hours in work, all groups", "shares of the groups".
type name struct {
	// parts are the labels of what the number belongs to, outermost
	// first: an arm, a cost, a benefit, a group ("Individual Placement
	// and Support", "Employment specialist").
	parts []string
	// group is the index in parts of the group's label, or -1; groupName
	// the group's name.
	group     int
	groupName string
	// what is what the number is, in a reader's words: "weekly hours in
	// work", "effect at month 18", "share paid by the state"; scope, the
	// places it is used in when they are several (", all groups").
	what, scope string
	// pattern is the path with the names of entries as * and list
	// indexes as [*]: "groups.*.benefits.*.share".
	pattern string
	// whats are the whats of a number used at several places of one part,
	// which what joins ("effect at month 18 and effect at month 43").
	whats []string
	// split says that the number is one payer's share of a flow; anchor
	// is the phrase that places a list item ("from month 37"), when it is
	// one.
	split  bool
	anchor string
}

// String writes the name: "Under 30, Disability benefit: share receiving
// it", "weekly hours in work, all groups".
func (n name) String() string {
	if subject := n.subject(-1); subject != "" {
		return subject + ": " + n.what + n.scope
	}
	return n.what + n.scope
}

// subject writes the parts of n but part drop (-1: none): what the
// number belongs to.
func (n name) subject(drop int) string {
	var parts []string
	for i, p := range n.parts {
		if i != drop {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// without returns n without part i, which its scope now says.
func (n name) without(i int, scope string) name {
	n.parts = append(slices.Clone(n.parts[:i]), n.parts[i+1:]...)
	switch {
	case n.group == i:
		n.group, n.groupName = -1, ""
	case n.group > i:
		n.group--
	}
	n.scope = scope
	return n
}

// differ returns the positions of the parts in which names differ from
// the first, and whether they all have as many parts.
func differ(names []name) ([]int, bool) {
	var at []int
	for _, n := range names[1:] {
		if len(n.parts) != len(names[0].parts) {
			return nil, false
		}
		for i := range n.parts {
			if n.parts[i] != names[0].parts[i] && !slices.Contains(at, i) {
				at = append(at, i)
			}
		}
	}
	slices.Sort(at)
	return at, true
}

// Factor names a number of the scenario (by any of its paths) for a
// reader: what it is and the labels of what it belongs to, e.g.
// "Individual Placement and Support: effect at month 18". A number
// written once and used in several places is named once for all of them
// ("weekly hours in work, all groups"), never by its first place.
func (w *words) Factor(path string) string {
	if w.s == nil {
		return path
	}
	return w.placed(path).String()
}

// placed names the number at path by all its places: with the groups
// (", all groups") or the parts (", for Employment specialist and
// Supervision") it is used in when they differ in that alone, or by what
// it is at each place of one part.
func (w *words) placed(path string) name {
	names := mapped(w.pathsOf(path), w.nameOf)
	n0 := names[0]
	if len(names) == 1 {
		return n0
	}
	at, ok := differ(names)
	whats := distinct(mapped(names, func(n name) string { return n.what }))
	switch {
	case ok && len(at) == 1 && len(whats) == 1 && at[0] == n0.group:
		return n0.without(at[0], w.scope(distinct(mapped(names, func(n name) string { return n.groupName }))))
	case ok && len(at) == 1 && len(whats) == 1:
		labels := distinct(mapped(names, func(n name) string { return n.parts[at[0]] }))
		return n0.without(at[0], w.T(", for %s", joinAnd(w, labels)))
	case ok && len(at) == 0:
		n0.what, n0.whats = joinAnd(w, whats), whats
		return n0
	case len(names) <= 3:
		return name{group: -1, what: strings.Join(mapped(names, name.String), "; ")}
	}
	n0.scope = w.T(" (and %s more places)", strconv.Itoa(len(names)-1))
	return n0
}

// distinct returns xs without repeats, in order.
func distinct(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// scope says which groups a number is used in: ", all groups", or the
// groups' labels.
func (w *words) scope(groups []string) string {
	if len(groups) == len(w.s.Groups) {
		return w.T(", all groups")
	}
	return w.T(", groups %s", joinAnd(w, mapped(groups, w.Group)))
}

// pathsOf returns every path of the factor that path names (path alone
// when the scenario has no such factor).
func (w *words) pathsOf(path string) []string {
	if w.factors == nil {
		w.factors = map[string][]string{}
		fs, _ := w.s.Factors() // none when the scenario is not valid
		for _, f := range fs {
			for _, p := range f.Paths {
				w.factors[p] = f.Paths
			}
		}
	}
	if ps, ok := w.factors[path]; ok {
		return ps
	}
	return []string{path}
}

// Inputs names factors analysed or drawn together (by their names or
// paths) by what they are together: "shares of the groups",
// "Employment specialist: the split between budgets", "Individual
// Placement and Support: effect at month 12 and effect at month 18"; one
// factor by its own name, and factors that are none of these by theirs,
// joined by " + ".
func (w *words) Inputs(factors []string) string {
	plain := strings.Join(mapped(factors, w.Factor), " + ")
	if len(factors) < 2 || w.s == nil {
		return plain
	}
	names := mapped(factors, w.placed)
	for _, n := range names {
		if n.scope != names[0].scope || n.pattern == "" {
			return plain
		}
	}
	what, drop, ok := w.together(names)
	if !ok {
		return plain
	}
	if subject := names[0].subject(drop); subject != "" {
		return subject + ": " + what + names[0].scope
	}
	return what + names[0].scope
}

// together says what names are together, when they are one set: the
// groups' shares, a split between payers, the split between benefits,
// or numbers of one part; drop is the index of a part of the first name
// the words replace (a group, a benefit), or -1.
func (w *words) together(names []name) (what string, drop int, ok bool) {
	n0 := names[0]
	all := func(f func(name) bool) bool { return !slices.ContainsFunc(names, func(n name) bool { return !f(n) }) }
	at, same := differ(names)
	switch {
	case len(names) == len(w.s.Groups) && all(func(n name) bool { return n.pattern == "groups.*.share" }):
		return w.T("shares of the groups"), n0.group, true
	case same && len(at) == 0 && all(func(n name) bool { return n.split }):
		return w.T("the split between budgets"), -1, true
	case same && len(at) == 1 && at[0] == len(n0.parts)-1 &&
		all(func(n name) bool {
			return strings.HasPrefix(n.pattern, "groups.*.benefits.*.") && n.anchor == n0.anchor
		}):
		what := w.T("the split between benefits")
		if n0.anchor != "" {
			what += " " + n0.anchor
		}
		return what, at[0], true
	case same && len(at) == 0:
		var whats []string
		for _, n := range names {
			if n.whats == nil {
				n.whats = []string{n.what}
			}
			whats = append(whats, n.whats...)
		}
		return joinAnd(w, distinct(whats)), -1, true
	}
	return "", -1, false
}

// joinAnd joins words as a list: "a, b and c"; "a; b; c" when one of
// them has a comma or an "and" of its own.
func joinAnd(w *words, items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	and := " " + w.T("and") + " "
	if slices.ContainsFunc(items, func(s string) bool { return strings.Contains(s, ",") || strings.Contains(s, and) }) {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:len(items)-1], ", ") + and + items[len(items)-1]
}

func mapped[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// nameOf names the number at path, walking the format's table along it.
func (w *words) nameOf(path string) name {
	n := name{group: -1}
	segs := strings.Split(path, ".")
	fields := cba.Format().Fields
	var pattern []string
	for i := 0; i < len(segs); i++ {
		key, index, isItem := strings.Cut(segs[i], "[")
		f := child(fields, key)
		if f == nil {
			return name{group: -1, what: w.fallback(path)}
		}
		pattern = append(pattern, key+map[bool]string{true: "[*]"}[isItem])
		switch f.Kind {
		case cba.Entries, cba.Matched:
			if i+1 >= len(segs) {
				return name{group: -1, what: w.fallback(path)}
			}
			i++
			w.owner(&n, strings.Join(segs[:i-1], "."), f, segs[i])
			pattern = append(pattern, "*")
		case cba.Record:
			if f.Subject {
				n.parts = append(n.parts, w.Word(f.Label))
			}
		case cba.List:
			k, _ := strconv.Atoi(strings.TrimSuffix(index, "]"))
			n.anchor = w.anchor(f, strings.Join(segs[:i+1], "."), k, segs[len(segs)-1])
			if key == "equalisation" && i == 0 && k < len(w.s.Equalisation) {
				e := w.s.Equalisation[k]
				n.parts = append(n.parts, w.T("income equalisation of %s for %s", w.Component("tax:"+e.Tax), w.Perspective(e.Receiver)))
			}
		case cba.PayerSplit:
			if i+1 < len(segs) {
				n.split, n.what = true, w.T("share paid by %s", w.Perspective(segs[i+1]))
				if key == "receivers" {
					n.what = w.T("share received by %s", w.Perspective(segs[i+1]))
				}
			}
			n.pattern = strings.Join(append(pattern, "*"), ".")
			return n
		default:
			n.what = w.leaf(f, n.anchor)
			n.pattern = strings.Join(pattern, ".")
			return n
		}
		fields = f.Fields
	}
	n.what = w.fallback(path)
	return n
}

// child returns the field of fields with key (a payer split's key for
// several payers too), or nil.
func child(fields []*cba.Field, key string) *cba.Field {
	for _, f := range fields {
		if f.Key == key || (f.Kind == cba.PayerSplit && f.Many == key) {
			return f
		}
	}
	return nil
}

// fallback names a path the format's table does not know: its words.
func (w *words) fallback(path string) string { return strings.ReplaceAll(path, "_", " ") }

// leaf is what a number is: its field's label, with the phrase that
// places it in a list ("at month 18"); a switch says its values.
func (w *words) leaf(f *cba.Field, anchor string) string {
	label := w.Word(f.Label)
	if f.Label == "" {
		label = w.fallback(f.Key)
	}
	switch {
	case f.Kind == cba.Flag:
		return w.T("%s (1: yes, 0: no)", label)
	case strings.HasPrefix(anchor, "#"): // the number that places its item
		return label + " " + anchor[1:]
	case anchor != "":
		return label + " " + anchor
	}
	return label
}

// anchor is the phrase that places item k of list f (at path, with its
// index) for a reader, by the item's placing field (cba.Field.Item): "at
// month 18", "from year 41"; for that field itself, "#" and the item's
// number from 1.
func (w *words) anchor(f *cba.Field, path string, k int, leaf string) string {
	if f.Item == "" {
		return ""
	}
	if leaf == f.Item {
		return "#" + strconv.Itoa(k+1)
	}
	v, ok := w.value(path + "." + f.Item)
	if !ok {
		return ""
	}
	switch f.Item {
	case "month":
		return w.T("at month %s", strconv.Itoa(int(v)))
	case "from_month":
		return w.T("from month %s", strconv.Itoa(int(v)))
	case "from_year":
		return w.T("from year %s", strconv.Itoa(int(v)))
	}
	return w.T("from %s", w.Money(v, w.s.Currency))
}

// value returns the value of the number at path.
func (w *words) value(path string) (float64, bool) {
	if w.values == nil {
		w.values = map[string]float64{}
		for _, p := range w.s.Parameters() {
			w.values[p.Path] = p.Value
		}
	}
	v, ok := w.values[path]
	return v, ok
}

// owner adds to n the label of entry of field f (at path): a group, an
// arm, a tax, a benefit, a cost or an allowance.
func (w *words) owner(n *name, path string, f *cba.Field, entry string) {
	at := path + "." + f.Key + "." + entry
	if path == "" {
		at = f.Key + "." + entry
	}
	switch {
	case f.Key == "groups" && (path == "" || f.Kind == cba.Matched):
		n.group, n.groupName = len(n.parts), entry
		n.parts = append(n.parts, w.Group(entry))
	case f.Key == "arms":
		n.parts = append(n.parts, w.Arm(entry))
	case f.Key == "taxes":
		n.parts = append(n.parts, w.Component("tax:"+entry))
	case f.Key == "benefits":
		n.parts = append(n.parts, w.Component("benefit:"+entry))
	default:
		n.parts = append(n.parts, w.label(at, w.entryLabel(at, entry)))
	}
}

// entryLabel is the English label of the entry at path (a cost or an
// allowance of an arm), or its name in words.
func (w *words) entryLabel(path, entry string) string {
	segs := strings.Split(path, ".")
	if len(segs) == 4 && segs[0] == "arms" {
		for _, a := range w.s.Arms {
			if a.Name != segs[1] {
				continue
			}
			for _, c := range a.Costs {
				if segs[2] == "costs" && c.Name == entry && c.Label != "" {
					return c.Label
				}
			}
			for _, c := range a.Allowances {
				if segs[2] == "allowances" && c.Name == entry && c.Label != "" {
					return c.Label
				}
			}
		}
	}
	return w.fallback(entry)
}
