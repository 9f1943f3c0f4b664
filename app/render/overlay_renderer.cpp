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
// Segments of a circle of `radius` pixels: as few as keep the polygon within a quarter pixel of the
// circle (its feathered edge hides the rest), from 8 for the legend's small swatches to 24. llvmpipe sets
// up every triangle on the CPU, and a disc is three per segment (one solid, two for the feathered edge).
int circleSegments(double radius) {
  constexpr double kMostError = 0.25;  // pixels between a segment's middle and the circle
  if (!(radius > kMostError)) return 8;
  const double segments = std::ceil(M_PI / std::acos(1.0 - kMostError / radius));
  return static_cast<int>(std::clamp(segments, 8.0, 24.0));
}

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
  glBindVertexArray(0);
  std::ifstream file(std::string(GRADSCAPE_FONT_DIR) + "/DejaVuSans.ttf", std::ios::binary);
  fontFile_.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  if (fontFile_.empty())
    std::fprintf(stderr, "gradscape: DejaVuSans.ttf not found; axis labels are hidden\n");
  font_ = gl::makeTexture();
  bakeFont();
}

void OverlayRenderer::setTextPixels(float pixels) {
  if (std::fabs(pixels - textPixels_) < 0.25f) return;
  textPixels_ = pixels;
  bakeFont();
}

void OverlayRenderer::bakeFont() {
  std::vector<unsigned char> atlas(kAtlasSize * kAtlasSize, 0);
  bakedChars_.assign(sizeof(stbtt_bakedchar) * kCharCount, 0);
  if (!fontFile_.empty())
    stbtt_BakeFontBitmap(fontFile_.data(), 0, std::clamp(textPixels_, 6.0f, 64.0f), atlas.data(), kAtlasSize,
                         kAtlasSize, kFirstChar, kCharCount,
                         reinterpret_cast<stbtt_bakedchar*>(bakedChars_.data()));
  glBindTexture(GL_TEXTURE_2D, font_.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, kAtlasSize, kAtlasSize, 0, GL_RED, GL_UNSIGNED_BYTE, atlas.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void OverlayRenderer::push(Vec2 p, const Rgba& color, float feather, float across) {
  vertices_.push_back({static_cast<float>(p.x), static_cast<float>(p.y), feather, across, color[0], color[1],
                       color[2], color[3]});
}

void OverlayRenderer::solidTriangle(Vec2 a, Vec2 b, Vec2 c, const Rgba& color) {
  if (!isFinite(a) || !isFinite(b) || !isFinite(c)) return;  // never send a non-finite vertex
  push(a, color);
  push(b, color);
  push(c, color);
}

// A band of `width` pixels centred on a-b / d-c (a and d on one side), whose coverage falls to nothing
// over the pixel beyond each side (see overlay.frag.glsl): the quad reaches half a width plus a pixel.
void OverlayRenderer::featheredBand(Vec2 a, Vec2 b, Vec2 c, Vec2 d, float width, const Rgba& color) {
  if (!isFinite(a) || !isFinite(b) || !isFinite(c) || !isFinite(d)) return;
  const float half = 0.5f * width, reach = half + 1.0f, feather = -2.0f - half;
  push(a, color, feather, reach);
  push(b, color, feather, reach);
  push(c, color, feather, -reach);
  push(a, color, feather, reach);
  push(c, color, feather, -reach);
  push(d, color, feather, -reach);
}

// The soft pixel outside the edge a-b of a solid shape, on the side of `outward` (a unit vector).
void OverlayRenderer::fringe(Vec2 a, Vec2 b, Vec2 outward, const Rgba& color) {
  if (!isFinite(a) || !isFinite(b) || !isFinite(outward)) return;
  constexpr float kFeather = -2.5f;  // half width 0.5: coverage 1 - distance
  push(a, color, kFeather, 0.0f);
  push(b, color, kFeather, 0.0f);
  push(b + outward, color, kFeather, 1.0f);
  push(a, color, kFeather, 0.0f);
  push(b + outward, color, kFeather, 1.0f);
  push(a + outward, color, kFeather, 1.0f);
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

void OverlayRenderer::disc(Vec2 center, float radius, const Rgba& color) {
  const int segments = circleSegments(radius);
  for (int i = 0; i < segments; ++i) {
    const double a0 = 2.0 * M_PI * i / segments, a1 = 2.0 * M_PI * (i + 1) / segments;
    const Vec2 d0{std::cos(a0), std::sin(a0)}, d1{std::cos(a1), std::sin(a1)};
    solidTriangle(center, center + radius * d0, center + radius * d1, color);
    fringe(center + radius * d0, center + radius * d1, 0.5 * (d0 + d1), color);
  }
}

void OverlayRenderer::ring(Vec2 center, float radius, float width, const Rgba& color) {
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
  x = std::round(x);  // whole pixels keep the baked glyphs crisp
  y = std::round(y);
  for (const char c : text) {
    const int index = static_cast<unsigned char>(c) - kFirstChar;
    if (index < 0 || index >= kCharCount) continue;
    stbtt_aligned_quad q;
    stbtt_GetBakedQuad(chars(bakedChars_), kAtlasSize, kAtlasSize, index, &x, &y, &q, 1);
    const OverlayVertex corners[4] = {{q.x0, q.y0, q.s0, q.t0, color[0], color[1], color[2], color[3]},
                                      {q.x1, q.y0, q.s1, q.t0, color[0], color[1], color[2], color[3]},
                                      {q.x1, q.y1, q.s1, q.t1, color[0], color[1], color[2], color[3]},
                                      {q.x0, q.y1, q.s0, q.t1, color[0], color[1], color[2], color[3]}};
    for (const int k : {0, 1, 2, 0, 2, 3}) vertices_.push_back(corners[k]);
  }
}

void OverlayRenderer::flush(int framebufferWidth, int framebufferHeight, Vec2 origin) {
  if (vertices_.empty() || !program_) {
    vertices_.clear();
    return;
  }
  glBindBuffer(GL_ARRAY_BUFFER, buffer_.id());
  // A fresh store every flush (orphaning): rewriting one the GPU may still read would stall the pipeline.
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices_.size() * sizeof(OverlayVertex)),
               vertices_.data(), GL_STREAM_DRAW);
  glViewport(0, 0, framebufferWidth, framebufferHeight);  // vertices are in framebuffer pixels
  glUseProgram(program_.id());
  glUniform2f(gl::uniform(program_, "uFramebufferSize"), static_cast<float>(framebufferWidth),
              static_cast<float>(framebufferHeight));
  glUniform2f(gl::uniform(program_, "uOrigin"), static_cast<float>(origin.x), static_cast<float>(origin.y));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, font_.id());
  glUniform1i(gl::uniform(program_, "uFont"), 0);
  glDisable(GL_DEPTH_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                      GL_ONE_MINUS_SRC_ALPHA);  // keep alpha 1 for exports
  glBindVertexArray(vertexArray_.id());
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices_.size()));
  glBindVertexArray(0);
  vertices_.clear();
  GS_GL_CHECK("OverlayRenderer::flush");
}

}  // namespace gs
