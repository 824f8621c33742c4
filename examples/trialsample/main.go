// Command trialsample asks how much a trial of a given size could differ
// from the model by chance: it simulates the trial many times with the
// scenario's individuals (micro-simulation) and prints the spread of the
// difference in the share in work at a given month. By default it takes
// the size of the Norwegian IPS trial (229 in IPS, 181 in the comparator
// arm) and month 12, and, for the scenario of that trial's population
// (norway-norce), prints the trial's 36.6 % against 27.1 % (Reme et al.
// 2019) beside the spread.
//
//	go run ./examples/trialsample [-replications 2000] [-seed 1] [-ips 229] [-comparator 181]
//	                              [-month 12] [-set path=value]... [scenario.yaml]
//
// The default scenario is scenarios/norway-norce.yaml. -set changes a
// number of the scenario as ipscba's -set does. Exit status: 0 on
// success, 2 for bad input (flags, scenario file, -set), 1 otherwise.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// sets collects repeated -set flags.
type sets []string

// String returns the changes given, separated by commas.
func (s *sets) String() string { return strings.Join(*s, ",") }

// Set adds one change, path=value.
func (s *sets) Set(v string) error { *s = append(*s, v); return nil }

// The Norwegian trial: its arms' sizes, and the shares in work at 12
// months it found (Reme et al. 2019, doi:10.5271/sjweh.3753).
const (
	trialScenario             = "norway-norce" // the scenario of the trial's population
	trialIPS, trialComparator = 229, 181
	trialMonth                = 12
	trialFound                = "the trial found 36.6 % against 27.1 %: 9.5 points (Reme et al. 2019)"
)

// trial is what a run asks for: the number of simulated trials and their
// seed, the arms' sizes, the month compared, the changes to the scenario
// and its file.
type trial struct {
	reps, ips, comparator, month int
	seed                         uint64
	set                          sets
	files                        []string // the scenario file, if one is given
}

// run runs the command and returns its exit status.
func run(args []string, stdout, stderr io.Writer) int {
	bad := func(err error) int {
		fmt.Fprintf(stderr, "trialsample: %v\n", err)
		return 2
	}
	t, err := parseTrial(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := t.checkFlags(); err != nil {
		return bad(err)
	}
	path := t.path()
	s, err := loadScenario(path, t.set)
	if err != nil {
		return bad(err)
	}
	if err := t.checkScenario(path, s); err != nil {
		return bad(err)
	}
	diffs, comp, err := t.simulate(s)
	if err != nil {
		fmt.Fprintln(stderr, "trialsample:", err)
		return 1
	}
	t.report(stdout, s, comp, diffs)
	return 0
}

// parseTrial reads the flags and the scenario file from args; the flag
// package says what is wrong on stderr.
func parseTrial(args []string, stderr io.Writer) (*trial, error) {
	t := &trial{}
	fs := flag.NewFlagSet("trialsample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&t.reps, "replications", 2000, "simulated trials (1 to 1,000,000)")
	fs.Uint64Var(&t.seed, "seed", 1, "the seed")
	fs.IntVar(&t.ips, "ips", trialIPS, "participants in the IPS arm (the arm that is not the comparator)")
	fs.IntVar(&t.comparator, "comparator", trialComparator, "participants in the comparator arm")
	fs.IntVar(&t.month, "month", trialMonth, "the month at which the share in work is compared")
	fs.Var(&t.set, "set", "change a number of the scenario: `path=value` (repeatable, as for ipscba)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	t.files = fs.Args()
	return t, nil
}

// checkFlags refuses more than one scenario file, and numbers of trials
// and participants out of range.
func (t *trial) checkFlags() error {
	switch {
	case len(t.files) > 1:
		return fmt.Errorf("one scenario file, not %d (%s)", len(t.files), strings.Join(t.files, ", "))
	case t.reps < 1 || t.reps > 1_000_000:
		return fmt.Errorf("-replications: want 1 to 1,000,000, got %d", t.reps)
	case t.ips < 1 || t.comparator < 1 || t.ips > 10_000_000 || t.comparator > 10_000_000:
		return fmt.Errorf("-ips and -comparator: want 1 to 10,000,000 participants, got %d and %d", t.ips, t.comparator)
	}
	return nil
}

// path returns the scenario file: the one given, or the trial's
// population's.
func (t *trial) path() string {
	if len(t.files) == 1 {
		return t.files[0]
	}
	return "scenarios/norway-norce.yaml"
}

// loadScenario reads the scenario file at path and applies the changes
// set (path=value each).
func loadScenario(path string, set []string) (*cba.Scenario, error) {
	f, err := scenario.Load(path)
	if err != nil {
		return nil, err
	}
	var ovs []cba.Override
	for _, kv := range set {
		ov, err := scenario.ParseOverride(kv)
		if err != nil {
			return nil, fmt.Errorf("-set %s: %v", kv, err)
		}
		ovs = append(ovs, ov)
	}
	if len(ovs) > 0 {
		if _, err := f.Apply(ovs...); err != nil {
			return nil, fmt.Errorf("-set: %v", err)
		}
	}
	return f.Scenario, nil
}

// checkScenario refuses a scenario (from the file at path) that does not
// have two arms, and a month compared not within its horizon.
func (t *trial) checkScenario(path string, s *cba.Scenario) error {
	if len(s.Arms) != 2 {
		return fmt.Errorf("%s: the scenario needs exactly two arms, has %d", path, len(s.Arms))
	}
	if t.month < 1 || t.month >= s.HorizonMonths+1 {
		return fmt.Errorf("-month: want 1 to the horizon, %d, got %d", s.HorizonMonths, t.month)
	}
	return nil
}

// simulate runs the simulated trials and returns, for each, the
// difference between the arms in the share in work at the month compared
// (the other arm's less the comparator's), and the comparator's position
// among the scenario's arms.
func (t *trial) simulate(s *cba.Scenario) (diffs []float64, comp int, err error) {
	if s.Arms[0].Name != s.Comparator {
		comp = 1
	}
	perArm := []int{t.ips, t.ips}
	perArm[comp] = t.comparator
	res, err := cba.Micro(context.Background(), s, cba.MicroOptions{
		PerArm: perArm, Replications: t.reps, Seed: t.seed, Months: []int{t.month},
	})
	if err != nil {
		return nil, 0, err
	}
	for _, rep := range res.Replications {
		diffs = append(diffs, rep[1-comp].EmployedAt[0]-rep[comp].EmployedAt[0])
	}
	return diffs, comp, nil
}

// report prints the spread of the differences: their median and the
// interval of 95 % of the trials, in percentage points, and the share of
// trials that find no advantage for the arm that is not the comparator;
// for the Norwegian trial's own question, what it found.
func (t *trial) report(w io.Writer, s *cba.Scenario, comp int, diffs []float64) {
	slices.Sort(diffs)
	at := func(p float64) float64 { return 100 * diffs[int(p*float64(len(diffs)-1))] }
	below := 0
	for _, d := range diffs {
		if d <= 0 {
			below++
		}
	}
	other := s.Arms[1-comp].Name
	fmt.Fprintf(w, "%d simulated trials of %d (%s) against %d (%s), scenario %s\n", len(diffs), t.ips, other, t.comparator, s.Comparator, s.Name)
	fmt.Fprintf(w, "difference in the share in work at %d months, percentage points:\n", t.month)
	fmt.Fprintf(w, "  median %.1f, 95 %% of trials between %.1f and %.1f\n", at(0.5), at(0.025), at(0.975))
	fmt.Fprintf(w, "  trials finding no advantage for %s: %.1f %%\n", other, 100*float64(below)/float64(len(diffs)))
	if s.Name == trialScenario && t.ips == trialIPS && t.comparator == trialComparator && t.month == trialMonth {
		fmt.Fprintln(w, trialFound)
	}
}
