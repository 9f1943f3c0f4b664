// Direct manipulation of the 3D view without GL: the ray under a pixel, the surface point it meets first
// (a ray cast against the height field, so hills hide what lies behind them), and the keyboard camera.
#pragma once
#include <functional>
#include <glm/glm.hpp>
#include <optional>

#include "core/math/vec2.hpp"
#include "model.hpp"
#include "view/camera3d.hpp"
#include "view/view2d.hpp"

namespace gs {

// The surface as the 3D view draws it: where the domain sits in the world, how tall it is drawn, and its
// normalised height t in [0, 1] (the renderer's ValueNormalizer applied to f) at a surface point.
struct HeightField {
  Domain domain;
  SurfaceFrame frame;
  float heightScale = 1.0f;
  std::function<double(Vec2)> normalizedHeight;
};

struct Ray {
  glm::dvec3 origin, direction;  // world units; direction has unit length
};
// The ray from the eye through the centre of framebuffer pixel `pixel` of `viewport`.
Ray cameraRay(const View3D& view, const PixelRect& viewport, Vec2 pixel);

// The surface point (in surface coordinates) drawn at `pixel`: the first place where the ray goes below
// the height field inside the domain, refined by bisection. nullopt when the ray misses the surface.
std::optional<Vec2> pickSurface(const View3D& view, const PixelRect& viewport, Vec2 pixel,
                                const HeightField& field);

// Framebuffer pixel where surface point `p` is drawn on the 3D view's surface, or nullopt behind the eye.
std::optional<Vec2> surfacePixel(const View3D& view, const PixelRect& viewport, const HeightField& field,
                                 Vec2 p);

// Keys the 3D view answers while it has the keyboard. Left/Right alone belong to playback (step back and
// forward); with Shift they pan, as Up/Down do.
struct CameraKeys {
  bool shift = false;
  bool left = false, right = false, up = false, down = false;
  bool zoomIn = false, zoomOut = false;  // + and -
  bool reset = false;                    // Home
};
// Applies one frame's key presses; returns whether the camera moved.
bool applyCameraKeys(View3D& view, const CameraKeys& keys, int viewportHeight);
// The default camera (orientation, distance and pan), keeping the height scale.
void resetCamera(View3D& view);

}  // namespace gs
