package sensitivity

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestSwitchIntervalOneNotation: an interval is written by one function
// (Interval, IntervalWith) in String, the JSON and the CSV forms alike:
// "(lo, hi]" when it excludes lo, "[lo, hi]" otherwise.
func TestSwitchIntervalOneNotation(t *testing.T) {
	tag := func(v float64) string { return "<" + digits(v) + ">" }
	for _, tc := range []struct {
		sw         Switch
		want, with string
	}{
		{Switch{Lo: 0, Hi: 12000, LoOpen: true}, "(0, 12000]", "(<0>, <12000>]"},
		{Switch{Lo: 0, Hi: 1e12}, "[0, 1e+12]", "[<0>, <1e+12>]"},
		{Switch{Lo: -0.05, Hi: 0.25}, "[-0.05, 0.25]", "[<-0.05>, <0.25>]"},
	} {
		if got := tc.sw.Interval(); got != tc.want {
			t.Errorf("%+v: Interval %q, want %q", tc.sw, got, tc.want)
		}
		if got := tc.sw.IntervalWith(tag); got != tc.with {
			t.Errorf("%+v: IntervalWith %q, want %q", tc.sw, got, tc.with)
		}
		if !strings.Contains(tc.sw.String(), "within "+tc.want) {
			t.Errorf("%q does not say %q", tc.sw.String(), tc.want)
		}
		all := &Switches{Output: society, Values: []*Switch{&tc.sw}}
		data, err := json.Marshal(all)
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Rows []struct{ Interval, Sentence string } `json:"switching_values"`
		}
		if err := json.Unmarshal(data, &v); err != nil || len(v.Rows) != 1 || v.Rows[0].Interval != tc.want || !strings.Contains(v.Rows[0].Sentence, tc.want) {
			t.Errorf("JSON %s: %v", data, err)
		}
		var buf bytes.Buffer
		if err := all.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 2 || rows[0][len(rows[0])-1] != "interval" || rows[1][len(rows[1])-1] != tc.want {
			t.Errorf("CSV %v: %v", rows, err)
		}
	}
}

// TestSwitchingAll: every factor the model can move, in the order of the
// factors, each with the switching value Switching finds for it alone;
// not whole numbers, not factors no output counts; an interval is
// refused.
func TestSwitchingAll(t *testing.T) {
	m := model(t, load(t, linear), society)
	target := 1000.0
	for _, opt := range []SwitchOptions{{}, {Target: &target}} {
		all, err := m.SwitchingAll(opt)
		if err != nil {
			t.Fatal(err)
		}
		if all.Output != society {
			t.Errorf("output %v", all.Output)
		}
		var names []string
		for _, s := range all.Values {
			names = append(names, s.Factor.Name)
			one, err := m.Switching(s.Factor.Name, opt)
			if err != nil || !reflect.DeepEqual(one, s) {
				t.Errorf("%s: %+v in SwitchingAll, %+v alone (%v)", s.Factor.Name, s, one, err)
			}
		}
		var want []string
		for _, f := range m.Factors() {
			if _, err := m.Factor(f.Name); err == nil {
				want = append(want, f.Name) // every factor Switching takes
			}
		}
		if !reflect.DeepEqual(names, want) {
			t.Errorf("factors %v, want %v", names, want)
		}
		for _, name := range []string{"arms.ips.costs.specialist.amount", "groups.young.share", "perspective.marginal_cost_of_public_funds", "perspective.non_market.per_employed_month"} {
			if !strings.Contains(strings.Join(names, " "), name) {
				t.Errorf("%s is missing", name)
			}
		}
		if strings.Contains(strings.Join(names, " "), "horizon_months") {
			t.Error("a whole number has a switching value")
		}
	}
	// A number no output counts is left out.
	m = model(t, load(t, linear, "non_market: {include: true", "non_market: {include: false"), society)
	all, err := m.SwitchingAll(SwitchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all.Values {
		if strings.Contains(s.Factor.Name, "non_market") {
			t.Errorf("%s, which society leaves out, has a switching value", s.Factor.Name)
		}
	}
	if _, err := m.SwitchingAll(SwitchOptions{Within: []float64{0, 1}}); err == nil || !strings.Contains(err.Error(), "Within") {
		t.Errorf("an interval for every factor: %v", err)
	}
}
