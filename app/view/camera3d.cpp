#include "view/camera3d.hpp"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

namespace gs {

namespace {
constexpr float kFieldOfView = 0.7853982f;  // 45 degrees
}  // namespace

SurfaceFrame frameOf(const Domain& domain) {
  const double half = 0.5 * std::max(domain.xMax - domain.xMin, domain.yMax - domain.yMin);
  return {0.5 * (domain.xMin + domain.xMax), 0.5 * (domain.yMin + domain.yMax), half > 0.0 ? half : 1.0};
}

glm::vec3 toWorld(const SurfaceFrame& frame, Vec2 p, float height, float heightScale) {
  return {static_cast<float>((p.x - frame.centerX) / frame.halfExtent * kWorldHalfSize),
          static_cast<float>((p.y - frame.centerY) / frame.halfExtent * kWorldHalfSize),
          (height - 0.5f) * kHeightRange * heightScale};
}

glm::vec4 worldBox(const SurfaceFrame& frame, const Domain& domain) {
  const glm::vec3 low = toWorld(frame, {domain.xMin, domain.yMin}, 0.0f, 1.0f);
  const glm::vec3 high = toWorld(frame, {domain.xMax, domain.yMax}, 0.0f, 1.0f);
  return {low.x, low.y, high.x, high.y};
}

glm::vec3 cameraEye(const View3D& view) {
  const glm::vec3 target(view.targetX, view.targetY, 0.0f);
  const glm::vec3 direction(std::cos(view.pitch) * std::cos(view.yaw),
                            std::cos(view.pitch) * std::sin(view.yaw), std::sin(view.pitch));
  return target + view.distance * direction;
}

glm::mat4 cameraViewProjection(const View3D& view, float aspect) {
  const glm::vec3 target(view.targetX, view.targetY, 0.0f);
  const glm::mat4 lookAt = glm::lookAt(cameraEye(view), target, glm::vec3(0, 0, 1));
  const float safeAspect = aspect > 0.0f ? aspect : 1.0f;
  // In a tall viewport keep the horizontal field of view at 45 degrees so the surface still fits.
  const float fieldOfView =
      safeAspect >= 1.0f ? kFieldOfView : 2.0f * std::atan(std::tan(0.5f * kFieldOfView) / safeAspect);
  const glm::mat4 projection = glm::perspective(fieldOfView, safeAspect, 0.05f, 100.0f);
  return projection * lookAt;
}

void orbitCamera(View3D& view, Vec2 dragPixels) {
  view.yaw -= static_cast<float>(dragPixels.x) * 0.008f;
  view.pitch = std::clamp(view.pitch + static_cast<float>(dragPixels.y) * 0.008f, -1.5f, 1.5f);
}

void zoomCamera(View3D& view, double wheelSteps) {
  view.distance = std::clamp(view.distance * static_cast<float>(std::pow(0.88, wheelSteps)), 0.3f, 30.0f);
}

void panCamera(View3D& view, Vec2 dragPixels, int viewportHeight) {
  // One pixel moves the target by the world size of a pixel at the target's distance.
  const float worldPerPixel =
      2.0f * view.distance * std::tan(0.5f * kFieldOfView) / static_cast<float>(std::max(viewportHeight, 1));
  const float right = static_cast<float>(-dragPixels.x) * worldPerPixel;
  const float forward = static_cast<float>(dragPixels.y) * worldPerPixel;
  // Right and forward directions projected onto the ground plane.
  const float cosYaw = std::cos(view.yaw), sinYaw = std::sin(view.yaw);
  view.targetX += right * -sinYaw + forward * -cosYaw;
  view.targetY += right * cosYaw + forward * -sinYaw;
  view.targetX = std::clamp(view.targetX, -5.0f, 5.0f);
  view.targetY = std::clamp(view.targetY, -5.0f, 5.0f);
}

std::optional<Vec2> projectToScreen(const glm::mat4& viewProjection, const PixelRect& viewport,
                                    glm::vec3 world) {
  const glm::vec4 clip = viewProjection * glm::vec4(world, 1.0f);
  if (!(clip.w > 1e-6f)) return std::nullopt;
  const double ndcX = clip.x / clip.w, ndcY = clip.y / clip.w;
  return Vec2{viewport.x + (ndcX * 0.5 + 0.5) * viewport.width,
              viewport.y + (0.5 - ndcY * 0.5) * viewport.height};
}

}  // namespace gs
