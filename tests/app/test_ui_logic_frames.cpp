// Whole UI frames without GL: ImGui builds its draw lists on the CPU, so drawUi and handleShortcuts run
// here against a real Model, with keys fed through io.KeysDown as the GLFW backend does.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>

#include "ui_frames.hpp"

namespace gs {
namespace {

using UiFrames = UiFramesTest;

TEST_F(UiFrames, DefaultSceneDrawsEveryPanelAndLeavesTheLayoutsFreeArea) {
  Model model = makeDefaultModel();
  UiState ui;
  model.runner.step(50);
  Rect views;
  for (int i = 0; i < 3; ++i) views = frame(model, ui);
  const Rect expected = computeLayout(1600, 900, ui.uiScale, true).views;
  EXPECT_EQ(views.x, expected.x);
  EXPECT_EQ(views.width, expected.width);
  EXPECT_EQ(views.height, expected.height);
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 1000);  // six panels with text and plots
}

TEST_F(UiFrames, KeysPlayStepToggleRunsAndHidePanels) {
  Model model = makeDefaultModel();
  UiState ui;
  frame(model, ui);
  pressKey(model, ui, GLFW_KEY_SPACE);
  EXPECT_TRUE(model.playback.playing);
  pressKey(model, ui, GLFW_KEY_RIGHT);  // stepping by hand pauses
  EXPECT_FALSE(model.playback.playing);
  EXPECT_EQ(model.runner.currentStep(), 1);
  pressKey(model, ui, GLFW_KEY_LEFT);
  EXPECT_EQ(model.runner.currentStep(), 0);
  pressKey(model, ui, GLFW_KEY_2);
  EXPECT_FALSE(model.runner.run(1).look().enabled);
  EXPECT_TRUE(model.runner.run(0).look().enabled);
  pressKey(model, ui, GLFW_KEY_H);
  EXPECT_FALSE(ui.panelsVisible);
  const Rect views = frame(model, ui);
  EXPECT_EQ(views.width, 1600.0f);
}

TEST_F(UiFrames, ManyRunsLongHistoriesAndADivergedRunDrawWithoutTrouble) {
  Model model = makeDefaultModel();
  for (const char* name : {"sgd", "nesterov", "adagrad", "adadelta", "amsgrad", "lion", "newton", "lbfgs"})
    if (auto optimizer = Optimizer::create(name))
      addRun(model, RunSpec{name, std::move(*optimizer), {}, 0, 1});
  auto diverging = Optimizer::create("sgd");
  ASSERT_TRUE(diverging);
  diverging->setParam("lr", 5.0);  // far beyond 1/L here: the run leaves the domain and diverges
  const std::size_t bad = addRun(model, RunSpec{"too fast", std::move(*diverging), {}, 0, 1});
  model.runner.step(3000);
  EXPECT_EQ(model.runner.run(bad).status(), RunStatus::Diverged);
  UiState ui;
  for (int i = 0; i < 2; ++i) frame(model, ui);
  const ImDrawData* data = ImGui::GetDrawData();
  for (int n = 0; n < data->CmdListsCount; ++n)
    for (const ImDrawVert& vertex : data->CmdLists[n]->VtxBuffer)
      ASSERT_TRUE(std::isfinite(vertex.pos.x) && std::isfinite(vertex.pos.y));
}

}  // namespace
}  // namespace gs
