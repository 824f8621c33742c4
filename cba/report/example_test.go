package report_test

import (
	"crypto/sha256"
	"fmt"
	"os"

	"ipscba/cba"
	"ipscba/cba/report"
)

// The text report of the scenario of cba's ExampleEvaluate: the
// conclusion in one sentence, the NPV of each perspective with its
// break-even, what each component adds to each perspective, and
// employment in each arm. (This IPS costs less to run than the 12 months
// of training it replaces, so its cost-benefit ratios are "cost-saving".)
func ExampleText() {
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
				Groups: []cba.ArmGroup{{Employment: cba.Employment{Model: cba.Markov, Periods: []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.02, JobLoss: 0.04}}}}}},
			{Name: "ips", Enrolment: cba.Enrolment{Dropout: 1.0 / 18},
				Costs:  []cba.Cost{{Name: "specialist", Payers: cba.Pay("state"), Amount: 4200}},
				Groups: []cba.ArmGroup{{Employment: cba.Employment{Model: cba.Markov, Periods: []cba.MarkovPeriod{{FromMonth: 1, JobFinding: 0.04, JobLoss: 0.04}}}}}},
		},
	}
	r, err := cba.Evaluate(s)
	if err != nil {
		panic(err)
	}
	file := []byte("the scenario file's bytes")
	prov := report.Provenance{File: "example.yaml", SHA256: fmt.Sprintf("%x", sha256.Sum256(file))}
	if err := report.Text(os.Stdout, report.Input{Provenance: prov, Result: r, Scenario: s}); err != nil {
		panic(err)
	}
	// Output:
	// example: money in NOK at 2025 prices, per participant, discounted over 60 months
	// scenario file example.yaml (sha256 29042e3c2523)
	//
	// In short: under these assumptions, ips minus traditional, society gains NOK
	// 423,588 per participant over 5 years; the public budgets gain NOK 252,897 and
	// are ahead from the start.
	//
	// ips minus traditional, whole population: net present value per participant
	//
	// perspective         NPV      break-even
	// participant     120,111  from the start
	// state           252,897  from the start
	// public budgets  252,897  from the start
	// society         423,588  from the start
	//
	// programme cost, ips minus traditional (discounted): -177,227
	// benefit-cost ratio (society's gain per unit of programme cost): cost-saving (ips costs less to run than traditional)
	// public return (public budgets' gain per unit of programme cost): cost-saving (ips costs less to run than traditional)
	// net benefit per budget krone (society's NPV per NOK of net cost to the public budgets): none: the public budgets gain, so there is no net cost to divide by
	// programme cost per extra month in work: NOK -21,036 (below zero: the programme saves money and gains work)
	// programme cost per extra person in work at month 60, the end of the horizon: NOK -1,033,718 (below zero: the programme saves money and gains work)
	//
	// what it is made of (present values per participant; · where a component does not touch a perspective)
	//
	// component                       participant    state  public budgets  society
	// earnings                            171,588        ·               ·  171,588
	// employer's contribution                   ·   24,194          24,194   24,194
	// income                              -51,476   51,476          51,476        ·
	// training                                  ·  246,719         246,719  246,719
	// specialist                                ·  -69,492         -69,492  -69,492
	// financing cost of public funds            ·        ·               ·   50,579
	//
	// employment per participant
	//
	//                              ips  traditional    difference
	// months in work              24.3         14.9           9.4
	// earnings (undiscounted)  494,678      303,571       191,108
	// in work at month 12       31.6 %       17.5 %  +14.1 points
	// in work at month 24       43.2 %       25.8 %  +17.5 points
	// in work at month 60       49.7 %       32.5 %  +17.1 points
	//
	// terms
	// - NPV: net present value, the sum of each month's gains less costs, discounted
	//   to the start
	// - break-even: the first month from which the cumulative discounted net flow
	//   stays at or above zero
	// - financing cost of public funds: each NOK the public budgets save or spend is
	//   worth 1 + lambda to society (lambda: the marginal cost of public funds, 0.2
	//   in this scenario)
	// - benefit-cost ratio: society's gain before programme costs (its NPV plus the
	//   programme cost, the financing cost included) per unit of programme cost
	// - public return: the public budgets' gain before programme costs per unit of
	//   programme cost
	// - net benefit per budget krone (the Norwegian DFØ's ranking measure):
	//   society's NPV per unit of net cost to the public budgets (minus their NPV);
	//   none when the public budgets gain
	// - programme cost per extra month in work: the programme cost over the extra
	//   months in work, both discounted; per extra person in work: the programme
	//   cost to the end of the observed window over the extra share in work at its
	//   end; none gained when the programme gains no work
}
