package scenario_test

import (
	"fmt"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// Load a bundled scenario, change one number as a planner would (the
// effect's half-life after the trial's 43 months: a year instead of two),
// and read the municipality's own line.
func ExampleLoad() {
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := f.Set("arms.ips.effect.half_life_months", 12); err != nil {
		fmt.Println(err)
		return
	}
	res, err := cba.Evaluate(f.Scenario)
	if err != nil {
		fmt.Println(f.Locate(err))
		return
	}
	inc := res.Increments[0].Population
	m, ok := res.Perspective("municipality")
	if !ok {
		fmt.Println("no municipality in this scenario")
		return
	}
	fmt.Printf("the municipality's NPV: NOK %.0f per participant\n", inc.NPV[m])
	// Output:
	// the municipality's NPV: NOK -14284 per participant
}

// Errors name the file, the line and the field.
func ExampleParse() {
	_, err := scenario.Parse("plan.yaml", []byte("name: plan\nhorizon_months: -3\ncolour: blue\n"))
	fmt.Println(err)
	// Output:
	// plan.yaml:1: currency: is required
	// plan.yaml:1: price_year: is required
	// plan.yaml:1: discount: is required
	// plan.yaml:1: payers: is required
	// plan.yaml:1: perspective: is required
	// plan.yaml:1: groups: is required
	// plan.yaml:1: comparator: is required
	// plan.yaml:1: arms: is required
	// plan.yaml:2: horizon_months: must be in [1, 1200], got -3
	// plan.yaml:3: colour: unknown field (known here: extends, set, name, description, about, currency, price_year, horizon_months, observed_months, effect_measured_months, discount, wage_growth, indexation, payers, perspective, employer_contribution, taxes, equalisation, benefits, groups, comparator, arms, cohort, published, uncertainty)
}
