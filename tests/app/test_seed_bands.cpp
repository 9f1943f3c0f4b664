// Noisy runs averaged over seeds in the app (maps/seed_bands.hpp) and the theory over hyperparameter maps
// (maps/theory_overlay.hpp): the band the 2D view and the plots draw is core's seedBand() bit for bit,
// its strip and plot series are that band's numbers, the setting and a basin map's range survive a scene
// round trip, and the theory's drawn edge lies on the heavy-ball bound.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/io/scene.hpp"
#include "core/io/spec.hpp"
#include "core/maps/seeds.hpp"
#include "core/maps/theory.hpp"
#include "maps/seed_bands.hpp"
#include "maps/theory_overlay.hpp"
#include "render/seed_band_glyphs.hpp"
#include "scene_bridge.hpp"
#include "ui/plot_data.hpp"

namespace gs {
namespace {

const std::string kNoise = std::string(GRADSCAPE_ASSET_DIR) + "/scenes/minibatch_noise.json";

Model loadNoise() {
  auto loaded = loadSceneFile(kNoise);
  if (auto* error = std::get_if<std::string>(&loaded)) ADD_FAILURE() << *error;
  return std::move(std::get<LoadedScene>(loaded).model);
}

std::size_t runLabelled(const Model& model, const std::string& label) {
  for (std::size_t i = 0; i < model.runner.size(); ++i)
    if (model.runner.run(i).label() == label) return i;
  ADD_FAILURE() << "no run " << label;
  return 0;
}

bool sameRow(const SeedBandRow& a, const SeedBandRow& b) {
  return a.step == b.step && a.seeds == b.seeds && a.mean.x == b.mean.x && a.mean.y == b.mean.y &&
         a.deviation.x == b.deviation.x && a.deviation.y == b.deviation.y && a.meanLoss == b.meanLoss &&
         a.lossDeviation == b.lossDeviation;
}

TEST(SeedBands, TheAppsBandIsCoresSeedBandBitForBit) {
  Model model = loadNoise();
  ASSERT_EQ(model.display.seeds, 24);
  model.runner.step(150);
  const std::size_t one = runLabelled(model, "batch 1");
  const SeedBand* band = seedBandOf(model, one);
  ASSERT_NE(band, nullptr);
  ASSERT_GE(band->rows.size(), 151u);
  const gs::Run& run = model.runner.run(one);
  PixelSettings settings;
  settings.optimizer = run.optimizer();
  settings.batchSize = 1;
  settings.seed = run.spec().seed;
  settings.steps = 150;
  const SeedBand core = seedBand(model.runner.surface(), settings, model.runner.start(), 24);
  ASSERT_EQ(core.rows.size(), 151u);
  for (std::size_t k = 0; k < core.rows.size(); ++k) EXPECT_TRUE(sameRow(band->rows[k], core.rows[k])) << k;
  // Seed S of the band is the run itself: with one seed the "band" is the run's path.
  const SeedBand alone = seedBand(model.runner.surface(), settings, model.runner.start(), 1);
  EXPECT_EQ(alone.rows.back().mean, run.point());
  // No band for the full-batch run (every seed would take its path), nor with K = 1.
  EXPECT_EQ(seedBandOf(model, runLabelled(model, "full batch")), nullptr);
  model.display.seeds = 1;
  EXPECT_EQ(seedBandOf(model, one), nullptr);
}

TEST(SeedBands, BatchOneIsNoisyButItsMeanFollowsTheFullBatchPath) {
  Model model = loadNoise();
  model.runner.step(200);
  const SeedBand* band = seedBandOf(model, runLabelled(model, "batch 1"));
  ASSERT_NE(band, nullptr);
  const gs::Run& full = model.runner.run(runLabelled(model, "full batch"));
  const gs::Run& noisy = model.runner.run(runLabelled(model, "batch 1"));
  // Least squares: the expected minibatch gradient is the full one at every point, and the gradient is
  // linear in the point, so the seeds' mean follows gradient descent; the seeds spread about it.
  double meanError = 0.0, spread = 0.0, ownError = 0.0;
  for (std::int64_t step = 20; step <= 200; step += 20) {
    const SeedBandRow& row = band->rows[static_cast<std::size_t>(step)];
    const Vec2 exact = full.path()[static_cast<std::size_t>(step)];
    meanError += norm(row.mean - exact);
    spread += norm(row.deviation);
    ownError += norm(noisy.path()[static_cast<std::size_t>(step)] - exact);
  }
  EXPECT_GT(spread, 0.0);
  EXPECT_LT(meanError, 0.5 * spread) << meanError << " vs spread " << spread;
  EXPECT_LT(meanError, ownError) << "the mean of 24 seeds is nearer the exact path than one seed";
}

TEST(SeedBands, BandFollowsTheRunAndItsSettings) {
  Model model = loadNoise();
  const std::size_t one = runLabelled(model, "batch 1");
  model.runner.step(10);
  const SeedBand* before = seedBandOf(model, one);
  ASSERT_NE(before, nullptr);
  const SeedBandRow tenth = before->rows[10];
  model.runner.step(600);  // past the first computation's steps: computed further
  const SeedBand* after = seedBandOf(model, one);
  ASSERT_GE(after->rows.size(), 611u);
  EXPECT_TRUE(sameRow(after->rows[10], tenth));
  RunSettings settings = model.runner.run(one).settings();
  settings.params[0] = 0.02;  // lr: a what-if edit, so the band is computed again with it
  editRun(model, one, settings);
  const SeedBand* edited = seedBandOf(model, one);
  ASSERT_NE(edited, nullptr);
  EXPECT_FALSE(sameRow(edited->rows[10], tenth));
}

TEST(SeedBands, StripIsTheBandsMeanWithItsDeviationAcrossThePath) {
  Model model = loadNoise();
  model.runner.step(80);
  const SeedBand* band = seedBandOf(model, runLabelled(model, "batch 16"));
  ASSERT_NE(band, nullptr);
  const SeedBandStrip strip = seedBandStrip(*band, 80);
  ASSERT_EQ(strip.mean.size(), 81u);
  for (std::size_t k = 0; k < strip.mean.size(); ++k) {
    const SeedBandRow& row = band->rows[k];
    EXPECT_EQ(strip.steps[k], row.step);
    EXPECT_EQ(strip.mean[k], row.mean);
    // Left and right lie symmetric about the mean, across the path, at the deviation ellipse's extent.
    const Vec2 half = 0.5 * (strip.left[k] - strip.right[k]);
    EXPECT_NEAR(norm(0.5 * (strip.left[k] + strip.right[k]) - row.mean), 0.0, 1e-12);
    const double h = norm(half);
    if (h == 0.0) continue;
    const Vec2 n = half * (1.0 / h);
    EXPECT_NEAR(h, std::hypot(n.x * row.deviation.x, n.y * row.deviation.y), 1e-12);
    EXPECT_LE(h, std::max(row.deviation.x, row.deviation.y) + 1e-12);
    EXPECT_GE(h, std::min(row.deviation.x, row.deviation.y) - 1e-12);
  }
  EXPECT_EQ(strip.lastDeviation, band->rows[80].deviation);
  EXPECT_EQ(seedBandStrip(*band, 40).mean.size(), 41u);  // up to the run's step only
}

TEST(SeedBands, PlotSeriesIsTheMeanLossWithItsBand) {
  Model model = loadNoise();
  model.runner.step(300);
  const SeedBand* band = seedBandOf(model, runLabelled(model, "batch 1"));
  ASSERT_NE(band, nullptr);
  const double fStar = optimumValue(model);
  const std::vector<BandPoint> all = lossBandSeries(*band, 300, fStar, 300.0, 0);
  ASSERT_EQ(all.size(), 301u);  // no column limit: every row (the mean stays above f*)
  for (const BandPoint& p : all) {
    const SeedBandRow& row = band->rows[static_cast<std::size_t>(p.step)];
    EXPECT_EQ(p.x, static_cast<double>(row.step));
    const double gap = row.meanLoss - fStar;  // (mean - f*) +- deviation
    EXPECT_EQ(p.mean, std::log10(gap));
    EXPECT_EQ(p.high, std::log10(gap + row.lossDeviation));
    const double low = gap - row.lossDeviation;
    if (low > 0.0)
      EXPECT_EQ(p.low, std::log10(low));
    else
      EXPECT_EQ(p.low, -INFINITY);
  }
  const std::vector<BandPoint> columns = lossBandSeries(*band, 300, fStar, 300.0, 50);
  EXPECT_LE(columns.size(), 52u);
  EXPECT_EQ(columns.back().step, 300);
  EXPECT_EQ(lossBandSeries(*band, 100, fStar, 300.0, 0).back().step, 100);
}

TEST(SeedBands, SeedsAndABasinRangeSurviveASceneRoundTrip) {
  Model model = loadNoise();
  model.display.seeds = 7;
  model.maps.range = Domain{-0.5, 1.5, -2.0, 0.25};
  const std::string once = sceneToJson(sceneFromModel(model, "t", "e"));
  EXPECT_NE(once.find("\"seeds\": 7"), std::string::npos) << once;
  auto parsed = parseScene(once);
  ASSERT_TRUE(std::holds_alternative<Scene>(parsed)) << std::get<std::string>(parsed);
  auto loaded = modelFromScene(std::get<Scene>(parsed));
  ASSERT_TRUE(std::holds_alternative<LoadedScene>(loaded));
  const Model& again = std::get<LoadedScene>(loaded).model;
  EXPECT_EQ(again.display.seeds, 7);
  ASSERT_TRUE(again.maps.range);
  EXPECT_EQ(again.maps.range->xMin, -0.5);
  EXPECT_EQ(again.maps.range->yMax, 0.25);
  EXPECT_EQ(again.maps, model.maps);
  EXPECT_EQ(sceneToJson(sceneFromModel(again, "t", "e")), once);
}

TEST(SeedBands, BadSeedsOrRangeInASceneIsOneErrorNamingIt) {
  const std::string base = R"({"version": 1, "surface": {"name": "linear_regression"},
    "runs": [{"optimizer": "sgd", "batch": 1}], )";
  for (const auto& [body, field] :
       {std::pair<std::string, std::string>{R"("display": {"seeds": 0}})", "display.seeds"},
        {R"("display": {"seeds": 100000}})", "display.seeds"},
        {R"("maps": {"range": [1, 0, 0, 1]}})", "maps.range"},
        {R"("maps": {"range": [0, 1, 0]}})", "maps.range"}}) {
    const auto parsed = parseScene(base + body);
    ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << body;
    EXPECT_NE(std::get<std::string>(parsed).find(field), std::string::npos) << std::get<std::string>(parsed);
  }
}

MapRequest momentumMap(HyperAxis x, HyperAxis y) {
  auto surface = makeSurface("quadratic");
  PixelSettings settings;
  settings.optimizer = std::get<Optimizer>(parseOptimizerSpec("momentum"));
  MapRequest request = basinRequest(std::move(*surface), std::move(settings), 120, 100);
  request.kind = MapKind::Hyper;
  request.x = std::move(x);
  request.y = std::move(y);
  return request;
}

// The overlay's drawn edge, read back through the picture's axes, is on the bound; the optimum is drawn
// where Polyak's formula puts it.
TEST(TheoryOverlay, DrawnEdgeLiesOnTheHeavyBallBound) {
  for (const MapRequest& request : {momentumMap({"lr", 0.05, 6.0, false}, {"momentum", 0.0, 0.99, false}),
                                    momentumMap({"lr", 0.1, 10.0, true}, {"momentum", 0.0, 0.95, false}),
                                    momentumMap({"momentum", 0.0, 0.9, false}, {"lr", 0.5, 5.0, true})}) {
    const auto overlay = theoryOverlay(request);
    ASSERT_TRUE(overlay);
    const bool lrOnX = request.x.name == "lr";
    ASSERT_FALSE(overlay->boundary.empty());
    for (const auto& piece : overlay->boundary)
      for (const Vec2 f : piece) {
        EXPECT_GE(f.x, 0.0);
        EXPECT_LE(f.x, 1.0);
        EXPECT_GE(f.y, 0.0);
        EXPECT_LE(f.y, 1.0);
        const Vec2 values = overlayValues(request, f);
        const double lr = lrOnX ? values.x : values.y, beta = lrOnX ? values.y : values.x;
        EXPECT_NEAR(lr * 1.0, 2.0 + 2.0 * beta, 1e-9) << lr << ", " << beta;  // L = 1 on the quadratic
      }
    ASSERT_TRUE(overlay->optimum);
    const auto best = optimalHeavyBall(1.0, 0.1);
    const Vec2 values = overlayValues(request, *overlay->optimum);
    EXPECT_NEAR(lrOnX ? values.x : values.y, best->lr, 1e-9);
    EXPECT_NEAR(lrOnX ? values.y : values.x, best->momentum, 1e-9);
    EXPECT_NE(overlay->optimumLabel.find("2.31"), std::string::npos) << overlay->optimumLabel;
    EXPECT_FALSE(overlay->notes.empty());
  }
  // Off the map: no mark, but the note still gives the optimum.
  const auto off = theoryOverlay(momentumMap({"lr", 1e-4, 1.0, true}, {"momentum", 0.0, 0.99, false}));
  ASSERT_TRUE(off);
  EXPECT_TRUE(off->boundary.empty());
  EXPECT_FALSE(off->optimum);
  bool mentioned = false;
  for (const std::string& note : off->notes)
    mentioned = mentioned || note.find("off this map") != std::string::npos;
  EXPECT_TRUE(mentioned);
}

// The drawn edge against the computed map: on the quadratic every pixel left of the white line converges
// (f ends below its start value, nothing diverged) and every pixel right of it does not, but for a few
// pixels next to the line where 600 steps cannot tell.
TEST(TheoryOverlay, ComputedMapConvergesLeftOfTheDrawnEdge) {
  MapRequest request = momentumMap({"lr", 0.05, 6.0, false}, {"momentum", 0.0, 0.99, false});
  request.width = 60;
  request.height = 50;
  request.settings.steps = 600;
  request.start = request.surface.start;
  const auto overlay = theoryOverlay(request);
  ASSERT_TRUE(overlay);
  ASSERT_EQ(overlay->boundary.size(), 1u);
  const std::vector<Vec2>& edge = overlay->boundary[0];  // from momentum 0 (bottom) up
  const auto edgeAt = [&](double v) {                    // the line's u at picture height v
    for (std::size_t k = 0; k + 1 < edge.size(); ++k) {
      const Vec2 a = edge[k], b = edge[k + 1];
      if ((v <= a.y && v >= b.y) || (v >= a.y && v <= b.y))
        return a.y == b.y ? a.x : a.x + (b.x - a.x) * (v - a.y) / (b.y - a.y);
    }
    return v > edge.front().y ? edge.front().x : edge.back().x;
  };
  const MapResult result = computeMap(request);
  const double startGap = request.surface.evaluator->value(request.start) - result.fStar;
  int agree = 0, left = 0;
  for (int py = 0; py < request.height; ++py)
    for (int px = 0; px < request.width; ++px) {
      const MapPixel& pixel = result.at(px, py);
      const bool converges = pixel.kind != EndKind::Diverged && pixel.run.loss - result.fStar < startGap;
      const double u = (px + 0.5) / request.width, v = (py + 0.5) / request.height;
      const bool leftOfEdge = u < edgeAt(v);
      agree += converges == leftOfEdge;
      left += leftOfEdge;
    }
  const int pixels = request.width * request.height;
  EXPECT_GE(agree, pixels * 99 / 100) << agree << " of " << pixels;
  EXPECT_GT(left, pixels / 4);
  EXPECT_LT(left, pixels * 3 / 4);
}

}  // namespace
}  // namespace gs
