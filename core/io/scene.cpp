#include "core/io/scene.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>

#include "core/expr/expression.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/json.hpp"
#include "core/io/json_read.hpp"
#include "core/io/printable.hpp"
#include "core/optim/program.hpp"

namespace gs {
namespace {

using json_read::checkKeys;
using json_read::expect;
using json_read::fail;
using json_read::indexed;
using json_read::integer;
using json_read::join;
using json_read::number;
// Validation stops at the first problem by throwing; parseScene turns it into its error message.
using SceneError = json_read::JsonReadError;

Vec2 point(const Json& value, const std::string& path, double limit) {
  const auto& items = expect(value, Json::Type::Array, path).asArray();
  if (items.size() != 2) fail(path, "expected [x, y], got " + std::to_string(items.size()) + " numbers");
  return {number(items[0], indexed(path, 0), -limit, limit),
          number(items[1], indexed(path, 1), -limit, limit)};
}

std::string choice(const Json& value, const std::string& path,
                   std::initializer_list<std::string_view> options) {
  const std::string& s = expect(value, Json::Type::String, path).asString();
  std::string list;
  for (const auto option : options) {
    if (s == option) return s;
    list += (list.empty() ? "\"" : ", \"") + std::string(option) + "\"";
  }
  fail(path, "\"" + s + "\" is not one of " + list);
}

// Calls `read` with the member `key` of `object` when it is present.
template <typename Read>
void ifPresent(const Json& object, std::string_view key, const std::string& path, Read read) {
  if (const Json* member = object.find(key)) read(*member, join(path, key));
}

constexpr double kMaxSeed = 9007199254740992.0;  // 2^53: seeds above this do not survive a JSON double
constexpr double kMaxCoordinate = 1e6;
constexpr std::size_t kMaxSceneBytes = std::size_t{16} << 20;
// What a scene file could otherwise make as large as it likes. Runs cost memory and drawing time in
// the app for every step (a 200 000-run scene took 24 GB); 64 is more than any lesson compares at once.
constexpr std::size_t kMaxTitleBytes = 200;
constexpr std::size_t kMaxLabelBytes = 200;
constexpr std::size_t kMaxExplanationBytes = 20'000;
constexpr std::size_t kMaxFormulaBytes = 10'000;
constexpr std::size_t kMaxSurfaceNameBytes = 200;
constexpr std::size_t kMaxScheduleBytes = 200;

const std::string& boundedString(const Json& value, const std::string& path, std::size_t maxBytes) {
  const std::string& s = expect(value, Json::Type::String, path).asString();
  if (s.size() > maxBytes)
    fail(path, "too long (" + std::to_string(s.size()) + " bytes; at most " + std::to_string(maxBytes) + ")");
  return s;
}

// Seeds up to 2^53 are numbers; larger 64-bit seeds are written as decimal strings, which a double
// could not hold exactly.
std::uint64_t readSeed(const Json& value, const std::string& path) {
  if (!value.isString()) return static_cast<std::uint64_t>(integer(value, path, 0, kMaxSeed));
  const std::string& s = value.asString();
  std::uint64_t seed = 0;
  const auto result = std::from_chars(s.data(), s.data() + s.size(), seed);
  if (s.empty() || result.ec != std::errc() || result.ptr != s.data() + s.size())
    fail(path, "\"" + s + "\" is not a seed (a whole number from 0 to 18446744073709551615)");
  return seed;
}

Json seedJson(std::uint64_t seed) {
  if (static_cast<double>(seed) <= kMaxSeed) return Json(static_cast<double>(seed));
  return Json(std::to_string(seed));
}

// ---- surface ----------------------------------------------------------------------------------------

Domain readDomain(const Json& value, const std::string& path) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path, {"x", "y"});
  auto range = [&](std::string_view key) {
    const Json* member = value.find(key);
    if (!member) fail(join(path, key), "missing (expected [min, max])");
    const Vec2 r = point(*member, join(path, key), kMaxCoordinate);
    if (!(r.x < r.y)) fail(join(path, key), "min must be less than max");
    return r;
  };
  const Vec2 x = range("x"), y = range("y");
  return {x.x, x.y, y.x, y.y};
}

void readSurfaceParams(const Json& value, const std::string& path, SurfaceParams& params) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path, {"condition_number", "rotation_degrees", "data_seed", "data_size"});
  ifPresent(value, "condition_number", path,
            [&](const Json& v, const std::string& p) { params.conditionNumber = number(v, p, 1.0, 1e6); });
  ifPresent(value, "rotation_degrees", path, [&](const Json& v, const std::string& p) {
    params.rotationDegrees = number(v, p, -360.0, 360.0);
  });
  ifPresent(value, "data_seed", path,
            [&](const Json& v, const std::string& p) { params.dataSeed = readSeed(v, p); });
  ifPresent(value, "data_size", path, [&](const Json& v, const std::string& p) {
    params.dataSize = static_cast<int>(integer(v, p, kMinDataSize, kMaxDataSize));
  });
  if (auto error = surfaceParamsError(params)) fail(path, *error);
}

SceneSurface readSurface(const Json& value, const std::string& path) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path, {"name", "formula", "params", "domain"});
  SceneSurface surface;
  const Json* name = value.find("name");
  const Json* formula = value.find("formula");
  if ((name != nullptr) == (formula != nullptr)) fail(path, "give exactly one of \"name\" and \"formula\"");
  if (name) surface.name = boundedString(*name, join(path, "name"), kMaxSurfaceNameBytes);
  if (formula) surface.formula = boundedString(*formula, join(path, "formula"), kMaxFormulaBytes);
  ifPresent(value, "params", path,
            [&](const Json& v, const std::string& p) { readSurfaceParams(v, p, surface.params); });
  ifPresent(value, "domain", path,
            [&](const Json& v, const std::string& p) { surface.domain = readDomain(v, p); });
  return surface;
}

// ---- runs -------------------------------------------------------------------------------------------

const ParamInfo* findParam(const Optimizer& optimizer, std::string_view name) {
  for (const auto& info : optimizer.params())
    if (info.name == name) return &info;
  return nullptr;
}

std::string paramNames(const Optimizer& optimizer) {
  std::string list;
  for (const auto& info : optimizer.params()) list += (list.empty() ? "" : ", ") + info.name;
  return list;
}

double readParam(const ParamInfo& info, const Json& value, const std::string& path) {
  switch (info.type) {
    case ParamType::Bool:
      if (!value.isBool()) fail(path, std::string("expected true or false, got ") + typeName(value.type()));
      return value.asBool() ? 1.0 : 0.0;
    case ParamType::Choice: {
      const std::string& s = expect(value, Json::Type::String, path).asString();
      std::string list;
      for (std::size_t i = 0; i < info.choices.size(); ++i) {
        if (info.choices[i] == s) return static_cast<double>(i);
        list += (i > 0 ? ", \"" : "\"") + info.choices[i] + "\"";
      }
      fail(path, "\"" + s + "\" is not one of " + list);
    }
    case ParamType::Integer:
      return static_cast<double>(integer(value, path, info.min, info.max));
    case ParamType::Real:
      break;
  }
  return number(value, path, info.min, info.max);
}

// The run's optimizer, fresh: the catalog's, or its program compiled (nullopt for an unknown name or a
// program that does not compile; readers have checked both).
std::optional<Optimizer> freshOptimizer(const SceneRun& run) {
  if (run.program.empty()) return Optimizer::create(run.optimizer);
  auto compiled = compileProgram(run.program);
  if (const auto* program = std::get_if<Program>(&compiled)) return Optimizer::fromProgram(*program);
  return std::nullopt;
}

void readRunParams(const Json& value, const std::string& path, SceneRun& run) {
  expect(value, Json::Type::Object, path);
  auto optimizer = freshOptimizer(run);
  for (const auto& [key, member] : value.asObject()) {
    const ParamInfo* info = findParam(*optimizer, key);
    if (!info)
      fail(join(path, key),
           "unknown parameter of " + run.optimizer + " (it has: " + paramNames(*optimizer) + ")");
    const double x = readParam(*info, member, join(path, key));
    if (!optimizer->setParam(key, x)) fail(join(path, key), jsonNumber(x) + " is not accepted");
    run.params.emplace_back(key, x);
  }
  if (const auto error = optimizer->settingsError()) fail(path, *error);
}

std::array<double, 3> readColor(const Json& value, const std::string& path) {
  const auto& items = expect(value, Json::Type::Array, path).asArray();
  if (items.size() != 3) fail(path, "expected [r, g, b], got " + std::to_string(items.size()) + " numbers");
  return {number(items[0], indexed(path, 0), 0, 1), number(items[1], indexed(path, 1), 0, 1),
          number(items[2], indexed(path, 2), 0, 1)};
}

// {"name": "mhat", "scale": 10}: one of the program's vectors, drawn at the ball `scale` times as long.
void readGlyph(const Json& value, const std::string& path, SceneRun& run) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path, {"name", "scale"});
  const Json* name = value.find("name");
  if (!name) fail(join(path, "name"), "missing (the name of a state variable or intermediate)");
  run.glyph = boundedString(*name, join(path, "name"), kMaxLabelBytes);
  if (run.program.empty()) fail(path, "only a run with a \"program\" draws one of its values");
  const auto compiled = compileProgram(run.program);
  const auto* program = std::get_if<Program>(&compiled);
  if (!program) fail(path, "the run's program does not compile");  // readRun refused it already
  const std::vector<std::string> names = program->vectorNames();
  if (std::find(names.begin(), names.end(), run.glyph) == names.end()) {
    std::string list;
    for (const std::string& known : names) list += (list.empty() ? "" : ", ") + known;
    fail(join(path, "name"), "'" + run.glyph + "' is not a vector of the program (it has: " + list + ")");
  }
  ifPresent(value, "scale", path, [&](const Json& v, const std::string& p) {
    run.glyphScale = number(v, p, -kMaxGlyphScale, kMaxGlyphScale);
    if (run.glyphScale == 0.0) fail(p, "0 would draw nothing (give a scale other than 0)");
  });
}

SceneRun readRun(const Json& value, const std::string& path) {
  expect(value, Json::Type::Object, path);
  checkKeys(
      value, path,
      {"optimizer", "program", "label", "params", "schedule", "batch", "seed", "color", "enabled", "glyph"});
  SceneRun run;
  const Json* optimizer = value.find("optimizer");
  const Json* program = value.find("program");
  if (program) {
    // A user-written optimizer: its text is the run's optimizer; "optimizer", if given, says "program".
    run.program = boundedString(*program, join(path, "program"), kMaxProgramLength);
    const auto compiled = compileProgram(run.program);
    if (const auto* error = std::get_if<ProgramError>(&compiled))
      fail(join(path, "program"), toString(*error));
    run.optimizer = "program";
    if (optimizer && boundedString(*optimizer, join(path, "optimizer"), kMaxSurfaceNameBytes) != "program")
      fail(join(path, "optimizer"), "a run with a \"program\" has \"optimizer\": \"program\" or none");
  } else {
    if (!optimizer)
      fail(join(path, "optimizer"), "missing (every run names its optimizer or gives a program)");
    run.optimizer = boundedString(*optimizer, join(path, "optimizer"), kMaxSurfaceNameBytes);
    if (!Optimizer::create(run.optimizer))
      fail(join(path, "optimizer"), "unknown optimizer '" + run.optimizer + "'");
  }
  ifPresent(value, "label", path,
            [&](const Json& v, const std::string& p) { run.label = boundedString(v, p, kMaxLabelBytes); });
  ifPresent(value, "params", path, [&](const Json& v, const std::string& p) { readRunParams(v, p, run); });
  ifPresent(value, "schedule", path, [&](const Json& v, const std::string& p) {
    auto parsed = Schedule::parse(boundedString(v, p, kMaxScheduleBytes));
    if (auto* message = std::get_if<std::string>(&parsed)) fail(p, *message);
    run.schedule = std::get<Schedule>(parsed);
  });
  ifPresent(value, "batch", path, [&](const Json& v, const std::string& p) {
    run.batch = static_cast<int>(integer(v, p, 0, 1e6));
  });
  ifPresent(value, "seed", path, [&](const Json& v, const std::string& p) { run.seed = readSeed(v, p); });
  ifPresent(value, "color", path, [&](const Json& v, const std::string& p) { run.color = readColor(v, p); });
  ifPresent(value, "enabled", path, [&](const Json& v, const std::string& p) {
    run.enabled = expect(v, Json::Type::Bool, p).asBool();
  });
  ifPresent(value, "glyph", path, [&](const Json& v, const std::string& p) { readGlyph(v, p, run); });
  return run;
}

// ---- display, view, playback ------------------------------------------------------------------------

void readFlag(const Json& object, std::string_view key, const std::string& path, bool& flag) {
  ifPresent(object, key, path,
            [&](const Json& v, const std::string& p) { flag = expect(v, Json::Type::Bool, p).asBool(); });
}

constexpr std::string_view kModeNames[] = {"2d", "3d", "both"};                   // in ViewMode order
constexpr std::string_view kColormapNames[] = {"viridis", "magma", "diverging"};  // in Colormap order
constexpr std::string_view kThemeNames[] = {"dark", "light"};                     // in Theme order

template <class Enum, std::size_t N>
Enum named(const std::string& name, const std::string_view (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (name == names[i]) return static_cast<Enum>(i);
  return static_cast<Enum>(0);  // unreachable: choice() accepted only these names
}

DisplayOptions readDisplay(const Json& value, const std::string& path) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path, {"mode",
                          "colormap",
                          "log_scale",
                          "contours",
                          "contour_count",
                          "wireframe",
                          "fade_paths",
                          "seeds",
                          "gradient_arrows",
                          "momentum_arrows",
                          "step_arrows",
                          "second_moment_rects",
                          "lookahead",
                          "minima",
                          "arrow_scale",
                          "component_arrows",
                          "mesh_contours",
                          "run_legend",
                          "msaa_samples",
                          "theme"});
  DisplayOptions d;
  ifPresent(value, "mode", path, [&](const Json& v, const std::string& p) {
    d.mode = named<ViewMode>(choice(v, p, {kModeNames[0], kModeNames[1], kModeNames[2]}), kModeNames);
  });
  ifPresent(value, "colormap", path, [&](const Json& v, const std::string& p) {
    d.colormap = named<Colormap>(choice(v, p, {kColormapNames[0], kColormapNames[1], kColormapNames[2]}),
                                 kColormapNames);
  });
  ifPresent(value, "theme", path, [&](const Json& v, const std::string& p) {
    d.theme = named<Theme>(choice(v, p, {kThemeNames[0], kThemeNames[1]}), kThemeNames);
  });
  ifPresent(value, "contour_count", path, [&](const Json& v, const std::string& p) {
    d.contourCount = static_cast<int>(integer(v, p, 1, 256));
  });
  ifPresent(value, "arrow_scale", path,
            [&](const Json& v, const std::string& p) { d.arrowScale = number(v, p, 1e-3, 1e3); });
  readFlag(value, "log_scale", path, d.logScale);
  readFlag(value, "contours", path, d.contours);
  readFlag(value, "wireframe", path, d.wireframe);
  readFlag(value, "fade_paths", path, d.fadePaths);
  readFlag(value, "gradient_arrows", path, d.gradientArrows);
  readFlag(value, "momentum_arrows", path, d.momentumArrows);
  readFlag(value, "step_arrows", path, d.stepArrows);
  readFlag(value, "second_moment_rects", path, d.secondMomentRects);
  readFlag(value, "lookahead", path, d.lookahead);
  readFlag(value, "minima", path, d.minima);
  readFlag(value, "component_arrows", path, d.componentArrows);
  readFlag(value, "mesh_contours", path, d.meshContours);
  readFlag(value, "run_legend", path, d.runLegend);
  ifPresent(value, "seeds", path, [&](const Json& v, const std::string& p) {
    d.seeds = static_cast<int>(integer(v, p, 1, kMaxDisplaySeeds));
  });
  ifPresent(value, "msaa_samples", path, [&](const Json& v, const std::string& p) {
    d.msaaSamples = static_cast<int>(integer(v, p, 0, 8));
  });
  return d;
}

SceneView readView(const Json& value, const std::string& path) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path, {"center", "units_per_pixel", "yaw", "pitch", "distance", "target", "height_scale"});
  SceneView view;
  ifPresent(value, "center", path, [&](const Json& v, const std::string& p) {
    const Vec2 c = point(v, p, 1e9);  // panning may go far; a saved view must load again
    view.center = std::array<double, 2>{c.x, c.y};
  });
  ifPresent(value, "units_per_pixel", path,
            [&](const Json& v, const std::string& p) { view.unitsPerPixel = number(v, p, 1e-12, 1e6); });
  ifPresent(value, "yaw", path,
            [&](const Json& v, const std::string& p) { view.yaw = number(v, p, -1e3, 1e3); });
  ifPresent(value, "pitch", path,
            [&](const Json& v, const std::string& p) { view.pitch = number(v, p, -1.57, 1.57); });
  ifPresent(value, "distance", path,
            [&](const Json& v, const std::string& p) { view.distance = number(v, p, 0.01, 1000); });
  ifPresent(value, "target", path, [&](const Json& v, const std::string& p) {
    const Vec2 t = point(v, p, 100);
    view.targetX = t.x;
    view.targetY = t.y;
  });
  ifPresent(value, "height_scale", path,
            [&](const Json& v, const std::string& p) { view.heightScale = number(v, p, 1e-3, 1e3); });
  return view;
}

ScenePlayback readPlayback(const Json& value, const std::string& path) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path, {"steps_per_second", "max_steps"});
  ScenePlayback playback;
  ifPresent(value, "steps_per_second", path,
            [&](const Json& v, const std::string& p) { playback.stepsPerSecond = number(v, p, 1, 5000); });
  ifPresent(value, "max_steps", path,
            [&](const Json& v, const std::string& p) { playback.maxSteps = integer(v, p, 1, 1e7); });
  return playback;
}

// The map settings, checked against the run they name: a hyper map's axes must be hyperparameters of
// that run's optimizer, with ranges inside their domains (as `gradscape map hyper --x` checks them).
MapSettings readMaps(const Json& value, const std::string& path, const Scene& scene) {
  auto read = readMapSettings(value, path);
  if (auto* message = std::get_if<std::string>(&read)) throw SceneError{*message};
  MapSettings maps = std::get<MapSettings>(read);
  const std::size_t runs = std::max<std::size_t>(scene.runs.size(), 1);
  if (static_cast<std::size_t>(maps.run) >= runs)
    fail(join(path, "run"), std::to_string(maps.run) + " is not a run of this scene (it has " +
                                std::to_string(scene.runs.size()) + ")");
  if (maps.kind == MapKind::Hyper && !scene.runs.empty())
    if (const auto optimizer = freshOptimizer(scene.runs[static_cast<std::size_t>(maps.run)]))
      for (const auto& [axis, key] : {std::pair{&maps.x, "x"}, std::pair{&maps.y, "y"}})
        if (auto problem = checkHyperAxis(*axis, *optimizer)) fail(join(path, key), *problem);
  return maps;
}

void readVersion(const Json& root) {
  const Json* version = root.find("version");
  if (!version)
    fail("version", "missing (this gradscape reads version " + std::to_string(kSceneVersion) + ")");
  const double v = expect(*version, Json::Type::Number, "version").asNumber();
  if (v != kSceneVersion)
    fail("version", jsonNumber(v) + " is not supported (this gradscape reads version " +
                        std::to_string(kSceneVersion) + ")");
}

Scene readScene(const Json& root) {
  if (!root.isObject()) fail("", std::string("a scene is a JSON object, got ") + typeName(root.type()));
  readVersion(root);
  checkKeys(
      root, "",
      {"version", "title", "explanation", "surface", "start", "runs", "display", "view", "playback", "maps"});
  Scene scene;
  ifPresent(root, "title", "",
            [&](const Json& v, const std::string& p) { scene.title = boundedString(v, p, kMaxTitleBytes); });
  ifPresent(root, "explanation", "", [&](const Json& v, const std::string& p) {
    scene.explanation = boundedString(v, p, kMaxExplanationBytes);
  });
  const Json* surface = root.find("surface");
  if (!surface) fail("surface", "missing (a catalog name or a formula)");
  scene.surface = readSurface(*surface, "surface");
  auto built = buildSurface(scene.surface);
  if (auto* message = std::get_if<std::string>(&built)) throw SceneError{*message};
  ifPresent(root, "start", "",
            [&](const Json& v, const std::string& p) { scene.start = point(v, p, kMaxCoordinate); });
  ifPresent(root, "runs", "", [&](const Json& v, const std::string& p) {
    const auto& items = expect(v, Json::Type::Array, p).asArray();
    if (items.size() > kMaxSceneRuns)
      fail(p, std::to_string(items.size()) + " runs; a scene holds at most " + std::to_string(kMaxSceneRuns) +
                  " (split it into several scenes)");
    for (std::size_t i = 0; i < items.size(); ++i) scene.runs.push_back(readRun(items[i], indexed(p, i)));
  });
  ifPresent(root, "display", "",
            [&](const Json& v, const std::string& p) { scene.display = readDisplay(v, p); });
  ifPresent(root, "view", "", [&](const Json& v, const std::string& p) { scene.view = readView(v, p); });
  ifPresent(root, "playback", "",
            [&](const Json& v, const std::string& p) { scene.playback = readPlayback(v, p); });
  ifPresent(root, "maps", "",
            [&](const Json& v, const std::string& p) { scene.maps = readMaps(v, p, scene); });
  return scene;
}

// ---- writing ----------------------------------------------------------------------------------------

Json jsonPair(double a, double b) { return Json::Array{a, b}; }

Json surfaceJson(const SceneSurface& surface) {
  Json out;
  if (surface.formula.empty())
    out.set("name", surface.name);
  else
    out.set("formula", surface.formula);
  const SurfaceParams defaults;
  const SurfaceParams& p = surface.params;
  Json params;
  if (p.conditionNumber != defaults.conditionNumber) params.set("condition_number", p.conditionNumber);
  if (p.rotationDegrees != defaults.rotationDegrees) params.set("rotation_degrees", p.rotationDegrees);
  if (p.dataSeed != defaults.dataSeed) params.set("data_seed", seedJson(p.dataSeed));
  if (p.dataSize != defaults.dataSize) params.set("data_size", p.dataSize);
  if (!params.isNull()) out.set("params", std::move(params));
  if (surface.domain) {
    Json domain;
    domain.set("x", jsonPair(surface.domain->xMin, surface.domain->xMax));
    domain.set("y", jsonPair(surface.domain->yMin, surface.domain->yMax));
    out.set("domain", std::move(domain));
  }
  return out;
}

Json paramJson(const ParamInfo* info, double value) {
  if (info && info->type == ParamType::Bool) return Json(value != 0.0);
  if (info && info->type == ParamType::Choice) {
    const auto index = static_cast<std::size_t>(value);
    if (index < info->choices.size()) return Json(info->choices[index]);
  }
  return Json(value);
}

Json runJson(const SceneRun& run) {
  Json out;
  out.set("optimizer", run.program.empty() ? run.optimizer : std::string("program"));
  if (!run.program.empty()) out.set("program", run.program);
  if (!run.label.empty()) out.set("label", run.label);
  const auto optimizer = freshOptimizer(run);
  Json params = Json::Object{};
  for (const auto& [name, value] : run.params)
    params.set(name, paramJson(optimizer ? findParam(*optimizer, name) : nullptr, value));
  out.set("params", std::move(params));
  out.set("schedule", run.schedule.toString());
  if (run.batch != 0) out.set("batch", run.batch);
  if (run.seed != 1) out.set("seed", seedJson(run.seed));
  if (run.color) out.set("color", Json::Array{(*run.color)[0], (*run.color)[1], (*run.color)[2]});
  out.set("enabled", run.enabled);
  if (!run.glyph.empty()) {
    Json glyph;
    glyph.set("name", run.glyph);
    glyph.set("scale", run.glyphScale);
    out.set("glyph", std::move(glyph));
  }
  return out;
}

Json displayJson(const DisplayOptions& d) {
  Json out;
  out.set("mode", std::string(kModeNames[static_cast<std::size_t>(d.mode)]));
  out.set("colormap", std::string(kColormapNames[static_cast<std::size_t>(d.colormap)]));
  out.set("log_scale", d.logScale);
  out.set("contours", d.contours);
  out.set("contour_count", d.contourCount);
  out.set("wireframe", d.wireframe);
  out.set("fade_paths", d.fadePaths);
  out.set("gradient_arrows", d.gradientArrows);
  out.set("momentum_arrows", d.momentumArrows);
  out.set("step_arrows", d.stepArrows);
  out.set("second_moment_rects", d.secondMomentRects);
  out.set("lookahead", d.lookahead);
  out.set("minima", d.minima);
  out.set("arrow_scale", d.arrowScale);
  out.set("component_arrows", d.componentArrows);
  out.set("mesh_contours", d.meshContours);
  out.set("run_legend", d.runLegend);
  out.set("msaa_samples", d.msaaSamples);
  out.set("theme", std::string(kThemeNames[static_cast<std::size_t>(d.theme)]));
  if (d.seeds != 1) out.set("seeds", d.seeds);
  return out;
}

Json viewJson(const SceneView& v) {
  Json out;
  if (v.center) out.set("center", jsonPair((*v.center)[0], (*v.center)[1]));
  if (v.unitsPerPixel) out.set("units_per_pixel", *v.unitsPerPixel);
  out.set("yaw", v.yaw);
  out.set("pitch", v.pitch);
  out.set("distance", v.distance);
  out.set("target", jsonPair(v.targetX, v.targetY));
  out.set("height_scale", v.heightScale);
  return out;
}

}  // namespace

std::variant<Scene, std::string> parseScene(std::string_view json) {
  auto parsed = Json::parse(json);
  if (auto* message = std::get_if<std::string>(&parsed)) return *message;
  try {
    return readScene(std::get<Json>(parsed));
  } catch (const SceneError& error) {
    // Messages quote the file (keys, names, formulas): escaped, so a terminal shows them, not obeys them.
    return printable(error.message);
  }
}

std::variant<Scene, std::string> loadScene(const std::string& path) {
  std::string text;
  if (auto error = readWholeFile(path, text, kMaxSceneBytes)) return printable(*error);
  auto parsed = Json::parse(text);
  // Syntax errors read like a compiler's ("scene.json:3:14: ..."), field errors name the field.
  if (auto* message = std::get_if<std::string>(&parsed)) return printable(path) + ":" + *message;
  try {
    return readScene(std::get<Json>(parsed));
  } catch (const SceneError& error) {
    return printable(path) + ": " + printable(error.message);
  }
}

std::string sceneToJson(const Scene& scene) {
  Json root;
  root.set("version", kSceneVersion);
  root.set("title", scene.title);
  root.set("explanation", scene.explanation);
  root.set("surface", surfaceJson(scene.surface));
  if (scene.start) root.set("start", jsonPair(scene.start->x, scene.start->y));
  Json::Array runs;
  for (const auto& run : scene.runs) runs.push_back(runJson(run));
  root.set("runs", std::move(runs));
  root.set("display", displayJson(scene.display));
  root.set("view", viewJson(scene.view));
  Json playback;
  playback.set("steps_per_second", scene.playback.stepsPerSecond);
  playback.set("max_steps", static_cast<double>(scene.playback.maxSteps));
  root.set("playback", std::move(playback));
  if (scene.maps) root.set("maps", mapSettingsJson(*scene.maps));
  return root.dump();
}

std::optional<std::string> saveScene(const std::string& path, const Scene& scene) {
  return writeFileAtomically(path, sceneToJson(scene));
}

std::variant<Surface, std::string> buildSurface(const SceneSurface& surface) {
  if (!surface.formula.empty() || surface.name.empty()) {
    const Domain domain = surface.domain.value_or(Domain{-3, 3, -3, 3});
    auto result = makeCustomSurface(surface.formula, domain);
    if (!result.surface) return printable("surface.formula: " + toString(result.error));
    return std::move(*result.surface);
  }
  auto built = makeSurface(surface.name, surface.params);
  if (!built) return printable("surface.name: unknown surface '" + surface.name + "'");
  if (surface.domain) built->domain = *surface.domain;
  return std::move(*built);
}

std::variant<RunSpec, std::string> buildRun(const SceneRun& run, std::size_t index) {
  const std::string path = "runs[" + std::to_string(index) + "]";
  if (!run.program.empty()) {
    auto compiled = compileProgram(run.program);
    if (const auto* error = std::get_if<ProgramError>(&compiled))
      return printable(path + ".program: " + toString(*error));
  }
  auto optimizer = freshOptimizer(run);
  if (!optimizer) return printable(path + ".optimizer: unknown optimizer '" + run.optimizer + "'");
  for (const auto& [name, value] : run.params)
    if (!optimizer->setParam(name, value))
      return printable(path + ".params." + name + ": " + jsonNumber(value) + " is not accepted by " +
                       run.optimizer);
  return RunSpec{run.label, std::move(*optimizer), run.schedule, run.batch, run.seed};
}

Vec2 startOf(const Scene& scene, const Surface& surface) { return scene.start.value_or(surface.start); }

}  // namespace gs
