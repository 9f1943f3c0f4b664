#include "shortcuts.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "explainer_panel.hpp"
#include "playback.hpp"
#include "presentation.hpp"

namespace gs {

std::vector<Action> shortcutActions(const std::function<bool(int)>& pressed) {
  struct Binding {
    int key;
    ActionKind kind;
  };
  static constexpr Binding kBindings[] = {
      {GLFW_KEY_SPACE, ActionKind::TogglePlay}, {GLFW_KEY_RIGHT, ActionKind::StepForward},
      {GLFW_KEY_LEFT, ActionKind::StepBack},    {GLFW_KEY_R, ActionKind::Restart},
      {GLFW_KEY_H, ActionKind::TogglePanels},   {GLFW_KEY_P, ActionKind::TogglePresentation},
  };
  std::vector<Action> actions;
  for (const Binding& binding : kBindings)
    if (pressed(binding.key)) actions.push_back({binding.kind});
  for (int digit = 1; digit <= 9; ++digit)
    if (pressed(GLFW_KEY_0 + digit)) actions.push_back({ActionKind::ToggleRun, digit - 1});
  return actions;
}

void applyAction(Model& model, UiState& ui, const Action& action) {
  switch (action.kind) {
    case ActionKind::TogglePlay:
      model.playback.playing = !model.playback.playing;
      break;
    case ActionKind::StepForward:
      stepForward(model);
      break;
    case ActionKind::StepBack:
      stepBack(model);
      break;
    case ActionKind::Restart:
      restart(model);
      break;
    case ActionKind::TogglePanels:
      ui.panelsVisible = !ui.panelsVisible;
      break;
    case ActionKind::TogglePresentation:
      togglePresentation(ui);
      break;
    case ActionKind::ToggleRun:
      if (action.run >= 0 && static_cast<std::size_t>(action.run) < model.runner.size()) {
        bool& enabled = model.runner.run(static_cast<std::size_t>(action.run)).look().enabled;
        enabled = !enabled;
      }
      break;
  }
}

void handleShortcuts(Model& model, UiState& ui) {
  if (ImGui::GetIO().WantCaptureKeyboard) return;
  // Arrow keys repeat while held, so holding Right plays forward step by step.
  const auto pressed = [](int key) {
    const bool repeats = key == GLFW_KEY_LEFT || key == GLFW_KEY_RIGHT;
    if (repeats && ImGui::GetIO().KeyShift) return false;  // Shift+arrows pan the 3D view
    return ImGui::IsKeyPressed(key, repeats);
  };
  for (const Action& action : shortcutActions(pressed)) applyAction(model, ui, action);
}

}  // namespace gs
