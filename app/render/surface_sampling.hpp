// CPU sampling of f for the renderers (no GL): the value range of a region, the normalisation of f to
// [0, 1] shared by the heatmap, the mesh and the 3D paths, and the 3D mesh itself. Nothing non-finite
// leaves these functions.
#pragma once
#include <cstdint>
#include <vector>

#include "core/math/evaluator.hpp"
#include "core/surface/surface.hpp"

namespace gs {

struct ValueRange {
  double min = 0.0, max = 1.0;  // finite, max > min
  bool sampled = false;         // false: no finite value was found, [0, 1] is a stand-in
};

// Range of the finite values of f on a samplesPerSide^2 grid over the rectangle [low, high].
ValueRange sampleValueRange(const Evaluator& evaluator, Vec2 low, Vec2 high, int samplesPerSide);

// f -> t in [0, 1]: linear between the range's ends, or logarithmic in f - min (as the heatmap shader).
struct ValueNormalizer {
  ValueRange range;
  bool logScale = false;
  double floorValue() const { return (range.max - range.min) * 1e-4; }
  double normalize(double f) const;   // clamped to [0, 1]; non-finite f gives 1 (drawn as the top)
  double derivative(double f) const;  // dt/df, 0 where f is not finite
};

// A (resolution x resolution)-vertex grid over the domain: per vertex world x, world y (the domain
// mapped as toWorld does), t, dt/dx_world, dt/dy_world.
struct MeshData {
  int resolution = 0;
  std::vector<float> vertices;         // 5 floats per vertex
  std::vector<std::uint32_t> indices;  // triangles
  ValueNormalizer normalizer;          // the range found over the domain
};
inline constexpr int kMeshFloatsPerVertex = 5;

MeshData buildSurfaceMesh(const Evaluator& evaluator, const Domain& domain, int resolution, bool logScale);

}  // namespace gs
