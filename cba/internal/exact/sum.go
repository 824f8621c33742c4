// Package exact accumulates float64 values without rounding: sums that are
// the same in any order of addition, and histograms of integer counts. They
// are what make a Monte Carlo run's statistics identical for any number of
// workers and any split of the run into ranges.
package exact

import (
	"errors"
	"math"
	"math/big"
)

// Words is the number of 32-bit digits of a Sum: enough for every finite
// float64 (2^-1074 to 2^1024) and 2^78 additions of the largest.
const Words = 68

// Sum adds float64 values without rounding: every finite double is an
// integer multiple of 2^-1074, so Sum keeps that integer in 32-bit digits
// held in int64 words, whose spare bits absorb carries. The sum, rounded
// once at the end, is the same in any order of addition. The zero value is
// an empty sum.
type Sum struct {
	w    [Words]int64 // w[k] counts units of 2^(32k-1074)
	adds int
}

// Add adds x, which must be finite.
func (s *Sum) Add(x float64) {
	bits := math.Float64bits(x)
	exp := int(bits>>52) & 0x7ff
	mant := bits & (1<<52 - 1)
	if exp != 0 {
		mant |= 1 << 52
	} else {
		exp = 1 // subnormal
	}
	if mant == 0 {
		return
	}
	pos := exp - 1 // x = mant * 2^(pos-1074)
	k, off := pos/32, uint(pos%32)
	lo := mant << off // the low 64 bits of mant * 2^off (< 2^85)
	var hi uint64     // and the bits above them
	if off > 0 {
		hi = mant >> (64 - off)
	}
	d0, d1, d2 := int64(lo&0xffffffff), int64(lo>>32), int64(hi)
	if bits>>63 != 0 {
		d0, d1, d2 = -d0, -d1, -d2
	}
	s.w[k] += d0
	s.w[k+1] += d1
	s.w[k+2] += d2
	if s.adds++; s.adds == 1<<29 {
		s.normalize()
	}
}

// normalize carries each word's excess into the next, keeping |w[k]| < 2^32
// for all but the top word.
func (s *Sum) normalize() {
	for k := 0; k+1 < len(s.w); k++ {
		c := s.w[k] >> 32 // floor division by 2^32
		s.w[k] -= c << 32
		s.w[k+1] += c
	}
	s.adds = 0
}

// Merge adds o's sum to s.
func (s *Sum) Merge(o *Sum) {
	s.normalize()
	for k := range s.w {
		s.w[k] += o.w[k]
	}
	s.normalize()
}

// Int returns the sum in units of 2^-1074, exactly.
func (s *Sum) Int() *big.Int {
	total := new(big.Int)
	word := new(big.Int)
	for k := len(s.w) - 1; k >= 0; k-- {
		total.Lsh(total, 32)
		total.Add(total, word.SetInt64(s.w[k]))
	}
	return total
}

// Value returns the sum rounded to the nearest float64 (ties to even).
func (s *Sum) Value() float64 {
	f := new(big.Float).SetInt(s.Int())
	f.SetMantExp(f, -1074)
	v, _ := f.Float64()
	return v
}

// Words returns the sum's digits, normalised, to be saved.
func (s *Sum) Words() [Words]int64 {
	s.normalize()
	return s.w
}

// SetWords restores a sum saved with Words. It refuses digits that Words
// cannot have written.
func (s *Sum) SetWords(w [Words]int64) error {
	for k := 0; k+1 < len(w); k++ {
		if w[k] < 0 || w[k] >= 1<<32 {
			return errors.New("a damaged exact sum")
		}
	}
	s.w, s.adds = w, 0
	return nil
}
