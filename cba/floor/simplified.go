package floor

import (
	"math"
	"math/rand/v2"
)

// Shape of an iteration of the bundled Norwegian scenario: groups x arms x
// months.
const (
	Groups = 4
	Arms   = 2
	Months = 120
)

// Simplified is the floor as it was first written, kept for history
// (BenchmarkFloorSimplified): the same kind of arithmetic as one
// iteration, for a simplified iteration (three uniform draws, one cost,
// three perspectives, no receipt changes over time, no statistics).
type Simplified struct {
	src *rand.ChaCha8
	r   *rand.Rand
	d   []float64
}

// NewSimplified returns the simplified floor loop.
func NewSimplified() *Simplified {
	f := &Simplified{src: rand.NewChaCha8([32]byte{}), d: make([]float64, Months+1)}
	f.r = rand.New(f.src)
	for m := range f.d {
		f.d[m] = math.Pow(1.04, -float64(m)/12)
	}
	return f
}

// simplifiedTax is the three-component Norwegian tax of a year's wage and pension.
func simplifiedTax(wage, pension float64) float64 {
	base := wage + pension
	ordinary := 0.22 * max(0, base-min(0.46*base, 92000)-108550)
	bracket := 0.0
	for i, from := range [...]float64{217400, 306050, 697150, 942400, 1410750} {
		if base > from {
			next := [...]float64{306050, 697150, 942400, 1410750, math.Inf(1)}[i]
			bracket += [...]float64{0.017, 0.04, 0.137, 0.167, 0.177}[i] * (min(base, next) - from)
		}
	}
	insurance := 0.0
	if base > 99650 {
		insurance = min(0.077*wage+0.051*pension, 0.25*(base-99650))
	}
	return ordinary + bracket + insurance
}

// Iteration is iteration i: reseed the ChaCha8 and draw a few numbers; for
// each of 4 groups x 2 arms, the three-component Norwegian tax in and out
// of work and three in-work benefit rules (constant over the months, so
// computed once); then for 120 months a Markov update, the mixture of the
// two states, a programme cost with drop-out, three perspectives and
// discounting. It returns a sum of the results, so that none is left out.
func (f *Simplified) Iteration(i int) float64 {
	var key [32]byte
	key[0], key[1] = byte(i), byte(i>>8)
	f.src.Seed(key)
	r, d := f.r, f.d
	find, loss, wage := 0.03+0.01*r.Float64(), 0.02+0.01*r.Float64(), 230+10*r.Float64()
	sum := 0.0
	for g := range Groups {
		for a := range Arms {
			earn := wage * 20 * 52 / 12
			aap := 22138 * max(0, 1-20/37.5)
			dis := max(0, 27431-0.66*max(0, earn-4338))
			soc := max(0, 7850-earn)
			tin := simplifiedTax(12*(earn+aap), 0)/12*0.6 + simplifiedTax(12*earn, 12*dis)/12*0.1 + simplifiedTax(12*earn, 0)/12*0.3
			tout := simplifiedTax(12*22138, 0)/12*0.6 + simplifiedTax(0, 12*27431)/12*0.1
			bin, bout := 0.6*aap+0.1*dis+0.15*soc, 0.6*22138+0.1*27431+0.15*7850
			e, part, public, society, stay := 0.0, 0.0, 0.0, 0.0, 1.0
			for m := 1; m <= Months; m++ {
				e = e*(1-loss) + (1-e)*(find+0.01*float64(a+g))
				benefit := bout + e*(bin-bout)
				t := tout + e*(tin-tout)
				cost := 4166 * stay
				stay *= 0.944
				part += d[m] * (e*earn - t + benefit)
				public += d[m] * (t + 0.141*e*earn - benefit - cost)
				society += d[m] * (1.141*e*earn - cost)
			}
			sum += part + public + 0.2*society
		}
	}
	return sum
}
