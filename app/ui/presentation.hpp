// Presentation mode: the panels hidden, larger fonts, and the scene's title and explanation over the views.
#pragma once
#include <imgui.h>

#include <functional>
#include <optional>
#include <vector>

#include "model.hpp"
#include "ui/panels.hpp"

namespace gs {

// The scene's caption and the explainer (the selected run's current sub-step, its formula with the live
// numbers, its navigation) over the free area `views` (window coordinates), each a window that can be
// folded (its arrow) and moved (its title bar). They are placed where they hide no path and no start (see
// placePresentationWindows) whenever what the views show changes, unless the lecturer has moved them.
void drawPresentationOverlay(Model& model, UiState& ui, const Rect& views);

// What the caption and the explainer must not hide, in window coordinates.
struct PresentationScene {
  Rect views;                      // the free area: the windows stay inside it
  std::vector<Rect> regions;       // each view less its axis labels: a window goes inside one of them
  std::vector<ImVec2> starts;      // the start marker, in each view
  std::vector<ImVec2> pathPoints;  // the runs' paths, on to playback's last step, in each view
  std::vector<Rect> obstacles;     // notes drawn over the views: the run legend, step counter, 3D buttons
  Rect statusPlate;                // of the obstacles: the step counter and its hint
  std::optional<Rect> runLegend;   // of the obstacles: the run legend, where it is shown
};
// `model`'s start and paths (continued on a copy of the runner to playback's last step, so that the paths
// the lecture is about to show count too) projected into the views laid out in `views`, and the notes
// drawn over them at the scene text size `textPixels`, as the scene renderer lays them out.
PresentationScene presentationScene(const Model& model, const UiState& ui, const Rect& views,
                                    float textPixels);

struct PresentationSizes {
  std::function<float(float width)> captionHeight;   // the caption unfolded at this width
  float captionWidth = 0.0f;                         // the width it is given where it fits
  ImVec2 captionFolded;                              // folded: its title bar alone
  std::function<ImVec2(float scale)> explainerSize;  // the explainer at this font scale, sized to its content
  ImVec2 explainerFolded;
  float margin = 8.0f;  // between a window and the views' edges, the notes and the other window
};
struct PresentationPlacement {
  Rect caption, explainer;  // their boxes (a folded window's title bar)
  bool captionFolded = false, explainerFolded = false;
  float explainerScale = 1.0f;  // the explainer's font scale: below 1 where that finds it a free place
  int coveredPoints = 0;        // path points under either window (0 but where nowhere was free)
};
// Places the explainer, then the caption, at a corner or an edge's middle of one view where the box
// covers no start, no note and the fewest path points (none where possible), farthest from the paths on
// a tie. Where no place is free the explainer is drawn smaller (down to 65%), and then folded to its
// title bar; the caption narrower, and then folded. The two windows never cover more than half of the
// views.
PresentationPlacement placePresentationWindows(const PresentationScene& scene,
                                               const PresentationSizes& sizes);

// The scene's text size (legend, ticks) in presentation mode, in pixels at UI scale `uiScale`: larger than
// the window's for the back row.
float presentationTextPixels(float uiScale);
// Toggles presentation mode (fonts are rebuilt before the next frame).
void togglePresentation(UiState& ui);

}  // namespace gs
