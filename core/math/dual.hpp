// Forward-mode automatic differentiation in two variables: Dual carries a value and its gradient, Jet a
// value, gradient and Hessian. A surface written once as `template <class T> T f(const T& x, const T& y)`
// gives f with double, (f, grad f) with Dual and (f, grad f, Hess f) with Jet, exact to rounding.
//
// Conventions at kinks (subgradients): d|u| = sign(u) du with sign(0) = 0; min and max follow the
// argument they return, and on a tie both return their first argument (as std::min/std::max do); a NaN
// in either argument of min or max gives NaN, as torch.minimum/maximum do (undefined stays undefined).
// The chain rule multiplies a derivative by a slope only where the derivative is not zero: a term that
// does not depend on x contributes 0 to d/dx even where the slope is infinite (sqrt, asin and fractional
// powers at the edge of their domain), as reverse mode (torch) gives; so cone tips such as
// sqrt(x^2 + y^2) at the origin have gradient 0 and an infinite Hessian.
// Powers follow torch's pow backward: d/du u^w = w u^(w-1), taken as 0 where w = 0, and
// d/dw u^w = u^w log u, taken as 0 where u = 0 and w >= 0; so 0^y and x^y at x = 0 have a gradient.
// A Jet's value and gradient are computed by the same operations as a Dual's, and a Dual's value as a
// double's: every evaluation path of one f agrees bit for bit on f and its gradient.
#pragma once
#include <cmath>

#include "core/math/vec2.hpp"

namespace gs::ad {

// The double overloads, so that unqualified calls in surface templates resolve for every T.
using std::abs;
using std::acos;
using std::asin;
using std::atan;
using std::cos;
using std::cosh;
using std::exp;
using std::log;
using std::max;
using std::min;
using std::pow;
using std::sin;
using std::sinh;
using std::sqrt;
using std::tan;
using std::tanh;

struct Dual {
  double value = 0.0;
  Vec2 gradient;

  constexpr Dual() = default;
  constexpr Dual(double constant) : value(constant) {}  // NOLINT: constants mix freely with duals
  constexpr Dual(double v, Vec2 g) : value(v), gradient(g) {}
  static constexpr Dual variableX(double x) { return {x, {1.0, 0.0}}; }
  static constexpr Dual variableY(double y) { return {y, {0.0, 1.0}}; }
};

struct Jet {
  double value = 0.0;
  Vec2 gradient;
  Sym2 hessian;

  constexpr Jet() = default;
  constexpr Jet(double constant) : value(constant) {}  // NOLINT: constants mix freely with jets
  constexpr Jet(double v, Vec2 g, Sym2 h) : value(v), gradient(g), hessian(h) {}
  static constexpr Jet variableX(double x) { return {x, {1.0, 0.0}, {}}; }
  static constexpr Jet variableY(double y) { return {y, {0.0, 1.0}, {}}; }
};

// ---- symmetric-matrix helpers -------------------------------------------------------------------
constexpr Sym2 operator+(const Sym2& a, const Sym2& b) { return {a.xx + b.xx, a.xy + b.xy, a.yy + b.yy}; }
constexpr Sym2 operator-(const Sym2& a, const Sym2& b) { return {a.xx - b.xx, a.xy - b.xy, a.yy - b.yy}; }
constexpr Sym2 operator*(double s, const Sym2& a) { return {s * a.xx, s * a.xy, s * a.yy}; }
constexpr Sym2 outer(Vec2 a) { return {a.x * a.x, a.x * a.y, a.y * a.y}; }
// a b^T + b a^T
constexpr Sym2 symmetricOuter(Vec2 a, Vec2 b) {
  return {2.0 * a.x * b.x, a.x * b.y + a.y * b.x, 2.0 * a.y * b.y};
}

// s * v, with a zero component of v staying zero whatever s is (see the header comment).
constexpr double scaledComponent(double s, double component) {
  return component == 0.0 ? 0.0 : s * component;
}
constexpr Vec2 scaled(double s, Vec2 v) { return {scaledComponent(s, v.x), scaledComponent(s, v.y)}; }
constexpr Sym2 scaled(double s, const Sym2& m) {
  return {scaledComponent(s, m.xx), scaledComponent(s, m.xy), scaledComponent(s, m.yy)};
}
constexpr Sym2 operator/(const Sym2& a, double s) { return {a.xx / s, a.xy / s, a.yy / s}; }

// Chain rule for g(u) given g(u), g'(u) and (for jets) g''(u).
constexpr Dual chain(const Dual& u, double g0, double g1) { return {g0, scaled(g1, u.gradient)}; }
constexpr Jet chain(const Jet& u, double g0, double g1, double g2) {
  return {g0, scaled(g1, u.gradient), scaled(g1, u.hessian) + scaled(g2, outer(u.gradient))};
}

// ---- arithmetic: Dual ---------------------------------------------------------------------------
constexpr Dual operator+(const Dual& a) { return a; }
constexpr Dual operator-(const Dual& a) { return {-a.value, -a.gradient}; }
constexpr Dual operator+(const Dual& a, const Dual& b) {
  return {a.value + b.value, a.gradient + b.gradient};
}
constexpr Dual operator-(const Dual& a, const Dual& b) {
  return {a.value - b.value, a.gradient - b.gradient};
}
constexpr Dual operator*(const Dual& a, const Dual& b) {
  return {a.value * b.value, b.value * a.gradient + a.value * b.gradient};
}
constexpr Dual operator/(const Dual& a, const Dual& b) {
  const double q = a.value / b.value;
  return {q, (a.gradient - q * b.gradient) / b.value};
}
constexpr Dual operator+(const Dual& a, double c) { return {a.value + c, a.gradient}; }
constexpr Dual operator+(double c, const Dual& a) { return {c + a.value, a.gradient}; }
constexpr Dual operator-(const Dual& a, double c) { return {a.value - c, a.gradient}; }
constexpr Dual operator-(double c, const Dual& a) { return {c - a.value, -a.gradient}; }
constexpr Dual operator*(const Dual& a, double c) { return {a.value * c, c * a.gradient}; }
constexpr Dual operator*(double c, const Dual& a) { return {c * a.value, c * a.gradient}; }
constexpr Dual operator/(const Dual& a, double c) { return {a.value / c, a.gradient / c}; }
constexpr Dual operator/(double c, const Dual& a) {
  const double q = c / a.value;
  return chain(a, q, -q / a.value);
}

// ---- arithmetic: Jet ----------------------------------------------------------------------------
constexpr Jet operator+(const Jet& a) { return a; }
constexpr Jet operator-(const Jet& a) { return {-a.value, -a.gradient, -1.0 * a.hessian}; }
constexpr Jet operator+(const Jet& a, const Jet& b) {
  return {a.value + b.value, a.gradient + b.gradient, a.hessian + b.hessian};
}
constexpr Jet operator-(const Jet& a, const Jet& b) {
  return {a.value - b.value, a.gradient - b.gradient, a.hessian - b.hessian};
}
constexpr Jet operator*(const Jet& a, const Jet& b) {
  return {a.value * b.value, b.value * a.gradient + a.value * b.gradient,
          b.value * a.hessian + a.value * b.hessian + symmetricOuter(a.gradient, b.gradient)};
}
// Division divides (never multiplies by a reciprocal), so q = a / b is the double path's quotient; its
// gradient is the Dual's, and its Hessian follows from a = q b differentiated twice.
constexpr Jet operator/(const Jet& a, const Jet& b) {
  const double q = a.value / b.value;
  const Vec2 gradient = (a.gradient - q * b.gradient) / b.value;
  return {q, gradient, (a.hessian - q * b.hessian - symmetricOuter(gradient, b.gradient)) / b.value};
}
constexpr Jet operator+(const Jet& a, double c) { return {a.value + c, a.gradient, a.hessian}; }
constexpr Jet operator+(double c, const Jet& a) { return {c + a.value, a.gradient, a.hessian}; }
constexpr Jet operator-(const Jet& a, double c) { return {a.value - c, a.gradient, a.hessian}; }
constexpr Jet operator-(double c, const Jet& a) { return {c - a.value, -a.gradient, -1.0 * a.hessian}; }
constexpr Jet operator*(const Jet& a, double c) { return {a.value * c, c * a.gradient, c * a.hessian}; }
constexpr Jet operator*(double c, const Jet& a) { return a * c; }
constexpr Jet operator/(const Jet& a, double c) { return {a.value / c, a.gradient / c, a.hessian / c}; }
constexpr Jet operator/(double c, const Jet& a) {
  const double q = c / a.value;
  const double slope = -q / a.value;
  return chain(a, q, slope, -2.0 * slope / a.value);
}

// ---- elementary functions -----------------------------------------------------------------------
// Each has a Dual overload (no second derivative computed: it is the step's hot path) and a Jet one.
inline Dual exp(const Dual& u) {
  const double e = std::exp(u.value);
  return chain(u, e, e);
}
inline Jet exp(const Jet& u) {
  const double e = std::exp(u.value);
  return chain(u, e, e, e);
}
inline Dual log(const Dual& u) { return chain(u, std::log(u.value), 1.0 / u.value); }
inline Jet log(const Jet& u) {
  return chain(u, std::log(u.value), 1.0 / u.value, -1.0 / (u.value * u.value));
}
inline Dual sin(const Dual& u) { return chain(u, std::sin(u.value), std::cos(u.value)); }
inline Jet sin(const Jet& u) {
  const double s = std::sin(u.value);
  return chain(u, s, std::cos(u.value), -s);
}
inline Dual cos(const Dual& u) { return chain(u, std::cos(u.value), -std::sin(u.value)); }
inline Jet cos(const Jet& u) {
  const double c = std::cos(u.value);
  return chain(u, c, -std::sin(u.value), -c);
}
inline Dual tan(const Dual& u) {
  const double t = std::tan(u.value);
  return chain(u, t, 1.0 + t * t);
}
inline Jet tan(const Jet& u) {
  const double t = std::tan(u.value);
  return chain(u, t, 1.0 + t * t, 2.0 * t * (1.0 + t * t));
}
inline Dual sinh(const Dual& u) { return chain(u, std::sinh(u.value), std::cosh(u.value)); }
inline Jet sinh(const Jet& u) {
  const double s = std::sinh(u.value);
  return chain(u, s, std::cosh(u.value), s);
}
inline Dual cosh(const Dual& u) { return chain(u, std::cosh(u.value), std::sinh(u.value)); }
inline Jet cosh(const Jet& u) {
  const double c = std::cosh(u.value);
  return chain(u, c, std::sinh(u.value), c);
}
inline Dual tanh(const Dual& u) {
  const double t = std::tanh(u.value);
  return chain(u, t, 1.0 - t * t);
}
inline Jet tanh(const Jet& u) {
  const double t = std::tanh(u.value);
  return chain(u, t, 1.0 - t * t, -2.0 * t * (1.0 - t * t));
}
inline Dual atan(const Dual& u) { return chain(u, std::atan(u.value), 1.0 / (1.0 + u.value * u.value)); }
inline Jet atan(const Jet& u) {
  const double r = 1.0 / (1.0 + u.value * u.value);
  return chain(u, std::atan(u.value), r, -2.0 * u.value * r * r);
}
// asin' = 1/sqrt(1-u^2), asin'' = u/(1-u^2)^(3/2); acos is their negation.
inline Dual asin(const Dual& u) {
  return chain(u, std::asin(u.value), 1.0 / std::sqrt(1.0 - u.value * u.value));
}
inline Jet asin(const Jet& u) {
  const double r = 1.0 / std::sqrt(1.0 - u.value * u.value);
  return chain(u, std::asin(u.value), r, u.value * r * r * r);
}
inline Dual acos(const Dual& u) {
  return chain(u, std::acos(u.value), -1.0 / std::sqrt(1.0 - u.value * u.value));
}
inline Jet acos(const Jet& u) {
  const double r = 1.0 / std::sqrt(1.0 - u.value * u.value);
  return chain(u, std::acos(u.value), -r, -u.value * r * r * r);
}

// sqrt: at u = 0 the slope is infinite, but a zero gradient component stays zero (see chain).
inline Dual sqrt(const Dual& u) {
  const double s = std::sqrt(u.value);
  return chain(u, s, 0.5 / s);
}
inline Jet sqrt(const Jet& u) {
  const double s = std::sqrt(u.value);
  return chain(u, s, 0.5 / s, -0.25 / (s * u.value));
}

constexpr double sign(double v) { return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : 0.0); }
inline Dual abs(const Dual& u) { return chain(u, std::fabs(u.value), sign(u.value)); }
inline Jet abs(const Jet& u) { return chain(u, std::fabs(u.value), sign(u.value), 0.0); }
// min and max: NaN in either argument gives NaN; ties return the first argument.
constexpr double valueOf(double v) { return v; }
constexpr double valueOf(const Dual& v) { return v.value; }
constexpr double valueOf(const Jet& v) { return v.value; }
template <class T>
constexpr T minimum(const T& a, const T& b) {
  return valueOf(b) < valueOf(a) || valueOf(b) != valueOf(b) ? b : a;
}
template <class T>
constexpr T maximum(const T& a, const T& b) {
  return valueOf(b) > valueOf(a) || valueOf(b) != valueOf(b) ? b : a;
}
inline Dual min(const Dual& a, const Dual& b) { return minimum(a, b); }
inline Jet min(const Jet& a, const Jet& b) { return minimum(a, b); }
inline Dual max(const Dual& a, const Dual& b) { return maximum(a, b); }
inline Jet max(const Jet& a, const Jet& b) { return maximum(a, b); }

// Powers, std::pow semantics for the value (a negative base needs an integer exponent). The slopes follow
// torch's pow backward (see the header comment), so no 0 * log(0) or 0 * inf turns into NaN.
inline double powSlopeByBase(double base, double exponent) {
  return exponent == 0.0 ? 0.0 : exponent * std::pow(base, exponent - 1.0);
}
inline double powSlopeByExponent(double power, double base, double exponent) {
  return base == 0.0 && exponent >= 0.0 ? 0.0 : power * std::log(base);
}
constexpr bool isConstant(const Dual& u) { return u.gradient.x == 0.0 && u.gradient.y == 0.0; }
constexpr bool isConstant(const Jet& u) {
  return u.gradient.x == 0.0 && u.gradient.y == 0.0 && u.hessian.xx == 0.0 && u.hessian.xy == 0.0 &&
         u.hessian.yy == 0.0;
}
// d(u^w) = w u^(w-1) du + u^w log(u) dw; a term whose differential is zero is skipped, not computed.
inline Dual pow(const Dual& u, const Dual& w) {
  const double p = std::pow(u.value, w.value);
  Vec2 gradient;
  if (!isConstant(u)) gradient += scaled(powSlopeByBase(u.value, w.value), u.gradient);
  if (!isConstant(w)) gradient += scaled(powSlopeByExponent(p, u.value, w.value), w.gradient);
  return {p, gradient};
}
inline Dual pow(const Dual& u, double n) { return pow(u, Dual(n)); }
inline Dual pow(double c, const Dual& w) { return pow(Dual(c), w); }
inline Jet pow(const Jet& u, const Jet& w) {
  const Dual first = pow(Dual(u.value, u.gradient), Dual(w.value, w.gradient));
  Sym2 hessian;
  if (!isConstant(u)) {
    const double byBaseBase =
        w.value == 0.0 || w.value == 1.0 ? 0.0 : w.value * (w.value - 1.0) * std::pow(u.value, w.value - 2.0);
    hessian = scaled(powSlopeByBase(u.value, w.value), u.hessian) + scaled(byBaseBase, outer(u.gradient));
  }
  if (!isConstant(w)) {
    const double byExponent = powSlopeByExponent(first.value, u.value, w.value);
    const double byExponentExponent = u.value == 0.0 && w.value >= 0.0 ? 0.0 : byExponent * std::log(u.value);
    hessian = hessian + scaled(byExponent, w.hessian) + scaled(byExponentExponent, outer(w.gradient));
    if (!isConstant(u)) {
      // d/dw (w u^(w-1)) = u^(w-1) + w u^(w-1) log u, with the same masks one power lower.
      const double lower = std::pow(u.value, w.value - 1.0);
      const double byBaseExponent =
          w.value == 0.0 ? 0.0 : lower + w.value * powSlopeByExponent(lower, u.value, w.value - 1.0);
      hessian = hessian + scaled(byBaseExponent, symmetricOuter(u.gradient, w.gradient));
    }
  }
  return {first.value, first.gradient, hessian};
}
inline Jet pow(const Jet& u, double n) { return pow(u, Jet(n)); }
inline Jet pow(double c, const Jet& w) { return pow(Jet(c), w); }

// Small integer powers used by the built-in surfaces: a few multiplications, exact for any sign.
template <class T>
constexpr T square(const T& u) {
  return u * u;
}
template <class T>
constexpr T cube(const T& u) {
  return u * u * u;
}

}  // namespace gs::ad

namespace gs {
using ad::Dual;
using ad::Jet;
}  // namespace gs
