// Screen-space glyphs: discs, rings, thick lines, arrows, rectangles and text (DejaVu Sans baked with
// stb_truetype), collected on the CPU each frame and drawn in one call. Thick lines are triangles, since
// core-profile lines wider than 1 px are not reliable, and a projector needs more than 1 px. Lines, rings,
// discs and triangles fade out over a pixel at their edges, so they are smooth without multisampling
// (the default on the software renderer); axis-aligned rectangles and text are drawn as they are.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/math/vec2.hpp"
#include "gl/gl.hpp"

namespace gs {

using Rgba = std::array<float, 4>;

struct OverlayVertex {
  float x, y;  // framebuffer pixels, origin top-left
  // u >= 0: a texel of the font atlas. u in (-1.5, 0): solid. u <= -1.5: a feathered edge, u = -2 - half
  // the solid width and v the signed pixels from the centre line (smooth edges without multisampling).
  float u, v;
  float r, g, b, a;
};

enum class TextAlign { Left, Center, Right };

// Text on a plate over a view (the explainer's labels, the legends), for either theme. Dark: light text on
// a dark translucent plate. Light: a dark translucent plate over the light theme's pale 3D background and
// light heatmaps turns mid grey, on which yellow and cyan fade, so the plate is near-white and the text
// dark, each glyph colour darkened to a shade of itself. Every text colour keeps a contrast of at least
// 4.5:1 with its plate over any view, black or white (tests/app/test_label_palette.cpp).
struct LabelPalette {
  Rgba plate;          // under the text
  Rgba ink;            // ordinary text
  Rgba note;           // secondary text (a label's scale, a hidden run's row)
  Rgba xUnits;         // the explainer's quantities in units of x (the glyph is yellow)
  Rgba gradientUnits;  // ... in gradient units (cyan)
  Rgba curvature;      // ... curvatures (violet)
  Rgba ownUnits;       // ... a program's values, each in units of its own (pink)
};
const LabelPalette& labelPalette(bool lightTheme);
// The WCAG 2 contrast ratio of two opaque sRGB colours (1 to 21).
double contrastRatio(const Rgba& a, const Rgba& b);
// `over` drawn on an opaque `under` with over's alpha, as the overlay blends.
Rgba composite(const Rgba& over, const Rgba& under);

class OverlayRenderer {
 public:
  // Needs a current GL context. `textPixels`: the font's pixel height.
  explicit OverlayRenderer(float textPixels);
  bool valid() const { return static_cast<bool>(program_); }
  float textPixels() const { return textPixels_; }
  void setTextPixels(float pixels);

  void triangle(Vec2 a, Vec2 b, Vec2 c, const Rgba& color);
  void quad(Vec2 a, Vec2 b, Vec2 c, Vec2 d, const Rgba& color);
  void line(Vec2 from, Vec2 to, float width, const Rgba& color);
  void disc(Vec2 center, float radius, const Rgba& color);
  void ring(Vec2 center, float radius, float width, const Rgba& color);
  void rectOutline(Vec2 low, Vec2 high, float width, const Rgba& color);
  void filledRect(Vec2 low, Vec2 high, const Rgba& color);
  // Shaft and head; the head is sized from `width` and never longer than the arrow.
  void arrow(Vec2 from, Vec2 to, float width, const Rgba& color);
  // `position` is the baseline's left/centre/right end.
  void text(Vec2 position, std::string_view text, const Rgba& color, TextAlign align = TextAlign::Left);
  float textWidth(std::string_view text) const;

  std::size_t vertexCount() const { return vertices_.size(); }
  // What has been collected since the last flush: with the text size, all the glyphs' pixels depend on.
  const std::vector<OverlayVertex>& vertices() const { return vertices_; }
  void discard() { vertices_.clear(); }
  // Draws everything collected (alpha-blended, no depth test, viewport on the whole framebuffer) and
  // clears the list. `origin` is the framebuffer pixel at the target's top-left corner: not (0, 0) when a
  // view is drawn into a target of its own.
  void flush(int framebufferWidth, int framebufferHeight, Vec2 origin = {0.0, 0.0});

 private:
  void bakeFont();
  void push(Vec2 p, const Rgba& color, float feather = -1.0f, float across = 0.0f);
  void solidTriangle(Vec2 a, Vec2 b, Vec2 c, const Rgba& color);
  void featheredBand(Vec2 a, Vec2 b, Vec2 c, Vec2 d, float width, const Rgba& color);
  void fringe(Vec2 a, Vec2 b, Vec2 outward, const Rgba& color);

  float textPixels_;
  gl::Program program_;
  gl::Buffer buffer_;
  gl::VertexArray vertexArray_;
  gl::Texture font_;
  std::vector<unsigned char> fontFile_;
  std::vector<unsigned char> bakedChars_;  // stbtt_bakedchar[96], kept opaque here
  std::vector<OverlayVertex> vertices_;
};

}  // namespace gs
