package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"ipscba/cba"
	"ipscba/cba/sensitivity"
)

// Decides is the "what decides it" table of a text report: the factors
// with the largest swing on some outputs (sensitivity.WhatDecides), with
// their switching values.
type Decides struct {
	Outputs []cba.OutputKey
	Rows    []sensitivity.Decider
}

// writeDecides writes the table: for each factor its range, each output at
// its low and high value, and where each output changes sign.
func writeDecides(b *strings.Builder, d *Decides) {
	if d == nil || len(d.Rows) == 0 || len(d.Outputs) == 0 {
		return
	}
	k := d.Outputs[0]
	fmt.Fprintf(b, "\nwhat decides it: %s minus %s, %s, NPV per participant\n", k.Arm, k.Comparator, k.Group)
	b.WriteString("(each factor from its 2.5th to its 97.5th percentile, the others at their means)\n\n")
	tw := table(b)
	head := []string{"factor", "from", "to"}
	for _, o := range d.Outputs {
		head = append(head, o.Perspective+" NPV")
	}
	for _, o := range d.Outputs {
		head = append(head, o.Perspective+" NPV is 0 at")
	}
	fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
	for _, r := range d.Rows {
		cells := []string{r.Factor.Name, factorValue(r.Low), factorValue(r.High)}
		for i := range d.Outputs {
			cells = append(cells, thousands(r.AtLow[i])+" to "+thousands(r.AtHigh[i]))
		}
		for i := range d.Outputs {
			sw := r.Switch[i]
			switch {
			case sw == nil || !sw.Found:
				cells = append(cells, "never")
			default:
				cells = append(cells, factorValue(sw.Value))
			}
		}
		fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
	b.WriteString("\"never\": the NPV keeps its sign over the factor's whole range, the others at their means\n")
}

// factorValue writes a factor's value: large ones with thousands
// separators, others with 4 significant digits.
func factorValue(v float64) string {
	if math.Abs(v) >= 1000 {
		return thousands(v)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
