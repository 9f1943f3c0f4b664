// Teaching UI without GL (issue 4): the explainer's sub-step navigation, scenes saved and loaded from the
// Teach panel's functions, a bad scene leaving what is open alone, and P toggling presentation mode.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/io/scene.hpp"
#include "scene_bridge.hpp"
#include "ui_frames.hpp"
#include "view/view2d.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

class Teaching : public UiFramesTest {
 protected:
  void SetUp() override {
    UiFramesTest::SetUp();
    directory_ = fs::temp_directory_path() / ("gradscape_teaching_" + std::to_string(getpid()));
    fs::create_directories(directory_);
  }
  void TearDown() override {
    UiFramesTest::TearDown();
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }

  std::string scenesJson(const Model& model) { return sceneToJson(sceneFromModel(model, "t", "e")); }

  fs::path directory_;
};

TEST_F(Teaching, ExplainerSubStepsStayInBoundsAndNextPastTheLastTakesAStep) {
  Model model = makeDefaultModel();
  UiState ui;
  ui.selectedRun = 0;
  EXPECT_EQ(explainerSubStepCount(model, ui), 0);  // nothing to explain before the first step
  explainerPrevious(model, ui);
  EXPECT_EQ(ui.explainSubStep, 0);
  explainerNext(model, ui);  // with no sub-steps, Next takes the first step
  EXPECT_EQ(model.runner.currentStep(), 1);
  const int count = explainerSubStepCount(model, ui);
  ASSERT_GE(count, 2);
  EXPECT_EQ(ui.explainSubStep, 0);
  explainerPrevious(model, ui);
  EXPECT_EQ(ui.explainSubStep, 0);
  for (int i = 1; i < count; ++i) {
    explainerNext(model, ui);
    EXPECT_EQ(ui.explainSubStep, i);
    EXPECT_EQ(model.runner.currentStep(), 1);
  }
  explainerPrevious(model, ui);
  EXPECT_EQ(ui.explainSubStep, count - 2);
  explainerNext(model, ui);
  explainerNext(model, ui);  // past the last: the next step, from its first sub-step
  EXPECT_EQ(model.runner.currentStep(), 2);
  EXPECT_EQ(ui.explainSubStep, 0);
  EXPECT_FALSE(model.playback.playing);

  ui.explainSubStep = 999;  // out of range indices are clamped, and the selected run too
  ui.selectedRun = 999;
  syncExplainer(model, ui);
  EXPECT_EQ(ui.selectedRun, static_cast<int>(model.runner.size()) - 1);
  EXPECT_LT(ui.explainSubStep, std::max(explainerSubStepCount(model, ui), 1));
  // A step taken elsewhere (playback, the keyboard) starts the explanation over.
  ui.explainSubStep = 1;
  model.runner.step(1);
  syncExplainer(model, ui);
  EXPECT_EQ(ui.explainSubStep, 0);
}

// Auto-advance for lectures: one sub-step per pause (ImGui's clock, 1/60 s a frame here), into the next
// update after the last sub-step; while it is off, nothing moves.
TEST_F(Teaching, AutoAdvanceTakesOneSubStepPerPause) {
  Model model = makeDefaultModel();
  UiState ui;
  ui.presentation = true;  // the explainer is drawn in presentation mode whatever the panels
  model.runner.step(1);
  for (int i = 0; i < 40; ++i) frame(model, ui);
  EXPECT_EQ(ui.explainSubStep, 0);
  ui.explainAuto = true;
  ui.explainPause = 0.5f;
  ui.explainLastAdvance = ImGui::GetTime();
  for (int i = 0; i < 25; ++i) frame(model, ui);
  EXPECT_EQ(ui.explainSubStep, 0);  // 25 frames: not yet half a second
  for (int i = 0; i < 10; ++i) frame(model, ui);
  EXPECT_EQ(ui.explainSubStep, 1);
  const int count = explainerSubStepCount(model, ui);
  for (int i = 0; i < 31 * count; ++i) frame(model, ui);
  EXPECT_EQ(model.runner.currentStep(), 2);  // past the last sub-step: the next update
  EXPECT_LE(ui.explainSubStep, 1);
}

TEST_F(Teaching, EveryRunOfTheDefaultSceneDrawsInTheTeachPanelWithItsGlyph) {
  Model model = makeDefaultModel();
  UiState ui;
  model.runner.step(3);
  for (std::size_t run = 0; run < model.runner.size(); ++run) {
    ui.selectedRun = static_cast<int>(run);
    const int count = explainerSubStepCount(model, ui);
    EXPECT_GT(count, 0) << model.runner.run(run).label();
    for (int i = 0; i < count; ++i) {
      ui.explainSubStep = i;
      frame(model, ui);
      EXPECT_EQ(ui.explainSubStep, i);
    }
  }
  EXPECT_EQ(model.runner.currentStep(), 3);
}

TEST_F(Teaching, SavingASceneThenLoadingItGivesTheSameRuns) {
  Model model = makeDefaultModel();
  model.runner.step(10);
  UiState ui;
  ui.sceneTitle = "A title";
  ui.sceneExplanation = "Some sentences.";
  const std::string path = (directory_ / "saved.json").string();
  ASSERT_EQ(saveSceneFrom(model, ui, path), std::nullopt);
  EXPECT_EQ(ui.scenePath, path);
  ASSERT_FALSE(fs::exists(path + ".tmp"));

  Model loaded = makeDefaultModel();
  loaded.runner.step(5);
  UiState other;
  const auto versionBefore = loaded.surfaceVersion;
  ASSERT_EQ(loadSceneInto(loaded, other, path), std::nullopt);
  ASSERT_EQ(loaded.runner.size(), model.runner.size());
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    EXPECT_EQ(loaded.runner.run(i).label(), model.runner.run(i).label());
    EXPECT_EQ(loaded.runner.run(i).optimizer().name(), model.runner.run(i).optimizer().name());
    EXPECT_EQ(loaded.runner.run(i).look().color, model.runner.run(i).look().color);
  }
  EXPECT_EQ(scenesJson(loaded), scenesJson(model));
  EXPECT_GT(loaded.surfaceVersion, versionBefore);  // renderers re-upload the surface
  EXPECT_EQ(loaded.runner.currentStep(), 0);
  EXPECT_EQ(other.sceneTitle, "A title");
  EXPECT_EQ(other.sceneExplanation, "Some sentences.");
  ASSERT_FALSE(other.recentScenes.empty());
  EXPECT_EQ(other.recentScenes.front(), path);
}

TEST_F(Teaching, ABadScenePathOrFileLeavesTheModelUnchangedWithAnError) {
  Model model = makeDefaultModel();
  model.runner.step(7);
  UiState ui;
  ui.sceneTitle = "kept";
  const std::string before = scenesJson(model);
  const auto version = model.surfaceVersion;

  const std::string missing = (directory_ / "missing.json").string();
  const auto error = loadSceneInto(model, ui, missing);
  ASSERT_TRUE(error.has_value());
  const auto at = error->find(missing);  // names the file, once
  ASSERT_NE(at, std::string::npos) << *error;
  EXPECT_EQ(error->find(missing, at + 1), std::string::npos) << *error;
  const std::string bad = (directory_ / "bad.json").string();
  std::ofstream(bad) << R"({"version": 1, "surface": {"name": "no_such_surface"}, "runs": []})";
  const auto badError = loadSceneInto(model, ui, bad);
  ASSERT_TRUE(badError.has_value());
  EXPECT_NE(badError->find("surface"), std::string::npos) << *badError;

  EXPECT_EQ(scenesJson(model), before);
  EXPECT_EQ(model.surfaceVersion, version);
  EXPECT_EQ(model.runner.currentStep(), 7);
  EXPECT_EQ(ui.sceneTitle, "kept");
  EXPECT_TRUE(ui.recentScenes.empty());
  EXPECT_TRUE(saveSceneFrom(model, ui, (directory_ / "no_dir" / "x.json").string()).has_value());
}

TEST_F(Teaching, RecentScenesKeepTheNewestFirstWithoutDuplicates) {
  UiState ui;
  for (int i = 0; i < 12; ++i) rememberRecentScene(ui, "scene" + std::to_string(i % 10) + ".json");
  EXPECT_EQ(ui.recentScenes.size(), kMaxRecentScenes);
  EXPECT_EQ(ui.recentScenes.front(), "scene1.json");
  EXPECT_EQ(ui.recentScenes[1], "scene0.json");
}

TEST_F(Teaching, PTogglesPresentationWhichHidesThePanels) {
  Model model = makeDefaultModel();
  UiState ui;
  ui.sceneTitle = "Saddle";
  ui.sceneExplanation = "Gradient descent stalls; Adam escapes.";
  ui.fontsDirty = false;
  frame(model, ui);
  pressKey(model, ui, GLFW_KEY_P);
  EXPECT_TRUE(ui.presentation);
  EXPECT_TRUE(ui.fontsDirty);  // the app rebuilds the fonts at the larger size
  EXPECT_TRUE(ui.panelsVisible);
  // The views take the whole window but the explainer's column at the right.
  const Rect views = frame(model, ui);
  const std::optional<Rect> dock = explainerDock(Rect{0, 0, 1600, 900}, ImGui::GetFontSize());
  ASSERT_TRUE(dock.has_value());
  EXPECT_EQ(views.x, 0.0f);
  EXPECT_EQ(views.width, dock->x);
  EXPECT_EQ(dock->x + dock->width, 1600.0f);
  EXPECT_EQ(views.height, 900.0f);
  pressKey(model, ui, GLFW_KEY_P);
  EXPECT_FALSE(ui.presentation);
  EXPECT_EQ(frame(model, ui).width, computeLayout(1600, 900, ui.uiScale, true).views.width);
}

std::vector<std::string> bundledPresets() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(GRADSCAPE_ASSET_DIR) / "scenes"))
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(Presets, AllAreBundled) { EXPECT_GE(bundledPresets().size(), 14u); }

// One row per bundled preset (assets/scenes/NAME.json).
class EveryPreset : public Teaching, public ::testing::WithParamInterface<std::string> {};

TEST_P(EveryPreset, LoadsWithATitleAndExplanation) {
  const fs::path path = fs::path(GRADSCAPE_ASSET_DIR) / "scenes" / (GetParam() + ".json");
  Model model = makeDefaultModel();
  UiState ui;
  const auto error = loadSceneInto(model, ui, path.string());
  EXPECT_EQ(error, std::nullopt);
  EXPECT_FALSE(ui.sceneTitle.empty());
  EXPECT_FALSE(ui.sceneExplanation.empty());
  EXPECT_GT(model.runner.size(), 0u);
  frame(model, ui);  // and the Teach panel draws it
}

// Issue 12 item 10: every preset's start and its runs' paths (to the scene's last step) are in its views,
// in every view mode, at 1024x768, 1280x720 and 1920x1080 with the panels shown: inside the 2D view as the
// app frames it (the scene's own view, or the domain), and on the 3D surface (the domain). A run that
// diverges leaves by design (its edge marker says where); only its path up to its last finite point in
// the domain counts there.
TEST_P(EveryPreset, ItsStartAndPathsAreInItsViews) {
  const fs::path path = fs::path(GRADSCAPE_ASSET_DIR) / "scenes" / (GetParam() + ".json");
  Model model = makeDefaultModel();
  UiState ui;
  ASSERT_EQ(loadSceneInto(model, ui, path.string()), std::nullopt);
  model.runner.step(std::min<std::int64_t>(model.playback.maxSteps, 5000));
  const Domain& domain = model.runner.surface().domain;
  const auto inDomain = [&](Vec2 p) {
    return p.x >= domain.xMin && p.x <= domain.xMax && p.y >= domain.yMin && p.y <= domain.yMax;
  };
  EXPECT_TRUE(inDomain(model.runner.start()));
  for (const auto& [width, height] : {std::pair{1024, 768}, std::pair{1280, 720}, std::pair{1920, 1080}})
    for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::Surface3D, ViewMode::SideBySide}) {
      SCOPED_TRACE(std::to_string(width) + "x" + std::to_string(height) + " mode " +
                   std::to_string(static_cast<int>(mode)));
      const Rect views = computeLayout(float(width), float(height), 1.0f, true).views;
      const PixelRect area{int(views.x), int(views.y), int(views.width), int(views.height)};
      const ViewLayout layout = layoutViews(mode, area);
      std::optional<View2D> view2d;
      if (layout.view2d)
        view2d = ui.pendingView2d ? *ui.pendingView2d
                                  : frameDomain(domain, layout.view2d->width, layout.view2d->height);
      const auto inView = [&](Vec2 p) {
        if (layout.view3d && !inDomain(p)) return false;
        if (!view2d) return true;
        const Vec2 pixel = surfaceToScreen(*view2d, *layout.view2d, p);
        return layout.view2d->contains(pixel.x, pixel.y);
      };
      EXPECT_TRUE(inView(model.runner.start()));
      for (const gs::Run& run : model.runner.runs()) {
        if (!run.look().enabled) continue;
        const bool diverged = run.status() == RunStatus::Diverged;
        int outside = 0;
        for (const Vec2& p : run.path()) {
          if (diverged && (!isFinite(p) || !inDomain(p))) break;
          outside += !inView(p);
        }
        EXPECT_EQ(outside, 0) << run.label() << " leaves the view " << outside << " times";
      }
    }
}

INSTANTIATE_TEST_SUITE_P(Bundled, EveryPreset, ::testing::ValuesIn(bundledPresets()),
                         [](const ::testing::TestParamInfo<std::string>& row) { return row.param; });

// One row per UI scale.
class TeachingLayout : public ::testing::TestWithParam<float> {};

TEST_P(TeachingLayout, TeachAndExportShareTheRightColumnWithoutOverlaps) {
  auto overlaps = [](const Rect& a, const Rect& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  };
  // 1600x900 at this scale: the two-column layout (narrower windows turn compact, see test_ui_layout_fit).
  const float scale = GetParam();
  const UiLayout layout = computeLayout(1600.0f * scale, 900.0f * scale, scale, true);
  for (const Rect& panel : {layout.teach, layout.exporter}) {
    EXPECT_GT(panel.height, 0.0f);
    EXPECT_FALSE(overlaps(layout.views, panel));
    EXPECT_FALSE(overlaps(layout.inspector, panel));
    EXPECT_EQ(panel.x, layout.inspector.x);
  }
  EXPECT_FALSE(overlaps(layout.teach, layout.exporter));
  EXPECT_FLOAT_EQ(layout.exporter.y + layout.exporter.height, 900.0f * scale);
}

INSTANTIATE_TEST_SUITE_P(UiScales, TeachingLayout, ::testing::Values(1.0f, 2.0f, 3.0f));

}  // namespace
}  // namespace gs
