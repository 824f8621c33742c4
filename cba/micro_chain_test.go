package cba_test

import (
	"context"
	"math"
	"strconv"
	"testing"

	"ipscba/cba"
)

// chainScenario is one group, no taxes or benefits to speak of, and two
// arms whose employment is a Markov chain starting out of work.
func chainScenario(horizon int, comparator, ips []cba.MarkovPeriod) *cba.Scenario {
	s := twoGroups()
	s.HorizonMonths = horizon
	s.Groups = s.Groups[:1]
	s.Groups[0].Share = 1
	s.Arms[0].Groups = []cba.ArmGroup{{Employment: cba.Employment{Model: cba.Markov, Periods: comparator}}}
	s.Arms[1].Groups = []cba.ArmGroup{{Employment: cba.Employment{Model: cba.Markov, Periods: ips}}}
	return s
}

// within fails unless a sample share of n individuals is within 4
// binomial standard errors of the probability p.
func within(t *testing.T, what string, share, p float64, n int) {
	t.Helper()
	if se := math.Sqrt(p * (1 - p) / float64(n)); math.Abs(share-p) > 4*se+1e-12 {
		t.Errorf("%s: %v of the individuals, the chain gives %v (binomial sd %.2g)", what, share, p, se)
	}
}

// TestMicroMatchesHandComputedChains holds the micro-simulation's
// individuals to two-state Markov chains computed by hand, not by the
// engine: out of work at month 0, finding a job with probability f and
// losing one with probability s each month,
//
//	P(in work at m)         = f/(f+s) (1 - (1-f-s)^m)
//	P(ever in work by H)    = 1 - (1-f)^H
//	P(no month in work)     = (1-f)^H
//	P(in work every month)  = f (1-s)^(H-1)
//	E(months in work)       = sum over m = 1..H of P(in work at m)
//
// and, with f and s changing at month k+1, the same from the state at k:
// P(in work at m > k) = f2/(f2+s2) + (P(in work at k) - f2/(f2+s2)) (1-f2-s2)^(m-k),
// P(ever in work by H) = 1 - (1-f1)^k (1-f2)^(H-k). The shares of
// the sample are within 4 binomial standard errors of them.
func TestMicroMatchesHandComputedChains(t *testing.T) {
	const n, h = 40000, 24
	months := []int{1, 2, 6, 12, 13, 18, 24}
	type chain struct{ f, s float64 }
	for _, tc := range []struct {
		name   string
		arms   [2][]chain // one or two periods each, the second from month 13
		change int
	}{
		{"constant", [2][]chain{{{0.03, 0.05}}, {{0.08, 0.02}}}, 0},
		{"changing at month 13", [2][]chain{{{0.03, 0.05}, {0.01, 0.2}}, {{0.08, 0.02}, {0.3, 0.1}}}, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var periods [2][]cba.MarkovPeriod
			for a, cs := range tc.arms {
				for i, c := range cs {
					periods[a] = append(periods[a], cba.MarkovPeriod{FromMonth: 1 + 12*i, JobFinding: c.f, JobLoss: c.s})
				}
			}
			s := chainScenario(h, periods[0], periods[1])
			res, err := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: n, Seed: 11, Months: months})
			if err != nil {
				t.Fatal(err)
			}
			for a, arm := range res.Replications[0] {
				c1 := tc.arms[a][0]
				c2 := tc.arms[a][len(tc.arms[a])-1]
				k := tc.change
				if k == 0 {
					k = h
				}
				inWork := func(m int) float64 {
					if m <= k {
						return c1.f / (c1.f + c1.s) * (1 - math.Pow(1-c1.f-c1.s, float64(m)))
					}
					pi := c2.f / (c2.f + c2.s)
					return pi + (c1.f/(c1.f+c1.s)*(1-math.Pow(1-c1.f-c1.s, float64(k)))-pi)*math.Pow(1-c2.f-c2.s, float64(m-k))
				}
				for i, m := range res.Months {
					within(t, arm.Arm+" in work at month "+strconv.Itoa(m), arm.EmployedAt[i], inWork(m), n)
				}
				never := math.Pow(1-c1.f, float64(k)) * math.Pow(1-c2.f, float64(h-k))
				within(t, arm.Arm+" ever in work", arm.EverWorked, 1-never, n)
				within(t, arm.Arm+" no month in work", float64(arm.MonthsWorked[0])/n, never, n)
				if tc.change == 0 {
					within(t, arm.Arm+" in work every month", float64(arm.MonthsWorked[h])/n, c1.f*math.Pow(1-c1.s, h-1), n)
				}
				mean, sq, expect := 0.0, 0.0, 0.0
				for w, count := range arm.MonthsWorked {
					mean += float64(w) * float64(count) / n
					sq += float64(w*w) * float64(count) / n
				}
				for m := 1; m <= h; m++ {
					expect += inWork(m)
				}
				if se := math.Sqrt((sq - mean*mean) / n); math.Abs(mean-expect) > 4*se {
					t.Errorf("%s: %v months in work on average, the chain gives %v (MCSE %.2g)", arm.Arm, mean, expect, se)
				}
			}
		})
	}
}

// TestMicroFollowsAnObservedCurveWithLeastTurnover: a curve observed to rise
// from 0 to 0.4 at month 12 (linearly) and then to hold is simulated with no
// one losing a job while it rises and no one moving while it holds: the
// share in work at month m is m/30 up to 12, and the share ever in work is
// the curve's 0.4, not more.
func TestMicroFollowsAnObservedCurveWithLeastTurnover(t *testing.T) {
	const n = 40000
	s := chainScenario(24, []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.01, JobLoss: 0.1}}, nil)
	s.Arms[1].Groups[0].Employment = cba.Employment{Model: cba.Observed, Points: []cba.CurvePoint{{Month: 12, Share: 0.4}}}
	res, err := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: n, Seed: 5, Months: []int{3, 12, 24}})
	if err != nil {
		t.Fatal(err)
	}
	ips := res.Replications[0][1]
	for i, m := range res.Months {
		within(t, "in work at month "+strconv.Itoa(m), ips.EmployedAt[i], 0.4*math.Min(float64(m), 12)/12, n)
	}
	within(t, "ever in work", ips.EverWorked, 0.4, n)
	// Whoever finds a job keeps it: months in work are 24 - (month found) + 1.
	within(t, "in work 24 months", float64(ips.MonthsWorked[24])/n, 0.4/12, n)
	within(t, "in work 13 months", float64(ips.MonthsWorked[13])/n, 0.4/12, n)
	within(t, "in work 12 months", float64(ips.MonthsWorked[12])/n, 0, n)
}

// TestMicroWithWagesGrowingAheadOfBenefits: with real wage growth that
// benefits and thresholds do not follow (every month its own taxes), the
// micro-simulation's mean NPVs are still the cohort model's, within 4 Monte
// Carlo standard errors.
func TestMicroWithWagesGrowingAheadOfBenefits(t *testing.T) {
	const n = 40000
	s := twoGroups()
	s.WageGrowth = 0.02
	s.Taxes[0].PersonalAllowance, s.Taxes[0].Brackets = 60000, []cba.Bracket{{From: 200000, Rate: 0.1}}
	det, err := cba.Evaluate(s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: n, Seed: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for a, arm := range res.Replications[0] {
		for p, name := range res.Perspectives {
			want := det.Arms[a].Population.NPV[p]
			if se := arm.NPVSD[p] / math.Sqrt(n); math.Abs(arm.NPV[p]-want) > max(4*se, 1e-9*math.Abs(want)) {
				t.Errorf("%s %s: micro %v, cohort %v (MCSE %v)", arm.Arm, name, arm.NPV[p], want, se)
			}
		}
	}
}

// TestMicroPerArmAndReplications: PerArm sets each arm's number of
// individuals, and each replication is a sample of its own.
func TestMicroPerArmAndReplications(t *testing.T) {
	s := twoGroups()
	res, err := cba.Micro(context.Background(), s, cba.MicroOptions{PerArm: []int{5000, 3}, Replications: 3, Seed: 2, Months: []int{36, 12, 12}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Replications) != 3 || len(res.Months) != 2 || res.Months[0] != 12 || res.Months[1] != 36 {
		t.Fatalf("%d replications, months %v", len(res.Replications), res.Months)
	}
	for _, rep := range res.Replications {
		if rep[0].Individuals != 5000 || rep[1].Individuals != 3 || rep[0].Arm != "usual" || rep[1].Arm != "ips" {
			t.Errorf("arms %+v", rep)
		}
	}
	if res.Replications[0][0].NPV[0] == res.Replications[1][0].NPV[0] {
		t.Error("two replications drew the same sample")
	}
	one, err := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: 1, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sd := one.Replications[0][0].NPVSD; sd[0] != 0 {
		t.Errorf("the sd of one individual: %v, want 0", sd)
	}
	if _, err := cba.Micro(context.Background(), &cba.Scenario{}, cba.MicroOptions{}); err == nil {
		t.Error("an invalid scenario was simulated")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cba.Micro(ctx, s, cba.MicroOptions{Individuals: 100000}); err == nil {
		t.Error("a cancelled micro-simulation returned no error")
	}
}

// TestMicroNPVIsEachIndividualsMonthsInWork: with no discounting, no
// benefits and a flat tax, a participant's NPV is 70 % of the month's
// earnings times the months they worked, so the arm's mean NPV and its sd
// between individuals are those of the months-worked histogram, scaled.
func TestMicroNPVIsEachIndividualsMonthsInWork(t *testing.T) {
	const n = 5000
	s := chainScenario(24, []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.03, JobLoss: 0.05}}, []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.08, JobLoss: 0.02}})
	s.Discount[0].Rate = 0
	s.Benefits, s.Groups[0].Receipts = nil, nil
	earn := s.Groups[0].Job.HourlyWage * s.Groups[0].Job.WeeklyHours * 52 / 12
	res, err := cba.Micro(context.Background(), s, cba.MicroOptions{Individuals: n, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Perspectives[0] != "participant" {
		t.Fatalf("perspectives %v", res.Perspectives)
	}
	for _, arm := range res.Replications[0] {
		sum, sq := 0.0, 0.0
		for w, count := range arm.MonthsWorked {
			sum += float64(w) * float64(count)
			sq += float64(w*w) * float64(count)
		}
		mean := sum / n
		sd := math.Sqrt((sq - n*mean*mean) / (n - 1))
		if want := 0.7 * earn * mean; math.Abs(arm.NPV[0]-want) > 1e-9*want {
			t.Errorf("%s: mean NPV %v, 0.7 x earnings x mean months worked %v", arm.Arm, arm.NPV[0], want)
		}
		if want := 0.7 * earn * sd; math.Abs(arm.NPVSD[0]-want) > 1e-6*want {
			t.Errorf("%s: sd of the NPV %v, 0.7 x earnings x sd of months worked %v", arm.Arm, arm.NPVSD[0], want)
		}
	}
}
