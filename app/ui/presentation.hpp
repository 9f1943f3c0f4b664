// Presentation mode: the panels hidden, larger fonts, and the scene's title and explanation over the views.
#pragma once
#include "ui/panels.hpp"

namespace gs {

// The scene's caption over the free area `views` (window coordinates).
void drawPresentationOverlay(const UiState& ui, const Rect& views);
// Toggles presentation mode (fonts are rebuilt before the next frame).
void togglePresentation(UiState& ui);

}  // namespace gs
