package cba

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
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
	Version       int
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

// MarshalBinary saves the run's statistics (not its per-iteration values),
// compressed, so that a range run on one machine can be merged with others
// later (UnmarshalBinary, then Merge).
func (mc *MonteCarlo) MarshalBinary() ([]byte, error) {
	if len(mc.stats) != len(mc.Outputs) {
		return nil, errors.New("the run has no statistics to save (Options.SkipStatistics)")
	}
	saved := savedRun{Version: stateVersion, Outputs: mc.Outputs, Deterministic: mc.Deterministic, Factors: mc.Factors,
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

// errDamaged is the error of a saved run that cannot have been written by
// MarshalBinary.
var errDamaged = errors.New("a damaged saved Monte Carlo run")

// UnmarshalBinary restores a run saved by MarshalBinary. It checks every
// field and refuses a truncated or edited file.
func (mc *MonteCarlo) UnmarshalBinary(data []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not a saved Monte Carlo run: %w", err)
	}
	var saved savedRun
	if err := gob.NewDecoder(zr).Decode(&saved); err != nil {
		return fmt.Errorf("not a saved Monte Carlo run, or a truncated one: %w", err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil { // checks the compressed data's checksum
		return fmt.Errorf("a truncated or edited saved Monte Carlo run: %w", err)
	}
	if saved.Version != stateVersion {
		return fmt.Errorf("a saved Monte Carlo run of version %d; this program reads version %d", saved.Version, stateVersion)
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
			return fmt.Errorf("%w: %v", errDamaged, err)
		}
		if s.hist.Total() != s.n-s.nan {
			return fmt.Errorf("%w: a histogram counts %d iterations, not %d", errDamaged, s.hist.Total(), s.n-s.nan)
		}
		mc.stats = append(mc.stats, s)
	}
	return nil
}

// check refuses a saved run whose fields disagree.
func (saved *savedRun) check() error {
	switch {
	case saved.Iterations < 1 || saved.Workers < 1:
		return fmt.Errorf("%w: %d iterations, %d workers", errDamaged, saved.Iterations, saved.Workers)
	case saved.First >= MaxIteration || uint64(saved.Iterations) > MaxIteration-saved.First:
		return fmt.Errorf("%w: iterations %d and %d more go beyond the largest, 2^53", errDamaged, saved.First, saved.Iterations)
	case len(saved.Stats) != len(saved.Outputs) || len(saved.Deterministic) != len(saved.Outputs):
		return fmt.Errorf("%w: %d outputs, %d statistics", errDamaged, len(saved.Outputs), len(saved.Stats))
	case len(saved.Scenario) != 64:
		return fmt.Errorf("%w: no scenario fingerprint", errDamaged)
	}
	for k, o := range saved.Outputs {
		if _, err := ParseOutputKey(o.String()); err != nil {
			return fmt.Errorf("%w: output %d: %v", errDamaged, k, err)
		}
	}
	for k, st := range saved.Stats {
		finite := st.N - st.Inf - st.NaN
		switch {
		case st.N != int64(saved.Iterations):
			return fmt.Errorf("%w: output %s counts %d iterations, the run %d", errDamaged, saved.Outputs[k], st.N, saved.Iterations)
		case st.Inf < 0 || st.NaN < 0 || finite < 0 || st.Positive < 0 || st.Positive > st.NonNegative || st.NonNegative > st.N:
			return fmt.Errorf("%w: output %s has impossible counts", errDamaged, saved.Outputs[k])
		case finite > 0 && !(st.Min <= st.Max):
			return fmt.Errorf("%w: output %s has a minimum above its maximum", errDamaged, saved.Outputs[k])
		}
	}
	return nil
}
