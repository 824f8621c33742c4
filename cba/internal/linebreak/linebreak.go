// Package linebreak breaks text between words into lines, for the text report's
// tables and the charts' tick labels.
package linebreak

import "unicode/utf8"

// Fill fills lines with words, in order and separated by a space, each
// line as full as it can be: at most first characters on the first line
// and rest on the others; a word longer than its line stands alone on it.
// No words give one empty line. Words are split from a text by
// strings.Fields.
func Fill(words []string, first, rest int) []string {
	var lines []string
	line := ""
	for _, w := range words {
		limit := first
		if len(lines) > 0 {
			limit = rest
		}
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= limit:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}
