// The default batch and minibatch implementations: plain loops over the single-point calls.
#include "core/math/evaluator.hpp"

namespace gs {

void Evaluator::valueBatch(std::span<const Vec2> points, std::span<double> values) const {
  for (std::size_t i = 0; i < points.size() && i < values.size(); ++i) values[i] = value(points[i]);
}

void Evaluator::valueGradBatch(std::span<const Vec2> points, std::span<ValueGrad> out) const {
  for (std::size_t i = 0; i < points.size() && i < out.size(); ++i) out[i] = valueGrad(points[i]);
}

// A surface that is not an average over examples has no minibatch noise: the estimate is exact.
ValueGrad Evaluator::minibatchValueGrad(Vec2 p, int /*batchSize*/, std::uint64_t& /*rng*/) const {
  return valueGrad(p);
}

}  // namespace gs
