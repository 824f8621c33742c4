package cba_test

import (
	"testing"

	"ipscba/cba"
)

// TestFactorVariable: a whole number shapes the model and a number no
// result counts changes nothing, so Variable refuses an analysis of either,
// at the factor's name and saying why; it admits any other number, and a
// number a switch turns on once it is on.
func TestFactorVariable(t *testing.T) {
	const value = "perspective.non_market.per_employed_month"
	for _, tc := range []struct {
		name, factor string
		include      bool // perspective.non_market.include
		want         string
	}{
		{"a rate", "discount[0].rate", false, ""},
		{"a whole number", "horizon_months", false, "is a whole number that shapes the model: change it with a fixed value (-set), not in an analysis"},
		{"a month of a period", "arms.ips.groups.old.employment.periods[0].from_month", false, "is a whole number that shapes the model"},
		{"a value society leaves out", value, false, "counts only when society includes the non-market value of work, and perspective.non_market.include is false here"},
		{"a value society counts", value, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := twoGroups()
			s.Perspective.NonMarket.Include = tc.include
			fs, err := s.Factors()
			if err != nil {
				t.Fatal(err)
			}
			var f *cba.Factor
			for i := range fs {
				if fs[i].Name == tc.factor {
					f = &fs[i]
				}
			}
			if f == nil {
				t.Fatalf("no factor %s", tc.factor)
			}
			err = f.Variable()
			if tc.want == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			wantProblem(t, err, tc.factor, tc.want)
		})
	}
}
