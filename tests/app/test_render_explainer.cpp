// Render tests of the step-by-step explainer's picture (render/explainer_glyphs) in both views, and of
// the overlay's smooth edges without multisampling.
#include <cmath>
#include <string>

#include "core/optim/explain.hpp"
#include "core/optim/program.hpp"
#include "render/explainer_glyphs.hpp"
#include "render/overlay_renderer.hpp"
#include "render/scene_projection.hpp"
#include "test_render_fixture.hpp"
#include "view/ticks.hpp"
#include "view/view2d.hpp"
#include "view/view_actions.hpp"

namespace gs::testing {
namespace {

// The explainer's colours: units of x in yellow, gradient units in light cyan (explainer_glyphs.cpp).
bool isYellow(const Pixel& p) { return p[0] > 220 && p[1] > 170 && p[2] < 70; }
bool isCyan(const Pixel& p) { return p[0] < 170 && p[1] > 180 && p[2] > 200; }

template <class Test>
int count(const Image& image, Test test) {
  int n = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) n += test(image.at(x, y));
  return n;
}

Model momentumModel(ViewMode mode, Vec2 start = {1.5, 1.0}) {
  auto result = makeCustomSurface("x^2 + 4*y^2", {-2, 2, -2, 2}, start);
  EXPECT_TRUE(result.surface) << result.error.message;
  Model model(std::move(*result.surface));
  model.display.mode = mode;
  model.display.contours = model.display.meshContours = false;
  model.display.minima = false;
  model.display.gradientArrows = model.display.momentumArrows = false;
  model.display.secondMomentRects = model.display.lookahead = false;
  model.display.runLegend = false;
  model.display.colormap = Colormap::Magma;  // no yellow as saturated as the glyphs', no cyan
  model.view2d = {0.0, 0.0, 4.0 / RenderTest::kSize};
  auto optimizer = Optimizer::create("momentum");
  EXPECT_TRUE(optimizer && optimizer->setParam("lr", 0.02));
  addRun(model, RunSpec{"", std::move(*optimizer), Schedule{}, 0, 1});
  model.runner.step(3);
  return model;
}

int subStepTitled(const Model& model, const std::string& title) {
  const auto steps = explainLastStep(model.runner.run(0).optimizer());
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].title == title) return static_cast<int>(i);
  ADD_FAILURE() << "no sub-step " << title;
  return 0;
}

// The explainer's picture in 2D and on the 3D surface: the gradient (gradient units) in cyan at the first
// sub-step; at "the gradient added at its tip", the contributions in units of x in yellow, the earlier
// ones (the velocity, its decay) still drawn beside the current one. Without the explainer, neither.
TEST_F(RenderTest, TheExplainersSubStepsBuildUpInBothViews) {
  for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::Surface3D}) {
    SCOPED_TRACE(static_cast<int>(mode));
    const Model model = momentumModel(mode);
    SceneStyle style = plainStyle();
    const Image none = render(model, "explainer_none");
    style.explainRun = 0;
    style.explainSubStep = 0;
    const Image gradient = render(model, "explainer_gradient", style);
    EXPECT_GT(count(gradient, isCyan), count(none, isCyan) + 60);
    style.explainSubStep = subStepTitled(model, "Its decay by beta");
    const Image decay = render(model, "explainer_decay", style);
    style.explainSubStep = subStepTitled(model, "The gradient added at its tip");
    const Image added = render(model, "explainer_added", style);
    EXPECT_GT(count(decay, isYellow), count(none, isYellow) + 150);
    EXPECT_GT(count(added, isYellow), count(none, isYellow) + 150);
    // The earlier sub-steps stay: pixels yellow at the decay's sub-step are mostly still coloured later
    // (faded yellow, or covered by the new arrow's tail at their tip).
    int kept = 0, decayYellow = 0;
    for (int y = 0; y < kSize; ++y)
      for (int x = 0; x < kSize; ++x) {
        if (!isYellow(decay.at(x, y)) || isYellow(none.at(x, y))) continue;
        ++decayYellow;
        const Pixel p = added.at(x, y);
        kept += p[0] > 120 && p[1] > 90 && p[2] < 110;
      }
    EXPECT_GT(kept, decayYellow / 3);  // the earlier arrows are drawn thinner
  }
}

// A program's line is drawn as its value, from x_t, in the explainer's pink (a scale of its own); a line
// whose value is one number for both coordinates has no glyph.
TEST_F(RenderTest, TheExplainerDrawsAProgramLinesValue) {
  const auto isPink = [](const Pixel& p) { return p[0] > 220 && p[1] > 120 && p[1] < 190 && p[2] > 180; };
  for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::Surface3D}) {
    SCOPED_TRACE(static_cast<int>(mode));
    Model model = momentumModel(mode);
    model.display.colormap = Colormap::Viridis;  // no pink in it
    auto program = compileProgram("state m = 0\nm = 0.9 * m + g\nbc = 1 - 0.9^t\nx = x - 0.01 * m / bc\n");
    ASSERT_TRUE(std::holds_alternative<Program>(program));
    model.runner.replaceRun(0, RunSpec{"", Optimizer::fromProgram(std::get<Program>(program)), {}, 0, 1});
    SceneStyle style = plainStyle();
    const Image none = render(model, "explainer_program_none");
    style.explainRun = 0;
    style.explainSubStep = 1;  // m = 0.9 * m + g
    const Image line = render(model, "explainer_program_m", style);
    EXPECT_GT(count(line, isPink), count(none, isPink) + 60);
    if (mode == ViewMode::Heatmap2D) {
      // The arrow itself (not only its plate's title): pink along m from x_t, a sixth of the view long.
      const Terms& terms = model.runner.run(0).optimizer().terms();
      const Vec2 m = *model.runner.run(0).optimizer().programRun()->vectorValue("m");
      const PixelRect viewport{0, 0, kSize, kSize};
      const Vec2 from = surfaceToScreen(model.view2d, viewport, terms.point);
      const Vec2 toward = surfaceToScreen(model.view2d, viewport, terms.point + m * (1e-3 / norm(m))) - from;
      int pinkAlong = 0;
      for (double pixels = 12.0; pixels <= 32.0; pixels += 4.0) {
        const Vec2 p = from + toward * (pixels / norm(toward));
        pinkAlong += isPink(line.at(int(std::lround(p.x)), int(std::lround(p.y))));
      }
      EXPECT_GE(pinkAlong, 3);
    }
    style.explainSubStep = 2;  // bc: one number
    const Image uniform = render(model, "explainer_program_bc", style);
    EXPECT_LT(count(uniform, isPink), count(none, isPink) + 10);
  }
}

// A slanted line of the overlay has soft edges without multisampling: along it, pixels between the
// background and the line's colour, and about as much ink in all as the line's area.
TEST_F(RenderTest, OverlayLinesAreSmoothWithoutMultisampling) {
  target_->bind();
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  OverlayRenderer overlay(14.0f);
  const double length = std::hypot(200.0, 60.0), width = 3.0;
  overlay.line({28.0, 100.0}, {228.0, 160.0}, float(width), {1.0f, 1.0f, 1.0f, 1.0f});
  overlay.flush(kSize, kSize);
  glFinish();
  const Image image{kSize, kSize, target_->readRgba()};
  int partial = 0;
  double ink = 0.0;
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) {
      const int value = image.at(x, y)[0];
      partial += value > 25 && value < 230;
      ink += value / 255.0;
    }
  EXPECT_GT(partial, length);  // both edges of the line are soft
  EXPECT_NEAR(ink, length * width, 0.1 * length * width);
}

// One scale per glyph kind. Gradient units (the explainer's g, m, v) are drawn at Display's arrow scale,
// the glyph legend's: the cyan arrow of -g from x_t is |g| * arrowScale long in 2D, and twice as long at
// twice the scale. Units of x: a nice factor set by the surface, so the 2D and 3D views state the same.
TEST_F(RenderTest, TheExplainersGradientIsDrawnAtTheLegendsArrowScale) {
  Model model = momentumModel(ViewMode::Heatmap2D);
  const Terms& terms = model.runner.run(0).optimizer().terms();
  const PixelRect viewport{0, 0, kSize, kSize};
  const Vec2 ball = surfaceToScreen(model.view2d, viewport, terms.point);
  SceneStyle style = plainStyle();
  style.explainRun = 0;
  style.explainSubStep = 0;  // the gradient
  style.legend = true;       // as the app draws it out of presentation mode: the note says "as the legend"
  const auto cyanReach = [&](double arrowScale) {
    model.display.arrowScale = arrowScale;
    const Image image = render(model, "explainer_arrow_scale", style);
    // The farthest cyan pixel from the ball along -g, where the arrow points (the plate is beyond the
    // tip, off to the side; count only pixels within 4 of the line through the ball).
    const Vec2 toward = -terms.gradient / norm(terms.gradient);
    const Vec2 screenToward{toward.x, -toward.y};
    double reach = 0.0;
    for (int y = 0; y < kSize; ++y)
      for (int x = 0; x < kSize; ++x) {
        if (!isCyan(image.at(x, y))) continue;
        const Vec2 d = Vec2{x + 0.5, y + 0.5} - ball;
        const double along = d.x * screenToward.x + d.y * screenToward.y;
        if (std::abs(d.x * screenToward.y - d.y * screenToward.x) < 4.0) reach = std::max(reach, along);
      }
    return reach;
  };
  const double pixelsPerUnit = 1.0 / model.view2d.unitsPerPixel, g = norm(terms.gradient);
  ASSERT_GT(g * 0.1 * pixelsPerUnit, 30.0);  // long enough to measure, short of the cap
  ASSERT_LT(g * 0.2 * pixelsPerUnit, 0.3 * kSize);
  EXPECT_NEAR(cyanReach(0.1), g * 0.1 * pixelsPerUnit, 4.0);
  EXPECT_NEAR(cyanReach(0.2), g * 0.2 * pixelsPerUnit, 4.0);

  const auto steps = explainLastStep(model.runner.run(0).optimizer());
  const ExplainerScales scales = explainerScales(model, steps);
  EXPECT_EQ(scales.gradientUnits, model.display.arrowScale);
  double longest = 0.0;
  for (const ExplainStep& step : steps)
    if (step.glyph.kind == GlyphKind::Arrow && step.glyph.units == GlyphUnits::X)
      longest = std::max(longest, norm(step.glyph.to - step.glyph.from));
  const double quarter = 4.0 / 4.0;  // the domain is 4 wide
  EXPECT_LE(longest * scales.commonScale, quarter * (1.0 + 1e-12));
  EXPECT_GE(longest * scales.commonScale, 0.4 * quarter);
  EXPECT_DOUBLE_EQ(niceAtMost(scales.commonScale), scales.commonScale);
  model.display.mode = ViewMode::Surface3D;  // the views do not enter into it
  EXPECT_EQ(explainerScales(model, steps).commonScale, scales.commonScale);
}

// sqrt(v) bars at the same scale in the explainer as at the runs' balls: each runs sqrt(v_i) x arrow scale
// either way from the ball (the Display legend's "half-sides").
TEST_F(RenderTest, TheExplainersSecondMomentBarsHaveTheRunsBarsHalfLength) {
  Model model = momentumModel(ViewMode::Heatmap2D);
  auto adam = Optimizer::create("adam");
  ASSERT_TRUE(adam && adam->setParam("lr", 0.05));
  model.runner.replaceRun(0, RunSpec{"", std::move(*adam), Schedule{}, 0, 1});
  model.runner.step(3);
  const auto steps = explainLastStep(model.runner.run(0).optimizer());
  int bars = -1;
  for (std::size_t i = 0; i < steps.size() && bars < 0; ++i)
    if (steps[i].glyph.kind == GlyphKind::Bars && steps[i].glyph.units == GlyphUnits::Gradient) bars = int(i);
  ASSERT_GE(bars, 0);
  const double halfX = std::abs(steps[static_cast<std::size_t>(bars)].glyph.to.x);  // sqrt(v_x)
  ASSERT_GT(halfX, 0.0);
  model.display.arrowScale = 20.0 * model.view2d.unitsPerPixel / halfX;  // a 20-pixel half
  SceneStyle style = plainStyle();
  style.explainRun = 0;
  style.explainSubStep = bars;
  const Image image = render(model, "explainer_bars", style);
  const PixelRect viewport{0, 0, kSize, kSize};
  const Vec2 ball = surfaceToScreen(model.view2d, viewport, steps[static_cast<std::size_t>(bars)].glyph.from);
  // The farthest cyan pixel left of the ball on its row: the bar's end (the plate is right of and below it).
  const int row = int(std::lround(ball.y - 0.5));
  double reach = 0.0;
  for (int x = 0; x < int(ball.x); ++x)
    if (isCyan(image.at(x, row))) reach = std::max(reach, ball.x - (x + 0.5));
  const double expected = halfX * model.display.arrowScale / model.view2d.unitsPerPixel;
  ASSERT_LT(expected, 0.12 * kSize);  // short of the cap
  EXPECT_NEAR(reach, expected, 4.0);  // the end tick is a few pixels wide
}

// The explainer's plate for a quantity in gradient units names the legend's scale, and says when the
// arrow is cut or too short to read.
TEST(ExplainerScale, GradientNotesNameTheLegendsScale) {
  EXPECT_EQ(gradientNote(0.1, 0.5, 2.0, 4.0, "|g|", 5.0), "gradient units x 0.1, as the legend");
  EXPECT_EQ(gradientNote(0.1, 0.5, 2.0, 4.0, "|g|", 5.0, false), "gradient units x 0.1");  // no legend shown
  EXPECT_EQ(gradientNote(0.1, 2.5, 2.0, 4.0, "|g|", 25.0), "gradient units x 0.1 (cut)");
  EXPECT_EQ(gradientNote(0.1, 0.01, 2.0, 4.0, "|g|", 0.1), "gradient units x 0.1: too short (Fit arrows)");
  EXPECT_EQ(gradientNote(0.1, 3e-24, 2.0, 4.0, "|g|", 3e-23), "about 0 (|g| = 3e-23)");
}

// "fit arrows" (Display) and "Fit arrows" (Teach): a nice scale at which the largest arrow is between four
// tenths of and a sixth of the domain's shorter side, within the scenes' bounds.
TEST(ExplainerScale, FittedArrowScalesAreNiceAndFitTheDomain) {
  const Domain domain{-2.0, 2.0, -3.0, 3.0};  // shorter side 4: a sixth is 2/3
  for (const double largest : {0.37, 1.0, 8.5, 123.0, 440.0}) {
    const double scale = niceArrowScale(largest, domain, 1.0);
    EXPECT_LE(largest * scale, 4.0 / 6.0 * (1.0 + 1e-12)) << largest;
    EXPECT_GE(largest * scale, 0.4 * 4.0 / 6.0) << largest;
    EXPECT_DOUBLE_EQ(niceAtMost(scale), scale);
  }
  EXPECT_EQ(niceArrowScale(1e-9, domain, 1.0), kMaxArrowScale);
  EXPECT_EQ(niceArrowScale(1e9, domain, 1.0), kMinArrowScale);
  EXPECT_EQ(niceArrowScale(0.0, domain, 0.5), 0.5);
  EXPECT_EQ(niceArrowScale(NAN, domain, 0.5), 0.5);

  // The model's: before any step, the start's gradient; then the largest of the arrows shown.
  Model model = momentumModel(ViewMode::Heatmap2D);
  model.runner.reset({1.5, 1.0});
  EXPECT_NEAR(largestArrowQuantity(model), norm(Vec2{3.0, 8.0}), 1e-12);  // grad of x^2 + 4y^2
  model.runner.step(3);
  model.display.gradientArrows = true;
  const double gradientOnly = largestArrowQuantity(model);
  EXPECT_NEAR(gradientOnly,
              norm(model.runner.surface().evaluator->valueGrad(model.runner.run(0).point()).gradient), 1e-12);
  model.display.momentumArrows = true;
  EXPECT_NEAR(largestArrowQuantity(model),
              std::max(gradientOnly, norm(*model.runner.run(0).optimizer().terms().firstMoment)), 1e-12);
  fitArrowScale(model);
  EXPECT_EQ(model.display.arrowScale,
            niceArrowScale(largestArrowQuantity(model), model.runner.surface().domain, 0));
}

// A quantity below a billionth of the view is "about 0", not scaled up by 1e22 to be seen.
TEST(ExplainerScale, NegligibleQuantitiesAreAboutZero) {
  EXPECT_EQ(scaleNote("gradient units", 62.1, "|g|", 0.5, 4.0), "gradient units, drawn x62.1");
  EXPECT_EQ(scaleNote("gradient units", 1.19e22, "|g|", 3e-23, 4.0), "about 0 (|g| = 3e-23)");
  EXPECT_TRUE(negligibleInView(3e-23, 4.0));
  EXPECT_TRUE(negligibleInView(0.0, 4.0));
  EXPECT_TRUE(negligibleInView(NAN, 4.0));
  EXPECT_FALSE(negligibleInView(1e-6, 4.0));  // a million times scaled up is still a real arrow
}

// A run sitting at the minimum (|g| ~ 1e-19 on a view 4 wide): no gradient arrow and no moves drawn
// scaled up by 1e19, where a moving run's sub-steps draw both; the plate still says what is shown.
TEST_F(RenderTest, TheExplainerDrawsNoArrowForAGradientOfAboutZero) {
  for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::Surface3D}) {
    SCOPED_TRACE(static_cast<int>(mode));
    // Both below and left of the minimum: their moves point up and right, away from the plate, which
    // goes below the ball.
    const Model moving = momentumModel(mode, {-1.5, -1.0});
    const Model still = momentumModel(mode, {-1e-20, -1e-20});
    SceneStyle style = plainStyle();
    style.explainRun = 0;
    style.explainSubStep = 0;
    const int movingCyan = count(render(moving, "explainer_moving_gradient", style), isCyan);
    const int stillCyan = count(render(still, "explainer_still_gradient", style), isCyan);
    const Image stillNone = render(still, "explainer_still_none");
    // The plate's title is cyan text; the arrow is far more.
    EXPECT_LT(stillCyan - count(stillNone, isCyan), (movingCyan - count(stillNone, isCyan)) / 2);
    if (mode != ViewMode::Heatmap2D) continue;
    // Yellow above the ball (beyond its ghost ring) is a move in units of x, a quarter of the view long
    // when scaled up.
    style.explainSubStep = subStepTitled(still, "The gradient added at its tip");
    const PixelRect viewport{0, 0, kSize, kSize};
    const auto yellowAboveBall = [&](const Model& model, const char* name) {
      const Image image = render(model, name, style);
      const Vec2 ball =
          surfaceToScreen(model.view2d, viewport, model.runner.run(0).optimizer().terms().point);
      int n = 0;
      for (int y = 0; y < int(ball.y) - 16; ++y)
        for (int x = 0; x < kSize; ++x) n += isYellow(image.at(x, y));
      return n;
    };
    EXPECT_GT(yellowAboveBall(moving, "explainer_moving_added"), 40);
    EXPECT_LT(yellowAboveBall(still, "explainer_still_added"), 5);
  }
}

// A diverging run's last update lies far off the view: the explainer draws nothing there (its plate had been
// pinned to the view's top-left corner, over the axis, pointing at nothing), in 2D and in 3D.
TEST_F(RenderTest, TheExplainerDrawsNothingForAnUpdateOffTheView) {
  for (const ViewMode mode : {ViewMode::Heatmap2D, ViewMode::Surface3D}) {
    SCOPED_TRACE(static_cast<int>(mode));
    SceneStyle style = plainStyle();
    style.explainRun = 0;
    style.explainSubStep = 0;  // the gradient, a cyan arrow and a cyan title
    const Model inView = momentumModel(mode, {-1.5, -1.0});
    const Model offView = momentumModel(mode, {-150.0, -100.0});
    ASSERT_LT(offView.runner.run(0).optimizer().terms().point.x, -100.0);
    const int none = count(render(inView, "explainer_in_view_none"), isCyan);
    EXPECT_GT(count(render(inView, "explainer_in_view", style), isCyan), none + 40);
    EXPECT_EQ(count(render(offView, "explainer_off_view", style), isCyan),
              count(render(offView, "explainer_off_view_none"), isCyan));
  }
}

// The explainer's plate goes beside its glyph's tip, off the notes over the view (legends, axis bands, the
// presentation's step counter), inside the view; where every side is covered, the least covered.
TEST(ExplainerPlate, GoesBesideTheTipOnASideThatCoversNoNote) {
  const PixelRect view{0, 0, 800, 600};
  const Vec2 size{160, 40}, gap{6, 4}, tip{400, 300};
  const auto equal = [](Vec2 a, Vec2 b) { return a.x == b.x && a.y == b.y; };
  EXPECT_TRUE(equal(placePlate({tip}, size, gap, view, {}), tip + gap));  // below right
  // A note below right: above right.
  EXPECT_TRUE(equal(placePlate({tip}, size, gap, view, {{420, 310, 100, 100}}), Vec2{406, 256}));
  // Below and right both taken: above left.
  const std::vector<PixelRect> belowAndRight{{0, 310, 800, 290}, {410, 0, 390, 600}};
  EXPECT_TRUE(equal(placePlate({tip}, size, gap, view, belowAndRight), Vec2{234, 256}));
  // Near the bottom, below is pushed up into the view and onto the x axis band: above instead.
  const Vec2 low{400, 580};
  const Vec2 above = placePlate({low}, size, gap, view, {{0, 576, 800, 24}});
  EXPECT_TRUE(equal(above, Vec2{406, 536}));
  // A preferred place that is free is taken; one that is not gives way.
  EXPECT_TRUE(equal(placePlate({tip}, size, gap, view, {}, Vec2{100, 100}), Vec2{100, 100}));
  EXPECT_TRUE(equal(placePlate({tip}, size, gap, view, {{90, 90, 50, 50}}, Vec2{100, 100}), tip + gap));
  // Covered everywhere: the side covering the least (a small note above left only).
  const std::vector<PixelRect> everywhere{{300, 300, 300, 300}, {400, 0, 400, 300}, {380, 290, 10, 10}};
  const Vec2 least = placePlate({tip}, size, gap, view, everywhere);
  EXPECT_TRUE(equal(least, Vec2{234, 256})) << least.x << ", " << least.y;
  // Then beside the glyph's foot, where nothing is free beside its tip.
  const Vec2 foot{200, 100};
  const Vec2 byFoot = placePlate({tip, foot}, size, gap, view, everywhere);
  EXPECT_TRUE(equal(byFoot, foot + gap)) << byFoot.x << ", " << byFoot.y;
  // Off the runs' paths too: with paths under every place beside the tip and one plate height away (a band
  // of tiles over y = 250..350, tiles of 16 pixels: 240..352), two plate heights below, where none goes.
  DamageGrid paths;
  paths.reset(view.width, view.height);
  paths.mark(0, 250, 800, 350);
  const Vec2 offPaths = placePlate({tip}, size, gap, view, {}, std::nullopt, &paths);
  EXPECT_TRUE(equal(offPaths, Vec2{406, 392})) << offPaths.x << ", " << offPaths.y;
  // The notes still come first: with the place below covered by a note, above, over the fewest path tiles.
  const Vec2 notesFirst = placePlate({tip}, size, gap, view, {{0, 380, 800, 220}}, std::nullopt, &paths);
  EXPECT_TRUE(equal(notesFirst, Vec2{406, 168})) << notesFirst.x << ", " << notesFirst.y;
  // Paths nowhere near: beside the tip, as without them.
  DamageGrid far;
  far.reset(view.width, view.height);
  far.mark(0, 0, 100, 100);
  EXPECT_TRUE(equal(placePlate({tip}, size, gap, view, {}, std::nullopt, &far), tip + gap));
}

// The tiles the explainer's plate keeps off are those the shown runs' paths cross where the view draws them:
// gradient descent on x^2 + y^2 goes straight from its start to the minimum.
TEST(ExplainerPlate, PathTilesFollowTheRunsPathsWhereTheViewDrawsThem) {
  auto result = makeCustomSurface("x^2 + y^2", {-2, 2, -2, 2}, {-1.5, 1.0});
  ASSERT_TRUE(result.surface) << result.error.message;
  Model model(std::move(*result.surface));
  auto optimizer = Optimizer::create("sgd");
  ASSERT_TRUE(optimizer && optimizer->setParam("lr", 0.02));
  addRun(model, RunSpec{"", std::move(*optimizer), Schedule{}, 0, 1});
  model.runner.step(200);
  ScreenProjection projection;
  projection.viewport = {30, 20, 256, 256};
  projection.view = {0.0, 0.0, 4.0 / 256};
  const auto tileAt = [&](const DamageGrid& grid, Vec2 p) {
    const Vec2 at = surfaceToScreen(projection.view, projection.viewport, p);
    return grid.marked(int(at.x - projection.viewport.x) / DamageGrid::kTile,
                       int(at.y - projection.viewport.y) / DamageGrid::kTile);
  };
  const DamageGrid tiles = pathTiles(model, projection, {-1000.0, -1000.0}, 10.0);
  for (const double t : {0.1, 0.5, 0.9}) EXPECT_TRUE(tileAt(tiles, {-1.5 * t, 1.0 * t})) << t;
  EXPECT_FALSE(tileAt(tiles, {1.2, -1.2}));
  EXPECT_FALSE(tileAt(tiles, {-1.5, -1.0}));
  model.runner.run(0).look().enabled = false;  // a hidden run's path is not kept off
  EXPECT_FALSE(tileAt(pathTiles(model, projection, {-1000.0, -1000.0}, 10.0), {-0.75, 0.5}));
}

// In the 3D view the explainer's plate keeps off the axes' tick labels and titles where it can (they are laid
// out before it): from eight sides of the surface, runs started in each quarter, every sub-step.
TEST_F(RenderTest, TheThreeDExplainersPlateKeepsOffTheAxisLabels) {
  const auto meet = [](const PixelRect& a, const PixelRect& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  };
  int plates = 0, overlaps = 0;
  for (const Vec2 start : {Vec2{1.5, 1.0}, Vec2{-1.5, 1.2}, Vec2{-1.4, -1.5}, Vec2{1.6, -1.3}}) {
    Model model = momentumModel(ViewMode::Surface3D, start);
    SceneStyle style = plainStyle();
    style.textPixels = 9.0f;  // plates and labels in proportion to a larger view's
    style.explainRun = 0;
    const int subSteps = static_cast<int>(explainLastStep(model.runner.run(0).optimizer()).size());
    for (int side = 0; side < 8; ++side) {
      model.view3d.yaw = -0.6f + 0.785f * static_cast<float>(side);
      for (style.explainSubStep = 0; style.explainSubStep < subSteps; ++style.explainSubStep) {
        render(model, "explainer_plate_axes", style);
        for (const PixelRect& plate : scene_->explainerPlates()) {
          ++plates;
          for (const PixelRect& label : scene_->axisLabels3D()) overlaps += meet(plate, label);
        }
      }
    }
  }
  // Where every place beside the glyph covers something (a 120 x 32 plate in this 256-pixel view), the one
  // covering least: 6 plates touch a tick label here, against 397 label boxes under the 192 plates when the
  // labels were not kept clear.
  EXPECT_GT(plates, 100);
  EXPECT_LE(overlaps * 20, plates) << overlaps << " labels under " << plates << " plates";
}

}  // namespace
}  // namespace gs::testing
