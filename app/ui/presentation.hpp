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
// numbers, its navigation) with the views in `area` (window coordinates), each a window that can be folded
// (its arrow). The explainer, unfolded, fills a column at the right of `area` at full size (explainerDock)
// and the views make room (presentationViews); folded, or where `area` is too narrow for the column, it
// floats over the views like the caption. The floating windows can be moved (their title bars) and are
// placed where they hide no path and no start (see placePresentationWindows) whenever what the views show
// changes, unless the lecturer has moved them.
void drawPresentationOverlay(Model& model, UiState& ui, const Rect& area);
// The column the explainer docks in, at the right of `area` for font size `fontSize`: 28% of the width,
// between 13 and 20 font sizes; none where that would leave the views less than 64% of the width.
std::optional<Rect> explainerDock(const Rect& area, float fontSize);
// What `area` leaves the views in presentation mode: all of it, less the explainer's column while the
// explainer is docked (unfolded). Call it with the current font (the column is measured in font sizes).
Rect presentationViews(const UiState& ui, const Rect& area);

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
  bool explainerDocked = false;      // in its own column, off the views: the caption alone is placed
  bool explainerKeptFolded = false;  // folded by the lecturer: its title bar alone is placed
  float margin = 8.0f;               // between a window and the views' edges, the notes and the other window
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
// The scale a frame `windowHeight` window pixels tall is drawn at: the user's UI scale, and in presentation
// mode at least the window's height over 1080 (in quarter steps, at most 4), so that a projector or monitor
// of 3840x2160 at a content scale of 1 shows the slide a 1920x1080 one does, twice as large.
float drawScale(const UiState& ui, float windowHeight);
// Toggles presentation mode (fonts are rebuilt before the next frame).
void togglePresentation(UiState& ui);

}  // namespace gs
