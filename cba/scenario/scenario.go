package scenario

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"ipscba/cba"
)

// MaxFileSize is the largest scenario file read (4 MiB): the largest
// bundled scenario is a few tens of kilobytes, and the bound keeps a
// runaway file from taking seconds and hundreds of megabytes to read.
const MaxFileSize = 4 << 20

// Param is a number written in a scenario file, with its provenance. A
// number written once and used again through a YAML anchor is one Param
// with several paths.
type Param struct {
	Path       string   // where it is written first
	Paths      []string // every place that takes it
	File       string   // the file it is written in (a scenario may extend another)
	Line       int
	Value      float64
	Source     string            // a citation or DOI
	Assumption string            // why this value, when it is not from a source
	Note       string            // e.g. "to verify"
	Dist       *cba.Distribution // when given by a distribution; Value is its mean
}

// File is a scenario read from a file: the model's Scenario, and what the
// file says of each number and where.
type File struct {
	Name     string // as given to Parse; used in messages
	Scenario *cba.Scenario
	About    About
	Params   []Param // every number written in the file (and the files it extends)
	// Files are the files read: the scenario file, then each file it
	// extends, as their paths were found; Sums are their SHA-256 hashes
	// (hex), in the same order.
	Files []string
	Sums  []string
	// SHA256 identifies everything read (hex): the scenario file's SHA-256
	// when it extends no other, else the SHA-256 of a manifest with one
	// line "SUM  NAME" per file (as sha256sum writes them), so that an
	// edit of any file of the chain changes it.
	SHA256  string
	model   *cba.Model // prepared on first use, dropped by Apply
	lines   map[string]int
	fileOf  map[string]string // top-level key -> the file that gives it
	paramOf map[string]int    // path -> index in Params
}

// About says what a scenario is for, for the table of scenarios and the
// reports: who it models, where, what it answers, which assumption decides
// it, and its main sources.
type About struct {
	Population string
	Country    string
	Question   string
	DecidedBy  string
	Sources    []string
}

// Where returns the file and line where path (or the nearest enclosing
// field) is written, or 0 for the line: a number set by a "set:" entry is
// where that entry is.
func (f *File) Where(path string) (file string, line int) {
	if i, ok := f.paramOf[path]; ok && f.Params[i].File != "" {
		return f.Params[i].File, f.Params[i].Line
	}
	return f.fileFor(path), f.Line(path)
}

// fileFor returns the file that gives path: that of its section (or of
// its entry of the uncertainty section, which files extending each other
// join).
func (f *File) fileFor(path string) string { return fileFor(f.fileOf, path, f.Name) }

func fileFor(fileOf map[string]string, path, def string) string {
	for p := path; p != ""; {
		if file, ok := fileOf[p]; ok {
			return file
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		if p[i] == '[' { // uncertainty.dirichlet[3] before uncertainty.dirichlet
			if j := strings.IndexByte(p[i:], ']'); j > 0 && i+j+1 < len(p) {
				p = p[:i+j+1]
				if file, ok := fileOf[p]; ok {
					return file
				}
			}
		}
		p = p[:i]
	}
	return def
}

// Load reads and checks the scenario file at path.
func Load(path string) (*File, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// syntaxLine finds the line number in a YAML syntax error.
var syntaxLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads a scenario from YAML data. name is used in messages, and to
// find the file a scenario extends (relative to name's folder). Every
// problem is reported (up to cba.MaxErrors, then counted), each as
// "name:line: field.path: message", in a cba.Errors value.
//
// A file may extend another ("extends: base.yaml"): the base is read first
// and each top-level section the file gives replaces the base's whole. A
// file's "set:" list then changes numbers as -set does (all together, with
// shares rescaled), each entry with its source or assumption; the sets of
// the files a scenario extends apply first.
func Parse(name string, data []byte) (*File, error) {
	var c chain
	root, err := c.read(name, data, 0)
	if err != nil {
		return nil, err
	}
	d := newDecoder(name)
	d.fileOf = c.fileOf
	s := d.scenario(root)
	f := &File{Name: name, Scenario: s, About: d.about, Params: d.params, Files: c.files, Sums: c.sums,
		SHA256: chainSum(c.files, c.sums), lines: d.lines, fileOf: c.fileOf, paramOf: map[string]int{}}
	for i, p := range f.Params {
		for _, path := range p.Paths {
			f.paramOf[path] = i
		}
	}
	m, err := cba.Prepare(s)
	if err != nil {
		for _, e := range f.locate(err, d.errs) {
			if e.More > 0 { // the count of those the model did not list
				d.more += e.More
				continue
			}
			if len(d.errs) >= cba.MaxErrors {
				d.more++
				continue
			}
			d.errs = append(d.errs, e)
		}
	}
	if len(d.errs) == 0 && len(c.sets) == 0 {
		f.model = m // prepared once: no set: list changes it
	}
	if len(d.errs) == 0 {
		for _, l := range c.sets {
			d.applySet(f, l)
			if len(d.errs) > 0 {
				break
			}
		}
		s.Texts = d.texts // with the set lists' provenance
	}
	if len(d.errs) == 0 {
		if err := s.CheckPublished(); err != nil {
			d.errs = append(d.errs, f.locate(err, d.errs)...)
		}
	}
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, byLine)
		if d.more > 0 {
			more := cba.NewError("", "and %d more problems", d.more)
			more.File, more.More = name, d.more
			d.errs = append(d.errs, more)
		}
		return nil, d.errs
	}
	return f, nil
}

// maxExtends is how deep files may extend each other.
const maxExtends = 8

// chain is a scenario file and the files it extends, merged.
type chain struct {
	fileOf map[string]string // top-level key -> the file that gives it
	sets   []setList         // the set lists, base first
	files  []string          // the files read, to refuse a loop
	sums   []string          // their SHA-256 hashes
}

// chainSum is File.SHA256 of the files read.
func chainSum(files, sums []string) string {
	if len(sums) == 1 {
		return sums[0]
	}
	var b strings.Builder
	for i, s := range sums {
		fmt.Fprintf(&b, "%s  %s\n", s, filepath.ToSlash(files[i]))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// setList is one file's "set:" list.
type setList struct {
	file string
	node *yaml.Node
}

// read reads one file of the chain and returns the merged top-level
// mapping: the base's sections, replaced by this file's.
func (c *chain) read(name string, data []byte, depth int) (*yaml.Node, error) {
	root, err := parseRoot(name, data)
	if err != nil {
		return nil, err
	}
	if c.fileOf == nil {
		c.fileOf = map[string]string{}
	}
	c.files = append(c.files, name)
	sum := sha256.Sum256(data)
	c.sums = append(c.sums, hex.EncodeToString(sum[:]))
	merged := &yaml.Node{Kind: yaml.MappingNode, Line: root.Line, Column: root.Column}
	var own []*yaml.Node // this file's sections, key and value
	var set *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "extends":
			base, err := c.extend(name, v, depth)
			if err != nil {
				return nil, err
			}
			merged.Content = append(merged.Content, base.Content...)
		case "set":
			set = v
		default:
			own = append(own, k, v)
		}
	}
	c.replaceSections(merged, own, name)
	if set != nil {
		c.sets = append(c.sets, setList{file: name, node: set})
	}
	return merged, nil
}

// fileError is a problem with a whole file (or one of its lines).
func fileError(name string, line int, format string, args ...any) error {
	e := cba.NewError("", format, args...)
	e.File, e.Line = name, line
	return cba.Errors{e}
}

// parseRoot parses a scenario file's one YAML document and returns its
// top-level mapping.
func parseRoot(name string, data []byte) (*yaml.Node, error) {
	if len(data) > MaxFileSize {
		return nil, fileError(name, 0, "the file is larger than %d MiB: not a scenario file (the bound keeps a runaway file from taking the machine)", MaxFileSize>>20)
	}
	if line, col, what, ok := checkText(data); !ok {
		return nil, fileError(name, line, "column %d: %s", col, what)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fileError(name, 0, "the file is empty")
		}
		return nil, syntaxError(name, data, err)
	}
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case err == io.EOF:
	case err != nil:
		return nil, syntaxError(name, data, err)
	default:
		return nil, fileError(name, second.Line, "a second YAML document (after ---): a scenario file holds one")
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, fileError(name, 0, "the file is empty")
	}
	if e := checkNodes(&doc); e != nil {
		e.File = name
		return nil, cba.Errors{e}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fileError(name, root.Line, "a scenario file is a mapping of sections (name:, taxes:, ...), got %s", kindName(root))
	}
	return root, nil
}

// extend reads the file that file name extends (v, the value of its
// extends: key), refusing loops and chains too deep.
func (c *chain) extend(name string, v *yaml.Node, depth int) (*yaml.Node, error) {
	if v.Kind != yaml.ScalarNode || isNull(v) {
		return nil, fileError(name, v.Line, "extends: must be the path of a scenario file, got %s", kindName(v))
	}
	base := v.Value
	if !filepath.IsAbs(base) {
		base = filepath.Join(filepath.Dir(name), base)
	}
	if depth+1 >= maxExtends {
		return nil, fileError(name, v.Line, "extends: files extend each other more than %d deep", maxExtends)
	}
	if slices.Contains(c.files, base) {
		return nil, fileError(name, v.Line, "extends: %s extends this file again: a loop", base)
	}
	baseData, err := readLimited(base)
	if err != nil {
		return nil, fileError(name, v.Line, "extends: %v", err)
	}
	return c.read(base, baseData, depth+1)
}

// replaceSections puts file name's own sections into merged: each replaces
// the base's section of the same key (the uncertainty sections join); a
// section given twice in the file stays twice, for the decoder to refuse.
func (c *chain) replaceSections(merged *yaml.Node, own []*yaml.Node, name string) {
	mine := map[string]bool{}
	for i := 0; i+1 < len(own); i += 2 {
		k := own[i]
		baseFile := c.fileOf[k.Value] // the base's, before this file's replaces it
		c.fileOf[k.Value] = name
		j := 0
		for j < len(merged.Content) && merged.Content[j].Value != k.Value {
			j += 2
		}
		switch {
		case j < len(merged.Content) && !mine[k.Value] && k.Value == "uncertainty":
			merged.Content[j+1] = c.mergeUncertainty(merged.Content[j+1], own[i+1], name, baseFile)
		case j < len(merged.Content) && !mine[k.Value]:
			merged.Content[j], merged.Content[j+1] = own[i], own[i+1] // replaces the base's section
		default:
			merged.Content = append(merged.Content, own[i], own[i+1])
		}
		mine[k.Value] = true
	}
}

// mergeUncertainty joins the uncertainty sections of a base (read from
// baseFile) and of the file name that extends it: the base's correlations
// and Dirichlet entries, then the file's (each still named with its own
// file in messages).
func (c *chain) mergeUncertainty(base, own *yaml.Node, name, baseFile string) *yaml.Node {
	base, own = resolve(base), resolve(own)
	if base.Kind != yaml.MappingNode || own.Kind != yaml.MappingNode {
		return own // the decoder reports what is wrong
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Line: own.Line, Column: own.Column}
	for _, key := range []string{"correlations", "dirichlet"} {
		var list *yaml.Node
		n := 0
		for _, m := range []*yaml.Node{base, own} {
			for i := 0; i+1 < len(m.Content); i += 2 {
				k, v := m.Content[i], resolve(m.Content[i+1])
				if k.Value != key || v.Kind != yaml.SequenceNode {
					continue
				}
				if list == nil {
					list = &yaml.Node{Kind: yaml.SequenceNode, Line: v.Line, Column: v.Column}
					out.Content = append(out.Content, k, list)
				}
				for _, item := range v.Content {
					file := name
					if m == base {
						file = baseFile
						if f, ok := c.fileOf[fmt.Sprintf("uncertainty.%s[%d]", key, n)]; ok {
							file = f
						}
					}
					c.fileOf[fmt.Sprintf("uncertainty.%s[%d]", key, len(list.Content))] = file
					list.Content = append(list.Content, item)
					if m == base {
						n++
					}
				}
			}
		}
	}
	// Keys the file gives besides the two lists are the decoder's to refuse.
	for i := 0; i+1 < len(own.Content); i += 2 {
		if k := own.Content[i].Value; k != "correlations" && k != "dirichlet" {
			out.Content = append(out.Content, own.Content[i], own.Content[i+1])
		}
	}
	return out
}

// readLimited reads a file of at most MaxFileSize bytes (and one more, so
// that a larger one is refused when parsed).
func readLimited(path string) ([]byte, error) { return ReadRegular(path, MaxFileSize) }

// ReadRegular reads the regular file at path, at most limit bytes and one
// more (so that the caller can tell a larger file). A FIFO, a device, a
// socket or a folder is refused without being opened for reading: reading
// a FIFO with no writer would wait forever. The file is opened without
// blocking and checked again once open, so that a path swapped for a FIFO
// in between is refused too.
func ReadRegular(path string, limit int64) ([]byte, error) {
	if st, err := os.Stat(path); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Op = "open" // what the reader was about to do
		}
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, cba.Errorf("%s: not a regular file (%s): give a file", path, fileKind(st.Mode()))
	}
	fh, err := os.OpenFile(path, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	if st, err := fh.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, cba.Errorf("%s: not a regular file (%s): give a file", path, fileKind(st.Mode()))
	}
	return io.ReadAll(io.LimitReader(fh, limit+1)) // errors name path
}

// fileKind names the kind of a file that is not a regular one.
func fileKind(m os.FileMode) cba.Phrase {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a file of data"
}

// syntaxError turns a YAML syntax error into "file:line: message", with a
// hint when the line holds a tab.
func syntaxError(name string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := syntaxLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	lines := bytes.Split(data, []byte("\n"))
	tab := strings.Contains(msg, "tab")
	if line > 0 && line <= len(lines) && bytes.ContainsRune(lines[line-1], '\t') {
		tab = true
	}
	if tab {
		// The parser may name the line before the tab: name the tab's.
		for l := max(line, 1); l <= len(lines); l++ {
			if bytes.ContainsRune(lines[l-1], '\t') {
				line = l
				break
			}
		}
		msg += " (a tab? YAML indents with spaces only)"
	}
	return cba.Errors{{File: name, Line: line, Msg: msg}}
}

// Line returns the line of the file where path (or the nearest enclosing
// field) is written, or 0.
func (f *File) Line(path string) int {
	for p := path; p != ""; {
		if l, ok := f.lines[p]; ok {
			return l
		}
		if i, ok := f.paramOf[p]; ok {
			return f.Params[i].Line
		}
		i := strings.LastIndexAny(p, ".[ ")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// Param returns what the file says of the number at path (a number written
// once has one Param for all its paths), or false.
func (f *File) Param(path string) (Param, bool) {
	i, ok := f.paramOf[path]
	if !ok {
		return Param{}, false
	}
	return f.Params[i], true
}

// Locate gives the model's errors (cba.Errors or a *cba.Error, naming
// paths) this file's name and lines; other errors pass unchanged.
func (f *File) Locate(err error) error {
	es := f.locate(err, nil)
	if es == nil {
		return err
	}
	return es
}

// locate turns the model's errors into errors naming this file and its
// lines, leaving out those at or around a path already in done.
func (f *File) locate(err error, done cba.Errors) cba.Errors {
	var es []*cba.Error
	var list cba.Errors
	var one *cba.Error
	switch {
	case errors.As(err, &list):
		es = list
	case errors.As(err, &one):
		es = []*cba.Error{one}
	default:
		return nil
	}
	// A path reported already, or any path above or below it, is skipped:
	// the decoder said what is wrong there.
	covered := map[string]bool{}
	for _, e := range done {
		covered[e.Path] = true
		for p := e.Path; ; {
			i := strings.LastIndexAny(p, ".[")
			if i < 0 {
				break
			}
			p = p[:i]
			covered[p+"/"] = true // an ancestor of a reported path
		}
	}
	var out cba.Errors
	for _, e := range es {
		skip := covered[e.Path] || covered[e.Path+"/"]
		for p := e.Path; !skip; {
			i := strings.LastIndexAny(p, ".[")
			if i < 0 {
				break
			}
			p = p[:i]
			skip = covered[p]
		}
		if skip {
			continue
		}
		located := *e
		file, line := f.Where(e.Path)
		located.File = file
		if located.Line == 0 {
			located.Line = line
		}
		located.SeeLines = nil
		for _, p := range e.See {
			_, l := f.Where(p)
			located.SeeLines = append(located.SeeLines, l)
		}
		out = append(out, &located)
	}
	slices.SortStableFunc(out, byLine)
	return out
}

// byLine orders errors by line; those of no place (the count of further
// problems) last.
func byLine(a, b *cba.Error) int {
	key := func(e *cba.Error) int {
		if e.Line == 0 && e.Path == "" {
			return 1 << 30
		}
		return e.Line
	}
	return key(a) - key(b)
}

// Clone returns a copy of f whose scenario can be changed (Apply, Set)
// without changing f's. The Scenario is copied; what was read of the
// files (their numbers' provenance, lines and hashes, and the prepared
// model while the copy is unchanged) is shared, since no method changes
// it. Clones may be made in several goroutines at once, while none
// changes f.
func (f *File) Clone() *File {
	c := *f
	c.Scenario = f.Scenario.Clone()
	return &c
}

// Apply makes the overrides together (cba.Scenario.Apply) and reports
// problems with this file's lines.
func (f *File) Apply(overrides ...cba.Override) ([]cba.Change, error) {
	changes, err := f.Scenario.Apply(overrides...)
	if err != nil {
		return nil, f.Locate(err)
	}
	f.model = nil
	return changes, nil
}

// Evaluator returns a new evaluator of the scenario's prepared model
// (Model), for one goroutine; errors name this file's lines.
func (f *File) Evaluator() (*cba.Evaluator, error) {
	m, err := f.Model()
	if err != nil {
		return nil, err
	}
	return m.Evaluator(), nil
}

// Evaluate evaluates the scenario with its numbers at their values (the
// uncertain ones at their means); errors name this file's lines.
func (f *File) Evaluate() (*cba.Result, error) {
	ev, err := f.Evaluator()
	if err != nil {
		return nil, err
	}
	r := ev.NewResult()
	if err := ev.Evaluate(nil, r); err != nil {
		return nil, f.Locate(err)
	}
	return r, nil
}

// Run runs the scenario's Monte Carlo (cba.Evaluator.Run) from its
// prepared model; errors name this file's lines.
func (f *File) Run(ctx context.Context, opt cba.Options) (*cba.MonteCarlo, error) {
	ev, err := f.Evaluator()
	if err != nil {
		return nil, err
	}
	mc, err := ev.Run(ctx, opt)
	if err != nil {
		return nil, f.Locate(err)
	}
	return mc, nil
}

// RunBudget runs the budget impact under uncertainty
// (cba.Evaluator.RunBudget: the same draws as Run with the same options)
// from the scenario's prepared model; errors name this file's lines.
func (f *File) RunBudget(ctx context.Context, opt cba.Options) (*cba.BudgetRun, error) {
	ev, err := f.Evaluator()
	if err != nil {
		return nil, err
	}
	br, err := ev.RunBudget(ctx, opt)
	if err != nil {
		return nil, f.Locate(err)
	}
	return br, nil
}

// Model returns the scenario prepared for evaluation (cba.Prepare), made
// once and again only after Apply; errors name this file's lines. Change
// the scenario through Apply, not directly, or the model will not see it.
func (f *File) Model() (*cba.Model, error) {
	if f.model == nil {
		m, err := cba.Prepare(f.Scenario)
		if err != nil {
			return nil, f.Locate(err)
		}
		f.model = m
	}
	return f.model, nil
}

// Set sets the number at path (and every place it is written) to v, and
// reports problems with this file's lines. A "*" in path stands for any
// run of characters.
func (f *File) Set(path string, v float64) error {
	_, err := f.Apply(cba.Override{Path: path, Value: v})
	return err
}

// ParseOverride reads an override as the command's -set takes it:
// "path=number", or "path={type: gamma, mean: 12, sd: 6}" (a distribution
// in YAML flow syntax, checked as in a file). The value is read whole:
// anything after a complete number or mapping (more text, closing braces, a
// comment, a second YAML document) is refused, never dropped.
func ParseOverride(text string) (cba.Override, error) {
	path, value, ok := strings.Cut(text, "=")
	path, value = strings.TrimSpace(path), strings.TrimSpace(value)
	if !ok || path == "" {
		return cba.Override{}, cba.Errorf("want path=number or path={type: ..., ...}, got %q", text)
	}
	if !strings.HasPrefix(value, "{") {
		v, err := ParseNumber(value)
		if err != nil {
			return cba.Override{}, cba.Errorf("%s: %v", path, err)
		}
		return cba.Override{Path: path, Value: v}, nil
	}
	n, err := flowMapping(value)
	if err != nil {
		return cba.Override{}, cba.Errorf("%s: %v", path, err)
	}
	d := newDecoder("-set")
	dist, ok := d.distribution(n, path+".distribution")
	if !ok || len(d.errs) > 0 { // a key given twice, say
		var verbs []string
		var args []any
		for _, e := range d.errs {
			placed := *e
			placed.File, placed.Line = "", 0 // "path: message"
			verbs, args = append(verbs, "%v"), append(args, &placed)
		}
		return cba.Override{}, cba.Errorf(strings.Join(verbs, "; "), args...)
	}
	return cba.Override{Path: path, Dist: &dist}, nil
}

// flowMapping reads value as one YAML flow mapping and nothing else.
func flowMapping(value string) (*yaml.Node, error) {
	example := "{type: gamma, mean: 12, sd: 6}"
	dec := yaml.NewDecoder(strings.NewReader(value))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil || len(doc.Content) == 0 {
		return nil, cba.Errorf("not a distribution in YAML flow syntax (%s): %q", example, value)
	}
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		return nil, cba.Errorf("text after the distribution's closing brace: give one mapping (%s) and nothing after it, got %q", example, value)
	}
	n := doc.Content[0]
	switch {
	case n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle == 0:
		return nil, cba.Errorf("not a distribution in YAML flow syntax (%s): %q", example, value)
	case hasComment(&doc):
		return nil, cba.Errorf("a comment (#) in the value: give the distribution alone (%s), got %q", example, value)
	}
	return n, nil
}

// hasComment says whether a comment is attached to n or any node in it.
func hasComment(n *yaml.Node) bool {
	if n.HeadComment != "" || n.LineComment != "" || n.FootComment != "" {
		return true
	}
	return slices.ContainsFunc(n.Content, hasComment)
}

// Factor is a factor of the scenario (cba.Factor) with what the file says
// of it: its line, source, assumption and note (in English; FactorIn gives
// them in another language).
type Factor struct {
	cba.Factor
	File       string // the file it is written in (a scenario may extend another)
	Line       int
	Source     string
	Assumption string
	Note       string
	param      string // the path of the Param that gives them
}

// AboutIn returns what the scenario is for in lang ("nb"): each text in
// lang where the file gives one, in English elsewhere.
func (f *File) AboutIn(lang string) About {
	a := f.About
	a.Sources = slices.Clone(a.Sources)
	text := func(path, en string) string {
		if t, ok := f.Scenario.Text(lang, path); ok {
			return t
		}
		return en
	}
	a.Population, a.Country = text("about.population", a.Population), text("about.country", a.Country)
	a.Question, a.DecidedBy = text("about.question", a.Question), text("about.decided_by", a.DecidedBy)
	for i, src := range a.Sources {
		a.Sources[i] = text(fmt.Sprintf("about.sources[%d]", i), src)
	}
	return a
}

// ParamIn returns p with its source, assumption and note in lang ("nb")
// where the file gives them in lang, in English elsewhere.
func (f *File) ParamIn(lang string, p Param) Param {
	p.Source, p.Assumption, p.Note = f.provenanceIn(lang, p.Path, p.Source, p.Assumption, p.Note)
	return p
}

// FactorIn returns x with its source, assumption and note in lang ("nb")
// where the file gives them in lang, in English elsewhere.
func (f *File) FactorIn(lang string, x Factor) Factor {
	x.Source, x.Assumption, x.Note = f.provenanceIn(lang, x.param, x.Source, x.Assumption, x.Note)
	return x
}

// provenanceIn returns the provenance of the number written at path in
// lang, each text in English (source, assumption, note) where the file has
// none in lang.
func (f *File) provenanceIn(lang, path, source, assumption, note string) (string, string, string) {
	texts := []*string{&source, &assumption, &note}
	for i, key := range provenanceKeys() {
		if t, ok := f.Scenario.Text(lang, join(path, key)); ok && *texts[i] != "" {
			*texts[i] = t
		}
	}
	return source, assumption, note
}

// Factors returns every factor of the scenario as it is now (after any
// overrides), with the file's provenance for each: the numbers a planner
// can change, in the order of their first paths.
func (f *File) Factors() ([]Factor, error) {
	m, err := f.Model()
	if err != nil {
		return nil, err
	}
	fs := m.Factors()
	out := make([]Factor, len(fs))
	for i, x := range fs {
		out[i].Factor = x
		out[i].File, out[i].Line = f.Where(x.Name)
		for _, p := range x.Paths {
			if pr, ok := f.Param(p); ok {
				out[i].File, out[i].Line, out[i].Source, out[i].Assumption, out[i].Note = pr.File, pr.Line, pr.Source, pr.Assumption, pr.Note
				out[i].param = pr.Path
				break
			}
		}
	}
	return out, nil
}
