#include "layout.hpp"

#include <algorithm>

namespace gs {

UiLayout computeLayout(float windowWidth, float windowHeight, float uiScale, bool panelsVisible) {
  const float width = std::max(windowWidth, 0.0f), height = std::max(windowHeight, 0.0f);
  UiLayout layout;
  if (!panelsVisible) {
    layout.views = {0, 0, width, height};
    return layout;
  }
  const float scale = std::clamp(uiScale, 0.5f, 4.0f);
  // Sidebars never take more than a quarter of the width each, so the views keep at least half of it.
  const float left = std::min(340.0f * scale, 0.25f * width);
  const float right = std::min(380.0f * scale, 0.25f * width);
  const float centre = std::max(width - left - right, 0.0f);
  const float playback = std::min(134.0f * scale, 0.25f * height);  // title bar and three rows
  const float plots = std::min(230.0f * scale, 0.3f * height);

  // The surface and display panels hold a fixed amount; the run list, which grows, takes the rest.
  const float surfaceHeight = std::min(265.0f * scale, 0.32f * height);
  const float displayHeight = std::min(300.0f * scale, 0.3f * height);
  const float optimizersHeight = std::max(height - surfaceHeight - displayHeight, 0.0f);
  layout.surface = {0, 0, left, surfaceHeight};
  layout.optimizers = {0, surfaceHeight, left, optimizersHeight};
  layout.display = {0, surfaceHeight + optimizersHeight, left, height - surfaceHeight - optimizersHeight};
  // Right column: the inspector, the teach panel (explainer and scenes), the export panel.
  const float teachHeight = std::min(420.0f * scale, 0.42f * height);
  const float exportHeight = std::min(250.0f * scale, 0.26f * height);
  const float inspectorHeight = std::max(height - teachHeight - exportHeight, 0.0f);
  layout.inspector = {width - right, 0, right, inspectorHeight};
  layout.teach = {width - right, inspectorHeight, right, teachHeight};
  layout.exporter = {width - right, inspectorHeight + teachHeight, right,
                     std::max(height - inspectorHeight - teachHeight, 0.0f)};
  layout.playback = {left, height - playback, centre, playback};
  layout.plots = {left, height - playback - plots, centre, plots};
  layout.views = {left, 0, centre, std::max(height - playback - plots, 0.0f)};
  return layout;
}

}  // namespace gs
