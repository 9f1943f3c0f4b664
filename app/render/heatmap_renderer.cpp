#include "render/heatmap_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>
#include <vector>

#include "core/expr/expression.hpp"
#include "gl/shaders.hpp"
#include "render/colormap.hpp"

namespace gs {

namespace {
constexpr std::string_view kNotANumber = "uintBitsToFloat(0x7fc00000u)";

// surfaceValue() of the CPU texture path: the texel under this fragment, (value, 1 where not finite).
constexpr std::string_view kTextureSurfaceValue = R"GLSL(
uniform sampler2D uValues;
uniform vec2 uValuesOrigin;  // the viewport's lower-left framebuffer pixel, where the texture starts
uniform vec2 uValuesSize;    // the viewport's size in pixels, which the texture covers
float surfaceValue(float x, float y) {
  vec2 texel = texture(uValues, (gl_FragCoord.xy - uValuesOrigin) / uValuesSize).rg;
  return texel.g > 0.5 ? uintBitsToFloat(0x7fc00000u) : texel.r;
}
)GLSL";

std::shared_ptr<const Expression> expressionOf(const Surface& surface, std::string& error) {
  if (surface.expression) return surface.expression;
  auto parsed = Expression::parse(surface.formula);
  if (const auto* failure = std::get_if<FormulaError>(&parsed)) {
    error = "heatmap: " + toString(*failure);
    return nullptr;
  }
  return std::make_shared<const Expression>(std::get<Expression>(std::move(parsed)));
}

}  // namespace

std::string heatmapFragmentSource(std::string_view glslExpression, std::string_view prelude) {
  std::string source = "#version 330 core\n";
  source += prelude;
  source += "\nfloat surfaceValue(float x, float y) {\n  return float(";
  source += glslExpression;
  source += ");\n}\n";
  source += shaderSource("heatmap.frag.glsl");
  return source;
}

std::string heatmapTextureFragmentSource(std::string_view prelude) {
  std::string source = "#version 330 core\n";
  source += prelude;
  source += kTextureSurfaceValue;
  source += shaderSource("heatmap.frag.glsl");
  return source;
}

HeatmapRenderer::HeatmapRenderer() : emptyVertexArray_(gl::makeVertexArray()) {}

bool HeatmapRenderer::upload(const Surface& surface, std::string& error) {
  evaluator_ = surface.evaluator;
  cpuTextureReason_.clear();
  valuesValid_ = false;
  const std::string prelude = Expression::glslPrelude();
  const std::string vertex(shaderSource("fullscreen.vert.glsl"));
  std::string linkError;
  const std::shared_ptr<const Expression> expression = expressionOf(surface, error);
  if (!expression || !evaluator_) {
    program_ = gl::linkProgram(vertex, heatmapFragmentSource(kNotANumber, prelude), linkError);
    return false;
  }
  operationsPerPoint_ = std::max<std::size_t>(expression->size(), 1);
  std::string problem;
  if (const std::optional<std::string> glsl = expression->toGlsl(&problem)) {
    program_ = gl::linkProgram(vertex, heatmapFragmentSource(*glsl, prelude), linkError);
    if (program_) return true;
    problem = "the GPU's shader compiler refused it (" + linkError.substr(0, 200) + ")";
  }
  cpuTextureReason_ = "f is drawn from the CPU: " + problem;
  program_ = gl::linkProgram(vertex, heatmapTextureFragmentSource(prelude), linkError);
  if (!values_) values_ = gl::makeTexture();
  return true;
}

void HeatmapRenderer::updateCpuTexture(const View2D& view, const PixelRect& viewport) {
  const TextureKey key{view.centerX, view.centerY,   view.unitsPerPixel, viewport.x,
                       viewport.y,   viewport.width, viewport.height};
  if (valuesValid_ && key == valuesKey_) return;
  // Texels per side scaled down together until one update fits the budget: a long formula gets a
  // coarser picture rather than a frame that takes seconds.
  const double pixels = static_cast<double>(viewport.width) * viewport.height;
  const double scale =
      std::min(1.0, std::sqrt(kCpuTextureBudget / (pixels * static_cast<double>(operationsPerPoint_))));
  const int width = std::max(1, static_cast<int>(std::lround(viewport.width * scale)));
  const int height = std::max(1, static_cast<int>(std::lround(viewport.height * scale)));
  std::vector<Vec2> points;
  points.reserve(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  for (int row = 0; row < height; ++row) {  // row 0 at the bottom, as GL's textures
    const double py = viewport.y + viewport.height - (row + 0.5) * viewport.height / height;
    for (int column = 0; column < width; ++column) {
      const double px = viewport.x + (column + 0.5) * viewport.width / width;
      points.push_back(screenToSurface(view, viewport, {px, py}));
    }
  }
  std::vector<double> values(points.size());
  evaluator_->valueBatch(points, values);
  // Non-finite numbers never reach the GPU: a flag in the second channel says where f is not finite.
  std::vector<float> texels(2 * values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const bool finite = std::isfinite(values[i]);
    texels[2 * i] = finite ? gl::finiteFloat(values[i]) : 0.0f;
    texels[2 * i + 1] = finite ? 0.0f : 1.0f;
  }
  glBindTexture(GL_TEXTURE_2D, values_.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RG32F, width, height, 0, GL_RG, GL_FLOAT, texels.data());
  // Bilinear: a texture coarser than the pixels (a long formula) still reads as a smooth picture.
  gl::setSampling(GL_LINEAR);
  valuesKey_ = key;
  valuesValid_ = true;
}

void HeatmapRenderer::draw(const View2D& view, const PixelRect& viewport, int framebufferHeight,
                           const DisplayOptions& display, const ValueRange& range, GLuint colormaps) {
  if (!program_ || viewport.empty()) return;
  const int glY = framebufferHeight - viewport.y - viewport.height;
  const bool cpuTexture = !cpuTextureReason_.empty();
  if (cpuTexture) updateCpuTexture(view, viewport);
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
  glUniform1i(gl::uniform(program_, "uLightTheme"), display.theme == Theme::Light ? 1 : 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, colormaps);
  glUniform1i(gl::uniform(program_, "uColormaps"), 0);
  glUniform1f(gl::uniform(program_, "uColormapRow"),
              (static_cast<float>(colormapRow(display.colormap)) + 0.5f) / kColormapCount);
  if (cpuTexture) {
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, values_.id());
    glUniform1i(gl::uniform(program_, "uValues"), 1);
    glUniform2f(gl::uniform(program_, "uValuesOrigin"), static_cast<float>(viewport.x),
                static_cast<float>(glY));
    glUniform2f(gl::uniform(program_, "uValuesSize"), static_cast<float>(viewport.width),
                static_cast<float>(viewport.height));
    glActiveTexture(GL_TEXTURE0);
  }
  glBindVertexArray(emptyVertexArray_.id());
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  GS_GL_CHECK("HeatmapRenderer::draw");
}

}  // namespace gs
