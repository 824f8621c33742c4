package exact

import (
	"errors"
	"math"
)

// Histogram counts values in bins 1/128 of a binary order of magnitude wide
// (relative width at most 0.8 %), by sign, over the whole range of float64:
// magnitudes below 2^-1022 (subnormal) count as zero, and +Inf in a bin of
// its own. Counts are integers, so histograms merge exactly. Bins are
// allocated an octave at a time as values reach them. The zero value is an
// empty histogram.
type Histogram struct {
	neg, pos  []*[binsPerOctave]int64 // by octave of |x|
	zero, inf int64
	// The octave and page of the last positive value counted: values of one
	// output mostly fall in a few octaves.
	lastOctave int
	lastPage   *[binsPerOctave]int64
}

const (
	subBits        = 7
	binsPerOctave  = 1 << subBits
	minExp         = -1022 // the smallest normal exponent
	octaves        = 1024 - minExp
	smallestNormal = 0x1p-1022
)

// Bin is one histogram bin: Count values in [Lo, Hi) (or at Lo when Lo ==
// Hi: zero and +Inf).
type Bin struct {
	Lo, Hi float64
	Count  int64
}

// index returns the octave and bin of a normal magnitude a.
func index(a float64) (octave, bin int) {
	bits := math.Float64bits(a)
	return int(bits>>52&0x7ff) - 1, int(bits >> (52 - subBits) & (binsPerOctave - 1))
}

// bounds returns the ends of a bin of magnitudes.
func bounds(octave, bin int) (lo, hi float64) {
	e := octave + minExp
	return math.Ldexp(1+float64(bin)/binsPerOctave, e), math.Ldexp(1+float64(bin+1)/binsPerOctave, e)
}

// Add counts x (finite or +Inf).
func (h *Histogram) Add(x float64) {
	a := math.Abs(x)
	switch {
	case math.IsInf(x, 1):
		h.inf++
	case a < smallestNormal:
		h.zero++
	case x < 0:
		h.neg = count(h.neg, a)
	default:
		if o, b := index(a); h.lastPage != nil && o == h.lastOctave {
			h.lastPage[b]++
			return
		}
		h.pos = count(h.pos, a)
		h.lastOctave, _ = index(a)
		h.lastPage = h.pos[h.lastOctave]
	}
}

func count(pages []*[binsPerOctave]int64, a float64) []*[binsPerOctave]int64 {
	o, b := index(a)
	if pages == nil {
		pages = make([]*[binsPerOctave]int64, octaves)
	}
	if pages[o] == nil {
		pages[o] = new([binsPerOctave]int64)
	}
	pages[o][b]++
	return pages
}

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	h.neg = mergePages(h.neg, o.neg)
	h.pos = mergePages(h.pos, o.pos)
	h.zero += o.zero
	h.inf += o.inf
}

func mergePages(dst, src []*[binsPerOctave]int64) []*[binsPerOctave]int64 {
	for o, page := range src {
		if page == nil {
			continue
		}
		if dst == nil {
			dst = make([]*[binsPerOctave]int64, octaves)
		}
		if dst[o] == nil {
			dst[o] = new([binsPerOctave]int64)
		}
		for b, c := range page {
			dst[o][b] += c
		}
	}
	return dst
}

// Bins returns the non-empty bins from the most negative to +Inf.
func (h *Histogram) Bins() []Bin {
	var out []Bin
	for o := octaves - 1; o >= 0 && h.neg != nil; o-- {
		if page := h.neg[o]; page != nil {
			for b := binsPerOctave - 1; b >= 0; b-- {
				if page[b] != 0 {
					lo, hi := bounds(o, b)
					out = append(out, Bin{Lo: -hi, Hi: -lo, Count: page[b]})
				}
			}
		}
	}
	if h.zero != 0 {
		out = append(out, Bin{Count: h.zero})
	}
	for o := 0; o < octaves && h.pos != nil; o++ {
		if page := h.pos[o]; page != nil {
			for b, c := range page {
				if c != 0 {
					lo, hi := bounds(o, b)
					out = append(out, Bin{Lo: lo, Hi: hi, Count: c})
				}
			}
		}
	}
	if h.inf != 0 {
		out = append(out, Bin{Lo: math.Inf(1), Hi: math.Inf(1), Count: h.inf})
	}
	return out
}

// Total returns the number of values counted.
func (h *Histogram) Total() int64 {
	var n int64
	for _, b := range h.Bins() {
		n += b.Count
	}
	return n
}

// Quantile returns the value at probability p of the n values counted: the
// middle of the bin that holds the value of rank ceil(p*n) (at least 1).
func (h *Histogram) Quantile(p float64, n int64) float64 {
	rank := max(int64(math.Ceil(p*float64(n))), 1)
	for _, b := range h.Bins() {
		if rank -= b.Count; rank <= 0 {
			return (b.Lo + b.Hi) / 2
		}
	}
	return math.Inf(1)
}

// Sparse is a histogram as lists, to be saved: the bins in use of each
// sign, numbered octave*128 + bin, and their counts.
type Sparse struct {
	NegBins, PosBins     []int32
	NegCounts, PosCounts []int64
	Zero, Inf            int64
}

// Sparse returns h as lists.
func (h *Histogram) Sparse() Sparse {
	var s Sparse
	s.NegBins, s.NegCounts = sparse(h.neg)
	s.PosBins, s.PosCounts = sparse(h.pos)
	s.Zero, s.Inf = h.zero, h.inf
	return s
}

func sparse(pages []*[binsPerOctave]int64) (bins []int32, counts []int64) {
	for o, page := range pages {
		if page == nil {
			continue
		}
		for b, c := range page {
			if c != 0 {
				bins, counts = append(bins, int32(o*binsPerOctave+b)), append(counts, c)
			}
		}
	}
	return bins, counts
}

// SetSparse restores a histogram saved with Sparse, refusing bins out of
// range, negative counts and lists of different lengths.
func (h *Histogram) SetSparse(s Sparse) error {
	*h = Histogram{zero: s.Zero, inf: s.Inf}
	if s.Zero < 0 || s.Inf < 0 {
		return errors.New("a damaged histogram: a negative count")
	}
	var err error
	if h.neg, err = unsparse(s.NegBins, s.NegCounts); err != nil {
		return err
	}
	h.pos, err = unsparse(s.PosBins, s.PosCounts)
	return err
}

func unsparse(bins []int32, counts []int64) ([]*[binsPerOctave]int64, error) {
	if len(bins) != len(counts) {
		return nil, errors.New("a damaged histogram: bins and counts differ in number")
	}
	var pages []*[binsPerOctave]int64
	for i, b := range bins {
		if b < 0 || int(b) >= octaves*binsPerOctave || counts[i] < 0 {
			return nil, errors.New("a damaged histogram: a bin out of range or a negative count")
		}
		if pages == nil {
			pages = make([]*[binsPerOctave]int64, octaves)
		}
		o := int(b) / binsPerOctave
		if pages[o] == nil {
			pages[o] = new([binsPerOctave]int64)
		}
		pages[o][int(b)%binsPerOctave] += counts[i]
	}
	return pages, nil
}
