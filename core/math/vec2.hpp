// Plain 2D vectors and symmetric 2x2 matrices: the only geometry core needs.
#pragma once
#include <cmath>

namespace gs {

struct Vec2 {
  double x = 0.0;
  double y = 0.0;
};

constexpr Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
constexpr Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
constexpr Vec2 operator-(Vec2 a) { return {-a.x, -a.y}; }
constexpr Vec2 operator*(double s, Vec2 a) { return {s * a.x, s * a.y}; }
constexpr Vec2 operator*(Vec2 a, double s) { return {s * a.x, s * a.y}; }
constexpr Vec2 operator/(Vec2 a, double s) { return {a.x / s, a.y / s}; }
constexpr Vec2& operator+=(Vec2& a, Vec2 b) {
  a.x += b.x;
  a.y += b.y;
  return a;
}
constexpr Vec2& operator-=(Vec2& a, Vec2 b) {
  a.x -= b.x;
  a.y -= b.y;
  return a;
}
constexpr bool operator==(Vec2 a, Vec2 b) { return a.x == b.x && a.y == b.y; }
constexpr double dot(Vec2 a, Vec2 b) { return a.x * b.x + a.y * b.y; }
// Element-wise operations, as optimizers apply them per coordinate.
constexpr Vec2 mul(Vec2 a, Vec2 b) { return {a.x * b.x, a.y * b.y}; }
constexpr Vec2 div(Vec2 a, Vec2 b) { return {a.x / b.x, a.y / b.y}; }
inline Vec2 sqrt(Vec2 a) { return {std::sqrt(a.x), std::sqrt(a.y)}; }
inline Vec2 abs(Vec2 a) { return {std::fabs(a.x), std::fabs(a.y)}; }
// |a|. hypot costs about 20 ns (a third of a runner step, which takes three norms); where the squares can
// neither overflow nor underflow, sqrt(x^2 + y^2) is within one ulp of it at the cost of a square root.
// Everything else (huge, tiny, infinite, NaN) goes to hypot.
inline double norm(Vec2 a) {
  const double squares = a.x * a.x + a.y * a.y;
  if (squares > 0x1p-968 && squares < 0x1p+968) return std::sqrt(squares);
  return std::hypot(a.x, a.y);
}
inline bool isFinite(Vec2 a) { return std::isfinite(a.x) && std::isfinite(a.y); }

// Symmetric 2x2 matrix (Hessians).
struct Sym2 {
  double xx = 0.0;
  double xy = 0.0;
  double yy = 0.0;
  constexpr bool operator==(const Sym2&) const = default;
};

constexpr Vec2 operator*(const Sym2& m, Vec2 v) { return {m.xx * v.x + m.xy * v.y, m.xy * v.x + m.yy * v.y}; }

}  // namespace gs
