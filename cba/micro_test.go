package cba_test

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"ipscba/cba"
)

// TestMicroConvergesToTheCohortModel: with many individuals and no
// individual spread of wages, the micro-simulation's means are the cohort
// model's, within 4 Monte Carlo standard errors.
func TestMicroConvergesToTheCohortModel(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	s := loadNorway(t)
	det, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	micro, err := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: n, Seed: 1, Months: []int{12, 60}})
	if err != nil {
		t.Fatal(err)
	}
	for a, arm := range micro.Replications[0] {
		pop := &det.Arms[a].Population
		for p, name := range micro.Perspectives {
			se := arm.NPVSD[p] / math.Sqrt(float64(n))
			if math.Abs(arm.NPV[p]-pop.NPV[p]) > max(4*se, 1e-9*math.Abs(pop.NPV[p])) {
				t.Errorf("%s %s: micro %v, cohort %v (MCSE %v)", arm.Arm, name, arm.NPV[p], pop.NPV[p], se)
			}
		}
		for i, m := range micro.Months {
			e := pop.Employment[m]
			if se := math.Sqrt(e * (1 - e) / float64(n)); math.Abs(arm.EmployedAt[i]-e) > 4*se {
				t.Errorf("%s month %d: in work %v, cohort %v", arm.Arm, m, arm.EmployedAt[i], e)
			}
		}
		total, months := int64(0), 0.0
		for k, c := range arm.MonthsWorked {
			total += c
			months += float64(k) * float64(c)
		}
		if total != int64(n) {
			t.Errorf("%s: months-worked histogram counts %d individuals", arm.Arm, total)
		}
		if mean := months / float64(n); math.Abs(mean-pop.EmployedMonths) > 0.01*pop.EmployedMonths {
			t.Errorf("%s: mean months worked %v, cohort %v", arm.Arm, mean, pop.EmployedMonths)
		}
		maxE := 0.0
		for _, e := range pop.Employment[1:] {
			maxE = max(maxE, e)
		}
		if arm.EverWorked < maxE-4*math.Sqrt(maxE*(1-maxE)/float64(n)) {
			t.Errorf("%s: %v ever worked, below the curve's peak %v", arm.Arm, arm.EverWorked, maxE)
		}
	}
}

func TestMicroIsIndependentOfWorkers(t *testing.T) {
	s := loadNorway(t)
	opt := cba.MicroOptions{Individuals: 20000, Seed: 3, WageCV: 0.3, HoursCV: 0.3, Workers: 1}
	one, err := cba.Micro(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Workers = 3
	three, err := cba.Micro(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, three) {
		t.Error("1 and 3 workers differ")
	}
	opt.Seed = 4
	other, _ := cba.Micro(context.Background(), s, opt)
	if reflect.DeepEqual(one.Replications, other.Replications) {
		t.Error("another seed gave the same result")
	}
}

// TestMicroTrialSizedSamples simulates the trial's arms (181 comparator, 229
// IPS) a thousand times: the difference in the share in work at 12 months
// scatters as two binomial samples do around the curves' 9.5 points (Reme et
// al. 2019: 36.6 % vs 27.1 %).
func TestMicroTrialSizedSamples(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	s := loadNorway(t)
	const reps = 1000
	res, err := cba.Micro(context.Background(), s, cba.MicroOptions{PerArm: []int{181, 229}, Replications: reps, Seed: 8, Months: []int{12}})
	if err != nil {
		t.Fatal(err)
	}
	var diffs []float64
	mean := 0.0
	for _, rep := range res.Replications {
		d := rep[1].EmployedAt[0] - rep[0].EmployedAt[0]
		diffs = append(diffs, d)
		mean += d / reps
	}
	sd := 0.0
	for _, d := range diffs {
		sd += (d - mean) * (d - mean) / (reps - 1)
	}
	sd = math.Sqrt(sd)
	wantSD := math.Sqrt(0.366*0.634/229 + 0.271*0.729/181)
	if math.Abs(mean-0.095) > 4*wantSD/math.Sqrt(reps) {
		t.Errorf("mean difference %v, want 0.095", mean)
	}
	if math.Abs(sd-wantSD) > 0.1*wantSD {
		t.Errorf("sd of the difference %v, two binomial samples give %v", sd, wantSD)
	}
}

func BenchmarkMicro(b *testing.B) {
	s := loadNorway(b)
	const n = 20000
	for b.Loop() {
		if _, err := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: n, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
	personMonths := float64(b.N) * n * float64(len(s.Arms)*s.HorizonMonths)
	b.ReportMetric(personMonths/b.Elapsed().Seconds(), "person-months/s/core")
}

// TestMicroWageSpreadKeepsLinearMeans: where every flow is linear in
// earnings (a flat tax, no benefits), spreading individual wages and hours
// around their group's values (mean-preserving) leaves the mean NPVs at the
// cohort model's, within 4 MCSE; the spread shows in the individual sd.
func TestMicroWageSpreadKeepsLinearMeans(t *testing.T) {
	t.Parallel() // one core's work: it runs beside another test
	s := loadNorway(t)
	s.Taxes = []cba.TaxComponent{{Name: "flat", Receivers: cba.Pay("state"), Rate: 0.3}}
	s.Benefits, s.Aliases = nil, nil // the aliases named the benefits
	for g := range s.Groups {
		s.Groups[g].Receipts = nil
	}
	var keep []cba.Dirichlet
	for _, d := range s.Uncertainty.Dirichlets {
		if d.Paths[0] == "groups.under30.share" {
			keep = append(keep, d)
		}
	}
	var params []cba.Uncertain
	for _, u := range s.Uncertainty.Parameters {
		if !strings.HasPrefix(u.Paths[0], "benefits.") && !strings.Contains(u.Paths[0], ".benefits.") {
			params = append(params, u)
		}
	}
	s.Uncertainty = cba.Uncertainty{Parameters: params, Dirichlets: keep, Correlations: s.Uncertainty.Correlations}
	det, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	n := 200_000
	if testing.Short() {
		n = 50_000
	}
	flat, _ := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: n, Seed: 2})
	spread, err := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: n, Seed: 2, WageCV: 0.4, HoursCV: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	for a, arm := range spread.Replications[0] {
		for p, name := range spread.Perspectives {
			want := det.Arms[a].Population.NPV[p]
			if se := arm.NPVSD[p] / math.Sqrt(float64(n)); math.Abs(arm.NPV[p]-want) > max(4*se, 1e-9*math.Abs(want)) {
				t.Errorf("%s %s: mean %v with spread wages, cohort %v (MCSE %v)", arm.Arm, name, arm.NPV[p], want, se)
			}
		}
		if part := 0; arm.NPVSD[part] <= flat.Replications[0][a].NPVSD[part] {
			t.Errorf("%s: spreading wages did not spread the participant's NPV (%v vs %v)", arm.Arm, arm.NPVSD[part], flat.Replications[0][a].NPVSD[part])
		}
	}
}

func TestMicroOptionsAreChecked(t *testing.T) {
	s := loadNorway(t)
	for _, opt := range []cba.MicroOptions{
		{PerArm: []int{0, 10}},
		{PerArm: []int{-5, 10}},
		{PerArm: []int{10}},
		{Individuals: -1},
		{Replications: -1},
		{Workers: -2},
		{WageCV: math.NaN()},
		{WageCV: math.Inf(1)},
		{HoursCV: -0.1},
		{WageCV: 11},
		{Months: []int{0}},
		{Months: []int{121}},
	} {
		if _, err := cba.Micro(context.Background(), s, opt); err == nil {
			t.Errorf("%+v was accepted", opt)
		}
	}
}
