package htmlreport

import (
	"slices"
	"strings"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/scenario"
)

// The page's fields that are not a number of the scenario.
const (
	// WhyPrefix followed by a factor's name is the field of the planner's
	// reason for changing that number: a saved copy keeps it as the
	// number's assumption.
	WhyPrefix = "why:"
	// MaxWhy is the most characters of a reason (the field's maxlength): a
	// longer one is refused, not cut.
	MaxWhy = 500
	// AnnualCostField and CaseloadField are the employment specialist's
	// cost a year (all an employer pays) and caseload (participants per
	// specialist), as a municipality knows them: given together, they set
	// the specialist's cost per participant-month (SpecialistCost) to
	// annual cost / caseload / 12.
	AnnualCostField = "derive:annual_cost"
	CaseloadField   = "derive:caseload"
)

// SpecialistCost returns the name of the factor that is the employment
// specialist's cost per participant-month, and the cost's name: of the
// first arm's (not the comparator's) programme costs per enrolled month,
// the one named employment_specialist (as in the bundled scenarios), or
// else the first whose name or label says it is an employment
// specialist's ("IPS service (employment specialist and supervision)");
// false when that arm has none. A programme priced per place and month
// (work-preparatory training) is no specialist's cost a year over a
// caseload: the page asks for those only when there is one.
func SpecialistCost(s *cba.Scenario, factors []scenario.Factor) (factor, cost string, ok bool) {
	arm := firstArm(s)
	if arm == nil {
		return "", "", false
	}
	best := -1
	for i, c := range arm.Costs {
		if c.Category != cba.ProgrammeCost || c.Timing != cba.PerEnrolledMonth {
			continue
		}
		words := strings.ToLower(strings.ReplaceAll(c.Name+" "+c.Label, "_", " "))
		if c.Name == "employment_specialist" || (best < 0 && strings.Contains(words, "employment specialist")) {
			best = i
		}
	}
	if best < 0 {
		return "", "", false
	}
	cost = arm.Costs[best].Name
	factor, ok = factorAt(factors, "arms."+arm.Name+".costs."+cost+".amount")
	return factor, cost, ok
}

// firstArm is the first arm that is not the comparator, or nil.
func firstArm(s *cba.Scenario) *cba.Arm {
	for i := range s.Arms {
		if s.Arms[i].Name != s.Comparator {
			return &s.Arms[i]
		}
	}
	return nil
}

// factorAt returns the name of the factor written at path, or false.
func factorAt(factors []scenario.Factor, path string) (string, bool) {
	for _, fc := range factors {
		if slices.Contains(fc.Paths, path) {
			return fc.Name, true
		}
	}
	return "", false
}

// key is a number of the first screen: the planner's question it
// answers, and the factor (or the page's field) that answers it.
type key struct {
	question string // a phrase of the catalogue, filled in with args
	args     []string
	name     string // a factor's name, or AnnualCostField or CaseloadField
	note     string // a phrase of the catalogue, or ""
	// cost and payer, of a payer's share of the specialist's cost: the
	// cost's name and the payer's words.
	cost, payer string
}

// label is the key's question in the printer's language.
func (k key) label(p report.Printer) string {
	args := make([]any, len(k.args))
	for i, a := range k.args {
		args[i] = a
	}
	return p.T(k.question, args...)
}

// FieldLabel is what the page calls the field named name (a factor's, or
// AnnualCostField or CaseloadField), for a message about it: its question
// on the first screen, or else the number's name in the list of every
// number. p must be a printer of s (report.NewPrinter(lang, s)).
func FieldLabel(p report.Printer, s *cba.Scenario, factors []scenario.Factor, name string) string {
	for _, k := range keys(p, s, factors) {
		if k.name == name {
			return k.label(p)
		}
	}
	return p.Factor(name)
}

// keys are the numbers a municipality knows and changes, in the order
// the first screen asks for them: how many start a year and for how many
// years, the specialist's cost a year and caseload (or the cost per
// participant-month they make), who pays the specialist, the wage, and how
// long the effect lasts. A scenario without one of them leaves it out.
func keys(p report.Printer, s *cba.Scenario, factors []scenario.Factor) []key {
	var out []key
	add := func(question, path, note string, args ...string) bool {
		name, ok := factorAt(factors, path)
		if !ok || slices.ContainsFunc(out, func(k key) bool { return k.name == name }) {
			return false
		}
		out = append(out, key{question: question, args: args, name: name, note: note})
		return true
	}
	add("Participants starting a year", "cohort.starts_per_year", "")
	add("Years with new participants", "cohort.years", "")
	arm := firstArm(s)
	if amount, cost, ok := SpecialistCost(s, factors); ok {
		label := p.Component("cost:" + cost)
		out = append(out, key{question: "%s: a full-time worker's cost a year, all costs", args: []string{label}, name: AnnualCostField},
			key{question: "%s: caseload of a full-time worker (participants)", args: []string{label}, name: CaseloadField},
			key{question: "%s: cost per participant-month", args: []string{label}, name: amount, note: "= cost a year / caseload / 12, when both are given"})
		for _, c := range arm.Costs {
			if c.Name == cost && len(c.Payers) > 1 {
				for _, sh := range c.Payers {
					payer := p.Perspective(sh.Payer)
					if add("%s: share paid by %s", "arms."+arm.Name+".costs."+cost+".payers."+sh.Payer, "", label, payer) {
						out[len(out)-1].cost, out[len(out)-1].payer = cost, payer
					}
				}
			}
		}
	}
	for _, w := range wages(p, s, factors) {
		add("Hourly wage in work%s", w.path, "", w.groups)
	}
	if arm != nil {
		add("How long the effect lasts: its half-life in months", "arms."+arm.Name+".effect.half_life_months", "")
	}
	return out
}

// wage is one hourly wage of the scenario's groups: where it is first
// written, and the groups it is the wage of (", " and their labels), or
// "" when it is every group's.
type wage struct{ path, groups string }

// wages are the distinct hourly wages of the groups (a wage written once
// for several groups is one).
func wages(p report.Printer, s *cba.Scenario, factors []scenario.Factor) []wage {
	var out []wage
	seen := map[string]bool{}
	for _, g := range s.Groups {
		path := "groups." + g.Name + ".job.hourly_wage"
		name, ok := factorAt(factors, path)
		if !ok || seen[name] {
			continue
		}
		seen[name] = true
		var labels []string
		for _, h := range s.Groups {
			if other, _ := factorAt(factors, "groups."+h.Name+".job.hourly_wage"); other == name {
				labels = append(labels, p.Group(h.Name))
			}
		}
		w := wage{path: path}
		if len(labels) < len(s.Groups) {
			w.groups = ", " + strings.Join(labels, "; ")
		}
		out = append(out, w)
	}
	return out
}
