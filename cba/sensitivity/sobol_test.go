package sensitivity

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"ipscba/cba"
)

// ishigami is the Ishigami function with a = 7, b = 0.1 over [-pi, pi]^3.
func ishigami(u []float64) float64 {
	x1, x2, x3 := -math.Pi+2*math.Pi*u[0], -math.Pi+2*math.Pi*u[1], -math.Pi+2*math.Pi*u[2]
	return math.Sin(x1) + 7*math.Sin(x2)*math.Sin(x2) + 0.1*math.Pow(x3, 4)*math.Sin(x1)
}

// The Ishigami function's indices in closed form (a = 7, b = 0.1).
func ishigamiIndices() (first, total [3]float64) {
	a, b := 7.0, 0.1
	v1 := 0.5 * math.Pow(1+b*math.Pow(math.Pi, 4)/5, 2)
	v2 := a * a / 8
	v13 := b * b * math.Pow(math.Pi, 8) * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

func TestSobolIshigami(t *testing.T) {
	first, total := ishigamiIndices()
	// The closed form gives the published values.
	for i, want := range []float64{0.3139, 0.4424, 0} {
		if math.Abs(first[i]-want) > 1e-4 {
			t.Fatalf("closed form S%d = %v, want %v", i+1, first[i], want)
		}
	}
	for i, want := range []float64{0.5576, 0.4424, 0.2437} {
		if math.Abs(total[i]-want) > 1e-4 {
			t.Fatalf("closed form ST%d = %v, want %v", i+1, total[i], want)
		}
	}
	for seed := range uint64(5) {
		checkIshigami(t, seed, first, total)
	}
}

// checkIshigami checks the estimates at 2^14 base samples and one seed.
func checkIshigami(t *testing.T, seed uint64, first, total [3]float64) {
	res, err := SobolFunc(context.Background(), ishigami, 3, SobolOptions{N: 1 << 14, GlobalOptions: GlobalOptions{Seed: seed}})
	if err != nil {
		t.Fatal(err)
	}
	for i, ix := range res.Indices {
		// The issue asks for 0.02; the low-discrepancy design does better,
		// and the documentation says 0.001.
		if math.Abs(ix.First-first[i]) > 0.001 || math.Abs(ix.Total-total[i]) > 0.001 {
			t.Errorf("seed %d, %s: S %v, ST %v; want %v, %v within 0.001", seed, ix.Group.Name, ix.First, ix.Total, first[i], total[i])
		}
		if !(ix.FirstCI[0] <= ix.First && ix.First <= ix.FirstCI[1]) || !(ix.TotalCI[0] <= ix.Total && ix.Total <= ix.TotalCI[1]) {
			t.Errorf("%s: estimates outside their intervals [%v, %v] and [%v, %v]", ix.Group.Name, ix.FirstCI[0], ix.FirstCI[1], ix.TotalCI[0], ix.TotalCI[1])
		}
		if !(ix.FirstCI[0] <= first[i] && first[i] <= ix.FirstCI[1]) || !(ix.TotalCI[0] <= total[i] && total[i] <= ix.TotalCI[1]) {
			t.Errorf("%s: the intervals [%v, %v] and [%v, %v] miss the true values", ix.Group.Name, ix.FirstCI[0], ix.FirstCI[1], ix.TotalCI[0], ix.TotalCI[1])
		}
	}
}

// gFunction is the Sobol G-function with a = (0, 1, 4.5, 9, 99, 99, 99,
// 99) over [0, 1]^8, and its indices in closed form: V_i = 1/(3(1+a_i)^2),
// V = prod(1+V_i) - 1, S_i = V_i/V, ST_i = V_i prod_{k != i}(1+V_k)/V.
func gFunction() (f func(u []float64) float64, first, total []float64) {
	a := []float64{0, 1, 4.5, 9, 99, 99, 99, 99}
	f = func(u []float64) float64 {
		p := 1.0
		for i, ai := range a {
			p *= (math.Abs(4*u[i]-2) + ai) / (1 + ai)
		}
		return p
	}
	vi := make([]float64, len(a))
	v := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		v *= 1 + vi[i]
	}
	v--
	for i := range a {
		first = append(first, vi[i]/v)
		t := vi[i]
		for k := range a {
			if k != i {
				t *= 1 + vi[k]
			}
		}
		total = append(total, t/v)
	}
	return f, first, total
}

// TestSobolGFunction: at the default size (4,096 base samples) the
// first-order and total indices of the G-function are within 0.005 of the
// exact ones for every seed tried (20; 5 with -short). (With the
// generated direction numbers the design had before Joe and Kuo's,
// first-order indices were off by 0.017 for every seed.)
func TestSobolGFunction(t *testing.T) {
	f, first, total := gFunction()
	// By hand: V_1 = 1/3, V_2 = 1/12, V = 0.46542, so S_1 = 0.7162 and
	// S_2 = 0.1790.
	if math.Abs(first[0]-0.7162) > 1e-4 || math.Abs(first[1]-0.1790) > 1e-4 {
		t.Fatalf("closed form: S1 %v, S2 %v", first[0], first[1])
	}
	seeds := uint64(20)
	if testing.Short() {
		seeds = 5
	}
	for seed := range seeds {
		res, err := SobolFunc(context.Background(), f, 8, SobolOptions{Bootstrap: NoBootstrap, GlobalOptions: GlobalOptions{Seed: seed}})
		if err != nil {
			t.Fatal(err)
		}
		if res.N != 4096 {
			t.Fatalf("default size %d, want 4,096", res.N)
		}
		for i, ix := range res.Indices {
			if math.Abs(ix.First-first[i]) > 0.005 || math.Abs(ix.Total-total[i]) > 0.005 {
				t.Errorf("seed %d, %s: S %.4f, ST %.4f; want %.4f, %.4f within 0.005", seed, ix.Group.Name, ix.First, ix.Total, first[i], total[i])
			}
		}
	}
}

// TestSobolLinearScenario: society's NPV in the linear scenario is
// -1.2 (ips - usual) plus a constant, with the two costs independent
// normals (sd 4,000 and 2,000): first-order and total indices are
// 16/20 = 0.8 and 4/20 = 0.2, and the cohort's intake, not in any NPV, has
// indices of exactly 0.
func TestSobolLinearScenario(t *testing.T) {
	m := model(t, load(t, linear), society)
	res, err := m.Sobol(context.Background(), SobolOptions{N: 4096, GlobalOptions: GlobalOptions{Seed: 7}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"arms.ips.costs.specialist.amount": 0.8, "arms.usual.costs.training.amount": 0.2, "cohort.starts_per_year": 0}
	for _, ix := range res.Indices {
		w := want[ix.Group.Name]
		if w == 0 {
			if ix.First != 0 || ix.Total != 0 || ix.FirstCI != [2]float64{} || ix.TotalCI != [2]float64{} {
				t.Errorf("%s: %+v, want exactly 0", ix.Group.Name, ix)
			}
			continue
		}
		if math.Abs(ix.First-w) > 0.01 || math.Abs(ix.Total-w) > 0.01 {
			t.Errorf("%s: S %v, ST %v, want %v", ix.Group.Name, ix.First, ix.Total, w)
		}
		if !(ix.FirstCI[0] <= ix.First && ix.First <= ix.FirstCI[1]) || !(ix.TotalCI[0] <= ix.Total && ix.Total <= ix.TotalCI[1]) {
			t.Errorf("%s: estimates outside their intervals: %+v", ix.Group.Name, ix)
		}
	}
	if wantVar := 1.44 * (4000*4000 + 2000*2000); math.Abs(res.Variance-wantVar) > 0.02*wantVar {
		t.Errorf("variance %v, want %v", res.Variance, wantVar)
	}
	if res.Evaluations != 4096*5 {
		t.Errorf("%d evaluations", res.Evaluations)
	}
}

// TestSobolBootstrapSetting: Bootstrap's zero value is the default of
// 1,000 resamples, a count is that count, NoBootstrap is none (zero
// intervals), and other negative or too large counts are refused.
func TestSobolBootstrapSetting(t *testing.T) {
	f := func(u []float64) float64 { return u[0] + 2*u[1] }
	for _, tc := range []struct {
		set, want int
	}{{0, 1000}, {37, 37}, {NoBootstrap, 0}} {
		res, err := SobolFunc(context.Background(), f, 2, SobolOptions{N: 64, Bootstrap: tc.set})
		if err != nil {
			t.Fatal(err)
		}
		ix := res.Indices[1]
		if res.Bootstrap != tc.want || (tc.want == 0) != (ix.FirstCI == [2]float64{} && ix.TotalCI == [2]float64{}) {
			t.Errorf("Bootstrap %d: %d resamples, intervals %v %v; want %d", tc.set, res.Bootstrap, ix.FirstCI, ix.TotalCI, tc.want)
		}
	}
	for _, bad := range []int{-2, 100_001} {
		if _, err := SobolFunc(context.Background(), f, 2, SobolOptions{N: 64, Bootstrap: bad}); err == nil || !strings.Contains(err.Error(), "NoBootstrap") {
			t.Errorf("Bootstrap %d: %v", bad, err)
		}
	}
}

// TestSobolReproducible: a seed pins the design, another seed changes it,
// and the number of workers changes nothing.
func TestSobolReproducible(t *testing.T) {
	m := model(t, load(t, linear), society)
	run := func(seed uint64, workers int) *Sobol {
		res, err := m.Sobol(context.Background(), SobolOptions{N: 512, Bootstrap: 50, GlobalOptions: GlobalOptions{Seed: seed, Workers: workers}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b, c := run(1, 1), run(1, 3), run(2, 2)
	if !reflect.DeepEqual(a, b) {
		t.Error("1 and 3 workers differ")
	}
	if reflect.DeepEqual(a.Indices, c.Indices) {
		t.Error("another seed gives the same indices")
	}
}

func TestSobolConstantOutput(t *testing.T) {
	res, err := SobolFunc(context.Background(), func([]float64) float64 { return 42 }, 3, SobolOptions{N: 256})
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range res.Indices {
		if ix.First != 0 || ix.Total != 0 || ix.FirstCI != [2]float64{} || ix.TotalCI != [2]float64{} {
			t.Errorf("%s: %+v", ix.Group.Name, ix)
		}
	}
	// Groups: x1 and x3 together explain all of x1 + x3.
	res, err = SobolFunc(context.Background(), func(u []float64) float64 { return u[0] + u[2] }, 3,
		SobolOptions{N: 4096, GlobalOptions: GlobalOptions{Groups: [][]string{{"x1", "x3"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if ix := res.Indices[0]; ix.Group.Name != "x1 + x3" || math.Abs(ix.First-1) > 1e-3 || math.Abs(ix.Total-1) > 1e-3 {
		t.Errorf("group: %+v", ix)
	}
	if ix := res.Indices[1]; ix.Group.Name != "x2" || ix.First != 0 || ix.Total != 0 {
		t.Errorf("x2: %+v", ix)
	}
}

// TestSobolRefusesDependentInputs: factors drawn together must be one input.
func TestSobolRefusesDependentInputs(t *testing.T) {
	m := model(t, norway(t), cba.OutputKey{Arm: "ips", Comparator: "traditional", Group: "population", Measure: cba.NPV, Perspective: "society"})
	_, err := m.Sobol(context.Background(), SobolOptions{N: 8})
	if err == nil || !strings.Contains(err.Error(), "analyse them as one group") {
		t.Fatalf("dependent inputs: %v", err)
	}
	half := "arms.ips.effect.half_life_months"
	res, err := m.Sobol(context.Background(), SobolOptions{N: 64, Bootstrap: NoBootstrap, GlobalOptions: GlobalOptions{GroupDependent: true, Factors: []string{half}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Indices) != 1 || res.Indices[0].Group.Name != half {
		t.Errorf("restricted to one factor: %+v", res.Indices)
	}
	// Each option out of its range is refused, saying which (with the
	// dependent inputs grouped, which alone would be refused first).
	for _, tc := range []struct {
		opt  SobolOptions
		want string
	}{
		{SobolOptions{N: 1}, "sobol: 1 base samples for 22 inputs: want 2 or more"},
		{SobolOptions{N: 8, Bootstrap: -2}, "sobol: -2 bootstrap resamples"},
		{SobolOptions{N: 8, Confidence: 1}, "sobol: confidence 1: want a level between 0 and 1"},
		{SobolOptions{N: 8, Confidence: -0.5}, "sobol: confidence -0.5"},
		{SobolOptions{N: 8, GlobalOptions: GlobalOptions{Groups: [][]string{{"no.such"}}}}, "no.such"},
	} {
		tc.opt.GroupDependent = true
		if _, err := m.Sobol(context.Background(), tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.opt, err, tc.want)
		}
	}
}

// TestSobolOptionsCheck: the options at the edges of their ranges are
// admitted and one step beyond them refused, saying which; so are more
// evaluations than MaxEvaluations (N times inputs + 2), checked alone so
// that no analysis of that size can start.
func TestSobolOptionsCheck(t *testing.T) {
	for _, tc := range []struct {
		opt    SobolOptions
		inputs int
		want   string // "": admitted
	}{
		{SobolOptions{N: 2}, 22, ""},
		{SobolOptions{N: 1}, 22, "sobol: 1 base samples for 22 inputs: want 2 or more and at most 2147483648 evaluations"},
		{SobolOptions{N: 1 << 29}, 2, ""}, // 2^31 evaluations
		{SobolOptions{N: 1<<29 + 1}, 2, "sobol: 536870913 base samples for 2 inputs"},
		{SobolOptions{N: 1<<32 + 1}, 1, "sobol: 4294967297 base samples"},
		{SobolOptions{N: 8, Bootstrap: NoBootstrap}, 3, ""},
		{SobolOptions{N: 8, Bootstrap: -2}, 3, "sobol: -2 bootstrap resamples"},
		{SobolOptions{N: 8, Bootstrap: 100_000}, 3, ""},
		{SobolOptions{N: 8, Bootstrap: 100_001}, 3, "sobol: 100001 bootstrap resamples"},
		{SobolOptions{N: 8, Confidence: 0.999}, 3, ""},
		{SobolOptions{N: 8, Confidence: 1}, 3, "sobol: confidence 1: want a level between 0 and 1"},
		{SobolOptions{N: 8, Confidence: -0.5}, 3, "sobol: confidence -0.5"},
		{SobolOptions{N: 8}, 0, "sobol: the scenario has no uncertain factors"},
	} {
		err := tc.opt.check(tc.inputs)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%+v of %d inputs: got %v, want %q", tc.opt, tc.inputs, err, tc.want)
		}
	}
}

// TestSequenceIsLowDiscrepancy: the first 2^k points of each coordinate
// of the Sobol' sequence (before its shift) fill the 2^k intervals
// [j/2^k, (j+1)/2^k) once each, as a (0, k, 1)-net does; pairs of the first
// coordinates fill the 2^k elementary boxes of their sides.
func TestSequenceIsLowDiscrepancy(t *testing.T) {
	q, err := newSequence(40, 0)
	if err != nil {
		t.Fatal(err)
	}
	clear(q.shift)
	const k = 10
	u := make([]float64, 40)
	seen := make([]map[int]bool, 40)
	for j := range seen {
		seen[j] = map[int]bool{}
	}
	pairs := map[[2]int]bool{}
	for i := range uint64(1 << k) {
		q.point(i, u)
		for j, v := range u {
			seen[j][int(v*(1<<k))] = true
		}
		pairs[[2]int{int(u[0] * 32), int(u[1] * 32)}] = true
	}
	for j := range seen {
		if len(seen[j]) != 1<<k {
			t.Errorf("coordinate %d fills %d of %d intervals", j+1, len(seen[j]), 1<<k)
		}
	}
	if len(pairs) != 1<<k {
		t.Errorf("coordinates 1 and 2 fill %d of %d boxes", len(pairs), 1<<k)
	}
	if _, err := newSequence(maxSequenceDims+1, 0); err == nil {
		t.Error("too many dimensions: no error")
	}
}
