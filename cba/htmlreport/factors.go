package htmlreport

import (
	"fmt"
	"slices"
	"strings"

	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// section is the numbers of one part of the scenario (an arm, a group, a
// tax), for the list and the form.
type section struct {
	Title   string
	Factors []factorRow
}

// factorRow is one number of the scenario, or one of the page's own
// fields (the specialist's cost a year and caseload), as a row of the list
// or of the first screen.
type factorRow struct {
	Name, Label, Unit, Where string
	// Shown is the number as the page shows it (ShownText).
	Shown string
	// Mean is a drawn number's mean as the page prints numbers ("": not
	// drawn on its own).
	Mean string
	// AlsoSets names the other places the number is used: a change sets
	// them all.
	AlsoSets                 string
	Source, Assumption, Note string
	// Input is the field's text (Shown, or what was typed); Error the
	// message beside it; Why the planner's reason.
	Input, Error, Why string
	// Key says that the number is on the first screen: the list links to
	// it there.
	Key bool
	// Question is the first screen's words for it, and Hint a note beside
	// its field.
	Question, Hint string
}

// ID is the id of the row's field on the page.
func (r factorRow) ID() string { return "f-" + r.Name }

// ShownText is a number's text in its field before the planner changes
// it: a distribution as the file gives it (DistText), otherwise the value
// (FieldText).
func ShownText(lang report.Lang, fc scenario.Factor) string {
	if fc.Dist != nil {
		return DistText(fc.Dist)
	}
	return FieldText(lang, fc.Value, fc.Unit)
}

// newRow makes the row of a factor, with the form's text, message and
// reason for it (form nil: the report's).
func newRow(p report.Printer, fc scenario.Factor, form *Form) factorRow {
	row := factorRow{Name: fc.Name, Label: p.Factor(fc.Name), Unit: p.Unit(fc.Unit), Shown: ShownText(p.Lang(), fc),
		Source: fc.Source, Assumption: fc.Assumption, Note: fc.Note}
	if fc.Dist != nil {
		row.Mean = p.Sig(fc.Value)
	}
	if fc.File != "" {
		row.Where = fmt.Sprintf("%s:%d", fc.File, fc.Line)
	}
	var also []string
	for _, path := range fc.Paths[1:] {
		if l := p.Factor(path); !slices.Contains(also, l) && l != row.Label {
			also = append(also, l)
		}
	}
	row.AlsoSets = strings.Join(also, "; ")
	row.Input = row.Shown
	if form != nil {
		if v, ok := form.Values[fc.Name]; ok {
			row.Input = v
		}
		row.Error, row.Why = form.Errors[fc.Name], form.Why[fc.Name]
	}
	return row
}

// factors returns the rows of every number of the scenario, by the part
// it belongs to, in the order of their first paths; those named in keys
// are marked.
func factors(p report.Printer, fs []scenario.Factor, form *Form, keys []key) []section {
	var out []section
	for _, fc := range fs {
		title := sectionOf(p, fc.Name)
		if len(out) == 0 || out[len(out)-1].Title != title {
			out = append(out, section{Title: title})
		}
		row := newRow(p, fc, form)
		row.Key = slices.ContainsFunc(keys, func(k key) bool { return k.name == fc.Name })
		out[len(out)-1].Factors = append(out[len(out)-1].Factors, row)
	}
	return out
}

// keyRows are the first screen's rows: each key's factor, or the page's
// field for the specialist's cost a year or caseload.
func keyRows(p report.Printer, currency string, fs []scenario.Factor, form *Form, keys []key) []factorRow {
	var out []factorRow
	for _, k := range keys {
		var row factorRow
		if i := slices.IndexFunc(fs, func(fc scenario.Factor) bool { return fc.Name == k.name }); i >= 0 {
			row = newRow(p, fs[i], form)
		} else {
			if form == nil {
				continue // the page's own fields are for changes
			}
			row = factorRow{Name: k.name, Unit: p.Unit(currency + " a year")}
			if k.name == CaseloadField {
				row.Unit = p.T("participants")
			}
			row.Input, row.Error = form.Derived[k.name], form.Errors[k.name]
		}
		row.Question = k.label(p)
		if k.note != "" && form != nil { // the note is of the page's fields
			row.Hint = p.T(k.note)
		}
		out = append(out, row)
	}
	return out
}

// sectionOf names the part of the scenario a number belongs to: an arm, a
// group, a tax, a benefit, or a top-level section.
func sectionOf(p report.Printer, path string) string {
	parts := strings.Split(path, ".")
	if len(parts) >= 2 {
		switch parts[0] {
		case "arms":
			return p.Arm(parts[1])
		case "groups":
			return p.Group(parts[1])
		case "taxes":
			return p.Component("tax:" + parts[1])
		case "benefits":
			return p.Component("benefit:" + parts[1])
		}
	}
	name, _, _ := strings.Cut(parts[0], "[")
	return p.Section(name)
}
