#include "palette.hpp"

#include <algorithm>
#include <array>

namespace gs {
namespace {

constexpr Color rgb(int r, int g, int b) {
  return {static_cast<float>(r) / 255.0f, static_cast<float>(g) / 255.0f, static_cast<float>(b) / 255.0f};
}

constexpr std::array<Color, 8> kOkabeIto = {
    rgb(230, 159, 0),    // orange
    rgb(86, 180, 233),   // sky blue
    rgb(0, 158, 115),    // bluish green
    rgb(213, 94, 0),     // vermillion
    rgb(204, 121, 167),  // reddish purple
    rgb(240, 228, 66),   // yellow
    rgb(0, 114, 178),    // blue
    rgb(220, 220, 220),  // light grey in place of black
};

bool isUsed(Color color, std::span<const Color> used) {
  return std::find(used.begin(), used.end(), color) != used.end();
}

}  // namespace

std::span<const Color> runPalette() { return kOkabeIto; }

std::vector<Color> runColors(const Runner& runner) {
  std::vector<Color> colors;
  for (const Run& run : runner.runs()) colors.push_back(run.look().color);
  return colors;
}

Color nextRunColor(std::span<const Color> used) {
  for (const Color& c : kOkabeIto)
    if (!isUsed(c, used)) return c;
  // Past eight runs: each palette colour again, lighter, then darker, and so on, so that no two runs (and
  // no two rows of the legend) share a colour until 40 runs.
  for (const float shade : {0.5f, -0.4f, 0.75f, -0.6f})
    for (const Color& c : kOkabeIto) {
      Color variant;
      for (std::size_t i = 0; i < 3; ++i)
        variant[i] = shade > 0.0f ? c[i] + shade * (1.0f - c[i]) : c[i] * (1.0f + shade);
      if (!isUsed(variant, used)) return variant;
    }
  return kOkabeIto[used.size() % kOkabeIto.size()];
}

Color forkColor(Color parent, std::span<const Color> used) {
  for (const Color& c : kOkabeIto)
    if (c != parent && !isUsed(c, used)) return c;
  Color lighter;
  for (std::size_t i = 0; i < 3; ++i) lighter[i] = parent[i] + 0.5f * (1.0f - parent[i]);
  return lighter;
}

}  // namespace gs
