package linebreak

import (
	"slices"
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	for _, c := range []struct {
		s           string
		first, rest int
		want        []string
	}{
		{"", 10, 10, []string{""}},
		{"  \n ", 10, 10, []string{""}},
		{"one", 10, 10, []string{"one"}},
		{"one two three", 7, 7, []string{"one two", "three"}},
		{"one two three", 6, 6, []string{"one", "two", "three"}},
		{"one two three four", 9, 7, []string{"one two", "three", "four"}},
		{"aa bb cc dd", 5, 3, []string{"aa bb", "cc", "dd"}},
		{"a longword b", 4, 4, []string{"a", "longword", "b"}},
		{"æøå æøå", 7, 7, []string{"æøå æøå"}}, // characters, not bytes
		{"æøå æøå", 6, 6, []string{"æøå", "æøå"}},
		{"one\ttwo\nthree", 20, 20, []string{"one two three"}},
	} {
		if got := Fill(strings.Fields(c.s), c.first, c.rest); !slices.Equal(got, c.want) {
			t.Errorf("Fill(%q, %d, %d) = %q, want %q", c.s, c.first, c.rest, got, c.want)
		}
	}
}
