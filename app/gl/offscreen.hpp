// A framebuffer object with a colour and a depth renderbuffer: the target of export, `gradscape render`
// and the render tests. Needs a current GL context.
#pragma once
#include <cstdint>
#include <vector>

#include "gl/gl.hpp"

namespace gs::gl {

class OffscreenTarget {
 public:
  // Returns false (and keeps the previous size) if the driver refuses the size.
  bool resize(int width, int height);
  void bind() const;  // also sets the viewport to the whole target
  int width() const { return width_; }
  GLuint framebuffer() const { return framebuffer_.id(); }
  int height() const { return height_; }
  // RGBA8 pixels of the target, rows top to bottom.
  std::vector<std::uint8_t> readRgba() const;

 private:
  Framebuffer framebuffer_;
  Renderbuffer color_, depth_;
  int width_ = 0, height_ = 0;
};

// RGBA8 pixels of the currently bound read framebuffer's region, rows top to bottom.
std::vector<std::uint8_t> readPixelsTopDown(int x, int y, int width, int height);

}  // namespace gs::gl
