package report

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// List writes every number of f's scenario that a what-if can change (the
// command's -list), in lang: for each factor its path and other paths, its
// name for readers, its value or distribution, unit and range, source or
// assumption (in lang where the file gives it), and where it is written
// (name: the scenario file's name as the user gave it); then each
// concentration and rank of how numbers are drawn together. Paths and
// values are written as a file and -set take them.
func List(w io.Writer, f *scenario.File, name string, lang Lang) error {
	fs, err := f.Factors()
	if err != nil {
		return err
	}
	t := newWords(lang, f.Scenario)
	l := lister{t: t, f: f, name: name}
	u := f.Scenario.Uncertainty
	l.b.WriteString(t.T("%s: %s numbers that -set can change (a number written once is one, in every place it is used)", name, strconv.Itoa(len(fs))))
	if n := len(u.Dirichlets) + len(u.Correlations); n > 0 {
		l.b.WriteString(t.T(", and %s of how they are drawn together (at the end)", strconv.Itoa(n)))
	}
	l.b.WriteString("\n")
	for _, x := range fs {
		x = f.FactorIn(string(lang), x)
		fmt.Fprintf(&l.b, "\n%s  (%s)\n  %s\n", x.Name, l.where(x.File, x.Line), t.Factor(x.Name))
		for _, p := range x.Paths[1:] {
			l.b.WriteString("  " + t.T("also %s", p) + "\n")
		}
		l.b.WriteString("  " + t.T("value: %s", l.value(&x.Factor)) + "\n  " + t.T("range: %s", l.bound(x.Bound)) + "\n")
		l.provenance(x.Source, x.Assumption, x.Note)
	}
	for k, c := range u.Correlations {
		l.entry(fmt.Sprintf("uncertainty.correlations[%d].rank", k), t.T("%s (rank correlation)", listNumber(c.Rank)),
			cba.RankBound.String(), t.T("between: %s and %s", c.A, c.B))
	}
	for k, d := range u.Dirichlets {
		l.entry(fmt.Sprintf("uncertainty.dirichlet[%d].concentration", k),
			t.T("%s (the larger, the closer each draw to the shares' values)", listNumber(d.Concentration)),
			cba.ConcentrationBound.String(), t.T("draws together: %s", strings.Join(d.Paths, ", ")))
	}
	_, err = io.WriteString(w, l.b.String())
	return err
}

// lister writes -list.
type lister struct {
	t    *words
	f    *scenario.File
	name string
	b    strings.Builder
}

// where says where a number is written: its line, or file and line when
// it is in a file the scenario extends.
func (l *lister) where(file string, line int) string {
	switch {
	case line == 0:
		return l.t.T("not in the file: the default")
	case file != "" && filepath.ToSlash(file) != l.name:
		return fmt.Sprintf("%s:%d", filepath.ToSlash(file), line)
	}
	return l.t.T("line %s", strconv.Itoa(line))
}

// provenance writes a number's source, assumption and note.
func (l *lister) provenance(source, assumption, note string) {
	t := l.t
	for _, line := range []string{t.T("source: %s", source), t.T("assumption: %s", assumption), t.T("note: %s", note)} {
		if !strings.HasSuffix(line, ": ") { // given
			l.b.WriteString("  " + line + "\n")
		}
	}
}

// entry writes a number of how numbers are drawn together.
func (l *lister) entry(path string, value, rng, with string) {
	p, _ := l.f.Param(path)
	p = l.f.ParamIn(string(l.t.lang), p)
	fmt.Fprintf(&l.b, "\n%s  (%s)\n  %s\n  %s\n  %s\n", path, l.where(p.File, p.Line), l.t.T("value: %s", value), l.t.T("range: %s", rng), with)
	l.provenance(p.Source, p.Assumption, "")
}

// value is a factor's value as -list shows it: as a file takes it, with
// its unit, and how it is drawn.
func (l *lister) value(f *cba.Factor) string {
	t := l.t
	value := listNumber(f.Value) + " " + t.Unit(f.Unit)
	switch {
	case f.WholeHorizon && f.Dist == nil:
		value += " " + t.T("(the whole horizon)")
	case f.Dist != nil:
		value = t.T("%s (the mean), drawn from %s: sd %s", value, tidyNumbers(f.Dist.String()), listNumber(f.Dist.SD()))
	case f.Dirichlet >= 0:
		value = t.T("%s (the mean), drawn with the other shares of uncertainty.dirichlet[%s]", value, strconv.Itoa(f.Dirichlet))
	}
	return value
}

// bound writes a factor's range.
func (l *lister) bound(b cba.Bound) string {
	if b.Integer {
		return l.t.T("%s, a whole number", b.String())
	}
	return b.String()
}

func listNumber(v float64) string { return fmt.Sprintf("%.10g", v) }

// longNumber is a number written with more digits than a reader needs.
var longNumber = regexp.MustCompile(`-?\d+\.\d{9,}`)

// tidyNumbers writes the numbers of s (a distribution's parameters) with
// 10 significant digits, so that 58.58159999999999 is 58.5816.
func tidyNumbers(s string) string {
	return longNumber.ReplaceAllStringFunc(s, func(n string) string {
		v, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return n
		}
		return listNumber(v)
	})
}
