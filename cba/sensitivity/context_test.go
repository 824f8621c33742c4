package sensitivity

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestModelStopsWithItsContext: a model bound to a context that is done
// stops its one-way, switching-value and two-way analyses with the
// context's error (not a result, nor a "limit" of the scenario), and a
// large grid stopped midway returns at once. The model it was made from
// is unaffected.
func TestModelStopsWithItsContext(t *testing.T) {
	m := model(t, load(t, linear), society)
	var fs []string        // factors an analysis may move
	var around [][]float64 // their values from 0.9 to 1.1 times their base, 1000 of them
	for _, f := range m.Factors() {
		if f.Variable() == nil && f.Unused == "" && f.ShareSet < 0 && f.Value > 0 {
			fs = append(fs, f.Name)
			around = append(around, Steps(0.9*f.Value, 1.1*f.Value, 1000))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := m.WithContext(ctx)
	x, y := Axis{Factor: fs[0], Values: around[0][:3]}, Axis{Factor: fs[1], Values: around[1][:3]}
	for name, run := range map[string]func(*Model) error{
		"tornado":   func(m *Model) error { _, err := m.Tornado(TornadoOptions{Fixed: 0.2}); return err },
		"switching": func(m *Model) error { _, err := m.Switching(fs[0], SwitchOptions{}); return err },
		"all":       func(m *Model) error { _, err := m.SwitchingAll(SwitchOptions{}); return err },
		"two-way":   func(m *Model) error { _, err := m.TwoWay(x, y); return err },
		"base":      func(m *Model) error { _, err := m.Base(); return err },
	} {
		if err := run(done); !errors.Is(err, context.Canceled) {
			t.Errorf("%s stopped: %v; want context.Canceled", name, err)
		}
		if err := run(m); err != nil {
			t.Errorf("%s of the model it was made from: %v", name, err)
		}
	}
	// A grid of a million points, stopped after 50 ms.
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := m.WithContext(ctx).TwoWay(Axis{Factor: fs[0], Values: around[0]}, Axis{Factor: fs[1], Values: around[1]})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a large grid: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second { // a margin for a loaded machine
		t.Errorf("a large grid stopped after 50 ms returned after %v", d)
	}
}
