package sensitivity

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"ipscba/cba"
)

// TestMorrisLinear: in the linear scenario, with the IPS cost normal and
// the comparator's cost gamma, every elementary effect of a cost is what
// the legend says mu* is: its slope times the distance between the cost's
// Low and High percentiles (-1.2 and +1.2 for society), whatever the
// distribution; so mu = ±mu*, sigma is 0 (no interaction), and the
// cohort's intake has no effect at all. (Effects in units of the grid's
// percentiles, as before, gave 17,049 for the normal cost instead of its
// 18,816.)
func TestMorrisLinear(t *testing.T) {
	s := load(t, linear, "{type: normal, mean: 20000, sd: 2000}", "{type: gamma, shape: 2, scale: 10000}")
	m := model(t, s, society)
	normal := distuv.Normal{Mu: 30000, Sigma: 4000}
	gamma := distuv.Gamma{Alpha: 2, Beta: 1.0 / 10000}
	for _, tc := range []struct {
		low, high float64 // 0: the defaults, 0.025 and 0.975
		p, q      float64
	}{{0, 0, 0.025, 0.975}, {0.1, 0.9, 0.1, 0.9}} {
		res, err := m.Morris(context.Background(), MorrisOptions{Trajectories: 10, Low: tc.low, High: tc.high, GlobalOptions: GlobalOptions{Seed: 3}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Effects) != 3 || res.Evaluations != 10*4 {
			t.Fatalf("%d effects, %d evaluations", len(res.Effects), res.Evaluations)
		}
		// In order of mu*: the gamma cost's range is the wider.
		for i, want := range []struct {
			name string
			mu   float64
		}{
			{"arms.usual.costs.training.amount", 1.2 * (gamma.Quantile(tc.q) - gamma.Quantile(tc.p))},
			{"arms.ips.costs.specialist.amount", -1.2 * (normal.Quantile(tc.q) - normal.Quantile(tc.p))},
			{"cohort.starts_per_year", 0},
		} {
			e := res.Effects[i]
			// The unit cube's quantiles err by less than 1e-6 sd.
			tol := 1e-5*math.Abs(want.mu) + 1e-9
			if e.Group.Name != want.name || math.Abs(e.Mu-want.mu) > tol || math.Abs(e.MuStar-math.Abs(want.mu)) > tol || e.Sigma > tol {
				t.Errorf("percentiles %v to %v, effect %d: %+v, want %s with mu %v", tc.p, tc.q, i, e, want.name, want.mu)
			}
		}
	}
	res, err := m.Morris(context.Background(), MorrisOptions{Trajectories: 10, GlobalOptions: GlobalOptions{Seed: 3}})
	if err != nil {
		t.Fatal(err)
	}
	again, err := m.Morris(context.Background(), MorrisOptions{Trajectories: 10, GlobalOptions: GlobalOptions{Seed: 3, Workers: 3}})
	if err != nil || !reflect.DeepEqual(res, again) {
		t.Errorf("another worker count: %v", err)
	}
	for _, bad := range []MorrisOptions{{Trajectories: 1}, {Levels: 3}, {Low: 0.9, High: 0.1}, {Low: 0, High: 0.5}} {
		if _, err := m.Morris(context.Background(), bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	// The most evaluations, MaxEvaluations, are admitted; one trajectory
	// more is refused. The plan alone is made, so that no analysis of that
	// size can start.
	gs := make([]Group, 4095)
	if _, err := newMorrisPlan(MorrisOptions{Trajectories: 1 << 19}, gs, len(gs)); err != nil {
		t.Errorf("2^19 trajectories of 4095 inputs (2^31 evaluations): %v", err)
	}
	_, err = newMorrisPlan(MorrisOptions{Trajectories: 1<<19 + 1}, gs, len(gs))
	if want := "morris: 524289 trajectories of 4095 inputs: more than 2147483648 evaluations"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestMorrisMatchesTornado: on the Norwegian scenario, society's NPV is
// linear in the programme costs, so their mu* is the tornado's swing
// between the same percentiles (PERT distributions, not uniform) and their
// sigma is 0.
func TestMorrisMatchesTornado(t *testing.T) {
	m := model(t, norway(t), norwaySociety)
	res, err := m.Morris(context.Background(), MorrisOptions{Trajectories: 10, GlobalOptions: GlobalOptions{GroupDependent: true, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	costs := []string{"arms.traditional.costs.additional_measures.amount", "arms.ips.costs.training_and_fidelity.amount"}
	tor, err := m.Tornado(TornadoOptions{Factors: costs})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range tor.Bars {
		i := slices.IndexFunc(res.Effects, func(e Effect) bool { return e.Group.Name == b.Factor.Name })
		if i < 0 {
			t.Fatalf("no effect of %s", b.Factor.Name)
		}
		if e := res.Effects[i]; math.Abs(e.MuStar-b.Swing) > 1e-9*b.Swing || e.Sigma > 1e-9*b.Swing {
			t.Errorf("%s (%v): mu* %v, sigma %v; swing %v", b.Factor.Name, b.Factor.Dist, e.MuStar, e.Sigma, b.Swing)
		}
	}
}

// TestMorrisFunc: Morris over a function of the unit hypercube, on
// functions whose elementary effects are known. A linear function's are
// its coefficients times High - Low, every one (mu = coefficient, sigma
// 0); a group of coordinates moved together has the sum of theirs; for
// f = u1^2 on 4 levels a step of 2/3 from u in {0, 1/3} has the effect
// 2u + 2/3, so each effect is 2/3 or 4/3 and sigma is the two-point
// standard deviation that mu implies.
func TestMorrisFunc(t *testing.T) {
	ctx := context.Background()
	linear := func(u []float64) float64 { return 3*u[0] - 2*u[1] + 5*u[3] }
	for _, tc := range []struct {
		opt   MorrisOptions
		scale float64
	}{{MorrisOptions{}, 1}, {MorrisOptions{Low: 0.25, High: 0.75, Levels: 6}, 0.5}} {
		res, err := MorrisFunc(ctx, linear, 4, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Evaluations != 20*5 || len(res.Effects) != 4 {
			t.Fatalf("%d evaluations, %d effects", res.Evaluations, len(res.Effects))
		}
		want := map[string]float64{"x1": 3, "x2": -2, "x3": 0, "x4": 5}
		for _, e := range res.Effects {
			w := want[e.Group.Name] * tc.scale
			if math.Abs(e.Mu-w) > 1e-12 || math.Abs(e.MuStar-math.Abs(w)) > 1e-12 || e.Sigma > 1e-12 {
				t.Errorf("%+v: %s: %+v, want mu %v, sigma 0", tc.opt, e.Group.Name, e, w)
			}
		}
		if res.Effects[0].Group.Name != "x4" || res.Effects[3].Group.Name != "x3" {
			t.Errorf("not in order of mu*: %+v", res.Effects)
		}
	}
	res, err := MorrisFunc(ctx, func(u []float64) float64 { return u[0] + u[1] - u[2] }, 3,
		MorrisOptions{GlobalOptions: GlobalOptions{Groups: [][]string{{"x1", "x2"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Effects[0]; e.Group.Name != "x1 + x2" || math.Abs(e.Mu-2) > 1e-12 || e.Sigma > 1e-12 {
		t.Errorf("group: %+v, want mu 2", e)
	}
	const r = 200
	res, err = MorrisFunc(ctx, func(u []float64) float64 { return u[0] * u[0] }, 1, MorrisOptions{Trajectories: r, GlobalOptions: GlobalOptions{Seed: 5}})
	if err != nil {
		t.Fatal(err)
	}
	e := res.Effects[0]
	q := (e.Mu - 2.0/3) / (2.0 / 3) // the share of effects that are 4/3
	sigma := 2.0 / 3 * math.Sqrt(q*(1-q)*r/(r-1))
	if !(q > 0.3 && q < 0.7) || e.MuStar != e.Mu || math.Abs(e.Sigma-sigma) > 1e-12 || math.Abs(q*r-math.Round(q*r)) > 1e-9 {
		t.Errorf("u1^2: %+v; want mu* = mu = 2/3 + 2/3 q for a share q of r = %d, sigma %v", e, r, sigma)
	}
	again, _ := MorrisFunc(ctx, func(u []float64) float64 { return u[0] * u[0] }, 1, MorrisOptions{Trajectories: r, GlobalOptions: GlobalOptions{Seed: 5}})
	if !reflect.DeepEqual(res, again) {
		t.Error("the same seed gives another screening")
	}
	for _, bad := range []MorrisOptions{{Low: -0.1, High: 0.5}, {Low: 0.5, High: 1.5}, {Low: 0.6, High: 0.4}, {Levels: 5},
		{GlobalOptions: GlobalOptions{Groups: [][]string{{"x9"}}}}} {
		if _, err := MorrisFunc(ctx, linear, 4, bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if _, err := MorrisFunc(ctx, linear, 0, MorrisOptions{}); err == nil {
		t.Error("no dimensions: no error")
	}
}

// evpiNormal is the EVPI of a choice between 0 and a net benefit drawn
// from N(mu, sigma^2): sigma phi(mu/sigma) - |mu| Phi(-|mu|/sigma).
func evpiNormal(mu, sigma float64) float64 {
	phi := math.Exp(-mu*mu/(2*sigma*sigma)) / math.Sqrt(2*math.Pi)
	return sigma*phi - math.Abs(mu)*0.5*math.Erfc(math.Abs(mu)/sigma/math.Sqrt2)
}

func TestEVPI(t *testing.T) {
	// One option best in every iteration: exactly 0.
	rng := rand.New(rand.NewPCG(1, 1))
	var nb [][]float64
	for range 1000 {
		v := rng.NormFloat64()
		nb = append(nb, []float64{v, v + 0.1 + rng.Float64(), v - 3})
	}
	if v, err := EVPI(nb); err != nil || v != 0 {
		t.Errorf("a dominant option: EVPI %v, %v", v, err)
	}
	// Two options, the net benefit normal: the closed form, within 4
	// standard errors.
	for _, c := range []struct{ mu, sigma float64 }{{0, 1}, {1, 2}, {-3000, 5000}, {50000, 30000}} {
		const n = 200_000
		nb = nb[:0]
		sum, sum2 := 0.0, 0.0
		for range n {
			x := c.mu + c.sigma*rng.NormFloat64()
			nb = append(nb, []float64{0, x})
			l := max(0, x) - max(0, c.mu) // the loss avoided, per iteration
			sum += l
			sum2 += l * l
		}
		se := math.Sqrt((sum2/n - (sum/n)*(sum/n)) / n)
		got, err := EVPI(nb)
		if want := evpiNormal(c.mu, c.sigma); err != nil || math.Abs(got-want) > 4*se+0.01*c.sigma/math.Sqrt(n) {
			t.Errorf("N(%v, %v^2): EVPI %v, closed form %v (se %v), %v", c.mu, c.sigma, got, want, se, err)
		}
	}
	if _, err := EVPI(nil); err == nil {
		t.Error("no iterations: no error")
	}
	if _, err := EVPI([][]float64{{1, math.Inf(1)}}); err == nil {
		t.Error("an infinite net benefit: no error")
	}
}

// TestEVPPIProperties: on random cases, the binning estimator's 0 <= EVPPI
// <= EVPI, a group's EVPPI is never below a subset's, an input the net
// benefit does not depend on is worth nothing, and knowing the net
// benefit's only input is worth nearly the EVPI.
func TestEVPPIProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for c := range 60 {
		n := 50 + rng.IntN(3000)
		arms := 2 + rng.IntN(3)
		k := 1 + rng.IntN(4)
		nb := make([][]float64, n)
		x := make([][]float64, n)
		w := make([][]float64, arms)
		for d := range w {
			w[d] = make([]float64, k)
			for j := range w[d] {
				w[d][j] = rng.NormFloat64()
			}
		}
		noise := rng.Float64() * 3
		for i := range n {
			x[i] = make([]float64, k)
			for j := range x[i] {
				x[i][j] = rng.NormFloat64()
				if rng.IntN(4) == 0 {
					x[i][j] = math.Round(x[i][j]) // ties
				}
			}
			nb[i] = make([]float64, arms)
			for d := range nb[i] {
				for j := range k {
					nb[i][d] += w[d][j] * x[i][j]
				}
				nb[i][d] += noise * rng.NormFloat64()
			}
		}
		evpi, err := EVPI(nb)
		if err != nil {
			t.Fatal(err)
		}
		bins := rng.IntN(8) // 0: the default
		prev := 0.0
		for size := 1; size <= k; size++ {
			sub := make([][]float64, n)
			for i := range n {
				sub[i] = x[i][:size]
			}
			v, err := EVPPIBinning(nb, sub, bins)
			if err != nil {
				t.Fatal(err)
			}
			if !(0 <= v && v <= evpi) {
				t.Fatalf("case %d: EVPPI %v of %d inputs, EVPI %v", c, v, size, evpi)
			}
			if v < prev {
				t.Fatalf("case %d: EVPPI of %d inputs %v, below %v of a subset", c, size, v, prev)
			}
			prev = v
		}
	}
	// An input the net benefit does not depend on: 0 exactly when it is
	// constant; knowing the only input: nearly the EVPI.
	n := 100_000
	nb := make([][]float64, n)
	x, still := make([][]float64, n), make([][]float64, n)
	for i := range n {
		v := rng.NormFloat64()
		nb[i] = []float64{0, v}
		x[i], still[i] = []float64{v}, []float64{1}
	}
	evpi, _ := EVPI(nb)
	if v, _ := EVPPIBinning(nb, still, 0); v != 0 {
		t.Errorf("a constant input: EVPPI %v", v)
	}
	if v, _ := EVPPIBinning(nb, x, 0); v < 0.98*evpi || v > evpi {
		t.Errorf("the only input: EVPPI %v, EVPI %v", v, evpi)
	}
}

// TestValueOfInformation: on the linear scenario society's net benefit is
// a normal N(mu, sigma^2) with sigma = 1.2 sqrt(4000^2 + 2000^2): the EVPI
// is the closed form's; the cohort's participants are the hand-computed
// annuity.
func TestValueOfInformation(t *testing.T) {
	s := load(t, linear, "mean: 30000, sd: 4000", "mean: 95000, sd: 4000")
	ev := evaluator(t, s)
	v, err := ValueOfInformation(context.Background(), ev, VOIOptions{Iterations: 100_000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := model(t, s, society)
	mu, _ := m.Base()
	sigma := 1.2 * math.Sqrt(4000*4000+2000*2000)
	if want := evpiNormal(mu, sigma); math.Abs(v.EVPI-want) > 0.05*want {
		t.Errorf("EVPI %v, closed form %v (mu %v)", v.EVPI, want, mu)
	}
	// 10 starts a month for 24 months, discounted monthly at 4 % a year.
	want := 0.0
	for s := range 24 {
		want += 10 * math.Pow(1.04, -float64(s)/12)
	}
	if math.Abs(v.Participants-want) > 1e-9*want || v.CohortEVPI != v.EVPI*v.Participants {
		t.Errorf("participants %v, want %v; cohort EVPI %v", v.Participants, want, v.CohortEVPI)
	}
	if len(v.Partial) != 3 || v.Options[0] != "usual" {
		t.Fatalf("%+v", v)
	}
	for _, p := range v.Partial {
		if p.PerParticipant < 0 || p.PerParticipant > v.EVPI {
			t.Errorf("%v: EVPPI %v, EVPI %v", p.Factors, p.PerParticipant, v.EVPI)
		}
		if p.Factors[0] == "cohort.starts_per_year" && p.PerParticipant > 0.05*v.EVPI {
			t.Errorf("the cohort's intake, not in the NPV, is worth %v of %v", p.PerParticipant, v.EVPI)
		}
	}
	if _, err := ValueOfInformation(context.Background(), ev, VOIOptions{Perspective: "nobody", Iterations: 10}); err == nil {
		t.Error("an unknown perspective: no error")
	}
}

// TestAcceptabilityEqualsReruns: the curve from one run's stored components
// equals, at three points, a run with the quantity set there.
func TestAcceptabilityEqualsReruns(t *testing.T) {
	// Programme costs near the break-even, so that the probabilities are
	// neither 0 nor 1.
	s := load(t, linear, "mean: 30000, sd: 4000", "mean: 90000, sd: 4000")
	ev := evaluator(t, s)
	opt := AcceptOptions{Iterations: 2000, Seed: 5}
	for _, c := range []struct {
		q      Quantity
		values []float64
		set    func(s *cba.Scenario, v float64)
	}{
		{FinancingCost, []float64{0, 0.2, 0.6}, func(s *cba.Scenario, v float64) { s.Perspective.Lambda = v }},
		{NonMarketValue, []float64{0, 1000, 5000}, func(s *cba.Scenario, v float64) { s.Perspective.NonMarket.PerEmployedMonth = v }},
		{CostMultiplier, []float64{0.5, 1, 1.3}, nil},
	} {
		curve, err := Acceptability(context.Background(), ev, c.q, c.values, opt)
		if err != nil {
			t.Fatal(err)
		}
		for v, val := range c.values {
			s2 := s.Clone()
			if c.set != nil {
				c.set(s2, val)
			} else {
				// Every programme cost times val: its distribution's mean
				// and sd scale with it.
				for a := range s2.Arms {
					for j := range s2.Arms[a].Costs {
						s2.Arms[a].Costs[j].Amount *= val
					}
				}
				for i := range s2.Uncertainty.Parameters {
					p := &s2.Uncertainty.Parameters[i]
					if p.Paths[0] != "cohort.starts_per_year" {
						p.Dist.Mu *= val
						p.Dist.Sigma *= val
					}
				}
			}
			mc, err := cba.Run(context.Background(), s2, cba.Options{Iterations: opt.Iterations, Seed: opt.Seed, Keep: true})
			if err != nil {
				t.Fatal(err)
			}
			for p, name := range curve.Perspectives {
				key := society
				key.Perspective = name
				k, _ := mc.Index(key)
				positive := 0
				for _, row := range mc.Values {
					if row[k] > 0 {
						positive++
					}
				}
				want := float64(positive) / float64(opt.Iterations)
				if got := curve.P[p][v][1]; got != want {
					t.Errorf("%s = %v, %s: P(NPV > 0) %v from the components, %v from a rerun", c.q, val, name, got, want)
				}
				if sum := curve.P[p][v][0] + curve.P[p][v][1]; math.Abs(sum-1) > 1e-15 {
					t.Errorf("%s = %v, %s: the arms' probabilities sum to %v", c.q, val, name, sum)
				}
			}
		}
		if c.q == FinancingCost {
			soc := curve.Positive(len(curve.Perspectives)-1, 1)
			if soc[0] == soc[2] || soc[1] == 0 || soc[1] == 1 {
				t.Errorf("society's curve is flat or degenerate: %v", soc)
			}
		}
	}
	if _, err := Acceptability(context.Background(), ev, FinancingCost, []float64{-1}, opt); err == nil {
		t.Error("a negative value: no error")
	}
	if _, err := Acceptability(context.Background(), ev, Quantity(9), []float64{1}, opt); err == nil {
		t.Error("an unknown quantity: no error")
	}
}

func TestWhatDecides(t *testing.T) {
	s := norway(t)
	ev := evaluator(t, s)
	soc := cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"}
	pub := soc
	pub.Perspective = "public"
	rows, err := WhatDecides(ev, []cba.OutputKey{soc, pub}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		if i > 0 && max(r.Swing[0], r.Swing[1]) > max(rows[i-1].Swing[0], rows[i-1].Swing[1]) {
			t.Errorf("row %d: not sorted by swing", i)
		}
		for k := range r.Switch {
			if sw := r.Switch[k]; sw == nil || sw.Factor.Name != r.Factor.Name {
				t.Errorf("row %d: switching value %d: %+v", i, k, sw)
			}
		}
	}
}
