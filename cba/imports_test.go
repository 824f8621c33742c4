package cba_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreImportsNoCLILibraries: an analyst who imports cba does not pull
// in YAML, plotting or the command's progress bar.
func TestCoreImportsNoCLILibraries(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "ipscba/cba").Output()
	if err != nil {
		t.Skipf("go list is not available: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"yaml", "gonum.org/v1/plot", "mpb", "ipscba/cba/report", "ipscba/cba/scenario"} {
			if strings.Contains(dep, banned) {
				t.Errorf("package cba depends on %s", dep)
			}
		}
	}
}
