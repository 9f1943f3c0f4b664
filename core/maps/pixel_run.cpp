// The runner's stepping rule for one run with no history. It must stay the same computation as
// Run::restart/Run::advance in core/runner.cpp, operation for operation; tests/core/test_maps.cpp checks
// random pixels against a Runner bit for bit, so a change on either side that breaks this fails there.
#include "core/maps/pixel_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "core/optim/batch.hpp"
#include "core/optim/program_batch.hpp"

namespace gs {

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
  const Evaluator& evaluator = *surface.evaluator;
  optimizer.resetState();
  // The oracle keeps what it observes: the optimizer's gradient where a step starts is the one the last
  // step's status took there.
  Oracle oracle(evaluator, settings.batchSize, settings.seed);
  const ValueGrad here = oracle.observe(start);
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

  Vec2 point = start;
  for (std::int64_t step = 0; step < settings.steps; ++step) {
    const Vec2 next = optimizer.stepQuietly(point, oracle, settings.schedule.factor(step));
    const ValueGrad there = isFinite(next) ? oracle.observe(next) : ValueGrad{};
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

namespace {

// The runner's tests on a norm, decided from the squared norm where that is certain, so most lanes take
// no square root: norm() is sqrt(x^2 + y^2) (rounded once) while the squares stay inside
// (2^-968, 2^968), and a square more than a relative 1e-9 away from the threshold's square is on the
// same side of it as the rounded square root. Elsewhere (near the threshold, tiny, huge or not finite)
// the test takes norm() itself, so every outcome is the runner's, bit for bit.
class NormTest {
 public:
  explicit NormTest(double threshold)
      : threshold_(threshold),
        surelyBelow_(threshold * (1.0 - 1e-9) * threshold * (1.0 - 1e-9)),
        surelyAbove_(threshold * (1.0 + 1e-9) * threshold * (1.0 + 1e-9)) {}
  static double squares(Vec2 a) { return a.x * a.x + a.y * a.y; }
  static bool plain(double squares) { return squares > 0x1p-968 && squares < 0x1p+968; }
  // norm(a) < threshold, and norm(a) is finite (a finite norm is false when it is not).
  bool below(Vec2 a, double squares) const {
    if (plain(squares)) {
      if (squares < surelyBelow_) return true;
      if (squares > surelyAbove_) return false;
    }
    return norm(a) < threshold_;
  }
  // norm(a) > threshold.
  bool above(Vec2 a, double squares) const {
    if (plain(squares)) {
      if (squares < surelyBelow_) return false;
      if (squares > surelyAbove_) return true;
    }
    return norm(a) > threshold_;
  }

 private:
  double threshold_, surelyBelow_, surelyAbove_;
};

// Sets every run to runPixel()'s result before its first step; false when no run can take a step.
bool startPixelsBatch(const Surface& surface, std::span<const Vec2> starts, std::vector<PixelRun>& runs,
                      BatchTrace& trace) {
  const std::size_t count = starts.size();
  runs.assign(count, PixelRun{});
  for (std::size_t i = 0; i < count; ++i) {
    runs[i].end = starts[i];
    runs[i].loss = std::numeric_limits<double>::quiet_NaN();
    runs[i].status = RunStatus::Diverged;
  }
  trace.runs = count;
  trace.points.clear();
  trace.losses.clear();
  trace.anchors.clear();
  trace.anchorSteps.clear();
  if (count == 0) return false;
  if (!surface.evaluator) {
    for (auto& run : runs) run.undefinedStart = true;
    return false;
  }
  return true;
}

// Which runs' points the batch has already found steady for the runner's checks (BatchRuns in lanes,
// BatchRuns::steady()); an empty span where the checks test every lane themselves.
std::span<const std::uint8_t> steadyRuns(const BatchRuns& batch) { return batch.steady(); }
std::span<const std::uint8_t> steadyRuns(const ProgramBatch& /*batch*/) { return {}; }
void watchSteady(BatchRuns& batch, const SteadyBounds& bounds) { batch.watchSteady(bounds); }
void watchSteady(ProgramBatch& /*batch*/, const SteadyBounds& /*bounds*/) {}
// One run's f and gradient at its current point, for a batch that marks steady runs (BatchRuns).
ValueGrad valueGradOf(BatchRuns& batch, std::size_t run) { return batch.valueGrad(run); }
ValueGrad valueGradOf(ProgramBatch& batch, std::size_t run) { return batch.valueGrads()[run]; }

// The runner's checks on every lane of `batch` (BatchRuns or ProgramBatch: step, points, valueGrads).
// `surface` is the batch's: a lane that diverges ends with f at its last point, asked of it again (the
// batch's values are the surface's bits, so this is the value the batch had there).
template <class Batch>
void stepPixelsBatch(Batch& batch, const Evaluator& surface, const PixelSettings& settings,
                     std::span<const Vec2> starts, std::vector<PixelRun>& runs, BatchTrace& trace) {
  const std::size_t count = starts.size();
  const Tolerance& tolerance = settings.tolerance;
  // The same status rule as runPixel() (and Run::advance): converged while both tests pass, from the
  // first step they pass; running again when either fails.
  auto updateStatus = [&](PixelRun& run, bool still, std::int64_t step) {
    if (still && run.status != RunStatus::Converged) {
      run.status = RunStatus::Converged;
      run.statusStep = step;
    } else if (!still) {
      run.status = RunStatus::Running;
      run.statusStep = 0;
    }
  };
  // f and the gradient at each point come from the batch, which steps from them next: one evaluation
  // per point, as runPixel()'s cache gives.
  std::span<const ValueGrad> there = batch.valueGrads();
  // Each lane: 0 stopped (undefined start or diverged), 1 running (status Running, statusStep 0), 2
  // converged. A lane's end is read from the trace after the loop.
  std::vector<unsigned char> lane(count, 0);
  std::size_t activeCount = 0;
  trace.points.assign(starts.begin(), starts.end());
  if (trace.keepLosses) trace.losses.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Vec2 start = starts[i];
    const double gradientNorm = norm(there[i].gradient);
    if (trace.keepLosses) trace.losses[i] = there[i].value;
    if (!isFinite(start) || !std::isfinite(there[i].value) || !std::isfinite(gradientNorm) ||
        norm(start) > Run::kDivergenceBound) {
      runs[i].undefinedStart = true;
      continue;
    }
    runs[i].status = RunStatus::Running;
    runs[i].stepsTaken = -1;  // still running: set after the loop
    updateStatus(runs[i], gradientNorm < tolerance.gradientNorm && 0.0 < tolerance.stepLength, 0);
    lane[i] = runs[i].status == RunStatus::Converged ? 2 : 1;
    ++activeCount;
  }
  const NormTest gradientTest(tolerance.gradientNorm), stepTest(tolerance.stepLength),
      boundTest(Run::kDivergenceBound);
  // Squares that settle a running lane's step at once: its point is finite and well inside the bound,
  // and its gradient finite and well above the convergence test's, so it neither diverges nor converges.
  // NaN and infinities fail these comparisons.
  const SteadyBounds steadyBounds{
      .pointSquaresBelow = 0.5 * Run::kDivergenceBound * Run::kDivergenceBound,
      .valueAtMost = 0x1p+1023,
      .gradientSquaresAbove =
          std::max(tolerance.gradientNorm * (1.0 + 1e-9) * tolerance.gradientNorm * (1.0 + 1e-9), 0x1p-967),
      .gradientSquaresBelow = 0x1p+968};
  watchSteady(batch, steadyBounds);
  const auto isSteady = [&steadyBounds](Vec2 point, const ValueGrad& at) {
    const double gradientSquares = NormTest::squares(at.gradient);
    return NormTest::squares(point) < steadyBounds.pointSquaresBelow &&
           std::fabs(at.value) <= steadyBounds.valueAtMost &&
           gradientSquares > steadyBounds.gradientSquaresAbove &&
           gradientSquares < steadyBounds.gradientSquaresBelow;
  };
  // Eight lanes at a time: all running and all steady is one comparison of eight bytes each.
  constexpr std::uint64_t kEightOnes = 0x0101010101010101;
  const auto eightBytes = [](const std::uint8_t* bytes) {
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    return word;
  };
  std::int64_t stepsDone = 0;
  bool wholeSpan = true;  // `there` holds every run's values at its current point
  for (std::int64_t step = 0; step < settings.steps && activeCount > 0; ++step) {
    batch.step(1, settings.schedule.factor(step));
    const std::span<const Vec2> next = batch.points();
    const std::span<const std::uint8_t> steady = steadyRuns(batch);
    // Where the batch marks the steady runs, the checks ask it for the few others' values alone;
    // elsewhere they read every run's.
    wholeSpan = steady.empty() || trace.keepLosses;
    if (wholeSpan) there = batch.valueGrads();
    const auto valueGradAt = [&](std::size_t i) { return wholeSpan ? there[i] : valueGradOf(batch, i); };
    trace.points.insert(trace.points.end(), next.begin(), next.end());
    if (trace.keepLosses) {
      const std::size_t row = trace.losses.size();
      trace.losses.resize(row + count);
      for (std::size_t i = 0; i < count; ++i) trace.losses[row + i] = there[i].value;
    }
    const Vec2* previous = trace.points.data() + static_cast<std::size_t>(step) * count;
    stepsDone = step + 1;
    for (std::size_t i = 0; i < count; ++i) {
      if (!steady.empty() && i % 8 == 0 && i + 8 <= count && eightBytes(&lane[i]) == kEightOnes &&
          eightBytes(&steady[i]) == kEightOnes) {
        i += 7;
        continue;
      }
      if (lane[i] == 0) continue;
      // The common case, decided without a square root.
      if (lane[i] == 1 && (steady.empty() ? isSteady(next[i], there[i]) : steady[i] != 0)) continue;
      PixelRun& run = runs[i];
      const ValueGrad at = valueGradAt(i);
      const Vec2 gradient = at.gradient;
      const double gradientSquares = NormTest::squares(gradient);
      const double nextSquares = NormTest::squares(next[i]);
      // runPixel()'s divergence test. Where `next` is finite and within the bound, so are the move (the
      // difference of two points within 1e15) and its length, so only the gradient's norm is left to test.
      const bool gradientFinite = NormTest::plain(gradientSquares) || std::isfinite(norm(gradient));
      if (!isFinite(next[i]) || boundTest.above(next[i], nextSquares) || !std::isfinite(at.value) ||
          !gradientFinite) {
        run.status = RunStatus::Diverged;
        run.statusStep = step + 1;
        run.stepsTaken = step;
        run.loss = surface.valueGrad(previous[i]).value;
        lane[i] = 0;
        --activeCount;
        continue;
      }
      const Vec2 move = next[i] - previous[i];
      const bool still =
          gradientTest.below(gradient, gradientSquares) && stepTest.below(move, NormTest::squares(move));
      updateStatus(run, still, step + 1);
      lane[i] = run.status == RunStatus::Converged ? 2 : 1;
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    PixelRun& run = runs[i];
    if (run.undefinedStart) continue;
    if (lane[i] != 0) {
      run.stepsTaken = stepsDone;
      run.loss = wholeSpan ? there[i].value : valueGradOf(batch, i).value;
    }
    run.end = trace.point(i, run.stepsTaken);
  }
}

}  // namespace

void runPixelsBatch(const Surface& surface, const Optimizer& optimizer, const PixelSettings& settings,
                    std::span<const Vec2> starts, std::vector<PixelRun>& runs, BatchTrace& trace) {
  if (!startPixelsBatch(surface, starts, runs, trace)) return;
  Optimizer configuration = optimizer;
  configuration.resetState();
  BatchRuns batch(configuration, *surface.evaluator, starts);
  if (trace.anchorRadius > 0.0) batch.trackAnchors(trace.anchorRadius);
  stepPixelsBatch(batch, *surface.evaluator, settings, starts, runs, trace);
  if (batch.tracksAnchors()) {
    for (std::size_t i = 0; i < starts.size(); ++i) {
      trace.anchors.push_back(batch.anchor(i));
      trace.anchorSteps.push_back(batch.anchorStep(i));
    }
  }
}

void runProgramPixelsBatch(const Surface& surface, const Program& program, std::span<const double> params,
                           const PixelSettings& settings, std::span<const Vec2> starts,
                           std::vector<PixelRun>& runs, BatchTrace& trace) {
  if (!startPixelsBatch(surface, starts, runs, trace)) return;
  ProgramBatch batch(program, params, *surface.evaluator, starts);
  stepPixelsBatch(batch, *surface.evaluator, settings, starts, runs, trace);
}

}  // namespace gs
