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

func (s *sets) String() string     { return strings.Join(*s, ",") }
func (s *sets) Set(v string) error { *s = append(*s, v); return nil }

// The Norwegian trial: its arms' sizes, and the shares in work at 12
// months it found (Reme et al. 2019, doi:10.5271/sjweh.3753).
const (
	trialScenario             = "norway-norce" // the scenario of the trial's population
	trialIPS, trialComparator = 229, 181
	trialMonth                = 12
	trialFound                = "the trial found 36.6 % against 27.1 %: 9.5 points (Reme et al. 2019)"
)

// run runs the command and returns its exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("trialsample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	reps := fs.Int("replications", 2000, "simulated trials (1 to 1,000,000)")
	seed := fs.Uint64("seed", 1, "the seed")
	ips := fs.Int("ips", trialIPS, "participants in the IPS arm (the arm that is not the comparator)")
	comparator := fs.Int("comparator", trialComparator, "participants in the comparator arm")
	month := fs.Int("month", trialMonth, "the month at which the share in work is compared")
	var set sets
	fs.Var(&set, "set", "change a number of the scenario: `path=value` (repeatable, as for ipscba)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "trialsample: "+format+"\n", a...)
		return 2
	}
	switch {
	case fs.NArg() > 1:
		return bad("one scenario file, not %d (%s)", fs.NArg(), strings.Join(fs.Args(), ", "))
	case *reps < 1 || *reps > 1_000_000:
		return bad("-replications: want 1 to 1,000,000, got %d", *reps)
	case *ips < 1 || *comparator < 1 || *ips > 10_000_000 || *comparator > 10_000_000:
		return bad("-ips and -comparator: want 1 to 10,000,000 participants, got %d and %d", *ips, *comparator)
	}
	path := "scenarios/norway-norce.yaml"
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	f, err := scenario.Load(path)
	if err != nil {
		return bad("%v", err)
	}
	var ovs []cba.Override
	for _, kv := range set {
		ov, err := scenario.ParseOverride(kv)
		if err != nil {
			return bad("-set %s: %v", kv, err)
		}
		ovs = append(ovs, ov)
	}
	if len(ovs) > 0 {
		if _, err := f.Apply(ovs...); err != nil {
			return bad("-set: %v", err)
		}
	}
	s := f.Scenario
	if len(s.Arms) != 2 {
		return bad("%s: the scenario needs exactly two arms, has %d", path, len(s.Arms))
	}
	if *month < 1 || *month >= s.HorizonMonths+1 {
		return bad("-month: want 1 to the horizon, %d, got %d", s.HorizonMonths, *month)
	}
	comp := 0
	if s.Arms[0].Name != s.Comparator {
		comp = 1
	}
	perArm := []int{*ips, *ips}
	perArm[comp] = *comparator
	res, err := cba.Micro(context.Background(), s, cba.MicroOptions{
		PerArm: perArm, Replications: *reps, Seed: *seed, Months: []int{*month},
	})
	if err != nil {
		fmt.Fprintln(stderr, "trialsample:", err)
		return 1
	}
	var diffs []float64
	for _, rep := range res.Replications {
		diffs = append(diffs, rep[1-comp].EmployedAt[0]-rep[comp].EmployedAt[0])
	}
	slices.Sort(diffs)
	at := func(p float64) float64 { return 100 * diffs[int(p*float64(len(diffs)-1))] }
	below := 0
	for _, d := range diffs {
		if d <= 0 {
			below++
		}
	}
	other := s.Arms[1-comp].Name
	fmt.Fprintf(stdout, "%d simulated trials of %d (%s) against %d (%s), scenario %s\n", len(diffs), *ips, other, *comparator, s.Comparator, s.Name)
	fmt.Fprintf(stdout, "difference in the share in work at %d months, percentage points:\n", *month)
	fmt.Fprintf(stdout, "  median %.1f, 95 %% of trials between %.1f and %.1f\n", at(0.5), at(0.025), at(0.975))
	fmt.Fprintf(stdout, "  trials finding no advantage for %s: %.1f %%\n", other, 100*float64(below)/float64(len(diffs)))
	if s.Name == trialScenario && *ips == trialIPS && *comparator == trialComparator && *month == trialMonth {
		fmt.Fprintln(stdout, trialFound)
	}
	return 0
}
