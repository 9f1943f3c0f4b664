// The plots' curves stroked on the CPU (render/curve_image.hpp), as the Plots panel strokes them on another
// thread while a slider is dragged (bench --explore): 16 runs in a 331 x 100 plot, lines 2 pixels wide, each
// run a min/max zigzag over two-pixel columns, as an oscillating run's step length is drawn.
//   build/tests/gradscape_app_benchmarks --benchmark_filter=Curve
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "render/curve_image.hpp"

namespace {

constexpr int kWidth = 331, kHeight = 100, kRuns = 16;

// Run r's curve: per two-pixel column the lowest and the highest value of an oscillation whose amplitude
// decays over the plot, as collectSeries gives them, in the canvas's pixels.
std::vector<ImVec2> zigzag(int run) {
  const auto r = static_cast<float>(run);
  std::vector<ImVec2> points;
  for (int column = 0; 2 * column < kWidth; ++column) {
    const float x = 2.0f * static_cast<float>(column) + 0.5f;
    const float centre = 20.0f + 60.0f * r / static_cast<float>(kRuns) + 10.0f * std::sin(0.02f * x + r);
    const float amplitude = 35.0f * std::exp(-x / (15.0f + 4.0f * r));
    points.emplace_back(x, centre - amplitude);
    points.emplace_back(x + 1.0f, centre + amplitude);
  }
  return points;
}

void BM_CurveCanvasStrokeZigzags(benchmark::State& state) {
  std::vector<std::vector<ImVec2>> curves;
  for (int r = 0; r < kRuns; ++r) curves.push_back(zigzag(r));
  gs::CurveCanvas canvas;
  for (auto _ : state) {
    canvas.reset(kWidth, kHeight);
    for (int r = 0; r < kRuns; ++r)
      canvas.stroke(curves[static_cast<std::size_t>(r)], IM_COL32(40 + 13 * r, 200 - 9 * r, 120, 255), 2.0f);
    benchmark::DoNotOptimize(canvas);
  }
}
BENCHMARK(BM_CurveCanvasStrokeZigzags)->Unit(benchmark::kMicrosecond);

}  // namespace
