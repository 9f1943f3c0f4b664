// gradscape's window: the canonical Dear ImGui example_glfw_opengl3 loop around one Model.
// Its command line: cli/app_options.hpp.
#include "app.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bench.hpp"
#include "controller.hpp"
#include "gl/window.hpp"
#include "model.hpp"
#include "scene_bridge.hpp"
#include "settings.hpp"
#include "ui/layout.hpp"
#include "ui/panels.hpp"
#include "ui/scene_panel.hpp"
#include "view/view_actions.hpp"

namespace gs {

namespace {

using cli::AppOptions;

// The scene's own text (title, explanation) travels with the model into the window, and whether it has
// its own 2D view (else the window frames the surface's domain in the view's real size).
struct OpenScene {
  std::string title, explanation;
  bool ownView = false;
};

// A size not given on the command line fits the primary monitor (a saved or default 1600x900 window
// would be cut on a 1280x720 projector), and a monitor whose content scale is above 1 (HiDPI) sets the
// UI scale unless the settings hold one of their own; the window then grows by the same factor (its size
// was meant for a scale of 1), as far as the monitor allows.
void fitToMonitor(Window& window, float& uiScale) {
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
  if (!mode) return;
  float scaleX = 1.0f, scaleY = 1.0f;
  glfwGetMonitorContentScale(monitor, &scaleX, &scaleY);
  int width = 0, height = 0;
  window.windowSize(width, height);
  double grow = 1.0;
  if (uiScale == 1.0f && scaleX > 1.0f) {
    uiScale = std::min(scaleX, 4.0f);
    grow = uiScale;
  }
  constexpr double kShare = 0.95;  // room for the desktop's own bars
  const double maxWidth = mode->width * kShare, maxHeight = mode->height * kShare;
  const double scale = std::min({grow, maxWidth / width, maxHeight / height});
  if (scale != 1.0) window.resize(static_cast<int>(width * scale), static_cast<int>(height * scale));
}

int runWindow(const AppOptions& options, Model model, bool sceneGiven, const OpenScene& scene = {}) {
  Settings settings = loadSettings();
  const bool screenshot = !options.screenshotPath.empty();
  const std::string configDir = screenshot ? std::string() : configDirectory();
  const std::string iniFile = configDir.empty() ? std::string() : configDir + "/imgui.ini";
  WindowOptions windowOptions;
  windowOptions.width = options.width > 0 ? options.width : settings.windowWidth;
  windowOptions.height = options.height > 0 ? options.height : settings.windowHeight;
  windowOptions.iniFile = iniFile.empty() ? nullptr : iniFile.c_str();
  std::string error;
  auto window = Window::open(windowOptions, error);
  if (!window) {
    std::cerr << "gradscape: cannot open a window: " << error
              << ". Run it under a desktop session or xvfb-run; `gradscape trace` works without a display.\n";
    return 1;
  }
  if (options.steps > 0) model.runner.step(options.steps);
  UiState ui;
  ui.uiScale = settings.uiScale;
  if (options.width <= 0) fitToMonitor(*window, ui.uiScale);
  ui.panelsVisible = settings.panelsVisible;
  for (std::size_t i = 0; i < kPanelCount; ++i)
    ui.panelOpen[i] = i == kDisplayPanel ||
                      std::find(settings.closedPanels.begin(), settings.closedPanels.end(), kPanelNames[i]) ==
                          settings.closedPanels.end();
  if (model.maps.shown) {  // a scene that shows a map opens its panel
    ui.panelOpen[kMapsPanel] = true;
    ui.sideTab = kMapsTab;
  }
  ui.ignorePointer = screenshot;  // Xvfb's pointer rests at the screen's centre, over the views
  ui.mapsWait = screenshot;       // a screenshot shows the finished map, not the first coarse level
  ui.presentation = options.presentation;
  if (options.explainRun > 0) {
    // A run past the last, or a sub-step past the update's last, is clamped (syncExplainer).
    ui.selectedRun = std::min(options.explainRun, static_cast<int>(model.runner.size())) - 1;
    ui.explainSubStep = options.explainSubStep - 1;
    ui.explainForStep =
        model.runner.size() > 0 ? model.runner.run(static_cast<std::size_t>(ui.selectedRun)).step() : -1;
    ui.explainGlyph = true;
    ui.panelOpen[kTeachPanel] = true;
  }
  ui.sceneTitle = scene.title;
  ui.sceneExplanation = scene.explanation;
  ui.recentScenes = settings.recentScenes;
  ui.exportState.folder = settings.exportFolder;
  if (ui.recentScenes.empty()) rememberRecentScene(ui, settings.lastScene);
  if (sceneGiven) {
    ui.scenePath = ui.scenePathEdit = options.scenePath;
    rememberRecentScene(ui, options.scenePath);
  }
  int status = 0;
  {
    Controller frame(*window, model, ui, !(sceneGiven && scene.ownView));
    double previous = glfwGetTime();
    bool closeWhenSaved = false;
    for (int drawn = 0;;) {
      ExportState& exports = ui.exportState;
      const ExportStatus& gif = exports.status;
      if (window->shouldClose() || ui.quitRequested) {
        // Closing while a GIF is recorded or saved first stops and saves it, the window showing the
        // progress; closing again quits at once (the exporter cancels the save, which leaves no file).
        if (closeWhenSaved || !(gif.recording || gif.saving)) break;
        closeWhenSaved = true;
        if (gif.recording) exports.issue(ExportCommand::StopGif);
        glfwSetWindowShouldClose(window->handle(), GLFW_FALSE);
        ui.quitRequested = false;
      }
      if (closeWhenSaved && !gif.recording && !gif.saving) {
        if (!gif.unsavedRecording) break;
        closeWhenSaved = false;  // the save failed: stay open to show why, with the frames kept
      }
      if (closeWhenSaved && gif.saving)
        exports.report("Closing once the GIF is saved; close again to quit now", false);
      glfwPollEvents();
      const double now = glfwGetTime();
      const double dt = std::min(now - previous, 0.1);  // after a pause, do not owe a burst of steps
      previous = now;
      if (window->iconified() || !frame.draw(dt)) {
        glfwWaitEventsTimeout(0.1);  // minimised: sleep instead of spinning
        continue;
      }
      if (screenshot && ++drawn >= options.frames) {
        int width = 0, height = 0;
        window->framebufferSize(width, height);
        glReadBuffer(GL_BACK);
        if (!saveFramebufferPng(options.screenshotPath, 0, 0, width, height)) {
          std::cerr << "gradscape: cannot write the screenshot '" << options.screenshotPath << "'\n";
          status = 2;
        }
        break;
      }
      glfwSwapBuffers(window->handle());
    }
  }
  if (!screenshot) {
    window->windowSize(settings.windowWidth, settings.windowHeight);
    settings.uiScale = ui.uiScale;
    settings.panelsVisible = ui.panelsVisible;
    settings.closedPanels.clear();
    for (std::size_t i = 0; i < kPanelCount; ++i)
      if (!ui.panelOpen[i]) settings.closedPanels.push_back(kPanelNames[i]);
    if (!ui.scenePath.empty()) settings.lastScene = ui.scenePath;  // loaded or saved in the app, or given
    settings.recentScenes = ui.recentScenes;
    settings.exportFolder = ui.exportState.folder;
    saveSettings(settings);
  }
  return status;
}

}  // namespace

int runApp(const AppOptions& options) {
  if (options.scenePath.empty()) {
    Model model = makeDefaultModel();
    fitArrowScale(model);  // the start's gradient a sixth of the surface long: no arrow is cut
    // The default scene starts racing at once; screenshots stay deterministic (they use --steps).
    model.playback.playing = options.screenshotPath.empty();
    return runWindow(options, std::move(model), false);
  }
  auto parsed = loadScene(options.scenePath);
  if (const auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "gradscape: " << *error << "\n";  // the error already starts with the path
    return 2;
  }
  const SceneView& view = std::get<Scene>(parsed).view;
  auto loaded = modelFromScene(std::get<Scene>(parsed));
  if (const auto* error = std::get_if<std::string>(&loaded)) {
    std::cerr << "gradscape: " << options.scenePath << ": " << *error << "\n";
    return 2;
  }
  LoadedScene& scene = std::get<LoadedScene>(loaded);
  const bool ownView = view.center.has_value() || view.unitsPerPixel.has_value();
  return runWindow(options, std::move(scene.model), true, OpenScene{scene.title, scene.explanation, ownView});
}

}  // namespace gs
