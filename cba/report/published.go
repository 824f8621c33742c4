package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"ipscba/cba"
)

// Reconciled is one figure a study published (cba.Published) beside the
// model's under the same convention, written for a reader: the published
// value (re-priced or converted to the scenario's units when it says how),
// the model's, their difference, and whether the model reproduces it
// within its tolerance or why it differs.
type Reconciled struct {
	Label    string
	Citation string
	// Published is the value as the study gives it; Comparable is it in
	// the scenario's units (the same when it needs no conversion).
	Published, Comparable string
	Model                 string // the model's figure, or "n/a" with Note saying why
	Difference            string // the model's minus the comparable value, relative ("+4.1 %")
	// Note says how the comparable value was made, and either the
	// tolerance the model reproduces it within or the reason for the
	// difference.
	Note string
	// Reproduced says that the figure has a tolerance; Within that the
	// model's figure is within it.
	Reproduced, Within bool
	// The numbers: the comparable value and the model's (NaN when the
	// model gives none here).
	ComparableValue, ModelValue float64
}

// Reconcile returns the published figures of s (the scenario r was
// evaluated from) beside the model's, in lang. A chance is a Monte Carlo
// figure: it is given with mc (nil: none), and said to need a run
// otherwise. A scenario without published figures gives none.
func Reconcile(lang Lang, s *cba.Scenario, r *cba.Result, mc *cba.MonteCarlo) []Reconciled {
	if s == nil || r == nil {
		return nil
	}
	t := newWords(lang, s)
	var out []Reconciled
	for i := range s.Published {
		p := &s.Published[i]
		format := func(v float64) string { return figure(t, p, v) }
		text := func(key, english string) string {
			if tr, ok := s.Text(string(t.lang), "published."+p.Name+"."+key); ok {
				return tr
			}
			return english
		}
		row := Reconciled{Label: text("label", p.Label), Citation: text("citation", p.Citation), Published: format(p.Value), Comparable: format(p.Comparable()),
			Reproduced: p.Reproduced(), ComparableValue: p.Comparable(), ModelValue: math.NaN()}
		var notes []string
		if p.ToModel != 0 && p.ToModel != 1 {
			notes = append(notes, t.T("published %s, times %s to the scenario's terms", format(p.Value), t.Sig(p.ToModel)))
		}
		model, err := modelFigure(p, s, r, mc)
		switch {
		case p.Measure == cba.FigureChance && mc == nil:
			row.Model = t.T("n/a")
			notes = append(notes, t.T("a Monte Carlo figure: run with -iterations"))
		case err != nil:
			row.Model = t.T("n/a")
			notes = append(notes, err.Error())
		default:
			row.ModelValue, row.Model = model, format(model)
			row.Difference = relative(t, model, p.Comparable())
			row.Within = p.Reproduced() && p.Within(model)
		}
		switch {
		case p.Reproduced() && err == nil && row.Within:
			notes = append(notes, t.T("reproduced within %s", t.Percent(p.Tolerance)))
		case p.Reproduced() && err == nil:
			notes = append(notes, t.T("NOT within its tolerance of %s under these values", t.Percent(p.Tolerance)))
		case p.Reproduced():
			notes = append(notes, t.T("reproduced within %s in a Monte Carlo run", t.Percent(p.Tolerance)))
		}
		if p.Reason != "" {
			notes = append(notes, text("reason", p.Reason))
		}
		row.Note = strings.Join(notes, "; ")
		out = append(out, row)
	}
	return out
}

// modelFigure is the model's figure of p, from the Monte Carlo run for a
// chance.
func modelFigure(p *cba.Published, s *cba.Scenario, r *cba.Result, mc *cba.MonteCarlo) (float64, error) {
	if p.Measure != cba.FigureChance {
		return p.Model(s, r)
	}
	key, err := p.ChanceKey(r)
	if err != nil {
		return 0, err
	}
	if mc == nil {
		return 0, fmt.Errorf("no Monte Carlo run")
	}
	sum, ok := mc.Summary(key)
	if !ok {
		return 0, fmt.Errorf("the run has no output %s", key)
	}
	return sum.PAboveZero, nil
}

// figure writes a value of figure p's measure in its unit: a difference
// of shares in employment in percentage points.
func figure(t *words, p *cba.Published, v float64) string {
	employment := p.Measure == cba.FigureEmployment || p.Measure == cba.FigureEmploymentAt
	if employment && p.Side == cba.Difference {
		return t.Points(v)
	}
	switch p.Measure.Unit() {
	case "share", "probability":
		return t.Percent(v)
	case "ratio":
		return t.Dec(v, 2)
	}
	return t.Int(v)
}

// relative writes the model's difference from the published value,
// relative to it.
func relative(t *words, model, published float64) string {
	if published == 0 {
		return t.T("n/a")
	}
	d := 100 * (model - published) / math.Abs(published)
	sign := "+"
	switch {
	case math.Abs(d) < 0.05:
		sign = "" // 0.0 %, neither above nor below
	case d < 0:
		sign = "-"
	}
	return sign + t.Dec(math.Abs(d), 1) + " %"
}

// writeReconciliation writes the published figures beside the model's,
// under the result, with a numbered note for each.
func writeReconciliation(b *strings.Builder, t *words, rows []Reconciled) {
	if len(rows) == 0 {
		return
	}
	b.WriteString("\n" + t.T("the study's published figures beside this model's (same convention; notes below)") + "\n\n")
	tw := table(b)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", t.T("figure"), t.T("published"), t.T("this model"), t.T("difference"))
	for i, r := range rows {
		fmt.Fprintf(tw, "%s (%s)\t%s\t%s\t%s\t\n", r.Label, strconv.Itoa(i+1), r.Comparable, r.Model, r.Difference)
	}
	tw.Flush()
	for i, r := range rows {
		note := "(" + strconv.Itoa(i+1) + ") " + r.Citation
		if r.Note != "" {
			note += ". " + r.Note
		}
		b.WriteString(strings.ReplaceAll(wrap(note, 78), "\n", "\n    ") + "\n")
	}
}

// publishedDoc is a published figure beside the model's in the JSON
// reports: the study's value as published and in the scenario's terms,
// the model's figure (null where the model gives none), and the tolerance
// the model reproduces it within or the reason it differs.
type publishedDoc struct {
	Name       string   `json:"name"`
	Label      string   `json:"label"`
	Citation   string   `json:"citation"`
	Measure    string   `json:"measure"`
	Published  float64  `json:"published"`
	Comparable float64  `json:"published_in_scenario_terms"`
	Model      *float64 `json:"model"`
	Tolerance  float64  `json:"tolerance,omitempty"`
	Within     *bool    `json:"within_tolerance,omitempty"`
	Reason     string   `json:"reason,omitempty"`
}

// publishedDocs returns s's published figures beside the model's (mc nil:
// a chance has no model figure), for the JSON reports; nil when s has none.
func publishedDocs(s *cba.Scenario, r *cba.Result, mc *cba.MonteCarlo) []publishedDoc {
	if s == nil || r == nil {
		return nil
	}
	var out []publishedDoc
	for i := range s.Published {
		p := &s.Published[i]
		d := publishedDoc{Name: p.Name, Label: p.Label, Citation: p.Citation, Measure: p.Measure.String(),
			Published: p.Value, Comparable: p.Comparable(), Tolerance: p.Tolerance, Reason: p.Reason}
		if v, err := modelFigure(p, s, r, mc); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			d.Model = &v
			if p.Reproduced() {
				within := p.Within(v)
				d.Within = &within
			}
		}
		out = append(out, d)
	}
	return out
}
