package cba_test

import (
	"context"
	"fmt"

	"ipscba/cba"
)

// A Monte Carlo run of the scenario of ExampleEvaluate with two numbers
// uncertain: IPS's monthly job-finding probability (a beta of mean 0.04 and
// sd 0.01) and the specialist's monthly cost (a gamma of mean 4,200 and sd
// 800). The means are the values ExampleEvaluate uses, so the deterministic
// result is its 423,588 for society; the draws spread it. The seed makes
// the run the same on every machine and for any number of workers.
func ExampleRun() {
	s := &cba.Scenario{
		Name: "example", Currency: "NOK", PriceYear: 2025, HorizonMonths: 60,
		Discount:             []cba.RateStep{{FromYear: 1, Rate: 0.04}},
		Payers:               []string{"state"},
		Perspective:          cba.Perspective{Lambda: 0.2},
		EmployerContribution: cba.EmployerContribution{Rate: 0.141, Receivers: cba.Pay("state")},
		Taxes:                []cba.TaxComponent{{Name: "income", Receivers: cba.Pay("state"), Rate: 0.3}},
		Groups: []cba.Group{{Name: "all", Share: 1,
			Job: cba.Job{WeeklyHours: 20, HourlyWage: 235}}},
		Comparator: "traditional",
		Arms: []cba.Arm{
			{Name: "traditional", Enrolment: cba.Enrolment{Months: 12},
				Costs:  []cba.Cost{{Name: "training", Payers: cba.Pay("state"), Amount: 21000}},
				Groups: []cba.ArmGroup{{Employment: markov(0.02, 0.04)}}},
			{Name: "ips", Enrolment: cba.Enrolment{Dropout: 1.0 / 18},
				Costs:  []cba.Cost{{Name: "specialist", Payers: cba.Pay("state"), Amount: 4200}},
				Groups: []cba.ArmGroup{{Employment: markov(0.04, 0.04)}}},
		},
	}
	finding, _ := cba.FromMoments(cba.Beta, 0.04, 0.01)
	cost, _ := cba.FromMoments(cba.Gamma, 4200, 800)
	s.Uncertainty.Parameters = []cba.Uncertain{
		{Paths: []string{"arms.ips.groups.all.employment.periods[0].job_finding"}, Dist: finding},
		{Paths: []string{"arms.ips.costs.specialist.amount"}, Dist: cost},
	}
	s.UseMeans()

	mc, err := cba.Run(context.Background(), s, cba.Options{Iterations: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []string{"participant", "public", "society"} {
		key := cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: p}
		k, _ := mc.Index(key)
		sum := mc.Stat(k).Summary(2.5, 97.5)
		fmt.Printf("%-11s deterministic %7.0f, mean %4.0fk (MCSE %.1fk), 95 %% interval %4.0fk to %4.0fk, P(gain) %.2f\n",
			p, mc.Deterministic[k], sum.Mean/1000, sum.MCSE/1000, sum.Percentiles[0]/1000, sum.Percentiles[1]/1000, sum.PAboveZero)
	}
	// Output:
	// participant deterministic  120111, mean  118k (MCSE 1.1k), 95 % interval   17k to  212k, P(gain) 0.99
	// public      deterministic  252897, mean  251k (MCSE 0.7k), 95 % interval  182k to  314k, P(gain) 1.00
	// society     deterministic  423588, mean  419k (MCSE 1.9k), 95 % interval  236k to  584k, P(gain) 1.00
}
