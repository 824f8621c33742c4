package scenario

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"ipscba/cba"
)

// decoder turns YAML nodes into values, checking every key itself (so that
// unknown keys are errors) and collecting every problem with its line.
type decoder struct {
	file   string
	fileOf map[string]string // top-level key -> the file that gives it (extends)
	about  About
	errs   cba.Errors
	more   int // problems beyond cba.MaxErrors, counted only
	lines  map[string]int
	params []Param
	// paramOf is the Param of a number's node: a node reached again through
	// an alias is the same number, at another path.
	paramOf     map[*yaml.Node]int
	uncertainty cba.Uncertainty
	drawOf      map[*yaml.Node]int // a number's node -> its Uncertain
	// texts are the file's texts in languages other than English, by
	// language and path (cba.Scenario.Texts).
	texts map[string]map[string]string
}

func newDecoder(file string) *decoder {
	return &decoder{file: file, lines: map[string]int{}, paramOf: map[*yaml.Node]int{}, drawOf: map[*yaml.Node]int{}}
}

func (d *decoder) fail(line int, path, format string, args ...any) {
	if len(d.errs) >= cba.MaxErrors {
		d.more++
		return
	}
	e := cba.NewError(path, format, args...)
	e.File, e.Line = d.fileFor(path), line
	d.errs = append(d.errs, e)
}

// fileFor returns the file that gives path.
func (d *decoder) fileFor(path string) string { return fileFor(d.fileOf, path, d.file) }

func (d *decoder) mark(path string, line int) {
	if _, ok := d.lines[path]; !ok {
		d.lines[path] = line
	}
}

func kindName(n *yaml.Node) cba.Phrase {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		if len(n.Value) > 40 {
			return cba.Phrase(fmt.Sprintf("%q", n.Value[:40]+"..."))
		}
		return cba.Phrase(fmt.Sprintf("%q", n.Value))
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

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

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
// and its source, assumption and note. Absent optional numbers are def; a
// key given with nothing after it is an error, not a zero.
func (f fields) number(key string, required bool, def float64) float64 {
	n := f.get(key, required)
	if n == nil {
		return def
	}
	return f.d.number(n, join(f.path, key), false)
}

// integer reads key as a whole number (possibly with its source).
func (f fields) integer(key string, required bool, def int) int {
	n := f.get(key, required)
	if n == nil {
		return def
	}
	return int(f.d.number(n, join(f.path, key), true))
}

func (f fields) str(key string, required bool) string {
	n := f.get(key, required)
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		f.d.fail(n.Line, join(f.path, key), "must be text, got %s", kindName(n))
		return ""
	}
	return n.Value
}

// prose reads key as text for readers (cba.Prose): plain text, or its
// versions by language, {en: ..., nb: ...}. It returns the English and
// keeps the others (decoder.texts).
func (f fields) prose(key string, required bool) string {
	n := f.get(key, required)
	if n == nil {
		return ""
	}
	return f.d.prose(n, join(f.path, key))
}

// prose reads node n at path as text for readers: a plain scalar, or a
// mapping of the languages of cba.TextLanguages, en required. It returns
// the English, and keeps the text in each other language under path.
func (d *decoder) prose(n *yaml.Node, path string) string {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		return n.Value
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, path, "must be text, or its versions by language ({en: ..., nb: ...}), got %s", kindName(n))
		return ""
	}
	f := d.fields(n, path, cba.TextLanguages...)
	en := f.str("en", false)
	if !f.has("en") {
		d.fail(n.Line, path, "gives no en: the English text, which every output not in another language shows, is required")
	}
	for _, lang := range cba.TextLanguages[1:] {
		if t := f.str(lang, false); t != "" {
			if d.texts == nil {
				d.texts = map[string]map[string]string{}
			}
			if d.texts[lang] == nil {
				d.texts[lang] = map[string]string{}
			}
			d.texts[lang][path] = t
		}
	}
	return en
}

func (f fields) boolean(key string) bool {
	n := f.get(key, false)
	if n == nil {
		return false
	}
	switch n.Value {
	case "true":
		return true
	case "false":
		return false
	}
	f.d.fail(n.Line, join(f.path, key), "must be true or false, got %s", kindName(n))
	return false
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

// decimal is a number written in decimal: an optional sign, digits with an
// optional fraction, an optional exponent. Leading zeros are decimal too
// (0120 is 120, never octal).
var decimal = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// ParseNumber reads text as a number written in decimal, as scenario files
// and -set take them: "0.04", "20975", "1e6", "-3", "0120" (120). It
// refuses other notations (hexadecimal, octal, ".inf", "1,000") with a
// message saying how to write the number.
func ParseNumber(text string) (float64, error) {
	t := strings.TrimSpace(text)
	if !decimal.MatchString(t) {
		switch {
		case t == "":
			return 0, cba.Errorf("is empty: give a number")
		case strings.Count(t, ",") == 1 && len(t)-strings.Index(t, ",")-1 != 3 && decimal.MatchString(strings.Replace(t, ",", ".", 1)):
			return 0, cba.Errorf("must be a number with a decimal point, got %q (write %s)", t, strings.Replace(t, ",", ".", 1))
		case strings.ContainsAny(t, ",_ ") && decimal.MatchString(strings.NewReplacer(",", "", "_", "", " ", "").Replace(t)):
			return 0, cba.Errorf("must be a number without separators, got %q (write %s)", t, strings.NewReplacer(",", "", "_", "", " ", "").Replace(t))
		case strings.HasSuffix(t, "%"):
			return 0, cba.Errorf("must be a number, got %q (write a share: 0.2 for 20 %%)", t)
		case strings.Contains(strings.ToLower(t), "inf") || strings.Contains(strings.ToLower(t), "nan"):
			return 0, cba.Errorf("must be a finite number, got %q", t)
		}
		return 0, cba.Errorf("must be a number written in decimal, got %q", t)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil { // out of range
		return 0, cba.Errorf("must be a finite number, got %q", t)
	}
	return v, nil
}

// numberKeys are the keys of a number written as a mapping: its value or
// distribution, and its provenance (cba.Provenance).
var numberKeys = append([]string{"value", "distribution"}, provenanceKeys()...)

// provenanceKeys are the keys of a number's provenance.
func provenanceKeys() []string {
	var keys []string
	for _, p := range cba.Provenance() {
		keys = append(keys, p.Key)
	}
	return keys
}

// provenance reads the provenance of a number (or an entry) written as
// the mapping f.
func (f fields) provenance() (source, assumption, note string) {
	return f.prose("source", false), f.prose("assumption", false), f.prose("note", false)
}

// number reads a number node: plain, or a mapping with value or
// distribution and its provenance. whole asks for a whole number.
func (d *decoder) number(n *yaml.Node, path string, whole bool) float64 {
	n = resolve(n)
	if i, ok := d.paramOf[n]; ok { // written once, used again through an alias
		p := &d.params[i]
		p.Paths = append(p.Paths, path)
		if k, ok := d.drawOf[n]; ok {
			d.uncertainty.Parameters[k].Paths = append(d.uncertainty.Parameters[k].Paths, path)
		}
		return p.Value
	}
	p := Param{Path: path, Paths: []string{path}, File: d.fileFor(path), Line: n.Line}
	if l, ok := d.lines[path]; ok { // the line of its key, where it is named
		p.Line = l
	}
	vn := n
	if n.Kind == yaml.MappingNode {
		f := d.fields(n, path, numberKeys...)
		p.Source, p.Assumption, p.Note = f.provenance()
		if dn := f.get("distribution", false); dn != nil {
			if f.has("value") {
				d.fail(n.Line, path+".value", "give a value or a distribution, not both: a distribution's mean is its value")
			}
			if whole {
				d.fail(n.Line, path+".distribution", "a whole number cannot be drawn: it shapes the model")
				return 0
			}
			dist, ok := d.distribution(dn, path+".distribution")
			if !ok {
				return 0
			}
			d.drawOf[n] = len(d.uncertainty.Parameters)
			d.uncertainty.Parameters = append(d.uncertainty.Parameters, cba.Uncertain{Paths: []string{path}, Dist: dist})
			p.Value, p.Dist = dist.Mean(), &dist
			d.paramOf[n] = len(d.params)
			d.params = append(d.params, p)
			return p.Value
		}
		if vn = f.get("value", true); vn == nil {
			return 0
		}
	}
	v, ok := d.scalar(vn, path, whole)
	if !ok {
		return 0
	}
	p.Value = v
	d.paramOf[n] = len(d.params)
	d.params = append(d.params, p)
	return v
}

// scalar reads a plain scalar as a number (whole: a whole number).
func (d *decoder) scalar(n *yaml.Node, path string, whole bool) (float64, bool) {
	n = resolve(n)
	switch {
	case isNull(n):
		d.fail(n.Line, path, "is empty: give a number")
		return 0, false
	case n.Kind != yaml.ScalarNode || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		d.fail(n.Line, path, "must be a number, got %s", kindName(n))
		return 0, false
	}
	v, err := ParseNumber(n.Value)
	if err != nil {
		d.fail(n.Line, path, "%v", err)
		return 0, false
	}
	if whole && (v != float64(int64(v)) || v > 1<<53 || v < -(1<<53)) {
		d.fail(n.Line, path, "must be a whole number, got %s", n.Value)
		return 0, false
	}
	return v, true
}

// distribution reads a distribution: its type and either mean and sd or its
// natural parameters.
func (d *decoder) distribution(n *yaml.Node, path string) (cba.Distribution, bool) {
	f := d.fields(n, path, "type", "mean", "sd", "mu", "sigma", "shape", "rate", "scale",
		"alpha", "beta", "min", "mode", "max", "values")
	if f.absent || f.line == 0 {
		return cba.Distribution{}, false
	}
	name := f.str("type", true)
	kind, ok := cba.DistKindOf(name)
	if !ok {
		if f.has("type") {
			d.fail(f.line, path+".type", "must be one of normal, lognormal, gamma, beta, uniform, triangular, pert, discrete, got %q", name)
		}
		return cba.Distribution{}, false
	}
	errs := len(d.errs) + d.more
	plain := func(key string) float64 { // a plain number: no source of its own
		n := f.get(key, true)
		if n == nil {
			return 0
		}
		v, _ := d.scalar(n, path+"."+key, false)
		return v
	}
	allow := func(keys ...string) {
		for _, k := range slices.Sorted(maps.Keys(f.m)) {
			if k != "type" && !slices.Contains(keys, k) {
				d.fail(f.line, path+"."+k, "a %s distribution has no %s (it takes %s)", kind, k, strings.Join(keys, ", "))
			}
		}
	}
	dist, err := d.family(f, path, kind, plain, allow)
	if len(d.errs)+d.more > errs {
		return cba.Distribution{}, false
	}
	if err != nil {
		d.fail(f.line, path, "%v", err)
		return cba.Distribution{}, false
	}
	if err := dist.Check(); err != nil {
		d.fail(f.line, path, "a %s distribution %v", kind, err)
		return cba.Distribution{}, false
	}
	return dist, true
}

// family reads a distribution of kind from its keys, in the form they
// choose (cba.DistForm): plain reads one number; allow refuses the keys of
// other forms.
func (d *decoder) family(f fields, path string, kind cba.DistKind, plain func(string) float64, allow func(...string)) (cba.Distribution, error) {
	forms := kind.Forms()
	form := forms[len(forms)-1]
	for _, fm := range forms {
		if slices.ContainsFunc(fm.Select, f.has) {
			form = fm
			break
		}
	}
	allow(form.Keys...)
	var values []float64
	if form.List {
		for i, v := range f.list(form.Keys[0], true) {
			x, _ := d.scalar(v, fmt.Sprintf("%s.values[%d]", path, i), false)
			values = append(values, x)
		}
	} else {
		for _, k := range form.Keys {
			values = append(values, plain(k))
		}
	}
	return form.Make(values)
}

// split reads who pays (or receives) a flow: "payer: NAME" (or "receiver")
// for one, or "payers: {NAME: share, ...}" (or "receivers") for several.
func (f fields) split(one, many string) cba.Split {
	switch {
	case f.has(one) && f.has(many):
		f.d.fail(f.line, join(f.path, many), "give %s or %s, not both", one, many)
		return nil
	case f.has(one):
		return cba.Pay(f.str(one, true))
	case f.has(many):
		var sp cba.Split
		for _, e := range f.d.entries(f.get(many, true), join(f.path, many)) {
			sp = append(sp, cba.PayerShare{Payer: e.key, Share: f.d.number(e.val, e.fullPath, false)})
		}
		if len(sp) == 1 {
			f.d.fail(f.line, join(f.path, many), "names one payer: write %s: %s", one, sp[0].Payer)
		}
		return sp
	}
	if !f.absent {
		f.d.fail(f.line, join(f.path, one), "is required")
	}
	return nil
}

// moveTexts keeps the provenance of set entry from (set[i]), in every
// language, as that of the number at path: the entry's replaces the
// number's own.
func (d *decoder) moveTexts(from, path string) {
	for _, texts := range d.texts {
		for _, key := range provenanceKeys() {
			delete(texts, join(path, key))
			if t, ok := texts[join(from, key)]; ok {
				texts[join(path, key)] = t
				delete(texts, join(from, key))
			}
		}
	}
}

// applySet applies one file's "set:" list to f's scenario, all together, and
// records each entry's provenance as that of the numbers it sets.
func (d *decoder) applySet(f *File, l setList) {
	file := d.file
	d.file, d.fileOf = l.file, nil // errors of the list name its file
	defer func() { d.file, d.fileOf = file, f.fileOf }()
	if l.node.Kind != yaml.SequenceNode {
		d.fail(l.node.Line, "set", "must be a list of {path, value | distribution, source | assumption}, got %s", kindName(l.node))
		return
	}
	var ovs []cba.Override
	var params []Param
	for i, item := range l.node.Content {
		p := fmt.Sprintf("set[%d]", i)
		sf := d.fields(item, p, append([]string{"path", "value", "distribution"}, provenanceKeys()...)...)
		path := sf.str("path", true)
		ov := cba.Override{Path: path, InFile: true}
		switch {
		case sf.has("value") == sf.has("distribution"):
			d.fail(sf.line, p, "give a value or a distribution")
			continue
		case sf.has("value"):
			v, ok := d.scalar(sf.get("value", true), p+".value", false)
			if !ok {
				continue
			}
			ov.Value = v
		default:
			dist, ok := d.distribution(sf.get("distribution", true), p+".distribution")
			if !ok {
				continue
			}
			ov.Dist = &dist
		}
		ovs = append(ovs, ov)
		src, assumption, note := sf.provenance()
		params = append(params, Param{Path: path, File: l.file, Line: sf.line, Value: ov.Value, Dist: ov.Dist,
			Source: src, Assumption: assumption, Note: note})
		d.moveTexts(p, path)
	}
	if len(d.errs) > 0 || len(ovs) == 0 {
		return
	}
	changes, err := f.Scenario.Apply(ovs...)
	if err != nil {
		d.fail(l.node.Line, "set", "%v", err)
		return
	}
	factors, _ := f.Scenario.Factors()
	pathsOf := map[string][]string{}
	for _, x := range factors {
		pathsOf[x.Name] = x.Paths
	}
	for i, ch := range changes {
		p := params[i]
		for _, name := range ch.Factors {
			p.Paths = append(p.Paths, pathsOf[name]...)
		}
		if p.Dist != nil {
			p.Value = p.Dist.Mean()
		}
		f.Params = append(f.Params, p)
		for _, path := range p.Paths {
			f.paramOf[path] = len(f.Params) - 1
		}
	}
}
