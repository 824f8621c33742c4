package sensitivity

import (
	"cmp"
	"slices"

	"ipscba/cba"
)

// Decider is one row of "what decides it": a factor, its swing on each of
// the outputs, and the value at which each output changes sign.
type Decider struct {
	Factor    cba.Factor
	Low, High float64
	// From says where Low and High come from (Bar.From): "percentiles", or
	// "fixed ±20 %" when the scenario has no uncertain factor.
	From string
	// AtLow[k] and AtHigh[k] are output k with the factor at its low and
	// high value, others at base, and Swing[k] the distance between them;
	// Switch[k] is its switching value for output k within the factor's
	// bound (Found false: none).
	AtLow, AtHigh, Swing []float64
	Switch               []*Switch
}

// WhatDecides returns the n factors with the largest swing on any of the
// outputs (a one-way analysis of each uncertain factor between its 2.5th
// and 97.5th percentiles; with no uncertain factor, each factor ±20 %),
// each with its switching values: a short table of the assumptions that
// decide the answer.
func WhatDecides(ev *cba.Evaluator, keys []cba.OutputKey, n int) ([]Decider, error) {
	if len(keys) == 0 || n < 1 {
		return nil, nil
	}
	models := make([]*Model, len(keys))
	tornados := make([]*Tornado, len(keys))
	opt := TornadoOptions{}
	for k, key := range keys {
		m, err := NewModel(ev, key)
		if err != nil {
			return nil, err
		}
		models[k] = m
		if tornados[k], err = m.Tornado(opt); err != nil {
			return nil, err
		}
		if k == 0 && len(tornados[0].Bars) == 0 {
			opt.Fixed = 0.2
			if tornados[0], err = m.Tornado(opt); err != nil {
				return nil, err
			}
		}
	}
	byName := map[string]*Decider{}
	var rows []*Decider
	for k, t := range tornados {
		for _, b := range t.Bars {
			d, ok := byName[b.Factor.Name]
			if !ok {
				n := len(keys)
				d = &Decider{Factor: b.Factor, Low: b.Low, High: b.High, From: b.From, AtLow: make([]float64, n), AtHigh: make([]float64, n),
					Swing: make([]float64, n), Switch: make([]*Switch, n)}
				byName[b.Factor.Name] = d
				rows = append(rows, d)
			}
			d.AtLow[k], d.AtHigh[k], d.Swing[k] = b.AtLow, b.AtHigh, b.Swing
		}
	}
	slices.SortStableFunc(rows, func(a, b *Decider) int { return cmp.Compare(slices.Max(b.Swing), slices.Max(a.Swing)) })
	rows = rows[:min(n, len(rows))]
	out := make([]Decider, 0, len(rows))
	for _, d := range rows {
		if slices.Max(d.Swing) == 0 {
			break // factors that do not move any output decide nothing
		}
		for k, m := range models {
			sw, err := m.Switching(d.Factor.Name, SwitchOptions{})
			if err != nil {
				return nil, cba.Errorf("what decides it: %w", err)
			}
			d.Switch[k] = sw
		}
		out = append(out, *d)
	}
	return out, nil
}
