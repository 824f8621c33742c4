package cba_test

import (
	"path/filepath"
	"testing"

	"ipscba/cba"
	"ipscba/cba/scenario"
)

// TestBundledScenarios holds each bundled scenario to the accounting identity
// (every month, group and arm) and to the plain reference evaluation.
func TestBundledScenarios(t *testing.T) {
	files, err := filepath.Glob("../scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled scenarios: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := scenario.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			s := f.Scenario
			if s.Perspective.Displacement != 0 {
				s.Perspective.Displacement = 0 // the identity is stated at displacement 0
			}
			r, err := cba.Evaluate(s)
			if err != nil {
				t.Fatal(err)
			}
			cba.CheckIdentity(t, s, r)
			cba.CompareWithReference(t, s, r, 1e-12)
		})
	}
}
