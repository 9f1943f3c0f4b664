// The runner's stepping rule for one run with no history. It must stay the same computation as
// Run::restart/Run::advance in core/runner.cpp, operation for operation; tests/core/test_maps.cpp checks
// random pixels against a Runner bit for bit, so a change on either side that breaks this fails there.
#include "core/maps/pixel_run.hpp"

#include <bit>
#include <cmath>
#include <limits>
#include <utility>

namespace gs {
namespace {

// The runner evaluates f and its gradient at each new point to test it, and the next step's oracle asks
// for the same point again. The surface's answer for the same bits is the same bits, so answering the
// second request from the first is exact and halves the evaluations of most optimizers' steps.
class LastPointCache final : public Evaluator {
 public:
  explicit LastPointCache(const Evaluator& surface) : surface_(surface) {}
  double value(Vec2 p) const override { return surface_.value(p); }
  ValueGrad valueGrad(Vec2 p) const override {
    if (hasLast_ && sameBits(p, lastPoint_)) return last_;
    last_ = surface_.valueGrad(p);
    lastPoint_ = p;
    hasLast_ = true;
    return last_;
  }
  ValueGradHessian valueGradHessian(Vec2 p) const override { return surface_.valueGradHessian(p); }
  int dataSize() const override { return surface_.dataSize(); }
  ValueGrad minibatchValueGrad(Vec2 p, int batchSize, std::uint64_t& rng) const override {
    return surface_.minibatchValueGrad(p, batchSize, rng);
  }

 private:
  static bool sameBits(Vec2 a, Vec2 b) {
    return std::bit_cast<std::uint64_t>(a.x) == std::bit_cast<std::uint64_t>(b.x) &&
           std::bit_cast<std::uint64_t>(a.y) == std::bit_cast<std::uint64_t>(b.y);
  }
  const Evaluator& surface_;
  mutable Vec2 lastPoint_;
  mutable ValueGrad last_;
  mutable bool hasLast_ = false;
};

}  // namespace

PixelRun runPixel(const Surface& surface, Optimizer optimizer, const PixelSettings& settings, Vec2 start,
                  PixelTrace* trace) {
  PixelRun result;
  result.end = start;
  result.loss = std::numeric_limits<double>::quiet_NaN();
  if (trace) {
    trace->points.clear();
    trace->losses.clear();
  }
  result.status = RunStatus::Diverged;
  if (!surface.evaluator) {
    result.undefinedStart = true;
    return result;
  }
  const LastPointCache evaluator(*surface.evaluator);
  optimizer.resetState();
  const ValueGrad here = evaluator.valueGrad(start);
  double gradientNorm = norm(here.gradient);
  if (!isFinite(start) || !std::isfinite(here.value) || !std::isfinite(gradientNorm) ||
      norm(start) > Run::kDivergenceBound) {
    result.undefinedStart = true;
    return result;
  }
  const Tolerance& tolerance = settings.tolerance;
  auto updateStatus = [&](double gradNorm, double stepLength, std::int64_t step) {
    const bool still = gradNorm < tolerance.gradientNorm && stepLength < tolerance.stepLength;
    if (still && result.status != RunStatus::Converged) {
      result.status = RunStatus::Converged;
      result.statusStep = step;
    } else if (!still) {
      result.status = RunStatus::Running;
      result.statusStep = 0;
    }
  };
  result.status = RunStatus::Running;
  result.loss = here.value;
  if (trace) {
    trace->points.push_back(start);
    trace->losses.push_back(here.value);
  }
  updateStatus(gradientNorm, 0.0, 0);

  Oracle oracle(evaluator, settings.batchSize, settings.seed);
  Vec2 point = start;
  for (std::int64_t step = 0; step < settings.steps; ++step) {
    const Vec2 next = optimizer.step(point, oracle, settings.schedule.factor(step));
    const ValueGrad there = isFinite(next) ? evaluator.valueGrad(next) : ValueGrad{};
    gradientNorm = norm(there.gradient);
    const double stepLength = norm(next - point);
    if (!isFinite(next) || norm(next) > Run::kDivergenceBound || !std::isfinite(there.value) ||
        !std::isfinite(gradientNorm) || !std::isfinite(stepLength)) {
      result.status = RunStatus::Diverged;
      result.statusStep = step + 1;
      break;
    }
    point = next;
    result.loss = there.value;
    result.stepsTaken = step + 1;
    if (trace) {
      trace->points.push_back(point);
      trace->losses.push_back(there.value);
    }
    updateStatus(gradientNorm, stepLength, step + 1);
  }
  result.end = point;
  return result;
}

}  // namespace gs
