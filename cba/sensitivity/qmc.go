package sensitivity

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"sync"
)

// sequence is a Sobol' low-discrepancy sequence in base 2 with a random
// digital shift: the design of Sobol analyses, whose estimates converge
// much faster than with independent random points (Saltelli et al. 2010
// recommend it).
//
// Coordinate 1 is the van der Corput sequence; coordinate j > 1 takes the
// (j-1)th primitive polynomial over GF(2), in order of degree and then of
// value, with initial direction numbers m_1..m_s drawn once, odd and below
// 2^k, from a fixed stream (Bratley and Fox 1988, Algorithm 659). Every
// choice of such numbers gives a sequence with the same t-value (which
// depends on the polynomials' degrees only); they differ only in the
// uniformity of some two-dimensional projections, which published tables
// optimise (Joe and Kuo 2008). Point i is the XOR of the direction numbers
// of the set bits of the Gray code of i, so any point is computed alone, as
// the Source seam needs. The digital shift (an XOR with a random 32-bit
// number per coordinate, from the analysis's seed) randomises the sequence
// without losing its structure, so that another seed gives another design.
type sequence struct {
	v     [][32]uint32
	shift []uint32
}

// maxSequenceDims bounds the coordinates of a sequence: the primitive
// polynomials up to degree 13 (coordinates of a Saltelli design are twice
// the number of inputs).
const maxSequenceDims = 1111

var (
	polyOnce sync.Once
	polys    []uint32 // primitive polynomials, bit k = coefficient of x^k
)

// primitive returns the primitive polynomials of degree 1 to 13 in order.
func primitive() []uint32 {
	polyOnce.Do(func() {
		for s := 1; s <= 13; s++ {
			order := uint64(1)<<s - 1
			factors := primeFactors(order)
			for p := uint32(1)<<s | 1; p < uint32(1)<<(s+1); p += 2 {
				if xPow(2, order, p, s) != 1 {
					continue
				}
				ok := true
				for _, q := range factors {
					if xPow(2, order/q, p, s) == 1 {
						ok = false
						break
					}
				}
				if ok {
					polys = append(polys, p)
				}
			}
		}
	})
	return polys
}

// xPow returns x^e modulo p (degree s) over GF(2), where x is the
// polynomial with bits x.
func xPow(x uint32, e uint64, p uint32, s int) uint32 {
	result, base := uint32(1), x
	for ; e > 0; e >>= 1 {
		if e&1 == 1 {
			result = mulMod(result, base, p, s)
		}
		base = mulMod(base, base, p, s)
	}
	return result
}

func mulMod(a, b, p uint32, s int) uint32 {
	var r uint32
	for ; b > 0; b >>= 1 {
		if b&1 == 1 {
			r ^= a
		}
		a <<= 1
		if a>>s&1 == 1 {
			a ^= p
		}
	}
	return r
}

func primeFactors(n uint64) []uint64 {
	var out []uint64
	for q := uint64(2); q*q <= n; q++ {
		if n%q == 0 {
			out = append(out, q)
			for n%q == 0 {
				n /= q
			}
		}
	}
	if n > 1 {
		out = append(out, n)
	}
	return out
}

// newSequence returns the first dims coordinates of the sequence, shifted
// by seed.
func newSequence(dims int, seed uint64) (*sequence, error) {
	if dims > maxSequenceDims {
		return nil, fmt.Errorf("%d coordinates: the design has at most %d (%d inputs)", dims, maxSequenceDims, maxSequenceDims/2)
	}
	ps := primitive()
	q := &sequence{v: make([][32]uint32, dims), shift: make([]uint32, dims)}
	// The initial direction numbers come from a fixed stream: the sequence
	// is the same in every run; only the shift depends on the seed.
	m := rand.New(rand.NewPCG(0x1b5d5c7e, 0x50b01))
	for k := range 32 {
		q.v[0][k] = 1 << (31 - k)
	}
	for j := 1; j < dims; j++ {
		p := ps[j-1]
		s := bits.Len32(p) - 1
		v := &q.v[j]
		for k := range s {
			mk := uint32(m.IntN(1<<k))*2 + 1 // odd, below 2^(k+1)
			v[k] = mk << (31 - k)
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
