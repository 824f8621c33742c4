package exact

import (
	"math"
	"math/big"
	"math/bits"
)

// GridBits is the grid's resolution: a Grid rounds each value to the
// nearest multiple of 2^-GridBits.
const GridBits = 32

// GridLimit bounds the values a Grid takes: those of magnitude below
// 2^31, whose multiples of 2^-32 fit in an int64. Values beyond it (and
// infinities, NaN) are for a Sum.
const GridLimit = 0x1p31

// OnGrid says whether x is a value a Grid takes: |x| < GridLimit.
func OnGrid(x float64) bool { return math.Abs(x) < GridLimit }

// Grid sums values each rounded once to the nearest multiple of 2^-32
// (ties to even), and the exact squares of those rounded values: integer
// arithmetic, so the sums are the same in any order of addition and any
// grouping, bit for bit. The sum is kept in 128 bits and the sum of
// squares in 192: each rounded value is below 2^63 units and its square
// below 2^126, so 2^63 additions cannot overflow either. The zero value is
// an empty Grid.
type Grid struct {
	lo uint64 // the sum, in units of 2^-32, two's complement over 128 bits
	hi int64
	sq [3]uint64 // the sum of squares, in units of 2^-64, over 192 bits
}

// units returns x rounded to the grid, in units of 2^-32.
func units(x float64) int64 { return int64(math.RoundToEven(x * (1 << GridBits))) }

// Add adds x, which must be on the grid (OnGrid).
func (g *Grid) Add(x float64) {
	v := units(x)
	var c uint64
	g.lo, c = bits.Add64(g.lo, uint64(v), 0)
	g.hi += v>>63 + int64(c)
	a := uint64(v)
	if v < 0 {
		a = -a
	}
	h, l := bits.Mul64(a, a)
	g.sq[0], c = bits.Add64(g.sq[0], l, 0)
	g.sq[1], c = bits.Add64(g.sq[1], h, c)
	g.sq[2] += c
}

// AddAll adds the values of xs that are on the grid and returns how many
// it left out (infinities, NaN, and magnitudes of 2^31 or more), for the
// caller to count otherwise. The result is that of Add for each.
func (g *Grid) AddAll(xs []float64) (skipped int) {
	if g.addAll(xs) {
		return 0
	}
	for _, x := range xs {
		if OnGrid(x) {
			g.Add(x)
		} else {
			skipped++
		}
	}
	return skipped
}

// limitBits is the bits of GridLimit: a value is on the grid when the
// bits of its magnitude are below them (NaN and infinities are above).
const limitBits = 0x41e0000000000000

// addAll adds every value of xs and returns true when all are on the
// grid; otherwise it adds none and returns false. Whether a value is on
// the grid is checked without a branch, so that the loop runs at the pace
// of its additions.
func (g *Grid) addAll(xs []float64) bool {
	lo, hi := g.lo, g.hi
	s0, s1, s2 := g.sq[0], g.sq[1], g.sq[2]
	var off uint64
	for _, x := range xs {
		off |= (limitBits - 1 - math.Float64bits(x)&^(1<<63)) >> 63
		v := int64(math.RoundToEven(x * (1 << GridBits)))
		var c uint64
		lo, c = bits.Add64(lo, uint64(v), 0)
		hi += v>>63 + int64(c)
		m := v >> 63
		a := uint64((v ^ m) - m) // |v|, without a branch
		h, l := bits.Mul64(a, a)
		s0, c = bits.Add64(s0, l, 0)
		s1, c = bits.Add64(s1, h, c)
		s2 += c
	}
	if off != 0 {
		return false
	}
	g.lo, g.hi = lo, hi
	g.sq = [3]uint64{s0, s1, s2}
	return true
}

// Merge adds o's sums to g.
func (g *Grid) Merge(o *Grid) {
	var c uint64
	g.lo, c = bits.Add64(g.lo, o.lo, 0)
	g.hi += o.hi + int64(c)
	g.sq[0], c = bits.Add64(g.sq[0], o.sq[0], 0)
	g.sq[1], c = bits.Add64(g.sq[1], o.sq[1], c)
	g.sq[2] += o.sq[2] + c
}

// Sum returns the sum of the rounded values in units of 2^-32, exactly.
func (g *Grid) Sum() *big.Int {
	s := new(big.Int).SetInt64(g.hi)
	s.Lsh(s, 64)
	return s.Add(s, new(big.Int).SetUint64(g.lo))
}

// Squares returns the sum of the rounded values' squares in units of
// 2^-64, exactly.
func (g *Grid) Squares() *big.Int {
	q := new(big.Int)
	for k := len(g.sq) - 1; k >= 0; k-- {
		q.Lsh(q, 64)
		q.Add(q, new(big.Int).SetUint64(g.sq[k]))
	}
	return q
}

// GridWords is a Grid as words, to be saved.
type GridWords [5]uint64

// Words returns g's sums as words, to be saved.
func (g *Grid) Words() GridWords {
	return GridWords{g.lo, uint64(g.hi), g.sq[0], g.sq[1], g.sq[2]}
}

// SetWords restores a Grid saved with Words.
func (g *Grid) SetWords(w GridWords) {
	g.lo, g.hi, g.sq = w[0], int64(w[1]), [3]uint64{w[2], w[3], w[4]}
}
