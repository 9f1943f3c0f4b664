// How a scene is displayed: which views, which colours, which glyphs. One type for the app, which shows and
// edits it (Model::display), and for scene files, which save it (Scene::display), so an option is added once.
// Plain values: core knows nothing of how the app draws them.
#pragma once

namespace gs {

enum class ViewMode { Heatmap2D, Surface3D, SideBySide };  // scene files: "2d", "3d", "both"
enum class Colormap { Viridis, Magma, Diverging };         // "viridis", "magma", "diverging"

// JSON keys are the names in snake_case.
struct DisplayOptions {
  ViewMode mode = ViewMode::SideBySide;
  Colormap colormap = Colormap::Viridis;
  bool logScale = false;  // colour by log(f - fmin + 1e-?) instead of f
  bool contours = true;
  int contourCount = 16;
  bool wireframe = false;
  bool fadePaths = false;  // older path segments fade out
  bool gradientArrows = true;
  bool momentumArrows = true;
  bool stepArrows = false;
  bool secondMomentRects = true;
  bool lookahead = true;
  bool minima = true;
  double arrowScale = 1.0;  // world units per gradient unit, multiplied into arrows (1e-3 .. 1e3)
  bool operator==(const DisplayOptions&) const = default;
};

}  // namespace gs
