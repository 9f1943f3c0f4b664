#include "render/damage_grid.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

void DamageGrid::reset(int width, int height) {
  width_ = std::max(width, 0);
  height_ = std::max(height, 0);
  columns_ = (width_ + kTile - 1) / kTile;
  rows_ = (height_ + kTile - 1) / kTile;
  tiles_.assign(static_cast<std::size_t>(columns_) * static_cast<std::size_t>(rows_), 0);
}

bool DamageGrid::empty() const {
  return std::none_of(tiles_.begin(), tiles_.end(), [](std::uint8_t t) { return t != 0; });
}

void DamageGrid::markAll() { std::fill(tiles_.begin(), tiles_.end(), std::uint8_t{1}); }

void DamageGrid::mark(float x0, float y0, float x1, float y1) {
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) {
    markAll();
    return;
  }
  if (x0 > x1) std::swap(x0, x1);
  if (y0 > y1) std::swap(y0, y1);
  if (x1 < 0.0f || y1 < 0.0f || x0 >= static_cast<float>(width_) || y0 >= static_cast<float>(height_)) return;
  const int c0 = std::max(0, static_cast<int>(x0) / kTile);
  const int r0 = std::max(0, static_cast<int>(y0) / kTile);
  const int c1 =
      std::min(columns_ - 1, static_cast<int>(std::min(x1, static_cast<float>(width_ - 1))) / kTile);
  const int r1 = std::min(rows_ - 1, static_cast<int>(std::min(y1, static_cast<float>(height_ - 1))) / kTile);
  for (int row = r0; row <= r1; ++row)
    std::fill_n(tiles_.begin() + static_cast<std::ptrdiff_t>(row * columns_ + c0), c1 - c0 + 1,
                std::uint8_t{1});
}

void DamageGrid::mark(const PixelRect& rect) {
  if (rect.empty()) return;
  mark(static_cast<float>(rect.x), static_cast<float>(rect.y), static_cast<float>(rect.x + rect.width - 1),
       static_cast<float>(rect.y + rect.height - 1));
}

void DamageGrid::add(const DamageGrid& other) {
  if (other.width_ != width_ || other.height_ != height_) {
    markAll();
    return;
  }
  for (std::size_t i = 0; i < tiles_.size(); ++i) tiles_[i] |= other.tiles_[i];
}

std::vector<PixelRect> DamageGrid::rects() const {
  struct Open {
    int c0, c1, r0;  // tiles [c0, c1) from row r0 on
  };
  std::vector<PixelRect> out;
  std::vector<Open> open, next;
  const auto close = [&](const Open& o, int rowEnd) {
    const int x = o.c0 * kTile, y = o.r0 * kTile;
    out.push_back({x, y, std::min(o.c1 * kTile, width_) - x, std::min(rowEnd * kTile, height_) - y});
  };
  for (int row = 0; row <= rows_; ++row) {
    next.clear();
    for (int c = 0; row < rows_ && c < columns_;) {
      if (!marked(c, row)) {
        ++c;
        continue;
      }
      const int c0 = c;
      while (c < columns_ && marked(c, row)) ++c;
      const auto same =
          std::find_if(open.begin(), open.end(), [&](const Open& o) { return o.c0 == c0 && o.c1 == c; });
      next.push_back({c0, c, same != open.end() ? same->r0 : row});
      if (same != open.end()) same->c1 = -1;  // continued
    }
    for (const Open& o : open)
      if (o.c1 >= 0) close(o, row);
    open.swap(next);
  }
  return out;
}

}  // namespace gs
