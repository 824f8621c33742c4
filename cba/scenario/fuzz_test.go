package scenario

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"ipscba/cba"
)

// FuzzParse: no input makes the loader panic; it either returns a scenario
// that validates and evaluates, or Errors.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("name: [1, 2\n"))
	f.Add([]byte("groups: {a: {share: {distribution: {type: beta, mean: 2, sd: -1}}}}\n"))
	// The cases of the hardening issue, as seeds.
	for _, edit := range [][2]string{
		{"horizon_months: 24", "horizon_months: 0120"},
		{"horizon_months: 24", "horizon_months: 120.5"},
		{"amount: 20975", "amount: {value: 010000}"},
		{"    rate: 0.04", "    rate:"},
		{"    rate: 0.04", "    rate: {value: ~}"},
		{"horizon_months: 24", "horizon_months: 24\n---\nname: x"},
		{"horizon_months: 24", "horizon_months: 24\n\tcurrency: NOK"},
		{"amount: 20975", "amount: 1e308"},
		{"marginal_cost_of_public_funds: 0.2", "marginal_cost_of_public_funds: 20"},
		{"half_life_months: 24", "half_life_months: {distribution: {type: gamma, mean: 24, sd: 300}}"},
		{"  young:\n    share: 0.4", "  population:\n    share: 0.4"},
		{"name: minimal", "extends: minimal.yaml\nname: minimal"},
		{"name: minimal", "set:\n  - {path: groups.young.share, value: 0.5, source: x}\nname: minimal"},
	} {
		f.Add([]byte(strings.Replace(minimal, edit[0], edit[1], 1)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.yaml", data)
		if err != nil {
			var es cba.Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v is not Errors", err)
			}
			return
		}
		if _, err := cba.Evaluate(file.Scenario); err != nil {
			t.Fatalf("a parsed scenario does not evaluate: %v", err)
		}
	})
}

// TestParseSurvivesMutations: thousands of randomly damaged copies of a
// valid file (bytes changed, dropped, repeated) never make the loader panic
// or hang; each gives Errors or a scenario that evaluates.
func TestParseSurvivesMutations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 5000
	if testing.Short() {
		n = 500
	}
	alphabet := []byte("0123456789-.:[]{}*&,\n #abcdefghijklmnopqrstuvwxyz_\"'")
	for i := range n {
		data := []byte(minimal)
		for range 1 + rng.IntN(4) {
			at := rng.IntN(len(data))
			switch rng.IntN(3) {
			case 0:
				data[at] = alphabet[rng.IntN(len(alphabet))]
			case 1:
				data = append(data[:at], data[min(len(data), at+1+rng.IntN(8)):]...)
			default:
				end := min(len(data), at+1+rng.IntN(20))
				data = append(data[:end], append(append([]byte(nil), data[at:end]...), data[end:]...)...)
			}
		}
		start := time.Now()
		file, err := Parse("m.yaml", data)
		if err != nil {
			var es cba.Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("mutation %d: error %v is not Errors", i, err)
			}
		} else if _, err := cba.Evaluate(file.Scenario); err != nil {
			t.Fatalf("mutation %d: parsed but does not evaluate: %v\n%s", i, err, data)
		}
		// A guard against a hang (a runaway alias or loop), not a speed
		// target: a mutation parses in well under a millisecond, and ten
		// seconds leave room for a loaded machine under -race.
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("mutation %d took %v:\n%s", i, d, data)
		}
	}
}

// FuzzOverride: no -set argument makes the parser or its application panic;
// a parsed override either applies (and the scenario still evaluates) or
// is refused with an error, leaving the scenario as it was.
func FuzzOverride(f *testing.F) {
	for _, seed := range []string{
		"arms.ips.enrolment.dropout=0.1",
		"groups.young.share=0.5",
		"arms.*.costs.*.amount=100",
		"horizon_months=0120",
		"horizon_months=120.5",
		"discount[0].rate=3.5",
		"arms.ips.groups.older.employment.half_life_months={type: gamma, mean: 12, sd: 6}",
		"arms.ips.enrolment.dropout={type: beta, mean: 2, sd: -1}",
		"perspective.marginal_cost_of_public_funds=1e308",
		"=",
		"x={",
		"groups.*.share=0.5",
		"cohort.years=18446744073709551616",
	} {
		f.Add(seed)
	}
	base, err := Parse("x.yaml", []byte(minimal))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		ov, err := ParseOverride(arg)
		if err != nil {
			return
		}
		file := *base
		file.Scenario = base.Scenario.Clone()
		before := file.Scenario.Fingerprint()
		if _, err := file.Apply(ov); err != nil {
			if file.Scenario.Fingerprint() != before {
				t.Fatalf("a refused override %q changed the scenario", arg)
			}
			return
		}
		if _, err := cba.Evaluate(file.Scenario); err != nil {
			t.Fatalf("an accepted override %q gives a scenario that does not evaluate: %v", arg, err)
		}
	})
}
