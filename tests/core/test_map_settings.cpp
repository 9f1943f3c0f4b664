// The Maps panel's settings in scene files: every field written and read back, the scene round trip, and
// bad values refused with a message naming the field, as the rest of a scene's.
#include <gtest/gtest.h>

#include <string>

#include "core/io/json.hpp"
#include "core/io/map_settings.hpp"
#include "core/io/scene.hpp"

namespace gs {
namespace {

MapSettings unusualSettings() {
  MapSettings settings;
  settings.shown = true;
  settings.kind = MapKind::Hyper;
  settings.run = 1;
  settings.steps = 1234;
  settings.size = 96;
  settings.x = {"lr", 3e-5, 2.5, true};
  settings.y = {"momentum", 0.125, 0.875, false};
  settings.metric = HyperMetric::StepsToTolerance;
  settings.tolerance = 2.5e-7;
  settings.opacity = 0.3;
  return settings;
}

std::string sceneWithMaps(const std::string& maps) {
  return R"({"version": 1, "surface": {"name": "quadratic"},
    "runs": [{"optimizer": "sgd", "params": {"lr": 0.02}}, {"optimizer": "momentum"}],
    "maps": )" +
         maps + "}";
}

TEST(MapSettings, JsonRoundTripKeepsEveryFieldAndDefaultsDifferFromIt) {
  const MapSettings settings = unusualSettings();
  ASSERT_NE(settings, MapSettings{});
  auto back = readMapSettings(mapSettingsJson(settings), "maps");
  ASSERT_TRUE(std::holds_alternative<MapSettings>(back)) << std::get<std::string>(back);
  EXPECT_EQ(std::get<MapSettings>(back), settings);
  // Each field on its own changes the comparison (a field left out of == would not round-trip-test).
  MapSettings other = settings;
  other.y.log = true;
  EXPECT_NE(other, settings);
  other = settings;
  other.opacity = 0.31;
  EXPECT_NE(other, settings);
}

TEST(MapSettings, SceneRoundTripKeepsTheMapAndOmitsItWhenAbsent) {
  auto parsed = parseScene(sceneWithMaps(mapSettingsJson(unusualSettings()).dump()));
  ASSERT_TRUE(std::holds_alternative<Scene>(parsed)) << std::get<std::string>(parsed);
  const Scene& scene = std::get<Scene>(parsed);
  ASSERT_TRUE(scene.maps.has_value());
  EXPECT_EQ(*scene.maps, unusualSettings());
  const std::string text = sceneToJson(scene);
  auto again = parseScene(text);
  ASSERT_TRUE(std::holds_alternative<Scene>(again)) << std::get<std::string>(again);
  EXPECT_EQ(std::get<Scene>(again).maps, scene.maps);
  EXPECT_EQ(sceneToJson(std::get<Scene>(again)), text);

  Scene without = scene;
  without.maps.reset();
  const std::string plain = sceneToJson(without);
  EXPECT_EQ(plain.find("\"maps\""), std::string::npos) << plain;
  auto plainBack = parseScene(plain);
  ASSERT_TRUE(std::holds_alternative<Scene>(plainBack));
  EXPECT_FALSE(std::get<Scene>(plainBack).maps.has_value());
}

TEST(MapSettings, MissingFieldsKeepTheirDefaults) {
  auto parsed = parseScene(sceneWithMaps(R"({"shown": true})"));
  ASSERT_TRUE(std::holds_alternative<Scene>(parsed)) << std::get<std::string>(parsed);
  MapSettings expected;
  expected.shown = true;
  EXPECT_EQ(*std::get<Scene>(parsed).maps, expected);
}

struct BadMaps {
  const char* maps;
  const char* message;  // a part of the error
};

class MapSettingsRefused : public ::testing::TestWithParam<BadMaps> {};

TEST_P(MapSettingsRefused, NamingTheFieldAndWhy) {
  auto parsed = parseScene(sceneWithMaps(GetParam().maps));
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << GetParam().maps;
  EXPECT_NE(std::get<std::string>(parsed).find(GetParam().message), std::string::npos)
      << std::get<std::string>(parsed);
}

INSTANTIATE_TEST_SUITE_P(
    BadValues, MapSettingsRefused,
    ::testing::Values(
        BadMaps{R"({"colour": 1})", "maps.colour: unknown field (expected one of: shown, kind"},
        BadMaps{R"({"kind": "valley"})", "maps.kind: \"valley\" is not one of \"basin\", \"hyper\""},
        BadMaps{R"({"shown": 1})", "maps.shown: expected a boolean, got a number"},
        BadMaps{R"({"size": 0})", "maps.size: 0 is out of range [1, 4096]"},
        BadMaps{R"({"size": 64.5})", "maps.size: 64.5 is not a whole number"},
        BadMaps{R"({"steps": 2000000})", "maps.steps: 2000000 is out of range [0, 1000000]"},
        BadMaps{R"({"run": 2})", "maps.run: 2 is not a run of this scene (it has 2)"},
        BadMaps{R"({"opacity": 1.5})", "maps.opacity: 1.5 is out of range [0, 1]"},
        BadMaps{R"({"metric": "fast"})", "maps.metric: \"fast\" is not one of \"final\", \"steps\""},
        BadMaps{R"({"x": {"name": "lr", "range": [1, 0.1]}})", "maps.x.range: min must be less than max"},
        BadMaps{R"({"x": {"name": "lr", "range": [0, 1], "log": true}})",
                "maps.x.range: a log axis needs min > 0"},
        BadMaps{R"({"y": {"range": [0, 1]}})", "maps.y.name: missing"},
        BadMaps{R"({"y": {"name": "momentum", "range": [0]}})",
                "maps.y.range: expected [min, max], got 1 numbers"},
        // A hyper map's axes are checked against its run's optimizer, as `gradscape map hyper --x` checks.
        BadMaps{R"({"kind": "hyper", "run": 1, "y": {"name": "beta1", "range": [0, 0.9]}})",
                "maps.y: unknown hyperparameter 'beta1'"},
        BadMaps{R"({"kind": "hyper", "y": {"name": "momentum", "range": [0, 2]}})",
                "maps.y: the range 0 to 2 leaves momentum's domain"}));

}  // namespace
}  // namespace gs
