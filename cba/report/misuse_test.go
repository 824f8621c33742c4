package report

import "testing"

// TestWhatDecidesWithoutAnEvaluator: no evaluator makes a table that says
// it is unavailable, not a panic.
func TestWhatDecidesWithoutAnEvaluator(t *testing.T) {
	if d := WhatDecides(nil); d == nil || d.Unavailable == "" || len(d.Rows) != 0 {
		t.Errorf("WhatDecides(nil) = %+v", d)
	}
}
