// Test helpers: deterministic sample points, and high-precision finite differences (Ridders' method:
// Richardson-extrapolated central differences) to check the automatic differentiation against.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/math/evaluator.hpp"
#include "core/surface/surface.hpp"

namespace gs {

// n points spread over the domain's interior (the R2 low-discrepancy sequence), the same every run.
inline std::vector<Vec2> samplePoints(const Domain& d, int n) {
  constexpr double kA = 0.7548776662466927, kB = 0.5698402909980532;  // 1/phi2, 1/phi2^2
  std::vector<Vec2> points;
  for (int i = 0; i < n; ++i) {
    const double u = std::fmod(0.5 + kA * (i + 1), 1.0), v = std::fmod(0.5 + kB * (i + 1), 1.0);
    points.push_back(
        {d.xMin + (0.02 + 0.96 * u) * (d.xMax - d.xMin), d.yMin + (0.02 + 0.96 * v) * (d.yMax - d.yMin)});
  }
  return points;
}

struct Derivative {
  double value = 0.0;
  double error = 0.0;  // Ridders' own error estimate
};

// d/dt f(t) at t = 0 by Ridders' method (Numerical Recipes' dfridr).
inline Derivative ridders(const std::function<double(double)>& f, double h) {
  constexpr int kTable = 12;
  constexpr double kShrink = 1.4, kShrink2 = kShrink * kShrink;
  double a[kTable][kTable] = {};
  Derivative best{0.0, 1e300};
  a[0][0] = (f(h) - f(-h)) / (2 * h);
  for (int i = 1; i < kTable; ++i) {
    h /= kShrink;
    a[0][i] = (f(h) - f(-h)) / (2 * h);
    double factor = kShrink2;
    for (int j = 1; j <= i; ++j) {
      a[j][i] = (a[j - 1][i] * factor - a[j - 1][i - 1]) / (factor - 1);
      factor *= kShrink2;
      const double error = std::max(std::fabs(a[j][i] - a[j - 1][i]), std::fabs(a[j][i] - a[j - 1][i - 1]));
      if (error <= best.error) best = {a[j][i], error};
    }
    if (std::fabs(a[i][i] - a[i - 1][i - 1]) >= 2 * best.error) break;
  }
  return best;
}

inline Derivative partial(const std::function<double(Vec2)>& f, Vec2 p, Vec2 direction, double h = 0.05) {
  return ridders([&](double t) { return f(p + t * direction); }, h);
}

// Gradient (Dual) against finite differences of the value; Hessian (Jet) against finite differences of
// the Dual gradient; and Jet's value and gradient against the Dual's.
inline void expectDerivativesMatch(const Evaluator& e, Vec2 p, const std::string& label, double h = 0.05) {
  const ValueGrad vg = e.valueGrad(p);
  const ValueGradHessian vgh = e.valueGradHessian(p);
  const auto value = [&](Vec2 q) { return e.value(q); };
  const auto gradX = [&](Vec2 q) { return e.valueGrad(q).gradient.x; };
  const auto gradY = [&](Vec2 q) { return e.valueGrad(q).gradient.y; };
  const Vec2 ex{1, 0}, ey{0, 1};
  const double gScale = 1.0 + std::fabs(vg.value) + norm(vg.gradient);
  const std::string where = label + " at (" + std::to_string(p.x) + ", " + std::to_string(p.y) + ")";
  EXPECT_EQ(vg.value, e.value(p)) << where;
  EXPECT_NEAR(vg.gradient.x, partial(value, p, ex, h).value, 1e-7 * gScale) << where;
  EXPECT_NEAR(vg.gradient.y, partial(value, p, ey, h).value, 1e-7 * gScale) << where;
  const Sym2& H = vgh.hessian;
  const double hScale = 1.0 + norm(vg.gradient) + std::fabs(H.xx) + std::fabs(H.xy) + std::fabs(H.yy);
  EXPECT_NEAR(H.xx, partial(gradX, p, ex, h).value, 1e-7 * hScale) << where;
  EXPECT_NEAR(H.xy, partial(gradX, p, ey, h).value, 1e-7 * hScale) << where;
  EXPECT_NEAR(H.xy, partial(gradY, p, ex, h).value, 1e-7 * hScale) << where;
  EXPECT_NEAR(H.yy, partial(gradY, p, ey, h).value, 1e-7 * hScale) << where;
  EXPECT_NEAR(vgh.value, vg.value, 1e-13 * gScale) << where;
  EXPECT_NEAR(vgh.gradient.x, vg.gradient.x, 1e-12 * gScale) << where;
  EXPECT_NEAR(vgh.gradient.y, vg.gradient.y, 1e-12 * gScale) << where;
}

}  // namespace gs
