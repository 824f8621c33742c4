// Package exact accumulates float64 values in integers: sums on a fixed
// grid (Grid: each value rounded once to a multiple of 2^-32), sums without
// any rounding (Sum: every finite float64), and histograms of integer
// counts. Each is the same in any order of addition and any grouping, bit
// for bit: they are what make a Monte Carlo run's statistics identical for
// any number of workers and any split of the run into ranges.
package exact

import (
	"errors"
	"math"
	"math/big"
	"math/bits"
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
	k, d0, d1, d2 := digits(math.Float64bits(x))
	s.w[k] += d0
	s.w[k+1] += d1
	s.w[k+2] += d2
	if s.adds++; s.adds == 1<<29 {
		s.normalize()
	}
}

// digits splits a finite float64, given by its bits, into three signed
// 32-bit digits at words k, k+1 and k+2: x = (d0 + d1*2^32 + d2*2^64) *
// 2^(32k-1074).
func digits(bits uint64) (k int, d0, d1, d2 int64) {
	exp := bits >> 52 & 0x7ff
	mant := bits & (1<<52 - 1)
	if exp != 0 {
		mant |= 1 << 52
	} else {
		exp = 1 // subnormal
	}
	pos := exp - 1 // x = mant * 2^(pos-1074)
	off := pos % 32
	lo := mant << off        // the low 64 bits of mant * 2^off (< 2^85)
	hi := mant >> (64 - off) // and the bits above them (0 when off is 0)
	d0, d1, d2 = int64(lo&0xffffffff), int64(lo>>32), int64(hi)
	if bits>>63 != 0 {
		d0, d1, d2 = -d0, -d1, -d2
	}
	return int(pos / 32), d0, d1, d2
}

// part is how many values AddAll and AddSquares take at a time.
const part = 256

// AddAll adds the finite values of xs (it skips infinities and NaN). The
// result is that of Add for each.
func (s *Sum) AddAll(xs []float64) {
	var bits [part]uint64
	for len(xs) > 0 {
		n := 0
		for _, x := range xs[:min(len(xs), part)] {
			if b := math.Float64bits(x); b>>52&0x7ff != 0x7ff && b<<1 != 0 {
				bits[n] = b
				n++
			}
		}
		xs = xs[min(len(xs), part):]
		s.addBits(bits[:n])
	}
}

// AddSquares adds the exact squares of the finite values of xs (it skips
// infinities and NaN): to s those of magnitude below 2^500, and to big
// those of larger ones, scaled by 2^-1024 so that none overflows. A square
// of magnitude 2^-968 or more is added exactly; a smaller one as its
// rounded value and the rounding error a fused multiply-add gives, which
// may be a subnormal number's.
func (s *Sum) AddSquares(xs []float64, big *Sum) {
	for len(xs) > 0 {
		n := min(len(xs), part)
		s.addSquares(xs[:n], big)
		xs = xs[n:]
	}
}

// Exponents (biased) of the magnitudes whose squares AddSquares adds as
// integers: from 2^-484 to below 2^500.
const (
	minSquareExp = 1023 - 484
	maxSquareExp = 1023 + 500
)

// addSquares is AddSquares for at most part values. The square of x =
// mant * 2^(e-1074) is mant^2 * 2^(2e-1074) units of 2^-1074: a 106-bit
// integer product, shifted, as five 32-bit digits, summed in registers
// while consecutive squares fall in the same words.
func (s *Sum) addSquares(xs []float64, big *Sum) {
	n := len(xs)
	for len(xs) > 0 {
		b := math.Float64bits(xs[0])
		if exp := b >> 52 & 0x7ff; exp < minSquareExp || exp >= maxSquareExp {
			if b<<1 != 0 { // the square of ±0 adds nothing
				s.addSquareApart(xs[0], big)
			}
			xs = xs[1:]
			continue
		}
		k := (2*(b>>52&0x7ff-1) - 1074) / 32
		i, a0, a1, a2, a3, a4 := squareRun(xs, k)
		s.addDigits(k, a0, a1, a2, a3, a4)
		xs = xs[i:]
	}
	if s.adds += n; s.adds >= 1<<29 {
		s.normalize()
	}
}

// squareRun sums the squares of xs's first values, as long as they are in
// addSquares's range and their squares' digits start at word k, and
// returns how many it summed and their five digits. It calls nothing, so
// that its sums stay in registers.
func squareRun(xs []float64, k uint64) (n int, a0, a1, a2, a3, a4 uint64) {
	for i, x := range xs {
		b := math.Float64bits(x)
		exp := b >> 52 & 0x7ff
		q := 2*(exp-1) - 1074
		if exp < minSquareExp || exp >= maxSquareExp || q/32 != k {
			return i, a0, a1, a2, a3, a4
		}
		mant := b&(1<<52-1) | 1<<52
		off := q % 32
		hi, lo := bits.Mul64(mant, mant) // < 2^106
		// The product shifted by off < 32, as three words; the shifts
		// right by 64-off are written as two so that none is by 64.
		l0, l1, l2 := lo<<off, hi<<off|lo>>(63-off)>>1, hi>>(63-off)>>1
		a0 += l0 & 0xffffffff
		a1 += l0 >> 32
		a2 += l1 & 0xffffffff
		a3 += l1 >> 32
		a4 += l2
	}
	return len(xs), a0, a1, a2, a3, a4
}

// addDigits adds five digits from word k on.
func (s *Sum) addDigits(k uint64, a0, a1, a2, a3, a4 uint64) {
	w := s.w[k : k+5]
	w[0] += int64(a0)
	w[1] += int64(a1)
	w[2] += int64(a2)
	w[3] += int64(a3)
	w[4] += int64(a4)
}

// addSquareApart adds the square of a value too small or too large for
// addSquares: as a rounded value and its rounding error, to s, or scaled
// to big; infinities and NaN are skipped.
func (s *Sum) addSquareApart(x float64, big *Sum) {
	switch a := math.Abs(x); {
	case a < 0x1p500:
		sq := x * x
		s.Add(sq)
		if e := math.FMA(x, x, -sq); e != 0 {
			s.Add(e)
		}
	case a <= math.MaxFloat64:
		y := math.Ldexp(a, -512)
		sq := y * y
		big.Add(sq)
		if e := math.FMA(y, y, -sq); e != 0 {
			big.Add(e)
		}
	}
}

// addBits adds finite values given by their bits (at most part of them).
// Consecutive values whose digits fall in the same words, as the values of
// one output mostly do, are summed in registers before they are added to
// the words.
func (s *Sum) addBits(bs []uint64) {
	var k uint64
	var a0, a1, a2 int64
	for _, bits := range bs {
		// digits, written out so that the loop has no call.
		exp := bits >> 52 & 0x7ff
		mant := bits & (1<<52 - 1)
		if exp != 0 {
			mant |= 1 << 52
		} else {
			exp = 1
		}
		pos := exp - 1
		off := pos % 32
		lo, hi := mant<<off, mant>>(64-off)
		sign := int64(bits) >> 63 // 0 or -1: each digit negated when -1
		if pos/32 != k {
			s.w[k] += a0
			s.w[k+1] += a1
			s.w[k+2] += a2
			k, a0, a1, a2 = pos/32, 0, 0, 0
		}
		a0 += (int64(lo&0xffffffff) ^ sign) - sign
		a1 += (int64(lo>>32) ^ sign) - sign
		a2 += (int64(hi) ^ sign) - sign
	}
	s.w[k] += a0
	s.w[k+1] += a1
	s.w[k+2] += a2
	if s.adds += len(bs); s.adds >= 1<<29 {
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
