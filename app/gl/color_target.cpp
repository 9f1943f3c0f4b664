#include "gl/color_target.hpp"

#include <algorithm>

namespace gs::gl {

void ColorTarget::setSamples(int samples) { wantedSamples_ = samples > 1 ? samples : 0; }

bool ColorTarget::resize(int width, int height) {
  if (width <= 0 || height <= 0) return false;
  if (width == width_ && height == height_ && framebuffer_ && wantedSamples_ == samples_) return true;
  GLint maxSize = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxSize);
  if (width > maxSize || height > maxSize) return false;
  GLint previous = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
  Texture color = makeTexture();
  glBindTexture(GL_TEXTURE_2D, color.id());
  // The unsized GL_RGBA with BGRA data lets Mesa store the texels in BGRA order, the window's own, which
  // its linear rasteriser copies without conversion (a sized GL_RGBA8 would be stored RGBA).
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_BGRA, GL_UNSIGNED_BYTE, nullptr);
  setSampling(GL_NEAREST);
  Framebuffer framebuffer = makeFramebuffer();
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color.id(), 0);
  Renderbuffer depth;
  if (withDepth_) {
    depth = makeRenderbuffer();
    glBindRenderbuffer(GL_RENDERBUFFER, depth.id());
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth.id());
  }
  bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  Framebuffer multisampled;
  Renderbuffer multisampledColor, multisampledDepth;
  int samples = 0;
  if (complete && wantedSamples_ > 1) {
    GLint most = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &most);
    samples = std::min(wantedSamples_, static_cast<int>(most));
    if (samples > 1) {
      multisampled = makeFramebuffer();
      glBindFramebuffer(GL_FRAMEBUFFER, multisampled.id());
      multisampledColor = makeRenderbuffer();
      glBindRenderbuffer(GL_RENDERBUFFER, multisampledColor.id());
      glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                                multisampledColor.id());
      if (withDepth_) {
        multisampledDepth = makeRenderbuffer();
        glBindRenderbuffer(GL_RENDERBUFFER, multisampledDepth.id());
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH_COMPONENT24, width, height);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER,
                                  multisampledDepth.id());
      }
      // A driver that refuses the multisampled buffers still gets the plain target.
      if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        multisampled = Framebuffer();
        samples = 0;
      }
    } else {
      samples = 0;
    }
  }
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
  if (!complete) return false;
  framebuffer_ = std::move(framebuffer);
  multisampled_ = std::move(multisampled);
  multisampledColor_ = std::move(multisampledColor);
  multisampledDepth_ = std::move(multisampledDepth);
  // What was asked is remembered even when the driver gave fewer, so the next resize does not retry.
  samples_ = wantedSamples_;
  color_ = std::move(color);
  depth_ = std::move(depth);
  width_ = width;
  height_ = height;
  ++generation_;
  return true;
}

void ColorTarget::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, multisampled_ ? multisampled_.id() : framebuffer_.id());
  glViewport(0, 0, width_, height_);
}

void ColorTarget::resolve() const {
  if (!multisampled_) return;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, multisampled_.id());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, framebuffer_.id());
  glDisable(GL_SCISSOR_TEST);
  glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_.id());
}

CornerProgram::CornerProgram(std::string_view fragmentName)
    : program_(linkEmbedded("copy.vert.glsl", fragmentName)),
      vertexArray_(makeVertexArray()),
      corners_(makeBuffer()) {
  targetLocation_ = uniform(program_, "uTarget");
  sourceLocation_ = uniform(program_, "uSource");
  textureLocation_ = uniform(program_, "uTexture");
  glBindVertexArray(vertexArray_.id());
  glBindBuffer(GL_ARRAY_BUFFER, corners_.id());
  glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
  glEnableVertexAttribArray(0);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void CornerProgram::draw(std::span<const float> corners, GLuint texture, float sourceWidth,
                         float sourceHeight, int width, int height) const {
  glUseProgram(program_.id());
  glUniform2f(targetLocation_, static_cast<float>(width), static_cast<float>(height));
  glUniform2f(sourceLocation_, sourceWidth, sourceHeight);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, texture);
  glUniform1i(textureLocation_, 0);
  glBindVertexArray(vertexArray_.id());
  glBindBuffer(GL_ARRAY_BUFFER, corners_.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(corners.size() * sizeof(float)), corners.data(),
               GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(corners.size() / 4));
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

TextureCopier::TextureCopier() = default;

void TextureCopier::copy(const ColorTarget& from, const GlRect& source, int x, int y) const {
  if (source.empty()) return;
  glViewport(x, y, source.width, source.height);
  const CopyRect whole[] = {{source, 0, 0}};
  draw(from, whole, source.width, source.height);
}

void TextureCopier::copy(const ColorTarget& from, const std::vector<CopyRect>& rects, int framebufferWidth,
                         int framebufferHeight) const {
  if (rects.empty() || framebufferWidth <= 0 || framebufferHeight <= 0) return;
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  draw(from, rects, framebufferWidth, framebufferHeight);
}

void TextureCopier::draw(const ColorTarget& from, std::span<const CopyRect> rects, int width,
                         int height) const {
  if (!quads_.program() || !from.valid()) return;
  // Each rectangle as two counter-clockwise triangles sharing the diagonal, (bottom-left, bottom-right,
  // top-right) and (bottom-left, top-right, top-left): llvmpipe recognises six such vertices as a
  // rectangle. Each corner: its pixel (x, y) in the area and its texel (s, t) in `from`.
  vertices_.clear();
  for (const CopyRect& r : rects) {
    if (r.source.empty()) continue;
    const auto x0 = static_cast<float>(r.x), y0 = static_cast<float>(r.y);
    const auto x1 = static_cast<float>(r.x + r.source.width), y1 = static_cast<float>(r.y + r.source.height);
    const auto s0 = static_cast<float>(r.source.x), t0 = static_cast<float>(r.source.y);
    const auto s1 = static_cast<float>(r.source.x + r.source.width);
    const auto t1 = static_cast<float>(r.source.y + r.source.height);
    vertices_.insert(vertices_.end(), {x0, y0, s0, t0, x1, y0, s1, t0, x1, y1, s1, t1,  //
                                       x0, y0, s0, t0, x1, y1, s1, t1, x0, y1, s0, t1});
  }
  if (vertices_.empty()) return;
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_SCISSOR_TEST);
  quads_.draw(vertices_, from.texture(), static_cast<float>(from.width()), static_cast<float>(from.height()),
              width, height);
  GS_GL_CHECK("TextureCopier::copy");
}

void TextureCopier::blendPicture(GLuint texture, int textureWidth, int textureHeight, const GlRect& source,
                                 int x, int y, int framebufferWidth, int framebufferHeight) const {
  if (!quads_.program() || texture == 0 || source.empty() || framebufferWidth <= 0 || framebufferHeight <= 0)
    return;
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  // The rectangle's bottom row shows the picture's row source.y + source.height - 1 (rows run down).
  const auto x0 = static_cast<float>(x), y0 = static_cast<float>(y);
  const auto x1 = static_cast<float>(x + source.width), y1 = static_cast<float>(y + source.height);
  const auto s0 = static_cast<float>(source.x), s1 = static_cast<float>(source.x + source.width);
  const auto top = static_cast<float>(source.y), bottom = static_cast<float>(source.y + source.height);
  vertices_.assign({x0, y0, s0, bottom, x1, y0, s1, bottom, x1, y1, s1, top,  //
                    x0, y0, s0, bottom, x1, y1, s1, top,    x0, y1, s0, top});
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_SCISSOR_TEST);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);  // as ImGui's
  quads_.draw(vertices_, texture, static_cast<float>(textureWidth), static_cast<float>(textureHeight),
              framebufferWidth, framebufferHeight);
  glDisable(GL_BLEND);
  GS_GL_CHECK("TextureCopier::blendPicture");
}

FramebufferBindings::FramebufferBindings() {
  GLint draw = 0, read = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read);
  draw_ = static_cast<GLuint>(draw);
  read_ = static_cast<GLuint>(read);
}

FramebufferBindings::~FramebufferBindings() {
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, draw_);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, read_);
}

}  // namespace gs::gl
