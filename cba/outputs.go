package cba

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Measure is what an output measures.
type Measure int

// The measures of a run's outputs. NPV, NPVObserved, ProgrammeCostBorne,
// BreakEvenMonth and Cumulative are per perspective; Cumulative is per year
// too.
const (
	// NPV is the net present value per participant over the horizon.
	NPV Measure = iota + 1
	// NPVObserved is the NPV over the observed window (Scenario.ObservedMonths).
	NPVObserved
	// BenefitCostRatio is society's gain per unit of programme cost (+Inf: cost-saving).
	BenefitCostRatio
	// PublicReturn is the public budgets' gain per unit of programme cost (+Inf: cost-saving).
	PublicReturn
	// EmployedMonths is the expected number of months in work.
	EmployedMonths
	// DiscountedEmployedMonths is the sum over months of d(m) e(m).
	DiscountedEmployedMonths
	// IncrementalCost is the present value of programme costs, all payers (arm minus comparator).
	IncrementalCost
	// BreakEvenMonth is the break-even month (+Inf: not within the horizon).
	BreakEvenMonth
	// Cumulative is the discounted net flow cumulated to the end of a year.
	Cumulative
	// ProgrammeCostBorne is the present value by which the programme costs
	// (arm minus comparator) lower a perspective's NPV: a payer's own share,
	// the public budgets' total, and for society the costs plus the
	// financing cost of public funds on them; 0 for the participant. A
	// perspective's NPV with every programme cost scaled by k is
	// NPV - (k-1)*ProgrammeCostBorne.
	ProgrammeCostBorne
	// CostPerMonthInWork is the programme cost per extra month in work
	// (Summary.CostPerMonthInWork; +Inf: no month gained); population only.
	CostPerMonthInWork
	// CostPerPersonInWork is the programme cost per extra person in work
	// at the end of the observed window (Summary.CostPerPersonInWork;
	// +Inf: no person gained); population only.
	CostPerPersonInWork
)

var measureNames = map[Measure]string{
	NPV: "npv", NPVObserved: "npv_observed", BenefitCostRatio: "benefit_cost_ratio", PublicReturn: "public_return",
	EmployedMonths: "employed_months", DiscountedEmployedMonths: "discounted_employed_months",
	IncrementalCost: "programme_cost", BreakEvenMonth: "break_even_month", Cumulative: "cumulative",
	ProgrammeCostBorne: "programme_cost_borne", CostPerMonthInWork: "cost_per_extra_month_in_work",
	CostPerPersonInWork: "cost_per_extra_person_in_work",
}

// String returns the measure's name in output names and files.
func (m Measure) String() string {
	if s, ok := measureNames[m]; ok {
		return s
	}
	return fmt.Sprintf("Measure(%d)", int(m))
}

// MeasureOf returns the measure named s, or false.
func MeasureOf(s string) (Measure, bool) {
	for m, name := range measureNames {
		if name == s {
			return m, true
		}
	}
	return 0, false
}

// PerPerspective says whether the measure has one output per perspective.
func (m Measure) PerPerspective() bool {
	return m == NPV || m == NPVObserved || m == ProgrammeCostBorne || m == BreakEvenMonth || m == Cumulative
}

// Money says whether the measure is an amount of money.
func (m Measure) Money() bool {
	return m == NPV || m == NPVObserved || m == IncrementalCost || m == ProgrammeCostBorne || m == Cumulative ||
		m == CostPerMonthInWork || m == CostPerPersonInWork
}

// Infinite says, in English words a catalogue translates, what an
// output of the measure means when it is +Inf: "cost-saving" for a
// benefit-cost ratio or public return, "none gained" for a cost per gain,
// "not within the horizon" for a break-even month; "" for a measure that
// is never infinite. Every report writes +Inf with it.
func (m Measure) Infinite() string {
	switch m {
	case BenefitCostRatio, PublicReturn:
		return "cost-saving"
	case CostPerMonthInWork, CostPerPersonInWork:
		return "none gained"
	case BreakEvenMonth:
		return "not within the horizon"
	}
	return ""
}

// ratio says whether the measure is a ratio, which may be +Inf (a
// cost-saving arm's benefit-cost ratio, a cost per nothing gained) or
// beyond maxOutput (a cost over a gain near zero).
func (m Measure) ratio() bool {
	return m == BenefitCostRatio || m == PublicReturn || m == CostPerMonthInWork || m == CostPerPersonInWork
}

// OutputKey names one number a Monte Carlo run reports for each iteration:
// for an arm's increment over the comparator (Comparator set) or an arm on
// its own, for a group or the population, a measure, and for some measures a
// perspective and a year. A cost-saving ratio and a break-even month not
// within the horizon are +Inf.
type OutputKey struct {
	Arm         string
	Comparator  string // "" for an arm on its own
	Group       string // Population or a group's name
	Measure     Measure
	Perspective string // for measures per perspective
	Year        int    // for Cumulative
}

// String returns the output's name, e.g.
// "ips-traditional/population/npv/society" or
// "ips-traditional/population/cumulative/state/year2".
func (k OutputKey) String() string {
	var b strings.Builder
	b.WriteString(k.Arm)
	if k.Comparator != "" {
		b.WriteString("-" + k.Comparator)
	}
	b.WriteString("/" + k.Group + "/" + k.Measure.String())
	if k.Perspective != "" {
		b.WriteString("/" + k.Perspective)
	}
	if k.Year > 0 {
		b.WriteString("/year" + strconv.Itoa(k.Year))
	}
	return b.String()
}

// ParseOutputKey reads an output's name (OutputKey.String).
func ParseOutputKey(name string) (OutputKey, error) {
	parts := strings.Split(name, "/")
	bad := Errorf("%q is not an output name (arm[-comparator]/group/measure[/perspective][/yearN])", name)
	if len(parts) < 3 || len(parts) > 5 {
		return OutputKey{}, bad
	}
	var k OutputKey
	k.Arm, k.Comparator, _ = strings.Cut(parts[0], "-")
	k.Group = parts[1]
	m, ok := MeasureOf(parts[2])
	if !ok {
		return OutputKey{}, bad
	}
	k.Measure = m
	rest := parts[3:]
	if m.PerPerspective() {
		if len(rest) == 0 {
			return OutputKey{}, bad
		}
		k.Perspective, rest = rest[0], rest[1:]
	}
	if m == Cumulative {
		if len(rest) != 1 || !strings.HasPrefix(rest[0], "year") {
			return OutputKey{}, bad
		}
		y, err := strconv.Atoi(strings.TrimPrefix(rest[0], "year"))
		if err != nil || y < 1 {
			return OutputKey{}, bad
		}
		k.Year, rest = y, nil
	}
	if len(rest) != 0 || k.Arm == "" || k.Group == "" {
		return OutputKey{}, bad
	}
	return k, nil
}

// outputPlan is where an output comes from: the arm (its increment when
// inc), the group (-1: the population), the measure, the perspective and
// the year.
type outputPlan struct {
	arm     int
	inc     bool
	group   int
	measure Measure
	persp   int
	year    int
}

// outputTable declares the outputs of a run, in order, once: both engines
// (the full Evaluate, through OutputsFromResult, and EvaluateOutputs) fill
// them from this list, and the reports read their keys.
func (ev *Evaluator) outputTable() ([]OutputKey, []outputPlan) {
	s, l := ev.s, ev.l
	years := (s.HorizonMonths + 11) / 12
	var keys []OutputKey
	var plan []outputPlan
	add := func(p outputPlan) {
		k := OutputKey{Arm: s.Arms[p.arm].Name, Group: Population, Measure: p.measure, Year: p.year}
		if p.inc {
			k.Comparator = s.Comparator
		}
		if p.group >= 0 {
			k.Group = s.Groups[p.group].Name
		}
		if p.measure.PerPerspective() {
			k.Perspective = l.perspectives[p.persp]
		}
		keys = append(keys, k)
		plan = append(plan, p)
	}
	for a := range s.Arms {
		if a == ev.comp {
			continue
		}
		for g := -1; g < len(s.Groups); g++ {
			for p := range l.perspectives {
				add(outputPlan{arm: a, inc: true, group: g, measure: NPV, persp: p})
			}
			if s.ObservedMonths > 0 {
				for p := range l.perspectives {
					add(outputPlan{arm: a, inc: true, group: g, measure: NPVObserved, persp: p})
				}
			}
			for _, m := range []Measure{BenefitCostRatio, PublicReturn, EmployedMonths, DiscountedEmployedMonths, IncrementalCost} {
				add(outputPlan{arm: a, inc: true, group: g, measure: m})
			}
			for p := range l.perspectives {
				add(outputPlan{arm: a, inc: true, group: g, measure: ProgrammeCostBorne, persp: p})
			}
			if g < 0 {
				add(outputPlan{arm: a, inc: true, group: g, measure: CostPerMonthInWork})
				add(outputPlan{arm: a, inc: true, group: g, measure: CostPerPersonInWork})
			}
		}
		for p := range l.perspectives {
			add(outputPlan{arm: a, inc: true, group: -1, measure: BreakEvenMonth, persp: p})
		}
		for p := range l.perspectives {
			for y := 1; y <= years; y++ {
				add(outputPlan{arm: a, inc: true, group: -1, measure: Cumulative, persp: p, year: y})
			}
		}
	}
	for a := range s.Arms {
		add(outputPlan{arm: a, group: -1, measure: EmployedMonths})
	}
	return keys, plan
}

// Outputs returns the keys of the outputs that EvaluateOutputs writes, in
// order.
func (ev *Evaluator) Outputs() []OutputKey { return append([]OutputKey(nil), ev.keys...) }

// ratioOutput is a ratio as an output value: +Inf when cost-saving.
func ratioOutput(r Ratio) float64 {
	if r.CostSaving {
		return math.Inf(1)
	}
	return r.Value
}

func breakEvenOutput(m int) float64 {
	if m == NoBreakEven {
		return math.Inf(1)
	}
	return float64(m)
}

// OutputsFromResult writes the outputs (as Outputs lists them) of a full
// evaluation r, made by this evaluator, into dst. It is the slow, obvious
// route; EvaluateOutputs is the fast one.
func (ev *Evaluator) OutputsFromResult(r *Result, dst []float64) {
	for i, p := range ev.plan {
		o := &r.Arms[p.arm]
		if p.inc {
			o = ev.incrementOf(r, p.arm)
		}
		sum := &o.Population
		if p.group >= 0 {
			sum = &o.Groups[p.group]
		}
		dst[i] = ev.summaryOutput(r, sum, p)
	}
}

func (ev *Evaluator) incrementOf(r *Result, arm int) *Outcome {
	i := arm
	if arm > ev.comp {
		i--
	}
	return &r.Increments[i]
}

// summaryOutput reads one output off a full summary.
func (ev *Evaluator) summaryOutput(r *Result, sum *Summary, p outputPlan) float64 {
	switch p.measure {
	case NPV:
		return sum.NPV[p.persp]
	case NPVObserved:
		return sum.NPVObserved[p.persp]
	case BenefitCostRatio:
		return ratioOutput(sum.BCR)
	case PublicReturn:
		return ratioOutput(sum.PublicReturn)
	case EmployedMonths:
		return sum.EmployedMonths
	case DiscountedEmployedMonths:
		return sum.DiscountedEmployedMonths
	case IncrementalCost:
		return sum.ProgrammeCost
	case ProgrammeCostBorne:
		return sum.ProgrammeCostBorne[p.persp]
	case CostPerMonthInWork:
		return sum.CostPerMonthInWork
	case CostPerPersonInWork:
		return sum.CostPerPersonInWork
	case BreakEvenMonth:
		return breakEvenOutput(sum.BreakEven[p.persp])
	case Cumulative:
		return r.Cumulative(sum, p.persp, 12*p.year)
	}
	return math.NaN()
}
