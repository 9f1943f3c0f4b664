// Scene <-> Model: what a scene file says is what the app shows, and saving what is open loses nothing.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/optim/program.hpp"
#include "scene_bridge.hpp"

namespace gs {
namespace {

const char* kScene = R"({
  "version": 1, "title": "Bridge", "explanation": "Two runs. One hidden.",
  "surface": {"formula": "x^2 + 3*y^2", "domain": {"x": [-2, 2], "y": [-1, 1]}},
  "start": [1.5, -0.5],
  "runs": [
    {"optimizer": "adam", "label": "fast adam", "params": {"lr": 0.2, "amsgrad": true}, "color": [1, 0, 0.5]},
    {"optimizer": "nesterov", "params": {"lr": 0.05}, "schedule": "step:size=10,gamma=0.5", "enabled": false}
  ],
  "display": {"mode": "3d", "colormap": "diverging", "contours": false, "arrow_scale": 2.5},
  "view": {"center": [0.25, -0.125], "units_per_pixel": 0.002, "yaw": 0.5, "height_scale": 2},
  "playback": {"steps_per_second": 120, "max_steps": 777}
})";

LoadedScene load(const std::string& text) {
  auto parsed = parseScene(text);
  if (auto* error = std::get_if<std::string>(&parsed)) ADD_FAILURE() << *error;
  auto loaded = modelFromScene(std::get<Scene>(parsed));
  if (auto* error = std::get_if<std::string>(&loaded)) ADD_FAILURE() << *error;
  return std::move(std::get<LoadedScene>(loaded));
}

TEST(SceneBridge, TheModelShowsWhatTheSceneSays) {
  const LoadedScene loaded = load(kScene);
  const Model& model = loaded.model;
  EXPECT_EQ(loaded.title, "Bridge");
  EXPECT_EQ(loaded.explanation, "Two runs. One hidden.");
  EXPECT_TRUE(model.runner.surface().custom);
  EXPECT_EQ(model.runner.surface().domain.yMin, -1.0);
  EXPECT_EQ(model.runner.start(), (Vec2{1.5, -0.5}));
  ASSERT_EQ(model.runner.size(), 2u);
  EXPECT_EQ(model.runner.run(0).label(), "fast adam");
  EXPECT_EQ(model.runner.run(0).optimizer().param("lr"), 0.2);
  EXPECT_EQ(model.runner.run(0).optimizer().param("amsgrad"), 1.0);
  EXPECT_EQ(model.runner.run(0).look().color, (Color{1.0f, 0.0f, 0.5f}));
  EXPECT_TRUE(model.runner.run(0).look().enabled);
  EXPECT_FALSE(model.runner.run(1).look().enabled);
  EXPECT_EQ(model.runner.run(1).schedule().kind, Schedule::Kind::Step);
  EXPECT_EQ(model.display.mode, ViewMode::Surface3D);
  EXPECT_EQ(model.display.colormap, Colormap::Diverging);
  EXPECT_FALSE(model.display.contours);
  EXPECT_EQ(model.display.arrowScale, 2.5);
  EXPECT_EQ(model.view2d.centerX, 0.25);
  EXPECT_EQ(model.view2d.unitsPerPixel, 0.002);
  EXPECT_FLOAT_EQ(model.view3d.yaw, 0.5f);
  EXPECT_FLOAT_EQ(model.view3d.heightScale, 2.0f);
  EXPECT_EQ(model.playback.stepsPerSecond, 120.0);
  EXPECT_EQ(model.playback.maxSteps, 777);
}

TEST(SceneBridge, SavingWhatIsOpenAndReopeningItLosesNothing) {
  LoadedScene loaded = load(kScene);
  const std::string once = sceneToJson(sceneFromModel(loaded.model, loaded.title, loaded.explanation));
  LoadedScene again = load(once);
  EXPECT_EQ(sceneToJson(sceneFromModel(again.model, again.title, again.explanation)), once);
  EXPECT_EQ(again.model.runner.run(0).look().color, loaded.model.runner.run(0).look().color);
  EXPECT_EQ(again.model.runner.run(1).optimizer().param("momentum"), 0.9);
  // Float fields are saved as the decimals people write, not as widened floats.
  EXPECT_NE(once.find("\"yaw\": 0.5,"), std::string::npos) << once;
  EXPECT_NE(once.find("\"pitch\": 0.6,"), std::string::npos) << once;
  EXPECT_NE(once.find("\"arrow_scale\": 2.5"), std::string::npos) << once;
}

TEST(SceneBridge, EditsMadeInTheAppAreSaved) {
  LoadedScene loaded = load(kScene);
  Model& model = loaded.model;
  Optimizer edited = model.runner.run(0).optimizer();
  ASSERT_TRUE(edited.setParam("beta1", 0.5));
  RunSettings settings = model.runner.run(0).settings();
  settings.params = edited.paramValues();
  editRun(model, 0, settings);
  model.runner.run(1).look().enabled = true;
  model.display.logScale = true;
  const Scene saved = sceneFromModel(model);
  bool found = false;
  for (const auto& [name, value] : saved.runs[0].params) found = found || (name == "beta1" && value == 0.5);
  EXPECT_TRUE(found);
  EXPECT_TRUE(saved.runs[1].enabled);
  EXPECT_TRUE(saved.display.logScale);
  EXPECT_EQ(saved.surface.formula, "x^2 + 3*y^2");
}

// A program run's drawn vector opens as the run's look and is saved with it; one that an edit of the
// program removed is not saved (the scene would not open).
TEST(SceneBridge, AProgramRunsDrawnVectorIsSavedWhileItsProgramHasIt) {
  LoadedScene loaded = load(R"({"version": 1, "surface": {"name": "beale"}, "runs": [
    {"program": "hyper lr = 0.1 [0, 1]\nstate m = 0\nm = 0.9 * m + g\nx = x - lr * m\n",
     "glyph": {"name": "m", "scale": -4}}]})");
  Model& model = loaded.model;
  EXPECT_EQ(model.runner.run(0).look().glyphName, "m");
  EXPECT_EQ(model.runner.run(0).look().glyphScale, -4.0);
  const Scene saved = sceneFromModel(model);
  EXPECT_EQ(saved.runs[0].glyph, "m");
  EXPECT_EQ(saved.runs[0].glyphScale, -4.0);
  LoadedScene again = load(sceneToJson(saved));
  EXPECT_EQ(again.model.runner.run(0).look().glyphName, "m");
  EXPECT_EQ(again.model.runner.run(0).look().glyphScale, -4.0);

  auto edited = compileProgram("hyper lr = 0.1 [0, 1]\nx = x - lr * g\n");
  ASSERT_TRUE(std::holds_alternative<Program>(edited));
  model.runner.replaceRun(0,
                          RunSpec{"", Optimizer::fromProgram(std::get<Program>(edited)), Schedule{}, 0, 1});
  EXPECT_EQ(model.runner.run(0).look().glyphName, "m");  // the choice stays, drawing nothing
  const Scene without = sceneFromModel(model);
  EXPECT_EQ(without.runs[0].glyph, "");
  EXPECT_TRUE(std::holds_alternative<Scene>(parseScene(sceneToJson(without))));
}

TEST(SceneBridge, CatalogSurfacesKeepTheirNameAndParams) {
  auto surface = makeSurface("quadratic", SurfaceParams{25.0, 0.0, 1, 64});
  ASSERT_TRUE(surface.has_value());
  Model model(*surface);
  model.surfaceParams.conditionNumber = 25.0;
  model.surfaceParams.rotationDegrees = 0.0;
  const Scene scene = sceneFromModel(model);
  EXPECT_EQ(scene.surface.name, "quadratic");
  EXPECT_EQ(scene.surface.params.conditionNumber, 25.0);
  EXPECT_FALSE(scene.surface.domain.has_value());  // the catalog's own
  LoadedScene back = load(sceneToJson(scene));
  EXPECT_EQ(back.model.runner.surface().name, "quadratic");
  EXPECT_EQ(back.model.surfaceParams.conditionNumber, 25.0);
}

TEST(SceneBridge, AMissingFileIsAnErrorNamingIt) {
  const std::string path = (std::filesystem::temp_directory_path() / "gradscape_no_such_scene.json").string();
  auto loaded = loadSceneFile(path);
  ASSERT_TRUE(std::holds_alternative<std::string>(loaded));
  EXPECT_NE(std::get<std::string>(loaded).find(path), std::string::npos);
}

}  // namespace
}  // namespace gs
