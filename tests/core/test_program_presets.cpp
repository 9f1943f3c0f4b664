// The lecture presets whose runs are user-written programs teach what their explanations say, and a
// program run survives a scene's save and load; a broken program in a scene is refused with the run's
// path and the program's line and column.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>

#include "core/io/scene.hpp"
#include "core/optim/program.hpp"
#include "core/runner.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

const fs::path kPresetDir = fs::path(__FILE__).parent_path() / "../../assets/scenes";

Scene loadPreset(const std::string& name) {
  auto loaded = loadScene((kPresetDir / (name + ".json")).string());
  if (auto* error = std::get_if<std::string>(&loaded)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<Scene>(loaded);
}

Runner runScene(const Scene& scene, std::int64_t steps) {
  Surface surface = std::get<Surface>(buildSurface(scene.surface));
  const Vec2 start = startOf(scene, surface);
  Runner runner(std::move(surface), start);
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    auto built = buildRun(scene.runs[i], i);
    if (auto* error = std::get_if<std::string>(&built)) ADD_FAILURE() << *error;
    runner.addRun(std::get<RunSpec>(std::move(built)));
  }
  runner.step(steps);
  return runner;
}

TEST(ProgramPresets, AdamFromScratchFollowsTheBuiltinAdamExactly) {
  const Scene scene = loadPreset("adam_from_scratch");
  ASSERT_EQ(scene.runs.size(), 2u);
  EXPECT_TRUE(scene.runs[0].program.empty());
  EXPECT_FALSE(scene.runs[1].program.empty());
  const Runner runner = runScene(scene, scene.playback.maxSteps);
  const gs::Run& builtin = runner.run(0);
  const gs::Run& program = runner.run(1);
  ASSERT_NE(program.optimizer().programRun(), nullptr);
  ASSERT_EQ(builtin.path().size(), program.path().size());
  EXPECT_GT(builtin.path().size(), 100u);
  for (std::size_t i = 0; i < builtin.path().size(); ++i)
    ASSERT_EQ(builtin.path()[i], program.path()[i]) << i;
  EXPECT_NE(program.point(), program.path().front());
}

TEST(ProgramPresets, StudentVariantsStepAsTheExplanationSays) {
  const Scene scene = loadPreset("adam_student_variants");
  ASSERT_EQ(scene.runs.size(), 3u);
  const Runner runner = runScene(scene, 1);
  // Without bias correction the first step is lr (1 - beta1) / sqrt(1 - beta2) per coordinate, Adam's lr.
  const double lr = 0.05;
  const Vec2 adamStep = runner.run(0).path()[1] - runner.run(0).path()[0];
  const Vec2 plainStep = runner.run(1).path()[1] - runner.run(1).path()[0];
  EXPECT_NEAR(std::abs(adamStep.x), lr, 1e-9);
  EXPECT_NEAR(std::abs(plainStep.x), lr * 0.1 / std::sqrt(0.001), 1e-6);
  EXPECT_NEAR(std::abs(plainStep.y), lr * 0.1 / std::sqrt(0.001), 1e-6);

  // Sign momentum moves exactly its lr along each coordinate at every step.
  const Runner longer = runScene(scene, 300);
  const auto& path = longer.run(2).path();
  ASSERT_GT(path.size(), 300u);
  const double signLr = scene.runs[2].params.at(0).second;
  for (std::size_t i = 1; i < path.size(); ++i) {
    EXPECT_NEAR(std::abs(path[i].x - path[i - 1].x), signLr, 1e-12) << i;
    EXPECT_NEAR(std::abs(path[i].y - path[i - 1].y), signLr, 1e-12) << i;
  }
}

TEST(ProgramPresets, ProgramRunSurvivesSaveAndLoad) {
  const Scene scene = loadPreset("adam_student_variants");
  auto reread = parseScene(sceneToJson(scene));
  ASSERT_TRUE(std::holds_alternative<Scene>(reread)) << std::get<std::string>(reread);
  const Scene& again = std::get<Scene>(reread);
  ASSERT_EQ(again.runs.size(), scene.runs.size());
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    EXPECT_EQ(again.runs[i].program, scene.runs[i].program);
    EXPECT_EQ(again.runs[i].optimizer, scene.runs[i].optimizer);
    EXPECT_EQ(again.runs[i].params, scene.runs[i].params);
  }
}

// Adam from scratch draws its program's direction (m / denom) at the ball, reversed: the way x moves.
TEST(ProgramPresets, AdamFromScratchDrawsItsDirection) {
  const Scene scene = loadPreset("adam_from_scratch");
  ASSERT_EQ(scene.runs.size(), 2u);
  EXPECT_EQ(scene.runs[1].glyph, "direction");
  EXPECT_EQ(scene.runs[1].glyphScale, -2.0);
  const Runner runner = runScene(scene, 60);
  const ProgramRun& program = *runner.run(1).optimizer().programRun();
  const std::optional<Vec2> direction = program.vectorValue("direction");
  ASSERT_TRUE(direction);
  const Vec2 m = *program.stateValue("m"), denom = *program.vectorValue("denom");
  EXPECT_EQ(*direction, (Vec2{m.x / denom.x, m.y / denom.y}));
  // Reversed, it points the way the last step went.
  EXPECT_LT(dot(*direction, runner.run(1).point() - runner.run(1).path()[59]), 0.0);
}

// A run's drawn vector (its name and signed scale) is written and read back; what cannot be drawn is
// refused, naming the field.
TEST(ProgramPresets, DrawnVectorRoundTripsAndIsChecked) {
  const std::string program =
      R"("hyper lr = 0.1 [0, 1]\nstate m = 0\nbc = 1 - 0.9^t\nm = 0.9 * m + g\nx = x - lr * m\n")";
  const auto scene = [&](const std::string& run) {
    return R"({"version": 1, "surface": {"name": "beale"}, "runs": [{"optimizer": "adam"}, )" + run + "]}";
  };
  auto parsed =
      parseScene(scene(R"({"program": )" + program + R"(, "glyph": {"name": "m", "scale": -2.5}})"));
  ASSERT_TRUE(std::holds_alternative<Scene>(parsed)) << std::get<std::string>(parsed);
  const Scene& read = std::get<Scene>(parsed);
  EXPECT_EQ(read.runs[0].glyph, "");
  EXPECT_EQ(read.runs[1].glyph, "m");
  EXPECT_EQ(read.runs[1].glyphScale, -2.5);
  const std::string json = sceneToJson(read);
  EXPECT_NE(json.find("\"glyph\""), std::string::npos) << json;
  auto again = parseScene(json);
  ASSERT_TRUE(std::holds_alternative<Scene>(again)) << std::get<std::string>(again);
  EXPECT_EQ(std::get<Scene>(again).runs[1].glyph, "m");
  EXPECT_EQ(std::get<Scene>(again).runs[1].glyphScale, -2.5);
  EXPECT_EQ(sceneToJson(std::get<Scene>(again)), json);
  // Without a glyph nothing is written; the scale defaults to 1.
  EXPECT_EQ(json.find("\"glyph\""), json.rfind("\"glyph\""));  // once: the run without one writes none
  auto unscaled = parseScene(scene(R"({"program": )" + program + R"(, "glyph": {"name": "m"}})"));
  ASSERT_TRUE(std::holds_alternative<Scene>(unscaled));
  EXPECT_EQ(std::get<Scene>(unscaled).runs[1].glyphScale, 1.0);

  const auto refused = [&](const std::string& run) {
    auto result = parseScene(scene(run));
    return std::holds_alternative<std::string>(result) ? std::get<std::string>(result) : "accepted";
  };
  EXPECT_EQ(refused(R"({"optimizer": "sgd", "glyph": {"name": "m"}})"),
            "runs[1].glyph: only a run with a \"program\" draws one of its values");
  EXPECT_EQ(refused(R"({"program": )" + program + R"(, "glyph": {"name": "bc"}})"),
            "runs[1].glyph.name: 'bc' is not a vector of the program (it has: m)");
  EXPECT_EQ(refused(R"({"program": )" + program + R"(, "glyph": {"name": "m", "scale": 0}})"),
            "runs[1].glyph.scale: 0 would draw nothing (give a scale other than 0)");
  EXPECT_EQ(refused(R"({"program": )" + program + R"(, "glyph": {"name": "m", "scale": 1e300}})"),
            "runs[1].glyph.scale: 1e+300 is out of range [-1000000000, 1000000000]");
  EXPECT_EQ(refused(R"({"program": )" + program + R"(, "glyph": {"scale": 2}})"),
            "runs[1].glyph.name: missing (the name of a state variable or intermediate)");
  EXPECT_EQ(refused(R"({"program": )" + program + R"(, "glyph": {"name": "m", "size": 2}})").substr(0, 33),
            "runs[1].glyph.size: unknown field");
}

TEST(ProgramPresets, BrokenProgramInSceneNamesRunAndLineAndColumn) {
  const std::string json = R"({"version": 1, "surface": {"name": "beale"},
    "runs": [{"optimizer": "adam"}, {"program": "hyper lr = 0.1 [0, 1]\nx = x - lr * gg\n"}]})";
  auto parsed = parseScene(json);
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  const std::string& error = std::get<std::string>(parsed);
  EXPECT_NE(error.find("runs[1].program"), std::string::npos) << error;
  EXPECT_NE(error.find("line 2, column 14"), std::string::npos) << error;
  EXPECT_NE(error.find("gg"), std::string::npos) << error;
}

}  // namespace
}  // namespace gs
