// Render tests of the 3D view and of what both views say about the runs: balls hidden behind hills,
// axes, the run legend and its hotspots, and the markers of a diverged run.
#include <cmath>
#include <string>
#include <vector>

#include "gl/frame_caches.hpp"
#include "gl/gl.hpp"
#include "test_render_fixture.hpp"
#include "view/camera3d.hpp"
#include "view/edge_markers.hpp"
#include "view/run_legend.hpp"
#include "view/view2d.hpp"

namespace gs::testing {
namespace {

constexpr Color kMagenta{1.0f, 0.0f, 1.0f};

Model modelOf(const char* formula, Vec2 start, ViewMode mode) {
  auto result = makeCustomSurface(formula, {-2, 2, -2, 2}, start);
  EXPECT_TRUE(result.surface) << result.error.message;
  Model model(std::move(*result.surface));
  model.display.mode = mode;
  model.display.contours = model.display.meshContours = false;
  model.display.minima = false;
  model.display.gradientArrows = model.display.momentumArrows = false;
  model.display.secondMomentRects = model.display.lookahead = false;
  model.view2d = {0.0, 0.0, 4.0 / RenderTest::kSize};
  return model;
}

std::size_t addSgd(Model& model, double lr, Color color) {
  auto optimizer = Optimizer::create("sgd");
  EXPECT_TRUE(optimizer);
  EXPECT_TRUE(optimizer->setParam("lr", lr));
  const std::size_t index = addRun(model, RunSpec{"", std::move(*optimizer), Schedule{}, 0, 1});
  model.runner.run(index).look().color = color;
  return index;
}

// Pixels around (x, y) whose colour is a shade of magenta (the lit sphere keeps r ~ b >> g).
int magentaPixelsAround(const Image& image, Vec2 center, int radius) {
  int count = 0;
  for (int y = int(center.y) - radius; y <= int(center.y) + radius; ++y)
    for (int x = int(center.x) - radius; x <= int(center.x) + radius; ++x) {
      if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
      const Pixel p = image.at(x, y);
      count += p[0] > 110 && p[2] > 110 && p[1] < 0.45 * p[0] && std::abs(p[0] - p[2]) < 60;
    }
  return count;
}

// Three SGD runs on a bumpy bowl in the 3D view, with gradient and momentum arrows: paths, balls and glyphs
// that move across the view when their learning rates change (sweepLearningRates).
Model threeRunsOnABumpyBowl() {
  Model model = modelOf("x^2 + 3*y^2 + 0.4*sin(3*x)", {-1.6, 1.4}, ViewMode::Surface3D);
  model.display.gradientArrows = model.display.momentumArrows = true;
  const Color colors[] = {kMagenta, {0.1f, 0.9f, 0.2f}, {1.0f, 0.6f, 0.0f}};
  for (int i = 0; i < 3; ++i) addSgd(model, 0.03 * (i + 1), colors[i]);
  model.runner.step(60);
  return model;
}

// A dragged slider: every run's lr, and so its whole path and its name, changes with the frame.
void sweepLearningRates(Model& model, int frame) {
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    RunSettings settings = model.runner.run(i).settings();
    settings.params[0] = 0.03 * double(i + 1) * (1.0 + 0.2 * frame);  // sgd's first parameter is lr
    editRun(model, i, settings);
  }
}

// Bytes in which two images of the same size differ.
int differingBytes(const Image& a, const Image& b) {
  EXPECT_EQ(a.rgba.size(), b.rgba.size());
  int differing = 0;
  for (std::size_t i = 0; i < a.rgba.size() && i < b.rgba.size(); ++i) differing += a.rgba[i] != b.rgba[i];
  return differing;
}

std::optional<Vec2> ballPixel(const Model& model, Vec2 point) {
  const SurfaceFrame frame = frameOf(model.runner.surface().domain);
  const glm::vec3 world = toWorld(frame, point, 0.0f, model.view3d.heightScale);  // on the floor
  return projectToScreen(cameraViewProjection(model.view3d, 1.0f),
                         {0, 0, RenderTest::kSize, RenderTest::kSize}, world);
}

// A hill in the middle of the domain, and a point on the floor straight behind it as the default camera
// looks.
constexpr const char* kHill = "3*exp(-(x^2 + y^2)/0.3)";
Vec2 behindTheHill() {
  const glm::vec3 eye = cameraEye(View3D{});
  const glm::vec2 away = -glm::normalize(glm::vec2(eye.x, eye.y));
  return {1.2 * away.x / kWorldHalfSize * 0.7, 1.2 * away.y / kWorldHalfSize * 0.7};
}

TEST_F(RenderTest, ABallBehindAHillIsHiddenAndSeenFromTheOtherSide) {
  const Vec2 behind = behindTheHill();
  Model model = modelOf(kHill, behind, ViewMode::Surface3D);
  model.display.runLegend = false;
  addSgd(model, 1e-6, kMagenta);
  SceneStyle style = plainStyle();
  style.ballRadius = 8.0f;
  const auto hiddenAt = ballPixel(model, behind);
  ASSERT_TRUE(hiddenAt);
  const Image hidden = render(model, "ball_behind_hill", style);
  EXPECT_EQ(magentaPixelsAround(hidden, *hiddenAt, 14), 0);

  model.view3d.yaw += static_cast<float>(M_PI);  // now the ball is in front of the hill
  const auto seenAt = ballPixel(model, behind);
  ASSERT_TRUE(seenAt);
  const Image seen = render(model, "ball_in_front_of_hill", style);
  EXPECT_GT(magentaPixelsAround(seen, *seenAt, 14), 40);
  EXPECT_EQ(gl::checkErrors("occlusion test"), 0);
}

// While the camera holds still, the mesh and its depth are copied from the last frame instead of drawn:
// every frame, the ones that fill and use that copy included, must be the frame drawn without it, and a
// ball that moves behind the hill must still be hidden by the copied depth.
TEST_F(RenderTest, AStillCameraGivesTheSameFramesWithTheMeshCopied) {
  const Vec2 behind = behindTheHill();
  Model model = modelOf(kHill, behind, ViewMode::Surface3D);
  model.display.meshContours = true;
  model.display.runLegend = false;
  addSgd(model, 0.05, kMagenta);
  SceneStyle style = plainStyle();
  style.ballRadius = 8.0f;
  // Seen from both sides (the ball hidden behind the hill, then in front of it and moving): five frames
  // with the caches (drawn, drawn and kept, then copied three times), then the same five drawn without.
  for (const bool hiddenSide : {true, false}) {
    if (!hiddenSide) model.view3d.yaw += static_cast<float>(M_PI);
    model.runner.seek(0);
    std::vector<Image> cached, drawn;
    std::vector<Vec2> points;
    for (int frame = 0; frame < 5; ++frame) {
      model.runner.step(1);
      cached.push_back(render(model, "mesh_copied_" + std::to_string(frame), style));
      points.push_back(model.runner.run(0).point());
    }
    model.runner.seek(0);
    setFrameCachesEnabled(false);
    for (int frame = 0; frame < 5; ++frame) {
      model.runner.step(1);
      drawn.push_back(render(model, "mesh_drawn_" + std::to_string(frame), style));
    }
    setFrameCachesEnabled(true);
    for (int frame = 0; frame < 5; ++frame) {
      EXPECT_EQ(differingBytes(cached[frame], drawn[frame]), 0)
          << "frame " << frame << (hiddenSide ? ", ball behind the hill" : "");
      const auto at = ballPixel(model, points[frame]);
      ASSERT_TRUE(at);
      if (hiddenSide)
        EXPECT_EQ(magentaPixelsAround(cached[frame], *at, 14), 0) << "frame " << frame;
      else
        EXPECT_GT(magentaPixelsAround(cached[frame], *at, 14), 40) << "frame " << frame;
    }
  }
  EXPECT_EQ(gl::checkErrors("mesh copy test"), 0);
}

// While the camera holds still and whole paths change every frame (a dragged slider), the mesh is copied
// back only where the last frame drew over it: each frame must still be the one drawn without
// the caches, with paths, balls and arrows moving across the view, and most of the view not copied.
TEST_F(RenderTest, AStillCameraCopiesTheMeshBackOnlyUnderWhatMovesAndDrawsTheSame) {
  const auto makeModel = [] {
    Model model = threeRunsOnABumpyBowl();
    model.display.meshContours = true;
    model.display.runLegend = false;
    return model;
  };
  const auto sweep = sweepLearningRates;
  ASSERT_EQ(Optimizer::create("sgd")->params()[0].name, "lr");
  SceneStyle style = plainStyle();
  style.ballRadius = 20.0f;  // balls reaching well past their paths' tiles
  std::vector<Image> cached, drawn;
  std::vector<long long> restored;
  Model model = makeModel();
  for (int frame = 0; frame < 6; ++frame) {
    sweep(model, frame);
    cached.push_back(render(model, "mesh_restored_" + std::to_string(frame), style));
    restored.push_back(scene_->meshRestoredPixels());
  }
  setFrameCachesEnabled(false);
  model = makeModel();
  for (int frame = 0; frame < 6; ++frame) {
    sweep(model, frame);
    drawn.push_back(render(model, "mesh_all_drawn_" + std::to_string(frame), style));
  }
  setFrameCachesEnabled(true);
  for (int frame = 0; frame < 6; ++frame)
    EXPECT_EQ(differingBytes(cached[frame], drawn[frame]), 0) << "frame " << frame;
  // Frames 0 and 1 draw the mesh (the second keeps its picture); from frame 2 on it is copied back, and
  // only in part: the target holds the last frame's.
  EXPECT_EQ(restored[0], 0);
  EXPECT_EQ(restored[1], 0);
  for (int frame = 2; frame < 6; ++frame) {
    EXPECT_GT(restored[frame], 0) << "frame " << frame;
    EXPECT_LT(restored[frame], static_cast<long long>(kSize) * kSize / 2) << "frame " << frame;
  }
  EXPECT_EQ(gl::checkErrors("partial mesh copy test"), 0);
}

// A dragged slider (every run's path and name changes), the runs hidden in frame 4 and shown in 5, the run
// legend off in frame 6 and on in 7.
void slideHideAndShow(Model& model, int frame) {
  sweepLearningRates(model, frame);
  for (std::size_t i = 0; i < model.runner.size(); ++i) model.runner.run(i).look().enabled = frame != 4;
  model.display.runLegend = frame != 6;
}

// Eight frames of threeRunsOnABumpyBowl in `mode` (slideHideAndShow) drawn over one another into a target
// that keeps the last frame, as a window does (SceneRenderer::draw's windowHoldsLastFrame), with a magenta
// rectangle drawn over the view before frame 3 (a tooltip), in a view away from the frame's corner (a copy to
// the wrong place shows). Each must equal the frame drawn whole with the frame caches off (`renderWhole`).
// `copied` reads a count of pixels the scene copied off it after each frame: the whole view in the first
// `wholeFrames`, then more than none and less than `share` of it.
template <class RenderWhole, class Copied>
void expectKeptFramesDrawnWhole(gl::OffscreenTarget& target, SceneRenderer& scene, ViewMode mode,
                                RenderWhole renderWhole, Copied copied, int wholeFrames, double share) {
  constexpr int kFrames = 8;
  const PixelRect area{20, 12, 216, 232};
  SceneStyle style = RenderTest::plainStyle();
  style.textPixels = 9.0f;  // a legend that leaves most of this small view free
  const auto makeModel = [mode] {
    Model model = threeRunsOnABumpyBowl();
    model.display.mode = mode;
    model.display.runLegend = true;
    return model;
  };
  const gl::GlRect cover{40, 216, 50, 24};  // over the view's empty top (GL coordinates)
  std::vector<Image> kept;
  std::vector<long long> counts;
  Model model = makeModel();
  target.bind();
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  for (int frame = 0; frame < kFrames; ++frame) {
    slideHideAndShow(model, frame);
    target.bind();
    std::vector<gl::GlRect> covered;
    if (frame == 3) {
      glEnable(GL_SCISSOR_TEST);
      glScissor(cover.x, cover.y, cover.width, cover.height);
      glClearColor(1, 0, 1, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      glDisable(GL_SCISSOR_TEST);
      covered.push_back(cover);
    }
    scene.draw(model, area, RenderTest::kSize, RenderTest::kSize, style, frame == 0 ? nullptr : &covered);
    glFinish();
    kept.push_back(Image{RenderTest::kSize, RenderTest::kSize, target.readRgba()});
    counts.push_back(copied(scene));
  }
  setFrameCachesEnabled(false);
  model = makeModel();
  for (int frame = 0; frame < kFrames; ++frame) {
    slideHideAndShow(model, frame);
    EXPECT_EQ(differingBytes(kept[frame], renderWhole(model, frame, style, area)), 0) << "frame " << frame;
  }
  setFrameCachesEnabled(true);
  const long long view = static_cast<long long>(area.width) * area.height;
  for (int frame = 0; frame < wholeFrames; ++frame) EXPECT_EQ(counts[frame], view) << "frame " << frame;
  for (int frame = 2; frame < kFrames; ++frame) {
    EXPECT_GT(counts[frame], 0) << "frame " << frame;
    EXPECT_LT(static_cast<double>(counts[frame]), share * static_cast<double>(view)) << "frame " << frame;
  }
  EXPECT_EQ(gl::checkErrors("kept view test"), 0);
}

// Where the window keeps its last frame (SceneRenderer::draw's windowHoldsLastFrame), a 3D view whose mesh
// holds still while whole paths change (a dragged slider) is copied in only where its target changed, where
// the last frame's notes over it were (a run legend whose names follow the learning rate) and where something
// else was drawn over it: every frame drawn over the last one must equal the frame drawn whole, with most of
// the view not copied. Frame by frame: a window over the view (3), the runs hidden (4) and shown again (5),
// the run legend switched off (6) and on (7). The first frame copies the whole view (drawn over a cleared
// target, then the mesh is drawn and kept); once the mesh is copied back, only what changed.
TEST_F(RenderTest, AStillThreeDViewDrawnOverTheLastFrameEqualsTheFrameDrawnWhole) {
  expectKeptFramesDrawnWhole(
      *target_, *scene_, ViewMode::Surface3D,
      [&](const Model& model, int frame, const SceneStyle& style, const PixelRect& area) {
        return render(model, "kept_3d_" + std::to_string(frame), style, area);
      },
      [](const SceneRenderer& scene) { return scene.view3dCopiedPixels(); }, 1, 0.6);
}

// The 2D view as the 3D one above: with new paths every frame over a heatmap that holds still, the heatmap is
// copied back only where the last frame drew over it (paths, glyphs, axes, notes) and where the rectangle
// was drawn over the view, and every frame equals the frame drawn whole. The heatmap is drawn straight in
// the first frame, drawn into its picture in the second (both whole); from then on copied back in part.
TEST_F(RenderTest, ATwoDViewWithNewPathsOverTheLastFrameEqualsTheFrameDrawnWhole) {
  expectKeptFramesDrawnWhole(
      *target_, *scene_, ViewMode::Heatmap2D,
      [&](const Model& model, int frame, const SceneStyle& style, const PixelRect& area) {
        return render(model, "kept_2d_" + std::to_string(frame), style, area);
      },
      [](const SceneRenderer& scene) { return scene.heatmapPixels(); }, 2, 0.8);
}

TEST_F(RenderTest, TheThreeDViewHasAxesAlongItsNearEdges) {
  Model model = modelOf("x^2 + y^2", {1.0, 1.0}, ViewMode::Surface3D);
  model.display.runLegend = false;
  const Image image = render(model, "axes_3d");
  // The x axis runs along the bottom edge nearest the eye (y = -2 for the default camera), at t = 0.
  const glm::vec3 eye = cameraEye(model.view3d);
  const double nearY = eye.y > 0.0 ? 2.0 : -2.0, nearX = eye.x > 0.0 ? 2.0 : -2.0;
  const SurfaceFrame frame = frameOf(model.runner.surface().domain);
  const glm::mat4 viewProjection = cameraViewProjection(model.view3d, 1.0f);
  const PixelRect viewport{0, 0, kSize, kSize};
  // Light grey within a pixel of the projected point.
  const auto onLine = [&](Vec2 pixel) {
    bool found = false;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const Pixel c = image.at(int(pixel.x) + dx, int(pixel.y) + dy);
        found = found || (c[0] > 150 && c[1] > 150 && c[2] > 150);
      }
    return found;
  };
  int onAxis = 0, checked = 0;
  for (const double f : {-0.6, -0.2, 0.3, 0.7}) {
    for (const Vec2 p : {Vec2{f * 2.0, nearY}, Vec2{nearX, f * 2.0}}) {
      const auto pixel = projectToScreen(viewProjection, viewport, toWorld(frame, p, 0.0f, 1.0f));
      ASSERT_TRUE(pixel);
      ++checked;
      onAxis += onLine(*pixel);
    }
  }
  EXPECT_EQ(onAxis, checked);
  // The f axis: up the side corner further left on the screen, from the floor (t = 0) to the top (t = 1).
  const double farX = -nearX, farY = -nearY;
  const auto cornerA = projectToScreen(viewProjection, viewport, toWorld(frame, {nearX, farY}, 0.0f, 1.0f));
  const auto cornerB = projectToScreen(viewProjection, viewport, toWorld(frame, {farX, nearY}, 0.0f, 1.0f));
  ASSERT_TRUE(cornerA && cornerB);
  const Vec2 fCorner = cornerA->x < cornerB->x ? Vec2{nearX, farY} : Vec2{farX, nearY};
  int onFAxis = 0;
  for (const float t : {0.25f, 0.5f, 0.75f}) {
    const auto pixel =
        projectToScreen(viewProjection, viewport, toWorld(frame, fCorner, t, model.view3d.heightScale));
    ASSERT_TRUE(pixel);
    onFAxis += onLine(*pixel);
  }
  EXPECT_EQ(onFAxis, 3);
  // Tick labels: light text beside the axes, well beyond the lines themselves.
  int light = 0;
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) {
      const Pixel c = image.at(x, y);
      light += c[0] > 200 && c[1] > 200 && c[2] > 200;
    }
  EXPECT_GT(light, 150);
}

// A window over the 3D view (presentation's step counter, the caption: SceneStyle::keepClear) keeps the
// axes out from under it: their lines and labels stop at its edge and go on beyond it.
TEST_F(RenderTest, TheThreeDViewsAxesKeepOutFromUnderWindowsOverTheView) {
  Model model = modelOf("x^2 + y^2", {1.0, 1.0}, ViewMode::Surface3D);
  model.display.runLegend = false;
  const glm::vec3 eye = cameraEye(model.view3d);
  const double nearY = eye.y > 0.0 ? 2.0 : -2.0;
  const SurfaceFrame frame = frameOf(model.runner.surface().domain);
  const glm::mat4 viewProjection = cameraViewProjection(model.view3d, 1.0f);
  const PixelRect viewport{0, 0, kSize, kSize};
  // Points of the x axis (along y = nearY on the floor): the window covers the first two.
  std::vector<Vec2> pixels;
  for (const double f : {-0.7, -0.5, 0.4, 0.7}) {
    const auto pixel =
        projectToScreen(viewProjection, viewport, toWorld(frame, {f * 2.0, nearY}, 0.0f, 1.0f));
    ASSERT_TRUE(pixel);
    pixels.push_back(*pixel);
  }
  const auto lightAround = [](const Image& image, Vec2 pixel) {
    int light = 0;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const Pixel c = image.at(int(pixel.x) + dx, int(pixel.y) + dy);
        light += c[0] > 150 && c[1] > 150 && c[2] > 150;
      }
    return light;
  };
  const auto box = [](Vec2 a, Vec2 b) {
    const int x0 = int(std::floor(std::min(a.x, b.x))) - 3, y0 = int(std::floor(std::min(a.y, b.y))) - 3;
    return PixelRect{x0, y0, int(std::ceil(std::max(a.x, b.x))) + 4 - x0,
                     int(std::ceil(std::max(a.y, b.y))) + 4 - y0};
  };
  SceneStyle style = plainStyle();
  const Image open = render(model, "axes_3d_open", style);
  style.keepClear.push_back(box(pixels[0], pixels[1]));
  const Image covered = render(model, "axes_3d_window", style);
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    EXPECT_GT(lightAround(open, pixels[i]), 0) << "axis point " << i;
    if (i < 2)
      EXPECT_EQ(lightAround(covered, pixels[i]), 0) << "axis point " << i << " is under the window";
    else
      EXPECT_GT(lightAround(covered, pixels[i]), 0) << "axis point " << i << " is beside the window";
  }
}

TEST_F(RenderTest, TheRunLegendShowsEachRunsColourAndAnswersClicks) {
  Model model = modelOf("x^2 + 4*y^2", {-1.5, 1.0}, ViewMode::Heatmap2D);
  const Color colors[] = {{1.0f, 0.0f, 0.0f}, kMagenta};
  addSgd(model, 0.02, colors[0]);
  addSgd(model, 0.2, colors[1]);
  model.runner.step(5);
  SceneStyle style = plainStyle();
  style.interactive = true;
  style.runLegendCorner = LegendCorner::BottomLeft;
  const Image image = render(model, "run_legend", style);
  // The rows are laid out as the renderer does (one line each in this width), above the x axis band and
  // right of the y axis band, at the corner the style fixes (the zigzag's lowest point touches the box at
  // the left: the renderer's own choice would take the right, by its font's measure).
  const auto width = [](std::string_view text) { return 8.0 * double(text.size()); };
  const int band = static_cast<int>(std::ceil(scene_->yAxisBand(model.view2d, {0, 0, kSize, kSize})));
  EXPECT_GT(band, 10);
  const RunLegendLayout layout =
      layoutRunLegend(runLegendRows(model), {band, 0, kSize - band, kSize}, style.textPixels + 10.0,
                      style.textPixels, width, 0.0, {}, LegendCorner::BottomLeft);
  ASSERT_EQ(layout.rows.size(), 2u);
  for (int k = 0; k < 2; ++k) {
    const Vec2 swatch = layout.rows[k].swatch;
    EXPECT_LT(colorDistance(image.at(int(swatch.x), int(swatch.y)), toPixel(colors[k])), 60) << "row " << k;
  }
  // Each row answers a click that toggles its run.
  int toggles = 0;
  for (const Hotspot& hotspot : scene_->hotspots())
    if (hotspot.action == HotspotAction::ToggleRun) {
      ++toggles;
      EXPECT_GE(hotspot.rect.x, band);  // the legend hides no y tick label
      EXPECT_TRUE(
          hotspot.rect.contains(layout.rows[hotspot.run].swatch.x, layout.rows[hotspot.run].swatch.y));
    }
  EXPECT_EQ(toggles, 2);
  model.runner.run(1).look().enabled = false;  // hidden: still listed, dimmed
  const Image hidden = render(model, "run_legend_hidden", style);
  const Vec2 swatch = layout.rows[1].swatch;
  const Pixel dim = hidden.at(int(swatch.x), int(swatch.y));
  EXPECT_GT(colorDistance(dim, toPixel(colors[1])), 100);
  EXPECT_GT(dim[0] + dim[2], 2 * dim[1] + 20);  // still a shade of its colour

  // Presentation mode fixes the corner (where its step counter made room): the rows go there.
  model.runner.run(1).look().enabled = true;
  style.runLegendCorner = LegendCorner::BottomRight;
  const Image right = render(model, "run_legend_right", style);
  int rows = 0;
  for (const Hotspot& hotspot : scene_->hotspots())
    if (hotspot.action == HotspotAction::ToggleRun) {
      ++rows;
      EXPECT_GT(hotspot.rect.x, layout.rows[hotspot.run].box.x);
      EXPECT_GE(hotspot.rect.x + hotspot.rect.width, kSize - band);  // the right margin, as the left one
      EXPECT_LE(hotspot.rect.x + hotspot.rect.width, kSize);
      const Vec2 at{hotspot.rect.x + (layout.rows[hotspot.run].swatch.x - layout.rows[hotspot.run].box.x),
                    layout.rows[hotspot.run].swatch.y};
      EXPECT_LT(colorDistance(right.at(int(at.x), int(at.y)), toPixel(colors[hotspot.run])), 60);
    }
  EXPECT_EQ(rows, 2);
}

// x^2 + 4 y^2 in the 2D view with one magenta SGD run (run 0) from `start` at `lr`, stepped 100 times: it
// has diverged (checked by the caller).
Model divergingRun(Vec2 start, double lr) {
  Model model = modelOf("x^2 + 4*y^2", start, ViewMode::Heatmap2D);
  model.display.runLegend = false;
  addSgd(model, lr, kMagenta);
  model.runner.step(100);
  return model;
}

TEST_F(RenderTest, ADivergedRunIsMarkedAtTheViewsEdgeAndLeavesNoBandIn3D) {
  Model model = divergingRun({-1.5, 1.0}, 1.5);
  const std::size_t run = 0;
  ASSERT_EQ(model.runner.run(run).status(), RunStatus::Diverged);
  const SceneStyle style = plainStyle();
  const Image flat = render(model, "diverged_2d", style);
  const PixelRect viewport{0, 0, kSize, kSize};
  const auto marker =
      edgeMarker(viewport, style.ballRadius + 6.0,
                 surfaceToScreen(model.view2d, viewport, model.runner.run(run).path().back()));
  ASSERT_TRUE(marker);
  EXPECT_LT(colorDistance(flat.at(int(marker->at.x), int(marker->at.y)), toPixel(kMagenta)), 60);

  // In 3D the path ends at the domain's edge: no run-coloured pixel beyond the surface's outline.
  model.display.mode = ViewMode::Surface3D;
  const Image surface = render(model, "diverged_3d", style);
  const SurfaceFrame frame = frameOf(model.runner.surface().domain);
  const glm::mat4 viewProjection = cameraViewProjection(model.view3d, 1.0f);
  double left = 1e9, right = -1e9, top = 1e9, bottom = -1e9;
  for (const double x : {-2.0, 2.0})
    for (const double y : {-2.0, 2.0})
      for (const float t : {0.0f, 1.0f}) {
        const auto p = projectToScreen(viewProjection, viewport, toWorld(frame, {x, y}, t, 1.0f));
        ASSERT_TRUE(p);
        left = std::min(left, p->x), right = std::max(right, p->x);
        top = std::min(top, p->y), bottom = std::max(bottom, p->y);
      }
  int inside = 0, outside = 0;
  constexpr double kMarkerRoom = 14.0;  // the edge marker may stick out of the outline
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) {
      if (colorDistance(surface.at(x, y), toPixel(kMagenta)) > 40) continue;
      const bool within = x >= left - kMarkerRoom && x <= right + kMarkerRoom && y >= top - kMarkerRoom &&
                          y <= bottom + kMarkerRoom;
      (within ? inside : outside) += 1;
    }
  EXPECT_GT(inside, 20);  // the path on the surface and its marker
  EXPECT_EQ(outside, 0);
  EXPECT_EQ(gl::checkErrors("divergence test"), 0);
}

TEST_F(RenderTest, ADivergingRunsJumpsBetweenFarPointsDoNotCrossThe2DView) {
  // f = x^2 + 4 y^2 with lr 0.9: x_k = -1.5 (-0.8)^k shrinks while y_k = 0.9 (-6.2)^k grows, so from step 2
  // on every segment joins two points far above and below the view and would cross it as a line.
  const Model model = divergingRun({-1.5, 0.9}, 0.9);
  ASSERT_EQ(model.runner.run(0).status(), RunStatus::Diverged);
  const std::vector<Vec2>& path = model.runner.run(0).path();
  ASSERT_GT(path.size(), 4u);
  const Image image = render(model, "diverged_jumps_2d", plainStyle());
  const PixelRect viewport{0, 0, kSize, kSize};
  const auto crossing = [&](std::size_t k) {  // where segment k -> k + 1 crosses y = 0, on the screen
    const Vec2 a = path[k], b = path[k + 1];
    return surfaceToScreen(model.view2d, viewport, a + (b - a) * (a.y / (a.y - b.y)));
  };
  const auto magenta = [&](Vec2 p) {
    return colorDistance(image.at(int(std::lround(p.x)), int(std::lround(p.y))), toPixel(kMagenta)) < 60;
  };
  // The first segment ends (y = -5.58) within a view's size of the view (+-2): drawn, to the view's edge.
  const Vec2 first = crossing(0);
  ASSERT_GT(first.x, 4.0);
  ASSERT_LT(first.x, kSize - 4.0);
  EXPECT_TRUE(magenta(first));
  // The jumps between far points are not.
  for (std::size_t k = 2; k < 5; ++k) {
    const Vec2 p = crossing(k);
    ASSERT_GT(p.x, 4.0);
    ASSERT_LT(p.x, kSize - 4.0);
    EXPECT_FALSE(magenta(p)) << "segment " << k << " crosses the view at x = " << p.x;
  }
  EXPECT_EQ(gl::checkErrors("diverging jumps"), 0);
}

}  // namespace
}  // namespace gs::testing

namespace gs::testing {
namespace {

TEST_F(RenderTest, MultisamplingSmoothsTheMeshsEdgesOnly) {
  Model model = modelOf("x^2 + y^2", {1.0, 1.0}, ViewMode::Surface3D);
  model.display.runLegend = false;
  const Image plain = render(model, "msaa_off");
  model.display.msaaSamples = 4;
  const Image smooth = render(model, "msaa_4x");
  EXPECT_EQ(gl::checkErrors("multisampling"), 0);
  // Where the two differ is where coverage is partial: silhouettes, axis lines and labels, not the mesh's
  // inside (shaded once per pixel either way).
  int differing = 0, blended = 0;
  for (int y = 1; y + 1 < kSize; ++y)
    for (int x = 1; x + 1 < kSize; ++x) {
      if (colorDistance(plain.at(x, y), smooth.at(x, y)) <= 6) continue;
      ++differing;
      // A smoothed pixel lies between its neighbours in the plain image.
      int low = 765, high = 0;
      for (const auto& [dx, dy] : {std::pair{-1, 0}, {1, 0}, {0, -1}, {0, 1}}) {
        const Pixel p = plain.at(x + dx, y + dy);
        low = std::min(low, p[0] + p[1] + p[2]);
        high = std::max(high, p[0] + p[1] + p[2]);
      }
      const Pixel s = smooth.at(x, y);
      blended += s[0] + s[1] + s[2] >= low - 12 && s[0] + s[1] + s[2] <= high + 12;
    }
  EXPECT_GT(differing, 100);
  EXPECT_LT(differing, kSize * kSize / 8);
  EXPECT_GT(blended, differing * 8 / 10);
}

}  // namespace
}  // namespace gs::testing
