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
	lang         string
	given        map[string]bool
}

func newSensFlags(stderr io.Writer, o *sensOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("ipscba sensitivity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.output, "output", "", "the `output` analysed, e.g. ips-traditional/population/npv/public (default: the first arm's NPV for -perspective)")
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
	fs.Var((*intFlag)(&o.bins), "bins", "voi: with -method binning, `bins` of each factor (default: the fourth root of the iterations)")
	fs.StringVar(&o.lang, "lang", "en", "the `language` of text output: en (English) or nb (Norwegian Bokmål)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ipscba sensitivity ANALYSIS [flags] scenario.yaml")
		fmt.Fprintln(fs.Output(), "Which assumptions decide the answer. ANALYSIS is one of:")
		for _, a := range analyses {
			fmt.Fprintf(fs.Output(), "  %-8s %s\n", a.name, a.what)
		}
		fmt.Fprintln(fs.Output(), "Flags:")
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
	lang, _ := report.ParseLang(o.lang) // checked by check
	a := &analysis{o: &o, ev: ev, l: l, w: &out, stderr: stderr, p: report.NewPrinter(lang, l.file.Scenario)}
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
	common := []string{"output", "perspective", "set", "format", "o", "lang"}
	for name := range o.given {
		if !slices.Contains(common, name) && !slices.Contains(flagsOf[o.analysis], name) {
			return sensBad("-%s does not go with %s (it takes -%s)", name, o.analysis, strings.Join(flagsOf[o.analysis], ", -"))
		}
	}
	if _, err := report.FormatNamed(o.format, report.AnalysisKind); err != nil {
		return sensBad("-format: %v", err)
	}
	if _, err := report.ParseLang(o.lang); err != nil {
		return sensBad("-lang: %v", err)
	}
	if err := o.checkCombinations(); err != nil {
		return err
	}
	return o.checkSizes()
}

// sensBad is a message of bad input to ipscba sensitivity.
func sensBad(format string, a ...any) error { return badInput{cba.Errorf(format, a...)} }

// checkCombinations refuses flags that do not go together.
func (o *sensOptions) checkCombinations() error {
	switch {
	case o.given["lang"] && o.format != "text":
		return sensBad("-lang is the language of text output: JSON and CSV are written in the same words in any language")
	case o.given["o"] && strings.TrimSpace(o.out) == "":
		return sensBad("-o: give a file, not an empty text (left out: standard output)")
	case o.given["output"] && o.given["perspective"]:
		return sensBad("-output names the output in full: it takes no -perspective")
	case o.analysis == "twoway" && (o.x == "" || o.y == ""):
		return sensBad("twoway needs -x name=lo:hi:steps and -y name=lo:hi:steps")
	case o.analysis == "switch" && o.within != "" && len(o.factors) == 0:
		return sensBad("-within is the interval of the factors named by -factor: give -factor (without it, switch searches every factor within its bound)")
	case o.analysis == "accept" && o.given["output"]:
		return sensBad("accept shows the NPV of every perspective: it takes no -output (-perspective shows one)")
	case o.given["target"] && (math.IsNaN(o.target) || math.IsInf(o.target, 0)):
		return sensBad("-target: want a finite number")
	}
	return nil
}

// checkSizes refuses the Monte Carlo's sizes outside their bounds, then
// the designs'.
func (o *sensOptions) checkSizes() error {
	switch {
	case o.given["workers"] && (o.workers < 1 || o.workers > cba.MaxWorkers()):
		return sensBad("-workers: want 1 to %d, got %d", cba.MaxWorkers(), o.workers)
	case o.given["iterations"] && (o.iterations < 1 || o.iterations > 100_000_000):
		return sensBad("-iterations: want 1 to 100,000,000, got %d", o.iterations)
	case o.given["bins"] && (o.bins < 1 || o.bins > 1_000_000):
		return sensBad("-bins: want 1 to 1,000,000, got %d", o.bins)
	}
	return o.checkDesigns()
}

// checkDesigns refuses sizes of the analyses' designs outside their bounds.
func (o *sensOptions) checkDesigns() error {
	switch {
	case o.given["fixed"] && !(o.fixed > 0 && o.fixed < 1):
		return sensBad("-fixed: want a fraction between 0 and 1, got %g", o.fixed)
	case o.given["n"] && (o.n < 2 || o.n > 1<<24):
		return sensBad("-n: want 2 to 2^24 base samples, got %d", o.n)
	case o.given["bootstrap"] && o.bootstrap != sensitivity.NoBootstrap && (o.bootstrap < 1 || o.bootstrap > 100_000):
		return sensBad("-bootstrap: want 1 to 100,000 resamples, or none for no intervals, got %d", o.bootstrap)
	case o.given["trajectories"] && (o.trajectories < 2 || o.trajectories > 1_000_000):
		return sensBad("-trajectories: want 2 to 1,000,000, got %d", o.trajectories)
	case o.given["levels"] && (o.levels < 2 || o.levels%2 != 0 || o.levels > 1000):
		return sensBad("-levels: want an even number from 2 to 1,000, got %d", o.levels)
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
	p      report.Printer // the words of text output
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
	s, p := a.l.file.Scenario, a.p
	fmt.Fprintf(a.w, "%s: %s\n", s.Name, what)
	if key != nil {
		fmt.Fprintln(a.w, p.T("output: %s (%s)", p.Output(*key), p.OutputUnit(*key, s)))
		fmt.Fprintln(a.w, p.T("(-output %s)", key.String()))
	}
	fmt.Fprint(a.w, p.T("scenario file %s (sha256 %s)", a.l.path, a.l.sha256[:12]))
	if len(a.l.overrides) > 0 {
		fmt.Fprint(a.w, p.T(", with -set %s", strings.Join(a.l.overrides, " -set ")))
	}
	fmt.Fprint(a.w, "\n\n")
}

// table returns columns whose names (the first column) wrap at 64
// characters, so that a table of long names stays readable in a terminal.
func (a *analysis) table() *report.Columns {
	c := report.NewColumns(a.w)
	c.Wrap = 64
	return c
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

// factor names a factor for a reader, with its path (what -factor, -x
// and -set take).
func (a *analysis) factor(f cba.Factor) string {
	return a.p.T("%s (%s)", a.p.Factor(f.Name), f.Name)
}

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
	a.tornadoText(t)
	return nil
}

// tornadoText writes a one-way analysis: each factor's values in its unit
// and the output at each end, largest swing first.
func (a *analysis) tornadoText(t *sensitivity.Tornado) {
	p, k := a.p, t.Output
	a.header(p.T("one-way sensitivity (tornado): each number from its low to its high value, the others at their base values"), &k)
	fmt.Fprintln(a.w, p.T("at the base values: %s", p.OutputValue(k, t.Base)))
	fmt.Fprintln(a.w)
	tw := a.table()
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", p.T("number"), p.T("base"), p.T("low"), p.T("high"),
		p.T("output at low"), p.T("output at high"), p.T("swing"))
	for _, b := range t.Bars {
		unit := b.Factor.Unit
		swing := p.OutputValue(k, b.Swing)
		if math.IsInf(b.Swing, 0) { // a difference: unbounded, whatever +Inf of the output means
			swing = p.T("infinite")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", a.factor(b.Factor), p.Value(b.Factor.Value, unit), p.Value(b.Low, unit), p.Value(b.High, unit),
			p.OutputValue(k, b.AtLow), p.OutputValue(k, b.AtHigh), swing)
	}
	tw.Flush()
	fmt.Fprintln(a.w, "\n"+p.T("low and high: the 2.5th and 97.5th percentiles of an uncertain number's distribution"))
	if a.o.fixed > 0 {
		fmt.Fprintln(a.w, p.T("(a fixed number: its value ±%s %%)", p.Sig(100*a.o.fixed)))
	}
	if len(a.o.bounds) > 0 {
		fmt.Fprintln(a.w, p.T("(a number given -bound: the low and high values given)"))
	}
	fmt.Fprintln(a.w, p.T("a share moves the other shares of its set with it; correlated numbers move alone"))
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
	a.header(a.p.T("switching values: the value of a number at which the output changes sign, the others at their base values"), &key)
	for _, s := range found.Values {
		a.switchText(key, s)
	}
	return nil
}

// switchText writes one factor's switching value, in the factor's unit.
func (a *analysis) switchText(key cba.OutputKey, s *sensitivity.Switch) {
	p, unit := a.p, s.Factor.Unit
	value := func(v float64) string { return p.Value(v, unit) }
	fmt.Fprintln(a.w, p.T("%s, in %s", a.factor(s.Factor), p.Unit(unit)))
	fmt.Fprintln(a.w, "  "+p.T("base value %s: output %s", value(s.Base), p.OutputValue(key, s.AtBase)))
	within := s.IntervalWith(value)
	if p.Lang() == report.Bokmal { // "," is the decimal mark: the ends are apart by ";"
		within = strings.Replace(within, ", ", "; ", 1)
	}
	target := p.OutputValue(key, s.Target)
	switch {
	case s.Found:
		fmt.Fprintln(a.w, "  "+p.T("the output reaches %s at %s (searched within %s)", target, value(s.Value), within))
	case s.Jump:
		fmt.Fprintln(a.w, "  "+p.T("does not reach %s within %s, but jumps across it at %s", target, within, value(s.Value)))
	case s.LoOpen: // the range excludes its lower end
		fmt.Fprintln(a.w, "  "+p.T("does not change sign within %s: the output is %s just above %s", within, p.OutputValue(key, s.AtLo), value(s.Lo)))
	default:
		fmt.Fprintln(a.w, "  "+p.T("does not change sign within %s: the output is %s at %s", within, p.OutputValue(key, s.AtLo), value(s.Lo)))
	}
	if s.Limit != "" && !s.Found {
		fmt.Fprintln(a.w, "  "+p.T("(the search stopped where the scenario is not valid: %s)", p.Message(s.LimitError())))
	}
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
	a.twoWayText(g)
	return nil
}

// twoWayText writes a two-way grid: the output at each pair of values, and
// where it crosses its target.
func (a *analysis) twoWayText(g *sensitivity.Grid) {
	p, k := a.p, g.Output
	x := func(v float64) string { return p.Value(v, g.X.Unit) }
	y := func(v float64) string { return p.Value(v, g.Y.Unit) }
	a.header(p.T("two-way sensitivity: %s (rows) by %s (columns), the others at their base values", a.factor(g.Y), a.factor(g.X)), &k)
	tw := a.table()
	fmt.Fprint(tw, "\t")
	for _, xv := range g.XS {
		fmt.Fprintf(tw, "%s\t", x(xv))
	}
	fmt.Fprintln(tw)
	for j, yv := range g.YS {
		fmt.Fprintf(tw, "%s\t", y(yv))
		for i := range g.XS {
			fmt.Fprintf(tw, "%s\t", p.OutputValue(k, g.Z[j][i]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	if len(g.Boundary) == 0 {
		fmt.Fprintln(a.w, "\n"+p.T("the output does not cross %s on the grid", p.OutputValue(k, g.Target)))
		return
	}
	fmt.Fprintln(a.w, "\n"+p.T("where the output crosses %s (%s; %s):", p.OutputValue(k, g.Target), p.Factor(g.X.Name), p.Factor(g.Y.Name)))
	for _, pt := range g.Boundary {
		fmt.Fprintf(a.w, "  %s; %s\n", x(pt.X), y(pt.Y))
	}
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
	a.acceptText(c, q)
	return nil
}

// quantityWords are the quantities of an acceptability curve in the
// tool's words.
var quantityWords = map[sensitivity.Quantity]string{
	sensitivity.NonMarketValue: "the value of a month in work beyond its pay (money)",
	sensitivity.FinancingCost:  "the marginal cost of public funds",
	sensitivity.CostMultiplier: "a multiplier of every programme cost",
}

// quantityColumns name the quantities of an acceptability curve at the
// head of its column.
var quantityColumns = map[sensitivity.Quantity]string{
	sensitivity.NonMarketValue: "value of a month in work",
	sensitivity.FinancingCost:  "marginal cost of public funds",
	sensitivity.CostMultiplier: "cost multiplier",
}

// acceptText writes an acceptability curve: the chance that each arm has
// the larger NPV, for each perspective, at each value of the quantity.
func (a *analysis) acceptText(c *sensitivity.Curve, q sensitivity.Quantity) {
	p := a.p
	var arms []string
	for _, arm := range c.Arms[1:] {
		arms = append(arms, p.Arm(arm))
	}
	a.header(p.T("acceptability: the probability that %s has the larger NPV, by perspective, as %s varies (%s iterations, seed %s)",
		strings.Join(arms, ", "), p.T(quantityWords[q]), p.Int(float64(c.Iterations)), strconv.FormatUint(c.Seed, 10)), nil)
	tw := a.table()
	fmt.Fprintf(tw, "%s\t", p.T(quantityColumns[q]))
	for _, pe := range c.Perspectives {
		fmt.Fprintf(tw, "%s\t", p.Perspective(pe))
	}
	fmt.Fprintln(tw)
	for v, val := range c.Values {
		fmt.Fprintf(tw, "%s\t", p.Sig(val))
		for pe := range c.Perspectives {
			fmt.Fprintf(tw, "%s\t", p.Percent(1-c.P[pe][v][0]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(a.w, "\n"+p.T("from one Monte Carlo run: each iteration's NPV moves linearly with the quantity"))
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
	if written, err := a.written(v); written {
		return err
	}
	a.voiText(v)
	return nil
}

// voiText writes the value of information: the EVPI, and each factor's
// or group's EVPPI, largest first.
func (a *analysis) voiText(v *sensitivity.VOI) {
	p, cur := a.p, a.l.file.Scenario.Currency
	var options []string
	for _, o := range v.Options {
		options = append(options, p.Arm(o))
	}
	a.header(p.T("value of information for the choice between %s, by the NPV of %s (%s iterations, seed %s)",
		strings.Join(options, p.T(" and ")), p.Perspective(v.Perspective), p.Int(float64(v.Iterations)), strconv.FormatUint(v.Seed, 10)), nil)
	fmt.Fprintln(a.w, p.T("expected value of perfect information (EVPI): %s per participant", p.Money(v.EVPI, cur)))
	fmt.Fprintln(a.w, p.T("for the cohort (%s participants, discounted to the start): %s", p.Int(v.Participants), p.Money(v.CohortEVPI, cur)))
	fmt.Fprintln(a.w)
	tw := a.table()
	fmt.Fprintf(tw, "%s\t%s\t%s\t\n", p.T("EVPPI of"), p.T("per participant (%s, discounted)", cur), p.T("cohort (%s, discounted)", cur))
	zero := 0
	for _, part := range v.Partial {
		if part.PerParticipant == 0 {
			zero++
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", p.Inputs(part.Factors), p.Int(part.PerParticipant), p.Int(part.Cohort))
	}
	tw.Flush()
	if zero > 0 {
		fmt.Fprintln(a.w, p.T("and %s more with an EVPPI of 0: knowing any of them alone would not change the decision", strconv.Itoa(zero)))
	}
	fmt.Fprintln(a.w, "\n"+p.T("EVPI: what deciding with every uncertainty resolved would be worth; EVPPI: with one number's."))
	if v.Method == sensitivity.Binning {
		fmt.Fprintln(a.w, p.T("EVPPI is estimated by binning each number's draws (%s bins): see the documentation of package sensitivity for its bias.", strconv.Itoa(v.Bins)))
	} else {
		fmt.Fprintln(a.w, p.T("EVPPI is estimated by regression of the NPV on splines of each number's draws (Strong, Oakley and Brennan 2014;"))
		fmt.Fprintln(a.w, p.T("-method binning bins them): see the documentation of package sensitivity for its bias."))
	}
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
	a.sobolText(res)
	return nil
}

// sobolText writes Sobol indices: each input's first-order and total
// index with their intervals, largest total first.
func (a *analysis) sobolText(res *sensitivity.Sobol) {
	p, k := a.p, res.Output
	a.header(p.T("Sobol indices: the share of the output's variance each input explains (%s base samples, %s evaluations, seed %s)",
		p.Int(float64(res.N)), p.Int(float64(res.Evaluations)), strconv.FormatUint(res.Seed, 10)), &k)
	fmt.Fprintln(a.w, p.T("mean %s, standard deviation %s", p.OutputValue(k, res.Mean), p.OutputValue(k, math.Sqrt(res.Variance))))
	fmt.Fprintln(a.w)
	tw := a.table()
	ci := p.T("%s %% interval", p.Sig(100*res.Confidence))
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", p.T("input"), p.T("first-order"), ci, p.T("total effect"), ci)
	for _, x := range res.ByTotal() {
		fci, tci := p.T("%s to %s", p.Dec(x.FirstCI[0], 3), p.Dec(x.FirstCI[1], 3)), p.T("%s to %s", p.Dec(x.TotalCI[0], 3), p.Dec(x.TotalCI[1], 3))
		if res.Bootstrap == 0 {
			fci, tci = "—", "—"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", p.Inputs(x.Group.Factors), p.Dec(x.First, 3), fci, p.Dec(x.Total, 3), tci)
	}
	tw.Flush()
	fmt.Fprintln(a.w, "\n"+p.T("first-order: the input alone; total effect: with its interactions. Inputs drawn together are analysed as one."))
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
	a.morrisText(res)
	return nil
}

// morrisText writes Morris's elementary effects of each input.
func (a *analysis) morrisText(res *sensitivity.Morris) {
	p, k := a.p, res.Output
	a.header(p.T("Morris screening (%s trajectories, %s levels, %s evaluations, seed %s)", p.Int(float64(res.Trajectories)),
		p.Int(float64(res.Levels)), p.Int(float64(res.Evaluations)), strconv.FormatUint(res.Seed, 10)), &k)
	tw := a.table()
	fmt.Fprintf(tw, "%s\tmu*\tmu\tsigma\t\n", p.T("input"))
	for _, e := range res.Effects {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", p.Inputs(e.Group.Factors), p.OutputValue(k, e.MuStar), p.OutputValue(k, e.Mu), p.OutputValue(k, e.Sigma))
	}
	tw.Flush()
	fmt.Fprintln(a.w, "\n"+p.T("mu*: how much the output moves when the input moves across its range (2.5th to 97.5th percentile),"))
	fmt.Fprintln(a.w, p.T("each step's change scaled to the whole range (an input of several numbers: their percentiles move together);"))
	fmt.Fprintln(a.w, p.T("sigma: how much that depends on the other inputs (interactions, non-linearity)"))
}
