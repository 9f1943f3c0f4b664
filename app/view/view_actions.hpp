// What the views do when clicked or keyed, without GL: the on-view buttons and legend rows (hotspots the
// scene renderer lays out each frame), and "fit view" (key F), which frames the paths or the domain.
#pragma once
#include <cstddef>
#include <vector>

#include "model.hpp"
#include "view/view2d.hpp"

namespace gs {

enum class HotspotAction { ToggleRun, ZoomIn, ZoomOut, ResetCamera, FitView };
struct Hotspot {
  PixelRect rect;
  HotspotAction action = HotspotAction::FitView;
  std::size_t run = 0;  // ToggleRun
};
// The last hotspot (the one drawn on top) that contains `pixel`, or nullptr.
const Hotspot* hitHotspot(const std::vector<Hotspot>& hotspots, Vec2 pixel);
// Carries out a hotspot's action; `view2d` is where the 2D view is (for FitView), if shown.
void applyHotspot(Model& model, const Hotspot& hotspot, const std::optional<PixelRect>& view2d);

// The rectangle the enabled runs' paths span, leaving out points of diverged runs more than ten domain
// sizes away; the domain when no path spans anything.
Domain pathBounds(const Model& model);
// The 2D view framed on pathBounds (with the margin frameDomain leaves) and the 3D camera reset to the
// whole surface.
void fitView(Model& model, const std::optional<PixelRect>& view2d);

// The arrow scale (Display's "arrow scale", DisplayOptions::arrowScale): surface units drawn per unit of
// gradient, one scale for every glyph in gradient units (the -gradient, first-moment and step/lr arrows,
// the sqrt(v) bars, and the explainer's g, m and v), stated in the glyph legend and on the explainer's
// plate. Scenes accept 1e-3 to 1e3.
inline constexpr double kMinArrowScale = 1e-3, kMaxArrowScale = 1e3;
// A nice arrow scale (1, 2 or 5 times a power of ten, within the bounds above) at which a quantity of
// size `largest` (gradient units) is drawn at most a sixth of the domain's shorter side long, and at
// least four tenths of that; `current` when `largest` is not finite and positive.
double niceArrowScale(double largest, const Domain& domain, double current);
// The largest quantity the views draw in gradient units at the enabled, finite runs' balls now (of the
// glyph kinds shown; the gradient where none is), or the gradient at the start before any step.
double largestArrowQuantity(const Model& model);
// Display's arrow scale fitted to largestArrowQuantity (the "fit" beside the arrow scale slider).
void fitArrowScale(Model& model);

}  // namespace gs
