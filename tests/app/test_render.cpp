// Render tests through the EGL headless context: what a fixed scene must show.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "gl/gl.hpp"
#include "render/colormap.hpp"
#include "render/path_renderer.hpp"
#include "test_render_fixture.hpp"
#include "view/view2d.hpp"

namespace gs::testing {
namespace {

constexpr double kHalfWidth = 2.0;  // the tests' views show [-2, 2]^2 in 256 x 256 pixels

Model quadraticModel(const char* formula) {
  auto result = makeCustomSurface(formula, {-2, 2, -2, 2}, {-1.5, 1.0});
  EXPECT_TRUE(result.surface) << result.error.message;
  Model model(std::move(*result.surface));
  model.display.mode = ViewMode::Heatmap2D;
  model.display.contours = false;
  model.display.minima = false;
  model.view2d = {0.0, 0.0, 2.0 * kHalfWidth / RenderTest::kSize};
  return model;
}

// Pixel (column, row) where the surface point p is drawn in the tests' 2D view.
std::array<int, 2> pixelOf(const Model& model, Vec2 p) {
  const Vec2 s = surfaceToScreen(model.view2d, {0, 0, RenderTest::kSize, RenderTest::kSize}, p);
  return {static_cast<int>(std::floor(s.x)), static_cast<int>(std::floor(s.y))};
}

Pixel pixelAt(const Image& image, const Model& model, Vec2 p) {
  const auto [x, y] = pixelOf(model, p);
  return image.at(x, y);
}

TEST(Colormap, ViridisAndMagmaMatchPublishedEnds) {
  // matplotlib's viridis: #440154 at 0, #21918c at 0.5, #fde725 at 1; magma: #000004 and #fcfdbf.
  EXPECT_LE(colorDistance(toPixel(sampleColormap(Colormap::Viridis, 0.0)), {0x44, 0x01, 0x54}), 12);
  EXPECT_LE(colorDistance(toPixel(sampleColormap(Colormap::Viridis, 0.5)), {0x21, 0x91, 0x8c}), 12);
  EXPECT_LE(colorDistance(toPixel(sampleColormap(Colormap::Viridis, 1.0)), {0xfd, 0xe7, 0x25}), 16);
  EXPECT_LE(colorDistance(toPixel(sampleColormap(Colormap::Magma, 0.0)), {0x00, 0x00, 0x04}), 12);
  EXPECT_LE(colorDistance(toPixel(sampleColormap(Colormap::Magma, 1.0)), {0xfc, 0xfd, 0xbf}), 16);
}

TEST(Colormap, DivergingIsWhiteInTheMiddleAndBlueToRed) {
  const Pixel low = toPixel(sampleColormap(Colormap::Diverging, 0.0));
  const Pixel middle = toPixel(sampleColormap(Colormap::Diverging, 0.5));
  const Pixel high = toPixel(sampleColormap(Colormap::Diverging, 1.0));
  EXPECT_LE(colorDistance(low, {59, 76, 192}), 6);  // Moreland's end points
  EXPECT_LE(colorDistance(high, {180, 4, 38}), 6);
  EXPECT_GT(middle[0], 200);
  EXPECT_GT(middle[1], 200);
  EXPECT_GT(middle[2], 200);
}

TEST(Colormap, LightnessRisesMonotonicallyInViridis) {
  double previous = -1.0;
  for (int i = 0; i <= 20; ++i) {
    const Color c = sampleColormap(Colormap::Viridis, i / 20.0);
    const double luma = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    EXPECT_GT(luma, previous) << "at t = " << i / 20.0;
    previous = luma;
  }
}

// A view draws the coarsest level of detail whose cells are at most half a pixel there.
TEST(PathDetail, LevelsKeepCellsUnderHalfAPixel) {
  const double finestCell = 2.0 * kWorldHalfSize * kPathResolution;  // world units
  for (float pixelsPerWorld = 1.0f; pixelsPerWorld < 1e5f; pixelsPerWorld *= 1.3f) {
    const int level = PathRenderer::levelFor(pixelsPerWorld);
    ASSERT_GE(level, 0);
    ASSERT_LT(level, kPathLevels);
    const double cellPixels = finestCell * double(1 << level) * pixelsPerWorld;
    if (level > 0) {
      EXPECT_LE(cellPixels, 0.5) << pixelsPerWorld;
    }
    if (level + 1 < kPathLevels) {
      EXPECT_GT(2.0 * cellPixels, 0.5) << pixelsPerWorld;  // the next level would be too coarse
    }
  }
  for (const float unknown :
       {0.0f, -1.0f, std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()})
    EXPECT_EQ(PathRenderer::levelFor(unknown), 0);
}

TEST_F(RenderTest, HeatmapColoursFollowFOnAQuadratic) {
  const Model model = quadraticModel("x^2 + y^2");
  const Image image = render(model, "heatmap_quadratic");
  // f over the view runs from 0 (centre) to 8 (corners), so f = 1 is t = 1/8 and f = 4.5 is t = 9/16.
  const Vec2 points[] = {{0.0, 0.0}, {1.0, 0.0}, {0.0, -1.5}, {1.5, 1.5}};
  const double expectedT[] = {0.0, 1.0 / 8.0, 2.25 / 8.0, 4.5 / 8.0};
  double previousLuma = -1.0;
  for (int k = 0; k < 4; ++k) {
    const Pixel seen = pixelAt(image, model, points[k]);
    const Pixel expected = toPixel(sampleColormap(Colormap::Viridis, expectedT[k]));
    EXPECT_LE(colorDistance(seen, expected), 24) << "at (" << points[k].x << ", " << points[k].y << ")";
    const double luma = 0.2126 * seen[0] + 0.7152 * seen[1] + 0.0722 * seen[2];
    EXPECT_GT(luma, previousLuma) << "brighter where f is larger";
    previousLuma = luma;
  }
  EXPECT_EQ(gl::checkErrors("heatmap test"), 0);
}

TEST_F(RenderTest, LogScaleLiftsSmallValues) {
  Model model = quadraticModel("x^2 + y^2");
  const Pixel linear = pixelAt(render(model, "heatmap_linear"), model, {0.3, 0.0});
  model.display.logScale = true;
  const Pixel logarithmic = pixelAt(render(model, "heatmap_log"), model, {0.3, 0.0});
  // f = 0.09 is near the bottom of a linear scale but far up a logarithmic one.
  EXPECT_GT(logarithmic[1], linear[1] + 40);
}

TEST_F(RenderTest, HeatmapIsRedrawnWhenTheViewOrColouringChanges) {
  Model model = quadraticModel("x^2 + y^2");
  const Image before = render(model, "cache_before");
  const auto [x, y] = pixelOf(model, {1.0, 0.0});
  model.view2d.unitsPerPixel *= 2.0;  // zoom out: that pixel now shows (2, 0), f = 4 of 32
  const Image zoomed = render(model, "cache_zoomed");
  EXPECT_LE(colorDistance(zoomed.at(x, y), toPixel(sampleColormap(Colormap::Viridis, 4.0 / 32.0))), 24);
  model.display.colormap = Colormap::Magma;
  const Image magma = render(model, "cache_magma");
  EXPECT_LE(colorDistance(magma.at(x, y), toPixel(sampleColormap(Colormap::Magma, 4.0 / 32.0))), 24);
  EXPECT_GT(colorDistance(before.at(x, y), magma.at(x, y)), 60);
}

// Where the window keeps its last frame (SceneRenderer::draw's windowHoldsLastFrame), a 2D view whose
// picture did not change is left as it is but for the rectangles something else covered since (ImGui's
// lists over the scene), which get the picture back; a changed view is drawn whole.
TEST_F(RenderTest, AStillViewDrawnOverTheLastFrameIsRepairedOnlyWhereSomethingCoveredIt) {
  Model model = quadraticModel("x^2 + 3*y^2");
  const SceneStyle style = plainStyle();
  const PixelRect area{0, 0, kSize, kSize};
  Image still;
  for (int frame = 0; frame < 3; ++frame) still = render(model, "kept_still", style);  // drawn, kept, copied
  const gl::GlRect covered{40, 50, 60, 30};
  const auto coverAndDraw = [&](const std::vector<gl::GlRect>& repair) {
    target_->bind();
    glEnable(GL_SCISSOR_TEST);
    glScissor(covered.x, covered.y, covered.width, covered.height);
    glClearColor(1, 0, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    scene_->draw(model, area, kSize, kSize, style, &repair);
    glFinish();
    return Image{kSize, kSize, target_->readRgba()};
  };
  const Image repaired = coverAndDraw({covered});
  EXPECT_TRUE(repaired.rgba == still.rgba);
  // Nothing said to be covered: the view is not drawn at all, the cover stays.
  const Image untouched = coverAndDraw({});
  const int row = kSize - 1 - (covered.y + covered.height / 2);
  EXPECT_EQ(untouched.at(covered.x + covered.width / 2, row), (Pixel{255, 0, 255}));
  EXPECT_EQ(untouched.at(covered.x + covered.width + 5, row), still.at(covered.x + covered.width + 5, row));
  // A moved view is drawn whole, over the cover too.
  model.view2d.centerX += 0.3;
  const Image moved = coverAndDraw({});
  const Image fresh = render(model, "kept_moved", style);
  EXPECT_TRUE(moved.rgba == fresh.rgba);
}

TEST_F(RenderTest, ContoursDrawLinesAtLevels) {
  Model model = quadraticModel("x^2 + y^2");
  model.display.contours = true;
  model.display.contourCount = 8;  // levels at f = 1, 2, ..., 7 over [0, 8]
  const Image image = render(model, "heatmap_contours");
  const Pixel onLevel = pixelAt(image, model, {std::sqrt(2.0), 0.0});  // f = 2
  const Pixel between = pixelAt(image, model, {std::sqrt(2.5), 0.0});  // f = 2.5
  EXPECT_GT(onLevel[0] + onLevel[1] + onLevel[2], between[0] + between[1] + between[2] + 60);
}

TEST_F(RenderTest, FormulaThatIsNaNOnHalfTheViewDrawsAHatch) {
  const Model model = quadraticModel("sqrt(x) + y");
  const Image image = render(model, "heatmap_nan_half");
  EXPECT_EQ(gl::checkErrors("NaN test"), 0);
  int hatch = 0, greys = 0;
  // Left half, clear of the axis bands and the start marker at (-1.5, 1) = pixel (32, 64).
  for (int y = 20; y < kSize - 40; y += 7)
    for (int x = 48; x < kSize / 2 - 4; x += 5) {
      const Pixel p = image.at(x, y);
      greys += p[0] == p[1] && p[1] == p[2];
      hatch += p[0] >= 70 && p[0] <= 120;
    }
  EXPECT_GT(greys, 0);
  EXPECT_EQ(greys, hatch) << "left half: neutral grey stripes only";
  // The right half is coloured by the colormap: viridis at sqrt(1) + 0 against the view's range.
  const Pixel right = pixelAt(image, model, {1.0, 0.0});
  EXPECT_NE(right[0], right[2]);
  EXPECT_TRUE(std::isfinite(scene_->heatmapRange().min) && std::isfinite(scene_->heatmapRange().max));
}

// Gradient descent on x^2 + 4y^2 from (-1.5, 1): x_k = -1.5 (1 - 2 lr)^k, y_k = (1 - 8 lr)^k.
Vec2 descentPoint(double lr, int step) {
  return {-1.5 * std::pow(1 - 2 * lr, step), std::pow(1 - 8 * lr, step)};
}

double distanceToSegment(Vec2 p, Vec2 a, Vec2 b) {
  const Vec2 ab = b - a;
  const double t = std::clamp(dot(p - a, ab) / std::max(dot(ab, ab), 1e-300), 0.0, 1.0);
  return norm(p - (a + t * ab));
}

TEST_F(RenderTest, EachRunsColourAppearsAlongItsKnownPath) {
  Model model = quadraticModel("x^2 + 4*y^2");
  model.display.gradientArrows = model.display.momentumArrows = false;
  model.display.secondMomentRects = model.display.lookahead = false;
  constexpr int kSteps = 40;
  const double rates[] = {0.02, 0.2};  // the second zig-zags across y = 0
  const Color colors[] = {{1.0f, 0.0f, 0.0f}, {1.0f, 0.0f, 1.0f}};
  for (int k = 0; k < 2; ++k) {
    auto optimizer = Optimizer::create("sgd");
    ASSERT_TRUE(optimizer);
    ASSERT_TRUE(optimizer->setParam("lr", rates[k]));
    const std::size_t index = addRun(model, RunSpec{"sgd", std::move(*optimizer), Schedule{}, 0, 1});
    model.runner.run(index).look().color = colors[k];
  }
  model.runner.step(kSteps);
  const Image image = render(model, "runs_known_paths");
  const double pixelsPerUnit = 1.0 / model.view2d.unitsPerPixel;
  for (int k = 0; k < 2; ++k) {
    const int other = 1 - k;
    int checked = 0, matches = 0;
    for (int step = 0; step < kSteps; ++step) {
      const Vec2 middle = 0.5 * (descentPoint(rates[k], step) + descentPoint(rates[k], step + 1));
      // Only where no other glyph can cover it: the other path, the start marker, the balls.
      double pathClearance = std::numeric_limits<double>::infinity();
      for (int s = 0; s < kSteps; ++s)
        pathClearance = std::min(pathClearance, distanceToSegment(middle, descentPoint(rates[other], s),
                                                                  descentPoint(rates[other], s + 1)));
      double glyphClearance = norm(middle - descentPoint(rates[k], 0));
      for (const int run : {0, 1})
        glyphClearance = std::min(glyphClearance, norm(middle - descentPoint(rates[run], kSteps)));
      const double segmentLength = norm(descentPoint(rates[k], step + 1) - descentPoint(rates[k], step));
      // Lines are 5 px wide, the start marker and balls about 12 px in radius.
      if (pathClearance * pixelsPerUnit < 7.0 || glyphClearance * pixelsPerUnit < 16.0 ||
          segmentLength * pixelsPerUnit < 1.0)
        continue;
      ++checked;
      matches += colorDistance(pixelAt(image, model, middle), toPixel(colors[k])) < 40;
    }
    EXPECT_GE(checked, 2) << "run " << k << ": the scene leaves too few places to look";
    EXPECT_EQ(matches, checked) << "run " << k;
  }
  EXPECT_EQ(gl::checkErrors("runs test"), 0);
}

// Each path is drawn in its own run's colour, whatever was removed before it: here a fork, whose index
// moves down when an earlier run goes, and its parent.
TEST_F(RenderTest, AForkIsDrawnInItsOwnColourAfterAnEarlierRunIsRemoved) {
  Model model = quadraticModel("x^2 + 4*y^2");
  model.display.gradientArrows = model.display.momentumArrows = false;
  model.display.secondMomentRects = model.display.lookahead = false;
  const Color red{1.0f, 0.0f, 0.0f}, blue{0.0f, 0.0f, 1.0f}, green{0.0f, 1.0f, 0.0f};
  for (double lr : {0.02, 0.005}) {
    auto optimizer = Optimizer::create("sgd");
    ASSERT_TRUE(optimizer && optimizer->setParam("lr", lr));
    addRun(model, RunSpec{"sgd", std::move(*optimizer), Schedule{}, 0, 1});
  }
  model.runner.run(0).look().color = red;
  model.runner.run(1).look().color = blue;
  model.runner.step(5);
  const std::size_t fork = forkRun(model, 0);
  model.runner.run(fork).look().color = green;
  RunSettings faster = model.runner.run(fork).settings();
  faster.params[0] = 0.2;  // lr: x shrinks by 0.6 a step, y flips sign
  editRun(model, fork, faster);
  model.runner.step(35);
  removeRun(model, 1);
  ASSERT_EQ(model.runner.size(), 2u);
  const Image image = render(model, "fork_after_removal");
  // The fork's first own segment, from step 5 to 6, three quarters along (clear of the parent's path and
  // of the fork marker at step 5), and the parent's path at step 12.5.
  const Vec2 forkStart = descentPoint(0.02, 5), forkNext{0.6 * forkStart.x, -0.6 * forkStart.y};
  const Vec2 onFork = forkStart + 0.75 * (forkNext - forkStart);
  const Vec2 onParent = 0.5 * (descentPoint(0.02, 12) + descentPoint(0.02, 13));
  EXPECT_LT(colorDistance(pixelAt(image, model, onFork), toPixel(green)), 40);
  EXPECT_LT(colorDistance(pixelAt(image, model, onParent), toPixel(red)), 40);
  EXPECT_EQ(gl::checkErrors("fork test"), 0);
}

// One red SGD run (lr 0.02) on x^2 + 4 y^2 with no arrows, stepped `steps` times: a path to look at.
Model oneRedRun(std::int64_t steps) {
  Model model = quadraticModel("x^2 + 4*y^2");
  model.display.gradientArrows = model.display.momentumArrows = false;
  model.display.secondMomentRects = model.display.lookahead = false;
  auto optimizer = Optimizer::create("sgd");
  if (!optimizer || !optimizer->setParam("lr", 0.02)) {
    ADD_FAILURE() << "no sgd with lr 0.02";
    return model;
  }
  const std::size_t index = addRun(model, RunSpec{"sgd", std::move(*optimizer), Schedule{}, 0, 1});
  model.runner.run(index).look().color = {1.0f, 0.0f, 0.0f};
  model.runner.step(steps);
  return model;
}

TEST_F(RenderTest, FadingDimsOldSegmentsOnly) {
  Model model = oneRedRun(600);
  // Step 5 is old (595 steps back); step 60 is about where the path meets the x axis, far from the ball.
  const Vec2 old = 0.5 * (descentPoint(0.02, 5) + descentPoint(0.02, 6));
  const Image solid = render(model, "fade_off");
  model.display.fadePaths = true;
  const Image faded = render(model, "fade_on");
  const Pixel red = toPixel({1.0f, 0.0f, 0.0f});
  EXPECT_LT(colorDistance(pixelAt(solid, model, old), red), 40);
  EXPECT_GT(colorDistance(pixelAt(faded, model, old), red), 150) << "old segments fade towards the heatmap";
  // Blending never leaves a translucent pixel behind: exported images are opaque.
  for (std::size_t i = 3; i < faded.rgba.size(); i += 4) ASSERT_EQ(faded.rgba[i], 255) << "pixel " << i / 4;
  EXPECT_EQ(gl::checkErrors("fade test"), 0);
}

TEST_F(RenderTest, PathsStayOnTheHeatmapInAnOffsetAreaFrameAfterFrame) {
  Model model = quadraticModel("x^2 + 4*y^2");
  model.display.gradientArrows = model.display.momentumArrows = false;
  model.display.secondMomentRects = model.display.lookahead = false;
  model.display.mode = ViewMode::SideBySide;
  auto optimizer = Optimizer::create("sgd");
  ASSERT_TRUE(optimizer && optimizer->setParam("lr", 0.02));
  const std::size_t index = addRun(model, RunSpec{"sgd", std::move(*optimizer), Schedule{}, 0, 1});
  model.runner.run(index).look().color = {1.0f, 0.0f, 0.0f};
  model.runner.step(40);
  const PixelRect area{40, 24, 200, 220};  // the 2D view is its left half
  const PixelRect view2d{40, 24, 100, 220};
  model.view2d = {-0.8, 0.4, 1.2 / 100};
  // The second frame copies the cached heatmap; the paths must still use the 2D view's viewport.
  for (const char* name : {"offset_first", "offset_second"}) {
    const Image image = render(model, name, plainStyle(), area);
    const Vec2 p =
        surfaceToScreen(model.view2d, view2d, 0.5 * (descentPoint(0.02, 8) + descentPoint(0.02, 9)));
    EXPECT_LT(colorDistance(image.at(static_cast<int>(p.x), static_cast<int>(p.y)), toPixel({1, 0, 0})), 40)
        << name;
  }
}

// While a run plays, the paths over the heatmap change every frame but the heatmap does not: it is kept
// in a target of its own and copied. Every frame, the one that fills that target included, must show the
// whole heatmap, here in a view that does not start at the framebuffer's corner.
TEST_F(RenderTest, HeatmapStaysWholeInAnOffsetViewWhileARunSteps) {
  Model model = quadraticModel("x^2 + y^2");
  auto optimizer = Optimizer::create("sgd");
  ASSERT_TRUE(optimizer && optimizer->setParam("lr", 0.05));
  addRun(model, RunSpec{"sgd", std::move(*optimizer), Schedule{}, 0, 1});
  const PixelRect area{40, 24, 200, 220};
  model.view2d = {0.0, 0.0, 4.0 / 200};
  const Image first = render(model, "playing_first", plainStyle(), area);
  // Away from the run: under the y axis labels, under the x axis labels, the top right.
  const std::array<int, 2> probes[] = {{50, 150}, {150, 238}, {200, 60}, {228, 120}};
  for (int frame = 1; frame <= 3; ++frame) {
    model.runner.step(1);
    const Image image = render(model, "playing_" + std::to_string(frame), plainStyle(), area);
    for (const auto& [x, y] : probes)
      EXPECT_LE(colorDistance(image.at(x, y), first.at(x, y)), 3)
          << "frame " << frame << " at " << x << ", " << y;
  }
}

TEST_F(RenderTest, SurfaceViewDrawsAMeshAndGlyphsWithoutErrors) {
  Model model = quadraticModel("x^2 - y^2");
  model.display.mode = ViewMode::SideBySide;
  model.display.wireframe = true;
  auto optimizer = Optimizer::create("adam");
  ASSERT_TRUE(optimizer);
  addRun(model, RunSpec{"adam", std::move(*optimizer), Schedule{}, 0, 1});
  model.runner.step(50);
  SceneStyle style;
  const Image image = render(model, "side_by_side", style);
  EXPECT_EQ(gl::checkErrors("3D test"), 0);
  // The mesh covers the middle of the right half: not the plain background.
  const Pixel middle = image.at(3 * kSize / 4, kSize / 2);
  EXPECT_GT(colorDistance(middle, {27, 28, 33}), 30);
}

TEST_F(RenderTest, ZeroSizedAreaDrawsNothingAndRaisesNoError) {
  const Model model = quadraticModel("x^2 + y^2");
  target_->bind();
  scene_->draw(model, {0, 0, 0, 0}, kSize, kSize);
  scene_->draw(model, {0, 0, 100, 100}, 0, 0);
  EXPECT_EQ(gl::checkErrors("empty"), 0);
}

// Paths recomputed at once (a what-if edit) are thinned on two threads; paths that grow a few points a
// frame are thinned on one. Both must give the same picture, in 2D and 3D, pixel for pixel.
TEST_F(RenderTest, PathsThinnedOnTwoThreadsDrawAsPathsGrownStepByStep) {
  const auto makeModel = [] {
    Model model = makeDefaultModel();
    model.display.mode = ViewMode::SideBySide;
    model.playback.playing = false;
    return model;
  };
  Model atOnce = makeModel();
  ASSERT_GE(atOnce.runner.size(), 2u);
  atOnce.runner.step(1500);  // every run's 1500 new points in one upload: above the threaded threshold
  const Image threaded = render(atOnce, "paths_threaded");

  Model grown = makeModel();
  scene_ = std::make_unique<SceneRenderer>();  // a renderer that has uploaded nothing yet
  Image stepwise;
  for (int chunk = 0; chunk < 30; ++chunk) {
    grown.runner.step(50);  // a few hundred new points a frame: thinned on this thread
    stepwise = render(grown, "paths_stepwise");
  }
  ASSERT_EQ(stepwise.rgba.size(), threaded.rgba.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < threaded.rgba.size(); i += 4)
    differing += std::equal(&threaded.rgba[i], &threaded.rgba[i] + 3, &stepwise.rgba[i]) ? 0 : 1;
  EXPECT_EQ(differing, 0u);
}

// A renderer keeps only the paths' levels of detail its views draw: zoomed far enough that the 2D view
// draws another level, it thins that one from the paths' start, and each frame equals a new renderer's.
TEST_F(RenderTest, AZoomToAnotherLevelOfDetailDrawsThePathsAsANewRendererDoes) {
  Model model = makeDefaultModel();
  model.display.mode = ViewMode::Heatmap2D;
  model.playback.playing = false;
  model.runner.step(1500);
  const Vec2 middle = model.runner.run(0).path()[model.runner.run(0).path().size() / 2];
  model.view2d.centerX = middle.x;
  model.view2d.centerY = middle.y;
  const double unitsPerPixel = model.view2d.unitsPerPixel;
  const SurfaceFrame frame = frameOf(model.runner.surface().domain);
  const auto levelAt = [&](double zoom) {
    return PathRenderer::levelFor(
        static_cast<float>(frame.halfExtent / kWorldHalfSize / (unitsPerPixel / zoom)));
  };
  ASSERT_NE(levelAt(1.0), levelAt(8.0));
  for (const double zoom : {1.0, 8.0, 1.0}) {
    model.view2d.unitsPerPixel = unitsPerPixel / zoom;
    const Image kept = render(model, "zoom_kept");
    auto keeping = std::move(scene_);
    scene_ = std::make_unique<SceneRenderer>();
    const Image fresh = render(model, "zoom_fresh");
    scene_ = std::move(keeping);
    ASSERT_EQ(kept.rgba.size(), fresh.rgba.size());
    std::size_t differing = 0, pathPixels = 0;
    const Color& color = model.runner.run(0).look().color;
    for (int y = 0; y < kSize; ++y)
      for (int x = 0; x < kSize; ++x) {
        differing += kept.at(x, y) == fresh.at(x, y) ? 0 : 1;
        pathPixels += colorDistance(kept.at(x, y), toPixel(color)) < 30 ? 1 : 0;
      }
    EXPECT_EQ(differing, 0u) << "zoom " << zoom;
    EXPECT_GT(pathPixels, 50u) << "zoom " << zoom << ": the first run's path is in the view";
  }
}

// The Maps panel's basin map lies over the heatmap (its first row at the top of its range, at its opacity)
// and under the paths; a new version of its texels is drawn, though nothing else in the view changed.
TEST_F(RenderTest, ABasinMapLiesOverTheHeatmapAndUnderThePaths) {
  Model model = oneRedRun(40);

  // Two rows: green on top, blue below.
  const gl::Texture texture = gl::makeTexture();
  const auto upload = [&](std::array<std::uint8_t, 3> top, std::array<std::uint8_t, 3> bottom) {
    const std::array<std::uint8_t, 8> rgba{top[0], top[1], top[2], 255, bottom[0], bottom[1], bottom[2], 255};
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1, 2, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    gl::setSampling(GL_NEAREST);
    glBindTexture(GL_TEXTURE_2D, 0);
  };
  upload({0, 255, 0}, {0, 0, 255});
  const Image plain = render(model, "basin_none");
  SceneStyle style = plainStyle();
  style.basinMap = {texture.id(), Domain{-1.8, 1.8, -1.0, 1.8}, 1.0f, 1};
  const Image mapped = render(model, "basin_opaque", style);
  const Vec2 topRight{1.5, 1.5}, lowRight{1.5, -0.5}, outside{1.5, -1.6};
  EXPECT_LE(colorDistance(pixelAt(mapped, model, topRight), {0, 255, 0}), 3);
  EXPECT_LE(colorDistance(pixelAt(mapped, model, lowRight), {0, 0, 255}), 3);
  EXPECT_LE(colorDistance(pixelAt(mapped, model, outside), pixelAt(plain, model, outside)), 3);
  const Vec2 onPath = 0.5 * (descentPoint(0.02, 8) + descentPoint(0.02, 9));
  EXPECT_LT(colorDistance(pixelAt(mapped, model, onPath), toPixel({1, 0, 0})), 40);

  style.basinMap.opacity = 0.5f;
  const Image half = render(model, "basin_half", style);
  const Pixel under = pixelAt(plain, model, topRight), blended = pixelAt(half, model, topRight);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(blended[c], 0.5 * (under[c] + (c == 1 ? 255 : 0)), 3.0) << "channel " << c;

  style.basinMap.opacity = 1.0f;
  for (const char* name : {"basin_again", "basin_kept"}) render(model, name, style);  // the view is kept
  upload({255, 255, 0}, {0, 0, 255});  // the map refined: new texels, a new version
  style.basinMap.version = 2;
  EXPECT_LE(colorDistance(pixelAt(render(model, "basin_refined", style), model, topRight), {255, 255, 0}), 3);
  EXPECT_EQ(gl::checkErrors("basin map test"), 0);
}

}  // namespace
}  // namespace gs::testing
