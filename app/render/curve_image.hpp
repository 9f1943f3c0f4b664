// The plots' curves drawn on the CPU into an image, shown through ImGui as one textured quad per plot.
//
// Why: on Mesa's llvmpipe (machines without a GPU) every small triangle costs about a microsecond of
// rasterising, whatever its size; 16 runs x 3 plots of anti-aliased ImGui polylines were about 8 000
// triangles, redrawn every frame while a slider is dragged or runs play. Stroking the same polylines here
// costs a fraction of that, and the GPU then draws two triangles per plot.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "gl/gl.hpp"

namespace gs {

// RGBA bytes with straight (not premultiplied) alpha, rows top to bottom: what ImGui's blending expects.
struct CurveImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;
};

// Polylines composited in order ("over"), each anti-aliased over one pixel: a pixel whose centre is d
// from the line gets coverage clamp(width / 2 + 0.5 - d, 0, 1), as the overlay's feathered lines do. A
// polyline covers each pixel once (the nearest of its segments), so its joints are not drawn darker.
class CurveCanvas {
 public:
  // Empties the canvas and sets its size in pixels; pixel (i, j) has its centre at (i + 0.5, j + 0.5).
  void reset(int width, int height);
  // Points in the canvas's pixel coordinates (y down); non-finite points break the line. `color` is
  // ImGui's packed colour (IM_COL32); `width` in pixels.
  void stroke(std::span<const ImVec2> points, ImU32 color, float width);
  CurveImage image() const;
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  void coverSegment(ImVec2 a, ImVec2 b, float halfWidth);
  int width_ = 0, height_ = 0;
  std::vector<float> premultiplied_;  // r, g, b, a per pixel
  std::vector<float> coverage_;       // the polyline being stroked
  // Per row, the columns the polyline being stroked may cover (empty: high < low), and the rows it reaches.
  struct Span {
    int low = std::numeric_limits<int>::max(), high = -1;
  };
  std::vector<Span> spans_;
  std::vector<int> spanRows_;
  std::vector<int> painted_;  // pixels any polyline has painted
};

// A plot's curves as a GL texture, in two textures taking turns: each new picture goes into the one not
// shown, so the id drawn changes exactly when the picture does. The panel cache (gl/imgui_layer.hpp)
// compares draw commands, texture ids included, to tell that a panel changed; and the id a new picture
// will have is known before it is stroked (nextImguiId), so the panel can be laid out while another
// thread strokes it. Both are live pictures (registerLivePicture): where nothing is drawn over a plot's
// picture, the cache keeps the panel without it and blends each new picture into the window.
class CurveTexture {
 public:
  CurveTexture() = default;
  ~CurveTexture();
  CurveTexture(const CurveTexture&) = delete;
  CurveTexture& operator=(const CurveTexture&) = delete;
  // The picture shown last; 0 before the first.
  ImTextureID imguiId() const { return toImguiId(textures_[current_].id()); }
  // The id the next show() puts its picture under. Needs a current GL context.
  ImTextureID nextImguiId();
  void show(const CurveImage& image);  // needs a current GL context

 private:
  static ImTextureID toImguiId(GLuint id) {
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(id));
  }
  gl::Texture textures_[2];
  int sizes_[2][2] = {};  // each texture's width and height (0 x 0: no storage yet)
  int current_ = 0;
};

}  // namespace gs
