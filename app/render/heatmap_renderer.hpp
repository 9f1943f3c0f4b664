// The 2D heatmap: a full-screen fragment shader evaluates f once per pixel, so it is exact at screen
// resolution at any zoom. The shader is generated from the surface's formula (Expression::toGlsl), so
// built-in and custom surfaces take one path. GPU floats limit deep zooms (see minUnitsPerPixel).
#pragma once
#include <string>
#include <string_view>

#include "gl/gl.hpp"
#include "model.hpp"
#include "render/surface_sampling.hpp"
#include "view/view2d.hpp"

namespace gs {

// The complete fragment shader for a GLSL expression in x and y (no GL needed).
std::string heatmapFragmentSource(std::string_view glslExpression, std::string_view prelude);

class HeatmapRenderer {
 public:
  HeatmapRenderer();
  // Compiles the shader for `formula`. On failure the heatmap shows the non-finite hatch and `error`
  // says why; it never throws.
  bool upload(std::string_view formula, std::string& error);
  void draw(const View2D& view, const PixelRect& viewport, int framebufferHeight,
            const DisplayOptions& display, const ValueRange& range, GLuint colormaps) const;

 private:
  gl::Program program_;
  gl::VertexArray emptyVertexArray_;
};

}  // namespace gs
