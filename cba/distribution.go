package cba

import (
	"fmt"
	"math"
	"math/rand/v2"

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

var distNames = map[DistKind]string{Normal: "normal", LogNormal: "lognormal", Gamma: "gamma", Beta: "beta",
	Uniform: "uniform", Triangular: "triangular", PERT: "pert", Discrete: "discrete"}

// String returns the scenario-file name of the family.
func (k DistKind) String() string { return distNames[k] }

// Distribution is the uncertainty about one parameter, by its natural
// parameters; the fields a family does not use are ignored. Build one from a
// mean and standard deviation with FromMoments.
type Distribution struct {
	Kind           DistKind
	Mu, Sigma      float64   // Normal; LogNormal (of the logarithm)
	Shape, Rate    float64   // Gamma
	Alpha, Beta    float64   // Beta
	Min, Mode, Max float64   // Uniform (no Mode), Triangular, PERT
	Values         []float64 // Discrete
}

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
	case sd < 0 || math.IsNaN(sd):
		return Distribution{}, fmt.Errorf("sd must be >= 0, got %v", sd)
	case sd == 0:
		return Distribution{}, fmt.Errorf("sd is 0: write the number as a value, not a distribution")
	}
	switch k {
	case Normal:
		return Distribution{Kind: Normal, Mu: mean, Sigma: sd}, nil
	case LogNormal:
		if mean <= 0 {
			return Distribution{}, fmt.Errorf("a log-normal needs a mean > 0, got %v", mean)
		}
		s2 := math.Log1p(sd * sd / (mean * mean))
		return Distribution{Kind: LogNormal, Mu: math.Log(mean) - s2/2, Sigma: math.Sqrt(s2)}, nil
	case Gamma:
		if mean <= 0 {
			return Distribution{}, fmt.Errorf("a gamma needs a mean > 0, got %v", mean)
		}
		return Distribution{Kind: Gamma, Shape: mean * mean / (sd * sd), Rate: mean / (sd * sd)}, nil
	case Beta:
		if mean <= 0 || mean >= 1 {
			return Distribution{}, fmt.Errorf("a beta needs a mean in (0, 1), got %v", mean)
		}
		if v := mean * (1 - mean); sd*sd >= v {
			return Distribution{}, fmt.Errorf("a beta with mean %v needs sd^2 < mean(1-mean) = %v, got sd %v", mean, v, sd)
		}
		n := mean*(1-mean)/(sd*sd) - 1
		return Distribution{Kind: Beta, Alpha: mean * n, Beta: (1 - mean) * n}, nil
	}
	return Distribution{}, fmt.Errorf("a %s distribution is not given by mean and sd", k)
}

// Check returns "" when d's parameters are possible, else what is wrong.
func (d *Distribution) Check() string {
	bad := func(format string, args ...any) string { return fmt.Sprintf(format, args...) }
	switch d.Kind {
	case Normal, LogNormal:
		if !(d.Sigma > 0) || math.IsInf(d.Sigma, 0) || math.IsNaN(d.Mu) || math.IsInf(d.Mu, 0) {
			return bad("needs a finite mu and sigma > 0, got mu %v, sigma %v", d.Mu, d.Sigma)
		}
	case Gamma:
		if !(d.Shape > 0 && d.Rate > 0) || math.IsInf(d.Shape+d.Rate, 0) {
			return bad("needs shape > 0 and rate > 0, got %v and %v", d.Shape, d.Rate)
		}
	case Beta:
		if !(d.Alpha > 0 && d.Beta > 0) || math.IsInf(d.Alpha+d.Beta, 0) {
			return bad("needs alpha > 0 and beta > 0, got %v and %v", d.Alpha, d.Beta)
		}
	case Uniform:
		if !(d.Min < d.Max) || math.IsInf(d.Min, 0) || math.IsInf(d.Max, 0) {
			return bad("needs min < max, got %v and %v", d.Min, d.Max)
		}
	case Triangular, PERT:
		switch {
		case !(d.Min < d.Max) || math.IsInf(d.Min, 0) || math.IsInf(d.Max, 0):
			return bad("needs min < max, got %v and %v", d.Min, d.Max)
		case d.Mode < d.Min || d.Mode > d.Max:
			return bad("needs min <= mode <= max, got %v, %v, %v", d.Min, d.Mode, d.Max)
		}
	case Discrete:
		if len(d.Values) == 0 {
			return "needs at least one value"
		}
		for _, v := range d.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return bad("values must be finite, got %v", v)
			}
		}
	default:
		return "unknown distribution"
	}
	return ""
}

// Support returns the smallest and largest values d can take (possibly
// infinite).
func (d *Distribution) Support() (lo, hi float64) {
	switch d.Kind {
	case Normal:
		return math.Inf(-1), math.Inf(1)
	case LogNormal, Gamma:
		return 0, math.Inf(1)
	case Beta:
		return 0, 1
	case Discrete:
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, v := range d.Values {
			lo, hi = min(lo, v), max(hi, v)
		}
		return lo, hi
	default:
		return d.Min, d.Max
	}
}

// Fits returns "" when every value d can take is allowed by b, else why not.
// A normal fits an AboveMinusOne bound when its mean is more than 8 sd above
// -1 (a chance below 1e-15 of leaving it); it fits no other bound.
func (d *Distribution) Fits(b Bound) string {
	lo, hi := d.Support()
	if d.Kind == Normal && b == AboveMinusOne && d.Mu-8*d.Sigma > -1 {
		return ""
	}
	ok := true
	switch b {
	case NonNegative:
		ok = lo >= 0
	case Positive:
		ok = lo > 0 || (lo == 0 && d.Kind != Uniform && d.Kind != Triangular && d.Kind != PERT && d.Kind != Discrete)
	case Unit:
		ok = lo >= 0 && hi <= 1
	case AboveMinusOne:
		ok = lo > -1
	case Real:
		ok = true
	}
	if ok {
		return ""
	}
	switch b {
	case Unit:
		return fmt.Sprintf("a %s distribution can leave [0, 1] (its values run from %v to %v); use a beta, or bounds inside [0, 1]", d.Kind, lo, hi)
	default:
		return fmt.Sprintf("a %s distribution can take values from %v to %v, which this parameter cannot take; use a gamma or log-normal for amounts", d.Kind, lo, hi)
	}
}

// pert returns the beta of a PERT distribution on [0, 1].
func (d *Distribution) pert() (a, b float64) {
	w := d.Max - d.Min
	return 1 + 4*(d.Mode-d.Min)/w, 1 + 4*(d.Max-d.Mode)/w
}

// Mean returns the mean of d: the value a deterministic evaluation uses.
func (d *Distribution) Mean() float64 {
	switch d.Kind {
	case Normal:
		return d.Mu
	case LogNormal:
		return math.Exp(d.Mu + d.Sigma*d.Sigma/2)
	case Gamma:
		return d.Shape / d.Rate
	case Beta:
		return d.Alpha / (d.Alpha + d.Beta)
	case Uniform:
		return (d.Min + d.Max) / 2
	case Triangular:
		return (d.Min + d.Mode + d.Max) / 3
	case PERT:
		return (d.Min + 4*d.Mode + d.Max) / 6
	case Discrete:
		s := 0.0
		for _, v := range d.Values {
			s += v
		}
		return s / float64(len(d.Values))
	}
	return math.NaN()
}

// SD returns the standard deviation of d.
func (d *Distribution) SD() float64 {
	switch d.Kind {
	case Normal:
		return d.Sigma
	case LogNormal:
		return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma}.StdDev()
	case Gamma:
		return math.Sqrt(d.Shape) / d.Rate
	case Beta:
		return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta}.StdDev()
	case Uniform:
		return (d.Max - d.Min) / math.Sqrt(12)
	case Triangular:
		a, b, c := d.Min, d.Max, d.Mode
		return math.Sqrt((a*a + b*b + c*c - a*b - a*c - b*c) / 18)
	case PERT:
		a, b := d.pert()
		return (d.Max - d.Min) * distuv.Beta{Alpha: a, Beta: b}.StdDev()
	case Discrete:
		m, s := d.Mean(), 0.0
		for _, v := range d.Values {
			s += (v - m) * (v - m)
		}
		return math.Sqrt(s / float64(len(d.Values)))
	}
	return math.NaN()
}

// Quantile returns the value below which d falls with probability p.
func (d *Distribution) Quantile(p float64) float64 {
	switch d.Kind {
	case Normal:
		return distuv.Normal{Mu: d.Mu, Sigma: d.Sigma}.Quantile(p)
	case LogNormal:
		return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma}.Quantile(p)
	case Gamma:
		return distuv.Gamma{Alpha: d.Shape, Beta: d.Rate}.Quantile(p)
	case Beta:
		return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta}.Quantile(p)
	case Uniform:
		return distuv.Uniform{Min: d.Min, Max: d.Max}.Quantile(p)
	case Triangular:
		return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).Quantile(p)
	case PERT:
		a, b := d.pert()
		return d.Min + (d.Max-d.Min)*distuv.Beta{Alpha: a, Beta: b}.Quantile(p)
	case Discrete:
		i := int(p * float64(len(d.Values)))
		return d.Values[min(i, len(d.Values)-1)]
	}
	return math.NaN()
}

// density returns d's probability density at x (continuous families).
func (d *Distribution) density(x float64) float64 {
	switch d.Kind {
	case Normal:
		return distuv.Normal{Mu: d.Mu, Sigma: d.Sigma}.Prob(x)
	case LogNormal:
		return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma}.Prob(x)
	case Gamma:
		return distuv.Gamma{Alpha: d.Shape, Beta: d.Rate}.Prob(x)
	case Beta:
		return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta}.Prob(x)
	case Uniform:
		return distuv.Uniform{Min: d.Min, Max: d.Max}.Prob(x)
	case Triangular:
		return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).Prob(x)
	case PERT:
		a, b := d.pert()
		w := d.Max - d.Min
		return distuv.Beta{Alpha: a, Beta: b}.Prob((x-d.Min)/w) / w
	}
	return math.NaN()
}

// Sample draws one value of d from src.
func (d *Distribution) Sample(src rand.Source) float64 {
	switch d.Kind {
	case Normal:
		return distuv.Normal{Mu: d.Mu, Sigma: d.Sigma, Src: src}.Rand()
	case LogNormal:
		return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma, Src: src}.Rand()
	case Gamma:
		return distuv.Gamma{Alpha: d.Shape, Beta: d.Rate, Src: src}.Rand()
	case Beta:
		return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta, Src: src}.Rand()
	case Uniform:
		return distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}.Rand()
	case Triangular:
		return distuv.NewTriangle(d.Min, d.Max, d.Mode, src).Rand()
	case PERT:
		a, b := d.pert()
		return d.Min + (d.Max-d.Min)*distuv.Beta{Alpha: a, Beta: b, Src: src}.Rand()
	case Discrete:
		return d.Values[rand.New(src).IntN(len(d.Values))]
	}
	return math.NaN()
}
