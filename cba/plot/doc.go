// Package plot draws the charts of an IPS cost-benefit analysis made with
// package cba and its sensitivity analyses (package cba/sensitivity), with
// gonum.org/v1/plot: as SVG by default, or as PNG (Options.Format).
//
// # Charts
//
//   - Employment: the share of participants in work by month in each arm,
//     the points a trial observed, and the end of the observed window
//     (what is evidence, what extrapolation).
//   - Cumulative: the incremental cumulative discounted net flow per
//     participant by month for each perspective, with a 90 % Monte Carlo
//     band at each year's end and the break-even months: when each budget
//     gets its money back.
//   - Distribution: histograms of Monte Carlo outputs (an NPV per
//     perspective) on common bins, with P(> 0) for each.
//   - Tornado: the one-way analysis, a bar per factor from the output at
//     its low value to the output at its high value, around the base value.
//   - Acceptability: P(NPV > 0) by perspective against a quantity that
//     enters NPVs linearly (a non-market value, the cost of public funds,
//     a cost multiplier).
//   - TwoWay: the sign map of a two-way grid and the boundary where the
//     output crosses its target.
//   - Budget: the budget impact of a cohort by year, stacked by payer, with
//     the public total.
//   - Sobol: first-order and total Sobol indices with their bootstrap
//     intervals.
//
// Every axis has a title with its unit: money axes name the currency and
// the price year ("NPV per participant (NOK, 2025 prices)"), months axes
// "months since start", probabilities "probability". Money is per
// participant, except for the budget, which is for the whole cohort.
//
// # Language
//
// The package's own words (titles, axis titles, legend entries, notes)
// go through Options.Words, the scenario's names (perspectives, arms,
// payers, factors) through Options.Label, and numbers through
// Options.Number, so that a chart can be in the report's language. Long
// names of words wrap between words (a bar's name on up to three lines) and
// end in "…" after a whole word when longer still; a long name of one word
// (a path) is shortened in the middle ("arms.ips.eff…half_life_months").
//
// # Bad input
//
// A chart never draws NaN: values that are not finite numbers are left out,
// and infinite ones (a cost-saving ratio, +Inf in Monte Carlo outputs and
// in tornado and grid values) are left out or cut at the chart's edge; a
// note under the chart says what and how many. Input that leaves nothing to
// draw (no data, no finite value, a name the data does not have) is an
// error, never a panic. A constant (a run with standard deviation 0, a
// single point) is drawn in a range around it.
//
// # Determinism
//
// The same input and options give the same bytes: the SVG backend writes
// no ids, dates or random numbers, the text is measured with the
// Liberation fonts compiled into gonum (so the result does not depend on
// the fonts installed), map keys are visited in sorted order, and numbers
// are written with 5 significant digits. Fonts are not embedded, which keeps
// an SVG within a few tens of kilobytes: the text names Liberation Sans,
// then Arial and Helvetica, which have the same metrics. Golden files in
// testdata are compared byte for byte (go test ./cba/plot -update rewrites
// them).
//
// Package cba does not import this package (nor gonum's plotting packages),
// so an analyst who only computes does not pull in the plotting stack.
package plot
