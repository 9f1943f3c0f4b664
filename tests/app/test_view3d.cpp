// Direct manipulation without GL: picking the surface point under a pixel of the 3D view (against
// analytic surfaces), the keyboard camera, the on-view hotspots, fit view, edge markers and the run legend.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "model.hpp"
#include "render/run_markers.hpp"
#include "view/camera3d.hpp"
#include "view/edge_markers.hpp"
#include "view/picking.hpp"
#include "view/run_legend.hpp"
#include "view/view2d.hpp"
#include "view/view_actions.hpp"

namespace gs {
namespace {

const Domain kDomain{-1.0, 1.0, -1.0, 1.0};  // world = 0.7 x surface
const PixelRect kViewport{20, 10, 640, 480};

// A dome: the upper half of a sphere of world radius kR centred on the floor (t = 0, world z = -0.4).
constexpr double kR = 0.35;
double domeHeight(Vec2 p) {
  const double r = std::hypot(p.x, p.y) * kWorldHalfSize;
  return r < kR ? std::sqrt(kR * kR - r * r) / kHeightRange : 0.0;
}

HeightField field(std::function<double(Vec2)> height) {
  return {kDomain, frameOf(kDomain), 1.0f, std::move(height)};
}

// Where the ray under `pixel` meets the dome or the floor, analytically (world).
std::optional<glm::dvec3> domeHit(const View3D& view, Vec2 pixel) {
  const Ray ray = cameraRay(view, kViewport, pixel);
  const glm::dvec3 center(0.0, 0.0, -0.5 * kHeightRange);
  const glm::dvec3 oc = ray.origin - center;
  const double b = glm::dot(oc, ray.direction), c = glm::dot(oc, oc) - kR * kR;
  const double disc = b * b - c;
  if (disc >= 0.0) {
    const double s = -b - std::sqrt(disc);
    const glm::dvec3 hit = ray.origin + s * ray.direction;
    if (hit.z >= center.z) return hit;
  }
  const double s = (center.z - ray.origin.z) / ray.direction.z;
  const glm::dvec3 hit = ray.origin + s * ray.direction;
  if (s <= 0.0 || std::abs(hit.x) > kWorldHalfSize || std::abs(hit.y) > kWorldHalfSize) return std::nullopt;
  return hit;
}

Vec2 toSurface(glm::dvec3 world) { return {world.x / kWorldHalfSize, world.y / kWorldHalfSize}; }

TEST(Picking, TheRayPassesThroughItsPixel) {
  View3D view;
  for (const Vec2 pixel : {Vec2{30.5, 20.5}, Vec2{340.5, 250.5}, Vec2{650.5, 480.5}}) {
    const Ray ray = cameraRay(view, kViewport, pixel);
    const float aspect = float(kViewport.width) / float(kViewport.height);
    const auto back = projectToScreen(cameraViewProjection(view, aspect), kViewport,
                                      glm::vec3(ray.origin + 2.0 * ray.direction));
    ASSERT_TRUE(back);
    EXPECT_NEAR(back->x, pixel.x, 1e-2);
    EXPECT_NEAR(back->y, pixel.y, 1e-2);
  }
}

TEST(Picking, PointUnderAPixelIsWithinAPixelOfTheTrueIntersection) {
  const HeightField dome = field(domeHeight);
  for (const float yaw : {-0.6f, 1.2f, 2.9f}) {
    View3D view;
    view.yaw = yaw;
    view.pitch = 0.5f;
    int checked = 0, onDome = 0;
    for (int row = 0; row < 24; ++row)
      for (int column = 0; column < 32; ++column) {
        const Vec2 pixel{kViewport.x + 20.0 * column + 0.5, kViewport.y + 20.0 * row + 0.5};
        const auto truth = domeHit(view, pixel);
        const auto picked = pickSurface(view, kViewport, pixel, dome);
        ASSERT_EQ(truth.has_value(), picked.has_value()) << "pixel " << pixel.x << ", " << pixel.y;
        if (!truth) continue;
        // A pixel's width on the surface there: how far the true point moves to the next pixel.
        double footprint = 0.0;
        for (const Vec2 next : {pixel + Vec2{1.0, 0.0}, pixel + Vec2{0.0, 1.0}})
          if (const auto neighbour = domeHit(view, next))
            footprint = std::max(footprint, norm(toSurface(*neighbour) - toSurface(*truth)));
        if (footprint == 0.0) continue;  // at the domain's edge
        EXPECT_LT(norm(*picked - toSurface(*truth)), footprint) << "pixel " << pixel.x << ", " << pixel.y;
        ++checked;
        onDome += truth->z > -0.5 * kHeightRange + 1e-6;
      }
    EXPECT_GT(checked, 80) << "yaw " << yaw;
    EXPECT_GT(onDome, 10) << "yaw " << yaw;
  }
}

TEST(Picking, AHillHidesTheFloorBehindIt) {
  // A Gaussian hill in the middle; the default camera looks at it across the floor.
  const HeightField hill = field([](Vec2 p) { return 0.9 * std::exp(-(p.x * p.x + p.y * p.y) / 0.08); });
  View3D view;
  const glm::vec3 eye = cameraEye(view);
  // A floor point straight behind the hill as seen from the eye.
  const glm::vec2 away = -glm::normalize(glm::vec2(eye.x, eye.y));
  const Vec2 behind{0.5 * away.x, 0.5 * away.y};
  const HeightField flat = field([](Vec2) { return 0.0; });
  const auto pixel = surfacePixel(view, kViewport, flat, behind);
  ASSERT_TRUE(pixel);
  const auto picked = pickSurface(view, kViewport, *pixel, hill);
  ASSERT_TRUE(picked);
  EXPECT_GT(norm(*picked - behind), 0.2);  // not the floor point: the hill in front of it
  EXPECT_LT(norm(*picked), 0.4);
  // And the picked point lies on the ray, on the surface.
  const Ray ray = cameraRay(view, kViewport, *pixel);
  const glm::dvec3 world(toWorld(hill.frame, *picked, float(hill.normalizedHeight(*picked)), 1.0f));
  const glm::dvec3 offset = world - ray.origin;
  EXPECT_LT(glm::length(offset - glm::dot(offset, ray.direction) * ray.direction), 1e-3);
  // With nothing in the way (the hill gone), the same pixel picks the floor point itself.
  const auto floor = pickSurface(view, kViewport, *pixel, flat);
  ASSERT_TRUE(floor);
  EXPECT_LT(norm(*floor - behind), 1e-3);
}

TEST(Picking, ARayThatMissesTheSurfacePicksNothing) {
  View3D view;
  view.pitch = 0.3f;
  // The top corners of the viewport look over the surface into the sky.
  EXPECT_FALSE(pickSurface(view, kViewport, {kViewport.x + 1.0, kViewport.y + 1.0}, field(domeHeight)));
}

TEST(CameraKeys, ArrowsAloneAreLeftToPlaybackShiftArrowsPan) {
  View3D view;
  CameraKeys keys;
  keys.left = true;
  EXPECT_FALSE(applyCameraKeys(view, keys, 400));
  keys.shift = true;
  EXPECT_TRUE(applyCameraKeys(view, keys, 400));
  EXPECT_NE(view.targetX, 0.0f);
  View3D up;
  CameraKeys upKey;
  upKey.up = true;
  EXPECT_TRUE(applyCameraKeys(up, upKey, 400));
}

TEST(CameraKeys, PlusAndMinusZoomHomeResetsButKeepsTheHeightScale) {
  View3D view;
  view.heightScale = 2.0f;
  CameraKeys zoomIn;
  zoomIn.zoomIn = true;
  applyCameraKeys(view, zoomIn, 400);
  EXPECT_LT(view.distance, View3D{}.distance);
  CameraKeys zoomOut;
  zoomOut.zoomOut = true;
  applyCameraKeys(view, zoomOut, 400);
  applyCameraKeys(view, zoomOut, 400);
  EXPECT_GT(view.distance, View3D{}.distance);
  view.yaw = 2.0f;
  CameraKeys home;
  home.reset = true;
  EXPECT_TRUE(applyCameraKeys(view, home, 400));
  EXPECT_EQ(view.yaw, View3D{}.yaw);
  EXPECT_EQ(view.distance, View3D{}.distance);
  EXPECT_EQ(view.heightScale, 2.0f);
}

Model bowlModel() {
  auto result = makeCustomSurface("x^2 + y^2", {-2, 2, -2, 2}, {1.5, 1.0});
  EXPECT_TRUE(result.surface) << result.error.message;
  return Model(std::move(*result.surface));
}

std::size_t addOptimizer(Model& model, const char* name, const char* label, double lr) {
  auto optimizer = Optimizer::create(name);
  EXPECT_TRUE(optimizer);
  if (lr > 0.0) {
    EXPECT_TRUE(optimizer->setParam("lr", lr));
  }
  return addRun(model, RunSpec{label, std::move(*optimizer), Schedule{}, 0, 1});
}

TEST(Hotspots, TheTopmostHitWinsAndTogglesItsRun) {
  Model model = bowlModel();
  addOptimizer(model, "sgd", "", 0.1);
  const std::vector<Hotspot> hotspots = {{{0, 0, 100, 100}, HotspotAction::ZoomIn, 0},
                                         {{50, 50, 20, 20}, HotspotAction::ToggleRun, 0}};
  EXPECT_EQ(hitHotspot(hotspots, {10, 10})->action, HotspotAction::ZoomIn);
  EXPECT_EQ(hitHotspot(hotspots, {55, 55})->action, HotspotAction::ToggleRun);
  EXPECT_EQ(hitHotspot(hotspots, {150, 55}), nullptr);
  ASSERT_TRUE(model.runner.run(0).look().enabled);
  applyHotspot(model, hotspots[1], std::nullopt);
  EXPECT_FALSE(model.runner.run(0).look().enabled);
  const float distance = model.view3d.distance;
  applyHotspot(model, hotspots[0], std::nullopt);
  EXPECT_LT(model.view3d.distance, distance);
}

TEST(FitView, FramesThePathsAndLeavesOutADivergedRunsFarPoints) {
  Model model = bowlModel();
  addOptimizer(model, "sgd", "", 0.1);  // converges from (1.5, 1) toward 0
  addOptimizer(model, "sgd", "", 1.5);  // |1 - 2 lr| = 2: doubles every step, diverges
  model.runner.step(80);
  ASSERT_EQ(model.runner.run(1).status(), RunStatus::Diverged);
  const Domain box = pathBounds(model);
  EXPECT_LE(box.xMax, 1.5 * 10 * 2 + 1e-9);  // nothing from beyond ten domain sizes
  EXPECT_GE(box.xMax, 1.5);
  EXPECT_LE(box.xMin, 0.0 + 1e-3);
  model.runner.run(1).look().enabled =
      false;  // the converging run alone: its path from the start to the minimum
  const Domain own = pathBounds(model);
  EXPECT_NEAR(own.xMax, 1.5, 1e-9);
  EXPECT_NEAR(own.yMax, 1.0, 1e-9);
  EXPECT_LT(own.xMin, 1e-3);
  const PixelRect viewport{0, 0, 400, 300};
  model.view3d.yaw = 2.0f;
  fitView(model, viewport);
  EXPECT_EQ(model.view3d.yaw, View3D{}.yaw);
  for (const Vec2 corner : {Vec2{own.xMin, own.yMin}, Vec2{own.xMax, own.yMax}}) {
    const Vec2 pixel = surfaceToScreen(model.view2d, viewport, corner);
    EXPECT_TRUE(viewport.contains(pixel.x, pixel.y));
  }
}

TEST(EdgeMarkers, APathLeavingTheDomainIsMarkedWhereItCrossesTheEdge) {
  const std::vector<Vec2> path = {{0.0, 0.0}, {0.5, 0.5}, {1.5, 0.5}, {40.0, 3.0}};
  const auto exit = domainExit(path, kDomain);
  ASSERT_TRUE(exit);
  EXPECT_DOUBLE_EQ(exit->x, 1.0);
  EXPECT_DOUBLE_EQ(exit->y, 0.5);
  EXPECT_FALSE(domainExit({{0.0, 0.0}, {0.9, -0.9}}, kDomain));
}

TEST(EdgeMarkers, PointsOutsideTheViewGetAMarkerOnItsEdgeFacingThem) {
  const PixelRect viewport{100, 50, 400, 200};  // centre (300, 150)
  EXPECT_FALSE(edgeMarker(viewport, 10.0, {320.0, 160.0}));
  const auto right = edgeMarker(viewport, 10.0, {1e17, 150.0});
  ASSERT_TRUE(right);
  EXPECT_NEAR(right->at.x, 490.0, 1e-6);
  EXPECT_NEAR(right->at.y, 150.0, 1e-6);
  EXPECT_NEAR(right->direction.x, 1.0, 1e-12);
  const auto corner = edgeMarker(viewport, 0.0, {300.0 - 400.0, 150.0 - 200.0});
  ASSERT_TRUE(corner);
  EXPECT_NEAR(corner->at.x, 100.0, 1e-6);
  EXPECT_NEAR(corner->at.y, 50.0, 1e-6);
  EXPECT_FALSE(edgeMarker(viewport, 0.0, {NAN, 0.0}));
}

TEST(RunLegend, NamesSettingsThatDifferFromTheDefaultsAndStatus) {
  Model model = bowlModel();
  addOptimizer(model, "sgd", "sgd lr=0.01", 0.0);  // a default label and default settings
  addOptimizer(model, "adam", "", 0.3);
  addOptimizer(model, "sgd", "too far", 1.5);
  addOptimizer(model, "sgd", "lr=0.4", 0.4);  // the label already says lr
  model.runner.step(200);
  const std::vector<RunLegendRow> rows = runLegendRows(model);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].name, "sgd");
  EXPECT_EQ(rows[0].params, "");
  EXPECT_EQ(rows[0].status, "running");
  EXPECT_EQ(rows[1].name, "adam");
  EXPECT_EQ(rows[1].params, "lr=0.3");
  EXPECT_EQ(rows[2].name, "too far");
  EXPECT_EQ(rows[2].params, "lr=1.5");
  EXPECT_EQ(rows[2].status, "diverged at " + std::to_string(model.runner.run(2).statusStep()));
  EXPECT_EQ(rows[3].name, "lr=0.4");
  EXPECT_EQ(rows[3].params, "");
  ASSERT_EQ(model.runner.run(3).status(), RunStatus::Converged);
  EXPECT_EQ(rows[3].status, "converged at " + std::to_string(model.runner.run(3).statusStep()));
  model.runner.run(1).look().enabled = false;
  EXPECT_FALSE(runLegendRows(model)[1].shown);
  // A learning rate with float noise is written as its name writes it, not with every digit.
  addOptimizer(model, "sgd", "", 3.0 * 0.0001);
  EXPECT_EQ(runLegendRows(model)[4].params, "lr=0.0003");
}

// What the explainer's plate keeps off so that it hides no run: a box around each shown ball in the view, and
// for a run that left the view, around its edge arrow and its "diverged at step k" plate instead.
TEST(RunBoxes, BoxTheBallsInTheViewAndTheEndMarksOfRunsThatLeftIt) {
  Model model = bowlModel();
  addOptimizer(model, "sgd", "", 0.1);        // converges in the view
  addOptimizer(model, "sgd", "far", 1.5);     // leaves the view, then diverges
  addOptimizer(model, "sgd", "hidden", 0.2);  // not shown
  model.runner.run(2).look().enabled = false;
  model.runner.step(200);
  ASSERT_EQ(model.runner.run(1).status(), RunStatus::Diverged);
  const PixelRect viewport{0, 0, 400, 400};
  ScreenProjection projection;
  projection.viewport = viewport;
  projection.view = frameDomain(model.runner.surface().domain, 400.0, 400.0);
  const double ballRadius = 6.5, textPixels = 14.0;
  const auto textWidth = [](std::string_view text) { return 7.0 * double(text.size()); };
  const std::vector<PixelRect> boxes = runBoxes(model.runner, projection, ballRadius, textWidth, textPixels);
  const auto boxed = [&](Vec2 p) {
    return std::count_if(boxes.begin(), boxes.end(), [&](const PixelRect& r) {
      return p.x >= r.x + ballRadius && p.x <= r.x + r.width - ballRadius && p.y >= r.y + ballRadius &&
             p.y <= r.y + r.height - ballRadius;
    });
  };
  // The converged run's ball, with room for its radius on every side.
  EXPECT_EQ(boxed(surfaceToScreen(projection.view, viewport, model.runner.run(0).point())), 1);
  // The diverged run: its edge arrow and its plate, as the scene draws them.
  const auto mark = runEndMark(model.runner.run(1), model.runner.surface().domain, projection, ballRadius);
  ASSERT_TRUE(mark && mark->arrow && mark->labelAt);
  EXPECT_EQ(boxed(mark->arrow->at), 1);
  const PlateBox plate = plateBox(*mark->labelAt, textWidth(mark->label), textPixels, viewport);
  EXPECT_TRUE(std::any_of(boxes.begin(), boxes.end(), [&](const PixelRect& r) {
    return r.x <= plate.left && r.y <= plate.top && r.x + r.width >= plate.left + plate.width &&
           r.y + r.height >= plate.top + plate.height;
  }));
  // Nothing for the hidden run: three boxes in all; shown again, its ball (on the first one's) too.
  EXPECT_EQ(boxes.size(), 3u);
  model.runner.run(2).look().enabled = true;
  EXPECT_EQ(runBoxes(model.runner, projection, ballRadius, textWidth, textPixels).size(), 4u);
}

// The start marker and, with the minima shown, every known minimum and saddle are boxed with room for their
// outlined stars and crosses (a ball's radius and more on every side), one box each.
TEST(LandmarkBoxes, BoxTheStartAndTheKnownMinimaAndSaddles) {
  auto surface = makeSurface("saddle");
  ASSERT_TRUE(surface);
  Model model(*surface);
  const Surface& shown = model.runner.surface();
  ASSERT_FALSE(shown.saddles.empty());
  ScreenProjection projection;
  projection.viewport = {0, 0, 400, 400};
  projection.view = frameDomain(shown.domain, 400.0, 400.0);
  const double ballRadius = 6.5;
  const std::vector<PixelRect> boxes = landmarkBoxes(model.runner, projection, ballRadius, true);
  std::vector<Vec2> landmarks{model.runner.start()};
  for (const CriticalPoint& p : shown.minima) landmarks.push_back(p.point);
  for (const CriticalPoint& p : shown.saddles) landmarks.push_back(p.point);
  for (const Vec2 landmark : landmarks) {
    const auto at = projection.at(landmark);
    ASSERT_TRUE(at);
    EXPECT_TRUE(std::any_of(boxes.begin(), boxes.end(),
                            [&](const PixelRect& r) {
                              return at->x >= r.x + ballRadius + 4.5 &&
                                     at->x <= r.x + r.width - ballRadius - 4.5 &&
                                     at->y >= r.y + ballRadius + 4.5 &&
                                     at->y <= r.y + r.height - ballRadius - 4.5;
                            }))
        << landmark.x << ", " << landmark.y;
  }
  EXPECT_EQ(boxes.size(), landmarks.size());
  // Without the minima shown, the start only.
  EXPECT_EQ(landmarkBoxes(model.runner, projection, ballRadius, false).size(), 1u);
}

// A run still running but outside the surface's domain (its path leaves the view, on its way to diverging)
// says so, while it is there.
TEST(RunLegend, ARunOutsideTheSurfaceSaysItIsOffTheSurface) {
  Model model = bowlModel();
  addOptimizer(model, "sgd", "too far", 1.5);
  const Domain& domain = model.runner.surface().domain;
  const auto inside = [&](Vec2 p) { return contains(domain, p); };
  const gs::Run& run = model.runner.run(0);
  ASSERT_TRUE(inside(run.point()));
  EXPECT_EQ(runLegendRows(model)[0].status, "running");
  int outsideSteps = 0;
  while (run.status() == RunStatus::Running) {
    model.runner.step(1);
    if (run.status() != RunStatus::Running) break;
    EXPECT_EQ(runLegendRows(model)[0].status, inside(run.point()) ? "running" : "off the surface")
        << "step " << run.step();
    outsideSteps += !inside(run.point());
  }
  EXPECT_GT(outsideSteps, 5);  // it left the view well before it diverged
  EXPECT_EQ(runLegendRows(model)[0].status, "diverged at " + std::to_string(run.statusStep()));
}

TEST(RunLegend, StaysInsideANarrowViewWithoutCuttingText) {
  Model model = bowlModel();
  addOptimizer(model, "adam", "adam with a long name the user typed for the lecture", 0.3);
  addOptimizer(model, "sgd", "", 0.1);
  const auto width = [](std::string_view text) { return 7.0 * double(text.size()); };
  const PixelRect viewport{10, 20, 260, 300};
  const RunLegendLayout layout = layoutRunLegend(runLegendRows(model), viewport, 24.0, 14.0, width);
  ASSERT_EQ(layout.rows.size(), 2u);
  EXPECT_GE(layout.box.x, viewport.x);
  EXPECT_LE(layout.box.x + layout.box.width, viewport.x + viewport.width);
  EXPECT_LE(layout.box.y + layout.box.height, viewport.y + viewport.height - 24);
  EXPECT_EQ(layout.rows[0].lines.size(), 2u);  // too long for one line: name, then settings and status
  for (const auto& row : layout.rows)
    for (const auto& line : row.lines) {
      EXPECT_GE(line.baseline.x, viewport.x);
      EXPECT_LE(line.baseline.x + width(line.text), viewport.x + viewport.width) << line.text;
    }
  EXPECT_NE(layout.rows[0].lines[0].text.find("..."), std::string::npos);
  EXPECT_EQ(layout.rows[1].lines[0].text, "sgd  lr=0.1  running");
}

}  // namespace
}  // namespace gs

namespace gs {
namespace {
TEST(RunLegend, OnlyLabelsThatRestateTheSettingsGiveWayToTheLiveOnes) {
  EXPECT_TRUE(isSettingsLabel("", "sgd"));
  EXPECT_TRUE(isSettingsLabel("sgd", "sgd"));
  EXPECT_TRUE(isSettingsLabel("sgd lr=0.01", "sgd"));
  EXPECT_FALSE(isSettingsLabel("adam, no bias correction", "adam"));
  EXPECT_FALSE(isSettingsLabel("adamw lr=0.1", "adam"));
  EXPECT_FALSE(isSettingsLabel("fork of sgd at step 3", "sgd"));
}
}  // namespace
}  // namespace gs

namespace gs {
namespace {
TEST(RunLegend, ImportedPathsAreListedAfterTheRunsWithoutAToggle) {
  auto result = makeCustomSurface("x^2 + y^2", {-2, 2, -2, 2}, {1.5, 1.0});
  ASSERT_TRUE(result.surface);
  Model model(std::move(*result.surface));
  addOptimizer(model, "sgd", "", 0.1);
  model.importedPaths.push_back({"adam (paths.csv)", {0.2f, 0.4f, 0.6f}, {{0.0, 0.0}, {1.0, 1.0}}, {0, 1}});
  const std::vector<RunLegendRow> rows = runLegendRows(model);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].run, RunLegendRow::kImported);
  EXPECT_EQ(rows[1].name, "adam (paths.csv) (imported)");
  EXPECT_TRUE(rows[1].status.empty());
  const auto width = [](std::string_view text) { return 7.0 * double(text.size()); };
  const RunLegendLayout layout = layoutRunLegend(rows, {0, 0, 600, 400}, 0.0, 14.0, width);
  ASSERT_EQ(layout.rows.size(), 2u);
  EXPECT_EQ(layout.rows[1].lines.front().text, "adam (paths.csv) (imported)");
}

// The legend keeps off the balls and the start: from the bottom left to the bottom right where that hides
// fewer of them, rows (what a click hits), swatches and text moved with it.
TEST(RunLegend, MovesToTheBottomRightOffABallItWouldHide) {
  auto result = makeCustomSurface("x^2 + y^2", {-2, 2, -2, 2}, {1.5, 1.0});
  ASSERT_TRUE(result.surface);
  Model model(std::move(*result.surface));
  addOptimizer(model, "sgd", "", 0.1);
  addOptimizer(model, "sgd", "", 0.2);
  const auto width = [](std::string_view text) { return 7.0 * double(text.size()); };
  const std::vector<RunLegendRow> rows = runLegendRows(model);
  const PixelRect view{0, 0, 600, 400};
  const RunLegendLayout left = layoutRunLegend(rows, view, 0.0, 14.0, width);
  ASSERT_EQ(left.rows.size(), 2u);
  const Vec2 under{left.box.x + 0.5 * left.box.width, left.box.y + 0.5 * left.box.height};
  const RunLegendLayout moved = layoutRunLegend(rows, view, 0.0, 14.0, width, 0.0, {under});
  EXPECT_EQ(moved.box.x + moved.box.width, view.width - left.box.x);  // the same margin, at the right
  EXPECT_EQ(moved.box.y, left.box.y);
  const int shift = moved.box.x - left.box.x;
  ASSERT_GT(shift, 0);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(moved.rows[k].box.x, left.rows[k].box.x + shift);
    EXPECT_EQ(moved.rows[k].swatch.x, left.rows[k].swatch.x + shift);
    EXPECT_EQ(moved.rows[k].lines.front().baseline.x, left.rows[k].lines.front().baseline.x + shift);
    EXPECT_EQ(moved.rows[k].lines.front().text, left.rows[k].lines.front().text);
  }
  // A ball on each side, or one to the right too: it stays at the left (it would hide as many).
  const Vec2 right{under.x + shift, under.y};
  EXPECT_EQ(layoutRunLegend(rows, view, 0.0, 14.0, width, 0.0, {under, right}).box.x, left.box.x);
  EXPECT_FALSE(left.atRight);
  EXPECT_TRUE(moved.atRight);
  // A corner fixed by the caller (presentation mode's measure) is kept, whatever it hides.
  const RunLegendLayout keptLeft =
      layoutRunLegend(rows, view, 0.0, 14.0, width, 0.0, {under}, LegendCorner::BottomLeft);
  EXPECT_EQ(keptLeft.box.x, left.box.x);
  EXPECT_FALSE(keptLeft.atRight);
  const RunLegendLayout keptRight =
      layoutRunLegend(rows, view, 0.0, 14.0, width, 0.0, {}, LegendCorner::BottomRight);
  EXPECT_EQ(keptRight.box.x, moved.box.x);
  EXPECT_EQ(keptRight.rows[1].swatch.x, moved.rows[1].swatch.x);
  EXPECT_TRUE(keptRight.atRight);
  // What the 2D view shows of the model: its start and its runs' points, where they are drawn.
  model.view2d = {0.0, 0.0, 4.0 / 400.0};
  const std::vector<Vec2> points = legendAvoidPoints(model, {0, 0, 400, 400});
  ASSERT_EQ(points.size(), 3u);  // the start and the two runs, all at the start before any step
  EXPECT_NEAR(points[0].x, 200.0 + 1.5 * 100.0, 1e-9);
  EXPECT_NEAR(points[0].y, 200.0 - 1.0 * 100.0, 1e-9);
}

// Where both corners hide as many balls (none), the legend goes where fewer path segments cross it; balls
// come first; a fixed corner stays. A step counts where it is drawn, whether or not a point of it is under
// the box.
TEST(RunLegend, KeepsOffThePathsWhereACornerHidesFewerOfThem) {
  auto result = makeCustomSurface("x^2 + y^2", {-2, 2, -2, 2}, {1.5, 1.0});
  ASSERT_TRUE(result.surface);
  Model model(std::move(*result.surface));
  addOptimizer(model, "sgd", "", 0.1);
  const auto width = [](std::string_view text) { return 7.0 * double(text.size()); };
  const std::vector<RunLegendRow> rows = runLegendRows(model);
  const PixelRect view{0, 0, 600, 400};
  const RunLegendLayout left = layoutRunLegend(rows, view, 0.0, 14.0, width);
  const Vec2 under{left.box.x + 0.5 * left.box.width, left.box.y + 0.5 * left.box.height};
  // One step across the legend's box at the left, neither end under it.
  const Vec2 across{0.5 * left.box.width + 10.0, 0.0};
  const std::vector<std::vector<Vec2>> onePath{{under - across, under + across}};
  ASSERT_EQ(segmentsIn(left.box, onePath), 1u);
  const RunLegendLayout moved =
      layoutRunLegend(rows, view, 0.0, 14.0, width, 0.0, {}, LegendCorner::Choose, onePath);
  EXPECT_TRUE(moved.atRight);
  const int shift = moved.box.x - left.box.x;
  ASSERT_GT(shift, 0);
  // More path under the right corner: it stays at the left.
  const Vec2 right{double(shift), 0.0};
  const std::vector<std::vector<Vec2>> more{{under - across, under + across},
                                            {under + right, under + right + Vec2{4.0, 0.0}, under + right}};
  EXPECT_FALSE(layoutRunLegend(rows, view, 0.0, 14.0, width, 0.0, {}, LegendCorner::Choose, more).atRight);
  // A ball under the right corner outweighs any path at the left.
  EXPECT_FALSE(
      layoutRunLegend(rows, view, 0.0, 14.0, width, 0.0, {under + right}, LegendCorner::Choose, onePath)
          .atRight);
  EXPECT_FALSE(
      layoutRunLegend(rows, view, 0.0, 14.0, width, 0.0, {}, LegendCorner::BottomLeft, onePath).atRight);

  // The paths where the 2D view draws them: a run's one step, from x = 50 to x = 80 on row 200.
  model.view2d = {0.0, 0.0, 4.0 / 400.0};  // 100 pixels per unit, (0, 0) at the centre of 400 x 400
  model.runner.reset({-1.5, 0.0});
  model.runner.step(1);  // sgd lr 0.1 on x^2 + y^2: x -> 0.8 x, one step of 30 pixels
  const std::vector<std::vector<Vec2>> paths = legendPaths(model, {0, 0, 400, 400});
  ASSERT_EQ(paths.size(), 1u);
  ASSERT_EQ(paths[0].size(), 2u);
  EXPECT_NEAR(paths[0][0].x, 50.0, 1e-9);
  EXPECT_NEAR(paths[0][1].x, 80.0, 1e-9);
  EXPECT_NEAR(paths[0][1].y, 200.0, 1e-9);
  // A box over the middle of the step, and boxes beside it.
  EXPECT_EQ(segmentsIn({60, 190, 10, 20}, paths), 1u);
  EXPECT_EQ(segmentsIn({60, 210, 10, 20}, paths), 0u);
  EXPECT_EQ(segmentsIn({90, 190, 10, 20}, paths), 0u);
}
}  // namespace
}  // namespace gs

namespace gs {
namespace {
// An export of many runs with long names at a small size: every run is either listed or counted in the
// "+ N more runs" line, and nothing of the legend leaves the view.
TEST(RunLegend, TooManyRowsForTheViewAreColumnsAndACountNeverCut) {
  Model model = bowlModel();
  for (int i = 0; i < 12; ++i) {
    const std::string label = "a rather long descriptive run name number " + std::to_string(i);
    addOptimizer(model, "sgd", label.c_str(), 0.01 * (i + 1));
  }
  const auto width = [](std::string_view text) { return 7.0 * double(text.size()); };
  const std::vector<RunLegendRow> rows = runLegendRows(model);
  for (const PixelRect viewport :
       {PixelRect{0, 0, 320, 240}, PixelRect{5, 10, 640, 200}, PixelRect{0, 0, 160, 120}}) {
    const RunLegendLayout layout = layoutRunLegend(rows, viewport, 20.0, 14.0, width);
    std::size_t counted = layout.rows.size();
    if (layout.more) {
      const std::string& text = layout.more->text;
      ASSERT_EQ(text.rfind("+ ", 0), 0u) << text;
      counted += std::stoul(text.substr(2));
      EXPECT_LE(layout.more->baseline.x + width(text), viewport.x + viewport.width);
      EXPECT_LE(layout.more->baseline.y, viewport.y + viewport.height - 20);
    }
    EXPECT_EQ(counted, rows.size()) << viewport.width << "x" << viewport.height;
    EXPECT_GE(layout.box.x, viewport.x);
    EXPECT_GE(layout.box.y, viewport.y);
    EXPECT_LE(layout.box.x + layout.box.width, viewport.x + viewport.width);
    EXPECT_LE(layout.box.y + layout.box.height, viewport.y + viewport.height - 20);
    for (const auto& row : layout.rows)
      for (const auto& line : row.lines) {
        EXPECT_GE(line.baseline.y - 14.0, layout.box.y) << line.text;
        EXPECT_LE(line.baseline.y, layout.box.y + layout.box.height) << line.text;
        EXPECT_LE(line.baseline.x + width(line.text), viewport.x + viewport.width) << line.text;
      }
  }
}
}  // namespace
}  // namespace gs
