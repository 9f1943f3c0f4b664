// 2D view math without GL: the mapping between framebuffer pixels and surface coordinates, pan, zoom
// about the cursor, and how the plot area is split between the 2D and 3D views.
#pragma once
#include <optional>

#include "core/math/vec2.hpp"
#include "model.hpp"

namespace gs {

// A rectangle of framebuffer pixels, origin at the top-left, y down (as GLFW and ImGui report it).
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
  bool empty() const { return width <= 0 || height <= 0; }
  bool contains(double px, double py) const {
    return px >= x && py >= y && px < x + width && py < y + height;
  }
  bool operator==(const PixelRect&) const = default;
};

// Surface point under framebuffer pixel (px, py) of `viewport`, and back.
Vec2 screenToSurface(const View2D& view, const PixelRect& viewport, Vec2 pixel);
Vec2 surfaceToScreen(const View2D& view, const PixelRect& viewport, Vec2 point);

// Moves the view so content follows a drag of (dx, dy) pixels.
void panView(View2D& view, Vec2 dragPixels);
// Multiplies the units per pixel by `factor` (< 1 zooms in) keeping the surface point under `pixel` fixed.
// The zoom is clamped where GPU floats (24-bit mantissa) could no longer tell neighbouring pixels apart.
void zoomViewAbout(View2D& view, const PixelRect& viewport, Vec2 pixel, double factor);
// Smallest units-per-pixel the heatmap can resolve around `center` with float arithmetic.
double minUnitsPerPixel(Vec2 center);

// Where the 2D and 3D views go inside the plot area for a view mode.
struct ViewLayout {
  std::optional<PixelRect> view2d;
  std::optional<PixelRect> view3d;
};
ViewLayout layoutViews(ViewMode mode, const PixelRect& plotArea);

}  // namespace gs
