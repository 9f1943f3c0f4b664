#include "view/view2d.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

namespace {
Vec2 viewportCenter(const PixelRect& viewport) {
  return {viewport.x + 0.5 * viewport.width, viewport.y + 0.5 * viewport.height};
}
}  // namespace

Vec2 screenToSurface(const View2D& view, const PixelRect& viewport, Vec2 pixel) {
  const Vec2 offset = pixel - viewportCenter(viewport);
  return {view.centerX + offset.x * view.unitsPerPixel, view.centerY - offset.y * view.unitsPerPixel};
}

Vec2 surfaceToScreen(const View2D& view, const PixelRect& viewport, Vec2 point) {
  const Vec2 center = viewportCenter(viewport);
  return {center.x + (point.x - view.centerX) / view.unitsPerPixel,
          center.y - (point.y - view.centerY) / view.unitsPerPixel};
}

void panView(View2D& view, Vec2 dragPixels) {
  view.centerX -= dragPixels.x * view.unitsPerPixel;
  view.centerY += dragPixels.y * view.unitsPerPixel;
}

double minUnitsPerPixel(Vec2 center) {
  // A float has a 24-bit mantissa: about 6e-8 relative spacing. Keep a few ulps per pixel.
  return 4e-7 * std::max({1.0, std::fabs(center.x), std::fabs(center.y)});
}

void zoomViewAbout(View2D& view, const PixelRect& viewport, Vec2 pixel, double factor) {
  if (!(factor > 0.0) || !std::isfinite(factor)) return;
  const Vec2 anchor = screenToSurface(view, viewport, pixel);
  const double wanted = view.unitsPerPixel * factor;
  const double clamped = std::clamp(wanted, minUnitsPerPixel(anchor), 1e6);
  view.unitsPerPixel = clamped;
  // Put `anchor` back under `pixel`.
  const Vec2 offset = pixel - viewportCenter(viewport);
  view.centerX = anchor.x - offset.x * clamped;
  view.centerY = anchor.y + offset.y * clamped;
}

ViewLayout layoutViews(ViewMode mode, const PixelRect& plotArea) {
  ViewLayout layout;
  if (plotArea.empty()) return layout;
  switch (mode) {
    case ViewMode::Heatmap2D:
      layout.view2d = plotArea;
      break;
    case ViewMode::Surface3D:
      layout.view3d = plotArea;
      break;
    case ViewMode::SideBySide: {
      const int left = plotArea.width / 2;
      layout.view2d = PixelRect{plotArea.x, plotArea.y, left, plotArea.height};
      layout.view3d = PixelRect{plotArea.x + left, plotArea.y, plotArea.width - left, plotArea.height};
      break;
    }
  }
  return layout;
}

}  // namespace gs
