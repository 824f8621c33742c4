package sensitivity

import (
	"context"
	"math/rand/v2"
	"testing"

	"ipscba/cba"
)

var norwaySociety = cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"}

// The ten factors of the Norwegian scenario with the largest swings (and
// independent draws).
var tenFactors = []string{
	"groups.under30.job.weekly_hours", "arms.ips.effect.half_life_months", "groups.under30.job.hourly_wage",
	"arms.traditional.costs.additional_measures.amount", "arms.ips.costs.employment_specialist.amount",
	"arms.ips.enrolment.months", "arms.ips.enrolment.dropout", "arms.ips.costs.supervision.amount",
	"arms.ips.costs.training_and_fidelity.amount", "benefits.disability_benefit.in_work.earnings.taper",
}

// BenchmarkSobolNorway: Sobol indices of society's NPV for 10 factors at
// 2^14 base samples (12 x 16,384 = 196,608 evaluations) on the bundled
// Norwegian scenario. Target: under 30 s on 2 cores.
func BenchmarkSobolNorway(b *testing.B) {
	m := model(b, norway(b), norwaySociety)
	for b.Loop() {
		res, err := m.Sobol(context.Background(), SobolOptions{N: 1 << 14, GlobalOptions: GlobalOptions{Factors: tenFactors}})
		if err != nil {
			b.Fatal(err)
		}
		if res.Evaluations != 12<<14 {
			b.Fatalf("%d evaluations", res.Evaluations)
		}
	}
}

// BenchmarkTornadoNorway: every factor of the bundled scenario, uncertain
// ones at their percentiles, fixed ones at ±20 %. Target: under 1 s.
func BenchmarkTornadoNorway(b *testing.B) {
	m := model(b, norway(b), norwaySociety)
	for b.Loop() {
		if _, err := m.Tornado(TornadoOptions{Fixed: 0.2}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSwitchingNorway: the half-life at which the public budgets
// break even. Target: under 50 ms.
func BenchmarkSwitchingNorway(b *testing.B) {
	key := norwaySociety
	key.Perspective = "public"
	m := model(b, norway(b), key)
	for b.Loop() {
		sw, err := m.Switching("arms.ips.effect.half_life_months", SwitchOptions{})
		if err != nil || !sw.Found {
			b.Fatal(sw, err)
		}
	}
}

// BenchmarkEVPPI: the EVPPI of one factor from 100,000 stored iterations,
// by each method. Target: under 5 s.
func BenchmarkEVPPI(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 100_000
	nb, x := make([][]float64, n), make([][]float64, n)
	for i := range n {
		v := rng.NormFloat64()
		nb[i] = []float64{0, 1000*v + 3000*rng.NormFloat64()}
		x[i] = []float64{v}
	}
	b.Run("regression", func(b *testing.B) {
		for b.Loop() {
			if _, err := EVPPIRegression(nb, x); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("binning", func(b *testing.B) {
		for b.Loop() {
			if _, err := EVPPIBinning(nb, x, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkValueOfInformationNorway: EVPI and the EVPPI of each of the
// bundled Norwegian scenario's 35 uncertain factors from 10,000
// iterations, by each method (the Monte Carlo run included).
func BenchmarkValueOfInformationNorway(b *testing.B) {
	ev := evaluator(b, norway(b))
	for _, m := range []EVPPIMethod{Regression, Binning} {
		b.Run(m.String(), func(b *testing.B) {
			for b.Loop() {
				v, err := ValueOfInformation(context.Background(), ev, VOIOptions{Iterations: 10_000, Method: m})
				if err != nil || len(v.Partial) != 36 {
					b.Fatal(v, err)
				}
			}
		})
	}
}
