package scenario_test

import (
	"context"
	"strings"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// TestFileMethodsReportProblems: a file whose scenario is not valid (built
// in Go, so without lines) cannot be evaluated or run, and each method
// says why at the field; a valid file's run with bad options says which
// option.
func TestFileMethodsReportProblems(t *testing.T) {
	good, err := scenario.Load("testdata/every-field.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bad := &scenario.File{Scenario: good.Scenario.Clone()}
	bad.Scenario.HorizonMonths = 0
	ctx := context.Background()
	opt := cba.Options{Iterations: 2, Seed: 1}
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"model", func() error { _, err := bad.Model(); return err }, "horizon_months"},
		{"evaluator", func() error { _, err := bad.Evaluator(); return err }, "horizon_months"},
		{"evaluate", func() error { _, err := bad.Evaluate(); return err }, "horizon_months"},
		{"run", func() error { _, err := bad.Run(ctx, opt); return err }, "horizon_months"},
		{"budget run", func() error { _, err := bad.RunBudget(ctx, opt); return err }, "horizon_months"},
		{"run with bad options", func() error { _, err := good.Run(ctx, cba.Options{Iterations: -1}); return err }, "iterations"},
		{"budget run with bad options", func() error { _, err := good.RunBudget(ctx, cba.Options{Iterations: -1}); return err }, "iterations"},
	} {
		if err := tc.call(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.want)
		}
	}
	// And the valid file evaluates and runs.
	if r, err := good.Evaluate(); err != nil || len(r.Increments) == 0 {
		t.Errorf("evaluate: %v", err)
	}
	if mc, err := good.Run(ctx, opt); err != nil || mc.Iterations != 2 {
		t.Errorf("run: %v", err)
	}
	if br, err := good.RunBudget(ctx, opt); err != nil || br == nil {
		t.Errorf("budget run: %v", err)
	}
}
