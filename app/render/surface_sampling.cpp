#include "render/surface_sampling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "view/camera3d.hpp"

namespace gs {

namespace {

std::vector<Vec2> gridPoints(Vec2 low, Vec2 high, int perSide) {
  std::vector<Vec2> points;
  points.reserve(static_cast<std::size_t>(perSide) * static_cast<std::size_t>(perSide));
  const double denominator = std::max(perSide - 1, 1);
  for (int j = 0; j < perSide; ++j)
    for (int i = 0; i < perSide; ++i)
      points.push_back(
          {low.x + (high.x - low.x) * i / denominator, low.y + (high.y - low.y) * j / denominator});
  return points;
}

ValueRange rangeOf(const std::vector<double>& values) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  ValueRange range{kInfinity, -kInfinity, false};
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    range.min = std::min(range.min, v);
    range.max = std::max(range.max, v);
    range.sampled = true;
  }
  if (!range.sampled) return {};
  // A flat region still needs a span; keep it relative so huge constant values stay distinct.
  if (!(range.max - range.min > 1e-12 * std::max(1.0, std::fabs(range.min)))) {
    const double pad = 0.5 * std::max(1.0, std::fabs(range.min)) * 1e-6 + 0.5;
    range.min -= pad;
    range.max += pad;
  }
  if (!std::isfinite(range.max - range.min)) range.max = range.min + 1e300;  // f spans more than a double
  return range;
}

}  // namespace

ValueRange sampleValueRange(const Evaluator& evaluator, Vec2 low, Vec2 high, int samplesPerSide) {
  const std::vector<Vec2> points = gridPoints(low, high, std::max(samplesPerSide, 2));
  std::vector<double> values(points.size());
  evaluator.valueBatch(points, values);
  return rangeOf(values);
}

double ValueNormalizer::normalize(double f) const {
  if (!std::isfinite(f)) return 1.0;
  const double span = range.max - range.min;
  double t = 0.0;
  if (!logScale) {
    t = (f - range.min) / span;
  } else {
    const double floor = floorValue();
    t = std::log((std::max(f - range.min, 0.0) + floor) / floor) / std::log((span + floor) / floor);
  }
  return std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 1.0;
}

double ValueNormalizer::derivative(double f) const {
  if (!std::isfinite(f)) return 0.0;
  const double span = range.max - range.min;
  if (!logScale) return 1.0 / span;
  const double floor = floorValue();
  const double d = 1.0 / ((std::max(f - range.min, 0.0) + floor) * std::log((span + floor) / floor));
  return std::isfinite(d) ? d : 0.0;
}

MeshData buildSurfaceMesh(const Evaluator& evaluator, const Domain& domain, int resolution, bool logScale) {
  MeshData mesh;
  mesh.resolution = std::max(resolution, 2);
  const int n = mesh.resolution;
  const std::vector<Vec2> points = gridPoints({domain.xMin, domain.yMin}, {domain.xMax, domain.yMax}, n);
  std::vector<ValueGrad> samples(points.size());
  evaluator.valueGradBatch(points, samples);
  std::vector<double> values(points.size());
  std::transform(samples.begin(), samples.end(), values.begin(), [](const ValueGrad& s) { return s.value; });
  mesh.normalizer = {rangeOf(values), logScale};

  const SurfaceFrame frame = frameOf(domain);
  mesh.vertices.reserve(points.size() * kMeshFloatsPerVertex);
  for (std::size_t k = 0; k < points.size(); ++k) {
    const glm::vec3 world = toWorld(frame, points[k], 0.0f, 1.0f);
    const double t = mesh.normalizer.normalize(samples[k].value);
    const double slopeScale =
        mesh.normalizer.derivative(samples[k].value) * frame.halfExtent / kWorldHalfSize;
    double slopeX = samples[k].gradient.x * slopeScale, slopeY = samples[k].gradient.y * slopeScale;
    if (!std::isfinite(slopeX) || !std::isfinite(slopeY) || t >= 1.0 || t <= 0.0) slopeX = slopeY = 0.0;
    // Very steep slopes only tilt the normal to the horizontal; bound them so floats stay finite.
    slopeX = std::clamp(slopeX, -1e6, 1e6);
    slopeY = std::clamp(slopeY, -1e6, 1e6);
    for (const double v : {double(world.x), double(world.y), t, slopeX, slopeY})
      mesh.vertices.push_back(static_cast<float>(v));
  }
  mesh.indices.reserve(static_cast<std::size_t>((n - 1) * (n - 1) * 6));
  for (int j = 0; j + 1 < n; ++j)
    for (int i = 0; i + 1 < n; ++i) {
      const auto corner = static_cast<std::uint32_t>(j * n + i);
      const auto up = corner + static_cast<std::uint32_t>(n);
      for (const std::uint32_t index : {corner, corner + 1, up + 1, corner, up + 1, up})
        mesh.indices.push_back(index);
    }
  return mesh;
}

}  // namespace gs
