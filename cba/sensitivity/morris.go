package sensitivity

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"ipscba/cba"
)

// MorrisOptions control a Morris screening.
type MorrisOptions struct {
	GlobalOptions
	// Trajectories is the number of one-at-a-time paths (default 20).
	Trajectories int
	// Levels is the number of grid levels of each input (even; default 4).
	Levels int
	// Low and High are the percentiles of each factor's distribution that
	// the grid's first and last levels map to (default 0.025 and 0.975),
	// so that unbounded distributions give finite steps.
	Low, High float64
}

// Effect is the Morris elementary effects of one input: the change of the
// output when the input moves by one step (Delta, a fraction of its range
// between the Low and High percentiles), divided by the step.
type Effect struct {
	Group Group
	// Mu is the mean effect, MuStar the mean of its absolute value (the
	// screening measure: how much the input matters), Sigma its standard
	// deviation (non-linearity or interactions).
	Mu, MuStar, Sigma float64
}

// Morris is a Morris screening of one output.
type Morris struct {
	Output       cba.OutputKey
	Trajectories int
	Levels       int
	Delta        float64
	Evaluations  int
	Seed         uint64
	Effects      []Effect // sorted by MuStar, largest first
}

// Morris screens the uncertain factors (or groups) with Morris's
// elementary effects (Morris 1991; mu* as Campolongo, Cariboni and Saltelli
// 2007, who also move a group's factors together): Trajectories paths
// through a grid of Levels levels per input in the unit cube, each moving
// the inputs one at a time, in random order, by Delta = Levels/(2(Levels-1)).
// It costs Trajectories*(inputs+1) evaluations, far fewer than Sobol
// indices, to rank many factors. Inputs are as for Sobol: factors drawn
// together must be one input.
func (m *Model) Morris(ctx context.Context, opt MorrisOptions) (*Morris, error) {
	if opt.Trajectories == 0 {
		opt.Trajectories = 20
	}
	if opt.Levels == 0 {
		opt.Levels = 4
	}
	if opt.Low == 0 && opt.High == 0 {
		opt.Low, opt.High = 0.025, 0.975
	}
	switch {
	case opt.Trajectories < 2 || opt.Trajectories > 1_000_000:
		return nil, fmt.Errorf("morris: %d trajectories: want 2 to 1,000,000", opt.Trajectories)
	case opt.Levels < 2 || opt.Levels%2 != 0 || opt.Levels > 1000:
		return nil, fmt.Errorf("morris: %d levels: want an even number from 2 to 1,000", opt.Levels)
	case !(0 < opt.Low && opt.Low < opt.High && opt.High < 1):
		return nil, fmt.Errorf("morris: percentiles %g and %g: want 0 < low < high < 1", opt.Low, opt.High)
	}
	cube := m.ev.UnitCube()
	gs, varied, err := inputs(m.ev, cube, opt.GlobalOptions)
	if err != nil {
		return nil, fmt.Errorf("morris: %w", err)
	}
	if len(gs) == 0 {
		return nil, fmt.Errorf("morris: the scenario has no uncertain factors")
	}
	p := opt.Levels
	delta := float64(p) / (2 * float64(p-1))
	steps := len(gs) + 1
	dims := cube.Dims()
	// Point s of trajectory t: the base point's levels, then the first s
	// inputs of a random order moved by delta.
	point := func(i uint64, u []float64, g *stream) {
		t, s := i/uint64(steps), int(i%uint64(steps))
		g.key(opt.Seed, t, "ipscba/morris")
		if cap(g.buf) < dims {
			g.buf = make([]float64, dims)
		}
		lvl := g.buf[:dims]
		for k := range lvl {
			// Levels 0 .. 1-delta, so that a step of +delta stays in [0, 1].
			lvl[k] = float64(g.IntN(p/2)) / float64(p-1)
		}
		order := g.Perm(len(gs))
		for _, j := range order[:s] {
			for _, k := range gs[j].dims {
				lvl[k] += delta
			}
		}
		for k := range u {
			u[k] = opt.Low + (opt.High-opt.Low)*lvl[k]
		}
	}
	n := uint64(opt.Trajectories) * uint64(steps)
	d := newDesign(cube, n, point)
	d.blocks = varied
	y, err := evaluate(ctx, m.ev, d, m.out, opt.GlobalOptions)
	if err != nil {
		return nil, err
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("morris: the output is not finite at point %d (a cost-saving ratio, or a break-even month not within the horizon): analyse an NPV", i)
		}
	}
	res := &Morris{Output: m.key, Trajectories: opt.Trajectories, Levels: p, Delta: delta, Evaluations: len(y), Seed: opt.Seed}
	ee := make([][]float64, len(gs))
	g := newStream()
	for t := range uint64(opt.Trajectories) {
		g.key(opt.Seed, t, "ipscba/morris")
		for range dims {
			g.IntN(p / 2) // the same draws as the design's, to reach its order
		}
		order := g.Perm(len(gs))
		for s, j := range order {
			i := t*uint64(steps) + uint64(s)
			ee[j] = append(ee[j], (y[i+1]-y[i])/delta)
		}
	}
	for j := range gs {
		e := Effect{Group: gs[j]}
		for _, v := range ee[j] {
			e.Mu += v
			e.MuStar += math.Abs(v)
		}
		r := float64(len(ee[j]))
		e.Mu /= r
		e.MuStar /= r
		for _, v := range ee[j] {
			e.Sigma += (v - e.Mu) * (v - e.Mu)
		}
		e.Sigma = math.Sqrt(e.Sigma / (r - 1))
		res.Effects = append(res.Effects, e)
	}
	slices.SortStableFunc(res.Effects, func(a, b Effect) int { return cmp.Compare(b.MuStar, a.MuStar) })
	return res, nil
}
