// Nanoseconds per optimizer step (one Optimizer::step, including its f/gradient evaluations) on the
// built-in Rosenbrock and on the same formula typed as a custom surface. Goal: a first-order step on a
// built-in surface under 20 ns.
//
// Two figures per optimizer, and a plain loop for two of them:
// - optimizer_step/...: one run, each step waiting for the one before (x_{t+1} needs x_t), so the figure is
//   the latency of the whole dependency chain: gradient, moments, square root, divisions, move.
// - optimizer_lockstep/...: kLockstep independent runs of the optimizer stepped in turn, as the runner
//   steps the app's runs in lockstep; the figure is the time per step when steps of different runs can
//   overlap in the CPU, i.e. what one more run or one more step costs the app.
// - optimizer_plain/...: one run of the same rule written out as a plain loop of locals, without gradscape
//   (BM_PlainSgd, BM_PlainAdam).
// - latency/...: one double-precision add, multiply, division or square root waiting for the last.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

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

// A plain loop beside optimizer_step: one run on Rosenbrock with everything gradscape adds taken away (no
// dispatch, no oracle, no terms, no state in memory), the gradient written out and torch's arithmetic in
// locals. Each step still waits for the one before, so this is what the update's own arithmetic costs one
// run written the obvious way; the difference from optimizer_step is what gradscape's machinery adds.
// For Adam the chain holds a square root and two divisions, the slowest instructions a CPU has.
void rosenbrockGradient(double x, double y, double& gx, double& gy) {
  const double inner = y - x * x;
  gx = -2.0 * (1.0 - x) - 400.0 * x * inner;
  gy = 200.0 * inner;
}

void BM_PlainSgd(benchmark::State& bench) {
  const double lr = 1e-4;
  double x = -1.2, y = 1.0, gx, gy;
  for (auto _ : bench) {
    rosenbrockGradient(x, y, gx, gy);
    x = x + -lr * gx;  // torch: param.add_(grad, alpha=-lr)
    y = y + -lr * gy;
  }
  benchmark::DoNotOptimize(x);
  benchmark::DoNotOptimize(y);
  bench.SetItemsProcessed(bench.iterations());
}
BENCHMARK(BM_PlainSgd)->Name("optimizer_plain/rosenbrock/sgd");

void BM_PlainAdam(benchmark::State& bench) {
  const double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double x = -1.2, y = 1.0, gx, gy, mx = 0, my = 0, vx = 0, vy = 0, beta1Power = 1, beta2Power = 1;
  for (auto _ : bench) {
    rosenbrockGradient(x, y, gx, gy);
    beta1Power *= beta1;
    beta2Power *= beta2;
    mx = beta1 * mx + (1 - beta1) * gx;
    my = beta1 * my + (1 - beta1) * gy;
    vx = beta2 * vx + (1 - beta2) * (gx * gx);
    vy = beta2 * vy + (1 - beta2) * (gy * gy);
    const double stepSize = lr / (1 - beta1Power);
    const double bias2Sqrt = std::sqrt(1 - beta2Power);
    // torch: denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps);
    //        param.addcdiv_(exp_avg, denom, value=-step_size)
    x = x + -stepSize * (mx / (std::sqrt(vx) / bias2Sqrt + eps));
    y = y + -stepSize * (my / (std::sqrt(vy) / bias2Sqrt + eps));
  }
  benchmark::DoNotOptimize(x);
  benchmark::DoNotOptimize(y);
  bench.SetItemsProcessed(bench.iterations());
}
BENCHMARK(BM_PlainAdam)->Name("optimizer_plain/rosenbrock/adam");

// The latency of one double-precision operation: a chain of them, each waiting for the last. Adam's
// chain holds a square root and two divisions, which puts a floor under one run stepped alone. The
// operand c is -1 (1e-9 for add), hidden from the compiler so that the instruction stays, and the chain
// stays in the normal range however long it runs.
template <class Op>
void latencyChain(benchmark::State& bench, double c, Op op) {
  benchmark::DoNotOptimize(c);
  double x = 1.2345;
  for (auto _ : bench) {
    for (int i = 0; i < 64; ++i) x = op(x, c);
    benchmark::DoNotOptimize(x);
  }
  bench.SetItemsProcessed(bench.iterations() * 64);
  bench.counters["ns_per_op"] = benchmark::Counter(static_cast<double>(bench.iterations() * 64),
                                                   benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
void BM_LatencyAdd(benchmark::State& bench) {
  latencyChain(bench, 1e-9, [](double x, double c) { return x + c; });
}
void BM_LatencyMul(benchmark::State& bench) {
  latencyChain(bench, -1.0, [](double x, double c) { return x * c; });
}
void BM_LatencyDiv(benchmark::State& bench) {
  latencyChain(bench, -1.0, [](double x, double c) { return x / c; });
}
void BM_LatencySqrt(benchmark::State& bench) {
  latencyChain(bench, 0.0, [](double x, double) { return std::sqrt(x); });
}
BENCHMARK(BM_LatencyAdd)->Name("latency/add");
BENCHMARK(BM_LatencyMul)->Name("latency/mul");
BENCHMARK(BM_LatencyDiv)->Name("latency/div");
BENCHMARK(BM_LatencySqrt)->Name("latency/sqrt");

const int kRegistered = [] {
  for (const std::string& name : gs::Optimizer::names()) {
    benchmark::RegisterBenchmark(("optimizer_step/rosenbrock/" + name).c_str(), BM_StepBuiltin, name);
    benchmark::RegisterBenchmark(("optimizer_step/custom_rosenbrock/" + name).c_str(), BM_StepCustom, name);
    benchmark::RegisterBenchmark(("optimizer_lockstep/rosenbrock/" + name).c_str(), BM_LockstepBuiltin, name);
  }
  return 0;
}();

}  // namespace
