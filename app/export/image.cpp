#include "export/image.hpp"

#include <algorithm>

namespace gs {

std::optional<std::string> checkImage(int width, int height, std::span<const std::uint8_t> pixels) {
  if (width < 1 || height < 1 || width > kMaxExportSide || height > kMaxExportSide)
    return "image size " + std::to_string(width) + "x" + std::to_string(height) + " is out of range (1 to " +
           std::to_string(kMaxExportSide) + " pixels a side)";
  const std::size_t expected = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4;
  if (pixels.size() != expected)
    return "image buffer holds " + std::to_string(pixels.size()) + " bytes, expected " +
           std::to_string(expected) + " for " + std::to_string(width) + "x" + std::to_string(height) +
           " RGBA";
  return std::nullopt;
}

void flipRows(std::span<std::uint8_t> pixels, int width, int height) {
  const std::size_t rowBytes = static_cast<std::size_t>(width) * 4;
  for (int top = 0, bottom = height - 1; top < bottom; ++top, --bottom)
    std::swap_ranges(pixels.begin() + static_cast<std::ptrdiff_t>(top * rowBytes),
                     pixels.begin() + static_cast<std::ptrdiff_t>((top + 1) * rowBytes),
                     pixels.begin() + static_cast<std::ptrdiff_t>(bottom * rowBytes));
}

}  // namespace gs
