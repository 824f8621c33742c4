package main

import (
	"bytes"
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
	"ipscba/cba/report"
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
// positional ones and the names of the flags given. With -lang nb among
// args, -h and the flag package's own messages are in Bokmål (localUsage,
// flagError).
func parseFlags(fs *flag.FlagSet, args []string) (positional []string, given map[string]bool, err error) {
	var after []string // everything after "--"
	if i := indexOf(args, "--"); i >= 0 {
		args, after = args[:i], args[i+1:]
	}
	defer func() {
		if err == nil {
			positional = append(positional, after...)
		}
	}()
	lang := langIn(args)
	if lang == report.English {
		return parseArgs(fs, args)
	}
	out, usage := fs.Output(), fs.Usage
	var said bytes.Buffer
	fs.SetOutput(&said) // the flag package's message, in English
	fs.Usage = func() {}
	restore, last := recordErrors(fs)
	positional, given, err = parseArgs(fs, args)
	restore()
	fs.SetOutput(out)
	fs.Usage = usage
	if err != nil {
		localUsage(out, fs, usage, lang, said.String(), *last)
	}
	return positional, given, err
}

// parseArgs parses args, flags and positional arguments mixed.
func parseArgs(fs *flag.FlagSet, args []string) (positional []string, given map[string]bool, err error) {
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

// langIn returns the language a command's arguments ask for (-lang or
// --lang, before any "--"): its messages and -h are in it; English when
// none is asked for or it is not one.
func langIn(args []string) report.Lang {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			value = args[i+1]
		}
		if l, err := report.ParseLang(value); err == nil {
			return l
		}
	}
	return report.English
}

// recordingValue is a flag's value that keeps the error of its last Set,
// so that the message saying why a flag's value is refused can be written
// in another language (the flag package keeps only its English text).
type recordingValue struct {
	flag.Value
	err *error
}

// Set sets the value, keeping its error (flag.Value).
func (r recordingValue) Set(s string) error {
	err := r.Value.Set(s)
	if err != nil {
		*r.err = err
	}
	return err
}

// String writes the value (flag.Value); "" for the zero value the flag
// package makes to find defaults.
func (r recordingValue) String() string {
	if r.Value == nil {
		return ""
	}
	return r.Value.String()
}

// IsBoolFlag says whether the flag takes no value (as the flag package
// asks of a value).
func (r recordingValue) IsBoolFlag() bool {
	b, ok := r.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// recordErrors makes fs's values keep the error of a refused value (in
// *last), until restore puts the values back.
func recordErrors(fs *flag.FlagSet) (restore func(), last *error) {
	last = new(error)
	saved := map[*flag.Flag]flag.Value{}
	fs.VisitAll(func(f *flag.Flag) {
		saved[f] = f.Value
		f.Value = recordingValue{Value: f.Value, err: last}
	})
	return func() {
		for f, v := range saved {
			f.Value = v
		}
	}, last
}

// flagMessages are the flag package's messages, as patterns of its text
// and the formats that make them.
var flagMessages = []struct {
	re     *regexp.Regexp
	format string
}{
	{regexp.MustCompile(`^flag provided but not defined: -(.*)$`), "flag provided but not defined: -%s"},
	{regexp.MustCompile(`^flag needs an argument: -(.*)$`), "flag needs an argument: -%s"},
	{regexp.MustCompile(`^invalid value (".*") for flag -([^:]*): `), "invalid value %s for flag -%s: %v"},
	{regexp.MustCompile(`^invalid boolean value (".*") for -([^:]*): `), "invalid boolean value %s for -%s: %v"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "bad flag syntax: %s"},
}

// flagError returns the flag package's message said (its first line) as
// a message a catalogue translates, with the refused value's own error
// (set) when it gives one.
func flagError(said string, set error) error {
	line, _, _ := strings.Cut(said, "\n")
	for _, m := range flagMessages {
		if g := m.re.FindStringSubmatch(line); g != nil {
			args := make([]any, 0, 3)
			for _, a := range g[1:] {
				args = append(args, a)
			}
			if strings.HasSuffix(m.format, "%v") {
				if set == nil {
					set = cba.Phrase(strings.TrimPrefix(line, g[0]))
				}
				args = append(args, set)
			}
			return cba.Errorf(m.format, args...)
		}
	}
	return cba.Phrase(line)
}

// localUsage writes a command's -h in lang, after the flag package's
// message said (translated) when there is one: the lines usage writes
// before and after the flags, and each flag with its words, each through
// the catalogue.
func localUsage(out io.Writer, fs *flag.FlagSet, usage func(), lang report.Lang, said string, set error) {
	if said != "" {
		fmt.Fprintln(out, report.Message(lang, flagError(said, set)))
	}
	var whole, flags bytes.Buffer
	fs.SetOutput(&whole)
	usage()
	fs.SetOutput(&flags)
	fs.PrintDefaults()
	fs.SetOutput(out)
	before, after, ok := strings.Cut(whole.String(), flags.String())
	if !ok {
		before, after = whole.String(), ""
	}
	p := report.NewPrinter(lang, nil)
	fmt.Fprint(out, localLines(p, before))
	usages := map[*flag.Flag]string{}
	fs.VisitAll(func(f *flag.Flag) { usages[f], f.Usage = f.Usage, p.Message(cba.Phrase(f.Usage)) })
	flags.Reset()
	fs.SetOutput(&flags)
	fs.PrintDefaults()
	fs.SetOutput(out)
	fs.VisitAll(func(f *flag.Flag) { f.Usage = usages[f] })
	fmt.Fprint(out, strings.ReplaceAll(flags.String(), " (default ", " ("+p.Message(cba.Phrase("default"))+" "))
	fmt.Fprint(out, localLines(p, after))
}

// column is a line of a list in a usage text: its indent and first word
// ("  tornado  "), then words.
var column = regexp.MustCompile(`^(\s+\S+\s+)(.*)$`)

// localLines writes the lines of a usage text through the catalogue: each
// line whole, or a line of a list by the words after its first word.
func localLines(p report.Printer, text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l == "" {
			continue
		}
		if report.HasBokmål(l) {
			lines[i] = p.Message(cba.Phrase(l))
		} else if m := column.FindStringSubmatch(l); m != nil {
			lines[i] = m[1] + p.Message(cba.Phrase(m[2]))
		}
	}
	return strings.Join(lines, "\n")
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// usageError is a mistake in how the command was called: its message and
// the line saying how to call it, which the command writes (in the
// language asked for) before it exits with status 2.
type usageError struct {
	msg  error
	hint string
}

// Error returns the message in English.
func (u usageError) Error() string { return u.msg.Error() }

// Unwrap makes errors.Is(err, errUsage) true.
func (u usageError) Unwrap() []error { return []error{u.msg, errUsage} }

// usageLine ends the command with exit 2, saying what is wrong and how to
// call it.
func usageLine(_ io.Writer, format string, args ...any) error {
	return usageError{msg: cba.Errorf(format, args...), hint: "usage: ipscba [flags] scenario.yaml   (ipscba -h lists the flags)"}
}

// iterationRange parses -iterations: "N" (iterations 0 to N-1) or
// "first:end" (end excluded), with end at most 2^53, each number in
// decimal without a leading zero.
func iterationRange(s string) (first uint64, n int, err error) {
	a, b, isRange := strings.Cut(s, ":")
	if !isRange {
		v, err := parseWhole(s)
		if leadingZero.MatchString(strings.TrimSpace(s)) {
			return 0, 0, cba.Errorf("-iterations: %v", err)
		}
		if err != nil || v < 1 || v > cba.MaxIteration {
			return 0, 0, cba.Errorf("-iterations: want a number from 1 to 2^53 (%d), or first:end, got %q", uint64(cba.MaxIteration), s)
		}
		return 0, int(v), nil
	}
	lo, err1 := parseWhole(a)
	hi, err2 := parseWhole(b)
	if err := cmp.Or(err1, err2); err != nil && strings.Contains(err.Error(), "leading zero") {
		return 0, 0, cba.Errorf("-iterations: %v", err)
	}
	if err1 != nil || err2 != nil || lo < 0 || hi <= lo || hi > cba.MaxIteration {
		return 0, 0, cba.Errorf("-iterations: want first:end with first < end <= 2^53 (%d), got %q", uint64(cba.MaxIteration), s)
	}
	return uint64(lo), int(hi - lo), nil
}

// parsePercentiles parses -percentiles: numbers from 0 to 100.
func parsePercentiles(list string) ([]float64, error) {
	var percentiles []float64
	for _, f := range strings.Split(list, ",") {
		p, err := parseDecimal(f)
		if err != nil && leadingZero.MatchString(strings.TrimSpace(f)) {
			return nil, badInput{cba.Errorf("-percentiles: %v", err)}
		}
		if err != nil || p < 0 || p > 100 {
			return nil, badInput{cba.Errorf("-percentiles: want numbers from 0 to 100, got %q", f)}
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
		return 0, cba.Errorf("want a whole number in decimal, got %q", text)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, cba.Errorf("%q is out of range", text)
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
	return cba.Errorf("%q has a leading zero: write %s%s (numbers are read in decimal, never as octal)", s, sign, trimmed)
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
		return cba.Errorf("-budget-years: want 1 to 100, got %d", n)
	}
	return nil
}
