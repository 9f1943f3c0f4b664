// Presentation mode: the panels hidden, larger fonts, and the scene's title and explanation over the views.
#pragma once
#include <imgui.h>

#include <vector>

#include "model.hpp"
#include "ui/panels.hpp"

namespace gs {

// The scene's caption over the free area `views` (window coordinates): a window that can be collapsed
// (its arrow) and moved (its title bar), placed at first in the corner of the 2D view that holds the
// fewest path points and not the start. Beside it, in the next emptiest corner, the explainer (the selected
// run's current sub-step, its formula with the live numbers, and its navigation) in large type.
void drawPresentationOverlay(Model& model, UiState& ui, const Rect& views);
// Of `corners` (top-left positions of a width x height box), the first whose box holds the fewest of
// `points`; ties go to the earlier corner.
ImVec2 emptiestCorner(const std::vector<ImVec2>& corners, float width, float height,
                      const std::vector<ImVec2>& points);
// The scene's text size (legend, ticks) in presentation mode, in pixels at UI scale `uiScale`: larger than
// the window's for the back row.
float presentationTextPixels(float uiScale);
// Toggles presentation mode (fonts are rebuilt before the next frame).
void togglePresentation(UiState& ui);

}  // namespace gs
