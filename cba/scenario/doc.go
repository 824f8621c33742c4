// Package scenario reads IPS scenario files (YAML) into cba.Scenario values,
// checking every key and number and reporting every problem at once (up to
// 100, then counted), each as "file:line: field.path: message".
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
// Numbers are written in decimal: 0.04, 20975, 1e6, -3. A leading zero is
// decimal too (0120 is 120, never octal); hexadecimal, ".inf", "1,000",
// "20 %" and quoted numbers are refused, and so is a number left blank
// ("rate:" is not zero). Whole numbers (months, years, the horizon) must be
// whole: 120.5 is refused, never truncated.
//
// A distribution replaces the value (a deterministic evaluation uses its
// mean). Families and their parameters: normal (mean, sd); lognormal (mean,
// sd | mu, sigma); gamma (mean, sd | shape, rate | shape, scale); beta (mean,
// sd | alpha, beta); uniform (min, max); triangular and pert (min, mode,
// max); discrete (values). A distribution must keep within its number's
// range (below): its quantiles at 1e-9 and 1-1e-9 must lie inside it.
// Whole numbers cannot be drawn.
//
// A number written once with a YAML anchor (&name) and used elsewhere
// (*name) is one number (a factor, package cba): one draw, one -set, one
// line in a sensitivity analysis, in every place it is used. A mapping
// written once (a job, a curve, a receipt) makes each of its numbers one.
//
// # Layout
//
// Money is per participant; monthly amounts per month, tax thresholds and
// allowances per year. Names under taxes, benefits, groups, arms, costs and
// allowances are the scenario's own; they appear in parameter paths and
// results, so they hold only letters, digits and underscores, and payers and
// groups may not be named participant, public, society or population.
//
//	name, description, currency, price_year
//	horizon_months: H                            months, 1 to 1,200
//	observed_months: W                           a trial's window: results also over months 0..W
//	discount: [{from_year: 1, rate}, ...]        annual real rates by year
//	wage_growth                                  annual real (default 0)
//	indexation: none | wages                     benefits and thresholds follow wages (default none)
//	payers: [state, municipality, ...]           the public budgets
//	perspective:
//	  displacement                               default 0
//	  marginal_cost_of_public_funds              lambda
//	  non_market: {include, per_employed_month}
//	  leisure: {include, share}                  lost leisure: a share of earnings
//	employer_contribution: {rate, receiver | receivers}
//	taxes:
//	  NAME: {label, receiver | receivers, rate, pension_rate, brackets: [{from, rate}],
//	         personal_allowance, standard_deduction: {share, cap},
//	         floor: {threshold, phase_in}}
//	benefits:
//	  NAME: {label, payer | payers, taxable: none|wage|pension,
//	         in_work: {earnings: {disregard, taper, cutoff}} | {hours: {normal_weekly_hours, stop_share}}}
//	groups:
//	  NAME: {label, share, job: {weekly_hours, hourly_wage | monthly_earnings},
//	         benefits: {BENEFIT: {share, amount, later: [{from_month, share}]}}}
//	comparator: ARM
//	arms:
//	  NAME:
//	    label
//	    enrolment: {months, dropout}
//	    costs:
//	      NAME: {label, category: programme|service, payer | payers,
//	             timing: per_enrolled_month|one_off|per_month, amount, months}
//	    allowances:
//	      NAME: {label, payer | payers, timing, amount, months}
//	    effect: {points: [{month, difference}], extrapolation: constant|decay|end, half_life_months}
//	    groups:
//	      GROUP:
//	        employment: {model: markov, initial, periods: [{from_month, job_finding, job_loss}]}
//	                  | {model: observed, initial, points: [{month, share}],
//	                     extrapolation: constant|decay|end, half_life_months}
//	        effect_multiplier: M                 instead of employment, with the arm's effect
//	        job: {...}                           this arm's job, if it differs
//	cohort: {starts_per_year, years}
//	uncertainty:
//	  correlations: [{between: [PATH, PATH], rank}]
//	  dirichlet: [{shares: [PATH, ...], concentration}]
//
// Several payers share a flow with "payers: {state: 0.5, municipality:
// 0.5}" (or "receivers:" for a tax): shares that sum to 1, each a number of
// its own (at "taxes.NAME.receivers.PAYER"). A cost of the same name in two
// arms, split between payers, has its split written once (an anchor).
//
// # Ranges
//
// Every number has a plausible range, checked when the file is read and by
// -set (a fraction written in percent gets the hint "write 0.2 for 20 %"):
//
//	price_year                                          [1900, 2200] whole
//	horizon_months                                      [1, 1200] whole
//	observed_months                                     [0, 1200] whole
//	discount[*].from_year                               [1, 1000] whole
//	discount[*].rate                                    [-0.05, 0.25]
//	wage_growth                                         [-0.1, 0.1]
//	perspective.displacement                            [0, 1]
//	perspective.marginal_cost_of_public_funds           [0, 1]
//	perspective.non_market.per_employed_month           [0, 1e+12]
//	perspective.leisure.share                           [0, 1]
//	*.receivers.*, *.payers.*                           [0, 1]
//	employer_contribution.rate                          [0, 1]
//	taxes.*.rate, taxes.*.pension_rate                  [0, 1]
//	taxes.*.brackets[*].from                            [0, 1e+12]
//	taxes.*.brackets[*].rate                            [0, 1]
//	taxes.*.personal_allowance                          [0, 1e+12]
//	taxes.*.standard_deduction.share                    [0, 1]
//	taxes.*.standard_deduction.cap                      [0, 1e+12]
//	taxes.*.floor.threshold                             [0, 1e+12]
//	taxes.*.floor.phase_in                              [0, 1]
//	benefits.*.in_work.earnings.disregard               [0, 1e+12]
//	benefits.*.in_work.earnings.taper                   [0, 2]
//	benefits.*.in_work.earnings.cutoff                  [0, 1e+12]
//	benefits.*.in_work.hours.normal_weekly_hours        (0, 100]
//	benefits.*.in_work.hours.stop_share                 [0, 1]
//	groups.*.share                                      [0, 1]
//	*.job.weekly_hours                                  [0, 100]
//	*.job.hourly_wage, *.job.monthly_earnings           [0, 1e+12]
//	groups.*.benefits.*.share                           [0, 1]
//	groups.*.benefits.*.amount                          [0, 1e+12]
//	groups.*.benefits.*.later[*].from_month             [1, 1200] whole
//	groups.*.benefits.*.later[*].share                  [0, 1]
//	arms.*.enrolment.months                             [0, 1200] (0: the whole horizon)
//	arms.*.enrolment.dropout                            [0, 1]
//	arms.*.costs.*.amount, arms.*.allowances.*.amount   [0, 1e+12]
//	arms.*.costs.*.months, arms.*.allowances.*.months   [0, 1200] (0: the whole horizon)
//	arms.*.effect.points[*].month                       [1, 1200] whole
//	arms.*.effect.points[*].difference                  [-1, 1]
//	arms.*.effect.half_life_months                      (0, 12000]
//	arms.*.groups.*.effect_multiplier                   [0, 100]
//	arms.*.groups.*.employment.initial                  [0, 1]
//	arms.*.groups.*.employment.periods[*].from_month    [1, 1200] whole
//	arms.*.groups.*.employment.periods[*].job_finding   [0, 1]
//	arms.*.groups.*.employment.periods[*].job_loss      [0, 1]
//	arms.*.groups.*.employment.points[*].month          [1, 1200] whole
//	arms.*.groups.*.employment.points[*].share          [0, 1]
//	arms.*.groups.*.employment.half_life_months         (0, 12000]
//	cohort.starts_per_year                              [0, 1e+09]
//	cohort.years                                        [0, 100] whole
//	uncertainty.correlations[*].rank                    [-1, 1]
//	uncertainty.dirichlet[*].concentration              (0, 1e+09]
//
// A duration of 0 months, or one left out, is the whole horizon; a what-if
// (-set, a distribution, a value of a sensitivity analysis) may not give 0,
// which would jump from the shortest duration to the longest: it takes a
// positive number of months, the horizon's for the whole horizon.
//
// Money is bounded at 1e12 a month or a year in any currency, which keeps
// every result a finite number. A file is at most 4 MiB (MaxFileSize), one
// YAML document.
//
// # Paths
//
// Every number has a path, the one errors name and the planner's -set uses:
// "arms.ips.groups.under30.employment.half_life_months",
// "taxes.bracket_tax.brackets[1].rate", "discount[0].rate". File.Factors
// lists a loaded scenario's numbers with their paths, values, ranges and
// provenance.
package scenario
