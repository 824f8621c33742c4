package cba

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// problemAt reports whether err lists a problem at path whose message
// contains msg.
func problemAt(err error, path, msg string) bool {
	var es Errors
	var e *Error
	list := []*Error(nil)
	switch {
	case errors.As(err, &es):
		list = es
	case errors.As(err, &e):
		list = []*Error{e}
	}
	for _, e := range list {
		if e.Path == path && strings.Contains(e.Msg, msg) {
			return true
		}
	}
	return false
}

// TestPublishedModelRefuses: each way Model cannot compute a figure is an
// error at the figure's field, not a number.
func TestPublishedModelRefuses(t *testing.T) {
	s := dearScenario()
	r := mustEvaluate(t, s)
	orphan := *r
	orphan.owner = nil
	noArms := *r
	noArms.Arms = nil
	free := dearScenario()
	for i := range free.Arms {
		for j := range free.Arms[i].Costs {
			free.Arms[i].Costs[j].Amount = 0
		}
	}
	rFree := mustEvaluate(t, free)
	for _, tc := range []struct {
		name      string
		p         Published
		s         *Scenario
		r         *Result
		path, msg string
	}{
		{"no result", Published{Measure: FigureNPV, Perspectives: []string{"society"}}, s, nil,
			"published.x", "no arm compared with a comparator"},
		{"no increments", Published{Measure: FigureNPV, Perspectives: []string{"society"}}, s, &Result{},
			"published.x", "no arm compared with a comparator"},
		{"unknown arm", Published{Measure: FigureProgrammeCost, Arm: "nobody"}, s, r,
			"published.x.arm", `no arm "nobody" compared`},
		{"not an evaluator's result", Published{Measure: FigureProgrammeCost}, s, &orphan,
			"published.x", "does not come from an Evaluator's NewResult"},
		{"months past the horizon", Published{Measure: FigureProgrammeCost, Months: r.HorizonMonths + 1}, s, r,
			"published.x.months", "must be from 1 to the horizon"},
		{"negative months", Published{Measure: FigureProgrammeCost, Months: -1}, s, r,
			"published.x.months", "got -1"},
		{"unknown perspective", Published{Measure: FigureNPV, Perspectives: []string{"nobody"}}, s, r,
			"published.x.perspectives", `no perspective "nobody"`},
		{"unknown perspective of a gain", Published{Measure: FigureGain, Perspectives: []string{"public", "nobody"}}, s, r,
			"published.x.perspectives", `no perspective "nobody"`},
		{"unknown component", Published{Measure: FigureComponents, Perspectives: []string{"society"}, Components: []string{"pay"}}, s, r,
			"published.x.components", `no component "pay"`},
		{"component of an unknown perspective", Published{Measure: FigureComponents, Components: []string{"nobody/earnings"}}, s, r,
			"published.x.perspectives", `no perspective "nobody"`},
		{"share of an unknown numerator", Published{Measure: FigureShare, Perspectives: []string{"nobody"}, Of: []string{"public"}}, s, r,
			"published.x.perspectives", `no perspective "nobody"`},
		{"share of an unknown whole", Published{Measure: FigureShare, Perspectives: []string{"public"}, Of: []string{"nobody"}}, s, r,
			"published.x.perspectives", `no perspective "nobody"`},
		{"share of unknown components", Published{Measure: FigureShare, Components: []string{"public/benefit:*"}, Of: []string{"society/pay"}}, s, r,
			"published.x.components", `no component "pay"`},
		{"ratio of a free programme", Published{Measure: FigureBenefitCostRatio}, free, rFree,
			"published.x", "cost-saving: no ratio"},
		{"unknown measure", Published{Measure: FigureMeasure(99)}, s, r,
			"published.x.measure", "unknown measure 99"},
		{"a chance", Published{Measure: FigureChance, Perspectives: []string{"society"}}, s, r,
			"published.x", "Monte Carlo figure"},
		{"no arms in the result", Published{Measure: FigureEarnings}, s, &noArms,
			"published.x", "has not the arm or its comparator"},
	} {
		tc.p.Name = "x"
		v, err := tc.p.Model(tc.s, tc.r)
		if !problemAt(err, tc.path, tc.msg) || v != 0 {
			t.Errorf("%s: %v (%v), want 0 and a problem at %s: ...%s...", tc.name, v, err, tc.path, tc.msg)
		}
	}
}

// TestPublishedChanceKey: a chance is read from the population NPV of the
// first perspective of the increment named (the first one by default).
func TestPublishedChanceKey(t *testing.T) {
	s := dearScenario()
	r := mustEvaluate(t, s)
	p := Published{Name: "c", Measure: FigureChance, Perspectives: []string{"public", "society"}}
	k, err := p.ChanceKey(r)
	want := OutputKey{Arm: r.Increments[0].Arm, Comparator: r.Increments[0].Comparator, Group: Population, Measure: NPV, Perspective: "public"}
	if err != nil || k != want {
		t.Errorf("key %+v (%v), want %+v", k, err, want)
	}
	p.Arm = "nobody"
	if k, err := p.ChanceKey(r); !problemAt(err, "published.c.arm", "nobody") || k != (OutputKey{}) {
		t.Errorf("unknown arm: %+v, %v", k, err)
	}
	p.Arm = ""
	if _, err := p.ChanceKey(nil); !problemAt(err, "published.c", "no arm compared") {
		t.Errorf("no result: %v", err)
	}
}

// TestPublishedReproducedAndWithin: a figure is reproduced only with a
// tolerance above 0; within it relative to the published value, or
// exactly equal when the published value is 0.
func TestPublishedReproducedAndWithin(t *testing.T) {
	for _, tc := range []struct {
		p          Published
		model      float64
		reproduced bool
		within     bool
	}{
		{Published{Value: 100, Tolerance: 0.1}, 110, true, true},
		{Published{Value: 100, Tolerance: 0.1}, 110.001, true, false},
		{Published{Value: -100, Tolerance: 0.1}, -90, true, true},
		{Published{Value: 100, ToModel: 2, Tolerance: 0.1}, 180, true, true},
		{Published{Value: 100, ToModel: 2, Tolerance: 0.1}, 110, true, false},
		{Published{Value: 100, Reason: "differs"}, 100, false, true},
		{Published{Value: 100, Reason: "differs"}, 100.0001, false, false},
		{Published{Value: 0, Tolerance: 0.5}, 0, true, true},
		{Published{Value: 0, Tolerance: 0.5}, 1e-300, true, false},
	} {
		if got := tc.p.Reproduced(); got != tc.reproduced {
			t.Errorf("%+v: reproduced %v", tc.p, got)
		}
		if got := tc.p.Within(tc.model); got != tc.within {
			t.Errorf("%+v: %v within %v", tc.p, tc.model, got)
		}
	}
}

// TestPublishedFieldsChecked: what a figure says of itself is checked when
// the scenario is validated, each problem at the field it concerns.
func TestPublishedFieldsChecked(t *testing.T) {
	ok := Published{Name: "x", Citation: "test", Measure: FigureProgrammeCost, Tolerance: 0.1}
	for _, tc := range []struct {
		name      string
		edit      func(p *Published)
		path, msg string
	}{
		{"measure below the first", func(p *Published) { p.Measure = -1 }, "published.x.measure", "unknown measure (-1): npv, gain"},
		{"measure past the last", func(p *Published) { p.Measure = FigureChance + 1 }, "published.x.measure", "unknown measure (11)"},
		{"side below the first", func(p *Published) { p.Measure, p.Side = FigureEarnings, -1 }, "published.x.side", "unknown side (-1): difference, arm, comparator"},
		{"side past the last", func(p *Published) { p.Measure, p.Side = FigureEarnings, ComparatorSide+1 }, "published.x.side", "unknown side (3)"},
		{"perspectives of a cost", func(p *Published) { p.Perspectives = []string{"society"} }, "published.x.perspectives",
			"belongs to a measure of perspectives (npv, gain, components, share, chance), not programme_cost"},
		{"negative months", func(p *Published) { p.Months = -2 }, "published.x.months", "must be 0 (the horizon) or more, got -2"},
		{"a chance over months", func(p *Published) {
			p.Measure, p.Perspectives, p.Months = FigureChance, []string{"society"}, 12
		}, "published.x.months", "a chance is over the horizon"},
		{"NaN value", func(p *Published) { p.Value = math.NaN() }, "published.x.value", "finite numbers"},
		{"infinite value", func(p *Published) { p.Value = math.Inf(-1) }, "published.x.value", "finite numbers"},
		{"NaN conversion", func(p *Published) { p.ToModel = math.NaN() }, "published.x.value", "finite numbers"},
		{"infinite conversion", func(p *Published) { p.ToModel = math.Inf(1) }, "published.x.value", "finite numbers"},
		{"negative conversion", func(p *Published) { p.ToModel = -1 }, "published.x.value", "to_model not negative"},
		{"negative tolerance", func(p *Published) { p.Tolerance = -0.5 }, "published.x.tolerance", "must be 0 or more, got -0.5"},
		{"NaN tolerance", func(p *Published) { p.Tolerance = math.NaN() }, "published.x.tolerance", "must be 0 or more"},
		{"infinite tolerance", func(p *Published) { p.Tolerance = math.Inf(1) }, "published.x.tolerance", "must be 0 or more"},
		{"no tolerance, blank reason", func(p *Published) { p.Tolerance, p.Reason = 0, "  " }, "published.x", "needs a tolerance"},
		{"no citation", func(p *Published) { p.Citation = "" }, "published.x.citation", "is required"},
	} {
		s := dearScenario()
		p := ok
		tc.edit(&p)
		s.Published = []Published{p}
		if err := s.Validate(); !problemAt(err, tc.path, tc.msg) {
			t.Errorf("%s: %v\nwant a problem at %s: ...%s...", tc.name, err, tc.path, tc.msg)
		}
	}
	// And the figure as it is passes, as do months at 0 and a reason in
	// place of a tolerance.
	for _, p := range []Published{ok, {Name: "x", Citation: "test", Measure: FigureProgrammeCost, Reason: "differs"}} {
		s := dearScenario()
		s.Published = []Published{p}
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
}
