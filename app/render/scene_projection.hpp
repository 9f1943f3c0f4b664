// Maps surface points to framebuffer pixels in the 2D or the 3D view, so glyph code is written once.
#pragma once
#include <optional>

#include "render/surface_sampling.hpp"
#include "view/camera3d.hpp"
#include "view/view2d.hpp"

namespace gs {

struct ScreenProjection {
  bool is3D = false;
  PixelRect viewport;
  View2D view;                     // 2D
  glm::mat4 viewProjection{1.0f};  // 3D
  SurfaceFrame frame;
  float heightScale = 1.0f;
  const ValueNormalizer* normalizer = nullptr;
  const Evaluator* evaluator = nullptr;

  // Normalised height of the surface at p (3D), 0 in 2D.
  double heightAt(Vec2 p) const { return is3D ? normalizer->normalize(evaluator->value(p)) : 0.0; }
  // Pixel of p drawn at normalised height `height` (3D glyphs sit a little above the surface).
  std::optional<Vec2> at(Vec2 p, double height) const {
    if (!isFinite(p)) return std::nullopt;
    if (!is3D) return surfaceToScreen(view, viewport, p);
    glm::vec3 world = toWorld(frame, p, static_cast<float>(height), heightScale);
    world.z += 0.01f;
    return projectToScreen(viewProjection, viewport, world);
  }
  std::optional<Vec2> at(Vec2 p) const { return at(p, heightAt(p)); }
};

}  // namespace gs
