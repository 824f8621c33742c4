package sensitivity

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// sequence is a Sobol' low-discrepancy sequence in base 2 with a random
// digital shift: the design of Sobol analyses, whose estimates converge
// much faster than with independent random points (Saltelli et al. 2010
// recommend it).
//
// Coordinate 1 is the van der Corput sequence; coordinate j > 1 takes its
// primitive polynomial and initial direction numbers from row j-1 of Joe
// and Kuo's published table new-joe-kuo-6.21201 (joeKuo; Joe and Kuo 2008,
// https://web.maths.unsw.edu.au/~fkuo/sobol/), chosen so that the
// two-dimensional projections of the sequence are well balanced (the
// estimators of a Saltelli design average products of pairs of
// coordinates). Direction numbers beyond the polynomial's degree follow
// Bratley and Fox's recurrence (1988, Algorithm 659). Point i is the XOR of
// the direction numbers of the set bits of the Gray code of i (the order of
// Antonov and Saleev, as in Joe and Kuo's own generator), so any point is
// computed alone, as the Source seam needs. The digital shift (an XOR with
// a random 32-bit number per coordinate, from the analysis's seed)
// randomises the sequence without losing its structure, so that another
// seed gives another design.
type sequence struct {
	v     [][32]uint32
	shift []uint32
}

// maxSequenceDims bounds the coordinates of a sequence: the rows of
// joeKuo, all the primitive polynomials of degree 1 to 13, and coordinate
// 1 (coordinates of a Saltelli design are twice the number of inputs).
const maxSequenceDims = len(joeKuo) + 1

// newSequence returns the first dims coordinates of the sequence, shifted
// by seed.
func newSequence(dims int, seed uint64) (*sequence, error) {
	if dims > maxSequenceDims {
		return nil, fmt.Errorf("%d coordinates: the design has at most %d (%d inputs)", dims, maxSequenceDims, maxSequenceDims/2)
	}
	q := &sequence{v: make([][32]uint32, dims), shift: make([]uint32, dims)}
	for k := range 32 {
		q.v[0][k] = 1 << (31 - k)
	}
	for j := 1; j < dims; j++ {
		row := joeKuo[j-1]
		s := len(row.m)
		p := uint32(1)<<s | uint32(row.a)<<1 | 1 // the polynomial, bit k the coefficient of x^k
		v := &q.v[j]
		for k, mk := range row.m {
			v[k] = uint32(mk) << (31 - k)
		}
		for k := s; k < 32; k++ {
			x := v[k-s] ^ v[k-s]>>s
			for i := 1; i < s; i++ {
				if p>>(s-i)&1 == 1 {
					x ^= v[k-i]
				}
			}
			v[k] = x
		}
	}
	g := rand.New(rand.NewPCG(seed, 0x5eed5b1f7))
	for j := range q.shift {
		q.shift[j] = g.Uint32()
	}
	return q, nil
}

// point writes point i (i < 2^32) of the sequence into u, each coordinate
// in (0, 1).
func (q *sequence) point(i uint64, u []float64) {
	gray := uint32(i ^ i>>1)
	for j := range u {
		x := q.shift[j]
		for g := gray; g != 0; g &= g - 1 {
			x ^= q.v[j][bits.TrailingZeros32(g)]
		}
		u[j] = (float64(x) + 0.5) / (1 << 32)
	}
}
