package report

import (
	"encoding/json"
	"io"
	"math"

	"ipscba/cba"
)

type document struct {
	Schema         string       `json:"schema"`
	Provenance     Provenance   `json:"provenance"`
	Scenario       string       `json:"scenario"`
	Currency       string       `json:"currency"`
	PriceYear      int          `json:"price_year"`
	HorizonMonths  int          `json:"horizon_months"`
	ObservedMonths int          `json:"observed_months,omitempty"`
	Comparator     string       `json:"comparator"`
	Perspectives   []string     `json:"perspectives"`
	Components     []string     `json:"components"`
	Arms           []outcomeDoc `json:"arms"`
	Increments     []outcomeDoc `json:"increments"`
	Budget         []budgetDoc  `json:"budget,omitempty"`
	// Published are the study's figures beside the model's, for a
	// scenario founded on one.
	Published []publishedDoc `json:"published,omitempty"`
}

type outcomeDoc struct {
	Arm        string       `json:"arm"`
	Comparator string       `json:"comparator,omitempty"`
	Population summaryDoc   `json:"population"`
	Groups     []summaryDoc `json:"groups"`
}

type summaryDoc struct {
	Group                   string                        `json:"group,omitempty"`
	NPV                     map[string]float64            `json:"npv"`
	NPVObserved             map[string]float64            `json:"npv_observed,omitempty"`
	Components              map[string]map[string]float64 `json:"components"`
	SocietyWithoutNonMarket float64                       `json:"society_without_non_market"`
	NonMarket               float64                       `json:"non_market"`
	BCR                     *ratioDoc                     `json:"benefit_cost_ratio,omitempty"`
	PublicReturn            *ratioDoc                     `json:"public_return,omitempty"`
	NetPerBudgetKrone       *perKroneDoc                  `json:"net_benefit_per_budget_krone,omitempty"`
	CostPerMonthInWork      *perGainDoc                   `json:"cost_per_extra_month_in_work,omitempty"`
	CostPerPersonInWork     *perGainDoc                   `json:"cost_per_extra_person_in_work,omitempty"`
	BreakEven               map[string]*int               `json:"break_even_month"`
	EmployedMonths          float64                       `json:"employed_months"`
	Earnings                float64                       `json:"earnings"`
	DiscountedEarnings      float64                       `json:"discounted_earnings"`
	ProgrammeCost           float64                       `json:"programme_cost"`
	EmploymentByYear        []float64                     `json:"employment_by_year"`
}

type ratioDoc struct {
	Value      *float64 `json:"value,omitempty"`
	CostSaving bool     `json:"cost_saving,omitempty"`
}

// perKroneDoc is the net benefit per budget krone: a value, or none when
// the public budgets gain.
type perKroneDoc struct {
	Value             *float64 `json:"value,omitempty"`
	PublicBudgetsGain bool     `json:"public_budgets_gain,omitempty"`
}

// perGainDoc is a programme cost per unit gained: a value, or none when
// nothing is gained; for a person in work, the month it counts at.
type perGainDoc struct {
	Value      *float64 `json:"value,omitempty"`
	NoneGained bool     `json:"none_gained,omitempty"`
	AtMonth    int      `json:"at_month,omitempty"`
}

func perGain(v float64, month int) *perGainDoc {
	if math.IsInf(v, 1) {
		return &perGainDoc{NoneGained: true, AtMonth: month}
	}
	m := money(v)
	return &perGainDoc{Value: &m, AtMonth: month}
}

type budgetDoc struct {
	Arm               string             `json:"arm"`
	Comparator        string             `json:"comparator"`
	StartsPerYear     float64            `json:"starts_per_year"`
	Years             int                `json:"years"`
	DiscountedTo      string             `json:"discounted_to"`
	YearsTable        []budgetYear       `json:"years_table"`
	FirstYears        *budgetFirstYears  `json:"first_years,omitempty"`
	TotalUndiscounted map[string]float64 `json:"total_undiscounted"`
	TotalDiscounted   map[string]float64 `json:"total_discounted"`
}

type budgetYear struct {
	Year                   int                `json:"year"`
	Undiscounted           map[string]float64 `json:"undiscounted"`
	Discounted             map[string]float64 `json:"discounted"`
	CumulativeUndiscounted map[string]float64 `json:"cumulative_undiscounted"`
	CumulativeDiscounted   map[string]float64 `json:"cumulative_discounted"`
}

// budgetFirstYears is the total of calendar years 1 to Years.
type budgetFirstYears struct {
	Years        int                `json:"years"`
	Undiscounted map[string]float64 `json:"undiscounted"`
	Discounted   map[string]float64 `json:"discounted"`
}

func money(v float64) float64 { return roundTo(v, 100) }
func share(v float64) float64 { return roundTo(v, 1e6) }

// roundTo rounds v to 1/scale, without negative zero.
func roundTo(v, scale float64) float64 {
	r := math.Round(v*scale) / scale
	if r == 0 {
		return 0
	}
	return r
}

func ratio(r cba.Ratio) *ratioDoc {
	if r.CostSaving {
		return &ratioDoc{CostSaving: true}
	}
	v := share(r.Value)
	return &ratioDoc{Value: &v}
}

func summary(r *cba.Result, s *cba.Summary, increment bool) summaryDoc {
	d := summaryDoc{
		Group:              s.Group,
		NPV:                map[string]float64{},
		Components:         map[string]map[string]float64{},
		BreakEven:          map[string]*int{},
		EmployedMonths:     share(s.EmployedMonths),
		Earnings:           money(s.Earnings),
		DiscountedEarnings: money(s.DiscountedEarnings),
		ProgrammeCost:      money(s.ProgrammeCost),
		EmploymentByYear:   []float64{},
	}
	nm, soc := index(r.Components, "non_market"), index(r.Perspectives, cba.Society)
	d.NonMarket = money(s.PV[nm])
	d.SocietyWithoutNonMarket = money(s.NPV[soc] - r.Contribution(s, soc, nm))
	if s.NPVObserved != nil {
		d.NPVObserved = map[string]float64{}
	}
	for p, name := range r.Perspectives {
		d.NPV[name] = money(s.NPV[p])
		if s.NPVObserved != nil {
			d.NPVObserved[name] = money(s.NPVObserved[p])
		}
		parts := map[string]float64{}
		for c, cname := range r.Components {
			if v := money(r.Contribution(s, p, c)); v != 0 {
				parts[cname] = v
			}
		}
		d.Components[name] = parts
		if m := s.BreakEven[p]; m != cba.NoBreakEven {
			d.BreakEven[name] = &m
		} else {
			d.BreakEven[name] = nil
		}
	}
	for m := 12; m < len(s.Employment); m += 12 {
		d.EmploymentByYear = append(d.EmploymentByYear, share(s.Employment[m]))
	}
	if increment {
		d.BCR, d.PublicReturn = ratio(s.BCR), ratio(s.PublicReturn)
		d.NetPerBudgetKrone = &perKroneDoc{PublicBudgetsGain: s.NetPerBudgetKrone.CostSaving}
		if !s.NetPerBudgetKrone.CostSaving {
			v := share(s.NetPerBudgetKrone.Value)
			d.NetPerBudgetKrone.Value = &v
		}
		d.CostPerMonthInWork = perGain(s.CostPerMonthInWork, 0)
		d.CostPerPersonInWork = perGain(s.CostPerPersonInWork, r.WindowMonth())
	}
	return d
}

func outcomes(r *cba.Result, os []cba.Outcome, increment bool) []outcomeDoc {
	docs := []outcomeDoc{}
	for i := range os {
		o := &os[i]
		doc := outcomeDoc{Arm: o.Arm, Comparator: o.Comparator, Population: summary(r, &o.Population, increment), Groups: []summaryDoc{}}
		for g := range o.Groups {
			doc.Groups = append(doc.Groups, summary(r, &o.Groups[g], increment))
		}
		docs = append(docs, doc)
	}
	return docs
}

func byPerspective(names []string, v []float64) map[string]float64 {
	m := map[string]float64{}
	for p, name := range names {
		m[name] = money(v[p])
	}
	return m
}

// JSON writes in as one indented JSON document (schema "ipscba/result/v1").
func JSON(w io.Writer, in Input) error {
	r := in.Result
	doc := document{
		Schema: Schema, Provenance: in.Provenance,
		Scenario: r.Scenario, Currency: r.Currency, PriceYear: r.PriceYear,
		HorizonMonths: r.HorizonMonths, ObservedMonths: r.ObservedMonths, Comparator: r.Comparator,
		Perspectives: r.Perspectives, Components: r.Components,
		Arms: outcomes(r, r.Arms, false), Increments: outcomes(r, r.Increments, true),
		Published: publishedDocs(in.Scenario, r, nil),
	}
	if doc.Provenance.Overrides == nil {
		doc.Provenance.Overrides = []string{}
	}
	for i := range in.Budgets {
		doc.Budget = append(doc.Budget, budgetJSON(&in.Budgets[i], in.BudgetYears))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// budgetJSON is a budget's JSON form, with the total of its first n years
// (0: DefaultBudgetYears).
func budgetJSON(b *cba.Budget, n int) budgetDoc {
	bd := budgetDoc{
		Arm: b.Arm, Comparator: b.Comparator, StartsPerYear: b.Cohort.StartsPerYear, Years: b.Cohort.Years,
		DiscountedTo:      "programme start",
		YearsTable:        []budgetYear{},
		TotalUndiscounted: byPerspective(b.Perspectives, b.TotalUndiscounted),
		TotalDiscounted:   byPerspective(b.Perspectives, b.TotalDiscounted),
	}
	for y := range b.Undiscounted {
		bd.YearsTable = append(bd.YearsTable, budgetYear{Year: y + 1,
			Undiscounted:           byPerspective(b.Perspectives, b.Undiscounted[y]),
			Discounted:             byPerspective(b.Perspectives, b.Discounted[y]),
			CumulativeUndiscounted: byPerspective(b.Perspectives, b.CumulativeUndiscounted[y]),
			CumulativeDiscounted:   byPerspective(b.Perspectives, b.CumulativeDiscounted[y])})
	}
	if len(b.Undiscounted) > 0 {
		n = BudgetYears(n, len(b.Undiscounted))
		u, d := b.FirstYears(n)
		bd.FirstYears = &budgetFirstYears{Years: n, Undiscounted: byPerspective(b.Perspectives, u), Discounted: byPerspective(b.Perspectives, d)}
	}
	return bd
}
