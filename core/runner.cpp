// The lockstep runner. Runs are deterministic functions of (surface, start, step-0 settings, recorded
// hyperparameter changes, seed), which is what lets seek() go backwards by recomputing from a checkpoint.
#include "core/runner.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iterator>
#include <thread>
#include <utility>

namespace gs {
namespace {

// A Run constructed on its own has no surface yet; its oracle points here until restart() gives it one.
class NoSurface final : public Evaluator {
 public:
  double value(Vec2) const override { return 0.0; }
  ValueGrad valueGrad(Vec2) const override { return {}; }
  ValueGradHessian valueGradHessian(Vec2) const override { return {}; }
};

const NoSurface& noSurface() {
  static const NoSurface instance;
  return instance;
}

std::int64_t gradientEvaluationCount(const EvalCounts& counts) {
  // A Hessian evaluation also yields the gradient: Newton's steps count as gradient evaluations too.
  return counts.gradients + counts.hessians;
}

}  // namespace

const char* toString(RunStatus status) {
  switch (status) {
    case RunStatus::Running:
      return "running";
    case RunStatus::Converged:
      return "converged";
    case RunStatus::Diverged:
      return "diverged";
  }
  return "running";
}

Run::Run(RunSpec spec, Vec2 start)
    : spec_(std::move(spec)),
      optimizer_(spec_.optimizer),
      schedule_(spec_.schedule),
      oracle_(noSurface(), spec_.batchSize, spec_.seed),
      point_(start) {
  if (spec_.label.empty()) spec_.label = spec_.optimizer.name();
  changes_.push_back({0, optimizer_.paramValues(), schedule_, spec_.batchSize});
}

void Run::setMaxStoredSteps(std::size_t cap) { maxStored_ = std::max<std::size_t>(cap, 2); }

void Run::setSettings(const RunSettings& settings) {
  optimizer_.setParamValues(settings.params);
  schedule_ = settings.schedule;
  oracle_.setBatchSize(std::max(settings.batchSize, 0));
  // A change rewrites the future: later recorded changes belonged to a timeline that no longer exists,
  // and so did later checkpoints. One at this step holds the state before the change, which resuming
  // from it applies again (see rewind()).
  while (changes_.size() > 1 && changes_.back().step >= step_) changes_.pop_back();
  while (!checkpoints_.empty() && checkpoints_.back().step > step_) checkpoints_.pop_back();
  if (step_ == 0) {
    // Edited before the first step: these become the settings the run starts with.
    changes_.clear();
    spec_.optimizer.setParamValues(optimizer_.paramValues());
    spec_.schedule = schedule_;
    spec_.batchSize = batchSize();
  }
  changes_.push_back({step_, optimizer_.paramValues(), schedule_, batchSize()});
  nextChange_ = changes_.size();
}

void Run::applyChanges() {
  while (nextChange_ < changes_.size() && changes_[nextChange_].step <= step_) {
    optimizer_.setParamValues(changes_[nextChange_].values);
    schedule_ = changes_[nextChange_].schedule;
    oracle_.setBatchSize(changes_[nextChange_].batchSize);
    ++nextChange_;
  }
}

void Run::restart(const Surface& surface, Vec2 start, const Tolerance& tolerance) {
  evaluator_ = surface.evaluator;
  oracle_ = Oracle(evaluator_ ? *evaluator_ : noSurface(), changes_.front().batchSize, spec_.seed);
  optimizer_ = spec_.optimizer;
  optimizer_.resetState();
  optimizer_.setParamValues(changes_.front().values);
  schedule_ = changes_.front().schedule;
  nextChange_ = 1;
  step_ = 0;
  start_ = start;
  point_ = start;
  termsSkipped_ = false;
  checkpoints_.clear();
  checkpointSpacing_ = kFirstCheckpointSpacing;
  statusStep_ = 0;
  stride_ = 1;
  for (auto* series : {&losses_, &gradientNorms_, &stepLengths_}) series->clear();
  path_.clear();
  gradientEvaluations_.clear();
  status_ = RunStatus::Diverged;  // until the start proves finite (an invalid Surface has no evaluator)
  if (!evaluator_) return;
  const ValueGrad here = oracle_.observe(start);
  const double gradientNorm = norm(here.gradient);
  if (!isFinite(start) || !std::isfinite(here.value) || !std::isfinite(gradientNorm) ||
      norm(start) > kDivergenceBound)
    return;
  status_ = RunStatus::Running;
  record(here.value, gradientNorm, 0.0);
  updateStatus(gradientNorm, 0.0, tolerance);
}

void Run::advance(const Surface&, const Tolerance& tolerance, StepTerms terms) {
  if (status_ == RunStatus::Diverged) return;
  applyChanges();
  termsSkipped_ = terms == StepTerms::Skip && (step_ + 1) % checkpointSpacing_ != 0;
  const double lrScale = schedule_.factor(step_);
  const Vec2 next = termsSkipped_ ? optimizer_.stepQuietly(point_, oracle_, lrScale)
                                  : optimizer_.step(point_, oracle_, lrScale);
  // Loss and gradient norm are the exact full-batch ones even when the update used a minibatch estimate.
  const ValueGrad there = isFinite(next) ? oracle_.observe(next) : ValueGrad{};
  const double gradientNorm = norm(there.gradient);
  const double stepLength = norm(next - point_);
  if (!isFinite(next) || norm(next) > kDivergenceBound || !std::isfinite(there.value) ||
      !std::isfinite(gradientNorm) || !std::isfinite(stepLength)) {
    status_ = RunStatus::Diverged;
    statusStep_ = step_ + 1;
    return;
  }
  point_ = next;
  ++step_;
  if (step_ % stride_ == 0) record(there.value, gradientNorm, stepLength);
  updateStatus(gradientNorm, stepLength, tolerance);
  if (step_ % checkpointSpacing_ == 0) saveCheckpoint();
}

void Run::advanceTo(const Surface& surface, std::int64_t target, const Tolerance& tolerance) {
  while (step_ < target && status_ != RunStatus::Diverged)
    advance(surface, tolerance, step_ + 1 == target ? StepTerms::Record : StepTerms::Skip);
  recordDivergingStep(surface, tolerance);
}

void Run::recordDivergingStep(const Surface& surface, const Tolerance& tolerance) {
  if (status_ != RunStatus::Diverged || !termsSkipped_) return;
  rewind(surface, start_, statusStep_ - 1, tolerance);  // not diverged there: no recursion
  advance(surface, tolerance, StepTerms::Record);
}

void Run::saveCheckpoint() {
  // After a rewind the later checkpoints are still valid (same timeline): keep them, add none twice.
  if (!checkpoints_.empty() && checkpoints_.back().step >= step_) return;
  checkpoints_.push_back({step_, optimizer_, schedule_, oracle_, point_, status_, statusStep_});
  if (checkpoints_.size() <= kMaxCheckpoints) return;
  checkpointSpacing_ *= 2;
  std::erase_if(checkpoints_, [this](const Checkpoint& c) { return c.step % checkpointSpacing_ != 0; });
}

void Run::rewind(const Surface& surface, Vec2 start, std::int64_t target, const Tolerance& tolerance) {
  // A diverged run stays where it stopped, at step statusStep_ - 1; it is only behind target if the
  // divergence happened after it.
  const bool ahead = status_ == RunStatus::Diverged ? target < statusStep_ : target < step_;
  if (!ahead) return;
  const auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), target,
                                      [](std::int64_t step, const Checkpoint& c) { return step < c.step; });
  if (after == checkpoints_.begin()) {
    auto kept = std::move(checkpoints_);
    const std::int64_t spacing = checkpointSpacing_;
    restart(surface, start, tolerance);
    checkpoints_ = std::move(kept);
    checkpointSpacing_ = spacing;
  } else {
    const Checkpoint& from = *std::prev(after);
    optimizer_ = from.optimizer;
    schedule_ = from.schedule;
    oracle_ = from.oracle;
    point_ = from.point;
    status_ = from.status;
    statusStep_ = from.statusStep;
    step_ = from.step;
    // The changes due at this step were applied after the checkpoint was taken: apply them again.
    nextChange_ = 1;
    while (nextChange_ < changes_.size() && changes_[nextChange_].step < step_) ++nextChange_;
    // The history keeps its stride and the entries up to the checkpoint; stepping stores the rest.
    const auto kept = static_cast<std::size_t>(step_ / stride_) + 1;
    for (auto* series : {&losses_, &gradientNorms_, &stepLengths_})
      series->resize(std::min(series->size(), kept));
    path_.resize(std::min(path_.size(), kept));
    gradientEvaluations_.resize(std::min(gradientEvaluations_.size(), kept));
  }
  advanceTo(surface, target, tolerance);
}

void Run::record(double loss, double gradientNorm, double stepLength) {
  path_.push_back(point_);
  losses_.push_back(loss);
  gradientNorms_.push_back(gradientNorm);
  stepLengths_.push_back(stepLength);
  gradientEvaluations_.push_back(gradientEvaluationCount(oracle_.counts()));
  if (path_.size() <= maxStored_) return;
  auto keepEven = [](auto& series) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < series.size(); i += 2) series[kept++] = series[i];
    series.resize(kept);
  };
  keepEven(path_);
  keepEven(losses_);
  keepEven(gradientNorms_);
  keepEven(stepLengths_);
  keepEven(gradientEvaluations_);
  stride_ *= 2;
}

void Run::updateStatus(double gradientNorm, double stepLength, const Tolerance& tolerance) {
  const bool still = gradientNorm < tolerance.gradientNorm && stepLength < tolerance.stepLength;
  if (still && status_ != RunStatus::Converged) {
    status_ = RunStatus::Converged;
    statusStep_ = step_;
  } else if (!still) {
    status_ = RunStatus::Running;
    statusStep_ = 0;
  }
}

Runner::Runner(Surface surface, Vec2 start) : surface_(std::move(surface)), start_(start) {}

void Runner::setSurface(Surface surface, Vec2 start) {
  surface_ = std::move(surface);
  reset(start);
}

std::size_t Runner::addRun(RunSpec spec) {
  Run run(std::move(spec), start_);
  run.restart(surface_, start_, tolerance_);
  run.advanceTo(surface_, currentStep_, tolerance_);
  run.id_ = nextId_++;
  runs_.push_back(std::move(run));
  return runs_.size() - 1;
}

void Runner::replaceRun(std::size_t index, RunSpec spec) {
  Run& old = runs_.at(index);
  Run run(std::move(spec), start_);
  // The same run with a new rule: its id, look and typed name stay; it no longer continues a fork, and
  // marks of edits made to the old rule no longer apply.
  run.id_ = old.id_;
  run.look_ = old.look_;
  run.namedByUser_ = old.namedByUser_;
  run.restart(surface_, start_, tolerance_);
  run.advanceTo(surface_, currentStep_, tolerance_);
  old = std::move(run);
}

void Runner::removeRun(std::size_t index) {
  if (index >= runs_.size()) return;
  const std::uint64_t removed = runs_[index].id_;
  runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(index));
  for (Run& run : runs_)
    if (run.forkedFrom_ == removed) run.forkedFrom_.reset();
}

std::size_t Runner::forkRun(std::size_t index) {
  advanceTo(runs_.at(index), currentStep_);  // a path still being recomputed: the fork starts where it ends
  Run copy = runs_.at(index);
  copy.id_ = nextId_++;
  copy.forkedFrom_ = runs_[index].id_;
  copy.forkStep_ = currentStep_;
  runs_.push_back(std::move(copy));
  return runs_.size() - 1;
}

std::optional<std::size_t> Runner::indexOf(std::uint64_t id) const {
  const auto found = std::find_if(runs_.begin(), runs_.end(), [id](const Run& run) { return run.id_ == id; });
  if (found == runs_.end()) return std::nullopt;
  return static_cast<std::size_t>(found - runs_.begin());
}

namespace {

// Below this many run-steps of work (a frame of playback), starting threads costs more than it saves.
constexpr std::int64_t kParallelWork = 4096;

// Calls stepShare(share) for shares of `runs` that together hold each run once, on as many threads as
// the CPU has cores (at most one per run) when `work` run-steps are worth it. Shares are strided, so the
// expensive runs of a list (Newton, L-BFGS) spread out.
// How many threads `work` run-steps of `runs` runs are worth: one per core, at most one per run.
std::size_t threadsFor(std::int64_t work, std::size_t runs) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return work < kParallelWork ? 1 : std::min(cores, runs);
}

template <class StepShare>
void shareAmongThreads(const std::vector<Run*>& runs, std::int64_t work, const StepShare& stepShare) {
  const std::size_t threads = threadsFor(work, runs.size());
  if (threads <= 1) {
    stepShare(std::span<Run* const>(runs));
    return;
  }
  std::vector<std::vector<Run*>> shares(threads);
  for (std::size_t i = 0; i < runs.size(); ++i) shares[i % threads].push_back(runs[i]);
  std::vector<std::jthread> helpers;
  for (std::size_t t = 1; t < threads; ++t)
    helpers.emplace_back([&stepShare, &share = shares[t]] { stepShare(std::span<Run* const>(share)); });
  stepShare(std::span<Run* const>(shares[0]));
}  // the helpers join here

// Calls stepOne(run) once for each of `runs`, on as many threads as the CPU has cores (at most one per
// run) when `work` run-steps are worth it. Each thread takes the next run not yet taken, so a thread that
// drew cheap runs (or started late) takes more of them, and none waits long for another at the end.
template <class StepOne>
void eachAmongThreads(const std::vector<Run*>& runs, std::int64_t work, const StepOne& stepOne) {
  const std::size_t threads = threadsFor(work, runs.size());
  std::atomic<std::size_t> next{0};
  auto takeRuns = [&] {
    for (std::size_t i = next++; i < runs.size(); i = next++) stepOne(*runs[i]);
  };
  std::vector<std::jthread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(takeRuns);
  takeRuns();
}  // the helpers join here

}  // namespace

void Runner::step(std::int64_t n) {
  if (n <= 0) return;
  std::vector<Run*> runs;
  for (Run& run : runs_) runs.push_back(&run);
  shareAmongThreads(runs, n * static_cast<std::int64_t>(runs.size()), [&](std::span<Run* const> share) {
    // Step by step across the runs (not run by run): independent runs' updates overlap in the CPU.
    for (std::int64_t i = 0; i < n; ++i) {
      const auto terms = i + 1 == n ? Run::StepTerms::Record : Run::StepTerms::Skip;
      for (Run* run : share) run->advance(surface_, tolerance_, terms);  // a diverged run does not move
    }
    for (Run* run : share) run->recordDivergingStep(surface_, tolerance_);
  });
  currentStep_ += n;
}

std::int64_t Runner::forward(std::span<const std::size_t> indices, std::int64_t budget) {
  std::vector<Run*> runs;
  std::int64_t owed = 0;
  for (const std::size_t index : indices) {
    Run& run = runs_.at(index);
    if (!behind(run)) continue;
    runs.push_back(&run);
    owed += currentStep_ - run.step_;
  }
  if (runs.empty() || budget <= 0) return 0;
  // An equal share each, so the paths grow together; a run owing less than its share leaves the rest.
  const std::int64_t share = owed <= budget
                                 ? currentStep_
                                 : std::max<std::int64_t>(1, budget / static_cast<std::int64_t>(runs.size()));
  std::atomic<std::int64_t> taken{0};
  // Run by run (each one's whole way forward), taken in turn by the threads: the runs' costs differ (an
  // Adam step is several SGD steps; a diverged run stops early), and the last one to finish sets the time.
  eachAmongThreads(runs, std::min(owed, budget), [&](Run& run) {
    const std::int64_t from = run.step_;
    advanceTo(run, currentStep_ - from <= share ? currentStep_ : from + share);
    taken += run.step_ - from;
  });
  return taken;
}

void Runner::advanceTo(Run& run, std::int64_t step) { run.advanceTo(surface_, step, tolerance_); }

std::int64_t Runner::stepsBehind() const {
  std::int64_t owed = 0;
  for (const Run& run : runs_)
    if (behind(run)) owed += currentStep_ - run.step_;
  return owed;
}

std::int64_t Runner::catchUp(std::int64_t budget) {
  std::vector<std::size_t> all(runs_.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return forward(all, budget);
}

std::int64_t Runner::restartTo(Vec2 start, std::int64_t step, std::int64_t budget) {
  reset(start);
  currentStep_ = std::max<std::int64_t>(step, 0);
  return catchUp(budget);
}

void Runner::reset(Vec2 start) {
  start_ = start;
  currentStep_ = 0;
  for (auto& run : runs_) run.restart(surface_, start_, tolerance_);
}

void Runner::seek(std::int64_t target) {
  target = std::max<std::int64_t>(target, 0);
  if (target >= currentStep_) {
    step(target - currentStep_);
    return;
  }
  for (auto& run : runs_) run.rewind(surface_, start_, target, tolerance_);
  currentStep_ = target;
}

}  // namespace gs
