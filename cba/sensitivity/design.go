package sensitivity

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"

	"ipscba/cba"
)

// Group is an input of a global analysis (Sobol, Morris): one factor, or
// factors analysed together.
type Group struct {
	Name    string   // the factor's name, or the group's
	Factors []string // the factors' names
	dims    []int    // coordinates of the unit cube
}

// GlobalOptions are the options shared by the global analyses (Sobol,
// Morris): which factors are analysed and which together, the random
// numbers, the workers.
type GlobalOptions struct {
	// Factors, when not empty, restricts the analysis to these factors
	// (names or paths), each an input on its own, and the groups of
	// Groups; the other factors stay at their base values. Empty: every
	// uncertain factor.
	Factors []string
	// Groups lists factors (names or paths) to analyse as one input.
	Groups [][]string
	// GroupDependent makes each set of factors drawn together (a
	// Dirichlet entry, correlated factors) one input, named by its
	// uncertainty entry. Without it, such factors must be grouped by
	// Groups: the estimators assume independent inputs.
	GroupDependent bool
	// Seed keys the design's random numbers.
	Seed uint64
	// Workers evaluate the design (default runtime.GOMAXPROCS(0)); the
	// result does not depend on their number.
	Workers int
	// Progress, if not nil, is called as evaluations complete.
	Progress func(done, total int)
}

// inputs resolves the inputs of a global analysis over the unit cube's
// blocks: the groups, the factors named alone, and (unless the analysis is
// restricted to named factors) every other uncertain factor alone. A
// dependent block split between inputs, or analysed in part, is refused
// unless GroupDependent. It also returns the blocks the analysis varies;
// the others keep their base values.
func inputs(ev *cba.Evaluator, cube *cba.UnitCube, opt GlobalOptions) ([]Group, []int, error) {
	factors := ev.Factors()
	blocks := cube.Blocks()
	in := newInputSet(factors, blocks)
	asked := slices.Clone(opt.Groups)
	for _, name := range opt.Factors {
		asked = append(asked, []string{name})
	}
	for gi, names := range asked {
		if err := in.addAsked(ev, gi, names); err != nil {
			return nil, nil, err
		}
	}
	restricted := len(opt.Factors) > 0
	if err := in.addDependent(restricted, opt.GroupDependent); err != nil {
		return nil, nil, err
	}
	if !restricted {
		in.addRest()
	}
	varied := in.fill()
	for i := range in.out {
		slices.Sort(in.out[i].dims)
		if i < len(asked) && len(in.out[i].Factors) > 1 {
			// A group is named by every factor it moves (a dependent
			// block joins whole), not only those typed.
			in.out[i].Name = strings.Join(in.out[i].Factors, " + ")
		}
	}
	return in.out, varied, nil
}

// inputSet is the inputs of a global analysis as they are resolved: the
// inputs made so far and the input each block of the unit cube goes into.
type inputSet struct {
	factors []cba.Factor
	blocks  []cba.Block
	index   map[string]int // factor name -> position among the factors
	blockOf map[int]int    // factor -> block
	dims    [][]int        // block -> its coordinates of the unit cube
	groupOf []int          // block -> input, -1: none yet
	named   map[int]bool   // factors an input names
	out     []Group
}

// newInputSet returns an empty set of inputs over the blocks, each block's
// factors taking the unit cube's coordinates in turn.
func newInputSet(factors []cba.Factor, blocks []cba.Block) *inputSet {
	in := &inputSet{factors: factors, blocks: blocks, index: map[string]int{}, blockOf: map[int]int{},
		dims: make([][]int, len(blocks)), groupOf: make([]int, len(blocks)), named: map[int]bool{}}
	d := 0
	for b, bl := range blocks {
		for _, fi := range bl.Factors {
			in.blockOf[fi] = b
			in.dims[b] = append(in.dims[b], d)
			d++
		}
	}
	for i := range factors {
		in.index[factors[i].Name] = i
	}
	for i := range in.groupOf {
		in.groupOf[i] = -1
	}
	return in
}

// addAsked adds group gi of the factors asked for (names or paths), taking
// the blocks of its factors, refusing a factor that is not uncertain and a
// block already in another input.
func (in *inputSet) addAsked(ev *cba.Evaluator, gi int, names []string) error {
	if len(names) == 0 {
		return cba.Errorf("group %d is empty", gi+1)
	}
	g := Group{Name: strings.Join(names, " + ")}
	for _, name := range names {
		f, ok := ev.Factor(name)
		if !ok {
			return cba.Errorf("no factor %q (ipscba -list shows the scenario's numbers)", name)
		}
		in.named[in.index[f.Name]] = true
		b, ok := in.blockOf[in.index[f.Name]]
		if !ok {
			return cba.Errorf("%s is not uncertain: a global analysis varies the uncertain factors", f.Name)
		}
		switch in.groupOf[b] {
		case len(in.out): // already in this input (an alias, or a block's other factor)
		case -1:
			in.groupOf[b] = len(in.out)
		default:
			return cba.Errorf("%s is in %q and in %q", f.Name, in.out[in.groupOf[b]].Name, g.Name)
		}
	}
	in.out = append(in.out, g)
	return nil
}

// addDependent settles the blocks of factors drawn together (analysed,
// when restricted): one an input names whole stays in it; with
// groupDependent, one named in part joins its input whole and one not
// named becomes an input of its own; without, either is refused.
func (in *inputSet) addDependent(restricted, groupDependent bool) error {
	for b, bl := range in.blocks {
		if !bl.Dependent || (restricted && in.groupOf[b] < 0) {
			continue
		}
		var names []string
		all := true
		for _, fi := range bl.Factors {
			names = append(names, in.factors[fi].Name)
			all = all && in.named[fi]
		}
		if in.groupOf[b] >= 0 && (all || groupDependent) {
			continue // the block goes whole into the input that names its factors
		}
		if !groupDependent {
			return cba.Errorf("%s are drawn together (%s): the estimators assume independent inputs, so analyse them as one group (-group %s, or -group dependent)",
				strings.Join(names, ", "), bl.Name, strings.Join(names, ","))
		}
		in.groupOf[b] = len(in.out)
		in.out = append(in.out, Group{Name: bl.Name})
	}
	return nil
}

// addRest makes every block no input has taken an input of its own, named
// by its first factor.
func (in *inputSet) addRest() {
	for b, bl := range in.blocks {
		if in.groupOf[b] < 0 {
			in.groupOf[b] = len(in.out)
			in.out = append(in.out, Group{Name: in.factors[bl.Factors[0]].Name})
		}
	}
}

// fill gives each input the coordinates and factors of its blocks, and
// returns the blocks the inputs vary.
func (in *inputSet) fill() []int {
	var varied []int
	for b, bl := range in.blocks {
		if in.groupOf[b] < 0 {
			continue
		}
		varied = append(varied, b)
		g := &in.out[in.groupOf[b]]
		g.dims = append(g.dims, in.dims[b]...)
		for _, fi := range bl.Factors {
			g.Factors = append(g.Factors, in.factors[fi].Name)
		}
	}
	return varied
}

// design is a designed experiment as a cba.Source: iteration i is point
// point(i) of the unit cube, mapped to a parameter vector.
type design struct {
	cube   *cba.UnitCube
	blocks []int // the blocks the design varies; the others keep their base values
	n      uint64
	point  func(i uint64, u []float64, g *stream)
	g      *stream
	u      []float64
}

// newDesign returns the design of n points of the unit cube, point(i)
// giving point i.
func newDesign(cube *cba.UnitCube, n uint64, point func(uint64, []float64, *stream)) *design {
	return &design{cube: cube, n: n, point: point, u: make([]float64, cube.Dims()), g: newStream()}
}

// Fill sets x to the parameter vector of the design's point i: the
// blocks it varies mapped from the unit cube, the others left as they are.
func (d *design) Fill(i uint64, x []float64) {
	d.point(i, d.u, d.g)
	for _, b := range d.blocks {
		d.cube.MapBlock(b, d.u, x)
	}
}

// Fork returns a design that gives the same points, with its own unit
// cube and buffers, for another goroutine.
func (d *design) Fork() cba.Source {
	f := newDesign(d.cube.Clone(), d.n, d.point)
	f.blocks = d.blocks
	return f
}

// Len returns the number of points of the design: iterations 0 .. n-1.
func (d *design) Len() uint64 { return d.n }

// stream is a random stream that is keyed again for each row of a design,
// so that a row's numbers depend only on (seed, row, purpose).
type stream struct {
	src *rand.ChaCha8
	*rand.Rand
	buf  []float64 // scratch for the design's points
	ints []int     // scratch for a Morris trajectory's levels
}

func newStream() *stream {
	src := rand.NewChaCha8([32]byte{})
	return &stream{src: src, Rand: rand.New(src)}
}

// key restarts the stream at (seed, row, purpose).
func (g *stream) key(seed, row uint64, purpose string) {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[0:], seed)
	binary.LittleEndian.PutUint64(key[8:], row)
	copy(key[16:], purpose)
	g.src.Seed(key)
}

// evaluate runs the design through the evaluator's Monte Carlo machinery
// (its worker pool) and returns output k of every point, in order.
func evaluate(ctx context.Context, ev *cba.Evaluator, d *design, k int, opt GlobalOptions) ([]float64, error) {
	y := make([]float64, d.n)
	_, err := ev.Run(ctx, cba.Options{Iterations: int(d.n), Source: d, Workers: opt.Workers, Progress: opt.Progress,
		SkipStatistics: true, Each: func(i uint64, _, out []float64) { y[i] = out[k] }})
	return y, err
}
