// A noisy run's seed band on the 2D view (maps/seed_bands.hpp): a translucent strip in the run's colour,
// one standard deviation either side of the mean path, the mean path dashed along its middle, and the
// seeds' spread at the current step as an ellipse (mean +- one deviation per coordinate).
#pragma once
#include <cstdint>
#include <vector>

#include "core/maps/seeds.hpp"
#include "model.hpp"
#include "render/overlay_renderer.hpp"
#include "render/scene_projection.hpp"

namespace gs {

// The strip in surface coordinates, one entry per band row up to `lastStep` whose numbers are finite.
// At each row the band's half-width across the path is the extent of the deviation ellipse (semi-axes
// deviation.x, deviation.y) along the path's normal n: sqrt((n.x dx)^2 + (n.y dy)^2).
struct SeedBandStrip {
  std::vector<std::int64_t> steps;
  std::vector<Vec2> mean, left, right;
  Vec2 lastDeviation;  // the deviation at the last row (the ellipse)
};
SeedBandStrip seedBandStrip(const SeedBand& band, std::int64_t lastStep);

// Draws the bands of every shown run that has one (2D only; nothing for runs without a band).
void drawSeedBands(OverlayRenderer& overlay, const Model& model, const ScreenProjection& projection);

}  // namespace gs
