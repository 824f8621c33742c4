package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"ipscba/cba"
)

var (
	// errHelp ends the command after -h (exit 0).
	errHelp = errors.New("help")
	// errUsage ends the command after a usage message (exit 2).
	errUsage = errors.New("usage")
)

// sets collects repeated -set flags.
type sets []string

// String joins the values given (flag.Value).
func (s *sets) String() string { return strings.Join(*s, ",") }

// Set adds one -set value (flag.Value).
func (s *sets) Set(v string) error { *s = append(*s, v); return nil }

// parseFlags parses args, with flags before or after the positional
// arguments (everything after "--" is positional), and returns the
// positional ones and the names of the flags given.
func parseFlags(fs *flag.FlagSet, args []string) (positional []string, given map[string]bool, err error) {
	if i := indexOf(args, "--"); i >= 0 {
		defer func() { positional = append(positional, args[i+1:]...) }()
		args = args[:i]
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, nil, errHelp
			}
			return nil, nil, errUsage // the flag package has said what is wrong
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	given = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return positional, given, nil
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// usageLine prints a one-line hint and ends the command with exit 2.
func usageLine(stderr io.Writer, format string, args ...any) error {
	fmt.Fprintf(stderr, "ipscba: "+format+"\n", args...)
	fmt.Fprintln(stderr, "usage: ipscba [flags] scenario.yaml   (ipscba -h lists the flags)")
	return errUsage
}

// iterationRange parses -iterations: "N" (iterations 0 to N-1) or
// "first:end" (end excluded), with end at most 2^53.
func iterationRange(s string) (first uint64, n int, err error) {
	a, b, isRange := strings.Cut(s, ":")
	if !isRange {
		v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil || v == 0 || v > cba.MaxIteration {
			return 0, 0, fmt.Errorf("-iterations: want a number from 1 to 2^53 (%d), or first:end, got %q", uint64(cba.MaxIteration), s)
		}
		return 0, int(v), nil
	}
	lo, err1 := strconv.ParseUint(strings.TrimSpace(a), 10, 64)
	hi, err2 := strconv.ParseUint(strings.TrimSpace(b), 10, 64)
	if err1 != nil || err2 != nil || hi <= lo || hi > cba.MaxIteration {
		return 0, 0, fmt.Errorf("-iterations: want first:end with first < end <= 2^53 (%d), got %q", uint64(cba.MaxIteration), s)
	}
	return lo, int(hi - lo), nil
}

// parsePercentiles parses -percentiles: numbers from 0 to 100.
func parsePercentiles(list string) ([]float64, error) {
	var percentiles []float64
	for _, f := range strings.Split(list, ",") {
		p, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || math.IsNaN(p) || p < 0 || p > 100 {
			return nil, badInput{fmt.Errorf("-percentiles: want numbers from 0 to 100, got %q", f)}
		}
		percentiles = append(percentiles, p)
	}
	return percentiles, nil
}
