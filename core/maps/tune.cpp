// The tuner's search: a grid over the axes (33 points on one axis, 13 x 13 on two), then twice a grid of
// the same size over the neighbouring cells of the best trial. Trials run in parallel, one per worker.
#include "core/maps/tune.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "core/math/text.hpp"

namespace gs {
namespace {

double halton(int index, int base) {
  double result = 0.0, fraction = 1.0;
  for (int i = index; i > 0; i /= base) {
    fraction /= base;
    result += fraction * (i % base);
  }
  return result;
}

// Runs every trial's starts; meanLoss is the mean final f (+inf where a start diverged or f is undefined).
void runTrials(const TuneRequest& request, const std::vector<Vec2>& starts, std::vector<TuneTrial>& trials,
               const std::atomic<bool>* cancel) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < trials.size(); i = next++) {
      if (cancel && cancel->load()) return;
      Optimizer optimizer = request.settings.optimizer;
      for (std::size_t a = 0; a < request.axes.size(); ++a)
        optimizer.setParam(request.axes[a].name, trials[i].values[a]);
      double sum = 0.0;
      for (const Vec2 start : starts) {
        const PixelRun run = runPixel(request.surface, optimizer, request.settings, start);
        if (run.status == RunStatus::Diverged) {
          sum = std::numeric_limits<double>::infinity();
          break;
        }
        sum += run.loss;
      }
      trials[i].meanLoss = sum / static_cast<double>(starts.size());
    }
  };
  unsigned threads = request.threads ? request.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(trials.size()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
}

// The grid of one round: `points` samples per axis over [lo, hi] of each (log where the axis is).
std::vector<TuneTrial> gridTrials(const std::vector<HyperAxis>& axes, int points) {
  std::vector<TuneTrial> trials;
  const int second = axes.size() > 1 ? points : 1;
  for (int j = 0; j < second; ++j)
    for (int i = 0; i < points; ++i) {
      TuneTrial trial;
      trial.values.push_back(axisValue(axes[0], i, points));
      if (axes.size() > 1) trial.values.push_back(axisValue(axes[1], j, points));
      trials.push_back(std::move(trial));
    }
  return trials;
}

// The axis narrowed to the cells on either side of `value` in a grid of `points`, kept in the original range.
HyperAxis narrowed(const HyperAxis& axis, const HyperAxis& original, double value, int points) {
  HyperAxis result = axis;
  if (axis.log) {
    const double cell = (std::log(axis.hi) - std::log(axis.lo)) / (points - 1);
    result.lo = std::max(original.lo, std::exp(std::log(value) - cell));
    result.hi = std::min(original.hi, std::exp(std::log(value) + cell));
  } else {
    const double cell = (axis.hi - axis.lo) / (points - 1);
    result.lo = std::max(original.lo, value - cell);
    result.hi = std::min(original.hi, value + cell);
  }
  if (!(result.lo < result.hi)) result = axis;
  return result;
}

}  // namespace

std::vector<Vec2> tuneStarts(const Surface& surface, int count) {
  std::vector<Vec2> starts{surface.start};
  const Domain& d = surface.domain;
  for (int i = 1; static_cast<int>(starts.size()) < count; ++i)
    starts.push_back({d.xMin + halton(i, 2) * (d.xMax - d.xMin), d.yMin + halton(i, 3) * (d.yMax - d.yMin)});
  starts.resize(static_cast<std::size_t>(std::max(count, 0)));
  return starts;
}

HyperAxis defaultTuneAxis(const Optimizer& optimizer) {
  // lr over [1e-5, 10], inside the range a program declares for its lr.
  HyperAxis axis{"lr", 1e-5, 10.0, true};
  for (const ParamInfo& info : optimizer.params())
    if (info.name == "lr") {
      axis.lo = std::max(axis.lo, info.min);
      axis.hi = std::min(axis.hi, info.max);
    }
  return axis;
}

std::optional<std::string> checkTuneRequest(const TuneRequest& request) {
  if (!request.surface.evaluator) return std::string("--surface: no surface");
  if (request.axes.size() > 2) return std::string("--param: at most two hyperparameters");
  for (const auto& axis : request.axes)
    if (auto problem = checkHyperAxis(axis, request.settings.optimizer)) return concat("--param: ", *problem);
  if (request.axes.empty())
    if (auto problem =
            checkHyperAxis(defaultTuneAxis(request.settings.optimizer), request.settings.optimizer))
      return concat("--param: none given, and lr cannot be searched: ", *problem);
  if (request.axes.size() == 2 && request.axes[0].name == request.axes[1].name)
    return concat("--param: '", request.axes[0].name, "' given twice");
  if (request.starts < 1 || request.starts > kMaxTuneStarts)
    return concat("--starts: ", std::to_string(request.starts), " is outside 1 to ",
                  std::to_string(kMaxTuneStarts));
  if (request.settings.steps < 0 || request.settings.steps > kMaxMapSteps)
    return concat("--steps: ", std::to_string(request.settings.steps), " is outside 0 to ",
                  std::to_string(kMaxMapSteps));
  if (request.settings.batchSize > 0 && request.surface.evaluator->dataSize() == 0)
    return concat("--batch: surface '", request.surface.name,
                  "' has no data set (minibatches apply to data surfaces)");
  for (const Vec2 start : tuneStarts(request.surface, 1)) {
    const ValueGrad here = request.surface.evaluator->valueGrad(start);
    if (!std::isfinite(here.value) || !isFinite(here.gradient))
      return std::string("--surface: f or its gradient is not finite at the surface's start");
  }
  return std::nullopt;
}

TuneResult tune(const TuneRequest& request, const std::atomic<bool>* cancel,
                const std::function<void(double)>& progress) {
  TuneRequest effective = request;
  if (effective.axes.empty()) effective.axes.push_back(defaultTuneAxis(effective.settings.optimizer));
  const std::vector<HyperAxis> original = effective.axes;
  const int points = effective.axes.size() > 1 ? 13 : 33;
  const std::vector<Vec2> starts = tuneStarts(effective.surface, effective.starts);
  constexpr int kRounds = 3;
  TuneResult result;
  const TuneTrial* best = nullptr;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<TuneTrial> trials = gridTrials(effective.axes, points);
    runTrials(effective, starts, trials, cancel);
    result.trials.insert(result.trials.end(), trials.begin(), trials.end());
    best = nullptr;
    for (const auto& trial : result.trials)
      if (!best || trial.meanLoss < best->meanLoss) best = &trial;
    if (progress) progress(static_cast<double>(round + 1) / kRounds);
    if (cancel && cancel->load()) break;
    for (std::size_t a = 0; a < effective.axes.size(); ++a)
      effective.axes[a] = narrowed(effective.axes[a], original[a], best->values[a], points);
  }
  double fStar = std::numeric_limits<double>::quiet_NaN();
  for (const auto& minimum : request.surface.minima)
    if (minimum.global && !(minimum.value >= fStar)) fStar = minimum.value;
  if (std::isnan(fStar)) {
    // A surface with no listed minimum: the lowest value any trial reached stands in for f*.
    fStar = std::numeric_limits<double>::infinity();
    for (const auto& trial : result.trials) fStar = std::min(fStar, trial.meanLoss);
    if (!std::isfinite(fStar)) fStar = 0.0;
  }
  result.fStar = fStar;
  result.best = best->values;
  result.bestLoss = best->meanLoss - fStar;
  result.anyConverged = std::isfinite(best->meanLoss);
  return result;
}

}  // namespace gs
