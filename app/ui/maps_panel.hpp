// The Maps panel (issue "#9"): a basin-of-attraction map drawn over the 2D view, or a hyperparameter map
// drawn in the panel, for one run, computed in the background (maps/map_runner.hpp) coarse to fine with
// progress and cancel, restarted when its settings, the run or the surface change. Hovering a basin pixel
// draws that start's path; clicking restarts every run there (the controller's click, snapped to the
// pixel's start). On a hyperparameter map a crosshair marks the run's values; clicking a pixel sets them.
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "core/maps/map.hpp"
#include "model.hpp"
#include "render/image_layer.hpp"
#include "ui/panels.hpp"

namespace gs {

// The request model.maps describes for its run, or the problem with the settings (one line naming it,
// as `gradscape map` names the argument), in which case nothing is computed.
std::variant<MapRequest, std::string> mapRequestFor(const Model& model);

// Keeps the background map in step with model.maps (start, restart, cancel when hidden) and, where a basin
// map lies over the 2D view in the free area `views` (window coordinates), draws the hovered start's path
// and its tooltip. drawUi calls it every frame.
void drawMapOverlay(Model& model, UiState& ui, const Rect& views);
// The basin map the scene lays over the 2D view this frame (after drawMapOverlay): no texture when none.
MapLayer basinMapLayer(const Model& model, const UiState& ui);

// A click at surface point `point` on the 2D view: the start of the basin pixel under it when a basin map
// is shown there (so the runs restart exactly where the hovered path began), else the point itself.
Vec2 snapToMapPixel(const UiState& ui, Vec2 point);

// The map as last shown (tests, export): null before the first level arrives.
const MapResult* shownMap(const UiState& ui);
// What of the current map (the one the last settings change started) is on screen: `gradscape bench
// --map` times a settings change to the first coarse level and to full resolution with it.
struct MapOnScreen {
  std::uint64_t generation = 0;  // counts the maps started: a change of settings starts the next
  bool shown = false;            // some of this map is uploaded (the frame that drew it shows it)
  int stride = 0;                // its finest complete level (8: the first coarse one; 1: complete)
  bool complete = false;
};
MapOnScreen mapOnScreen(const UiState& ui);
// Blocks until the map under way is finished (tests and screenshots).
void waitForMap(UiState& ui);

}  // namespace gs
