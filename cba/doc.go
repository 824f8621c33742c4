// Package cba computes the socio-economic costs and benefits, per
// participant, of Individual Placement and Support (IPS) against
// traditional, stepwise vocational rehabilitation: employment over time,
// earnings, taxes, welfare benefits paid or saved and programme costs, for
// the participant, each public budget, the public sector as a whole and
// society.
//
// The economics follows the project's model contract (MODEL.md); this
// package documentation states every convention the contract leaves open.
//
// # Use
//
// Read a scenario with package ipscba/cba/scenario, or build a Scenario in
// Go, then Evaluate it:
//
//	f, err := scenario.Load("scenarios/norway-norce.yaml")
//	res, err := cba.Evaluate(f.Scenario)
//	inc := res.Increments[0].Population           // IPS minus the comparator
//	fmt.Println(inc.NPV[res.Perspective("society")]) // NOK per participant
//
// To evaluate many variants (what-if analysis, Monte Carlo, sensitivity), make
// an Evaluator once and pass it parameter vectors: entry i of a vector is
// Parameters()[i], named by the path a scenario file uses. Evaluate does not
// allocate, so a goroutine with its own Evaluator and Result can run it
// millions of times.
//
// # Conventions
//
// Time. Months m = 1..H. A monthly flow falls at the end of month m and is
// discounted by d(m) = prod_{k<=m} (1+r(k))^(-1/12), r(k) being the annual
// rate of the year containing month k. One-off costs fall at month 0 (d = 1).
// There is no half-cycle correction: the model is monthly. Real wage growth g
// scales earnings (and the taxes and in-work benefits that depend on them) by
// (1+g)^((m-1)/12); benefit amounts and tax thresholds stay as given.
//
// Employment. e(m) is the share of participants in competitive employment.
// A Markov chain gives e(m) = e(m-1)(1-s) + (1-e(m-1))f. An observed curve is
// interpolated linearly from (0, e(0)) through its points, then held constant,
// or its difference from the comparator (same group) decays with a half-life,
// or ends at once; the comparator's own curve can only be held constant.
// Decayed curves are clamped to [0, 1].
//
// Earnings. An employed participant earns hourly wage times weekly hours
// times 52/12 a month, or a stated monthly amount.
//
// Benefits. Benefit receipt states are mutually exclusive: in a group, a share
// receives each benefit and the rest none (shares sum to at most 1). A
// recipient out of work gets the amount; in work, the amount reduced by the
// benefit's rule (on earnings: disregard, taper, cut-off; on hours: share of
// normal hours, stop share). Expected benefit = share * ((1-e)*amount +
// e*in-work amount).
//
// Taxes. Each tax component is a function of annual income (TaxComponent.Tax).
// A month's tax is the tax on that month's income times 12, divided by 12. The
// expected tax is the mixture over the two employment states and the benefit
// states, sum over states of share * ((1-e)*T(out-of-work income) +
// e*T(in-work income)), never T(expected income). Taxable benefits count as
// wage-like or pension-like income as stated.
//
// Costs. A programme cost per enrolled month is paid for the enrolled share,
// min(1, max(0, D-(m-1))) * (1-p)^(m-1) for a duration D (0: the horizon) and
// a monthly drop-out p. Every cost has a public payer and a category:
// programme costs form the denominator of the ratios; service costs do not.
//
// Perspectives. For each arm, and for each arm minus the comparator:
//
//	participant = earnings - taxes + benefits
//	payer p     = its taxes and employer contribution - its benefits - its costs
//	public      = sum of the payers
//	society     = (1-displacement)(earnings + employer contribution) - costs
//	              + lambda * public + non-market value (when included)
//
// so that at displacement 0, society = participant + (1+lambda) * public +
// non-market value, month by month (the tests assert it). The "financing"
// component is lambda times the public net flow.
//
// Ratios. The benefit-cost ratio is society's gain before programme costs
// per unit of incremental programme cost, (NPV_society + C) / C; the public
// return is (NPV_public + C) / C, the public budgets' gain per unit of
// programme spending (all programme costs are public). When C <= 0 the arm is
// cheaper to run than the comparator: both are reported as cost-saving, never
// as a negative or infinite number.
//
// Break-even. The first month (0..H) from which the cumulative discounted
// net flow stays at or above zero to the horizon; NoBreakEven when it is below
// zero at the horizon.
//
// Population. Results for the population are the share-weighted sums of the
// groups' flows; ratios and break-even months are recomputed from those
// flows, not averaged.
//
// Cohorts. Result.Budget spreads StartsPerYear evenly over the months of each
// intake year and reports flows by calendar year and perspective,
// undiscounted and discounted to the programme's start.
package cba
