package cba

import (
	"maps"
	"strconv"
)

// Scenario is one comparison of programmes (arms) for one population, with
// everything the model needs: time, discounting, taxes, benefits, the groups
// of the population, and each arm's employment and costs.
//
// Money is per participant, in Currency at PriceYear prices (real terms).
// Monthly amounts are per month; tax thresholds and allowances are annual.
//
// A Scenario is plain data: build one in Go or read one from a YAML file with
// package ipscba/cba/scenario. Validate reports what is wrong with it, each
// problem under the parameter path a scenario file uses.
type Scenario struct {
	Name        string
	Description string
	Currency    string // e.g. "NOK"
	PriceYear   int    // the year whose prices the amounts are in

	// HorizonMonths is H: flows are counted for months 1..H after the start
	// (one-off costs at month 0).
	HorizonMonths int
	// ObservedMonths, when not 0, is the window a trial observed (e.g. 43
	// months): results are also reported over months 0..ObservedMonths, as
	// the evidence, beside the horizon's extrapolation.
	ObservedMonths int
	// EffectMeasuredMonths, when not 0, is the last month at which the
	// observed window's study measured the effect (the Norwegian trial: 18
	// of its 43 months of register follow-up): the months after it are
	// follow-up whose effect the scenario assumes, and reports say so.
	EffectMeasuredMonths int

	// Discount is the schedule of annual real discount rates, by year. The
	// first step must start in year 1; a step holds until the next begins.
	Discount []RateStep

	// WageGrowth is the annual real growth of earnings; earnings in month m
	// are scaled by (1+WageGrowth)^((m-1)/12).
	WageGrowth float64
	// Indexed says that benefit amounts (and the money amounts of their
	// in-work rules) and tax thresholds grow with wages, as Norway's G
	// does; when false they stay as given in real terms.
	Indexed bool

	// Payers names the public budgets (e.g. "state", "municipality",
	// "health_trust"). Taxes, benefits and costs name one or several of them.
	Payers []string

	Perspective          Perspective
	EmployerContribution EmployerContribution
	Taxes                []TaxComponent
	// Equalisation lists income equalisation between budgets of one tier,
	// a receiver's share of a tax at a time.
	Equalisation []Equalisation
	Benefits     []Benefit

	// Groups split the population; their shares sum to 1.
	Groups []Group

	// Comparator names the arm every other arm is compared with.
	Comparator string
	Arms       []Arm

	// Cohort describes the programme's intake, for the budget impact.
	Cohort Cohort

	// Aliases lists numbers written once and used in several places (a YAML
	// anchor): the paths of each entry take one value. Setting any of them
	// sets all; a distribution on any of them is one draw for all.
	Aliases [][]string

	// Uncertainty describes the uncertain parameters, for Monte Carlo runs.
	Uncertainty Uncertainty

	// Published are the figures a study the scenario is founded on
	// published, each with the model's figure under the same convention
	// (Published.Model). They do not change any result (nor the
	// fingerprint): reports print them beside the result.
	Published []Published `json:"-"`

	// Texts holds the scenario's text in languages other than English:
	// by language ("nb"), the text at each path of the file ("description",
	// "groups.under30.label", "published.NAME.reason", "about.sources[0]",
	// and a number's provenance under its path and key:
	// "groups.under30.share.source"). Package scenario fills it from text
	// written {en: ..., nb: ...} (Prose in the format's table). Reports in a
	// language show its text where there is one, and English elsewhere. It
	// changes no result, nor the fingerprint.
	Texts map[string]map[string]string `json:"-"`
}

// Text returns the scenario's text at path in lang (Texts), and whether
// it has one there: without, a reader is shown the English text the
// field holds.
func (s *Scenario) Text(lang, path string) (string, bool) {
	if s == nil {
		return "", false
	}
	t, ok := s.Texts[lang][path]
	return t, ok
}

// RateStep is the annual real discount rate in force from FromYear (1-based)
// until the next step.
type RateStep struct {
	FromYear int
	Rate     float64 // annual, e.g. 0.04
}

// Perspective holds the societal conventions of MODEL.md section 6.
type Perspective struct {
	// Displacement is the share of the extra employment that is taken from
	// other job seekers, so not a gain to society (0 = none).
	Displacement float64
	// DisplacementInBudgets says that displacement reaches the public
	// budgets too: the displaced workers lose the taxes and contributions
	// their work paid and receive the benefits it had saved, so each
	// payer's employer contribution, taxes and benefits count 1 -
	// Displacement of what the participants' work moves (default false:
	// displacement lowers society's production only).
	DisplacementInBudgets bool
	// Lambda is the marginal cost of public funds: a net public saving of 1 is
	// worth 1+Lambda to society (Norway: 0.2).
	Lambda float64
	// FinancingOnSpending says which public flow Lambda is charged on: false
	// (the default, Norway's guidance), the whole net public flow; true,
	// public spending only (programme and service costs, benefits and
	// allowances), not taxes and contributions: WSIPP charges its deadweight
	// cost of taxation on the net programme cost and credits it on other
	// public spending saved, never on the taxes extra earnings pay.
	FinancingOnSpending bool
	// NonMarket is the optional value of work beyond its pay.
	NonMarket NonMarket
	// Leisure is the optional value of the leisure given up for work.
	Leisure Leisure
}

// NonMarket is the non-market value of being in work (quality of life). It is
// counted in society's result only when Include is true; it is always also
// reported on its own.
type NonMarket struct {
	Include          bool
	PerEmployedMonth float64 // money per participant-month in work
}

// Leisure is the value of the leisure a participant gives up to work, as a
// share of the earnings gained: when Include is true, society's result
// loses Share times the earnings (some guidance counts it; MODEL.md leaves it
// off by default). It is always also reported on its own.
type Leisure struct {
	Include bool
	Share   float64
}

// PayerShare is one payer's share of a flow.
type PayerShare struct {
	Payer string
	Share float64 // of the flow, in [0, 1]
}

// Split divides a flow between public payers (or, for a tax, its
// receivers): the shares sum to 1. A one-payer Split has share 1.
type Split []PayerShare

// Pay returns the Split that gives a whole flow to payer.
func Pay(payer string) Split { return Split{{Payer: payer, Share: 1}} }

// EmployerContribution is the employer's social security contribution: Rate
// times gross earnings above Threshold (annual, on a month's earnings times
// 12: the UK's secondary threshold; 0 for none, as Norway's), received by
// Receivers.
type EmployerContribution struct {
	Rate      float64
	Threshold float64
	Receivers Split
}

// Contribution returns the employer's contribution on monthly gross
// earnings earn.
func (ec *EmployerContribution) Contribution(earn float64) float64 {
	return ec.Rate * max(0, earn-ec.Threshold/12)
}

// IncomeKind says how a benefit counts for income tax.
type IncomeKind int

const (
	// NotTaxable: the benefit is not income for tax.
	NotTaxable IncomeKind = iota
	// WageIncome: taxed like wages.
	WageIncome
	// PensionIncome: taxed like pensions (e.g. a lower social security rate).
	PensionIncome
)

// String returns the scenario-file word for k.
func (k IncomeKind) String() string {
	switch k {
	case WageIncome:
		return "wage"
	case PensionIncome:
		return "pension"
	default:
		return "none"
	}
}

// Bracket is one step of a progressive rate schedule: Rate applies to the
// part of the taxable base above From (up to the next bracket's From).
type Bracket struct {
	From float64 // annual
	Rate float64
}

// TaxComponent is one part of the income tax, a function of annual income
// (wages plus taxable benefits, "the base"). Tax returns it for one person.
//
// Usually: Rate on the taxable base (the base less the standard deduction and
// the personal allowance) plus progressive Brackets on the same taxable base.
// A flat effective rate is TaxComponent{Rate: r}. When PensionRateGiven, wages
// are taxed at Rate and pension-like income at PensionRate, with no allowance,
// deduction or brackets (a social security contribution).
type TaxComponent struct {
	Name      string
	Label     string
	Receivers Split // the payers that receive it (Norway's tax on ordinary income: municipality, county, state)

	Rate             float64
	PensionRate      float64
	PensionRateGiven bool
	Brackets         []Bracket

	PersonalAllowance float64 // annual, subtracted after the deduction
	DeductionShare    float64 // standard deduction: this share of the base ...
	DeductionCap      float64 // ... at most this much a year (0 = no cap)

	// Floor and PhaseIn: no tax when the base is at or below Floor, and at most
	// PhaseIn times the base above Floor (Norway's national insurance: 99,650
	// and 0.25). Zero PhaseIn means no phase-in limit.
	Floor   float64
	PhaseIn float64
}

// Equalisation is income equalisation (Norway's inntektsutjevning): of
// Receiver's share of the tax named Tax, Receiver keeps Retention, and 1 -
// Retention goes to RestTo (the other municipalities), so that the public
// total is unchanged. A municipality at or above 90 % of the national
// average tax per head keeps about 1 - 0.6 of extra tax: the symmetric
// equalisation rate was 60 % before 2025.
type Equalisation struct {
	Tax       string
	Receiver  string
	Retention float64
	RestTo    string
}

// InWorkRuleKind says how a benefit is reduced when its recipient works.
type InWorkRuleKind int

const (
	// OnEarnings: amount - Taper*max(0, earnings - Disregard), at least 0,
	// and 0 above Cutoff.
	OnEarnings InWorkRuleKind = iota
	// OnHours: amount * (1 - hours/NormalHours), and 0 when hours/NormalHours
	// exceeds StopShare.
	OnHours
)

// InWorkRule is how a benefit continues for a recipient in work.
type InWorkRule struct {
	Kind InWorkRuleKind

	Disregard float64 // monthly earnings allowed before reduction (OnEarnings)
	Taper     float64 // reduction per unit of earnings above Disregard
	Cutoff    float64 // monthly earnings above which nothing is paid (0 = none)

	NormalHours float64 // weekly hours of full time (OnHours)
	StopShare   float64 // share of NormalHours above which nothing is paid
}

// Benefit is a welfare benefit stream. Who receives it and how much is stated
// per group (Group.Receipts); the rules here are common to all groups.
//
// Receipt is modelled as mutually exclusive states: a participant receives at
// most one benefit stream (the shares of a group sum to at most 1, the rest
// receive none). Tax is computed for each state separately.
type Benefit struct {
	Name    string
	Label   string
	Payers  Split
	Taxable IncomeKind
	InWork  InWorkRule
}

// Job is the work of an employed participant.
type Job struct {
	WeeklyHours float64 // hours a week in work (used by hours-based rules)
	HourlyWage  float64 // gross, per hour
	// MonthlyEarnings, when EarningsGiven, replaces HourlyWage*WeeklyHours*52/12.
	MonthlyEarnings float64
	EarningsGiven   bool
}

// ShareStep is a share that holds from FromMonth (1-based) until the next
// step.
type ShareStep struct {
	FromMonth int
	Share     float64
}

// Receipt is the receipt of one benefit in a group.
type Receipt struct {
	Share  float64 // share of the group receiving it, from month 1
	Amount float64 // monthly amount when out of work
	// Later changes the share from a later month on (a time-limited
	// allowance, moves to disability benefit): steps by increasing month.
	Later []ShareStep
}

// ShareAt returns the receipt share in force in month m (m >= 1).
func (r *Receipt) ShareAt(m int) float64 {
	v := r.Share
	for _, st := range r.Later {
		if st.FromMonth > m {
			break
		}
		v = st.Share
	}
	return v
}

// Group is a part of the population with its own parameter values.
type Group struct {
	Name  string
	Label string
	Share float64 // of the population; the shares of all groups sum to 1
	Job   Job
	// Receipts is indexed like Scenario.Benefits.
	Receipts []Receipt
}

// EmploymentModel says where an arm's employment curve comes from.
type EmploymentModel int

const (
	// NoModel: the arm's curve comes from its Effect (Arm.Effect).
	NoModel EmploymentModel = iota
	// Markov: a two-state chain with monthly job-finding and job-loss
	// probabilities.
	Markov
	// Observed: employment shares at given months, linearly interpolated.
	Observed
)

// Extrapolation says what an observed curve (or effect) does after its last
// point.
type Extrapolation int

const (
	// HoldConstant keeps the last observed value.
	HoldConstant Extrapolation = iota
	// DecayToComparator lets the arm's difference from the comparator decay
	// with HalfLifeMonths.
	DecayToComparator
	// EndEffect makes the arm follow the comparator from the last point on:
	// the effect ends at once (a half-life of zero).
	EndEffect
)

// MarkovPeriod holds monthly transition probabilities from FromMonth (1-based)
// until the next period.
type MarkovPeriod struct {
	FromMonth  int
	JobFinding float64 // P(out of work -> in work) a month
	JobLoss    float64 // P(in work -> out of work) a month
}

// OutcomeKind is what a study measured at a point of a curve or an
// effect. The model's curve is the share in work at the end of each month;
// a point of another kind is converted to the value the curve reaches (after
// its RampMonths, then held) that makes the curve's months 1..Month give
// what the study measured.
type OutcomeKind int

const (
	// ShareAtMonth: the share in competitive employment at the month (a
	// point prevalence).
	ShareAtMonth OutcomeKind = iota
	// EverEmployed: the share ever in competitive employment within months
	// 0..Month. It is converted with TimeInWork, the share of the period
	// those ever employed spent in work: the mean share in work over the
	// months is EverEmployed times TimeInWork (Bond, Drake and Becker 2008:
	// among IPS participants who worked, 24.2 weeks a year, 47 %).
	EverEmployed
	// MeanShare: the mean share in work over months 1..Month (a study's
	// share of weeks worked).
	MeanShare
	// HoursWorked: hours worked per participant over months 1..Month,
	// converted with the job's weekly hours (52/12 weeks a month).
	HoursWorked
	// EarningsEarned: gross earnings per participant over months 1..Month,
	// converted with the job's monthly earnings (at base, before wage
	// growth).
	EarningsEarned
)

// CurvePoint is an observed share in competitive employment at Month, or
// (Kind) another outcome a study measured over months 0..Month.
type CurvePoint struct {
	Month int
	Kind  OutcomeKind
	Share float64 // the share, or the outcome of Kind
	// TimeInWork converts EverEmployed: the share of the period those ever
	// employed spent in work.
	TimeInWork float64
	// RampMonths, for a point of another kind than ShareAtMonth, is how
	// many months after the previous point (or the start) the curve takes
	// to reach the point's value, then held to the point's month (about
	// the time to a first job); 0, or more than the months between the
	// points, is a straight line over all of them.
	RampMonths int
}

// Employment is the share in competitive employment over time, e(m).
type Employment struct {
	Model   EmploymentModel
	Initial float64 // e(0)

	Periods []MarkovPeriod // Markov

	Points         []CurvePoint  // Observed, by increasing month
	After          Extrapolation // Observed: after the last point
	HalfLifeMonths float64       // DecayToComparator
}

// EffectPoint is an arm's average effect on the share in work at Month: its
// share minus the comparator's, in the population as a whole.
type EffectPoint struct {
	Month      int
	Kind       OutcomeKind
	Difference float64 // of shares, or of the outcome of Kind
	// TimeInWork converts EverEmployed (CurvePoint.TimeInWork).
	TimeInWork float64
	// RampMonths is the months to reach the point's value (CurvePoint.RampMonths).
	RampMonths int
}

// Effect is an arm's average effect on employment over the comparator, as a
// trial measured it for its whole population. Each group's curve is the
// comparator's plus the effect times the group's normalised multiplier,
//
//	e_g(m) = clamp to [0, 1] of c_g(m) + k_g D(m),  k_g = M_g / sum_h s_h M_h,
//
// so that the share-weighted effect equals the trial's in every draw of the
// group shares and multipliers (up to the clamp). D(0) = 0; D is linear
// between points and after the last one held, decayed with HalfLifeMonths,
// or ended.
type Effect struct {
	Points         []EffectPoint
	After          Extrapolation
	HalfLifeMonths float64 // DecayToComparator
}

// ArmGroup is what an arm does for one group.
type ArmGroup struct {
	// Employment is the group's curve in this arm; unused (NoModel) when the
	// arm has an Effect.
	Employment Employment
	// EffectMultiplier is the group's effect relative to the arm's average
	// Effect, before normalisation (1: the average); used with Arm.Effect.
	EffectMultiplier float64
	// Job, if not nil, replaces the group's job in this arm.
	Job *Job
}

// CostCategory separates the programme's own costs (the denominator of the
// benefit-cost ratio) from other service use.
type CostCategory int

const (
	// ProgrammeCost is a cost of delivering the programme.
	ProgrammeCost CostCategory = iota
	// ServiceCost is other service use (health care, hospital days).
	ServiceCost
)

// Timing says when a cost or an allowance falls.
type Timing int

const (
	// PerEnrolledMonth: Amount per participant-month while enrolled, at the
	// end of each month, times the enrolled share.
	PerEnrolledMonth Timing = iota
	// OneOff: Amount once per participant, at the start (month 0).
	OneOff
	// PerMonth: Amount every month for the first Months months (or the whole
	// horizon when Months is 0), enrolled or not.
	PerMonth
)

// Cost is one cost of an arm, paid by public payers.
type Cost struct {
	Name     string
	Label    string
	Payers   Split
	Category CostCategory
	Timing   Timing
	Amount   float64
	Months   float64 // PerMonth: how many months (0 = horizon)
}

// Allowance is a benefit an arm pays its participants on top of the
// group's benefits (a course allowance while on a measure): a transfer from
// its payers to the participant, not a cost to society. It is not taxable
// and does not depend on work.
type Allowance struct {
	Name   string
	Label  string
	Payers Split
	Timing Timing
	Amount float64
	Months float64 // PerMonth: how many months (0 = horizon)
}

// Enrolment is how long participants stay in an arm's programme. The share
// enrolled in month m is min(1, max(0, Months-(m-1))) * (1-Dropout)^(m-1):
// a fixed duration (fractional months allowed) and a monthly drop-out
// probability. Months of 0 means the whole horizon.
type Enrolment struct {
	Months  float64
	Dropout float64
}

// Arm is one programme.
type Arm struct {
	Name       string
	Label      string
	Enrolment  Enrolment
	Costs      []Cost
	Allowances []Allowance
	// Effect, if not nil, gives every group's curve relative to the
	// comparator's (not for the comparator itself).
	Effect *Effect
	// Groups is indexed like Scenario.Groups.
	Groups []ArmGroup
}

// Cohort is the programme's intake: StartsPerYear participants a year, spread
// evenly over the months, for Years years.
type Cohort struct {
	StartsPerYear float64
	Years         int
}

// CheckIntake returns nil when the cohort has an intake (participants
// starting in at least one year), else why a budget has nothing to show.
// Every budget asks it: RunBudget, the command's -budget, the reports.
func (c Cohort) CheckIntake() error {
	if c.StartsPerYear > 0 && c.Years > 0 {
		return nil
	}
	return Errorf("no budget: the cohort has no intake (cohort.starts_per_year %s, cohort.years %s); set both above 0",
		strconv.FormatFloat(c.StartsPerYear, 'g', -1, 64), strconv.Itoa(c.Years))
}

// armIndex returns the index of the arm named name, or false.
func (s *Scenario) armIndex(name string) (int, bool) {
	for i := range s.Arms {
		if s.Arms[i].Name == name {
			return i, true
		}
	}
	return 0, false
}

// payerIndex returns the index of the payer named name, or false.
func (s *Scenario) payerIndex(name string) (int, bool) {
	for i, p := range s.Payers {
		if p == name {
			return i, true
		}
	}
	return 0, false
}

// Clone returns a deep copy of s that shares no memory with it (nil for
// nil).
func (s *Scenario) Clone() *Scenario {
	if s == nil {
		return nil
	}
	c := *s
	c.Discount = clone(s.Discount)
	c.Payers = clone(s.Payers)
	c.EmployerContribution.Receivers = clone(s.EmployerContribution.Receivers)
	c.Taxes = make([]TaxComponent, len(s.Taxes))
	for i, t := range s.Taxes {
		t.Brackets = clone(t.Brackets)
		t.Receivers = clone(t.Receivers)
		c.Taxes[i] = t
	}
	c.Equalisation = clone(s.Equalisation)
	c.Benefits = make([]Benefit, len(s.Benefits))
	for i, b := range s.Benefits {
		b.Payers = clone(b.Payers)
		c.Benefits[i] = b
	}
	c.Groups = make([]Group, len(s.Groups))
	for i, g := range s.Groups {
		g.Receipts = clone(g.Receipts)
		for k := range g.Receipts {
			g.Receipts[k].Later = clone(g.Receipts[k].Later)
		}
		c.Groups[i] = g
	}
	c.Arms = make([]Arm, len(s.Arms))
	for i, a := range s.Arms {
		a.Costs = clone(a.Costs)
		for j := range a.Costs {
			a.Costs[j].Payers = clone(a.Costs[j].Payers)
		}
		a.Allowances = clone(a.Allowances)
		for j := range a.Allowances {
			a.Allowances[j].Payers = clone(a.Allowances[j].Payers)
		}
		if a.Effect != nil {
			e := *a.Effect
			e.Points = clone(e.Points)
			a.Effect = &e
		}
		groups := make([]ArmGroup, len(a.Groups))
		for j, ag := range a.Groups {
			ag.Employment.Periods = clone(ag.Employment.Periods)
			ag.Employment.Points = clone(ag.Employment.Points)
			if ag.Job != nil {
				job := *ag.Job
				ag.Job = &job
			}
			groups[j] = ag
		}
		a.Groups = groups
		c.Arms[i] = a
	}
	c.Aliases = make([][]string, len(s.Aliases))
	for i, a := range s.Aliases {
		c.Aliases[i] = clone(a)
	}
	if s.Aliases == nil {
		c.Aliases = nil
	}
	c.Uncertainty = s.Uncertainty.clone()
	c.Published = make([]Published, len(s.Published))
	for i, p := range s.Published {
		p.Perspectives, p.Of, p.Components = clone(p.Perspectives), clone(p.Of), clone(p.Components)
		c.Published[i] = p
	}
	if s.Published == nil {
		c.Published = nil
	}
	if s.Texts != nil {
		c.Texts = make(map[string]map[string]string, len(s.Texts))
		for lang, texts := range s.Texts {
			c.Texts[lang] = maps.Clone(texts)
		}
	}
	return &c
}

// clone returns a copy of xs (nil stays nil).
func clone[T any](xs []T) []T {
	if xs == nil {
		return nil
	}
	return append([]T(nil), xs...)
}
