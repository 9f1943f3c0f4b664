// Dual numbers over lanes: ad::Dual (core/math/dual.hpp) with a pack of runs per number, one run per
// lane (Lanes is std::experimental::simd<double, Abi>, as in core/optim/lanes.hpp). Each operation is
// Dual's, term for term and in the same order, so every lane rounds as that run's Dual would: a surface
// template evaluated with LaneDual gives each lane the bits of Dual, f and its exact gradient (forward-mode
// automatic differentiation, not an approximation). Only what the polynomial formulas of formulas.hpp use
// is here: + - * / with dual numbers and doubles, and the small powers of dual.hpp (square, cube). The
// operators are always inlined: a call per operation would pass three packs through memory each time.
#pragma once
#include "core/math/dual.hpp"

namespace gs::ad {

template <class Lanes>
struct LaneDual {
  Lanes value;
  Lanes dx, dy;  // the gradient: d/dx and d/dy of every lane's value

  LaneDual() = default;
  LaneDual(double constant) : value(constant), dx(0.0), dy(0.0) {}  // NOLINT: as Dual's constants
  LaneDual(const Lanes& v, const Lanes& gx, const Lanes& gy) : value(v), dx(gx), dy(gy) {}
  static LaneDual variableX(const Lanes& x) { return {x, Lanes(1.0), Lanes(0.0)}; }
  static LaneDual variableY(const Lanes& y) { return {y, Lanes(0.0), Lanes(1.0)}; }
};

template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator+(const LaneDual<L>& a) {
  return a;
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator-(const LaneDual<L>& a) {
  return {-a.value, -a.dx, -a.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator+(const LaneDual<L>& a, const LaneDual<L>& b) {
  return {a.value + b.value, a.dx + b.dx, a.dy + b.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator-(const LaneDual<L>& a, const LaneDual<L>& b) {
  return {a.value - b.value, a.dx - b.dx, a.dy - b.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator*(const LaneDual<L>& a, const LaneDual<L>& b) {
  return {a.value * b.value, b.value * a.dx + a.value * b.dx, b.value * a.dy + a.value * b.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator/(const LaneDual<L>& a, const LaneDual<L>& b) {
  const L q = a.value / b.value;
  return {q, (a.dx - q * b.dx) / b.value, (a.dy - q * b.dy) / b.value};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator+(const LaneDual<L>& a, double c) {
  return {a.value + c, a.dx, a.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator+(double c, const LaneDual<L>& a) {
  return {c + a.value, a.dx, a.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator-(const LaneDual<L>& a, double c) {
  return {a.value - c, a.dx, a.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator-(double c, const LaneDual<L>& a) {
  return {c - a.value, -a.dx, -a.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator*(const LaneDual<L>& a, double c) {
  return {a.value * c, c * a.dx, c * a.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator*(double c, const LaneDual<L>& a) {
  return {c * a.value, c * a.dx, c * a.dy};
}
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator/(const LaneDual<L>& a, double c) {
  return {a.value / c, a.dx / c, a.dy / c};
}
// Dual's chain(a, q, -q / a): a zero gradient component stays zero whatever the slope (dual.hpp's scaled).
template <class L>
[[gnu::always_inline]] inline LaneDual<L> operator/(double c, const LaneDual<L>& a) {
  const L q = c / a.value;
  const L slope = -q / a.value;
  const auto scaled = [&slope](const L& component) {
    L result = slope * component;
    where(component == 0.0, result) = L(0.0);
    return result;
  };
  return {q, scaled(a.dx), scaled(a.dy)};
}

}  // namespace gs::ad
