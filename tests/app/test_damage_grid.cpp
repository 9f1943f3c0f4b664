// DamageGrid (render/damage_grid.hpp): the tiles a box reaches are marked, and its rectangles cover the
// marked tiles exactly, clipped to the grid, with nothing marked twice.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "render/damage_grid.hpp"

namespace gs {
namespace {

constexpr int kTile = DamageGrid::kTile;

// How many rectangles cover each pixel.
std::vector<int> coverage(const DamageGrid& grid) {
  std::vector<int> covered(static_cast<std::size_t>(grid.width() * grid.height()), 0);
  for (const PixelRect& r : grid.rects()) {
    EXPECT_GE(r.x, 0);
    EXPECT_GE(r.y, 0);
    EXPECT_LE(r.x + r.width, grid.width());
    EXPECT_LE(r.y + r.height, grid.height());
    EXPECT_FALSE(r.empty());
    for (int y = r.y; y < r.y + r.height; ++y)
      for (int x = r.x; x < r.x + r.width; ++x) ++covered[static_cast<std::size_t>(y * grid.width() + x)];
  }
  return covered;
}

TEST(DamageGrid, RectanglesCoverTheMarkedTilesOnceAndNothingElse) {
  DamageGrid grid;
  grid.reset(10 * kTile + 5, 7 * kTile + 3);  // partial tiles on the right and at the bottom
  grid.mark(3.0f, 3.0f, 40.0f, 20.0f);        // a box across tile edges
  grid.mark(150.0f, 100.0f, 400.0f, 400.0f);  // reaching past the corner
  grid.mark(-50.0f, 90.0f, 2.0f, 91.0f);      // starting left of the grid
  grid.mark(500.0f, 500.0f, 600.0f, 600.0f);  // wholly outside: nothing
  const std::vector<int> covered = coverage(grid);
  for (int y = 0; y < grid.height(); ++y)
    for (int x = 0; x < grid.width(); ++x) {
      const int c = covered[static_cast<std::size_t>(y * grid.width() + x)];
      EXPECT_EQ(c, grid.marked(x / kTile, y / kTile) ? 1 : 0) << x << ", " << y;
    }
  // Each box's own pixels are inside marked tiles.
  EXPECT_TRUE(grid.marked(0, 0));
  EXPECT_TRUE(grid.marked(40 / kTile, 20 / kTile));
  EXPECT_TRUE(grid.marked(150 / kTile, 100 / kTile));
  EXPECT_TRUE(grid.marked(10, 6));  // the partial corner tile
  EXPECT_TRUE(grid.marked(0, 90 / kTile));
  EXPECT_FALSE(grid.marked(5, 0));
  EXPECT_FALSE(grid.marked(0, 3));
}

TEST(DamageGrid, RowsWithTheSameRunShareOneRectangle) {
  DamageGrid grid;
  grid.reset(8 * kTile, 8 * kTile);
  grid.mark(2.0f * kTile, 1.0f * kTile, 4.0f * kTile - 1.0f, 6.0f * kTile - 1.0f);  // 2 x 5 tiles
  const std::vector<PixelRect> rects = grid.rects();
  ASSERT_EQ(rects.size(), 1u);
  EXPECT_EQ(rects[0].x, 2 * kTile);
  EXPECT_EQ(rects[0].y, kTile);
  EXPECT_EQ(rects[0].width, 2 * kTile);
  EXPECT_EQ(rects[0].height, 5 * kTile);
}

TEST(DamageGrid, ANonFiniteBoxMarksEverythingAndAGridOfAnotherSizeToo) {
  DamageGrid grid;
  grid.reset(64, 64);
  EXPECT_TRUE(grid.empty());
  grid.mark(NAN, 0.0f, 1.0f, 1.0f);
  for (int row = 0; row < 64 / kTile; ++row)
    for (int column = 0; column < 64 / kTile; ++column) EXPECT_TRUE(grid.marked(column, row));

  DamageGrid small, other;
  small.reset(64, 64);
  other.reset(32, 64);
  other.mark(0.0f, 0.0f, 1.0f, 1.0f);
  small.add(other);
  EXPECT_EQ(coverage(small), std::vector<int>(64 * 64, 1));
}

}  // namespace
}  // namespace gs
