// An RGBA8 image as the exporters take it: rows top to bottom, 4 bytes a pixel, no padding.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gs {

struct RgbaImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height * 4
};

// Largest side an exported image may have; bigger requests are refused with a message, not an
// allocation of gigabytes.
inline constexpr int kMaxExportSide = 16384;

// nullopt when width x height is a sensible export size and `pixels` holds exactly that many RGBA pixels.
std::optional<std::string> checkImage(int width, int height, std::span<const std::uint8_t> pixels);
// glReadPixels returns rows bottom to top; images are written top to bottom.
void flipRows(std::span<std::uint8_t> pixels, int width, int height);

}  // namespace gs
