package cba

import (
	"fmt"
	"reflect"
	"strings"
)

// Field describes one key of the scenario format: what it holds, the words
// a reader sees for it, its unit and range, whether it must be given, and
// the field of the Go value that holds it. Format returns the whole table;
// everything that knows a number by its path — the file reader (package
// scenario), the parameter walk (Scenario.Parameters, factors), validation,
// the command's -list and the format's documentation — is derived from it,
// so a new number is one line here and a field in a Go struct.
type Field struct {
	Key  string // the key in a file: "weekly_hours"
	Kind Kind
	// Label is a reader's words for a number ("weekly hours in work"), or
	// for a section ("standard deduction").
	Label string
	// Doc is the field's line in the format's documentation.
	Doc string
	// Unit is a number's unit ("share", "months"); "money a month" is
	// money, written with the scenario's currency.
	Unit string
	// UnitOf, when set, gives the unit by the place (a cost's amount: a
	// month, or once).
	UnitOf func(enclosing []any) string
	Bound  Bound
	// Required says that the field must be given (when its record is);
	// RequiredWhen, when set, requires it only where it holds.
	Required     bool
	RequiredWhen Gate
	// Missing is the message when a required field is left out ("" for
	// "is required").
	Missing string
	// Default is an optional number's value when it is left out.
	Default float64
	// Words are a Word's values, in the order of the Go value they stand
	// for: index+WordBase (an int kind) or index == 1 (a bool).
	Words    []string
	WordBase int
	// Fields are the fields of a Record, or of each item of a List,
	// Entries or Matched.
	Fields []*Field
	// Of names the top-level Entries whose names key a Matched mapping,
	// which is indexed like them ("benefits", "groups").
	Of string
	// AllOf says that a Matched mapping, when given, names every entry of
	// Of; Missing is the message for one left out.
	AllOf bool
	// Many is a PayerSplit's key for several payers ("payers"); Key is the key
	// for one ("payer").
	Many string
	// When says where the field belongs: it is read and walked only where
	// every condition holds, and given elsewhere it is refused with the
	// message of the first that does not.
	When []Cond
	// Given names a bool field of the record set to whether the key is
	// given (TaxComponent.PensionRateGiven).
	Given string
	// OneOf lists keys of a Record of which exactly one must be given; the
	// Go field OneOfGo gets the index of the one given (an int kind: index
	// + OneOfBase; a bool: index == 1). OneOfMsg is the message when none
	// or several are given; with OneOfFirst, none given means the first
	// (which is then required) and OneOfMsg is for several.
	OneOf      []string
	OneOfGo    string
	OneOfBase  int
	OneOfMsg   string
	OneOfFirst bool
	// AnyOf lists keys of a Record of which at least one must be given,
	// AnyOfMsg the message when none is.
	AnyOf    []string
	AnyOfMsg string
	// Go names the field of the enclosing struct that holds the value; ""
	// for a Record that is written as a mapping of its own in a file but
	// held in the enclosing struct (a tax's standard_deduction), and for a
	// Section.
	Go string
	// Provenance says that a record's items may carry source, assumption
	// and note (an uncertainty entry).
	Provenance bool
	// Item, for a List, is the key of the item's field that places it (a
	// point's "month", a rate's "from_year"): a reader's name of the item's
	// other numbers says it ("effect at month 18").
	Item string
	// Subject says that a Record's Label heads the names of its numbers
	// for readers ("standard deduction: cap").
	Subject bool
}

// Kind is what a Field holds.
type Kind int

const (
	// Number is a float64: plain, with its source, or a distribution.
	Number Kind = iota
	// Whole is a whole number (an int): it shapes the model and cannot be
	// drawn.
	Whole
	// Text is a string.
	Text
	// Word is one of Field.Words.
	Word
	// Flag is true or false in a file: a switch of a convention. The
	// parameter walk shows it as the whole number 1 (true) or 0 (false),
	// so that -set and a file's set: list turn it on or off like any
	// whole number.
	Flag
	// Record is a mapping of known Fields.
	Record
	// List is a sequence of records.
	List
	// Entries is a mapping from names of the scenario's own to records
	// (taxes, benefits, groups, arms, costs): a slice of structs with a
	// Name field.
	Entries
	// Matched is a mapping keyed by the names of the top-level Entries Of,
	// held as a slice indexed like them (a group's benefits, an arm's
	// groups).
	Matched
	// PayerSplit is who pays (or receives) a flow: Key: NAME for one payer,
	// Many: {NAME: share, ...} for several (a Split).
	PayerSplit
	// Names is a sequence of names ([]string).
	Names
	// Paths is a sequence of parameter paths ([]string).
	Paths
	// Section is read by package scenario itself (extends, set, about,
	// uncertainty): listed here for its documentation and known keys.
	Section
	// Prose is text for readers (a label, a description, a source): a
	// string, the text in every language, or a mapping of its versions by
	// language, {en: ..., nb: ...} (TextLanguages), en required. The Go
	// field holds the English; Scenario.Texts the others.
	Prose
)

// TextLanguages are the languages a scenario's Prose may be written in:
// en (English, the text every output shows unless another language is
// asked for, so a mapping must give it) and nb (Norwegian Bokmål).
var TextLanguages = []string{"en", "nb"}

// Provenance returns the fields of a number's provenance, the keys a
// number written as a mapping (and an entry of a set: list, and of the
// uncertainty section) may carry beside its value: each is Prose.
func Provenance() []*Field { return provenance }

var provenance = []*Field{
	{Key: "source", Kind: Prose, Doc: "where the number comes from: a citation, with a DOI or table where there is one"},
	{Key: "assumption", Kind: Prose, Doc: "why this value, when it is not read from a source"},
	{Key: "note", Kind: Prose, Doc: "anything else a reader should know (\"to verify\")"},
}

// Gate says whether a Field belongs at a place: it receives the values
// enclosing the field, innermost first (pointers to the records).
type Gate func(enclosing []any) bool

// Cond is a condition of a Field's place: where Holds does not hold, the
// field does not belong, and given there it is refused with Refuse.
type Cond struct {
	Holds  Gate
	Refuse string
}

// Belongs says whether field f belongs within the enclosing values, and
// when it does not, why (the Refuse of the first condition that fails).
func (f *Field) Belongs(enclosing []any) (bool, string) {
	for _, c := range f.When {
		if !c.Holds(enclosing) {
			return false, c.Refuse
		}
	}
	return true, ""
}

// only makes the conditions of a field's place.
func only(holds Gate, refuse string) []Cond { return []Cond{{Holds: holds, Refuse: refuse}} }

// when makes a Gate of a condition on the innermost enclosing *T.
func when[T any](cond func(*T) bool) Gate {
	return func(enclosing []any) bool {
		for _, v := range enclosing {
			if t, ok := v.(*T); ok {
				return cond(t)
			}
		}
		return false
	}
}

// Holds says whether g holds for the enclosing values (a nil Gate always
// holds).
func (g Gate) Holds(enclosing []any) bool { return g == nil || g(enclosing) }

// Child returns the field of a record with the given key, or nil.
func (f *Field) Child(key string) *Field {
	for _, c := range f.Fields {
		if c.Key == key || (c.Kind == PayerSplit && c.Many == key) {
			return c
		}
	}
	return nil
}

// Keys returns the keys a record (or an item of a list or entries) may
// have, in the table's order.
func (f *Field) Keys() []string {
	var keys []string
	for _, c := range f.Fields {
		keys = append(keys, c.Key)
		if c.Kind == PayerSplit {
			keys = append(keys, c.Many)
		}
	}
	if f.Provenance {
		for _, p := range provenance {
			keys = append(keys, p.Key)
		}
	}
	return keys
}

// IsNumber says whether the field holds a number of the model (Number,
// Whole, or a Flag read as 0 or 1).
func (f *Field) IsNumber() bool { return f.Kind == Number || f.Kind == Whole || f.Kind == Flag }

// UnitIn returns the field's unit at a place (the enclosing values, as
// for a Gate), with money written in currency cur.
func (f *Field) UnitIn(enclosing []any, cur string) string {
	unit := f.Unit
	if f.UnitOf != nil {
		unit = f.UnitOf(enclosing)
	}
	if per, ok := strings.CutPrefix(unit, "money"); ok {
		if cur == "" {
			cur = "money"
		}
		return cur + per
	}
	return unit
}

// Value returns the value of field f within the record rec (a pointer to
// a struct, or its reflect.Value), addressable: its Go field, or rec itself
// for a Record held in the enclosing struct.
func (f *Field) Value(rec reflect.Value) reflect.Value {
	if rec.Kind() == reflect.Pointer {
		rec = rec.Elem()
	}
	if f.Go == "" {
		return rec
	}
	return rec.FieldByName(f.Go)
}

// Format returns the scenario format's table: the top-level record, whose
// Fields are the sections of a scenario file. It is shared: do not change
// it.
func Format() *Field { return format }

// Money units and the durations of costs.
const (
	moneyMonth = "money a month"
	moneyYear  = "money a year"
)

// onePayer is the Split of a flow paid (or received) by one payer or
// several.
func payers(one, many, doc string) *Field {
	return &Field{Key: one, Many: many, Kind: PayerSplit, Go: "Payers", Required: true, Label: many, Doc: doc,
		Bound: shareBound, Unit: "share"}
}

var format = mustBind(reflect.TypeFor[Scenario](), &Field{Kind: Record, Fields: []*Field{
	{Key: "extends", Kind: Section, Doc: "a scenario file this one builds on: its sections, replaced by this file's"},
	{Key: "set", Kind: Section, Doc: "[{path, value | distribution, source | assumption}]: numbers changed as -set does"},
	{Key: "name", Kind: Text, Go: "Name", Required: true, Doc: "the scenario's name, in every result"},
	{Key: "description", Kind: Prose, Go: "Description", Doc: "what it compares, in a sentence"},
	{Key: "about", Kind: Section, Doc: "what it is for (read by package scenario)", Fields: []*Field{
		{Key: "population", Kind: Prose, Doc: "who it models"},
		{Key: "country", Kind: Prose, Doc: "where: its rules and money"},
		{Key: "question", Kind: Prose, Doc: "what it answers"},
		{Key: "decided_by", Kind: Prose, Doc: "the assumption that decides the answer"},
		{Key: "sources", Kind: Section, Doc: "[TEXT, ...]: its main sources"},
	}},
	{Key: "currency", Kind: Text, Go: "Currency", Required: true, Doc: "e.g. NOK"},
	{Key: "price_year", Kind: Whole, Go: "PriceYear", Required: true, Bound: priceYear, Unit: "year", Label: "price year",
		Doc: "the year whose prices the amounts are in"},
	{Key: "horizon_months", Kind: Whole, Go: "HorizonMonths", Required: true, Bound: horizonBound, Unit: "months",
		Label: "horizon (months)", Doc: "H: flows are counted for months 1..H"},
	{Key: "observed_months", Kind: Whole, Go: "ObservedMonths", Bound: observedBound, Unit: "months", Label: "observed months",
		Doc: "a trial's window W: results also over months 0..W (0: none)"},
	{Key: "effect_measured_months", Kind: Whole, Go: "EffectMeasuredMonths", Bound: observedBound, Unit: "months",
		Label: "months the effect was measured",
		Doc:   "the last month the effect was measured, within the observed window: reports say the effect after it is assumed (0: to its end)"},
	{Key: "discount", Kind: List, Go: "Discount", Required: true, Label: "discount rate", Doc: "annual real discount rates by year", Item: "from_year",
		Fields: []*Field{
			{Key: "from_year", Kind: Whole, Go: "FromYear", Required: true, Bound: fromYearBound, Unit: "year", Label: "first year of discount rate",
				Doc: "the first year of the rate (the first step: 1)"},
			{Key: "rate", Kind: Number, Go: "Rate", Required: true, Bound: discountBound, Unit: "rate a year", Label: "discount rate",
				Doc: "annual real discount rate"},
		}},
	{Key: "wage_growth", Kind: Number, Go: "WageGrowth", Bound: growthBound, Unit: "rate a year", Label: "wage growth",
		Doc: "annual real growth of earnings (default 0)"},
	{Key: "indexation", Kind: Word, Go: "Indexed", Words: []string{"none", "wages"}, Label: "indexation",
		Doc: "benefits and tax thresholds follow wages (default none)"},
	{Key: "payers", Kind: Names, Go: "Payers", Required: true, Doc: "the public budgets: [state, municipality, ...]"},
	{Key: "perspective", Kind: Record, Go: "Perspective", Required: true, Label: "perspective", Fields: []*Field{
		{Key: "displacement", Kind: Number, Go: "Displacement", Bound: shareBound, Unit: "share", Label: "displacement",
			Doc: "share of the extra work taken from other job seekers (default 0)"},
		{Key: "displacement_in_budgets", Kind: Flag, Go: "DisplacementInBudgets", Bound: switchBound, Unit: "switch",
			Label: "displacement reaches the public budgets",
			Doc:   "the displaced workers' lost taxes and contributions and extra benefits reach the payers (default false)"},
		{Key: "marginal_cost_of_public_funds", Kind: Number, Go: "Lambda", Required: true, Bound: lambdaBound, Unit: "rate",
			Label: "marginal cost of public funds", Doc: "lambda: a net public krone is worth 1 + lambda to society"},
		{Key: "financing_on_spending", Kind: Flag, Go: "FinancingOnSpending", Bound: switchBound, Unit: "switch",
			Label: "financing cost on public spending only",
			Doc:   "lambda on public spending only, not on taxes and contributions (WSIPP; default false: the net public flow)"},
		{Key: "non_market", Kind: Record, Go: "NonMarket", Label: "non-market value", Fields: []*Field{
			{Key: "include", Kind: Flag, Go: "Include", Bound: switchBound, Unit: "switch", Label: "count the non-market value",
				Doc: "count it in society's result (default false; -set 1 or 0)"},
			{Key: "per_employed_month", Kind: Number, Go: "PerEmployedMonth", Bound: moneyBound, Unit: "money a month in work",
				Label: "value of a month in work", Doc: "the value of work beyond its pay"},
		}},
		{Key: "leisure", Kind: Record, Go: "Leisure", Label: "leisure", Fields: []*Field{
			{Key: "include", Kind: Flag, Go: "Include", Bound: switchBound, Unit: "switch", Label: "count the leisure given up",
				Doc: "count the leisure given up (default false; -set 1 or 0)"},
			{Key: "share", Kind: Number, Go: "Share", RequiredWhen: when(func(l *Leisure) bool { return l.Include }),
				Bound: shareBound, Unit: "share of earnings", Label: "value of leisure given up", Doc: "as a share of the earnings gained"},
		}},
	}},
	{Key: "employer_contribution", Kind: Record, Go: "EmployerContribution", Label: "employer's contribution", Subject: true, Fields: []*Field{
		{Key: "rate", Kind: Number, Go: "Rate", Required: true, Bound: shareBound, Unit: "rate", Label: "rate",
			Doc: "on gross earnings"},
		{Key: "threshold", Kind: Number, Go: "Threshold", Bound: moneyBound, Unit: moneyYear, Label: "threshold",
			Doc: "earnings a year above which it is paid (0: from the first krone)"},
		{Key: "receiver", Many: "receivers", Kind: PayerSplit, Go: "Receivers", Required: true, Bound: shareBound, Unit: "share",
			Label: "receivers", Doc: "the payer that receives it, or several with shares"},
	}},
	{Key: "taxes", Kind: Entries, Go: "Taxes", Label: "taxes", Doc: "the components of income tax, by name", Fields: []*Field{
		{Key: "label", Kind: Prose, Go: "Label", Doc: "its name for readers"},
		{Key: "receiver", Many: "receivers", Kind: PayerSplit, Go: "Receivers", Required: true, Bound: shareBound, Unit: "share",
			Label: "receivers", Doc: "the payer that receives it, or several with shares"},
		{Key: "rate", Kind: Number, Go: "Rate", Bound: shareBound, Unit: "rate", Label: "rate", Doc: "on the taxable base (wages when pension_rate is given)"},
		{Key: "pension_rate", Kind: Number, Go: "PensionRate", Given: "PensionRateGiven", Bound: shareBound, Unit: "rate",
			When: only(when(func(t *TaxComponent) bool { return t.PensionRateGiven }), ""), Label: "rate on pensions",
			Doc: "on pension-like income (a social security contribution)"},
		{Key: "brackets", Kind: List, Go: "Brackets", Label: "brackets", Doc: "progressive rates on the taxable base", Item: "from", Fields: []*Field{
			{Key: "from", Kind: Number, Go: "From", Required: true, Bound: moneyBound, Unit: moneyYear, Label: "start of bracket", Doc: "where the rate starts"},
			{Key: "rate", Kind: Number, Go: "Rate", Required: true, Bound: shareBound, Unit: "rate", Label: "rate"},
		}},
		{Key: "personal_allowance", Kind: Number, Go: "PersonalAllowance", Bound: moneyBound, Unit: moneyYear, Label: "personal allowance",
			Doc: "subtracted after the standard deduction"},
		{Key: "standard_deduction", Kind: Record, Label: "standard deduction", Subject: true, Fields: []*Field{
			{Key: "share", Kind: Number, Go: "DeductionShare", Required: true, Bound: shareBound, Unit: "share", Label: "share",
				Doc: "of the base"},
			{Key: "cap", Kind: Number, Go: "DeductionCap", Bound: moneyBound, Unit: moneyYear, Label: "cap", Doc: "at most (0: no cap)"},
		}},
		{Key: "floor", Kind: Record, Label: "floor", Subject: true, Fields: []*Field{
			{Key: "threshold", Kind: Number, Go: "Floor", Required: true, Bound: moneyBound, Unit: moneyYear, Label: "threshold",
				Doc: "no tax at or below it"},
			{Key: "phase_in", Kind: Number, Go: "PhaseIn", Bound: shareBound, Unit: "rate", Label: "phase-in",
				Doc: "at most this share of the base above the threshold (0: no limit)"},
		}},
	}, AnyOf: []string{"rate", "brackets"}, AnyOfMsg: "needs a rate or brackets"},
	{Key: "equalisation", Kind: List, Go: "Equalisation", Label: "income equalisation",
		Doc: "of a receiver's share of a tax, the receiver keeps the retention; the rest goes to rest_to", Fields: []*Field{
			{Key: "tax", Kind: Text, Go: "Tax", Required: true, Doc: "the tax (its name under taxes)"},
			{Key: "receiver", Kind: Text, Go: "Receiver", Required: true, Doc: "the payer whose share is equalised"},
			{Key: "retention", Kind: Number, Go: "Retention", Required: true, Bound: shareBound, Unit: "share",
				Label: "share kept", Doc: "the share of its part the receiver keeps"},
			{Key: "rest_to", Kind: Text, Go: "RestTo", Required: true, Doc: "the payer that gets the rest (the other municipalities)"},
		}},
	{Key: "benefits", Kind: Entries, Go: "Benefits", Label: "benefits", Doc: "the benefits' rules, by name", Fields: []*Field{
		{Key: "label", Kind: Prose, Go: "Label", Doc: "its name for readers"},
		payers("payer", "payers", "the payer, or several with shares"),
		{Key: "taxable", Kind: Word, Go: "Taxable", Required: true, Words: []string{"none", "wage", "pension"},
			Doc: "how it counts for income tax"},
		{Key: "in_work", Kind: Record, Go: "InWork", Required: true, Label: "in work", Doc: "how it continues for a recipient in work",
			OneOf: []string{"earnings", "hours"}, OneOfGo: "Kind", OneOfMsg: "needs exactly one of earnings or hours",
			Fields: []*Field{
				{Key: "earnings", Kind: Record, Label: "earnings", When: only(when(func(r *InWorkRule) bool { return r.Kind == OnEarnings }), ""),
					Doc: "amount - taper * (earnings - disregard), at least 0, and 0 above the cutoff", Fields: []*Field{
						{Key: "disregard", Kind: Number, Go: "Disregard", Bound: moneyBound, Unit: moneyMonth, Label: "disregard",
							Doc: "earnings allowed before it is reduced"},
						{Key: "taper", Kind: Number, Go: "Taper", Required: true, Bound: taperBound, Unit: "ratio", Label: "taper",
							Doc: "reduction per unit of earnings above the disregard"},
						{Key: "cutoff", Kind: Number, Go: "Cutoff", Bound: moneyBound, Unit: moneyMonth, Label: "cutoff",
							Doc: "earnings above which nothing is paid (0: none)"},
					}},
				{Key: "hours", Kind: Record, Label: "hours", When: only(when(func(r *InWorkRule) bool { return r.Kind == OnHours }), ""),
					Doc: "amount * (1 - hours/normal), and 0 above the stop share", Fields: []*Field{
						{Key: "normal_weekly_hours", Kind: Number, Go: "NormalHours", Required: true, Bound: normalHours, Unit: "hours a week",
							Label: "normal weekly hours", Doc: "full time"},
						{Key: "stop_share", Kind: Number, Go: "StopShare", Default: 1, Bound: shareBound, Unit: "share",
							Label: "share of hours that stops it", Doc: "share of normal hours above which nothing is paid (default 1)"},
					}},
			}},
	}},
	{Key: "groups", Kind: Entries, Go: "Groups", Required: true, Label: "groups", Doc: "the parts of the population, by name", Fields: []*Field{
		{Key: "label", Kind: Prose, Go: "Label", Doc: "its name for readers"},
		{Key: "share", Kind: Number, Go: "Share", Required: true, Bound: shareBound, Unit: "share", Label: "share of the population",
			Doc: "of the population (the groups' shares sum to 1)"},
		jobField(true),
		{Key: "benefits", Kind: Matched, Go: "Receipts", Of: "benefits", Label: "benefits",
			Doc: "who receives each benefit (by its name), and how much", Fields: []*Field{
				{Key: "share", Kind: Number, Go: "Share", Required: true, Bound: shareBound, Unit: "share", Label: "share receiving it",
					Doc: "of the group receiving it from month 1"},
				{Key: "amount", Kind: Number, Go: "Amount", Required: true, Bound: moneyBound, Unit: moneyMonth, Label: "amount a month out of work",
					Doc: "a month, out of work"},
				{Key: "later", Kind: List, Go: "Later", Label: "later", Doc: "the share from a later month on", Item: "from_month", Fields: []*Field{
					{Key: "from_month", Kind: Whole, Go: "FromMonth", Required: true, Bound: monthBound, Unit: "month", Label: "first month of later share"},
					{Key: "share", Kind: Number, Go: "Share", Required: true, Bound: shareBound, Unit: "share", Label: "share receiving it"},
				}},
			}},
	}},
	{Key: "comparator", Kind: Text, Go: "Comparator", Required: true, Doc: "the arm every other arm is compared with"},
	{Key: "arms", Kind: Entries, Go: "Arms", Required: true, Label: "arms", Doc: "the programmes, by name", Fields: []*Field{
		{Key: "label", Kind: Prose, Go: "Label", Doc: "its name for readers"},
		{Key: "enrolment", Kind: Record, Go: "Enrolment", Label: "enrolment", Doc: "how long participants stay", Fields: []*Field{
			{Key: "months", Kind: Number, Go: "Months", Bound: monthsBound, Unit: "months", Label: "months enrolled",
				Doc: "how long (left out: the whole horizon)"},
			{Key: "dropout", Kind: Number, Go: "Dropout", Bound: shareBound, Unit: "probability a month", Label: "monthly drop-out",
				Doc: "the chance of leaving each month"},
		}},
		{Key: "costs", Kind: Entries, Go: "Costs", Label: "costs", Doc: "what it costs, by name", Fields: []*Field{
			{Key: "label", Kind: Prose, Go: "Label", Doc: "its name for readers"},
			{Key: "category", Kind: Word, Go: "Category", Required: true, Words: []string{"programme", "service"},
				Doc: "programme costs are the ratios' denominator; service costs are not"},
			payers("payer", "payers", "the payer, or several with shares"),
			timingField(),
			amountField("cost per participant"),
			monthsField("cost"),
		}},
		{Key: "allowances", Kind: Entries, Go: "Allowances", Label: "allowances",
			Doc: "what it pays its participants on top of their benefits, by name", Fields: []*Field{
				{Key: "label", Kind: Prose, Go: "Label", Doc: "its name for readers"},
				payers("payer", "payers", "the payer, or several with shares"),
				timingField(),
				amountField("amount per participant"),
				monthsField("allowance"),
			}},
		{Key: "effect", Kind: Record, Go: "Effect", Label: "effect",
			Doc: "its average effect over the comparator (instead of each group's curve)", Fields: []*Field{
				{Key: "points", Kind: List, Go: "Points", Required: true, Label: "effect", Item: "month",
					Doc: "the effect measured: one of its kinds, arm minus comparator", Fields: effectPointFields(),
					OneOf: outcomeKeys("difference"), OneOfGo: "Kind", OneOfFirst: true,
					OneOfMsg: "give one of difference, ever_employed, mean_share, hours or earnings"},
				extrapolationField(),
				halfLifeField(nil, "an effect"),
			}},
		{Key: "groups", Kind: Matched, Go: "Groups", Of: "groups", Required: true, AllOf: true,
			Missing: "is missing: every arm states employment for every group", Label: "groups",
			Doc: "each group's employment in this arm (by the group's name)", Fields: []*Field{
				{Key: "employment", Kind: Record, Go: "Employment", Required: true, Label: "employment",
					When: only(when(func(a *Arm) bool { return a.Effect == nil }),
						"an arm with an effect gives each group an effect_multiplier, not an employment curve"),
					Doc: "the share in work over time", Fields: employmentFields()},
				{Key: "effect_multiplier", Kind: Number, Go: "EffectMultiplier", Required: true, Default: 1,
					Missing: "is required with the arm's effect (1: the average effect)",
					When:    only(when(func(a *Arm) bool { return a.Effect != nil }), "belongs to an arm with an effect"),
					Bound:   multiplierBound, Unit: "multiplier", Label: "effect multiplier",
					Doc: "the group's effect relative to the arm's average (1: the average)"},
				jobField(false),
			}},
	}},
	{Key: "cohort", Kind: Record, Go: "Cohort", Label: "cohort", Doc: "the programme's intake, for the budget", Fields: []*Field{
		{Key: "starts_per_year", Kind: Number, Go: "StartsPerYear", Bound: startsBound, Unit: "participants a year",
			Label: "participants starting a year", Doc: "participants starting each year"},
		{Key: "years", Kind: Whole, Go: "Years", Bound: yearsBound, Unit: "years", Label: "years of intake", Doc: "years of intake"},
	}},
	{Key: "published", Kind: Section, Label: "published figures",
		Doc: "the figures of the study the scenario is founded on, beside the model's (read by package scenario)", Fields: []*Field{
			{Key: "NAME", Kind: Record, Doc: "one figure, by a name of the scenario's own", Fields: []*Field{
				{Key: "label", Kind: Prose, Required: true, Doc: "what the figure is"},
				{Key: "citation", Kind: Prose, Required: true, Doc: "where it is published, and where in the text"},
				{Key: "value", Kind: Number, Required: true, Doc: "as published, in the study's units and money"},
				{Key: "to_model", Kind: Number, Doc: "converts the value to the scenario's: a price index's ratio, an exchange rate (default 1)"},
				{Key: "measure", Kind: Word, Required: true, Words: FigureMeasures, Doc: "the model's figure set beside it (Published)"},
				{Key: "arm", Kind: Text, Doc: "the arm compared with the comparator (default: the first other arm)"},
				{Key: "perspectives", Kind: Names, Doc: "whose figure: [participant, public, society, PAYER, ...], summed"},
				{Key: "components", Kind: Names, Doc: "components: their names (financing, tax:NAME, benefit:*, ...), or PERSPECTIVE/COMPONENT"},
				{Key: "of", Kind: Names, Doc: "share: the perspectives whose gain (or the PERSPECTIVE/COMPONENT terms whose sum) is the whole"},
				{Key: "months", Kind: Whole, Doc: "over months 0..months (default: the horizon)"},
				{Key: "side", Kind: Word, Words: Sides, Doc: "earnings, hours, employment: whose (default difference)"},
				{Key: "tolerance", Kind: Number, Doc: "the relative difference within which the model reproduces it (a test holds it)"},
				{Key: "reason", Kind: Prose, Doc: "without a tolerance: why the model's figure differs, in a line"},
			}},
		}},
	{Key: "uncertainty", Kind: Section, Label: "uncertainty", Doc: "numbers drawn together", Fields: []*Field{
		{Key: "correlations", Kind: List, Provenance: true, Doc: "rank correlations between two uncertain numbers", Fields: []*Field{
			{Key: "between", Kind: Paths, Required: true, Doc: "[PATH, PATH]"},
			{Key: "rank", Kind: Number, Required: true, Bound: RankBound, Unit: "rank correlation", Label: "rank correlation"},
		}},
		{Key: "dirichlet", Kind: List, Provenance: true, Doc: "shares drawn together, keeping their sum", Fields: []*Field{
			{Key: "shares", Kind: Paths, Required: true, Doc: "[PATH, ...]"},
			{Key: "concentration", Kind: Number, Required: true, Bound: ConcentrationBound, Unit: "concentration",
				Label: "concentration", Doc: "larger: less spread"},
		}},
	}},
}})

// jobField is a group's job, or (in an arm) the job that replaces it.
func jobField(required bool) *Field {
	doc := "the work of an employed participant"
	if !required {
		doc = "this arm's job, when it differs from the group's"
	}
	return &Field{Key: "job", Kind: Record, Go: "Job", Required: required, Label: "job", Doc: doc,
		OneOf: []string{"hourly_wage", "monthly_earnings"}, OneOfGo: "EarningsGiven", OneOfFirst: true,
		OneOfMsg: "give hourly_wage or monthly_earnings, not both", Fields: []*Field{
			{Key: "weekly_hours", Kind: Number, Go: "WeeklyHours", Required: true, Bound: hoursBound, Unit: "hours a week",
				Label: "weekly hours in work", Doc: "hours a week in work"},
			{Key: "hourly_wage", Kind: Number, Go: "HourlyWage", Required: true, Bound: moneyBound, Unit: "money an hour",
				When: only(when(func(j *Job) bool { return !j.EarningsGiven }), ""), Label: "hourly wage", Doc: "gross (or monthly_earnings)"},
			{Key: "monthly_earnings", Kind: Number, Go: "MonthlyEarnings", Required: true, Bound: moneyBound, Unit: moneyMonth,
				When: only(when(func(j *Job) bool { return j.EarningsGiven }), ""), Label: "monthly earnings",
				Doc: "gross, instead of hourly_wage * weekly_hours * 52/12"},
		}}
}

func timingField() *Field {
	return &Field{Key: "timing", Kind: Word, Go: "Timing", Required: true, Words: []string{"per_enrolled_month", "one_off", "per_month"},
		Doc: "a month while enrolled, once at the start, or every month"}
}

// amountField is a cost's or an allowance's amount, a month or once
// (label: a reader's words for it).
func amountField(label string) *Field {
	return &Field{Key: "amount", Kind: Number, Go: "Amount", Required: true, Bound: moneyBound, Unit: moneyMonth, Label: label,
		UnitOf: func(enc []any) string {
			switch v := enc[0].(type) {
			case *Cost:
				return "money " + timingUnit(v.Timing)
			case *Allowance:
				return "money " + timingUnit(v.Timing)
			}
			return moneyMonth
		},
		Doc: "a month (once, when one_off)"}
}

// monthsField is how many months a per_month cost or allowance lasts.
func monthsField(what string) *Field {
	gate := func(t Timing) bool { return t == PerMonth }
	return &Field{Key: "months", Kind: Number, Go: "Months", Bound: monthsBound, Unit: "months", Label: "months paid",
		When: only(func(enc []any) bool {
			switch v := enc[0].(type) {
			case *Cost:
				return gate(v.Timing)
			case *Allowance:
				return gate(v.Timing)
			}
			return false
		}, "only a per_month "+what+" has months (enrolment sets the others')"),
		Doc: "per_month: how many months (left out: the whole horizon)"}
}

func extrapolationField() *Field {
	return &Field{Key: "extrapolation", Kind: Word, Go: "After", Required: true, Words: []string{"constant", "decay", "end"},
		Doc: "after the last point: held, its difference from the comparator decaying, or ended"}
}

// halfLifeField is the half-life of a decaying effect or curve (what: "an
// effect", "a curve").
func halfLifeField(when []Cond, what string) *Field {
	decays := func(enc []any) bool {
		switch v := enc[0].(type) {
		case *Effect:
			return v.After == DecayToComparator
		case *Employment:
			return v.After == DecayToComparator
		}
		return false
	}
	when = append(when, Cond{Holds: decays, Refuse: "only " + what + " with extrapolation: decay has a half-life"})
	return &Field{Key: "half_life_months", Kind: Number, Go: "HalfLifeMonths", Required: true, When: when, Bound: halfLifeBound, Unit: "months",
		Label: "half-life of the effect (months)", Doc: "decay: the difference from the comparator halves in this many months"}
}

func employmentFields() []*Field {
	markov := only(when(func(e *Employment) bool { return e.Model == Markov }), "belongs to a markov chain, not an observed curve")
	observed := only(when(func(e *Employment) bool { return e.Model == Observed }), "belongs to an observed curve, not a markov chain")
	return []*Field{
		{Key: "model", Kind: Word, Go: "Model", Required: true, Words: []string{"markov", "observed"}, WordBase: 1,
			Doc: "a two-state chain, or shares observed at given months"},
		{Key: "initial", Kind: Number, Go: "Initial", Bound: shareBound, Unit: "share", Label: "share at the start",
			Doc: "e(0), the share in work at the start (default 0)"},
		{Key: "periods", Kind: List, Go: "Periods", Required: true, When: markov, Item: "from_month",
			Label: "periods", Doc: "markov: monthly transition probabilities from a month on", Fields: []*Field{
				{Key: "from_month", Kind: Whole, Go: "FromMonth", Required: true, Bound: monthBound, Unit: "month", Label: "first month of period"},
				{Key: "job_finding", Kind: Number, Go: "JobFinding", Required: true, Bound: shareBound, Unit: "probability a month",
					Label: "monthly chance of finding a job"},
				{Key: "job_loss", Kind: Number, Go: "JobLoss", Required: true, Bound: shareBound, Unit: "probability a month",
					Label: "monthly chance of losing a job"},
			}},
		{Key: "points", Kind: List, Go: "Points", Required: true, When: observed, Item: "month",
			Label: "points", Doc: "observed: the shares in work (or a kind of outcome), linearly interpolated", Fields: curvePointFields(),
			OneOf: outcomeKeys("share"), OneOfGo: "Kind", OneOfFirst: true,
			OneOfMsg: "give one of share, ever_employed, mean_share, hours or earnings"},
		withWhen(extrapolationField(), observed),
		halfLifeField(observed, "a curve"),
	}
}

// outcomeKeys are the keys of the kinds of outcome of a point, in the
// order of OutcomeKind, the first being the share (or difference) at the
// month.
func outcomeKeys(first string) []string {
	return []string{first, "ever_employed", "mean_share", "hours", "earnings"}
}

// outcomeFields are the fields of a point of a curve (effect false) or an
// effect: its month, one value of its kind, and the conversion of "ever
// employed".
func outcomeFields[P any](kind func(*P) OutcomeKind, effect bool) []*Field {
	is := func(k OutcomeKind) []Cond {
		return only(when(func(p *P) bool { return kind(p) == k }), "")
	}
	goName, share, of := "Share", shareBound, ""
	hours, money := Bound{Min: 0, Max: maxHoursOver}, moneyBound
	if effect {
		goName, share, of = "Difference", differenceBound, ", arm minus comparator"
		hours, money = Bound{Min: -maxHoursOver, Max: maxHoursOver}, Bound{Min: -MaxMoney, Max: MaxMoney}
	}
	first := &Field{Key: "share", Kind: Number, Go: goName, Required: true, When: is(ShareAtMonth), Bound: share,
		Unit: "share", Label: "share in work", Doc: "the share in work at the month"}
	if effect {
		first = &Field{Key: "difference", Kind: Number, Go: goName, Required: true, When: is(ShareAtMonth), Bound: share,
			Unit: "difference of shares", Label: "effect", Doc: "its share in work at the month minus the comparator's"}
	}
	label := func(s string) string {
		if effect {
			return "effect (" + s + ")"
		}
		return s
	}
	unit := func(s string) string {
		if effect && s == "share" {
			return "difference of shares"
		}
		return s
	}
	return []*Field{
		{Key: "month", Kind: Whole, Go: "Month", Required: true, Bound: monthBound, Unit: "month", Label: "month of point"},
		first,
		{Key: "ever_employed", Kind: Number, Go: goName, Required: true, When: is(EverEmployed), Bound: share, Unit: unit("share"),
			Label: label("ever employed"), Doc: "the share ever in work within months 0..month" + of + " (with time_in_work)"},
		{Key: "mean_share", Kind: Number, Go: goName, Required: true, When: is(MeanShare), Bound: share, Unit: unit("share"),
			Label: label("mean share in work"), Doc: "the mean share in work over months 1..month (weeks worked)" + of},
		{Key: "hours", Kind: Number, Go: goName, Required: true, When: is(HoursWorked), Bound: hours, Unit: "hours",
			Label: label("hours worked"), Doc: "hours worked per participant over months 1..month" + of},
		{Key: "earnings", Kind: Number, Go: goName, Required: true, When: is(EarningsEarned), Bound: money, Unit: "money",
			Label: label("earnings"), Doc: "gross earnings per participant over months 1..month" + of},
		{Key: "time_in_work", Kind: Number, Go: "TimeInWork", Required: true, When: is(EverEmployed), Bound: timeInWorkBound,
			Unit: "share", Label: "share of the period in work among those ever employed",
			Doc: "ever_employed: the share of the period those ever in work spent in work (Bond et al. 2008: 0.47)"},
		{Key: "ramp_months", Kind: Whole, Go: "RampMonths", When: only(func(enc []any) bool {
			switch p := enc[0].(type) {
			case *EffectPoint:
				return p.Kind != ShareAtMonth
			case *CurvePoint:
				return p.Kind != ShareAtMonth
			}
			return false
		}, "only a point of another kind than the share at its month has ramp_months"), Bound: rampBound, Unit: "months",
			Label: "months to reach the level",
			Doc:   "not share/difference: the months after the previous point to reach the level, then held (default: a straight line)"},
	}
}

func effectPointFields() []*Field {
	return outcomeFields(func(p *EffectPoint) OutcomeKind { return p.Kind }, true)
}

func curvePointFields() []*Field {
	return outcomeFields(func(p *CurvePoint) OutcomeKind { return p.Kind }, false)
}

func withWhen(f *Field, when []Cond) *Field {
	f.When = when
	return f
}

// mustBind checks that every Go name of the table names a field of the
// right kind, and panics otherwise: the table and the types are written
// together, and a misspelling must fail every test.
func mustBind(t reflect.Type, root *Field) *Field {
	if err := bind(t, root, ""); err != nil {
		panic("cba: the scenario format's table does not match the types: " + err.Error())
	}
	return root
}

func bind(t reflect.Type, f *Field, path string) error {
	if f.Kind == Section {
		return nil
	}
	ft := t
	if f.Go != "" {
		sf, ok := t.FieldByName(f.Go)
		if !ok {
			return fmt.Errorf("%s: %s has no field %s", path, t, f.Go)
		}
		ft = sf.Type
	}
	want := map[Kind][]reflect.Kind{
		Number: {reflect.Float64}, Whole: {reflect.Int}, Text: {reflect.String}, Prose: {reflect.String}, Word: {reflect.Int, reflect.Bool},
		Flag: {reflect.Bool}, Record: {reflect.Struct, reflect.Pointer}, List: {reflect.Slice}, Entries: {reflect.Slice},
		Matched: {reflect.Slice}, PayerSplit: {reflect.Slice}, Names: {reflect.Slice}, Paths: {reflect.Slice},
	}[f.Kind]
	ok := false
	for _, k := range want {
		ok = ok || ft.Kind() == k
	}
	if !ok {
		return fmt.Errorf("%s: %s is a %s", path, f.Go, ft)
	}
	if f.Given != "" {
		if sf, ok := t.FieldByName(f.Given); !ok || sf.Type.Kind() != reflect.Bool {
			return fmt.Errorf("%s: %s has no bool %s", path, t, f.Given)
		}
	}
	item := ft
	switch f.Kind {
	case Record:
		if item.Kind() == reflect.Pointer {
			item = item.Elem()
		}
	case List, Entries, Matched:
		item = ft.Elem()
	default:
		return nil
	}
	if f.OneOfGo != "" {
		if _, ok := item.FieldByName(f.OneOfGo); !ok {
			return fmt.Errorf("%s: %s has no field %s", path, item, f.OneOfGo)
		}
	}
	for _, c := range f.Fields {
		if err := bind(item, c, path+"."+c.Key); err != nil {
			return err
		}
	}
	return nil
}
