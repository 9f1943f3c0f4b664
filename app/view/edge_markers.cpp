#include "view/edge_markers.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

std::optional<Vec2> domainExit(const std::vector<Vec2>& path, const Domain& domain) {
  for (std::size_t k = 1; k < path.size(); ++k) {
    const Vec2 a = path[k - 1], b = path[k];
    if (!contains(domain, a) || contains(domain, b)) continue;
    // The largest fraction of a -> b still inside, from the sides b lies beyond.
    double fraction = 1.0;
    const Vec2 d = b - a;
    if (b.x > domain.xMax) fraction = std::min(fraction, (domain.xMax - a.x) / d.x);
    if (b.x < domain.xMin) fraction = std::min(fraction, (domain.xMin - a.x) / d.x);
    if (b.y > domain.yMax) fraction = std::min(fraction, (domain.yMax - a.y) / d.y);
    if (b.y < domain.yMin) fraction = std::min(fraction, (domain.yMin - a.y) / d.y);
    const Vec2 exit = a + d * std::clamp(fraction, 0.0, 1.0);
    if (isFinite(exit)) return exit;
  }
  return std::nullopt;
}

std::optional<EdgeMarker> edgeMarker(const PixelRect& viewport, double inset, Vec2 target) {
  if (!isFinite(target)) return std::nullopt;
  const double halfWidth = std::max(0.5 * viewport.width - inset, 1.0);
  const double halfHeight = std::max(0.5 * viewport.height - inset, 1.0);
  const Vec2 center{viewport.x + 0.5 * viewport.width, viewport.y + 0.5 * viewport.height};
  const Vec2 offset = target - center;
  const double reach = std::max(std::abs(offset.x) / halfWidth, std::abs(offset.y) / halfHeight);
  if (!(reach > 1.0) || !std::isfinite(reach)) return std::nullopt;
  const double length = norm(offset);
  if (!(length > 0.0) || !std::isfinite(length)) return std::nullopt;
  return EdgeMarker{center + offset / reach, offset / length};
}

}  // namespace gs
