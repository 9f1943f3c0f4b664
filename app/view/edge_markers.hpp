// Where a path leaves what a view shows, without GL: the point where a path first leaves the domain (the 3D
// view ends its paths there) and the place on a view's edge that points at something outside it (the 2D
// view marks a run that left the view, and a diverged run's last finite point, there).
#pragma once
#include <optional>
#include <vector>

#include "core/math/vec2.hpp"
#include "core/surface/surface.hpp"
#include "view/view2d.hpp"

namespace gs {

// The first point where the path crosses the domain's boundary going out, or nullopt while it stays in.
std::optional<Vec2> domainExit(const std::vector<Vec2>& path, const Domain& domain);

struct EdgeMarker {
  Vec2 at;         // on the edge of the inset rectangle, pixels
  Vec2 direction;  // unit vector toward the target
};
// For a `target` pixel outside `viewport` shrunk by `inset` on every side: where the line from the
// viewport's centre to the target meets that rectangle. nullopt when the target is inside (or not finite).
std::optional<EdgeMarker> edgeMarker(const PixelRect& viewport, double inset, Vec2 target);

}  // namespace gs
