// Package report writes the results of package cba as a readable table, as
// JSON and as CSV, for people and for other programs.
//
// # JSON (schema "ipscba/result/v1")
//
// One object:
//
//	schema          "ipscba/result/v1"; a change that breaks readers changes it
//	provenance      file, sha256 (of the scenario file's bytes), version (of
//	                the module that computed it), overrides (the -set values,
//	                "path=value"), mode, timing (the discounting convention)
//	scenario, currency, price_year, horizon_months, comparator
//	perspectives    ["participant", each payer..., "public", "society"]
//	components      ["earnings", "employer_contribution", "tax:NAME"...,
//	                "benefit:NAME"..., "cost:NAME"..., "financing", "non_market"]
//	arms            each arm on its own:            [outcome]
//	increments      each arm minus the comparator:  [outcome]
//	budget          with -budget: [budget]
//
//	outcome    {arm, comparator (increments only), population: summary, groups: [summary]}
//	summary    {group (groups only),
//	            npv: {perspective: NOK},
//	            components: {perspective: {component: NOK}}  (non-zero only),
//	            society_without_non_market, non_market: NOK,
//	            benefit_cost_ratio, public_return: ratio  (increments only),
//	            net_benefit_per_budget_krone: {value: number} or
//	                {public_budgets_gain: true}  (increments only; DFØ's
//	                measure: society's NPV per unit of net public cost),
//	            cost_per_extra_month_in_work: {value: NOK} or {none_gained: true},
//	            cost_per_extra_person_in_work: {value: NOK, at_month: W} or
//	                {none_gained: true, at_month: W}  (increments only;
//	                the programme cost per extra discounted month in work,
//	                and to month W per extra person in work at W, the end
//	                of the observed window or the horizon),
//	            break_even_month: {perspective: month or null (not within the horizon)},
//	            employed_months, earnings, discounted_earnings, programme_cost,
//	            employment_by_year: [share in work at months 12, 24, ...]}
//	ratio      {value: number} or {cost_saving: true}
//	budget     {arm, comparator, starts_per_year, years, discounted_to: "programme start",
//	            years_table: [{year, undiscounted: {perspective: NOK}, discounted: {...},
//	                           cumulative_undiscounted: {...}, cumulative_discounted: {...}}],
//	            first_years: {years: N, undiscounted: {...}, discounted: {...}}
//	                (the total of calendar years 1 to N, Input.BudgetYears),
//	            total_undiscounted, total_discounted: {perspective: NOK}}
//
// Money is per participant (budget: for the whole cohort), in the scenario's
// currency at its price year, rounded to 0.01; shares, months and ratios are
// rounded to 1e-6. A component's sign is its effect on that perspective:
// taxes are negative for the participant and positive for their receiver.
//
// # CSV
//
// Long format, one number a row, with the header
//
//	table,arm,comparator,group,perspective,item,value
//
// table is "arm", "increment" or "budget"; group is "population" or a group
// name; item is "npv", "npv_observed" (over the observed window, when the
// scenario has one), "component:NAME", "break_even_month" (empty value when
// not within the horizon), "benefit_cost_ratio" and "public_return" ("cost-saving"
// when so), "net_benefit_per_budget_krone" ("public budgets gain" when
// the public budgets have no net cost), "cost_per_extra_month_in_work" and
// "cost_per_extra_person_in_work_at_month_W" ("none gained" when nothing
// is gained; W the end of the observed window or the horizon), "employed_months", "earnings", "discounted_earnings",
// "programme_cost"; in budget rows group is the calendar year ("total" for
// the sum of all years, "1-N" for the first N years, Input.BudgetYears) and
// item "undiscounted", "discounted", "cumulative_undiscounted" or
// "cumulative_discounted" (years only).
package report

import (
	"slices"

	"ipscba/cba"
)

// index returns the position of a name the model always has ("society",
// "non_market"): a missing one is a bug, never bad input.
func index(names []string, name string) int {
	i := slices.Index(names, name)
	if i < 0 {
		panic("report: the result has no " + name)
	}
	return i
}

// Schema names the JSON layout this package writes.
const Schema = "ipscba/result/v1"

// Timing is the discounting convention, written into every output.
const Timing = "monthly flows at the end of month m, discounted by d(m); one-off costs at month 0 (d = 1); no half-cycle correction"

// Provenance says where a result comes from.
type Provenance struct {
	File      string   `json:"file"`
	SHA256    string   `json:"sha256"`
	Version   string   `json:"version"`
	Overrides []string `json:"overrides"`
	// Changes says what each override did (how many places it set, what it
	// fixed, which shares it rescaled).
	Changes []Change `json:"changes,omitempty"`
	// Fingerprint is the hash of the scenario after the overrides
	// (cba.Scenario.Fingerprint).
	Fingerprint string `json:"scenario_fingerprint,omitempty"`
	Mode        string `json:"mode"`
	Timing      string `json:"timing"`
}

// Change is what one override did to the scenario (cba.Change, in words).
type Change struct {
	Override            string   `json:"override"`
	Places              int      `json:"places"`
	Fixed               []string `json:"fixed,omitempty"`
	Rescaled            []string `json:"rescaled,omitempty"`
	DroppedCorrelations []string `json:"dropped_correlations,omitempty"`
}

// Input is everything a report shows.
type Input struct {
	Provenance Provenance
	Result     *cba.Result
	Budgets    []cba.Budget // nil: no budget table
	// BudgetYears is the first years whose total the budget shows (0:
	// DefaultBudgetYears).
	BudgetYears int
	Groups      bool          // text: show each group too
	Decides     *Decides      // text: what decides it (nil: not shown)
	Scenario    *cba.Scenario // text: labels (nil: names)
	Lang        Lang          // text: the language (default English)
}
