// How a scene is displayed: which views, which colours, which glyphs. One type for the app, which shows and
// edits it (Model::display), and for scene files, which save it (Scene::display), so an option is added once.
// Plain values: core knows nothing of how the app draws them.
#pragma once

namespace gs {

enum class ViewMode { Heatmap2D, Surface3D, SideBySide };  // scene files: "2d", "3d", "both"
enum class Colormap { Viridis, Magma, Diverging };         // "viridis", "magma", "diverging"
enum class Theme { Dark, Light };                          // "dark", "light" (for projectors)

// JSON keys are the names in snake_case.
inline constexpr int kMaxDisplaySeeds = 256;  // every seed steps as many steps as the runs

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
  double arrowScale = 1.0;       // world units per gradient unit, multiplied into arrows (1e-3 .. 1e3)
  bool componentArrows = false;  // arrows drawn as their x and y components (the per-coordinate lesson)
  bool meshContours = false;     // contour bands on the 3D mesh, at the 2D view's levels
  bool runLegend = true;         // the runs' names, settings and status on the views
  // Samples per pixel of the 3D view (0: none). On a software renderer (llvmpipe) 2 or 4 samples make the
  // scene's part of a frame three to four times as costly (gradscape bench), so the default is off; paths
  // and balls have smooth edges without it.
  int msaaSamples = 0;
  // Panels and the 3D view's background: dark, or light for projectors that wash dark greys out.
  Theme theme = Theme::Dark;
  // Noisy runs (minibatches on a data surface): K > 1 steps K seeds of each such run (its seed S to
  // S + K - 1, as `gradscape trace --seeds K`) and draws their mean path and loss with a band of one
  // standard deviation. 1: the run's own path only.
  int seeds = 1;
  bool operator==(const DisplayOptions&) const = default;
};

}  // namespace gs
