// Package sensitivity says which assumptions decide the answer of a
// cost-benefit analysis made with package cba, and what it would be worth to
// know them better (cba/MODEL.md section 10):
//
//   - one-way analysis (Model.Tornado): each factor at its low and high
//     value (by default the 2.5th and 97.5th percentiles of its
//     distribution), the others at their base values, sorted by swing;
//   - switching values (Model.Switching; Model.SwitchingAll for every
//     factor): the value of a factor at which an output changes sign (an
//     NPV crosses 0, a ratio 1), found by Brent's method (Root), or "does
//     not change sign within [lo, hi]" ("(lo, hi]" when lo is excluded);
//   - two-way analysis (Model.TwoWay): a grid over two factors, with the
//     sign boundary;
//   - acceptability curves (Acceptability): P(NPV > 0) by perspective as a
//     function of a quantity that enters NPVs linearly, from one Monte
//     Carlo run;
//   - value of information (EVPI, EVPPIRegression, EVPPIBinning,
//     ValueOfInformation): per participant and for the cohort;
//   - global sensitivity: Sobol first-order and total-effect indices
//     (Model.Sobol, SobolFunc) and Morris screening (Model.Morris,
//     MorrisFunc), whose mu* is how much the output moves when a factor
//     crosses its range from the 2.5th to the 97.5th percentile, for any
//     distribution;
//   - the JSON and CSV forms of the results (MarshalJSON, WriteCSV), which
//     the command writes as they are;
//   - WhatDecides: the short table of the factors that move an answer most,
//     with their switching values, that the command prints under its results.
//
// Everything works on factors (cba.Factor): a number written once in a
// scenario, in all the places it is used; a share moves the other shares of
// its set with it, so that they keep their sum. Whole numbers (a horizon, a
// month) shape the model and are not varied here.
//
// # What is held fixed
//
// The one-way, switching-value and two-way analyses move one or two
// factors and hold every other factor at its base value (the mean of its
// distribution): they do not follow correlations, so a factor correlated
// with others moves alone. The global analyses (Sobol, Morris) draw the
// factors from their distributions over a designed experiment
// (cba.UnitCube) and assume independent inputs: factors drawn together (a
// Dirichlet entry's shares, correlated factors) must be analysed as one
// input (GlobalOptions.Groups or GroupDependent), or the analysis refuses.
// The value of information uses the Monte Carlo draws themselves, with
// their correlations.
//
// # Estimators
//
// Sobol indices use the Saltelli design on a Sobol' low-discrepancy
// sequence with Joe and Kuo's direction numbers (new-joe-kuo-6.21201) and
// a random digital shift (the seed), the first-order estimator of Saltelli
// et al. (2010) with the output centred, and Jansen's total-effect
// estimator; intervals are bootstrap percentiles over the base samples
// (conservative for a low-discrepancy design, whose points are not
// independent). On the Sobol G-function with a = (0, 1, 4.5, 9, 99, 99, 99,
// 99) the estimates at the default 4,096 base samples are within 0.005 of
// the exact indices, and on the Ishigami function at 2^14 within 0.001
// (tested on 20 and 5 seeds).
//
// EVPPI is estimated by default by regression (EVPPIRegression; Strong,
// Oakley and Brennan 2014): each option's net benefit is fitted to the
// factors' draws by penalized cubic B-splines (a tensor product for up to
// three factors), the penalty chosen by generalized cross-validation; on a
// linear-Gaussian case its mean error at 10,000 draws is within 1 % of the
// closed form, and an input the net benefit does not depend on gets 0 in
// most runs. An estimate above the EVPI is clipped to it. The partition
// (binning) estimator (EVPPIBinning, VOIOptions.Method Binning) obeys 0 <=
// EVPPI <= EVPI and the monotonicity in groups exactly, in every sample,
// but is biased low where the best option changes within a bin (to 0 for
// a factor whose decision switches in the tail of its distribution, as
// weekly hours' does in the Norwegian scenario), and high for groups of
// several factors, whose cells hold few iterations. The analysis keeps
// every iteration's net benefits and factors (8 bytes each) and refuses,
// before running, more iterations than fit in VOIMemory (2 GiB).
//
// Results depend on the seed only: the number of workers changes nothing.
package sensitivity
