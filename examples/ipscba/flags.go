package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"ipscba/cba"
	"ipscba/cba/scenario"
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
	var after []string // everything after "--"
	if i := indexOf(args, "--"); i >= 0 {
		args, after = args[:i], args[i+1:]
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
	return append(positional, after...), given, nil
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
// "first:end" (end excluded), with end at most 2^53, each number in
// decimal without a leading zero.
func iterationRange(s string) (first uint64, n int, err error) {
	a, b, isRange := strings.Cut(s, ":")
	if !isRange {
		v, err := parseWhole(s)
		if leadingZero.MatchString(strings.TrimSpace(s)) {
			return 0, 0, fmt.Errorf("-iterations: %v", err)
		}
		if err != nil || v < 1 || v > cba.MaxIteration {
			return 0, 0, fmt.Errorf("-iterations: want a number from 1 to 2^53 (%d), or first:end, got %q", uint64(cba.MaxIteration), s)
		}
		return 0, int(v), nil
	}
	lo, err1 := parseWhole(a)
	hi, err2 := parseWhole(b)
	if err := cmp.Or(err1, err2); err != nil && strings.Contains(err.Error(), "leading zero") {
		return 0, 0, fmt.Errorf("-iterations: %v", err)
	}
	if err1 != nil || err2 != nil || lo < 0 || hi <= lo || hi > cba.MaxIteration {
		return 0, 0, fmt.Errorf("-iterations: want first:end with first < end <= 2^53 (%d), got %q", uint64(cba.MaxIteration), s)
	}
	return uint64(lo), int(hi - lo), nil
}

// parsePercentiles parses -percentiles: numbers from 0 to 100.
func parsePercentiles(list string) ([]float64, error) {
	var percentiles []float64
	for _, f := range strings.Split(list, ",") {
		p, err := parseDecimal(f)
		if err != nil && leadingZero.MatchString(strings.TrimSpace(f)) {
			return nil, badInput{fmt.Errorf("-percentiles: %v", err)}
		}
		if err != nil || p < 0 || p > 100 {
			return nil, badInput{fmt.Errorf("-percentiles: want numbers from 0 to 100, got %q", f)}
		}
		percentiles = append(percentiles, p)
	}
	return percentiles, nil
}

// Numeric flags are read in decimal, as the scenario files' numbers are:
// digits with an optional sign (and, for a number that need not be whole,
// fraction and exponent), and no leading zero. The flag package would
// read -seed 010 as octal 8, 0x10 as 16 and 1_000 as 1000: a leading zero
// is refused rather than read either way, and other notations are not
// numbers here. Every numeric flag of every subcommand is one of these
// types (a test checks it).

// uintFlag is a flag of an unsigned whole number (flag.Value).
type uintFlag uint64

// String writes the value (flag.Value).
func (v *uintFlag) String() string { return strconv.FormatUint(uint64(*v), 10) }

// Set reads a whole number 0 or more, in decimal (flag.Value).
func (v *uintFlag) Set(s string) error {
	n, err := parseWhole(s)
	if err == nil && n < 0 {
		err = errors.New("want a whole number, 0 or more")
	}
	*v = uintFlag(n)
	return err
}

// intFlag is a flag of a whole number (flag.Value).
type intFlag int

// String writes the value (flag.Value).
func (v *intFlag) String() string { return strconv.Itoa(int(*v)) }

// Set reads a whole number in decimal (flag.Value).
func (v *intFlag) Set(s string) error {
	n, err := parseWhole(s)
	if err == nil && (n < math.MinInt || n > math.MaxInt) {
		err = errors.New("out of range")
	}
	*v = intFlag(n)
	return err
}

// floatFlag is a flag of a number (flag.Value).
type floatFlag float64

// String writes the value (flag.Value).
func (v *floatFlag) String() string { return strconv.FormatFloat(float64(*v), 'g', -1, 64) }

// Set reads a finite number in decimal (flag.Value).
func (v *floatFlag) Set(s string) error {
	x, err := parseDecimal(s)
	*v = floatFlag(x)
	return err
}

// leadingZero matches a number whose integer part has a leading zero.
var leadingZero = regexp.MustCompile(`^[+-]?0[0-9]`)

// wholeNumber matches a whole number in decimal, without a leading zero.
var wholeNumber = regexp.MustCompile(`^[+-]?(0|[1-9][0-9]*)$`)

// parseWhole reads a whole number in decimal, refusing a leading zero.
func parseWhole(text string) (int64, error) {
	s := strings.TrimSpace(text)
	if leadingZero.MatchString(s) {
		return 0, zeroError(s)
	}
	if !wholeNumber.MatchString(s) {
		return 0, fmt.Errorf("want a whole number in decimal, got %q", text)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is out of range", text)
	}
	return n, nil
}

// parseDecimal reads a finite number in decimal (as scenario.ParseNumber
// does), refusing a leading zero.
func parseDecimal(text string) (float64, error) {
	s := strings.TrimSpace(text)
	if leadingZero.MatchString(s) {
		return 0, zeroError(s)
	}
	return scenario.ParseNumber(s)
}

// zeroError says that a number has a leading zero, and how to write it.
func zeroError(s string) error {
	sign, digits := "", s
	if s[0] == '+' || s[0] == '-' {
		sign, digits = s[:1], s[1:]
	}
	trimmed := strings.TrimLeft(digits, "0")
	if trimmed == "" || trimmed[0] < '0' || trimmed[0] > '9' {
		trimmed = "0" + trimmed
	}
	return fmt.Errorf("%q has a leading zero: write %s%s (numbers are read in decimal, never as octal)", s, sign, trimmed)
}

// zeroHint is ": " and the message of the first of errs that is about a
// leading zero, or "".
func zeroHint(errs ...error) string {
	for _, err := range errs {
		if err != nil && strings.Contains(err.Error(), "leading zero") {
			return ": " + err.Error()
		}
	}
	return ""
}

// checkBudgetYears checks -budget-years, the first years whose total a
// budget shows: 1 to 100, in every command that takes it.
func checkBudgetYears(n int) error {
	if n < 1 || n > 100 {
		return fmt.Errorf("-budget-years: want 1 to 100, got %d", n)
	}
	return nil
}
