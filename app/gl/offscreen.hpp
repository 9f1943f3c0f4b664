// The target of export, `gradscape render` and the render tests: a ColorTarget with depth whose pixels can
// be read back. Needs a current GL context.
#pragma once
#include <cstdint>
#include <vector>

#include "gl/color_target.hpp"

namespace gs::gl {

class OffscreenTarget : public ColorTarget {
 public:
  OffscreenTarget() : ColorTarget(/*withDepth=*/true) {}
  // RGBA8 pixels of the target, rows top to bottom.
  std::vector<std::uint8_t> readRgba() const;
};

// RGBA8 pixels of the currently bound read framebuffer's region, rows top to bottom.
std::vector<std::uint8_t> readPixelsTopDown(int x, int y, int width, int height);

}  // namespace gs::gl
