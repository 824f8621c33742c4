package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"ipscba/cba"
)

// MonteCarloSchema names the JSON layout of a Monte Carlo result:
//
//	schema       "ipscba/montecarlo/v1"
//	provenance   as for a deterministic result (mode "monte carlo"), plus
//	             seed, iterations ("first:end", end excluded), workers
//	scenario, currency, price_year, horizon_months, comparator
//	percentiles  the percentiles reported, in percent
//	outputs      [{name, arm, comparator, group, measure, perspective, year,
//	               deterministic, mean, sd, mcse, min, max,
//	               percentiles: [value at each percentile],
//	               p_above_zero, p_at_least_zero, share_infinite}]
//	budget       with -budget: the cohort's budget impact, in the form of
//	             outputs, group "cohort", for each calendar year and
//	             perspective; measure budget_year (the year's net flow,
//	             undiscounted), budget_year_discounted, budget_cumulative
//	             (years 1 to the year: the first years' total) or
//	             budget_cumulative_discounted; then budget_first_years and
//	             budget_first_years_discounted at year N (-budget-years):
//	             the total of years 1 to N; money for the whole cohort
//
// An output's measure is npv, benefit_cost_ratio, public_return,
// employed_months, programme_cost, break_even_month or cumulative (the
// discounted net flow cumulated to the end of year). "Infinite" values are a
// cost-saving ratio and a break-even month not within the horizon: they
// count in share_infinite, the moments are of the other values (mean, sd,
// mcse, min and max are null when every value is infinite), and a
// percentile or deterministic value that is infinite is written as null.
// Percentiles are the middles of histogram bins 1/128 of a binary order of
// magnitude wide: within 0.4 % of the exact order statistic.
const MonteCarloSchema = "ipscba/montecarlo/v1"

// MonteCarloProvenance says where a Monte Carlo result comes from.
type MonteCarloProvenance struct {
	Provenance
	Seed       uint64 `json:"seed"`
	Iterations string `json:"iterations"`
	Workers    int    `json:"workers"`
}

// MonteCarloInput is everything a Monte Carlo report shows.
type MonteCarloInput struct {
	Provenance    MonteCarloProvenance
	Deterministic *cba.Result // for the heading: scenario, currency, horizon
	Run           *cba.MonteCarlo
	Percentiles   []float64     // in percent, e.g. 2.5, 50, 97.5
	Groups        bool          // text: each group too
	Scenario      *cba.Scenario // text: labels (nil: names)
	Lang          Lang          // text: the language (default English)
	Decides       *Decides      // text: what decides it (nil: not shown)
	// Budget is the budget impact under uncertainty, from the same draws
	// as Run (nil: none); BudgetYears the first years whose total it
	// shows (0: DefaultBudgetYears).
	Budget      *cba.BudgetRun
	BudgetYears int
}

type mcDocument struct {
	Schema        string               `json:"schema"`
	Provenance    MonteCarloProvenance `json:"provenance"`
	Scenario      string               `json:"scenario"`
	Currency      string               `json:"currency"`
	PriceYear     int                  `json:"price_year"`
	HorizonMonths int                  `json:"horizon_months"`
	Comparator    string               `json:"comparator"`
	Percentiles   []float64            `json:"percentiles"`
	Outputs       []mcOutput           `json:"outputs"`
	Budget        []mcOutput           `json:"budget,omitempty"`
	// Published are the study's figures beside the model's (a chance from
	// the run), for a scenario founded on one.
	Published []publishedDoc `json:"published,omitempty"`
}

type mcOutput struct {
	Name          string     `json:"name"`
	Arm           string     `json:"arm"`
	Comparator    string     `json:"comparator,omitempty"`
	Group         string     `json:"group"`
	Measure       string     `json:"measure"`
	Perspective   string     `json:"perspective,omitempty"`
	Year          int        `json:"year,omitempty"`
	Deterministic *float64   `json:"deterministic"`
	Mean          *float64   `json:"mean"`
	SD            *float64   `json:"sd"`
	MCSE          *float64   `json:"mcse"`
	Min           *float64   `json:"min"`
	Max           *float64   `json:"max"`
	Percentiles   []*float64 `json:"percentiles"`
	PAboveZero    float64    `json:"p_above_zero"`
	PAtLeastZero  float64    `json:"p_at_least_zero"`
	ShareInfinite float64    `json:"share_infinite"`
}

// finite returns v rounded for output, or nil when it is not finite.
func finite(v float64, round func(float64) float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	r := round(v)
	return &r
}

// rounding is how an output's values are rounded: money to 0.01, the rest
// to 1e-6.
func rounding(o cba.OutputKey) func(float64) float64 {
	if o.Measure.Money() {
		return money
	}
	return share
}

func mcOutputs(in MonteCarloInput) []mcOutput {
	mc := in.Run
	outs := make([]mcOutput, len(mc.Outputs))
	for k, o := range mc.Outputs {
		s := mc.Stat(k).Summary(in.Percentiles...)
		r := rounding(o)
		out := mcOutput{
			Name: o.String(), Arm: o.Arm, Comparator: o.Comparator, Group: o.Group, Measure: o.Measure.String(),
			Perspective: o.Perspective, Year: o.Year,
			Deterministic: finite(mc.Deterministic[k], r), Mean: finite(s.Mean, r),
			SD: finite(s.SD, r), MCSE: finite(s.MCSE, r), Min: finite(s.Min, r), Max: finite(s.Max, r),
			PAboveZero: share(s.PAboveZero), PAtLeastZero: share(s.PAtLeastZero), ShareInfinite: share(s.ShareInf),
			Percentiles: []*float64{},
		}
		for _, p := range s.Percentiles {
			out.Percentiles = append(out.Percentiles, finite(p, r))
		}
		outs[k] = out
	}
	return outs
}

// MonteCarloJSON writes a Monte Carlo result as one JSON document (schema
// "ipscba/montecarlo/v1").
func MonteCarloJSON(w io.Writer, in MonteCarloInput) error {
	r := in.Deterministic
	doc := mcDocument{
		Schema: MonteCarloSchema, Provenance: in.Provenance,
		Scenario: r.Scenario, Currency: r.Currency, PriceYear: r.PriceYear, HorizonMonths: r.HorizonMonths,
		Comparator: r.Comparator, Percentiles: in.Percentiles, Outputs: mcOutputs(in), Budget: budgetOutputs(in),
		Published: publishedDocs(in.Scenario, r, in.Run),
	}
	if doc.Provenance.Overrides == nil {
		doc.Provenance.Overrides = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// MonteCarloCSV writes one row per output:
//
//	name,arm,comparator,group,measure,perspective,year,deterministic,mean,sd,mcse,min,max,p<percentile>...,p_above_zero,p_at_least_zero,share_infinite
//
// with "inf" for infinite values, and mean, sd, mcse, min and max empty
// when every value is infinite.
func MonteCarloCSV(w io.Writer, in MonteCarloInput) error {
	cw := csv.NewWriter(w)
	header := []string{"name", "arm", "comparator", "group", "measure", "perspective", "year", "deterministic", "mean", "sd", "mcse", "min", "max"}
	for _, p := range in.Percentiles {
		header = append(header, "p"+strconv.FormatFloat(p, 'f', -1, 64))
	}
	cw.Write(append(header, "p_above_zero", "p_at_least_zero", "share_infinite"))
	num := func(v *float64) string {
		if v == nil {
			return "inf"
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	moment := func(v *float64) string { // nil: no finite value
		if v == nil {
			return ""
		}
		return num(v)
	}
	for _, o := range append(mcOutputs(in), budgetOutputs(in)...) {
		year := ""
		if o.Year > 0 {
			year = strconv.Itoa(o.Year)
		}
		row := []string{o.Name, o.Arm, o.Comparator, o.Group, o.Measure, o.Perspective, year,
			num(o.Deterministic), moment(o.Mean), moment(o.SD), moment(o.MCSE), moment(o.Min), moment(o.Max)}
		for _, p := range o.Percentiles {
			row = append(row, num(p))
		}
		cw.Write(append(row, num(&o.PAboveZero), num(&o.PAtLeastZero), num(&o.ShareInfinite)))
	}
	cw.Flush()
	return cw.Error()
}

// MonteCarloText writes the main results of a Monte Carlo run as tables,
// in in.Lang, with the labels of in.Scenario when it is given.
func MonteCarloText(w io.Writer, in MonteCarloInput) error {
	r, mc := in.Deterministic, in.Run
	t := newWords(in.Lang, in.Scenario)
	var b strings.Builder
	b.WriteString(t.T("%s: Monte Carlo, %s iterations (%s), seed %s, %s workers", r.Scenario,
		t.Int(float64(mc.Iterations)), in.Provenance.Iterations, strconv.FormatUint(mc.Seed, 10), strconv.Itoa(mc.Workers)) + "\n")
	b.WriteString(t.T("money in %s at %s prices, per participant, discounted over %s months", r.Currency, strconv.Itoa(r.PriceYear), strconv.Itoa(r.HorizonMonths)) + "\n")
	b.WriteString(t.T("scenario file %s (sha256 %s)", in.Provenance.File, short(in.Provenance.SHA256)) + "\n")
	writeArms(&b, t, r)
	writeChanges(&b, t, in.Provenance.Provenance)
	if len(r.Increments) > 0 {
		b.WriteString("\n" + wrap(conclusion(t, r, mc, in.Decides), 78) + "\n")
	}
	m := mcText{t: t, b: &b, in: &in}
	for _, inc := range r.Increments {
		groups := []string{cba.Population}
		if in.Groups {
			for _, g := range inc.Groups {
				groups = append(groups, g.Group)
			}
		}
		for _, g := range groups {
			m.npvs(inc, g)
		}
		m.moneyBack(inc)
	}
	if in.Budget != nil {
		for i := range in.Budget.Budgets {
			writeBudgetRun(&b, t, r, in.Budget, i, in.Percentiles, in.BudgetYears)
		}
	}
	writeReconciliation(&b, t, Reconcile(in.Lang, in.Scenario, r, mc))
	writeDecides(&b, t, in.Decides)
	writeTerms(&b, t, r, in.Scenario, true)
	_, err := io.WriteString(w, b.String())
	return err
}

// mcText writes the tables of a Monte Carlo run.
type mcText struct {
	t  *words
	b  *strings.Builder
	in *MonteCarloInput
}

// stat returns the statistics of an output of the run (an empty summary
// when the run has none), and its deterministic value.
func (m *mcText) stat(arm, group string, measure cba.Measure, perspective string, year int) (*cba.Stat, float64) {
	r, mc := m.in.Deterministic, m.in.Run
	k, ok := mc.Index(cba.OutputKey{Arm: arm, Comparator: r.Comparator, Group: group, Measure: measure, Perspective: perspective, Year: year})
	if !ok {
		return nil, math.NaN()
	}
	return mc.Stat(k), mc.Deterministic[k]
}

// npvs writes the table of each perspective's NPV of increment inc for
// group g, its ratios and the months in work gained.
func (m *mcText) npvs(inc cba.Outcome, g string) {
	t, in, r := m.t, m.in, m.in.Deterministic
	m.b.WriteString("\n" + t.T("%s, %s: net present value per participant", t.Versus(inc.Arm, inc.Comparator), t.Group(g)) + "\n\n")
	tw := table(m.b)
	head := []string{t.T("perspective"), t.T("deterministic"), t.T("mean"), t.T("sd"), t.T("MCSE")}
	for _, p := range in.Percentiles {
		head = append(head, t.Sig(p)+" %")
	}
	fmt.Fprintf(tw, "%s\t%s\t\n", strings.Join(head, "\t"), t.T("P(NPV > 0)"))
	for _, p := range r.Perspectives {
		st, det := m.stat(inc.Arm, g, cba.NPV, p, 0)
		s := st.Summary(in.Percentiles...)
		cells := []string{t.Perspective(p), t.Int(det), t.Int(s.Mean), t.Int(s.SD), t.Int(s.MCSE)}
		for _, v := range s.Percentiles {
			cells = append(cells, t.Int(v))
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", strings.Join(cells, "\t"), t.Percent(s.PAboveZero))
	}
	tw.Flush()
	for _, x := range []struct {
		measure cba.Measure
		label   string
	}{{cba.BenefitCostRatio, "benefit-cost ratio: median %s; cost-saving in %s of iterations"},
		{cba.PublicReturn, "public return: median %s; cost-saving in %s of iterations"}} {
		// The median over all iterations, cost-saving ranking above
		// every ratio: the mean of the others would be dominated by
		// draws whose incremental cost is barely above zero.
		st, _ := m.stat(inc.Arm, g, x.measure, "", 0)
		s := st.Summary(50)
		median := t.T("cost-saving")
		if !math.IsInf(s.Percentiles[0], 1) {
			median = t.Dec(s.Percentiles[0], 2)
		}
		m.b.WriteString(t.T(x.label, median, t.Percent(s.ShareInf)) + "\n")
	}
	st, _ := m.stat(inc.Arm, g, cba.EmployedMonths, "", 0)
	s := st.Summary(in.Percentiles...)
	m.b.WriteString(t.T("months in work gained: mean %s (sd %s)", t.Dec(s.Mean, 1), t.Dec(s.SD, 1)) + "\n")
	if g == cba.Population {
		m.costPerGain(inc)
	}
}

// costPerGain writes the programme cost per unit of work gained over the
// draws (CostPerGain).
func (m *mcText) costPerGain(inc cba.Outcome) {
	t, in := m.t, m.in
	caption, head, rows := costPerGain(t, in.Deterministic, in.Run, in.Percentiles, inc)
	m.b.WriteString("\n" + caption + "\n\n")
	tw := table(m.b)
	for _, row := range append([][]string{head}, rows...) {
		fmt.Fprintf(tw, "%s\t\n", strings.Join(row, "\t"))
	}
	tw.Flush()
}

// CostPerGain is the table of the programme cost per extra month in work
// and per extra person in work of increment inc over the draws of mc, in
// lang: its caption, heading and rows, each row the deterministic value,
// the percentiles (none gained ranking above every cost, as
// Measure.Infinite says) and the share of draws that gain no work.
func CostPerGain(lang Lang, sc *cba.Scenario, r *cba.Result, mc *cba.MonteCarlo, percentiles []float64, inc cba.Outcome) (caption string, head []string, rows [][]string) {
	return costPerGain(newWords(lang, sc), r, mc, percentiles, inc)
}

func costPerGain(t *words, r *cba.Result, mc *cba.MonteCarlo, percentiles []float64, inc cba.Outcome) (caption string, head []string, rows [][]string) {
	caption = t.T("%s: programme cost per unit of work gained (%s, discounted)", t.Versus(inc.Arm, inc.Comparator), r.Currency)
	head = []string{t.T("per extra"), t.T("deterministic")}
	for _, p := range percentiles {
		head = append(head, t.Sig(p)+" %")
	}
	head = append(head, t.T("none gained"))
	for _, x := range []struct {
		measure cba.Measure
		label   string
	}{{cba.CostPerMonthInWork, t.T("month in work")},
		{cba.CostPerPersonInWork, t.T("person in work at month %s", strconv.Itoa(r.WindowMonth()))}} {
		k := cba.OutputKey{Arm: inc.Arm, Comparator: r.Comparator, Group: cba.Population, Measure: x.measure}
		i, ok := mc.Index(k)
		if !ok {
			continue
		}
		s := mc.Stat(i).Summary(percentiles...)
		row := []string{x.label, t.OutputValue(k, mc.Deterministic[i])}
		for _, v := range s.Percentiles {
			row = append(row, t.OutputValue(k, v))
		}
		rows = append(rows, append(row, t.Percent(s.ShareInf)))
	}
	return caption, head, rows
}

// moneyBack writes the chance that each perspective has its money back
// by the end of each year, and society's chance of no break-even.
func (m *mcText) moneyBack(inc cba.Outcome) {
	t, r := m.t, m.in.Deterministic
	years := (r.HorizonMonths + 11) / 12
	m.b.WriteString("\n" + t.T("%s, whole population: chance of having the money back (cumulative discounted net flow >= 0) by the end of year", t.Versus(inc.Arm, inc.Comparator)) + "\n\n")
	tw := table(m.b)
	head := []string{t.T("perspective")}
	for y := 1; y <= years; y++ {
		head = append(head, strconv.Itoa(y))
	}
	fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
	for _, p := range r.Perspectives {
		cells := []string{t.Perspective(p)}
		for y := 1; y <= years; y++ {
			st, _ := m.stat(inc.Arm, cba.Population, cba.Cumulative, p, y)
			cells = append(cells, t.Percent(st.Summary().PAtLeastZero))
		}
		fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
	st, _ := m.stat(inc.Arm, cba.Population, cba.BreakEvenMonth, cba.Society, 0)
	m.b.WriteString(t.T("society's break-even: not within %s months in %s of iterations", strconv.Itoa(r.HorizonMonths), t.Percent(st.Summary(50).ShareInf)) + "\n")
}

// Iterations writes every iteration's factor values and outputs, as CSV (a
// header "iteration", then "factor:NAME" for each factor and the output
// names; a row per iteration; +Inf as "+Inf") or as JSON ({"factors":
// [names], "outputs": [names], "iterations": [{"iteration": i, "factors":
// [...], "values": [...]}]}, +Inf as null), at full precision, one
// iteration at a time.
type Iterations struct {
	w     io.Writer
	json  bool
	cw    *csv.Writer
	row   []string
	buf   []byte
	first bool
	err   error
}

// NewIterations starts per-iteration output on w: JSON when asJSON, else CSV.
func NewIterations(w io.Writer, factors []string, outputs []cba.OutputKey, asJSON bool) *Iterations {
	it := &Iterations{w: w, json: asJSON, first: true}
	names := make([]string, len(outputs))
	for k, o := range outputs {
		names[k] = o.String()
	}
	if asJSON {
		fs, _ := json.Marshal(factors)
		head, _ := json.Marshal(names)
		_, it.err = fmt.Fprintf(w, "{\"factors\": %s,\n\"outputs\": %s,\n\"iterations\": [", fs, head)
		return it
	}
	it.cw = csv.NewWriter(w)
	it.row = []string{"iteration"}
	for _, f := range factors {
		it.row = append(it.row, "factor:"+f)
	}
	it.row = append(it.row, names...)
	it.cw.Write(it.row)
	return it
}

// Write adds one iteration's factor values and outputs.
func (it *Iterations) Write(i uint64, factors, values []float64) {
	if !it.json {
		it.row[0] = strconv.FormatUint(i, 10)
		for k, v := range factors {
			it.row[1+k] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		for k, v := range values {
			it.row[1+len(factors)+k] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		it.cw.Write(it.row)
		return
	}
	if it.err != nil {
		return
	}
	b := it.buf[:0]
	if !it.first {
		b = append(b, ',')
	}
	it.first = false
	b = append(b, "\n{\"iteration\": "...)
	b = strconv.AppendUint(b, i, 10)
	b = append(b, ", \"factors\": "...)
	b = appendNumbers(b, factors)
	b = append(b, ", \"values\": "...)
	b = appendNumbers(b, values)
	b = append(b, '}')
	it.buf = b
	_, it.err = it.w.Write(b)
}

func appendNumbers(b []byte, vs []float64) []byte {
	b = append(b, '[')
	for k, v := range vs {
		if k > 0 {
			b = append(b, ',')
		}
		if math.IsInf(v, 0) || math.IsNaN(v) {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	return append(b, ']')
}

// Close ends the output and returns the first error met.
func (it *Iterations) Close() error {
	if it.json {
		if it.err == nil {
			_, it.err = io.WriteString(it.w, "\n]}\n")
		}
		return it.err
	}
	it.cw.Flush()
	return it.cw.Error()
}
