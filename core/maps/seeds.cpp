// K seeds stepped in lockstep, so each step's rows are summarised as they are made. Each seed follows
// runPixel()'s rule (core/maps/pixel_run.cpp), which tests/core/test_maps.cpp holds to the runner's.
#include "core/maps/seeds.hpp"

#include <cmath>

#include "core/math/text.hpp"

namespace gs {
namespace {

struct SeedRun {
  Optimizer optimizer;
  Oracle oracle;
  Vec2 point;
  double loss = 0.0;
  bool alive = true;
};

SeedBandRow summarise(std::int64_t step, const std::vector<SeedRun>& runs) {
  SeedBandRow row;
  row.step = step;
  Vec2 sum;
  double lossSum = 0.0;
  for (const SeedRun& run : runs)
    if (run.alive) {
      sum += run.point;
      lossSum += run.loss;
      ++row.seeds;
    }
  if (row.seeds == 0) return row;
  const auto n = static_cast<double>(row.seeds);
  row.mean = {sum.x / n, sum.y / n};
  row.meanLoss = lossSum / n;
  Vec2 squares;
  double lossSquares = 0.0;
  for (const SeedRun& run : runs)
    if (run.alive) {
      const Vec2 d = run.point - row.mean;
      squares += Vec2{d.x * d.x, d.y * d.y};
      lossSquares += (run.loss - row.meanLoss) * (run.loss - row.meanLoss);
    }
  row.deviation = {std::sqrt(squares.x / n), std::sqrt(squares.y / n)};
  row.lossDeviation = std::sqrt(lossSquares / n);
  return row;
}

}  // namespace

std::optional<std::string> checkSeedBand(const Surface& surface, const PixelSettings& settings, int seeds) {
  if (seeds < 1 || seeds > kMaxSeeds)
    return concat(std::to_string(seeds), " is outside 1 to ", std::to_string(kMaxSeeds));
  if (!surface.evaluator || surface.evaluator->dataSize() == 0)
    return concat("surface '", surface.name,
                  "' has no data set (seeds draw minibatches; every seed of a full-batch run is the same)");
  if (settings.batchSize <= 0)
    return std::string("needs --batch M (with the full batch every seed takes the same path)");
  return std::nullopt;
}

std::vector<std::int64_t> streamSeedBand(const Surface& surface, const PixelSettings& settings, Vec2 start,
                                         int seeds, const std::function<void(const SeedBandRow&)>& row) {
  std::vector<std::int64_t> divergedAt(static_cast<std::size_t>(std::max(seeds, 0)), -1);
  if (seeds <= 0 || !surface.evaluator) return divergedAt;
  const Evaluator& evaluator = *surface.evaluator;
  const ValueGrad here = evaluator.valueGrad(start);
  if (!isFinite(start) || !std::isfinite(here.value) || !isFinite(here.gradient) ||
      norm(start) > Run::kDivergenceBound) {
    divergedAt.assign(divergedAt.size(), 0);
    return divergedAt;
  }
  std::vector<SeedRun> runs;
  runs.reserve(static_cast<std::size_t>(seeds));
  for (int k = 0; k < seeds; ++k) {
    Optimizer optimizer = settings.optimizer;
    optimizer.resetState();
    runs.push_back(
        SeedRun{std::move(optimizer),
                Oracle(evaluator, settings.batchSize, settings.seed + static_cast<std::uint64_t>(k)), start,
                here.value, true});
  }
  row(summarise(0, runs));
  int alive = seeds;
  for (std::int64_t step = 0; step < settings.steps && alive > 0; ++step) {
    const double factor = settings.schedule.factor(step);
    for (std::size_t k = 0; k < runs.size(); ++k) {
      SeedRun& run = runs[k];
      if (!run.alive) continue;
      const Vec2 next = run.optimizer.stepQuietly(run.point, run.oracle, factor);
      const ValueGrad there = isFinite(next) ? evaluator.valueGrad(next) : ValueGrad{};
      const double stepLength = norm(next - run.point);
      if (!isFinite(next) || norm(next) > Run::kDivergenceBound || !std::isfinite(there.value) ||
          !std::isfinite(norm(there.gradient)) || !std::isfinite(stepLength)) {
        run.alive = false;
        divergedAt[k] = step + 1;
        --alive;
        continue;
      }
      run.point = next;
      run.loss = there.value;
    }
    if (alive > 0) row(summarise(step + 1, runs));
  }
  return divergedAt;
}

SeedBand seedBand(const Surface& surface, const PixelSettings& settings, Vec2 start, int seeds) {
  SeedBand band;
  band.divergedAt = streamSeedBand(surface, settings, start, seeds,
                                   [&](const SeedBandRow& row) { band.rows.push_back(row); });
  return band;
}

}  // namespace gs
