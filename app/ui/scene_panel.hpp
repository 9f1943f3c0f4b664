// Scenes in the Teach panel: load and save with a path box, recent files, the bundled lecture presets.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "model.hpp"
#include "ui/panels.hpp"

namespace gs {

// The scene section of the Teach panel.
void drawSceneSection(Model& model, UiState& ui);
// Loads a scene file into `model` (replacing it) and remembers it as recent; on error returns the message
// (it starts with the path) and leaves model and ui's scene fields as they were.
std::optional<std::string> loadSceneInto(Model& model, UiState& ui, const std::string& path);
// Saves what is open (with ui's title and explanation) atomically; error message or nullopt.
std::optional<std::string> saveSceneFrom(const Model& model, UiState& ui, const std::string& path);
// Puts `path` first in the recent list (no duplicates, at most kMaxRecentScenes).
inline constexpr std::size_t kMaxRecentScenes = 8;
void rememberRecentScene(UiState& ui, const std::string& path);

}  // namespace gs
