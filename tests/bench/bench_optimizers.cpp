// Optimizer steps on the built-in Rosenbrock and on the same formula typed as a custom surface: one run
// stepped alone (Optimizer::step, including its f/gradient evaluations), runs in lockstep as the app steps
// them, and many runs at once in the batch kernel. Goal: Adam's batch run-step at least twice as fast as
// its scalar step (optimizer_lockstep) in the same build.
// - optimizer_step/...: one run, each step waiting for the one before (x_{t+1} needs x_t), so the figure is
//   the latency of the whole dependency chain: gradient, moments, square root, divisions, move.
// - optimizer_lockstep/...: kLockstep independent runs of the optimizer stepped in turn, as the runner
//   steps the app's runs in lockstep; the figure is the time per step when steps of different runs can
//   overlap in the CPU, i.e. what one more run or one more step costs the app.
// - batch/...: kBatchRuns runs stepped as lanes of the widest vectors the CPU has (BatchRuns), 1 or 2
//   threads; ns_per_run_step is the time of one step of one run.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/optim/batch.hpp"
#include "core/optim/optimizer.hpp"
#include "core/runner.hpp"
#include "core/surface/surface.hpp"

namespace {

// The optimizer with its defaults, except that SGD-type defaults (lr 0.01) diverge on Rosenbrock from its
// start: 1e-4 keeps them on the surface, so the figure is a step, not a restart.
gs::Optimizer benchOptimizer(const std::string& name) {
  gs::Optimizer optimizer = *gs::Optimizer::create(name);
  if (optimizer.param("lr") >= 0.01 &&
      (name == "sgd" || name == "momentum" || name == "nesterov" || name == "qhm")) {
    optimizer.setParam("lr", 1e-4);
  }
  return optimizer;
}

void stepLoop(benchmark::State& bench, const gs::Surface& surface, const std::string& name) {
  gs::Optimizer optimizer = benchOptimizer(name);
  gs::Oracle oracle(*surface.evaluator);
  gs::Vec2 x = surface.start;
  for (auto _ : bench) {
    // Each step needs the last one's x, so nothing here can be optimized away: x stays in registers.
    x = optimizer.step(x, oracle);
    // Keep every run in the domain's neighbourhood: a diverging run restarts (rarely taken branch).
    if (!(std::fabs(x.x) < 10.0 && std::fabs(x.y) < 10.0)) [[unlikely]] {
      x = surface.start;
      optimizer.resetState();
    }
  }
  benchmark::DoNotOptimize(x);
  bench.SetItemsProcessed(bench.iterations());
}

constexpr int kLockstep = 8;

void lockstepLoop(benchmark::State& bench, const gs::Surface& surface, const std::string& name) {
  struct Lane {
    gs::Optimizer optimizer;
    gs::Oracle oracle;
    gs::Vec2 x, start;
  };
  std::vector<Lane> lanes;
  for (int i = 0; i < kLockstep; ++i) {
    gs::Optimizer optimizer = benchOptimizer(name);
    // Starts spread a little apart so the runs are genuinely different.
    const gs::Vec2 start{surface.start.x + 0.01 * i, surface.start.y - 0.01 * i};
    lanes.push_back({std::move(optimizer), gs::Oracle(*surface.evaluator), start, start});
  }
  for (auto _ : bench) {
    for (Lane& lane : lanes) {
      lane.x = lane.optimizer.step(lane.x, lane.oracle);
      if (!(std::fabs(lane.x.x) < 10.0 && std::fabs(lane.x.y) < 10.0)) {
        lane.x = lane.start;
        lane.optimizer.resetState();
      }
    }
    benchmark::DoNotOptimize(lanes.data());
  }
  bench.SetItemsProcessed(bench.iterations() * kLockstep);
  bench.counters["ns_per_step"] =
      benchmark::Counter(static_cast<double>(bench.iterations() * kLockstep),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_LockstepBuiltin(benchmark::State& bench, const std::string& name) {
  lockstepLoop(bench, *gs::makeSurface("rosenbrock"), name);
}

// The app's own path: the lockstep runner stepping 8 different optimizers (the bench scene's mix) on
// Rosenbrock, built in or typed as a custom formula, including what the runner adds to each step: the
// full-batch loss and gradient at the new point, divergence and convergence checks, and the (bounded)
// history.
void runnerLoop(benchmark::State& bench, const gs::Surface& surface) {
  gs::Runner runner(surface, gs::Vec2{-1.5, 1.5});
  for (const char* name : {"sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad", "adamw", "nadam"}) {
    gs::Optimizer optimizer = *gs::Optimizer::create(name);
    optimizer.setParam("lr", 1e-4);
    const std::size_t index = runner.addRun(gs::RunSpec{name, std::move(optimizer), gs::Schedule{}, 0, 1});
    runner.run(index).setMaxStoredSteps(4096);
  }
  for (auto _ : bench) {
    runner.step(64);
    benchmark::DoNotOptimize(runner.run(0).point());
  }
  const auto steps = static_cast<double>(bench.iterations()) * 64.0 * static_cast<double>(runner.size());
  bench.SetItemsProcessed(static_cast<std::int64_t>(steps));
  bench.counters["ns_per_step"] =
      benchmark::Counter(steps, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_RunnerStep(benchmark::State& bench) { runnerLoop(bench, *gs::makeSurface("rosenbrock")); }
BENCHMARK(BM_RunnerStep)->Name("runner_step/rosenbrock/8_optimizers");

void BM_RunnerStepCustom(benchmark::State& bench) {
  const gs::CustomSurfaceResult custom = gs::makeCustomSurface("(1 - x)^2 + 100*(y - x^2)^2");
  if (!custom.surface) {
    bench.SkipWithError(custom.error.message.c_str());
    return;
  }
  runnerLoop(bench, *custom.surface);
}
BENCHMARK(BM_RunnerStepCustom)->Name("runner_step/custom_rosenbrock/8_optimizers");

void BM_StepBuiltin(benchmark::State& bench, const std::string& name) {
  stepLoop(bench, *gs::makeSurface("rosenbrock"), name);
}

void BM_StepCustom(benchmark::State& bench, const std::string& name) {
  const gs::CustomSurfaceResult custom = gs::makeCustomSurface("(1 - x)^2 + 100*(y - x^2)^2");
  if (!custom.surface) {
    bench.SkipWithError(custom.error.message.c_str());
    return;
  }
  stepLoop(bench, *custom.surface, name);
}

// The batch kernel (core/optim/batch.hpp): kBatchRuns runs of one optimizer stepped as lanes, 16 steps per
// iteration; the figure is run-steps per second (items_per_second) and the time of one run-step
// (ns_per_run_step), with 1 or 2 threads. Starts spread over a small square around the surface's start.
constexpr int kBatchRuns = 4096;
constexpr int kBatchStepsPerIteration = 16;

void batchLoop(benchmark::State& bench, const gs::Surface& surface, const std::string& name, int threads) {
  std::vector<gs::Vec2> starts;
  for (int i = 0; i < kBatchRuns; ++i) {
    starts.push_back({surface.start.x + 0.001 * (i % 64), surface.start.y - 0.001 * (i / 64)});
  }
  const gs::Optimizer configuration = benchOptimizer(name);
  gs::BatchRuns batch(configuration, *surface.evaluator, starts, threads);
  for (auto _ : bench) {
    batch.step(kBatchStepsPerIteration);
    // A long benchmark would take Adam to the minimum and SGD off the surface; start again every 4096
    // steps (outside the timing) so every figure is of runs on the way.
    if (batch.stepCount() >= 4096) {
      bench.PauseTiming();
      batch = gs::BatchRuns(configuration, *surface.evaluator, starts, threads);
      bench.ResumeTiming();
    }
  }
  const double runSteps = static_cast<double>(bench.iterations()) * kBatchStepsPerIteration * kBatchRuns;
  bench.SetItemsProcessed(static_cast<std::int64_t>(runSteps));
  bench.counters["ns_per_run_step"] =
      benchmark::Counter(runSteps, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  bench.SetLabel(gs::BatchRuns::instructionSet());
}

void BM_BatchBuiltin(benchmark::State& bench, const std::string& name, int threads) {
  batchLoop(bench, *gs::makeSurface("rosenbrock"), name, threads);
}

void BM_BatchCustom(benchmark::State& bench, const std::string& name, int threads) {
  const gs::CustomSurfaceResult custom = gs::makeCustomSurface("(1 - x)^2 + 100*(y - x^2)^2");
  if (!custom.surface) {
    bench.SkipWithError(custom.error.message.c_str());
    return;
  }
  batchLoop(bench, *custom.surface, name, threads);
}

const int kRegistered = [] {
  for (const std::string& name : gs::Optimizer::names()) {
    benchmark::RegisterBenchmark(("optimizer_step/rosenbrock/" + name).c_str(), BM_StepBuiltin, name);
    benchmark::RegisterBenchmark(("optimizer_step/custom_rosenbrock/" + name).c_str(), BM_StepCustom, name);
    benchmark::RegisterBenchmark(("optimizer_lockstep/rosenbrock/" + name).c_str(), BM_LockstepBuiltin, name);
    for (int threads : {1, 2}) {
      const std::string suffix = "/" + name + "/threads:" + std::to_string(threads);
      benchmark::RegisterBenchmark(("batch/rosenbrock" + suffix).c_str(), BM_BatchBuiltin, name, threads)
          ->UseRealTime();
      benchmark::RegisterBenchmark(("batch/custom_rosenbrock" + suffix).c_str(), BM_BatchCustom, name,
                                   threads)
          ->UseRealTime();
    }
  }
  return 0;
}();

}  // namespace
