// Evaluation speed: single-point f + gradient (the optimizer step's hot path) and batch evaluation over
// many points (heatmaps, basin maps), for a built-in surface and the same f as a custom formula.
// items/s in the output is points evaluated per second.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/expr/expression.hpp"
#include "core/surface/surface.hpp"

namespace {

std::vector<gs::Vec2> gridPoints(const gs::Domain& d, int side) {
  std::vector<gs::Vec2> points;
  for (int i = 0; i < side; ++i)
    for (int j = 0; j < side; ++j)
      points.push_back(
          {d.xMin + (d.xMax - d.xMin) * i / (side - 1), d.yMin + (d.yMax - d.yMin) * j / (side - 1)});
  return points;
}

gs::Surface builtIn(const char* name) { return *gs::makeSurface(name); }
gs::Surface customTwin(const char* name) {
  const gs::Surface s = builtIn(name);
  return *gs::makeCustomSurface(s.formula, s.domain, s.start).surface;
}

template <class Call>
void singlePoint(benchmark::State& state, const gs::Surface& s, Call call) {
  const std::vector<gs::Vec2> points = gridPoints(s.domain, 16);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(call(*s.evaluator, points[i]));
    i = (i + 1) % points.size();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ValueGrad_Rosenbrock_BuiltIn(benchmark::State& state) {
  singlePoint(state, builtIn("rosenbrock"),
              [](const gs::Evaluator& e, gs::Vec2 p) { return e.valueGrad(p); });
}
void BM_ValueGrad_Rosenbrock_Custom(benchmark::State& state) {
  singlePoint(state, customTwin("rosenbrock"),
              [](const gs::Evaluator& e, gs::Vec2 p) { return e.valueGrad(p); });
}
void BM_ValueGradHessian_Rosenbrock_BuiltIn(benchmark::State& state) {
  singlePoint(state, builtIn("rosenbrock"),
              [](const gs::Evaluator& e, gs::Vec2 p) { return e.valueGradHessian(p); });
}
void BM_ValueGradHessian_Rosenbrock_Custom(benchmark::State& state) {
  singlePoint(state, customTwin("rosenbrock"),
              [](const gs::Evaluator& e, gs::Vec2 p) { return e.valueGradHessian(p); });
}

constexpr int kBatchSide = 128;  // 16384 points, about a heatmap tile

void valueGradBatch(benchmark::State& state, const gs::Surface& s) {
  const std::vector<gs::Vec2> points = gridPoints(s.domain, kBatchSide);
  std::vector<gs::ValueGrad> out(points.size());
  for (auto _ : state) {
    s.evaluator->valueGradBatch(points, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points.size()));
}

void valueBatch(benchmark::State& state, const gs::Surface& s) {
  const std::vector<gs::Vec2> points = gridPoints(s.domain, kBatchSide);
  std::vector<double> out(points.size());
  for (auto _ : state) {
    s.evaluator->valueBatch(points, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points.size()));
}

void BM_ValueGradBatch_Rosenbrock_BuiltIn(benchmark::State& state) {
  valueGradBatch(state, builtIn("rosenbrock"));
}
void BM_ValueGradBatch_Rosenbrock_Custom(benchmark::State& state) {
  valueGradBatch(state, customTwin("rosenbrock"));
}
void BM_ValueBatch_Rosenbrock_BuiltIn(benchmark::State& state) { valueBatch(state, builtIn("rosenbrock")); }
void BM_ValueBatch_Rosenbrock_Custom(benchmark::State& state) { valueBatch(state, customTwin("rosenbrock")); }
// A transcendental-heavy surface, where libm rather than the interpreter dominates.
void BM_ValueGradBatch_Ackley_BuiltIn(benchmark::State& state) { valueGradBatch(state, builtIn("ackley")); }
void BM_ValueGradBatch_Ackley_Custom(benchmark::State& state) { valueGradBatch(state, customTwin("ackley")); }

// Data surfaces: the full-batch gradient averages N = 64 examples; a minibatch of 8 draws without
// replacement first.
void BM_ValueGrad_Logistic_FullBatch(benchmark::State& state) {
  singlePoint(state, builtIn("logistic_regression"),
              [](const gs::Evaluator& e, gs::Vec2 p) { return e.valueGrad(p); });
}
void BM_ValueGrad_Logistic_Minibatch8(benchmark::State& state) {
  std::uint64_t rng = 1;
  singlePoint(state, builtIn("logistic_regression"),
              [&rng](const gs::Evaluator& e, gs::Vec2 p) { return e.minibatchValueGrad(p, 8, rng); });
}

}  // namespace

BENCHMARK(BM_ValueGrad_Rosenbrock_BuiltIn);
BENCHMARK(BM_ValueGrad_Rosenbrock_Custom);
BENCHMARK(BM_ValueGradHessian_Rosenbrock_BuiltIn);
BENCHMARK(BM_ValueGradHessian_Rosenbrock_Custom);
BENCHMARK(BM_ValueGradBatch_Rosenbrock_BuiltIn);
BENCHMARK(BM_ValueGradBatch_Rosenbrock_Custom);
BENCHMARK(BM_ValueBatch_Rosenbrock_BuiltIn);
BENCHMARK(BM_ValueBatch_Rosenbrock_Custom);
BENCHMARK(BM_ValueGradBatch_Ackley_BuiltIn);
BENCHMARK(BM_ValueGradBatch_Ackley_Custom);
BENCHMARK(BM_ValueGrad_Logistic_FullBatch);
BENCHMARK(BM_ValueGrad_Logistic_Minibatch8);
