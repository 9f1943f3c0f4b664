#include "gl/offscreen.hpp"

#include <algorithm>
#include <cstring>

namespace gs::gl {

std::vector<std::uint8_t> OffscreenTarget::readRgba() const {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer());
  return readPixelsTopDown(0, 0, width(), height());
}

std::vector<std::uint8_t> readPixelsTopDown(int x, int y, int width, int height) {
  const auto rowBytes = static_cast<std::size_t>(std::max(width, 0)) * 4;
  const auto rows = static_cast<std::size_t>(std::max(height, 0));
  std::vector<std::uint8_t> pixels(rowBytes * rows);
  if (pixels.empty()) return pixels;
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x, y, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL's origin is bottom-left; images are stored top row first.
  std::vector<std::uint8_t> row(rowBytes);
  for (std::size_t top = 0, bottom = rows - 1; top < bottom; ++top, --bottom) {
    std::memcpy(row.data(), &pixels[top * rowBytes], rowBytes);
    std::memcpy(&pixels[top * rowBytes], &pixels[bottom * rowBytes], rowBytes);
    std::memcpy(&pixels[bottom * rowBytes], row.data(), rowBytes);
  }
  return pixels;
}

}  // namespace gs::gl
