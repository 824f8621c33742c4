package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"ipscba/cba"
	"ipscba/cba/report"
	"ipscba/cba/sensitivity"
)

// analyses are the sensitivity analyses, by the word that names them.
var analyses = []struct{ name, what string }{
	{"tornado", "each factor from its low to its high value, the others at base, sorted by swing"},
	{"switch", "the value of a factor (-factor; left out, of every factor) at which the output changes sign (NPV 0, ratio 1)"},
	{"twoway", "the output over a grid of two factors, with the sign boundary"},
	{"accept", "P(NPV > 0) per perspective over a quantity: the acceptability curve"},
	{"voi", "the expected value of perfect information, and of each factor's"},
	{"sobol", "Sobol first-order and total-effect indices, with bootstrap intervals"},
	{"morris", "Morris elementary effects: a cheap screening of many factors"},
}

// sensOptions are the flags of ipscba sensitivity.
type sensOptions struct {
	analysis     string
	file         string
	output       string
	perspective  string
	set          sets
	format       string
	out          string
	seed         uint64
	workers      int
	iterations   int
	factors      sets
	fixed        float64
	bounds       sets
	within       string
	target       float64
	x, y         string
	quantity     string
	values       string
	n            int
	groups       sets
	bootstrap    resamples
	trajectories int
	levels       int
	bins         int
	method       string
	given        map[string]bool
}

func newSensFlags(stderr io.Writer, o *sensOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("ipscba sensitivity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.output, "output", "", "the output analysed, e.g. ips-traditional/population/npv/public (default: the first arm's NPV for -perspective)")
	fs.StringVar(&o.perspective, "perspective", cba.Society, "the `perspective` whose NPV is analysed (participant, a payer, public, society)")
	fs.Var(&o.set, "set", "change a number first: `path=value` (repeatable, as for ipscba)")
	fs.StringVar(&o.format, "format", "text", report.FormatHelp(report.AnalysisKind))
	fs.StringVar(&o.out, "o", "", "write to `file` instead of standard output")
	o.seed = 1
	fs.Var((*uintFlag)(&o.seed), "seed", "accept, voi, sobol, morris: the `seed`")
	fs.Var((*intFlag)(&o.workers), "workers", "accept, voi, sobol, morris: parallel `workers` (default: the number of CPUs)")
	fs.Var((*intFlag)(&o.iterations), "iterations", "accept, voi: Monte Carlo `iterations` (default 1,000 for accept, 10,000 for voi)")
	fs.Var(&o.factors, "factor", "tornado, switch, voi, sobol, morris: analyse this `factor` (name or path; repeatable; default: all; switch: every factor, not only uncertain ones)")
	fs.Var((*floatFlag)(&o.fixed), "fixed", "tornado: also move fixed factors by this `fraction` down and up (0.2: ±20 %)")
	fs.Var(&o.bounds, "bound", "tornado: a factor's low and high values, `name=lo:hi` (repeatable)")
	fs.StringVar(&o.within, "within", "", "switch: search within `lo:hi` (default: the factor's bound)")
	fs.Var((*floatFlag)(&o.target), "target", "switch: the `value` the output is to reach (default 0; 1 for a ratio)")
	fs.StringVar(&o.x, "x", "", "twoway: the first factor and its values, `name=lo:hi:steps`")
	fs.StringVar(&o.y, "y", "", "twoway: the second factor and its values, `name=lo:hi:steps`")
	fs.StringVar(&o.quantity, "quantity", "non_market", "accept: the `quantity`: non_market, marginal_cost_of_public_funds or cost_multiplier")
	fs.StringVar(&o.values, "values", "", "accept: its values, `lo:hi:steps` or a comma-separated list (default: a range around its value)")
	o.n = 4096
	fs.Var((*intFlag)(&o.n), "n", "sobol: base `samples` (N x (inputs + 2) evaluations)")
	fs.Var(&o.groups, "group", "voi, sobol, morris: analyse these factors as one input, `a,b,...`; \"dependent\": each set drawn together (repeatable)")
	o.bootstrap = 1000
	fs.Var(&o.bootstrap, "bootstrap", "sobol: bootstrap `resamples` for the intervals (1 to 100,000), or none")
	o.trajectories = 20
	fs.Var((*intFlag)(&o.trajectories), "trajectories", "morris: `trajectories`")
	o.levels = 4
	fs.Var((*intFlag)(&o.levels), "levels", "morris: grid `levels` (even)")
	fs.StringVar(&o.method, "method", "regression", "voi: the EVPPI `estimator`: regression (splines fitted to the draws) or binning")
	fs.Var((*intFlag)(&o.bins), "bins", "voi: with -method binning, bins of each factor (default: the fourth root of the iterations)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ipscba sensitivity ANALYSIS [flags] scenario.yaml")
		fmt.Fprintln(stderr, "Which assumptions decide the answer. ANALYSIS is one of:")
		for _, a := range analyses {
			fmt.Fprintf(stderr, "  %-8s %s\n", a.name, a.what)
		}
		fmt.Fprintln(stderr, "Flags:")
		fs.PrintDefaults()
	}
	return fs
}

// resamples is -bootstrap: a number of resamples, passed to the API as it
// is (sensitivity.SobolOptions.Bootstrap), or "none"
// (sensitivity.NoBootstrap).
type resamples int

// String writes the setting (flag.Value).
func (r *resamples) String() string {
	if *r == sensitivity.NoBootstrap {
		return "none"
	}
	return strconv.Itoa(int(*r))
}

// Set reads a number of resamples, or none (flag.Value).
func (r *resamples) Set(v string) error {
	if v == "none" {
		*r = sensitivity.NoBootstrap
		return nil
	}
	n, err := parseWhole(v)
	if err != nil {
		return cba.Errorf("want a number of resamples, or none: %v", err)
	}
	*r = resamples(n)
	return nil
}

// sensitivityCommand runs ipscba sensitivity.
func sensitivityCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o sensOptions
	fs := newSensFlags(stderr, &o)
	pos, given, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	o.given = given
	usage := func(format string, a ...any) error {
		return usageError{msg: cba.Errorf(format, a...),
			hint: "usage: ipscba sensitivity ANALYSIS [flags] scenario.yaml   (ipscba sensitivity -h lists the analyses and flags)"}
	}
	if len(pos) == 0 {
		return usage("no analysis given")
	}
	o.analysis = pos[0]
	if !slices.ContainsFunc(analyses, func(a struct{ name, what string }) bool { return a.name == o.analysis }) {
		var names []string
		for _, a := range analyses {
			names = append(names, a.name)
		}
		return usage("no analysis %q (one of %s)", o.analysis, strings.Join(names, ", "))
	}
	switch {
	case len(pos) == 1:
		return usage("no scenario file given")
	case len(pos) > 2:
		return usage("one scenario file, not %d (%s)", len(pos)-1, strings.Join(pos[1:], ", "))
	}
	o.file = pos[1]
	if err := o.check(); err != nil {
		return err
	}
	l, err := load(o.file, o.set)
	if err != nil {
		return err
	}
	ev, err := l.file.Evaluator()
	if err != nil {
		return badInput{err}
	}
	outs := outputs{inputs: l.file.Files}
	defer outs.discard()
	if err := outs.reserveAll(map[string]string{"-o": o.out}); err != nil {
		return err
	}
	var out bytes.Buffer
	a := &analysis{o: &o, ev: ev, l: l, w: &out, stderr: stderr}
	if err := a.run(ctx); err != nil {
		return err
	}
	return commitTo(ctx, o.out, &outs, out.Bytes(), stdout)
}

// flagsOf lists the flags each analysis takes, besides the common ones.
var flagsOf = map[string][]string{
	"tornado": {"factor", "fixed", "bound"},
	"switch":  {"factor", "within", "target"},
	"twoway":  {"x", "y"},
	"accept":  {"quantity", "values", "iterations", "seed", "workers"},
	"voi":     {"iterations", "seed", "workers", "factor", "group", "method", "bins"},
	"sobol":   {"n", "group", "bootstrap", "seed", "workers", "factor"},
	"morris":  {"trajectories", "levels", "group", "seed", "workers", "factor"},
}

// check refuses flags the analysis does not take, and bad values.
func (o *sensOptions) check() error {
	bad := func(format string, a ...any) error { return badInput{cba.Errorf(format, a...)} }
	common := []string{"output", "perspective", "set", "format", "o"}
	for name := range o.given {
		if !slices.Contains(common, name) && !slices.Contains(flagsOf[o.analysis], name) {
			return bad("-%s does not go with %s (it takes -%s)", name, o.analysis, strings.Join(flagsOf[o.analysis], ", -"))
		}
	}
	if _, err := report.FormatNamed(o.format, report.AnalysisKind); err != nil {
		return bad("-format: %v", err)
	}
	switch {
	case o.given["o"] && strings.TrimSpace(o.out) == "":
		return bad("-o: give a file, not an empty text (left out: standard output)")
	case o.given["output"] && o.given["perspective"]:
		return bad("-output names the output in full: it takes no -perspective")
	case o.given["workers"] && (o.workers < 1 || o.workers > cba.MaxWorkers()):
		return bad("-workers: want 1 to %d, got %d", cba.MaxWorkers(), o.workers)
	case o.given["iterations"] && (o.iterations < 1 || o.iterations > 100_000_000):
		return bad("-iterations: want 1 to 100,000,000, got %d", o.iterations)
	case o.analysis == "twoway" && (o.x == "" || o.y == ""):
		return bad("twoway needs -x name=lo:hi:steps and -y name=lo:hi:steps")
	case o.analysis == "switch" && o.within != "" && len(o.factors) == 0:
		return bad("-within is the interval of the factors named by -factor: give -factor (without it, switch searches every factor within its bound)")
	case o.given["fixed"] && !(o.fixed > 0 && o.fixed < 1):
		return bad("-fixed: want a fraction between 0 and 1, got %g", o.fixed)
	case o.given["n"] && (o.n < 2 || o.n > 1<<24):
		return bad("-n: want 2 to 2^24 base samples, got %d", o.n)
	case o.given["bootstrap"] && o.bootstrap != sensitivity.NoBootstrap && (o.bootstrap < 1 || o.bootstrap > 100_000):
		return bad("-bootstrap: want 1 to 100,000 resamples, or none for no intervals, got %d", o.bootstrap)
	case o.given["trajectories"] && (o.trajectories < 2 || o.trajectories > 1_000_000):
		return bad("-trajectories: want 2 to 1,000,000, got %d", o.trajectories)
	case o.given["levels"] && (o.levels < 2 || o.levels%2 != 0 || o.levels > 1000):
		return bad("-levels: want an even number from 2 to 1,000, got %d", o.levels)
	case o.analysis == "accept" && o.given["output"]:
		return bad("accept shows the NPV of every perspective: it takes no -output (-perspective shows one)")
	case o.given["bins"] && (o.bins < 1 || o.bins > 1_000_000):
		return bad("-bins: want 1 to 1,000,000, got %d", o.bins)

	case o.given["target"] && (math.IsNaN(o.target) || math.IsInf(o.target, 0)):
		return bad("-target: want a finite number")
	}
	return nil
}

// analysis is one run of ipscba sensitivity.
type analysis struct {
	o      *sensOptions
	ev     *cba.Evaluator
	l      *loaded
	w      io.Writer
	stderr io.Writer
}

// key is the output analysed: -output, or the first arm's NPV over the
// comparator for -perspective.
func (a *analysis) key() (cba.OutputKey, error) {
	if a.o.output != "" {
		k, err := cba.ParseOutputKey(a.o.output)
		if err != nil {
			return k, badInput{cba.Errorf("-output: %w", err)}
		}
		return k, nil
	}
	s := a.l.file.Scenario
	for _, arm := range s.Arms {
		if arm.Name != s.Comparator {
			return cba.OutputKey{Arm: arm.Name, Comparator: s.Comparator, Group: cba.Population, Measure: cba.NPV, Perspective: a.o.perspective}, nil
		}
	}
	return cba.OutputKey{}, badInput{cba.Errorf("the scenario has no arm besides its comparator")}
}

// model is the model of the output analysed; its analyses stop when ctx
// is done.
func (a *analysis) model(ctx context.Context) (*sensitivity.Model, error) {
	key, err := a.key()
	if err != nil {
		return nil, err
	}
	m, err := sensitivity.NewModel(a.ev, key)
	if err != nil {
		return nil, badInput{cba.Errorf("-output: %w", err)}
	}
	return m.WithContext(ctx), nil
}

func (a *analysis) run(ctx context.Context) error {
	switch a.o.analysis {
	case "tornado":
		return a.tornado(ctx)
	case "switch":
		return a.switching(ctx)
	case "twoway":
		return a.twoWay(ctx)
	case "accept":
		return a.accept(ctx)
	case "voi":
		return a.voi(ctx)
	case "sobol":
		return a.sobol(ctx)
	default:
		return a.morris(ctx)
	}
}

// global returns the options of the global analyses from the flags.
func (a *analysis) global(label string) (sensitivity.GlobalOptions, *progress) {
	bar := newProgress(a.stderr, 0)
	bar.label = label
	g := sensitivity.GlobalOptions{Factors: a.o.factors, Seed: a.o.seed, Workers: a.o.workers, Progress: bar.update}
	for _, grp := range a.o.groups {
		if grp == "dependent" {
			g.GroupDependent = true
			continue
		}
		var names []string
		for _, n := range strings.Split(grp, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		g.Groups = append(g.Groups, names)
	}
	return g, bar
}

// header writes what was analysed, and where the scenario comes from.
func (a *analysis) header(what string, key *cba.OutputKey) {
	s := a.l.file.Scenario
	fmt.Fprintf(a.w, "%s: %s\n", s.Name, what)
	if key != nil {
		unit := fmt.Sprintf("%s at %d prices, per participant", s.Currency, s.PriceYear)
		switch key.Measure {
		case cba.BenefitCostRatio, cba.PublicReturn:
			unit = "a ratio; cost-saving when the programme costs less"
		case cba.EmployedMonths, cba.DiscountedEmployedMonths:
			unit = "months in work, per participant"
		case cba.BreakEvenMonth:
			unit = "a month; not within the horizon when the money does not come back"
		}
		fmt.Fprintf(a.w, "output: %s (%s)\n", key, unit)
	}
	fmt.Fprintf(a.w, "scenario file %s (sha256 %s)", a.l.path, a.l.sha256[:12])
	if len(a.l.overrides) > 0 {
		fmt.Fprintf(a.w, ", with -set %s", strings.Join(a.l.overrides, " -set "))
	}
	fmt.Fprint(a.w, "\n\n")
}

func (a *analysis) table() *tabwriter.Writer {
	return tabwriter.NewWriter(a.w, 0, 0, 2, ' ', tabwriter.AlignRight)
}

// written writes v, an analysis's result, when the format is one of its
// own forms (JSON, CSV), and says whether it did: text is the caller's.
func (a *analysis) written(v any) (bool, error) {
	f, err := report.FormatNamed(a.o.format, report.AnalysisKind)
	if err != nil || f.Analysis == nil {
		return false, err
	}
	return true, f.Analysis(a.w, v)
}

// num writes a number for people: money and other large numbers with
// thousands separators, small ones with 4 significant digits.
func num(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "cost-saving"
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "n/a"
	case math.Abs(v) >= 1000:
		return report.Thousands(v)
	case v == 0:
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// outNum writes a value of the output analysed: +Inf is a cost-saving
// ratio, or a break-even month not within the horizon.
func (a *analysis) outNum(key cba.OutputKey, v float64) string {
	if math.IsInf(v, 1) && key.Measure == cba.BreakEvenMonth {
		return "not within the horizon"
	}
	return num(v)
}

// exact writes a number for programs: as many digits as it takes.

func (a *analysis) tornado(ctx context.Context) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	opt := sensitivity.TornadoOptions{Fixed: a.o.fixed, Factors: a.o.factors, Bounds: map[string][2]float64{}}
	for _, b := range a.o.bounds {
		name, rng, ok := strings.Cut(b, "=")
		lo, hi, err := pair(rng)
		if !ok || err != nil {
			return badInput{cba.Errorf("-bound %s: want name=lo:hi%s", b, zeroHint(err))}
		}
		if _, dup := opt.Bounds[name]; dup {
			return badInput{cba.Errorf("-bound %s: %s is given a range twice", b, name)}
		}
		opt.Bounds[name] = [2]float64{lo, hi}
	}
	t, err := m.Tornado(opt)
	if err != nil {
		return badInput{err}
	}
	if written, err := a.written(t); written {
		return err
	}
	a.header("one-way sensitivity (tornado): each factor from its low to its high value, the others at their base values", &t.Output)
	fmt.Fprintf(a.w, "at the base values: %s\n\n", a.outNum(t.Output, t.Base))
	tw := a.table()
	fmt.Fprintln(tw, "factor\tbase\tlow\thigh\toutput at low\toutput at high\tswing\t")
	for _, b := range t.Bars {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", b.Factor.Name, num(b.Factor.Value), num(b.Low), num(b.High),
			a.outNum(t.Output, b.AtLow), a.outNum(t.Output, b.AtHigh), num(b.Swing))
	}
	tw.Flush()
	fmt.Fprintln(a.w, "\nlow and high: the 2.5th and 97.5th percentiles of an uncertain factor's distribution")
	if a.o.fixed > 0 {
		fmt.Fprintf(a.w, "(a fixed factor: its value ±%g %%)\n", 100*a.o.fixed)
	}
	if len(a.o.bounds) > 0 {
		fmt.Fprintln(a.w, "(a factor given -bound: the low and high values given)")
	}
	fmt.Fprintln(a.w, "a share moves the other shares of its set with it; correlated factors move alone")
	return nil
}

func (a *analysis) switching(ctx context.Context) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	opt := sensitivity.SwitchOptions{}
	if a.o.within != "" {
		lo, hi, err := pair(a.o.within)
		if err != nil {
			return badInput{cba.Errorf("-within: %v", err)}
		}
		opt.Within = []float64{lo, hi}
	}
	if a.o.given["target"] {
		opt.Target = &a.o.target
	}
	found := &sensitivity.Switches{Output: m.Output()}
	if len(a.o.factors) == 0 {
		if found, err = m.SwitchingAll(opt); err != nil {
			return badInput{err}
		}
	}
	for _, f := range a.o.factors {
		sw, err := m.Switching(f, opt)
		if err != nil {
			return badInput{err}
		}
		found.Values = append(found.Values, sw)
	}
	key := m.Output()
	if written, err := a.written(found); written {
		return err
	}
	a.header("switching values: the value of a factor at which the output changes sign, the others at their base values", &key)
	for _, s := range found.Values {
		fmt.Fprintf(a.w, "%s (%s)\n", s.Factor.Name, s.Factor.Unit)
		fmt.Fprintf(a.w, "  base value %s: output %s\n", num(s.Base), a.outNum(key, s.AtBase))
		within := s.IntervalWith(num)
		switch {
		case s.Found:
			fmt.Fprintf(a.w, "  the output reaches %s at %s (searched within %s)\n", num(s.Target), num(s.Value), within)
		case s.Jump:
			fmt.Fprintf(a.w, "  does not reach %s within %s, but jumps across it at %s\n", num(s.Target), within, num(s.Value))
		default:
			at := num(s.Lo)
			if s.LoOpen {
				at = "just above " + at // the range excludes its lower end
			}
			fmt.Fprintf(a.w, "  does not change sign within %s: the output is %s at %s\n", within, a.outNum(key, s.AtLo), at)
		}
		if s.Limit != "" && !s.Found {
			fmt.Fprintf(a.w, "  (the search stopped where the scenario is not valid: %s)\n", s.Limit)
		}
	}
	return nil
}

// pair parses "lo:hi".
func pair(s string) (float64, float64, error) {
	a, b, ok := strings.Cut(s, ":")
	lo, err1 := parseDecimal(a)
	hi, err2 := parseDecimal(b)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, cba.Errorf("want lo:hi, numbers in decimal, got %q%s", s, zeroHint(err1, err2))
	}
	return lo, hi, nil
}

// grid parses "lo:hi:steps", or a comma-separated list of increasing
// values.
func grid(s string) ([]float64, error) {
	if strings.Contains(s, ",") {
		var v []float64
		for _, f := range strings.Split(s, ",") {
			x, err := parseDecimal(f)
			if err != nil || (len(v) > 0 && x <= v[len(v)-1]) {
				return nil, cba.Errorf("want increasing finite numbers in decimal, got %q%s", s, zeroHint(err))
			}
			v = append(v, x)
		}
		return v, nil
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return nil, cba.Errorf("want lo:hi:steps or a list a,b,c, got %q", s)
	}
	lo, hi, err := pair(parts[0] + ":" + parts[1])
	n, err2 := parseWhole(parts[2])
	if err != nil || err2 != nil || !(lo < hi) || n < 2 || n > 1000 {
		return nil, cba.Errorf("want lo:hi:steps with lo < hi and 2 to 1,000 steps, got %q%s", s, zeroHint(err, err2))
	}
	return sensitivity.Steps(lo, hi, int(n)), nil
}

func axis(flagName, s string) (sensitivity.Axis, error) {
	name, rng, ok := strings.Cut(s, "=")
	if !ok {
		return sensitivity.Axis{}, badInput{cba.Errorf("-%s: want name=lo:hi:steps, got %q", flagName, s)}
	}
	v, err := grid(rng)
	if err != nil {
		return sensitivity.Axis{}, badInput{cba.Errorf("-%s %s: %v", flagName, name, err)}
	}
	return sensitivity.Axis{Factor: strings.TrimSpace(name), Values: v}, nil
}

func (a *analysis) twoWay(ctx context.Context) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	x, err := axis("x", a.o.x)
	if err != nil {
		return err
	}
	y, err := axis("y", a.o.y)
	if err != nil {
		return err
	}
	g, err := m.TwoWay(x, y)
	if err != nil {
		return badInput{err}
	}
	if written, err := a.written(g); written {
		return err
	}
	a.header(fmt.Sprintf("two-way sensitivity: %s (rows) by %s (columns), the others at their base values", g.Y.Name, g.X.Name), &g.Output)
	tw := a.table()
	fmt.Fprint(tw, "\t")
	for _, xv := range g.XS {
		fmt.Fprintf(tw, "%s\t", num(xv))
	}
	fmt.Fprintln(tw)
	for j, yv := range g.YS {
		fmt.Fprintf(tw, "%s\t", num(yv))
		for i := range g.XS {
			fmt.Fprintf(tw, "%s\t", a.outNum(g.Output, g.Z[j][i]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if len(g.Boundary) == 0 {
		fmt.Fprintf(a.w, "\nthe output does not cross %s on the grid\n", num(g.Target))
		return nil
	}
	fmt.Fprintf(a.w, "\nwhere the output crosses %s (%s, %s):\n", num(g.Target), g.X.Name, g.Y.Name)
	for _, p := range g.Boundary {
		fmt.Fprintf(a.w, "  %s, %s\n", num(p.X), num(p.Y))
	}
	return nil
}

func (a *analysis) accept(ctx context.Context) error {
	q, ok := sensitivity.QuantityOf(a.o.quantity)
	if !ok {
		return badInput{cba.Errorf("-quantity: want non_market, marginal_cost_of_public_funds or cost_multiplier, got %q", a.o.quantity)}
	}
	values := map[sensitivity.Quantity][]float64{
		sensitivity.NonMarketValue: sensitivity.Steps(0, 10000, 11),
		sensitivity.FinancingCost:  sensitivity.Steps(0, 0.5, 11),
		sensitivity.CostMultiplier: sensitivity.Steps(0.5, 2, 7),
	}[q]
	if a.o.values != "" {
		var err error
		if values, err = grid(a.o.values); err != nil {
			return badInput{cba.Errorf("-values: %v", err)}
		}
	}
	bar := newProgress(a.stderr, 0)
	c, err := sensitivity.Acceptability(ctx, a.ev, q, values, sensitivity.AcceptOptions{Iterations: a.o.iterations, Seed: a.o.seed, Workers: a.o.workers, Progress: bar.update})
	bar.finish(err == nil)
	if err != nil {
		return badInput{err}
	}
	if a.o.given["perspective"] {
		one, ok := c.Only(a.o.perspective)
		if !ok {
			return badInput{cba.Errorf("-perspective: no perspective %q (%s)", a.o.perspective, strings.Join(c.Perspectives, ", "))}
		}
		c = one
	}
	if written, err := a.written(c); written {
		return err
	}
	a.header(fmt.Sprintf("acceptability: the probability that %s has the larger NPV, by perspective, as %s varies (%d iterations, seed %d)",
		strings.Join(c.Arms[1:], ", "), q, c.Iterations, c.Seed), nil)
	tw := a.table()
	fmt.Fprintf(tw, "%s\t", q)
	for _, p := range c.Perspectives {
		fmt.Fprintf(tw, "%s\t", p)
	}
	fmt.Fprintln(tw)
	for v, val := range c.Values {
		fmt.Fprintf(tw, "%s\t", num(val))
		for p := range c.Perspectives {
			fmt.Fprintf(tw, "%.1f %%\t", 100*(1-c.P[p][v][0]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(a.w, "\nfrom one Monte Carlo run: each iteration's NPV moves linearly with the quantity")
	return nil
}

func (a *analysis) voi(ctx context.Context) error {
	g, bar := a.global("monte carlo")
	opt := sensitivity.VOIOptions{Perspective: a.o.perspective, Iterations: a.o.iterations, Seed: a.o.seed, Workers: a.o.workers, Progress: bar.update, Bins: a.o.bins}
	method, err := sensitivity.ParseEVPPIMethod(a.o.method)
	if err != nil {
		return badInput{cba.Errorf("-method: %w", err)}
	}
	if a.o.given["bins"] && method != sensitivity.Binning {
		return badInput{cba.Errorf("-bins is for -method binning (the %s estimator has no bins)", method)}
	}
	opt.Method = method
	if a.o.given["output"] {
		return badInput{cba.Errorf("voi decides by the NPV of -perspective: it takes no -output")}
	}
	for _, f := range g.Factors {
		opt.Partial = append(opt.Partial, []string{f})
	}
	opt.Partial = append(opt.Partial, g.Groups...)
	if g.GroupDependent {
		return badInput{cba.Errorf("voi: -group dependent is for sobol and morris; name the factors of a group")}
	}
	v, err := sensitivity.ValueOfInformation(ctx, a.ev, opt)
	bar.finish(err == nil)
	if err != nil {
		return badInput{err}
	}
	v.SortByValue()
	cur := a.l.file.Scenario.Currency
	if written, err := a.written(v); written {
		return err
	}
	a.header(fmt.Sprintf("value of information for the choice between %s, by %s's NPV (%d iterations, seed %d)", strings.Join(v.Options, " and "), v.Perspective, v.Iterations, v.Seed), nil)
	fmt.Fprintf(a.w, "expected value of perfect information (EVPI): %s %s per participant\n", num(v.EVPI), cur)
	fmt.Fprintf(a.w, "for the cohort (%s participants, discounted to the start): %s %s\n\n", num(v.Participants), num(v.CohortEVPI), cur)
	tw := a.table()
	fmt.Fprintf(tw, "EVPPI of\tper participant\tcohort\t\n")
	zero := 0
	for _, p := range v.Partial {
		if p.PerParticipant == 0 {
			zero++
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", strings.Join(p.Factors, " + "), num(p.PerParticipant), num(p.Cohort))
	}
	tw.Flush()
	if zero > 0 {
		fmt.Fprintf(a.w, "and %d more with an EVPPI of 0: knowing any of them alone would not change the decision\n", zero)
	}
	fmt.Fprintf(a.w, "\nEVPI: what deciding with every uncertainty resolved would be worth; EVPPI: with one factor's.\n")
	if v.Method == sensitivity.Binning {
		fmt.Fprintf(a.w, "EVPPI is estimated by binning each factor's draws (%d bins): see the documentation of package sensitivity for its bias.\n", v.Bins)
	} else {
		fmt.Fprintf(a.w, "EVPPI is estimated by regression of the NPV on splines of each factor's draws (Strong, Oakley and Brennan 2014;\n-method binning bins them): see the documentation of package sensitivity for its bias.\n")
	}
	return nil
}

func (a *analysis) sobol(ctx context.Context) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	g, bar := a.global("sobol")
	res, err := m.Sobol(ctx, sensitivity.SobolOptions{GlobalOptions: g, N: a.o.n, Bootstrap: int(a.o.bootstrap)})
	bar.finish(err == nil)
	if err != nil {
		return badInput{err}
	}
	if written, err := a.written(res); written {
		return err
	}
	a.header(fmt.Sprintf("Sobol indices: the share of the output's variance each input explains (%d base samples, %d evaluations, seed %d)", res.N, res.Evaluations, res.Seed), &res.Output)
	fmt.Fprintf(a.w, "mean %s, standard deviation %s\n\n", num(res.Mean), num(math.Sqrt(res.Variance)))
	tw := a.table()
	ci := fmt.Sprintf("%g %% interval", 100*res.Confidence)
	fmt.Fprintf(tw, "input\tfirst-order\t%s\ttotal\t%s\t\n", ci, ci)
	for _, x := range res.ByTotal() {
		fci, tci := fmt.Sprintf("%.3f to %.3f", x.FirstCI[0], x.FirstCI[1]), fmt.Sprintf("%.3f to %.3f", x.TotalCI[0], x.TotalCI[1])
		if res.Bootstrap == 0 {
			fci, tci = "—", "—"
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%.3f\t%s\t\n", x.Group.Name, x.First, fci, x.Total, tci)
	}
	tw.Flush()
	fmt.Fprintln(a.w, "\nfirst-order: the input alone; total: with its interactions. Inputs drawn together are analysed as one.")
	return nil
}

func (a *analysis) morris(ctx context.Context) error {
	m, err := a.model(ctx)
	if err != nil {
		return err
	}
	g, bar := a.global("morris")
	res, err := m.Morris(ctx, sensitivity.MorrisOptions{GlobalOptions: g, Trajectories: a.o.trajectories, Levels: a.o.levels})
	bar.finish(err == nil)
	if err != nil {
		return badInput{err}
	}
	if written, err := a.written(res); written {
		return err
	}
	a.header(fmt.Sprintf("Morris screening (%d trajectories, %d levels, %d evaluations, seed %d)", res.Trajectories, res.Levels, res.Evaluations, res.Seed), &res.Output)
	tw := a.table()
	fmt.Fprintln(tw, "input\tmu*\tmu\tsigma\t")
	for _, e := range res.Effects {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", e.Group.Name, num(e.MuStar), num(e.Mu), num(e.Sigma))
	}
	tw.Flush()
	fmt.Fprintln(a.w, "\nmu*: how much the output moves when the input moves across its range (2.5th to 97.5th percentile),")
	fmt.Fprintln(a.w, "each step's change scaled to the whole range (an input of several numbers: their percentiles move together);")
	fmt.Fprintln(a.w, "sigma: how much that depends on the other inputs (interactions, non-linearity)")
	return nil
}
