// The 3D mesh and the colour range are built on the CPU; nothing non-finite may reach the GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <variant>

#include "core/surface/surface.hpp"
#include "render/surface_sampling.hpp"
#include "view/camera3d.hpp"

namespace gs {
namespace {

// Built by hand, not by makeCustomSurface: these tests need formulas that are finite nowhere too, which
// makeCustomSurface refuses.
Surface custom(const char* formula) {
  auto parsed = Expression::parse(formula);
  EXPECT_TRUE(std::holds_alternative<Expression>(parsed)) << formula;
  Surface surface;
  surface.formula = formula;
  surface.domain = {-2, 2, -2, 2};
  surface.evaluator = std::get<Expression>(parsed).evaluator();
  return surface;
}

TEST(SurfaceMesh, NonFiniteValuesNeverReachTheVertices) {
  // NaN for x < 0, +inf on the line y = 0 (1/0), huge elsewhere.
  for (const char* formula : {"sqrt(x) + 1/y", "log(x*y)", "exp(100*x)", "0/0 + x"}) {
    const Surface surface = custom(formula);
    const MeshData mesh = buildSurfaceMesh(*surface.evaluator, surface.domain, 33, false);
    ASSERT_EQ(mesh.vertices.size(), 33u * 33u * kMeshFloatsPerVertex) << formula;
    for (const float v : mesh.vertices) ASSERT_TRUE(std::isfinite(v)) << formula;
    EXPECT_TRUE(std::isfinite(mesh.normalizer.range.min) && std::isfinite(mesh.normalizer.range.max));
    const MeshData logMesh = buildSurfaceMesh(*surface.evaluator, surface.domain, 17, true);
    for (const float v : logMesh.vertices) ASSERT_TRUE(std::isfinite(v)) << formula << " (log)";
  }
}

TEST(SurfaceMesh, HeightsFollowTheNormalisedValue) {
  const Surface surface = custom("x + 2*y");  // f from -6 to 6 over [-2, 2]^2
  const MeshData mesh = buildSurfaceMesh(*surface.evaluator, surface.domain, 3, false);
  ASSERT_EQ(mesh.indices.size(), 2u * 2u * 6u);
  EXPECT_DOUBLE_EQ(mesh.normalizer.range.min, -6.0);
  EXPECT_DOUBLE_EQ(mesh.normalizer.range.max, 6.0);
  // Vertex order is row by row from (xMin, yMin): the centre vertex is index 4 with f = 0, t = 0.5.
  EXPECT_FLOAT_EQ(mesh.vertices[4 * kMeshFloatsPerVertex + 2], 0.5f);
  EXPECT_FLOAT_EQ(mesh.vertices[0 * kMeshFloatsPerVertex + 0], -kWorldHalfSize);  // world x of xMin
  // Slope in world units: a world unit is 2 / kWorldHalfSize surface units and t = (f + 6) / 12, so
  // dt/dx_world = (1 / 12) (2 / kWorldHalfSize) and dt/dy_world = (2 / 12) (2 / kWorldHalfSize).
  EXPECT_NEAR(mesh.vertices[4 * kMeshFloatsPerVertex + 3], 2.0 / 12.0 / kWorldHalfSize, 1e-6);
  EXPECT_NEAR(mesh.vertices[4 * kMeshFloatsPerVertex + 4], 4.0 / 12.0 / kWorldHalfSize, 1e-6);
}

TEST(ValueRange, IgnoresNonFiniteSamples) {
  const Surface surface = custom("log(x)");  // NaN for x < 0, -inf at 0
  const ValueRange range = sampleValueRange(*surface.evaluator, {-2, -2}, {2, 2}, 21);
  EXPECT_TRUE(range.sampled);
  EXPECT_NEAR(range.max, std::log(2.0), 1e-12);
  EXPECT_NEAR(range.min, std::log(0.2), 1e-12);  // the smallest positive grid x is 0.2
}

TEST(ValueRange, AllNonFiniteFallsBackToUnitRange) {
  const Surface surface = custom("sqrt(-1 - x*x)");
  const ValueRange range = sampleValueRange(*surface.evaluator, {-2, -2}, {2, 2}, 9);
  EXPECT_FALSE(range.sampled);
  EXPECT_EQ(range.min, 0.0);
  EXPECT_EQ(range.max, 1.0);
}

TEST(ValueNormalizer, LinearAndLogarithmic) {
  ValueNormalizer linear{{0.0, 8.0, true}, false};
  EXPECT_DOUBLE_EQ(linear.normalize(2.0), 0.25);
  EXPECT_DOUBLE_EQ(linear.normalize(-5.0), 0.0);
  EXPECT_DOUBLE_EQ(linear.normalize(NAN), 1.0);
  ValueNormalizer logarithmic{{0.0, 8.0, true}, true};
  // floor = 8e-4: t(f) = ln((f + floor)/floor) / ln((8 + floor)/floor).
  const double floor = 8e-4;
  EXPECT_NEAR(logarithmic.normalize(0.08), std::log((0.08 + floor) / floor) / std::log((8 + floor) / floor),
              1e-12);
  EXPECT_DOUBLE_EQ(logarithmic.normalize(8.0), 1.0);
  EXPECT_EQ(logarithmic.derivative(INFINITY), 0.0);
}

}  // namespace
}  // namespace gs
