// Hand-derived first and second steps of every optimizer on f = 0.5 x^2 + 5 y^2 from (1, 1), where
// the gradient is g = (x, 10 y), so g_1 = (1, 10). Each row's numbers are worked out in its comment.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "test_optimizers_support.hpp"

namespace gs::testing {
namespace {

struct HandStep {
  std::string label;
  std::string name;
  std::vector<std::pair<std::string_view, double>> params;
  Vec2 first;                  // x_1
  std::optional<Vec2> second;  // x_2 where derived
  double tolerance = 1e-12;    // looser where the derivation drops eps (1e-8) from x_1
};

std::vector<HandStep> handSteps() {
  const double e = 1e-8;
  // NAdam (t = 1, momentum_decay = 4e-3): mu_1 = 0.9 (1 - 0.5 * 0.96^0.004), mu_2 = 0.9 (1 - 0.5 *
  // 0.96^0.008).
  const double mu1 = 0.9 * (1 - 0.5 * std::pow(0.96, 0.004));
  const double mu2 = 0.9 * (1 - 0.5 * std::pow(0.96, 0.008));
  // AdaGrad with lr_decay 1 and initial_accumulator_value 3: sum_1 = 3 + g_1^2 = (4, 103), clr_1 = 0.1;
  // x_1 = (1 - 0.1 / 2, 1 - 1 / sqrt(103)); clr_2 = 0.1 / (1 + 1) = 0.05, g_2 = (x_1, 10 y_1),
  // sum_2 = sum_1 + g_2^2, x_2 = x_1 - 0.05 g_2 / sqrt(sum_2).
  const double adagradY1 = 1 - 1.0 / std::sqrt(103.0);
  const Vec2 adagradDecayed{0.95 - 0.05 * 0.95 / std::sqrt(4 + 0.95 * 0.95),
                            adagradY1 - 0.5 * adagradY1 / std::sqrt(103 + 100 * adagradY1 * adagradY1)};
  return {
      // x_1 = x_0 - 0.1 g_1 = (0.9, 0); g_2 = (0.9, 0); x_2 = (0.81, 0).
      {"sgd", "sgd", {{"lr", 0.1}}, {0.9, 0.0}, Vec2{0.81, 0.0}},
      // buf_1 = g_1 (torch's undampened first buffer), x_1 = (0.9, 0); g_2 = (0.9, 0),
      // buf_2 = 0.9 (1, 10) + (0.9, 0) = (1.8, 9), x_2 = (0.9 - 0.18, 0 - 0.9).
      {"momentum", "momentum", {{"lr", 0.1}}, {0.9, 0.0}, Vec2{0.72, -0.9}},
      // Dampening does not touch the first buffer: buf_1 = g_1 even with dampening 0.5. g_2 = (0.9, 0),
      // buf_2 = 0.9 (1, 10) + 0.5 (0.9, 0) = (1.35, 9), x_2 = (0.9 - 0.135, -0.9).
      {"dampened momentum", "momentum", {{"lr", 0.1}, {"dampening", 0.5}}, {0.9, 0.0}, Vec2{0.765, -0.9}},
      // buf_1 = (1, 10), d = g + 0.9 buf = (1.9, 19), x_1 = (0.81, -0.9); g_2 = (0.81, -9),
      // buf_2 = (0.9 + 0.81, 9 - 9) = (1.71, 0), d = (0.81 + 1.539, -9), x_2 = (0.81 - 0.2349, -0.9 + 0.9).
      {"nesterov", "nesterov", {{"lr", 0.1}}, {0.81, -0.9}, Vec2{0.5751, 0.0}},
      // L2 decay 0.5: g = (1, 10) + 0.5 (1, 1) = (1.5, 10.5); x_1 = (1 - 0.15, 1 - 1.05).
      {"sgd weight decay", "sgd", {{"lr", 0.1}, {"weight_decay", 0.5}}, {0.85, -0.05}, std::nullopt},
      // sum_1 = (1, 100), x_1 = 1 - 0.1 g / (sqrt(sum) + 1e-10); g_2 = (0.9, 9) (up to 1e-11),
      // sum_2 = (1.81, 181), x_2 = 0.9 - 0.1 * 0.9 / sqrt(1.81) in both coordinates (181 = 100 * 1.81).
      {"adagrad",
       "adagrad",
       {{"lr", 0.1}},
       {1 - 0.1 / (1 + 1e-10), 1 - 1.0 / (10 + 1e-10)},
       Vec2{0.9 - 0.09 / std::sqrt(1.81), 0.9 - 0.09 / std::sqrt(1.81)},
       1e-9},
      {"adagrad decay",
       "adagrad",
       {{"lr", 0.1}, {"lr_decay", 1.0}, {"initial_accumulator_value", 3.0}},
       {1 - 0.1 / (2 + 1e-10), 1 - 1.0 / (std::sqrt(103.0) + 1e-10)},
       adagradDecayed,
       1e-9},
      // square_avg_1 = 0.01 g^2 = (0.01, 1), avg = (0.1, 1) + 1e-8, x_1 = 1 - 0.01 g / avg = (0.9, 0.9).
      {"rmsprop", "rmsprop", {}, {1 - 0.01 / (0.1 + e), 1 - 0.1 / (1 + e)}, std::nullopt},
      // centered: grad_avg_1 = 0.01 g, avg = sqrt(0.01 g^2 - 0.0001 g^2) = sqrt(0.0099) |g|.
      {"rmsprop centered",
       "rmsprop",
       {{"centered", 1.0}},
       {1 - 0.01 / (std::sqrt(0.0099) + e), 1 - 0.1 / (std::sqrt(0.99) + e)},
       std::nullopt},
      // square_avg_1 = 0.1 g^2 = (0.1, 10); delta = sqrt(0 + 1e-6) / sqrt(square_avg + 1e-6) * g.
      {"adadelta",
       "adadelta",
       {},
       {1 - 1e-3 / std::sqrt(0.1 + 1e-6), 1 - 1e-2 / std::sqrt(10 + 1e-6)},
       std::nullopt},
      // m_1 = 0.1 g, v_1 = 0.001 g^2, bc1 = 0.1, bc2 = 0.001: x_1 = 1 - (0.1/0.1) * 0.1 g / (|g| + 1e-8).
      // g_2 = (0.9, 9) (y up to 1e-9): m_2 = (0.18, 1.8), bc1 = 0.19; v_2 = (0.001809, 0.1809), bc2 =
      // 0.001999;
      // x_2 = 0.9 - 0.1 (0.18 / 0.19) / (sqrt(0.001809 / 0.001999) + 1e-8) in both coordinates.
      {"adam",
       "adam",
       {{"lr", 0.1}},
       {1 - 0.1 / (1 + e), 1 - 1.0 / (10 + e)},
       Vec2{0.9 - 0.1 * (0.18 / 0.19) / (std::sqrt(0.001809 / 0.001999) + e),
            0.9 - 0.1 * (0.18 / 0.19) / (std::sqrt(0.001809 / 0.001999) + e)},
       1e-8},
      // No bias correction: m_1 = 0.1 g, v_1 = 0.001 g^2: x_1 = 1 - 0.1 * 0.1 g / (sqrt(0.001) |g| + 1e-8).
      {"adam no bias correction",
       "adam",
       {{"lr", 0.1}, {"bias_correction", 0.0}},
       {1 - 0.01 / (std::sqrt(0.001) + e), 1 - 0.1 / (std::sqrt(0.1) + e)},
       std::nullopt},
      // AdamW: x <- x (1 - 0.1 * 0.01) = 0.999, then the Adam move of 0.1 (as above).
      {"adamw", "adamw", {{"lr", 0.1}}, {0.999 - 0.1 / (1 + e), 0.999 - 1.0 / (10 + e)}, std::nullopt},
      // m_1 = 0.1 g, exp_inf = |g| + 1e-8, clr = 0.1 / 0.1: x_1 = 1 - 0.1 g / (|g| + 1e-8).
      {"adamax", "adamax", {{"lr", 0.1}}, {1 - 0.1 / (1 + e), 1 - 1.0 / (10 + e)}, std::nullopt},
      // NAdam: mu_product = mu_1, denom = sqrt(0.001 g^2 / 0.001) + eps = |g| + eps:
      // x_1 = 1 - 0.1 (1 - mu_1)/(1 - mu_1) g/denom - 0.1 mu_2 / (1 - mu_1 mu_2) * 0.1 g / denom.
      {"nadam",
       "nadam",
       {{"lr", 0.1}},
       {1 - 0.1 / (1 + e) - 0.01 * mu2 / (1 - mu1 * mu2) / (1 + e),
        1 - 1.0 / (10 + e) - 0.1 * mu2 / (1 - mu1 * mu2) / (10 + e)},
       std::nullopt},
      // RAdam: rho_inf = 1999, rho_1 = 1999 - 2 * 0.999 / 0.001 = 1, rho_2 = 1999 - 4 * 0.998001 / 0.001999
      // = 1.9995 (both <= 5: no adaptive step). x_1 = 1 - 0.1 m_hat = 1 - 0.1 g = (0.9, 0);
      // g_2 = (0.9, 0), m_2 = 0.9 (0.1, 1) + 0.1 (0.9, 0) = (0.18, 0.9), m_hat = m_2 / 0.19.
      {"radam", "radam", {{"lr", 0.1}}, {0.9, 0.0}, Vec2{0.9 - 0.1 * 0.18 / 0.19, -0.1 * 0.9 / 0.19}},
      // L-BFGS first iteration: t = min(1, 1 / |g|_1) * lr = 1/11, d = -g: x_1 = (1 - 1/11, 1 - 10/11).
      {"lbfgs", "lbfgs", {}, {10.0 / 11.0, 1.0 / 11.0}, std::nullopt},
      // QHM (beta 0.999, nu 0.7): buf_1 = 0.001 g; x_1 = 1 - 0.1 * 0.7 * 0.001 g - 0.1 * 0.3 g = 1 - 0.03007
      // g.
      {"qhm", "qhm", {{"lr", 0.1}}, {1 - 0.03007, 1 - 0.3007}, std::nullopt},
      // QHAdam: m_hat = g, v_hat = g^2: numerator 0.7 g + 0.3 g = g, denominator |g| + eps.
      {"qhadam", "qhadam", {{"lr", 0.1}}, {1 - 0.1 / (1 + e), 1 - 1.0 / (10 + e)}, std::nullopt},
      // Lion: c_1 = 0.1 g > 0: x_1 = 1 - 0.1; m_1 = 0.01 g = (0.01, 0.1), g_2 = (0.9, 9):
      // c_2 = 0.9 (0.01, 0.1) + 0.1 (0.9, 9) > 0: x_2 = 0.8.
      {"lion", "lion", {{"lr", 0.1}}, {0.9, 0.9}, Vec2{0.8, 0.8}},
      // Lion with decoupled decay 1: x <- 0.9 x, then - 0.1 sign(c): (0.8, 0.8).
      {"lion decay", "lion", {{"lr", 0.1}, {"weight_decay", 1.0}}, {0.8, 0.8}, std::nullopt},
      // Newton: H = diag(1, 10), H^-1 g = (1, 1): lr 1 lands on the minimum; lr 0.5 goes halfway.
      {"newton", "newton", {}, {0.0, 0.0}, Vec2{0.0, 0.0}},
      {"newton half", "newton", {{"lr", 0.5}}, {0.5, 0.5}, Vec2{0.25, 0.25}},
      // Damping 1: (H + I)^-1 g = (1/2, 10/11).
      {"newton damped", "newton", {{"damping", 1.0}}, {0.5, 1.0 / 11.0}, std::nullopt},
      // |H| = H on a convex quadratic: saddle-free Newton is Newton.
      {"newton saddle-free", "newton_saddle_free", {}, {0.0, 0.0}, std::nullopt},
  };
}

TEST(OptimizerSteps, HandDerivedFirstAndSecondSteps) {
  const Quadratic bowl(1.0, 10.0);
  for (const HandStep& row : handSteps()) {
    SCOPED_TRACE(row.label);
    Optimizer optimizer = makeOptimizer(row.name);
    for (const auto& [key, value] : row.params) ASSERT_TRUE(optimizer.setParam(key, value)) << key;
    Oracle oracle(bowl);
    const Vec2 first = optimizer.step({1.0, 1.0}, oracle);
    EXPECT_NEAR(first.x, row.first.x, row.tolerance);
    EXPECT_NEAR(first.y, row.first.y, row.tolerance);
    EXPECT_EQ(optimizer.terms().delta, (first - Vec2{1.0, 1.0}));
    EXPECT_EQ(optimizer.terms().step, 1);
    if (!row.second) continue;
    const Vec2 second = optimizer.step(first, oracle);
    EXPECT_NEAR(second.x, row.second->x, row.tolerance);
    EXPECT_NEAR(second.y, row.second->y, row.tolerance);
    EXPECT_EQ(optimizer.stepCount(), 2);
  }
}

}  // namespace
}  // namespace gs::testing
