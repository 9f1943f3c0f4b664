// The paths' thinning for drawing (render/path_renderer.hpp): points along a straight stretch are drawn as
// one segment, and every point of a path stays within a fraction of a pixel of what is drawn, heights
// included for the 3D view; outside the domain every step keeps its own segment.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "render/path_renderer.hpp"
#include "render/surface_sampling.hpp"
#include "test_render_fixture.hpp"
#include "view/camera3d.hpp"

namespace gs::testing {
namespace {

// A run of `optimizer` at `lr` on `formula` over [-2, 2]^2 from `start`, `steps` steps.
Model oneRun(const char* formula, Vec2 start, const char* optimizer, double lr, int steps) {
  auto result = makeCustomSurface(formula, {-2, 2, -2, 2}, start);
  EXPECT_TRUE(result.surface) << result.error.message;
  Model model(std::move(*result.surface));
  auto made = Optimizer::create(optimizer);
  EXPECT_TRUE(made);
  EXPECT_TRUE(made->setParam("lr", lr));
  addRun(model, RunSpec{optimizer, std::move(*made), Schedule{}, 0, 1});
  model.runner.step(steps);
  return model;
}

constexpr int kLevel = 0;

// Where the 3D view draws a point (world x, y and height) when heights span `heightRange`.
glm::vec3 drawnAt(const glm::vec4& p, float heightRange) { return {p.x, p.y, p.z * heightRange}; }

struct Thinned {
  std::vector<glm::vec4> points;  // the run's path as thinRun sees it: world x, y, t, index
  std::vector<glm::vec4> ends;    // the drawn segments' ends, in pairs
  float cell = 0.0f;              // world units
};

Thinned thin(const Model& model, float heightRange) {
  const Surface& surface = model.runner.surface();
  const SurfaceFrame frame = frameOf(surface.domain);
  const ValueNormalizer normalizer =
      buildSurfaceMesh(*surface.evaluator, surface.domain, 64, false).normalizer;
  PathRenderer paths;
  paths.upload(model, frame, normalizer, 1, 1u << kLevel, heightRange);
  Thinned thinned;
  const Run& run = model.runner.run(0);
  for (std::size_t k = 0; k < run.path().size(); ++k) {
    glm::vec4 p(toWorld(frame, run.path()[k], 0.0f, 1.0f), static_cast<float>(k));
    p.z = static_cast<float>(normalizer.normalize(run.losses()[k]));
    thinned.points.push_back(p);
  }
  thinned.ends = paths.drawnEnds(0, kLevel);
  EXPECT_EQ(thinned.ends.size(), 2 * paths.drawnSegments(0, kLevel));
  thinned.cell = static_cast<float>(2.0 * kWorldHalfSize * kPathResolution);
  return thinned;
}

// The distance from `p` to the nearest drawn segment, heights weighted by `heightRange`.
float distanceToDrawn(const glm::vec4& p, const Thinned& thinned, float heightRange) {
  float nearest = std::numeric_limits<float>::infinity();
  const glm::vec3 q = drawnAt(p, heightRange);
  for (std::size_t k = 0; k + 1 < thinned.ends.size(); k += 2) {
    const glm::vec3 a = drawnAt(thinned.ends[k], heightRange), b = drawnAt(thinned.ends[k + 1], heightRange);
    const glm::vec3 ab = b - a;
    const float lengthSquared = glm::dot(ab, ab);
    const float t = lengthSquared > 0.0f ? std::clamp(glm::dot(q - a, ab) / lengthSquared, 0.0f, 1.0f) : 0.0f;
    nearest = std::min(nearest, glm::length(q - (a + t * ab)));
  }
  return nearest;
}

// The points up to the first move shorter than a cell: all of them kept by the thinning (none merged).
std::size_t keptPrefix(const Thinned& thinned) {
  std::size_t k = 1;
  while (k < thinned.points.size() &&
         glm::length(glm::vec2(thinned.points[k]) - glm::vec2(thinned.points[k - 1])) >= thinned.cell)
    ++k;
  return k;
}

// A drawn segment is one step (consecutive path points) or a stretch of at most 64 cells: the 2D view leaves
// out a segment reaching beyond its clip box, a view's width outside it, and a longer one could reach into
// it.
void expectStretchesAtMost64Cells(const Thinned& thinned) {
  for (std::size_t k = 0; k + 1 < thinned.ends.size(); k += 2) {
    const glm::vec4 &a = thinned.ends[k], &b = thinned.ends[k + 1];
    if (std::fabs(b.w - a.w) == 1.0f) continue;
    EXPECT_LE(glm::length(glm::vec2(b) - glm::vec2(a)), 64.0f * thinned.cell * 1.001f)
        << "the segment from point " << a.w << " to " << b.w;
  }
}

using PathThinningTest = RenderTest;

// Gradient descent on a round bowl walks a straight line to the minimum: in 2D a few segments (a stretch
// holds at most 32 points and reaches at most 64 cells) where each of its 170-odd moves longer than a cell
// used to be one; in 3D its heights bend along the line, so more, each still within half a cell of every
// point.
TEST_F(PathThinningTest, AStraightStretchIsDrawnAsOneSegmentAndHeightsBendIt) {
  const Model model = oneRun("x^2 + y^2", {-1.5, 1.0}, "sgd", 0.01, 400);
  const Thinned flat = thin(model, 0.0f);
  const std::size_t kept = keptPrefix(flat);
  ASSERT_GT(kept, 150u);
  const float length = glm::length(glm::vec2(flat.points.front()) - glm::vec2(flat.points.back()));
  EXPECT_LE(flat.ends.size() / 2, static_cast<std::size_t>(length / (64.0f * flat.cell)) + kept / 32 + 3);
  EXPECT_LT(flat.ends.size() / 2, kept / 4);
  expectStretchesAtMost64Cells(flat);
  for (std::size_t k = 0; k < kept; ++k)
    EXPECT_LE(distanceToDrawn(flat.points[k], flat, 0.0f), 0.5f * flat.cell * 1.01f) << "point " << k;

  const float heightRange = 10.0f * kHeightRange;  // a scene's height_scale of 10
  const Thinned raised = thin(model, heightRange);
  EXPECT_GT(raised.ends.size(), flat.ends.size());
  EXPECT_LT(raised.ends.size() / 2, kept / 2);
  expectStretchesAtMost64Cells(raised);
  for (std::size_t k = 0; k < kept; ++k)
    EXPECT_LE(distanceToDrawn(raised.points[k], raised, heightRange), 0.5f * raised.cell * 1.01f)
        << "point " << k;
}

// Heavy-ball momentum spirals into an elongated bowl: every point of its 2000 steps is within a cell and
// a half of what is drawn (a point closer than a cell to the last kept one is merged into it), the kept
// ones within half a cell with their heights; and the drawing has fewer segments than its moves (a
// quarter fewer at least: a spiral bends all the time).
TEST_F(PathThinningTest, EveryPointOfASpiralStaysWithinACellAndAHalfOfItsSegments) {
  const Model model = oneRun("x^2 + 4*y^2", {-1.5, 1.0}, "momentum", 0.01, 2000);
  for (const float heightRange : {0.0f, kHeightRange, 3.0f * kHeightRange}) {
    const Thinned thinned = thin(model, heightRange);
    for (std::size_t k = 0; k < thinned.points.size(); ++k)
      ASSERT_LE(distanceToDrawn(thinned.points[k], thinned, 0.0f), 1.5f * thinned.cell * 1.01f)
          << "point " << k << ", height range " << heightRange;
    const std::size_t kept = keptPrefix(thinned);
    ASSERT_GT(kept, 50u);
    for (std::size_t k = 0; k < kept; ++k)
      ASSERT_LE(distanceToDrawn(thinned.points[k], thinned, heightRange), 0.5f * thinned.cell * 1.01f)
          << "point " << k << ", height range " << heightRange;
    // The moves the thinning keeps (each a cell or more from the last kept point), one segment each
    // before straight stretches were drawn as one.
    std::size_t moves = 0;
    glm::vec2 last(thinned.points[0]);
    for (const glm::vec4& p : thinned.points)
      if (glm::length(glm::vec2(p) - last) >= thinned.cell) ++moves, last = glm::vec2(p);
    EXPECT_LT(thinned.ends.size() / 2, moves * 3 / 4) << "height range " << heightRange;
    expectStretchesAtMost64Cells(thinned);
  }
}

// A run that walks out of the domain: inside, one straight stretch; outside, every step its own segment,
// so the 3D view, which leaves out a segment with an end outside, still draws the path up to its last
// point inside (path.vert.glsl), not to the start of a stretch reaching out.
TEST_F(PathThinningTest, APathLeavingTheDomainIsDrawnUpToItsLastPointInside) {
  const Model model = oneRun("-x", {-1.5, 0.5}, "sgd", 0.02, 240);  // steps of 0.02 (20 cells) towards +x
  // With heights, the clamped heights outside bend the stretch too; without, only the domain's edge does.
  for (const float heightRange : {0.0f, kHeightRange}) {
    const Thinned thinned = thin(model, heightRange);
    const auto inside = [](const glm::vec4& p) { return std::fabs(p.x) <= kWorldHalfSize; };
    std::size_t lastInside = 0;
    for (std::size_t k = 0; k < thinned.points.size(); ++k)
      if (inside(thinned.points[k])) lastInside = k;
    ASSERT_GT(lastInside, 100u);
    ASSERT_LT(lastInside + 20, thinned.points.size());
    float reached = -std::numeric_limits<float>::infinity();
    std::size_t outside = 0;
    for (std::size_t k = 0; k + 1 < thinned.ends.size(); k += 2) {
      if (inside(thinned.ends[k]) && inside(thinned.ends[k + 1]))
        reached = std::max({reached, thinned.ends[k].x, thinned.ends[k + 1].x});
      else
        ++outside;
    }
    EXPECT_EQ(reached, thinned.points[lastInside].x) << "height range " << heightRange;
    // One segment per step from there on; inside, straight stretches of three steps (60 of 64 cells).
    EXPECT_EQ(outside, thinned.points.size() - 1 - lastInside) << "height range " << heightRange;
    EXPECT_LE(thinned.ends.size() / 2 - outside, lastInside / 3 + 2) << "height range " << heightRange;
  }
}

}  // namespace
}  // namespace gs::testing
