// gradscape's window: the canonical Dear ImGui example_glfw_opengl3 loop around one Model.
// Its command line: cli/app_options.hpp.
#include "app.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "gl/app_frame.hpp"
#include "gl/window.hpp"
#include "model.hpp"
#include "scene_bridge.hpp"
#include "settings.hpp"
#include "ui/panels.hpp"

namespace gs {

namespace {

using cli::AppOptions;

// The scene's own text (title, explanation) travels with the model into the window.
struct OpenScene {
  std::string title, explanation;
};

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
  ui.panelsVisible = settings.panelsVisible;
  for (std::size_t i = 0; i < kPanelCount; ++i)
    ui.panelOpen[i] = i == kDisplayPanel ||
                      std::find(settings.closedPanels.begin(), settings.closedPanels.end(), kPanelNames[i]) ==
                          settings.closedPanels.end();
  ui.presentation = options.presentation;
  ui.sceneTitle = scene.title;
  ui.sceneExplanation = scene.explanation;
  ui.recentScenes = settings.recentScenes;
  if (ui.recentScenes.empty()) rememberRecentScene(ui, settings.lastScene);
  if (sceneGiven) {
    ui.scenePath = ui.scenePathEdit = options.scenePath;
    rememberRecentScene(ui, options.scenePath);
  }
  int status = 0;
  {
    AppFrame frame(*window, model, ui, !sceneGiven);
    double previous = glfwGetTime();
    bool closeWhenSaved = false;
    for (int drawn = 0;;) {
      ExportState& exports = ui.exportState;
      if (window->shouldClose() || ui.quitRequested) {
        // Closing while a GIF is recorded or saved first stops and saves it, the window showing the
        // progress; closing again quits at once (AppFrame cancels the save, which leaves no file).
        if (closeWhenSaved || !(exports.recording || exports.saving)) break;
        closeWhenSaved = true;
        exports.stopRequested = exports.recording;
        glfwSetWindowShouldClose(window->handle(), GLFW_FALSE);
        ui.quitRequested = false;
      }
      if (closeWhenSaved && !exports.recording && !exports.saving) {
        if (!exports.unsavedRecording) break;
        closeWhenSaved = false;  // the save failed: stay open to show why, with the frames kept
      }
      if (closeWhenSaved && exports.saving)
        exports.report("Closing once the GIF is saved; close again to quit now", false);
      glfwPollEvents();
      const double now = glfwGetTime();
      const double dt = std::min(now - previous, 0.1);  // after a pause, do not owe a burst of steps
      previous = now;
      if (glfwGetWindowAttrib(window->handle(), GLFW_ICONIFIED) || !frame.draw(dt)) {
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
    saveSettings(settings);
  }
  return status;
}

}  // namespace

int runApp(const AppOptions& options) {
  if (options.scenePath.empty()) {
    Model model = makeDefaultModel();
    // The default scene starts racing at once; screenshots stay deterministic (they use --steps).
    model.playback.playing = options.screenshotPath.empty();
    return runWindow(options, std::move(model), false);
  }
  auto loaded = loadSceneFile(options.scenePath);
  if (const auto* error = std::get_if<std::string>(&loaded)) {
    std::cerr << "gradscape: " << *error << "\n";  // the error already starts with the path
    return 2;
  }
  LoadedScene& scene = std::get<LoadedScene>(loaded);
  return runWindow(options, std::move(scene.model), true, OpenScene{scene.title, scene.explanation});
}

}  // namespace gs
