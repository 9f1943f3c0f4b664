// A picture laid over part of a view at an opacity, with the colours behind it showing through: the
// Maps panel's basin map over the 2D view's heatmap, drawn by the scene under the paths, glyphs and notes
// (render/scene_renderer.hpp), so it is in the picture the 2D view keeps and in every export.
#pragma once
#include <cstdint>
#include <vector>

#include "core/math/vec2.hpp"
#include "core/surface/surface.hpp"
#include "gl/color_target.hpp"

namespace gs {

// A map's picture as the scene lays it over the 2D view (SceneStyle::basinMap).
struct MapLayer {
  GLuint texture = 0;  // 0: none
  Domain range;        // the part of the surface it covers
  float opacity = 1.0f;
  std::uint64_t version = 0;  // changes whenever its texels do
};

class ImageLayer {
 public:
  ImageLayer();  // needs a current GL context
  // Draws `texture` (its first row at the top) over the rectangle from `topLeft` to `bottomRight`, pixels
  // of a `width` x `height` area of the bound framebuffer (origin top-left), which is the viewport; the
  // scissor test, if on, clips it. Draws nothing for a corner that is not finite.
  void draw(GLuint texture, Vec2 topLeft, Vec2 bottomRight, float opacity, int width, int height) const;

 private:
  gl::CornerProgram quads_{"image.frag.glsl"};
  GLint opacityLocation_ = -1;
};

}  // namespace gs
