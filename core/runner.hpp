// The lockstep runner: one object owns the surface and the runs; step(n), reset(start), seek(step).
// The app reads it every frame; no signals, no observers.
//
// Memory per run is bounded whatever the run's length: the history keeps at most kMaxStoredSteps
// entries (its stride doubles as the run grows), and seeking backwards resumes from one of at most
// kMaxCheckpoints checkpoints (their spacing doubles too), so a seek recomputes at most one spacing.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/optim/optimizer.hpp"
#include "core/optim/schedule.hpp"
#include "core/surface/surface.hpp"

namespace gs {

enum class RunStatus { Running, Converged, Diverged };
const char* toString(RunStatus status);

struct Tolerance {
  double gradientNorm = 1e-6;  // converged when |g| and |step| are both under these
  double stepLength = 1e-9;
};

struct RunSpec {
  std::string label;  // e.g. "adam lr=0.1"; empty: the optimizer's name
  Optimizer optimizer;
  Schedule schedule;
  int batchSize = 0;       // minibatch size on data surfaces; 0 = full batch (exact gradient)
  std::uint64_t seed = 1;  // minibatch sampling seed
};

// What a run's panel edits: its hyperparameters (Optimizer::paramValues order), schedule and minibatch size.
struct RunSettings {
  std::vector<double> params;
  Schedule schedule;
  int batchSize = 0;  // 0: full batch
};

// A colour as plain numbers, RGB in [0, 1]: what scene files save and the app draws with.
using Rgb = std::array<float, 3>;

// How a run is shown. Core draws nothing; it keeps this in the run so that adding, forking, removing or
// reordering runs carries it along, and nothing beside the runner has to follow the runs in step.
struct RunLook {
  Rgb color{1, 1, 1};
  bool enabled = true;  // disabled runs keep stepping (lockstep) but are not drawn
  // A user-written optimizer's named vector (Program::vectorNames: m, mhat, update...) drawn as an arrow
  // at the ball, from x to x + glyphScale * value (a negative scale draws -value); empty: none.
  std::string glyphName;
  double glyphScale = 1.0;
};

class Run {
 public:
  explicit Run(RunSpec spec, Vec2 start);

  const std::string& label() const { return spec_.label; }
  // `typedByUser`: the user chose this name; else it is one made from the settings, which the app renews
  // when they change.
  void setLabel(std::string label, bool typedByUser) {
    spec_.label = std::move(label);
    namedByUser_ = typedByUser;
  }
  bool namedByUser() const { return namedByUser_; }
  RunLook& look() { return look_; }
  const RunLook& look() const { return look_; }

  // Where the run came from. Its id is unique in its runner and never reused; a fork names its parent by
  // it (forkedFrom(), empty for a run of its own and once the parent is removed) and starts its own
  // settings at forkStep() (0 for a run of its own).
  std::uint64_t id() const { return id_; }
  std::optional<std::uint64_t> forkedFrom() const { return forkedFrom_; }
  std::int64_t forkStep() const { return forkStep_; }
  // Steps at which the user changed the settings "from here" (the timeline marks them). A fork starts
  // with its parent's. The app keeps the list: a what-if edit and a restart clear it.
  std::vector<std::int64_t>& editSteps() { return editSteps_; }
  const std::vector<std::int64_t>& editSteps() const { return editSteps_; }
  const Optimizer& optimizer() const { return optimizer_; }
  const RunSpec& spec() const { return spec_; }  // the settings it started with (step 0)
  const Schedule& schedule() const { return schedule_; }
  int batchSize() const { return oracle_.batchSize(); }  // the live minibatch size (0: full batch)
  RunSettings settings() const {
    return {optimizer_.paramValues(), schedule_, batchSize()};
  }  // the live ones
  // New settings, in one call: they apply from the next step (the optimizer's state is kept) and are
  // recorded at the current step, so seek() and reset() replay them. Changes recorded for later steps are
  // dropped: the future is rewritten. At step 0 they become the run's starting settings (spec()).
  void setSettings(const RunSettings& settings);

  std::int64_t step() const { return step_; }
  Vec2 point() const { return point_; }
  RunStatus status() const { return status_; }
  std::int64_t statusStep() const { return statusStep_; }  // step at which it converged / diverged

  // History, one entry per stored step (index i is step i * stride()). Bounded: past kMaxStoredSteps
  // entries every other one is dropped and the stride doubles. A seek backwards keeps the stride (the
  // entries it keeps are those stepping from 0 stores at that stride). Never holds a non-finite number.
  // Entry i: the point, the full-batch loss and gradient norm there, the length of the step that reached
  // it (0 at step 0), and the gradient evaluations (gradient + Hessian calls) spent so far. Empty only
  // when f or its gradient is not finite at the start (the run is then diverged at step 0).
  const std::vector<Vec2>& path() const { return path_; }
  const std::vector<double>& losses() const { return losses_; }
  const std::vector<double>& gradientNorms() const { return gradientNorms_; }
  const std::vector<double>& stepLengths() const { return stepLengths_; }
  const std::vector<std::int64_t>& gradientEvaluations() const { return gradientEvaluations_; }  // cumulative
  std::int64_t stride() const { return stride_; }
  const EvalCounts& counts() const { return oracle_.counts(); }

  // 2^15 entries (1.5 MB a run): a path of 16,384 to 32,768 points, finer than the path renderer's
  // thinning (1/4000 of the domain) on any monotone path and than a plot of any window's width.
  static constexpr std::size_t kMaxStoredSteps = std::size_t{1} << 15;
  // Checkpoints: the full state (optimizer, oracle with its sampling state, point, status) every
  // checkpointSpacing() steps, from kFirstCheckpointSpacing on; past kMaxCheckpoints every other one
  // is dropped and the spacing doubles. Resuming from one is bit for bit stepping from step 0.
  static constexpr std::size_t kMaxCheckpoints = 256;
  static constexpr std::int64_t kFirstCheckpointSpacing = 64;
  std::size_t checkpointCount() const { return checkpoints_.size(); }
  std::int64_t checkpointSpacing() const { return checkpointSpacing_; }
  // A run diverges when its point leaves this radius (or any number stops being finite).
  static constexpr double kDivergenceBound = 1e15;
  // Lowers the history cap (tests; at least 2). Applies from the next stored step.
  void setMaxStoredSteps(std::size_t cap);

 private:
  friend class Runner;
  // Whether a step records the optimizer's terms (glyphs, inspector, explainer: Optimizer::terms()). Only
  // the step a batch of steps stops at needs them, and each step a checkpoint keeps (which records them
  // whatever it is told, so that resuming there shows them): a recomputed path skips the rest.
  enum class StepTerms { Record, Skip };
  void advance(const Surface& surface, const Tolerance& tolerance, StepTerms terms = StepTerms::Record);
  // Forward to `target` (or until the run diverges), recording the terms of the step it stops at only.
  void advanceTo(const Surface& surface, std::int64_t target, const Tolerance& tolerance);
  // After steps that skipped their terms: where the run diverged in one of them, back to the step before
  // (from its checkpoint) and that step again with its terms, which the inspector shows for a diverged run.
  void recordDivergingStep(const Surface& surface, const Tolerance& tolerance);
  // Back to step 0 with the step-0 hyperparameters and a fresh oracle (same seed).
  void restart(const Surface& surface, Vec2 start, const Tolerance& tolerance);
  void applyChanges();  // the recorded changes due at step_
  void record(double loss, double gradientNorm, double stepLength);
  void updateStatus(double gradientNorm, double stepLength, const Tolerance& tolerance);
  // Back to `target` (at most the current step) from the last checkpoint at or before it.
  void rewind(const Surface& surface, Vec2 start, std::int64_t target, const Tolerance& tolerance);
  void saveCheckpoint();

  // Everything step() reads or writes, at the moment the run arrived at `step` (before the changes
  // recorded for that step were applied).
  struct Checkpoint {
    std::int64_t step;
    Optimizer optimizer;
    Schedule schedule;
    Oracle oracle;
    Vec2 point;
    RunStatus status;
    std::int64_t statusStep;
  };

  struct ParamChange {
    std::int64_t step;
    std::vector<double> values;
    Schedule schedule;
    int batchSize;
  };
  RunSpec spec_;
  Optimizer optimizer_;
  Schedule schedule_;
  std::shared_ptr<const Evaluator> evaluator_;  // keeps oracle_'s evaluator alive
  Oracle oracle_;
  std::vector<ParamChange> changes_;  // changes_[0] is step 0; sorted by step
  std::size_t nextChange_ = 1;        // first change not yet applied
  std::size_t maxStored_ = kMaxStoredSteps;
  std::int64_t step_ = 0;
  Vec2 start_;  // as restart() was given it
  Vec2 point_;
  bool termsSkipped_ = false;  // the last step did not record its terms
  RunStatus status_ = RunStatus::Running;
  std::int64_t statusStep_ = 0;
  std::int64_t stride_ = 1;
  std::vector<Vec2> path_;
  std::vector<double> losses_, gradientNorms_, stepLengths_;
  std::vector<std::int64_t> gradientEvaluations_;
  std::vector<Checkpoint> checkpoints_;  // sorted by step, none at step 0 (restart() is that one)
  std::int64_t checkpointSpacing_ = kFirstCheckpointSpacing;
  // What the run is beside its numbers (see the accessors); the runner sets the id and the fork's origin.
  std::uint64_t id_ = 0;
  std::optional<std::uint64_t> forkedFrom_;
  std::int64_t forkStep_ = 0;
  bool namedByUser_ = false;
  std::vector<std::int64_t> editSteps_;
  RunLook look_;
};

class Runner {
 public:
  Runner(Surface surface, Vec2 start);

  const Surface& surface() const { return surface_; }
  void setSurface(Surface surface, Vec2 start);  // every run restarts from step 0 at start
  Vec2 start() const { return start_; }
  std::int64_t currentStep() const { return currentStep_; }

  std::size_t addRun(RunSpec spec);  // caught up to currentStep() so runs stay in lockstep
  // Run `index` becomes a new run made from `spec` (an edited optimizer program), stepped from step 0 at
  // start() to the current step: its whole path recomputed, as a what-if edit does. It keeps its id, look
  // and whether its name was typed; it is no longer a fork and has no edit marks.
  void replaceRun(std::size_t index, RunSpec spec);
  // Forks of the removed run become runs of their own (forkedFrom() empty); they keep their fork step.
  void removeRun(std::size_t index);
  // A copy of run `index` at this step, state, history, label and look included, with its own id, forked
  // from run `index` at currentStep().
  std::size_t forkRun(std::size_t index);
  std::size_t size() const { return runs_.size(); }
  Run& run(std::size_t index) { return runs_.at(index); }
  const Run& run(std::size_t index) const { return runs_.at(index); }
  std::span<const Run> runs() const { return runs_; }
  std::optional<std::size_t> indexOf(std::uint64_t id) const;  // empty when no run has this id

  // Every run that has not diverged steps n times. Runs are independent, so when there is enough work
  // they are shared among the CPU's cores, each run stepped by one thread: every point is the same, bit
  // for bit, as stepping them one after another.
  void step(std::int64_t n = 1);
  // All runs back to step 0 at `start` with their step-0 settings; committed changes are replayed as
  // they are stepped again, and minibatch runs draw the same batches (the oracle is reseeded).
  void reset(Vec2 start);
  // Recomputes deterministically to `step`: later by stepping, earlier from each run's last checkpoint
  // at or before it (at most one checkpoint spacing of steps per run).
  void seek(std::int64_t step);

  // Paths recomputed progressively. A what-if edit (replayRuns) or a new start (restartTo) given a budget
  // computes that many run-steps at once and leaves the runs behind the current step; catchUp() takes them
  // on later (the app: a budget each frame), and the views show the paths computed so far. step() and
  // seek() keep such runs behind by as much as they were. Every point is the same, bit for bit, however
  // the work is split.
  static constexpr std::int64_t kAllSteps = std::numeric_limits<std::int64_t>::max();
  // The run-steps still owed: for each run that has not diverged, how far it is behind currentStep().
  std::int64_t stepsBehind() const;
  bool behind(const Run& run) const {  // the run's path is still being recomputed
    return run.status() != RunStatus::Diverged && run.step() < currentStep_;
  }
  // The runs behind the current step forward by about `budget` run-steps in all, an equal share each so
  // their paths grow together (kAllSteps: until none is behind). Returns the run-steps taken.
  std::int64_t catchUp(std::int64_t budget);
  // Every run back to step 0 at `start` (as reset()), the current step set to `step`, and the runs
  // forward by at most `budget` run-steps now (as catchUp(), whose count it returns).
  std::int64_t restartTo(Vec2 start, std::int64_t step, std::int64_t budget = kAllSteps);
  // Run `index` alone back to `step` (at most the current step), then forward again to the current step:
  // what an edit recorded at `step` needs. The other runs are untouched (they would come back to the same
  // points), so a what-if edit of one run costs one run's steps, not every run's.
  template <class Edit>
  void replayRun(std::size_t index, std::int64_t step, Edit&& edit) {
    const std::size_t indices[] = {index};
    const std::int64_t steps[] = {step};
    replayRuns(indices, steps, [&](Run& run, std::size_t) { edit(run); });
  }
  // The same for several distinct runs at once (run indices[k] back to steps[k], then edit(run, k)); they
  // go forward again shared among threads, by at most `budget` run-steps (see catchUp()). A run still
  // behind steps[k] (its path being recomputed) first goes forward to it, so the edit is recorded there.
  // Returns the run-steps taken going forward again.
  template <class Edit>
  std::int64_t replayRuns(std::span<const std::size_t> indices, std::span<const std::int64_t> steps,
                          Edit&& edit, std::int64_t budget = kAllSteps) {
    for (std::size_t k = 0; k < indices.size(); ++k) {
      Run& run = runs_.at(indices[k]);
      const std::int64_t at = std::clamp<std::int64_t>(steps[k], 0, currentStep_);
      run.rewind(surface_, start_, at, tolerance_);
      advanceTo(run, at);
      edit(run, k);
    }
    return forward(indices, budget);
  }

  Tolerance& tolerance() { return tolerance_; }

 private:
  // Those runs forward to the current step, by about `budget` run-steps in all; returns the steps taken.
  std::int64_t forward(std::span<const std::size_t> indices, std::int64_t budget);
  void advanceTo(Run& run, std::int64_t step);  // until `step` or divergence

  Surface surface_;
  Vec2 start_;
  std::int64_t currentStep_ = 0;
  Tolerance tolerance_;
  std::vector<Run> runs_;
  std::uint64_t nextId_ = 1;
};

}  // namespace gs
