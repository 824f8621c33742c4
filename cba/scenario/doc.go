// Package scenario reads IPS scenario files (YAML) into cba.Scenario values,
// checking every key and number and reporting every problem at once, each as
// "file:line: field.path: message".
//
// # Numbers
//
// Any number may be written plainly (rate: 0.04) or as a mapping that says
// where it comes from:
//
//	rate: {value: 0.04, source: "Finance Ministry circular R-109/21"}
//	share: {value: 0.3, assumption: "why this value", note: "to verify"}
//	half_life_months:
//	  distribution: {type: gamma, mean: 24, sd: 18}
//	  assumption: "..."
//
// A distribution replaces the value (a deterministic evaluation uses its
// mean). Families and their parameters: normal (mean, sd); lognormal (mean,
// sd | mu, sigma); gamma (mean, sd | shape, rate | shape, scale); beta (mean,
// sd | alpha, beta); uniform (min, max); triangular and pert (min, mode,
// max); discrete (values). A number written once with a YAML anchor (&name)
// and used elsewhere (*name) is one draw everywhere it is used.
//
// # Layout
//
// Money is per participant; monthly amounts per month, tax thresholds and
// allowances per year. Names under taxes, benefits, groups, arms and costs
// are the scenario's own; they appear in parameter paths and results.
//
//	name, description, currency, price_year
//	horizon_months: H                            months, 1 to 1,200
//	discount: [{from_year: 1, rate}, ...]        annual real rates by year
//	wage_growth                                  annual real (default 0)
//	payers: [state, municipality, ...]           the public budgets
//	perspective:
//	  displacement                               default 0
//	  marginal_cost_of_public_funds              lambda
//	  non_market: {include, per_employed_month}
//	employer_contribution: {rate, receiver}
//	taxes:
//	  NAME: {receiver, rate, pension_rate, brackets: [{from, rate}],
//	         personal_allowance, standard_deduction: {share, cap},
//	         floor: {threshold, phase_in}}
//	benefits:
//	  NAME: {payer, taxable: none|wage|pension,
//	         in_work: {earnings: {disregard, taper, cutoff}} | {hours: {normal_weekly_hours, stop_share}}}
//	groups:
//	  NAME: {label, share, job: {weekly_hours, hourly_wage | monthly_earnings},
//	         benefits: {BENEFIT: {share, amount}}}
//	comparator: ARM
//	arms:
//	  NAME:
//	    label
//	    enrolment: {months, dropout}
//	    costs:
//	      NAME: {category: programme|service, payer,
//	             timing: per_enrolled_month|one_off|per_month, amount, months}
//	    groups:
//	      GROUP:
//	        employment: {model: markov, initial, periods: [{from_month, job_finding, job_loss}]}
//	                  | {model: observed, initial, points: [{month, share}],
//	                     extrapolation: constant|decay|end, half_life_months}
//	        job: {...}                           this arm's job, if it differs
//	cohort: {starts_per_year, years}             years: 0 to 100
//	uncertainty:
//	  correlations: [{between: [PATH, PATH], rank}]
//	  dirichlet: [{shares: [PATH, ...], concentration}]
//
// # Paths
//
// Every number has a path, the one errors name and the planner's -set uses:
// "arms.ips.groups.under30.employment.half_life_months",
// "taxes.bracket_tax.brackets[1].rate", "discount[0].rate". See
// cba.Scenario.Parameters for the list of a loaded scenario.
package scenario
