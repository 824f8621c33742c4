package cba

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names a family of distributions.
type DistKind int

const (
	// Normal(Mu, Sigma).
	Normal DistKind = iota + 1
	// LogNormal: exp of Normal(Mu, Sigma).
	LogNormal
	// Gamma(Shape, Rate), mean Shape/Rate.
	Gamma
	// Beta(Alpha, Beta) on [0, 1].
	Beta
	// Uniform on [Min, Max].
	Uniform
	// Triangular on [Min, Max] with mode Mode.
	Triangular
	// PERT on [Min, Max] with mode Mode: a beta scaled to [Min, Max] with
	// shape 1+4(Mode-Min)/(Max-Min), 1+4(Max-Mode)/(Max-Min); mean
	// (Min+4*Mode+Max)/6.
	PERT
	// Discrete: one of Values, each equally likely.
	Discrete
)

// String returns the scenario-file name of the family.
func (k DistKind) String() string {
	if f, ok := families[k]; ok {
		return f.name
	}
	return fmt.Sprintf("DistKind(%d)", int(k))
}

// DistKindOf returns the family a scenario file names, or false.
func DistKindOf(name string) (DistKind, bool) {
	for k, f := range families {
		if f.name == name {
			return k, true
		}
	}
	return 0, false
}

// Distribution is the uncertainty about one number, by its natural
// parameters; the fields a family does not use are ignored (but must be
// finite, as all are, so that Scenario.Fingerprint tells scenarios apart).
// Build one from a
// mean and standard deviation with FromMoments.
type Distribution struct {
	Kind           DistKind
	Mu, Sigma      float64   // Normal; LogNormal (of the logarithm)
	Shape, Rate    float64   // Gamma
	Alpha, Beta    float64   // Beta
	Min, Mode, Max float64   // Uniform (no Mode), Triangular, PERT
	Values         []float64 // Discrete
}

// univariate is what the model asks of a distribution; gonum's distuv types
// provide it.
type univariate interface {
	Mean() float64
	StdDev() float64
	Quantile(p float64) float64
	Rand() float64
}

// family is everything about one family of distributions, in one place.
type family struct {
	name string
	// check says whether the natural parameters are possible.
	check func(d *Distribution) error
	// support is the smallest and largest value (possibly infinite).
	support func(d *Distribution) (lo, hi float64)
	// build makes the distribution, drawing from src (may be nil when not
	// drawing).
	build func(d *Distribution, src rand.Source) univariate
	// density is the probability density at x (nil: a discrete family).
	density func(d *Distribution, x float64) float64
	// moments makes the distribution of a mean and sd (nil: the family is
	// not given by them).
	moments func(mean, sd float64) (Distribution, error)
	// format writes the parameters as a scenario file would.
	format func(d *Distribution) string
}

// DistForm is one way a scenario file gives a family's parameters: its
// keys and the distribution their values make. A file's keys choose the
// form: the first whose Select keys one is given, else the last.
type DistForm struct {
	Keys   []string
	Select []string
	// List says that the one key holds a list of values (discrete).
	List bool
	Make func(values []float64) (Distribution, error)
}

// Forms returns the ways a file gives the family's parameters (nil for
// an unknown family).
func (k DistKind) Forms() []DistForm {
	out := slices.Clone(forms[k]) // the caller's to change: the reader's stay
	for i := range out {
		out[i].Keys, out[i].Select = slices.Clone(out[i].Keys), slices.Clone(out[i].Select)
	}
	return out
}

// forms are the ways a file gives each family's parameters, by mean and sd
// first where the family has them (moments), then by its natural
// parameters. (A map of its own: FromMoments reads families.)
var forms map[DistKind][]DistForm

func init() {
	forms = map[DistKind][]DistForm{
		Normal:    []DistForm{byMoments(Normal)},
		LogNormal: []DistForm{byMoments(LogNormal), natural(func(v []float64) Distribution { return Distribution{Kind: LogNormal, Mu: v[0], Sigma: v[1]} }, "mu", "sigma")},
		Gamma: []DistForm{byMoments(Gamma),
			{Keys: []string{"shape", "scale"}, Select: []string{"scale"}, Make: func(v []float64) (Distribution, error) {
				return Distribution{Kind: Gamma, Shape: v[0], Rate: 1 / v[1]}, nil
			}},
			natural(func(v []float64) Distribution { return Distribution{Kind: Gamma, Shape: v[0], Rate: v[1]} }, "shape", "rate")},
		Beta:    []DistForm{byMoments(Beta), natural(func(v []float64) Distribution { return Distribution{Kind: Beta, Alpha: v[0], Beta: v[1]} }, "alpha", "beta")},
		Uniform: []DistForm{natural(func(v []float64) Distribution { return Distribution{Kind: Uniform, Min: v[0], Max: v[1]} }, "min", "max")},
		Triangular: []DistForm{natural(func(v []float64) Distribution {
			return Distribution{Kind: Triangular, Min: v[0], Mode: v[1], Max: v[2]}
		}, "min", "mode", "max")},
		PERT: []DistForm{natural(func(v []float64) Distribution { return Distribution{Kind: PERT, Min: v[0], Mode: v[1], Max: v[2]} }, "min", "mode", "max")},
		Discrete: []DistForm{{Keys: []string{"values"}, List: true, Make: func(v []float64) (Distribution, error) {
			return Distribution{Kind: Discrete, Values: v}, nil
		}}},
	}
}

// byMoments is the form of a family given by its mean and sd.
func byMoments(k DistKind) DistForm {
	return DistForm{Keys: []string{"mean", "sd"}, Select: []string{"mean", "sd"},
		Make: func(v []float64) (Distribution, error) { return FromMoments(k, v[0], v[1]) }}
}

// natural is a form of a family by its own parameters.
func natural(make func(v []float64) Distribution, keys ...string) DistForm {
	return DistForm{Keys: keys, Make: func(v []float64) (Distribution, error) { return make(v), nil }}
}

// kv writes "key: value" pairs.
func kv(pairs ...any) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pairs[i].(string) + ": " + formatNumber(pairs[i+1].(float64)))
	}
	return b.String()
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func bad(format string, args ...any) error { return NewError("", format, args...) }

var families = map[DistKind]family{
	Normal: {
		name:   "normal",
		format: func(d *Distribution) string { return kv("mean", d.Mu, "sd", d.Sigma) },
		check: func(d *Distribution) error {
			if !finite(d.Mu, d.Sigma) || !(d.Sigma > 0) {
				return bad("needs a finite mu and sigma > 0, got mu %v, sigma %v", d.Mu, d.Sigma)
			}
			return nil
		},
		support: func(*Distribution) (float64, float64) { return math.Inf(-1), math.Inf(1) },
		build: func(d *Distribution, src rand.Source) univariate {
			return distuv.Normal{Mu: d.Mu, Sigma: d.Sigma, Src: src}
		},
		density: func(d *Distribution, x float64) float64 { return distuv.Normal{Mu: d.Mu, Sigma: d.Sigma}.Prob(x) },
		moments: func(mean, sd float64) (Distribution, error) {
			return Distribution{Kind: Normal, Mu: mean, Sigma: sd}, nil
		},
	},
	LogNormal: {
		name:   "lognormal",
		format: func(d *Distribution) string { return kv("mu", d.Mu, "sigma", d.Sigma) },
		check: func(d *Distribution) error {
			if !finite(d.Mu, d.Sigma) || !(d.Sigma > 0) {
				return bad("needs a finite mu and sigma > 0, got mu %v, sigma %v", d.Mu, d.Sigma)
			}
			return nil
		},
		support: func(*Distribution) (float64, float64) { return 0, math.Inf(1) },
		build: func(d *Distribution, src rand.Source) univariate {
			return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma, Src: src}
		},
		density: func(d *Distribution, x float64) float64 { return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma}.Prob(x) },
		moments: func(mean, sd float64) (Distribution, error) {
			if !(mean > 0) {
				return Distribution{}, bad("a log-normal needs a mean > 0, got %v", mean)
			}
			s2 := math.Log1p(sd * sd / (mean * mean))
			return Distribution{Kind: LogNormal, Mu: math.Log(mean) - s2/2, Sigma: math.Sqrt(s2)}, nil
		},
	},
	Gamma: {
		name:   "gamma",
		format: func(d *Distribution) string { return kv("shape", d.Shape, "rate", d.Rate) },
		check: func(d *Distribution) error {
			if !finite(d.Shape, d.Rate) || !(d.Shape > 0 && d.Rate > 0) {
				return bad("needs shape > 0 and rate > 0, got %v and %v", d.Shape, d.Rate)
			}
			return nil
		},
		support: func(*Distribution) (float64, float64) { return 0, math.Inf(1) },
		build: func(d *Distribution, src rand.Source) univariate {
			return distuv.Gamma{Alpha: d.Shape, Beta: d.Rate, Src: src}
		},
		density: func(d *Distribution, x float64) float64 { return distuv.Gamma{Alpha: d.Shape, Beta: d.Rate}.Prob(x) },
		moments: func(mean, sd float64) (Distribution, error) {
			if !(mean > 0) {
				return Distribution{}, bad("a gamma needs a mean > 0, got %v", mean)
			}
			return Distribution{Kind: Gamma, Shape: mean * mean / (sd * sd), Rate: mean / (sd * sd)}, nil
		},
	},
	Beta: {
		name:   "beta",
		format: func(d *Distribution) string { return kv("alpha", d.Alpha, "beta", d.Beta) },
		check: func(d *Distribution) error {
			if !finite(d.Alpha, d.Beta) || !(d.Alpha > 0 && d.Beta > 0) {
				return bad("needs alpha > 0 and beta > 0, got %v and %v", d.Alpha, d.Beta)
			}
			return nil
		},
		support: func(*Distribution) (float64, float64) { return 0, 1 },
		build: func(d *Distribution, src rand.Source) univariate {
			return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta, Src: src}
		},
		density: func(d *Distribution, x float64) float64 { return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta}.Prob(x) },
		moments: func(mean, sd float64) (Distribution, error) {
			if !(mean > 0 && mean < 1) {
				return Distribution{}, bad("a beta needs a mean in (0, 1), got %v", mean)
			}
			if v := mean * (1 - mean); sd*sd >= v {
				return Distribution{}, bad("a beta with mean %v needs sd^2 < mean(1-mean) = %v, got sd %v", mean, v, sd)
			}
			n := mean*(1-mean)/(sd*sd) - 1
			return Distribution{Kind: Beta, Alpha: mean * n, Beta: (1 - mean) * n}, nil
		},
	},
	Uniform: {
		name:   "uniform",
		format: func(d *Distribution) string { return kv("min", d.Min, "max", d.Max) },
		check: func(d *Distribution) error {
			if !finite(d.Min, d.Max) || !(d.Min < d.Max) {
				return bad("needs min < max, got %v and %v", d.Min, d.Max)
			}
			return nil
		},
		support: func(d *Distribution) (float64, float64) { return d.Min, d.Max },
		build: func(d *Distribution, src rand.Source) univariate {
			return distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}
		},
		density: func(d *Distribution, x float64) float64 { return distuv.Uniform{Min: d.Min, Max: d.Max}.Prob(x) },
	},
	Triangular: {
		name:    "triangular",
		format:  func(d *Distribution) string { return kv("min", d.Min, "mode", d.Mode, "max", d.Max) },
		check:   checkMinModeMax,
		support: func(d *Distribution) (float64, float64) { return d.Min, d.Max },
		build: func(d *Distribution, src rand.Source) univariate {
			return distuv.NewTriangle(d.Min, d.Max, d.Mode, src)
		},
		density: func(d *Distribution, x float64) float64 {
			return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).Prob(x)
		},
	},
	PERT: {
		name:    "pert",
		format:  func(d *Distribution) string { return kv("min", d.Min, "mode", d.Mode, "max", d.Max) },
		check:   checkMinModeMax,
		support: func(d *Distribution) (float64, float64) { return d.Min, d.Max },
		build: func(d *Distribution, src rand.Source) univariate {
			return pert{beta: d.pertBeta(src), min: d.Min, width: d.Max - d.Min}
		},
		density: func(d *Distribution, x float64) float64 {
			w := d.Max - d.Min
			return d.pertBeta(nil).Prob((x-d.Min)/w) / w
		},
	},
	Discrete: {
		name: "discrete",
		format: func(d *Distribution) string {
			vs := make([]string, len(d.Values))
			for i, v := range d.Values {
				vs[i] = formatNumber(v)
			}
			return "values: [" + strings.Join(vs, ", ") + "]"
		},
		check: func(d *Distribution) error {
			if len(d.Values) == 0 {
				return bad("needs at least one value")
			}
			if !finite(d.Values...) {
				return bad("values must be finite, got %v", d.Values)
			}
			return nil
		},
		support: func(d *Distribution) (lo, hi float64) {
			lo, hi = math.Inf(1), math.Inf(-1)
			for _, v := range d.Values {
				lo, hi = min(lo, v), max(hi, v)
			}
			return lo, hi
		},
		build: func(d *Distribution, src rand.Source) univariate {
			dd := discrete{values: d.Values}
			if src != nil {
				dd.rng = rand.New(src)
			}
			return dd
		},
	},
}

func checkMinModeMax(d *Distribution) error {
	switch {
	case !finite(d.Min, d.Mode, d.Max) || !(d.Min < d.Max):
		return bad("needs min < max, got %v and %v", d.Min, d.Max)
	case d.Mode < d.Min || d.Mode > d.Max:
		return bad("needs min <= mode <= max, got %v, %v, %v", d.Min, d.Mode, d.Max)
	}
	return nil
}

// pertBeta is the beta of a PERT distribution on [0, 1].
func (d *Distribution) pertBeta(src rand.Source) distuv.Beta {
	w := d.Max - d.Min
	return distuv.Beta{Alpha: 1 + 4*(d.Mode-d.Min)/w, Beta: 1 + 4*(d.Max-d.Mode)/w, Src: src}
}

// pert is a beta scaled to [min, min+width].
type pert struct {
	beta       distuv.Beta
	min, width float64
}

func (p pert) Mean() float64              { return p.min + p.width*p.beta.Mean() }
func (p pert) StdDev() float64            { return p.width * p.beta.StdDev() }
func (p pert) Quantile(q float64) float64 { return p.min + p.width*p.beta.Quantile(q) }
func (p pert) Rand() float64              { return p.min + p.width*p.beta.Rand() }

// discrete is a list of equally likely values.
type discrete struct {
	values []float64
	rng    *rand.Rand
}

func (d discrete) Mean() float64 {
	s := 0.0
	for _, v := range d.values {
		s += v
	}
	return s / float64(len(d.values))
}

func (d discrete) StdDev() float64 {
	m, s := d.Mean(), 0.0
	for _, v := range d.values {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(d.values)))
}

// Quantile returns the value of rank ceil(p n) among the sorted values.
func (d discrete) Quantile(p float64) float64 {
	sorted := append([]float64(nil), d.values...)
	for i := 1; i < len(sorted); i++ { // insertion sort: lists are short
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func (d discrete) Rand() float64 { return d.values[d.rng.IntN(len(d.values))] }

// FromMoments returns the distribution of family k with the given mean and
// standard deviation, by the method of moments, or an error saying why none
// exists (a beta needs sd^2 < mean(1-mean); a gamma a positive mean; ...).
//
//	normal:    Mu = mean, Sigma = sd
//	lognormal: Sigma^2 = ln(1 + sd^2/mean^2), Mu = ln(mean) - Sigma^2/2
//	gamma:     Shape = (mean/sd)^2, Rate = mean/sd^2
//	beta:      Alpha = mean*k, Beta = (1-mean)*k, k = mean(1-mean)/sd^2 - 1
func FromMoments(k DistKind, mean, sd float64) (Distribution, error) {
	switch {
	case !finite(mean):
		return Distribution{}, bad("the mean must be a finite number, got %v", mean)
	case sd < 0 || !finite(sd):
		return Distribution{}, bad("sd must be >= 0, got %v", sd)
	case sd == 0:
		return Distribution{}, bad("sd is 0: write the number as a value, not a distribution")
	}
	f, ok := families[k]
	if !ok || f.moments == nil {
		return Distribution{}, bad("a %s distribution is not given by mean and sd", k)
	}
	d, err := f.moments(mean, sd)
	if err != nil {
		return d, err
	}
	return d, d.Check()
}

// Check returns nil when d's parameters are possible, else what is wrong.
func (d *Distribution) Check() error {
	f, ok := families[d.Kind]
	if !ok {
		return bad("unknown distribution")
	}
	if err := f.check(d); err != nil {
		return err
	}
	for _, v := range [...]float64{d.Mu, d.Sigma, d.Shape, d.Rate, d.Alpha, d.Beta, d.Min, d.Mode, d.Max} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			// Even where the family ignores it: a fingerprint could not
			// tell two scenarios apart.
			return bad("a parameter the %s family does not use is not a finite number: %v", f.name, v)
		}
	}
	return nil
}

// Support returns the smallest and largest values d can take (possibly
// infinite); NaN for a distribution Check refuses (the zero Distribution
// among them), as for the methods below.
func (d *Distribution) Support() (lo, hi float64) {
	if d.Check() != nil {
		return math.NaN(), math.NaN()
	}
	return families[d.Kind].support(d)
}

// Mean returns the mean of d: the value a deterministic evaluation uses.
func (d *Distribution) Mean() float64 {
	return d.eval(func(u univariate) float64 { return u.Mean() }, nil)
}

// SD returns the standard deviation of d.
func (d *Distribution) SD() float64 {
	return d.eval(func(u univariate) float64 { return u.StdDev() }, nil)
}

// Quantile returns the value below which d falls with probability p (NaN
// for p outside [0, 1]).
func (d *Distribution) Quantile(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	return d.eval(func(u univariate) float64 { return u.Quantile(p) }, nil)
}

// Sample draws one value of d from src.
func (d *Distribution) Sample(src rand.Source) float64 {
	if src == nil {
		return math.NaN()
	}
	return d.eval(func(u univariate) float64 { return u.Rand() }, src)
}

// eval applies f to d's family built on src, or returns NaN for a
// distribution Check refuses.
func (d *Distribution) eval(f func(univariate) float64, src rand.Source) float64 {
	if d.Check() != nil {
		return math.NaN()
	}
	return f(d.build(src))
}

func (d *Distribution) build(src rand.Source) univariate { return families[d.Kind].build(d, src) }

// density returns d's probability density at x (NaN for a discrete one).
func (d *Distribution) density(x float64) float64 {
	f := families[d.Kind]
	if f.density == nil {
		return math.NaN()
	}
	return f.density(d, x)
}

// tail is the probability a distribution may put outside a parameter's
// bound: the draws are kept within the quantiles at tail and 1-tail, and a
// distribution whose quantiles there leave the bound is refused.
const tail = 1e-9

// Range returns the interval every draw of d stays within for a parameter
// with bound b: the quantiles at 1e-9 and 1-1e-9 (the support's ends for a
// bounded family), within the bound. Draws beyond it (a chance of 2e-9)
// are clamped to it.
func (d *Distribution) Range(b Bound) (lo, hi float64) {
	lo, hi = d.Support()
	if math.IsInf(lo, -1) {
		lo = d.Quantile(tail)
	}
	if math.IsInf(hi, 1) {
		hi = d.Quantile(1 - tail)
	}
	if d.Kind == LogNormal || d.Kind == Gamma {
		lo = d.Quantile(tail)
	}
	if b.MinOpen && lo <= b.Min {
		lo = math.Nextafter(b.Min, math.Inf(1))
	}
	return max(lo, b.Min), min(hi, b.Max)
}

// Fits returns nil when d keeps within bound b: its quantiles at 1e-9 and
// 1-1e-9 (or its support's ends) lie within it, so that no draw needs more
// than a negligible clamp. Otherwise it says why not.
func (d *Distribution) Fits(b Bound) error {
	lo, hi := d.Support()
	if math.IsInf(lo, -1) || d.Kind == LogNormal || d.Kind == Gamma {
		lo = d.Quantile(tail)
	}
	if math.IsInf(hi, 1) {
		hi = d.Quantile(1 - tail)
	}
	okLo := lo > b.Min || (lo == b.Min && !b.MinOpen)
	if okLo && hi <= b.Max && !math.IsNaN(lo+hi) {
		return nil
	}
	if b.Min == 0 && b.Max == 1 {
		return bad("a %s distribution can leave [0, 1] (its values run from %v to %v); use a beta, or bounds inside [0, 1]", d.Kind, lo, hi)
	}
	return bad("a %s distribution reaches values from %v to %v (its 1e-9 and 1-1e-9 quantiles), outside this parameter's range %s; narrow it, or use a family that stays inside",
		d.Kind, lo, hi, b)
}
