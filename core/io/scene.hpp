// A scene: everything needed to reopen a demo exactly: the surface (catalog name or formula), the start,
// the runs with their hyperparameters, schedules and colours, what is displayed, the view and playback.
// Stored as versioned JSON:
//   {"version": 1, "title": ..., "explanation": ...,
//    "surface": {"name": "rosenbrock"} or {"formula": "x^2 + y^2"}, optional "params", "domain",
//    "start": [x, y],
//    "runs": [{"optimizer": "adam", "label", "params": {"lr": 0.1}, "schedule": "cosine:total=500",
//              "batch", "seed", "color": [r, g, b], "enabled",
//              "glyph": {"name": "mhat", "scale": 10} (a program run's named vector drawn at its ball)}],
//    "display": {...}, "view": {...}, "playback": {"steps_per_second", "max_steps"},
//    optional "maps": {...} (map_settings.hpp)}
// core knows nothing of the app: view options are plain fields here (app/scene_bridge maps them); the
// display options are one plain type the app uses as it is (display_options.hpp).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/io/display_options.hpp"
#include "core/io/map_settings.hpp"
#include "core/optim/schedule.hpp"
#include "core/runner.hpp"
#include "core/surface/surface.hpp"

namespace gs {

inline constexpr int kSceneVersion = 1;
// A scene with more runs is refused: each run costs memory and drawing time for every step.
inline constexpr std::size_t kMaxSceneRuns = 64;

struct SceneSurface {
  std::string name;              // catalog name; empty when `formula` is set
  std::string formula;           // a custom formula (expression.hpp)
  SurfaceParams params;          // quadratic and data surfaces
  std::optional<Domain> domain;  // absent: the surface's own
};

struct SceneRun {
  std::string optimizer;  // catalog name, e.g. "nesterov"; "program" for a user-written optimizer
  // A user-written optimizer's text (program.hpp), saved inside the scene: the run's optimizer is then
  // Optimizer::fromProgram of it, and params name the program's hyperparameters. Empty for a built-in.
  std::string program;
  std::string label;  // empty: the optimizer's name
  // Only the hyperparameters the scene sets, in file order; the rest keep their defaults. Booleans are
  // 0/1 and choices their index, as Optimizer::setParam takes them.
  std::vector<std::pair<std::string, double>> params;
  Schedule schedule;
  int batch = 0;                               // minibatch size on data surfaces; 0 = full batch
  std::uint64_t seed = 1;                      // minibatch sampling seed
  std::optional<std::array<double, 3>> color;  // RGB in [0, 1]; absent: the next palette colour
  bool enabled = true;
  // A program run's named vector drawn at its ball (RunLook::glyphName, glyphScale); empty: none.
  std::string glyph;
  double glyphScale = 1.0;
};

// The largest glyph scale a scene may set (either sign); 0 is refused (it would draw nothing).
inline constexpr double kMaxGlyphScale = 1e9;

struct SceneView {
  // 2D: the centre and zoom of the heatmap. Absent: fit the domain.
  std::optional<std::array<double, 2>> center;
  std::optional<double> unitsPerPixel;
  // 3D orbit camera.
  double yaw = -0.6, pitch = 0.6, distance = 3.0;
  double targetX = 0.0, targetY = 0.0;
  double heightScale = 1.0;
};

struct ScenePlayback {
  double stepsPerSecond = 20.0;  // 1 .. 5000
  std::int64_t maxSteps = 2000;  // 1 .. 10 000 000
};

struct Scene {
  std::string title;
  std::string explanation;  // a few sentences shown in the app and in presentation mode
  SceneSurface surface;
  std::optional<Vec2> start;  // absent: the surface's default start
  std::vector<SceneRun> runs;
  DisplayOptions display;
  SceneView view;
  ScenePlayback playback;
  std::optional<MapSettings> maps;  // the Maps panel's map; absent: none set up
};

// Parses and validates a scene: JSON syntax ("3:14: expected ','"), version, types, ranges, surface
// names and formulas, optimizer names and hyperparameters, schedules. Errors name the field and the
// reason, e.g. "runs[2].params.lr: -1 is out of range [0, 10]". Anything a file could make unbounded is
// refused with a message: more than kMaxSceneRuns runs, very long titles, labels or formulas. Text
// quoted from the file has its control characters escaped (printable.hpp).
std::variant<Scene, std::string> parseScene(std::string_view json);
// Reads and parses a file; errors are prefixed with the path.
std::variant<Scene, std::string> loadScene(const std::string& path);

// The scene as JSON text (version 1); parseScene(sceneToJson(s)) gives back s.
std::string sceneToJson(const Scene& scene);
// Atomic: a temporary file in the same directory, flushed, then renamed. Error message or nullopt.
std::optional<std::string> saveScene(const std::string& path, const Scene& scene);

// What the scene describes, ready to run. Errors name the field, as parseScene's do.
std::variant<Surface, std::string> buildSurface(const SceneSurface& surface);
std::variant<RunSpec, std::string> buildRun(const SceneRun& run, std::size_t index);
// The surface's start unless the scene gives one.
Vec2 startOf(const Scene& scene, const Surface& surface);

}  // namespace gs
