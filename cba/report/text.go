package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"ipscba/cba"
)

// Text writes in as tables for a person to read.
func Text(w io.Writer, in Input) error {
	r := in.Result
	var b strings.Builder
	fmt.Fprintf(&b, "%s: money in %s at %d prices, per participant, discounted over %d months\n",
		r.Scenario, r.Currency, r.PriceYear, r.HorizonMonths)
	fmt.Fprintf(&b, "scenario file %s (sha256 %s)\n", in.Provenance.File, short(in.Provenance.SHA256))
	writeChanges(&b, in.Provenance)
	for i := range r.Increments {
		inc := &r.Increments[i]
		arm, comp := armOutcome(r, inc.Arm), armOutcome(r, inc.Comparator)
		b.WriteString("\n")
		writeIncrement(&b, r, inc, &inc.Population, "population")
		writeEmployment(&b, r, &arm.Population, &comp.Population, inc)
		if in.Groups {
			writeGroups(&b, r, inc)
		}
	}
	for i := range in.Budgets {
		writeBudget(&b, r, &in.Budgets[i])
	}
	writeDecides(&b, in.Decides)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeChanges says what each -set did.
func writeChanges(b *strings.Builder, p Provenance) {
	for _, c := range p.Changes {
		places := "1 place"
		if c.Places != 1 {
			places = fmt.Sprintf("%d places", c.Places)
		}
		fmt.Fprintf(b, "changed: %s (%s)\n", c.Override, places)
		if len(c.Fixed) > 0 {
			fmt.Fprintf(b, "  no longer drawn under uncertainty: %s\n", strings.Join(c.Fixed, ", "))
		}
		for _, r := range c.Rescaled {
			fmt.Fprintf(b, "  rescaled: %s\n", r)
		}
		for _, d := range c.DroppedCorrelations {
			fmt.Fprintf(b, "  correlation dropped: %s\n", d)
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

// grid collects rows of cells, "\t"-separated and ending in "\t" as for
// text/tabwriter, and writes them with the first column left-aligned and the
// others right-aligned.
type grid struct {
	b    *strings.Builder
	rows [][]string
}

func table(b *strings.Builder) *grid { return &grid{b: b} }

// Write takes rows of tab-separated cells, one a line.
func (g *grid) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimSuffix(string(p), "\n"), "\n") {
		g.rows = append(g.rows, strings.Split(strings.TrimSuffix(line, "\t"), "\t"))
	}
	return len(p), nil
}

// Flush writes the rows, aligned.
func (g *grid) Flush() {
	var width []int
	for _, row := range g.rows {
		for i, cell := range row {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range g.rows {
		var line strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if i == 0 {
				line.WriteString(cell + pad)
			} else {
				line.WriteString("  " + pad + cell)
			}
		}
		g.b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

func writeIncrement(b *strings.Builder, r *cba.Result, inc *cba.Outcome, s *cba.Summary, who string) {
	fmt.Fprintf(b, "%s minus %s, %s: net present value per participant\n\n", inc.Arm, inc.Comparator, who)
	tw := table(b)
	if s.NPVObserved != nil {
		fmt.Fprintf(tw, "perspective\tNPV, %d months (observed)\tNPV, %d months\tbreak-even\t\n", r.ObservedMonths, r.HorizonMonths)
		for p, name := range r.Perspectives {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, thousands(s.NPVObserved[p]), thousands(s.NPV[p]), breakEven(s.BreakEven[p], r.HorizonMonths))
		}
	} else {
		fmt.Fprintf(tw, "perspective\tNPV\tbreak-even\t\n")
		for p, name := range r.Perspectives {
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", name, thousands(s.NPV[p]), breakEven(s.BreakEven[p], r.HorizonMonths))
		}
	}
	tw.Flush()
	soc := index(r.Perspectives, "society")
	nm := index(r.Components, "non_market")
	if w := r.Weights[soc][nm]; w != 0 {
		fmt.Fprintf(b, "society without non-market value: %s\n", thousands(s.NPV[soc]-r.Contribution(s, soc, nm)))
	}
	fmt.Fprintf(b, "\nprogramme cost, %s minus %s: %s\n", inc.Arm, inc.Comparator, thousands(s.ProgrammeCost))
	fmt.Fprintf(b, "benefit-cost ratio (society's gain per unit of programme cost): %s\n", ratioText(s.BCR, inc))
	fmt.Fprintf(b, "public return (public budgets' gain per unit of programme cost): %s\n", ratioText(s.PublicReturn, inc))

	b.WriteString("\nwhat it is made of (present values per participant)\n\n")
	tw = table(b)
	fmt.Fprintf(tw, "component\t%s\t\n", strings.Join(r.Perspectives, "\t"))
	for c, cname := range r.Components {
		cells, any := make([]string, len(r.Perspectives)), false
		for p := range r.Perspectives {
			v := r.Contribution(s, p, c)
			if math.Round(v) != 0 {
				cells[p], any = thousands(v), true
			}
		}
		if any {
			fmt.Fprintf(tw, "%s\t%s\t\n", cname, strings.Join(cells, "\t"))
		}
	}
	tw.Flush()
}

func writeEmployment(b *strings.Builder, r *cba.Result, arm, comp *cba.Summary, inc *cba.Outcome) {
	b.WriteString("\nemployment per participant\n\n")
	tw := table(b)
	fmt.Fprintf(tw, "\t%s\t%s\tdifference\t\n", inc.Arm, inc.Comparator)
	row := func(name string, a, c float64, format func(float64) string) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, format(a), format(c), format(a-c))
	}
	oneDecimal := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	percent := func(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) + " %" }
	row("months in work", arm.EmployedMonths, comp.EmployedMonths, oneDecimal)
	row("earnings", arm.Earnings, comp.Earnings, thousands)
	for _, m := range []int{12, 24, 60, 120} {
		if m < len(arm.Employment) {
			row(fmt.Sprintf("in work at month %d", m), arm.Employment[m], comp.Employment[m], percent)
		}
	}
	tw.Flush()
}

func writeGroups(b *strings.Builder, r *cba.Result, inc *cba.Outcome) {
	fmt.Fprintf(b, "\n%s minus %s by group: net present value per participant\n\n", inc.Arm, inc.Comparator)
	tw := table(b)
	fmt.Fprintf(tw, "group\t%s\tBCR\tmonths in work\t\n", strings.Join(r.Perspectives, "\t"))
	for _, s := range append(inc.Groups, inc.Population) {
		name := s.Group
		if name == "" {
			name = "population"
		}
		cells := make([]string, len(r.Perspectives))
		for p := range r.Perspectives {
			cells[p] = thousands(s.NPV[p])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, strings.Join(cells, "\t"), ratioText(s.BCR, nil),
			strconv.FormatFloat(s.EmployedMonths, 'f', 1, 64))
	}
	tw.Flush()
}

func writeBudget(b *strings.Builder, r *cba.Result, bud *cba.Budget) {
	fmt.Fprintf(b, "\nbudget impact, %s minus %s: %s starts a year for %d years (whole cohort, %s)\n\n",
		bud.Arm, bud.Comparator, thousands(bud.Cohort.StartsPerYear), bud.Cohort.Years, r.Currency)
	tw := table(b)
	fmt.Fprintf(tw, "year\t%s\t\n", strings.Join(bud.Perspectives, "\t"))
	row := func(name string, v []float64) {
		cells := make([]string, len(v))
		for p := range v {
			cells[p] = thousands(v[p])
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", name, strings.Join(cells, "\t"))
	}
	for y := range bud.Undiscounted {
		row(strconv.Itoa(y+1), bud.Undiscounted[y])
	}
	row("total", bud.TotalUndiscounted)
	row("discounted", bud.TotalDiscounted)
	tw.Flush()
	b.WriteString("years are undiscounted; \"discounted\" is the total discounted to the programme's start\n")
}

func breakEven(m, horizon int) string {
	switch m {
	case cba.NoBreakEven:
		return fmt.Sprintf("not within %d months", horizon)
	case 0:
		return "from the start"
	}
	return fmt.Sprintf("month %d", m)
}

func ratioText(x cba.Ratio, inc *cba.Outcome) string {
	if !x.CostSaving {
		return strconv.FormatFloat(x.Value, 'f', 2, 64)
	}
	if inc == nil {
		return "cost-saving"
	}
	return fmt.Sprintf("cost-saving (%s costs less to run than %s)", inc.Arm, inc.Comparator)
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
