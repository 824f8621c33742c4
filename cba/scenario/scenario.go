package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
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
	Params   []Param // every number written in the file, in file order
	lines    map[string]int
	paramOf  map[string]int // path -> index in Params
}

// Load reads and checks the scenario file at path.
func Load(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// syntaxLine finds the line number in a YAML syntax error.
var syntaxLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads a scenario from YAML data. name is used in messages. Every
// problem is reported (up to cba.MaxErrors, then counted), each as
// "name:line: field.path: message", in a cba.Errors value.
func Parse(name string, data []byte) (*File, error) {
	fail := func(line int, format string, args ...any) error {
		return cba.Errors{{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}}
	}
	if len(data) > MaxFileSize {
		return nil, fail(0, "the file is larger than %d MiB: not a scenario file (the bound keeps a runaway file from taking the machine)", MaxFileSize>>20)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fail(0, "the file is empty")
		}
		return nil, syntaxError(name, data, err)
	}
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case err == io.EOF:
	case err != nil:
		return nil, syntaxError(name, data, err)
	default:
		return nil, fail(second.Line, "a second YAML document (after ---): a scenario file holds one")
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, fail(0, "the file is empty")
	}
	d := newDecoder(name)
	s := d.scenario(doc.Content[0])
	f := &File{Name: name, Scenario: s, Params: d.params, lines: d.lines, paramOf: map[string]int{}}
	for i, p := range f.Params {
		for _, path := range p.Paths {
			f.paramOf[path] = i
		}
	}
	if err := s.Validate(); err != nil {
		for _, e := range f.locate(err, d.errs) {
			if len(d.errs) >= cba.MaxErrors {
				d.more++
				continue
			}
			d.errs = append(d.errs, e)
		}
	}
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, byLine)
		if d.more > 0 {
			d.errs = append(d.errs, &cba.Error{File: name, Msg: fmt.Sprintf("and %d more problems", d.more)})
		}
		return nil, d.errs
	}
	return f, nil
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
		located.File = f.Name
		if located.Line == 0 {
			located.Line = f.Line(e.Path)
		}
		located.SeeLines = nil
		for _, p := range e.See {
			located.SeeLines = append(located.SeeLines, f.Line(p))
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

// Apply makes the overrides together (cba.Scenario.Apply) and reports
// problems with this file's lines.
func (f *File) Apply(overrides ...cba.Override) ([]cba.Change, error) {
	changes, err := f.Scenario.Apply(overrides...)
	if err != nil {
		return nil, f.Locate(err)
	}
	return changes, nil
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
// in YAML flow syntax, checked as in a file).
func ParseOverride(text string) (cba.Override, error) {
	path, value, ok := strings.Cut(text, "=")
	path, value = strings.TrimSpace(path), strings.TrimSpace(value)
	if !ok || path == "" {
		return cba.Override{}, fmt.Errorf("want path=number or path={type: ..., ...}, got %q", text)
	}
	if !strings.HasPrefix(value, "{") {
		v, err := ParseNumber(value)
		if err != nil {
			return cba.Override{}, fmt.Errorf("%s: %v", path, err)
		}
		return cba.Override{Path: path, Value: v}, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(value), &doc); err != nil || len(doc.Content) == 0 {
		return cba.Override{}, fmt.Errorf("%s: not a distribution in YAML flow syntax ({type: gamma, mean: 12, sd: 6}): %q", path, value)
	}
	d := newDecoder("-set")
	dist, ok := d.distribution(doc.Content[0], path+".distribution")
	if !ok {
		var msgs []string
		for _, e := range d.errs {
			msgs = append(msgs, e.Path+": "+e.Msg)
		}
		return cba.Override{}, errors.New(strings.Join(msgs, "; "))
	}
	return cba.Override{Path: path, Dist: &dist}, nil
}

// Factor is a factor of the scenario (cba.Factor) with what the file says
// of it: its line, source, assumption and note.
type Factor struct {
	cba.Factor
	Line       int
	Source     string
	Assumption string
	Note       string
}

// Factors returns every factor of the scenario as it is now (after any
// overrides), with the file's provenance for each: the numbers a planner
// can change, in the order of their first paths.
func (f *File) Factors() ([]Factor, error) {
	fs, err := f.Scenario.Factors()
	if err != nil {
		return nil, f.Locate(err)
	}
	out := make([]Factor, len(fs))
	for i, x := range fs {
		out[i].Factor = x
		out[i].Line = f.Line(x.Name)
		for _, p := range x.Paths {
			if pr, ok := f.Param(p); ok {
				out[i].Line, out[i].Source, out[i].Assumption, out[i].Note = pr.Line, pr.Source, pr.Assumption, pr.Note
				break
			}
		}
	}
	return out, nil
}
