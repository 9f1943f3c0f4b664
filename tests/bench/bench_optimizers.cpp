// Nanoseconds per optimizer step (one Optimizer::step, including its f/gradient evaluations) on the
// built-in Rosenbrock and on the same formula typed as a custom surface. Goal: a first-order step on a
// built-in surface under 20 ns.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "optimizer.hpp"
#include "surface.hpp"

namespace {

void stepLoop(benchmark::State& bench, const gs::Surface& surface, const std::string& name) {
  gs::Optimizer optimizer = *gs::Optimizer::create(name);
  // SGD-type defaults (lr 0.01) diverge on Rosenbrock from its start; 1e-4 keeps them on the surface, so
  // the figure is a step, not a restart.
  if (optimizer.param("lr") >= 0.01 &&
      (name == "sgd" || name == "momentum" || name == "nesterov" || name == "qhm")) {
    optimizer.setParam("lr", 1e-4);
  }
  gs::Oracle oracle(*surface.evaluator);
  gs::Vec2 x = surface.start;
  for (auto _ : bench) {
    x = optimizer.step(x, oracle);
    benchmark::DoNotOptimize(x);
    // Keep every run in the domain's neighbourhood: a diverging run restarts (rarely taken branch).
    if (!(std::fabs(x.x) < 10.0 && std::fabs(x.y) < 10.0)) {
      x = surface.start;
      optimizer.resetState();
    }
  }
  bench.SetItemsProcessed(bench.iterations());
}

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

const int kRegistered = [] {
  for (const std::string& name : gs::Optimizer::names()) {
    benchmark::RegisterBenchmark(("optimizer_step/rosenbrock/" + name).c_str(), BM_StepBuiltin, name);
    benchmark::RegisterBenchmark(("optimizer_step/custom_rosenbrock/" + name).c_str(), BM_StepCustom, name);
  }
  return 0;
}();

}  // namespace
