package scenario

import (
	"errors"
	"fmt"
	"os"
	pathpkg "path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"ipscba/cba"
)

// Error is one problem in a scenario file: where it is and what is wrong.
type Error struct {
	File string
	Line int // 0 when the file has no line for it
	Path string
	Msg  string
}

// Error returns "file:line: path: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in a scenario file, by line.
type Errors []*Error

// Error returns the errors, one a line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Param is a number written in a scenario file, with its provenance.
type Param struct {
	Path       string
	Line       int
	Value      float64
	Source     string // a citation or DOI
	Assumption string // why this value, when it is not from a source
	Note       string // e.g. "to verify"
	Uncertain  bool   // given by a distribution; Value is its mean
}

// File is a scenario read from a file: the model's Scenario, and what the
// file says of each number and where.
type File struct {
	Name     string // as given to Parse; used in messages
	Scenario *cba.Scenario
	Params   []Param // every number written in the file, in file order
	lines    map[string]int
}

// Load reads and checks the scenario file at path.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads a scenario from YAML data. name is used in messages. Every
// problem is reported, each as "name:line: field.path: message", in an
// Errors value.
func Parse(name string, data []byte) (*File, error) {
	d := &decoder{file: name, lines: map[string]int{}, drawOf: map[*yaml.Node]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	if len(doc.Content) == 0 {
		return nil, Errors{{File: name, Msg: "the file is empty"}}
	}
	s := d.scenario(doc.Content[0])
	f := &File{Name: name, Scenario: s, Params: d.params, lines: d.lines}
	if err := s.Validate(); err != nil {
		f.addModelErrors(&d.errs, err)
	}
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, func(a, b *Error) int { return a.Line - b.Line })
		return nil, d.errs
	}
	return f, nil
}

// Line returns the line of the file where path (or the nearest enclosing
// field) is written, or 0.
func (f *File) Line(path string) int {
	for p := path; p != ""; {
		if l, ok := f.lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// Locate turns the model's validation errors (cba.Errors, naming paths) into
// Errors naming this file and its lines; other errors pass unchanged.
func (f *File) Locate(err error) error {
	var es Errors
	f.addModelErrors(&es, err)
	if es == nil {
		return err
	}
	return es
}

func (f *File) addModelErrors(dst *Errors, err error) {
	var ms cba.Errors
	var m *cba.FieldError
	switch {
	case errors.As(err, &ms):
	case errors.As(err, &m):
		ms = cba.Errors{m}
	default:
		return
	}
	for _, e := range ms {
		if reported(*dst, e.Path) {
			continue // the decoder already said what is wrong there
		}
		*dst = append(*dst, &Error{File: f.Name, Line: f.Line(e.Path), Path: e.Path, Msg: e.Msg})
	}
}

// reported says whether an error at path, or inside or around it, is in es.
func reported(es Errors, path string) bool {
	for _, e := range es {
		if e.Path == path || strings.HasPrefix(path, e.Path+".") || strings.HasPrefix(e.Path, path+".") {
			return true
		}
	}
	return false
}

// Set sets the number at path (as cba.Scenario.Set) and checks the result,
// reporting problems with this file's lines. A "*" in path stands for any
// run of characters, so "arms.ips.groups.*.employment.half_life_months" sets
// the half-life of every group at once.
func (f *File) Set(path string, v float64) error {
	paths := []string{path}
	if strings.Contains(path, "*") {
		paths = f.match(path)
		if len(paths) == 0 {
			return &Error{File: f.Name, Path: path, Msg: "matches no parameter in this scenario"}
		}
	}
	for _, p := range paths {
		if err := f.Scenario.Set(p, v); err != nil {
			return f.Locate(err)
		}
	}
	if err := f.Scenario.Validate(); err != nil {
		return f.Locate(err)
	}
	return nil
}

// match returns the parameter paths that pattern matches.
func (f *File) match(pattern string) []string {
	quoted := strings.NewReplacer("[", `\[`, "]", `\]`, "?", `\?`, `\`, `\\`).Replace(pattern)
	var paths []string
	for _, p := range f.Scenario.Parameters() {
		if ok, _ := pathpkg.Match(quoted, p.Path); ok {
			paths = append(paths, p.Path)
		}
	}
	return paths
}

func (d *decoder) scenario(root *yaml.Node) *cba.Scenario {
	f := d.fields(root, "", "name", "description", "currency", "price_year", "horizon_months",
		"discount", "wage_growth", "payers", "perspective", "employer_contribution",
		"taxes", "benefits", "groups", "comparator", "arms", "cohort", "uncertainty")
	s := &cba.Scenario{
		Name:          f.str("name", true),
		Description:   f.str("description", false),
		Currency:      f.str("currency", true),
		PriceYear:     f.integer("price_year", true, 0),
		HorizonMonths: f.integer("horizon_months", true, 0),
		Comparator:    f.str("comparator", true),
	}
	for i, n := range f.list("discount", true) {
		p := fmt.Sprintf("discount[%d]", i)
		g := d.fields(n, p, "from_year", "rate")
		s.Discount = append(s.Discount, cba.RateStep{FromYear: g.integer("from_year", true, 0), Rate: g.number("rate", true, 0)})
	}
	s.WageGrowth = f.number("wage_growth", false, 0)
	for i, n := range f.list("payers", true) {
		if n.Kind != yaml.ScalarNode {
			d.fail(n.Line, fmt.Sprintf("payers[%d]", i), "must be a name, got %s", kindName(n))
		}
		s.Payers = append(s.Payers, n.Value)
	}
	pf := d.fields(f.get("perspective", true), "perspective", "displacement", "marginal_cost_of_public_funds", "non_market")
	s.Perspective.Displacement = pf.number("displacement", false, 0)
	s.Perspective.Lambda = pf.number("marginal_cost_of_public_funds", true, 0)
	nm := d.fields(pf.get("non_market", false), "perspective.non_market", "include", "per_employed_month")
	s.Perspective.NonMarket = cba.NonMarket{Include: nm.boolean("include"), PerEmployedMonth: nm.number("per_employed_month", false, 0)}
	ec := d.fields(f.get("employer_contribution", false), "employer_contribution", "rate", "receiver")
	s.EmployerContribution = cba.EmployerContribution{Rate: ec.number("rate", ec.has("receiver"), 0), Receiver: ec.str("receiver", ec.has("rate"))}
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
	s.UseMeans()
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
	f := d.fields(e.val, e.fullPath, "label", "receiver", "rate", "pension_rate", "brackets",
		"personal_allowance", "standard_deduction", "floor")
	t := cba.TaxComponent{
		Name:              e.key,
		Receiver:          f.str("receiver", true),
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
	f := d.fields(e.val, e.fullPath, "label", "payer", "taxable", "in_work")
	b := cba.Benefit{
		Name:    e.key,
		Payer:   f.str("payer", true),
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
		rf := d.fields(r.val, r.fullPath, "share", "amount")
		g.Receipts[k] = cba.Receipt{Share: rf.number("share", true, 0), Amount: rf.number("amount", true, 0)}
	}
	return g
}

func (d *decoder) arm(e entry, groups []cba.Group) cba.Arm {
	f := d.fields(e.val, e.fullPath, "label", "enrolment", "costs", "groups")
	a := cba.Arm{Name: e.key, Label: f.str("label", false)}
	en := d.fields(f.get("enrolment", false), e.fullPath+".enrolment", "months", "dropout")
	a.Enrolment = cba.Enrolment{Months: en.number("months", false, 0), Dropout: en.number("dropout", false, 0)}
	for _, c := range d.entries(f.get("costs", false), e.fullPath+".costs") {
		cf := d.fields(c.val, c.fullPath, "label", "category", "payer", "timing", "amount", "months")
		cost := cba.Cost{
			Name:     c.key,
			Category: cba.CostCategory(cf.word("category", true, "programme", "service")),
			Payer:    cf.str("payer", true),
			Timing:   cba.CostTiming(cf.word("timing", true, "per_enrolled_month", "one_off", "per_month")),
			Amount:   cf.number("amount", true, 0),
		}
		if cost.Timing == cba.PerMonth {
			cost.Months = cf.number("months", false, 0)
		} else if cf.has("months") {
			d.fail(cf.line, c.fullPath+".months", "only a per_month cost has months (enrolment sets the others')")
		}
		a.Costs = append(a.Costs, cost)
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
		af := d.fields(g.val, g.fullPath, "employment", "job")
		a.Groups[k].Employment = d.employment(af.get("employment", true), g.fullPath+".employment")
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

func (d *decoder) employment(n *yaml.Node, path string) cba.Employment {
	f := d.fields(n, path, "model", "initial", "periods", "points", "extrapolation", "half_life_months")
	emp := cba.Employment{
		Model:   cba.EmploymentModel(f.word("model", true, "markov", "observed")),
		Initial: f.number("initial", false, 0),
	}
	if n == nil {
		return emp
	}
	switch emp.Model {
	case cba.Markov:
		for _, k := range []string{"points", "extrapolation", "half_life_months"} {
			if f.has(k) {
				d.fail(f.line, join(path, k), "belongs to an observed curve, not a markov chain")
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
		emp.After = cba.Extrapolation(f.word("extrapolation", true, "constant", "decay", "end"))
		if emp.After == cba.DecayToComparator {
			emp.HalfLifeMonths = f.number("half_life_months", true, 0)
		} else if f.has("half_life_months") {
			d.fail(f.line, path+".half_life_months", "only a curve with extrapolation: decay has a half-life")
		}
	}
	return emp
}
