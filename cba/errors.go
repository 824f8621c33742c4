package cba

import (
	"fmt"
	"strings"
)

// Error is one problem with a scenario: the parameter path it concerns and
// what is wrong, and, when the scenario was read from a file, the file and
// line (package scenario fills them in).
type Error struct {
	File string // "" for a scenario built in Go
	Line int    // 0 when no line is known
	Path string // e.g. "arms.ips.enrolment.dropout"; "" for the whole scenario
	Msg  string
	// Format and Args, when Format is not empty, are the English format
	// and arguments Msg is made from (NewError), kept so that a catalogue
	// can write the message in another language (package report's
	// Message); an argument that is an error (a *Message, a Phrase) is
	// written in that language too.
	Format string
	Args   []any
	// See names other places the problem involves (a number drawn by two
	// entries); package scenario adds their lines.
	See []string
	// SeeLines holds the lines of See, when known.
	SeeLines []int
	// More, on the last entry of a list cut at MaxErrors ("and N more
	// problems"), is N.
	More int
}

// Where returns where the problem is, "file:line: path: ", leaving out
// what is unknown ("" when nothing is known).
func (e *Error) Where() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	return b.String()
}

// Error returns "file:line: path: message", leaving out what is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Where())
	b.WriteString(e.Msg)
	for i, p := range e.See {
		if i < len(e.SeeLines) && e.SeeLines[i] > 0 {
			fmt.Fprintf(&b, " (%s is at line %d)", p, e.SeeLines[i])
		}
	}
	return b.String()
}

// NewError returns the problem at path whose message is format filled in
// with args, as fmt.Sprintf does, keeping both for a catalogue.
func NewError(path, format string, args ...any) *Error {
	return &Error{Path: path, Msg: sprintf(format, args), Format: format, Args: args}
}

// errorAt returns err, a *Error of no path, at path.
func errorAt(path string, err error) *Error {
	e := *err.(*Error)
	e.Path = path
	return &e
}

// Message is a message made from an English format and its arguments, as
// Errorf makes it: its Error is the English, and a catalogue can write it
// in another language from the same format and arguments (package
// report's Message).
type Message struct {
	Format string
	Args   []any
}

// Errorf returns the message format filled in with args, as fmt.Errorf
// does (%w wraps), keeping both for a catalogue.
func Errorf(format string, args ...any) error { return &Message{Format: format, Args: args} }

// Error returns the message in English.
func (m *Message) Error() string { return sprintf(m.Format, m.Args) }

// Unwrap returns the arguments the format wraps (%w), for errors.Is and
// errors.As.
func (m *Message) Unwrap() []error {
	var out []error
	for i, verb := range Verbs(m.Format) {
		if err, ok := arg(m.Args, i).(error); ok && verb == 'w' {
			out = append(out, err)
		}
	}
	return out
}

func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

// Verbs returns the verbs of a format, one for each argument it takes, in
// order ('s', 'd', 'w', ...; "%%" takes none).
func Verbs(format string) []rune {
	var verbs []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.ContainsRune("+-# 0123456789.", rune(format[j])) {
			j++
		}
		if j < len(format) && format[j] != '%' {
			verbs = append(verbs, rune(format[j]))
		}
		i = j
	}
	return verbs
}

// sprintf is fmt.Sprintf, with %w written as %v.
func sprintf(format string, args []any) string {
	if strings.Contains(format, "%w") {
		return fmt.Errorf(format, args...).Error()
	}
	return fmt.Sprintf(format, args...)
}

// Phrase is a fixed English phrase, as an error or as an argument of a
// message ("a mapping"), that a catalogue translates whole.
type Phrase string

// Error returns the phrase in English.
func (p Phrase) Error() string { return string(p) }

// Errors is every problem found in a scenario, in the order found (by line
// for a file). Its Unwrap makes errors.As find each *Error.
type Errors []*Error

// MaxErrors is how many problems a check lists; the rest are counted in a
// last line ("and N more problems"), so that a broken file cannot flood a
// terminal or take long to check.
const MaxErrors = 100

// Error returns the errors, one a line.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// errorList collects problems as checks find them, up to MaxErrors.
type errorList struct {
	errs Errors
	more int
}

func (c *errorList) add(path, format string, args ...any) {
	c.push(NewError(path, format, args...))
}

func (c *errorList) push(e *Error) {
	if len(c.errs) >= MaxErrors {
		c.more++
		return
	}
	c.errs = append(c.errs, e)
}

// addErr adds err (a *Error keeps its path) under path.
func (c *errorList) addErr(path string, err error) {
	if e, ok := err.(*Error); ok {
		if e.Path == "" {
			e.Path = path
		}
		c.push(e)
		return
	}
	c.push(NewError(path, "%v", err))
}

func (c *errorList) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	if c.more > 0 {
		more := NewError("", "and %d more problems", c.more)
		more.More = c.more
		return append(c.errs, more)
	}
	return c.errs
}
