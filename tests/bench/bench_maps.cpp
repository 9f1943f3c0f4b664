// The map kernel: nanoseconds per run-step of a basin map (every pixel a run of runPixel, the runner's
// exact rule), Adam lr 0.05 on built-in himmelblau as in issue "#9"'s figure, and SGD on a custom formula.
// - map_pixels/...: runPixel over a 16 x 16 grid of starts on this thread (the scalar kernel).
// - map_job/...: a whole MapJob (coarse to fine, one worker per core or the given count).
// - map_basin_256/himmelblau_adam: the whole 256 x 256 map (computeMap, on this thread: the
//   single-thread CPU ns per run-step of `gradscape map basin`, whose figure is wall time on every core).
// The goal is measured with `gradscape map basin ... --size 256x256` (see README).
#include <benchmark/benchmark.h>

#include "core/io/spec.hpp"
#include "core/maps/map.hpp"

namespace {

constexpr std::int64_t kSteps = 300;

gs::MapRequest benchRequest(const std::string& surfaceName, const std::string& optimizer, int side) {
  std::optional<gs::Surface> surface =
      surfaceName.starts_with("expr:") ? gs::makeCustomSurface(surfaceName.substr(5), {-5, 5, -5, 5}).surface
                                       : gs::makeSurface(surfaceName);
  gs::PixelSettings settings;
  settings.optimizer = std::get<gs::Optimizer>(gs::parseOptimizerSpec(optimizer));
  settings.steps = kSteps;
  return gs::basinRequest(*surface, settings, side, side);
}

void pixels(benchmark::State& bench, const std::string& surfaceName, const std::string& optimizer) {
  const gs::MapRequest request = benchRequest(surfaceName, optimizer, 16);
  gs::PixelTrace trace;
  for (auto _ : bench)
    for (int py = 0; py < request.height; ++py)
      for (int px = 0; px < request.width; ++px)
        benchmark::DoNotOptimize(gs::computeMapPixel(request, px, py, trace));
  const double runSteps = static_cast<double>(request.width * request.height) * kSteps;
  bench.counters["time_per_run_step"] =
      benchmark::Counter(runSteps * static_cast<double>(bench.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The 256 x 256 map on this thread; the rate is per CPU second (no UseRealTime), so other processes
// sharing the core do not count.
void whole(benchmark::State& bench, const std::string& surfaceName, const std::string& optimizer) {
  const gs::MapRequest request = benchRequest(surfaceName, optimizer, 256);
  for (auto _ : bench) benchmark::DoNotOptimize(gs::computeMap(request));
  const double runSteps = static_cast<double>(request.width * request.height) * kSteps;
  bench.counters["time_per_run_step"] =
      benchmark::Counter(runSteps * static_cast<double>(bench.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void job(benchmark::State& bench, const std::string& surfaceName, const std::string& optimizer, int side) {
  const gs::MapRequest request = benchRequest(surfaceName, optimizer, side);
  for (auto _ : bench) {
    gs::MapJob mapJob(request, static_cast<unsigned>(bench.range(0)));
    mapJob.wait();
  }
  const double runSteps = static_cast<double>(request.width * request.height) * kSteps;
  bench.counters["time_per_run_step"] =
      benchmark::Counter(runSteps * static_cast<double>(bench.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK_CAPTURE(pixels, himmelblau_adam, std::string("himmelblau"), std::string("adam:lr=0.05"))
    ->Name("map_pixels/himmelblau_adam")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(pixels, custom_sgd, std::string("expr:(x^2 + y - 11)^2 + (x + y^2 - 7)^2"),
                  std::string("sgd:lr=0.005"))
    ->Name("map_pixels/custom_himmelblau_sgd")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(job, himmelblau_adam, std::string("himmelblau"), std::string("adam:lr=0.05"), 64)
    ->Name("map_job/himmelblau_adam")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(whole, himmelblau_adam, std::string("himmelblau"), std::string("adam:lr=0.05"))
    ->Name("map_basin_256/himmelblau_adam")
    ->Unit(benchmark::kMillisecond);
