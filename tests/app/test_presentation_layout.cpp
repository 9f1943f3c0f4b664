// Presentation mode's caption and explainer (issue 12, item 5): placed where they hide no path and no
// start, folded where nothing is free, never more than half of the views; and, for every bundled preset
// at 1280x720 and 1024x768 with the app's real fonts, the windows ImGui draws cover neither the start, the
// paths nor a diverged run's plate.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"
#include "render/run_markers.hpp"
#include "ui/panels.hpp"
#include "ui/presentation.hpp"
#include "ui/scene_panel.hpp"
#include "ui/style.hpp"
#include "view/run_legend.hpp"
#include "view/view2d.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

bool inside(const Rect& r, ImVec2 p) {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}
bool overlaps(const Rect& a, const Rect& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
int covered(const Rect& r, const std::vector<ImVec2>& points) {
  return static_cast<int>(
      std::count_if(points.begin(), points.end(), [&](ImVec2 p) { return inside(r, p); }));
}

PresentationSizes fixedSizes(float captionWidth, float captionHeight, ImVec2 explainer) {
  PresentationSizes sizes;
  sizes.captionWidth = captionWidth;
  sizes.captionHeight = [captionHeight](float) { return captionHeight; };
  sizes.captionFolded = ImVec2(200, 30);
  sizes.explainerSize = [explainer](float scale) { return ImVec2(explainer.x * scale, explainer.y * scale); };
  sizes.explainerFolded = ImVec2(120, 30);
  sizes.margin = 8;
  return sizes;
}

TEST(PresentationScale, GrowsWithTheWindowAbove1080InPresentationModeOnly) {
  UiState ui;
  EXPECT_EQ(drawScale(ui, 2160.0f), 1.0f);  // the window's own mode: the user's scale at any size
  ui.presentation = true;
  EXPECT_EQ(drawScale(ui, 720.0f), 1.0f);  // never smaller than the user's scale
  EXPECT_EQ(drawScale(ui, 1080.0f), 1.0f);
  EXPECT_EQ(drawScale(ui, 1440.0f), 1.25f);  // quarter steps, rounded down
  EXPECT_EQ(drawScale(ui, 2160.0f), 2.0f);
  EXPECT_EQ(drawScale(ui, 100000.0f), 4.0f);
  ui.uiScale = 2.5f;  // a HiDPI monitor's scale or the user's own, where larger
  EXPECT_EQ(drawScale(ui, 2160.0f), 2.5f);
  EXPECT_EQ(ui.scale(), 2.5f);  // before a frame has set drawnScale
  ui.drawnScale = 3.0f;
  EXPECT_EQ(ui.scale(), 3.0f);
}

TEST(PresentationPlacement, AvoidsTheStartThePathsAndTheNotes) {
  PresentationScene scene;
  scene.views = {0, 0, 1000, 600};
  scene.regions = {scene.views};
  scene.starts = {{100, 100}};                                               // top left
  for (float x = 500; x < 990; x += 8) scene.pathPoints.push_back({x, 80});  // along the top right
  scene.obstacles = {{0, 500, 300, 100}};                                    // a legend, bottom left
  const PresentationPlacement p = placePresentationWindows(scene, fixedSizes(300, 200, {300, 250}));
  EXPECT_FALSE(p.captionFolded);
  EXPECT_FALSE(p.explainerFolded);
  EXPECT_EQ(p.explainerScale, 1.0f);
  EXPECT_EQ(p.coveredPoints, 0);
  for (const Rect& box : {p.caption, p.explainer}) {
    EXPECT_FALSE(inside(box, scene.starts[0]));
    EXPECT_EQ(covered(box, scene.pathPoints), 0);
    EXPECT_FALSE(overlaps(box, scene.obstacles[0]));
    EXPECT_GE(box.x, 0.0f);
    EXPECT_LE(box.x + box.width, 1000.0f);
    EXPECT_LE(box.y + box.height, 600.0f);
  }
  EXPECT_FALSE(overlaps(p.caption, p.explainer));
}

TEST(PresentationPlacement, ShrinksTheExplainerThenFoldsTheCaptionWhenNothingIsFree) {
  PresentationScene scene;
  scene.views = {0, 0, 1000, 600};
  scene.regions = {scene.views};
  scene.starts = {{500, 300}};
  // Paths everywhere but a 280 x 230 corner at the top right.
  for (float x = 4; x < 1000; x += 8)
    for (float y = 4; y < 600; y += 8)
      if (!(x > 710 && y < 250)) scene.pathPoints.push_back({x, y});
  const PresentationPlacement p = placePresentationWindows(scene, fixedSizes(300, 200, {320, 260}));
  EXPECT_LT(p.explainerScale, 1.0f);  // 320 x 260 does not fit the free corner; 0.8 of it does
  EXPECT_EQ(covered(p.explainer, scene.pathPoints), 0);
  EXPECT_TRUE(p.captionFolded);  // no room left for the caption: its title bar alone
  EXPECT_EQ(p.caption.height, 30.0f);
}

TEST(PresentationPlacement, TheTwoWindowsNeverCoverMoreThanHalfTheViews) {
  PresentationScene scene;
  scene.views = {0, 0, 800, 500};
  scene.regions = {scene.views};
  scene.starts = {{400, 250}};
  const PresentationPlacement p = placePresentationWindows(scene, fixedSizes(380, 240, {380, 240}));
  const float area = (p.caption.width * p.caption.height) + (p.explainer.width * p.explainer.height);
  EXPECT_LE(area, 0.5f * 800.0f * 500.0f);
}

// In a small export the glyph legend (top right) and the run legend (bottom left) shared the view's height
// and overlapped: the run legend now keeps below the depth it is given, in columns where it must.
TEST(RunLegendBesideGlyphLegend, KeepsBelowTheTopMarginItIsGiven) {
  std::vector<RunLegendRow> rows;
  for (int i = 0; i < 12; ++i) {
    RunLegendRow row;
    row.run = static_cast<std::size_t>(i);
    row.name = "sgd " + std::to_string(i);
    row.params = "lr=0.00" + std::to_string(i + 1);
    row.status = "running";
    rows.push_back(row);
  }
  const auto width = [](std::string_view text) { return 8.0 * static_cast<double>(text.size()); };
  const PixelRect viewport{400, 0, 400, 600};
  const RunLegendLayout free = layoutRunLegend(rows, viewport, 24.0, 14.0, width);
  ASSERT_FALSE(free.rows.empty());
  EXPECT_LT(free.box.y, 320);  // without a margin the twelve rows reach above 320 px
  const RunLegendLayout below = layoutRunLegend(rows, viewport, 24.0, 14.0, width, 320.0);
  ASSERT_FALSE(below.rows.empty());
  EXPECT_GE(below.box.y, 320);
  EXPECT_LE(below.box.y + below.box.height, 600 - 24);
  for (const RunLegendLayout::Row& row : below.rows) EXPECT_GE(row.box.y, 320);
}

std::vector<std::string> bundledPresets() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(GRADSCAPE_ASSET_DIR) / "scenes"))
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

class PresetInPresentation : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = ImVec2(-1, -1);
    for (int i = 0; i < ImGuiKey_COUNT; ++i) io.KeyMap[i] = -1;
    buildStyle(1.0f, true);  // DejaVu Sans at the presentation size, as the app draws it
  }
  void TearDown() override { ImGui::DestroyContext(context_); }
  ImGuiContext* context_ = nullptr;
};

// The "diverged at step k" plates the scene renderer draws on the 2D view `viewport` (SceneRenderer::
// drawRunMarkers), measured with the UI's font at the scene's text size.
std::vector<Rect> divergencePlates(const Model& model, const PixelRect& viewport, float textPixels) {
  ScreenProjection screen;
  screen.viewport = viewport;
  screen.view = model.view2d;
  std::vector<Rect> plates;
  for (const Run& run : model.runner.runs())
    if (const auto mark = runEndMark(run, model.runner.surface().domain, screen, ballRadiusPixels(1.0f));
        mark && mark->labelAt) {
      const std::string& text = mark->label;
      const double width =
          ImGui::GetFont()
              ->CalcTextSizeA(textPixels, FLT_MAX, 0.0f, text.data(), text.data() + text.size())
              .x;
      const PlateBox plate = plateBox(*mark->labelAt, width, textPixels, viewport);
      plates.push_back({float(plate.left), float(plate.top), float(plate.width), float(plate.height)});
    }
  return plates;
}

// A bundled preset in presentation mode in `mode` at `size`, after the screenshot's 60 steps, as the app
// lays it out (a few frames of the UI): the scene the windows were placed in and where they went.
struct PlacedPreset {
  Model model = makeDefaultModel();
  UiState ui;
  Rect views;  // the window less the explainer's column, where it is docked
  ViewLayout layout;
  PresentationScene scene;
  struct Window {
    const char* name;
    Rect box;
    bool folded;
    float fontScale;
  };
  std::vector<Window> windows;
  std::optional<Rect> dock;
};
// The scene at `path` (a preset's, or a copy of one) placed in the same way.
PlacedPreset placeScene(const std::string& path, ImVec2 size, ViewMode mode, std::int64_t steps) {
  PlacedPreset placed;
  Model& model = placed.model;
  UiState& ui = placed.ui;
  ImGui::GetIO().DisplaySize = size;
  EXPECT_EQ(loadSceneInto(model, ui, path), std::nullopt);
  ui.fontsDirty = false;
  ui.presentation = true;
  model.display.mode = mode;
  model.runner.step(steps);
  // The views the app's first frame gives (the explainer docked where there is room for its column), framed
  // as the app frames a new surface (Controller::frameViewIfSurfaceChanged) unless the scene has a view.
  placed.dock = explainerDock(Rect{0, 0, size.x, size.y}, fontPixelSize(1.0f, true));
  placed.views = placed.dock ? Rect{0, 0, placed.dock->x, size.y} : Rect{0, 0, size.x, size.y};
  placed.layout = layoutViews(mode, PixelRect{0, 0, int(placed.views.width), int(placed.views.height)});
  if (placed.layout.view2d && !ui.pendingView2d)
    model.view2d =
        frameDomain(model.runner.surface().domain, placed.layout.view2d->width, placed.layout.view2d->height);
  for (int frame = 0; frame < 6; ++frame) {
    ImGui::NewFrame();
    const Rect views = drawUi(model, ui, size.x, size.y);
    EXPECT_EQ(views.width, placed.views.width);
    ImGui::EndFrame();
  }
  placed.scene = presentationScene(model, ui, placed.views, presentationTextPixels(1.0f));
  for (const char* name : {"###caption", "Explainer###present-explainer"})
    if (const ImGuiWindow* window = ImGui::FindWindowByName(name))
      placed.windows.push_back({name, Rect{window->Pos.x, window->Pos.y, window->Size.x, window->Size.y},
                                window->Collapsed, window->FontWindowScale});
  return placed;
}
PlacedPreset placePreset(const std::string& preset, ImVec2 size, ViewMode mode, std::int64_t steps = 60) {
  return placeScene((fs::path(GRADSCAPE_ASSET_DIR) / "scenes" / (preset + ".json")).string(), size, mode,
                    steps);
}

// At 1280x720 and 1024x768, after the screenshot's 60 steps: neither window covers the start, a path point
// (the paths as far as playback goes) or a diverged run's plate, a window that does is folded to its title
// bar, and the views keep more than half of the window.
TEST_P(PresetInPresentation, WindowsHideNoStartNoPathAndNoPlate) {
  for (const ImVec2 size : {ImVec2(1280, 720), ImVec2(1024, 768)})
    for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::Surface3D, ViewMode::SideBySide}) {
      const float width = size.x, height = size.y;
      const PlacedPreset placed = placePreset(GetParam(), size, mode);
      ASSERT_EQ(placed.windows.size(), 2u);
      const float textPixels = presentationTextPixels(1.0f);
      const std::vector<Rect> plates = placed.layout.view2d
                                           ? divergencePlates(placed.model, *placed.layout.view2d, textPixels)
                                           : std::vector<Rect>{};
      float area = 0.0f;
      for (const PlacedPreset::Window& window : placed.windows) {
        const Rect& box = window.box;
        const std::string where = GetParam() + " at " + std::to_string(int(width)) + "x" +
                                  std::to_string(int(height)) + " in mode " + std::to_string(int(mode)) +
                                  ", " + window.name;
        if (!overlaps(box, placed.views)) continue;  // the explainer in its column, beside the views
        for (const ImVec2 start : placed.scene.starts) EXPECT_FALSE(inside(box, start)) << where;
        if (!window.folded) {
          EXPECT_EQ(covered(box, placed.scene.pathPoints), 0) << where;
        }
        for (const Rect& note : placed.scene.obstacles) EXPECT_FALSE(overlaps(box, note)) << where;
        for (const Rect& plate : plates)
          EXPECT_FALSE(overlaps(box, plate)) << where << ": a divergence plate";
        EXPECT_GE(box.x, 0.0f) << where;
        EXPECT_LE(box.x + box.width, width) << where;
        EXPECT_LE(box.y + box.height, height) << where;
        area += box.width * box.height;
      }
      EXPECT_LE(area, 0.5f * width * height) << GetParam();
    }
}

// At 1280x720 and 1024x768 the explainer is docked unfolded at full size (its font scale 1) in a column at
// the right, the views keep at least 64% of the width, and the floating caption stays in the views. Its arrow
// folds it: the views take the whole width again, and unfolded it goes back to its column.
TEST_P(PresetInPresentation, TheExplainerDocksAtFullSizeBesideTheViews) {
  for (const ImVec2 size : {ImVec2(1280, 720), ImVec2(1024, 768)})
    for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::SideBySide}) {
      SCOPED_TRACE(GetParam() + " at " + std::to_string(int(size.x)) + " in mode " +
                   std::to_string(int(mode)));
      PlacedPreset placed = placePreset(GetParam(), size, mode);
      ASSERT_TRUE(placed.dock.has_value());
      EXPECT_GE(placed.views.width, 0.64f * size.x);
      EXPECT_EQ(placed.views.width, placed.dock->x);
      ASSERT_EQ(placed.windows.size(), 2u);
      const PlacedPreset::Window& caption = placed.windows[0];
      const PlacedPreset::Window& explainer = placed.windows[1];
      EXPECT_FALSE(explainer.folded);
      EXPECT_EQ(explainer.fontScale, 1.0f);
      EXPECT_EQ(explainer.box.x, placed.dock->x);
      EXPECT_EQ(explainer.box.width, placed.dock->width);
      EXPECT_EQ(explainer.box.height, size.y);
      EXPECT_LE(caption.box.x + caption.box.width, placed.views.width);

      ImGuiWindow* window = ImGui::FindWindowByName("Explainer###present-explainer");
      ASSERT_NE(window, nullptr);
      const auto frame = [&] {
        ImGui::NewFrame();
        const Rect views = drawUi(placed.model, placed.ui, size.x, size.y);
        ImGui::EndFrame();
        return views;
      };
      window->Collapsed = true;  // as its arrow does
      EXPECT_EQ(frame().width, size.x);
      EXPECT_EQ(frame().width, size.x);
      EXPECT_TRUE(window->Collapsed);
      EXPECT_LE(window->Pos.x + window->Size.x, size.x);
      window->Collapsed = false;
      EXPECT_EQ(frame().width, placed.dock->x);
      frame();
      EXPECT_EQ(window->Pos.x, placed.dock->x);
    }
}

// The step counter and its hint stay off the run legend: where the whole hint would run into it (a narrow
// 3D view beside the 2D view at 1024x768, as in saddle_escape), the short one is shown.
TEST_P(PresetInPresentation, TheStepCounterAndItsHintKeepOffTheRunLegend) {
  for (const ImVec2 size : {ImVec2(1280, 720), ImVec2(1024, 768), ImVec2(1920, 1080)})
    for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::Surface3D, ViewMode::SideBySide}) {
      const PlacedPreset placed = placePreset(GetParam(), size, mode);
      if (!placed.scene.runLegend) continue;
      const std::string where = GetParam() + " at " + std::to_string(int(size.x)) + "x" +
                                std::to_string(int(size.y)) + " in mode " + std::to_string(int(mode));
      EXPECT_FALSE(overlaps(placed.scene.statusPlate, *placed.scene.runLegend)) << where;
      // The scene is told the corner the plate made room at (its own measure of the text could choose the
      // other where a ball lies on the box's edge: rosenbrock_race at 1024x768 after 40 steps).
      const Rect& legend = *placed.scene.runLegend;
      const double left = legend.x, right = legend.x + legend.width;
      // Nearer the right edge of the view it is on than the left one; a legend nearly as wide as its view
      // is about as far from both.
      std::optional<bool> atRight;
      bool wide = false;
      for (const std::optional<PixelRect>& view : {placed.layout.view2d, placed.layout.view3d})
        if (view && left >= view->x && right <= view->x + view->width) {
          atRight = double(view->x + view->width) - right < left - double(view->x);
          wide = legend.width > 0.6 * view->width;
        }
      ASSERT_TRUE(atRight.has_value()) << where;
      if (wide) continue;
      EXPECT_EQ(placed.ui.runLegendCorner, *atRight ? LegendCorner::BottomRight : LegendCorner::BottomLeft)
          << where;
    }
}

// Points along the runs' paths where the 2D view `viewport` draws them, every 2 pixels, those inside it; but
// a diverged run's, whose last leaps cross the whole view (its lesson is the "diverged at step k" mark).
std::vector<ImVec2> drawnPathPoints(const Model& model, const PixelRect& viewport) {
  std::vector<ImVec2> points;
  const auto add = [&](Vec2 p) {
    if (viewport.contains(p.x, p.y)) points.emplace_back(float(p.x), float(p.y));
  };
  for (const Run& run : model.runner.runs()) {
    if (!run.look().enabled || run.status() == RunStatus::Diverged) continue;
    const std::vector<Vec2>& path = run.path();
    for (std::size_t k = 0; k < path.size(); ++k) {
      const Vec2 b = surfaceToScreen(model.view2d, viewport, path[k]);
      if (k == 0) add(b);
      if (k == 0 || !isFinite(b)) continue;
      const Vec2 a = surfaceToScreen(model.view2d, viewport, path[k - 1]);
      if (!isFinite(a)) continue;
      const int pieces = static_cast<int>(std::clamp(norm(b - a) / 2.0, 1.0, 5000.0));
      for (int i = 1; i <= pieces; ++i) add(a + (b - a) * (double(i) / pieces));
    }
  }
  return points;
}

// The run legend hides no path on the 2D view, at the three sizes, after the screenshot's 60 steps and at
// playback's last step: it goes to the corner that hides none (saddle_escape's and
// newton_attracted_to_saddle's paths ran under it at the bottom left), and rosenbrock_race's and
// newton_lbfgs_vs_first_order's domains reach further down (y from -1.6 and -2.5), so that the valley's floor
// and Newton's leap across it (to y = -0.86) are drawn above it.
TEST_P(PresetInPresentation, TheRunLegendHidesNoPathOnThe2DView) {
  for (const ImVec2 size : {ImVec2(1280, 720), ImVec2(1024, 768), ImVec2(1920, 1080)})
    for (const bool last : {false, true}) {
      Model preset = makeDefaultModel();
      UiState ui;
      ASSERT_EQ(loadSceneInto(preset, ui,
                              (fs::path(GRADSCAPE_ASSET_DIR) / "scenes" / (GetParam() + ".json")).string()),
                std::nullopt);
      const std::int64_t steps = last ? preset.playback.maxSteps : 60;
      const PlacedPreset placed = placePreset(GetParam(), size, ViewMode::Heatmap2D, steps);
      if (!placed.scene.runLegend) continue;
      ASSERT_TRUE(placed.layout.view2d.has_value());
      EXPECT_EQ(covered(*placed.scene.runLegend, drawnPathPoints(placed.model, *placed.layout.view2d)), 0)
          << GetParam() << " at " << int(size.x) << "x" << int(size.y) << " after " << steps << " steps";
    }
}

// Where the paths alone would send the run legend to the bottom right, the step counter would go up above it
// there: the legend stays at the left where the counter would then hide a path. rosenbrock_race with its
// former domain (y from -1) at 1024x768 after 1000 steps: the valley's floor runs under the legend at the
// left, and the counter above it at the right would cover the valley's arm.
TEST_F(PresetInPresentation, TheRunLegendStaysWhereTheStepCounterWouldHideAPathAboveIt) {
  const fs::path copy = fs::temp_directory_path() / "gradscape_rosenbrock_race_first_domain.json";
  {
    std::ifstream in(fs::path(GRADSCAPE_ASSET_DIR) / "scenes" / "rosenbrock_race.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t at = text.find("-1.6");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 4, "-1");
    std::ofstream(copy) << text;
  }
  const PlacedPreset placed = placeScene(copy.string(), ImVec2(1024, 768), ViewMode::Heatmap2D, 1000);
  fs::remove(copy);
  ASSERT_TRUE(placed.scene.runLegend.has_value());
  ASSERT_TRUE(placed.layout.view2d.has_value());
  EXPECT_EQ(placed.model.runner.surface().domain.yMin, -1.0);
  const std::vector<ImVec2> paths = drawnPathPoints(placed.model, *placed.layout.view2d);
  EXPECT_EQ(placed.ui.runLegendCorner, LegendCorner::BottomLeft);
  EXPECT_EQ(covered(placed.scene.statusPlate, paths), 0);
  EXPECT_GT(covered(*placed.scene.runLegend, paths), 0);  // what the left corner costs, and the domain fixes
}

// learning_rate_too_large at 1024x768: its paths leave no room for the caption unfolded, but folded it
// finds a place on no path (the step counter's plate is as wide as its last step, 200, needs: reserved for
// seven digits, it took the room at the bottom and the folded caption went across the diverging path). The
// explainer is in its column beside the views, where the diverging path's points off the view lie.
TEST_F(PresetInPresentation, FoldedWindowsStillAvoidThePathsWhereThereIsRoom) {
  const PlacedPreset placed = placePreset("learning_rate_too_large", ImVec2(1024, 768), ViewMode::Heatmap2D);
  ASSERT_EQ(placed.windows.size(), 2u);
  ASSERT_TRUE(placed.dock.has_value());
  EXPECT_FALSE(overlaps(placed.windows[1].box, placed.views));
  EXPECT_EQ(covered(placed.windows[0].box, placed.scene.pathPoints), 0) << placed.windows[0].name;
}

INSTANTIATE_TEST_SUITE_P(Bundled, PresetInPresentation, ::testing::ValuesIn(bundledPresets()),
                         [](const ::testing::TestParamInfo<std::string>& row) { return row.param; });

}  // namespace
}  // namespace gs
