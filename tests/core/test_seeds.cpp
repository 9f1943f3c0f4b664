// K-seed mean paths (core/maps/seeds.hpp): the band is the mean and spread of K separate runs, each the
// runner's run with that seed (what `gradscape trace --seed S+k --batch M` prints), to the last bit.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <variant>

#include "core/io/spec.hpp"
#include "core/maps/seeds.hpp"
#include "core/runner.hpp"

namespace gs {
namespace {

std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

PixelSettings settingsOf(std::string_view optimizer, std::int64_t steps, int batch, std::uint64_t seed) {
  PixelSettings settings;
  auto parsed = parseOptimizerSpec(optimizer);
  EXPECT_TRUE(std::holds_alternative<Optimizer>(parsed)) << optimizer;
  settings.optimizer = std::get<Optimizer>(std::move(parsed));
  settings.steps = steps;
  settings.batchSize = batch;
  settings.seed = seed;
  return settings;
}

// K runner runs, one per seed, and their per-step mean and population deviation computed here in the
// plainest way (the seeds in order, two passes).
void expectBandOfSeparateRuns(const Surface& surface, const PixelSettings& settings, Vec2 start, int seeds) {
  std::vector<Runner> runners;
  for (int k = 0; k < seeds; ++k) {
    runners.emplace_back(surface, start);
    runners.back().addRun(RunSpec{"", settings.optimizer, settings.schedule, settings.batchSize,
                                  settings.seed + static_cast<std::uint64_t>(k)});
    runners.back().step(settings.steps);
    ASSERT_NE(runners.back().run(0).status(), RunStatus::Diverged);
    ASSERT_EQ(runners.back().run(0).path().size(), static_cast<std::size_t>(settings.steps) + 1);
  }
  const SeedBand band = seedBand(surface, settings, start, seeds);
  ASSERT_EQ(band.rows.size(), static_cast<std::size_t>(settings.steps) + 1);
  for (std::int64_t k : band.divergedAt) EXPECT_EQ(k, -1);
  bool spreads = false;
  for (std::size_t step = 0; step < band.rows.size(); ++step) {
    SCOPED_TRACE(testing::Message() << "step " << step);
    double x = 0, y = 0, loss = 0;
    for (const Runner& runner : runners) {
      x += runner.run(0).path()[step].x;
      y += runner.run(0).path()[step].y;
      loss += runner.run(0).losses()[step];
    }
    const double n = seeds;
    x /= n;
    y /= n;
    loss /= n;
    double xx = 0, yy = 0, ll = 0;
    for (const Runner& runner : runners) {
      const Vec2 p = runner.run(0).path()[step];
      const double l = runner.run(0).losses()[step];
      xx += (p.x - x) * (p.x - x);
      yy += (p.y - y) * (p.y - y);
      ll += (l - loss) * (l - loss);
    }
    const SeedBandRow& row = band.rows[step];
    EXPECT_EQ(row.step, static_cast<std::int64_t>(step));
    EXPECT_EQ(row.seeds, seeds);
    EXPECT_EQ(bits(row.mean.x), bits(x));
    EXPECT_EQ(bits(row.mean.y), bits(y));
    EXPECT_EQ(bits(row.meanLoss), bits(loss));
    EXPECT_EQ(bits(row.deviation.x), bits(std::sqrt(xx / n)));
    EXPECT_EQ(bits(row.deviation.y), bits(std::sqrt(yy / n)));
    EXPECT_EQ(bits(row.lossDeviation), bits(std::sqrt(ll / n)));
    spreads = spreads || row.deviation.x > 0.0;
  }
  if (seeds > 1) {
    EXPECT_TRUE(spreads);  // different minibatches: the seeds' paths part
  }
}

TEST(SeedBand, IsTheMeanAndSpreadOfSeparateRunnerRunsOnEachSeed) {
  const Surface surface = *makeSurface("logistic_regression");
  expectBandOfSeparateRuns(surface, settingsOf("sgd:lr=0.5", 80, 1, 7), surface.start, 6);
  expectBandOfSeparateRuns(surface, settingsOf("adam:lr=0.05", 50, 4, 100), {0.5, -0.5}, 3);
  expectBandOfSeparateRuns(*makeSurface("linear_regression"), settingsOf("momentum:lr=0.01", 60, 2, 1),
                           makeSurface("linear_regression")->start, 5);
}

TEST(SeedBand, OneSeedIsThatRunWithNoBand) {
  const Surface surface = *makeSurface("logistic_regression");
  expectBandOfSeparateRuns(surface, settingsOf("sgd:lr=0.5", 40, 1, 3), surface.start, 1);
  const SeedBand band = seedBand(surface, settingsOf("sgd:lr=0.5", 40, 1, 3), surface.start, 1);
  for (const SeedBandRow& row : band.rows) EXPECT_EQ(row.deviation.x, 0.0);
}

TEST(SeedBand, ADivergingSeedLeavesTheBandAtItsStep) {
  const Surface surface = *makeSurface("linear_regression");
  const PixelSettings settings = settingsOf("sgd:lr=5", 200, 1, 1);
  const SeedBand band = seedBand(surface, settings, surface.start, 4);
  ASSERT_EQ(band.divergedAt.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    Runner runner(surface, surface.start);
    runner.addRun(RunSpec{"", settings.optimizer, settings.schedule, 1, 1 + k});
    runner.step(settings.steps);
    const gs::Run& run = runner.run(0);
    EXPECT_EQ(band.divergedAt[k], run.status() == RunStatus::Diverged ? run.statusStep() : -1) << k;
  }
  const bool allDiverged =
      std::all_of(band.divergedAt.begin(), band.divergedAt.end(), [](std::int64_t k) { return k > 0; });
  ASSERT_TRUE(allDiverged);  // lr 5 is far past the stability limit
  EXPECT_EQ(band.rows.back().step + 1,
            *std::max_element(band.divergedAt.begin(), band.divergedAt.end()));  // the last one leaves
  for (const SeedBandRow& row : band.rows) {
    int left = 0;
    for (std::int64_t k : band.divergedAt) left += k <= row.step ? 1 : 0;
    EXPECT_EQ(row.seeds, 4 - left) << row.step;
  }
}

TEST(SeedBand, RefusesWhatHasNoSeeds) {
  const Surface data = *makeSurface("logistic_regression");
  EXPECT_FALSE(checkSeedBand(data, settingsOf("sgd", 10, 4, 1), 8).has_value());
  EXPECT_TRUE(checkSeedBand(data, settingsOf("sgd", 10, 4, 1), 0).has_value());
  EXPECT_TRUE(checkSeedBand(data, settingsOf("sgd", 10, 4, 1), kMaxSeeds + 1).has_value());
  EXPECT_TRUE(checkSeedBand(data, settingsOf("sgd", 10, 0, 1), 8).has_value());  // full batch
  EXPECT_TRUE(checkSeedBand(*makeSurface("himmelblau"), settingsOf("sgd", 10, 4, 1), 8).has_value());
}

}  // namespace
}  // namespace gs
