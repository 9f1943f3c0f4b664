// Screen-space glyphs: discs, rings, thick lines, arrows, rectangles and text (DejaVu Sans baked with
// stb_truetype), collected on the CPU each frame and drawn in one call. llvmpipe sets up every triangle
// on the CPU, about a microsecond each whatever its size, so shapes are made of as few as they can be:
// a disc or a small ring is one square whose fragments measure their distance to its centre, and a line
// of text is one square too, whose glyphs are composed on the CPU into a texture at the flush (instead
// of a square per character). Text is drawn by a program of its own, and shapes by one that samples no
// texture (llvmpipe runs both sides of a branch, and a texture lookup in a large plate's every pixel
// doubled a legend's cost). So that a flush stays a few draws, the text of a layer is drawn after its
// shapes; a shape that overlaps text collected before it starts a new layer, so what is drawn over what
// never changes. Thick lines are triangles, since
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
#include "render/damage_grid.hpp"

namespace gs {

using Rgba = std::array<float, 4>;

struct OverlayVertex {
  float x, y;  // framebuffer pixels, origin top-left
  // Text: a texel of its line's image. Shapes: u in (-1.5, 0): solid. u <= -1.5: a feathered edge,
  // u = -2 - half the solid width and v the signed pixels from the centre line (smooth edges without
  // multisampling).
  // In a round shape (radius > 0), (u, v) is the offset from its centre in pixels instead.
  float u, v;
  float r, g, b, a;
  // A disc or ring drawn as one square: the circle's radius in pixels (0: not round) and, for a ring,
  // half its width (0: a filled disc). The fragment shader measures the distance to the centre.
  float radius = 0.0f, ringHalfWidth = 0.0f;
  // A shape's vertex with neither a round nor a feathered edge: coverage 1 everywhere.
  bool solid() const { return !(radius > 0.0f) && u > -1.5f; }
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
  bool valid() const { return program_ && textProgram_ && solidProgram_; }
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

  std::size_t vertexCount() const { return vertices_.size() + textVertices_.size(); }
  // Everything collected since the last flush, all that the pixels it draws depend on besides the text
  // size: the shapes' vertices, the text's squares (their texels are only made at the flush), the
  // characters of each line of text (each ended by a 0) and where the layers end.
  const std::vector<OverlayVertex>& vertices() const { return vertices_; }
  const std::vector<OverlayVertex>& textVertices() const { return textVertices_; }
  const std::vector<char>& texts() const { return texts_; }
  struct LayerEnd {
    std::size_t shapes, texts;  // vertices of each kind before the end
  };
  const std::vector<LayerEnd>& layerEnds() const { return layerEnds_; }
  void discard();
  // Marks in `grid` the tiles of every triangle collected so far (widened by a pixel); `origin` is the
  // framebuffer pixel at the grid's top-left corner.
  void markFootprint(DamageGrid& grid, Vec2 origin) const;
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
  void roundSquare(Vec2 center, float radius, float ringHalfWidth, const Rgba& color);
  // Called after each shape's vertices (from `firstVertex` on) are added: a shape over text of the
  // current layer ends that layer before it.
  void shapeAdded(std::size_t firstVertex);
  // The shapes' vertices [first, end): solid triangles by solidProgram_, the others by program_.
  void drawShapes(std::size_t first, std::size_t end) const;
  void drawRange(const gl::Program& program, std::size_t first, std::size_t count) const;

  float textPixels_;
  gl::Program program_;       // shapes
  gl::Program textProgram_;   // text squares
  gl::Program solidProgram_;  // solid shapes (no round or feathered edge)
  gl::Buffer buffer_;
  gl::VertexArray vertexArray_;
  // A line of text waiting for the flush: its square's first vertex (in textVertices_), its box in
  // framebuffer pixels (the glyphs' union, whole pixels), where its baseline starts and its characters in
  // texts_.
  struct PendingLine {
    std::size_t firstVertex;
    int left, top, width, height;
    float x, y;
    std::size_t textBegin, textLength;
  };
  // Composes the pending lines' glyphs into one image of single-channel coverage, uploads it into the
  // next of strips_ and points each line's square at its part; returns that texture.
  GLuint composeLines();

  std::vector<unsigned char> fontFile_;
  std::vector<unsigned char> bakedChars_;    // stbtt_bakedchar[96], kept opaque here
  std::vector<unsigned char> atlas_;         // the baked glyphs' coverage, kAtlasSize squared
  std::vector<OverlayVertex> vertices_;      // shapes
  std::vector<OverlayVertex> textVertices_;  // text squares
  std::vector<LayerEnd> layerEnds_;          // of the layers before the current one
  struct Box {
    float left, top, right, bottom;
  };
  std::vector<Box> layerText_;         // the current layer's text squares
  std::vector<OverlayVertex> upload_;  // both kinds, as the buffer gets them, kept for its storage
  std::vector<PendingLine> lines_;
  std::vector<char> texts_;
  std::vector<unsigned char> strip_;  // composeLines' image, kept for its storage
  // Each flush with text uploads its lines into the next texture of this ring: one that an earlier
  // flush's draw may still be reading (llvmpipe rasterises later) is not rewritten under it.
  std::array<gl::Texture, 4> strips_;
  std::size_t nextStrip_ = 0;
  GLint maxTextureSize_ = 2048;
};

}  // namespace gs
