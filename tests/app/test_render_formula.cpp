// The heatmap against f (#6): the shader built from a formula gives f within float rounding (relative
// 1e-5 wherever f is within float range), also where the formula's constants leave float range; where
// the GPU cannot evaluate f (a constant left outside float range, a formula too long for its compiler)
// the heatmap draws f from the CPU instead, and the picture still follows f.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/expr/expression.hpp"
#include "gl/gl.hpp"
#include "gl/shaders.hpp"
#include "render/colormap.hpp"
#include "render/heatmap_renderer.hpp"
#include "test_render_fixture.hpp"

namespace gs::testing {
namespace {

constexpr int kGrid = 64;  // points per side of the value test

// A float framebuffer the value shader writes f into, one texel per point.
class ValueTarget {
 public:
  ValueTarget() : texture_(gl::makeTexture()), framebuffer_(gl::makeFramebuffer()) {
    glBindTexture(GL_TEXTURE_2D, texture_.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, kGrid, kGrid, 0, GL_RGBA, GL_FLOAT, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_.id());
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_.id(), 0);
  }
  bool complete() const {
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_.id());
    return glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  }
  // f at the grid's points, as the shader computes it from the formula's GLSL.
  std::vector<float> evaluate(const std::string& glsl, std::string& error) {
    // The heatmap's own prelude and surfaceValue(), with a main() that writes f instead of a colour;
    // the point of each texel is computed in float here and the same float goes to the CPU.
    std::string source = "#version 330 core\n" + Expression::glslPrelude() +
                         "\nfloat surfaceValue(float x, float y) {\n  return float(" + glsl + ");\n}\n";
    source +=
        "uniform vec2 uLow;\nuniform vec2 uStep;\nout vec4 fragColor;\n"
        "void main() {\n  vec2 p = uLow + (floor(gl_FragCoord.xy) + 0.5) * uStep;\n"
        "  fragColor = vec4(surfaceValue(p.x, p.y), 0.0, 0.0, 1.0);\n}\n";
    const gl::Program program = gl::linkProgram(shaderSource("fullscreen.vert.glsl"), source, error);
    if (!program) return {};
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_.id());
    glViewport(0, 0, kGrid, kGrid);
    glDisable(GL_BLEND);
    glDisable(GL_DEPTH_TEST);
    glUseProgram(program.id());
    glUniform2f(gl::uniform(program, "uLow"), kLow, kLow);
    glUniform2f(gl::uniform(program, "uStep"), kStep, kStep);
    glBindVertexArray(vertexArray_.id());
    glDrawArrays(GL_TRIANGLES, 0, 3);
    std::vector<float> rgba(4 * kGrid * kGrid);
    glReadPixels(0, 0, kGrid, kGrid, GL_RGBA, GL_FLOAT, rgba.data());
    std::vector<float> values(kGrid * kGrid);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = rgba[4 * i];
    return values;
  }
  // The float point of texel (column, row), exactly as the shader computes it.
  static Vec2 point(int column, int row) {
    const float x = kLow + (static_cast<float>(column) + 0.5f) * kStep;
    const float y = kLow + (static_cast<float>(row) + 0.5f) * kStep;
    return {x, y};
  }

  static constexpr float kLow = -2.0f;
  static constexpr float kStep = 4.0f / kGrid;

 private:
  gl::Texture texture_;
  gl::Framebuffer framebuffer_;
  gl::VertexArray vertexArray_ = gl::makeVertexArray();
};

bool withinFloatRange(double f) {
  const double magnitude = std::fabs(f);
  return std::isfinite(f) && magnitude <= std::numeric_limits<float>::max() &&
         (magnitude == 0.0 || magnitude >= std::numeric_limits<float>::min());
}

// Formulas the GPU evaluates itself: the two of #6 whose constants leave float range, and a spread of
// functions, without cancellation (where float rounding of x and y alone would exceed 1e-5 relative).
const std::vector<std::string>& shaderCorpus() {
  static const std::vector<std::string> corpus = [] {
    std::vector<std::string> formulas{
        "(x^2+y^2)*1e40/1e40",
        "(x^2+y^2)*1e-46*1e46",
        "1e30*(x^2 + 1)/(1e30*(y^2 + 1))",
        "x^2*1e-30*(y^2 + 1)*1e30 + 1e-45*1e45",
        "x/(y/3)",
        "exp(x/2)*(y^2 + 1)",
        "sqrt(x^2 + y^2 + 1) + abs(x)",
        "max(x^2, 1 + y^2) + min(x, y)^2",
        "2^x + 3^y + (x^2 + 1)^0.5",
        "log(x^2 + y^2 + 2) + tanh(x) + 2",
        "atan(x) + 3 + cosh(x/2) + sinh(y/3)",
        "-(x^2 + 1)*-(y^2 + 2)/-4",
        "max(5, log(x)) + y^2",
        "min(log(x), 5) + 10",
        "max(sqrt(y + 2.5), 1) * min(2, sqrt(x + 1))",
    };
    std::string longSum = "1";
    for (int i = 0; i < 100; ++i) longSum += i % 2 == 0 ? "+x*x" : "+y*y";  // 401 operations, balanced
    formulas.push_back(longSum);
    return formulas;
  }();
  return corpus;
}

TEST_F(RenderTest, ShaderValuesMatchFWithinFloatRounding) {
  ValueTarget target;
  ASSERT_TRUE(target.complete()) << "no float framebuffer";
  for (const std::string& formula : shaderCorpus()) {
    const auto parsed = Expression::parse(formula);
    ASSERT_TRUE(std::holds_alternative<Expression>(parsed)) << formula;
    const Expression& expression = std::get<Expression>(parsed);
    std::string problem;
    const std::optional<std::string> glsl = expression.toGlsl(&problem);
    ASSERT_TRUE(glsl) << formula << ": " << problem;
    std::string error;
    const std::vector<float> gpu = target.evaluate(*glsl, error);
    ASSERT_EQ(gpu.size(), static_cast<std::size_t>(kGrid * kGrid)) << formula << ": " << error;
    const auto evaluator = expression.evaluator();
    int compared = 0, wrong = 0;
    std::string firstWrong;
    for (int row = 0; row < kGrid; ++row)
      for (int column = 0; column < kGrid; ++column) {
        const Vec2 p = ValueTarget::point(column, row);
        const double f = evaluator->value(p);
        const double seen = gpu[static_cast<std::size_t>(row * kGrid + column)];
        // Undefined stays undefined on the GPU too (min and max of a NaN, #6).
        if (std::isnan(f) && !std::isnan(seen) && wrong++ == 0)
          firstWrong = "at (" + std::to_string(p.x) + ", " + std::to_string(p.y) + "): f is NaN, shader " +
                       std::to_string(seen);
        if (!withinFloatRange(f)) continue;
        ++compared;
        if (std::fabs(seen - f) <= 1e-5 * std::fabs(f)) continue;
        if (wrong++ == 0)
          firstWrong = "at (" + std::to_string(p.x) + ", " + std::to_string(p.y) + "): shader " +
                       std::to_string(seen) + ", f " + std::to_string(f);
      }
    EXPECT_GE(compared, kGrid * kGrid / 2) << formula;
    EXPECT_EQ(wrong, 0) << formula << ": " << wrong << " of " << compared << " points off, first "
                        << firstWrong;
  }
  EXPECT_EQ(gl::checkErrors("formula value test"), 0);
}

struct FallbackCase {
  std::string formula;
  std::string reason;  // a substring of cpuTextureReason()
  int tolerance;       // colour distance allowed: more where the CPU texture is coarser than the pixels
};

// The heatmap through HeatmapRenderer on [-2, 2]^2 with the range [-4, 4]: every pixel has the colour
// of f at that pixel (no hatch, no flat or blank picture), whether the shader or the CPU texture drew it.
void expectHeatmapFollowsF(gl::OffscreenTarget& target, const FallbackCase& c, bool expectCpuTexture) {
  auto custom = makeCustomSurface(c.formula, {-2, 2, -2, 2}, {0, 0});
  ASSERT_TRUE(custom.surface) << c.formula << ": " << custom.error.message;
  HeatmapRenderer heatmap;
  std::string error;
  ASSERT_TRUE(heatmap.upload(*custom.surface, error)) << c.formula << ": " << error;
  EXPECT_EQ(!heatmap.cpuTextureReason().empty(), expectCpuTexture) << c.formula;
  EXPECT_NE(heatmap.cpuTextureReason().find(c.reason), std::string::npos)
      << c.formula << ": '" << heatmap.cpuTextureReason() << "'";
  const gl::Texture colormaps = makeColormapTexture();
  const int size = RenderTest::kSize;
  const View2D view{0.0, 0.0, 4.0 / size};
  DisplayOptions display;
  display.contours = false;
  const ValueRange range{-4.0, 4.0, true};
  target.bind();
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  heatmap.draw(view, {0, 0, size, size}, size, display, range, colormaps.id());
  glFinish();
  const Image image{size, size, target.readRgba()};
  int wrong = 0;
  std::string firstWrong;
  for (int row = 2; row < size; row += 5)
    for (int column = 2; column < size; column += 5) {
      const Vec2 p = screenToSurface(view, {0, 0, size, size}, {column + 0.5, row + 0.5});
      const double f = custom.surface->evaluator->value(p);
      const Pixel expected = toPixel(sampleColormap(Colormap::Viridis, (f + 4.0) / 8.0));
      const Pixel seen = image.at(column, row);
      if (colorDistance(seen, expected) <= c.tolerance) continue;
      if (wrong++ == 0)
        firstWrong = "at (" + std::to_string(p.x) + ", " + std::to_string(p.y) +
                     ") f = " + std::to_string(f) + ": seen " + std::to_string(seen[0]) + "," +
                     std::to_string(seen[1]) + "," + std::to_string(seen[2]);
    }
  EXPECT_EQ(wrong, 0) << c.formula.substr(0, 60) << ": first " << firstWrong;
  EXPECT_EQ(gl::checkErrors("heatmap fallback test"), 0);
}

TEST_F(RenderTest, HeatmapFoldsConstantsOnTheGpu) {
  for (const char* formula : {"(x^2+y^2)*1e40/1e40 - 4", "(x^2+y^2)*1e-46*1e46 - 4"})
    expectHeatmapFollowsF(*target_, {formula, "", 12}, false);
}

TEST_F(RenderTest, HeatmapDrawsFromTheCpuWhereTheGpuCannot) {
  // x + 1e40 - 1e40 is 0 in double for |x| < 1e24; no float can hold 1e40, so the CPU draws it.
  expectHeatmapFollowsF(*target_, {"x + 1e40 - 1e40 + y", "outside the GPU's float range", 12}, true);
  // The 80 KB formula of #6 (20000 terms) crashed Mesa's compiler; now it never reaches it. Its CPU
  // texture is coarse (the budget), so the colours are compared more loosely.
  std::string longFormula = "x";
  for (int i = 0; i < 20000; ++i) longFormula += "+x*y*0";
  expectHeatmapFollowsF(*target_, {longFormula + " + y", "more than the GPU heatmap's", 60}, true);
}

}  // namespace
}  // namespace gs::testing
