package sensitivity

import (
	"errors"
	"fmt"
	"math"
)

// ErrNoSignChange is returned by Root when f has the same sign at both ends
// of the interval.
var ErrNoSignChange = errors.New("the function does not change sign within the interval")

// Root finds a zero of f within [a, b], where f(a) and f(b) have opposite
// signs (or one is zero), by Brent's method: inverse quadratic
// interpolation and secant steps, kept safe by bisection, so that it
// converges whenever f is continuous and in few evaluations when f is
// smooth (one secant step when it is linear). It returns x with f(x) = 0 or
// a bracket of width at most tol+4*eps*|x| around a sign change. f must be
// finite on [a, b]; an evaluation that fails or is not finite stops the
// search with an error.
//
// Brent, R. P. (1973). Algorithms for Minimization without Derivatives,
// chapter 4. Prentice-Hall.
func Root(f func(float64) (float64, error), a, b, tol float64) (float64, error) {
	fa, err := finite(f, a)
	if err != nil {
		return math.NaN(), err
	}
	fb, err := finite(f, b)
	if err != nil {
		return math.NaN(), err
	}
	switch {
	case fa == 0:
		return a, nil
	case fb == 0:
		return b, nil
	case (fa > 0) == (fb > 0):
		return math.NaN(), ErrNoSignChange
	}
	c, fc := a, fa
	d := b - a
	e := d
	for range 200 {
		if (fb > 0) == (fc > 0) {
			// Keep the root between b and c.
			c, fc = a, fa
			d = b - a
			e = d
		}
		if math.Abs(fc) < math.Abs(fb) {
			// b is the best estimate so far.
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tol1 := 2*math.SmallestNonzeroFloat64 + 4*0x1p-53*math.Abs(b) + 0.5*tol
		m := 0.5 * (c - b)
		if math.Abs(m) <= tol1 || fb == 0 {
			return b, nil
		}
		if math.Abs(e) >= tol1 && math.Abs(fa) > math.Abs(fb) {
			// Interpolate: secant when a == c, else inverse quadratic.
			s := fb / fa
			var p, q float64
			if a == c {
				p = 2 * m * s
				q = 1 - s
			} else {
				q0, r := fa/fc, fb/fc
				p = s * (2*m*q0*(q0-r) - (b-a)*(r-1))
				q = (q0 - 1) * (r - 1) * (s - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if 2*p < math.Min(3*m*q-math.Abs(tol1*q), math.Abs(e*q)) {
				e, d = d, p/q
			} else {
				d, e = m, m // bisect
			}
		} else {
			d, e = m, m // bisect
		}
		a, fa = b, fb
		if math.Abs(d) > tol1 {
			b += d
		} else {
			b += math.Copysign(tol1, m)
		}
		if fb, err = finite(f, b); err != nil {
			return math.NaN(), err
		}
	}
	return b, nil
}

func finite(f func(float64) (float64, error), x float64) (float64, error) {
	y, err := f(x)
	if err != nil {
		return y, err
	}
	if math.IsNaN(y) || math.IsInf(y, 0) {
		return y, fmt.Errorf("the function is not finite at %g (%g)", x, y)
	}
	return y, nil
}
