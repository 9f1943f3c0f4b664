#include "render/run_markers.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace gs {

std::optional<RunEndMark> runEndMark(const Run& run, const Domain& domain, const ScreenProjection& projection,
                                     double ballRadius) {
  if (!run.look().enabled || run.path().empty()) return std::nullopt;
  const double r = ballRadius;
  RunEndMark mark;
  const bool diverged = run.status() == RunStatus::Diverged;
  if (diverged) mark.label = "diverged at step " + std::to_string(run.statusStep());
  const Vec2 last = diverged ? run.path().back() : run.point();
  if (projection.is3D) {
    // The 3D view shows the domain: a path that left it ends at the edge, marked there.
    if (contains(domain, last)) {
      if (!diverged) return std::nullopt;
      const auto p = projection.at(last);
      if (!p) return std::nullopt;
      mark.cross = *p;
      mark.labelAt = *p + Vec2{r + 6.0, 0.0};
      return mark;
    }
    // Only a run that is off the surface now is searched for where it left (a scan of its history).
    const std::optional<Vec2> exit = domainExit(run.path(), domain);
    if (!exit) return std::nullopt;
    const auto p = projection.at(*exit);
    if (!p) return std::nullopt;
    // Which way it went: the exit toward the last point, on the screen.
    const Vec2 beyond = *exit + (last - *exit) * std::min(1.0, 0.05 * frameOf(domain).halfExtent /
                                                                   std::max(norm(last - *exit), 1e-300));
    const auto q = projection.at(beyond, projection.heightAt(*exit));
    Vec2 direction{1.0, 0.0};
    if (q && norm(*q - *p) > 1e-6) direction = (*q - *p) / norm(*q - *p);
    mark.arrow = EdgeMarker{*p, direction};
    if (diverged) mark.labelAt = *p + direction * (r + 8.0) + Vec2{4.0, 0.0};
    return mark;
  }
  const Vec2 pixel = surfaceToScreen(projection.view, projection.viewport, last);
  if (const auto marker = edgeMarker(projection.viewport, r + 6.0, pixel)) {
    mark.arrow = *marker;
    if (diverged) mark.labelAt = marker->at - marker->direction * (2.5 * r + 60.0);
    return mark;
  }
  if (!diverged) return std::nullopt;
  mark.cross = pixel;
  mark.labelAt = pixel + Vec2{r + 6.0, 0.0};
  return mark;
}

PlateBox plateBox(Vec2 at, double textWidth, double textPixels, const PixelRect& viewport) {
  PlateBox box;
  box.width = textWidth + 10.0;
  box.height = textPixels + 8.0;
  // The left or top edge wins where the view is smaller than the plate.
  box.left = std::max(viewport.x + 4.0, std::min(at.x, viewport.x + viewport.width - box.width - 4.0));
  box.top = std::max(viewport.y + 4.0,
                     std::min(at.y - 0.5 * box.height, viewport.y + viewport.height - box.height - 4.0));
  return box;
}

PixelRect boxAround(Vec2 centre, double reach) {
  return {int(std::floor(centre.x - reach)), int(std::floor(centre.y - reach)),
          int(std::ceil(2.0 * reach)) + 1, int(std::ceil(2.0 * reach)) + 1};
}

std::vector<PixelRect> runBoxes(const Runner& runner, const ScreenProjection& projection, double ballRadius,
                                const std::function<double(std::string_view)>& textWidth, double textPixels) {
  std::vector<PixelRect> boxes;
  const auto add = [&](double left, double top, double width, double height) {
    boxes.push_back(
        {int(std::floor(left)), int(std::floor(top)), int(std::ceil(width)) + 1, int(std::ceil(height)) + 1});
  };
  // A ball, a cross or an edge arrow, with its outline.
  const auto around = [&](Vec2 p) { boxes.push_back(boxAround(p, ballReach(ballRadius))); };
  const Domain& domain = runner.surface().domain;
  for (std::size_t i = 0; i < runner.size(); ++i) {
    const Run& run = runner.run(i);
    if (!run.look().enabled || run.path().empty()) continue;
    if (const std::optional<RunEndMark> mark = runEndMark(run, domain, projection, ballRadius)) {
      if (mark->cross) around(*mark->cross);
      if (mark->arrow) around(mark->arrow->at);
      if (mark->labelAt) {
        const PlateBox box =
            plateBox(*mark->labelAt, textWidth(mark->label), textPixels, projection.viewport);
        add(box.left, box.top, box.width, box.height);
      }
    } else if (const auto ball = projection.at(run.point())) {
      around(*ball);
    }
  }
  return boxes;
}

std::vector<PixelRect> landmarkBoxes(const Runner& runner, const ScreenProjection& projection,
                                     double ballRadius, bool minima) {
  std::vector<PixelRect> boxes;
  const double reach = ballRadius + 7.0;  // the global minimum's outlined star is ballRadius + 4.5 across
  const auto around = [&](Vec2 point) {
    if (const auto p = projection.at(point)) boxes.push_back(boxAround(*p, reach));
  };
  around(runner.start());
  if (minima) {
    for (const CriticalPoint& minimum : runner.surface().minima) around(minimum.point);
    for (const CriticalPoint& saddle : runner.surface().saddles) around(saddle.point);
  }
  return boxes;
}

}  // namespace gs
