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

}  // namespace gs
