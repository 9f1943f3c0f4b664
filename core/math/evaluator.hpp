// What a surface can be asked: f, its exact gradient and Hessian (automatic differentiation),
// singly or over many points at once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/math/vec2.hpp"

namespace gs {

struct ValueGrad {
  double value = 0.0;
  Vec2 gradient;
};

struct ValueGradHessian {
  double value = 0.0;
  Vec2 gradient;
  Sym2 hessian;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual double value(Vec2 p) const = 0;
  virtual ValueGrad valueGrad(Vec2 p) const = 0;
  virtual ValueGradHessian valueGradHessian(Vec2 p) const = 0;

  // Batch evaluation (heatmaps, basin maps, benchmarks). Defaults loop over the single-point calls;
  // implementations override them where a tight loop is faster.
  virtual void valueBatch(std::span<const Vec2> points, std::span<double> values) const;
  virtual void valueGradBatch(std::span<const Vec2> points, std::span<ValueGrad> out) const;

  // Data surfaces (a loss averaged over N examples) can estimate the gradient from a minibatch of
  // `batchSize` examples drawn without replacement with `rng`. Everything else returns valueGrad(p).
  // batchSize <= 0 or >= dataSize() means the full batch (exact).
  virtual int dataSize() const { return 0; }
  virtual ValueGrad minibatchValueGrad(Vec2 p, int batchSize, std::uint64_t& rng) const;
};

}  // namespace gs
