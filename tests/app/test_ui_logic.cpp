// UI logic that needs no window and no core run: playback accounting, field ranges, palette, settings,
// key mapping, panel layout, plot decimation and ticks.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

#include "palette.hpp"
#include "playback.hpp"
#include "settings.hpp"
#include "ui/field_table.hpp"
#include "ui/layout.hpp"
#include "ui/plot_data.hpp"
#include "ui/shortcuts.hpp"

namespace gs {
namespace {

Playback playingAt(double stepsPerSecond, std::int64_t maxSteps = 1000) {
  Playback playback;
  playback.playing = true;
  playback.stepsPerSecond = stepsPerSecond;
  playback.maxSteps = maxSteps;
  return playback;
}

TEST(PlaybackSteps, FractionalStepsCarryOverFrames) {
  Playback playback = playingAt(16.0);
  std::int64_t total = 0, step = 0;
  // 64 frames of 1/64 s at 16 steps/s: a quarter step each, exactly 16 steps in one second.
  for (int frame = 0; frame < 64; ++frame) {
    const std::int64_t owed = takeOwedSteps(playback, step, 1.0 / 64.0);
    EXPECT_LE(owed, 1);
    total += owed;
    step += owed;
  }
  EXPECT_EQ(total, 16);
}

TEST(PlaybackSteps, PausedTakesNothing) {
  Playback playback = playingAt(100.0);
  playback.playing = false;
  playback.accumulator = 0.75;
  EXPECT_EQ(takeOwedSteps(playback, 0, 1.0), 0);
  EXPECT_EQ(playback.accumulator, 0.0);
}

TEST(PlaybackSteps, StopsAtMaximumStep) {
  Playback playback = playingAt(100.0, 2000);
  EXPECT_EQ(takeOwedSteps(playback, 1998, 0.2), 2);
  EXPECT_FALSE(playback.playing);
  playback.playing = true;
  EXPECT_EQ(takeOwedSteps(playback, 2000, 0.2), 0);
  EXPECT_FALSE(playback.playing);
}

TEST(PlaybackSteps, LongOrBrokenFramesDoNotBurst) {
  Playback playback = playingAt(100.0, 1'000'000);
  EXPECT_EQ(takeOwedSteps(playback, 0, 10.0), static_cast<std::int64_t>(100.0 * kMaxPlaybackFrameSeconds));
  EXPECT_EQ(takeOwedSteps(playback, 0, std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(takeOwedSteps(playback, 0, -1.0), 0);
}

TEST(PlaybackSteps, SpeedIsClampedToItsRange) {
  Playback fast = playingAt(1e9, 1'000'000);
  EXPECT_EQ(takeOwedSteps(fast, 0, 0.1), 500);  // 5000 steps/s at most
}

ParamInfo real(std::string name, double defaultValue, double min, double max, bool logScale) {
  ParamInfo info;
  info.name = std::move(name);
  info.defaultValue = defaultValue;
  info.min = min;
  info.max = max;
  info.logScale = logScale;
  return info;
}

TEST(FieldTable, LearningRateIsALogSliderWithAFiniteRangeAroundItsDefault) {
  const ParamWidget lr = fieldFor(real("lr", 1e-3, 0.0, std::numeric_limits<double>::infinity(), true), 0);
  EXPECT_EQ(lr.widget, WidgetKind::LogSlider);
  EXPECT_GT(lr.low, 0.0);
  EXPECT_TRUE(std::isfinite(lr.high));
  EXPECT_LE(lr.low, 1e-3);
  EXPECT_GE(lr.high, 1e-3);
}

TEST(FieldTable, EpsilonIsLogarithmicEvenWhenNotFlagged) {
  const ParamWidget eps = fieldFor(real("eps", 1e-8, 0.0, 1.0, false), 3);
  EXPECT_EQ(eps.widget, WidgetKind::LogSlider);
  EXPECT_EQ(eps.index, 3u);
  EXPECT_GT(eps.low, 0.0);
  EXPECT_LE(eps.low, 1e-8);
  EXPECT_EQ(eps.high, 1.0);
}

TEST(FieldTable, BetasAreLinearOverTheirDeclaredRange) {
  const ParamWidget beta = fieldFor(real("beta1", 0.9, 0.0, 0.999999, false), 1);
  EXPECT_EQ(beta.widget, WidgetKind::LinearSlider);
  EXPECT_EQ(beta.low, 0.0);
  EXPECT_EQ(beta.high, 0.999999);
}

TEST(FieldTable, BoolsChoicesAndIntegersGetTheirWidgets) {
  ParamInfo flag = real("nesterov", 0, 0, 1, false);
  flag.type = ParamType::Bool;
  EXPECT_EQ(fieldFor(flag, 0).widget, WidgetKind::Checkbox);
  ParamInfo choice = real("line_search", 0, 0, 1, false);
  choice.type = ParamType::Choice;
  choice.choices = {"none", "strong_wolfe"};
  const ParamWidget combo = fieldFor(choice, 0);
  EXPECT_EQ(combo.widget, WidgetKind::Combo);
  EXPECT_EQ(combo.high, 1.0);
  ASSERT_EQ(combo.choices.size(), 2u);
  ParamInfo history = real("history_size", 10, 1, 100, false);
  history.type = ParamType::Integer;
  const ParamWidget integer = fieldFor(history, 0);
  EXPECT_EQ(integer.widget, WidgetKind::Integer);
  EXPECT_EQ(integer.low, 1.0);
  EXPECT_EQ(integer.high, 100.0);
}

TEST(FieldTable, UnboundedLinearParameterGetsASymmetricFiniteRange) {
  const ParamWidget decay =
      fieldFor(real("weight_decay", 0.0, -std::numeric_limits<double>::infinity(), 1e300, false), 0);
  EXPECT_EQ(decay.widget, WidgetKind::LinearSlider);
  EXPECT_TRUE(std::isfinite(decay.low));
  EXPECT_TRUE(std::isfinite(decay.high));
  EXPECT_LT(decay.low, 0.0);
  EXPECT_GT(decay.high, 0.0);
}

TEST(Palette, ColoursAreDistinctAndNextSkipsUsedOnes) {
  const auto palette = runPalette();
  ASSERT_GE(palette.size(), 8u);
  EXPECT_EQ(std::set<Color>(palette.begin(), palette.end()).size(), palette.size());
  std::vector<Color> colors;
  for (std::size_t i = 0; i < palette.size(); ++i) colors.push_back(nextRunColor(colors));
  EXPECT_EQ(std::set<Color>(colors.begin(), colors.end()).size(), palette.size());
  // Past the palette: distinct lighter and darker variants, none repeating a colour in use, up to 40 runs.
  std::vector<Color> many = colors;
  while (many.size() < 40) many.push_back(nextRunColor(many));
  EXPECT_EQ(std::set<Color>(many.begin(), many.end()).size(), 40u);
  colors.erase(colors.begin() + 2);  // a removed run frees its colour
  EXPECT_EQ(nextRunColor(colors), palette[2]);
}

TEST(Palette, ForkColourDiffersFromItsParentEvenWhenThePaletteIsFull) {
  const std::vector<Color> colors(runPalette().begin(), runPalette().end());
  const Color parent = runPalette()[0];
  const Color fork = forkColor(parent, colors);
  EXPECT_NE(fork, parent);
  EXPECT_EQ(forkColor(parent, {}), runPalette()[1]);
}

class SettingsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() /
        ("gradscape_settings_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    if (const char* old = std::getenv("XDG_CONFIG_HOME")) saved_ = old;
    setenv("XDG_CONFIG_HOME", directory_.c_str(), 1);
  }
  void TearDown() override {
    if (saved_)
      setenv("XDG_CONFIG_HOME", saved_->c_str(), 1);
    else
      unsetenv("XDG_CONFIG_HOME");
    std::filesystem::remove_all(directory_);
  }
  std::filesystem::path file() const { return directory_ / "gradscape" / "settings.txt"; }
  std::filesystem::path directory_;
  std::optional<std::string> saved_;
};

TEST_F(SettingsFile, RoundTripsEveryField) {
  EXPECT_EQ(configDirectory(), (directory_ / "gradscape").string());
  Settings settings;
  settings.windowWidth = 1280;
  settings.windowHeight = 777;
  settings.uiScale = 1.75f;
  settings.panelsVisible = false;
  settings.lastScene = "/home/someone/lecture 3.json";
  settings.exportFolder = "/home/someone/lecture figures";
  ASSERT_TRUE(saveSettings(settings));
  const Settings loaded = loadSettings();
  EXPECT_EQ(loaded.windowWidth, 1280);
  EXPECT_EQ(loaded.windowHeight, 777);
  EXPECT_FLOAT_EQ(loaded.uiScale, 1.75f);
  EXPECT_FALSE(loaded.panelsVisible);
  EXPECT_EQ(loaded.lastScene, "/home/someone/lecture 3.json");
  EXPECT_EQ(loaded.exportFolder, "/home/someone/lecture figures");
  // Atomic save: no temporary file is left beside the settings.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory_ / "gradscape"))
    ++files;
  EXPECT_EQ(files, 1u);
}

TEST_F(SettingsFile, MissingFileGivesDefaults) {
  const Settings loaded = loadSettings();
  const Settings defaults;
  EXPECT_EQ(loaded.windowWidth, defaults.windowWidth);
  EXPECT_EQ(loaded.uiScale, defaults.uiScale);
  EXPECT_EQ(loaded.panelsVisible, defaults.panelsVisible);
}

TEST_F(SettingsFile, MalformedValuesFallBackToDefaultsOneByOne) {
  std::filesystem::create_directories(file().parent_path());
  std::ofstream(file()) << "window_width = wide\nwindow_height = 600\nui_scale = nan\nui_scale2 = 3\n"
                           "panels_visible = maybe\ngarbage line\nwindow_width = 99999999\n";
  const Settings loaded = loadSettings();
  const Settings defaults;
  EXPECT_EQ(loaded.windowWidth, defaults.windowWidth);
  EXPECT_EQ(loaded.windowHeight, 600);
  EXPECT_EQ(loaded.uiScale, defaults.uiScale);
  EXPECT_EQ(loaded.panelsVisible, defaults.panelsVisible);
}

TEST(Shortcuts, KeysMapToActions) {
  const auto pressedOnly = [](std::set<int> keys) { return [keys](int key) { return keys.count(key) > 0; }; };
  EXPECT_TRUE(shortcutActions(pressedOnly({})).empty());
  EXPECT_EQ(shortcutActions(pressedOnly({GLFW_KEY_SPACE})), std::vector<Action>{{ActionKind::TogglePlay}});
  EXPECT_EQ(shortcutActions(pressedOnly({GLFW_KEY_LEFT})), std::vector<Action>{{ActionKind::StepBack}});
  EXPECT_EQ(shortcutActions(pressedOnly({GLFW_KEY_RIGHT})), std::vector<Action>{{ActionKind::StepForward}});
  EXPECT_EQ(shortcutActions(pressedOnly({GLFW_KEY_R})), std::vector<Action>{{ActionKind::Restart}});
  EXPECT_EQ(shortcutActions(pressedOnly({GLFW_KEY_H})), std::vector<Action>{{ActionKind::TogglePanels}});
  EXPECT_EQ(shortcutActions(pressedOnly({GLFW_KEY_1})), (std::vector<Action>{{ActionKind::ToggleRun, 0}}));
  EXPECT_EQ(shortcutActions(pressedOnly({GLFW_KEY_9})), (std::vector<Action>{{ActionKind::ToggleRun, 8}}));
  EXPECT_TRUE(shortcutActions(pressedOnly({GLFW_KEY_0})).empty());
}

bool overlaps(const Rect& a, const Rect& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

// One row per UI scale.
class LayoutAtScale : public ::testing::TestWithParam<float> {};

TEST_P(LayoutAtScale, ViewsDoNotOverlapAnyPanel) {
  const UiLayout layout = computeLayout(1600, 900, GetParam(), true);
  EXPECT_GE(layout.views.width, 1600 * 0.5f - 1.0f);
  EXPECT_GT(layout.views.height, 0.0f);
  for (const Rect& panel :
       {layout.surface, layout.optimizers, layout.display, layout.inspector, layout.plots, layout.playback})
    EXPECT_FALSE(overlaps(layout.views, panel));
  EXPECT_FALSE(overlaps(layout.plots, layout.playback));
  EXPECT_FALSE(overlaps(layout.optimizers, layout.display));
}

TEST_P(LayoutAtScale, AllOpenLayoutFillsEachColumnExactly) {
  // A window as wide as 1920x1080 at this scale keeps the two columns (narrower ones turn compact).
  const float scale = GetParam(), height = 1080.0f * scale;
  const UiLayout layout = computeLayout(1920.0f * scale, height, scale, true);
  EXPECT_FALSE(layout.compact);
  EXPECT_EQ(layout.surface.y, 0.0f);
  EXPECT_EQ(layout.optimizers.y, layout.surface.height);
  EXPECT_FLOAT_EQ(layout.display.y + layout.display.height, height);
  EXPECT_EQ(layout.inspector.y, 0.0f);
  EXPECT_FLOAT_EQ(layout.exporter.y + layout.exporter.height, height);
  EXPECT_FALSE(overlaps(layout.teach, layout.exporter));
  EXPECT_FALSE(overlaps(layout.inspector, layout.teach));
}

INSTANTIATE_TEST_SUITE_P(UiScales, LayoutAtScale, ::testing::Values(1.0f, 1.5f, 2.0f, 3.0f));

TEST(Layout, HiddenPanelsLeaveTheWholeWindowAndZeroSizeIsSafe) {
  const UiLayout hidden = computeLayout(1600, 900, 1.0f, false);
  EXPECT_EQ(hidden.views.width, 1600.0f);
  EXPECT_EQ(hidden.views.height, 900.0f);
  const UiLayout minimised = computeLayout(0, 0, 1.0f, true);
  EXPECT_GE(minimised.views.width, 0.0f);
  EXPECT_GE(minimised.views.height, 0.0f);
}

TEST(Layout, ClosedPanelsGiveTheirRoomToTheOthersAndToTheViews) {
  const UiLayout all = computeLayout(1600, 900, 1.0f, true);
  // The plots closed: the views grow down to the playback bar.
  PanelFlags open = kDefaultPanelsOpen;
  open[kPlotsPanel] = false;
  const UiLayout noPlots = computeLayout(1600, 900, 1.0f, true, open);
  EXPECT_EQ(noPlots.views.height, all.views.height + all.plots.height);
  EXPECT_EQ(noPlots.views.y + noPlots.views.height, noPlots.playback.y);
  // The whole right column closed: the views take its width.
  open = kDefaultPanelsOpen;
  open[kInspectorPanel] = open[kTeachPanel] = open[kExportPanel] = false;
  const UiLayout noRight = computeLayout(1600, 900, 1.0f, true, open);
  EXPECT_EQ(noRight.views.x + noRight.views.width, 1600.0f);
  EXPECT_EQ(noRight.views.width, all.views.width + all.inspector.width);
  // The run list closed: the surface panel keeps its height, the display panel takes the rest.
  open = kDefaultPanelsOpen;
  open[kOptimizersPanel] = false;
  const UiLayout noRuns = computeLayout(1600, 900, 1.0f, true, open);
  EXPECT_EQ(noRuns.surface.height, all.surface.height);
  EXPECT_EQ(noRuns.display.y, noRuns.surface.height);
  EXPECT_EQ(noRuns.display.y + noRuns.display.height, 900.0f);
  EXPECT_EQ(noRuns.views.width, all.views.width);  // the column stays while a panel in it is open
  // The inspector closed: teach moves to the top, export follows it, the column is filled.
  open = kDefaultPanelsOpen;
  open[kInspectorPanel] = false;
  const UiLayout noInspector = computeLayout(1600, 900, 1.0f, true, open);
  EXPECT_EQ(noInspector.teach.y, 0.0f);
  EXPECT_EQ(noInspector.exporter.y, noInspector.teach.height);
  EXPECT_EQ(noInspector.exporter.y + noInspector.exporter.height, 900.0f);
}

std::vector<PlotPoint> ramp(std::size_t count) {
  std::vector<PlotPoint> points;
  for (std::size_t i = 0; i < count; ++i)
    points.push_back(
        {static_cast<double>(i), std::sin(static_cast<double>(i)), static_cast<std::int64_t>(i)});
  return points;
}

TEST(PlotData, DecimationKeepsEachColumnsExtremes) {
  auto points = ramp(10'000);
  points[5'003].y = 50.0;  // a spike must survive
  points[7'777].y = -50.0;
  const auto reduced = decimateColumns(points, 9'999.0, 100);
  EXPECT_LE(reduced.size(), 200u);
  bool spike = false, dip = false;
  for (const PlotPoint& p : reduced) spike |= p.step == 5'003, dip |= p.step == 7'777;
  EXPECT_TRUE(spike);
  EXPECT_TRUE(dip);
  for (std::size_t i = 1; i < reduced.size(); ++i) EXPECT_LT(reduced[i - 1].x, reduced[i].x);
}

TEST(PlotData, ShortSeriesAreKeptWhole) {
  const auto points = ramp(50);
  EXPECT_EQ(decimateColumns(points, 49.0, 100).size(), 50u);
}

TEST(PlotData, LogTicksAreDecadesThinnedToTheLimit) {
  EXPECT_EQ(logAxisTicks(-3.2, 1.5, 10), (std::vector<double>{-3, -2, -1, 0, 1}));
  EXPECT_LE(logAxisTicks(-16.0, 4.0, 5).size(), 5u);
  EXPECT_EQ(logAxisTicks(0.1, 0.7, 5), (std::vector<double>{0.1, 0.7}));
  EXPECT_TRUE(logAxisTicks(std::nan(""), 1.0, 5).empty());
}

// A plot's line keeps its corners and spikes, drops what lies within the tolerance of a straight stretch,
// and never moves by more than the tolerance.
TEST(PlotData, SimplifiedPolylineStaysWithinTheToleranceAndKeepsSpikes) {
  std::vector<ImVec2> line;
  for (int x = 0; x <= 300; ++x) {
    // A straight descent, a one-pixel-wide spike at 150, a gentle curve after 200.
    const float y = x < 200 ? 10.0f + 0.5f * static_cast<float>(x)
                            : 110.0f + 0.002f * static_cast<float>((x - 200) * (x - 200));
    line.emplace_back(static_cast<float>(x), x == 150 ? y - 40.0f : y);
  }
  const std::vector<ImVec2> original = line;
  simplifyPolyline(line, 0.3f);
  EXPECT_LT(line.size(), original.size() / 4);
  EXPECT_EQ(line.front().x, 0.0f);
  EXPECT_EQ(line.back().x, 300.0f);
  EXPECT_TRUE(std::any_of(line.begin(), line.end(), [](ImVec2 p) { return p.x == 150.0f; }));  // the spike
  // Every original point lies within the tolerance of the simplified line.
  for (const ImVec2& p : original) {
    float nearest = std::numeric_limits<float>::infinity();
    for (std::size_t k = 0; k + 1 < line.size(); ++k) {
      const ImVec2 a = line[k], b = line[k + 1];
      const float dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
      const float t =
          length2 > 0.0f ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0f, 1.0f) : 0.0f;
      const float ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
      nearest = std::min(nearest, std::sqrt(ex * ex + ey * ey));
    }
    EXPECT_LE(nearest, 0.3f + 1e-4f) << "x = " << p.x;
  }
}

}  // namespace
}  // namespace gs
