package cba

import "testing"

// TestACurveGivenByTheSameNumbersIsComputedOnce: groups whose employment
// curves are given by the same numbers share one computation (the bundled
// scenarios give many groups one curve), and a curve that differs in any
// one number (here only where a later period starts) is computed on its
// own. Sharing changes no result (TestGroupsWithCurvesAlikeButOneNumber
// holds every curve to the group's curve computed alone): this test is the
// one that sees whether the computation is shared, which is what
// sameEmployment is for.
func TestACurveGivenByTheSameNumbersIsComputedOnce(t *testing.T) {
	chain := func(from int) ArmGroup {
		return ArmGroup{Employment: Employment{Model: Markov, Periods: []MarkovPeriod{
			{FromMonth: 1, JobFinding: 0.02, JobLoss: 0.05}, {FromMonth: from, JobFinding: 0.12, JobLoss: 0.01}}}}
	}
	s := simpleScenario()
	s.Groups = []Group{s.Groups[0], s.Groups[0], s.Groups[0], s.Groups[0]}
	for g, name := range []string{"a", "b", "c", "d"} {
		s.Groups[g].Name, s.Groups[g].Share = name, 0.25
	}
	// Groups a, b and d alike; c's second period starts later.
	for a := range s.Arms {
		s.Arms[a].Groups = []ArmGroup{chain(13), chain(13), chain(25), chain(13)}
	}
	ev, err := NewEvaluator(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Evaluate(nil, ev.NewResult()); err != nil {
		t.Fatal(err)
	}
	want := []int{0, 0, 2, 0} // the group each group's curve is computed for
	for a := range s.Arms {
		for g, k := range want {
			if got := ev.copyOf[a][g]; got != k {
				t.Errorf("arm %s, group %s: curve of group %d, want %d", s.Arms[a].Name, s.Groups[g].Name, got, k)
			}
		}
	}
}
