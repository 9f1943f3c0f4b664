// Scene files: every field read and written back, every kind of bad input refused with a message naming
// the field and the reason, and saving that never leaves a partial file.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/io/json.hpp"
#include "core/io/scene.hpp"
#include "core/io/spec.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

const char* kFullScene = R"({
  "version": 1,
  "title": "Ravine",
  "explanation": "Momentum crosses the valley floor.",
  "surface": {"name": "quadratic", "params": {"condition_number": 50, "rotation_degrees": 0},
              "domain": {"x": [-4, 4], "y": [-2, 2]}},
  "start": [-3.5, 1.25],
  "runs": [
    {"optimizer": "sgd", "params": {"lr": 0.02}},
    {"optimizer": "momentum", "label": "heavy ball", "params": {"lr": 0.02, "momentum": 0.9},
     "schedule": "cosine:total=500,min=0.1", "color": [0.9, 0.6, 0], "enabled": false},
    {"optimizer": "lbfgs", "params": {"line_search": "strong_wolfe", "history_size": 5}, "seed": 7, "batch": 4}
  ],
  "display": {"mode": "2d", "colormap": "magma", "log_scale": true, "contour_count": 30, "step_arrows": true},
  "view": {"center": [0.5, -0.25], "units_per_pixel": 0.004, "yaw": 1.0, "pitch": 0.3, "distance": 4,
           "target": [0.1, 0.2], "height_scale": 0.5},
  "playback": {"steps_per_second": 60, "max_steps": 500}
})";

Scene parseOk(const std::string& text) {
  auto result = parseScene(text);
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<Scene>(result);
}

std::string parseError(const std::string& text) {
  auto result = parseScene(text);
  if (std::holds_alternative<Scene>(result)) {
    ADD_FAILURE() << "accepted: " << text;
    return {};
  }
  return std::get<std::string>(result);
}

// kFullScene with the first occurrence of `from` replaced by `to`.
std::string edited(const std::string& from, const std::string& to) {
  std::string text = kFullScene;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(Scene, ReadsEveryField) {
  const Scene s = parseOk(kFullScene);
  EXPECT_EQ(s.title, "Ravine");
  EXPECT_EQ(s.explanation, "Momentum crosses the valley floor.");
  EXPECT_EQ(s.surface.name, "quadratic");
  EXPECT_EQ(s.surface.params.conditionNumber, 50.0);
  EXPECT_EQ(s.surface.params.rotationDegrees, 0.0);
  ASSERT_TRUE(s.surface.domain.has_value());
  EXPECT_EQ(s.surface.domain->xMin, -4.0);
  EXPECT_EQ(s.surface.domain->yMax, 2.0);
  ASSERT_TRUE(s.start.has_value());
  EXPECT_EQ(s.start->x, -3.5);
  EXPECT_EQ(s.start->y, 1.25);
  ASSERT_EQ(s.runs.size(), 3u);
  EXPECT_EQ(s.runs[0].optimizer, "sgd");
  EXPECT_TRUE(s.runs[0].enabled);
  EXPECT_FALSE(s.runs[0].color.has_value());
  EXPECT_EQ(s.runs[1].label, "heavy ball");
  EXPECT_EQ(s.runs[1].schedule.kind, Schedule::Kind::Cosine);
  EXPECT_EQ(s.runs[1].schedule.totalSteps, 500);
  EXPECT_EQ(s.runs[1].schedule.minFraction, 0.1);
  ASSERT_TRUE(s.runs[1].color.has_value());
  EXPECT_EQ((*s.runs[1].color)[0], 0.9);
  EXPECT_FALSE(s.runs[1].enabled);
  EXPECT_EQ(s.runs[2].seed, 7u);
  EXPECT_EQ(s.runs[2].batch, 4);
  EXPECT_EQ(s.display.mode, ViewMode::Heatmap2D);
  EXPECT_EQ(s.display.colormap, Colormap::Magma);
  EXPECT_TRUE(s.display.logScale);
  EXPECT_EQ(s.display.contourCount, 30);
  EXPECT_TRUE(s.display.stepArrows);
  EXPECT_TRUE(s.display.contours);  // not given: the default
  ASSERT_TRUE(s.view.center.has_value());
  EXPECT_EQ((*s.view.center)[1], -0.25);
  EXPECT_EQ(s.view.unitsPerPixel, 0.004);
  EXPECT_EQ(s.view.targetY, 0.2);
  EXPECT_EQ(s.view.heightScale, 0.5);
  EXPECT_EQ(s.playback.stepsPerSecond, 60.0);
  EXPECT_EQ(s.playback.maxSteps, 500);
}

TEST(Scene, BuildsRunsWithTheirHyperparameters) {
  const Scene s = parseOk(kFullScene);
  auto momentum = buildRun(s.runs[1], 1);
  ASSERT_TRUE(std::holds_alternative<RunSpec>(momentum)) << std::get<std::string>(momentum);
  const RunSpec& spec = std::get<RunSpec>(momentum);
  EXPECT_EQ(spec.label, "heavy ball");
  EXPECT_EQ(spec.optimizer.param("lr"), 0.02);
  EXPECT_EQ(spec.optimizer.param("momentum"), 0.9);
  EXPECT_EQ(spec.schedule.kind, Schedule::Kind::Cosine);

  auto lbfgs = buildRun(s.runs[2], 2);
  ASSERT_TRUE(std::holds_alternative<RunSpec>(lbfgs));
  const RunSpec& l = std::get<RunSpec>(lbfgs);
  const auto& infos = l.optimizer.params();
  for (std::size_t i = 0; i < infos.size(); ++i) {
    if (infos[i].name == "line_search") {
      EXPECT_EQ(infos[i].choices.at(static_cast<std::size_t>(l.optimizer.param(i))), "strong_wolfe");
    }
    if (infos[i].name == "history_size") {
      EXPECT_EQ(l.optimizer.param(i), 5.0);
    }
  }
  EXPECT_EQ(l.seed, 7u);
  EXPECT_EQ(l.batchSize, 4);
}

TEST(Scene, BuildsTheSurfaceWithItsParamsAndDomain) {
  const Scene s = parseOk(kFullScene);
  auto surface = buildSurface(s.surface);
  ASSERT_TRUE(std::holds_alternative<Surface>(surface)) << std::get<std::string>(surface);
  const Surface& built = std::get<Surface>(surface);
  EXPECT_EQ(built.domain.xMin, -4.0);
  EXPECT_EQ(built.domain.yMax, 2.0);
  // Condition number 50, unrotated: curvature along y is 50 times that along x (any scale).
  const auto h = built.evaluator->valueGradHessian({0.3, -0.2}).hessian;
  EXPECT_NEAR(std::max(h.xx, h.yy) / std::min(h.xx, h.yy), 50.0, 1e-9);
  EXPECT_NEAR(h.xy, 0.0, 1e-12);
}

TEST(Scene, WritesWhatItReads) {
  const Scene s = parseOk(kFullScene);
  const std::string text = sceneToJson(s);
  const Scene back = parseOk(text);
  EXPECT_EQ(sceneToJson(back), text);
  EXPECT_EQ(back.runs[1].label, "heavy ball");
  EXPECT_EQ(back.runs[1].schedule.toString(), s.runs[1].schedule.toString());
  EXPECT_EQ(back.runs[2].params, s.runs[2].params);
  EXPECT_EQ(back.view.unitsPerPixel, 0.004);
  EXPECT_NE(text.find("\"line_search\": \"strong_wolfe\""), std::string::npos) << text;
}

TEST(Scene, ThemeRoundTripsDefaultsToDarkAndRefusesUnknownNames) {
  Scene s = parseOk(kFullScene);
  EXPECT_EQ(s.display.theme, Theme::Dark);  // not given: the default
  s.display.theme = Theme::Light;
  const std::string text = sceneToJson(s);
  EXPECT_NE(text.find("\"theme\": \"light\""), std::string::npos) << text;
  EXPECT_EQ(parseOk(text).display.theme, Theme::Light);
  const std::size_t at = text.find("\"light\"");
  const std::string sepia = text.substr(0, at) + "\"sepia\"" + text.substr(at + 7);
  const std::string error = parseError(sepia);
  EXPECT_NE(error.find("theme"), std::string::npos) << error;
}

TEST(Scene, CustomFormulaRoundTrips) {
  Scene s;
  s.surface.formula = "sin(x) * cos(y) + 0.1 * (x^2 + y^2)";
  s.surface.domain = Domain{-5, 5, -4, 4};
  s.start = Vec2{1.0 / 3.0, -0.7};
  const Scene back = parseOk(sceneToJson(s));
  EXPECT_EQ(back.surface.formula, s.surface.formula);
  EXPECT_TRUE(back.surface.name.empty());
  EXPECT_EQ(back.start->x, 1.0 / 3.0);
  EXPECT_EQ(back.surface.domain->yMin, -4.0);
  auto surface = buildSurface(back.surface);
  ASSERT_TRUE(std::holds_alternative<Surface>(surface));
  EXPECT_NEAR(std::get<Surface>(surface).evaluator->value({0.5, 0.25}),
              std::sin(0.5) * std::cos(0.25) + 0.1 * (0.25 + 0.0625), 1e-12);
}

std::string lrRangeError(const char* optimizer, const char* path, const char* value) {
  for (const auto& info : Optimizer::create(optimizer)->params())
    if (info.name == "lr")
      return concat(path, ": ", value, " is out of range [", jsonNumber(info.min), ", ", jsonNumber(info.max),
                    "]");
  return "no lr";
}

TEST(Scene, OutOfRangeHyperparameterNamesRunAndParameter) {
  EXPECT_EQ(parseError(edited("{\"line_search\"", "{\"lr\": -1, \"line_search\"")),
            lrRangeError("lbfgs", "runs[2].params.lr", "-1"));
}

struct BadScene {
  const char* from;
  const char* to;
  const char* message;  // exact, or the start of the message when it ends with "..."
};

class SceneRefuses : public testing::TestWithParam<BadScene> {};

TEST_P(SceneRefuses, NamingFieldAndReason) {
  const BadScene& bad = GetParam();
  const std::string error = parseError(edited(bad.from, bad.to));
  std::string expected = bad.message;
  if (expected.size() > 3 && expected.substr(expected.size() - 3) == "...") {
    expected.resize(expected.size() - 3);
    EXPECT_EQ(error.substr(0, expected.size()), expected) << error;
  } else {
    EXPECT_EQ(error, expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    BadFields, SceneRefuses,
    testing::Values(
        BadScene{"\"version\": 1", "\"version\": 7",
                 "version: 7 is not supported (this gradscape reads version 1)"},
        BadScene{"\"version\": 1,", "", "version: missing (this gradscape reads version 1)"},
        BadScene{"\"version\": 1", "\"version\": \"1\"", "version: expected a number, got a string"},
        BadScene{"\"title\": \"Ravine\"", "\"title\": 3", "title: expected a string, got a number"},
        BadScene{"{\"name\": \"quadratic\",", "{\"formula\": \"x*sinn(y)\",",
                 "surface.formula: unknown function 'sinn' at column 3"},
        BadScene{"{\"name\": \"quadratic\"", "{\"name\": \"rosenbrok\"",
                 "surface.name: unknown surface 'rosenbrok'"},
        BadScene{"{\"name\": \"quadratic\"", "{\"name\": \"quadratic\", \"formula\": \"x\"",
                 "surface: give exactly one of \"name\" and \"formula\""},
        BadScene{"\"condition_number\": 50", "\"condition_number\": 0.5",
                 "surface.params.condition_number: 0.5 is out of range [1, 1000000]"},
        BadScene{"\"x\": [-4, 4]", "\"x\": [4, -4]", "surface.domain.x: min must be less than max"},
        BadScene{"\"start\": [-3.5, 1.25]", "\"start\": [-3.5, 1.25, 0]",
                 "start: expected [x, y], got 3 numbers"},
        BadScene{"\"start\": [-3.5, 1.25]", "\"start\": [-3.5, null]",
                 "start[1]: expected a number, got null"},
        BadScene{"{\"steps_per_second\": 60, \"max_steps\": 500}", "[60, 500]",
                 "playback: expected an object, got an array"},
        BadScene{"\"optimizer\": \"sgd\"", "\"optimizer\": \"adamm\"",
                 "runs[0].optimizer: unknown optimizer 'adamm'"},
        BadScene{"{\"optimizer\": \"sgd\", ", "{",
                 "runs[0].optimizer: missing (every run names its optimizer or gives a program)"},
        BadScene{"\"momentum\": 0.9", "\"momentun\": 0.9",
                 "runs[1].params.momentun: unknown parameter of momentum..."},
        BadScene{"\"momentum\": 0.9", "\"nesterov\": 1",
                 "runs[1].params.nesterov: expected true or false, got a number"},
        BadScene{"\"strong_wolfe\"", "\"wolfe\"", "runs[2].params.line_search: \"wolfe\" is not one of..."},
        BadScene{"\"history_size\": 5", "\"history_size\": 2.5",
                 "runs[2].params.history_size: 2.5 is not a whole number"},
        BadScene{"\"cosine:total=500,min=0.1\"", "\"cosine:totl=500\"", "runs[1].schedule: ..."},
        BadScene{"\"color\": [0.9, 0.6, 0]", "\"color\": [0.9, 2, 0]",
                 "runs[1].color[1]: 2 is out of range [0, 1]"},
        BadScene{"\"seed\": 7", "\"seed\": -7", "runs[2].seed: -7 is out of range [0, 9007199254740992]"},
        BadScene{"\"enabled\": false", "\"enabled\": \"no\"",
                 "runs[1].enabled: expected a boolean, got a string"},
        BadScene{"\"log_scale\": true", "\"log_scal\": true",
                 "display.log_scal: unknown field (expected one of: ..."},
        BadScene{"\"mode\": \"2d\"", "\"mode\": \"4d\"",
                 "display.mode: \"4d\" is not one of \"2d\", \"3d\", \"both\""},
        BadScene{"\"steps_per_second\": 60", "\"steps_per_second\": 0",
                 "playback.steps_per_second: 0 is out of range [1, 5000]"},
        BadScene{"\"max_steps\": 500", "\"max_steps\": 1e99",
                 "playback.max_steps: 1e+99 is out of range [1, 10000000]"},
        BadScene{"\"playback\"", "\"plaback\"", "plaback: unknown field (expected one of: ..."},
        BadScene{"\"title\": \"Ravine\",", "\"title\": \"Ravine\"", "4:3: expected ',' or '}'"},
        // Control characters quoted from the file are escaped: an ESC sequence must not reach the terminal.
        BadScene{"\"log_scale\": true", "\"\\u001b[31mlog\": true",
                 "display.\\u001b[31mlog: unknown field (expected one of: ..."},
        BadScene{"\"optimizer\": \"sgd\"", "\"optimizer\": \"\\u001b]0;owned\\u0007\\u009b2J\"",
                 "runs[0].optimizer: unknown optimizer '\\u001b]0;owned\\u0007\\u009b2J'"},
        BadScene{"\"strong_wolfe\"", "\"\\r\\u001b[2K\"",
                 "runs[2].params.line_search: \"\\u000d\\u001b[2K\" is not one of..."},
        // What a file could make unbounded is refused with a message.
        BadScene{"\"title\": \"Ravine\"",
                 "\"title\": \"01234567890123456789012345678901234567890123456789"
                 "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"
                 "1234567"
                 "890123456789012345678901234567890123456789012345678901234567890123456789\"",
                 "title: too long (220 bytes; at most 200)"}));

// A 200 000-run scene took 24 GB in the app: a scene holds at most 64 runs, and says so.
TEST(Scene, RefusesMoreThanSixtyFourRuns) {
  const auto sceneWithRuns = [](std::size_t count) {
    std::string text = R"({"version": 1, "surface": {"name": "rosenbrock"}, "runs": [)";
    for (std::size_t i = 0; i < count; ++i) text += std::string(i ? "," : "") + R"({"optimizer": "adam"})";
    return text + "]}";
  };
  const Scene full = parseOk(sceneWithRuns(kMaxSceneRuns));
  EXPECT_EQ(full.runs.size(), kMaxSceneRuns);
  EXPECT_EQ(parseError(sceneWithRuns(kMaxSceneRuns + 1)),
            "runs: 65 runs; a scene holds at most 64 (split it into several scenes)");
  EXPECT_EQ(parseError(sceneWithRuns(200'000)),
            "runs: 200000 runs; a scene holds at most 64 (split it into several scenes)");
}

TEST(Scene, SixtyFourBitSeedsSurviveAsStrings) {
  Scene s = parseOk(kFullScene);
  s.runs[0].seed = 18446744073709551557u;  // beyond 2^53: a JSON number would round it
  s.runs[1].seed = 9007199254740992u;      // 2^53 itself is still a number
  const std::string text = sceneToJson(s);
  EXPECT_NE(text.find("\"seed\": \"18446744073709551557\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"seed\": 9007199254740992"), std::string::npos) << text;
  const Scene back = parseOk(text);
  EXPECT_EQ(back.runs[0].seed, 18446744073709551557u);
  EXPECT_EQ(back.runs[1].seed, 9007199254740992u);
  EXPECT_EQ(parseError(edited("\"seed\": 7", "\"seed\": \"7x\"")),
            "runs[2].seed: \"7x\" is not a seed (a whole number from 0 to 18446744073709551615)");
}

TEST(Scene, RefusesADocumentThatIsNotAnObject) {
  EXPECT_EQ(parseError("[1, 2]"), "a scene is a JSON object, got an array");
}

TEST(Scene, RefusesNonFiniteNumbersEvenWhenSpelledOut) {
  EXPECT_NE(parseError(edited("\"start\": [-3.5, 1.25]", "\"start\": [NaN, 1]")).find("NaN"),
            std::string::npos);
  EXPECT_NE(parseError(edited("\"start\": [-3.5, 1.25]", "\"start\": [1e400, 1]")).find("out of range"),
            std::string::npos);
}

class SceneFiles : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gradscape_scene_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::size_t fileCount() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  fs::path dir_;
};

TEST_F(SceneFiles, SaveThenLoadGivesTheSameScene) {
  const Scene s = parseOk(kFullScene);
  const std::string path = (dir_ / "ravine.json").string();
  ASSERT_EQ(saveScene(path, s), std::nullopt);
  auto loaded = loadScene(path);
  ASSERT_TRUE(std::holds_alternative<Scene>(loaded)) << std::get<std::string>(loaded);
  EXPECT_EQ(sceneToJson(std::get<Scene>(loaded)), sceneToJson(s));
  EXPECT_EQ(fileCount(), 1u);  // no temporary left beside it
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::others_read, fs::perms::others_read);
}

TEST_F(SceneFiles, SavingReplacesAnOlderFileWhole) {
  const std::string path = (dir_ / "s.json").string();
  { std::ofstream(path) << std::string(100000, 'x'); }
  Scene s = parseOk(kFullScene);
  ASSERT_EQ(saveScene(path, s), std::nullopt);
  EXPECT_TRUE(std::holds_alternative<Scene>(loadScene(path)));
  EXPECT_EQ(fs::file_size(path), sceneToJson(s).size());
}

TEST_F(SceneFiles, UnwritablePathIsAnErrorAndLeavesNothing) {
  const Scene s = parseOk(kFullScene);
  const fs::path notADirectory = dir_ / "plain_file";
  { std::ofstream(notADirectory) << "x"; }
  for (const fs::path& path : {dir_ / "missing" / "s.json", notADirectory / "s.json", dir_}) {
    const auto error = saveScene(path.string(), s);
    ASSERT_TRUE(error.has_value()) << path;
    EXPECT_NE(error->find(path.string()), std::string::npos) << *error;
  }
  EXPECT_EQ(fileCount(), 1u);  // only plain_file
}

TEST_F(SceneFiles, LoadErrorsNameTheFile) {
  const std::string missing = (dir_ / "nope.json").string();
  auto result = loadScene(missing);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_NE(std::get<std::string>(result).find(missing), std::string::npos);

  const std::string broken = (dir_ / "broken.json").string();
  { std::ofstream(broken) << "{\n  \"version\": 1,\n  \"title\": \"x\"\n  \"surface\": {}\n}\n"; }
  result = loadScene(broken);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_EQ(std::get<std::string>(result), broken + ":4:3: expected ',' or '}'");

  // A FIFO would block the open until something writes to it: refused at once.
  const std::string fifo = (dir_ / "fifo.json").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  result = loadScene(fifo);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_EQ(std::get<std::string>(result), "cannot read '" + fifo + "': it is a pipe or socket, not a file");

  result = loadScene("/dev/zero");  // endless: refused at the size limit, not read until memory runs out
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_NE(std::get<std::string>(result).find("larger than"), std::string::npos);

  const std::string wrongVersion = (dir_ / "v2.json").string();
  { std::ofstream(wrongVersion) << "{\"version\": 2}"; }
  result = loadScene(wrongVersion);
  EXPECT_EQ(std::get<std::string>(result),
            wrongVersion + ": version: 2 is not supported (this gradscape reads version 1)");
}

}  // namespace
}  // namespace gs
