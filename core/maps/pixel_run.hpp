// One map pixel: a run from one start with one set of settings, stepped exactly as the runner steps it
// (core/runner.cpp: Run::restart and Run::advance), without the runner's history. Every map, the tuner
// and their tests go through runPixel(), the one place to switch to the batch kernels (core/optim/batch.hpp)
// once they exist: a batch of pixels stepped as lanes must give these same bits.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/optim/optimizer.hpp"
#include "core/optim/program.hpp"
#include "core/optim/schedule.hpp"
#include "core/runner.hpp"
#include "core/surface/surface.hpp"

namespace gs {

// Everything a pixel's run depends on besides its start and the two hyperparameters a map varies.
struct PixelSettings {
  Optimizer optimizer = *Optimizer::create("sgd");  // a prototype: each pixel steps a copy (state reset)
  Schedule schedule;
  int batchSize = 0;       // as `gradscape trace --batch`
  std::uint64_t seed = 1;  // as `gradscape trace --seed`
  std::int64_t steps = 300;
  Tolerance tolerance;  // the runner's convergence test
};

struct PixelRun {
  Vec2 end;         // the last finite point (the start when f is not finite there)
  double loss = 0;  // full-batch f at `end` (NaN when f is not finite at the start)
  RunStatus status = RunStatus::Running;
  std::int64_t statusStep = 0;  // as Run::statusStep()
  std::int64_t stepsTaken = 0;  // steps to `end`
  bool undefinedStart = false;  // f or its gradient is not finite at the start (a NaN region)
};

// The points and full-batch losses of steps 0 to stepsTaken, for the maps' "steps to come that close".
// Reused from pixel to pixel, so a worker allocates once.
struct PixelTrace {
  std::vector<Vec2> points;
  std::vector<double> losses;
};

// Steps `optimizer` (a copy with its hyperparameters set; its state is reset here) from `start`. When
// `trace` is not null it receives every point and loss from step 0 to stepsTaken.
PixelRun runPixel(const Surface& surface, Optimizer optimizer, const PixelSettings& settings, Vec2 start,
                  PixelTrace* trace = nullptr);

}  // namespace gs

namespace gs {

// The points and full-batch losses of many runs stepped together, step-major (step k of every run, then
// step k + 1), so each step's check writes one contiguous stretch. Entry (run, k) holds run's point and
// loss for k = 0 to its stepsTaken; later entries are not its path. Reused between calls.
struct BatchTrace {
  bool keepLosses = true;  // false: `losses` stays empty (for a caller that reads only the points)
  // Above 0: where the batch evaluates in lanes, each run's anchor is kept with this radius
  // (BatchRuns::trackAnchors): from anchorSteps[run] on, its path stays within the radius of
  // anchors[run]. Both stay empty where they are not kept.
  double anchorRadius = 0.0;
  std::size_t runs = 0;
  std::vector<Vec2> points;
  std::vector<double> losses;
  std::vector<Vec2> anchors;
  std::vector<std::int64_t> anchorSteps;
  Vec2 point(std::size_t run, std::int64_t step) const {
    return points[static_cast<std::size_t>(step) * runs + run];
  }
  double loss(std::size_t run, std::int64_t step) const {
    return losses[static_cast<std::size_t>(step) * runs + run];
  }
};

// runPixel() for many starts with the same optimizer and settings, stepped together as lanes of the batch
// kernel (core/optim/batch.hpp): the same bits as runPixel() from each start, with the runner's checks
// applied per lane and each lane frozen at its first divergence. Full-batch only: `settings.batchSize`
// must be 0 (minibatches draw per run, so those pixels go through runPixel()). `runs` is resized to
// starts.size(); `trace` receives every run's points and losses.
void runPixelsBatch(const Surface& surface, const Optimizer& optimizer, const PixelSettings& settings,
                    std::span<const Vec2> starts, std::vector<PixelRun>& runs, BatchTrace& trace);

// runPixelsBatch() for an optimizer program (core/optim/program_batch.hpp), each run with its own
// hyperparameter values: `params` holds starts.size() rows of program.params().size() values (a
// hyperparameter map varies them along a row). The same bits as runPixel() with each run's program.
void runProgramPixelsBatch(const Surface& surface, const Program& program, std::span<const double> params,
                           const PixelSettings& settings, std::span<const Vec2> starts,
                           std::vector<PixelRun>& runs, BatchTrace& trace);

}  // namespace gs
