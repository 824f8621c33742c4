package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// List writes every number of f's scenario that a what-if can change (the
// command's -list): for each factor its name and other paths, its value or
// distribution, unit and range, source or assumption, and where it is
// written (name: the scenario file's name as the user gave it); then each
// concentration and rank of how numbers are drawn together.
func List(w io.Writer, f *scenario.File, name string) error {
	fs, err := f.Factors()
	if err != nil {
		return err
	}
	u := f.Scenario.Uncertainty
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d numbers that -set can change (a number written once is one, in every place it is used)", name, len(fs))
	if n := len(u.Dirichlets) + len(u.Correlations); n > 0 {
		fmt.Fprintf(&b, ", and %d of how they are drawn together (at the end)", n)
	}
	b.WriteString("\n")
	where := func(file string, line int) string {
		switch {
		case line == 0:
			return "not in the file: the default"
		case file != "" && filepath.ToSlash(file) != name:
			return fmt.Sprintf("%s:%d", filepath.ToSlash(file), line)
		}
		return fmt.Sprintf("line %d", line)
	}
	provenance := func(source, assumption, note string) {
		for _, kv := range [][2]string{{"source", source}, {"assumption", assumption}, {"note", note}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "  %s: %s\n", kv[0], kv[1])
			}
		}
	}
	for _, x := range fs {
		fmt.Fprintf(&b, "\n%s  (%s)\n", x.Name, where(x.File, x.Line))
		for _, p := range x.Paths[1:] {
			fmt.Fprintf(&b, "  also %s\n", p)
		}
		fmt.Fprintf(&b, "  value: %s\n  range: %s\n", listValue(&x.Factor), listRange(x.Bound))
		provenance(x.Source, x.Assumption, x.Note)
	}
	entry := func(path string, value, rng, with string) {
		p, _ := f.Param(path)
		fmt.Fprintf(&b, "\n%s  (%s)\n  value: %s\n  range: %s\n  %s\n", path, where(p.File, p.Line), value, rng, with)
		provenance(p.Source, p.Assumption, "")
	}
	for k, c := range u.Correlations {
		entry(fmt.Sprintf("uncertainty.correlations[%d].rank", k), listNumber(c.Rank)+" (rank correlation)",
			cba.RankBound.String(), "between: "+c.A+" and "+c.B)
	}
	for k, d := range u.Dirichlets {
		entry(fmt.Sprintf("uncertainty.dirichlet[%d].concentration", k),
			listNumber(d.Concentration)+" (the larger, the closer each draw to the shares' values)",
			cba.ConcentrationBound.String(), "draws together: "+strings.Join(d.Paths, ", "))
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// listValue is a factor's value as -list shows it: with its unit, and how
// it is drawn.
func listValue(f *cba.Factor) string {
	value := listNumber(f.Value) + " " + f.Unit
	switch {
	case f.WholeHorizon && f.Dist == nil:
		value += " (the whole horizon)"
	case f.Dist != nil:
		value = fmt.Sprintf("%s (the mean), drawn from %s: sd %s", value, f.Dist, listNumber(f.Dist.SD()))
	case f.Dirichlet >= 0:
		value = fmt.Sprintf("%s (the mean), drawn with the other shares of uncertainty.dirichlet[%d]", value, f.Dirichlet)
	}
	return value
}

func listRange(b cba.Bound) string {
	if b.Integer {
		return b.String() + ", a whole number"
	}
	return b.String()
}

func listNumber(v float64) string { return fmt.Sprintf("%.10g", v) }
