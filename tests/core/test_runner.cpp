// The lockstep runner on small local surfaces whose every number can be worked out by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "core/runner.hpp"

namespace gs {
namespace {

// f(p) = (p - c)^T A (p - c) / 2 with A = R diag(large, small) R^T: convex, L-smooth with L = large.
class Quadratic final : public Evaluator {
 public:
  Quadratic(double large, double small, double degrees = 0.0, Vec2 center = {}) : center_(center) {
    const double angle = degrees * std::numbers::pi / 180.0;
    const double c = std::cos(angle), s = std::sin(angle);
    hessian_ = {large * c * c + small * s * s, (large - small) * c * s, large * s * s + small * c * c};
  }
  double value(Vec2 p) const override { return 0.5 * dot(p - center_, hessian_ * (p - center_)); }
  ValueGrad valueGrad(Vec2 p) const override { return {value(p), hessian_ * (p - center_)}; }
  ValueGradHessian valueGradHessian(Vec2 p) const override {
    return {value(p), hessian_ * (p - center_), hessian_};
  }

 private:
  Sym2 hessian_;
  Vec2 center_;
};

// f = -x, defined only for x < 3 (NaN beyond, like log of a negative number in a custom formula).
class Cliff final : public Evaluator {
 public:
  double value(Vec2 p) const override { return p.x < 3.0 ? -p.x : std::numeric_limits<double>::quiet_NaN(); }
  ValueGrad valueGrad(Vec2 p) const override {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return p.x < 3.0 ? ValueGrad{-p.x, {-1.0, 0.0}} : ValueGrad{nan, {nan, nan}};
  }
  ValueGradHessian valueGradHessian(Vec2 p) const override {
    const ValueGrad vg = valueGrad(p);
    return {vg.value, vg.gradient, {}};
  }
};

// Mean squared error of the line w t + b over 16 fixed points; minibatches drawn without replacement.
class LineFit final : public Evaluator {
 public:
  LineFit() {
    for (int i = 0; i < 16; ++i) {
      const double t = -1.0 + i / 7.5;
      examples_.push_back({t, 2.0 * t + 1.0 + 0.3 * std::sin(7.0 * i)});
    }
  }
  double value(Vec2 p) const override { return valueGrad(p).value; }
  ValueGrad valueGrad(Vec2 p) const override {
    std::vector<int> all;
    for (int i = 0; i < 16; ++i) all.push_back(i);
    return over(p, all);
  }
  ValueGradHessian valueGradHessian(Vec2 p) const override {
    const ValueGrad vg = valueGrad(p);
    return {vg.value, vg.gradient, {}};
  }
  int dataSize() const override { return 16; }
  ValueGrad minibatchValueGrad(Vec2 p, int batchSize, std::uint64_t& rng) const override {
    std::vector<int> pool;
    for (int i = 0; i < 16; ++i) pool.push_back(i);
    std::vector<int> chosen;
    for (int k = 0; k < batchSize && !pool.empty(); ++k) {
      rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::size_t pick = static_cast<std::size_t>(rng >> 33) % pool.size();
      chosen.push_back(pool[pick]);
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    return over(p, chosen);
  }

 private:
  ValueGrad over(Vec2 p, const std::vector<int>& indices) const {
    ValueGrad out;
    for (int i : indices) {
      const Vec2 example = examples_[static_cast<std::size_t>(i)];
      const double residual = p.x * example.x + p.y - example.y;
      out.value += residual * residual;
      out.gradient += Vec2{2.0 * residual * example.x, 2.0 * residual};
    }
    const double n = static_cast<double>(indices.size());
    return {out.value / n, out.gradient / n};
  }
  std::vector<Vec2> examples_;
};

Surface surfaceOf(std::shared_ptr<const Evaluator> evaluator) {
  Surface surface;
  surface.name = "test";
  surface.evaluator = std::move(evaluator);
  return surface;
}

RunSpec sgd(double lr, const char* name = "sgd") {
  RunSpec spec{"", *Optimizer::create(name), Schedule{}};
  EXPECT_TRUE(spec.optimizer.setParam("lr", lr));
  return spec;
}

// One hyperparameter changed from the run's current step on.
void setParam(gs::Run& run, std::string_view name, double value) {
  Optimizer optimizer = run.optimizer();
  ASSERT_TRUE(optimizer.setParam(name, value)) << name;
  RunSettings settings = run.settings();
  settings.params = optimizer.paramValues();
  run.setSettings(settings);
}

TEST(Runner, StepZeroIsTheStartAndTheFirstSgdStepIsStartMinusLrTimesGradient) {
  // f = x^2 + 3 y^2, gradient (2x, 6y) = (2, 12) at (1, 2); lr 0.1 moves to (0.8, 0.8).
  Runner runner(surfaceOf(std::make_shared<Quadratic>(2.0, 6.0)), {1.0, 2.0});
  runner.addRun(sgd(0.1));
  runner.step();
  const gs::Run& run = runner.run(0);
  ASSERT_EQ(run.path().size(), 2u);
  EXPECT_EQ(run.path()[0], (Vec2{1.0, 2.0}));
  EXPECT_DOUBLE_EQ(run.losses()[0], 13.0);
  EXPECT_DOUBLE_EQ(run.gradientNorms()[0], std::hypot(2.0, 12.0));
  EXPECT_DOUBLE_EQ(run.path()[1].x, 0.8);
  EXPECT_DOUBLE_EQ(run.path()[1].y, 0.8);
  EXPECT_DOUBLE_EQ(run.losses()[1], 0.64 * 4.0);
  EXPECT_DOUBLE_EQ(run.stepLengths()[1], std::hypot(0.2, 1.2));
  EXPECT_EQ(run.stepLengths()[0], 0.0);
  EXPECT_EQ(run.label(), "sgd");
  EXPECT_EQ(run.step(), 1);
  EXPECT_EQ(runner.currentStep(), 1);
}

TEST(Runner, GradientEvaluationsAreCumulative) {
  Runner runner(surfaceOf(std::make_shared<Quadratic>(2.0, 6.0)), {1.0, 2.0});
  runner.addRun(sgd(0.01));
  runner.step(5);
  // SGD asks for one gradient per step.
  EXPECT_EQ(runner.run(0).gradientEvaluations(), (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(runner.run(0).counts().gradients, 5);
}

TEST(Runner, ScheduleFactorMultipliesTheLearningRate) {
  // f = (x^2 + y^2) / 2: x_{k+1} = x_k (1 - 0.1 * 0.5^k) with step decay gamma 0.5 every step.
  Runner runner(surfaceOf(std::make_shared<Quadratic>(1.0, 1.0)), {1.0, 1.0});
  RunSpec spec = sgd(0.1);
  spec.schedule.kind = Schedule::Kind::Step;
  spec.schedule.stepSize = 1;
  spec.schedule.gamma = 0.5;
  runner.addRun(spec);
  runner.step(3);
  const auto& path = runner.run(0).path();
  EXPECT_DOUBLE_EQ(path[1].x, 0.9);
  EXPECT_DOUBLE_EQ(path[2].x, 0.9 * 0.95);
  EXPECT_DOUBLE_EQ(path[3].x, 0.9 * 0.95 * 0.975);
}

struct BoundCase {
  double lrTimesL;  // lr as a fraction of 1/L
  double conditionNumber;
  double rotationDegrees;
};

class ConvergenceBound : public testing::TestWithParam<BoundCase> {};

// Lecture notes: on a convex L-smooth f, gradient descent with lr <= 1/L has
// f(x_T) - f* <= |x_0 - x*|^2 / (2 lr T) for every T.
TEST_P(ConvergenceBound, HoldsAtEveryStep) {
  const double L = 4.0;
  const BoundCase c = GetParam();
  const Vec2 minimum{0.5, -0.25}, start{-2.0, 1.5};
  const double lr = c.lrTimesL / L;
  Runner runner(surfaceOf(std::make_shared<Quadratic>(L, L / c.conditionNumber, c.rotationDegrees, minimum)),
                start);
  runner.addRun(sgd(lr));
  runner.step(300);
  const Vec2 offset = start - minimum;
  const auto& losses = runner.run(0).losses();
  ASSERT_EQ(losses.size(), 301u);
  for (std::size_t T = 1; T < losses.size(); ++T) {
    const double bound = dot(offset, offset) / (2.0 * lr * static_cast<double>(T));
    ASSERT_LE(losses[T], bound * (1.0 + 1e-12)) << "T=" << T;
  }
  EXPECT_LT(losses.back(), losses.front());
}

INSTANTIATE_TEST_SUITE_P(Table, ConvergenceBound,
                         testing::Values(BoundCase{1.0, 1.0, 0.0}, BoundCase{1.0, 10.0, 0.0},
                                         BoundCase{1.0, 100.0, 30.0}, BoundCase{0.5, 10.0, 45.0},
                                         BoundCase{0.1, 1.0, 0.0}, BoundCase{0.1, 1000.0, 60.0},
                                         BoundCase{0.9, 50.0, -20.0}));

TEST(Runner, TooLargeLearningRateDivergesAtTheStepItLeavesTheBound) {
  // f = x^2 + y^2 with lr 10: x_k = (-19)^k x_0. |x_k| = 19^k sqrt 2 passes 1e15 first at k = 12.
  Runner runner(surfaceOf(std::make_shared<Quadratic>(2.0, 2.0)), {1.0, 1.0});
  runner.addRun(sgd(10.0));
  runner.addRun(sgd(0.1));
  runner.step(50);
  const gs::Run& run = runner.run(0);
  EXPECT_EQ(run.status(), RunStatus::Diverged);
  EXPECT_EQ(run.statusStep(), 12);
  EXPECT_EQ(run.step(), 11);
  ASSERT_EQ(run.path().size(), 12u);
  EXPECT_EQ(run.point(), (Vec2{-116490258898219.0, -116490258898219.0}));  // (-19)^11
  for (std::size_t i = 0; i < run.path().size(); ++i) {
    EXPECT_TRUE(isFinite(run.path()[i]));
    EXPECT_TRUE(std::isfinite(run.losses()[i]) && std::isfinite(run.gradientNorms()[i]));
    EXPECT_TRUE(std::isfinite(run.stepLengths()[i]));
  }
  // The other run keeps going in lockstep.
  EXPECT_EQ(runner.run(1).step(), 50);
  EXPECT_EQ(runner.currentStep(), 50);
}

TEST(Runner, NonFiniteLossIsDivergenceAndIsNeverStored) {
  // f = -x: SGD with lr 1 walks x = 0, 1, 2, 3; f is NaN at x = 3.
  Runner runner(surfaceOf(std::make_shared<Cliff>()), {0.0, 0.0});
  runner.addRun(sgd(1.0));
  runner.step(10);
  const gs::Run& run = runner.run(0);
  EXPECT_EQ(run.status(), RunStatus::Diverged);
  EXPECT_EQ(run.statusStep(), 3);
  ASSERT_EQ(run.path().size(), 3u);
  EXPECT_EQ(run.point(), (Vec2{2.0, 0.0}));
  for (double loss : run.losses()) EXPECT_TRUE(std::isfinite(loss));
}

TEST(Runner, NonFiniteStartIsDivergedAtStepZeroWithNothingStored) {
  Runner runner(surfaceOf(std::make_shared<Cliff>()), {5.0, 0.0});
  runner.addRun(sgd(1.0));
  runner.step(4);
  EXPECT_EQ(runner.run(0).status(), RunStatus::Diverged);
  EXPECT_EQ(runner.run(0).statusStep(), 0);
  EXPECT_TRUE(runner.run(0).path().empty());
  EXPECT_TRUE(runner.run(0).losses().empty());
}

TEST(Runner, ASurfaceWithoutEvaluatorLeavesRunsDivergedInsteadOfCrashing) {
  Runner runner(Surface{}, {0.0, 0.0});
  runner.addRun(sgd(0.1));
  runner.step(3);
  EXPECT_EQ(runner.run(0).status(), RunStatus::Diverged);
  EXPECT_TRUE(runner.run(0).path().empty());
}

TEST(Runner, ConvergenceIsReportedNotActedOn) {
  // f = x^2 + y^2, lr 0.25 halves x each step: |g_k| = 2 * 0.5^k, |step_k| = 0.5^k. Both are under
  // (1e-6, 1e-9) first at k = 30 (0.5^29 = 1.9e-9 is still too long a step).
  Runner runner(surfaceOf(std::make_shared<Quadratic>(2.0, 2.0)), {1.0, 0.0});
  runner.addRun(sgd(0.25));
  runner.step(29);
  EXPECT_EQ(runner.run(0).status(), RunStatus::Running);
  runner.step();
  EXPECT_EQ(runner.run(0).status(), RunStatus::Converged);
  EXPECT_EQ(runner.run(0).statusStep(), 30);
  runner.step(10);
  EXPECT_EQ(runner.run(0).status(), RunStatus::Converged);
  EXPECT_EQ(runner.run(0).statusStep(), 30);
  EXPECT_EQ(runner.run(0).step(), 40);
  EXPECT_EQ(runner.run(0).point().x, std::ldexp(1.0, -40));  // it kept stepping
  runner.tolerance().stepLength = 1e-30;
  runner.step();
  EXPECT_EQ(runner.run(0).status(), RunStatus::Running);
}

TEST(Runner, HistoryStaysBoundedAndTheStrideDoubles) {
  const auto surface = surfaceOf(std::make_shared<Quadratic>(2.0, 6.0));
  Runner capped(surface, {1.0, 2.0}), reference(surface, {1.0, 2.0});
  capped.addRun(sgd(0.01));
  reference.addRun(sgd(0.01));
  capped.run(0).setMaxStoredSteps(8);
  capped.step(100);
  reference.step(100);
  const gs::Run& run = capped.run(0);
  EXPECT_EQ(run.stride(), 16);  // compactions at steps 8, 16, 32 and 64
  ASSERT_EQ(run.path().size(), 100u / 16u + 1u);
  for (std::size_t i = 0; i < run.path().size(); ++i) {
    const std::size_t step = i * static_cast<std::size_t>(run.stride());
    EXPECT_EQ(run.path()[i], reference.run(0).path()[step]) << i;
    EXPECT_EQ(run.losses()[i], reference.run(0).losses()[step]) << i;
    EXPECT_EQ(run.gradientEvaluations()[i], static_cast<std::int64_t>(step));
  }
  EXPECT_EQ(run.point(), reference.run(0).point());
}

TEST(Runner, LongRunKeepsAtMostTheDefaultCap) {
  Runner runner(surfaceOf(std::make_shared<Quadratic>(2.0, 6.0)), {1.0, 2.0});
  runner.addRun(sgd(1e-7));
  const std::int64_t steps = 100'000;  // past 2 * 2^15: two compactions
  runner.step(steps);
  const gs::Run& run = runner.run(0);
  EXPECT_EQ(run.stride(), 4);
  EXPECT_EQ(run.path().size(), static_cast<std::size_t>(steps / 4 + 1));
  EXPECT_LE(run.path().size(), gs::Run::kMaxStoredSteps);
  EXPECT_EQ(run.losses().size(), run.path().size());
  EXPECT_EQ(run.step(), steps);
}

// Everything a run is at its current step, compared bit for bit (== on finite doubles).
void expectSameRun(const gs::Run& actual, const gs::Run& expected, const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(actual.step(), expected.step());
  EXPECT_EQ(actual.point(), expected.point());
  EXPECT_EQ(actual.status(), expected.status());
  EXPECT_EQ(actual.statusStep(), expected.statusStep());
  EXPECT_EQ(actual.optimizer().stepCount(), expected.optimizer().stepCount());
  EXPECT_EQ(actual.optimizer().paramValues(), expected.optimizer().paramValues());
  EXPECT_TRUE(actual.optimizer().terms() == expected.optimizer().terms()) << "the last update's terms";
  const auto state = actual.optimizer().state(), expectedState = expected.optimizer().state();
  ASSERT_EQ(state.size(), expectedState.size());
  for (std::size_t i = 0; i < state.size(); ++i) {
    EXPECT_EQ(state[i].name, expectedState[i].name);
    EXPECT_EQ(state[i].value, expectedState[i].value) << state[i].name;
  }
  EXPECT_EQ(actual.counts().gradients, expected.counts().gradients);
  EXPECT_EQ(actual.counts().hessians, expected.counts().hessians);
  // History: every entry the rewound run stores (its stride may be coarser) is the reference's there.
  ASSERT_EQ(actual.stride() % expected.stride(), 0);
  const auto ratio = static_cast<std::size_t>(actual.stride() / expected.stride());
  ASSERT_EQ(actual.path().size(), (expected.path().size() - 1) / ratio + 1);
  for (std::size_t i = 0; i < actual.path().size(); ++i) {
    ASSERT_EQ(actual.path()[i], expected.path()[i * ratio]) << "entry " << i;
    ASSERT_EQ(actual.losses()[i], expected.losses()[i * ratio]) << "entry " << i;
    ASSERT_EQ(actual.gradientNorms()[i], expected.gradientNorms()[i * ratio]) << "entry " << i;
    ASSERT_EQ(actual.stepLengths()[i], expected.stepLengths()[i * ratio]) << "entry " << i;
    ASSERT_EQ(actual.gradientEvaluations()[i], expected.gradientEvaluations()[i * ratio]) << "entry " << i;
  }
}

class SeekEqualsStepping : public testing::TestWithParam<std::string> {};

TEST_P(SeekEqualsStepping, ThroughCheckpointsBitForBit) {
  // Rosenbrock, and a minibatch run on a data surface (the oracle's sampling state is in the checkpoint).
  for (const char* surfaceName : {"rosenbrock", "linear_regression"}) {
    const auto surface = makeSurface(surfaceName);
    ASSERT_TRUE(surface.has_value()) << surfaceName;
    auto optimizer = Optimizer::create(GetParam());
    ASSERT_TRUE(optimizer.has_value());
    // A learning rate small enough that every method keeps running for 3000 steps on both surfaces.
    if (const auto lr = optimizer->param("lr")) optimizer->setParam("lr", std::min(*lr, 1e-3));
    RunSpec spec{"", *optimizer, Schedule{}};
    if (surface->evaluator->dataSize() > 0) spec.batchSize = 4;
    spec.seed = 3;
    Runner runner(*surface, surface->start);
    runner.addRun(spec);
    runner.step(3000);
    ASSERT_GT(runner.run(0).checkpointCount(), 0u);
    for (const std::int64_t target : {2999, 1500, 640, 64, 63, 0, 2000, 1, 2999}) {
      runner.seek(target);
      Runner reference(*surface, surface->start);
      reference.addRun(spec);
      reference.step(target);
      expectSameRun(runner.run(0), reference.run(0),
                    std::string(surfaceName) + ", seek to " + std::to_string(target));
      // And stepping on from there stays identical.
      runner.step(37);
      reference.step(37);
      expectSameRun(runner.run(0), reference.run(0),
                    std::string(surfaceName) + ", 37 steps after " + std::to_string(target));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryOptimizer, SeekEqualsStepping, testing::ValuesIn(Optimizer::names()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// Counts the gradient evaluations a seek costs.
class CountingQuadratic final : public Evaluator {
 public:
  double value(Vec2 p) const override { return p.x * p.x + 3.0 * p.y * p.y; }
  ValueGrad valueGrad(Vec2 p) const override {
    ++gradients;
    return {value(p), {2.0 * p.x, 6.0 * p.y}};
  }
  ValueGradHessian valueGradHessian(Vec2 p) const override {
    return {value(p), {2.0 * p.x, 6.0 * p.y}, {2.0, 0.0, 6.0}};
  }
  mutable std::int64_t gradients = 0;
};

TEST(Runner, CheckpointsAndHistoryStayBoundedAndASeekCostsAtMostOneSpacing) {
  const auto counting = std::make_shared<CountingQuadratic>();
  const Surface surface = surfaceOf(counting);
  Runner runner(surface, {1.0, 2.0});
  runner.addRun(sgd(1e-6));
  std::size_t mostCheckpoints = 0, mostEntries = 0;
  for (int chunk = 0; chunk < 40; ++chunk) {
    runner.step(10'000);
    mostCheckpoints = std::max(mostCheckpoints, runner.run(0).checkpointCount());
    mostEntries = std::max(mostEntries, runner.run(0).path().size());
  }
  const gs::Run& run = runner.run(0);
  EXPECT_LE(mostCheckpoints, gs::Run::kMaxCheckpoints);
  EXPECT_GE(run.checkpointCount(), gs::Run::kMaxCheckpoints / 2);  // thinned, not dropped
  EXPECT_LE(mostEntries, gs::Run::kMaxStoredSteps);
  EXPECT_EQ(run.checkpointSpacing(), 2048);  // 400,000 steps / 256 checkpoints, rounded up to 2^k
  const std::int64_t spacing = run.checkpointSpacing();

  for (const std::int64_t target : {std::int64_t{399'999}, std::int64_t{123'457}, std::int64_t{2'048}}) {
    counting->gradients = 0;
    runner.seek(target);
    // One evaluation a step: the full-batch one the history records is the next update's gradient too
    // (Oracle::observe), and a checkpoint's oracle keeps it.
    EXPECT_LE(counting->gradients, spacing + 1) << target;
    Runner reference(surface, {1.0, 2.0});
    reference.addRun(sgd(1e-6));
    reference.step(target);
    expectSameRun(runner.run(0), reference.run(0), "seek to " + std::to_string(target));
  }
}

// A run evaluates the surface once per point: the gradient its history records where a step lands is
// the one the next step's update starts from, and the optimizer's count is unchanged.
TEST(Runner, EvaluatesEachPointOnceAndCountsTheOptimizersGradients) {
  const auto counting = std::make_shared<CountingQuadratic>();
  Runner runner(surfaceOf(counting), {1.0, 2.0});
  runner.addRun(sgd(0.01));
  runner.step(50);
  EXPECT_EQ(counting->gradients, 51);  // the start and each new point
  EXPECT_EQ(runner.run(0).counts().gradients, 50);
  // Each step is still x - lr * grad f(x) at the point it starts from.
  const auto& path = runner.run(0).path();
  for (std::size_t k = 1; k < path.size(); ++k) {
    EXPECT_EQ(path[k].x, path[k - 1].x - 0.01 * (2.0 * path[k - 1].x)) << k;
    EXPECT_EQ(path[k].y, path[k - 1].y - 0.01 * (6.0 * path[k - 1].y)) << k;
  }
}

// A minibatch estimate is never answered from the full-batch gradient observed at the same point.
TEST(Runner, AMinibatchRunTakesItsGradientsFromTheEstimate) {
  const auto data = std::make_shared<LineFit>();
  Oracle oracle(*data, 4, 7);
  const Vec2 p{0.5, -0.25};
  const ValueGrad exact = oracle.observe(p);
  std::uint64_t rng = 7;
  const ValueGrad estimate = data->minibatchValueGrad(p, 4, rng);
  ASSERT_NE(exact.gradient.x, estimate.gradient.x);
  EXPECT_EQ(oracle.gradient(p).gradient.x, estimate.gradient.x);
  Oracle full(*data, 0, 7);
  full.observe(p);
  EXPECT_EQ(full.gradient(p).gradient.x, exact.gradient.x);
  EXPECT_EQ(full.counts().gradients, 1);  // observing is not the optimizer's evaluation
}

TEST(Runner, SeekingAroundADivergenceEqualsStepping) {
  // f = x^2 + 3 y^2 with lr 0.5: y triples in size and flips sign each step until it leaves the bound.
  const Surface surface = surfaceOf(std::make_shared<Quadratic>(2.0, 6.0));
  Runner runner(surface, {1.0, 1.0});
  runner.addRun(sgd(0.5));
  runner.addRun(sgd(0.01));
  runner.step(200);
  ASSERT_EQ(runner.run(0).status(), RunStatus::Diverged);
  const std::int64_t diverged = runner.run(0).statusStep();
  ASSERT_GT(diverged, 2);
  for (const std::int64_t target : {diverged + 100, diverged, diverged - 1, std::int64_t{1}, diverged + 1,
                                    std::int64_t{150}, std::int64_t{64}}) {
    runner.seek(target);
    Runner reference(surface, {1.0, 1.0});
    reference.addRun(sgd(0.5));
    reference.addRun(sgd(0.01));
    reference.step(target);
    expectSameRun(runner.run(0), reference.run(0), "diverging run, seek to " + std::to_string(target));
    expectSameRun(runner.run(1), reference.run(1), "converging run, seek to " + std::to_string(target));
  }
}

// The runs of `specs` taken to `steps` in every way the app takes them there, against stepping one step
// at a time (every step records its terms); returns the one-at-a-time runner.
Runner expectTermsOfStepsTakenOneAtATime(const Surface& surface, Vec2 start,
                                         const std::vector<RunSpec>& specs, std::int64_t steps) {
  const auto runnerWith = [&] {
    Runner runner(surface, start);
    for (const RunSpec& spec : specs) runner.addRun(spec);
    return runner;
  };
  Runner oneByOne = runnerWith();
  for (std::int64_t i = 0; i < steps; ++i) oneByOne.step(1);
  Runner atOnce = runnerWith();
  atOnce.step(steps);
  Runner seekBack = runnerWith();
  seekBack.step(steps + 70);
  seekBack.seek(steps);
  Runner inBudgets = runnerWith();
  inBudgets.restartTo(start, steps, 37);
  while (inBudgets.stepsBehind() > 0) inBudgets.catchUp(37);
  Runner added(surface, start);
  added.step(steps);
  for (const RunSpec& spec : specs) added.addRun(spec);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const Run& expected = oneByOne.run(i);
    if (expected.status() != RunStatus::Diverged) {
      EXPECT_EQ(expected.optimizer().terms().step, steps);
    }
    const std::string name = expected.label() + " after " + std::to_string(steps) + " steps, ";
    expectSameRun(atOnce.run(i), expected, name + "stepped at once");
    expectSameRun(seekBack.run(i), expected, name + "seeking back");
    expectSameRun(inBudgets.run(i), expected, name + "recomputed in budgets");
    expectSameRun(added.run(i), expected, name + "added");
  }
  return oneByOne;
}

// A batch of steps records the optimizer's terms (glyphs, inspector, explainer) only at the step it stops
// at and at the steps its checkpoints keep; the terms shown must be those of stepping one step at a time.
TEST(Runner, RecomputedPathsShowTheTermsOfStepsTakenOneAtATime) {
  const auto surface = makeSurface("rosenbrock");
  ASSERT_TRUE(surface.has_value());
  std::vector<RunSpec> every;
  for (const std::string& name : Optimizer::names()) {
    RunSpec spec{"", *Optimizer::create(name), Schedule{}};
    if (const auto lr = spec.optimizer.param("lr")) spec.optimizer.setParam("lr", std::min(*lr, 1e-3));
    every.push_back(spec);
  }
  for (const std::int64_t steps : {130, 128})  // 128: the last step is a checkpoint's
    expectTermsOfStepsTakenOneAtATime(*surface, surface->start, every, steps);
}

// A diverged run shows the terms of its last, diverging update: found again from the checkpoint before it
// (or from the start) when the step that diverged skipped them.
TEST(Runner, ADivergedRunShowsTheTermsOfTheUpdateThatDiverged) {
  // On f = x^2 + 3 y^2 from (1, 1), y grows by |1 - 6 lr| a step: out of the bound near steps 32 and 100.
  const Surface surface = surfaceOf(std::make_shared<Quadratic>(2.0, 6.0));
  const std::vector<RunSpec> specs = {sgd(0.5), sgd(0.4017), sgd(0.01)};
  for (const std::int64_t steps : {130, 128}) {
    const Runner runner = expectTermsOfStepsTakenOneAtATime(surface, {1.0, 1.0}, specs, steps);
    ASSERT_EQ(runner.run(0).status(), RunStatus::Diverged);
    EXPECT_LT(runner.run(0).statusStep(), Run::kFirstCheckpointSpacing);
    ASSERT_EQ(runner.run(1).status(), RunStatus::Diverged);
    EXPECT_GT(runner.run(1).statusStep(), Run::kFirstCheckpointSpacing + 1);
    EXPECT_EQ(runner.run(0).optimizer().terms().step, runner.run(0).statusStep());
    EXPECT_EQ(runner.run(1).optimizer().terms().step, runner.run(1).statusStep());
  }
}

TEST(Runner, ACommitOnACheckpointStepIsReplayedFromThatCheckpoint) {
  const Surface surface = surfaceOf(std::make_shared<Quadratic>(4.0, 0.4, 30.0));
  RunSpec spec = sgd(0.02, "momentum");
  Runner runner(surface, {-2.0, 1.5}), reference(surface, {-2.0, 1.5});
  runner.addRun(spec);
  reference.addRun(spec);
  runner.step(1000);
  runner.seek(640);  // a checkpoint step: its checkpoint holds the state before the change below
  reference.step(640);
  for (Runner* r : {&runner, &reference}) {
    setParam(r->run(0), "lr", 0.005);
  }
  runner.step(360);
  reference.step(60);
  runner.seek(700);
  expectSameRun(runner.run(0), reference.run(0), "seek to 700 after a commit at 640");
  EXPECT_EQ(runner.run(0).optimizer().param("lr"), 0.005);
  runner.seek(640);
  EXPECT_EQ(runner.run(0).optimizer().param("lr"), 0.02);  // the change applies from the next step on
  runner.seek(700);
  expectSameRun(runner.run(0), reference.run(0), "seek to 640, then 700");
}

std::vector<Vec2> pathOf(const gs::Run& run) { return run.path(); }

TEST(Runner, SeekBackThenForwardReproducesPathsWithMidRunChanges) {
  Runner runner(surfaceOf(std::make_shared<Quadratic>(4.0, 0.4, 30.0)), {-2.0, 1.5});
  runner.addRun(sgd(0.05));
  runner.addRun(sgd(0.02, "momentum"));
  runner.step(20);
  setParam(runner.run(0), "lr", 0.01);
  runner.step(10);
  RunSettings stepped = runner.run(1).settings();
  stepped.schedule = std::get<Schedule>(Schedule::parse("step:size=5,gamma=0.5"));
  runner.run(1).setSettings(stepped);
  runner.step(30);
  const auto first = pathOf(runner.run(0)), second = pathOf(runner.run(1));
  const Vec2 end0 = runner.run(0).point(), end1 = runner.run(1).point();

  runner.seek(10);
  EXPECT_EQ(runner.currentStep(), 10);
  EXPECT_EQ(runner.run(0).point(), first[10]);
  EXPECT_EQ(runner.run(0).optimizer().param("lr"), 0.05);  // the step-10 hyperparameters
  EXPECT_EQ(runner.run(1).schedule().kind, Schedule::Kind::Constant);
  runner.seek(60);
  EXPECT_EQ(pathOf(runner.run(0)), first);
  EXPECT_EQ(pathOf(runner.run(1)), second);
  EXPECT_EQ(runner.run(0).point(), end0);
  EXPECT_EQ(runner.run(1).point(), end1);
  EXPECT_EQ(runner.run(0).optimizer().param("lr"), 0.01);

  // The change really mattered: without it the path differs after step 20.
  Runner plain(runner.surface(), {-2.0, 1.5});
  plain.addRun(sgd(0.05));
  plain.step(60);
  EXPECT_EQ(plain.run(0).path()[20], first[20]);
  EXPECT_NE(plain.run(0).path()[21], first[21]);

  runner.reset({-2.0, 1.5});
  EXPECT_EQ(runner.run(0).optimizer().param("lr"), 0.05);
  runner.step(60);
  EXPECT_EQ(pathOf(runner.run(0)), first);
}

TEST(Runner, ACommitAtStepZeroBecomesTheStartingHyperparameters) {
  Runner runner(surfaceOf(std::make_shared<Quadratic>(2.0, 6.0)), {1.0, 2.0});
  runner.addRun(sgd(0.01));
  setParam(runner.run(0), "lr", 0.1);
  runner.step(3);
  runner.reset({1.0, 2.0});
  runner.step(1);
  EXPECT_DOUBLE_EQ(runner.run(0).point().x, 0.8);  // 1 - 0.1 * 2
}

TEST(Runner, MinibatchRunsAreNoisyButReproducible) {
  const auto surface = surfaceOf(std::make_shared<LineFit>());
  Runner runner(surface, {0.0, 0.0});
  RunSpec a = sgd(0.1), b = sgd(0.1), full = sgd(0.1);
  a.batchSize = b.batchSize = 4;
  a.seed = 7;
  b.seed = 8;
  runner.addRun(a);
  runner.addRun(b);
  runner.addRun(full);
  runner.step(40);
  const auto pathA = pathOf(runner.run(0));
  EXPECT_NE(pathA, pathOf(runner.run(1)));  // different seeds, different minibatches
  EXPECT_NE(pathA, pathOf(runner.run(2)));  // and not the full-batch path
  runner.seek(5);
  runner.seek(40);
  EXPECT_EQ(pathOf(runner.run(0)), pathA);
  Runner again(surface, {0.0, 0.0});
  again.addRun(a);
  again.step(40);
  EXPECT_EQ(pathOf(again.run(0)), pathA);
}

// Above a few thousand run-steps, step() and replayRuns() share the runs among threads: every path must
// be the one each run gives alone, stepped one step at a time, bit for bit (minibatches included).
TEST(Runner, RunsSharedAmongThreadsGiveThePathsEachRunGivesAlone) {
  const auto surface = makeSurface("linear_regression");
  ASSERT_TRUE(surface.has_value());
  const char* names[] = {"sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad", "adamw", "lbfgs"};
  std::vector<RunSpec> specs;
  for (const char* name : names) {
    RunSpec spec{"", *Optimizer::create(name), Schedule{}};
    if (std::string_view(name) != "lbfgs") {
      EXPECT_TRUE(spec.optimizer.setParam("lr", 0.02));
    }
    spec.batchSize = specs.size() % 2 == 0 ? 4 : 0;
    spec.seed = 11 + specs.size();
    specs.push_back(spec);
  }
  Runner together(*surface, {0.5, -0.5});
  for (const RunSpec& spec : specs) together.addRun(spec);
  together.step(1500);  // 12 000 run-steps: shared among threads on a machine with several cores
  // A what-if edit of every run at once: each back to step 0 with a larger lr, and forward again.
  std::vector<std::size_t> indices;
  std::vector<std::int64_t> starts;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    indices.push_back(i);
    starts.push_back(0);
  }
  together.replayRuns(indices, starts, [](gs::Run& run, std::size_t k) {
    if (k + 1 < 8) setParam(run, "lr", 0.03);  // not L-BFGS's, whose lr stays 1
  });
  for (std::size_t i = 0; i < specs.size(); ++i) {
    RunSpec spec = specs[i];
    if (i + 1 < specs.size()) {
      EXPECT_TRUE(spec.optimizer.setParam("lr", 0.03));
    }
    Runner alone(*surface, {0.5, -0.5});
    alone.addRun(spec);
    for (int step = 0; step < 1500; ++step) alone.step(1);  // one run-step at a time: never shared
    EXPECT_EQ(pathOf(together.run(i)), pathOf(alone.run(0))) << names[i];
    EXPECT_EQ(together.run(i).step(), 1500) << names[i];
  }
}

// Paths recomputed a budget at a time (the window's what-if edits of long paths) end, bit for bit, where
// the same edit computed at once ends; each call takes no more than its budget and the paths grow together.
// The runs: Adam, momentum, L-BFGS and a minibatch SGD on the catalog's data surface, one diverging.
std::vector<RunSpec> progressiveSpecs() {
  std::vector<RunSpec> specs;
  for (const char* name : {"adam", "momentum", "lbfgs", "sgd", "sgd"})
    specs.push_back({"", *Optimizer::create(name), Schedule{}});
  EXPECT_TRUE(specs[0].optimizer.setParam("lr", 0.05));
  EXPECT_TRUE(specs[1].optimizer.setParam("lr", 0.01));
  specs[3].batchSize = 4;
  specs[3].seed = 7;
  EXPECT_TRUE(specs[4].optimizer.setParam("lr", 0.5));  // diverges on the way
  return specs;
}

Runner progressiveRunner(const Surface& surface, std::int64_t steps) {
  Runner runner(surface, {0.5, -0.5});
  for (const RunSpec& spec : progressiveSpecs()) runner.addRun(spec);
  runner.step(steps);
  return runner;
}

// Every run's path, losses and status the same, bit for bit.
void expectSameRuns(const Runner& a, const Runner& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.currentStep(), b.currentStep());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(pathOf(a.run(i)), pathOf(b.run(i))) << i;
    EXPECT_EQ(a.run(i).losses(), b.run(i).losses()) << i;
    EXPECT_EQ(a.run(i).step(), b.run(i).step()) << i;
    EXPECT_EQ(a.run(i).status(), b.run(i).status()) << i;
    EXPECT_EQ(a.run(i).statusStep(), b.run(i).statusStep()) << i;
  }
}

// Calls catchUp(budget) until no run is behind, checking each call's share; returns how many it took.
int catchUpInCalls(Runner& runner, std::int64_t budget) {
  int calls = 0;
  while (runner.stepsBehind() > 0) {
    const std::int64_t before = runner.stepsBehind();
    const std::int64_t taken = runner.catchUp(budget);
    EXPECT_GT(taken, 0);
    EXPECT_LE(taken, budget);
    EXPECT_LE(runner.stepsBehind(), before - taken);  // a run that diverges owes nothing more
    if (++calls > 1000 || taken == 0) break;
  }
  return calls;
}

TEST(Runner, AWhatIfEditComputedABudgetAtATimeEqualsTheEditComputedAtOnce) {
  const auto surface = makeSurface("linear_regression");
  ASSERT_TRUE(surface.has_value());
  Runner whole = progressiveRunner(*surface, 1200), progressive = progressiveRunner(*surface, 1200);
  const std::vector<std::size_t> indices = {0, 1, 3, 4};
  const std::vector<std::int64_t> starts(indices.size(), 0);
  const auto edit = [](gs::Run& run, std::size_t k) { setParam(run, "lr", k == 3 ? 0.6 : 0.02); };
  const std::int64_t taken = whole.replayRuns(indices, starts, edit);
  EXPECT_EQ(whole.stepsBehind(), 0);
  EXPECT_EQ(whole.run(4).status(), RunStatus::Diverged);
  EXPECT_EQ(taken, 3 * 1200 + whole.run(4).step());  // the diverging run stops where it diverged

  const std::int64_t first = progressive.replayRuns(indices, starts, edit, 400);
  EXPECT_LE(first, 400);
  EXPECT_GT(progressive.stepsBehind(), 0);
  // An equal share each: the edited runs are at step 100 (or diverged before), the one not edited
  // (L-BFGS) where it was.
  for (const std::size_t i : {0, 1, 3}) EXPECT_EQ(progressive.run(i).step(), 100) << i;
  EXPECT_EQ(first, 300 + progressive.run(4).step());
  EXPECT_TRUE(progressive.behind(progressive.run(0)));
  EXPECT_FALSE(progressive.behind(progressive.run(2)));
  EXPECT_EQ(progressive.run(2).step(), 1200);
  EXPECT_GE(catchUpInCalls(progressive, 400), 5);
  expectSameRuns(progressive, whole);
}

TEST(Runner, ANewStartComputedABudgetAtATimeEqualsResetAndStep) {
  const auto surface = makeSurface("linear_regression");
  ASSERT_TRUE(surface.has_value());
  Runner whole = progressiveRunner(*surface, 700), progressive = progressiveRunner(*surface, 700);
  whole.reset({-0.5, 0.8});
  whole.step(700);
  const std::int64_t taken = progressive.restartTo({-0.5, 0.8}, 700, 250);
  EXPECT_EQ(progressive.currentStep(), 700);
  for (const std::size_t i : {0, 1, 2, 3}) EXPECT_EQ(progressive.run(i).step(), 50) << i;  // 250 / 5 each
  EXPECT_EQ(progressive.run(4).status(), RunStatus::Diverged);  // lr 0.5, before its 50 steps
  EXPECT_EQ(taken, 200 + progressive.run(4).step());
  catchUpInCalls(progressive, 250);
  expectSameRuns(progressive, whole);
}

// While paths are behind, playback steps and seeks (back past them and forward) keep them as far behind,
// an edit from the current step and a fork first bring their run to the current step, and a further
// what-if edit starts over: the end is the same as with every path whole all along.
TEST(Runner, PlaybackSeeksEditsAndForksWhilePathsAreBehindEndAsWithWholePaths) {
  const auto surface = makeSurface("linear_regression");
  ASSERT_TRUE(surface.has_value());
  Runner whole = progressiveRunner(*surface, 600), progressive = progressiveRunner(*surface, 600);
  const std::vector<std::size_t> all = {0, 1, 2, 3, 4};
  const std::vector<std::int64_t> zeros(all.size(), 0);
  const auto slower = [](gs::Run& run, std::size_t k) {
    if (k != 2) setParam(run, "lr", 0.03);  // not L-BFGS's, whose lr stays 1
  };
  whole.replayRuns(all, zeros, slower);
  progressive.replayRuns(all, zeros, slower, 500);
  whole.step(40);
  progressive.step(40);  // playing on: the runs behind go 40 steps further too
  EXPECT_EQ(progressive.run(0).step(), 140);
  progressive.catchUp(300);
  EXPECT_EQ(progressive.run(0).step(), 200);
  progressive.seek(400);  // back: the runs behind step 400 stay where they are
  whole.seek(400);
  EXPECT_EQ(progressive.run(0).step(), 200);
  progressive.seek(640);
  whole.seek(640);
  EXPECT_GT(progressive.stepsBehind(), 0);
  // "From here": recorded at the current step, so the run first reaches it.
  const std::size_t edited[] = {1};
  const std::int64_t here[] = {640};
  const auto faster = [](gs::Run& run, std::size_t) { setParam(run, "lr", 0.05); };
  whole.replayRuns(edited, here, faster);
  progressive.replayRuns(edited, here, faster, 0);
  EXPECT_EQ(progressive.run(1).step(), 640);
  EXPECT_EQ(whole.forkRun(0), progressive.forkRun(0));
  EXPECT_EQ(progressive.run(5).forkStep(), 640);
  EXPECT_EQ(progressive.run(0).step(), 640);
  whole.step(30);
  progressive.step(30);
  catchUpInCalls(progressive, 700);
  expectSameRuns(progressive, whole);
}

TEST(Runner, SeekReproducesMinibatchRunsOnTheCatalogsDataSurface) {
  const auto surface = makeSurface("linear_regression");
  ASSERT_TRUE(surface.has_value());
  ASSERT_GT(surface->evaluator->dataSize(), 4);
  Runner runner(*surface, surface->start);
  RunSpec noisy = sgd(0.05);
  noisy.batchSize = 4;
  noisy.seed = 11;
  runner.addRun(noisy);
  runner.addRun(sgd(0.05));
  runner.step(30);
  setParam(runner.run(0), "lr", 0.02);
  runner.step(30);
  const auto path = pathOf(runner.run(0));
  EXPECT_NE(path, pathOf(runner.run(1)));  // the minibatch noise is real
  runner.seek(12);
  runner.seek(60);
  EXPECT_EQ(pathOf(runner.run(0)), path);
}

TEST(Runner, BatchSizeChangesMidRunKeepStateAndAreReplayedBySeek) {
  const auto surface = makeSurface("linear_regression");
  ASSERT_TRUE(surface.has_value());
  Runner runner(*surface, surface->start);
  RunSpec spec = sgd(0.05);
  spec.optimizer.setParam("momentum", 0.9);
  spec.batchSize = 2;
  spec.seed = 5;
  runner.addRun(spec);
  runner.step(20);
  const auto bufferBefore = runner.run(0).optimizer().state();
  // Full batch from step 20 on: the momentum buffer is kept, the history is not restarted.
  RunSettings fullBatch = runner.run(0).settings();
  fullBatch.batchSize = 0;
  runner.run(0).setSettings(fullBatch);
  EXPECT_EQ(runner.run(0).batchSize(), 0);
  EXPECT_EQ(runner.run(0).step(), 20);
  ASSERT_EQ(runner.run(0).optimizer().state().size(), bufferBefore.size());
  EXPECT_EQ(runner.run(0).optimizer().state()[0].value, bufferBefore[0].value);
  const Vec2 x20 = runner.run(0).point();
  runner.step(1);
  // The first full-batch step uses the exact gradient and the kept buffer (torch: b = 0.9 b + g).
  const Vec2 g = surface->evaluator->valueGrad(x20).gradient;
  const Vec2 buffer = 0.9 * bufferBefore[0].value + g;
  const Vec2 expected = x20 + (-0.05) * buffer;
  EXPECT_DOUBLE_EQ(runner.run(0).point().x, expected.x);
  EXPECT_DOUBLE_EQ(runner.run(0).point().y, expected.y);
  runner.step(19);
  const auto path = pathOf(runner.run(0));
  RunSpec exact = sgd(0.05);
  exact.optimizer.setParam("momentum", 0.9);
  Runner reference(*surface, surface->start);
  reference.addRun(exact);
  reference.step(40);
  EXPECT_NE(path, pathOf(reference.run(0)));     // the first 20 steps were minibatch steps
  EXPECT_EQ(runner.run(0).spec().batchSize, 2);  // the run still started with batches of 2
  runner.seek(7);
  EXPECT_EQ(runner.run(0).batchSize(), 2);
  runner.seek(40);
  EXPECT_EQ(runner.run(0).batchSize(), 0);
  EXPECT_EQ(pathOf(runner.run(0)), path);
}

TEST(Runner, ForkKeepsTheParentsHistoryAndGoesOnWithItsOwnSettings) {
  const auto surface = surfaceOf(std::make_shared<Quadratic>(4.0, 0.4, 30.0));
  Runner runner(surface, {-2.0, 1.5}), reference(surface, {-2.0, 1.5});
  runner.addRun(sgd(0.05));
  reference.addRun(sgd(0.05));
  runner.step(20);
  const std::size_t fork = runner.forkRun(0);
  ASSERT_EQ(fork, 1u);
  setParam(runner.run(fork), "lr", 0.2);
  runner.step(10);
  reference.step(30);
  const auto parent = pathOf(runner.run(0)), child = pathOf(runner.run(fork));
  EXPECT_EQ(parent, pathOf(reference.run(0)));
  ASSERT_EQ(child.size(), 31u);
  for (std::size_t i = 0; i <= 20; ++i) EXPECT_EQ(child[i], parent[i]) << i;
  EXPECT_NE(child[21], parent[21]);
  runner.seek(3);
  runner.seek(30);
  EXPECT_EQ(pathOf(runner.run(fork)), child);
  EXPECT_EQ(pathOf(runner.run(0)), parent);
}

TEST(Runner, AForkRemembersItsParentAndStepAndTheRunsLookGoesWithIt) {
  Runner runner(surfaceOf(std::make_shared<Quadratic>(2.0, 6.0)), {1.0, 2.0});
  runner.addRun(sgd(0.03));
  runner.addRun(sgd(0.04));
  runner.run(1).look() = RunLook{{0.5f, 0.25f, 1.0f}, false, "m", -3.0};
  runner.run(1).setLabel("mine", true);
  runner.run(1).editSteps().push_back(2);
  EXPECT_NE(runner.run(0).id(), runner.run(1).id());
  EXPECT_FALSE(runner.run(0).forkedFrom().has_value());
  runner.step(3);
  const std::size_t fork = runner.forkRun(1);
  const gs::Run& copy = runner.run(fork);
  ASSERT_EQ(copy.forkedFrom(), runner.run(1).id());
  EXPECT_EQ(copy.forkStep(), 3);
  EXPECT_NE(copy.id(), runner.run(1).id());
  EXPECT_EQ(copy.look().color, runner.run(1).look().color);
  EXPECT_FALSE(copy.look().enabled);
  EXPECT_EQ(copy.look().glyphName, "m");
  EXPECT_EQ(copy.look().glyphScale, -3.0);
  EXPECT_EQ(copy.label(), "mine");
  EXPECT_TRUE(copy.namedByUser());
  EXPECT_EQ(copy.editSteps(), std::vector<std::int64_t>{2});
  const std::uint64_t forkId = copy.id(), parentId = runner.run(1).id();
  runner.removeRun(0);  // indices move; ids do not
  EXPECT_EQ(runner.indexOf(parentId), 0u);
  EXPECT_EQ(runner.indexOf(forkId), 1u);
  EXPECT_EQ(runner.run(1).forkedFrom(), parentId);
  runner.removeRun(0);  // the parent goes: the fork is a run of its own, still split at step 3
  EXPECT_FALSE(runner.indexOf(parentId).has_value());
  EXPECT_FALSE(runner.run(0).forkedFrom().has_value());
  EXPECT_EQ(runner.run(0).forkStep(), 3);
  EXPECT_GT(runner.run(runner.addRun(sgd(0.05))).id(), forkId);  // ids are never reused
}

TEST(Runner, AddedRunCatchesUpToTheCurrentStep) {
  const auto surface = surfaceOf(std::make_shared<Quadratic>(2.0, 6.0));
  Runner late(surface, {1.0, 2.0}), early(surface, {1.0, 2.0});
  early.addRun(sgd(0.03));
  early.step(15);
  late.step(15);
  late.addRun(sgd(0.03));
  EXPECT_EQ(late.run(0).step(), 15);
  EXPECT_EQ(late.run(0).point(), early.run(0).point());
  EXPECT_EQ(pathOf(late.run(0)), pathOf(early.run(0)));
}

TEST(Runner, RemoveRunAndSetSurface) {
  Runner runner(surfaceOf(std::make_shared<Quadratic>(2.0, 6.0)), {1.0, 2.0});
  runner.addRun(sgd(0.03));
  runner.addRun(sgd(0.04));
  runner.step(5);
  runner.removeRun(0);
  runner.removeRun(7);  // out of range: ignored
  ASSERT_EQ(runner.size(), 1u);
  EXPECT_EQ(runner.run(0).optimizer().param("lr"), 0.04);
  runner.setSurface(surfaceOf(std::make_shared<Quadratic>(1.0, 1.0)), {3.0, 0.0});
  EXPECT_EQ(runner.currentStep(), 0);
  ASSERT_EQ(runner.run(0).path().size(), 1u);
  EXPECT_EQ(runner.run(0).path()[0], (Vec2{3.0, 0.0}));
  EXPECT_DOUBLE_EQ(runner.run(0).losses()[0], 4.5);
}

// The renderer takes the 3D paths' heights from the losses a run records with its points
// (render/path_renderer.cpp) instead of evaluating f there again: each must be f at its point, on a
// built-in surface and on a custom formula, through the history's thinning and a rewind.
TEST(Runner, RecordedLossesAreTheSurfacesValueAtEachPathPoint) {
  auto builtIn = makeSurface("local_minimum");
  ASSERT_TRUE(builtIn);
  auto custom = makeCustomSurface("(x^2 - 1)^2 + 0.5*y^2 + 0.3*sin(3*x*y)", {-2, 2, -2, 2}, {1.7, 1.2});
  ASSERT_TRUE(custom.surface);
  for (Surface* surface : {&*builtIn, &*custom.surface}) {
    Runner runner(*surface, surface->start);
    for (const char* name : {"sgd", "adam", "nadam"}) {
      auto optimizer = Optimizer::create(name);
      ASSERT_TRUE(optimizer);
      runner.addRun(RunSpec{"", std::move(*optimizer), Schedule{}, 0, 1});
    }
    runner.step(300);
    runner.seek(120);
    runner.step(80);
    for (std::size_t r = 0; r < runner.size(); ++r) {
      const gs::Run& run = runner.run(r);
      ASSERT_EQ(run.losses().size(), run.path().size());
      ASSERT_GT(run.path().size(), 100u);
      for (std::size_t k = 0; k < run.path().size(); ++k)
        ASSERT_DOUBLE_EQ(run.losses()[k], surface->evaluator->value(run.path()[k]))
            << surface->name << ", run " << r << ", point " << k;
    }
  }
}

}  // namespace
}  // namespace gs
