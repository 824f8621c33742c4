package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"ipscba/cba"
	"ipscba/cba/internal/linebreak"
)

// Text writes in as tables for a person to read, in in.Lang, with the
// labels of in.Scenario when it is given.
func Text(w io.Writer, in Input) error {
	r := in.Result
	t := newWords(in.Lang, in.Scenario)
	var b strings.Builder
	fmt.Fprint(&b, t.T("%s: money in %s at %s prices, per participant, discounted over %s months", r.Scenario, r.Currency, strconv.Itoa(r.PriceYear), strconv.Itoa(r.HorizonMonths))+"\n")
	fmt.Fprint(&b, t.T("scenario file %s (sha256 %s)", in.Provenance.File, short(in.Provenance.SHA256))+"\n")
	writeArms(&b, t, r)
	writeChanges(&b, t, in.Provenance)
	if len(r.Increments) > 0 {
		b.WriteString("\n" + wrap(conclusion(t, r, nil, in.Decides), 78) + "\n")
	}
	for i := range r.Increments {
		inc := &r.Increments[i]
		arm, comp := armOutcome(r, inc.Arm), armOutcome(r, inc.Comparator)
		b.WriteString("\n")
		writeIncrement(&b, t, r, inc, &inc.Population, cba.Population)
		writeEmployment(&b, t, r, &arm.Population, &comp.Population, inc)
		if in.Groups {
			writeGroups(&b, t, r, inc)
		}
	}
	writeReconciliation(&b, t, Reconcile(in.Lang, in.Scenario, r, nil))
	for i := range in.Budgets {
		writeBudget(&b, t, r, &in.Budgets[i], in.BudgetYears)
	}
	writeDecides(&b, t, in.Decides)
	writeTerms(&b, t, r, in.Scenario, false)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeArms names the arms by their labels, when the scenario has them:
// in English beside their names, which the tables use; in another
// language alone, since the tables use the labels.
func writeArms(b *strings.Builder, t *words, r *cba.Result) {
	var named []string
	for _, a := range r.Arms {
		switch l := t.Arm(a.Arm); {
		case l == a.Arm:
		case t.lang == English || t.lang == "":
			named = append(named, a.Arm+" = "+l)
		default:
			named = append(named, l)
		}
	}
	if len(named) > 0 {
		fmt.Fprint(b, t.T("arms: %s", strings.Join(named, "; "))+"\n")
	}
}

// conclusion is the one-sentence summary of the first increment: what
// society and the public budgets gain or lose, when the public budgets get
// their money back, and what the answer turns on. With a Monte Carlo run,
// gains are the means and the chances of a gain are given.
func conclusion(t *words, r *cba.Result, mc *cba.MonteCarlo, d *Decides) string {
	inc := &r.Increments[0]
	s := &inc.Population
	soc, pub := index(r.Perspectives, cba.Society), index(r.Perspectives, cba.Public)
	over := t.T("over %s years", t.Dec(float64(r.HorizonMonths)/12, 0))
	if r.HorizonMonths%12 != 0 {
		over = t.T("over %s months", strconv.Itoa(r.HorizonMonths))
	}
	socNPV, pubNPV := s.NPV[soc], s.NPV[pub]
	var chance func(p string) string
	if mc != nil {
		stat := func(p string) cba.StatSummary {
			sum, _ := mc.Summary(cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: p})
			return sum
		}
		socNPV, pubNPV = stat(cba.Society).Mean, stat(cba.Public).Mean
		chance = func(p string) string { return t.Percent(stat(p).PAboveZero) }
	}
	var out strings.Builder
	out.WriteString(t.T("In short: under these assumptions, %s, society %s per participant %s",
		t.Versus(inc.Arm, inc.Comparator), gains(t, r.Currency, socNPV, false), over))
	if mc != nil {
		out.WriteString(t.T(" on average (a gain in %s of draws)", chance(cba.Society)))
	} else if s.NPVObserved != nil {
		out.WriteString(observedPart(t, r, socNPV, s.NPVObserved[soc]))
	}
	out.WriteString(t.T("; the public budgets %s", gains(t, r.Currency, pubNPV, true)))
	if mc != nil {
		out.WriteString(t.T(" (a gain in %s of draws)", chance(cba.Public)))
	}
	out.WriteString(moneyBack(t, r, mc, s.BreakEven[pub], over))
	if d != nil && len(d.Rows) > 0 {
		out.WriteString(t.T("; the answer turns most on %s", t.Factor(d.Rows[0].Factor.Name)))
	}
	out.WriteString(".")
	return out.String()
}

// gains says what a perspective gains or loses: "gains NOK 21,949",
// "lose NOK 32,570" (plural: the public budgets).
func gains(t *words, currency string, v float64, plural bool) string {
	switch {
	case v >= 0 && plural:
		return t.T("gain %s", t.Money(v, currency))
	case v >= 0:
		return t.T("gains %s", t.Money(v, currency))
	case plural:
		return t.T("lose %s", t.Money(-v, currency))
	}
	return t.T("loses %s", t.Money(-v, currency))
}

// observedPart says what society's NPV is over the observed window
// (observed), beside its NPV over the horizon (npv): under the same verb
// when they have one sign ("gains NOK 21,949 ... (NOK 5,000 over the 43
// months ...)"), with its own when they differ ("gains NOK 21,949 ..., and
// loses NOK 54,548 over the 43 months ..."), never a loss written as a
// negative gain.
func observedPart(t *words, r *cba.Result, npv, observed float64) string {
	months := strconv.Itoa(r.ObservedMonths)
	if (npv >= 0) == (observed >= 0) {
		amount := t.Money(math.Abs(observed), r.Currency)
		if assumedAfter(r) {
			return t.T(" (%s over the %s months of trial follow-up; effect after month %s assumed)", amount, months, strconv.Itoa(r.EffectMeasuredMonths))
		}
		return t.T(" (%s over the %s months observed)", amount, months)
	}
	verb := gains(t, r.Currency, observed, false)
	if assumedAfter(r) {
		return t.T(", and %s over the %s months of trial follow-up (effect after month %s assumed)", verb, months, strconv.Itoa(r.EffectMeasuredMonths))
	}
	return t.T(", and %s over the %s months observed", verb, months)
}

// moneyBack says when the public budgets get their money back: the month
// of break-even m, or with a Monte Carlo run the first year by whose end
// at least half the draws have it back.
func moneyBack(t *words, r *cba.Result, mc *cba.MonteCarlo, m int, over string) string {
	within := strings.Replace(over, t.T("over"), t.T("within"), 1)
	if mc != nil {
		inc := &r.Increments[0]
		for y := 1; 12*(y-1) < r.HorizonMonths; y++ {
			sum, _ := mc.Summary(cba.OutputKey{Arm: inc.Arm, Comparator: inc.Comparator, Group: cba.Population, Measure: cba.Cumulative, Perspective: cba.Public, Year: y})
			if sum.PAtLeastZero >= 0.5 {
				return t.T(" and have their money back by the end of year %s in at least half of the draws", strconv.Itoa(y))
			}
		}
		return t.T(" and in most draws do not get their money back %s", within)
	}
	switch m {
	case 0:
		return t.T(" and are ahead from the start")
	case cba.NoBreakEven:
		return t.T(" and do not get their money back %s", within)
	}
	return t.T(" and get their money back in month %s (year %s)", strconv.Itoa(m), strconv.Itoa((m+11)/12))
}

// Conclusion is the one-sentence summary of a result's first increment, in
// lang: what society and the public budgets gain or lose over the horizon,
// when the public budgets get their money back, and (with d) what the
// answer turns on; with a Monte Carlo run mc, the means and the chances of
// a gain. s gives the labels (nil: names).
func Conclusion(lang Lang, s *cba.Scenario, r *cba.Result, mc *cba.MonteCarlo, d *Decides) string {
	if len(r.Increments) == 0 {
		return ""
	}
	return conclusion(newWords(lang, s), r, mc, d)
}

// assumedAfter says that the effect was measured only to a month within
// the observed window: the months after it are follow-up whose effect the
// scenario assumes.
func assumedAfter(r *cba.Result) bool {
	return r.EffectMeasuredMonths > 0 && r.EffectMeasuredMonths < r.ObservedMonths
}

// ObservedHeading is the heading of NPVs over the observed window, in
// lang: "NPV, 43 months (observed)", or, when the effect was measured to an
// earlier month, "NPV, 43 months (trial follow-up; effect after month 18
// assumed)".
func ObservedHeading(lang Lang, r *cba.Result) string { return observedHeading(newWords(lang, nil), r) }

func observedHeading(t *words, r *cba.Result) string {
	if assumedAfter(r) {
		return t.T("NPV, %s months (trial follow-up; effect after month %s assumed)", strconv.Itoa(r.ObservedMonths), strconv.Itoa(r.EffectMeasuredMonths))
	}
	return t.T("NPV, %s months (observed)", strconv.Itoa(r.ObservedMonths))
}

// Terms explains the terms a report uses, in lang.
func Terms(lang Lang, s *cba.Scenario, r *cba.Result, monteCarlo bool) []string {
	return terms(newWords(lang, s), r, s, monteCarlo)
}

// wrap breaks text into lines of at most width runes at spaces (ASCII
// spaces only: a no-break space keeps a number's digits together).
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	words := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\n' })
	for i, word := range words {
		l := utf8.RuneCountInString(word)
		if i > 0 {
			if n+1+l > width {
				b.WriteString("\n")
				n = 0
			} else {
				b.WriteString(" ")
				n++
			}
		}
		b.WriteString(word)
		n += l
	}
	return b.String()
}

// writeTerms explains the terms the report uses.
func writeTerms(b *strings.Builder, t *words, r *cba.Result, s *cba.Scenario, monteCarlo bool) {
	b.WriteString("\n" + t.T("terms") + "\n")
	for _, term := range terms(t, r, s, monteCarlo) {
		b.WriteString("- " + strings.ReplaceAll(wrap(term, 76), "\n", "\n  ") + "\n")
	}
}

func terms(t *words, r *cba.Result, s *cba.Scenario, monteCarlo bool) []string {
	lambda := t.T("the marginal cost of public funds")
	if s != nil {
		lambda = t.T("the marginal cost of public funds, %s in this scenario", t.Sig(s.Perspective.Lambda))
	}
	financing := t.T("financing cost of public funds: each %s the public budgets save or spend is worth 1 + lambda to society (lambda: %s)", r.Currency, lambda)
	if s != nil && s.Perspective.FinancingOnSpending {
		financing = t.T("financing cost of public funds: each %s of public spending (costs, benefits, allowances) saved or spent is worth 1 + lambda to society; taxes and contributions bear none, as in WSIPP's deadweight cost of taxation (lambda: %s)", r.Currency, lambda)
	}
	terms := []string{
		t.T("NPV: net present value, the sum of each month's gains less costs, discounted to the start"),
		t.T("break-even: the first month from which the cumulative discounted net flow stays at or above zero"),
		financing,
		t.T("benefit-cost ratio: society's gain before programme costs (its NPV plus the programme cost, the financing cost included) per unit of programme cost"),
		t.T("public return: the public budgets' gain before programme costs per unit of programme cost"),
		t.T("net benefit per budget krone (the Norwegian DFØ's ranking measure): society's NPV per unit of net cost to the public budgets (minus their NPV); none when the public budgets gain"),
		t.T("programme cost per extra month in work: the programme cost over the extra months in work, both discounted; per extra person in work: the programme cost to the end of the observed window over the extra share in work at its end; none gained when the programme gains no work"),
	}
	if s != nil && s.Perspective.Displacement > 0 {
		if s.Perspective.DisplacementInBudgets {
			terms = append(terms, t.T("displacement: the share of the extra work taken from other job seekers, lost to society's production; the displaced workers' lost taxes and extra benefits reach the public budgets"))
		} else {
			terms = append(terms, t.T("displacement: the share of the extra work taken from other job seekers, lost to society's production (not to the public budgets)"))
		}
	}
	if assumedAfter(r) {
		terms = append(terms, t.T("trial follow-up: the months the trial followed its participants; its effect was measured to month %s, and held after it by assumption; beyond the follow-up the result is an extrapolation", strconv.Itoa(r.EffectMeasuredMonths)))
	} else if r.ObservedMonths > 0 {
		terms = append(terms, t.T("observed: the months a trial measured; beyond them the result is an extrapolation"))
	}
	if monteCarlo {
		terms = append(terms,
			t.T("MCSE: Monte Carlo standard error, how far the mean may be from the one an endless run would give"),
			t.T("percentiles: the values below which that share of draws falls (from a histogram: within 0.4 %% of the exact values; exact when every draw is the same)"),
			t.T("P(NPV > 0): the share of draws in which the NPV is above zero"))
	}
	return terms
}

// writeChanges says what each -set did.
func writeChanges(b *strings.Builder, t *words, p Provenance) {
	for _, c := range p.Changes {
		places := t.T("1 place")
		if c.Places != 1 {
			places = t.T("%s places", strconv.Itoa(c.Places))
		}
		fmt.Fprint(b, t.T("changed: %s (%s)", tidyNumbers(c.Override), places)+"\n")
		if len(c.Fixed) > 0 {
			fmt.Fprint(b, "  "+t.T("no longer drawn under uncertainty: %s", strings.Join(c.Fixed, ", "))+"\n")
		}
		for _, r := range c.Rescaled {
			fmt.Fprint(b, "  "+t.T("rescaled: %s", r)+"\n")
		}
		for _, d := range c.DroppedCorrelations {
			fmt.Fprint(b, "  "+t.T("correlation dropped: %s", d)+"\n")
		}
	}
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

func armOutcome(r *cba.Result, name string) *cba.Outcome {
	for i := range r.Arms {
		if r.Arms[i].Arm == name {
			return &r.Arms[i]
		}
	}
	return nil
}

// Columns collects rows of cells, "\t"-separated and ending in "\t" as for
// text/tabwriter, and writes them with the first column left-aligned and
// the others right-aligned (names, then numbers), two spaces apart.
type Columns struct {
	w   io.Writer
	buf strings.Builder
	// Wrap, when above 0, is the widest the first column may be: a longer
	// first cell is broken between words, its other cells on its first
	// line and the rest of it on lines of its own, indented.
	Wrap int
}

// NewColumns returns columns that Flush writes to w.
func NewColumns(w io.Writer) *Columns { return &Columns{w: w} }

func table(b *strings.Builder) *Columns { return NewColumns(b) }

// Write takes tab-separated cells, rows ending in a newline; a row may
// be written in several parts.
func (g *Columns) Write(p []byte) (int, error) { return g.buf.Write(p) }

// Flush writes the rows written so far, aligned.
func (g *Columns) Flush() error {
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSuffix(g.buf.String(), "\n"), "\n") {
		rows = append(rows, strings.Split(strings.TrimSuffix(line, "\t"), "\t"))
	}
	g.buf.Reset()
	var more map[int][]string // the first cells' further lines, by row
	if g.Wrap > 0 {
		more = map[int][]string{}
		for i, row := range rows {
			if lines := linebreak.Fill(strings.Fields(row[0]), g.Wrap, g.Wrap-2); len(lines) > 1 {
				row[0], more[i] = lines[0], lines[1:]
			}
		}
	}
	var width []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	for r, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if i == 0 {
				line.WriteString(cell + pad)
			} else {
				line.WriteString("  " + pad + cell)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		for _, l := range more[r] {
			b.WriteString("  " + l + "\n")
		}
	}
	_, err := io.WriteString(g.w, b.String())
	return err
}

func writeIncrement(b *strings.Builder, t *words, r *cba.Result, inc *cba.Outcome, s *cba.Summary, who string) {
	fmt.Fprint(b, t.T("%s, %s: net present value per participant", t.Versus(inc.Arm, inc.Comparator), t.Group(who))+"\n\n")
	tw := table(b)
	persp := func(p string) string { return t.Perspective(p) }
	if s.NPVObserved != nil {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", t.T("perspective"), observedHeading(t, r),
			t.T("NPV, %s months", strconv.Itoa(r.HorizonMonths)), t.T("break-even"))
		for p, name := range r.Perspectives {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", persp(name), t.Int(s.NPVObserved[p]), t.Int(s.NPV[p]), breakEven(t, s.BreakEven[p], r.HorizonMonths))
		}
	} else {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", t.T("perspective"), t.T("NPV"), t.T("break-even"))
		for p, name := range r.Perspectives {
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", persp(name), t.Int(s.NPV[p]), breakEven(t, s.BreakEven[p], r.HorizonMonths))
		}
	}
	tw.Flush()
	soc := index(r.Perspectives, cba.Society)
	nm := index(r.Components, "non_market")
	if w := r.Weights[soc][nm]; w != 0 {
		fmt.Fprint(b, t.T("society without non-market value: %s", t.Int(s.NPV[soc]-r.Contribution(s, soc, nm)))+"\n")
	}
	fmt.Fprint(b, "\n"+t.T("programme cost, %s (discounted): %s", t.Versus(inc.Arm, inc.Comparator), t.Int(s.ProgrammeCost))+"\n")
	for _, line := range ratios(t, r, inc, s) {
		b.WriteString(line + "\n")
	}

	b.WriteString("\n" + t.T("what it is made of (present values per participant; · where a component does not touch a perspective)") + "\n\n")
	tw = table(b)
	head := []string{t.T("component")}
	for _, p := range r.Perspectives {
		head = append(head, persp(p))
	}
	fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
	for c, cname := range r.Components {
		cells, any := make([]string, len(r.Perspectives)), false
		for p := range r.Perspectives {
			cells[p] = "·"
			if v := r.Contribution(s, p, c); math.Round(v) != 0 {
				cells[p], any = t.Int(v), true
			}
		}
		if any {
			fmt.Fprintf(tw, "%s\t%s\t\n", t.Component(cname), strings.Join(cells, "\t"))
		}
	}
	tw.Flush()
}

func writeEmployment(b *strings.Builder, t *words, r *cba.Result, arm, comp *cba.Summary, inc *cba.Outcome) {
	b.WriteString("\n" + t.T("employment per participant") + "\n\n")
	tw := table(b)
	fmt.Fprintf(tw, "\t%s\t%s\t%s\t\n", t.ArmHead(inc.Arm), t.ArmHead(inc.Comparator), t.T("difference"))
	row := func(name string, a, c float64, format, difference func(float64) string) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, format(a), format(c), difference(a-c))
	}
	oneDecimal := func(v float64) string { return t.Dec(v, 1) }
	row(t.T("months in work"), arm.EmployedMonths, comp.EmployedMonths, oneDecimal, oneDecimal)
	row(t.T("earnings (undiscounted)"), arm.Earnings, comp.Earnings, t.Int, t.Int)
	for _, m := range []int{12, 24, 60, 120} {
		if m < len(arm.Employment) {
			row(t.T("in work at month %s", strconv.Itoa(m)), arm.Employment[m], comp.Employment[m], t.Percent, t.Points)
		}
	}
	tw.Flush()
}

func writeGroups(b *strings.Builder, t *words, r *cba.Result, inc *cba.Outcome) {
	fmt.Fprint(b, "\n"+t.T("%s by group: net present value per participant", t.Versus(inc.Arm, inc.Comparator))+"\n\n")
	tw := table(b)
	head := []string{t.T("group")}
	for _, p := range r.Perspectives {
		head = append(head, t.Perspective(p))
	}
	head = append(head, t.T("BCR"), t.T("months in work"))
	fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
	for _, s := range append(inc.Groups, inc.Population) {
		cells := []string{t.Group(s.Group)}
		for p := range r.Perspectives {
			cells = append(cells, t.Int(s.NPV[p]))
		}
		cells = append(cells, ratioText(t, s.BCR, nil), t.Dec(s.EmployedMonths, 1))
		fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
}

func breakEven(t *words, m, horizon int) string {
	switch m {
	case cba.NoBreakEven:
		return t.T("not within %s months", strconv.Itoa(horizon))
	case 0:
		return t.T("from the start")
	}
	return t.T("month %s", strconv.Itoa(m))
}

// Ratios returns the ratios of summary s of increment inc, each with its
// definition, in lang: the benefit-cost ratio, the public return and the
// net benefit per budget krone (none when the public budgets gain), with
// the reason for any ratio below zero.
func Ratios(lang Lang, sc *cba.Scenario, r *cba.Result, inc *cba.Outcome, s *cba.Summary) []string {
	return ratios(newWords(lang, sc), r, inc, s)
}

func ratios(t *words, r *cba.Result, inc *cba.Outcome, s *cba.Summary) []string {
	soc, pub := index(r.Perspectives, cba.Society), index(r.Perspectives, cba.Public)
	return []string{
		t.T("benefit-cost ratio (society's gain per unit of programme cost): %s", ratioText(t, s.BCR, inc)) +
			belowZero(t, s.BCR, t.T(" (below zero: society's gain before the programme's cost, the financing cost of that cost included, is a loss of %s)", t.Int(-(s.NPV[soc]+s.ProgrammeCost)))),
		t.T("public return (public budgets' gain per unit of programme cost): %s", ratioText(t, s.PublicReturn, inc)) +
			belowZero(t, s.PublicReturn, t.T(" (below zero: the public budgets lose %s even before paying for the programme)", t.Int(-(s.NPV[pub]+s.ProgrammeCost)))),
		t.T("net benefit per budget krone (society's NPV per %s of net cost to the public budgets): %s", r.Currency, perKroneText(t, s)),
		t.T("programme cost per extra month in work: %s", perGainText(t, r.Currency, s.CostPerMonthInWork)),
		perPersonText(t, r, s),
	}
}

// perPersonText says the programme cost per extra person in work at the
// end of the observed window, or of the horizon when there is none.
func perPersonText(t *words, r *cba.Result, s *cba.Summary) string {
	month, v := strconv.Itoa(r.WindowMonth()), perGainText(t, r.Currency, s.CostPerPersonInWork)
	if r.ObservedMonths > 0 {
		return t.T("programme cost per extra person in work at month %s, the end of the observed window: %s", month, v)
	}
	return t.T("programme cost per extra person in work at month %s, the end of the horizon: %s", month, v)
}

// perGainText writes a programme cost per unit of work gained: none
// gained (Measure.Infinite) when the programme gains no work, and what a
// value below zero means.
func perGainText(t *words, currency string, v float64) string {
	switch {
	case math.IsInf(v, 1):
		return t.T(cba.CostPerMonthInWork.Infinite())
	case v < 0:
		return t.Money(v, currency) + t.T(" (below zero: the programme saves money and gains work)")
	}
	return t.Money(v, currency)
}

// belowZero is why, when a ratio is below zero: its numerator is a loss.
func belowZero(t *words, x cba.Ratio, why string) string {
	if x.CostSaving || x.Value >= 0 {
		return ""
	}
	return why
}

// perKroneText writes the net benefit per budget krone: none when the
// public budgets gain, and why it is below zero when it is.
func perKroneText(t *words, s *cba.Summary) string {
	x := s.NetPerBudgetKrone
	if x.CostSaving {
		return t.T("none: the public budgets gain, so there is no net cost to divide by")
	}
	if x.Value < 0 {
		return t.Dec(x.Value, 2) + t.T(" (below zero: society loses while the public budgets pay)")
	}
	return t.Dec(x.Value, 2)
}

func ratioText(t *words, x cba.Ratio, inc *cba.Outcome) string {
	if !x.CostSaving {
		return t.Dec(x.Value, 2)
	}
	if inc == nil {
		return t.T("cost-saving")
	}
	return t.T("cost-saving (%s costs less to run than %s)", inc.Arm, inc.Comparator)
}

// thousands formats v rounded to a whole number with thousands separated by
// commas: -1234567.8 -> "-1,234,568". A number that is not finite (which
// the model never gives) is "n/a", never "NaN" or "+Inf".
// Thousands writes v rounded to a whole number with thousands separators
// ("1,234,567"), or "n/a" when it is not finite.
func Thousands(v float64) string { return thousands(v) }

func thousands(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	s := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if math.Round(v) < 0 {
		s = "-" + s
	}
	return s
}
