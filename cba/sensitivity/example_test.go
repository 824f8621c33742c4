package sensitivity_test

import (
	"context"
	"fmt"
	"math"

	"ipscba/cba"
	"ipscba/cba/scenario"
	"ipscba/cba/sensitivity"
)

// The switching value of a linear function is its root.
func ExampleRoot() {
	x, err := sensitivity.Root(func(x float64) (float64, error) { return 1.2*x - 30000, nil }, 0, 1e6, 0)
	fmt.Printf("%.6f %v\n", x, err)
	// Output: 25000.000000 <nil>
}

// The expected value of perfect information of a choice between doing
// nothing (0) and a programme whose net benefit is +100 or -50, equally
// likely: choosing well each time gains (100 + 0)/2 = 50 against the
// programme's expected 25.
func ExampleEVPI() {
	v, _ := sensitivity.EVPI([][]float64{{0, 100}, {0, -50}})
	fmt.Println(v)
	// Output: 25
}

// Sobol indices of f(u) = u1 + 2 u2 over the unit square: the variances
// are 1/12 and 4/12, so the indices are 0.2 and 0.8.
func ExampleSobolFunc() {
	res, _ := sensitivity.SobolFunc(context.Background(), func(u []float64) float64 { return u[0] + 2*u[1] }, 2,
		sensitivity.SobolOptions{N: 1 << 12, Bootstrap: sensitivity.NoBootstrap})
	for _, ix := range res.Indices {
		fmt.Printf("%s: first-order %.2f, total %.2f\n", ix.Group.Name, math.Round(100*ix.First)/100, math.Round(100*ix.Total)/100)
	}
	// Output:
	// x1: first-order 0.20, total 0.20
	// x2: first-order 0.80, total 0.80
}

// Morris elementary effects of f(u) = 3 u1 - 2 u2 over the unit square:
// the output moves by 3 when u1 crosses [0, 1], by -2 when u2 does, every
// step alike (sigma 0).
func ExampleMorrisFunc() {
	res, _ := sensitivity.MorrisFunc(context.Background(), func(u []float64) float64 { return 3*u[0] - 2*u[1] }, 2, sensitivity.MorrisOptions{})
	for _, e := range res.Effects {
		fmt.Printf("%s: mu* %.2f, mu %.2f, sigma %.2f\n", e.Group.Name, e.MuStar, e.Mu, math.Abs(e.Sigma))
	}
	// Output:
	// x1: mu* 3.00, mu 3.00, sigma 0.00
	// x2: mu* 2.00, mu -2.00, sigma 0.00
}

// The half-life of IPS's effect at which the public budgets break even, in
// the bundled Norwegian scenario.
func ExampleModel_Switching() {
	f, err := scenario.Load("../../scenarios/norway-norce.yaml")
	if err != nil {
		panic(err)
	}
	ev, err := cba.NewEvaluator(f.Scenario)
	if err != nil {
		panic(err)
	}
	public := cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "public"}
	m, err := sensitivity.NewModel(ev, public)
	if err != nil {
		panic(err)
	}
	sw, err := m.Switching("arms.ips.effect.half_life_months", sensitivity.SwitchOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %.1f months (base %.0f)\n", sw.Factor.Name, sw.Value, sw.Base)
	// Output: arms.ips.effect.half_life_months: 76.1 months (base 24)
}
