// What the app shows and edits: the runner (core) plus how each run and the surface are displayed.
// Panels (app/ui) edit it; renderers (app/render) read it every frame. main owns one App, no globals.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/runner.hpp"
#include "core/surface/surface.hpp"

namespace gs {

using Color = std::array<float, 3>;  // linear-ish sRGB in [0, 1]

struct RunView {
  Color color{1, 1, 1};
  bool enabled = true;        // disabled runs keep stepping (lockstep) but are not drawn
  int forkedFrom = -1;        // index of the run this one was forked from, or -1
  std::int64_t forkStep = 0;  // where the fork split (a marker is drawn there)
};

// A path read from a CSV file (core/trajectory_io's importer), overlaid on the 2D view as a run of its own
// (it does not step): a dashed line in its colour.
struct ImportedOverlay {
  std::string label;  // the optimizer column, and the file it came from
  Color color{1, 1, 1};
  std::vector<Vec2> points;
  std::vector<std::int64_t> steps;  // parallel to points
};

enum class Colormap { Viridis, Magma, Diverging };
enum class ViewMode { Heatmap2D, Surface3D, SideBySide };
enum class PlotAxis { Steps, GradientEvaluations };

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
  float arrowScale = 1.0f;       // world units per gradient unit, multiplied into arrows
  bool componentArrows = false;  // arrows drawn as their x and y components (the per-coordinate lesson)
  bool meshContours = false;     // contour bands on the 3D mesh, at the 2D view's levels
  bool runLegend = true;         // the runs' names, settings and status on the views
  // Samples per pixel of the 3D view (0: none). On a software renderer (llvmpipe) 2 or 4 samples make the
  // scene's part of a frame three to four times as costly (gradscape bench), so the default is off; paths
  // and balls have smooth edges without it.
  int msaaSamples = 0;
};

struct View2D {
  double centerX = 0.0, centerY = 0.0;
  double unitsPerPixel = 0.01;  // world units per framebuffer pixel
};

struct View3D {
  float yaw = -0.6f, pitch = 0.6f, distance = 3.0f;  // orbit around the domain's centre
  float targetX = 0.0f, targetY = 0.0f;              // pan (normalised domain units)
  float heightScale = 1.0f;
};

struct Playback {
  bool playing = false;
  double stepsPerSecond = 20.0;  // 1 .. 5000
  std::int64_t maxSteps = 2000;  // playback stops here
  double accumulator = 0.0;      // fractional steps owed (fixed time step)
};

struct Model {
  explicit Model(Surface surface);
  Runner runner;
  std::vector<RunView> runViews;  // parallel to runner runs
  std::string surfaceName;        // catalog name, or "custom"
  std::string formula;            // the custom formula text when surfaceName == "custom"
  SurfaceParams surfaceParams;
  DisplayOptions display;
  Playback playback;
  View2D view2d;
  View3D view3d;
  int hoveredRun = -1;  // plots: the run and step under the mouse, highlighted on the surface
  std::int64_t hoveredStep = -1;
  std::uint64_t surfaceVersion = 0;            // bumped whenever the surface changes (renderers re-upload)
  std::vector<ImportedOverlay> importedPaths;  // CSV paths overlaid on the 2D view (export panel)
};

// The scene `gradscape` opens with when given none: something worth seeing at once.
Model makeDefaultModel();
// Appends a run with the next colour of the colour-blind-safe palette; returns its index.
std::size_t addRun(Model& model, RunSpec spec);
// Replaces the surface (bumps surfaceVersion, restarts every run at the surface's default start).
void setSurface(Model& model, Surface surface);
// Forks run `index` at the current step: the copy gets another colour and the label "fork of X at step k".
std::size_t forkRun(Model& model, std::size_t index);
// Removes a run and its view; forks of it lose their fork marker.
void removeRun(Model& model, std::size_t index);
// Imports every path of a CSV file in the columns `gradscape trace` writes as overlays (colours after the
// runs'); returns how many were added, or the importer's error (naming the line). Nothing changes on error.
std::variant<std::size_t, std::string> importPathsCsv(Model& model, const std::string& path);

// A 2D view that shows all of `domain` (with a small margin) in a viewport of the given pixel size.
View2D frameDomain(const Domain& domain, double widthPixels, double heightPixels);

}  // namespace gs
