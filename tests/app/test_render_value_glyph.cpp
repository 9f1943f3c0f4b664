// A user-written optimizer's named vector drawn at its run's ball (RunLook::glyphName): its geometry
// (the tip is ball + scale * value, cut to the view's bound in the same direction), its pixels in both
// views, and nothing at all for a value that is not finite.
#include <cmath>
#include <limits>
#include <string>

#include "core/optim/program.hpp"
#include "render/explainer_glyphs.hpp"
#include "test_render_fixture.hpp"
#include "view/view2d.hpp"

namespace gs::testing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ValueArrow, TipIsTheBallPlusScaleTimesValue) {
  const Vec2 ball{0.75, -1.5}, value{0.3, -0.2};
  for (const double scale : {1.0, 10.0, -2.5, 1e-3}) {
    const auto arrow = valueArrow(ball, value, scale, 100.0);
    ASSERT_TRUE(arrow) << scale;
    EXPECT_EQ(arrow->from, ball);
    EXPECT_EQ(arrow->to, ball + scale * value) << scale;
    EXPECT_FALSE(arrow->cut);
  }
}

TEST(ValueArrow, ALongArrowIsCutToTheBoundInItsOwnDirection) {
  const Vec2 ball{1.0, 2.0}, value{3.0, 4.0};  // 5 long
  const auto arrow = valueArrow(ball, value, -2.0, 4.0);
  ASSERT_TRUE(arrow);
  EXPECT_TRUE(arrow->cut);
  EXPECT_NEAR(norm(arrow->to - ball), 4.0, 1e-12);
  EXPECT_NEAR(arrow->to.x, 1.0 - 0.6 * 4.0, 1e-12);
  EXPECT_NEAR(arrow->to.y, 2.0 - 0.8 * 4.0, 1e-12);
}

TEST(ValueArrow, NothingForNonFiniteNumbersOrNoLength) {
  const Vec2 ball{0.0, 0.0};
  EXPECT_FALSE(valueArrow(ball, {kNaN, 1.0}, 1.0, 10.0));
  EXPECT_FALSE(valueArrow(ball, {1.0, kInf}, 1.0, 10.0));
  EXPECT_FALSE(valueArrow(ball, {1.0, 1.0}, kNaN, 10.0));
  EXPECT_FALSE(valueArrow(ball, {1.0, 1.0}, kInf, 10.0));
  EXPECT_FALSE(valueArrow({kNaN, 0.0}, {1.0, 1.0}, 1.0, 10.0));
  EXPECT_FALSE(valueArrow(ball, {1e300, 1e300}, 1e300, 10.0));  // the product overflows
  EXPECT_FALSE(valueArrow(ball, {0.0, 0.0}, 1.0, 10.0));
}

// A program whose m is a fine vector, whose `bad` is NaN and `huge` infinite at every step (the path
// itself stays finite: x uses neither).
Model programModel(ViewMode mode, const std::string& glyph, double scale) {
  auto result = makeCustomSurface("x^2 + 4*y^2", {-2, 2, -2, 2}, {1.5, 1.0});
  EXPECT_TRUE(result.surface) << result.error.message;
  Model model(std::move(*result.surface));
  model.display.mode = mode;
  model.display.contours = model.display.meshContours = false;
  model.display.minima = false;
  model.display.gradientArrows = model.display.momentumArrows = model.display.stepArrows = false;
  model.display.secondMomentRects = model.display.lookahead = false;
  model.display.runLegend = false;
  model.view2d = {0.0, 0.0, 4.0 / RenderTest::kSize};
  auto program = compileProgram(
      "state m = 0\nm = 0.5 * m + g\nbad = g * log(-1)\nhuge = g * 1e300 * 1e300\nx = x - 0.01 * m\n");
  EXPECT_TRUE(std::holds_alternative<Program>(program));
  addRun(model, RunSpec{"", Optimizer::fromProgram(std::get<Program>(program)), Schedule{}, 0, 1});
  model.runner.run(0).look().glyphName = glyph;
  model.runner.run(0).look().glyphScale = scale;
  model.runner.step(2);
  return model;
}

int differing(const Image& a, const Image& b) {
  int n = 0;
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) n += colorDistance(a.at(x, y), b.at(x, y)) > 30;
  return n;
}

// In 2D the arrow runs from the ball to ball + scale * m: the pixels along that segment take the run's
// colour.
TEST_F(RenderTest, AProgramsVectorIsDrawnFromTheBallToScaleTimesItsValue) {
  const Model none = programModel(ViewMode::Heatmap2D, "", 1.0);
  const Image plain = render(none, "value_glyph_none");
  const gs::Run& run = none.runner.run(0);
  const Vec2 m = *run.optimizer().programRun()->vectorValue("m");
  ASSERT_GT(norm(m), 1.0);
  const double scale = -0.9 / norm(m);  // 0.9 surface units long, against m: downhill
  const Model drawn = programModel(ViewMode::Heatmap2D, "m", scale);
  const Image image = render(drawn, "value_glyph_m");
  const PixelRect viewport{0, 0, kSize, kSize};
  const Vec2 ball = surfaceToScreen(drawn.view2d, viewport, run.point());
  const Vec2 tip = surfaceToScreen(drawn.view2d, viewport, run.point() + scale * m);
  const Pixel runColor = toPixel(run.look().color);
  int onShaft = 0;
  for (const double along : {0.35, 0.45, 0.55, 0.65}) {
    const Vec2 p = ball + along * (tip - ball);
    onShaft += colorDistance(image.at(int(p.x), int(p.y)), runColor) < 60;
  }
  EXPECT_GE(onShaft, 3);
  EXPECT_GT(differing(image, plain), 150);
}

// A NaN or infinite value draws nothing at all, in 2D and 3D: the picture is the one without a glyph.
TEST_F(RenderTest, ANonFiniteVectorDrawsNothing) {
  for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::Surface3D}) {
    SCOPED_TRACE(static_cast<int>(mode));
    const Image plain = render(programModel(mode, "", 1.0), "value_glyph_plain");
    const Image shown = render(programModel(mode, "m", -0.1), "value_glyph_shown");
    EXPECT_GT(differing(shown, plain), 50);  // the same set-up does draw a finite vector
    for (const char* name : {"bad", "huge"}) {
      const Model model = programModel(mode, name, 1.0);
      const std::optional<Vec2> value = model.runner.run(0).optimizer().programRun()->vectorValue(name);
      ASSERT_TRUE(value);
      EXPECT_FALSE(isFinite(*value)) << name;
      EXPECT_EQ(differing(render(model, std::string("value_glyph_") + name), plain), 0) << name;
    }
  }
}

}  // namespace
}  // namespace gs::testing
