// Keyboard shortcuts as data: keys map to actions (a pure function, testable without a window), and
// actions apply to the model. ImGui 1.86 indexes io.KeysDown by GLFW key codes.
#pragma once
#include <functional>
#include <vector>

#include "ui/panels.hpp"

namespace gs {

enum class ActionKind {
  TogglePlay,
  StepForward,
  StepBack,
  Restart,
  TogglePanels,
  ToggleRun,
  TogglePresentation
};

struct Action {
  ActionKind kind;
  int run = -1;  // ToggleRun: 0-based run index (key 1 is run 0)
  bool operator==(const Action&) const = default;
};

// The actions for the keys pressed this frame; `pressed(glfwKey)` says whether a key was pressed.
std::vector<Action> shortcutActions(const std::function<bool(int)>& pressed);
void applyAction(Model& model, UiState& ui, const Action& action);
// The shortcuts pressed this frame (space, arrows, R, H, P, 1-9), applied only when ImGui does not want
// the keyboard.
void handleShortcuts(Model& model, UiState& ui);

}  // namespace gs
