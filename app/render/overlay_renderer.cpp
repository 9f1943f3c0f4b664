#include "render/overlay_renderer.hpp"

#include <stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace gs {

namespace {
constexpr int kAtlasSize = 512;
constexpr int kFirstChar = 32;
constexpr int kCharCount = 96;
// Segments of a large ring of `radius` pixels (see ring): as few as keep the polygon within a quarter
// pixel of the circle (its feathered edge hides the rest), up to 48.
int circleSegments(double radius) {
  constexpr double kMostError = 0.25;  // pixels between a segment's middle and the circle
  if (!(radius > kMostError)) return 8;
  const double segments = std::ceil(M_PI / std::acos(1.0 - kMostError / radius));
  return static_cast<int>(std::clamp(segments, 8.0, 48.0));
}
// Rings up to this radius are one square (two triangles); a larger one would shade many pixels inside
// it for nothing, and is a band of segments instead.
constexpr double kLargestRoundSquare = 48.0;

const stbtt_bakedchar* chars(const std::vector<unsigned char>& storage) {
  return reinterpret_cast<const stbtt_bakedchar*>(storage.data());
}
}  // namespace

const LabelPalette& labelPalette(bool lightTheme) {
  static const LabelPalette kDark{{0.0f, 0.0f, 0.0f, 0.72f},   {0.97f, 0.97f, 0.97f, 1.0f},
                                  {0.80f, 0.80f, 0.83f, 1.0f}, {1.0f, 0.84f, 0.04f, 1.0f},
                                  {0.45f, 0.9f, 1.0f, 1.0f},   {0.85f, 0.7f, 1.0f, 1.0f},
                                  {1.0f, 0.62f, 0.86f, 1.0f}};
  static const LabelPalette kLight{{0.98f, 0.98f, 0.97f, 0.9f}, {0.06f, 0.06f, 0.08f, 1.0f},
                                   {0.30f, 0.30f, 0.34f, 1.0f}, {0.50f, 0.29f, 0.0f, 1.0f},
                                   {0.0f, 0.38f, 0.50f, 1.0f},  {0.42f, 0.18f, 0.62f, 1.0f},
                                   {0.60f, 0.08f, 0.42f, 1.0f}};
  return lightTheme ? kLight : kDark;
}

namespace {
double luminance(const Rgba& c) {
  const auto linear = [](float v) {
    return v <= 0.04045f ? v / 12.92 : std::pow((static_cast<double>(v) + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
}
}  // namespace

double contrastRatio(const Rgba& a, const Rgba& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgba composite(const Rgba& over, const Rgba& under) {
  const float alpha = over[3];
  return {over[0] * alpha + under[0] * (1.0f - alpha), over[1] * alpha + under[1] * (1.0f - alpha),
          over[2] * alpha + under[2] * (1.0f - alpha), 1.0f};
}

OverlayRenderer::OverlayRenderer(float textPixels) : textPixels_(textPixels) {
  program_ = gl::linkEmbedded("overlay.vert.glsl", "overlay.frag.glsl");
  textProgram_ = gl::linkEmbedded("overlay.vert.glsl", "overlay_text.frag.glsl");
  solidProgram_ = gl::linkEmbedded("overlay.vert.glsl", "overlay_solid.frag.glsl");
  buffer_ = gl::makeBuffer();
  vertexArray_ = gl::makeVertexArray();
  glBindVertexArray(vertexArray_.id());
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  const auto stride = static_cast<GLsizei>(sizeof(OverlayVertex));
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<void*>(offsetof(OverlayVertex, x)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<void*>(offsetof(OverlayVertex, u)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<void*>(offsetof(OverlayVertex, r)));
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<void*>(offsetof(OverlayVertex, radius)));
  glBindVertexArray(0);
  std::ifstream file(std::string(GRADSCAPE_FONT_DIR) + "/DejaVuSans.ttf", std::ios::binary);
  fontFile_.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  if (fontFile_.empty())
    std::fprintf(stderr, "gradscape: DejaVuSans.ttf not found; axis labels are hidden\n");
  for (gl::Texture& strip : strips_) strip = gl::makeTexture();
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxTextureSize_);
  bakeFont();
}

void OverlayRenderer::setTextPixels(float pixels) {
  if (std::fabs(pixels - textPixels_) < 0.25f) return;
  textPixels_ = pixels;
  bakeFont();
}

void OverlayRenderer::bakeFont() {
  atlas_.assign(kAtlasSize * kAtlasSize, 0);
  bakedChars_.assign(sizeof(stbtt_bakedchar) * kCharCount, 0);
  if (!fontFile_.empty())
    stbtt_BakeFontBitmap(fontFile_.data(), 0, std::clamp(textPixels_, 6.0f, 64.0f), atlas_.data(), kAtlasSize,
                         kAtlasSize, kFirstChar, kCharCount,
                         reinterpret_cast<stbtt_bakedchar*>(bakedChars_.data()));
}

void OverlayRenderer::push(Vec2 p, const Rgba& color, float feather, float across) {
  vertices_.push_back({static_cast<float>(p.x), static_cast<float>(p.y), feather, across, color[0], color[1],
                       color[2], color[3]});
}

void OverlayRenderer::solidTriangle(Vec2 a, Vec2 b, Vec2 c, const Rgba& color) {
  if (!isFinite(a) || !isFinite(b) || !isFinite(c)) return;  // never send a non-finite vertex
  const std::size_t first = vertices_.size();
  push(a, color);
  push(b, color);
  push(c, color);
  shapeAdded(first);
}

// A band of `width` pixels centred on a-b / d-c (a and d on one side), whose coverage falls to nothing
// over the pixel beyond each side (see overlay.frag.glsl): the quad reaches half a width plus a pixel.
void OverlayRenderer::featheredBand(Vec2 a, Vec2 b, Vec2 c, Vec2 d, float width, const Rgba& color) {
  if (!isFinite(a) || !isFinite(b) || !isFinite(c) || !isFinite(d)) return;
  const float half = 0.5f * width, reach = half + 1.0f, feather = -2.0f - half;
  const std::size_t first = vertices_.size();
  push(a, color, feather, reach);
  push(b, color, feather, reach);
  push(c, color, feather, -reach);
  push(a, color, feather, reach);
  push(c, color, feather, -reach);
  push(d, color, feather, -reach);
  shapeAdded(first);
}

// The soft pixel outside the edge a-b of a solid shape, on the side of `outward` (a unit vector).
void OverlayRenderer::fringe(Vec2 a, Vec2 b, Vec2 outward, const Rgba& color) {
  if (!isFinite(a) || !isFinite(b) || !isFinite(outward)) return;
  constexpr float kFeather = -2.5f;  // half width 0.5: coverage 1 - distance
  const std::size_t first = vertices_.size();
  push(a, color, kFeather, 0.0f);
  push(b, color, kFeather, 0.0f);
  push(b + outward, color, kFeather, 1.0f);
  push(a, color, kFeather, 0.0f);
  push(b + outward, color, kFeather, 1.0f);
  push(a + outward, color, kFeather, 1.0f);
  shapeAdded(first);
}

void OverlayRenderer::triangle(Vec2 a, Vec2 b, Vec2 c, const Rgba& color) {
  if (!isFinite(a) || !isFinite(b) || !isFinite(c)) return;
  solidTriangle(a, b, c, color);
  // A soft pixel outside each edge, so slanted edges (arrow heads, markers) are not stair-stepped.
  const Vec2 corners[3] = {a, b, c};
  for (int k = 0; k < 3; ++k) {
    const Vec2 p = corners[k], q = corners[(k + 1) % 3], opposite = corners[(k + 2) % 3];
    const Vec2 along = q - p;
    const double length = norm(along);
    if (!(length > 1e-9)) continue;
    Vec2 outward = Vec2{-along.y, along.x} / length;
    if ((opposite.x - p.x) * outward.x + (opposite.y - p.y) * outward.y > 0.0) outward = -1.0 * outward;
    fringe(p, q, outward, color);
  }
}

void OverlayRenderer::quad(Vec2 a, Vec2 b, Vec2 c, Vec2 d, const Rgba& color) {
  solidTriangle(a, b, c, color);
  solidTriangle(a, c, d, color);
}

void OverlayRenderer::line(Vec2 from, Vec2 to, float width, const Rgba& color) {
  const Vec2 along = to - from;
  const double length = norm(along);
  if (!(length > 1e-9) || !std::isfinite(length)) return;
  const Vec2 side = Vec2{-along.y, along.x} * ((0.5 * width + 1.0) / length);
  featheredBand(from + side, to + side, to - side, from - side, width, color);
}

void OverlayRenderer::roundSquare(Vec2 center, float radius, float ringHalfWidth, const Rgba& color) {
  if (!isFinite(center) || !(radius > 0.0f) || !std::isfinite(radius)) return;
  // Coverage reaches a pixel beyond the disc's radius or the ring's band (see overlay.frag.glsl).
  const double reach = double(radius) + double(ringHalfWidth) + 1.5;
  const Vec2 corners[4] = {{-reach, -reach}, {reach, -reach}, {reach, reach}, {-reach, reach}};
  const std::size_t first = vertices_.size();
  for (const int k : {0, 1, 2, 0, 2, 3}) {
    const Vec2 p = center + corners[k];
    vertices_.push_back({static_cast<float>(p.x), static_cast<float>(p.y), static_cast<float>(corners[k].x),
                         static_cast<float>(corners[k].y), color[0], color[1], color[2], color[3], radius,
                         ringHalfWidth});
  }
  shapeAdded(first);
}

void OverlayRenderer::shapeAdded(std::size_t firstVertex) {
  if (layerText_.empty()) return;
  Box box{vertices_[firstVertex].x, vertices_[firstVertex].y, vertices_[firstVertex].x,
          vertices_[firstVertex].y};
  for (std::size_t k = firstVertex + 1; k < vertices_.size(); ++k) {
    box.left = std::min(box.left, vertices_[k].x);
    box.top = std::min(box.top, vertices_[k].y);
    box.right = std::max(box.right, vertices_[k].x);
    box.bottom = std::max(box.bottom, vertices_[k].y);
  }
  const auto overlaps = [&box](const Box& text) {
    return box.left < text.right && text.left < box.right && box.top < text.bottom && text.top < box.bottom;
  };
  if (std::none_of(layerText_.begin(), layerText_.end(), overlaps)) return;
  layerEnds_.push_back({firstVertex, textVertices_.size()});
  layerText_.clear();
}

void OverlayRenderer::disc(Vec2 center, float radius, const Rgba& color) {
  roundSquare(center, radius, 0.0f, color);
}

void OverlayRenderer::ring(Vec2 center, float radius, float width, const Rgba& color) {
  if (radius + 0.5 * width <= kLargestRoundSquare) {
    roundSquare(center, radius, 0.5f * width, color);
    return;
  }
  const double inner = radius - 0.5 * width - 1.0, outer = radius + 0.5 * width + 1.0;
  const int segments = circleSegments(outer);
  for (int i = 0; i < segments; ++i) {
    const double a0 = 2.0 * M_PI * i / segments, a1 = 2.0 * M_PI * (i + 1) / segments;
    const Vec2 d0{std::cos(a0), std::sin(a0)}, d1{std::cos(a1), std::sin(a1)};
    featheredBand(center + outer * d0, center + outer * d1, center + inner * d1, center + inner * d0, width,
                  color);
  }
}

void OverlayRenderer::rectOutline(Vec2 low, Vec2 high, float width, const Rgba& color) {
  const double h = 0.5 * width;
  line({low.x - h, low.y}, {high.x + h, low.y}, width, color);
  line({low.x - h, high.y}, {high.x + h, high.y}, width, color);
  line({low.x, low.y}, {low.x, high.y}, width, color);
  line({high.x, low.y}, {high.x, high.y}, width, color);
}

void OverlayRenderer::filledRect(Vec2 low, Vec2 high, const Rgba& color) {
  quad(low, {high.x, low.y}, high, {low.x, high.y}, color);
}

void OverlayRenderer::arrow(Vec2 from, Vec2 to, float width, const Rgba& color) {
  const Vec2 along = to - from;
  const double length = norm(along);
  if (!(length > 1.0) || !std::isfinite(length)) return;
  const Vec2 direction = along / length;
  const double headLength = std::min(length, 3.5 * width);
  const Vec2 headBase = to - direction * headLength;
  const Vec2 side{-direction.y, direction.x};
  line(from, headBase, width, color);
  triangle(to, headBase + side * (1.6 * width), headBase - side * (1.6 * width), color);
}

float OverlayRenderer::textWidth(std::string_view text) const {
  if (fontFile_.empty()) return 0.0f;
  float width = 0.0f;
  for (const char c : text) {
    const int index = static_cast<unsigned char>(c) - kFirstChar;
    if (index >= 0 && index < kCharCount) width += chars(bakedChars_)[index].xadvance;
  }
  return width;
}

void OverlayRenderer::text(Vec2 position, std::string_view text, const Rgba& color, TextAlign align) {
  if (fontFile_.empty() || !isFinite(position)) return;
  float x = static_cast<float>(position.x), y = static_cast<float>(position.y);
  if (align != TextAlign::Left) x -= textWidth(text) * (align == TextAlign::Center ? 0.5f : 1.0f);
  constexpr float kFarthest = 1e6f;  // pixels; text beyond is off every view (and its box fits an int)
  if (!(std::fabs(x) < kFarthest && std::fabs(y) < kFarthest)) return;
  x = std::round(x);  // whole pixels keep the baked glyphs crisp
  y = std::round(y);
  // The box of the glyphs' quads, as the flush will place them (see composeLines).
  float left = 0.0f, top = 0.0f, right = 0.0f, bottom = 0.0f;
  bool any = false;
  float penX = x, penY = y;
  for (const char c : text) {
    const int index = static_cast<unsigned char>(c) - kFirstChar;
    if (index < 0 || index >= kCharCount) continue;
    stbtt_aligned_quad q;
    stbtt_GetBakedQuad(chars(bakedChars_), kAtlasSize, kAtlasSize, index, &penX, &penY, &q, 1);
    if (q.x1 <= q.x0 || q.y1 <= q.y0) continue;  // a space
    left = any ? std::min(left, q.x0) : q.x0;
    top = any ? std::min(top, q.y0) : q.y0;
    right = any ? std::max(right, q.x1) : q.x1;
    bottom = any ? std::max(bottom, q.y1) : q.y1;
    any = true;
  }
  if (!any) return;
  PendingLine line{textVertices_.size(),
                   static_cast<int>(left),
                   static_cast<int>(top),
                   static_cast<int>(right - left),
                   static_cast<int>(bottom - top),
                   x,
                   y,
                   texts_.size(),
                   text.size()};
  lines_.push_back(line);
  texts_.insert(texts_.end(), text.begin(), text.end());
  texts_.push_back('\0');
  // Texel coordinates come at the flush; u = 0 marks the square as text until then.
  const float corners[4][2] = {{left, top}, {right, top}, {right, bottom}, {left, bottom}};
  for (const int k : {0, 1, 2, 0, 2, 3})
    textVertices_.push_back(
        {corners[k][0], corners[k][1], 0.0f, 0.0f, color[0], color[1], color[2], color[3]});
  layerText_.push_back({left, top, right, bottom});
}

void OverlayRenderer::discard() {
  vertices_.clear();
  textVertices_.clear();
  layerEnds_.clear();
  layerText_.clear();
  lines_.clear();
  texts_.clear();
}

GLuint OverlayRenderer::composeLines() {
  // Shelves of lines, left to right then down, in a strip as wide as the widest line or kStripWidth.
  constexpr int kStripWidth = 1024;
  int stripWidth = kStripWidth;
  for (const PendingLine& line : lines_) stripWidth = std::max(stripWidth, line.width);
  struct Place {
    int x, y;
  };
  std::vector<Place> places(lines_.size());
  int x = 0, y = 0, shelf = 0;
  for (std::size_t k = 0; k < lines_.size(); ++k) {
    const PendingLine& line = lines_[k];
    if (x + line.width > stripWidth) {
      x = 0;
      y += shelf;
      shelf = 0;
    }
    places[k] = {x, y};
    x += line.width;
    shelf = std::max(shelf, line.height);
  }
  // Lines past the largest texture the driver takes (thousands of lines in one flush) are not drawn.
  const int stripHeight = std::clamp(y + shelf, 1, maxTextureSize_);
  strip_.assign(static_cast<std::size_t>(stripWidth) * static_cast<std::size_t>(stripHeight), 0);
  const stbtt_bakedchar* baked = chars(bakedChars_);
  for (std::size_t k = 0; k < lines_.size(); ++k) {
    const PendingLine& line = lines_[k];
    const Place place = places[k];
    if (place.y + line.height > stripHeight) {
      for (std::size_t v = line.firstVertex; v < line.firstVertex + 6; ++v) textVertices_[v].a = 0.0f;
      continue;
    }
    float penX = line.x, penY = line.y;
    const std::string_view text(texts_.data() + line.textBegin, line.textLength);
    for (const char c : text) {
      const int index = static_cast<unsigned char>(c) - kFirstChar;
      if (index < 0 || index >= kCharCount) continue;
      stbtt_aligned_quad q;
      stbtt_GetBakedQuad(baked, kAtlasSize, kAtlasSize, index, &penX, &penY, &q, 1);
      if (q.x1 <= q.x0 || q.y1 <= q.y0) continue;  // a space: outside the line's box (see text())
      const stbtt_bakedchar& glyph = baked[index];
      const int toX = place.x + static_cast<int>(q.x0) - line.left;
      const int toY = place.y + static_cast<int>(q.y0) - line.top;
      for (int row = 0; row < glyph.y1 - glyph.y0; ++row) {
        const unsigned char* from =
            &atlas_[static_cast<std::size_t>((glyph.y0 + row) * kAtlasSize + glyph.x0)];
        unsigned char* to = &strip_[static_cast<std::size_t>((toY + row) * stripWidth + toX)];
        // Glyphs that overlap add up as the blending of two squares would: 1 - (1 - a)(1 - b).
        for (int column = 0; column < glyph.x1 - glyph.x0; ++column)
          to[column] =
              static_cast<unsigned char>(to[column] + from[column] - (to[column] * from[column] + 127) / 255);
      }
    }
    const float u0 = static_cast<float>(place.x) / static_cast<float>(stripWidth);
    const float v0 = static_cast<float>(place.y) / static_cast<float>(stripHeight);
    const float u1 = static_cast<float>(place.x + line.width) / static_cast<float>(stripWidth);
    const float v1 = static_cast<float>(place.y + line.height) / static_cast<float>(stripHeight);
    const float texels[4][2] = {{u0, v0}, {u1, v0}, {u1, v1}, {u0, v1}};
    std::size_t vertex = line.firstVertex;
    for (const int corner : {0, 1, 2, 0, 2, 3}) {
      textVertices_[vertex].u = texels[corner][0];
      textVertices_[vertex].v = texels[corner][1];
      ++vertex;
    }
  }
  const gl::Texture& texture = strips_[nextStrip_];
  nextStrip_ = (nextStrip_ + 1) % strips_.size();
  glBindTexture(GL_TEXTURE_2D, texture.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, stripWidth, stripHeight, 0, GL_RED, GL_UNSIGNED_BYTE, strip_.data());
  // One texel per pixel at whole-pixel positions.
  gl::setSampling(GL_NEAREST);
  return texture.id();
}

void OverlayRenderer::markFootprint(DamageGrid& grid, Vec2 origin) const {
  const auto ox = static_cast<float>(origin.x), oy = static_cast<float>(origin.y);
  for (const std::vector<OverlayVertex>* list : {&vertices_, &textVertices_})
    for (std::size_t k = 0; k + 2 < list->size(); k += 3) {
      const OverlayVertex &a = (*list)[k], &b = (*list)[k + 1], &c = (*list)[k + 2];
      grid.mark(std::min({a.x, b.x, c.x}) - ox - 1.0f, std::min({a.y, b.y, c.y}) - oy - 1.0f,
                std::max({a.x, b.x, c.x}) - ox + 1.0f, std::max({a.y, b.y, c.y}) - oy + 1.0f);
    }
}

void OverlayRenderer::flush(int framebufferWidth, int framebufferHeight, Vec2 origin) {
  if ((vertices_.empty() && textVertices_.empty()) || !valid()) {
    discard();
    return;
  }
  const GLuint textTexture = lines_.empty() ? 0 : composeLines();
  upload_.assign(vertices_.begin(), vertices_.end());
  upload_.insert(upload_.end(), textVertices_.begin(), textVertices_.end());
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  // A fresh store every flush (orphaning): rewriting one the GPU may still read would stall the pipeline.
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(upload_.size() * sizeof(OverlayVertex)),
               upload_.data(), GL_STREAM_DRAW);
  glViewport(0, 0, framebufferWidth, framebufferHeight);  // vertices are in framebuffer pixels
  for (const gl::Program* program : {&program_, &solidProgram_, &textProgram_}) {  // text last: uText below
    glUseProgram(program->id());
    glUniform2f(gl::uniform(*program, "uFramebufferSize"), static_cast<float>(framebufferWidth),
                static_cast<float>(framebufferHeight));
    glUniform2f(gl::uniform(*program, "uOrigin"), static_cast<float>(origin.x), static_cast<float>(origin.y));
  }
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, textTexture);
  glUniform1i(gl::uniform(textProgram_, "uText"), 0);
  glDisable(GL_DEPTH_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                      GL_ONE_MINUS_SRC_ALPHA);  // keep alpha 1 for exports
  glBindVertexArray(vertexArray_.id());
  layerEnds_.push_back({vertices_.size(), textVertices_.size()});
  LayerEnd start{0, 0};
  for (const LayerEnd& end : layerEnds_) {
    drawShapes(start.shapes, end.shapes);
    drawRange(textProgram_, vertices_.size() + start.texts, end.texts - start.texts);
    start = end;
  }
  glBindVertexArray(0);
  discard();
  GS_GL_CHECK("OverlayRenderer::flush");
}

void OverlayRenderer::drawShapes(std::size_t first, std::size_t end) const {
  // Large solid triangles (plates, the axis bands) by the solid program, everything else by the general
  // one, in runs kept in order: what is drawn over what stays as it was queued. Small solid triangles (an
  // arrow's head between its feathered edges) stay in the general run: a draw more costs llvmpipe more
  // than their few pixels save.
  constexpr float kLargeArea = 1024.0f;  // pixels
  const auto large = [this](std::size_t triangle) {
    const OverlayVertex &a = vertices_[triangle], &b = vertices_[triangle + 1], &c = vertices_[triangle + 2];
    return a.solid() && 0.5f * std::fabs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) >= kLargeArea;
  };
  std::size_t runStart = first;
  bool runLarge = first < end && large(first);
  for (std::size_t k = first; k < end; k += 3) {
    const bool here = large(k);
    if (here == runLarge) continue;
    drawRange(runLarge ? solidProgram_ : program_, runStart, k - runStart);
    runStart = k;
    runLarge = here;
  }
  if (runStart < end) drawRange(runLarge ? solidProgram_ : program_, runStart, end - runStart);
}

void OverlayRenderer::drawRange(const gl::Program& program, std::size_t first, std::size_t count) const {
  if (count == 0) return;
  glUseProgram(program.id());
  glDrawArrays(GL_TRIANGLES, static_cast<GLint>(first), static_cast<GLsizei>(count));
}

}  // namespace gs
