// Package cba computes the socio-economic costs and benefits, per
// participant, of Individual Placement and Support (IPS) against
// traditional, stepwise vocational rehabilitation: employment over time,
// earnings, taxes, welfare benefits paid or saved and programme costs, for
// the participant, each public budget, the public sector as a whole and
// society.
//
// Every convention of the model — what is computed, when flows fall and
// how they are discounted, what a run under uncertainty draws — is stated
// in MODEL.md in this package's folder (summarised under "The model"
// below).
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
// # The model
//
// MODEL.md, beside this package's files, states the model in full: what is
// compared (section 1), time and discounting (2), employment and the
// outcomes a study measured (3), benefits and taxes (4), costs (5),
// perspectives and the accounting identity (6), the results (7), cohorts
// and budgets (8), uncertainty (9) and sensitivity (10). In short:
//
//   - months m = 1..H; a monthly flow falls at the end of month m and is
//     discounted by d(m) = prod_{k<=m} (1+r(k))^(-1/12); one-off costs at
//     month 0; no half-cycle correction;
//   - taxes and benefits are mixtures over the states in and out of work
//     and over the benefit states, never taxes of expected income;
//   - society = participant + (1 + lambda) * public + non-market value -
//     lost leisure at displacement 0 with the Norwegian financing
//     convention (the tests assert it, and its general form);
//   - a deterministic evaluation takes each uncertain number at its mean;
//     a Monte Carlo run draws each factor from a stream of its own (keyed by
//     the seed, its name and the iteration), so two what-ifs with the same
//     seed are paired (Compare reports their difference, iteration by
//     iteration, with its own Monte Carlo error), and sums its statistics
//     in integers, so a run is the same, bit for bit, for any number of
//     workers and any split.
package cba
