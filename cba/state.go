package cba

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"io"

	"ipscba/cba/internal/exact"
)

// stateVersion changes whenever the saved layout does.
const stateVersion = 3

// Origin says where a run's scenario came from, as its caller tells it
// (the command: the file, its hash and the -set values). It is saved with
// the run so that a refused merge can say what differs; Merge itself
// compares the scenarios' fingerprints.
type Origin struct {
	File      string
	SHA256    string
	Overrides []string
}

// savedRun is what MarshalBinary writes: everything Merge and Summary need.
type savedRun struct {
	Outputs       []OutputKey
	Deterministic []float64
	Factors       []string
	Seed, First   uint64
	Iterations    int
	Workers       int
	Scenario      string
	Module        string
	Origin        Origin
	Stats         []savedStat
}

type savedStat struct {
	N, Inf, NaN, Positive, NonNegative int64
	Min, Max                           float64
	Grid                               exact.GridWords
	Far                                *savedFar // nil: every finite value was on the grid
	Hist                               exact.Sparse
}

type savedFar struct {
	Sum, Sq, SqBig [exact.Words]int64
}

// A saved run is a gzip stream of a header and a payload: the header says
// what the payload is and holds its SHA-256, so that a payload edited (or
// damaged) and compressed again is refused.
const stateMagic = "ipscba MC state\n"

type stateHeader struct {
	Magic            [16]byte
	Version          uint32
	Outputs, Factors uint32
	_                uint32
	Length           uint64   // of the payload, in bytes
	SHA256           [32]byte // of the payload
}

// MaxStateSize is the most bytes the payload of a saved run with the given
// numbers of outputs and factors may hold once decompressed: 64 KiB, 1
// KiB a factor (its name) and 256 KiB an output (its key, counts and sums,
// and a histogram of up to some 30,000 bins in use, where a real output
// has a few thousand). MarshalBinary refuses to save a run beyond it and
// UnmarshalBinary to read one, before decompressing more: a crafted file
// cannot make a reader hold more than the shape it declares needs. A
// reader also refuses a payload more than 16 times the size of the file
// (plus 64 KiB), which MarshalBinary never writes, so that a small file
// of highly compressible data cannot declare a large shape to be read: a
// 1 MB file is read into at most 16 MB.
func MaxStateSize(outputs, factors int) int64 {
	return 64<<10 + int64(factors)<<10 + int64(outputs)<<18
}

// maxStateRatio bounds a saved run's payload by the size of its file.
const maxStateRatio = 16

func readBound(file int) int64 { return maxStateRatio*int64(file) + 64<<10 }

// MarshalBinary saves the run's statistics (not its per-iteration values),
// compressed, so that a range run on one machine can be merged with others
// later (UnmarshalBinary, then Merge).
func (mc *MonteCarlo) MarshalBinary() ([]byte, error) {
	if len(mc.stats) != len(mc.Outputs) {
		return nil, Phrase("the run has no statistics to save (Options.SkipStatistics)")
	}
	saved := savedRun{Outputs: mc.Outputs, Deterministic: mc.Deterministic, Factors: mc.Factors,
		Seed: mc.Seed, First: mc.First, Iterations: mc.Iterations, Workers: mc.Workers,
		Scenario: mc.Scenario, Module: mc.Version, Origin: mc.Origin}
	for k := range mc.stats {
		s := &mc.stats[k]
		st := savedStat{N: s.n, Inf: s.inf, NaN: s.nan, Positive: s.positive, NonNegative: s.nonNegative,
			Min: s.min, Max: s.max, Grid: s.grid.Words(), Hist: s.hist.Sparse()}
		if s.far != nil {
			st.Far = &savedFar{Sum: s.far.sum.Words(), Sq: s.far.sq.Words(), SqBig: s.far.sqBig.Words()}
		}
		saved.Stats = append(saved.Stats, st)
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(saved); err != nil {
		return nil, err
	}
	if limit := MaxStateSize(len(mc.Outputs), len(mc.Factors)); int64(payload.Len()) > limit {
		return nil, Errorf("the run's statistics take %d bytes, more than the %d a saved run of %d outputs may hold (MaxStateSize): outputs of very many orders of magnitude",
			payload.Len(), limit, len(mc.Outputs))
	}
	h := stateHeader{Version: stateVersion, Outputs: uint32(len(mc.Outputs)), Factors: uint32(len(mc.Factors)),
		Length: uint64(payload.Len()), SHA256: sha256.Sum256(payload.Bytes())}
	copy(h.Magic[:], stateMagic)
	var head bytes.Buffer
	binary.Write(&head, binary.LittleEndian, h) // a fixed-size struct: no error
	for _, level := range []int{gzip.DefaultCompression, gzip.HuffmanOnly} {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, level) // a valid level
		zw.Write(head.Bytes())
		zw.Write(payload.Bytes())
		if err := zw.Close(); err != nil {
			return nil, err
		}
		// Huffman coding alone compresses at most 8 times: a reader never
		// refuses it as a decompression bomb.
		if int64(payload.Len()) <= readBound(buf.Len()) || level == gzip.HuffmanOnly {
			return buf.Bytes(), nil
		}
	}
	panic("unreachable")
}

// errDamaged is the error of a saved run that cannot have been written by
// MarshalBinary.
var errDamaged = errors.New("a damaged saved Monte Carlo run")

// UnmarshalBinary restores a run saved by MarshalBinary. It refuses a
// truncated, damaged or edited file: the payload's SHA-256 is checked
// (which tells an edit made by hand; the check is not a signature: one who
// recomputes the hash can forge a file), and so is every field. It
// decompresses at most MaxStateSize for the shape the file declares, and
// at most 16 times the file's size.
func (mc *MonteCarlo) UnmarshalBinary(data []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return Errorf("not a saved Monte Carlo run: %w", err)
	}
	var h stateHeader
	if err := binary.Read(zr, binary.LittleEndian, &h); err != nil || string(h.Magic[:]) != stateMagic {
		return Errorf("not a saved Monte Carlo run of this program (version %d), or a truncated one", stateVersion)
	}
	if h.Version != stateVersion {
		return Errorf("a saved Monte Carlo run of version %d; this program reads version %d", h.Version, stateVersion)
	}
	limit := min(MaxStateSize(int(h.Outputs), int(h.Factors)), readBound(len(data)))
	if h.Length > uint64(limit) {
		return Errorf("%w: it declares %d bytes of statistics for %d outputs, more than the %d it may hold (a file of %d bytes)",
			errDamaged, h.Length, h.Outputs, limit, len(data))
	}
	payload := make([]byte, h.Length)
	if _, err := io.ReadFull(io.LimitReader(zr, int64(h.Length)), payload); err != nil {
		return Errorf("a truncated saved Monte Carlo run: %w", err)
	}
	// Nothing may follow the payload; reading on to the end checks the
	// compressed data's checksum.
	if n, err := zr.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		return Errorf("%w: data after the run, or a broken compressed stream", errDamaged)
	}
	if sha256.Sum256(payload) != h.SHA256 {
		return Errorf("an edited or damaged saved Monte Carlo run: its content does not match its checksum")
	}
	var saved savedRun
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&saved); err != nil {
		return Errorf("%w: %v", errDamaged, err)
	}
	if len(saved.Outputs) != int(h.Outputs) || len(saved.Factors) != int(h.Factors) {
		return Errorf("%w: %d outputs and %d factors, the header says %d and %d", errDamaged,
			len(saved.Outputs), len(saved.Factors), h.Outputs, h.Factors)
	}
	if err := saved.check(); err != nil {
		return err
	}
	*mc = MonteCarlo{Outputs: saved.Outputs, Deterministic: saved.Deterministic, Factors: saved.Factors, Seed: saved.Seed,
		First: saved.First, Iterations: saved.Iterations, Workers: saved.Workers, Scenario: saved.Scenario,
		Version: saved.Module, Origin: saved.Origin}
	for _, st := range saved.Stats {
		var s Stat
		s.n, s.inf, s.nan, s.positive, s.nonNegative, s.min, s.max = st.N, st.Inf, st.NaN, st.Positive, st.NonNegative, st.Min, st.Max
		s.grid.SetWords(st.Grid)
		if st.Far != nil {
			s.far = new(farSums)
			if s.far.sum.SetWords(st.Far.Sum) != nil || s.far.sq.SetWords(st.Far.Sq) != nil || s.far.sqBig.SetWords(st.Far.SqBig) != nil {
				return errDamaged
			}
		}
		if err := s.hist.SetSparse(st.Hist); err != nil {
			return Errorf("%w: %v", errDamaged, err)
		}
		if s.hist.Total() != s.n-s.nan {
			return Errorf("%w: a histogram counts %d iterations, not %d", errDamaged, s.hist.Total(), s.n-s.nan)
		}
		mc.stats = append(mc.stats, s)
	}
	return nil
}

// check refuses a saved run whose fields disagree.
func (saved *savedRun) check() error {
	switch {
	case saved.Iterations < 1 || saved.Workers < 1:
		return Errorf("%w: %d iterations, %d workers", errDamaged, saved.Iterations, saved.Workers)
	case saved.First >= MaxIteration || uint64(saved.Iterations) > MaxIteration-saved.First:
		return Errorf("%w: iterations %d and %d more go beyond the largest, 2^53", errDamaged, saved.First, saved.Iterations)
	case len(saved.Stats) != len(saved.Outputs) || len(saved.Deterministic) != len(saved.Outputs):
		return Errorf("%w: %d outputs, %d statistics", errDamaged, len(saved.Outputs), len(saved.Stats))
	case len(saved.Scenario) != 64:
		return Errorf("%w: no scenario fingerprint", errDamaged)
	}
	for k, o := range saved.Outputs {
		if _, err := ParseOutputKey(o.String()); err != nil {
			return Errorf("%w: output %d: %v", errDamaged, k, err)
		}
	}
	for k, st := range saved.Stats {
		finite := st.N - st.Inf - st.NaN
		switch {
		case st.N != int64(saved.Iterations):
			return Errorf("%w: output %s counts %d iterations, the run %d", errDamaged, saved.Outputs[k], st.N, saved.Iterations)
		case st.Inf < 0 || st.NaN < 0 || finite < 0 || st.Positive < 0 || st.Positive > st.NonNegative || st.NonNegative > st.N:
			return Errorf("%w: output %s has impossible counts", errDamaged, saved.Outputs[k])
		case finite > 0 && !(st.Min <= st.Max):
			return Errorf("%w: output %s has a minimum above its maximum", errDamaged, saved.Outputs[k])
		}
	}
	return nil
}
