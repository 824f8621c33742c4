package scenario

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"ipscba/cba"
)

// decoder turns YAML nodes into values, checking every key itself (so that
// unknown keys are errors) and collecting every problem with its line.
type decoder struct {
	file        string
	errs        Errors
	lines       map[string]int
	params      []Param
	uncertainty cba.Uncertainty
	drawOf      map[*yaml.Node]int // a number's mapping -> its Uncertain
}

func (d *decoder) fail(line int, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) mark(path string, line int) {
	if _, ok := d.lines[path]; !ok {
		d.lines[path] = line
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias or document"
}

// resolve follows an alias (*name) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// entry is one key and value of a mapping, in file order.
type entry struct {
	key      string
	line     int
	val      *yaml.Node
	fullPath string
}

// entries returns the pairs of mapping n in file order, reporting duplicate keys.
func (d *decoder) entries(n *yaml.Node, path string) []entry {
	n = resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, path, "must be a mapping, got %s", kindName(n))
		return nil
	}
	var es []entry
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		p := join(path, k.Value)
		if seen[k.Value] {
			d.fail(k.Line, p, "is given twice")
			continue
		}
		seen[k.Value] = true
		d.mark(p, k.Line)
		es = append(es, entry{key: k.Value, line: k.Line, val: v, fullPath: p})
	}
	return es
}

// fields is a mapping whose keys must be among known.
type fields struct {
	d      *decoder
	path   string
	line   int
	m      map[string]*yaml.Node
	absent bool
}

// fields checks that n is a mapping with only the known keys.
func (d *decoder) fields(n *yaml.Node, path string, known ...string) fields {
	f := fields{d: d, path: path, m: map[string]*yaml.Node{}}
	n = resolve(n)
	if n == nil {
		f.absent = true // its own absence is reported where it is required
		return f
	}
	f.line = n.Line
	for _, e := range d.entries(n, path) {
		if !slices.Contains(known, e.key) {
			d.fail(e.line, e.fullPath, "unknown field (known here: %s)", strings.Join(known, ", "))
			continue
		}
		f.m[e.key] = e.val
	}
	return f
}

func (f fields) has(key string) bool { return f.m[key] != nil }

// get returns the value of key, or nil (and an error when required).
func (f fields) get(key string, required bool) *yaml.Node {
	n := f.m[key]
	if n == nil && required && !f.absent {
		f.d.fail(f.line, join(f.path, key), "is required")
	}
	return n
}

// number reads key as a number, written plainly or as a mapping with value
// and its source, assumption and note. Absent optional numbers are def.
func (f fields) number(key string, required bool, def float64) float64 {
	n := f.get(key, required)
	if n == nil {
		return def
	}
	return f.d.number(n, join(f.path, key))
}

func (f fields) integer(key string, required bool, def int) int {
	n := f.get(key, required)
	if n == nil {
		return def
	}
	var v int
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		f.d.fail(n.Line, join(f.path, key), "must be a whole number, got %s", kindName(n))
	}
	return v
}

func (f fields) str(key string, required bool) string {
	n := f.get(key, required)
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		f.d.fail(n.Line, join(f.path, key), "must be text, got %s", kindName(n))
		return ""
	}
	return n.Value
}

func (f fields) boolean(key string) bool {
	n := f.get(key, false)
	if n == nil {
		return false
	}
	var v bool
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		f.d.fail(n.Line, join(f.path, key), "must be true or false, got %s", kindName(n))
	}
	return v
}

// word reads key as one of words; absent optional words give words[0].
func (f fields) word(key string, required bool, words ...string) int {
	n := f.get(key, required)
	if n == nil {
		return 0
	}
	i := slices.Index(words, n.Value)
	if n.Kind != yaml.ScalarNode || i < 0 {
		f.d.fail(n.Line, join(f.path, key), "must be one of %s, got %s", strings.Join(words, ", "), kindName(n))
		return 0
	}
	return i
}

// list returns the items of key, a list.
func (f fields) list(key string, required bool) []*yaml.Node {
	n := f.get(key, required)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.d.fail(n.Line, join(f.path, key), "must be a list, got %s", kindName(n))
		return nil
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, item := range n.Content {
		items[i] = resolve(item)
		f.d.mark(fmt.Sprintf("%s[%d]", join(f.path, key), i), item.Line)
	}
	return items
}

// numberKeys are the keys of a number written as a mapping.
var numberKeys = []string{"value", "distribution", "source", "assumption", "note"}

func (d *decoder) number(n *yaml.Node, path string) float64 {
	n = resolve(n)
	p := Param{Path: path, Line: n.Line}
	vn := n
	if n.Kind == yaml.MappingNode {
		f := d.fields(n, path, numberKeys...)
		p.Source, p.Assumption, p.Note = f.str("source", false), f.str("assumption", false), f.str("note", false)
		if dn := f.get("distribution", false); dn != nil {
			if f.has("value") {
				d.fail(n.Line, path+".value", "give a value or a distribution, not both: a distribution's mean is its value")
			}
			dist, ok := d.distribution(dn, path+".distribution")
			if !ok {
				return 0
			}
			d.uncertain(n, path, dist)
			p.Value, p.Uncertain = dist.Mean(), true
			d.params = append(d.params, p)
			return p.Value
		}
		if vn = f.get("value", true); vn == nil {
			return 0
		}
	}
	var v float64
	if vn.Kind != yaml.ScalarNode || vn.Tag == "!!str" || vn.Decode(&v) != nil {
		d.fail(vn.Line, path, "must be a number, got %s", kindName(vn))
		return 0
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.fail(vn.Line, path, "must be a finite number, got %s", vn.Value)
		return 0
	}
	p.Value = v
	d.params = append(d.params, p)
	return v
}

// uncertain records that path takes the draw of the number written at node
// n: a number written once (with an anchor) and used at several paths is one
// draw for all of them.
func (d *decoder) uncertain(n *yaml.Node, path string, dist cba.Distribution) {
	if i, ok := d.drawOf[n]; ok {
		d.uncertainty.Parameters[i].Paths = append(d.uncertainty.Parameters[i].Paths, path)
		return
	}
	d.drawOf[n] = len(d.uncertainty.Parameters)
	d.uncertainty.Parameters = append(d.uncertainty.Parameters, cba.Uncertain{Paths: []string{path}, Dist: dist})
}

var distKinds = map[string]cba.DistKind{"normal": cba.Normal, "lognormal": cba.LogNormal, "gamma": cba.Gamma,
	"beta": cba.Beta, "uniform": cba.Uniform, "triangular": cba.Triangular, "pert": cba.PERT, "discrete": cba.Discrete}

// distribution reads a distribution: its type and either mean and sd or its
// natural parameters.
func (d *decoder) distribution(n *yaml.Node, path string) (cba.Distribution, bool) {
	f := d.fields(n, path, "type", "mean", "sd", "mu", "sigma", "shape", "rate", "scale",
		"alpha", "beta", "min", "mode", "max", "values")
	kind := distKinds[f.str("type", true)]
	if kind == 0 {
		if f.has("type") {
			d.fail(f.line, path+".type", "must be one of normal, lognormal, gamma, beta, uniform, triangular, pert, discrete, got %q", f.str("type", false))
		}
		return cba.Distribution{}, false
	}
	errs := len(d.errs)
	plain := func(key string) float64 { // a plain number: no source of its own
		n := f.get(key, true)
		var v float64
		if n != nil && (n.Kind != yaml.ScalarNode || n.Decode(&v) != nil) {
			d.fail(n.Line, path+"."+key, "must be a number, got %s", kindName(n))
		}
		return v
	}
	allow := func(keys ...string) {
		for _, k := range slices.Sorted(maps.Keys(f.m)) {
			if k != "type" && !slices.Contains(keys, k) {
				d.fail(f.line, path+"."+k, "a %s distribution has no %s (it takes %s)", kind, k, strings.Join(keys, ", "))
			}
		}
	}
	var dist cba.Distribution
	var err error
	moments := f.has("mean") || f.has("sd")
	switch kind {
	case cba.Normal:
		allow("mean", "sd")
		dist, err = cba.FromMoments(kind, plain("mean"), plain("sd"))
	case cba.LogNormal:
		if moments {
			allow("mean", "sd")
			dist, err = cba.FromMoments(kind, plain("mean"), plain("sd"))
		} else {
			allow("mu", "sigma")
			dist = cba.Distribution{Kind: kind, Mu: plain("mu"), Sigma: plain("sigma")}
		}
	case cba.Gamma:
		switch {
		case moments:
			allow("mean", "sd")
			dist, err = cba.FromMoments(kind, plain("mean"), plain("sd"))
		case f.has("scale"):
			allow("shape", "scale")
			dist = cba.Distribution{Kind: kind, Shape: plain("shape"), Rate: 1 / plain("scale")}
		default:
			allow("shape", "rate")
			dist = cba.Distribution{Kind: kind, Shape: plain("shape"), Rate: plain("rate")}
		}
	case cba.Beta:
		if moments {
			allow("mean", "sd")
			dist, err = cba.FromMoments(kind, plain("mean"), plain("sd"))
		} else {
			allow("alpha", "beta")
			dist = cba.Distribution{Kind: kind, Alpha: plain("alpha"), Beta: plain("beta")}
		}
	case cba.Uniform:
		allow("min", "max")
		dist = cba.Distribution{Kind: kind, Min: plain("min"), Max: plain("max")}
	case cba.Triangular, cba.PERT:
		allow("min", "mode", "max")
		dist = cba.Distribution{Kind: kind, Min: plain("min"), Mode: plain("mode"), Max: plain("max")}
	case cba.Discrete:
		allow("values")
		dist.Kind = kind
		for i, v := range f.list("values", true) {
			var x float64
			if v.Kind != yaml.ScalarNode || v.Decode(&x) != nil {
				d.fail(v.Line, fmt.Sprintf("%s.values[%d]", path, i), "must be a number, got %s", kindName(v))
			}
			dist.Values = append(dist.Values, x)
		}
	}
	if len(d.errs) > errs {
		return cba.Distribution{}, false
	}
	if err != nil {
		d.fail(f.line, path, "%v", err)
		return cba.Distribution{}, false
	}
	if msg := dist.Check(); msg != "" {
		d.fail(f.line, path, "a %s distribution %s", kind, msg)
		return cba.Distribution{}, false
	}
	return dist, true
}
