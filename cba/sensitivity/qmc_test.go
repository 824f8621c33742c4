package sensitivity

import "testing"

// TestJoeKuoTable: the table's rows are the primitive polynomials over
// GF(2) of degree 1 to 13, each once, in order of degree and then of value
// (as Joe and Kuo list them), and each m_k is odd and below 2^k, as
// direction numbers must be.
func TestJoeKuoTable(t *testing.T) {
	want := primitive(13)
	if len(joeKuo) != len(want) || maxSequenceDims != len(want)+1 {
		t.Fatalf("%d rows, %d primitive polynomials of degree 1 to 13", len(joeKuo), len(want))
	}
	for j, row := range joeKuo {
		s := len(row.m)
		if p := uint32(1)<<s | uint32(row.a)<<1 | 1; p != want[j] {
			t.Fatalf("row %d (coordinate %d): polynomial %b, want %b", j, j+2, p, want[j])
		}
		for k, m := range row.m {
			if m%2 != 1 || m >= 1<<(k+1) {
				t.Fatalf("row %d: m_%d = %d", j, k+1, m)
			}
		}
	}
}

// TestSequencePublishedPoints: the unshifted sequence's points are those
// of Joe and Kuo's generator on the same table, as SciPy 1.10 computes
// them (scipy.stats.qmc.Sobol(d=1111, scramble=False, bits=32), which
// reads new-joe-kuo-6.21201 and orders points by Gray code as here): the
// first 16 points in coordinates 1 to 8, and points 5, 777 and 1,023 in
// coordinates 1,101 to 1,111, where the recurrence carries the direction
// numbers beyond the polynomial's degree. Values are in units of 2^-10.
func TestSequencePublishedPoints(t *testing.T) {
	first := [16][8]uint32{
		{0, 0, 0, 0, 0, 0, 0, 0}, {512, 512, 512, 512, 512, 512, 512, 512},
		{768, 256, 256, 256, 768, 768, 256, 768}, {256, 768, 768, 768, 256, 256, 768, 256},
		{384, 384, 640, 896, 384, 128, 384, 896}, {896, 896, 128, 384, 896, 640, 896, 384},
		{640, 128, 896, 640, 640, 896, 128, 128}, {128, 640, 384, 128, 128, 384, 640, 640},
		{192, 320, 960, 448, 576, 320, 448, 960}, {704, 832, 448, 960, 64, 832, 960, 448},
		{960, 64, 704, 192, 320, 576, 192, 192}, {448, 576, 192, 704, 832, 64, 704, 704},
		{320, 192, 320, 576, 960, 448, 64, 64}, {832, 704, 832, 64, 448, 960, 576, 576},
		{576, 448, 64, 832, 192, 704, 320, 832}, {64, 960, 576, 320, 704, 192, 832, 320},
	}
	last := map[uint64][11]uint32{
		5:    {640, 384, 640, 640, 384, 640, 384, 896, 128, 384, 384},
		777:  {247, 243, 23, 905, 145, 943, 875, 657, 791, 33, 599},
		1023: {227, 703, 379, 581, 653, 163, 687, 661, 339, 213, 603},
	}
	q, err := newSequence(maxSequenceDims, 0)
	if err != nil {
		t.Fatal(err)
	}
	clear(q.shift)
	u := make([]float64, maxSequenceDims)
	// A coordinate is x/2^32 + 2^-33 for the 32-bit integer x; the first
	// 2^10 points have x a multiple of 2^22.
	at := func(v float64) uint32 { return uint32(v*(1<<32)) >> 22 }
	for i, want := range first {
		q.point(uint64(i), u)
		for j, w := range want {
			if got := at(u[j]); got != w {
				t.Errorf("point %d, coordinate %d: %d/1024, want %d/1024", i, j+1, got, w)
			}
		}
	}
	for i, want := range last {
		q.point(i, u)
		for j, w := range want {
			if got := at(u[1100+j]); got != w {
				t.Errorf("point %d, coordinate %d: %d/1024, want %d/1024", i, 1101+j, got, w)
			}
		}
	}
}

// primitive returns the primitive polynomials over GF(2) of degree 1 to
// maxDegree, in order of degree and then of value (bit k: the coefficient
// of x^k): p of degree s is primitive when x has order 2^s - 1 modulo p.
func primitive(maxDegree int) []uint32 {
	var out []uint32
	for s := 1; s <= maxDegree; s++ {
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
				out = append(out, p)
			}
		}
	}
	return out
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
