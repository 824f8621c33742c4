package plot

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNumbersThatAreNotFinite: a value that is not finite is written as a
// word, with its sign, and never passed to the caller's Number; the default
// Number writes it as Go does.
func TestNumbersThatAreNotFinite(t *testing.T) {
	s, err := Options{Number: func(float64) string { return "called" }}.resolve("NOK", 2025)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{math.NaN(), "not a number"},
		{math.Inf(1), "infinite"},
		{math.Inf(-1), "-infinite"},
		{1, "called"},
	} {
		if got := s.num(tc.v); got != tc.want {
			t.Errorf("num(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{math.NaN(), "NaN"},
		{math.Inf(1), "+Inf"},
		{math.Inf(-1), "-Inf"},
	} {
		if got := defaultNumber(tc.v); got != tc.want {
			t.Errorf("defaultNumber(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// TestCutAndEndedLabels: a label cut to n characters ends in "…" after a
// whole word, and is never longer than n; a first word longer than the
// room is shortened in the middle; shortening words keeps the end when the
// start does not fit.
func TestCutAndEndedLabels(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
		n               int
	}{
		{"a long first word", endWith("Arbeidsavklaringspengermottakere og andre", 12), "Arbei…akere…", 12},
		{"words kept", endWith("cost per participant", 14), "cost per…", 14},
		{"cut after a word", cutWords("cost per participant in work", 20), "cost per…", 20},
		{"short enough", cutWords("cost", 20), "cost", 20},
		{"one word", cutWords("Arbeidsavklaringspenger", 10), shorten("Arbeidsavklaringspenger", 10), 10},
		{"the end kept", shortenWords("Supercalifragilisticexpialidocious half-life", 18), "…half-life", 18},
	} {
		if tc.got != tc.want || utf8.RuneCountInString(tc.got) > tc.n {
			t.Errorf("%s: %q, want %q (at most %d characters)", tc.name, tc.got, tc.want, tc.n)
		}
	}
	if got := wrapLabel("one two three four five six seven", 9, 2); got != "one two\nthree…" || strings.Count(got, "\n") != 1 {
		t.Errorf("wrapped %q", got)
	}
}
