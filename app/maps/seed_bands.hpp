// Noisy runs averaged over seeds in the app (issue "#9"): for every run that draws minibatches on a data
// surface, with the Display panel's "seeds" K above 1, K copies of the run stepped with seeds S to
// S + K - 1 (core/maps/seeds.hpp, the same computation as `gradscape trace --seeds K`), summarised per
// step as the mean path and mean full-batch loss with their standard deviations. The 2D view draws the
// mean path with a band (render/seed_band_glyphs.hpp); the Plots panel draws the mean loss with a band.
//
// Bands are derived data: computed on demand, kept per run and recomputed when anything they depend on
// changes (settings, start, surface, K), to the run's current step. Stepping ahead grows them by
// doubling, so a playing run costs about twice its steps in all.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/maps/seeds.hpp"
#include "model.hpp"

namespace gs {

// The settings run `index`'s seeds step with, or nullopt when it gets no band: K = 1, not a minibatch run
// on a data surface, or a run whose settings change along its path (a fork, or an edit "from here": each
// seed would need them too).
std::optional<PixelSettings> seedBandSettings(const Model& model, std::size_t index);

class SeedBandCache {
 public:
  // The band of run `index` with rows for steps 0 to at least its current step (fewer where every seed
  // diverged), or null when the run gets none (seedBandSettings). Valid until the next call.
  const SeedBand* bandFor(const Model& model, std::size_t index);
  // Bands of runs that no longer exist are dropped.
  void prune(const Model& model);

 private:
  struct Entry {
    std::string key;
    std::int64_t steps = 0;  // the steps the band was computed for
    SeedBand band;
  };
  std::unordered_map<std::uint64_t, Entry> entries_;  // by run id
};

// Run `index`'s band from model.seedBands (see SeedBandCache::bandFor).
const SeedBand* seedBandOf(const Model& model, std::size_t index);

}  // namespace gs
