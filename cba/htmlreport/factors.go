package htmlreport

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

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
	// Heading, on the first screen, is a sentence shown above the row
	// (the first of a payer's shares: what the shares pay for, and that
	// they add up to 1), with the id HeadingID; DescribedBy is the id of
	// the heading the row's field belongs under. Moves, beside a share's
	// question, names the other shares a change moves.
	Heading, HeadingID, DescribedBy, Moves string
}

// ID is the id of the row's field on the page.
func (r factorRow) ID() string { return "f-" + r.Name }

// fieldChars is the most characters a field of the first screen shows
// whole beside its question, at 1280 pixels: a longer text (a
// distribution) gets the question's width too (Wide).
const fieldChars = 25

// Wide says that the row's field text is too long to show whole beside
// its question: the first screen writes the question above the field.
func (r factorRow) Wide() bool { return utf8.RuneCountInString(r.Input) > fieldChars }

// HintID is the id of the note beside the row's field.
func (r factorRow) HintID() string { return "hint-" + r.Name }

// Describers are the ids of what describes the row's field, for its
// aria-describedby: its heading's and its note's.
func (r factorRow) Describers() string {
	var ids []string
	if r.DescribedBy != "" {
		ids = append(ids, r.DescribedBy)
	}
	if r.Hint != "" || r.Moves != "" {
		ids = append(ids, r.HintID())
	}
	return strings.Join(ids, " ")
}

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
		if k.cost != "" && form != nil {
			shareRow(p, &row, k, fs, keys, out)
		}
		out = append(out, row)
	}
	return out
}

// costInPath finds the cost whose payer's share a path is.
var costInPath = regexp.MustCompile(`^arms\.[^.]+\.costs\.([^.]+)\.payers\.`)

// shareRow makes row, of the planner's page, the field of a payer's share
// k of the specialist's cost: under a heading, above the first of the
// shares, that says what else the shares pay for (a share written once
// for several costs sets them all) and that they add up to 1; and with a
// note of the other payers' shares a change moves in proportion (as the
// scenario's Apply rescales them). done are the rows made before it.
func shareRow(p report.Printer, row *factorRow, k key, fs []scenario.Factor, keys []key, done []factorRow) {
	row.Question = p.T("share paid by %s", k.payer)
	row.DescribedBy = "pays-" + k.cost
	var others []string
	for _, o := range keys {
		if o.cost == k.cost && o.name != k.name {
			others = append(others, o.payer)
		}
	}
	row.Moves = p.T("a change moves the others in proportion: %s", strings.Join(others, ", "))
	if slices.ContainsFunc(done, func(r factorRow) bool { return r.DescribedBy == row.DescribedBy }) {
		return
	}
	row.HeadingID = row.DescribedBy
	var also []string
	if i := slices.IndexFunc(fs, func(fc scenario.Factor) bool { return fc.Name == k.name }); i >= 0 {
		for _, path := range fs[i].Paths {
			if m := costInPath.FindStringSubmatch(path); m != nil && m[1] != k.cost && !slices.Contains(also, p.Component("cost:"+m[1])) {
				also = append(also, p.Component("cost:"+m[1]))
			}
		}
	}
	cost := p.Component("cost:" + k.cost)
	row.Heading = p.T("Who pays for %s (the shares add up to 1):", cost)
	if len(also) > 0 {
		row.Heading = p.T("Who pays for %s, and with the same shares for %s (the shares add up to 1):", cost, strings.Join(also, ", "))
	}
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
