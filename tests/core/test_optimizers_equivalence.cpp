// Equivalences between optimizers (the algebra that ties the catalog together) and the behaviour the
// lecture notes teach: Newton's one-step convergence and its attraction to saddles.
#include <cmath>
#include <string>
#include <vector>

#include "core/optim/newton.hpp"
#include "core/surface/surface.hpp"
#include "test_optimizers_support.hpp"

namespace gs::testing {
namespace {

std::vector<Vec2> trajectory(Optimizer optimizer, const Evaluator& surface, Vec2 start, int steps) {
  Oracle oracle(surface);
  std::vector<Vec2> path{start};
  for (int i = 0; i < steps; ++i) path.push_back(optimizer.step(path.back(), oracle));
  return path;
}

void expectSamePath(const std::vector<Vec2>& a, const std::vector<Vec2>& b, double tolerance) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR(a[i].x, b[i].x, tolerance) << "step " << i;
    EXPECT_NEAR(a[i].y, b[i].y, tolerance) << "step " << i;
  }
}

// A rotated, ill-conditioned bowl, so the two coordinates interact.
const Quadratic kRavine(1.0, 10.0, 2.0);
constexpr Vec2 kStart{1.0, 1.0};

struct Equivalence {
  std::string label;
  Optimizer left;
  Optimizer right;
  double tolerance;
};

TEST(OptimizerEquivalence, Table) {
  const std::vector<Equivalence> rows = {
      // momentum 0 skips the buffer entirely: plain SGD.
      {"momentum 0 is sgd", makeOptimizer("momentum", {{"lr", 0.05}, {"momentum", 0.0}}),
       makeOptimizer("sgd", {{"lr", 0.05}}), 0.0},
      // nesterov's d = g + 0 * buf = g.
      {"nesterov with momentum 0 is sgd", makeOptimizer("nesterov", {{"lr", 0.05}, {"momentum", 0.0}}),
       makeOptimizer("sgd", {{"lr", 0.05}}), 0.0},
      // beta1 = 0 makes m = g; without bias correction the denominator is sqrt(v) + eps, v = beta2 v +
      // (1 - beta2) g^2: RMSProp with alpha = beta2 and the same eps placement (outside the root).
      {"adam beta1 0 no correction is rmsprop",
       makeOptimizer("adam", {{"lr", 0.01}, {"beta1", 0.0}, {"beta2", 0.99}, {"bias_correction", 0.0}}),
       makeOptimizer("rmsprop", {{"lr", 0.01}, {"alpha", 0.99}}), 1e-15},
      // Decoupled decay of 0 multiplies x by exactly 1.
      {"adamw with wd 0 is adam", makeOptimizer("adamw", {{"lr", 0.05}, {"weight_decay", 0.0}}),
       makeOptimizer("adam", {{"lr", 0.05}}), 0.0},
      {"adamw amsgrad with wd 0 is amsgrad",
       makeOptimizer("adamw", {{"lr", 0.05}, {"weight_decay", 0.0}, {"amsgrad", 1.0}}),
       makeOptimizer("amsgrad", {{"lr", 0.05}}), 0.0},
      // nu = 0: the step is -(lr)(1 - 0) g, the buffer never enters.
      {"qhm nu 0 is sgd", makeOptimizer("qhm", {{"lr", 0.05}, {"nu", 0.0}}),
       makeOptimizer("sgd", {{"lr", 0.05}}), 1e-15},
      // nu1 = nu2 = 1: numerator m_hat, denominator sqrt(v_hat) + eps, which is Adam's sqrt(v)/sqrt(bc2) +
      // eps.
      {"qhadam nu 1 is adam", makeOptimizer("qhadam", {{"lr", 0.05}, {"nu1", 1.0}, {"nu2", 1.0}}),
       makeOptimizer("adam", {{"lr", 0.05}}), 1e-12},
      // L2 weight decay of 0 is skipped, as in torch.
      {"sgd wd 0", makeOptimizer("sgd", {{"lr", 0.05}, {"weight_decay", 0.0}}),
       makeOptimizer("sgd", {{"lr", 0.05}}), 0.0},
  };
  for (const Equivalence& row : rows) {
    SCOPED_TRACE(row.label);
    expectSamePath(trajectory(row.left, kRavine, kStart, 40), trajectory(row.right, kRavine, kStart, 40),
                   row.tolerance);
  }
}

// On a linear surface the gradient is constant, so v_t = (1 - beta2^t) g^2 only grows: the AMSGrad max
// is v_t itself and AMSGrad is Adam.
TEST(OptimizerEquivalence, AmsgradIsAdamWhileSecondMomentGrows) {
  const Quadratic slope(0.0, 0.0, 0.0, -1.0, 2.0);
  expectSamePath(trajectory(makeOptimizer("amsgrad", {{"lr", 0.1}}), slope, kStart, 30),
                 trajectory(makeOptimizer("adam", {{"lr", 0.1}}), slope, kStart, 30), 0.0);
}

// When gradients shrink fast (beta2 = 0.5 forgets quickly), v falls below its past maximum and
// AMSGrad's denominator keeps the maximum: its steps are shorter than Adam's from then on.
TEST(OptimizerEquivalence, AmsgradKeepsTheMaximum) {
  Optimizer amsgrad = makeOptimizer("amsgrad", {{"lr", 0.1}, {"beta2", 0.5}});
  Oracle oracle(kRavine);
  Vec2 x = kStart;
  bool maximumHeld = false;
  for (int i = 0; i < 30; ++i) {
    x = amsgrad.step(x, oracle);
    const auto state = amsgrad.state();
    ASSERT_EQ(state[2].name, "max_exp_avg_sq");
    EXPECT_GE(state[2].value.x, state[1].value.x);
    EXPECT_GE(state[2].value.y, state[1].value.y);
    maximumHeld = maximumHeld || state[2].value.x > state[1].value.x;
  }
  EXPECT_TRUE(maximumHeld) << "the test surface never made v fall below its maximum";
  const auto adam = trajectory(makeOptimizer("adam", {{"lr", 0.1}, {"beta2", 0.5}}), kRavine, kStart, 30);
  EXPECT_NE(adam.back(), x);
}

// QHM with nu = 1 steps along its buffer, an exponential moving average with buf_0 = 0. On a constant
// gradient g that is buf_t = (1 - beta^t) g. torch's SGD with dampening = beta is the same recursion
// except its first buffer is g itself (undampened), which makes buf_t = g for every t on a constant
// gradient. So they agree in the recursion but not in the first step: checked here on a linear surface.
TEST(OptimizerEquivalence, QhmNuOneAgainstDampenedTorchMomentum) {
  const Quadratic slope(0.0, 0.0, 0.0, -1.0, 2.0);  // g = (-1, 2) everywhere
  const double lr = 0.1, beta = 0.9;
  const auto qhm =
      trajectory(makeOptimizer("qhm", {{"lr", lr}, {"momentum", beta}, {"nu", 1.0}}), slope, kStart, 5);
  const auto torchDampened = trajectory(
      makeOptimizer("momentum", {{"lr", lr}, {"momentum", beta}, {"dampening", beta}}), slope, kStart, 5);
  double qhmDistance = 0.0;
  for (int t = 1; t <= 5; ++t) {
    qhmDistance += lr * (1 - std::pow(beta, t));
    EXPECT_NEAR(qhm[t].x, 1 + qhmDistance, 1e-14);
    EXPECT_NEAR(qhm[t].y, 1 - 2 * qhmDistance, 1e-14);
    EXPECT_NEAR(torchDampened[t].x, 1 + lr * t, 1e-14);
    EXPECT_NEAR(torchDampened[t].y, 1 - 2 * lr * t, 1e-14);
  }
}

TEST(Newton, PureConvergesInOneStepOnAQuadratic) {
  const Quadratic shifted(3.0, 1.0, 1.0, -2.0, 4.0);  // minimum where [[3,1],[1,1]] x = (2, -4): (3, -7)
  Optimizer newton = makeOptimizer("newton");
  Oracle oracle(shifted);
  const Vec2 x = newton.step({-5.0, 8.0}, oracle);
  EXPECT_NEAR(x.x, 3.0, 1e-12);
  EXPECT_NEAR(x.y, -7.0, 1e-12);
  EXPECT_EQ(oracle.counts().hessians, 1);
  EXPECT_EQ(oracle.counts().gradients, 1);
}

// f = x^2 - y^2 (Quadratic{2, -2}): from (1, 0.5), g = (2, -1), H = diag(2, -2).
// Pure Newton: H^-1 g = (1, 0.5), so it jumps exactly onto the saddle (0, 0).
// Saddle-free: |H|^-1 g = (1, -0.5), so y moves from 0.5 to 1, away from the saddle, while x goes to 0.
TEST(Newton, PureGoesToTheSaddleSaddleFreeEscapes) {
  const Quadratic saddle(2.0, -2.0);
  Oracle oracle(saddle);
  Optimizer pure = makeOptimizer("newton");
  Optimizer saddleFree = makeOptimizer("newton_saddle_free");
  EXPECT_EQ(pure.step({1.0, 0.5}, oracle), (Vec2{0.0, 0.0}));
  const Vec2 escaped = saddleFree.step({1.0, 0.5}, oracle);
  EXPECT_NEAR(escaped.x, 0.0, 1e-15);
  EXPECT_NEAR(escaped.y, 1.0, 1e-15);
  Vec2 x = escaped;
  for (int i = 0; i < 5; ++i) x = saddleFree.step(x, oracle);
  EXPECT_NEAR(x.y, 32.0, 1e-12);  // each step doubles y: y - (-2y)/|-2| = 2y
  EXPECT_LT(saddle.value(x), -1000.0);
}

// A singular Hessian (f = x^2, flat in y) gives a finite step: the flat direction is left out.
TEST(Newton, SingularHessianGivesAFiniteStep) {
  const Quadratic trough(2.0, 0.0, 0.0, 0.0, 1.0);  // f = x^2 + y: g = (2x, 1), H = diag(2, 0)
  for (const char* name : {"newton", "newton_saddle_free"}) {
    Optimizer newton = makeOptimizer(name);
    Oracle oracle(trough);
    const Vec2 x = newton.step({1.0, 1.0}, oracle);
    EXPECT_NEAR(x.x, 0.0, 1e-15) << name;
    EXPECT_EQ(x.y, 1.0) << name;
  }
  // With damping 0.5 the flat direction gets curvature 0.5: y moves by -1 / 0.5 = -2, x by -2 / 2.5.
  Optimizer damped = makeOptimizer("newton", {{"damping", 0.5}});
  Oracle oracle(trough);
  const Vec2 x = damped.step({1.0, 1.0}, oracle);
  EXPECT_NEAR(x.x, 1.0 - 2.0 / 2.5, 1e-15);
  EXPECT_NEAR(x.y, -1.0, 1e-15);
}

TEST(Newton, EigenDecomposition) {
  // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/sqrt 2 and (-1, 1)/sqrt 2.
  const optim::SymEigenVectors eigen = optim::eigenDecompose(Sym2{2.0, 1.0, 2.0});
  EXPECT_NEAR(eigen.values[0], 3.0, 1e-15);
  EXPECT_NEAR(eigen.values[1], 1.0, 1e-15);
  EXPECT_NEAR(std::fabs(dot(eigen.vectors[0], Vec2{1, 1})) / std::sqrt(2.0), 1.0, 1e-15);
  EXPECT_NEAR(std::fabs(dot(eigen.vectors[1], Vec2{-1, 1})) / std::sqrt(2.0), 1.0, 1e-15);
}

// Ill-conditioned Hessians (issue "#6", item 4): the smaller eigenvalue is det / the larger, not mean -
// radius, which cancelled. 0.5 x^2 + 1e-4 x y + 1e-8 y^2 is a positive definite quadratic, so one saddle-free
// step from (1, 1) lands on its minimum (0, 0): within rounding, where mean - radius left (-3.9e-13, 3.9e-9).
TEST(Newton, SaddleFreeIsAccurateOnAnIllConditionedHessian) {
  const CustomSurfaceResult ill = makeCustomSurface("0.5*x^2 + 1e-4*x*y + 1e-8*y^2");
  ASSERT_TRUE(ill.surface.has_value());
  Optimizer saddleFree = makeOptimizer("newton_saddle_free");
  Oracle oracle(*ill.surface->evaluator);
  const Vec2 x = saddleFree.step({1.0, 1.0}, oracle);
  EXPECT_LT(std::fabs(x.x), 1e-15);
  EXPECT_LT(std::fabs(x.y), 1e-11);
  // x^2 + 1e-6 y^2: a diagonal Hessian, whose eigenvalues are its diagonal exactly, so y lands on 0 exactly
  // (mean - radius gave -2.7e-11).
  const CustomSurfaceResult diagonal = makeCustomSurface("x^2 + 1e-6*y^2");
  ASSERT_TRUE(diagonal.surface.has_value());
  Optimizer again = makeOptimizer("newton_saddle_free");
  Oracle diagonalOracle(*diagonal.surface->evaluator);
  EXPECT_EQ(again.step({1.0, 1.0}, diagonalOracle), (Vec2{0.0, 0.0}));
}

TEST(Newton, EigenvaluesOfAnIllConditionedMatrix) {
  // [[1, 1e-4], [1e-4, 2e-8]]: det = 1e-8, eigenvalues 1.00000001 and det / 1.00000001 (to rounding).
  const optim::SymEigenVectors eigen = optim::eigenDecompose(Sym2{1.0, 1e-4, 2e-8});
  EXPECT_NEAR(eigen.values[0], 1.00000001, 1e-15);
  EXPECT_NEAR(eigen.values[1], 1e-8 / 1.00000001, 1e-22);
  // A negative definite matrix: largest first still.
  const optim::SymEigenVectors negative = optim::eigenDecompose(Sym2{-1.0, 0.0, -3.0});
  EXPECT_EQ(negative.values[0], -1.0);
  EXPECT_EQ(negative.values[1], -3.0);
}

// Lion's update is a sign: every coordinate moves by exactly lr, however large the gradient.
TEST(Lion, EveryCoordinateMovesByLr) {
  Optimizer lion = makeOptimizer("lion", {{"lr", 0.01}});
  Oracle oracle(kRavine);
  Vec2 x{3.0, -2.0};
  for (int i = 0; i < 10; ++i) {
    const Vec2 next = lion.step(x, oracle);
    EXPECT_NEAR(std::fabs(next.x - x.x), 0.01, 1e-15);
    EXPECT_NEAR(std::fabs(next.y - x.y), 0.01, 1e-15);
    x = next;
  }
}

// RMSProp's first step moves each coordinate by lr / sqrt(1 - alpha), whatever the gradient's size.
TEST(Rmsprop, FirstStepIsLrOverRootOneMinusAlpha) {
  Optimizer rmsprop = makeOptimizer("rmsprop", {{"lr", 0.001}, {"alpha", 0.96}, {"eps", 1e-16}});
  Oracle oracle(kRavine);
  const Vec2 x = rmsprop.step({1.0, 1.0}, oracle);
  EXPECT_NEAR(x.x, 1.0 - 0.001 / 0.2, 1e-15);
  EXPECT_NEAR(x.y, 1.0 - 0.001 / 0.2, 1e-15);
}

}  // namespace
}  // namespace gs::testing
