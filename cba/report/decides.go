package report

import (
	"fmt"
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
	// Unavailable, when not empty, says why the table could not be made
	// (the rest of the report stands).
	Unavailable string
}

// WhatDecides makes the "what decides it" table of every report of ev's
// scenario: the five factors with the largest swing on the first arm's NPV
// for society and for the public budgets, over the whole population. When
// it cannot be made (a nil ev among the reasons), Unavailable says why (the
// report stands without it).
func WhatDecides(ev *cba.Evaluator) *Decides {
	if ev == nil {
		return &Decides{Unavailable: "no evaluator"}
	}
	s := ev.Model().Scenario()
	for _, arm := range s.Arms {
		if arm.Name == s.Comparator {
			continue
		}
		soc := cba.OutputKey{Arm: arm.Name, Comparator: s.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: cba.Society}
		pub := soc
		pub.Perspective = cba.Public
		d := &Decides{Outputs: []cba.OutputKey{soc, pub}}
		rows, err := sensitivity.WhatDecides(ev, d.Outputs, 5)
		if err != nil {
			return &Decides{Unavailable: err.Error()}
		}
		d.Rows = rows
		return d
	}
	return nil
}

// writeDecides writes the table: for each factor its range, each output at
// its low and high value, and where each output changes sign.
func writeDecides(b *strings.Builder, t *words, d *Decides) {
	if d != nil && d.Unavailable != "" {
		b.WriteString("\n" + t.T("what decides it: not available (%s)", d.Unavailable) + "\n")
		return
	}
	if d == nil || len(d.Rows) == 0 || len(d.Outputs) == 0 {
		return
	}
	k := d.Outputs[0]
	b.WriteString("\n" + t.T("what decides it: %s, %s, NPV per participant", t.Versus(k.Arm, k.Comparator), t.Group(k.Group)) + "\n")
	if d.Rows[0].From == "percentiles" {
		b.WriteString(t.T("(each number from its 2.5th to its 97.5th percentile, the others at their means)") + "\n\n")
	} else {
		b.WriteString(t.T("(no number is uncertain: each number from 20 %% below to 20 %% above its value, the others at theirs)") + "\n\n")
	}
	tw := table(b)
	head := []string{t.T("number"), t.T("from"), t.T("to")}
	for _, o := range d.Outputs {
		head = append(head, t.T("%s NPV", t.Perspective(o.Perspective)))
	}
	for _, o := range d.Outputs {
		head = append(head, t.T("%s NPV is 0 at", t.Perspective(o.Perspective)))
	}
	fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
	for _, r := range d.Rows {
		unit := r.Factor.Unit
		cells := []string{t.Factor(r.Factor.Name), t.Value(r.Low, unit), t.Value(r.High, unit)}
		for i := range d.Outputs {
			cells = append(cells, t.T("%s to %s", t.Int(r.AtLow[i]), t.Int(r.AtHigh[i])))
		}
		for i := range d.Outputs {
			sw := r.Switch[i]
			switch {
			case sw == nil || !sw.Found:
				cells = append(cells, t.T("never"))
			default:
				cells = append(cells, t.Value(sw.Value, unit))
			}
		}
		fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
	}
	tw.Flush()
	b.WriteString(t.T("\"never\": the NPV keeps its sign at every value the number can take, the others as they are") + "\n")
}
