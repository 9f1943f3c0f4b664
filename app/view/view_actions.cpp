#include "view/view_actions.hpp"

#include <algorithm>
#include <cmath>

#include "view/camera3d.hpp"
#include "view/picking.hpp"
#include "view/ticks.hpp"

namespace gs {

const Hotspot* hitHotspot(const std::vector<Hotspot>& hotspots, Vec2 pixel) {
  for (auto it = hotspots.rbegin(); it != hotspots.rend(); ++it)
    if (it->rect.contains(pixel.x, pixel.y)) return &*it;
  return nullptr;
}

void applyHotspot(Model& model, const Hotspot& hotspot, const std::optional<PixelRect>& view2d) {
  switch (hotspot.action) {
    case HotspotAction::ToggleRun:
      if (hotspot.run < model.runner.size()) {
        bool& enabled = model.runner.run(hotspot.run).look().enabled;
        enabled = !enabled;
      }
      break;
    case HotspotAction::ZoomIn:
      zoomCamera(model.view3d, 1.0);
      break;
    case HotspotAction::ZoomOut:
      zoomCamera(model.view3d, -1.0);
      break;
    case HotspotAction::ResetCamera:
      resetCamera(model.view3d);
      break;
    case HotspotAction::FitView:
      fitView(model, view2d);
      break;
  }
}

Domain pathBounds(const Model& model) {
  const Domain& domain = model.runner.surface().domain;
  const SurfaceFrame frame = frameOf(domain);
  const double reach = 10.0 * frame.halfExtent;
  double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
  for (const Run& run : model.runner.runs()) {
    if (!run.look().enabled) continue;
    for (const Vec2& p : run.path()) {
      if (std::abs(p.x - frame.centerX) > reach || std::abs(p.y - frame.centerY) > reach) continue;
      xMin = std::min(xMin, p.x);
      xMax = std::max(xMax, p.x);
      yMin = std::min(yMin, p.y);
      yMax = std::max(yMax, p.y);
    }
  }
  // A path that barely moved (or none) frames the domain: zooming onto one point shows nothing.
  const double smallest = 1e-3 * frame.halfExtent;
  if (!(xMax - xMin > smallest || yMax - yMin > smallest)) return domain;
  // Keep the box from being a sliver: at least a tenth of the domain in each direction.
  const double least = 0.1 * frame.halfExtent;
  const auto widen = [least](double& low, double& high) {
    if (high - low >= least) return;
    const double middle = 0.5 * (low + high);
    low = middle - 0.5 * least;
    high = middle + 0.5 * least;
  };
  widen(xMin, xMax);
  widen(yMin, yMax);
  return {xMin, xMax, yMin, yMax};
}

void fitView(Model& model, const std::optional<PixelRect>& view2d) {
  if (view2d && !view2d->empty())
    model.view2d = frameDomain(pathBounds(model), view2d->width, view2d->height);
  resetCamera(model.view3d);
}

double niceArrowScale(double largest, const Domain& domain, double current) {
  const double target = std::min(domain.xMax - domain.xMin, domain.yMax - domain.yMin) / 6.0;
  if (!std::isfinite(largest) || !(largest > 0.0) || !(target > 0.0)) return current;
  const double ratio = target / largest;  // 0 or infinite where it under- or overflows
  if (!std::isfinite(ratio)) return kMaxArrowScale;
  return std::clamp(niceAtMost(ratio), kMinArrowScale, kMaxArrowScale);
}

double largestArrowQuantity(const Model& model) {
  const DisplayOptions& display = model.display;
  const Surface& surface = model.runner.surface();
  const bool anyKind =
      display.gradientArrows || display.momentumArrows || display.stepArrows || display.secondMomentRects;
  double largest = 0.0;
  const auto consider = [&largest](double size) {
    if (std::isfinite(size)) largest = std::max(largest, size);
  };
  for (const Run& run : model.runner.runs()) {
    if (!run.look().enabled || run.status() == RunStatus::Diverged || !isFinite(run.point())) continue;
    const Terms& terms = run.optimizer().terms();
    if (display.gradientArrows || !anyKind)
      consider(norm(surface.evaluator->valueGrad(run.point()).gradient));
    if (run.step() == 0 || terms.step == 0) continue;
    if (display.momentumArrows && terms.firstMoment) consider(norm(*terms.firstMoment));
    if (display.stepArrows && terms.learningRate > 0.0) consider(norm(terms.delta) / terms.learningRate);
    if (display.secondMomentRects && terms.secondMoment)
      consider(std::sqrt(std::max(std::abs(terms.secondMoment->x), std::abs(terms.secondMoment->y))));
  }
  if (largest == 0.0) consider(norm(surface.evaluator->valueGrad(model.runner.start()).gradient));
  return largest;
}

void fitArrowScale(Model& model) {
  model.display.arrowScale =
      niceArrowScale(largestArrowQuantity(model), model.runner.surface().domain, model.display.arrowScale);
}

}  // namespace gs
