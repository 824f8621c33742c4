// Package htmlreport writes the report of a scenario as one self-contained
// HTML page: first the numbers a municipality knows and changes, with the
// answer beside them (each budget's and society's result per participant,
// and the budget by year), then a plain-language summary, the results with
// the scenario's labels, the budget a committee reads, charts (package
// cba/plot, inline SVG), what decides the answer, every number of the
// scenario with its value or distribution as the file writes it and its
// source or assumption, a glossary and the provenance. The page needs no
// network and no JavaScript, and prints. With a Form it is the planner's
// page of ipscba serve: the numbers are fields that can be changed, each
// with a field for why, and a small script sends only those edited (the
// page works without it) and finds numbers by their names.
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
	"strconv"
	"strings"

	"ipscba/cba"
	"ipscba/cba/plot"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
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
	// Base, when not nil, is the scenario the page's changes were made
	// to: the page shows what they do, from a paired comparison of the
	// scenario against Base on the same draws (cba.Compare) with
	// Iterations draws, or PairedIterations without a Monte Carlo run (0:
	// at the means only).
	Base             *scenario.File
	PairedIterations int
	// BudgetYears is the first years whose total the budget shows (0:
	// report.DefaultBudgetYears).
	BudgetYears int
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
	// Errors are messages shown next to fields, by factor name (or the
	// name of a field of the page's own).
	Errors map[string]string
	// Why are the planner's reasons for changing numbers, by factor name,
	// shown in each number's field WhyPrefix + name: a saved copy keeps
	// them as the numbers' assumptions.
	Why map[string]string
	// Derived are the texts of the page's own fields (AnnualCostField,
	// CaseloadField), by name.
	Derived map[string]string
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
	// derived says whether a field is one of the page's own, not a number's.
	"derived": func(name string) bool { return name == AnnualCostField || name == CaseloadField },
	"maxWhy":  func() int { return MaxWhy },
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
	// Keys are the first screen's numbers; Answer its results beside
	// them; Budget the budget's tables (nil: no cohort); Change what the
	// page's changes do (nil: none).
	Keys          []factorRow
	Answer        table
	AnswerCaption string
	Budget        *budgetView
	// NoBudget says why there is no budget (the cohort has no intake).
	NoBudget string
	Change   *changeView
}

// increment is the tables of one arm against the comparator.
type increment struct {
	Title  string
	NPV    npvTable
	Ratios []string
	// CostPerGain is, with a Monte Carlo run, the programme cost per
	// unit of work gained over the draws (nil rows: none).
	CostPerGain table
	Components  table
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
		if mc != nil {
			t := &d.Increments[len(d.Increments)-1].CostPerGain
			t.Caption, t.Head, t.Rows = report.CostPerGain(opt.Lang, s, res, mc, []float64{2.5, 50, 97.5}, *inc)
		}
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
	if err := d.questions(ctx, f, res, mc, opt); err != nil {
		return nil, err
	}
	d.Terms = report.Terms(opt.Lang, s, res, mc != nil)
	d.Provenance = provenance(p, opt, mc)
	return rep, nil
}

// questions makes the first screen (the planner's numbers and the answer
// beside them), the budget's tables, what the page's changes do and the
// list of every number.
func (d *data) questions(ctx context.Context, f *scenario.File, res *cba.Result, mc *cba.MonteCarlo, opt Options) error {
	p, s := d.P, f.Scenario
	fs, err := f.Factors()
	if err != nil {
		return err
	}
	for i := range fs {
		fs[i] = f.FactorIn(string(p.Lang()), fs[i])
	}
	ks := keys(p, s, fs)
	d.Keys = keyRows(p, s.Currency, fs, opt.Form, ks)
	d.Factors = factors(p, fs, opt.Form, ks)
	if opt.Base != nil {
		n := opt.PairedIterations
		if opt.Iterations > 0 {
			n = opt.Iterations
		}
		if d.Change, err = compare(ctx, p, opt.Base, f, res, n, opt); err != nil {
			return err
		}
	}
	d.Answer = answerTable(p, res, mc, d.Change)
	inc := &res.Increments[0]
	d.AnswerCaption = p.T("%s: per participant, discounted over %s months (%s)", p.Versus(inc.Arm, inc.Comparator), strconv.Itoa(s.HorizonMonths), s.Currency)
	if err := s.Cohort.CheckIntake(); err != nil {
		d.NoBudget = p.Message(err)
	} else {
		var br *cba.BudgetRun
		if mc != nil {
			if br, err = f.RunBudget(ctx, cba.Options{Iterations: opt.Iterations, Seed: opt.Seed, Workers: opt.Workers}); err != nil {
				return err
			}
		}
		d.Budget = newBudgetView(p, s.Currency, &res.Budget()[0], br, opt.BudgetYears)
		if d.Budget != nil {
			d.Budget.Note = p.T("money for the whole cohort at %s prices; a cost is below zero; discounted: to the start of the programme's first month", strconv.Itoa(s.PriceYear))
		}
	}
	return nil
}

// answerTable is the first screen's answer: the NPV per participant of
// each payer, the public budgets and society, with a Monte Carlo run its
// mean and 95 % interval, and the change the page's changes make.
func answerTable(p report.Printer, r *cba.Result, mc *cba.MonteCarlo, change *changeView) table {
	inc := &r.Increments[0]
	t := table{Head: []string{"", p.T("NPV, %s months", strconv.Itoa(r.HorizonMonths))}}
	if mc != nil {
		t.Head = append(t.Head, p.T("mean"), p.T("95 %% interval"))
	}
	if change != nil {
		t.Head = append(t.Head, p.T("your change"))
	}
	for _, name := range payersFirst(r.Perspectives) {
		k, _ := r.Perspective(name)
		row := []string{p.Perspective(name), p.Int(inc.Population.NPV[k])}
		if mc != nil {
			sum, _ := mc.Summary(cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: name}, 2.5, 97.5)
			row = append(row, p.Int(sum.Mean), p.T("%s to %s", p.Int(sum.Percentiles[0]), p.Int(sum.Percentiles[1])))
		}
		if change != nil {
			row = append(row, change.ByPerspective[name])
		}
		t.Rows = append(t.Rows, row)
	}
	return t
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
