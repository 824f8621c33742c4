package floor_test

import (
	"math"
	"sort"
	"testing"

	"ipscba/cba"
	"ipscba/cba/floor"
	"ipscba/cba/scenario"
)

// params maps the engine's parameter vector to the floor's numbers, by
// factor name.
func params(t *testing.T, ev *cba.Evaluator) func(x []float64, p *floor.Params) {
	t.Helper()
	index := map[string]int{}
	for _, f := range ev.Factors() {
		index[f.Name] = f.Index
	}
	at := func(name string) int {
		i, ok := index[name]
		if !ok || i < 0 {
			t.Fatalf("no factor %s", name)
		}
		return i
	}
	type field struct {
		name string
		dst  func(p *floor.Params) *float64
	}
	b := "groups.under30.benefits."
	fields := []field{
		{"benefits.disability_benefit.in_work.earnings.taper", func(p *floor.Params) *float64 { return &p.Taper }},
		{"groups.under30.job.weekly_hours", func(p *floor.Params) *float64 { return &p.Hours }},
		{"groups.under30.job.hourly_wage", func(p *floor.Params) *float64 { return &p.Wage }},
		{b + "work_assessment_allowance.amount", func(p *floor.Params) *float64 { return &p.Amount[0].AAP }},
		{b + "disability_benefit.amount", func(p *floor.Params) *float64 { return &p.Amount[0].Disability }},
		{"groups.no_upper_secondary.benefits.work_assessment_allowance.amount", func(p *floor.Params) *float64 { return &p.Amount[1].AAP }},
		{"groups.no_upper_secondary.benefits.disability_benefit.amount", func(p *floor.Params) *float64 { return &p.Amount[1].Disability }},
		{b + "social_assistance.amount", func(p *floor.Params) *float64 { return &p.SocialAmount }},
		{"groups.under30.share", func(p *floor.Params) *float64 { return &p.GroupShare[0] }},
		{"groups.no_upper_secondary.share", func(p *floor.Params) *float64 { return &p.GroupShare[1] }},
		{"groups.severe.share", func(p *floor.Params) *float64 { return &p.GroupShare[2] }},
		{"groups.rest.share", func(p *floor.Params) *float64 { return &p.GroupShare[3] }},
		{b + "work_assessment_allowance.share", func(p *floor.Params) *float64 { return &p.Share[0][0] }},
		{b + "disability_benefit.share", func(p *floor.Params) *float64 { return &p.Share[0][1] }},
		{b + "social_assistance.share", func(p *floor.Params) *float64 { return &p.Share[0][2] }},
		{b + "work_assessment_allowance.later[0].share", func(p *floor.Params) *float64 { return &p.Share[1][0] }},
		{b + "disability_benefit.later[0].share", func(p *floor.Params) *float64 { return &p.Share[1][1] }},
		{b + "social_assistance.later[0].share", func(p *floor.Params) *float64 { return &p.Share[1][2] }},
		{"taxes.ordinary_income.receivers.municipality", func(p *floor.Params) *float64 { return &p.TaxShare[0] }},
		{"taxes.ordinary_income.receivers.county", func(p *floor.Params) *float64 { return &p.TaxShare[1] }},
		{"taxes.ordinary_income.receivers.state", func(p *floor.Params) *float64 { return &p.TaxShare[2] }},
		{"arms.traditional.costs.additional_measures.amount", func(p *floor.Params) *float64 { return &p.Measures }},
		{"arms.traditional.groups.under30.employment.points[0].share", func(p *floor.Params) *float64 { return &p.Comparator[0] }},
		{"arms.traditional.groups.under30.employment.points[1].share", func(p *floor.Params) *float64 { return &p.Comparator[1] }},
		{"arms.ips.enrolment.months", func(p *floor.Params) *float64 { return &p.Months }},
		{"arms.ips.enrolment.dropout", func(p *floor.Params) *float64 { return &p.Dropout }},
		{"arms.ips.costs.employment_specialist.amount", func(p *floor.Params) *float64 { return &p.Specialist }},
		{"arms.ips.costs.supervision.amount", func(p *floor.Params) *float64 { return &p.Supervision }},
		{"arms.ips.costs.training_and_fidelity.amount", func(p *floor.Params) *float64 { return &p.Training }},
		{"arms.ips.costs.employment_specialist.payers.state", func(p *floor.Params) *float64 { return &p.PayerShare[0] }},
		{"arms.ips.costs.employment_specialist.payers.municipality", func(p *floor.Params) *float64 { return &p.PayerShare[1] }},
		{"arms.ips.costs.employment_specialist.payers.health_trust", func(p *floor.Params) *float64 { return &p.PayerShare[2] }},
		{"arms.ips.effect.points[0].difference", func(p *floor.Params) *float64 { return &p.Effect[0] }},
		{"arms.ips.effect.points[1].difference", func(p *floor.Params) *float64 { return &p.Effect[1] }},
		{"arms.ips.effect.half_life_months", func(p *floor.Params) *float64 { return &p.HalfLife }},
	}
	uncertain := 0
	for _, f := range ev.Factors() {
		if f.Uncertain() {
			uncertain++
		}
	}
	if uncertain != len(fields) {
		t.Fatalf("the scenario draws %d numbers, the floor %d", uncertain, len(fields))
	}
	idx := make([]int, len(fields))
	for i, f := range fields {
		idx[i] = at(f.name)
	}
	return func(x []float64, p *floor.Params) {
		for i, f := range fields {
			*f.dst(p) = x[idx[i]]
		}
	}
}

func norway(t *testing.T) *cba.Evaluator {
	t.Helper()
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := cba.NewEvaluator(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestFloorDoesTheEnginesJob: for the engine's draws, the floor's
// evaluation gives the engine's 211 outputs, iteration by iteration, to
// 1e-9 of their size (the two add in other orders); a break-even month
// may differ only where the cumulative flow is within rounding of zero.
func TestFloorDoesTheEnginesJob(t *testing.T) {
	ev := norway(t)
	if n := len(ev.Outputs()); n != floor.Outputs {
		t.Fatalf("the engine has %d outputs, the floor %d", n, floor.Outputs)
	}
	fill := params(t, ev)
	sm, x := ev.NewSampler(1), ev.Base()
	want, got := make([]float64, floor.Outputs), make([]float64, floor.Outputs)
	f := floor.New()
	var p floor.Params
	for i := range 500 {
		sm.Fill(uint64(i), x)
		if err := ev.EvaluateOutputs(x, want); err != nil {
			t.Fatal(err)
		}
		fill(x, &p)
		f.Evaluate(&p, got)
		for k, o := range ev.Outputs() {
			w, g := want[k], got[k]
			if o.Measure == cba.BreakEvenMonth {
				continue // below
			}
			if !(math.Abs(g-w) <= 1e-9*math.Max(1, math.Abs(w))) && !(math.IsInf(w, 1) && math.IsInf(g, 1)) {
				t.Fatalf("iteration %d: %s: floor %v, engine %v", i, o, g, w)
			}
		}
		for k := 132; k < 139; k++ {
			if got[k] != want[k] {
				t.Errorf("iteration %d: %s: floor %v, engine %v", i, ev.Outputs()[k], got[k], want[k])
			}
		}
	}
}

// TestFloorDrawsTheScenariosDistributions: the floor's own draws have the
// means of the scenario's distributions (each within 5 standard errors),
// keep the sums of its Dirichlet sets, and give its correlated pairs their
// rank correlation of 0.8 (within 0.02).
func TestFloorDrawsTheScenariosDistributions(t *testing.T) {
	ev := norway(t)
	fill := params(t, ev)
	// The means, in the floor's layout, from the engine's factor values.
	var mean floor.Params
	fill(ev.Base(), &mean)
	const n = 20000
	f := floor.New()
	draws := make([]floor.Params, n)
	for i := range draws {
		f.Draw(uint64(i), &draws[i])
		p := &draws[i]
		for k, set := range [][]float64{p.GroupShare[:], p.Share[0][:], p.Share[1][:], p.TaxShare[:], p.PayerShare[:]} {
			total := 0.0
			for _, s := range set {
				total += s
			}
			if want := []float64{1, 0.85, 0.85, 1, 1}[k]; math.Abs(total-want) > 1e-12 {
				t.Fatalf("iteration %d: shares %v sum to %v, want %v", i, set, total, want)
			}
		}
	}
	fields := func(p *floor.Params) []float64 {
		return []float64{p.Taper, p.Hours, p.Wage, p.Amount[0].AAP, p.Amount[0].Disability, p.Amount[1].AAP, p.Amount[1].Disability,
			p.SocialAmount, p.GroupShare[0], p.GroupShare[1], p.GroupShare[2], p.GroupShare[3], p.Share[0][0], p.Share[0][1], p.Share[0][2],
			p.Share[1][0], p.Share[1][1], p.Share[1][2], p.TaxShare[0], p.TaxShare[1], p.TaxShare[2], p.Measures, p.Comparator[0], p.Comparator[1],
			p.Months, p.Dropout, p.Specialist, p.Supervision, p.Training, p.PayerShare[0], p.PayerShare[1], p.PayerShare[2],
			p.Effect[0], p.Effect[1], p.HalfLife}
	}
	want := fields(&mean)
	sum, sq := make([]float64, len(want)), make([]float64, len(want))
	for i := range draws {
		for k, v := range fields(&draws[i]) {
			sum[k] += v
			sq[k] += v * v
		}
	}
	for k := range want {
		m := sum[k] / n
		sd := math.Sqrt(sq[k]/n - m*m)
		if math.Abs(m-want[k]) > 5*sd/math.Sqrt(n) {
			t.Errorf("number %d: mean %v, the scenario's %v (sd %v)", k, m, want[k], sd)
		}
	}
	for name, pair := range map[string]func(p *floor.Params) (float64, float64){
		"employment": func(p *floor.Params) (float64, float64) { return p.Comparator[0], p.Comparator[1] },
		"effect":     func(p *floor.Params) (float64, float64) { return p.Effect[0], p.Effect[1] },
	} {
		a, b := make([]float64, n), make([]float64, n)
		for i := range draws {
			a[i], b[i] = pair(&draws[i])
		}
		if r := spearman(a, b); math.Abs(r-0.8) > 0.02 {
			t.Errorf("%s: rank correlation %v, want 0.8", name, r)
		}
	}
}

// spearman is the rank correlation of a and b (no ties).
func spearman(a, b []float64) float64 {
	rank := func(x []float64) []float64 {
		idx := make([]int, len(x))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(i, j int) bool { return x[idx[i]] < x[idx[j]] })
		r := make([]float64, len(x))
		for k, i := range idx {
			r[i] = float64(k)
		}
		return r
	}
	ra, rb := rank(a), rank(b)
	var sab, saa, sbb float64
	m := float64(len(a)-1) / 2
	for i := range ra {
		sab += (ra[i] - m) * (rb[i] - m)
		saa += (ra[i] - m) * (ra[i] - m)
		sbb += (rb[i] - m) * (rb[i] - m)
	}
	return sab / math.Sqrt(saa*sbb)
}

// TestFloorStatistics: the floor's statistics of its iterations are the
// means, extremes and percentiles of the outputs it evaluated.
func TestFloorStatistics(t *testing.T) {
	f := floor.New()
	const n = 1000
	kept := make([][]float64, floor.Outputs)
	var p floor.Params
	out := make([]float64, floor.Outputs)
	for i := range n {
		f.Iteration(uint64(i))
		f.Draw(uint64(i), &p)
		f.Evaluate(&p, out)
		for k, x := range out {
			kept[k] = append(kept[k], x)
		}
	}
	f.Stats.Flush()
	for _, k := range []int{0, 6, 14, 27, 42, 132, 142, 210} {
		xs := kept[k]
		sum, finite, lo := 0.0, 0, math.Inf(1)
		for _, x := range xs {
			if !math.IsInf(x, 1) {
				sum += x
				finite++
				lo = min(lo, x)
			}
		}
		if got, want := f.Stats.Mean(k), sum/float64(finite); math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("output %d: mean %v, want %v", k, got, want)
		}
		if f.Stats.Min[k] != lo {
			t.Errorf("output %d: min %v, want %v", k, f.Stats.Min[k], lo)
		}
		sorted := append([]float64(nil), xs...)
		sort.Float64s(sorted)
		if q, want := f.Stats.Percentile(k, 50), sorted[n/2-1]; !(math.Abs(q-want) <= 0.004*math.Abs(want)) && !(math.IsInf(q, 1) && math.IsInf(want, 1)) {
			t.Errorf("output %d: median %v, want %v", k, q, want)
		}
	}
}
