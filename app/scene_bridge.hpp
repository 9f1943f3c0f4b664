// Scene (core, plain values) <-> Model (what the app shows). core's Scene cannot include app types, so
// the view (camera) options travel as plain fields there and are mapped here; the display options are
// one type for both (core/io/display_options.hpp).
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "core/io/scene.hpp"
#include "model.hpp"

namespace gs {

struct LoadedScene {
  Model model;
  std::string title;  // shown in presentation mode
  std::string explanation;
};

// A fresh Model showing the scene: its surface, start, runs (colours, enabled), display, view and
// playback. Errors name the field, as parseScene's do.
std::variant<LoadedScene, std::string> modelFromScene(const Scene& scene);
// Reads, validates and builds a scene file; nothing else changes, so what is open stays on error.
std::variant<LoadedScene, std::string> loadSceneFile(const std::string& path);

// What is open, as a scene. Runs keep their current hyperparameters and schedule (what the panels show);
// a forked run becomes a run of its own from the start.
Scene sceneFromModel(const Model& model, const std::string& title = {}, const std::string& explanation = {});

}  // namespace gs
