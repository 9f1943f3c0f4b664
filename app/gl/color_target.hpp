// Offscreen colour targets whose pixels are later copied into the window, and the copy itself.
//
// On Mesa's llvmpipe (the software rasteriser of machines without a GPU) copying a BGRA texture texel for
// pixel as two triangles that form a rectangle, into a framebuffer without a depth buffer, runs on its
// "linear" rasteriser, which works along rows instead of testing triangle edges: two to three times faster
// than glBlitFramebuffer or an RGBA texture, and faster than a triangle strip (set up as two triangles).
// Parts of a frame that did not change (panels, a still 2D view) are kept in such targets and copied.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gl/gl.hpp"

namespace gs::gl {

// A rectangle in GL window coordinates: origin bottom-left, in pixels (or texels).
struct GlRect {
  int x = 0, y = 0, width = 0, height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
  bool operator==(const GlRect&) const = default;
};

// A framebuffer object whose colour is a BGRA texture, with an optional depth buffer. With samples set,
// drawing goes to multisampled buffers, and resolve() averages them into the texture.
class ColorTarget {
 public:
  explicit ColorTarget(bool withDepth = false) : withDepth_(withDepth) {}
  // Returns false (and keeps the previous size) if the driver refuses the size. Contents are undefined
  // after a resize.
  bool resize(int width, int height);
  // Samples per pixel from the next resize() on (0 or 1: none; clamped to what the driver offers).
  void setSamples(int samples);
  int samples() const { return samples_; }
  void bind() const;  // as draw and read framebuffer; also sets the viewport to the whole target
  // Multisampled: averages what was drawn into the texture (leaves the texture's framebuffer bound).
  void resolve() const;
  bool valid() const { return static_cast<bool>(framebuffer_); }
  int width() const { return width_; }
  int height() const { return height_; }
  GLuint framebuffer() const { return framebuffer_.id(); }
  GLuint texture() const { return color_.id(); }
  // Changes whenever resize() makes new buffers (whose contents are undefined).
  std::uint64_t generation() const { return generation_; }

 private:
  bool withDepth_;
  Framebuffer framebuffer_;
  Texture color_;
  Renderbuffer depth_;
  Framebuffer multisampled_;  // with samples: where drawing goes
  Renderbuffer multisampledColor_, multisampledDepth_;
  int width_ = 0, height_ = 0;
  int samples_ = 0, wantedSamples_ = 0;
  std::uint64_t generation_ = 0;
};

// A rectangle of texels and the bottom-left pixel of the framebuffer it is copied to.
struct CopyRect {
  GlRect source;
  int x = 0, y = 0;
};

// The copy shader (shaders/copy.vert.glsl: corners given as their pixel (x, y) in the viewport and their
// texel (s, t)) with a fragment shader of shaders/, and the vertex array it reads: what TextureCopier and
// render/image_layer draw rectangles of a texture with.
class CornerProgram {
 public:
  explicit CornerProgram(std::string_view fragmentName);  // needs a current GL context
  // Draws `corners` (four floats each, three corners a triangle) from `texture`, whose size in the units
  // of s and t is `source`, onto a viewport `width` x `height` pixels; the program stays in use, so that
  // the caller may have set more of its uniforms before.
  void draw(std::span<const float> corners, GLuint texture, float sourceWidth, float sourceHeight, int width,
            int height) const;
  const Program& program() const { return program_; }

 private:
  Program program_;
  VertexArray vertexArray_;
  Buffer corners_;
  GLint targetLocation_ = -1, sourceLocation_ = -1, textureLocation_ = -1;
};

class TextureCopier {
 public:
  TextureCopier();  // needs a current GL context
  // Copies `source` (texels of `from`) to the same-sized rectangle of the bound draw framebuffer whose
  // bottom-left pixel is (x, y), replacing what is there. Leaves blending, depth and scissor tests
  // disabled and the viewport on the destination.
  void copy(const ColorTarget& from, const GlRect& source, int x, int y) const;
  // Copies every rectangle of `rects` in one draw into the bound draw framebuffer, framebufferWidth x
  // framebufferHeight pixels: on llvmpipe each draw costs about as much as a few tens of thousands of
  // copied pixels, so many small rectangles drawn one by one cost as much as the whole picture. Leaves
  // blending, depth and scissor tests disabled and the viewport on the whole framebuffer.
  void copy(const ColorTarget& from, const std::vector<CopyRect>& rects, int framebufferWidth,
            int framebufferHeight) const;
  // Blends the texels `source` of `texture` (textureWidth x textureHeight texels, its first row the top of
  // the picture, as ImGui's images are; `source.y` counts rows from that top) onto the same-sized rectangle
  // of the bound draw framebuffer (framebufferWidth x framebufferHeight) whose bottom-left pixel is (x, y),
  // with the blending of ImGui's OpenGL3 backend, as an untinted ImGui image would be drawn there. Leaves
  // blending, depth and scissor tests disabled and the viewport on the whole framebuffer.
  void blendPicture(GLuint texture, int textureWidth, int textureHeight, const GlRect& source, int x, int y,
                    int framebufferWidth, int framebufferHeight) const;

 private:
  // Draws `rects` of `from` with the viewport set on a `width` x `height` area whose bottom-left pixel
  // is the rectangles' origin.
  void draw(const ColorTarget& from, std::span<const CopyRect> rects, int width, int height) const;
  CornerProgram quads_{"copy.frag.glsl"};
  mutable std::vector<float> vertices_;  // storage kept between copies
};

// The framebuffers bound for drawing and reading, restored when this goes out of scope.
class FramebufferBindings {
 public:
  FramebufferBindings();
  ~FramebufferBindings();
  FramebufferBindings(const FramebufferBindings&) = delete;
  FramebufferBindings& operator=(const FramebufferBindings&) = delete;
  GLuint draw() const { return draw_; }

 private:
  GLuint draw_ = 0, read_ = 0;
};

}  // namespace gs::gl
