// Where a view's picture differs from the background it is drawn over (the 3D view's mesh with its depth),
// as tiles of kTile x kTile pixels: what the frame draws over the background marks the boxes it may touch.
// A view whose background held still since the last frame is then brought up to date by restoring the
// background only where the last frame or this one drew over it, not over the whole view (llvmpipe blits
// the mesh's colour and depth row by row on the thread that draws; see SceneRenderer::damage3D_).
#pragma once
#include <cstdint>
#include <vector>

#include "view/view2d.hpp"

namespace gs {

class DamageGrid {
 public:
  static constexpr int kTile = 16;

  // An empty grid over width x height pixels.
  void reset(int width, int height);
  int width() const { return width_; }
  int height() const { return height_; }
  bool empty() const;
  void markAll();
  // Marks the tiles the box [x0, x1] x [y0, y1] (pixels, origin top-left, either order) reaches; the part
  // outside the grid is dropped. A box with a non-finite corner marks everything (nothing is missed).
  void mark(float x0, float y0, float x1, float y1);
  void mark(const PixelRect& rect);
  // Adds the tiles of `other`, a grid of the same size (of another size: marks everything).
  void add(const DamageGrid& other);
  bool marked(int column, int row) const {
    return tiles_[static_cast<std::size_t>(row * columns_ + column)] != 0;
  }
  // The marked tiles as rectangles (pixels, origin top-left, clipped to the grid): runs of marked tiles
  // along a row, a run continued down the rows while the rows below hold the same run.
  std::vector<PixelRect> rects() const;

 private:
  int width_ = 0, height_ = 0, columns_ = 0, rows_ = 0;
  std::vector<std::uint8_t> tiles_;
};

}  // namespace gs
