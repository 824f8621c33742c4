package scenario

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"ipscba/cba"
)

// scenario reads the whole file into a cba.Scenario.
func (d *decoder) scenario(root *yaml.Node) *cba.Scenario {
	f := d.fields(root, "", "extends", "set", "name", "description", "about", "currency", "price_year", "horizon_months", "observed_months",
		"discount", "wage_growth", "indexation", "payers", "perspective", "employer_contribution",
		"taxes", "benefits", "groups", "comparator", "arms", "cohort", "uncertainty")
	af := d.fields(f.get("about", false), "about", "population", "country", "question", "decided_by", "sources")
	d.about = About{Population: af.str("population", false), Country: af.str("country", false),
		Question: af.str("question", false), DecidedBy: af.str("decided_by", false)}
	for i, n := range af.list("sources", false) {
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.fail(n.Line, fmt.Sprintf("about.sources[%d]", i), "must be text, got %s", kindName(n))
			continue
		}
		d.about.Sources = append(d.about.Sources, n.Value)
	}
	s := &cba.Scenario{
		Name:           f.str("name", true),
		Description:    f.str("description", false),
		Currency:       f.str("currency", true),
		PriceYear:      f.integer("price_year", true, 0),
		HorizonMonths:  f.integer("horizon_months", true, 0),
		ObservedMonths: f.integer("observed_months", false, 0),
		Comparator:     f.str("comparator", true),
	}
	for i, n := range f.list("discount", true) {
		p := fmt.Sprintf("discount[%d]", i)
		g := d.fields(n, p, "from_year", "rate")
		s.Discount = append(s.Discount, cba.RateStep{FromYear: g.integer("from_year", true, 0), Rate: g.number("rate", true, 0)})
	}
	s.WageGrowth = f.number("wage_growth", false, 0)
	s.Indexed = f.word("indexation", false, "none", "wages") == 1
	for i, n := range f.list("payers", true) {
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.fail(n.Line, fmt.Sprintf("payers[%d]", i), "must be a name, got %s", kindName(n))
		}
		s.Payers = append(s.Payers, n.Value)
	}
	pf := d.fields(f.get("perspective", true), "perspective", "displacement", "marginal_cost_of_public_funds", "non_market", "leisure")
	s.Perspective.Displacement = pf.number("displacement", false, 0)
	s.Perspective.Lambda = pf.number("marginal_cost_of_public_funds", true, 0)
	nm := d.fields(pf.get("non_market", false), "perspective.non_market", "include", "per_employed_month")
	s.Perspective.NonMarket = cba.NonMarket{Include: nm.boolean("include"), PerEmployedMonth: nm.number("per_employed_month", false, 0)}
	le := d.fields(pf.get("leisure", false), "perspective.leisure", "include", "share")
	s.Perspective.Leisure = cba.Leisure{Include: le.boolean("include"), Share: le.number("share", le.boolean("include"), 0)}
	if ec := d.fields(f.get("employer_contribution", false), "employer_contribution", "rate", "receiver", "receivers"); !ec.absent {
		s.EmployerContribution = cba.EmployerContribution{Rate: ec.number("rate", true, 0), Receivers: ec.split("receiver", "receivers")}
	}
	for _, e := range d.entries(f.get("taxes", false), "taxes") {
		s.Taxes = append(s.Taxes, d.tax(e))
	}
	for _, e := range d.entries(f.get("benefits", false), "benefits") {
		s.Benefits = append(s.Benefits, d.benefit(e))
	}
	for _, e := range d.entries(f.get("groups", true), "groups") {
		s.Groups = append(s.Groups, d.group(e, s.Benefits))
	}
	for _, e := range d.entries(f.get("arms", true), "arms") {
		s.Arms = append(s.Arms, d.arm(e, s.Groups))
	}
	cf := d.fields(f.get("cohort", false), "cohort", "starts_per_year", "years")
	s.Cohort = cba.Cohort{StartsPerYear: cf.number("starts_per_year", false, 0), Years: cf.integer("years", false, 0)}
	s.Uncertainty = d.uncertainty
	d.correlations(f.get("uncertainty", false), &s.Uncertainty)
	for _, p := range d.params {
		if len(p.Paths) > 1 && !strings.HasPrefix(p.Path, "uncertainty.") {
			s.Aliases = append(s.Aliases, slices.Clone(p.Paths))
		}
	}
	if len(d.errs) == 0 {
		s.UseMeans()
	}
	return s
}

// correlations reads the uncertainty section: rank correlations between
// uncertain numbers, and Dirichlet draws of shares.
func (d *decoder) correlations(n *yaml.Node, u *cba.Uncertainty) {
	f := d.fields(n, "uncertainty", "correlations", "dirichlet")
	paths := func(n *yaml.Node, path string) []string {
		var ps []string
		if n = resolve(n); n == nil {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			d.fail(n.Line, path, "must be a list of parameter paths, got %s", kindName(n))
			return nil
		}
		for _, item := range n.Content {
			if item = resolve(item); item.Kind != yaml.ScalarNode || isNull(item) {
				d.fail(item.Line, path, "must be a list of parameter paths, got %s", kindName(item))
				continue
			}
			ps = append(ps, item.Value)
		}
		return ps
	}
	for i, c := range f.list("correlations", false) {
		p := fmt.Sprintf("uncertainty.correlations[%d]", i)
		cf := d.fields(c, p, "between", "rank", "source", "assumption", "note")
		between := paths(cf.get("between", true), p+".between")
		if len(between) != 2 && cf.has("between") {
			d.fail(cf.line, p+".between", "names two parameters, got %d", len(between))
			continue
		}
		rank := cf.number("rank", true, 0)
		if len(between) == 2 {
			u.Correlations = append(u.Correlations, cba.Correlation{A: between[0], B: between[1], Rank: rank})
		}
	}
	for i, c := range f.list("dirichlet", false) {
		p := fmt.Sprintf("uncertainty.dirichlet[%d]", i)
		df := d.fields(c, p, "shares", "concentration", "source", "assumption", "note")
		u.Dirichlets = append(u.Dirichlets, cba.Dirichlet{
			Paths:         paths(df.get("shares", true), p+".shares"),
			Concentration: df.number("concentration", true, 0),
		})
	}
}

func (d *decoder) tax(e entry) cba.TaxComponent {
	f := d.fields(e.val, e.fullPath, "label", "receiver", "receivers", "rate", "pension_rate", "brackets",
		"personal_allowance", "standard_deduction", "floor")
	t := cba.TaxComponent{
		Name:              e.key,
		Label:             f.str("label", false),
		Receivers:         f.split("receiver", "receivers"),
		Rate:              f.number("rate", false, 0),
		PensionRateGiven:  f.has("pension_rate"),
		PensionRate:       f.number("pension_rate", false, 0),
		PersonalAllowance: f.number("personal_allowance", false, 0),
	}
	if !f.has("rate") && !f.has("brackets") {
		d.fail(e.line, e.fullPath, "needs a rate or brackets")
	}
	for i, n := range f.list("brackets", false) {
		b := d.fields(n, fmt.Sprintf("%s.brackets[%d]", e.fullPath, i), "from", "rate")
		t.Brackets = append(t.Brackets, cba.Bracket{From: b.number("from", true, 0), Rate: b.number("rate", true, 0)})
	}
	sd := d.fields(f.get("standard_deduction", false), e.fullPath+".standard_deduction", "share", "cap")
	t.DeductionShare, t.DeductionCap = sd.number("share", sd.line > 0, 0), sd.number("cap", false, 0)
	fl := d.fields(f.get("floor", false), e.fullPath+".floor", "threshold", "phase_in")
	t.Floor, t.PhaseIn = fl.number("threshold", fl.line > 0, 0), fl.number("phase_in", false, 0)
	return t
}

func (d *decoder) benefit(e entry) cba.Benefit {
	f := d.fields(e.val, e.fullPath, "label", "payer", "payers", "taxable", "in_work")
	b := cba.Benefit{
		Name:    e.key,
		Label:   f.str("label", false),
		Payers:  f.split("payer", "payers"),
		Taxable: cba.IncomeKind(f.word("taxable", true, "none", "wage", "pension")),
	}
	rule := d.fields(f.get("in_work", true), e.fullPath+".in_work", "earnings", "hours")
	switch {
	case rule.has("earnings") == rule.has("hours"):
		if rule.line > 0 {
			d.fail(rule.line, e.fullPath+".in_work", "needs exactly one of earnings or hours")
		}
	case rule.has("earnings"):
		r := d.fields(rule.get("earnings", true), e.fullPath+".in_work.earnings", "disregard", "taper", "cutoff")
		b.InWork = cba.InWorkRule{Kind: cba.OnEarnings, Disregard: r.number("disregard", false, 0),
			Taper: r.number("taper", true, 0), Cutoff: r.number("cutoff", false, 0)}
	default:
		r := d.fields(rule.get("hours", true), e.fullPath+".in_work.hours", "normal_weekly_hours", "stop_share")
		b.InWork = cba.InWorkRule{Kind: cba.OnHours, NormalHours: r.number("normal_weekly_hours", true, 0),
			StopShare: r.number("stop_share", false, 1)}
	}
	return b
}

func (d *decoder) job(n *yaml.Node, path string) cba.Job {
	f := d.fields(n, path, "weekly_hours", "hourly_wage", "monthly_earnings")
	j := cba.Job{WeeklyHours: f.number("weekly_hours", true, 0), EarningsGiven: f.has("monthly_earnings")}
	switch {
	case f.has("hourly_wage") && j.EarningsGiven:
		d.fail(f.line, path, "give hourly_wage or monthly_earnings, not both")
	case j.EarningsGiven:
		j.MonthlyEarnings = f.number("monthly_earnings", true, 0)
	default:
		j.HourlyWage = f.number("hourly_wage", true, 0)
	}
	return j
}

func (d *decoder) group(e entry, benefits []cba.Benefit) cba.Group {
	f := d.fields(e.val, e.fullPath, "label", "share", "job", "benefits")
	g := cba.Group{Name: e.key, Label: f.str("label", false), Share: f.number("share", true, 0)}
	g.Job = d.job(f.get("job", true), e.fullPath+".job")
	g.Receipts = make([]cba.Receipt, len(benefits))
	for _, r := range d.entries(f.get("benefits", false), e.fullPath+".benefits") {
		k := slices.IndexFunc(benefits, func(b cba.Benefit) bool { return b.Name == r.key })
		if k < 0 {
			d.fail(r.line, r.fullPath, "unknown benefit %q (not under benefits:)", r.key)
			continue
		}
		rf := d.fields(r.val, r.fullPath, "share", "amount", "later")
		rc := cba.Receipt{Share: rf.number("share", true, 0), Amount: rf.number("amount", true, 0)}
		for i, n := range rf.list("later", false) {
			lf := d.fields(n, fmt.Sprintf("%s.later[%d]", r.fullPath, i), "from_month", "share")
			rc.Later = append(rc.Later, cba.ShareStep{FromMonth: lf.integer("from_month", true, 0), Share: lf.number("share", true, 0)})
		}
		g.Receipts[k] = rc
	}
	return g
}

// timed reads what costs and allowances share: payer, timing, amount,
// months.
func (d *decoder) timed(cf fields, path string) (cba.Split, cba.Timing, float64, float64) {
	sp := cf.split("payer", "payers")
	timing := cba.Timing(cf.word("timing", true, "per_enrolled_month", "one_off", "per_month"))
	amount := cf.number("amount", true, 0)
	months := 0.0
	if timing == cba.PerMonth {
		months = cf.number("months", false, 0)
	} else if cf.has("months") {
		d.fail(cf.line, path+".months", "only a per_month cost has months (enrolment sets the others')")
	}
	return sp, timing, amount, months
}

func (d *decoder) arm(e entry, groups []cba.Group) cba.Arm {
	f := d.fields(e.val, e.fullPath, "label", "enrolment", "costs", "allowances", "effect", "groups")
	a := cba.Arm{Name: e.key, Label: f.str("label", false)}
	en := d.fields(f.get("enrolment", false), e.fullPath+".enrolment", "months", "dropout")
	a.Enrolment = cba.Enrolment{Months: en.number("months", false, 0), Dropout: en.number("dropout", false, 0)}
	for _, c := range d.entries(f.get("costs", false), e.fullPath+".costs") {
		cf := d.fields(c.val, c.fullPath, "label", "category", "payer", "payers", "timing", "amount", "months")
		cost := cba.Cost{Name: c.key, Label: cf.str("label", false),
			Category: cba.CostCategory(cf.word("category", true, "programme", "service"))}
		cost.Payers, cost.Timing, cost.Amount, cost.Months = d.timed(cf, c.fullPath)
		a.Costs = append(a.Costs, cost)
	}
	for _, c := range d.entries(f.get("allowances", false), e.fullPath+".allowances") {
		cf := d.fields(c.val, c.fullPath, "label", "payer", "payers", "timing", "amount", "months")
		al := cba.Allowance{Name: c.key, Label: cf.str("label", false)}
		al.Payers, al.Timing, al.Amount, al.Months = d.timed(cf, c.fullPath)
		a.Allowances = append(a.Allowances, al)
	}
	if f.has("effect") {
		a.Effect = d.effect(f.get("effect", true), e.fullPath+".effect")
	}
	a.Groups = make([]cba.ArmGroup, len(groups))
	given := make([]bool, len(groups))
	gf := f.get("groups", true)
	for _, g := range d.entries(gf, e.fullPath+".groups") {
		k := slices.IndexFunc(groups, func(x cba.Group) bool { return x.Name == g.key })
		if k < 0 {
			d.fail(g.line, g.fullPath, "unknown group %q (not under groups:)", g.key)
			continue
		}
		given[k] = true
		af := d.fields(g.val, g.fullPath, "employment", "effect_multiplier", "job")
		if a.Effect != nil {
			if af.has("employment") {
				d.fail(af.line, g.fullPath+".employment", "an arm with an effect gives each group an effect_multiplier, not an employment curve")
			}
			a.Groups[k].EffectMultiplier = af.number("effect_multiplier", false, 1)
			if !af.has("effect_multiplier") {
				d.fail(af.line, g.fullPath+".effect_multiplier", "is required with the arm's effect (1: the average effect)")
			}
		} else {
			if af.has("effect_multiplier") {
				d.fail(af.line, g.fullPath+".effect_multiplier", "belongs to an arm with an effect")
			}
			a.Groups[k].Employment = d.employment(af.get("employment", true), g.fullPath+".employment")
		}
		if af.has("job") {
			j := d.job(af.get("job", true), g.fullPath+".job")
			a.Groups[k].Job = &j
		}
	}
	for k, ok := range given {
		if !ok && gf != nil {
			d.fail(d.lines[e.fullPath+".groups"], e.fullPath+".groups."+groups[k].Name, "is missing: every arm states employment for every group")
		}
	}
	return a
}

func (d *decoder) effect(n *yaml.Node, path string) *cba.Effect {
	f := d.fields(n, path, "points", "extrapolation", "half_life_months")
	eff := &cba.Effect{}
	for i, p := range f.list("points", true) {
		pf := d.fields(p, fmt.Sprintf("%s.points[%d]", path, i), "month", "difference")
		eff.Points = append(eff.Points, cba.EffectPoint{Month: pf.integer("month", true, 0), Difference: pf.number("difference", true, 0)})
	}
	eff.After, eff.HalfLifeMonths = d.extrapolation(f, path, "an effect")
	return eff
}

// extrapolation reads what a curve or effect (what) does after its last
// point, and its half-life when it decays.
func (d *decoder) extrapolation(f fields, path, what string) (after cba.Extrapolation, halfLife float64) {
	after = cba.Extrapolation(f.word("extrapolation", true, "constant", "decay", "end"))
	if after == cba.DecayToComparator {
		halfLife = f.number("half_life_months", true, 0)
	} else if f.has("half_life_months") {
		d.fail(f.line, path+".half_life_months", "only %s with extrapolation: decay has a half-life", what)
	}
	return after, halfLife
}

func (d *decoder) employment(n *yaml.Node, path string) cba.Employment {
	f := d.fields(n, path, "model", "initial", "periods", "points", "extrapolation", "half_life_months")
	emp := cba.Employment{
		Model:   cba.EmploymentModel(1 + f.word("model", true, "markov", "observed")),
		Initial: f.number("initial", false, 0),
	}
	if f.absent {
		return emp
	}
	switch emp.Model {
	case cba.Markov:
		for _, k := range []string{"points", "extrapolation", "half_life_months"} {
			if f.has(k) {
				d.fail(f.line, path+"."+k, "belongs to an observed curve, not a markov chain")
			}
		}
		for i, p := range f.list("periods", true) {
			pf := d.fields(p, fmt.Sprintf("%s.periods[%d]", path, i), "from_month", "job_finding", "job_loss")
			emp.Periods = append(emp.Periods, cba.MarkovPeriod{
				FromMonth:  pf.integer("from_month", true, 0),
				JobFinding: pf.number("job_finding", true, 0),
				JobLoss:    pf.number("job_loss", true, 0),
			})
		}
	case cba.Observed:
		if f.has("periods") {
			d.fail(f.line, path+".periods", "belongs to a markov chain, not an observed curve")
		}
		for i, p := range f.list("points", true) {
			pf := d.fields(p, fmt.Sprintf("%s.points[%d]", path, i), "month", "share")
			emp.Points = append(emp.Points, cba.CurvePoint{Month: pf.integer("month", true, 0), Share: pf.number("share", true, 0)})
		}
		emp.After, emp.HalfLifeMonths = d.extrapolation(f, path, "a curve")
	}
	return emp
}
