package htmlreport

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"

	"ipscba/cba"
	"ipscba/cba/plot"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
	"ipscba/cba/sensitivity"
)

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

// analysis makes the charts of a report: what each shows, made once (the
// sensitivity analyses among them), for any format.
type analysis struct {
	ctx context.Context
	s   *cba.Scenario
	r   *cba.Result
	ev  *cba.Evaluator
	mc  *cba.MonteCarlo
	opt Options
	out []chartSpec
}

// add adds a chart: its id, its title and caption (phrases of the
// catalogue), and how to draw it.
func (a *analysis) add(id, title, caption string, draw func(w io.Writer, po plot.Options) error) {
	a.out = append(a.out, chartSpec{id: id, title: title, caption: caption, draw: draw})
}

// analyses makes what the charts show, in the order the page shows them.
func analyses(ctx context.Context, f *scenario.File, r *cba.Result, ev *cba.Evaluator, mc *cba.MonteCarlo, opt Options) ([]chartSpec, error) {
	a := &analysis{ctx: ctx, s: f.Scenario, r: r, ev: ev, mc: mc, opt: opt}
	a.employment()
	a.moneyBack()
	a.distribution()
	society := a.key(cba.Society)
	m, err := sensitivity.NewModel(ev, society)
	if err != nil {
		return nil, err
	}
	if err := a.oneWay(m); err != nil {
		return nil, err
	}
	if err := a.acceptability(); err != nil {
		return nil, err
	}
	a.budget()
	if err := a.sobol(m); err != nil {
		return nil, err
	}
	return a.out, nil
}

// key is the population NPV of perspective p, first arm against the
// comparator.
func (a *analysis) key(p string) cba.OutputKey {
	inc := &a.r.Increments[0]
	return cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: p}
}

// observedMonths are the months a study observed each arm's curve (its
// effect's points, its groups' observed curves), with the population's
// share in work then.
func observedMonths(s *cba.Scenario, r *cba.Result) map[string][]plot.Point {
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
		for _, m := range slices.Sorted(maps.Keys(months)) {
			if m < len(e) {
				observed[arm.Name] = append(observed[arm.Name], plot.Point{X: float64(m), Y: e[m]})
			}
		}
	}
	return observed
}

// employment is the chart of employment by month.
func (a *analysis) employment() {
	observed := observedMonths(a.s, a.r)
	a.add("employment", "Employment by month", "The share of participants in work in each arm; marked: the months a study observed.",
		func(w io.Writer, po plot.Options) error { return plot.Employment(w, a.r, observed, po) })
}

// moneyBack is the charts of when society, the public budgets and each
// budget get their money back.
func (a *analysis) moneyBack() {
	a.add("cumulative", "When society and the public budgets get their money back", "The cumulative discounted net flow per participant, arm minus comparator; with a Monte Carlo run, the band holds 90 %% of the draws.",
		func(w io.Writer, po plot.Options) error {
			return plot.Cumulative(w, a.r, a.mc, []string{cba.Society, cba.Public}, po)
		})
	if len(a.s.Payers) > 1 {
		a.add("payers", "When each budget gets its money back", "The same for each public budget.",
			func(w io.Writer, po plot.Options) error { return plot.Cumulative(w, a.r, a.mc, a.s.Payers, po) })
	}
}

// distribution is the chart of the NPV over the draws of a Monte Carlo
// run.
func (a *analysis) distribution() {
	if a.mc == nil {
		return
	}
	keys := []cba.OutputKey{a.key(cba.Society), a.key(cba.Public)}
	a.add("distribution", "How sure: the NPV over the draws", "The distribution of the NPV per participant over the Monte Carlo draws; the line is at zero.",
		func(w io.Writer, po plot.Options) error { return plot.Distribution(w, a.mc, keys, po) })
}

// oneWay is the tornado of society's NPV and the two-way grid of the two
// numbers that move it most.
func (a *analysis) oneWay(m *sensitivity.Model) error {
	tor, err := m.Tornado(sensitivity.TornadoOptions{})
	if err == nil && len(tor.Bars) == 0 {
		tor, err = m.Tornado(sensitivity.TornadoOptions{Fixed: 0.2})
	}
	if err != nil {
		return err
	}
	if len(tor.Bars) == 0 {
		return nil
	}
	a.add("tornado", "What moves society's NPV", "Each number from its low to its high value, the others at their base values.",
		func(w io.Writer, po plot.Options) error { return plot.Tornado(w, tor, po) })
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
	if len(xy) < 2 {
		return nil
	}
	g, err := m.TwoWay(sensitivity.Axis{Factor: xy[0].Factor.Name, Values: sensitivity.Steps(xy[0].Low, xy[0].High, 9)},
		sensitivity.Axis{Factor: xy[1].Factor.Name, Values: sensitivity.Steps(xy[1].Low, xy[1].High, 9)})
	if err == nil {
		a.add("twoway", "Where society's NPV changes sign", "Society's NPV over the two numbers that move it most, the others at their base values.",
			func(w io.Writer, po plot.Options) error { return plot.TwoWay(w, g, po) })
	}
	return nil
}

// acceptability is the chart of the chance of a gain as a month in work
// is valued above its pay, from a Monte Carlo run.
func (a *analysis) acceptability() error {
	if a.mc == nil {
		return nil
	}
	c, err := sensitivity.Acceptability(a.ctx, a.ev, sensitivity.NonMarketValue, sensitivity.Steps(0, 10000, 11),
		sensitivity.AcceptOptions{Iterations: min(a.opt.Iterations, 2000), Seed: a.opt.Seed, Workers: a.opt.Workers})
	if err != nil {
		return err
	}
	a.add("acceptability", "If a month in work is worth more than its pay", "The chance that the NPV is above zero, as the value put on a month in work for quality of life grows.",
		func(w io.Writer, po plot.Options) error {
			return plot.Acceptability(w, c, []string{cba.Society, cba.Public}, po)
		})
	return nil
}

// budget is the chart of the cohort's budget impact by year.
func (a *analysis) budget() {
	if a.s.Cohort.Years <= 0 || a.s.Cohort.StartsPerYear <= 0 {
		return
	}
	b := a.r.Budget()[0]
	a.add("budget", "Budget impact by year", "The whole cohort's net flow by calendar year, by payer, discounted to the programme's start.",
		func(w io.Writer, po plot.Options) error { return plot.Budget(w, &b, po) })
}

// sobol is the chart of the Sobol indices of society's NPV, from a Monte
// Carlo run of a scenario with uncertain numbers.
func (a *analysis) sobol(m *sensitivity.Model) error {
	if a.mc == nil || len(a.ev.UnitCube().Blocks()) == 0 {
		return nil
	}
	sb, err := m.Sobol(a.ctx, sensitivity.SobolOptions{N: 256, Bootstrap: 100, GlobalOptions: sensitivity.GlobalOptions{GroupDependent: true, Seed: a.opt.Seed, Workers: a.opt.Workers}})
	if err != nil {
		return err
	}
	a.add("sobol", "Which uncertainty matters", "The share of the variance of society's NPV each number explains alone (first-order) and with its interactions (total).",
		func(w io.Writer, po plot.Options) error { return plot.Sobol(w, sb, po) })
	return nil
}
