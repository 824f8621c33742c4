package cba

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"io"
	"runtime"
	"strings"
	"testing"
)

// openState returns a saved run's header and payload.
func openState(t *testing.T, data []byte) (stateHeader, []byte) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var h stateHeader
	if err := binary.Read(zr, binary.LittleEndian, &h); err != nil {
		t.Fatal(err)
	}
	payload := make([]byte, h.Length)
	if _, err := io.ReadFull(zr, payload); err != nil {
		t.Fatal(err)
	}
	return h, payload
}

// writeState compresses a header and a payload as MarshalBinary does.
func writeState(h stateHeader, payload []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	binary.Write(zw, binary.LittleEndian, h)
	zw.Write(payload)
	zw.Close()
	return buf.Bytes()
}

// resave writes a run's saved form after edit changes it, as a hand-edited
// file would be; with rehash, the checksum is computed again, as a forger
// would, so that the checks of the fields are reached.
func resave(t *testing.T, mc *MonteCarlo, rehash bool, edit func(*savedRun)) []byte {
	t.Helper()
	data, err := mc.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	h, payload := openState(t, data)
	var saved savedRun
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&saved); err != nil {
		t.Fatal(err)
	}
	edit(&saved)
	var out bytes.Buffer
	gob.NewEncoder(&out).Encode(saved)
	h.Length = uint64(out.Len())
	if rehash {
		h.SHA256 = sha256.Sum256(out.Bytes())
	}
	return writeState(h, out.Bytes())
}

// TestEditedSavedRunsAreRefused: a file edited by hand and compressed
// again is refused by its checksum; one whose checksum is forged too is
// refused by the checks of its fields.
func TestEditedSavedRunsAreRefused(t *testing.T) {
	mc := run(t, uncertainScenario(), Options{Iterations: 500, Seed: 3})
	// The counts of P(> 0) edited: plausible numbers, and the same
	// median, but another answer.
	edited := resave(t, mc, false, func(s *savedRun) {
		for k := range s.Stats {
			s.Stats[k].Positive /= 2
		}
	})
	if err := new(MonteCarlo).UnmarshalBinary(edited); err == nil || !strings.Contains(err.Error(), "edited") {
		t.Errorf("counts edited and compressed again: got %v, want a refusal as edited", err)
	}
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
		{"no iterations", func(s *savedRun) { s.Iterations = 0 }, "damaged saved Monte Carlo run: 0 iterations"},
		{"no workers", func(s *savedRun) { s.Workers = 0 }, "500 iterations, 0 workers"},
		{"first near 2^64", func(s *savedRun) { s.First = 1<<64 - 10 }, "go beyond the largest"},
		{"impossible counts", func(s *savedRun) { s.Stats[2].Positive = s.Stats[2].N + 1 }, "impossible counts"},
		{"no fingerprint", func(s *savedRun) { s.Scenario = "" }, "no scenario fingerprint"},
		{"minimum above maximum", func(s *savedRun) { s.Stats[0].Min, s.Stats[0].Max = 2, 1 }, "a minimum above its maximum"},
		{"damaged exact sum", func(s *savedRun) { s.Stats[0].Far = &savedFar{}; s.Stats[0].Far.Sum[3] = -1 }, "a damaged saved Monte Carlo run"},
		{"lists of other lengths", func(s *savedRun) { s.Deterministic = s.Deterministic[1:] }, "outputs"},
		{"an output more than the header says", func(s *savedRun) {
			s.Outputs, s.Stats = append(s.Outputs, s.Outputs[0]), append(s.Stats, s.Stats[0])
		}, "the header says"},
	} {
		for _, rehash := range []bool{false, true} {
			err := new(MonteCarlo).UnmarshalBinary(resave(t, mc, rehash, tc.edit))
			want := tc.want
			if !rehash {
				want = "edited"
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s (checksum computed again: %v): got %v, want %q", tc.name, rehash, err, want)
			}
		}
	}
	// Unedited, the same round trip reads back.
	if err := new(MonteCarlo).UnmarshalBinary(resave(t, mc, false, func(*savedRun) {})); err != nil {
		t.Errorf("an unedited run: %v", err)
	}
}

// TestCraftedSavedRunsAreReadInBoundedMemory: a 1 MB file that
// decompresses to a gigabyte is refused after reading no more than its
// shape allows, whatever it declares.
func TestCraftedSavedRunsAreReadInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses a gigabyte")
	}
	mc := run(t, uncertainScenario(), Options{Iterations: 100, Seed: 3})
	data, err := mc.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	real, _ := openState(t, data)
	// A gigabyte of zeros, about 1 MB compressed, as gzip members after
	// the header's (a gzip reader reads on from one to the next): a
	// megabyte of zeros compressed, 1,024 times.
	var member, body bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	for range 1 << 10 {
		body.Write(member.Bytes())
	}
	for _, tc := range []struct {
		name   string
		header func(h *stateHeader)
		want   string
	}{
		{"a gigabyte declared", func(h *stateHeader) { h.Length = 1 << 30 }, "more than the"},
		{"many outputs declared", func(h *stateHeader) { h.Outputs, h.Length = 1<<20, 1<<30 }, "more than the"},
		{"the most a 1 MB file may hold", func(h *stateHeader) { h.Outputs, h.Length = 1<<20, 15<<20 }, "damaged"},
	} {
		h := real
		tc.header(&h)
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		binary.Write(zw, binary.LittleEndian, h)
		zw.Close()
		buf.Write(body.Bytes())
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := new(MonteCarlo).UnmarshalBinary(buf.Bytes())
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s (%d bytes): got %v, want %q", tc.name, buf.Len(), err, tc.want)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Errorf("%s: reading a file of %d bytes allocated %d MB", tc.name, buf.Len(), grew>>20)
		}
	}
}

// TestSavedRunsOfAnotherLayoutAreRefused: a file of the earlier layout (a
// bare compressed gob) is not read as a run.
func TestSavedRunsOfAnotherLayoutAreRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	gob.NewEncoder(zw).Encode(savedRun{Iterations: 5})
	zw.Close()
	if err := new(MonteCarlo).UnmarshalBinary(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "not a saved Monte Carlo run") {
		t.Errorf("got %v", err)
	}
	mc := run(t, uncertainScenario(), Options{Iterations: 100, Seed: 3})
	data, _ := mc.MarshalBinary()
	h, payload := openState(t, data)
	h.Version = 2
	if err := new(MonteCarlo).UnmarshalBinary(writeState(h, payload)); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("version 2: got %v", err)
	}
}
