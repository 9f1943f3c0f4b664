// 3D view math without GL: where the surface sits in the world, the orbit camera, and projection of
// world points to framebuffer pixels (for glyphs drawn in screen space).
#pragma once
#include <glm/glm.hpp>
#include <optional>

#include "model.hpp"
#include "view/view2d.hpp"

namespace gs {

// Maps the surface's domain to world x, y in [-kWorldHalfSize, kWorldHalfSize] (the longer side) and
// normalised height to z. The default camera (distance 3) then sees the whole surface from any side.
inline constexpr float kWorldHalfSize = 0.7f;
struct SurfaceFrame {
  double centerX = 0.0, centerY = 0.0, halfExtent = 1.0;
};
SurfaceFrame frameOf(const Domain& domain);
// World z span of normalised heights 0..1 at heightScale 1.
inline constexpr float kHeightRange = 0.8f;

// World position of surface point `p` whose normalised height (0 at the view's fmin, 1 at fmax) is `height`.
glm::vec3 toWorld(const SurfaceFrame& frame, Vec2 p, float height, float heightScale);
// The domain's box in world x and y (x min, y min, x max, y max), as toWorld places it.
glm::vec4 worldBox(const SurfaceFrame& frame, const Domain& domain);

glm::vec3 cameraEye(const View3D& view);
glm::mat4 cameraViewProjection(const View3D& view, float aspect);

void orbitCamera(View3D& view, Vec2 dragPixels);
void zoomCamera(View3D& view, double wheelSteps);  // positive steps move closer
void panCamera(View3D& view, Vec2 dragPixels, int viewportHeight);

// Framebuffer pixel (origin top-left) of a world point, or nullopt when it is behind the camera.
std::optional<Vec2> projectToScreen(const glm::mat4& viewProjection, const PixelRect& viewport,
                                    glm::vec3 world);

}  // namespace gs
