package report

import (
	"fmt"
	"io/fs"
	"strings"

	"ipscba/cba"
)

// Message writes err in lang. A scenario's problems (cba.Errors,
// *cba.Error) and messages (*cba.Message, cba.Phrase) are written through
// the catalogue from their English formats, their arguments too (a number
// is written as in English, so that a hint such as "write 0.02 for 2 %"
// stays what a file takes); the file, line and path as they are. A
// wrapper whose message is its wrapped error's is written as that error;
// an operating system's error on a file by its kind ("no such file or
// directory"); any other error as its text, translated when the catalogue
// has it whole.
func Message(lang Lang, err error) string { return newWords(lang, nil).message(err) }

// Message writes err in the printer's language (the package's Message).
func (p Printer) Message(err error) string { return p.message(err) }

func (w *words) message(err error) string {
	switch e := err.(type) {
	case nil:
		return ""
	case cba.Errors:
		lines := make([]string, len(e))
		for i, one := range e {
			lines[i] = w.located(one)
		}
		return strings.Join(lines, "\n")
	case *cba.Error:
		return w.located(e)
	case *cba.Message:
		return w.sprintf(e.Format, e.Args)
	case cba.Phrase:
		return w.phrase(string(e))
	case *fs.PathError:
		return w.sprintf("%s %s: %v", []any{cba.Phrase(e.Op), e.Path, cba.Phrase(e.Err.Error())})
	}
	text := err.Error()
	for _, inner := range unwrapped(err) {
		if it := inner.Error(); it == text {
			return w.message(inner)
		} else if prefix, ok := strings.CutSuffix(text, it); ok && inner != nil {
			return w.phrase(prefix) + w.message(inner)
		}
	}
	return w.phrase(text)
}

// unwrapped returns the errors err wraps.
func unwrapped(err error) []error {
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	case interface{ Unwrap() error }:
		if inner := u.Unwrap(); inner != nil {
			return []error{inner}
		}
	}
	return nil
}

// located writes a problem of a scenario: its file, line and path, and
// its message in the language.
func (w *words) located(e *cba.Error) string {
	var b strings.Builder
	b.WriteString(e.Where())
	if e.Format != "" {
		b.WriteString(w.sprintf(e.Format, e.Args))
	} else {
		b.WriteString(w.phrase(e.Msg))
	}
	for i, p := range e.See {
		if i < len(e.SeeLines) && e.SeeLines[i] > 0 {
			b.WriteString(w.sprintf(" (%s is at line %d)", []any{p, e.SeeLines[i]}))
		}
	}
	return b.String()
}

// sprintf fills in the language's version of format with args as
// fmt.Sprintf does (%w as %v), each argument that is an error written in
// the language first.
func (w *words) sprintf(format string, args []any) string {
	local := make([]any, len(args))
	for i, a := range args {
		if err, ok := a.(error); ok && err != nil {
			a = w.message(err)
		}
		local[i] = a
	}
	return fmt.Sprintf(strings.ReplaceAll(w.phrase(format), "%w", "%v"), local...)
}

// phrase returns english in the language: the catalogue's version when it
// has one, else english as it is.
func (w *words) phrase(english string) string {
	if w.lang == Bokmal {
		if nb, ok := bokmål(english); ok {
			return nb
		}
	}
	return english
}

// bokmål returns the catalogue's Bokmål for english.
func bokmål(english string) (string, bool) {
	if nb, ok := bokmålWords[english]; ok {
		return nb, true
	}
	if nb, ok := bokmålMessages[english]; ok {
		return nb, true
	}
	nb, ok := bokmålUsage[english]
	return nb, ok
}
