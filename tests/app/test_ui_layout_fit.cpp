// The panel layout at small and large windows (issue 12): the views keep a stated share of the window, and
// no panel's widgets run past its content region (a cut label) with the app's real font and style, in
// every tab of the compact layout.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <ostream>
#include <string>
#include <vector>

#include "ui/layout.hpp"
#include "ui/panels.hpp"
#include "ui/style.hpp"
#include "ui_frames.hpp"

namespace gs {
namespace {

struct WindowSize {
  float width, height, uiScale;
};

std::string name(const WindowSize& size) {
  return std::to_string(static_cast<int>(size.width)) + "x" + std::to_string(static_cast<int>(size.height)) +
         " at scale " + std::to_string(size.uiScale);
}

void PrintTo(const WindowSize& size, std::ostream* out) { *out << name(size); }

TEST(LayoutFit, ViewsKeepHalfTheWindowAt1280x720AndMoreThanHalfAt1024x768) {
  for (const WindowSize size : {WindowSize{1280, 720, 1.0f}, WindowSize{1024, 768, 1.0f}}) {
    for (int tab = 0; tab < kSideTabCount; ++tab) {
      const UiLayout layout = computeLayout(size.width, size.height, size.uiScale, true, kAllPanelsOpen, tab);
      EXPECT_TRUE(layout.compact) << name(size);
      EXPECT_GE(layout.views.width * layout.views.height, 0.5f * size.width * size.height) << name(size);
    }
  }
  // Wide windows keep the two columns and the plots under the views.
  const UiLayout wide = computeLayout(1920, 1080, 1.0f, true);
  EXPECT_FALSE(wide.compact);
  EXPECT_GT(wide.plots.height, 0.0f);
  EXPECT_GT(wide.inspector.width, 0.0f);
}

TEST(LayoutFit, CompactTabsShowOneGroupBesideTheViewsWithoutOverlaps) {
  auto overlaps = [](const Rect& a, const Rect& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  };
  const std::vector<std::vector<Rect UiLayout::*>> groups = {
      {&UiLayout::surface, &UiLayout::optimizers, &UiLayout::display},
      {&UiLayout::inspector, &UiLayout::teach, &UiLayout::exporter},
      {&UiLayout::plots},
      {&UiLayout::maps}};
  for (int tab = 0; tab < kSideTabCount; ++tab) {
    const UiLayout layout = computeLayout(1280, 720, 1.0f, true, kAllPanelsOpen, tab);
    for (int other = 0; other < kSideTabCount; ++other)
      for (Rect UiLayout::*place : groups[other]) {
        const Rect& panel = layout.*place;
        if (other == tab) {
          EXPECT_GT(panel.height, 0.0f) << "tab " << tab;
          EXPECT_EQ(panel.width, layout.tabs.width);
          EXPECT_GE(panel.y, layout.tabs.y + layout.tabs.height);
          EXPECT_FALSE(overlaps(panel, layout.views));
          EXPECT_FALSE(overlaps(panel, layout.playback));
        } else {
          EXPECT_EQ(panel.width * panel.height, 0.0f) << "tab " << tab << " shows a panel of tab " << other;
        }
      }
    EXPECT_FALSE(overlaps(layout.views, layout.playback));
    EXPECT_FLOAT_EQ(layout.playback.y + layout.playback.height, 720.0f);
  }
}

class LayoutFitFrames : public ::testing::TestWithParam<WindowSize> {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DeltaTime = 1.0f / 60.0f;
    for (int i = 0; i < ImGuiKey_COUNT; ++i) io.KeyMap[i] = -1;
    buildStyle(GetParam().uiScale, false);  // DejaVu Sans at the app's size, as the app draws it
  }
  void TearDown() override { ImGui::DestroyContext(context_); }

  // Draws a few frames (windows settle their sizes and scrollbars in the first ones) and returns the names
  // of the panel windows whose widgets reached past their content region's right edge, with how far.
  std::vector<std::string> cutWindows(Model& model, UiState& ui) {
    const WindowSize size = GetParam();
    ImGui::GetIO().DisplaySize = ImVec2(size.width, size.height);
    std::vector<std::string> cut;
    for (int frame = 0; frame < 3; ++frame) {
      ImGui::NewFrame();
      drawUi(model, ui, size.width, size.height);
      ImGui::EndFrame();
      if (frame < 2) continue;
      for (ImGuiWindow* window : ImGui::GetCurrentContext()->Windows) {
        if (!window->Active || window->Hidden) continue;
        if (window->Flags &
            (ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup | ImGuiWindowFlags_HorizontalScrollbar |
             ImGuiWindowFlags_AlwaysHorizontalScrollbar))
          continue;
        const float over = window->DC.CursorMaxPos.x - window->WorkRect.Max.x;
        if (over > 1.0f) cut.push_back(std::string(window->Name) + " by " + std::to_string(over) + " px");
      }
    }
    return cut;
  }

  ImGuiContext* context_ = nullptr;
};

TEST_P(LayoutFitFrames, NoPanelWidgetRunsPastItsWindowInAnyTab) {
  Model model = makeDefaultModel();
  model.runner.step(5);
  UiState ui;
  ui.uiScale = GetParam().uiScale;
  ui.fontsDirty = false;
  ui.panelOpen = kAllPanelsOpen;  // the Maps panel too, in its tab or its column
  for (int tab = 0; tab < kSideTabCount; ++tab) {
    ui.sideTab = tab;
    for (const std::string& window : cutWindows(model, ui))
      ADD_FAILURE() << name(GetParam()) << ", tab " << tab << ": " << window;
  }
}

// Every optimizer's hyperparameters, its run expanded in the Optimizers panel: no name is cut (a long one,
// Adagrad's initial_accumulator_value, goes above its widget).
TEST_P(LayoutFitFrames, EveryOptimizersFieldsFitTheOptimizersPanel) {
  for (const std::string& optimizerName : Optimizer::names()) {
    Model model = makeDefaultModel();
    while (model.runner.size() > 0) removeRun(model, model.runner.size() - 1);
    auto optimizer = Optimizer::create(optimizerName);
    ASSERT_TRUE(optimizer) << optimizerName;
    addRun(model, RunSpec{optimizerName, std::move(*optimizer), Schedule{}, 0, 1});
    model.runner.step(3);
    UiState ui;
    ui.uiScale = GetParam().uiScale;
    ui.fontsDirty = false;
    ui.sideTab = 0;  // the compact layout's Setup tab: surface, optimizers, display
    for (const std::string& window : cutWindows(model, ui))
      ADD_FAILURE() << name(GetParam()) << ", " << optimizerName << ": " << window;
  }
}

// In presentation mode, at the presentation font size: the explainer in its column (at 1024x768 the
// narrowest, where "Run, next step, auto-advance" was cut) and the caption cut nothing, for every run.
TEST_P(LayoutFitFrames, PresentationWindowsCutNothingAtThePresentationFontSize) {
  buildStyle(GetParam().uiScale, true);
  Model model = makeDefaultModel();
  model.runner.step(5);
  UiState ui;
  ui.uiScale = GetParam().uiScale;
  ui.fontsDirty = false;
  ui.presentation = true;
  ui.sceneTitle = "Momentum in a ravine";
  ui.sceneExplanation =
      "Plain gradient descent zig-zags across the ravine; momentum averages the zig-zag out.";
  for (std::size_t run = 0; run < model.runner.size(); ++run) {
    ui.selectedRun = static_cast<int>(run);
    for (const std::string& window : cutWindows(model, ui))
      ADD_FAILURE() << name(GetParam()) << ", run " << run << ": " << window;
  }
}

// The display options' theme drives the ImGui colours (dark ink on a light ground, and back), and in
// presentation mode the explainer has its own large window beside the caption.
class ThemeAndPresentation : public UiFramesTest {};

TEST_F(ThemeAndPresentation, LightThemeGivesDarkTextOnLightPanelsAndPresentationShowsTheExplainer) {
  Model model = makeDefaultModel();
  model.runner.step(2);
  UiState ui;
  ui.fontsDirty = false;
  const ImVec4* colors = ImGui::GetStyle().Colors;
  model.display.theme = Theme::Light;
  frame(model, ui);
  EXPECT_GT(colors[ImGuiCol_WindowBg].x, 0.8f);
  EXPECT_LT(colors[ImGuiCol_Text].x, 0.2f);
  model.display.theme = Theme::Dark;
  frame(model, ui);
  EXPECT_LT(colors[ImGuiCol_WindowBg].x, 0.2f);
  EXPECT_GT(colors[ImGuiCol_Text].x, 0.8f);

  EXPECT_EQ(ImGui::FindWindowByName("Explainer###present-explainer"), nullptr);
  ui.presentation = true;
  frame(model, ui);
  const ImGuiWindow* explainer = ImGui::FindWindowByName("Explainer###present-explainer");
  ASSERT_NE(explainer, nullptr);
  EXPECT_TRUE(explainer->Active);
  ui.presentation = false;
  frame(model, ui);
  EXPECT_FALSE(explainer->Active);
}

INSTANTIATE_TEST_SUITE_P(WindowSizes, LayoutFitFrames,
                         ::testing::Values(WindowSize{1024, 768, 1.0f}, WindowSize{1280, 720, 1.0f},
                                           WindowSize{1920, 1080, 1.0f}, WindowSize{3840, 2160, 2.0f}));

}  // namespace
}  // namespace gs
