// The surface catalog: names, metadata, exact derivatives against finite differences, the formula
// agreeing with the C++ definition, stated minima and saddles, data surfaces and minibatch noise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include "core/expr/expression.hpp"
#include "core/surface/surface.hpp"
#include "finite_difference.hpp"

namespace gs {
namespace {

Surface surfaceOrDie(const std::string& name, const SurfaceParams& params = {}) {
  auto surface = makeSurface(name, params);
  if (!surface) {
    ADD_FAILURE() << "no surface " << name;
    return *makeSurface("global_minimum");
  }
  return std::move(*surface);
}

bool inside(const Domain& d, Vec2 p) {
  return p.x >= d.xMin && p.x <= d.xMax && p.y >= d.yMin && p.y <= d.yMax;
}

TEST(Surfaces, CatalogNamesInOrder) {
  const std::vector<std::string> expected{"local_minimum",
                                          "global_minimum",
                                          "saddle_point",
                                          "elliptic_bowl",
                                          "hills",
                                          "plateau",
                                          "rosenbrock",
                                          "beale",
                                          "himmelblau",
                                          "booth",
                                          "rastrigin",
                                          "ackley",
                                          "goldstein_price",
                                          "six_hump_camel",
                                          "styblinski_tang",
                                          "monkey_saddle",
                                          "saddle",
                                          "quadratic",
                                          "sqrt8",
                                          "bumpy",
                                          "linear_regression",
                                          "logistic_regression"};
  EXPECT_EQ(surfaceNames(), expected);
  EXPECT_FALSE(makeSurface("no_such_surface"));
  EXPECT_FALSE(makeSurface(""));
}

TEST(Surfaces, EveryEntryIsComplete) {
  for (const std::string& name : surfaceNames()) {
    const Surface s = surfaceOrDie(name);
    EXPECT_EQ(s.name, name);
    EXPECT_FALSE(s.title.empty()) << name;
    EXPECT_FALSE(s.lesson.empty()) << name;
    EXPECT_EQ(s.lesson.find('\n'), std::string::npos) << name;
    EXPECT_FALSE(s.custom) << name;
    ASSERT_TRUE(s.evaluator) << name;
    EXPECT_LT(s.domain.xMin, s.domain.xMax) << name;
    EXPECT_LT(s.domain.yMin, s.domain.yMax) << name;
    EXPECT_TRUE(inside(s.domain, s.start)) << name;
    EXPECT_TRUE(std::isfinite(s.evaluator->value(s.start))) << name;
    for (const CriticalPoint& c : s.minima) EXPECT_TRUE(inside(s.domain, c.point)) << name;
    for (const CriticalPoint& c : s.saddles) EXPECT_TRUE(inside(s.domain, c.point)) << name;
    EXPECT_TRUE(std::holds_alternative<Expression>(Expression::parse(s.formula)))
        << name << ": " << s.formula;
  }
}

TEST(Surfaces, DerivativesMatchFiniteDifferences) {
  for (const std::string& name : surfaceNames()) {
    const Surface s = surfaceOrDie(name);
    std::vector<Vec2> points = samplePoints(s.domain, 10);
    points.push_back(s.start);
    for (Vec2 p : points) expectDerivativesMatch(*s.evaluator, p, name);
  }
}

// The formula (drawn per pixel by the GPU) and the C++ template (stepped by the optimizers) are two
// texts of one f: they must agree in value and gradient everywhere.
TEST(Surfaces, FormulaAgreesWithCpp) {
  for (const std::string& name : surfaceNames()) {
    const Surface s = surfaceOrDie(name);
    auto parsed = Expression::parse(s.formula);
    ASSERT_TRUE(std::holds_alternative<Expression>(parsed)) << name;
    const auto formula = std::get<Expression>(parsed).evaluator();
    for (Vec2 p : samplePoints(s.domain, 200)) {
      const ValueGrad expected = s.evaluator->valueGrad(p);
      const ValueGrad actual = formula->valueGrad(p);
      const double scale = 1e-10 * (1 + std::fabs(expected.value) + norm(expected.gradient));
      ASSERT_NEAR(actual.value, expected.value, scale) << name << " at " << p.x << ", " << p.y;
      ASSERT_NEAR(actual.gradient.x, expected.gradient.x, scale) << name << " at " << p.x << ", " << p.y;
      ASSERT_NEAR(actual.gradient.y, expected.gradient.y, scale) << name << " at " << p.x << ", " << p.y;
    }
  }
}

double eigenMin(const Sym2& h) { return 0.5 * (h.xx + h.yy) - std::hypot(0.5 * (h.xx - h.yy), h.xy); }
double eigenMax(const Sym2& h) { return 0.5 * (h.xx + h.yy) + std::hypot(0.5 * (h.xx - h.yy), h.xy); }

// Minima at cone tips (no Hessian) and the monkey saddle (zero Hessian) are checked separately.
bool isKink(const std::string& name, Vec2 p) {
  return (name == "plateau" || name == "ackley") && p == Vec2{0, 0};
}

TEST(Surfaces, StatedMinimaAreMinima) {
  for (const std::string& name : surfaceNames()) {
    const Surface s = surfaceOrDie(name);
    for (const CriticalPoint& m : s.minima) {
      const ValueGradHessian f = s.evaluator->valueGradHessian(m.point);
      const double curvature = std::fabs(eigenMax(f.hessian));
      const std::string where =
          name + " minimum at " + std::to_string(m.point.x) + ", " + std::to_string(m.point.y);
      EXPECT_NEAR(f.value, m.value, 1e-12 * (1 + std::fabs(m.value))) << where;
      if (isKink(name, m.point)) {
        EXPECT_EQ(f.gradient, (Vec2{0, 0})) << where;
        continue;
      }
      EXPECT_LT(norm(f.gradient), 1e-12 * (1 + curvature) * (1 + norm(m.point))) << where;
      EXPECT_GT(eigenMin(f.hessian), 0.0) << where;
    }
  }
}

TEST(Surfaces, StatedSaddlesAreSaddles) {
  for (const std::string& name : surfaceNames()) {
    const Surface s = surfaceOrDie(name);
    for (const CriticalPoint& c : s.saddles) {
      const ValueGradHessian f = s.evaluator->valueGradHessian(c.point);
      const double curvature = std::fabs(eigenMax(f.hessian)) + std::fabs(eigenMin(f.hessian));
      const std::string where =
          name + " saddle at " + std::to_string(c.point.x) + ", " + std::to_string(c.point.y);
      EXPECT_NEAR(f.value, c.value, 1e-12 * (1 + std::fabs(c.value))) << where;
      EXPECT_LT(norm(f.gradient), 1e-12 * (1 + curvature) * (1 + norm(c.point))) << where;
      if (name == "monkey_saddle") {
        EXPECT_EQ(f.hessian.xx, 0.0);  // degenerate: invisible to the second-order test
        EXPECT_EQ(f.hessian.xy, 0.0);
        EXPECT_EQ(f.hessian.yy, 0.0);
        EXPECT_LT(s.evaluator->value({-0.1, 0.0}), 0.0);  // yet f decreases along -x
        continue;
      }
      EXPECT_LT(eigenMin(f.hessian), 0.0) << where;
      EXPECT_GT(eigenMax(f.hessian), 0.0) << where;
    }
  }
}

// A stated global minimum is the lowest point of the domain (checked on a fine grid), and every
// minimum marked global has the same value.
TEST(Surfaces, GlobalMinimaAreLowestInTheDomain) {
  for (const std::string& name : surfaceNames()) {
    const Surface s = surfaceOrDie(name);
    const auto global = std::find_if(s.minima.begin(), s.minima.end(), [](auto& m) { return m.global; });
    if (global == s.minima.end()) continue;
    for (const CriticalPoint& m : s.minima) {
      if (m.global) {
        EXPECT_NEAR(m.value, global->value, 1e-12 * (1 + std::fabs(m.value))) << name;
      } else {
        EXPECT_GT(m.value, global->value) << name;
      }
    }
    constexpr int kGrid = 301;
    for (int i = 0; i < kGrid; ++i) {
      for (int j = 0; j < kGrid; ++j) {
        const Vec2 p{s.domain.xMin + (s.domain.xMax - s.domain.xMin) * i / (kGrid - 1),
                     s.domain.yMin + (s.domain.yMax - s.domain.yMin) * j / (kGrid - 1)};
        ASSERT_GE(s.evaluator->value(p), global->value - 1e-12 * (1 + std::fabs(global->value)))
            << name << " at " << p.x << ", " << p.y;
      }
    }
  }
}

TEST(Surfaces, SurfacesWithoutMinimaAreUnbounded) {
  // Lower than the critical point: along -x for the monkey saddle, along y for x^2 - y^2.
  const std::vector<std::pair<std::string, Vec2>> downhill{{"monkey_saddle", {-1, 0}}, {"saddle", {0, 1}}};
  for (const auto& [name, p] : downhill) {
    const Surface s = surfaceOrDie(name);
    EXPECT_TRUE(s.minima.empty());
    EXPECT_EQ(s.evaluator->value({0, 0}), 0.0);
    EXPECT_EQ(s.evaluator->value(p), -1.0) << name;
  }
}

// The lecture notes' example: x <- x - 0.01 * 4x(x^2 - 8) from x = 3 converges to sqrt 8.
TEST(Surfaces, GradientDescentFindsSqrt8) {
  const Surface s = surfaceOrDie("sqrt8");
  Vec2 p{3.0, 0.0};
  for (int step = 0; step < 200; ++step) {
    const Vec2 g = s.evaluator->valueGrad(p).gradient;
    EXPECT_DOUBLE_EQ(g.x, 4 * p.x * (p.x * p.x - 8));
    p -= 0.01 * g;
  }
  EXPECT_NEAR(p.x, std::sqrt(8.0), 1e-12);
}

TEST(Surfaces, QuadraticHasTheRequestedConditionAndRotation) {
  for (double kappa : {1.0, 10.0, 1000.0}) {
    for (double degrees : {0.0, 30.0, -75.0}) {
      const Surface s = surfaceOrDie("quadratic", {.conditionNumber = kappa, .rotationDegrees = degrees});
      const Sym2 h = s.evaluator->valueGradHessian({0.3, -0.2}).hessian;
      EXPECT_NEAR(eigenMax(h), 1.0, 1e-12);
      EXPECT_NEAR(eigenMin(h), 1.0 / kappa, 1e-12);
      // The stiff axis (eigenvalue 1) points at `degrees`: f along it grows as t^2 / 2.
      const double theta = degrees * std::numbers::pi / 180;
      EXPECT_NEAR(s.evaluator->value({std::cos(theta), std::sin(theta)}), 0.5, 1e-12);
    }
  }
}

TEST(Surfaces, OutOfRangeParamsAreRefusedWithAReason) {
  EXPECT_FALSE(surfaceParamsError({}));
  const std::vector<SurfaceParams> bad{{.conditionNumber = 0.5},
                                       {.conditionNumber = std::nan("")},
                                       {.rotationDegrees = INFINITY},
                                       {.dataSize = 1},
                                       {.dataSize = kMaxDataSize + 1}};
  for (const SurfaceParams& params : bad) {
    EXPECT_TRUE(surfaceParamsError(params));
    EXPECT_FALSE(makeSurface("quadratic", params));
  }
}

TEST(Surfaces, BatchEqualsSinglePoint) {
  for (const std::string& name : surfaceNames()) {
    const Surface s = surfaceOrDie(name);
    const std::vector<Vec2> points = samplePoints(s.domain, 300);
    std::vector<double> values(points.size());
    std::vector<ValueGrad> grads(points.size());
    s.evaluator->valueBatch(points, values);
    s.evaluator->valueGradBatch(points, grads);
    for (std::size_t i = 0; i < points.size(); ++i) {
      ASSERT_EQ(values[i], s.evaluator->value(points[i])) << name;
      ASSERT_EQ(grads[i].value, s.evaluator->valueGrad(points[i]).value) << name;
      ASSERT_EQ(grads[i].gradient, s.evaluator->valueGrad(points[i]).gradient) << name;
    }
  }
}

// ---- custom surfaces -----------------------------------------------------------------------------

TEST(CustomSurface, BehavesLikeTheBuiltIn) {
  const Surface builtIn = surfaceOrDie("rosenbrock");
  const CustomSurfaceResult custom = makeCustomSurface(builtIn.formula, builtIn.domain, builtIn.start);
  ASSERT_TRUE(custom.surface) << toString(custom.error);
  const Surface& s = *custom.surface;
  EXPECT_TRUE(s.custom);
  EXPECT_EQ(s.formula, builtIn.formula);
  EXPECT_TRUE(s.minima.empty());
  for (Vec2 p : samplePoints(builtIn.domain, 20)) {
    const ValueGradHessian a = s.evaluator->valueGradHessian(p), b = builtIn.evaluator->valueGradHessian(p);
    EXPECT_NEAR(a.value, b.value, 1e-12 * (1 + std::fabs(b.value)));
    EXPECT_NEAR(a.hessian.xx, b.hessian.xx, 1e-10 * (1 + std::fabs(b.hessian.xx)));
    EXPECT_NEAR(a.hessian.xy, b.hessian.xy, 1e-10 * (1 + std::fabs(b.hessian.xy)));
    EXPECT_NEAR(a.hessian.yy, b.hessian.yy, 1e-10 * (1 + std::fabs(b.hessian.yy)));
  }
}

TEST(CustomSurface, DefaultsAndErrors) {
  const CustomSurfaceResult ok = makeCustomSurface("x^2 + y");
  ASSERT_TRUE(ok.surface);
  EXPECT_EQ(ok.surface->domain.xMin, -3.0);
  EXPECT_EQ(ok.surface->start, (Vec2{-2.0, 2.0}));

  const CustomSurfaceResult badFormula = makeCustomSurface("x + sinn(y)");
  EXPECT_FALSE(badFormula.surface);
  EXPECT_EQ(badFormula.error.message, "unknown function 'sinn'");
  EXPECT_EQ(badFormula.error.column, 5);

  EXPECT_FALSE(makeCustomSurface("x", {1, -1, -1, 1}).surface);            // empty x range
  EXPECT_FALSE(makeCustomSurface("x", {-1, 1, -1, NAN}).surface);          // non-finite domain
  EXPECT_FALSE(makeCustomSurface("x", {-1, 1, -1, 1}, {NAN, 0}).surface);  // non-finite start
  EXPECT_NE(makeCustomSurface("x", {1, -1, -1, 1}).error.message.find("domain"), std::string::npos);
}

// #7: a formula finite nowhere in the domain is refused with a message (the panel keeps the previous
// surface, scenes and trace say why); one finite somewhere on the grid is accepted.
TEST(CustomSurface, FormulaFiniteNowhereIsRefused) {
  for (const char* formula :
       {"1/0", "log(-1-x^2)", "sqrt(-1 - y^2) + x", "max(5, log(-abs(x) - 1))", "0/0*x"}) {
    const CustomSurfaceResult result = makeCustomSurface(formula);
    EXPECT_FALSE(result.surface) << formula;
    EXPECT_EQ(result.error.message,
              "f is not finite anywhere in the domain [-3, 3] x [-3, 3] (checked on a 33 x 33 grid)")
        << formula;
    EXPECT_EQ(result.error.column, 0) << formula;
  }
  // Finite on part of the domain, or only at its centre: accepted.
  for (const char* formula : {"log(x)", "sqrt(-x^2 - y^2)", "1/x", "0^y"})
    EXPECT_TRUE(makeCustomSurface(formula).surface) << formula;
  // The domain decides: log(x) has nothing to show where x < 0.
  EXPECT_FALSE(makeCustomSurface("log(x)", {-3, -1, -1, 1}, {-2, 0}).surface);
}

// The surface keeps its parsed formula (the heatmap's shader is built from it, not parsed again).
TEST(CustomSurface, KeepsItsParsedExpression) {
  const CustomSurfaceResult custom = makeCustomSurface("x^2 + 3*y");
  ASSERT_TRUE(custom.surface && custom.surface->expression);
  EXPECT_EQ(custom.surface->expression->text(), "x^2 + 3*y");
  for (const std::string& name : surfaceNames()) {
    const Surface s = surfaceOrDie(name);
    ASSERT_TRUE(s.expression) << name;
    EXPECT_EQ(s.expression->text(), s.formula) << name;
  }
}

// ---- data surfaces --------------------------------------------------------------------------------

TEST(DataSurfaces, SameSeedSameDataDifferentSeedDifferentData) {
  for (const char* name : {"linear_regression", "logistic_regression"}) {
    const Surface a = surfaceOrDie(name, {.dataSeed = 7});
    const Surface b = surfaceOrDie(name, {.dataSeed = 7});
    const Surface c = surfaceOrDie(name, {.dataSeed = 8});
    EXPECT_EQ(a.formula, b.formula) << name;
    EXPECT_NE(a.formula, c.formula) << name;
    EXPECT_EQ(a.evaluator->dataSize(), 64) << name;
    EXPECT_EQ(surfaceOrDie(name, {.dataSize = 10}).evaluator->dataSize(), 10) << name;
  }
}

TEST(DataSurfaces, HaveAGlobalMinimumNearTheGeneratingModel) {
  // The data come from y = 1.5 x - 1 plus noise: the fitted line lies near it.
  const Surface line = surfaceOrDie("linear_regression");
  ASSERT_EQ(line.minima.size(), 1u);
  EXPECT_NEAR(line.minima[0].point.x, 1.5, 0.3);
  EXPECT_NEAR(line.minima[0].point.y, -1.0, 0.5);
  const Surface logistic = surfaceOrDie("logistic_regression");
  ASSERT_EQ(logistic.minima.size(), 1u);
  EXPECT_GT(logistic.minima[0].point.x, 0.0);  // class +1 lies toward +x
  // Whatever the data set, a stated minimum is a true critical point (separable data have none).
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Surface small = surfaceOrDie("logistic_regression", {.dataSeed = seed, .dataSize = 4});
    for (const CriticalPoint& m : small.minima)
      EXPECT_LT(norm(small.evaluator->valueGrad(m.point).gradient), 1e-10);
  }
}

TEST(DataSurfaces, FullBatchMinibatchIsExact) {
  for (const char* name : {"linear_regression", "logistic_regression"}) {
    const Surface s = surfaceOrDie(name);
    const Vec2 p{0.7, -0.4};
    const ValueGrad exact = s.evaluator->valueGrad(p);
    for (int m : {0, -3, 64, 1000}) {
      std::uint64_t rng = 42;
      const ValueGrad estimate = s.evaluator->minibatchValueGrad(p, m, rng);
      EXPECT_EQ(estimate.value, exact.value) << name << " m=" << m;
      EXPECT_EQ(estimate.gradient, exact.gradient) << name << " m=" << m;
    }
  }
}

TEST(DataSurfaces, MinibatchOfAllButNothingMissingMatchesTheMean) {
  // m = N - 1 drawn without replacement leaves out exactly one example: N * full - (N - 1) * estimate
  // is then one example's loss, which must be one of the N per-example losses (not a repeat-weighted mix).
  const Surface s = surfaceOrDie("linear_regression", {.dataSize = 8});
  const Vec2 p{0.5, 0.5};
  const double full = s.evaluator->value(p);
  std::set<long long> leftOut;
  std::uint64_t rng = 3;
  for (int trial = 0; trial < 200; ++trial) {
    const double estimate = s.evaluator->minibatchValueGrad(p, 7, rng).value;
    const double single = 8 * full - 7 * estimate;
    EXPECT_GE(single, -1e-9);  // a squared residual
    leftOut.insert(std::llround(single * 1e6));
  }
  EXPECT_EQ(leftOut.size(), 8u);  // every example is sometimes the one left out
}

struct Moments {
  Vec2 mean;
  double variance = 0.0;  // of the x component
};

Moments minibatchMoments(const Evaluator& e, Vec2 p, int m, int draws, std::uint64_t seed) {
  std::uint64_t rng = seed;
  Vec2 sum;
  double sumSq = 0.0;
  for (int i = 0; i < draws; ++i) {
    const Vec2 g = e.minibatchValueGrad(p, m, rng).gradient;
    sum += g;
    sumSq += g.x * g.x;
  }
  const Vec2 mean = sum / draws;
  return {mean, sumSq / draws - mean.x * mean.x};
}

TEST(DataSurfaces, MinibatchGradientIsUnbiasedAndItsVarianceShrinksAsOneOverM) {
  for (const char* name : {"linear_regression", "logistic_regression"}) {
    const Surface s = surfaceOrDie(name);
    const Vec2 p{-0.5, 1.5};
    const ValueGrad exact = s.evaluator->valueGrad(p);
    constexpr int kDraws = 20000;
    const Moments m4 = minibatchMoments(*s.evaluator, p, 4, kDraws, 1);
    const Moments m16 = minibatchMoments(*s.evaluator, p, 16, kDraws, 2);
    // Unbiased: within 5 standard errors of the exact gradient.
    EXPECT_NEAR(m4.mean.x, exact.gradient.x, 5 * std::sqrt(m4.variance / kDraws)) << name;
    EXPECT_NEAR(m16.mean.x, exact.gradient.x, 5 * std::sqrt(m16.variance / kDraws)) << name;
    // Sampling without replacement from N = 64: Var(m) = sigma^2 / m * (N - m) / (N - 1), so
    // Var(4) / Var(16) = 4 * 60 / 48 = 5.
    EXPECT_NEAR(m4.variance / m16.variance, 5.0, 0.5) << name;
  }
}

TEST(DataSurfaces, MinibatchIsSeededAndAdvancesTheGenerator) {
  const Surface s = surfaceOrDie("logistic_regression");
  std::uint64_t a = 5, b = 5;
  const ValueGrad first = s.evaluator->minibatchValueGrad({1, 1}, 8, a);
  EXPECT_EQ(first.gradient, s.evaluator->minibatchValueGrad({1, 1}, 8, b).gradient);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, 5u);
  EXPECT_NE(first.gradient, s.evaluator->minibatchValueGrad({1, 1}, 8, a).gradient);
}

TEST(DataSurfaces, OtherSurfacesHaveNoMinibatchNoise) {
  const Surface s = surfaceOrDie("rosenbrock");
  EXPECT_EQ(s.evaluator->dataSize(), 0);
  std::uint64_t rng = 9;
  EXPECT_EQ(s.evaluator->minibatchValueGrad({0.5, 0.5}, 4, rng).gradient,
            s.evaluator->valueGrad({0.5, 0.5}).gradient);
}

}  // namespace
}  // namespace gs
