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
	// See names other places the problem involves (a number drawn by two
	// entries); package scenario adds their lines.
	See []string
	// SeeLines holds the lines of See, when known.
	SeeLines []int
	// More, on the last entry of a list cut at MaxErrors ("and N more
	// problems"), is N.
	More int
}

// Error returns "file:line: path: message", leaving out what is unknown.
func (e *Error) Error() string {
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
	b.WriteString(e.Msg)
	for i, p := range e.See {
		if i < len(e.SeeLines) && e.SeeLines[i] > 0 {
			fmt.Fprintf(&b, " (%s is at line %d)", p, e.SeeLines[i])
		}
	}
	return b.String()
}

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
	c.push(&Error{Path: path, Msg: fmt.Sprintf(format, args...)})
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
	c.push(&Error{Path: path, Msg: err.Error()})
}

func (c *errorList) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	if c.more > 0 {
		return append(c.errs, &Error{Msg: fmt.Sprintf("and %d more problems", c.more), More: c.more})
	}
	return c.errs
}
