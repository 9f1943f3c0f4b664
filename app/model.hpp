// What the app shows and edits: the runner (core), whose runs carry their own colour, visibility, name and
// fork origin, plus how the surface is displayed. Panels (app/ui) edit it; renderers (app/render) read it
// every frame. The window (app.cpp) owns one Model; there are no globals. The surface's name and formula
// are the runner's surface's own.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/io/display_options.hpp"
#include "core/io/map_settings.hpp"
#include "core/runner.hpp"
#include "core/surface/surface.hpp"

namespace gs {

using Color = Rgb;  // linear-ish sRGB in [0, 1]

// A path read from a CSV file (core/trajectory_io's importer), overlaid on the 2D view as a run of its own
// (it does not step): a dashed line in its colour.
struct ImportedOverlay {
  std::string label;  // the optimizer column, and the file it came from
  Color color{1, 1, 1};
  std::vector<Vec2> points;
  std::vector<std::int64_t> steps;  // parallel to points
};

enum class PlotAxis { Steps, GradientEvaluations };

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

class SeedBandCache;  // maps/seed_bands.hpp
std::shared_ptr<SeedBandCache> makeSeedBandCache();

struct Model {
  explicit Model(Surface surface);
  Runner runner;  // the runs, each with its look (colour, shown), origin and edit marks
  SurfaceParams surfaceParams;
  DisplayOptions display;
  Playback playback;
  View2D view2d;
  View3D view3d;
  int hoveredRun = -1;  // plots: the run and step under the mouse, highlighted on the surface
  std::int64_t hoveredStep = -1;
  std::uint64_t surfaceVersion = 0;            // bumped whenever the surface changes (renderers re-upload)
  std::vector<ImportedOverlay> importedPaths;  // CSV paths overlaid on the 2D view (export panel)
  MapSettings maps;                            // the Maps panel's map (saved in scenes)
  // Run-steps one frame may spend recomputing paths (what-if edits, a moved start, a new surface); the
  // rest is computed over the next frames (catchUpPaths). kAllSteps (the default: headless, tests): at once.
  std::int64_t pathBudget = Runner::kAllSteps;
  std::int64_t pathStepsThisFrame = 0;  // of the budget, spent so far this frame
  // Derived, never saved: the seed bands of noisy runs (display.seeds), computed on demand and shared by
  // the 2D view and the plots. Keyed by everything a band depends on, so a stale entry is never shown.
  std::shared_ptr<SeedBandCache> seedBands = makeSeedBandCache();
};

// The scene `gradscape` opens with when given none: something worth seeing at once.
Model makeDefaultModel();
// Appends a run with the next colour of the colour-blind-safe palette; returns its index.
std::size_t addRun(Model& model, RunSpec spec);
// Replaces the surface (bumps surfaceVersion); every run's path is recomputed from the surface's default
// start to the current step.
void setSurface(Model& model, Surface surface);
// Forks run `index` at the current step: the copy gets another colour and the label "fork of X at step k".
// Its origin (parent and fork step) is the runner's record of the fork.
std::size_t forkRun(Model& model, std::size_t index);
// Where an edit of a run's settings applies from.
enum class EditFrom {
  // What-if, the default: the run's whole path, from its start (a fork's: from its fork step) to the
  // current step, is recomputed with the new settings, as if the run had had them from the start. Its
  // "from here" edits go: the settings shown are the settings it runs with.
  Start,
  // An explicit change from the current step on: the path so far stays, the change is recorded at this
  // step (seeking and scrubbing replay it) and marked on the timeline.
  CurrentStep,
};
// A run's settings changed, in one call (nothing else to remember to call). The run's name follows its
// hyperparameters unless the user typed one.
void editRun(Model& model, std::size_t index, const RunSettings& settings, EditFrom from = EditFrom::Start);
// Several runs' settings at once (a later edit of the same run wins): what-if paths are recomputed side by
// side on the CPU's cores, as one slider moving many runs' values needs.
struct RunEdit {
  std::size_t index;
  RunSettings settings;
};
void editRuns(Model& model, std::span<const RunEdit> edits, EditFrom from = EditFrom::Start);
// A hyperparameter as a run's name writes it: the shortest of 4 to 6 significant digits that gives the
// value back ("0.0003", never "0.00030000000000000003"), else 4 digits, or up to 6 when fewer would read
// as `defaultValue` while the value differs from it.
std::string formatHyperparameter(double value, std::optional<double> defaultValue = std::nullopt);
// The name a run gets from its settings: the optimizer, its learning rate, and every other hyperparameter
// that differs from the optimizer's defaults ("adam lr=0.3 beta1=0.5").
std::string runName(const Optimizer& optimizer);
// A name given by the user or a scene with each "key=value" word that states one of the run's
// hyperparameters written with its value now ("gd lr=1.9" -> "gd lr=0.2"); other words stay as they are
// ("beta=0.6" where the optimizer calls it momentum, "lr=1/L").
std::string withCurrentSettings(const std::string& name, const Optimizer& optimizer);
// A fork's label ("fork of sgd lr=0.01 at step 20") after an edit of the fork: the part naming where it
// came from stays as it was (it names the parent), and the fork's own settings that it does not state
// follow a colon ("fork of sgd lr=0.01 at step 20: lr=0.5"). Any other label: withCurrentSettings.
std::string forkLabelWithSettings(const std::string& label, const Optimizer& optimizer);
// The user typed a name (empty: the name follows the hyperparameters again).
void renameRun(Model& model, std::size_t index, const std::string& name);
// The start moved (the marker dragged): every run's path is recomputed from the new start to the current
// step, as a what-if edit is.
void moveStart(Model& model, Vec2 start);
// Removes a run; forks of it lose their fork marker.
void removeRun(Model& model, std::size_t index);
// Imports every path of a CSV file in the columns `gradscape trace` writes as overlays (colours after the
// runs'); returns how many were added, or the importer's error (naming the line). Nothing changes on error.
std::variant<std::size_t, std::string> importPathsCsv(Model& model, const std::string& path);

// The window's budget: the explore benchmark's 16 runs x 2 000 steps fit in one frame with room to spare
// (about 3 ms on two cores of the 2-core test machine); longer paths grow over the next frames.
constexpr std::int64_t kFramePathBudget = 48000;
// Takes on the paths still behind the current step with what is left of this frame's budget, then
// starts the next frame's (the window calls it once a frame, after the panels and playback).
void catchUpPaths(Model& model);
// Every path whole now, whatever the budget (before an export, a fork, an edit recorded at this step).
void finishPaths(Model& model);

// A 2D view that shows all of `domain` (with a small margin) in a viewport of the given pixel size.
View2D frameDomain(const Domain& domain, double widthPixels, double heightPixels);

}  // namespace gs
