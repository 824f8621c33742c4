// Package htmlreport writes the report of a scenario as one self-contained
// HTML page: a plain-language summary, the results with the scenario's
// labels, charts (package cba/plot, inline SVG), what decides the answer,
// every number of the scenario with its value, distribution and source or
// assumption, a glossary and the provenance. The page needs no network and
// no JavaScript, and prints. With a Form it is the planner's page of
// ipscba serve: the numbers are fields that can be changed, and one small
// script sends only those edited (the page works without it).
//
// Its words come from the catalogue of package cba/report, in English or
// Norwegian Bokmål (Options.Lang).
package htmlreport

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"ipscba/cba"
	"ipscba/cba/plot"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
	"ipscba/cba/sensitivity"
)

// Options control what the report holds.
type Options struct {
	// Iterations of a Monte Carlo run (with Seed and Workers); 0: a
	// deterministic report, without the charts of uncertainty.
	Iterations int
	Seed       uint64
	Workers    int
	Progress   func(done, total int)
	// Lang is the language of the report's own words (default English).
	Lang report.Lang
	// Provenance says where the scenario comes from (file, hash, version,
	// overrides).
	Provenance report.Provenance
	// Form, when not nil, makes the numbers of the scenario fields of a
	// form (the planner's page).
	Form *Form
}

// Form is the form of the planner's page.
type Form struct {
	// Action is where the form is sent to evaluate again (deterministic);
	// MonteCarlo, where it is sent for a Monte Carlo run; Save, where it is
	// sent to save a copy of the scenario (empty: not offered).
	Action, MonteCarlo, Save string
	// Values are the texts in the fields, by factor name (empty: the
	// factor's value).
	Values map[string]string
	// Errors are messages shown next to fields, by factor name.
	Errors map[string]string
	// Message is shown at the top of the page.
	Message string
	// Iterations is the Monte Carlo run's size offered.
	Iterations int
	// Edits are the changes the page has made ("name=text", in the order
	// made), sent back with the form as hidden fields named "edit": the
	// page's state. SHA256 identifies the files the page was made from,
	// sent back as the field "sha256".
	Edits  []string
	SHA256 string
}

//go:embed report.html.tmpl
var templates embed.FS

var page = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"t": func(p report.Printer, s string, args ...string) string {
		a := make([]any, len(args))
		for i := range args {
			a[i] = args[i]
		}
		return p.T(s, a...)
	},
	"join": strings.Join,
	"int":  func(n int, p report.Printer) string { return p.Int(float64(n)) },
}).ParseFS(templates, "report.html.tmpl"))

// data is what the template shows.
type data struct {
	P          report.Printer
	Lang       report.Lang
	Title      string
	Subtitle   string
	About      scenario.About
	Summary    string
	Arms       []string
	Increments []increment // each arm against the comparator
	// Published are the study's published figures beside the model's.
	Published  []report.Reconciled
	Charts     []chart
	Decides    table
	Factors    []section
	Terms      []string
	Provenance [][2]string
	Form       *Form
	MonteCarlo bool
}

// increment is the tables of one arm against the comparator.
type increment struct {
	Title      string
	NPV        npvTable
	Ratios     []string
	Components table
}

type npvTable struct {
	Head []string
	Rows [][]string
}

type table struct {
	Caption string
	Head    []string
	Rows    [][]string
	Note    string
}

type chart struct {
	ID, Title, Caption string
	SVG                template.HTML
	image              []byte // the chart as drawn (SVG or PNG)
}

// Chart is one chart of the report, as an image file.
type Chart struct {
	Name  string // e.g. "employment", "tornado"
	Title string
	Image []byte // SVG or PNG
}

// Report is a scenario's report, built once (Build): the page and the
// charts as image files are drawn from it without evaluating again.
type Report struct {
	d      *data
	charts []chartSpec
	po     plot.Options
	p      report.Printer
}

// Build evaluates f's scenario (as it is, after any overrides applied to
// f), with opt.Iterations runs its Monte Carlo, and makes its analyses:
// everything the page and its charts show.
func Build(ctx context.Context, f *scenario.File, opt Options) (*Report, error) {
	return build(ctx, f, opt)
}

// WriteHTML writes the report as one self-contained HTML page.
func (r *Report) WriteHTML(w io.Writer) error {
	var buf bytes.Buffer
	if err := page.Execute(&buf, r.d); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Charts draws the report's charts (those of the page) as separate
// images, SVG or PNG.
func (r *Report) Charts(format plot.Format) ([]Chart, error) {
	po := r.po
	po.Format = format
	cs, err := drawCharts(r.p, r.charts, po)
	if err != nil {
		return nil, err
	}
	var out []Chart
	for _, c := range cs {
		out = append(out, Chart{Name: c.ID, Title: c.Title, Image: c.image})
	}
	return out, nil
}

// section is the numbers of one part of the scenario (an arm, a group, a
// tax), for the list and the form.
type section struct {
	Title   string
	Factors []factorRow
}

type factorRow struct {
	Name, Label, Unit, Value, Distribution, Where string
	Source, Assumption, Note                      string
	Input, Error                                  string
	Editable                                      bool
}

// Write writes the report of f's scenario (as it is, after any overrides
// applied to f) to w: Build, then WriteHTML.
func Write(ctx context.Context, w io.Writer, f *scenario.File, opt Options) error {
	r, err := Build(ctx, f, opt)
	if err != nil {
		return err
	}
	return r.WriteHTML(w)
}

// evaluate evaluates f's scenario, makes an evaluator of it and, with
// opt.Iterations, runs its Monte Carlo, all from its prepared model: what
// the page and its charts show.
func evaluate(ctx context.Context, f *scenario.File, opt Options) (*cba.Result, *cba.Evaluator, *cba.MonteCarlo, error) {
	res, err := f.Evaluate()
	if err != nil {
		return nil, nil, nil, err
	}
	ev, _ := f.Evaluator() // made for Evaluate
	if len(res.Increments) == 0 {
		return nil, nil, nil, fmt.Errorf("the scenario has no arm besides its comparator")
	}
	var mc *cba.MonteCarlo
	if opt.Iterations > 0 {
		if mc, err = f.Run(ctx, cba.Options{Iterations: opt.Iterations, Seed: opt.Seed, Workers: opt.Workers, Progress: opt.Progress}); err != nil {
			return nil, nil, nil, err
		}
	}
	return res, ev, mc, nil
}

func build(ctx context.Context, f *scenario.File, opt Options) (*Report, error) {
	s := f.Scenario
	p := report.NewPrinter(opt.Lang, s)
	res, ev, mc, err := evaluate(ctx, f, opt)
	if err != nil {
		return nil, err
	}
	d := &data{P: p, Lang: p.Lang(), Title: s.Name, About: f.AboutIn(string(opt.Lang)), Form: opt.Form, MonteCarlo: opt.Iterations > 0}
	d.Subtitle = p.T("%s: money in %s at %s prices, per participant, discounted over %s months", s.Name, s.Currency, strconv.Itoa(s.PriceYear), strconv.Itoa(s.HorizonMonths))
	for _, a := range s.Arms {
		d.Arms = append(d.Arms, a.Name+" = "+p.Arm(a.Name))
	}
	decides := report.WhatDecides(ev)
	d.Summary = report.Conclusion(opt.Lang, s, res, mc, decides)
	for i := range res.Increments {
		inc := &res.Increments[i]
		d.Increments = append(d.Increments, increment{Title: p.T("%s minus %s", p.Arm(inc.Arm), p.Arm(inc.Comparator)),
			NPV: npv(p, res, i, mc), Ratios: report.Ratios(opt.Lang, s, res, inc, &inc.Population), Components: components(p, res, i)})
	}
	d.Published = report.Reconcile(opt.Lang, s, res, mc)
	d.Decides = decidesTable(p, decides)
	rep := &Report{d: d, p: p, po: plot.Options{Currency: s.Currency, PriceYear: s.PriceYear, Words: report.Words(opt.Lang),
		Label: report.Label(opt.Lang, s), Number: report.Number(opt.Lang), Value: report.Values(opt.Lang)}}
	if rep.charts, err = analyses(ctx, f, res, ev, mc, opt); err != nil {
		return nil, err
	}
	po := rep.po
	po.Format = plot.SVG
	if d.Charts, err = drawCharts(p, rep.charts, po); err != nil {
		return nil, err
	}
	if d.Factors, err = factors(p, f, opt.Form); err != nil {
		return nil, err
	}
	d.Terms = report.Terms(opt.Lang, s, res, mc != nil)
	d.Provenance = provenance(p, opt, mc)
	return rep, nil
}

func npv(p report.Printer, r *cba.Result, i int, mc *cba.MonteCarlo) npvTable {
	inc := &r.Increments[i]
	s := &inc.Population
	t := npvTable{Head: []string{p.T("perspective")}}
	if s.NPVObserved != nil {
		t.Head = append(t.Head, report.ObservedHeading(p.Lang(), r))
	}
	t.Head = append(t.Head, p.T("NPV, %s months", strconv.Itoa(r.HorizonMonths)), p.T("break-even"))
	if mc != nil {
		t.Head = append(t.Head, p.T("mean"), p.Sig(2.5)+" %", p.Sig(97.5)+" %", p.T("P(NPV > 0)"))
	}
	for k, name := range r.Perspectives {
		row := []string{p.Perspective(name)}
		if s.NPVObserved != nil {
			row = append(row, p.Int(s.NPVObserved[k]))
		}
		be := p.T("month %s", strconv.Itoa(s.BreakEven[k]))
		switch s.BreakEven[k] {
		case cba.NoBreakEven:
			be = p.T("not within %s months", strconv.Itoa(r.HorizonMonths))
		case 0:
			be = p.T("from the start")
		}
		row = append(row, p.Int(s.NPV[k]), be)
		if mc != nil {
			sum, _ := mc.Summary(cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: name}, 2.5, 97.5)
			row = append(row, p.Int(sum.Mean), p.Int(sum.Percentiles[0]), p.Int(sum.Percentiles[1]), p.Percent(sum.PAboveZero))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func components(p report.Printer, r *cba.Result, i int) table {
	s := &r.Increments[i].Population
	t := table{Head: []string{p.T("component")}, Note: p.T("· where a component does not touch a perspective")}
	for _, name := range r.Perspectives {
		t.Head = append(t.Head, p.Perspective(name))
	}
	for c, name := range r.Components {
		row, any := []string{p.Component(name)}, false
		for k := range r.Perspectives {
			cell := "·"
			if v := r.Contribution(s, k, c); math.Round(v) != 0 {
				cell, any = p.Int(v), true
			}
			row = append(row, cell)
		}
		if any {
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

func decidesTable(p report.Printer, d *report.Decides) table {
	if d.Unavailable != "" {
		return table{Note: p.T("what decides it: not available (%s)", d.Unavailable)}
	}
	t := table{Head: []string{p.T("number"), p.T("from"), p.T("to")}}
	if len(d.Rows) > 0 && d.Rows[0].From == "percentiles" {
		t.Caption = p.T("(each number from its 2.5th to its 97.5th percentile, the others at their means)")
	} else {
		t.Caption = p.T("(no number is uncertain: each number from 20 %% below to 20 %% above its value, the others at theirs)")
	}
	for _, o := range d.Outputs {
		t.Head = append(t.Head, p.T("%s NPV", p.Perspective(o.Perspective)))
	}
	for _, o := range d.Outputs {
		t.Head = append(t.Head, p.T("%s NPV is 0 at", p.Perspective(o.Perspective)))
	}
	for _, r := range d.Rows {
		row := []string{p.Factor(r.Factor.Name), p.Sig(r.Low), p.Sig(r.High)}
		for i := range d.Outputs {
			row = append(row, p.T("%s to %s", p.Int(r.AtLow[i]), p.Int(r.AtHigh[i])))
		}
		for i := range d.Outputs {
			if sw := r.Switch[i]; sw != nil && sw.Found {
				row = append(row, p.Sig(sw.Value))
			} else {
				row = append(row, p.T("never"))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	t.Note = p.T("\"never\": the NPV keeps its sign at every value the number can take, the others as they are")
	return t
}

// chartSpec is one chart of the report: its words, and how to draw it
// from results made once.
type chartSpec struct {
	id, title, caption string
	draw               func(w io.Writer, po plot.Options) error
}

// drawCharts draws the charts in po's format.
func drawCharts(p report.Printer, specs []chartSpec, po plot.Options) ([]chart, error) {
	var out []chart
	for _, sp := range specs {
		var buf bytes.Buffer
		if err := sp.draw(&buf, po); err != nil {
			return nil, fmt.Errorf("chart %s: %w", sp.id, err)
		}
		c := chart{ID: sp.id, Title: p.T(sp.title), Caption: p.T(sp.caption), image: buf.Bytes()}
		if po.Format == plot.SVG {
			svg := buf.String()
			if i := strings.Index(svg, "<svg"); i > 0 {
				svg = svg[i:] // inline: no XML declaration
			}
			c.SVG = template.HTML(svg)
		}
		out = append(out, c)
	}
	return out, nil
}

// analyses makes what the charts show — the sensitivity analyses among
// them — once, for any format.
func analyses(ctx context.Context, f *scenario.File, r *cba.Result, ev *cba.Evaluator, mc *cba.MonteCarlo, opt Options) ([]chartSpec, error) {
	s := f.Scenario
	inc := &r.Increments[0]
	var out []chartSpec
	add := func(id, title, caption string, draw func(w io.Writer, po plot.Options) error) error {
		out = append(out, chartSpec{id: id, title: title, caption: caption, draw: draw})
		return nil
	}
	observed := map[string][]plot.Point{}
	for a, arm := range s.Arms {
		months := map[int]bool{}
		if arm.Effect != nil {
			for _, pt := range arm.Effect.Points {
				months[pt.Month] = true
			}
		}
		for _, g := range arm.Groups {
			if g.Employment.Model == cba.Observed {
				for _, pt := range g.Employment.Points {
					months[pt.Month] = true
				}
			}
		}
		e := r.Arms[a].Population.Employment
		for _, m := range slices.Sorted(func(yield func(int) bool) {
			for m := range months {
				if !yield(m) {
					return
				}
			}
		}) {
			if m < len(e) {
				observed[arm.Name] = append(observed[arm.Name], plot.Point{X: float64(m), Y: e[m]})
			}
		}
	}
	if err := add("employment", "Employment by month", "The share of participants in work in each arm; marked: the months a study observed.",
		func(w io.Writer, po plot.Options) error { return plot.Employment(w, r, observed, po) }); err != nil {
		return nil, err
	}
	if err := add("cumulative", "When society and the public budgets get their money back", "The cumulative discounted net flow per participant, arm minus comparator; with a Monte Carlo run, the band holds 90 %% of the draws.",
		func(w io.Writer, po plot.Options) error {
			return plot.Cumulative(w, r, mc, []string{cba.Society, cba.Public}, po)
		}); err != nil {
		return nil, err
	}
	if len(s.Payers) > 1 {
		if err := add("payers", "When each budget gets its money back", "The same for each public budget.",
			func(w io.Writer, po plot.Options) error { return plot.Cumulative(w, r, mc, s.Payers, po) }); err != nil {
			return nil, err
		}
	}
	if mc != nil {
		keys := []cba.OutputKey{
			{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: cba.Society},
			{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: cba.Public},
		}
		if err := add("distribution", "How sure: the NPV over the draws", "The distribution of the NPV per participant over the Monte Carlo draws; the line is at zero.",
			func(w io.Writer, po plot.Options) error { return plot.Distribution(w, mc, keys, po) }); err != nil {
			return nil, err
		}
	}
	society := cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: cba.Society}
	m, err := sensitivity.NewModel(ev, society)
	if err != nil {
		return nil, err
	}
	tor, err := m.Tornado(sensitivity.TornadoOptions{})
	if err == nil && len(tor.Bars) == 0 {
		tor, err = m.Tornado(sensitivity.TornadoOptions{Fixed: 0.2})
	}
	if err != nil {
		return nil, err
	}
	if len(tor.Bars) > 0 {
		if err := add("tornado", "What moves society's NPV", "Each number from its low to its high value, the others at their base values.",
			func(w io.Writer, po plot.Options) error { return plot.Tornado(w, tor, po) }); err != nil {
			return nil, err
		}
	}
	// The two numbers with the largest swings, on a grid.
	var xy []sensitivity.Bar
	for _, b := range tor.Bars {
		if b.Low < b.High && b.Swing > 0 && (len(xy) == 0 || b.Factor.ShareSet < 0 || b.Factor.ShareSet != xy[0].Factor.ShareSet) {
			xy = append(xy, b)
			if len(xy) == 2 {
				break
			}
		}
	}
	if len(xy) == 2 {
		g, err := m.TwoWay(sensitivity.Axis{Factor: xy[0].Factor.Name, Values: sensitivity.Steps(xy[0].Low, xy[0].High, 9)},
			sensitivity.Axis{Factor: xy[1].Factor.Name, Values: sensitivity.Steps(xy[1].Low, xy[1].High, 9)})
		if err == nil {
			if err := add("twoway", "Where society's NPV changes sign", "Society's NPV over the two numbers that move it most, the others at their base values.",
				func(w io.Writer, po plot.Options) error { return plot.TwoWay(w, g, po) }); err != nil {
				return nil, err
			}
		}
	}
	if mc != nil {
		c, err := sensitivity.Acceptability(ctx, ev, sensitivity.NonMarketValue, sensitivity.Steps(0, 10000, 11),
			sensitivity.AcceptOptions{Iterations: min(opt.Iterations, 2000), Seed: opt.Seed, Workers: opt.Workers})
		if err != nil {
			return nil, err
		}
		if err := add("acceptability", "If a month in work is worth more than its pay", "The chance that the NPV is above zero, as the value put on a month in work for quality of life grows.",
			func(w io.Writer, po plot.Options) error {
				return plot.Acceptability(w, c, []string{cba.Society, cba.Public}, po)
			}); err != nil {
			return nil, err
		}
	}
	if s.Cohort.Years > 0 && s.Cohort.StartsPerYear > 0 {
		b := r.Budget()[0]
		if err := add("budget", "Budget impact by year", "The whole cohort's net flow by calendar year, by payer, discounted to the programme's start.",
			func(w io.Writer, po plot.Options) error { return plot.Budget(w, &b, po) }); err != nil {
			return nil, err
		}
	}
	if mc != nil && len(ev.UnitCube().Blocks()) > 0 {
		sb, err := m.Sobol(ctx, sensitivity.SobolOptions{N: 256, Bootstrap: 100, GlobalOptions: sensitivity.GlobalOptions{GroupDependent: true, Seed: opt.Seed, Workers: opt.Workers}})
		if err != nil {
			return nil, err
		}
		if err := add("sobol", "Which uncertainty matters", "The share of the variance of society's NPV each number explains alone (first-order) and with its interactions (total).",
			func(w io.Writer, po plot.Options) error { return plot.Sobol(w, sb, po) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func factors(p report.Printer, f *scenario.File, form *Form) ([]section, error) {
	fs, err := f.Factors()
	if err != nil {
		return nil, err
	}
	var out []section
	for _, fc := range fs {
		fc = f.FactorIn(string(p.Lang()), fc)
		title := sectionOf(p, fc.Name)
		value := strconv.FormatFloat(fc.Value, 'f', -1, 64)
		shown := value
		if p.Lang() == report.Bokmal {
			shown = strings.Replace(value, ".", ",", 1)
		}
		if len(out) == 0 || out[len(out)-1].Title != title {
			out = append(out, section{Title: title})
		}
		row := factorRow{Name: fc.Name, Label: p.Factor(fc.Name), Unit: p.Unit(fc.Unit), Value: shown,
			Source: fc.Source, Assumption: fc.Assumption, Note: fc.Note, Editable: true}
		if fc.Dist != nil {
			row.Distribution = fc.Dist.String()
		}
		if fc.File != "" {
			row.Where = fmt.Sprintf("%s:%d", fc.File, fc.Line)
		}
		row.Input = value // as the loader reads it
		if form != nil {
			if v, ok := form.Values[fc.Name]; ok {
				row.Input = v
			}
			row.Error = form.Errors[fc.Name]
		}
		out[len(out)-1].Factors = append(out[len(out)-1].Factors, row)
	}
	return out, nil
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

func provenance(p report.Printer, opt Options, mc *cba.MonteCarlo) [][2]string {
	pv := opt.Provenance
	rows := [][2]string{
		{p.T("scenario file"), pv.File},
		{"sha256", pv.SHA256},
		{p.T("scenario fingerprint"), pv.Fingerprint},
		{p.T("module version"), pv.Version},
		{p.T("timing"), p.T(pv.Timing)},
	}
	if len(pv.Overrides) > 0 {
		rows = append(rows, [2]string{p.T("changed numbers"), strings.Join(pv.Overrides, "; ")})
	}
	if mc != nil {
		rows = append(rows, [2]string{p.T("Monte Carlo"), p.T("%s iterations, seed %s", p.Int(float64(mc.Iterations)), strconv.FormatUint(mc.Seed, 10))})
	} else {
		rows = append(rows, [2]string{p.T("Monte Carlo"), p.T("none: uncertain numbers at their means")})
	}
	return rows
}
