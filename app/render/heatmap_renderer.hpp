// The 2D heatmap: a full-screen fragment shader evaluates f once per pixel, so it is exact at screen
// resolution at any zoom. The shader is generated from the surface's parsed expression
// (Expression::toGlsl), so built-in and custom surfaces take one path. GPU floats limit deep zooms (see
// minUnitsPerPixel).
//
// Where the GPU cannot evaluate f faithfully (a constant outside float range after folding, a formula
// too long for the shader compiler, or one the driver refuses), the heatmap draws f evaluated on the
// CPU (the batch evaluator) into a texture instead: the picture may get coarser, never wrong. Its
// resolution is bounded so that one update costs about kCpuTextureBudget operations, whatever the
// formula's length, and no frame waits on a shader compiler for seconds.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/surface/surface.hpp"
#include "gl/gl.hpp"
#include "model.hpp"
#include "render/surface_sampling.hpp"
#include "view/view2d.hpp"

namespace gs {

// The complete fragment shader for a GLSL expression in x and y (no GL needed).
std::string heatmapFragmentSource(std::string_view glslExpression, std::string_view prelude);
// The fragment shader that reads f from the CPU-computed texture instead (no GL needed).
std::string heatmapTextureFragmentSource(std::string_view prelude);

// Operations (formula operations x points) one CPU texture update may cost: about 20 ms.
inline constexpr double kCpuTextureBudget = 2e7;

class HeatmapRenderer {
 public:
  HeatmapRenderer();
  // Compiles the shader for `surface` (from surface.expression; from surface.formula where that is
  // null). Falls back to the CPU texture where the GPU cannot evaluate f (see above); returns false, and
  // `error` says why, only where the formula does not parse: the heatmap then shows the non-finite hatch.
  // Never throws.
  bool upload(const Surface& surface, std::string& error);
  void draw(const View2D& view, const PixelRect& viewport, int framebufferHeight,
            const DisplayOptions& display, const ValueRange& range, GLuint colormaps);

  // Whether draw() replaces every pixel of its viewport (opaque, no discard): false only where the shader
  // did not build, and draw() draws nothing.
  bool fillsViewport() const { return static_cast<bool>(program_); }

  // Why f is drawn from a CPU texture ("" while the shader evaluates f per pixel).
  const std::string& cpuTextureReason() const { return cpuTextureReason_; }

 private:
  void updateCpuTexture(const View2D& view, const PixelRect& viewport);

  gl::Program program_;
  gl::VertexArray emptyVertexArray_;
  // The CPU texture path: f over the viewport, (value, non-finite flag) per texel.
  std::shared_ptr<const Evaluator> evaluator_;
  std::size_t operationsPerPoint_ = 1;
  std::string cpuTextureReason_;
  gl::Texture values_;
  struct TextureKey {
    double centerX = 0, centerY = 0, unitsPerPixel = 0;
    int x = 0, y = 0, width = 0, height = 0;
    bool operator==(const TextureKey&) const = default;
  };
  TextureKey valuesKey_;
  bool valuesValid_ = false;
};

}  // namespace gs
