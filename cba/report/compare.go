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

// ComparisonSchema names the JSON layout of a comparison of two what-ifs
// (cba.Compare, cba.CompareDeterministic):
//
//	schema       "ipscba/comparison/v1"
//	provenance   {a: provenance of the base, b: of the change (as for a
//	             deterministic result: file, sha256, version, overrides,
//	             changes...), seed, iterations ("first:end"), workers
//	             (the last three with a Monte Carlo run)}
//	drawn_in_a_only, drawn_in_b_only   the numbers one what-if draws and
//	             the other does not (the paired difference carries their
//	             spread)
//	scenario, currency, price_year, horizon_months, comparator   of A
//	percentiles  the percentiles of the difference, in percent
//	outputs      [{name, arm, comparator, group, measure, perspective, year,
//	               deterministic: {a, b, difference},
//	               paired (with a Monte Carlo run): {mean, sd, mcse, min,
//	                 max, percentiles: [...], p_above_zero,
//	                 share_undefined, mean_a, mean_b, unpaired_mcse}}]
//
// The paired statistics are those of B - A, iteration by iteration, on the
// same draws: mcse is the difference's own Monte Carlo error,
// unpaired_mcse the one two independent runs of the same size would give.
// A difference with +Inf on one side only (a cost-saving ratio or no
// break-even in one what-if alone) has no value: share_undefined counts
// those iterations, and a deterministic difference of that kind is null,
// as is any moment with no finite value. Rounding is as for a Monte Carlo
// result.
const ComparisonSchema = "ipscba/comparison/v1"

// ComparisonProvenance says where the two what-ifs of a comparison come
// from; Seed, Iterations and Workers are those of its Monte Carlo run.
type ComparisonProvenance struct {
	A          Provenance `json:"a"`
	B          Provenance `json:"b"`
	Seed       uint64     `json:"seed,omitempty"`
	Iterations string     `json:"iterations,omitempty"`
	Workers    int        `json:"workers,omitempty"`
}

// ComparisonInput is everything a comparison's report shows.
type ComparisonInput struct {
	Provenance ComparisonProvenance
	// Base is A's deterministic result: the heading (scenario, currency,
	// horizon), its perspectives and its increments.
	Base *cba.Result
	// Run is the comparison: of no iterations (deterministic only) or a
	// paired Monte Carlo run.
	Run *cba.Comparison
	// DrawnInAOnly and DrawnInBOnly are the numbers one what-if draws and
	// the other does not (cba.DrawnInOneOnly).
	DrawnInAOnly, DrawnInBOnly []string
	// Percentiles of the difference in JSON and CSV, in percent (nil:
	// 2.5, 50, 97.5); text shows the 95 % interval.
	Percentiles []float64
	Scenario    *cba.Scenario // text: labels (nil: names)
	Lang        Lang          // text: the language (default English)
}

func (in *ComparisonInput) percentiles() []float64 {
	if in.Percentiles == nil {
		return []float64{2.5, 50, 97.5}
	}
	return in.Percentiles
}

// paired says whether the comparison has a Monte Carlo run.
func (in *ComparisonInput) paired() bool { return in.Run.Difference.Iterations > 0 }

type cmpDocument struct {
	Schema        string               `json:"schema"`
	Provenance    ComparisonProvenance `json:"provenance"`
	DrawnInAOnly  []string             `json:"drawn_in_a_only"`
	DrawnInBOnly  []string             `json:"drawn_in_b_only"`
	Scenario      string               `json:"scenario"`
	Currency      string               `json:"currency"`
	PriceYear     int                  `json:"price_year"`
	HorizonMonths int                  `json:"horizon_months"`
	Comparator    string               `json:"comparator"`
	Percentiles   []float64            `json:"percentiles"`
	Outputs       []cmpOutput          `json:"outputs"`
}

type cmpOutput struct {
	Name          string           `json:"name"`
	Arm           string           `json:"arm"`
	Comparator    string           `json:"comparator,omitempty"`
	Group         string           `json:"group"`
	Measure       string           `json:"measure"`
	Perspective   string           `json:"perspective,omitempty"`
	Year          int              `json:"year,omitempty"`
	Deterministic cmpDeterministic `json:"deterministic"`
	Paired        *cmpPaired       `json:"paired,omitempty"`
}

type cmpDeterministic struct {
	A          *float64 `json:"a"`
	B          *float64 `json:"b"`
	Difference *float64 `json:"difference"`
}

type cmpPaired struct {
	Mean           *float64   `json:"mean"`
	SD             *float64   `json:"sd"`
	MCSE           *float64   `json:"mcse"`
	Min            *float64   `json:"min"`
	Max            *float64   `json:"max"`
	Percentiles    []*float64 `json:"percentiles"`
	PAboveZero     float64    `json:"p_above_zero"`
	ShareUndefined float64    `json:"share_undefined"`
	MeanA          *float64   `json:"mean_a"`
	MeanB          *float64   `json:"mean_b"`
	UnpairedMCSE   *float64   `json:"unpaired_mcse"`
}

func cmpOutputs(in ComparisonInput) []cmpOutput {
	c := in.Run
	outs := make([]cmpOutput, 0, len(c.A.Outputs))
	for k, o := range c.A.Outputs {
		r := rounding(o)
		out := cmpOutput{
			Name: o.String(), Arm: o.Arm, Comparator: o.Comparator, Group: o.Group, Measure: o.Measure.String(),
			Perspective: o.Perspective, Year: o.Year,
			Deterministic: cmpDeterministic{A: finite(c.A.Deterministic[k], r), B: finite(c.B.Deterministic[k], r),
				Difference: finite(c.Difference.Deterministic[k], r)},
		}
		if in.paired() {
			s, _ := c.Summary(o, in.percentiles()...)
			d := s.Difference
			p := &cmpPaired{Mean: finite(d.Mean, r), SD: finite(d.SD, r), MCSE: finite(d.MCSE, r),
				Min: finite(d.Min, r), Max: finite(d.Max, r), Percentiles: []*float64{},
				PAboveZero: share(d.PAboveZero), ShareUndefined: share(d.ShareNaN),
				MeanA: finite(s.A.Mean, r), MeanB: finite(s.B.Mean, r), UnpairedMCSE: finite(s.UnpairedMCSE, r)}
			for _, v := range d.Percentiles {
				p.Percentiles = append(p.Percentiles, finite(v, r))
			}
			out.Paired = p
		}
		outs = append(outs, out)
	}
	return outs
}

// ComparisonJSON writes a comparison as one JSON document (schema
// "ipscba/comparison/v1").
func ComparisonJSON(w io.Writer, in ComparisonInput) error {
	r := in.Base
	doc := cmpDocument{
		Schema: ComparisonSchema, Provenance: in.Provenance,
		DrawnInAOnly: nonNil(in.DrawnInAOnly), DrawnInBOnly: nonNil(in.DrawnInBOnly),
		Scenario: r.Scenario, Currency: r.Currency, PriceYear: r.PriceYear, HorizonMonths: r.HorizonMonths,
		Comparator: r.Comparator, Percentiles: []float64{}, Outputs: cmpOutputs(in),
	}
	if in.paired() {
		doc.Percentiles = in.percentiles()
	}
	for _, p := range []*Provenance{&doc.Provenance.A, &doc.Provenance.B} {
		p.Overrides = nonNil(p.Overrides)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ComparisonCSV writes one row per output:
//
//	name,arm,comparator,group,measure,perspective,year,deterministic_a,deterministic_b,deterministic_difference,mean,sd,mcse,min,max,p<percentile>...,p_above_zero,share_undefined,mean_a,mean_b,unpaired_mcse
//
// the columns from mean on being those of the paired difference B - A
// (empty without a Monte Carlo run, and for a moment with no finite
// value); "inf" for an infinite deterministic value, empty for a
// deterministic difference that has none.
func ComparisonCSV(w io.Writer, in ComparisonInput) error {
	cw := csv.NewWriter(w)
	header := []string{"name", "arm", "comparator", "group", "measure", "perspective", "year",
		"deterministic_a", "deterministic_b", "deterministic_difference", "mean", "sd", "mcse", "min", "max"}
	for _, p := range in.percentiles() {
		header = append(header, "p"+strconv.FormatFloat(p, 'f', -1, 64))
	}
	cw.Write(append(header, "p_above_zero", "share_undefined", "mean_a", "mean_b", "unpaired_mcse"))
	num := func(v *float64) string { // nil: no value
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	det := func(v float64, p *float64) string {
		if math.IsInf(v, 1) {
			return "inf"
		}
		return num(p)
	}
	c := in.Run
	for k, o := range cmpOutputs(in) {
		year := ""
		if o.Year > 0 {
			year = strconv.Itoa(o.Year)
		}
		d := o.Deterministic
		row := []string{o.Name, o.Arm, o.Comparator, o.Group, o.Measure, o.Perspective, year,
			det(c.A.Deterministic[k], d.A), det(c.B.Deterministic[k], d.B), num(d.Difference)}
		if p := o.Paired; p != nil {
			row = append(row, num(p.Mean), num(p.SD), num(p.MCSE), num(p.Min), num(p.Max))
			for _, v := range p.Percentiles {
				row = append(row, num(v))
			}
			row = append(row, num(&p.PAboveZero), num(&p.ShareUndefined), num(p.MeanA), num(p.MeanB), num(p.UnpairedMCSE))
		} else {
			row = append(row, make([]string, 5+len(in.percentiles())+5)...)
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// ComparisonText writes a comparison for a planner, in in.Lang: what the
// change does to each perspective's NPV, per participant, for the
// population, and with a Monte Carlo run the change's own interval and
// chance of being better, on the same draws as the base.
func ComparisonText(w io.Writer, in ComparisonInput) error {
	r, c := in.Base, in.Run
	t := newWords(in.Lang, in.Scenario)
	var b strings.Builder
	b.WriteString(t.T("%s: your change (B) against the base (A), per participant", r.Scenario) + "\n")
	b.WriteString(t.T("money in %s at %s prices, per participant, discounted over %s months", r.Currency, strconv.Itoa(r.PriceYear), strconv.Itoa(r.HorizonMonths)) + "\n")
	writeWhatIf(&b, t, t.T("base (A)"), in.Provenance.A)
	writeWhatIf(&b, t, t.T("your change (B)"), in.Provenance.B)
	writeArms(&b, t, r)
	if in.paired() {
		b.WriteString(t.T("Monte Carlo: %s iterations (%s), seed %s, %s workers; both what-ifs on the same draws",
			t.Int(float64(c.A.Iterations)), in.Provenance.Iterations, strconv.FormatUint(c.A.Seed, 10), strconv.Itoa(c.A.Workers)) + "\n")
	}
	for i := range r.Increments {
		inc := &r.Increments[i]
		if i == 0 {
			b.WriteString("\n" + wrap(comparisonConclusion(t, in, inc), 78) + "\n")
		}
		writeChangeTable(&b, t, in, inc)
	}
	writeComparisonTerms(&b, t, in)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeWhatIf says which file a what-if is and what was changed in it.
func writeWhatIf(b *strings.Builder, t *words, name string, p Provenance) {
	b.WriteString(t.T("%s: scenario file %s (sha256 %s)", name, p.File, short(p.SHA256)) + "\n")
	var sb strings.Builder
	writeChanges(&sb, t, p)
	if sb.Len() > 0 {
		b.WriteString("  " + strings.ReplaceAll(strings.TrimSuffix(sb.String(), "\n"), "\n", "\n  ") + "\n")
	}
}

// signedMoney writes an amount with its sign, + for a gain: "NOK +1,234"
// in English, "+1 234 kr" in Bokmål.
func signedMoney(t *words, v float64, currency string) string {
	n := t.Int(v)
	if math.Round(v) > 0 {
		n = "+" + n
	}
	if t.lang == Bokmal {
		if currency == "NOK" {
			currency = "kr"
		}
		return n + " " + currency
	}
	return currency + " " + n
}

// comparisonConclusion is the planner's sentence: what the change does to
// society's and the public budgets' NPV per participant, and with a Monte
// Carlo run, its interval, how often it is better, and its own error.
func comparisonConclusion(t *words, in ComparisonInput, inc *cba.Outcome) string {
	r, c := in.Base, in.Run
	key := func(p string) cba.OutputKey {
		return cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: p}
	}
	soc, _ := c.Summary(key(cba.Society), 2.5, 97.5)
	pub, _ := c.Summary(key(cba.Public), 2.5, 97.5)
	m := func(v float64) string { return signedMoney(t, v, r.Currency) }
	var out strings.Builder
	if !in.paired() {
		out.WriteString(t.T("Your change, %s: society %s per participant, the public budgets %s (deterministic: uncertain numbers at their means; -iterations gives the change's interval).",
			t.Versus(inc.Arm, inc.Comparator), m(soc.Deterministic), m(pub.Deterministic)))
		return out.String()
	}
	ds, dp := soc.Difference, pub.Difference
	out.WriteString(t.T("Your change, %s: society %s per participant on average (95 %% interval %s to %s), better in %s of draws; the public budgets %s (95 %% interval %s to %s), better in %s of draws.",
		t.Versus(inc.Arm, inc.Comparator), m(ds.Mean), m(ds.Percentiles[0]), m(ds.Percentiles[1]), t.Percent(ds.PAboveZero),
		m(dp.Mean), m(dp.Percentiles[0]), m(dp.Percentiles[1]), t.Percent(dp.PAboveZero)))
	out.WriteString(" " + t.T("These are the same draws as the base run, so the interval is the change's own: society's mean change has a Monte Carlo error of %s, against %s from two separate runs.",
		t.Money(ds.MCSE, r.Currency), t.Money(soc.UnpairedMCSE, r.Currency)))
	if len(in.DrawnInAOnly) > 0 {
		out.WriteString(" " + t.T("Drawn in the base only (fixed in your change), so the interval includes their spread: %s.", factorList(t, in.DrawnInAOnly)))
	}
	if len(in.DrawnInBOnly) > 0 {
		out.WriteString(" " + t.T("Drawn in your change only, so the interval includes their spread: %s.", factorList(t, in.DrawnInBOnly)))
	}
	return out.String()
}

// factorList names factors for a reader, separated by semicolons.
func factorList(t *words, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = t.Input(n)
	}
	return strings.Join(out, "; ")
}

// writeChangeTable writes the change of each perspective's NPV for the
// population: the base's, your change's and the difference at the means,
// and with a Monte Carlo run the paired statistics of the difference.
func writeChangeTable(b *strings.Builder, t *words, in ComparisonInput, inc *cba.Outcome) {
	r, c := in.Base, in.Run
	b.WriteString("\n" + t.T("%s, %s: net present value per participant, your change against the base", t.Versus(inc.Arm, inc.Comparator), t.Group(cba.Population)) + "\n\n")
	tw := table(b)
	head := []string{t.T("perspective"), t.T("base"), t.T("your change"), t.T("change")}
	if in.paired() {
		head = append(head, t.T("mean change"), t.T("MCSE"), t.Sig(2.5)+" %", t.Sig(97.5)+" %", t.T("better in"), t.T("MCSE, two runs"))
	}
	fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
	for _, p := range r.Perspectives {
		key := cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: p}
		k, ok := c.A.Index(key)
		if !ok {
			continue
		}
		s, _ := c.Summary(key, 2.5, 97.5)
		cells := []string{t.Perspective(p), t.Int(c.A.Deterministic[k]), t.Int(c.B.Deterministic[k]), t.Int(s.Deterministic)}
		if in.paired() {
			d := s.Difference
			cells = append(cells, t.Int(d.Mean), t.Int(d.MCSE), t.Int(d.Percentiles[0]), t.Int(d.Percentiles[1]),
				t.Percent(d.PAboveZero), t.Int(s.UnpairedMCSE))
		}
		fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
	b.WriteString(t.T("base, your change and change: at the uncertain numbers' means") + "\n")
}

// writeComparisonTerms explains the terms of a comparison.
func writeComparisonTerms(b *strings.Builder, t *words, in ComparisonInput) {
	terms := []string{
		t.T("NPV: net present value, the sum of each month's gains less costs, discounted to the start"),
		t.T("change: your change's NPV minus the base's; above zero, your change is better for that perspective"),
	}
	if in.paired() {
		terms = append(terms,
			t.T("paired: in each draw both what-ifs take the same values of the numbers they draw alike, and a number your change draws otherwise is drawn from the same random numbers, so the change in that draw is your change's effect alone; the mean change, its interval and \"better in\" are of these changes"),
			t.T("MCSE: Monte Carlo standard error, how far the mean may be from the one an endless run would give"),
			t.T("MCSE, two runs: the Monte Carlo error the same mean change would have from two separate runs of as many draws each, on independent draws"),
			t.T("%s and %s: the 95 %% interval of the change over the draws (from a histogram: within 0.4 %% of the exact values)", t.Sig(2.5)+" %", t.Sig(97.5)+" %"),
			t.T("better in: the share of draws in which your change's NPV is above the base's"))
	}
	b.WriteString("\n" + t.T("terms") + "\n")
	for _, term := range terms {
		b.WriteString("- " + strings.ReplaceAll(wrap(term, 76), "\n", "\n  ") + "\n")
	}
}
