#include "view/picking.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace gs {

namespace {
// Samples along the part of the ray inside the surface's box before bisection: a feature narrower than
// 1/kMarchSteps of that length can be stepped over, far below a pixel at any size the view is drawn.
constexpr int kMarchSteps = 2048;
constexpr int kBisections = 60;
constexpr double kKeyPanPixels = 40.0;
}  // namespace

Ray cameraRay(const View3D& view, const PixelRect& viewport, Vec2 pixel) {
  const double width = std::max(viewport.width, 1), height = std::max(viewport.height, 1);
  const glm::dmat4 inverse =
      glm::inverse(glm::dmat4(cameraViewProjection(view, static_cast<float>(width / height))));
  const double ndcX = (pixel.x - viewport.x) / width * 2.0 - 1.0;
  const double ndcY = 1.0 - (pixel.y - viewport.y) / height * 2.0;
  const auto unproject = [&](double ndcZ) {
    const glm::dvec4 p = inverse * glm::dvec4(ndcX, ndcY, ndcZ, 1.0);
    return glm::dvec3(p) / p.w;
  };
  const glm::dvec3 near = unproject(-1.0), far = unproject(1.0);
  return {near, glm::normalize(far - near)};
}

std::optional<Vec2> pickSurface(const View3D& view, const PixelRect& viewport, Vec2 pixel,
                                const HeightField& field) {
  if (viewport.empty() || !field.normalizedHeight || !isFinite(pixel)) return std::nullopt;
  const Ray ray = cameraRay(view, viewport, pixel);
  const SurfaceFrame& frame = field.frame;
  const double worldPerUnit = kWorldHalfSize / frame.halfExtent;
  const double heightRange = double(kHeightRange) * field.heightScale;
  // The box the drawn surface fills: the domain, and heights 0..1 with a margin, so a surface lying on
  // the box's floor or ceiling is crossed inside it rather than where the ray leaves.
  const double halfHeight = 0.51 * std::abs(heightRange) + 1e-6;
  const glm::dvec3 low((field.domain.xMin - frame.centerX) * worldPerUnit,
                       (field.domain.yMin - frame.centerY) * worldPerUnit, -halfHeight);
  const glm::dvec3 high((field.domain.xMax - frame.centerX) * worldPerUnit,
                        (field.domain.yMax - frame.centerY) * worldPerUnit, halfHeight);
  double enter = 0.0, exit = 1e9;
  for (int axis = 0; axis < 3; ++axis) {
    const double o = ray.origin[axis], d = ray.direction[axis];
    if (std::abs(d) < 1e-15) {
      if (o < low[axis] || o > high[axis]) return std::nullopt;
      continue;
    }
    double a = (low[axis] - o) / d, b = (high[axis] - o) / d;
    if (a > b) std::swap(a, b);
    enter = std::max(enter, a);
    exit = std::min(exit, b);
  }
  if (!(enter < exit)) return std::nullopt;

  const auto surfacePoint = [&](double s) {
    const glm::dvec3 p = ray.origin + s * ray.direction;
    return Vec2{frame.centerX + p.x / worldPerUnit, frame.centerY + p.y / worldPerUnit};
  };
  // Above (> 0) or below the surface at distance s along the ray.
  const auto gap = [&](double s) {
    const double t = field.normalizedHeight(surfacePoint(s));
    const double z = (std::isfinite(t) ? t - 0.5 : 0.5) * heightRange;
    return (ray.origin.z + s * ray.direction.z) - z;
  };
  double previous = enter, previousGap = gap(enter);
  if (previousGap == 0.0) return surfacePoint(enter);
  for (int k = 1; k <= kMarchSteps; ++k) {
    const double s = enter + (exit - enter) * k / kMarchSteps;
    const double g = gap(s);
    if ((g > 0.0) != (previousGap > 0.0) || g == 0.0) {
      // The ray crossed the surface between previous and s (seen from above, or from below).
      double a = previous, b = s;
      const bool aboveAtA = previousGap > 0.0;
      for (int i = 0; i < kBisections; ++i) {
        const double middle = 0.5 * (a + b);
        ((gap(middle) > 0.0) == aboveAtA ? a : b) = middle;
      }
      return surfacePoint(0.5 * (a + b));
    }
    previous = s;
    previousGap = g;
  }
  return std::nullopt;
}

std::optional<Vec2> surfacePixel(const View3D& view, const PixelRect& viewport, const HeightField& field,
                                 Vec2 p) {
  if (viewport.empty() || !field.normalizedHeight || !isFinite(p)) return std::nullopt;
  const double t = field.normalizedHeight(p);
  const glm::vec3 world =
      toWorld(field.frame, p, static_cast<float>(std::isfinite(t) ? t : 1.0), field.heightScale);
  const float aspect = static_cast<float>(viewport.width) / static_cast<float>(viewport.height);
  return projectToScreen(cameraViewProjection(view, aspect), viewport, world);
}

void resetCamera(View3D& view) {
  const float heightScale = view.heightScale;
  view = View3D{};
  view.heightScale = heightScale;
}

bool applyCameraKeys(View3D& view, const CameraKeys& keys, int viewportHeight) {
  const View3D before = view;
  if (keys.reset) resetCamera(view);
  if (keys.zoomIn) zoomCamera(view, 1.0);
  if (keys.zoomOut) zoomCamera(view, -1.0);
  // Content follows the arrow, as it follows a drag.
  Vec2 pan{0.0, 0.0};
  if (keys.shift && keys.left) pan.x -= kKeyPanPixels;
  if (keys.shift && keys.right) pan.x += kKeyPanPixels;
  if (keys.up) pan.y -= kKeyPanPixels;
  if (keys.down) pan.y += kKeyPanPixels;
  if (pan.x != 0.0 || pan.y != 0.0) panCamera(view, pan, viewportHeight);
  return view.yaw != before.yaw || view.pitch != before.pitch || view.distance != before.distance ||
         view.targetX != before.targetX || view.targetY != before.targetY;
}

}  // namespace gs
