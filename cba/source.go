package cba

// Source gives the factor values of each iteration of a run (Run): the
// Sampler draws them from the scenario's uncertainty; a fixed list of
// vectors (Vectors) or a designed experiment (a Saltelli design for Sobol
// indices) are others. Iteration i's values must depend only on i, so that
// a run is the same for any number of workers.
type Source interface {
	// Fill writes iteration i's factor values into x, a vector from
	// Evaluator.Base; entries the source does not vary keep their values.
	Fill(i uint64, x []float64)
	// Fork returns a Source that gives the same values, for another
	// goroutine (its own buffers).
	Fork() Source
}

// Bounded is a Source with a fixed number of iterations.
type Bounded interface {
	Source
	// Len is the number of iterations: 0 .. Len()-1.
	Len() uint64
}

// Vectors is a fixed list of parameter vectors: iteration i takes
// Vectors[i] whole.
type Vectors [][]float64

// Fill copies vector i into x.
func (v Vectors) Fill(i uint64, x []float64) { copy(x, v[i]) }

// Fork returns v: it is read only.
func (v Vectors) Fork() Source { return v }

// Len returns the number of vectors.
func (v Vectors) Len() uint64 { return uint64(len(v)) }
