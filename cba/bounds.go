package cba

import (
	"math"
	"strconv"
)

// Bound is the range of values a parameter may take: from Min to Max, Min
// excluded when MinOpen. Integer parameters take whole numbers. A Fraction
// is written as a fraction, not in percent: a value that would fit divided
// by 100 gets the hint "write 0.2 for 20 %".
//
// The bounds are plausible ranges, not only mathematical ones: a weekly
// workload above 100 hours or a discount rate of 350 % is a typing error,
// and money amounts are kept below 1e12 (per month or year, in any
// currency) so that every result is a finite number. The scenario format's
// documentation lists each parameter's bound.
//
// A Duration is a number of months, more than 0: a duration a scenario
// leaves out runs the whole horizon, and its factor's value is the
// horizon's months (Factor.WholeHorizon).
type Bound struct {
	Min, Max float64
	MinOpen  bool
	Integer  bool
	Fraction bool
	Duration bool
}

// The bounds of the model's parameters.
var (
	shareBound      = Bound{Min: 0, Max: 1, Fraction: true}        // shares, probabilities, rates of tax
	discountBound   = Bound{Min: -0.05, Max: 0.25, Fraction: true} // annual real discount rate
	growthBound     = Bound{Min: -0.1, Max: 0.1, Fraction: true}   // annual real wage growth
	lambdaBound     = Bound{Min: 0, Max: 1, Fraction: true}        // marginal cost of public funds
	moneyBound      = Bound{Min: 0, Max: MaxMoney}
	taperBound      = Bound{Min: 0, Max: 2}
	hoursBound      = Bound{Min: 0, Max: 100}
	normalHours     = Bound{Min: 0, Max: 100, MinOpen: true}
	monthsBound     = Bound{Min: 0, Max: MaxHorizonMonths, MinOpen: true, Duration: true} // durations in months
	halfLifeBound   = Bound{Min: 0, Max: 10 * MaxHorizonMonths, MinOpen: true}
	differenceBound = Bound{Min: -1, Max: 1, Fraction: true} // a difference of shares
	multiplierBound = Bound{Min: 0, Max: 100}
	startsBound     = Bound{Min: 0, Max: 1e9}
	timeInWorkBound = Bound{Min: 0, Max: 1, Fraction: true} // a share of a period
)

// maxHoursOver bounds hours worked over a period: 100 hours a week for
// the longest horizon is about 520,000.
const maxHoursOver = 1e6

// The bounds of the uncertainty section's numbers: a Dirichlet entry's
// concentration and a correlation's rank.
var (
	ConcentrationBound = Bound{Min: 0, Max: 1e9, MinOpen: true}
	RankBound          = Bound{Min: -1, Max: 1}
)

// Bounds of whole-number parameters.
var (
	horizonBound  = Bound{Min: 1, Max: MaxHorizonMonths, Integer: true}
	observedBound = Bound{Min: 0, Max: MaxHorizonMonths, Integer: true}
	priceYear     = Bound{Min: 1900, Max: 2200, Integer: true}
	fromYearBound = Bound{Min: 1, Max: 1000, Integer: true}
	monthBound    = Bound{Min: 1, Max: MaxHorizonMonths, Integer: true}
	rampBound     = Bound{Min: 0, Max: MaxHorizonMonths, Integer: true}
	yearsBound    = Bound{Min: 0, Max: MaxCohortYears, Integer: true}
	switchBound   = Bound{Min: 0, Max: 1, Integer: true} // a Flag: 1 on, 0 off
)

// MaxHorizonMonths, MaxCohortYears and MaxMoney bound a scenario: a century
// is beyond any programme's appraisal, and the bounds keep a mistyped number
// from asking for gigabytes or from overflowing a result.
const (
	MaxHorizonMonths = 1200
	MaxCohortYears   = 100
	MaxMoney         = 1e12
)

// Check returns nil when v is allowed, else an error saying what is wrong
// (and, for a fraction written in percent, how to write it).
func (b Bound) Check(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return NewError("", "must be a finite number, got %s", formatNumber(v))
	}
	if b.Integer && v != math.Trunc(v) {
		return NewError("", "must be a whole number, got %s", formatNumber(v))
	}
	if b.Contains(v) {
		return nil
	}
	switch {
	case b.Duration && v == 0:
		return NewError("", "must be in %s, got %s (a duration is a positive number of months: the horizon's months for the whole horizon)", b, formatNumber(v))
	case b.Fraction && b.Contains(v/100) && math.Abs(v) >= 1.5:
		// 20 for 20 %; not 1.0000001 or -0.06, which are not written in
		// percent.
		return NewError("", "must be in %s, got %s (write %s for %s %%)", b, formatNumber(v), formatNumber(v/100), formatNumber(v))
	}
	return NewError("", "must be in %s, got %s", b, formatNumber(v))
}

// Contains says whether v is within the bound (ignoring Integer).
func (b Bound) Contains(v float64) bool {
	if b.MinOpen {
		return v > b.Min && v <= b.Max
	}
	return v >= b.Min && v <= b.Max
}

// String writes the bound as an interval: "[0, 1]", "(0, 100]".
func (b Bound) String() string {
	open := "["
	if b.MinOpen {
		open = "("
	}
	return open + formatNumber(b.Min) + ", " + formatNumber(b.Max) + "]"
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
