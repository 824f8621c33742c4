package cba_test

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"ipscba/cba"
)

// TestDistFormsMake: each way a scenario file gives a family's parameters
// (DistKind.Forms, chosen by its keys) makes the distribution those
// parameters name, whose mean and sd are the family's closed forms: a gamma
// by shape and scale is the gamma of rate 1/scale, mean shape·scale and sd
// √shape·scale.
func TestDistFormsMake(t *testing.T) {
	for _, tc := range []struct {
		kind     cba.DistKind
		keys     []string
		values   []float64
		want     cba.Distribution
		mean, sd float64
	}{
		{cba.Gamma, []string{"shape", "scale"}, []float64{4, 250},
			cba.Distribution{Kind: cba.Gamma, Shape: 4, Rate: 1.0 / 250}, 1000, 500},
		{cba.Gamma, []string{"shape", "rate"}, []float64{4, 0.004},
			cba.Distribution{Kind: cba.Gamma, Shape: 4, Rate: 0.004}, 1000, 500},
		{cba.LogNormal, []string{"mu", "sigma"}, []float64{1, 0.5},
			cba.Distribution{Kind: cba.LogNormal, Mu: 1, Sigma: 0.5}, math.Exp(1.125), math.Exp(1.125) * math.Sqrt(math.Exp(0.25)-1)},
		{cba.Beta, []string{"alpha", "beta"}, []float64{2, 6},
			cba.Distribution{Kind: cba.Beta, Alpha: 2, Beta: 6}, 0.25, math.Sqrt(2.0 * 6 / (64 * 9))},
		{cba.Uniform, []string{"min", "max"}, []float64{2, 8},
			cba.Distribution{Kind: cba.Uniform, Min: 2, Max: 8}, 5, math.Sqrt(3)},
		{cba.Triangular, []string{"min", "mode", "max"}, []float64{0, 3, 6},
			cba.Distribution{Kind: cba.Triangular, Min: 0, Mode: 3, Max: 6}, 3, math.Sqrt(1.5)},
		{cba.Discrete, []string{"values"}, []float64{1, 2, 6},
			cba.Distribution{Kind: cba.Discrete, Values: []float64{1, 2, 6}}, 3, math.Sqrt(14.0 / 3)},
	} {
		t.Run(fmt.Sprintf("%v by %s", tc.kind, strings.Join(tc.keys, " and ")), func(t *testing.T) {
			i := slices.IndexFunc(tc.kind.Forms(), func(f cba.DistForm) bool { return slices.Equal(f.Keys, tc.keys) })
			if i < 0 {
				t.Fatalf("no form with keys %v", tc.keys)
			}
			d, err := tc.kind.Forms()[i].Make(tc.values)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d, tc.want) {
				t.Errorf("made %+v, want %+v", d, tc.want)
			}
			if m, sd := d.Mean(), d.SD(); math.Abs(m-tc.mean) > 1e-12*tc.mean || math.Abs(sd-tc.sd) > 1e-12*tc.sd {
				t.Errorf("mean %v and sd %v, want %v and %v", m, sd, tc.mean, tc.sd)
			}
		})
	}
}
