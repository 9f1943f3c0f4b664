#include "render/curve_image.hpp"

#include <algorithm>
#include <cmath>
#include <experimental/simd>

#include "gl/imgui_layer.hpp"

namespace gs {

namespace {

namespace stdx = std::experimental;
using Pack = stdx::native_simd<float>;
constexpr int kPackSize = static_cast<int>(Pack::size());

float channel(ImU32 color, int shift) { return static_cast<float>((color >> shift) & 0xFFu) / 255.0f; }

std::uint8_t byte(float value) {
  return static_cast<std::uint8_t>(std::clamp(value, 0.0f, 1.0f) * 255.0f + 0.5f);
}

// Casts instead of std::floor and std::ceil, which are calls on the x86-64 baseline, made for every row of
// every segment (v in int's range: the segments are clipped near the canvas first).
int ceiling(float v) {
  const int truncated = static_cast<int>(v);
  return static_cast<float>(truncated) < v ? truncated + 1 : truncated;
}

// The first and the last pixel whose centre (i + 0.5) lies strictly between `low` and `high`, clamped to
// [0, count - 1]: the only pixels a coverage that is 0 at `low` and at `high` can reach.
int firstCentreAfter(float low) {
  const float v = low - 0.5f;
  return v < 0.0f ? 0 : static_cast<int>(v) + 1;  // truncation is floor at v >= 0
}
int lastCentreBefore(float high, int count) { return std::min(count - 1, ceiling(high - 0.5f) - 1); }

bool finite(ImVec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// Clips segment ab to the box [low, high] (Liang-Barsky); false when nothing of it is inside. Points far
// outside (a diverging run's 1e30) come back inside the box, where float arithmetic stays exact enough.
bool clip(ImVec2& a, ImVec2& b, ImVec2 low, ImVec2 high) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  float t0 = 0.0f, t1 = 1.0f;
  const auto edge = [&](float p, float q) {  // the part where p * t <= q
    if (p == 0.0f) return q >= 0.0f;
    const float t = q / p;
    if (p < 0.0f) {
      if (t > t1) return false;
      t0 = std::max(t0, t);
    } else {
      if (t < t0) return false;
      t1 = std::min(t1, t);
    }
    return true;
  };
  if (!edge(-dx, a.x - low.x) || !edge(dx, high.x - a.x) || !edge(-dy, a.y - low.y) ||
      !edge(dy, high.y - a.y))
    return false;
  const ImVec2 from = a;
  a = ImVec2(from.x + t0 * dx, from.y + t0 * dy);
  b = ImVec2(from.x + t1 * dx, from.y + t1 * dy);
  return true;
}

}  // namespace

void CurveCanvas::reset(int width, int height) {
  width_ = std::max(width, 0);
  height_ = std::max(height, 0);
  const auto pixels = static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_);
  premultiplied_.assign(pixels * 4, 0.0f);
  coverage_.assign(pixels + kPackSize, 0.0f);  // room for coverSegment's last pack
  spans_.assign(static_cast<std::size_t>(height_), Span{});
  spanRows_.clear();
  painted_.clear();
}

void CurveCanvas::stroke(std::span<const ImVec2> points, ImU32 color, float width) {
  if (width_ == 0 || height_ == 0 || points.empty()) return;
  const float halfWidth = 0.5f * std::max(width, 0.0f);
  for (std::size_t k = 0; k + 1 < points.size(); ++k)
    if (finite(points[k]) && finite(points[k + 1])) coverSegment(points[k], points[k + 1], halfWidth);
  const float red = channel(color, IM_COL32_R_SHIFT), green = channel(color, IM_COL32_G_SHIFT),
              blue = channel(color, IM_COL32_B_SHIFT), alpha = channel(color, IM_COL32_A_SHIFT);
  for (const int row : spanRows_) {
    Span& span = spans_[static_cast<std::size_t>(row)];
    for (int index = row * width_ + span.low; index <= row * width_ + span.high; ++index) {
      float& cover = coverage_[static_cast<std::size_t>(index)];
      if (cover == 0.0f) continue;
      const float a = alpha * cover;
      float* pixel = &premultiplied_[static_cast<std::size_t>(index) * 4];
      if (pixel[3] == 0.0f) painted_.push_back(index);
      pixel[0] = red * a + pixel[0] * (1.0f - a);
      pixel[1] = green * a + pixel[1] * (1.0f - a);
      pixel[2] = blue * a + pixel[2] * (1.0f - a);
      pixel[3] = a + pixel[3] * (1.0f - a);
      cover = 0.0f;
    }
    span = Span{};
  }
  spanRows_.clear();
}

void CurveCanvas::coverSegment(ImVec2 a, ImVec2 b, float halfWidth) {
  const float reach = halfWidth + 0.5f;  // coverage is 0 beyond this distance from the line
  if (!clip(a, b, ImVec2(-reach - 1.0f, -reach - 1.0f),
            ImVec2(static_cast<float>(width_) + reach + 1.0f, static_cast<float>(height_) + reach + 1.0f)))
    return;
  const float dx = b.x - a.x, dy = b.y - a.y, lengthSquared = dx * dx + dy * dy;
  const float inverseLengthSquared = lengthSquared > 0.0f ? 1.0f / lengthSquared : 0.0f;  // 0: a dot
  const float inverseDy = dy != 0.0f ? 1.0f / dy : 0.0f;
  // Only the pixels whose centre is nearer than `reach` (widened by float rounding's margin): about half
  // the packs of the columns from floor(x - reach) to ceil(x + reach) that were visited before.
  constexpr float kMargin = 1e-3f;
  const int rowLow = firstCentreAfter(std::min(a.y, b.y) - reach - kMargin);
  const int rowHigh = lastCentreBefore(std::max(a.y, b.y) + reach + kMargin, height_);
  for (int row = rowLow; row <= rowHigh; ++row) {
    const float y = static_cast<float>(row) + 0.5f;
    // The columns this row can reach: the part of the segment within `reach` of the row, widened.
    float xLow = std::min(a.x, b.x), xHigh = std::max(a.x, b.x);
    if (dy != 0.0f) {
      float t0 = std::clamp((y - reach - a.y) * inverseDy, 0.0f, 1.0f),
            t1 = std::clamp((y + reach - a.y) * inverseDy, 0.0f, 1.0f);
      if (t0 > t1) std::swap(t0, t1);
      xLow = std::min(a.x + t0 * dx, a.x + t1 * dx);
      xHigh = std::max(a.x + t0 * dx, a.x + t1 * dx);
    }
    const int columnLow = firstCentreAfter(xLow - reach - kMargin);
    const int columnHigh = lastCentreBefore(xHigh + reach + kMargin, width_);
    if (columnLow > columnHigh) continue;
    // The row's span of pixels this polyline may cover, composited by stroke().
    Span& span = spans_[static_cast<std::size_t>(row)];
    if (span.high < 0) spanRows_.push_back(row);
    span.low = std::min(span.low, columnLow);
    span.high = std::max(span.high, columnHigh);
    // A few columns at a time, without branches: a pixel beyond `reach`, or past the row's last column,
    // gets coverage 0, which max() leaves as it was (the coverage buffer has room for the last pack).
    float* held = &coverage_[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_)];
    for (int column = columnLow; column <= columnHigh; column += kPackSize) {
      const Pack columns([column](int lane) { return static_cast<float>(column + lane); });
      const Pack x = columns + 0.5f;
      const Pack t =
          stdx::clamp(((x - a.x) * dx + (y - a.y) * dy) * inverseLengthSquared, Pack(0.0f), Pack(1.0f));
      const Pack ex = x - (a.x + t * dx), ey = y - (a.y + t * dy);
      Pack cover = stdx::clamp(reach - stdx::sqrt(ex * ex + ey * ey), Pack(0.0f), Pack(1.0f));
      stdx::where(columns > static_cast<float>(columnHigh), cover) = 0.0f;
      Pack before(held + column, stdx::element_aligned);
      stdx::max(before, cover).copy_to(held + column, stdx::element_aligned);
    }
  }
}

CurveImage CurveCanvas::image() const {
  CurveImage image;
  image.width = width_;
  image.height = height_;
  image.rgba.assign(premultiplied_.size(), 0);  // transparent where nothing was painted
  for (const int index : painted_) {
    const std::size_t i = static_cast<std::size_t>(index) * 4;
    const float a = premultiplied_[i + 3];
    if (a <= 0.0f) continue;
    const float unpremultiply = 1.0f / a;
    image.rgba[i] = byte(premultiplied_[i] * unpremultiply);
    image.rgba[i + 1] = byte(premultiplied_[i + 1] * unpremultiply);
    image.rgba[i + 2] = byte(premultiplied_[i + 2] * unpremultiply);
    image.rgba[i + 3] = byte(a);
  }
  return image;
}

CurveTexture::~CurveTexture() {
  for (const gl::Texture& texture : textures_) {
    if (!texture) continue;
    forgetStableTexture(toImguiId(texture.id()));
    forgetLivePicture(toImguiId(texture.id()));
  }
}

ImTextureID CurveTexture::nextImguiId() {
  gl::Texture& texture = textures_[1 - current_];
  if (!texture) {
    texture = gl::makeTexture();
    registerStableTexture(toImguiId(texture.id()));
  }
  return toImguiId(texture.id());
}

void CurveTexture::show(const CurveImage& image) {
  nextImguiId();  // made if need be
  current_ = 1 - current_;
  glBindTexture(GL_TEXTURE_2D, textures_[current_].id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  // A picture of the texture's size replaces its texels in place: new storage every frame (a plot
  // redrawn while a slider is dragged) costs llvmpipe an allocation and fresh pages to fault in.
  int(&size)[2] = sizes_[current_];
  if (size[0] == image.width && size[1] == image.height) {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, image.width, image.height, GL_RGBA, GL_UNSIGNED_BYTE,
                    image.rgba.data());
  } else {
    // One texel per pixel, drawn at whole-pixel positions: nearest keeps the lines as they were stroked.
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 image.rgba.data());
    gl::setSampling(GL_NEAREST);
    size[0] = image.width;
    size[1] = image.height;
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  registerLivePicture(imguiId(), image.width, image.height);
  GS_GL_CHECK("CurveTexture::show");
}

}  // namespace gs
