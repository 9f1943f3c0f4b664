// gradscape's window: the canonical Dear ImGui example_glfw_opengl3 loop around one Model.
//   gradscape [SCENE.json] [--size WxH] [--screenshot PATH [--frames N]]
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

bool parseSize(const std::string& text, int& width, int& height);  // app/bench.cpp

namespace {

struct AppOptions {
  std::string scenePath;
  std::string screenshotPath;
  int frames = 5;
  int width = 0, height = 0;  // 0: from the settings
};

// Returns an error message, or nullopt.
std::optional<std::string> parseOptions(const std::vector<std::string>& args, AppOptions& options) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (arg == "--screenshot") {
      const auto path = value();
      if (!path) return "--screenshot needs a PATH";
      options.screenshotPath = *path;
    } else if (arg == "--frames") {
      const auto text = value();
      try {
        options.frames = text ? std::stoi(*text) : -1;
      } catch (const std::exception&) {
        options.frames = -1;
      }
      if (options.frames < 1 || options.frames > 100000) return "--frames needs a count from 1 to 100000";
    } else if (arg == "--size") {
      const auto text = value();
      if (!text || !parseSize(*text, options.width, options.height)) return "--size needs WxH, e.g. 1280x720";
    } else if (!arg.empty() && arg[0] == '-') {
      return "unknown option '" + arg + "'";
    } else if (options.scenePath.empty()) {
      options.scenePath = arg;
    } else {
      return "more than one scene given ('" + arg + "')";
    }
  }
  return std::nullopt;
}

int runWindow(const AppOptions& options, Model model, bool sceneGiven) {
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
  UiState ui;
  ui.uiScale = settings.uiScale;
  ui.panelsVisible = settings.panelsVisible;
  int status = 0;
  {
    AppFrame frame(*window, model, ui, !sceneGiven);
    double previous = glfwGetTime();
    for (int drawn = 0; !window->shouldClose() && !ui.quitRequested;) {
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
    if (!options.scenePath.empty()) settings.lastScene = options.scenePath;
    saveSettings(settings);
  }
  return status;
}

}  // namespace

int runApp(const std::vector<std::string>& args) {
  AppOptions options;
  if (const auto error = parseOptions(args, options)) {
    std::cerr << "gradscape: " << *error << "\n";
    return 2;
  }
  if (options.scenePath.empty()) return runWindow(options, makeDefaultModel(), false);
  auto loaded = loadSceneFile(options.scenePath);
  if (const auto* error = std::get_if<std::string>(&loaded)) {
    std::cerr << "gradscape: " << options.scenePath << ": " << *error << "\n";
    return 2;
  }
  return runWindow(options, std::move(std::get<LoadedScene>(loaded).model), true);
}

}  // namespace gs
