// A CPU-only ImGui harness for UI tests: a context with a built font atlas (no GL texture needed), whole
// frames of drawUi + handleShortcuts against a real Model, and keys fed through io.KeysDown as the GLFW
// backend does.
#pragma once
#include <gtest/gtest.h>
#include <imgui.h>

#include "ui/explainer_panel.hpp"
#include "ui/layout.hpp"
#include "ui/panel_list.hpp"
#include "ui/panels.hpp"
#include "ui/presentation.hpp"
#include "ui/scene_panel.hpp"
#include "ui/shortcuts.hpp"

namespace gs {

class UiFramesTest : public ::testing::Test {
 protected:
  static constexpr int kWidth = 1600, kHeight = 900;

  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kWidth, kHeight);
    io.DeltaTime = 1.0f / 60.0f;
    for (int i = 0; i < ImGuiKey_COUNT; ++i) io.KeyMap[i] = -1;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // builds the atlas; no texture is needed
  }
  void TearDown() override { ImGui::DestroyContext(context_); }

  Rect frame(Model& model, UiState& ui) {
    ImGui::NewFrame();
    const Rect views = drawUi(model, ui, kWidth, kHeight);
    handleShortcuts(model, ui);
    ImGui::Render();
    return views;
  }
  void pressKey(Model& model, UiState& ui, int key) {
    ImGui::GetIO().KeysDown[key] = true;
    frame(model, ui);
    ImGui::GetIO().KeysDown[key] = false;
    frame(model, ui);
  }

  ImGuiContext* context_ = nullptr;
};

}  // namespace gs
