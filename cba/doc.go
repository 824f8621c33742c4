// Package cba computes the socio-economic costs and benefits, per
// participant, of Individual Placement and Support (IPS) against
// traditional, stepwise vocational rehabilitation: employment over time,
// earnings, taxes, welfare benefits paid or saved and programme costs, for
// the participant, each public budget, the public sector as a whole and
// society.
//
// This documentation states every convention of the model: what is
// computed, when flows fall and how they are discounted, and what a run
// under uncertainty draws.
//
// # Use
//
// Read a scenario with package ipscba/cba/scenario, or build a Scenario in
// Go, then Evaluate it:
//
//	f, err := scenario.Load("scenarios/norway-norce.yaml")
//	res, err := cba.Evaluate(f.Scenario)
//	inc := res.Increments[0].Population          // IPS minus the comparator
//	if soc, ok := res.Perspective("society"); ok {
//		fmt.Println(inc.NPV[soc])                 // NOK per participant
//	}
//
// To evaluate many variants (what-if analysis, Monte Carlo, sensitivity),
// make an Evaluator once and pass it parameter vectors: entry i of a vector
// is the value of the factor whose Index is i (Evaluator.Factors). Evaluate
// and EvaluateOutputs do not allocate, so a goroutine with its own Evaluator
// can run them millions of times. Run draws and evaluates in parallel,
// from the scenario's uncertainty or from any Source of vectors.
//
// # Factors
//
// A number written once is one factor, whatever the number of places it is
// used (Scenario.Aliases; a YAML anchor in a file): one vector entry, one
// draw in a Monte Carlo run, one override. Scenario.Apply changes factors:
// setting any path of a factor sets every place it is written; setting an
// uncertain factor to a value fixes it (a run no longer draws it). The
// groups' shares, a split between payers and the shares a Dirichlet entry
// draws are sets of shares: setting one rescales the set's other shares
// proportionally, so that the set keeps its sum (1, or the Dirichlet set's
// sum); several overrides are applied together, so their order does not
// matter. Every factor has a bound (Bound): a plausible range, checked when
// a scenario is validated and on every evaluation.
//
// The switches of conventions (perspective.leisure.include,
// perspective.non_market.include, perspective.displacement_in_budgets,
// perspective.financing_on_spending) are factors too: whole numbers, 1 on
// and 0 off (Factor.Switch), set with Apply like any whole number. Apply
// makes switches before the other overrides, so that a number a switch
// turns on (the leisure share) may be set in the same call.
//
// # Conventions
//
// Time. Months m = 1..H. A monthly flow falls at the end of month m and is
// discounted by d(m) = prod_{k<=m} (1+r(k))^(-1/12), r(k) being the annual
// rate of the year containing month k. One-off costs fall at month 0 (d = 1).
// There is no half-cycle correction: the model is monthly.
//
// Wages and indexation. Real wage growth g scales earnings by
// (1+g)^((m-1)/12). When the scenario is Indexed (Norway's G follows wages),
// benefit amounts, the money amounts of in-work rules, tax thresholds,
// allowances and arm allowances grow at the same rate, so every flow but
// programme and service costs and the non-market value grows with wages;
// when it is not (the default), they stay as given in real terms, and tax
// takes a growing share of growing earnings.
//
// Outcomes a study measured. A point of a curve or an effect is the share
// in work at its month (a point prevalence), or another outcome a study
// measured over months 0..T, converted (OutcomeKind): the share ever
// employed within T months times the share of the period those ever
// employed spent in work (Bond, Drake and Becker 2008: 0.47 among IPS
// participants who worked; the scenario states its value with its source),
// the mean share in work over the months (a study's share of weeks
// worked), hours worked (over the job's weekly hours times 52/12 a month)
// or earnings (over the job's monthly earnings) over the months. Each gives
// the mean share in work W over months 1..T, and the point's value is the
// one that makes the linearly interpolated curve average W over those
// months; one kind is never used as another. Hours and earnings are
// converted with each group's job, so the population's hours (or
// earnings) gained are the study's whatever the groups' jobs.
//
// Employment. e(m) is the share of participants in competitive employment.
// A Markov chain gives e(m) = e(m-1)(1-s) + (1-e(m-1))f. An observed curve is
// interpolated linearly from (0, e(0)) through its points, then held constant,
// or its difference from the comparator (same group) decays with a half-life,
// or ends at once; the comparator's own curve can only be held constant.
// An arm may instead give its average effect over the comparator (Effect):
// group g's curve is the comparator's plus k_g D(m), where D is the effect
// (interpolated from 0, then held, decayed or ended) and k_g = M_g /
// sum_h s_h M_h normalises the groups' multipliers, so that the
// share-weighted effect is the arm's average in every draw of the shares
// and multipliers. Curves are clamped to [0, 1] (which can leave the
// average effect slightly below D where a group's curve reaches 0 or 1).
//
// Earnings. An employed participant earns hourly wage times weekly hours
// times 52/12 a month, or a stated monthly amount. The employer's
// contribution is its rate times the earnings above its threshold (annual,
// on the month's earnings times 12; 0: from the first krone).
//
// Benefits. Benefit receipt states are mutually exclusive: in a group, a share
// receives each benefit and the rest none (shares sum to at most 1, at every
// month: a share may change from a later month, Receipt.Later). A
// recipient out of work gets the amount; in work, the amount reduced by the
// benefit's rule (on earnings: disregard, taper, cut-off; on hours: share of
// normal hours, stop share). Expected benefit = share * ((1-e)*amount +
// e*in-work amount). An arm may pay allowances of its own (a course
// allowance while on a measure): transfers to the participant from their
// payers, not taxable, independent of work.
//
// Taxes. Each tax component is a function of annual income (TaxComponent.Tax).
// A month's tax is the tax on that month's income times 12, divided by 12. The
// expected tax is the mixture over the two employment states and the benefit
// states, sum over states of share * ((1-e)*T(out-of-work income) +
// e*T(in-work income)), never T(expected income). Taxable benefits count as
// wage-like or pension-like income as stated. A tax (like the employer's
// contribution, a benefit, a cost or an allowance) goes to, or is paid by,
// one payer or several with shares (Split). Income equalisation
// (Equalisation): of one receiver's share of a tax, the receiver keeps its
// retention share and the rest goes to another payer (a Norwegian
// municipality keeps about 40 % of extra income tax; the rest goes to the
// other municipalities), so the public total is unchanged.
//
// Costs. A programme cost per enrolled month is paid for the enrolled share,
// min(1, max(0, D-(m-1))) * (1-p)^(m-1) for a duration D (0: the horizon) and
// a monthly drop-out p. Every cost has public payers and a category:
// programme costs form the denominator of the ratios; service costs do not.
//
// Perspectives. For each arm, and for each arm minus the comparator:
//
//	participant = earnings - taxes + benefits + allowances
//	payer p     = its taxes and employer contribution - its benefits, allowances and costs
//	public      = sum of the payers
//	society     = (1-displacement)(earnings + employer contribution) - costs
//	              + lambda * F + non-market value - lost leisure
//	              (the last two when included)
//
// where F, the financing base, is the public net flow (the default, as the
// Norwegian guidance prescribes), or with FinancingOnSpending public
// spending only (costs, benefits and allowances: WSIPP charges its
// deadweight cost of taxation on the net programme cost and credits it on
// public spending saved, never on the taxes extra earnings pay). The
// "financing" component is lambda times F. At displacement 0 with F the
// public flow, society = participant + (1+lambda) * public + non-market
// value - lost leisure, month by month (the tests assert it). In general
// (the tests assert this too)
//
//	society = participant + public + lambda * F + non-market - leisure - D
//
// where D, what displacement d takes, is d * (earnings + employer
// contribution) when displacement lowers production only (the default),
// and with DisplacementInBudgets d * (earnings - taxes + benefits): the
// displaced workers lose what the participants gain, their lost taxes and
// contributions and extra benefits reach the payers (each payer's employer
// contribution, taxes and benefits count 1 - d; exact for an increment
// over a comparator of the same benefit receipt, whose out-of-work flows
// cancel). The non-market value is PerEmployedMonth for each month in
// work; the lost leisure a share of the earnings; each is always reported
// as a component of its own.
//
// Ratios. The benefit-cost ratio is society's gain before programme costs
// per unit of incremental programme cost, (NPV_society + C) / C (the
// financing cost on the programme stays in the numerator, as WSIPP's
// indirect cost does); the public return is (NPV_public + C) / C, the
// public budgets' gain per unit of programme spending (all programme costs
// are public). When C <= 0 the arm is cheaper to run than the comparator:
// both are reported as cost-saving, never as a negative or infinite
// number. A ratio below zero says that the gain before programme costs is
// itself a loss (reports say so). The net benefit per budget krone (the
// Norwegian DFØ's ranking measure) is NPV_society / (-NPV_public), society's
// net benefit per unit of net cost to the public budgets; when the public
// budgets gain there is no net cost to divide by, and it is none
// (Ratio.CostSaving).
//
// Published figures. A scenario founded on a study carries the study's
// figures (Published): each is set beside the model's figure of the same
// convention (a perspective's gain before programme costs over the study's
// months, the programme cost, a component, a ratio, hours or earnings over
// the months), re-priced by a stated factor, with the tolerance within
// which the model reproduces it or the reason it does not.
//
// Break-even. The first month (0..H) from which the cumulative discounted
// net flow stays at or above zero to the horizon; NoBreakEven when it is below
// zero at the horizon.
//
// Observed window. When Scenario.ObservedMonths is set (a trial's follow-up),
// every NPV is also reported over months 0..ObservedMonths: the evidence,
// beside the horizon's extrapolation. When the trial measured its effect
// only to an earlier month (EffectMeasuredMonths: the Norwegian trial's 18
// of 43), reports call the window trial follow-up with the effect after
// that month assumed.
//
// Population. Results for the population are the share-weighted sums of the
// groups' flows; ratios and break-even months are recomputed from those
// flows, not averaged.
//
// Cohorts. Result.Budget spreads StartsPerYear evenly over the months of each
// intake year and reports flows by calendar year and perspective,
// undiscounted and discounted to the programme's start.
//
// # Uncertainty
//
// A deterministic evaluation takes every uncertain factor at its
// distribution's mean. A Monte Carlo run (Run) draws every uncertain factor
// once per iteration: independently, through a Gaussian copula for rank
// correlations, or as a set by a Dirichlet entry (which keeps the set's
// sum). A distribution must keep within its factor's bound: its quantiles
// at 1e-9 and 1-1e-9 must lie inside it, or the scenario is refused; draws
// beyond them (a chance of 2e-9) are clamped. Iteration i's draws depend
// only on the seed and i, and the statistics are sums of integers, so a
// run gives the same numbers, bit for bit, for any number of workers and
// any split into ranges merged later.
//
// Common random numbers. Each uncertain factor draws from a random stream
// of its own, keyed by the seed, the factor's name (its first path) and
// the iteration, never by its place in the parameter vector or among the
// others. Two runs with the same seed that differ in one factor (fixed
// with Scenario.Apply, given a distribution, or left out) therefore draw
// every other factor alike, iteration by iteration, bit for bit: their
// difference is the effect of that factor, without the noise of
// different draws. Compare runs two what-ifs so, and reports for every
// output the statistics of their difference, iteration by iteration, with
// its own Monte Carlo error. Inside a set of factors drawn together:
//
//   - A Dirichlet entry's shares each draw their gamma variate from their
//     own streams. Fixing a share takes it out of the entry (Apply rescales
//     the others to keep the set's sum); the others are then drawn at the
//     concentrations of the smaller set from the same streams, so their
//     draws move with the change, but stay close to what they were.
//   - Correlated factors each draw their normal score from their own
//     streams; the scores are mixed by the Cholesky factor of the
//     correlations, in the order in which the correlations first name the
//     factors. Fixing one drops its correlations, and the others are mixed
//     again from the same scores with the correlations that remain: a
//     factor keeps its draws when the factors before it in that order,
//     and their correlations, stay as they were (fixing the last factor
//     of a group leaves the others' draws alone). A factor left with no
//     correlation is drawn as an independent one, from its own stream: a
//     normal or log-normal factor that came first keeps its draws.
//
// Each output's statistics (Stat) are the mean and standard deviation of
// its finite values; the Monte Carlo standard error sd/sqrt(n);
// percentiles from a histogram of 128 bins per binary order of magnitude
// over the whole range of float64 (within 0.4 % of the order statistic,
// and within [min, max], so exact for a constant); the shares of
// iterations above zero, at or above zero, and at +Inf (a cost-saving
// ratio, no break-even). The sums behind the moments are integers: each
// value of magnitude below 2^31 is rounded once to the nearest multiple of
// 2^-32 of its unit (a krone, a month) and summed with its exact square in
// 128- and 192-bit integers; larger values are summed without rounding.
// Integer sums are the same in any order, so the statistics are the same,
// bit for bit, for any number of workers and any split into ranges merged
// later. The mean and sd are those of the rounded values, computed exactly
// and rounded once: the mean is within 2^-33 (about 1.2e-10) of the exact
// mean of the values, the sd within 2^-33 sqrt(n/(n-1)) of theirs (each
// value moves by at most 2^-33), and the mean of equal values is their
// value.
package cba
