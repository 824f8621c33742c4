package sensitivity_test

import (
	"testing"

	"ipscba/cba/sensitivity"
)

// TestQuantityNames: each quantity of an acceptability curve reads back
// from its name, as the command's flag gives it.
func TestQuantityNames(t *testing.T) {
	for _, q := range []sensitivity.Quantity{sensitivity.NonMarketValue, sensitivity.FinancingCost, sensitivity.CostMultiplier} {
		if got, ok := sensitivity.QuantityOf(q.String()); !ok || got != q {
			t.Errorf("QuantityOf(%q) = %v, %v", q.String(), got, ok)
		}
	}
	for _, name := range []string{"", "cost", "Quantity(0)", "non-market"} {
		if q, ok := sensitivity.QuantityOf(name); ok {
			t.Errorf("QuantityOf(%q) = %v", name, q)
		}
	}
	if got := sensitivity.Quantity(0).String(); got != "Quantity(0)" {
		t.Errorf("the zero quantity: %q", got)
	}
}
