package cba

import (
	"bytes"
	"testing"
)

// TestSmallestSavedRunIsRead: a run of one iteration on one worker, the
// least a saved run can hold, is read back as it was saved (and saved
// again to the same bytes).
func TestSmallestSavedRunIsRead(t *testing.T) {
	mc := run(t, uncertainScenario(), Options{Iterations: 1, Workers: 1, Seed: 5})
	data, err := mc.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back := new(MonteCarlo)
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatalf("the smallest run was refused: %v", err)
	}
	again, err := back.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if back.Iterations != 1 || back.Workers != 1 || !bytes.Equal(again, data) {
		t.Errorf("read back as %d iterations on %d workers; saved again alike: %v", back.Iterations, back.Workers, bytes.Equal(again, data))
	}
}
