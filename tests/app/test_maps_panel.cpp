// The Maps panel's background map (maps/map_runner.hpp) and the panel around it: a finished map equals
// the core's synchronous computeMap bit for bit, cancel stops it part-way, a new start replaces the map
// under way, and the panel computes what its settings say, restarts when they change and computes
// nothing (saying why) when they are bad.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/map.hpp"
#include "core/io/spec.hpp"
#include "core/maps/map.hpp"
#include "core/maps/theory.hpp"
#include "core/optim/program.hpp"
#include "maps/map_runner.hpp"
#include "render/map_texture.hpp"
#include "scene_bridge.hpp"
#include "ui/lr_theory.hpp"
#include "ui/maps_panel.hpp"
#include "ui/optimizer_editor.hpp"
#include "ui_frames.hpp"

namespace gs {
namespace {

MapRequest basinOn(const char* surface, const char* optimizer, std::int64_t steps, int width, int height) {
  PixelSettings settings;
  auto parsed = parseOptimizerSpec(optimizer);
  EXPECT_TRUE(std::holds_alternative<Optimizer>(parsed)) << optimizer;
  settings.optimizer = std::get<Optimizer>(std::move(parsed));
  settings.steps = steps;
  auto built = makeSurface(surface);
  EXPECT_TRUE(built.has_value()) << surface;
  return basinRequest(std::move(*built), std::move(settings), width, height);
}

MapRequest hyperOnQuadratic(int width, int height) {
  MapRequest request = basinOn("quadratic", "momentum", 120, width, height);
  request.kind = MapKind::Hyper;
  request.x = {"lr", 1e-3, 1.5, true};
  request.y = {"momentum", 0.0, 0.95, false};
  request.start = request.surface.start;
  return request;
}

bool sameNumber(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expectSameMap(const MapResult& got, const MapResult& expected) {
  ASSERT_EQ(got.width, expected.width);
  ASSERT_EQ(got.height, expected.height);
  EXPECT_TRUE(got.complete);
  EXPECT_EQ(got.stride, 1);
  EXPECT_TRUE(sameNumber(got.fStar, expected.fStar));
  EXPECT_EQ(got.clusters.size(), expected.clusters.size());
  int differing = 0;
  for (std::size_t i = 0; i < expected.pixels.size(); ++i) {
    const MapPixel &a = got.pixels[i], &b = expected.pixels[i];
    const bool same = a.computed && a.kind == b.kind && a.index == b.index && a.closeStep == b.closeStep &&
                      a.run.end.x == b.run.end.x && a.run.end.y == b.run.end.y &&
                      sameNumber(a.run.loss, b.run.loss) && a.run.status == b.run.status &&
                      a.run.statusStep == b.run.statusStep;
    differing += same ? 0 : 1;
  }
  EXPECT_EQ(differing, 0) << "pixels that differ from computeMap";
}

TEST(MapRunner, FinishedBasinMapEqualsTheSynchronousCoreMap) {
  const MapRequest request = basinOn("himmelblau", "adam:lr=0.05", 60, 21, 17);  // not a multiple of 8
  MapRunner runner;
  runner.start(request);
  runner.wait();
  EXPECT_TRUE(runner.finished());
  EXPECT_FALSE(runner.cancelled());
  EXPECT_DOUBLE_EQ(runner.progress(), 1.0);
  expectSameMap(runner.snapshot(), computeMap(request));
}

TEST(MapRunner, FinishedHyperMapEqualsTheSynchronousCoreMap) {
  const MapRequest request = hyperOnQuadratic(19, 13);
  MapRunner runner;
  runner.start(request);
  runner.wait();
  expectSameMap(runner.snapshot(), computeMap(request));
}

TEST(MapRunner, CancelStopsPartWayAndKeepsWhatWasComputed) {
  // 65 536 runs of 3000 steps: minutes on one core, so a cancel lands long before the end.
  MapRunner runner;
  runner.start(basinOn("rosenbrock", "adam:lr=0.01", 3000, 256, 256));
  runner.cancel();
  runner.wait();
  EXPECT_TRUE(runner.finished());
  EXPECT_TRUE(runner.cancelled());
  EXPECT_LT(runner.progress(), 1.0);
  const MapResult partial = runner.snapshot();
  EXPECT_FALSE(partial.complete);
  // Every pixel computed before the cancel is in the map (the row under way is committed as far as it got).
  double computed = 0.0;
  for (const MapPixel& pixel : partial.pixels) computed += pixel.computed ? 1.0 : 0.0;
  EXPECT_DOUBLE_EQ(computed / static_cast<double>(partial.pixels.size()), runner.progress());
}

TEST(MapRunner, StartingAgainReplacesTheMapUnderWay) {
  MapRunner runner;
  runner.start(basinOn("rosenbrock", "adam:lr=0.01", 3000, 256, 256));
  const MapRequest second = hyperOnQuadratic(9, 11);
  runner.start(second);
  runner.wait();
  EXPECT_EQ(runner.request().kind, MapKind::Hyper);
  expectSameMap(runner.snapshot(), computeMap(second));
}

TEST(MapRunner, EveryPixelIsComputedOnceAcrossTheLevels) {
  // Levels of stride 8, 4, 2, 1 skip what a coarser level computed; copies standing in for a block are
  // not marked computed, so a finished map has each pixel computed exactly once.
  const MapRequest request = basinOn("himmelblau", "sgd:lr=0.01", 30, 16, 16);
  MapRunner runner;
  runner.start(request);
  runner.wait();
  const MapResult result = runner.snapshot();
  int computed = 0;
  for (const MapPixel& pixel : result.pixels) computed += pixel.computed ? 1 : 0;
  EXPECT_EQ(computed, 256);
  EXPECT_DOUBLE_EQ(runner.progress(), 1.0);
}

TEST(MapColours, EveryPixelIsOpaqueBytesEvenWhereTheSurfaceIsUndefined) {
  // log(x) is NaN left of 0: those starts are "undefined" pixels, coloured, never a NaN texel.
  PixelSettings settings;
  settings.steps = 20;
  auto custom = makeCustomSurface("log(x) + y^2", Domain{-1, 2, -1, 1});
  ASSERT_TRUE(custom.surface.has_value());
  const MapRequest request = basinRequest(std::move(*custom.surface), std::move(settings), 12, 6);
  const MapResult result = computeMap(request);
  const std::vector<std::uint8_t> rgba = mapColours(request, result);
  ASSERT_EQ(rgba.size(), result.pixels.size() * 4);
  EXPECT_EQ(result.at(0, 0).kind, EndKind::Undefined);
  EXPECT_NE(result.at(11, 0).kind, EndKind::Undefined);
  // The undefined pixel has its own colour, unlike the defined one.
  EXPECT_NE(rgba[0] * 65536 + rgba[1] * 256 + rgba[2],
            rgba[11 * 4] * 65536 + rgba[11 * 4 + 1] * 256 + rgba[11 * 4 + 2]);
  for (std::size_t i = 3; i < rgba.size(); i += 4) EXPECT_EQ(rgba[i], 255);
}

// The lr slider's marks: 1/L and the stability limit of gradient descent (2/L) or heavy ball
// ((2 + 2 momentum)/L) at the run's point, only for the methods that theory is about.
TEST(LrMarks, GradientDescentAndHeavyBallLimitsAtTheRunsPoint) {
  Model model = makeDefaultModel();
  while (model.runner.size() > 0) removeRun(model, 0);
  setSurface(model, *makeSurface("quadratic"));
  const auto addSpec = [&](const char* text) {
    auto parsed = parseOptimizerSpec(text);
    EXPECT_TRUE(std::holds_alternative<Optimizer>(parsed)) << text;
    return addRun(model, RunSpec{"", std::get<Optimizer>(std::move(parsed)), {}, 0, 1});
  };
  const std::size_t sgd = addSpec("sgd:lr=0.5"), heavy = addSpec("sgd:lr=3.1,momentum=0.25"),
                    adam = addSpec("adam"), nesterov = addSpec("sgd:lr=0.1,momentum=0.9,nesterov=1");
  const auto local = localQuadratic(model.runner.surface(), model.runner.run(sgd).point());
  ASSERT_TRUE(local.has_value());
  ASSERT_GT(local->largest, 0.0);

  const auto plain = lrMarks(model, sgd);
  ASSERT_TRUE(plain.has_value());
  EXPECT_DOUBLE_EQ(plain->noOvershoot, 1.0 / local->largest);
  EXPECT_DOUBLE_EQ(plain->limit, 2.0 / local->largest);
  EXPECT_EQ(overshootWarning(*plain, 0.5 * plain->limit), "");
  const double over = 3.1 / local->largest;
  EXPECT_EQ(overshootWarning(*plain, over), "this step will overshoot: lr x L = 3.1");

  const auto ball = lrMarks(model, heavy);
  ASSERT_TRUE(ball.has_value());
  EXPECT_DOUBLE_EQ(ball->limit, 2.5 / local->largest);
  EXPECT_FALSE(lrMarks(model, adam).has_value());
  EXPECT_FALSE(lrMarks(model, nesterov).has_value());
}

TEST(MapsLayout, TheOpenMapsPanelTakesAColumnBesideTheViewsOrItsOwnTab) {
  auto overlaps = [](const Rect& a, const Rect& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  };
  const UiLayout closed = computeLayout(1920, 1080, 1.0f, true, kDefaultPanelsOpen);
  EXPECT_EQ(closed.maps.width * closed.maps.height, 0.0f);
  const UiLayout wide = computeLayout(1920, 1080, 1.0f, true, kAllPanelsOpen);
  EXPECT_FALSE(wide.compact);
  EXPECT_GE(wide.maps.width, 300.0f);  // room for a square map
  EXPECT_EQ(wide.maps.x, wide.views.x + wide.views.width);
  EXPECT_EQ(wide.views.width + wide.maps.width, closed.views.width);
  EXPECT_GE(wide.views.width, 0.4f * 1920.0f);
  for (const Rect& panel : {wide.views, wide.surface, wide.optimizers, wide.display, wide.inspector,
                            wide.teach, wide.exporter, wide.plots, wide.playback})
    EXPECT_FALSE(overlaps(wide.maps, panel));
  const UiLayout compact = computeLayout(1280, 720, 1.0f, true, kAllPanelsOpen, kMapsTab);
  EXPECT_TRUE(compact.compact);
  EXPECT_EQ(compact.maps.width, compact.tabs.width);
  EXPECT_FALSE(overlaps(compact.maps, compact.views));
  EXPECT_EQ(compact.inspector.width * compact.inspector.height, 0.0f);
}

TEST(MapsScene, SavedMapSettingsLoadAgainAndHalfEditedOnesAreLeftOut) {
  Model model = makeDefaultModel();
  model.maps.shown = true;
  model.maps.kind = MapKind::Hyper;
  model.maps.size = 64;
  const std::string name = model.runner.run(0).optimizer().name();
  ASSERT_EQ(name, "sgd");  // the default scene's first run: lr and momentum are its hyperparameters
  const Scene saved = sceneFromModel(model);
  ASSERT_TRUE(saved.maps.has_value());
  auto loaded = modelFromScene(std::get<Scene>(parseScene(sceneToJson(saved))));
  ASSERT_TRUE(std::holds_alternative<LoadedScene>(loaded)) << std::get<std::string>(loaded);
  EXPECT_EQ(std::get<LoadedScene>(loaded).model.maps, model.maps);

  model.maps.x.hi = model.maps.x.lo / 10;  // typed the wrong way round: the panel says so, no map
  ASSERT_TRUE(std::holds_alternative<std::string>(mapRequestFor(model)));
  const Scene halfEdited = sceneFromModel(model);
  EXPECT_FALSE(halfEdited.maps.has_value());
  EXPECT_TRUE(std::holds_alternative<Scene>(parseScene(sceneToJson(halfEdited))));
}

class MapsPanelFrames : public UiFramesTest {
 protected:
  void SetUp() override {
    UiFramesTest::SetUp();
    ui.panelOpen[kMapsPanel] = true;
    ui.mapsWait = true;  // as screenshots do: each started map is finished in its frame
  }
  Model model = makeDefaultModel();
  UiState ui;
};

TEST_F(MapsPanelFrames, ComputesTheMapItsSettingsDescribeAndRestartsWhenTheyChange) {
  model.maps.shown = true;
  model.maps.size = 32;
  model.maps.steps = 40;
  frame(model, ui);
  auto request = mapRequestFor(model);
  ASSERT_TRUE(std::holds_alternative<MapRequest>(request)) << std::get<std::string>(request);
  ASSERT_NE(shownMap(ui), nullptr);
  expectSameMap(*shownMap(ui), computeMap(std::get<MapRequest>(request)));

  model.maps.steps = 25;  // a new setting: a new map
  frame(model, ui);
  auto changed = mapRequestFor(model);
  ASSERT_TRUE(std::holds_alternative<MapRequest>(changed));
  EXPECT_EQ(std::get<MapRequest>(changed).settings.steps, 25);
  expectSameMap(*shownMap(ui), computeMap(std::get<MapRequest>(changed)));
}

// A run of an optimizer program gets its map in the panel: the map `gradscape map hyper` computes for
// the program's file from the same start, pixel for pixel.
TEST_F(MapsPanelFrames, AProgramRunsHyperMapIsTheCommandLinesMap) {
  const std::string file = programDirectory() + "/momentum.gso";
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  auto program = compileProgram(text.str());
  ASSERT_TRUE(std::holds_alternative<Program>(program)) << file;
  setRunProgram(model, 0, std::get<Program>(program));
  ASSERT_NE(model.runner.run(0).optimizer().programRun(), nullptr);
  model.maps.shown = true;
  model.maps.run = 0;
  model.maps.kind = MapKind::Hyper;
  model.maps.size = 12;
  model.maps.steps = 40;
  model.maps.x = {"lr", 1e-4, 0.1, true};
  model.maps.y = {"momentum", 0.0, 0.99, false};
  frame(model, ui);
  auto request = mapRequestFor(model);
  ASSERT_TRUE(std::holds_alternative<MapRequest>(request)) << std::get<std::string>(request);
  ASSERT_NE(shownMap(ui), nullptr);
  ASSERT_TRUE(shownMap(ui)->complete);
  char start[80];
  std::snprintf(start, sizeof start, "%.17g,%.17g", model.runner.start().x, model.runner.start().y);
  std::ostringstream out, err;
  ASSERT_EQ(cli::mapCommand({"hyper", "--surface", model.runner.surface().name, "--optimizer", "file:" + file,
                             "--x", "lr:1e-4:0.1:log", "--y", "momentum:0:0.99", "--start", start, "--size",
                             "12x12", "--steps", "40", "--threads", "1", "--csv", "-"},
                            out, err),
            0)
      << err.str();
  const std::string csv = out.str();
  EXPECT_EQ(cli::mapCsv(std::get<MapRequest>(request), *shownMap(ui)), csv);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 12 * 12);
}

// Choosing an Adam run for a map whose y axis was momentum (SGD's): the panel moves the axis to one of
// Adam's hyperparameters instead of stopping on "unknown hyperparameter 'momentum'".
TEST_F(MapsPanelFrames, AxesFollowTheChosenRunsHyperparameters) {
  auto adam = Optimizer::create("adam");
  ASSERT_TRUE(adam.has_value());
  const std::size_t run = addRun(model, RunSpec{"adam", std::move(*adam), Schedule{}, 0, 1});
  ui.sideTab = kMapsTab;
  model.maps.shown = true;
  model.maps.run = static_cast<int>(run);
  model.maps.kind = MapKind::Hyper;
  model.maps.size = 8;
  model.maps.steps = 20;
  model.maps.x = {"lr", 1e-4, 0.1, true};
  model.maps.y = {"momentum", 0.0, 0.99, false};
  ASSERT_TRUE(std::holds_alternative<std::string>(mapRequestFor(model)));
  frame(model, ui);
  EXPECT_EQ(model.maps.x.name, "lr");  // valid for Adam too: kept
  EXPECT_NE(model.maps.y.name, "momentum");
  EXPECT_NE(model.maps.y.name, "lr");
  auto request = mapRequestFor(model);
  EXPECT_TRUE(std::holds_alternative<MapRequest>(request)) << std::get<std::string>(request);
}

TEST_F(MapsPanelFrames, BadSettingsSayWhatIsWrongAndComputeNothing) {
  model.maps.shown = true;
  model.maps.kind = MapKind::Hyper;
  model.maps.size = 16;
  model.maps.x = {"lr", 1.0, 0.1, true};
  auto request = mapRequestFor(model);
  ASSERT_TRUE(std::holds_alternative<std::string>(request));
  EXPECT_EQ(std::get<std::string>(request), "x: the range 1 to 0.1 is inverted");
  frame(model, ui);
  EXPECT_EQ(shownMap(ui), nullptr);

  model.maps.x = {"lr", 1e-3, 1.0, true};
  model.maps.y = {"nonsense", 0.0, 1.0, false};
  request = mapRequestFor(model);
  ASSERT_TRUE(std::holds_alternative<std::string>(request));
  EXPECT_EQ(std::get<std::string>(request).rfind("y: unknown hyperparameter 'nonsense'", 0), 0u)
      << std::get<std::string>(request);
  model.maps.steps = -3;
  model.maps.kind = MapKind::Basin;
  request = mapRequestFor(model);
  ASSERT_TRUE(std::holds_alternative<std::string>(request));
  EXPECT_EQ(std::get<std::string>(request), "steps: -3 is outside 0 to 1000000");
}

TEST_F(MapsPanelFrames, AHiddenMapIsNotComputedAndAClickIsNotSnappedWithoutIt) {
  model.maps.size = 16;
  frame(model, ui);
  EXPECT_EQ(shownMap(ui), nullptr);
  const Vec2 point{0.123, -0.456};
  const Vec2 snapped = snapToMapPixel(ui, point);
  EXPECT_EQ(snapped.x, point.x);
  EXPECT_EQ(snapped.y, point.y);
}

}  // namespace
}  // namespace gs
