package exact

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// gridReference is the sum of the values rounded to the grid and of their
// squares, computed with big.Int: units of 2^-32 and 2^-64.
func gridReference(xs []float64) (sum, sq *big.Int) {
	sum, sq = new(big.Int), new(big.Int)
	for _, x := range xs {
		f := new(big.Float).SetFloat64(x)
		f.SetMantExp(f, GridBits)
		// Round half to even, as math.RoundToEven does.
		v, _ := f.Int(nil) // truncated toward zero
		frac := new(big.Float).Sub(f, new(big.Float).SetInt(v))
		half := big.NewFloat(0.5)
		switch c := frac.Abs(frac).Cmp(half); {
		case c > 0 || c == 0 && v.Bit(0) == 1:
			if x < 0 {
				v.Sub(v, big.NewInt(1))
			} else {
				v.Add(v, big.NewInt(1))
			}
		}
		sum.Add(sum, v)
		sq.Add(sq, new(big.Int).Mul(v, v))
	}
	return sum, sq
}

// TestGridIsExactOnItsGrid: the sums are those of the values rounded to
// multiples of 2^-32, exactly, in any order and any grouping, for values
// from the smallest to just below 2^31, halves of a unit included.
func TestGridIsExactOnItsGrid(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 20000)
	for i := range xs {
		switch i % 4 {
		case 0:
			xs[i] = rng.NormFloat64() * math.Pow(2, float64(rng.IntN(70)-40))
		case 1:
			xs[i] = (rng.Float64()*2 - 1) * (GridLimit - 1)
		case 2: // exactly half a unit from the grid: ties
			xs[i] = (float64(rng.IntN(1<<20)) + 0.5) * 0x1p-32
		case 3:
			xs[i] = math.Nextafter(GridLimit, 0) * float64(1-2*rng.IntN(2))
		}
	}
	wantSum, wantSq := gridReference(xs)
	var one, all, merged Grid
	for _, x := range xs {
		one.Add(x)
	}
	if skipped := all.AddAll(xs); skipped != 0 {
		t.Errorf("skipped %d values on the grid", skipped)
	}
	rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	for i := 0; i < len(xs); {
		n := min(rng.IntN(500), len(xs)-i)
		var part Grid
		part.AddAll(xs[i : i+n])
		merged.Merge(&part)
		i += n
	}
	for name, g := range map[string]*Grid{"Add": &one, "AddAll": &all, "shuffled and merged": &merged} {
		if g.Sum().Cmp(wantSum) != 0 || g.Squares().Cmp(wantSq) != 0 {
			t.Errorf("%s: sum %v, squares %v; want %v and %v", name, g.Sum(), g.Squares(), wantSum, wantSq)
		}
		if g.Words() != one.Words() {
			t.Errorf("%s: words differ from Add's", name)
		}
	}
	var back Grid
	back.SetWords(one.Words())
	if back != one {
		t.Error("Words and SetWords do not round-trip")
	}
}

// TestGridDoesNotOverflow: 2^20 values just below 2^31, of either sign,
// merged 2^33 times over (as a run of 2^53 iterations would be), still sum
// exactly.
func TestGridDoesNotOverflow(t *testing.T) {
	x := math.Nextafter(GridLimit, 0)
	for _, sign := range []float64{1, -1} {
		var g Grid
		for range 1 << 20 {
			g.Add(sign * x)
		}
		for range 33 { // doubling: 2^53 values
			c := g
			g.Merge(&c)
		}
		v := new(big.Int).SetInt64(int64(sign * x * (1 << GridBits)))
		want := new(big.Int).Lsh(v, 53)
		wantSq := new(big.Int).Lsh(new(big.Int).Mul(v, v), 53)
		if g.Sum().Cmp(want) != 0 || g.Squares().Cmp(wantSq) != 0 {
			t.Errorf("sign %v: sum %v, want %v; squares %v, want %v", sign, g.Sum(), want, g.Squares(), wantSq)
		}
	}
}

// TestGridSkipsWhatIsOffIt: infinities, NaN and magnitudes of 2^31 or more
// are left to the caller, counted.
func TestGridSkipsWhatIsOffIt(t *testing.T) {
	var g Grid
	off := []float64{math.Inf(1), math.Inf(-1), math.NaN(), GridLimit, -GridLimit, 1e300}
	if skipped := g.AddAll(append(off, 1.5)); skipped != len(off) {
		t.Errorf("skipped %d, want %d", skipped, len(off))
	}
	if g.Sum().Cmp(big.NewInt(3<<31)) != 0 {
		t.Errorf("sum %v, want 1.5 in units of 2^-32", g.Sum())
	}
	for _, x := range off {
		if OnGrid(x) {
			t.Errorf("%v is said to be on the grid", x)
		}
	}
}
