package report

import (
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// tiedScenario is the scenario with every field, with an allowance's
// label and numbers tied across places: a share at the start in two arms'
// same group, a months paid of a cost and of an allowance, and an amount
// in four places of different kinds.
func tiedScenario(t *testing.T) *cba.Scenario {
	t.Helper()
	f, err := scenario.Load("../scenario/testdata/every-field.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := f.Scenario
	s.Arms[0].Allowances[0].Label = "Course fee"
	for path, v := range map[string]float64{"arms.club.groups.young.employment.initial": 0.05, "arms.usual.costs.training.amount": 25000,
		"arms.ips.costs.startup.amount": 25000, "arms.club.allowances.travel.amount": 25000, "arms.club.allowances.travel.months": 24} {
		if err := s.Set(path, v); err != nil {
			t.Fatal(err)
		}
	}
	s.Aliases = append(s.Aliases,
		[]string{"arms.usual.groups.young.employment.initial", "arms.club.groups.young.employment.initial"},
		[]string{"arms.usual.costs.training.amount", "arms.ips.costs.startup.amount", "arms.club.allowances.travel.amount", "groups.older.job.monthly_earnings"},
		[]string{"arms.usual.costs.care.months", "arms.club.allowances.travel.months"},
	)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFactorNamesOfTiedAndUnknownNumbers: a number tied across arms of
// one group is named once "for" the arms; one tied in two or three places
// of different parts by each; one in more than three places by the first and
// how many more; an allowance by its label; a path the format does not
// know by its words, underscores made spaces.
func TestFactorNamesOfTiedAndUnknownNumbers(t *testing.T) {
	s := tiedScenario(t)
	for _, tc := range []struct {
		lang       Lang
		path, want string
	}{
		{English, "arms.usual.groups.young.employment.initial", "Young: share at the start, for Usual and A job club"},
		{English, "arms.club.groups.young.employment.initial", "Young: share at the start, for Usual and A job club"},
		{English, "arms.usual.costs.care.months", "Usual, care: months paid; A job club, travel: months paid"},
		{English, "arms.usual.costs.training.amount", "Older: monthly earnings (and 3 more places)"},
		{English, "arms.usual.allowances.course.amount", "Usual, Course fee: amount per participant"},
		{Bokmal, "arms.usual.allowances.course.amount", "Usual, Course fee: beløp per deltaker"},
		{English, "no_such.thing", "no such.thing"},
		{English, "arms", "arms"},
		{English, "taxes", "taxes"},
		{English, "arms.ips", "IPS: arms.ips"},
		{English, "benefits.allowance", "allowance: benefits.allowance"},
	} {
		if got := newWords(tc.lang, s).Factor(tc.path); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.lang, tc.path, got, tc.want)
		}
	}
	// Three places are still named one by one.
	if err := s.Set("arms.club.enrolment.months", 24); err != nil {
		t.Fatal(err)
	}
	s.Aliases[len(s.Aliases)-1] = append(s.Aliases[len(s.Aliases)-1], "arms.club.enrolment.months")
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	want := "Usual, care: months paid; A job club: months enrolled; A job club, travel: months paid"
	if got := newWords(English, s).Factor("arms.usual.costs.care.months"); got != want {
		t.Errorf("three places: %q, want %q", got, want)
	}
}

// TestInputsNamedTogether: numbers drawn or analysed together are named by
// what they are together when they are one set, and one by one, joined by
// " + ", when not.
func TestInputsNamedTogether(t *testing.T) {
	s := tiedScenario(t)
	for _, tc := range []struct {
		lang  Lang
		paths []string
		want  string
	}{
		{English, []string{"groups.young.share", "groups.older.share"}, "shares of the groups"},
		{Bokmal, []string{"groups.young.share", "groups.older.share"}, "gruppenes andeler"},
		{English, []string{"arms.ips.costs.specialist.payers.state", "arms.ips.costs.specialist.payers.municipality", "arms.ips.costs.specialist.payers.health_trust"},
			"IPS, specialist: the split between budgets"},
		{English, []string{"arms.ips.effect.points[0].month", "arms.ips.effect.points[1].month"}, "IPS: month of point 1 and month of point 2"},
		{English, []string{"arms.usual.enrolment.months", "arms.ips.enrolment.dropout"}, "Usual: months enrolled + IPS: monthly drop-out"},
		{English, []string{"arms.usual.costs.training.amount", "cohort.years"}, "Older: monthly earnings (and 3 more places) + years of intake"},
		{English, []string{"cohort.years"}, "years of intake"},
	} {
		if got := newWords(tc.lang, s).Inputs(tc.paths); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.lang, tc.paths, got, tc.want)
		}
	}
}
