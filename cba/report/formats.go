package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format is an output format of the reports: its name, what it is for,
// and what writes each kind of result in it (nil where it has no form of
// that kind). Formats is the one list; the command's flags, their help and
// their checks are made from it.
type Format struct {
	Name string
	Doc  string
	// Result writes a deterministic evaluation; MonteCarlo a run;
	// Comparison a paired comparison of two what-ifs.
	Result     func(io.Writer, Input) error
	MonteCarlo func(io.Writer, MonteCarloInput) error
	Comparison func(io.Writer, ComparisonInput) error
	// Analysis writes the result of a sensitivity analysis (package
	// cba/sensitivity), which has its JSON and CSV forms; nil for text,
	// which the command writes in words.
	Analysis func(io.Writer, any) error
}

// Formats are the output formats, text first (the default).
var Formats = []Format{
	{Name: "text", Doc: "tables in words, for reading", Result: Text, MonteCarlo: MonteCarloText, Comparison: ComparisonText},
	{Name: "json", Doc: "one JSON document with a schema name", Result: JSON, MonteCarlo: MonteCarloJSON, Comparison: ComparisonJSON, Analysis: writeJSON},
	{Name: "csv", Doc: "a table for spreadsheets", Result: CSV, MonteCarlo: MonteCarloCSV, Comparison: ComparisonCSV, Analysis: writeAnalysisCSV},
	{Name: "tidy", Doc: "one long table with monthly flows, for R and pandas", Result: Tidy},
}

// Kind is what a format writes: a deterministic result, a Monte Carlo run,
// an analysis, or a comparison of two what-ifs.
type Kind int

const (
	ResultKind Kind = iota
	MonteCarloKind
	AnalysisKind
	ComparisonKind
)

func (f *Format) has(k Kind) bool {
	switch k {
	case MonteCarloKind:
		return f.MonteCarlo != nil
	case AnalysisKind:
		return f.Analysis != nil || f.Name == "text"
	case ComparisonKind:
		return f.Comparison != nil
	}
	return f.Result != nil
}

// FormatNamed returns the format of that name that writes kind k, or an
// error listing those that do.
func FormatNamed(name string, k Kind) (*Format, error) {
	for i := range Formats {
		if f := &Formats[i]; f.Name == name && f.has(k) {
			return f, nil
		}
	}
	for i := range Formats {
		if Formats[i].Name == name {
			return nil, fmt.Errorf("%s writes no %s: give %s", name, kindWords[k], FormatNames(k))
		}
	}
	return nil, fmt.Errorf("must be %s, got %q", FormatNames(k), name)
}

var kindWords = map[Kind]string{ResultKind: "deterministic result", MonteCarloKind: "Monte Carlo run (its iterations go to -values)", AnalysisKind: "sensitivity analysis", ComparisonKind: "comparison of two what-ifs"}

// FormatNames lists the formats that write kind k: "text, json or csv".
func FormatNames(k Kind) string {
	var names []string
	for i := range Formats {
		if Formats[i].has(k) {
			names = append(names, Formats[i].Name)
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// FormatHelp is the help of a -format flag for kind k: each format with
// what it is for.
func FormatHelp(k Kind) string {
	var parts []string
	for i := range Formats {
		if f := &Formats[i]; f.has(k) {
			parts = append(parts, f.Name+" ("+f.Doc+")")
		}
	}
	return "output `format`: " + strings.Join(parts, ", ")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeAnalysisCSV(w io.Writer, v any) error {
	c, ok := v.(interface{ WriteCSV(io.Writer) error })
	if !ok {
		return fmt.Errorf("%T has no CSV form", v)
	}
	return c.WriteCSV(w)
}
