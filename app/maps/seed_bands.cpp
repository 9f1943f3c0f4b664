#include "maps/seed_bands.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

namespace gs {
namespace {

// A band computed for fewer steps than the run has is computed again for at least this many, or twice
// as many as before: a playing run's band is recomputed a few times, not every frame.
constexpr std::int64_t kFirstBandSteps = 256;

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string bandKey(const Model& model, const Run& run, const PixelSettings& settings, int seeds) {
  std::string key = settings.optimizer.name();
  for (const double value : settings.optimizer.paramValues()) key += "," + number(value);
  key += "|" + settings.schedule.toString() + "|" + std::to_string(settings.batchSize) + "|" +
         std::to_string(settings.seed) + "|" + std::to_string(seeds) + "|" +
         std::to_string(model.surfaceVersion) + "|" + number(model.runner.start().x) + "," +
         number(model.runner.start().y) + "|" + std::to_string(run.id());
  return key;
}

}  // namespace

std::shared_ptr<SeedBandCache> makeSeedBandCache() { return std::make_shared<SeedBandCache>(); }

std::optional<PixelSettings> seedBandSettings(const Model& model, std::size_t index) {
  if (model.display.seeds <= 1 || index >= model.runner.size()) return std::nullopt;
  const Run& run = model.runner.run(index);
  const Surface& surface = model.runner.surface();
  if (!surface.evaluator || surface.evaluator->dataSize() == 0 || run.batchSize() <= 0) return std::nullopt;
  // A fork starts from its parent's point at its fork step, and an edit "from here" changes the settings
  // part way: the seeds, stepped from the start with one set of settings, would not be that run.
  if (run.forkStep() != 0 || !run.editSteps().empty()) return std::nullopt;
  if (run.optimizer().programRun() != nullptr) return std::nullopt;  // the key could not tell programs apart
  PixelSettings settings;
  settings.optimizer = run.optimizer();
  settings.schedule = run.schedule();
  settings.batchSize = run.batchSize();
  settings.seed = run.spec().seed;
  settings.steps = 0;
  return settings;
}

const SeedBand* SeedBandCache::bandFor(const Model& model, std::size_t index) {
  auto settings = seedBandSettings(model, index);
  if (!settings) return nullptr;
  const Run& run = model.runner.run(index);
  const int seeds = model.display.seeds;
  const std::string key = bandKey(model, run, *settings, seeds);
  Entry& entry = entries_[run.id()];
  const bool sameBand = entry.key == key;
  const std::int64_t need = run.step();
  if (sameBand && entry.steps >= need) return &entry.band;
  const std::int64_t grown = sameBand ? std::max(entry.steps * 2, kFirstBandSteps) : kFirstBandSteps;
  settings->steps = std::max(need, std::min(grown, std::max(need, model.playback.maxSteps)));
  entry.key = key;
  entry.steps = settings->steps;
  entry.band = seedBand(model.runner.surface(), *settings, model.runner.start(), seeds);
  return &entry.band;
}

void SeedBandCache::prune(const Model& model) {
  std::unordered_set<std::uint64_t> live;
  for (const Run& run : model.runner.runs()) live.insert(run.id());
  std::erase_if(entries_, [&](const auto& entry) { return !live.contains(entry.first); });
}

const SeedBand* seedBandOf(const Model& model, std::size_t index) {
  return model.seedBands ? model.seedBands->bandFor(model, index) : nullptr;
}

}  // namespace gs
