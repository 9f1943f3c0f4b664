// Noisy runs averaged over seeds (issue "#9"): one optimizer from one start on a data surface, stepped
// with K minibatch seeds S, S+1, ..., S+K-1 (the minibatches `gradscape trace --seed S+k --batch M`
// draws), summarised per step as the mean path with a band (the per-coordinate standard deviation) and
// the mean full-batch loss with its band. "SGD with batch 1 is noisy but unbiased", seen.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/maps/pixel_run.hpp"

namespace gs {

inline constexpr int kMaxSeeds = 10'000;

// One step of the band. Deviations are population standard deviations (divided by the number of
// seeds, so one seed has a band of 0), over the seeds still finite at that step: a seed that diverges
// leaves the band from the step it diverged at, and `seeds` says how many remain.
struct SeedBandRow {
  std::int64_t step = 0;
  int seeds = 0;
  Vec2 mean;
  Vec2 deviation;
  double meanLoss = 0.0;
  double lossDeviation = 0.0;
};

struct SeedBand {
  std::vector<SeedBandRow> rows;  // steps 0 to settings.steps, or until every seed has diverged
  // Per seed (index k: seed S+k), the step at which it diverged, or -1 (0: f is not finite at the start).
  std::vector<std::int64_t> divergedAt;
};

// The first problem with a K-seed request (K outside 1 to kMaxSeeds, no data set, no minibatch), or
// nullopt; the caller prefixes the argument.
std::optional<std::string> checkSeedBand(const Surface& surface, const PixelSettings& settings, int seeds);

// Steps `seeds` runs of settings.optimizer (state reset) from `start`, run k with seed settings.seed + k
// and settings.batchSize, each the same computation as `gradscape trace` (runPixel's rule), and calls
// `row` for every step in order (memory grows with K, not with the steps). Returns divergedAt.
std::vector<std::int64_t> streamSeedBand(const Surface& surface, const PixelSettings& settings, Vec2 start,
                                         int seeds, const std::function<void(const SeedBandRow&)>& row);
// The same, every row kept.
SeedBand seedBand(const Surface& surface, const PixelSettings& settings, Vec2 start, int seeds);

}  // namespace gs
