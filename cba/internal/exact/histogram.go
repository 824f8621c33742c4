package exact

import (
	"errors"
	"math"
	"slices"
)

// Histogram counts values in bins 1/128 of a binary order of magnitude wide
// (relative width at most 0.8 %), by sign, over the whole range of float64:
// magnitudes below 2^-1022 (subnormal) count as zero, and +Inf in a bin of
// its own. Counts are integers, so histograms merge exactly. The zero value
// is an empty histogram.
type Histogram struct {
	side      [2]window // by sign: [0] positive, [1] negative
	zero, inf int64
}

// window holds one sign's counts. The values of one output mostly fall in a
// few orders of magnitude, so the bins from lo on are one slice, grown as
// values reach beyond it, up to maxWindow bins; bins farther away are kept
// in far. The slice counts modulo 2^16, so that more bins share the
// processor's cache: carry holds the rest of a bin's count (multiples of
// 2^16), added each time the bin's count wraps around.
type window struct {
	lo     int
	counts []uint16
	carry  map[int]int64
	far    map[int]int64
}

const (
	subBits       = 7
	binsPerOctave = 1 << subBits
	minExp        = -1022                   // the smallest normal exponent
	octaves       = 1024 - minExp           // of normal magnitudes
	bins          = octaves * binsPerOctave // bins of normal magnitudes, each sign
	// maxWindow bounds a window: 64 octaves, 16 KiB.
	maxWindow = 64 * binsPerOctave
)

// Bin is one histogram bin: Count values in [Lo, Hi) (or at Lo when Lo ==
// Hi: zero and +Inf).
type Bin struct {
	Lo, Hi float64
	Count  int64
}

// bounds returns the ends of bin b of magnitudes (octave b/128, from 0 for
// [2^-1022, 2^-1021)).
func bounds(b int) (lo, hi float64) {
	e := b/binsPerOctave + minExp
	i := b % binsPerOctave
	// The last bin's end, 2^1024, is the largest float64 (not +Inf), so
	// that its middle is a number.
	return math.Ldexp(1+float64(i)/binsPerOctave, e), min(math.Ldexp(1+float64(i+1)/binsPerOctave, e), math.MaxFloat64)
}

// Add counts x: finite or +Inf (NaN and -Inf panic).
func (h *Histogram) Add(x float64) { h.AddAll([]float64{x}) }

// AddAll counts every value of xs (each finite or +Inf).
func (h *Histogram) AddAll(xs []float64) {
	for _, x := range xs {
		bits := math.Float64bits(x)
		w := &h.side[bits>>63]
		// The exponent and the leading 7 bits of the fraction are the
		// bin, counted from the first normal octave.
		i := int(bits>>(52-subBits)&(1<<(11+subBits)-1)) - binsPerOctave - w.lo
		if uint(i) < uint(len(w.counts)) {
			if w.counts[i]++; w.counts[i] == 0 {
				w.wrapped(i)
			}
			continue
		}
		if bits<<1 == 0 { // ±0, which many outputs are in many iterations
			h.zero++
			continue
		}
		h.add(bits, 1)
	}
}

// add counts c values of bits's bin, outside the windows' fast path.
func (h *Histogram) add(bits uint64, c int64) {
	switch exp := bits >> 52 & 0x7ff; {
	case exp == 0:
		h.zero += c
	case exp == 0x7ff:
		if bits != math.Float64bits(math.Inf(1)) {
			panic("exact: a histogram of NaN or -Inf")
		}
		h.inf += c
	default:
		h.side[bits>>63].add(int(bits>>(52-subBits)&(1<<(11+subBits)-1))-binsPerOctave, c)
	}
}

// wrapped carries 2^16 for slice entry i, whose count wrapped around.
func (w *window) wrapped(i int) {
	if w.carry == nil {
		w.carry = make(map[int]int64)
	}
	w.carry[w.lo+i] += 1 << 16
}

// add counts c values in bin b, growing the window to reach it when that
// keeps it within maxWindow.
func (w *window) add(b int, c int64) {
	if c == 0 { // nothing to count: no bin made, no window grown
		return
	}
	if i := b - w.lo; uint(i) < uint(len(w.counts)) {
		v := int64(w.counts[i]) + c
		w.counts[i] = uint16(v)
		if rest := v &^ 0xffff; rest != 0 {
			if w.carry == nil {
				w.carry = make(map[int]int64)
			}
			w.carry[b] += rest
		}
		return
	}
	lo, hi := b, b+1 // the bins the window must hold
	if len(w.counts) > 0 {
		lo, hi = min(lo, w.lo), max(hi, w.lo+len(w.counts))
	}
	if hi-lo > maxWindow {
		if w.far == nil {
			w.far = make(map[int]int64)
		}
		w.far[b] += c
		return
	}
	// Room for growth: half the window again on the side that grows, in
	// whole octaves, within maxWindow.
	need := hi
	grow := len(w.counts) / 2
	if len(w.counts) == 0 || lo < w.lo {
		lo = max(0, (lo-grow)&^(binsPerOctave-1))
	}
	if len(w.counts) == 0 || hi > w.lo+len(w.counts) {
		hi = min(bins, (hi+grow+binsPerOctave-1)&^(binsPerOctave-1))
	}
	if hi-lo > maxWindow {
		lo = max(lo, need-maxWindow)
		hi = min(hi, lo+maxWindow)
	}
	counts := make([]uint16, hi-lo)
	if len(w.counts) > 0 {
		copy(counts[w.lo-lo:], w.counts)
	}
	w.lo, w.counts = lo, counts
	w.add(b, c)
}

// each calls f with every non-empty bin of w, in increasing order.
func (w *window) each(f func(b int, c int64)) {
	far, carry := sortedKeys(w.far), sortedKeys(w.carry)
	next := func(upTo int) {
		for len(far) > 0 && far[0] < upTo {
			f(far[0], w.far[far[0]])
			far = far[1:]
		}
	}
	next(w.lo)
	for i, c := range w.counts {
		n := int64(c)
		if len(carry) > 0 && carry[0] == w.lo+i {
			n += w.carry[carry[0]]
			carry = carry[1:]
		}
		if n != 0 {
			f(w.lo+i, n)
		}
	}
	next(math.MaxInt)
}

// sortedKeys returns the bins of m in increasing order.
func sortedKeys(m map[int]int64) []int {
	var keys []int
	for b := range m {
		keys = append(keys, b)
	}
	slices.Sort(keys)
	return keys
}

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	for s := range h.side {
		o.side[s].each(func(b int, c int64) { h.side[s].add(b, c) })
	}
	h.zero += o.zero
	h.inf += o.inf
}

// Bins returns the non-empty bins from the most negative to +Inf.
func (h *Histogram) Bins() []Bin {
	var out []Bin
	h.side[1].each(func(b int, c int64) {
		lo, hi := bounds(b)
		out = append(out, Bin{Lo: -hi, Hi: -lo, Count: c})
	})
	slices.Reverse(out)
	if h.zero != 0 {
		out = append(out, Bin{Count: h.zero})
	}
	h.side[0].each(func(b int, c int64) {
		lo, hi := bounds(b)
		out = append(out, Bin{Lo: lo, Hi: hi, Count: c})
	})
	if h.inf != 0 {
		out = append(out, Bin{Lo: math.Inf(1), Hi: math.Inf(1), Count: h.inf})
	}
	return out
}

// Total returns the number of values counted.
func (h *Histogram) Total() int64 {
	n := h.zero + h.inf
	for s := range h.side {
		h.side[s].each(func(_ int, c int64) { n += c })
	}
	return n
}

// Quantile returns the value at probability p of the n values counted: the
// middle of the bin that holds the value of rank ceil(p*n) (at least 1).
func (h *Histogram) Quantile(p float64, n int64) float64 {
	rank := max(int64(math.Ceil(p*float64(n))), 1)
	for _, b := range h.Bins() {
		if rank -= b.Count; rank <= 0 {
			return b.Lo/2 + b.Hi/2 // no overflow near the largest float64
		}
	}
	return math.Inf(1)
}

// Sparse is a histogram as lists, to be saved: the bins in use of each
// sign, numbered octave*128 + bin in increasing order, and their counts.
type Sparse struct {
	NegBins, PosBins     []int32
	NegCounts, PosCounts []int64
	Zero, Inf            int64
}

// Sparse returns h as lists.
func (h *Histogram) Sparse() Sparse {
	var s Sparse
	s.NegBins, s.NegCounts = h.side[1].sparse()
	s.PosBins, s.PosCounts = h.side[0].sparse()
	s.Zero, s.Inf = h.zero, h.inf
	return s
}

func (w *window) sparse() (bins []int32, counts []int64) {
	w.each(func(b int, c int64) {
		bins, counts = append(bins, int32(b)), append(counts, c)
	})
	return bins, counts
}

// SetSparse restores a histogram saved with Sparse, refusing bins out of
// range, negative counts and lists of different lengths.
func (h *Histogram) SetSparse(s Sparse) error {
	*h = Histogram{zero: s.Zero, inf: s.Inf}
	if s.Zero < 0 || s.Inf < 0 {
		return errors.New("a damaged histogram: a negative count")
	}
	if err := h.side[1].unsparse(s.NegBins, s.NegCounts); err != nil {
		return err
	}
	return h.side[0].unsparse(s.PosBins, s.PosCounts)
}

func (w *window) unsparse(bs []int32, counts []int64) error {
	if len(bs) != len(counts) {
		return errors.New("a damaged histogram: bins and counts differ in number")
	}
	for i, b := range bs {
		if b < 0 || int(b) >= bins || counts[i] < 0 {
			return errors.New("a damaged histogram: a bin out of range or a negative count")
		}
		w.add(int(b), counts[i])
	}
	return nil
}
