#include "scene_bridge.hpp"

#include <charconv>
#include <cmath>
#include <utility>

#include "core/optim/program.hpp"

namespace gs {
namespace {

// The double a person would write for a float: -0.6f becomes -0.6, not -0.60000002384185791, so saved
// scenes stay readable. (Reading it back as a float gives the same float.)
double readable(float value) {
  char buffer[32];
  const auto printed = std::to_chars(buffer, buffer + sizeof buffer, value);
  double result = value;
  std::from_chars(buffer, printed.ptr, result);
  return result;
}

void applyView(const SceneView& view, Model& model) {
  if (view.center) {
    model.view2d.centerX = (*view.center)[0];
    model.view2d.centerY = (*view.center)[1];
  }
  if (view.unitsPerPixel) model.view2d.unitsPerPixel = *view.unitsPerPixel;
  model.view3d.yaw = static_cast<float>(view.yaw);
  model.view3d.pitch = static_cast<float>(view.pitch);
  model.view3d.distance = static_cast<float>(view.distance);
  model.view3d.targetX = static_cast<float>(view.targetX);
  model.view3d.targetY = static_cast<float>(view.targetY);
  model.view3d.heightScale = static_cast<float>(view.heightScale);
}

SceneView viewOf(const Model& model) {
  SceneView view;
  view.center = std::array<double, 2>{model.view2d.centerX, model.view2d.centerY};
  view.unitsPerPixel = model.view2d.unitsPerPixel;
  view.yaw = readable(model.view3d.yaw);
  view.pitch = readable(model.view3d.pitch);
  view.distance = readable(model.view3d.distance);
  view.targetX = readable(model.view3d.targetX);
  view.targetY = readable(model.view3d.targetY);
  view.heightScale = readable(model.view3d.heightScale);
  return view;
}

SceneRun sceneRunOf(const Run& run) {
  SceneRun out;
  const Optimizer& optimizer = run.optimizer();
  out.optimizer = optimizer.name();
  if (const ProgramRun* program = optimizer.programRun()) out.program = program->program().text();
  out.label = run.namedByUser() ? run.label() : std::string();
  // Only what differs from a fresh optimizer of this name, so the scene reads like a spec.
  const auto fresh = Optimizer::create(optimizer.name());
  for (std::size_t i = 0; i < optimizer.params().size(); ++i) {
    const double value = optimizer.param(i);
    if (!fresh || fresh->param(i) != value) out.params.emplace_back(optimizer.params()[i].name, value);
  }
  out.schedule = run.schedule();
  out.batch = run.batchSize();
  out.seed = run.spec().seed;
  const Color& color = run.look().color;
  out.color = std::array<double, 3>{readable(color[0]), readable(color[1]), readable(color[2])};
  out.enabled = run.look().enabled;
  // A glyph whose name an edit of the program removed is not saved (the scene would not load).
  const ProgramRun* program = optimizer.programRun();
  const RunLook& look = run.look();
  const double glyphScale = std::abs(look.glyphScale);
  if (program && program->vectorValue(look.glyphName) && glyphScale > 0.0 && glyphScale <= kMaxGlyphScale) {
    out.glyph = look.glyphName;
    out.glyphScale = look.glyphScale;
  }
  return out;
}

SceneSurface sceneSurfaceOf(const Model& model) {
  SceneSurface out;
  const Surface& surface = model.runner.surface();
  if (surface.custom) {
    out.formula = surface.formula;
    out.domain = surface.domain;
    return out;
  }
  out.name = surface.name;
  out.params = model.surfaceParams;
  const auto catalog = makeSurface(surface.name, model.surfaceParams);
  const Domain& d = surface.domain;
  if (!catalog || catalog->domain.xMin != d.xMin || catalog->domain.xMax != d.xMax ||
      catalog->domain.yMin != d.yMin || catalog->domain.yMax != d.yMax)
    out.domain = d;
  return out;
}

Color toColor(const std::array<double, 3>& c) {
  return {static_cast<float>(c[0]), static_cast<float>(c[1]), static_cast<float>(c[2])};
}

}  // namespace

std::variant<LoadedScene, std::string> modelFromScene(const Scene& scene) {
  auto surface = buildSurface(scene.surface);
  if (auto* message = std::get_if<std::string>(&surface)) return *message;
  const Vec2 start = startOf(scene, std::get<Surface>(surface));
  LoadedScene loaded{Model(std::move(std::get<Surface>(surface))), scene.title, scene.explanation};
  Model& model = loaded.model;
  model.surfaceParams = scene.surface.params;
  model.runner.reset(start);
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    auto spec = buildRun(scene.runs[i], i);
    if (auto* message = std::get_if<std::string>(&spec)) return *message;
    const std::size_t index = addRun(model, std::move(std::get<RunSpec>(spec)));
    RunLook& look = model.runner.run(index).look();
    if (scene.runs[i].color) look.color = toColor(*scene.runs[i].color);
    look.enabled = scene.runs[i].enabled;
    look.glyphName = scene.runs[i].glyph;
    look.glyphScale = scene.runs[i].glyphScale;
    renameRun(model, index, scene.runs[i].label);  // no label: the name follows the hyperparameters
  }
  model.display = scene.display;
  applyView(scene.view, model);
  model.playback.stepsPerSecond = scene.playback.stepsPerSecond;
  model.playback.maxSteps = scene.playback.maxSteps;
  model.maps = scene.maps.value_or(MapSettings{});
  return loaded;
}

std::variant<LoadedScene, std::string> loadSceneFile(const std::string& path) {
  auto scene = loadScene(path);
  if (auto* message = std::get_if<std::string>(&scene)) return *message;
  auto loaded = modelFromScene(std::get<Scene>(scene));
  if (auto* message = std::get_if<std::string>(&loaded)) return path + ": " + *message;
  return loaded;
}

Scene sceneFromModel(const Model& model, const std::string& title, const std::string& explanation) {
  Scene scene;
  scene.title = title;
  scene.explanation = explanation;
  scene.surface = sceneSurfaceOf(model);
  scene.start = model.runner.start();
  for (const Run& run : model.runner.runs()) scene.runs.push_back(sceneRunOf(run));
  scene.display = model.display;
  scene.view = viewOf(model);
  scene.playback.stepsPerSecond = model.playback.stepsPerSecond;
  scene.playback.maxSteps = model.playback.maxSteps;
  if (model.maps != MapSettings{}) {
    // Map settings half edited in the panel (a range typed the wrong way round, an axis the run does not
    // have) are saved only if the scene would load again with them: a saved scene always reopens.
    Scene probe = scene;
    probe.maps = model.maps;
    if (std::holds_alternative<Scene>(parseScene(sceneToJson(probe)))) scene.maps = model.maps;
  }
  return scene;
}

}  // namespace gs
