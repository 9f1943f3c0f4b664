// `gradscape map` in-process: the PNG shows each pixel's colour where the map is drawn, NaN regions in the
// key's colour, and the commands refuse bad input with one line and status 2 before writing anything.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "cli/map.hpp"
#include "cli/map_png.hpp"
#include "core/io/spec.hpp"

namespace gs::cli {
namespace {

MapRequest smallBasin(std::string_view formula) {
  auto custom = makeCustomSurface(formula, {-1, 1, -1, 1});
  EXPECT_TRUE(custom.surface);
  PixelSettings settings;
  settings.optimizer = std::get<Optimizer>(parseOptimizerSpec("sgd:lr=0.1"));
  settings.steps = 30;
  return basinRequest(*custom.surface, settings, 32, 32);
}

// The map's top-left corner in the PNG: find the first row and column where the map's colours begin.
TEST(MapPng, EveryMapPixelIsDrawnInItsColour) {
  const MapRequest request = smallBasin("sqrt(x + 0.5) + y^2");
  const MapResult result = computeMap(request);
  const MapImage image = drawMapImage(request, result, "caption");
  ASSERT_GT(image.width, 256);
  const int scale = 256 / 32;  // maps under 256 pixels are drawn scaled up to 256
  // The map sits right of the 64-pixel axis margin and below the 52-pixel caption band (map_png.cpp).
  const int left = 64, top = 52;
  int undefined = 0;
  for (int py = 0; py < 32; ++py)
    for (int px = 0; px < 32; ++px) {
      std::uint8_t rgb[3];
      mapPixelColour(request, result, result.at(px, py), 0, 0, rgb);
      // The pixel's block centre (hatching of NaN regions alternates, so look for either colour there).
      const int x = left + px * scale + scale / 2, y = top + py * scale + scale / 2;
      const std::uint8_t* p =
          &image.rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                       static_cast<std::size_t>(x)) *
                      4];
      if (result.at(px, py).kind == EndKind::Undefined) {
        ++undefined;
        const bool key = p[0] == rgb[0] && p[1] == rgb[1] && p[2] == rgb[2];
        const bool hatch = p[0] == 255 && p[1] == 255 && p[2] == 255;
        EXPECT_TRUE(key || hatch) << px << "," << py;
      } else {
        EXPECT_EQ(p[0], rgb[0]) << px << "," << py;
        EXPECT_EQ(p[1], rgb[1]) << px << "," << py;
        EXPECT_EQ(p[2], rgb[2]) << px << "," << py;
      }
    }
  EXPECT_GT(undefined, 32 * 4);  // x < -0.5: a quarter of the map
}

TEST(MapCommand, WritesNothingAndExitsTwoOnABadRange) {
  const auto csv = std::filesystem::temp_directory_path() / "gradscape_map_refused.csv";
  std::filesystem::remove(csv);
  std::ostringstream out, err;
  const int status = mapCommand(
      {"basin", "--surface", "himmelblau", "--optimizer", "adam", "--range=1,-1,0,1", "--csv", csv.string()},
      out, err);
  EXPECT_EQ(status, 2);
  EXPECT_EQ(out.str(), "");
  const std::string message = err.str();
  EXPECT_EQ(message.rfind("gradscape map: --range:", 0), 0u) << message;
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1);
  EXPECT_FALSE(std::filesystem::exists(csv));
}

TEST(TuneCommand, PrintsTheTunedSpecOnStdoutAndTheSummaryLast) {
  std::ostringstream out, err;
  ASSERT_EQ(tuneCommand({"--surface", "quadratic", "--optimizer", "sgd", "--steps", "30", "--threads", "1"},
                        out, err),
            0)
      << err.str();
  EXPECT_EQ(out.str().rfind("sgd:lr=", 0), 0u) << out.str();
  const std::string text = err.str();
  const std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
  EXPECT_EQ(last.rfind("tune: lr=", 0), 0u) << last;
  EXPECT_NE(last.find(" loss="), std::string::npos) << last;
}

}  // namespace
}  // namespace gs::cli
