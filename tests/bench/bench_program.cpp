// Nanoseconds per step of an optimizer written as a program (assets/optimizers/*.gso) against the
// built-in optimizer of the same rule, on the built-in Rosenbrock: one run, each step waiting for the one
// before (as bench_optimizers.cpp's optimizer_step). Goal: a program step at most 3x the built-in step.
//
//   build/tests/gradscape_benchmarks --benchmark_filter='program_step|program_optimizer_step|builtin_step'
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "core/optim/optimizer.hpp"
#include "core/optim/program.hpp"
#include "core/surface/surface.hpp"

namespace {

std::string readProgram(const std::string& name) {
  const std::filesystem::path path =
      std::filesystem::path(__FILE__).parent_path() / "../../assets/optimizers" / (name + ".gso");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// SGD-type defaults (lr 0.01) leave Rosenbrock from its start: 1e-4 keeps them on the surface, so the
// figure is a step, not a restart (as in bench_optimizers.cpp).
double benchLr(const std::string& name) { return name == "adam" ? 1e-3 : 1e-4; }

template <class Stepper>
void stepLoop(benchmark::State& bench, Stepper& stepper) {
  const gs::Surface surface = *gs::makeSurface("rosenbrock");
  gs::Oracle oracle(*surface.evaluator);
  gs::Vec2 x = surface.start;
  for (auto _ : bench) {
    x = stepper.step(x, oracle, 1.0);
    if (!(std::fabs(x.x) < 10.0 && std::fabs(x.y) < 10.0)) [[unlikely]] {
      x = surface.start;
      stepper.resetState();
    }
  }
  benchmark::DoNotOptimize(x);
  bench.SetItemsProcessed(bench.iterations());
}

void builtinStep(benchmark::State& bench, const std::string& name) {
  gs::Optimizer optimizer = *gs::Optimizer::create(name);
  optimizer.setParam("lr", benchLr(name));
  stepLoop(bench, optimizer);
}

void programStep(benchmark::State& bench, const std::string& name) {
  auto compiled = gs::compileProgram(readProgram(name));
  if (!std::holds_alternative<gs::Program>(compiled)) {
    bench.SkipWithError("the program does not compile");
    return;
  }
  gs::ProgramRun run(std::get<gs::Program>(std::move(compiled)));
  run.setParam("lr", benchLr(name));
  stepLoop(bench, run);
}

// The program as the app steps it: through Optimizer::step, which also copies the terms for the glyphs,
// the inspector and the explainer.
void programOptimizerStep(benchmark::State& bench, const std::string& name) {
  auto compiled = gs::compileProgram(readProgram(name));
  if (!std::holds_alternative<gs::Program>(compiled)) {
    bench.SkipWithError("the program does not compile");
    return;
  }
  gs::Optimizer optimizer = gs::Optimizer::fromProgram(std::get<gs::Program>(compiled));
  optimizer.setParam("lr", benchLr(name));
  stepLoop(bench, optimizer);
}

}  // namespace

BENCHMARK_CAPTURE(builtinStep, adam, std::string("adam"))->Name("builtin_step/adam");
BENCHMARK_CAPTURE(programStep, adam, std::string("adam"))->Name("program_step/adam");
BENCHMARK_CAPTURE(builtinStep, sgd, std::string("sgd"))->Name("builtin_step/sgd");
BENCHMARK_CAPTURE(programStep, sgd, std::string("sgd"))->Name("program_step/sgd");
BENCHMARK_CAPTURE(builtinStep, rmsprop, std::string("rmsprop"))->Name("builtin_step/rmsprop");
BENCHMARK_CAPTURE(programStep, rmsprop, std::string("rmsprop"))->Name("program_step/rmsprop");
BENCHMARK_CAPTURE(programOptimizerStep, adam, std::string("adam"))->Name("program_optimizer_step/adam");
BENCHMARK_CAPTURE(programOptimizerStep, sgd, std::string("sgd"))->Name("program_optimizer_step/sgd");
BENCHMARK_CAPTURE(programOptimizerStep, rmsprop, std::string("rmsprop"))
    ->Name("program_optimizer_step/rmsprop");
BENCHMARK_CAPTURE(builtinStep, momentum, std::string("momentum"))->Name("builtin_step/momentum");
BENCHMARK_CAPTURE(programStep, momentum, std::string("momentum"))->Name("program_step/momentum");
BENCHMARK_CAPTURE(builtinStep, nesterov, std::string("nesterov"))->Name("builtin_step/nesterov");
BENCHMARK_CAPTURE(programStep, nesterov, std::string("nesterov"))->Name("program_step/nesterov");
BENCHMARK_CAPTURE(builtinStep, adagrad, std::string("adagrad"))->Name("builtin_step/adagrad");
BENCHMARK_CAPTURE(programStep, adagrad, std::string("adagrad"))->Name("program_step/adagrad");
