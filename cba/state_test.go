package cba

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"strings"
	"testing"
)

// resave writes a run's saved form after edit changes it, as a hand-edited
// file would be.
func resave(t *testing.T, mc *MonteCarlo, edit func(*savedRun)) []byte {
	t.Helper()
	data, err := mc.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := gzip.NewReader(bytes.NewReader(data))
	var saved savedRun
	if err := gob.NewDecoder(zr).Decode(&saved); err != nil {
		t.Fatal(err)
	}
	edit(&saved)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	gob.NewEncoder(zw).Encode(saved)
	zw.Close()
	return buf.Bytes()
}

func TestEditedSavedRunsAreRefused(t *testing.T) {
	mc := run(t, uncertainScenario(), Options{Iterations: 500, Seed: 3})
	for _, tc := range []struct {
		name string
		edit func(*savedRun)
		want string
	}{
		{"negative bin", func(s *savedRun) { s.Stats[0].Hist.PosBins[0] = -5 }, "a bin out of range"},
		{"bin beyond the range", func(s *savedRun) { s.Stats[0].Hist.PosBins[0] = 1 << 30 }, "a bin out of range"},
		{"negative count", func(s *savedRun) { s.Stats[0].Hist.PosCounts[0] = -1 }, "negative count"},
		{"claimed iterations", func(s *savedRun) { s.Iterations = 900 }, "counts 500 iterations, the run 900"},
		{"histogram and count disagree", func(s *savedRun) { s.Stats[1].Hist.PosCounts[0] += 3 }, "a histogram counts"},
		{"first near 2^64", func(s *savedRun) { s.First = 1<<64 - 10 }, "go beyond the largest"},
		{"impossible counts", func(s *savedRun) { s.Stats[2].Positive = s.Stats[2].N + 1 }, "impossible counts"},
		{"no fingerprint", func(s *savedRun) { s.Scenario = "" }, "no scenario fingerprint"},
		{"minimum above maximum", func(s *savedRun) { s.Stats[0].Min, s.Stats[0].Max = 2, 1 }, "a minimum above its maximum"},
		{"damaged exact sum", func(s *savedRun) { s.Stats[0].Far = &savedFar{}; s.Stats[0].Far.Sum[3] = -1 }, "a damaged saved Monte Carlo run"},
		{"lists of other lengths", func(s *savedRun) { s.Deterministic = s.Deterministic[1:] }, "outputs"},
	} {
		err := new(MonteCarlo).UnmarshalBinary(resave(t, mc, tc.edit))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	// Unedited, the same round trip reads back.
	if err := new(MonteCarlo).UnmarshalBinary(resave(t, mc, func(*savedRun) {})); err != nil {
		t.Errorf("an unedited run: %v", err)
	}
}
