#include "render/heatmap_renderer.hpp"

#include <variant>

#include "core/expr/expression.hpp"
#include "gl/shaders.hpp"
#include "render/colormap.hpp"

namespace gs {

namespace {
constexpr std::string_view kNotANumber = "uintBitsToFloat(0x7fc00000u)";
}

std::string heatmapFragmentSource(std::string_view glslExpression, std::string_view prelude) {
  std::string source = "#version 330 core\n";
  source += prelude;
  source += "\nfloat surfaceValue(float x, float y) {\n  return float(";
  source += glslExpression;
  source += ");\n}\n";
  source += shaderSource("heatmap.frag.glsl");
  return source;
}

HeatmapRenderer::HeatmapRenderer() : emptyVertexArray_(gl::makeVertexArray()) {}

bool HeatmapRenderer::upload(std::string_view formula, std::string& error) {
  auto parsed = Expression::parse(formula);
  std::string expression(kNotANumber);
  bool ok = true;
  if (const auto* failure = std::get_if<FormulaError>(&parsed)) {
    error = "heatmap: " + toString(*failure);
    ok = false;
  } else {
    expression = std::get<Expression>(parsed).toGlsl();
  }
  const std::string prelude = Expression::glslPrelude();
  std::string linkError;
  gl::Program program = gl::linkProgram(shaderSource("fullscreen.vert.glsl"),
                                        heatmapFragmentSource(expression, prelude), linkError);
  if (!program) {
    // A formula the GPU compiler refuses (too long, say): show the hatch rather than nothing.
    error = "heatmap shader: " + linkError;
    ok = false;
    program = gl::linkProgram(shaderSource("fullscreen.vert.glsl"),
                              heatmapFragmentSource(kNotANumber, prelude), linkError);
  }
  program_ = std::move(program);
  return ok;
}

void HeatmapRenderer::draw(const View2D& view, const PixelRect& viewport, int framebufferHeight,
                           const DisplayOptions& display, const ValueRange& range, GLuint colormaps) const {
  if (!program_ || viewport.empty()) return;
  const int glY = framebufferHeight - viewport.y - viewport.height;
  glViewport(viewport.x, glY, viewport.width, viewport.height);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_BLEND);
  glUseProgram(program_.id());
  glUniform2f(gl::uniform(program_, "uPixelCenter"), static_cast<float>(viewport.x + 0.5 * viewport.width),
              static_cast<float>(glY + 0.5 * viewport.height));
  glUniform2f(gl::uniform(program_, "uCenter"), gl::finiteFloat(view.centerX), gl::finiteFloat(view.centerY));
  glUniform1f(gl::uniform(program_, "uUnitsPerPixel"), gl::finiteFloat(view.unitsPerPixel));
  glUniform1f(gl::uniform(program_, "uValueMin"), gl::finiteFloat(range.min));
  glUniform1f(gl::uniform(program_, "uValueMax"), gl::finiteFloat(range.max));
  glUniform1i(gl::uniform(program_, "uLogScale"), display.logScale ? 1 : 0);
  glUniform1i(gl::uniform(program_, "uContours"), display.contours ? 1 : 0);
  glUniform1f(gl::uniform(program_, "uContourCount"), static_cast<float>(std::max(display.contourCount, 1)));
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, colormaps);
  glUniform1i(gl::uniform(program_, "uColormaps"), 0);
  glUniform1f(gl::uniform(program_, "uColormapRow"),
              (static_cast<float>(colormapRow(display.colormap)) + 0.5f) / kColormapCount);
  glBindVertexArray(emptyVertexArray_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  GS_GL_CHECK("HeatmapRenderer::draw");
}

}  // namespace gs
