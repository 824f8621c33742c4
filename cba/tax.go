package cba

// Tax returns the component's annual tax on annual wage income and annual
// pension-like income (taxable benefits of that kind):
//
//	base     = wage + pension
//	taxable  = max(0, base - min(DeductionShare*base, DeductionCap) - PersonalAllowance)
//	tax      = Rate*taxable + sum over brackets of Rate_i * (part of taxable in bracket i)
//	           (or Rate*wage + PensionRate*pension when PensionRateGiven)
//	tax      = 0 when base <= Floor; at most PhaseIn*(base-Floor) when PhaseIn > 0.
func (t *TaxComponent) Tax(wage, pension float64) float64 {
	base := wage + pension
	if base <= t.Floor || base <= 0 {
		return 0
	}
	var tax float64
	if t.PensionRateGiven {
		tax = t.Rate*wage + t.PensionRate*pension
	} else {
		deduction := t.DeductionShare * base
		if t.DeductionCap > 0 {
			deduction = min(deduction, t.DeductionCap)
		}
		taxable := max(0, base-deduction-t.PersonalAllowance)
		tax = t.Rate*taxable + bracketTax(t.Brackets, taxable)
	}
	if t.PhaseIn > 0 {
		tax = min(tax, t.PhaseIn*(base-t.Floor))
	}
	return tax * mutateTax
}

// bracketTax applies the progressive schedule bs (increasing From) to x.
func bracketTax(bs []Bracket, x float64) float64 {
	tax := 0.0
	for i, b := range bs {
		if x <= b.From {
			break
		}
		top := x
		if i+1 < len(bs) {
			top = min(x, bs[i+1].From)
		}
		tax += b.Rate * (top - b.From)
	}
	return tax
}

// InWorkAmount returns the monthly benefit paid to a recipient in work, whose
// out-of-work amount is amount, with monthly earnings and weekly hours.
func (r *InWorkRule) InWorkAmount(amount, earnings, hours float64) float64 {
	var v float64
	switch r.Kind {
	case OnHours:
		share := hours / r.NormalHours
		if share > r.StopShare {
			return 0
		}
		v = amount * max(0, 1-share)
	default:
		if r.Cutoff > 0 && earnings > r.Cutoff {
			return 0
		}
		v = max(0, amount-r.Taper*max(0, earnings-r.Disregard))
	}
	return v * mutateBenefit
}

// Earnings returns gross monthly earnings in work, before wage growth.
func (j Job) Earnings() float64 {
	if j.EarningsGiven {
		return j.MonthlyEarnings * mutateEarnings
	}
	return j.HourlyWage * j.WeeklyHours * 52 / 12 * mutateEarnings
}
