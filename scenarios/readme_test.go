package scenarios

import (
	"context"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// norwayWith evaluates the Norwegian trial's scenario with the overrides,
// and returns its increment over the comparator and a perspective's index.
func norwayWith(t *testing.T, overrides ...cba.Override) (*cba.Summary, func(string) int, *cba.Scenario, *cba.Result) {
	t.Helper()
	f, err := scenario.Load("norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(overrides) > 0 {
		if _, err := f.Apply(overrides...); err != nil {
			t.Fatal(err)
		}
	}
	r, err := cba.Evaluate(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	p := func(name string) int {
		i, ok := r.Perspective(name)
		if !ok {
			t.Fatalf("no perspective %s", name)
		}
		return i
	}
	return &r.Increments[0].Population, p, f.Scenario, r
}

// TestReadmeWhatIfs checks what the README (the bundled scenario's "What
// it means") says of the Norwegian trial's scenario.
func TestReadmeWhatIfs(t *testing.T) {
	set := func(path string, v float64) cba.Override { return cba.Override{Path: path, Value: v} }
	base, p, s, r := norwayWith(t)
	about(t, "society over the 43 months of follow-up", base.NPVObserved[p("society")], -55000, 1500)
	about(t, "the public budgets over the 43 months", base.NPVObserved[p("public")], -75000, 1500)
	about(t, "society over ten years", base.NPV[p("society")], 22000, 1000)
	about(t, "the public budgets over ten years", base.NPV[p("public")], -33000, 1000)
	about(t, "the benefit-cost ratio", base.BCR.Value, 1.16, 0.005)
	about(t, "the net benefit per budget krone", base.NetPerBudgetKrone.Value, 0.67, 0.005)
	if base.NPV[p("state")] <= 0 || base.NPV[p("municipality")] >= 0 || base.NPV[p("health_trust")] >= 0 {
		t.Error("the README says the state gains and the municipality and the health trust do not get their parts back")
	}
	ended, p2, _, _ := norwayWith(t, set("arms.ips.effect.half_life_months", 0.5))
	about(t, "society if the effect ended at month 43", ended.NPV[p2("society")], -54000, 1000)
	about(t, "the public budgets if the effect ended", ended.NPV[p2("public")], -75000, 1000)
	short, p3, _, _ := norwayWith(t, set("arms.ips.effect.half_life_months", 6))
	about(t, "society with a six-month half-life", short.NPV[p3("society")], -33000, 1000)
	about(t, "the public budgets with a six-month half-life", short.NPV[p3("public")], -63000, 1000)
	for _, tc := range []struct {
		half        float64
		persp       string
		gain        bool
		description string
	}{
		{15, "society", false, "society loses at a half-life of 15 months"},
		{17, "society", true, "society gains at 17 months (it breaks even at about 16)"},
		{66, "public", false, "the public budgets lose at 66 months"},
		{80, "public", true, "the public budgets gain at 80 months (about six years)"},
	} {
		inc, q, _, _ := norwayWith(t, set("arms.ips.effect.half_life_months", tc.half))
		if (inc.NPV[q(tc.persp)] > 0) != tc.gain {
			t.Errorf("the README says %s: NPV %v", tc.description, inc.NPV[q(tc.persp)])
		}
	}
	free, p4, _, _ := norwayWith(t, set("arms.traditional.costs.additional_measures.amount", 0))
	about(t, "society without the controls' additional measures", free.NPV[p4("society")], -16000, 1000)
	about(t, "the public budgets without them", free.NPV[p4("public")], -65000, 1000)
	// The published net cost not re-priced: about 24.5 months of IPS.
	plain, p5, _, _ := norwayWith(t, set("arms.ips.enrolment.months", 24.5))
	cost, _, _, _ := norwayWith(t, set("arms.ips.enrolment.months", 24.5), set("horizon_months", 43))
	about(t, "the net cost over 43 months with 24.5 months of IPS", cost.ProgrammeCost, 100000, 1000)
	about(t, "society at the net cost not re-priced", plain.NPV[p5("society")], 63000, 1000)
	about(t, "the public budgets at the net cost not re-priced (about even)", plain.NPV[p5("public")], 0, 3000)
	// The published benefit, like for like.
	var benefit, share *cba.Published
	for i := range s.Published {
		switch s.Published[i].Name {
		case "benefit":
			benefit = &s.Published[i]
		case "welfare_share":
			share = &s.Published[i]
		}
	}
	if benefit == nil || share == nil {
		t.Fatal("the scenario has lost its published benefit")
	}
	b, err := benefit.Model(s, r)
	if err != nil {
		t.Fatal(err)
	}
	about(t, "production gained plus transfers saved over 43 months", b, 128000, 1500)
	about(t, "its share of the published figure re-priced", b/benefit.Comparable(), 0.30, 0.02)
	about(t, "its share of the published figure before re-pricing", b/benefit.Value, 0.40, 0.02)
	w, err := share.Model(s, r)
	if err != nil {
		t.Fatal(err)
	}
	about(t, "the transfers' share of it (about a quarter)", w, 0.25, 0.03)
}

// TestReadmeMonteCarloProse checks what the README says of the Norwegian
// scenario's Monte Carlo run (2,000 iterations, seed 1, as it shows).
func TestReadmeMonteCarloProse(t *testing.T) {
	f, err := scenario.Load("norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	mc, err := cba.Run(context.Background(), f.Scenario, cba.Options{Iterations: 2000, Seed: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	chance := func(p string) float64 {
		sum, ok := mc.Summary(cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: p})
		if !ok {
			t.Fatalf("no output for %s", p)
		}
		return sum.PAboveZero
	}
	about(t, "the chance that society gains (about half)", chance("society"), 0.5, 0.05)
	if c := chance("public"); c >= 0.3 {
		t.Errorf("the README says the public budgets gain in fewer than three draws of ten: %v", c)
	}
	about(t, "the municipality's chance (about one in five)", chance("municipality"), 0.2, 0.05)
	if c := chance("health_trust"); c != 0 {
		t.Errorf("the README says the health trust gets its part back in no draw: %v", c)
	}
}

// TestStepwiseWhatIf backs the stepwise scenario's header and its
// published ratio's reason: its benefit-cost ratio is far below WSIPP's
// 0.25 for training without work experience at the assumed 3-point
// effect, and reaches about 0.25 with an effect of about 7 points.
func TestStepwiseWhatIf(t *testing.T) {
	ratio := func(effect float64) float64 {
		f, err := scenario.Load("stepwise-vs-nothing.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Apply(cba.Override{Path: "arms.stepwise.effect.points[0].difference", Value: effect}); err != nil {
			t.Fatal(err)
		}
		r, err := cba.Evaluate(f.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		return r.Increments[0].Population.BCR.Value
	}
	if r := ratio(0.03); r > 0.1 {
		t.Errorf("with a 3-point effect the ratio is %v, want well below WSIPP's 0.25", r)
	}
	about(t, "the ratio with a 7-point effect", ratio(0.07), 0.25, 0.03)
}
