package sensitivity

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"

	"ipscba/cba"
)

// Model is one output of a scenario as a function of the scenario's
// factors: what the one-way, switching-value and two-way analyses vary.
// It evaluates with the fast engine (cba.Evaluator.EvaluateOutputs), a few
// microseconds an evaluation.
//
// A Model is not safe for concurrent use.
type Model struct {
	ctx     context.Context // nil: never stops
	ev      *cba.Evaluator
	factors []cba.Factor
	key     cba.OutputKey
	out     int
	base    []float64
	x, buf  []float64
}

// NewModel returns the model of output key of the evaluator's scenario.
func NewModel(ev *cba.Evaluator, key cba.OutputKey) (*Model, error) {
	if ev == nil {
		return nil, errors.New("sensitivity model: no evaluator (make one with cba.NewEvaluator)")
	}
	out, err := outputIndex(ev, key)
	if err != nil {
		return nil, err
	}
	m := &Model{ev: ev, factors: ev.Factors(), key: key, out: out, base: ev.Base()}
	m.x, m.buf = ev.Base(), make([]float64, len(ev.Outputs()))
	return m, nil
}

// outputIndex returns the position of key among the evaluator's outputs, or
// an error naming the outputs there are.
func outputIndex(ev *cba.Evaluator, key cba.OutputKey) (int, error) {
	keys := ev.Outputs()
	for i, k := range keys {
		if k == key {
			return i, nil
		}
	}
	var some []string
	for _, k := range keys {
		if k.Year == 0 && (k.Group == cba.Population || len(some) < 12) {
			some = append(some, k.String())
		}
	}
	if len(some) > 12 {
		some = append(some[:12], "…")
	}
	return 0, cba.Errorf("no output %s; outputs include %s", key, strings.Join(some, ", "))
}

// WithContext returns a copy of m whose one-way, switching-value and
// two-way analyses (Tornado, Switching, SwitchingAll, TwoWay, and At and
// With) stop as soon as ctx is done, returning ctx's error (a large
// two-way grid takes seconds). The copy has buffers of its own but shares
// m's evaluator: use one of them at a time. Sobol and Morris take their
// context as an argument.
func (m *Model) WithContext(ctx context.Context) *Model {
	c := *m
	c.ctx = ctx
	c.x, c.buf = slices.Clone(m.base), make([]float64, len(m.buf))
	return &c
}

// stopped returns the error of the model's context once it is done.
func (m *Model) stopped() error {
	if m.ctx == nil {
		return nil
	}
	return m.ctx.Err()
}

// Output returns the output the model computes.
func (m *Model) Output() cba.OutputKey { return m.key }

// Evaluator returns the model's evaluator.
func (m *Model) Evaluator() *cba.Evaluator { return m.ev }

// Factors returns the scenario's factors (as Evaluator.Factors).
func (m *Model) Factors() []cba.Factor { return m.factors }

// Base returns the output at the factors' base values.
func (m *Model) Base() (float64, error) { return m.At(m.base) }

// At returns the output at parameter vector x.
func (m *Model) At(x []float64) (float64, error) {
	if err := m.stopped(); err != nil {
		return math.NaN(), err
	}
	if err := m.ev.EvaluateOutputs(x, m.buf); err != nil {
		return math.NaN(), err
	}
	return m.buf[m.out], nil
}

// With returns the output with factor f at value v and every other factor
// at its base value; a share moves its set with it (cba.Evaluator.SetShare).
func (m *Model) With(f *cba.Factor, v float64) (float64, error) {
	copy(m.x, m.base)
	if err := m.ev.SetShare(m.x, f.Index, v); err != nil {
		return math.NaN(), err
	}
	return m.At(m.x)
}

// Factor returns the factor named by name (its name or any of its paths).
// Whole numbers (a horizon, a month) shape the model and are not varied
// here: they are refused with a message.
func (m *Model) Factor(name string) (*cba.Factor, error) {
	return findFactor(m.ev, m.factors, name)
}

func findFactor(ev *cba.Evaluator, factors []cba.Factor, name string) (*cba.Factor, error) {
	f, ok := ev.Factor(name)
	if !ok {
		return nil, cba.Errorf("no factor %q (ipscba -list shows the scenario's numbers)", name)
	}
	if err := f.Variable(); err != nil {
		return nil, err
	}
	for i := range factors {
		if factors[i].Name == f.Name {
			return &factors[i], nil
		}
	}
	return nil, cba.Errorf("no factor %q", name)
}

// target is the value an output's sign is judged against: 1 for a ratio,
// 0 otherwise.
func target(key cba.OutputKey) float64 {
	if key.Measure == cba.BenefitCostRatio || key.Measure == cba.PublicReturn {
		return 1
	}
	return 0
}

// clampTo returns v within the factor's bound.
func clampTo(f *cba.Factor, v float64) float64 {
	b := f.Bound
	lo, hi := b.Min, b.Max
	if b.MinOpen && v <= lo {
		return math.Nextafter(lo, math.Inf(1))
	}
	return min(max(v, lo), hi)
}
