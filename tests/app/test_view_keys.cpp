// The 3D camera's keys share the arrows with playback: Left/Right alone step, Shift+Left/Right pan the
// camera (applyCameraKeys) and must not step as well.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include "ui_frames.hpp"

namespace gs {
namespace {

using ViewKeys = UiFramesTest;

TEST_F(ViewKeys, ShiftArrowsAreLeftToTheCameraAndDoNotStep) {
  Model model = makeDefaultModel();
  UiState ui;
  frame(model, ui);
  pressKey(model, ui, GLFW_KEY_RIGHT);
  ASSERT_EQ(model.runner.currentStep(), 1);
  ImGui::GetIO().KeyShift = true;
  pressKey(model, ui, GLFW_KEY_RIGHT);
  pressKey(model, ui, GLFW_KEY_RIGHT);
  EXPECT_EQ(model.runner.currentStep(), 1);
  pressKey(model, ui, GLFW_KEY_LEFT);
  ImGui::GetIO().KeyShift = false;
  EXPECT_EQ(model.runner.currentStep(), 1);
  pressKey(model, ui, GLFW_KEY_LEFT);
  EXPECT_EQ(model.runner.currentStep(), 0);
}

}  // namespace
}  // namespace gs
