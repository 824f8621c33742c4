package cba

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
)

// stateVersion changes whenever the saved layout does.
const stateVersion = 1

// savedRun is what MarshalBinary writes: everything Merge and Summary need.
type savedRun struct {
	Version       int
	Outputs       []Output
	Deterministic []float64
	Seed, First   uint64
	Iterations    int
	Workers       int
	Stats         []savedStat
}

type savedStat struct {
	N, Inf, Positive, NonNegative int64
	Shift, Min, Max               float64
	Sum, Sq                       [68]int64
	Zero, HistInf                 int64
	NegBins, PosBins              []int32 // the bins in use ...
	NegCounts, PosCounts          []int64 // ... and their counts
}

func sparse(counts []int64) (bins []int32, values []int64) {
	for i, c := range counts {
		if c != 0 {
			bins, values = append(bins, int32(i)), append(values, c)
		}
	}
	return bins, values
}

// MarshalBinary saves the run's statistics (not its per-iteration values),
// compressed, so that a range run on one machine can be merged with others
// later (UnmarshalBinary, then Merge).
func (mc *MonteCarlo) MarshalBinary() ([]byte, error) {
	saved := savedRun{Version: stateVersion, Outputs: mc.Outputs, Deterministic: mc.Deterministic,
		Seed: mc.Seed, First: mc.First, Iterations: mc.Iterations, Workers: mc.Workers}
	for k := range mc.stats {
		s := &mc.stats[k]
		s.sum.normalize()
		s.sq.normalize()
		st := savedStat{N: s.n, Inf: s.inf, Positive: s.positive, NonNegative: s.nonNegative,
			Shift: s.shift, Min: s.min, Max: s.max, Sum: s.sum.w, Sq: s.sq.w, Zero: s.hist.zero, HistInf: s.hist.inf}
		st.NegBins, st.NegCounts = sparse(s.hist.neg)
		st.PosBins, st.PosCounts = sparse(s.hist.pos)
		saved.Stats = append(saved.Stats, st)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := gob.NewEncoder(zw).Encode(saved); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary restores a run saved by MarshalBinary.
func (mc *MonteCarlo) UnmarshalBinary(data []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not a saved Monte Carlo run: %w", err)
	}
	var saved savedRun
	if err := gob.NewDecoder(zr).Decode(&saved); err != nil && err != io.EOF {
		return fmt.Errorf("not a saved Monte Carlo run: %w", err)
	}
	if saved.Version != stateVersion {
		return fmt.Errorf("a saved Monte Carlo run of version %d; this program reads version %d", saved.Version, stateVersion)
	}
	if len(saved.Stats) != len(saved.Outputs) || len(saved.Deterministic) != len(saved.Outputs) {
		return fmt.Errorf("a damaged saved Monte Carlo run")
	}
	*mc = MonteCarlo{Outputs: saved.Outputs, Deterministic: saved.Deterministic, Seed: saved.Seed,
		First: saved.First, Iterations: saved.Iterations, Workers: saved.Workers}
	for _, st := range saved.Stats {
		s := newStat(st.Shift)
		s.n, s.inf, s.positive, s.nonNegative = st.N, st.Inf, st.Positive, st.NonNegative
		s.min, s.max, s.sum.w, s.sq.w = st.Min, st.Max, st.Sum, st.Sq
		s.hist.zero, s.hist.inf = st.Zero, st.HistInf
		for i, b := range st.NegBins {
			if int(b) >= len(s.hist.neg) || len(st.NegCounts) != len(st.NegBins) {
				return fmt.Errorf("a damaged saved Monte Carlo run")
			}
			s.hist.neg[b] = st.NegCounts[i]
		}
		for i, b := range st.PosBins {
			if int(b) >= len(s.hist.pos) || len(st.PosCounts) != len(st.PosBins) {
				return fmt.Errorf("a damaged saved Monte Carlo run")
			}
			s.hist.pos[b] = st.PosCounts[i]
		}
		mc.stats = append(mc.stats, s)
	}
	return nil
}
