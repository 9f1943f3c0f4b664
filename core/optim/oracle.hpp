// What an optimizer's update may ask of the surface, with counts so that methods can be compared per
// gradient evaluation. Gradients come from the minibatch estimate where the run uses one.
#pragma once
#include <bit>
#include <cstdint>

#include "core/math/evaluator.hpp"

namespace gs {

struct EvalCounts {
  std::int64_t values = 0;
  std::int64_t gradients = 0;
  std::int64_t hessians = 0;
};

class Oracle {
 public:
  // batchSize <= 0: exact full-batch gradients.
  explicit Oracle(const Evaluator& evaluator, int batchSize = 0, std::uint64_t seed = 0)
      : evaluator_(&evaluator), batchSize_(batchSize), rng_(seed) {}

  double value(Vec2 p) {
    ++counts_.values;
    return evaluator_->value(p);
  }
  // Inline up to the surface's own valueGrad: every optimizer step starts here.
  [[gnu::always_inline]] ValueGrad gradient(Vec2 p) {
    ++counts_.gradients;
    if (batchSize_ > 0) [[unlikely]]
      return minibatchGradient(p);
    if (observed_ && sameBits(p, observedAt_)) return observedValueGrad_;
    return evaluator_->valueGrad(p);
  }
  // The exact value and gradient at p for the caller's own record of where a step landed (its loss and
  // gradient norm), not counted as the optimizer's. It is kept: the next step starts at p, and its full
  // batch gradient there is this one instead of a second evaluation of the surface, bit for bit the same
  // (evaluation is deterministic). That halves the surface's work of a run of first-order steps.
  ValueGrad observe(Vec2 p) {
    observedValueGrad_ = evaluator_->valueGrad(p);
    observedAt_ = p;
    observed_ = true;
    return observedValueGrad_;
  }
  ValueGradHessian hessian(Vec2 p) {
    ++counts_.hessians;
    return evaluator_->valueGradHessian(p);
  }

  const EvalCounts& counts() const { return counts_; }
  const Evaluator& evaluator() const { return *evaluator_; }
  void setBatchSize(int batchSize) { batchSize_ = batchSize; }
  int batchSize() const { return batchSize_; }
  std::uint64_t rngState() const { return rng_; }

 private:
  [[gnu::noinline]] ValueGrad minibatchGradient(Vec2 p) {
    if (evaluator_->dataSize() > 0) return evaluator_->minibatchValueGrad(p, batchSize_, rng_);
    return evaluator_->valueGrad(p);
  }
  static bool sameBits(Vec2 a, Vec2 b) {
    return std::bit_cast<std::uint64_t>(a.x) == std::bit_cast<std::uint64_t>(b.x) &&
           std::bit_cast<std::uint64_t>(a.y) == std::bit_cast<std::uint64_t>(b.y);
  }

  const Evaluator* evaluator_;
  int batchSize_;
  std::uint64_t rng_;
  EvalCounts counts_;
  bool observed_ = false;  // observedValueGrad_ holds the surface's exact value and gradient at observedAt_
  Vec2 observedAt_;
  ValueGrad observedValueGrad_;
};

}  // namespace gs
