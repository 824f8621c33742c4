package scenario

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"ipscba/cba"
)

// TestParseOverrideReadsTheWholeValue: anything after a complete value is
// refused with a message, never dropped (the page saved a copy with the
// text typed after a distribution while it evaluated only the
// distribution).
func TestParseOverrideReadsTheWholeValue(t *testing.T) {
	const p = "arms.ips.effect.half_life_months="
	for _, tc := range []struct{ value, want string }{
		{"{type: gamma, mean: 12, sd: 6}, mean: 99}", "text after the distribution's closing brace"},
		{"{type: gamma, mean: 12, sd: 6}}}}}", "text after the distribution's closing brace"},
		{"{type: gamma, mean: 12, sd: 6} junk junk", "text after the distribution's closing brace"},
		{"{type: gamma, mean: 12, sd: 6}\n---\nx: 1", "text after the distribution's closing brace"},
		{"{type: gamma, mean: 12, sd: 6}, assumption: \"x\"}\n  - {path: a, value: 3}", "text after the distribution's closing brace"},
		{"{type: gamma, mean: 12, sd: 6} # a note", "a comment (#) in the value"},
		{"{type: gamma, # a note\n mean: 12, sd: 6}", "a comment (#) in the value"},
		{"{type: gamma, mean: 12, sd: 6", "not a distribution in YAML flow syntax"},
		{"{type: gamma, mean: 12, sd: 6}\n{type: normal}", "text after the distribution's closing brace"},
		{"12 junk", "must be a number written in decimal"},
		{"12\n---\nx: 1", "must be a number written in decimal"},
		{"12}}}}", "must be a number written in decimal"},
	} {
		_, err := ParseOverride(p + tc.value)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v; want %q", tc.value, err, tc.want)
		}
	}
	for _, value := range []string{"{type: gamma, mean: 12, sd: 6}", " {type: gamma, mean: 12, sd: 6} ", "{type: gamma,\n  mean: 12, sd: 6}", "12", " 12 "} {
		if _, err := ParseOverride(p + value); err != nil {
			t.Errorf("%q: %v", value, err)
		}
	}
}

// FuzzSetValue: a -set value that ParseOverride accepts is read whole
// (anything appended to it is refused), writes back in a canonical form
// that reads as the same override, and that form written in a file's
// "set:" list (as the planner's page saves a copy) gives exactly the
// scenario the override gives: what is saved is what was evaluated.
func FuzzSetValue(f *testing.F) {
	for _, seed := range []string{
		"12", "0.5", "1e6", "0120", "-3", "12 junk", "}}}}",
		"{type: gamma, mean: 12, sd: 6}",
		"{type: gamma, mean: 12, sd: 6}, mean: 99}",
		"{type: gamma, mean: 12, sd: 6}}}}}",
		"{type: gamma, mean: 12, sd: 6} junk junk",
		"{type: gamma, mean: 12, sd: 6}\n---\nx: 1",
		"{type: gamma, mean: 12, sd: 6}, assumption: \"x\"}\n  - {path: a, value: 3}",
		"{type: gamma, mean: 12, sd: 6} # c",
		"{type: beta, mean: 0.3, sd: 0.1}",
		"{type: lognormal, mean: 20000, sd: 5000}",
		"{type: normal, mean: 0.2, sd: 0.05}",
		"{type: uniform, min: 0.1, max: 0.3}",
		"{type: pert, min: 0.1, mode: 0.2, max: 0.4}",
		"{type: triangular, min: 10, mode: 20, max: 40}",
		"{type: discrete, values: [6, 12, 24]}",
		"{type: gamma, shape: 4, scale: 3}",
		"{type: normal, mean: &m 5, sd: *m}",
		"{type: gamma,\n  mean: 12, sd: 6}",
	} {
		for which := range uint8(len(setValuePaths)) {
			f.Add(which, seed)
		}
	}
	base, err := Parse("x.yaml", []byte(minimal))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		path := setValuePaths[int(which)%len(setValuePaths)]
		ov, err := ParseOverride(path + "=" + value)
		if err != nil {
			return
		}
		for _, more := range []string{"}", " x", "\n---\nx: 1", ", mean: 99}"} {
			if _, err := ParseOverride(path + "=" + value + more); err == nil {
				t.Fatalf("%q accepted, and %q after it too", value, more)
			}
		}
		canonical := ov.String()
		again, err := ParseOverride(canonical)
		if err != nil || !sameOverride(ov, again) {
			t.Fatalf("%q writes as %q, which reads as %+v (%v)", value, canonical, again, err)
		}
		s := base.Scenario.Clone()
		if _, err := s.Apply(ov); err != nil {
			return
		}
		_, text, _ := strings.Cut(canonical, "=")
		key := "value"
		if ov.Dist != nil {
			key = "distribution"
		}
		file := minimal + "set:\n  - {path: " + strconv.Quote(path) + ", " + key + ": " + text + ", assumption: x}\n"
		saved, err := Parse("saved.yaml", []byte(file))
		if err != nil {
			t.Fatalf("%q: the copy does not read: %v\n%s", value, err, file)
		}
		if saved.Scenario.Fingerprint() != s.Fingerprint() {
			t.Fatalf("%q: the copy reads as another scenario than the override gives\n%s", value, file)
		}
	})
}

// setValuePaths are numbers of the minimal scenario a -set may change.
var setValuePaths = []string{
	"arms.ips.groups.older.employment.half_life_months",
	"arms.usual.costs.training.amount",
	"perspective.marginal_cost_of_public_funds",
	"groups.young.share",
	"arms.ips.enrolment.dropout",
}

// sameOverride says whether two overrides set the same number alike.
func sameOverride(a, b cba.Override) bool {
	if a.Path != b.Path || (a.Dist == nil) != (b.Dist == nil) {
		return false
	}
	if a.Dist == nil {
		return math.Float64bits(a.Value) == math.Float64bits(b.Value)
	}
	return reflect.DeepEqual(*a.Dist, *b.Dist)
}
