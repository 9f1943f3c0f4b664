// The batch kernel steps many runs at once with the same update as Optimizer::step: 1000 starts stepped
// as lanes equal 1000 runs stepped alone, every coordinate of every step, bit for bit, for every
// optimizer, on built-in Rosenbrock and on a custom formula (whose batch gradients come from the formula's
// own batch evaluator).
#include <gtest/gtest.h>

#include <bit>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "core/io/spec.hpp"
#include "core/optim/batch.hpp"
#include "core/surface/surface.hpp"

namespace gs::testing {
namespace {

constexpr int kRuns = 1000;
constexpr int kSteps = 200;

// 1000 starts on a 40 x 25 grid over [-2, 2] x [-1, 3], so runs differ from their first step.
std::vector<Vec2> gridStarts() {
  std::vector<Vec2> starts;
  for (int i = 0; i < kRuns; ++i) {
    starts.push_back({-2.0 + 4.0 * (i % 40) / 39.0, -1.0 + 4.0 * (i / 40) / 24.0});
  }
  return starts;
}

// The same double, bit for bit; two NaNs count as the same (their payloads are not part of the result).
bool sameBits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

Surface surfaceNamed(const std::string& name) {
  if (name == "rosenbrock") return *makeSurface("rosenbrock");
  CustomSurfaceResult custom = makeCustomSurface("(1 - x)^2 + 100*(y - x^2)^2");
  EXPECT_TRUE(custom.surface.has_value());
  return *custom.surface;
}

struct BatchCase {
  std::string optimizer;  // a name or a spec, as trace takes it
  std::string surface;
  std::string instructionSet;  // empty: the widest this CPU has
};

class BatchEqualsScalar : public ::testing::TestWithParam<BatchCase> {};

TEST_P(BatchEqualsScalar, EveryCoordinateOfEveryStep) {
  const BatchCase& c = GetParam();
  const Surface surface = surfaceNamed(c.surface);
  auto parsed = parseOptimizerSpec(c.optimizer);
  ASSERT_TRUE(std::holds_alternative<Optimizer>(parsed)) << std::get<std::string>(parsed);
  const Optimizer configuration = std::get<Optimizer>(parsed);
  const std::vector<Vec2> starts = gridStarts();
  BatchRuns batch(configuration, *surface.evaluator, starts, 1, c.instructionSet);
  ASSERT_EQ(batch.size(), starts.size());
  std::vector<Optimizer> alone(starts.size(), configuration);
  std::vector<Vec2> points = starts;
  Oracle oracle(*surface.evaluator);
  int mismatches = 0;
  for (int step = 1; step <= kSteps && mismatches < 5; ++step) {
    batch.step();
    for (std::size_t r = 0; r < starts.size(); ++r) {
      points[r] = alone[r].step(points[r], oracle);
      const Vec2 got = batch.point(r);
      if (!sameBits(got.x, points[r].x) || !sameBits(got.y, points[r].y)) {
        ADD_FAILURE() << "run " << r << " step " << step << ": batch (" << got.x << ", " << got.y
                      << ") alone (" << points[r].x << ", " << points[r].y << ")";
        ++mismatches;
      }
    }
  }
  EXPECT_EQ(batch.stepCount(), kSteps);
}

// Every optimizer on both surfaces with the widest lanes; on rosenbrock also with each narrower kernel
// this CPU runs (AVX2 and SSE2 where it has AVX-512), so every copy of the kernel is checked.
std::vector<BatchCase> everyOptimizerOnBothSurfaces() {
  std::vector<BatchCase> cases;
  const std::vector<std::string> sets = BatchRuns::instructionSets();
  for (const std::string& name : Optimizer::names()) {
    for (const char* surface : {"rosenbrock", "custom"}) cases.push_back({name, surface, ""});
    for (std::size_t i = 1; i < sets.size(); ++i) cases.push_back({name, "rosenbrock", sets[i]});
  }
  // Settings whose code paths the defaults leave out: qhoptim's weight decay of both kinds, L-BFGS's inner
  // iterations.
  for (const char* spec :
       {"qhm:weight_decay=0.1", "qhm:weight_decay=0.1,weight_decay_type=direct", "qhadam:weight_decay=0.1",
        "qhadam:weight_decay=0.1,decouple_weight_decay=true", "lbfgs:max_iter=5,line_search=strong_wolfe"}) {
    for (const char* surface : {"rosenbrock", "custom"}) cases.push_back({spec, surface, ""});
    for (std::size_t i = 1; i < sets.size(); ++i) cases.push_back({spec, "rosenbrock", sets[i]});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AllOptimizers, BatchEqualsScalar,
                         ::testing::ValuesIn(everyOptimizerOnBothSurfaces()),
                         [](const ::testing::TestParamInfo<BatchCase>& row) {
                           std::string name = row.param.optimizer;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name + "_" + row.param.surface +
                                  (row.param.instructionSet.empty() ? "" : "_" + row.param.instructionSet);
                         });

// Two threads give the same runs as one.
TEST(BatchRuns, TwoThreadsEqualOne) {
  const Surface surface = *makeSurface("rosenbrock");
  const Optimizer adam = *Optimizer::create("adam");
  const std::vector<Vec2> starts = gridStarts();
  BatchRuns one(adam, *surface.evaluator, starts, 1);
  BatchRuns two(adam, *surface.evaluator, starts, 2);
  one.step(50);
  two.step(50);
  for (std::size_t r = 0; r < starts.size(); ++r) EXPECT_EQ(one.point(r), two.point(r)) << r;
}

// The batch gradients the kernel uses are the single-point gradients, bit for bit.
TEST(BatchRuns, BatchGradientsEqualSinglePointGradients) {
  for (const char* name : {"rosenbrock", "custom"}) {
    SCOPED_TRACE(name);
    const Surface surface = surfaceNamed(name);
    const std::vector<Vec2> points = gridStarts();
    std::vector<ValueGrad> batch(points.size());
    surface.evaluator->valueGradBatch(points, batch);
    for (std::size_t i = 0; i < points.size(); ++i) {
      const ValueGrad single = surface.evaluator->valueGrad(points[i]);
      EXPECT_TRUE(sameBits(batch[i].value, single.value)) << i;
      EXPECT_TRUE(sameBits(batch[i].gradient.x, single.gradient.x)) << i;
      EXPECT_TRUE(sameBits(batch[i].gradient.y, single.gradient.y)) << i;
    }
  }
}

// valueGrads() hands out f and the gradient at the current points, which the next step() steps from:
// the points and the values both stay those of the surface evaluated afresh, and of a batch never asked.
TEST(BatchRuns, HandedOutValuesAreTheSurfacesAndTheStepsStayTheSame) {
  for (const char* name : {"rosenbrock", "custom"}) {
    SCOPED_TRACE(name);
    const Surface surface = surfaceNamed(name);
    const Optimizer adam = *Optimizer::create("adam");
    const std::vector<Vec2> starts = gridStarts();
    BatchRuns asked(adam, *surface.evaluator, starts, 2);
    BatchRuns plain(adam, *surface.evaluator, starts, 1);
    for (int step = 0; step < 30; ++step) {
      const std::span<const ValueGrad> values = asked.valueGrads();
      ASSERT_EQ(values.size(), starts.size());
      for (std::size_t r = 0; r < starts.size(); r += 37) {
        const ValueGrad fresh = surface.evaluator->valueGrad(asked.point(r));
        EXPECT_TRUE(sameBits(values[r].value, fresh.value)) << r;
        EXPECT_TRUE(sameBits(values[r].gradient.x, fresh.gradient.x)) << r;
        EXPECT_TRUE(sameBits(values[r].gradient.y, fresh.gradient.y)) << r;
      }
      asked.step(step % 3 + 1);  // several steps at once: later ones evaluate for themselves
      plain.step(step % 3 + 1);
      for (std::size_t r = 0; r < starts.size(); ++r) {
        ASSERT_TRUE(sameBits(asked.points()[r].x, plain.point(r).x)) << r;
        ASSERT_TRUE(sameBits(asked.points()[r].y, plain.point(r).y)) << r;
      }
    }
  }
}

// The built-in polynomial surfaces are evaluated by the kernel in lanes (core/surface/formulas.hpp) with
// every instruction set: f and the gradient of each lane are valueGrad()'s bits, also where they overflow
// or are NaN; a custom formula keeps its own batch evaluator.
TEST(BatchRuns, LaneGradientsOfTheBuiltInPolynomialsAreValueGrads) {
  std::vector<Vec2> points = gridStarts();
  for (Vec2& p : points) p = Vec2{3.0 * p.x, 2.0 * p.y - 1.0};  // past every minimum and saddle
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const Vec2 odd : {Vec2{0.0, 0.0}, Vec2{-0.0, 1.0}, Vec2{1e200, -3.0}, Vec2{2.0, -1e300},
                         Vec2{inf, 1.0}, Vec2{-inf, -inf}, Vec2{nan, 0.5}, Vec2{1e-310, -1e-320}})
    points.push_back(odd);
  for (const char* name : {"rosenbrock", "beale", "himmelblau", "booth", "goldstein_price", "six_hump_camel",
                           "styblinski_tang", "monkey_saddle", "saddle"}) {
    const Surface surface = *makeSurface(name);
    for (const std::string& set : BatchRuns::instructionSets()) {
      SCOPED_TRACE(std::string(name) + " " + set);
      BatchRuns batch(*Optimizer::create("sgd"), *surface.evaluator, points, 1, set);
      EXPECT_TRUE(batch.evaluatesInLanes());
      const std::span<const ValueGrad> lanes = batch.valueGrads();
      ASSERT_EQ(lanes.size(), points.size());
      for (std::size_t i = 0; i < points.size(); ++i) {
        const ValueGrad single = surface.evaluator->valueGrad(points[i]);
        EXPECT_TRUE(sameBits(lanes[i].value, single.value)) << i;
        EXPECT_TRUE(sameBits(lanes[i].gradient.x, single.gradient.x)) << i;
        EXPECT_TRUE(sameBits(lanes[i].gradient.y, single.gradient.y)) << i;
      }
    }
  }
  const Surface custom = surfaceNamed("custom");
  EXPECT_FALSE(BatchRuns(*Optimizer::create("sgd"), *custom.evaluator, points).evaluatesInLanes());
}

// An anchor is a point of the run's path, taken at its anchor step, and every later point is within the
// radius of it; it moves whenever a point leaves that radius, so the steps after are all close.
TEST(BatchRuns, AnchorsHoldEveryLaterPointWithinTheirRadius) {
  const Surface surface = *makeSurface("himmelblau");
  const std::vector<Vec2> starts = gridStarts();
  Optimizer adam = *Optimizer::create("adam");
  adam.setParam("lr", 0.05);
  BatchRuns batch(adam, *surface.evaluator, starts);
  ASSERT_TRUE(batch.evaluatesInLanes());
  constexpr double kRadius = 0.01;
  batch.trackAnchors(kRadius);
  ASSERT_TRUE(batch.tracksAnchors());
  std::vector<std::vector<Vec2>> paths(starts.size());
  for (std::size_t r = 0; r < starts.size(); ++r) paths[r].push_back(starts[r]);
  for (int step = 0; step < 150; ++step) {
    batch.step();
    for (std::size_t r = 0; r < starts.size(); ++r) paths[r].push_back(batch.point(r));
  }
  int resting = 0, moved = 0;
  for (std::size_t r = 0; r < starts.size(); ++r) {
    const std::int64_t since = batch.anchorStep(r);
    ASSERT_GE(since, 0);
    ASSERT_LE(since, 150);
    const Vec2 anchor = batch.anchor(r);
    EXPECT_EQ(anchor, paths[r][static_cast<std::size_t>(since)]) << r;
    for (std::size_t k = static_cast<std::size_t>(since); k < paths[r].size(); ++k) {
      const Vec2 d = paths[r][k] - anchor;
      EXPECT_LE(d.x * d.x + d.y * d.y, kRadius * kRadius) << r << " step " << k;
    }
    if (since < 150) ++resting;
    if (since > 0) ++moved;
  }
  // Neither every anchor left at its start nor every one taken at the last step: the test sees both.
  EXPECT_GT(resting, 0);
  EXPECT_GT(moved, 0);
}

TEST(BatchRuns, ReportsItsLanesAndNonFiniteRuns) {
  const std::string set = BatchRuns::instructionSet();
  EXPECT_TRUE(set == "avx512f" || set == "avx2" || set == "sse2" || set == "baseline") << set;
  EXPECT_EQ(BatchRuns::laneWidth() & (BatchRuns::laneWidth() - 1), 0u);  // a power of two
  const Surface surface = *makeSurface("rosenbrock");
  Optimizer sgd = *Optimizer::create("sgd");
  sgd.setParam("lr", 1.0);  // far too large for Rosenbrock: runs leave the floating-point range
  const std::vector<Vec2> starts = {{0.0, 0.0}, {1.0, 1.0}, {-2.0, 2.0}};
  BatchRuns batch(sgd, *surface.evaluator, starts);
  batch.step(100);
  EXPECT_EQ(batch.status(1), BatchRunStatus::Running);  // the minimum: the gradient is 0
  EXPECT_EQ(batch.point(1), (Vec2{1.0, 1.0}));
  EXPECT_EQ(batch.status(2), BatchRunStatus::NotFinite);
}

}  // namespace
}  // namespace gs::testing
