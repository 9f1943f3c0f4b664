// Basin and hyperparameter maps, the tuner and the local quadratic model (core/maps/).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <variant>

#include "core/io/spec.hpp"
#include "core/maps/map.hpp"
#include "core/maps/theory.hpp"
#include "core/maps/tune.hpp"
#include "core/runner.hpp"

namespace gs {
namespace {

Optimizer spec(std::string_view text) {
  auto parsed = parseOptimizerSpec(text);
  EXPECT_TRUE(std::holds_alternative<Optimizer>(parsed)) << text;
  return std::get<Optimizer>(std::move(parsed));
}

Surface surfaceNamed(std::string_view name) {
  auto surface = makeSurface(name);
  EXPECT_TRUE(surface.has_value()) << name;
  return std::move(*surface);
}

PixelSettings settingsOf(std::string_view optimizer, std::int64_t steps, int batch = 0,
                         std::uint64_t seed = 1) {
  PixelSettings settings;
  settings.optimizer = spec(optimizer);
  settings.steps = steps;
  settings.batchSize = batch;
  settings.seed = seed;
  return settings;
}

// A hyperparameter map of `optimizer` on a named surface, its axes given as the command line's --x and --y.
MapRequest hyperRequest(const char* surface, std::string_view optimizer, std::int64_t steps, int width,
                        int height, std::string_view x, std::string_view y) {
  MapRequest request = basinRequest(surfaceNamed(surface), settingsOf(optimizer, steps), width, height);
  request.kind = MapKind::Hyper;
  request.x = std::get<HyperAxis>(parseHyperAxis(x, request.settings.optimizer));
  request.y = std::get<HyperAxis>(parseHyperAxis(y, request.settings.optimizer));
  return request;
}

std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

// What `gradscape trace` computes for one run: a Runner with one RunSpec, stepped `steps` times.
void expectSameAsRunner(const MapRequest& request, const MapPixel& pixel, Vec2 start,
                        const Optimizer& optimizer) {
  Runner runner(request.surface, start);
  runner.addRun(
      RunSpec{"", optimizer, request.settings.schedule, request.settings.batchSize, request.settings.seed});
  runner.step(request.settings.steps);
  const Run& run = runner.run(0);
  EXPECT_EQ(bits(run.point().x), bits(pixel.run.end.x));
  EXPECT_EQ(bits(run.point().y), bits(pixel.run.end.y));
  EXPECT_EQ(run.status(), pixel.run.status);
  EXPECT_EQ(run.statusStep(), pixel.run.statusStep);
  ASSERT_FALSE(run.losses().empty());
  EXPECT_EQ(bits(run.losses().back()), bits(pixel.run.loss));
}

void expectRandomPixelsMatchRunner(const MapRequest& request, int count) {
  MapJob job(request, 2);
  job.wait();
  const MapResult result = job.snapshot();
  ASSERT_TRUE(result.complete);
  std::mt19937 random(12345);
  for (int i = 0; i < count; ++i) {
    const int px = static_cast<int>(random() % static_cast<unsigned>(request.width));
    const int py = static_cast<int>(random() % static_cast<unsigned>(request.height));
    SCOPED_TRACE(testing::Message() << "pixel " << px << "," << py);
    const Vec2 start = request.kind == MapKind::Basin ? basinStart(request, px, py) : request.start;
    expectSameAsRunner(request, result.at(px, py), start, pixelOptimizer(request, px, py));
  }
}

TEST(BasinMap, RandomPixelsAreTheRunnersTrajectoryBitForBit) {
  const MapRequest request =
      basinRequest(surfaceNamed("himmelblau"), settingsOf("adam:lr=0.05", 120), 48, 40);
  expectRandomPixelsMatchRunner(request, 25);
}

// f = x^2 + y^2, counting its gradient evaluations.
class CountingBowl final : public Evaluator {
 public:
  double value(Vec2 p) const override { return p.x * p.x + p.y * p.y; }
  ValueGrad valueGrad(Vec2 p) const override {
    ++calls;
    return {value(p), {2 * p.x, 2 * p.y}};
  }
  ValueGradHessian valueGradHessian(Vec2 p) const override {
    return {value(p), {2 * p.x, 2 * p.y}, {2, 0, 2}};
  }
  mutable int calls = 0;
};

TEST(PixelRun, EvaluatesEachPointOnceAsTheRunnerDoes) {
  auto bowl = std::make_shared<CountingBowl>();
  Surface surface;
  surface.evaluator = bowl;
  surface.domain = {-1, 1, -1, 1};
  PixelSettings settings = settingsOf("sgd:lr=0.1", 10);
  const PixelRun run = runPixel(surface, settings.optimizer, settings, {0.5, -0.25});
  EXPECT_EQ(bowl->calls, 11);  // the start and each of the 10 new points, once
  bowl->calls = 0;
  Runner runner(surface, {0.5, -0.25});
  runner.addRun(RunSpec{"", settings.optimizer, settings.schedule, 0, 1});
  runner.step(10);
  EXPECT_EQ(bowl->calls, 11);
  EXPECT_EQ(bits(runner.run(0).point().x), bits(run.end.x));
  EXPECT_EQ(bits(runner.run(0).point().y), bits(run.end.y));
}

// The batch path of basin maps: every lane, with its trace, is runPixel() from that start bit for bit,
// including lanes that diverge part way (frozen there) and a count of starts that is no multiple of the
// lane width.
TEST(PixelRun, BatchLanesAreRunPixelBitForBit) {
  const std::pair<const char*, const char*> cases[] = {{"himmelblau", "adam:lr=0.05"},
                                                       {"rosenbrock", "sgd:lr=0.01"},
                                                       {"himmelblau", "momentum:lr=0.02"},
                                                       {"rosenbrock", "rmsprop:lr=0.01"},
                                                       {"himmelblau", "nesterov:lr=0.01"}};
  for (const auto& [surfaceName, optimizerText] : cases) {
    SCOPED_TRACE(testing::Message() << surfaceName << " " << optimizerText);
    const Surface surface = surfaceNamed(surfaceName);
    const PixelSettings settings = settingsOf(optimizerText, 90);
    std::vector<Vec2> starts;
    std::mt19937 random(7);
    std::uniform_real_distribution<double> coordinate(-4.5, 4.5);
    for (int i = 0; i < 37; ++i) starts.push_back({coordinate(random), coordinate(random)});
    starts.push_back({std::nan(""), 0.0});  // an undefined start among defined ones
    std::vector<PixelRun> runs;
    BatchTrace traces;
    runPixelsBatch(surface, settings.optimizer, settings, starts, runs, traces);
    ASSERT_EQ(runs.size(), starts.size());
    int diverged = 0;
    for (std::size_t i = 0; i < starts.size(); ++i) {
      SCOPED_TRACE(testing::Message() << "lane " << i);
      PixelTrace trace;
      const PixelRun alone = runPixel(surface, settings.optimizer, settings, starts[i], &trace);
      EXPECT_EQ(bits(alone.end.x), bits(runs[i].end.x));
      EXPECT_EQ(bits(alone.end.y), bits(runs[i].end.y));
      EXPECT_EQ(bits(alone.loss), bits(runs[i].loss));
      EXPECT_EQ(alone.status, runs[i].status);
      EXPECT_EQ(alone.statusStep, runs[i].statusStep);
      EXPECT_EQ(alone.stepsTaken, runs[i].stepsTaken);
      EXPECT_EQ(alone.undefinedStart, runs[i].undefinedStart);
      ASSERT_EQ(trace.points.size(),
                static_cast<std::size_t>(runs[i].stepsTaken) + (alone.undefinedStart ? 0 : 1));
      for (std::size_t k = 0; k < trace.points.size(); ++k) {
        const auto step = static_cast<std::int64_t>(k);
        EXPECT_EQ(bits(trace.points[k].x), bits(traces.point(i, step).x));
        EXPECT_EQ(bits(trace.points[k].y), bits(traces.point(i, step).y));
        EXPECT_EQ(bits(trace.losses[k]), bits(traces.loss(i, step)));
      }
      if (alone.status == RunStatus::Diverged && !alone.undefinedStart) ++diverged;
    }
    EXPECT_TRUE(runs.back().undefinedStart);
    if (std::string_view(optimizerText) == "sgd:lr=0.01") {
      EXPECT_GT(diverged, 0);
    }
  }
}

// Every pixel of a map computed row by row in batches (the batch kernel's lanes, the steps each took to
// come close read back from the row's trace) is what computeMapPixel gives from its own path kept point
// by point: end, loss, status, kind, minimum and the step it came that close.
void expectEveryPixelAsComputeMapPixel(const MapRequest& request, std::map<EndKind, int>& kinds) {
  const MapResult result = computeMap(request);
  PixelTrace trace;
  for (int py = 0; py < request.height; ++py)
    for (int px = 0; px < request.width; ++px) {
      SCOPED_TRACE(testing::Message() << "pixel " << px << "," << py);
      const MapPixel expected = computeMapPixel(request, px, py, trace);
      const MapPixel& pixel = result.at(px, py);
      EXPECT_EQ(bits(expected.run.end.x), bits(pixel.run.end.x));
      EXPECT_EQ(bits(expected.run.end.y), bits(pixel.run.end.y));
      EXPECT_EQ(bits(expected.run.loss), bits(pixel.run.loss));
      EXPECT_EQ(expected.run.status, pixel.run.status);
      EXPECT_EQ(expected.run.statusStep, pixel.run.statusStep);
      EXPECT_EQ(expected.run.stepsTaken, pixel.run.stepsTaken);
      EXPECT_EQ(expected.kind, pixel.kind);
      if (expected.kind != EndKind::Cluster) {  // cluster numbers come from finishMap
        EXPECT_EQ(expected.index, pixel.index);
      }
      EXPECT_EQ(expected.closeStep, pixel.closeStep);
      ++kinds[pixel.kind];
    }
}

TEST(BasinMap, BatchRowsClassifyEveryPixelAsThePixelByPixelPath) {
  std::map<EndKind, int> kinds;
  // Adam stopped early: runs at a minimum beside runs still moving.
  expectEveryPixelAsComputeMapPixel(
      basinRequest(surfaceNamed("himmelblau"), settingsOf("adam:lr=0.05", 45), 23, 19), kinds);
  EXPECT_GT(kinds[EndKind::Minimum], 0);
  EXPECT_GT(kinds[EndKind::Moving], 0);
  // Runs that diverge part way beside runs that reach rosenbrock's minimum or still move.
  kinds.clear();
  expectEveryPixelAsComputeMapPixel(
      basinRequest(surfaceNamed("rosenbrock"), settingsOf("sgd:lr=0.0015", 400), 17, 13), kinds);
  EXPECT_GT(kinds[EndKind::Diverged], 0);
  EXPECT_GT(kinds[EndKind::Minimum] + kinds[EndKind::Moving], 0);
  // No listed minima: the ends form clusters.
  kinds.clear();
  auto custom = makeCustomSurface("(x^2 - 1)^2 + y^2", {-2, 2, -2, 2});
  ASSERT_TRUE(custom.surface);
  expectEveryPixelAsComputeMapPixel(basinRequest(*custom.surface, settingsOf("sgd:lr=0.05", 200), 15, 11),
                                    kinds);
  EXPECT_GT(kinds[EndKind::Cluster], 0);
}

TEST(BasinMap, DataSurfacePixelsDrawTheMinibatchesOfTheSeed) {
  const MapRequest request =
      basinRequest(surfaceNamed("logistic_regression"), settingsOf("sgd:lr=0.5", 60, 4, 7), 24, 24);
  expectRandomPixelsMatchRunner(request, 10);
}

TEST(BasinMap, DivergingPixelsMatchTheRunnersDivergenceStep) {
  const MapRequest request = basinRequest(surfaceNamed("rosenbrock"), settingsOf("sgd:lr=0.01", 80), 32, 32);
  const MapResult result = computeMap(request);
  const auto diverged = std::count_if(result.pixels.begin(), result.pixels.end(),
                                      [](const MapPixel& p) { return p.kind == EndKind::Diverged; });
  EXPECT_GT(diverged, 0);  // lr 0.01 is too large on rosenbrock's steep walls
  expectRandomPixelsMatchRunner(request, 25);
}

TEST(HyperMap, RandomPixelsAreTheRunnersTrajectoryBitForBit) {
  MapRequest request =
      hyperRequest("rosenbrock", "momentum", 150, 30, 20, "lr:1e-5:1e-2:log", "momentum:0:0.99");
  ASSERT_FALSE(checkMapRequest(request).has_value());
  expectRandomPixelsMatchRunner(request, 25);
}

// A hyperparameter map of a built-in steps each row as the bundled program's batch (each pixel its own
// values); random pixels are still `gradscape trace` of the built-in, bit for bit.
TEST(HyperMap, BuiltinAdamPixelsAreTheRunnersTrajectoryBitForBit) {
  MapRequest request = hyperRequest("himmelblau", "adam", 200, 24, 18, "lr:1e-4:1:log", "beta1:0:0.99");
  ASSERT_FALSE(checkMapRequest(request).has_value());
  expectRandomPixelsMatchRunner(request, 25);
}

TEST(HyperMap, BuiltinMomentumOnTheQuadraticPixelsAreTheRunnersTrajectoryBitForBit) {
  MapRequest request = hyperRequest("quadratic", "momentum", 300, 32, 24, "lr:1e-4:1:log", "momentum:0:0.99");
  ASSERT_FALSE(checkMapRequest(request).has_value());
  expectRandomPixelsMatchRunner(request, 25);
}

// Every pixel of a built-in's hyperparameter map (rows stepped as program batches) is what runPixel of
// the built-in gives pixel by pixel, also where a row mixes programs (momentum 0 is sgd.gso, the rest
// momentum.gso), pixels with no program form (sgd with weight decay goes pixel by pixel), a schedule,
// diverging pixels and the steps metric.
TEST(HyperMap, BuiltinRowsInProgramBatchesAreEveryPixelAsRunPixel) {
  struct Case {
    const char* surface;
    const char* optimizer;
    const char* x;
    const char* y;
    std::int64_t steps;
    bool stepsMetric = false;
    bool schedule = false;
  };
  const Case cases[] = {
      {"quadratic", "momentum", "lr:1e-3:3:log", "momentum:0:0.99", 150},
      {"himmelblau", "adam", "lr:1e-3:1:log", "beta1:0:0.99", 120},
      {"rosenbrock", "adam:amsgrad=true", "beta2:0.5:0.9999", "eps:1e-10:1e-2:log", 80},
      {"rosenbrock", "sgd", "lr:1e-4:1e-2:log", "weight_decay:0:0.1", 60},
      {"himmelblau", "nesterov", "lr:1e-4:0.1:log", "momentum:0.5:0.95", 100, false, true},
      {"quadratic", "rmsprop", "lr:1e-3:0.5:log", "alpha:0.5:0.99", 100, true},
      {"himmelblau", "lion", "lr:1e-4:0.1:log", "beta2:0.5:0.999", 90},
      {"himmelblau", "adagrad", "lr:1e-2:3:log", "lr_decay:0:0.1", 90},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.optimizer << " " << c.x << " x " << c.y << " on " << c.surface);
    MapRequest request = hyperRequest(c.surface, c.optimizer, c.steps, 13, 9, c.x, c.y);
    if (c.stepsMetric) {
      request.metric = HyperMetric::StepsToTolerance;
      request.lossTolerance = 1e-4;
    }
    if (c.schedule) request.settings.schedule = std::get<Schedule>(Schedule::parse("cosine:total=50"));
    ASSERT_FALSE(checkMapRequest(request).has_value());
    std::map<EndKind, int> kinds;
    expectEveryPixelAsComputeMapPixel(request, kinds);
  }
}

TEST(MapJob, TheBackgroundCoarseToFineMapEqualsTheSequentialOne) {
  const MapRequest request =
      basinRequest(surfaceNamed("himmelblau"), settingsOf("momentum:lr=0.005", 60), 37, 45);
  const MapResult sequential = computeMap(request);
  MapJob job(request, 3);
  job.wait();
  const MapResult background = job.snapshot();
  ASSERT_TRUE(background.complete);
  EXPECT_EQ(job.progress(), 1.0);
  ASSERT_EQ(background.pixels.size(), sequential.pixels.size());
  for (std::size_t i = 0; i < sequential.pixels.size(); ++i) {
    const MapPixel& a = sequential.pixels[i];
    const MapPixel& b = background.pixels[i];
    ASSERT_TRUE(b.computed) << i;
    EXPECT_EQ(bits(a.run.end.x), bits(b.run.end.x)) << i;
    EXPECT_EQ(bits(a.run.end.y), bits(b.run.end.y)) << i;
    EXPECT_EQ(a.kind, b.kind) << i;
    EXPECT_EQ(a.index, b.index) << i;
    EXPECT_EQ(a.closeStep, b.closeStep) << i;
  }
}

// The Maps panel waits for the coarsest level in the frame of a change: when waitForCoarse returns true
// that level is whole in the snapshot (every 8th pixel computed), while finer ones may still be missing.
TEST(MapJob, WaitForCoarseReturnsWithTheCoarsestLevelWhole) {
  const MapRequest request =
      basinRequest(surfaceNamed("himmelblau"), settingsOf("adam:lr=0.05", 2000), 256, 256);
  MapJob job(request, 2);
  ASSERT_TRUE(job.waitForCoarse(std::chrono::seconds(60)));
  const MapResult coarse = job.snapshot();
  ASSERT_GT(coarse.stride, 0);
  for (int py = 0; py < request.height; py += 8)
    for (int px = 0; px < request.width; px += 8)
      ASSERT_TRUE(coarse.pixels[static_cast<std::size_t>(py) * 256 + static_cast<std::size_t>(px)].computed)
          << px << ", " << py;
  job.cancel();
}

TEST(MapJob, WithOneActiveWorkerTheMapStillCompletesTheSame) {
  const MapRequest request = basinRequest(surfaceNamed("himmelblau"), settingsOf("adam:lr=0.05", 40), 40, 40);
  MapJob job(request, 3);
  job.setActiveWorkers(1);
  job.wait();
  const MapResult paused = job.snapshot();
  ASSERT_TRUE(paused.complete);
  const MapResult sequential = computeMap(request);
  for (std::size_t i = 0; i < sequential.pixels.size(); ++i)
    EXPECT_EQ(bits(paused.pixels[i].run.end.x), bits(sequential.pixels[i].run.end.x)) << i;
}

TEST(MapJob, CancelStopsTheWorkersAndKeepsWhatWasDone) {
  const MapRequest request = basinRequest(surfaceNamed("rosenbrock"), settingsOf("adam", 100000), 512, 512);
  MapJob job(request, 2);
  job.cancel();
  job.wait();
  EXPECT_TRUE(job.done());
  EXPECT_TRUE(job.cancelled());
  EXPECT_LT(job.progress(), 1.0);
  EXPECT_FALSE(job.snapshot().complete);
}

// A change of settings restarts the job on the new request: its map is the new one, computed whole.
TEST(MapJob, RestartComputesTheNewRequestFromScratch) {
  const MapRequest first = basinRequest(surfaceNamed("rosenbrock"), settingsOf("adam", 20000), 256, 256);
  const MapRequest second = basinRequest(surfaceNamed("himmelblau"), settingsOf("adam:lr=0.05", 40), 24, 20);
  MapJob job(first, 2);
  const std::uint64_t before = job.version();
  job.restart(second);
  EXPECT_GT(job.version(), before);
  EXPECT_EQ(job.request().width, 24);
  while (!job.waitFor(std::chrono::milliseconds(20))) {
  }
  EXPECT_TRUE(job.done());
  EXPECT_FALSE(job.cancelled());
  EXPECT_EQ(job.progress(), 1.0);
  const MapResult restarted = job.snapshot();
  const MapResult sequential = computeMap(second);
  ASSERT_TRUE(restarted.complete);
  ASSERT_EQ(restarted.pixels.size(), sequential.pixels.size());
  for (std::size_t i = 0; i < sequential.pixels.size(); ++i) {
    EXPECT_EQ(bits(restarted.pixels[i].run.end.x), bits(sequential.pixels[i].run.end.x)) << i;
    EXPECT_EQ(restarted.pixels[i].kind, sequential.pixels[i].kind) << i;
  }
}

TEST(MapJob, WaitForTimesOutWhileTheMapIsComputed) {
  const MapRequest request = basinRequest(surfaceNamed("rosenbrock"), settingsOf("adam", 20000), 256, 256);
  MapJob job(request, 1);
  EXPECT_FALSE(job.waitFor(std::chrono::milliseconds(5)));
  EXPECT_FALSE(job.done());
  job.cancel();
  EXPECT_TRUE(job.waitFor(std::chrono::seconds(60)));
}

TEST(BasinMap, AdamOnHimmelblauReachesAllFourMinimaFromNearlyEveryStart) {
  const MapRequest request =
      basinRequest(surfaceNamed("himmelblau"), settingsOf("adam:lr=0.05", 300), 64, 64);
  const MapResult result = computeMap(request);
  std::set<int> reached;
  int onMinimum = 0;
  for (const auto& pixel : result.pixels)
    if (pixel.kind == EndKind::Minimum) {
      ++onMinimum;
      reached.insert(pixel.index);
      EXPECT_GE(pixel.closeStep, 0);
      EXPECT_LE(pixel.closeStep, 300);
    }
  EXPECT_GT(onMinimum, 64 * 64 * 95 / 100);
  EXPECT_EQ(reached, (std::set<int>{0, 1, 2, 3}));
}

TEST(BasinMap, ASurfaceWithoutListedMinimaGetsClustersOfEndPoints) {
  auto custom = makeCustomSurface("(x^2 - 1)^2 + y^2", {-2, 2, -2, 2});
  ASSERT_TRUE(custom.surface);
  const MapRequest request = basinRequest(*custom.surface, settingsOf("sgd:lr=0.05", 400), 20, 20);
  const MapResult result = computeMap(request);
  ASSERT_EQ(result.clusters.size(), 2u);  // the minima (+-1, 0); no pixel centre lies on the ridge x = 0
  EXPECT_NEAR(std::fabs(result.clusters[0].x), 1.0, 1e-6);
  EXPECT_NEAR(result.clusters[0].x, -result.clusters[1].x, 1e-6);
  int clustered = 0;
  for (const auto& pixel : result.pixels) {
    if (pixel.kind != EndKind::Cluster) continue;
    ++clustered;
    EXPECT_LE(norm(result.clusters[static_cast<std::size_t>(pixel.index)] - pixel.run.end), result.closeness);
  }
  EXPECT_EQ(clustered, 400);
}

TEST(BasinMap, NanRegionsAreMarkedAndTheMapGoesOn) {
  auto custom = makeCustomSurface("sqrt(x) + y^2", {-1, 1, -1, 1});
  ASSERT_TRUE(custom.surface);
  MapRequest request = basinRequest(*custom.surface, settingsOf("sgd:lr=0.01", 20), 16, 8);
  const MapResult result = computeMap(request);
  for (int py = 0; py < 8; ++py)
    for (int px = 0; px < 16; ++px) {
      const MapPixel& pixel = result.at(px, py);
      if (basinStart(request, px, py).x < 0.0)
        EXPECT_EQ(pixel.kind, EndKind::Undefined) << px << "," << py;
      else
        EXPECT_NE(pixel.kind, EndKind::Undefined) << px << "," << py;
    }
}

// The computed heavy-ball map against the theory: converging (f falls below its start value without
// diverging) exactly where 0 < lr lambda < 2 + 2 beta for both eigenvalues (here 1 and 0.1).
TEST(HyperMap, HeavyBallOnTheQuadraticAgreesWithTheStabilityBound) {
  MapRequest request =
      hyperRequest("quadratic", "momentum", 600, 120, 100, "lr:0.05:6:lin", "momentum:0:0.99");
  ASSERT_FALSE(checkMapRequest(request).has_value());
  const auto model = localQuadratic(request.surface, request.start);
  ASSERT_TRUE(model);
  EXPECT_NEAR(model->largest, 1.0, 1e-12);
  EXPECT_NEAR(model->smallest, 0.1, 1e-12);
  const double startGap = request.surface.evaluator->value(request.start) - 0.0;
  MapJob job(request);
  job.wait();
  const MapResult result = job.snapshot();
  int agree = 0, convergent = 0;
  for (int py = 0; py < request.height; ++py)
    for (int px = 0; px < request.width; ++px) {
      const MapPixel& pixel = result.at(px, py);
      const bool computedConverges =
          pixel.kind != EndKind::Diverged && pixel.run.loss - result.fStar < startGap;
      const Vec2 values = hyperValues(request, px, py);
      const bool theory = heavyBallConverges(values.x, values.y, model->largest, model->smallest);
      agree += computedConverges == theory;
      convergent += theory;
    }
  const int pixels = request.width * request.height;
  EXPECT_GE(agree, pixels * 995 / 1000) << agree << " of " << pixels;
  std::printf("heavy-ball map: %d of %d pixels agree with the bound\n", agree, pixels);
  EXPECT_GT(convergent, pixels / 4);  // the bound runs through the map, not past it
  EXPECT_LT(convergent, pixels * 3 / 4);
}

TEST(HyperMap, StepsMetricCountsTheStepsToTheTolerance) {
  MapRequest request = basinRequest(surfaceNamed("quadratic"), settingsOf("momentum", 400), 8, 8);
  request.kind = MapKind::Hyper;
  request.metric = HyperMetric::StepsToTolerance;
  request.lossTolerance = 1e-8;
  request.x = {"lr", 0.1, 1.5, false};
  request.y = {"momentum", 0.0, 0.9, false};
  ASSERT_FALSE(checkMapRequest(request).has_value());
  const MapResult result = computeMap(request);
  // The run at (px, py), stepped one step short of its count, is still above the tolerance.
  const MapPixel& pixel = result.at(5, 3);
  ASSERT_GT(pixel.closeStep, 0);
  MapRequest shorter = request;
  shorter.settings.steps = pixel.closeStep - 1;
  const PixelRun before =
      runPixel(request.surface, pixelOptimizer(request, 5, 3), shorter.settings, request.start);
  EXPECT_GT(before.loss - result.fStar, 1e-8);
  shorter.settings.steps = pixel.closeStep;
  const PixelRun at =
      runPixel(request.surface, pixelOptimizer(request, 5, 3), shorter.settings, request.start);
  EXPECT_LE(at.loss - result.fStar, 1e-8);
  EXPECT_EQ(result.metricValue(pixel, HyperMetric::StepsToTolerance), static_cast<double>(pixel.closeStep));
}

struct BadAxisCase {
  const char* optimizer;
  const char* axis;
  const char* message;  // a part of the one-line error
};

class BadAxis : public testing::TestWithParam<BadAxisCase> {};

TEST_P(BadAxis, IsRefusedWithAMessageNamingTheProblem) {
  const auto parsed = parseHyperAxis(GetParam().axis, spec(GetParam().optimizer));
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << GetParam().axis;
  EXPECT_NE(std::get<std::string>(parsed).find(GetParam().message), std::string::npos)
      << std::get<std::string>(parsed);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadAxis,
    testing::Values(BadAxisCase{"adam", "gamma:0:1", "unknown hyperparameter 'gamma' of adam"},
                    BadAxisCase{"adam", "lr:1:0.1", "is inverted"},
                    BadAxisCase{"adam", "lr:0.1:0.1", "is empty"}, BadAxisCase{"adam", "lr:1e-4:nan", "HI:"},
                    BadAxisCase{"adam", "lr:1e-4", "expected NAME:LO:HI"},
                    BadAxisCase{"adam", "lr:1e-4:1000", "leaves lr's domain"},
                    BadAxisCase{"momentum", "momentum:0:0.9:log", "log axis cannot reach 0"},
                    BadAxisCase{"adam", "amsgrad:0:1", "is not a number"},
                    BadAxisCase{"adam", "lr:1e-4:1:cubic", "scale 'cubic'"}));

TEST(HyperAxisValues, RunFromLoToHiAndBackThroughAxisPosition) {
  const HyperAxis lr{"lr", 1e-4, 1.0, true};
  EXPECT_EQ(axisValue(lr, 0, 5), 1e-4);
  EXPECT_EQ(axisValue(lr, 4, 5), 1.0);
  EXPECT_NEAR(axisValue(lr, 2, 5), 1e-2, 1e-17);
  EXPECT_NEAR(axisPosition(lr, 1e-3, 5), 1.0, 1e-12);
  const HyperAxis momentum{"momentum", 0.0, 0.9, false};
  EXPECT_NEAR(axisValue(momentum, 1, 4), 0.3, 1e-16);
  EXPECT_NEAR(axisPosition(momentum, 0.45, 4), 1.5, 1e-12);
}

TEST(MapRequestCheck, SizesStepsAndDuplicateAxesAreRefused) {
  MapRequest request = basinRequest(surfaceNamed("himmelblau"), settingsOf("adam", 10), 0, 10);
  EXPECT_NE(checkMapRequest(request).value_or("").find("--size"), std::string::npos);
  request.width = 4097;
  EXPECT_NE(checkMapRequest(request).value_or("").find("--size"), std::string::npos);
  request.width = 10;
  request.settings.steps = 1'000'001;
  EXPECT_NE(checkMapRequest(request).value_or("").find("--steps"), std::string::npos);
  request.settings.steps = 10;
  request.range = {1, -1, 0, 1};
  EXPECT_NE(checkMapRequest(request).value_or("").find("--range"), std::string::npos);
  request.range = request.surface.domain;
  EXPECT_FALSE(checkMapRequest(request).has_value());
  request.kind = MapKind::Hyper;
  request.x = {"lr", 1e-3, 1, true};
  request.y = {"lr", 1e-3, 1, true};
  EXPECT_NE(checkMapRequest(request).value_or("").find("--y: the same"), std::string::npos);
  request.y = {"beta1", 0, 0.99, false};
  EXPECT_FALSE(checkMapRequest(request).has_value());
  request.metric = HyperMetric::StepsToTolerance;
  request.surface = *makeCustomSurface("x^2 + y^2").surface;
  request.start = request.surface.start;
  EXPECT_NE(checkMapRequest(request).value_or("").find("--metric"), std::string::npos);
}

TEST(Theory, EigenDirectionsConditionNumberAndLimits) {
  const LocalQuadratic model = quadraticModel({3.0, 1.0, 3.0});  // eigenvalues 4 along (1,1), 2 along (1,-1)
  EXPECT_DOUBLE_EQ(model.largest, 4.0);
  EXPECT_DOUBLE_EQ(model.smallest, 2.0);
  EXPECT_NEAR(std::fabs(dot(model.largestDirection, Vec2{1, 1})) / std::sqrt(2.0), 1.0, 1e-15);
  EXPECT_NEAR(dot(model.largestDirection, model.smallestDirection), 0.0, 1e-15);
  const Vec2 hv = model.hessian * model.smallestDirection;
  EXPECT_NEAR(hv.x, 2.0 * model.smallestDirection.x, 1e-14);
  EXPECT_NEAR(hv.y, 2.0 * model.smallestDirection.y, 1e-14);
  EXPECT_DOUBLE_EQ(model.conditionNumber(), 2.0);
  EXPECT_DOUBLE_EQ(*model.gradientDescentLimit(), 0.5);
  EXPECT_DOUBLE_EQ(*model.heavyBallLimit(0.5), 0.75);
  EXPECT_FALSE(quadraticModel({1.0, 0.0, -1.0}).convex());
  EXPECT_TRUE(std::isinf(quadraticModel({1.0, 0.0, -1.0}).conditionNumber()));
}

TEST(Theory, PolyakOptimumAndGradientDescentOptimum) {
  const auto heavy = optimalHeavyBall(1.0, 0.01);
  ASSERT_TRUE(heavy);
  EXPECT_DOUBLE_EQ(heavy->lr, 4.0 / (1.1 * 1.1));
  EXPECT_NEAR(heavy->momentum, (0.9 / 1.1) * (0.9 / 1.1), 1e-15);
  EXPECT_NEAR(heavy->rate, 0.9 / 1.1, 1e-15);
  EXPECT_TRUE(heavyBallConverges(heavy->lr, heavy->momentum, 1.0, 0.01));
  const auto gd = optimalGradientDescent(1.0, 0.01);
  ASSERT_TRUE(gd);
  EXPECT_DOUBLE_EQ(gd->lr, 2.0 / 1.01);
  EXPECT_FALSE(optimalHeavyBall(1.0, -0.5));
}

TEST(Theory, OptimalHeavyBallBeatsGradientDescentOnTheQuadraticSurface) {
  const Surface quadratic = surfaceNamed("quadratic");
  const auto heavy = optimalHeavyBall(1.0, 0.1);
  const auto gd = optimalGradientDescent(1.0, 0.1);
  PixelSettings settings = settingsOf("momentum", 60);
  settings.optimizer.setParam("lr", heavy->lr);
  settings.optimizer.setParam("momentum", heavy->momentum);
  const double heavyLoss = runPixel(quadratic, settings.optimizer, settings, quadratic.start).loss;
  settings.optimizer.setParam("lr", gd->lr);
  settings.optimizer.setParam("momentum", 0.0);
  const double gdLoss = runPixel(quadratic, settings.optimizer, settings, quadratic.start).loss;
  EXPECT_LT(heavyLoss, gdLoss * 1e-3);
}

TEST(Theory, ExplainsADivergenceInTermsOfLrTimesL) {
  const LocalQuadratic model = quadraticModel({1.0, 0.0, 0.1});
  const auto why = explainInstability(model, 3.1);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("lr x L = 3.1 > 2"), std::string::npos) << *why;
  EXPECT_NE(why->find("overshoots"), std::string::npos) << *why;
  const auto withMomentum = explainInstability(model, 3.1, 0.5);
  ASSERT_TRUE(withMomentum);
  EXPECT_NE(withMomentum->find("2 + 2 x momentum = 3"), std::string::npos) << *withMomentum;
  EXPECT_FALSE(explainInstability(model, 1.9));
  EXPECT_FALSE(explainInstability(model, 3.1, 0.6));  // 3.1 < 2 + 2 x 0.6
  const auto saddle = explainInstability(quadraticModel({1.0, 0.0, -2.0}), 0.1);
  ASSERT_TRUE(saddle);
  EXPECT_NE(saddle->find("negative"), std::string::npos);
}

TEST(Theory, TheGradientDescentLimitIsWhereTheRunnerStartsToDiverge) {
  const Surface quadratic = surfaceNamed("quadratic");
  const auto model = localQuadratic(quadratic, quadratic.start);
  PixelSettings settings = settingsOf("sgd", 2000);
  settings.optimizer.setParam("lr", *model->gradientDescentLimit() * 0.99);
  EXPECT_NE(runPixel(quadratic, settings.optimizer, settings, quadratic.start).status, RunStatus::Diverged);
  settings.optimizer.setParam("lr", *model->gradientDescentLimit() * 1.01);
  const PixelRun run = runPixel(quadratic, settings.optimizer, settings, quadratic.start);
  EXPECT_EQ(run.status, RunStatus::Diverged);
}

TEST(Tune, FindsAStableLearningRateNearTheTheoryOnTheQuadratic) {
  TuneRequest request;
  request.surface = surfaceNamed("quadratic");
  request.settings = settingsOf("sgd", 50);
  request.threads = 2;
  const TuneResult result = tune(request);
  ASSERT_EQ(result.best.size(), 1u);
  // Below the stability limit 2/L = 2 and above 1 (a small lr is slow along mu = 0.1).
  EXPECT_GT(result.best[0], 1.0);
  EXPECT_LT(result.best[0], 2.0);
  // The reported loss is the one a run with these settings reaches.
  PixelSettings settings = request.settings;
  settings.optimizer.setParam("lr", result.best[0]);
  const Surface& surface = request.surface;
  EXPECT_EQ(runPixel(surface, settings.optimizer, settings, surface.start).loss - result.fStar,
            result.bestLoss);
  for (const auto& trial : result.trials) EXPECT_GE(trial.meanLoss - result.fStar, result.bestLoss);
}

TEST(Tune, TwoHyperparametersAndSeveralStarts) {
  TuneRequest request;
  request.surface = surfaceNamed("quadratic");
  request.settings = settingsOf("momentum", 40);
  request.axes = {{"lr", 1e-3, 4.0, true}, {"momentum", 0.0, 0.95, false}};
  request.starts = 4;
  ASSERT_FALSE(checkTuneRequest(request).has_value());
  const TuneResult result = tune(request);
  ASSERT_EQ(result.best.size(), 2u);
  EXPECT_TRUE(heavyBallConverges(result.best[0], result.best[1], 1.0, 0.1));
  EXPECT_GT(result.best[1], 0.2);  // momentum helps at condition number 10
  EXPECT_EQ(tuneStarts(request.surface, 4).front().x, request.surface.start.x);
  request.starts = 0;
  EXPECT_NE(checkTuneRequest(request).value_or("").find("--starts"), std::string::npos);
}

}  // namespace
}  // namespace gs
