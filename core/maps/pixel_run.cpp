// The runner's stepping rule for one run with no history. It must stay the same computation as
// Run::restart/Run::advance in core/runner.cpp, operation for operation; tests/core/test_maps.cpp checks
// random pixels against a Runner bit for bit, so a change on either side that breaks this fails there.
#include "core/maps/pixel_run.hpp"

#include <bit>
#include <cmath>
#include <limits>
#include <utility>

#include "core/optim/batch.hpp"

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

void runPixelsBatch(const Surface& surface, const Optimizer& optimizer, const PixelSettings& settings,
                    std::span<const Vec2> starts, std::vector<PixelRun>& runs,
                    std::vector<PixelTrace>& traces) {
  const std::size_t count = starts.size();
  runs.assign(count, PixelRun{});
  traces.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    runs[i].end = starts[i];
    runs[i].loss = std::numeric_limits<double>::quiet_NaN();
    runs[i].status = RunStatus::Diverged;
    traces[i].points.clear();
    traces[i].losses.clear();
  }
  if (count == 0) return;
  if (!surface.evaluator) {
    for (auto& run : runs) run.undefinedStart = true;
    return;
  }
  const Evaluator& evaluator = *surface.evaluator;
  const Tolerance& tolerance = settings.tolerance;
  // The same status rule as runPixel() (and Run::advance): converged while both tests pass, from the
  // first step they pass; running again when either fails.
  auto updateStatus = [&](PixelRun& run, double gradNorm, double stepLength, std::int64_t step) {
    const bool still = gradNorm < tolerance.gradientNorm && stepLength < tolerance.stepLength;
    if (still && run.status != RunStatus::Converged) {
      run.status = RunStatus::Converged;
      run.statusStep = step;
    } else if (!still) {
      run.status = RunStatus::Running;
      run.statusStep = 0;
    }
  };
  std::vector<ValueGrad> there(count);
  evaluator.valueGradBatch(starts, there);
  std::vector<char> active(count, 0);
  std::size_t activeCount = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const Vec2 start = starts[i];
    const double gradientNorm = norm(there[i].gradient);
    if (!isFinite(start) || !std::isfinite(there[i].value) || !std::isfinite(gradientNorm) ||
        norm(start) > Run::kDivergenceBound) {
      runs[i].undefinedStart = true;
      continue;
    }
    runs[i].status = RunStatus::Running;
    runs[i].loss = there[i].value;
    traces[i].points.push_back(start);
    traces[i].losses.push_back(there[i].value);
    updateStatus(runs[i], gradientNorm, 0.0, 0);
    active[i] = 1;
    ++activeCount;
  }
  Optimizer configuration = optimizer;
  configuration.resetState();
  BatchRuns batch(configuration, evaluator, starts);
  std::vector<Vec2> next(count);
  for (std::int64_t step = 0; step < settings.steps && activeCount > 0; ++step) {
    batch.step(1, settings.schedule.factor(step));
    for (std::size_t i = 0; i < count; ++i) next[i] = batch.point(i);
    evaluator.valueGradBatch(next, there);
    for (std::size_t i = 0; i < count; ++i) {
      if (!active[i]) continue;
      PixelRun& run = runs[i];
      const Vec2 point = run.end;
      const double gradientNorm = norm(there[i].gradient);
      const double stepLength = norm(next[i] - point);
      if (!isFinite(next[i]) || norm(next[i]) > Run::kDivergenceBound || !std::isfinite(there[i].value) ||
          !std::isfinite(gradientNorm) || !std::isfinite(stepLength)) {
        run.status = RunStatus::Diverged;
        run.statusStep = step + 1;
        active[i] = 0;
        --activeCount;
        continue;
      }
      run.end = next[i];
      run.loss = there[i].value;
      run.stepsTaken = step + 1;
      traces[i].points.push_back(next[i]);
      traces[i].losses.push_back(there[i].value);
      updateStatus(run, gradientNorm, stepLength, step + 1);
    }
  }
}

}  // namespace gs
