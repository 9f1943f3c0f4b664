// Small surfaces with hand-written gradients and Hessians for the optimizer tests, so they do not
// depend on the surface catalog, and a helper to make an optimizer with some parameters set.
#pragma once
#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>
#include <utility>

#include "core/math/evaluator.hpp"
#include "core/optim/optimizer.hpp"

namespace gs::testing {

// f = 0.5 a x^2 + 0.5 b y^2 + c x y + p x + q y: gradient (a x + c y + p, b y + c x + q),
// Hessian [[a, c], [c, b]].
struct Quadratic final : Evaluator {
  double a = 1.0, b = 10.0, c = 0.0, p = 0.0, q = 0.0;
  Quadratic(double a_, double b_, double c_ = 0.0, double p_ = 0.0, double q_ = 0.0)
      : a(a_), b(b_), c(c_), p(p_), q(q_) {}
  double value(Vec2 v) const override {
    return 0.5 * a * v.x * v.x + 0.5 * b * v.y * v.y + c * v.x * v.y + p * v.x + q * v.y;
  }
  ValueGrad valueGrad(Vec2 v) const override {
    return {value(v), {a * v.x + c * v.y + p, b * v.y + c * v.x + q}};
  }
  ValueGradHessian valueGradHessian(Vec2 v) const override {
    const ValueGrad vg = valueGrad(v);
    return {vg.value, vg.gradient, {a, c, b}};
  }
};

// f = (1 - x)^2 + 100 (y - x^2)^2.
struct Rosenbrock final : Evaluator {
  double value(Vec2 v) const override {
    return (1 - v.x) * (1 - v.x) + 100 * (v.y - v.x * v.x) * (v.y - v.x * v.x);
  }
  ValueGrad valueGrad(Vec2 v) const override {
    const double r = v.y - v.x * v.x;
    return {value(v), {-2 * (1 - v.x) - 400 * v.x * r, 200 * r}};
  }
  ValueGradHessian valueGradHessian(Vec2 v) const override {
    const ValueGrad vg = valueGrad(v);
    return {vg.value, vg.gradient, {2 - 400 * (v.y - v.x * v.x) + 800 * v.x * v.x, -400 * v.x, 200}};
  }
};

inline Optimizer makeOptimizer(std::string_view name,
                               std::initializer_list<std::pair<std::string_view, double>> params = {}) {
  std::optional<Optimizer> optimizer = Optimizer::create(name);
  EXPECT_TRUE(optimizer.has_value()) << name;
  if (!optimizer) return *Optimizer::create("sgd");
  for (const auto& [key, value] : params) EXPECT_TRUE(optimizer->setParam(key, value)) << name << " " << key;
  return *optimizer;
}

}  // namespace gs::testing
