// View math without GL: screen <-> surface mapping, zoom about the cursor, layouts, ticks, the 3D camera.
#include <gtest/gtest.h>

#include <cmath>
#include <string_view>

#include "render/surface_sampling.hpp"
#include "view/camera3d.hpp"
#include "view/ticks.hpp"
#include "view/view2d.hpp"

namespace gs {
namespace {

TEST(View2D, CentreOfViewportIsViewCentre) {
  const View2D view{1.5, -2.0, 0.01};
  const PixelRect viewport{100, 50, 400, 300};
  const Vec2 p = screenToSurface(view, viewport, {300.0, 200.0});
  EXPECT_DOUBLE_EQ(p.x, 1.5);
  EXPECT_DOUBLE_EQ(p.y, -2.0);
}

TEST(View2D, ScreenYGrowsDownSurfaceYGrowsUp) {
  const View2D view{0.0, 0.0, 0.5};
  const PixelRect viewport{0, 0, 200, 100};
  // 10 pixels right of and 20 pixels above the centre (100, 50): x = +5, y = +10.
  const Vec2 p = screenToSurface(view, viewport, {110.0, 30.0});
  EXPECT_DOUBLE_EQ(p.x, 5.0);
  EXPECT_DOUBLE_EQ(p.y, 10.0);
}

TEST(View2D, RoundTripsScreenSurfaceScreen) {
  const View2D view{-0.37, 12.5, 3.7e-3};
  const PixelRect viewport{13, 7, 641, 479};
  for (const Vec2 pixel : {Vec2{13, 7}, Vec2{653.5, 485.25}, Vec2{300.1, 0.0}, Vec2{-50, 900}}) {
    const Vec2 back = surfaceToScreen(view, viewport, screenToSurface(view, viewport, pixel));
    EXPECT_NEAR(back.x, pixel.x, 1e-9);
    EXPECT_NEAR(back.y, pixel.y, 1e-9);
  }
}

TEST(View2D, ZoomAboutCursorKeepsPointUnderCursor) {
  View2D view{0.25, -0.5, 0.02};
  const PixelRect viewport{0, 0, 800, 600};
  const Vec2 cursor{123.0, 456.0};
  const Vec2 before = screenToSurface(view, viewport, cursor);
  for (const double factor : {0.5, 0.8, 1.25, 3.0}) {
    zoomViewAbout(view, viewport, cursor, factor);
    const Vec2 after = screenToSurface(view, viewport, cursor);
    EXPECT_NEAR(after.x, before.x, 1e-12);
    EXPECT_NEAR(after.y, before.y, 1e-12);
  }
  EXPECT_NEAR(view.unitsPerPixel, 0.02 * 0.5 * 0.8 * 1.25 * 3.0, 1e-15);
}

TEST(View2D, ZoomStopsWhereFloatsCannotResolvePixels) {
  View2D view{1000.0, 0.0, 1e-3};
  const PixelRect viewport{0, 0, 100, 100};
  for (int i = 0; i < 100; ++i) zoomViewAbout(view, viewport, {50, 50}, 0.5);
  // Float spacing near 1000 is 6.1e-5; a pixel must stay larger than that.
  EXPECT_GT(view.unitsPerPixel, 6.1e-5);
  zoomViewAbout(view, viewport, {50, 50}, std::nan(""));
  EXPECT_TRUE(std::isfinite(view.unitsPerPixel));
}

TEST(View2D, PanMovesContentWithTheDrag) {
  View2D view{0.0, 0.0, 0.1};
  const PixelRect viewport{0, 0, 100, 100};
  const Vec2 grabbed = screenToSurface(view, viewport, {40, 40});
  panView(view, {10.0, -5.0});
  const Vec2 underCursor = screenToSurface(view, viewport, {50, 35});
  EXPECT_NEAR(underCursor.x, grabbed.x, 1e-12);
  EXPECT_NEAR(underCursor.y, grabbed.y, 1e-12);
}

TEST(Layout, SideBySideSplitsThePlotArea) {
  const ViewLayout layout = layoutViews(ViewMode::SideBySide, {10, 20, 801, 400});
  ASSERT_TRUE(layout.view2d && layout.view3d);
  EXPECT_EQ(layout.view2d->x, 10);
  EXPECT_EQ(layout.view2d->width + layout.view3d->width, 801);
  EXPECT_EQ(layout.view3d->x, layout.view2d->x + layout.view2d->width);
  EXPECT_FALSE(layoutViews(ViewMode::Heatmap2D, {0, 0, 100, 100}).view3d);
  EXPECT_FALSE(layoutViews(ViewMode::Surface3D, {0, 0, 100, 100}).view2d);
  EXPECT_FALSE(layoutViews(ViewMode::SideBySide, {0, 0, 0, 0}).view2d);
}

TEST(Ticks, NiceStepsCoverTheRange) {
  const Ticks ticks = chooseTicks(-3.0, 3.0, 6);
  EXPECT_DOUBLE_EQ(ticks.step, 1.0);
  ASSERT_EQ(ticks.values.size(), 7u);
  EXPECT_DOUBLE_EQ(ticks.values.front(), -3.0);
  EXPECT_DOUBLE_EQ(ticks.values.back(), 3.0);
  EXPECT_DOUBLE_EQ(chooseTicks(0.0, 1.0, 5).step, 0.2);
  EXPECT_DOUBLE_EQ(chooseTicks(0.0, 1000.0, 4).step, 500.0);
  EXPECT_DOUBLE_EQ(chooseTicks(0.1, 0.13, 5).step, 0.01);
}

// A scale stated on the view is the nice value just under it: 1, 2 or 5 times a power of ten.
TEST(Ticks, NiceAtMostRoundsDownToOneTwoOrFive) {
  EXPECT_DOUBLE_EQ(niceAtMost(0.37), 0.2);
  EXPECT_DOUBLE_EQ(niceAtMost(60.0), 50.0);
  EXPECT_DOUBLE_EQ(niceAtMost(1.99), 1.0);
  EXPECT_DOUBLE_EQ(niceAtMost(0.001), 0.001);
  EXPECT_DOUBLE_EQ(niceAtMost(9.9e7), 5e7);
  EXPECT_DOUBLE_EQ(niceAtMost(2.0), 2.0);
  for (double value = 1e-6; value < 1e6; value *= 1.37) {
    const double nice = niceAtMost(value);
    EXPECT_LE(nice, value * (1.0 + 1e-12));
    EXPECT_GE(nice, value / 2.5) << value;  // 5 -> 2 is the widest gap below 10
  }
  EXPECT_EQ(niceAtMost(0.0), 0.0);
  EXPECT_EQ(niceAtMost(-3.0), 0.0);
  EXPECT_EQ(niceAtMost(INFINITY), 0.0);
  EXPECT_EQ(niceAtMost(NAN), 0.0);
}

TEST(AxisTicks, SpreadWithTheirLabelsTextOnceItIsLargerThanTheWindowsOwn) {
  EXPECT_EQ(axisTickCount(700, 14.0), 10);   // 70 pixels apart at the window's 14-pixel text
  EXPECT_EQ(axisTickCount(700, 19.6), 10);   // presentation mode's text at 1080p: the same
  EXPECT_EQ(axisTickCount(1400, 39.2), 10);  // the same slide on a window twice as tall and wide
  EXPECT_EQ(axisTickCount(100, 14.0), 2);    // never fewer than two
  const View2D view{0.0, 0.0, 0.01};
  const PixelRect viewport{0, 0, 700, 700};
  EXPECT_LT(yAxisTicks(view, viewport, 39.2).values.size(), yAxisTicks(view, viewport, 14.0).values.size());
}

TEST(Ticks, DegenerateRangesGiveNoTicks) {
  EXPECT_TRUE(chooseTicks(1.0, 1.0, 5).values.empty());
  EXPECT_TRUE(chooseTicks(2.0, 1.0, 5).values.empty());
  EXPECT_TRUE(chooseTicks(0.0, INFINITY, 5).values.empty());
  EXPECT_TRUE(chooseTicks(NAN, 1.0, 5).values.empty());
}

TEST(Ticks, ZeroIsNeverNegative) {
  const Ticks ticks = chooseTicks(-0.3, 0.3, 6);
  bool sawZero = false;
  for (const double v : ticks.values)
    if (v == 0.0) {
      sawZero = true;
      EXPECT_FALSE(std::signbit(v));
    }
  EXPECT_TRUE(sawZero);
}

TEST(Ticks, LabelsShowJustEnoughDecimals) {
  EXPECT_EQ(formatTick(2.0, 1.0), "2");
  EXPECT_EQ(formatTick(-0.5, 0.5), "-0.5");
  EXPECT_EQ(formatTick(0.12, 0.01), "0.12");
  EXPECT_EQ(formatTick(1500.0, 500.0), "1500");
  EXPECT_EQ(formatTick(1.00002, 1e-5), "1.00002");
  EXPECT_EQ(formatTick(2e-7, 1e-7), "2e-07");
}

TEST(Camera3D, DomainLongerSideMapsToTheWorldSquare) {
  const SurfaceFrame frame = frameOf({-2.0, 6.0, -1.0, 1.0});  // centre (2, 0), half extent 4
  const glm::vec3 corner = toWorld(frame, {6.0, 1.0}, 1.0f, 1.0f);
  EXPECT_FLOAT_EQ(corner.x, kWorldHalfSize);
  EXPECT_FLOAT_EQ(corner.y, 0.25f * kWorldHalfSize);
  EXPECT_GT(corner.z, toWorld(frame, {6.0, 1.0}, 0.0f, 1.0f).z);
}

TEST(Camera3D, TargetProjectsToViewportCentre) {
  View3D view;
  view.targetX = 0.3f;
  view.targetY = -0.2f;
  const PixelRect viewport{100, 0, 400, 300};
  const auto pixel =
      projectToScreen(cameraViewProjection(view, 400.0f / 300.0f), viewport, {0.3f, -0.2f, 0.0f});
  ASSERT_TRUE(pixel);
  EXPECT_NEAR(pixel->x, 300.0, 1e-3);
  EXPECT_NEAR(pixel->y, 150.0, 1e-3);
}

TEST(Camera3D, PointsBehindTheCameraAreNotProjected) {
  View3D view;
  const glm::vec3 eye = cameraEye(view);
  const glm::vec3 behind = eye + (eye - glm::vec3(view.targetX, view.targetY, 0.0f));
  EXPECT_FALSE(projectToScreen(cameraViewProjection(view, 1.0f), {0, 0, 100, 100}, behind));
}

TEST(Camera3D, OrbitZoomAndPanStayInRange) {
  View3D view;
  for (int i = 0; i < 1000; ++i) {
    orbitCamera(view, {3.0, 50.0});
    zoomCamera(view, 5.0);
    panCamera(view, {400.0, 0.0}, 300);
  }
  EXPECT_LE(view.pitch, 1.5f);
  EXPECT_GE(view.distance, 0.3f);
  EXPECT_LE(std::fabs(view.targetX), 5.0f);
  zoomCamera(view, -1000.0);
  EXPECT_LE(view.distance, 30.0f);
}

TEST(Camera3D, PanFollowsTheDrag) {
  View3D view;
  view.pitch = 0.9f;
  const PixelRect viewport{0, 0, 600, 400};
  const float aspect = 1.5f;
  const auto before = projectToScreen(cameraViewProjection(view, aspect), viewport, {0, 0, 0});
  panCamera(view, {30.0, 0.0}, 400);
  const auto after = projectToScreen(cameraViewProjection(view, aspect), viewport, {0, 0, 0});
  ASSERT_TRUE(before && after);
  EXPECT_NEAR(after->x - before->x, 30.0, 1.0);  // the origin moved right with the cursor
  EXPECT_NEAR(after->y, before->y, 1.0);
}

// On a log-scaled height the f ticks are the minimum and the powers of ten above the floor, which the
// log spreads evenly up the axis; linear nice ticks would crowd at its top.
TEST(Ticks, LogScaledFAxisTicksArePowersOfTen) {
  const AxisTicks log = fAxisTicks(0.0, 181853.0, true, 18.1853, 400.0, 40.0);
  EXPECT_EQ(log.values, (std::vector<double>{0.0, 100.0, 1000.0, 10000.0, 100000.0}));
  EXPECT_EQ(log.labels, (std::vector<std::string>{"0", "100", "1000", "10000", "100000"}));
  // A minimum off zero: ticks at round numbers above it, the minimum itself to 3 digits.
  const AxisTicks shifted = fAxisTicks(0.00805166, 181853.0, true, 18.1853, 400.0, 40.0);
  EXPECT_EQ(shifted.labels, (std::vector<std::string>{"0.00805", "100", "1000", "10000", "100000"}));
  const AxisTicks negative = fAxisTicks(-2.5, 997.5, true, 0.1, 400.0, 40.0);
  EXPECT_EQ(negative.labels, (std::vector<std::string>{"-2.5", "-2.4", "-1.5", "8", "100"}));
  // Linear: as many as the axis's pixels hold.
  EXPECT_LE(fAxisTicks(0.0, 10.0, false, 1e-3, 100.0, 40.0).values.size(), 3u);
  EXPECT_GE(fAxisTicks(0.0, 10.0, false, 1e-3, 400.0, 40.0).values.size(), 5u);
}

// The 3D view's f labels, placed as drawAxes3D places them (Beale's range, log-scaled and linear, from
// several cameras): no two drawn labels' boxes meet, and an axis long enough for two labels gets them.
TEST(Ticks, FAxisLabelsNeverOverlapFromSeveralCameras) {
  const Domain domain{-4.5, 4.5, -4.5, 4.5};
  const SurfaceFrame frame = frameOf(domain);
  const PixelRect viewport{0, 0, 920, 560};
  const double text = 16.0;
  const auto textWidth = [](std::string_view label) { return 8.5 * double(label.size()); };
  int axesChecked = 0;
  for (const bool logScale : {true, false})
    for (const float yaw : {-0.6f, 0.5f, 2.0f, 3.5f})
      for (const float pitch : {0.2f, 0.6f, 1.1f})
        for (const float heightScale : {0.5f, 1.0f, 2.0f}) {
          SCOPED_TRACE(testing::Message()
                       << logScale << " yaw " << yaw << " pitch " << pitch << " h " << heightScale);
          ValueNormalizer normalizer;
          normalizer.range = {0.0, 181853.0, true};
          normalizer.logScale = logScale;
          View3D view;
          view.yaw = yaw;
          view.pitch = pitch;
          const glm::mat4 viewProjection = cameraViewProjection(view, 920.0f / 560.0f);
          const auto pixelAt = [&](double t) {
            return projectToScreen(viewProjection, viewport,
                                   toWorld(frame, {domain.xMin, domain.yMin}, float(t), heightScale));
          };
          const auto bottom = pixelAt(0.0), top = pixelAt(1.0);
          const auto middle =
              projectToScreen(viewProjection, viewport, toWorld(frame, {0.0, 0.0}, 0.5f, 1.0f));
          ASSERT_TRUE(bottom && top && middle);
          const double length = norm(*top - *bottom);
          const AxisTicks ticks = fAxisTicks(normalizer.range.min, normalizer.range.max, logScale,
                                             normalizer.floorValue(), length, 2.5 * text);
          const auto placed = placeTickLabels(
              ticks.values, ticks.labels, [&](double f) { return pixelAt(normalizer.normalize(f)); }, *middle,
              text, textWidth);
          for (std::size_t i = 0; i < placed.size(); ++i)
            for (std::size_t j = i + 1; j < placed.size(); ++j)
              EXPECT_FALSE(boxesMeet(placed[i].box, placed[j].box, 0.0))
                  << placed[i].label << " and " << placed[j].label;
          if (length > 4.0 * text) {
            EXPECT_GE(placed.size(), 2u);
            ++axesChecked;
          }
        }
  EXPECT_GT(axesChecked, 20);
}

// A label that would overlap one placed before it is left out; the first is always kept.
TEST(Ticks, CrowdedLabelsAreLeftOut) {
  const auto textWidth = [](std::string_view label) { return 8.0 * double(label.size()); };
  const std::vector<double> values{0.0, 1.0, 2.0, 3.0};
  const std::vector<std::string> labels{"0", "50000", "100000", "150000"};
  // Ticks `spacing` pixels apart up a vertical axis, labels to its right.
  const auto placeAt = [&](double spacing) {
    return placeTickLabels(
        values, labels,
        [spacing](double v) {
          return std::optional<Vec2>(Vec2{100.0, 300.0 - spacing * v});
        },
        {0.0, 300.0}, 16.0, textWidth);
  };
  const auto placed = placeAt(4.0);
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].label, "0");
  const auto spread = placeAt(40.0);
  EXPECT_EQ(spread.size(), 4u);
}

// Where another axis's label is already drawn (the 3D view's f axis ends beside the x axis's first tick),
// a label that would meet it is left out, and the rest are placed as they would be without it.
TEST(Ticks, ALabelMeetingAnotherAxissLabelIsLeftOut) {
  const auto textWidth = [](std::string_view label) { return 8.0 * double(label.size()); };
  const std::vector<double> values{0.0, 1.0, 2.0};
  const std::vector<std::string> labels{"-2", "-1", "0"};
  const auto pixelOf = [](double v) { return std::optional<Vec2>(Vec2{100.0, 300.0 - 40.0 * v}); };
  const std::vector<PlacedTick> alone =
      placeTickLabels(values, labels, pixelOf, {0.0, 300.0}, 16.0, textWidth);
  ASSERT_EQ(alone.size(), 3u);
  // Another axis's label a few pixels beside where "-2" goes, and one far from every label.
  const LabelBox beside{alone[0].box.center + Vec2{alone[0].box.halfWidth + 4.0, 2.0}, 12.0, 8.0};
  const LabelBox far{{600.0, 40.0}, 12.0, 8.0};
  const std::vector<PlacedTick> placed =
      placeTickLabels(values, labels, pixelOf, {0.0, 300.0}, 16.0, textWidth, {far, beside});
  ASSERT_EQ(placed.size(), 2u);
  EXPECT_EQ(placed[0].label, "-1");
  EXPECT_EQ(placed[1].label, "0");
  for (const PlacedTick& tick : placed) {
    EXPECT_FALSE(boxesMeet(tick.box, beside, 0.0)) << tick.label;
    EXPECT_EQ(tick.box.center, alone[tick.value == 1.0 ? 1 : 2].box.center) << tick.label;
  }
  EXPECT_EQ(placeTickLabels(values, labels, pixelOf, {0.0, 300.0}, 16.0, textWidth, {far}).size(), 3u);
}

}  // namespace
}  // namespace gs
