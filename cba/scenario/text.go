package scenario

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"ipscba/cba"
)

// A scenario file is UTF-8 text. A control character other than a tab or
// a line break, raw in the file or written as an escape in a quoted
// string ("\e[2J", "\x1b"), is refused with its line and column: a label,
// name or source holding one would drive the terminal that shows it
// (colours, the window's title, cursor moves) or hide text behind it. The
// reader refuses them rather than escaping them on output, so that what
// the file says is what every output shows.

// checkText returns the line and column (in characters, from 1) of the
// first byte of data that is not text a scenario file may hold, and what
// it is, or ok.
func checkText(data []byte) (line, col int, what string, ok bool) {
	line, col = 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		col++
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, col, fmt.Sprintf("a byte that is not UTF-8 (0x%02X): save the file as UTF-8", data[i]), false
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r' || (r == '\uFEFF' && i == 0):
		case unicode.IsControl(r):
			return line, col, "a control character (" + controlName(r) + ")", false
		}
		i += size
	}
	return 0, 0, "", true
}

// controlName names a control character: its code and, for the usual
// ones, its name.
func controlName(r rune) string {
	names := map[rune]string{0: "NUL", 7: "BEL", 8: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI", 0x9D: "OSC"}
	if n, ok := names[r]; ok {
		return fmt.Sprintf("%U %s", r, n)
	}
	return fmt.Sprintf("%U", r)
}

// checkNodes reports the first scalar (a value or a key) of n whose text
// holds a control character other than a tab or a line break: one written
// as an escape in a quoted string. Aliases are not followed (the node they
// name is checked where it is written).
func checkNodes(n *yaml.Node) *cba.Error {
	if n == nil || n.Kind == yaml.AliasNode {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		col := n.Column
		for _, r := range n.Value {
			if r != '\n' && r != '\t' && unicode.IsControl(r) {
				e := cba.NewError("", "column %d: the text holds a control character (%s), written as an escape: a scenario's text may not hold control characters (they would drive the terminal that shows it)", col, controlName(r))
				e.Line = n.Line
				return e
			}
		}
		return nil
	}
	for _, c := range n.Content {
		if e := checkNodes(c); e != nil {
			return e
		}
	}
	return nil
}
