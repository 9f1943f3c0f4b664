#include "render/seed_band_glyphs.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "maps/seed_bands.hpp"

namespace gs {
namespace {

constexpr Rgba kInk{0.06f, 0.06f, 0.08f, 1.0f};
constexpr float kBandAlpha = 0.35f;
constexpr double kMinScreenMove = 1.5;  // pixels: closer rows of the strip are merged
// Projected points beyond this many pixels are left out: the overlay's floats stay meaningful, and a
// seed on its way to divergence does not stretch the strip across the window.
constexpr double kMaxScreen = 1e6;

bool finiteRow(const SeedBandRow& row) {
  return row.seeds > 0 && isFinite(row.mean) && isFinite(row.deviation);
}

bool usable(const std::optional<Vec2>& p) {
  return p && isFinite(*p) && std::fabs(p->x) < kMaxScreen && std::fabs(p->y) < kMaxScreen;
}

}  // namespace

SeedBandStrip seedBandStrip(const SeedBand& band, std::int64_t lastStep) {
  std::vector<const SeedBandRow*> rows;
  for (const SeedBandRow& row : band.rows)
    if (row.step <= lastStep && finiteRow(row)) rows.push_back(&row);
  SeedBandStrip strip;
  Vec2 normal{0.0, 1.0};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const SeedBandRow& row = *rows[i];
    // The path's direction here, over as many rows either side as it takes to move at least the band's
    // width: the mean of a few dozen noisy seeds jitters from step to step (most where it has nearly
    // stopped), and a normal that follows every jitter twists the strip into spikes. Where the mean does
    // not move at all the previous normal is kept.
    const double scale = std::max(row.deviation.x, row.deviation.y);
    Vec2 tangent;
    for (std::size_t reach = 1;; reach *= 2) {
      tangent = rows[std::min(i + reach, rows.size() - 1)]->mean - rows[i >= reach ? i - reach : 0]->mean;
      if (norm(tangent) >= scale || reach >= rows.size()) break;
    }
    const double length = norm(tangent);
    if (length > 0.0 && std::isfinite(length)) normal = Vec2{-tangent.y / length, tangent.x / length};
    const double half = std::hypot(normal.x * row.deviation.x, normal.y * row.deviation.y);
    strip.steps.push_back(row.step);
    strip.mean.push_back(row.mean);
    strip.left.push_back(row.mean + normal * half);
    strip.right.push_back(row.mean - normal * half);
    strip.lastDeviation = row.deviation;
  }
  return strip;
}

void drawSeedBands(OverlayRenderer& overlay, const Model& model, const ScreenProjection& projection) {
  if (projection.is3D || model.display.seeds <= 1) return;
  if (model.seedBands) model.seedBands->prune(model);
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const Run& run = model.runner.run(i);
    if (!run.look().enabled) continue;
    const SeedBand* band = seedBandOf(model, i);
    if (!band) continue;
    const SeedBandStrip strip = seedBandStrip(*band, run.step());
    if (strip.mean.empty()) continue;
    const Color& c = run.look().color;
    const Rgba fill{c[0], c[1], c[2], kBandAlpha}, line{c[0], c[1], c[2], 1.0f};
    // The strip, thinned in screen space.
    bool connected = false;  // the previous kept row is drawn and joins this one
    Vec2 lastMean, lastLeft, lastRight;
    std::vector<Vec2> meanLine;
    for (std::size_t k = 0; k < strip.mean.size(); ++k) {
      const auto m = projection.at(strip.mean[k]), l = projection.at(strip.left[k]),
                 r = projection.at(strip.right[k]);
      if (!usable(m) || !usable(l) || !usable(r)) {
        connected = false;
        continue;
      }
      const bool lastRow = k + 1 == strip.mean.size();
      if (connected && !lastRow && norm(*m - lastMean) < kMinScreenMove) continue;
      if (connected) overlay.quad(lastLeft, *l, *r, lastRight, fill);
      lastMean = *m, lastLeft = *l, lastRight = *r;
      connected = true;
      meanLine.push_back(*m);
    }
    // The mean path, dashed (the run's own path is solid): 8 pixels drawn, 5 left out.
    double along = 0.0;
    for (std::size_t k = 0; k + 1 < meanLine.size(); ++k) {
      const Vec2 a = meanLine[k], b = meanLine[k + 1];
      const double length = norm(b - a);
      if (std::fmod(along, 13.0) < 8.0) {
        overlay.line(a, b, 4.0f, kInk);
        overlay.line(a, b, 2.0f, line);
      }
      along += length;
    }
    // The seeds' spread now: the deviation ellipse at the last row.
    const Vec2 centre = strip.mean.back(), d = strip.lastDeviation;
    constexpr int kSides = 40;
    std::optional<Vec2> previous;
    const auto centreScreen = projection.at(centre);
    for (int k = 0; k <= kSides; ++k) {
      const double angle = 2.0 * std::numbers::pi * k / kSides;
      const auto p = projection.at(centre + Vec2{d.x * std::cos(angle), d.y * std::sin(angle)});
      if (!usable(p)) {
        previous.reset();
        continue;
      }
      if (previous) {
        if (usable(centreScreen)) overlay.triangle(*centreScreen, *previous, *p, fill);
        overlay.line(*previous, *p, 1.5f, line);
      }
      previous = p;
    }
  }
}

}  // namespace gs
