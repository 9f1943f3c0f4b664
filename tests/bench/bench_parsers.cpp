// The file parsers' time against their input's size: each benchmark reports its complexity fit, which
// must read O(N). A quadratic step once made a 1.7 MB scene with 150 000 keys take 27 s (the JSON
// duplicate-key check) and a CSV with 100 000 run names 19 s.
//   build/tests/gradscape_benchmarks --benchmark_filter='Json|Csv'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <variant>

#include "core/io/json.hpp"
#include "core/io/trajectory.hpp"

namespace {

std::string objectWithKeys(std::int64_t keys) {
  std::string text = "{";
  for (std::int64_t i = 0; i < keys; ++i)
    text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  return text + "}";
}

void BM_JsonObjectWithManyKeys(benchmark::State& state) {
  const std::string text = objectWithKeys(state.range(0));
  for (auto _ : state) {
    auto parsed = gs::Json::parse(text);
    if (!std::holds_alternative<gs::Json>(parsed)) state.SkipWithError("did not parse");
    benchmark::DoNotOptimize(parsed);
  }
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_JsonObjectWithManyKeys)->RangeMultiplier(4)->Range(1 << 8, 1 << 18)->Complexity();

// Rows spread over as many run names as a file may hold, then many rows per name.
std::string csvRows(std::int64_t rows) {
  std::string text = "optimizer,step,x,y,loss\n";
  const auto names = static_cast<std::int64_t>(gs::kMaxImportedPaths);
  for (std::int64_t i = 0; i < rows; ++i)
    text += "run" + std::to_string(i % names) + "," + std::to_string(i / names) + ",0.5,-1.25,3\n";
  return text;
}

void BM_CsvImportRows(benchmark::State& state) {
  const std::string text = csvRows(state.range(0));
  for (auto _ : state) {
    auto parsed = gs::parseTrajectoryCsv(text);
    if (!std::holds_alternative<std::vector<gs::ImportedPath>>(parsed)) state.SkipWithError("did not parse");
    benchmark::DoNotOptimize(parsed);
  }
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_CsvImportRows)->RangeMultiplier(4)->Range(1 << 8, 1 << 18)->Complexity();

}  // namespace
