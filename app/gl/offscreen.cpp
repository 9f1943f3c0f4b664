#include "gl/offscreen.hpp"

#include <algorithm>
#include <cstring>

namespace gs::gl {

bool OffscreenTarget::resize(int width, int height) {
  if (width <= 0 || height <= 0) return false;
  if (width == width_ && height == height_ && framebuffer_) return true;
  GLint maxSize = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &maxSize);
  if (width > maxSize || height > maxSize) return false;
  Framebuffer framebuffer = makeFramebuffer();
  Renderbuffer color = makeRenderbuffer(), depth = makeRenderbuffer();
  glBindRenderbuffer(GL_RENDERBUFFER, color.id());
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindRenderbuffer(GL_RENDERBUFFER, depth.id());
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer.id());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color.id());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth.id());
  const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (!complete) return false;
  framebuffer_ = std::move(framebuffer);
  color_ = std::move(color);
  depth_ = std::move(depth);
  width_ = width;
  height_ = height;
  return true;
}

void OffscreenTarget::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_.id());
  glViewport(0, 0, width_, height_);
}

std::vector<std::uint8_t> OffscreenTarget::readRgba() const {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_.id());
  return readPixelsTopDown(0, 0, width_, height_);
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
