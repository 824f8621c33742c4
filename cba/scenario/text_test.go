package scenario

import (
	"errors"
	"strings"
	"testing"

	"ipscba/cba"
)

// TestControlCharactersAreRefusedWithTheirPlace: a NUL, a control
// character, a byte that is not UTF-8 (raw in the file) and a terminal
// escape sequence written as a YAML escape in a label, a name or a source
// are refused with the file, line and column, and the message itself holds
// no control character.
func TestControlCharactersAreRefusedWithTheirPlace(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		line           int
		want           string
	}{
		{"NUL", "currency: NOK", "currency: N\x00OK", 2, "column 12: a control character (U+0000 NUL)"},
		{"bell", "currency: NOK", "currency: NOK\a", 2, "column 14: a control character (U+0007 BEL)"},
		{"raw ESC", "name: minimal", "name: mini\x1b[31mmal", 1, "column 11: a control character (U+001B ESC)"},
		{"C1 CSI", "name: minimal", "name: mini\u009b31mmal", 1, "column 11: a control character (U+009B CSI)"},
		{"ESC first in the file", "name: minimal", "\x1bname: minimal", 1, "column 1: a control character (U+001B ESC)"},
		{"DEL", "currency: NOK", "currency: NOK\x7f", 2, "column 14: a control character (U+007F DEL)"},
		{"not UTF-8", "currency: NOK", "currency: N\xffOK", 2, "column 12: a byte that is not UTF-8 (0xFF)"},
		{"after UTF-8", "name: minimal", "name: mønster\xc3", 1, "column 14: a byte that is not UTF-8 (0xC3)"},
		{"escaped ESC in a name", "name: minimal", `name: "\e[2Jminimal"`, 1, "column 7: the text holds a control character (U+001B ESC), written as an escape"},
		{"OSC title in a label", "name: minimal", "name: minimal\nabout: {question: \"\\x1b]0;owned\\x07\"}", 2, "column 19: the text holds a control character (U+001B ESC)"},
		{"escaped C1 in a key", "  young:\n    share: 0.4", "  \"yo\\x9bung\":\n    share: 0.4", 25, "U+009B CSI"},
		{"CR as an escape", "name: minimal", `name: "mini\rmal"`, 1, "U+000D CR"},
	} {
		data := strings.Replace(minimal, tc.old, tc.new, 1)
		_, err := Parse("ctl.yaml", []byte(data))
		var es cba.Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Errorf("%s: %v; want one located error", tc.name, err)
			continue
		}
		if es[0].File != "ctl.yaml" || es[0].Line != tc.line || !strings.Contains(es[0].Msg, tc.want) {
			t.Errorf("%s: %q; want line %d and %q", tc.name, err, tc.line, tc.want)
		}
		for _, r := range err.Error() {
			if r != '\n' && r < 0x20 || r >= 0x7f && r < 0xa0 {
				t.Errorf("%s: the message holds %U", tc.name, r)
			}
		}
	}
	// Tabs and line breaks in text, CRLF line ends and a byte-order mark
	// are text.
	for _, data := range []string{
		"\uFEFF" + minimal,
		strings.ReplaceAll(minimal, "\n", "\r\n"),
		strings.Replace(minimal, "name: minimal", "name: minimal\nabout: {question: \"a\\tb\\nc\"}", 1),
	} {
		if _, err := Parse("ok.yaml", []byte(data)); err != nil {
			t.Errorf("%q...: %v", data[:20], err)
		}
	}
}
