// Forward-mode automatic differentiation in two variables: Dual carries a value and its gradient, Jet a
// value, gradient and Hessian. A surface written once as `template <class T> T f(const T& x, const T& y)`
// gives f with double, (f, grad f) with Dual and (f, grad f, Hess f) with Jet, exact to rounding.
//
// Conventions at kinks (subgradients): d|u| = sign(u) du with sign(0) = 0; min and max follow the
// argument they return, and on a tie both return their first argument (as std::min/std::max do).
// sqrt at 0 passes a zero gradient through as zero rather than 0 * inf = NaN, so cone tips such as
// sqrt(x^2 + y^2) at the origin have gradient 0 and an infinite Hessian.
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

// Chain rule for g(u) given g(u), g'(u) and (for jets) g''(u).
constexpr Dual chain(const Dual& u, double g0, double g1) { return {g0, g1 * u.gradient}; }
constexpr Jet chain(const Jet& u, double g0, double g1, double g2) {
  return {g0, g1 * u.gradient, g1 * u.hessian + g2 * outer(u.gradient)};
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
  return {q, (-q / a.value) * a.gradient};
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
constexpr Jet reciprocal(const Jet& a) {
  const double r = 1.0 / a.value;
  return chain(a, r, -r * r, 2.0 * r * r * r);
}
constexpr Jet operator/(const Jet& a, const Jet& b) { return a * reciprocal(b); }
constexpr Jet operator+(const Jet& a, double c) { return {a.value + c, a.gradient, a.hessian}; }
constexpr Jet operator+(double c, const Jet& a) { return {c + a.value, a.gradient, a.hessian}; }
constexpr Jet operator-(const Jet& a, double c) { return {a.value - c, a.gradient, a.hessian}; }
constexpr Jet operator-(double c, const Jet& a) { return {c - a.value, -a.gradient, -1.0 * a.hessian}; }
constexpr Jet operator*(const Jet& a, double c) { return {a.value * c, c * a.gradient, c * a.hessian}; }
constexpr Jet operator*(double c, const Jet& a) { return a * c; }
constexpr Jet operator/(const Jet& a, double c) { return a * (1.0 / c); }
constexpr Jet operator/(double c, const Jet& a) { return c * reciprocal(a); }

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

// sqrt: at u = 0 a zero gradient component stays zero (see the header comment).
inline double sqrtSlope(double u, double component, double slope) {
  return u == 0.0 && component == 0.0 ? 0.0 : slope * component;
}
inline Dual sqrt(const Dual& u) {
  const double s = std::sqrt(u.value);
  const double slope = 0.5 / s;
  return {s, {sqrtSlope(u.value, u.gradient.x, slope), sqrtSlope(u.value, u.gradient.y, slope)}};
}
inline Jet sqrt(const Jet& u) {
  const double s = std::sqrt(u.value);
  const double slope = 0.5 / s;
  const double curvature = -0.25 / (s * u.value);
  const Vec2 g = u.gradient;
  const Vec2 gradient{sqrtSlope(u.value, g.x, slope), sqrtSlope(u.value, g.y, slope)};
  const Sym2 hessian{sqrtSlope(u.value, u.hessian.xx, slope) + sqrtSlope(u.value, g.x * g.x, curvature),
                     sqrtSlope(u.value, u.hessian.xy, slope) + sqrtSlope(u.value, g.x * g.y, curvature),
                     sqrtSlope(u.value, u.hessian.yy, slope) + sqrtSlope(u.value, g.y * g.y, curvature)};
  return {s, gradient, hessian};
}

constexpr double sign(double v) { return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : 0.0); }
inline Dual abs(const Dual& u) { return chain(u, std::fabs(u.value), sign(u.value)); }
inline Jet abs(const Jet& u) { return chain(u, std::fabs(u.value), sign(u.value), 0.0); }
// Ties return the first argument, as std::min and std::max do for doubles.
inline Dual min(const Dual& a, const Dual& b) { return b.value < a.value ? b : a; }
inline Jet min(const Jet& a, const Jet& b) { return b.value < a.value ? b : a; }
inline Dual max(const Dual& a, const Dual& b) { return a.value < b.value ? b : a; }
inline Jet max(const Jet& a, const Jet& b) { return a.value < b.value ? b : a; }

// u^n for a constant exponent n (std::pow semantics: a negative base with an integer n is fine).
inline Dual pow(const Dual& u, double n) {
  return chain(u, std::pow(u.value, n), n == 0.0 ? 0.0 : n * std::pow(u.value, n - 1.0));
}
inline Jet pow(const Jet& u, double n) {
  const double slope = n == 0.0 ? 0.0 : n * std::pow(u.value, n - 1.0);
  const double curvature = n == 0.0 || n == 1.0 ? 0.0 : n * (n - 1.0) * std::pow(u.value, n - 2.0);
  return chain(u, std::pow(u.value, n), slope, curvature);
}
constexpr bool isConstant(const Dual& u) { return u.gradient.x == 0.0 && u.gradient.y == 0.0; }
constexpr bool isConstant(const Jet& u) {
  return u.gradient.x == 0.0 && u.gradient.y == 0.0 && u.hessian.xx == 0.0 && u.hessian.xy == 0.0 &&
         u.hessian.yy == 0.0;
}
// u^w with both varying: d(u^w) = w u^(w-1) du + u^w log(u) dw. A constant exponent takes the branch
// above so that a negative base with an integer exponent keeps a finite gradient.
inline Dual pow(const Dual& u, const Dual& w) {
  if (isConstant(w)) return pow(u, w.value);
  const double p = std::pow(u.value, w.value);
  const double du = isConstant(u) ? 0.0 : w.value * std::pow(u.value, w.value - 1.0);
  return {p, du * u.gradient + (p * std::log(u.value)) * w.gradient};
}
inline Jet pow(const Jet& u, const Jet& w) {
  if (isConstant(w)) return pow(u, w.value);
  const double p = std::pow(u.value, w.value);
  const double logBase = std::log(u.value);
  const double byExponent = p * logBase;
  Jet result{p, byExponent * w.gradient, byExponent * w.hessian + (byExponent * logBase) * outer(w.gradient)};
  if (isConstant(u)) return result;  // 2^x: skip terms whose slope may be 0 * inf at u = 0
  const double byBase = w.value * std::pow(u.value, w.value - 1.0);
  const double byBaseBase = w.value * (w.value - 1.0) * std::pow(u.value, w.value - 2.0);
  const double byBaseExponent = std::pow(u.value, w.value - 1.0) * (1.0 + w.value * logBase);
  result.gradient += byBase * u.gradient;
  result.hessian = result.hessian + byBase * u.hessian + byBaseBase * outer(u.gradient) +
                   byBaseExponent * symmetricOuter(u.gradient, w.gradient);
  return result;
}
inline Dual pow(double c, const Dual& w) { return pow(Dual(c), w); }
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
