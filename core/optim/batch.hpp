// Many runs of one optimizer configuration stepped at once: the same update as Optimizer::step (the
// optimizer's one template, lanes.hpp), applied to a pack of runs per instruction, with results identical
// bit for bit to stepping each run alone. For maps of many starts, and measured by the benchmarks.
//
// Each step asks the surface for every run's gradient at once (Evaluator::valueGradBatch; Newton also
// asks for each run's Hessian), then updates the runs W at a time, W the widest lanes the CPU offers at
// run time: 8 with AVX-512, 4 with AVX2, 2 with SSE2 (batch_kernel.hpp). L-BFGS, whose line search
// evaluates f a different number of times per run, steps its runs one by one inside the batch.
// Gradients are exact (no minibatch estimate) and the evaluations are not counted (no Oracle).
// A caller that tests every run's new point (maps: the runner's status rule) reads the values and
// gradients there from valueGrads(), which the next step() then uses instead of evaluating them again.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/math/evaluator.hpp"
#include "core/optim/optimizer.hpp"

namespace gs {

enum class BatchRunStatus {
  Running,
  NotFinite,  // its point is NaN or infinite: it keeps stepping, as one run alone would, but is lost
};

// What makes a run's new point unremarkable to a caller that tests every step (maps: a running lane that
// neither diverges nor converges there), from squares: the point's x^2 + y^2 below pointSquaresBelow,
// |f| at most valueAtMost, and the gradient's squares strictly between gradientSquaresAbove and
// gradientSquaresBelow. NaN fails every test.
struct SteadyBounds {
  double pointSquaresBelow;
  double valueAtMost;
  double gradientSquaresAbove;
  double gradientSquaresBelow;
};

class BatchRuns {
 public:
  // `configuration`'s hyperparameters from `starts`, every run with fresh state. The surface must outlive
  // the batch. `threads` (at least 1) splits the runs between that many threads for each step() call.
  // `instructionSet` picks a narrower kernel than the widest (one of instructionSets(); for tests).
  BatchRuns(const Optimizer& configuration, const Evaluator& surface, std::span<const Vec2> starts,
            int threads = 1, std::string_view instructionSet = {});
  BatchRuns(BatchRuns&&) noexcept;
  BatchRuns& operator=(BatchRuns&&) noexcept;
  ~BatchRuns();

  // `steps` updates of every run; lrScale multiplies lr as in Optimizer::step.
  void step(int steps = 1, double lrScale = 1.0);

  std::size_t size() const;
  Vec2 point(std::size_t run) const;
  std::span<const Vec2> points() const;  // size() of them
  // f and its gradient at every run's current point (size() of them): evaluated here, on the batch's
  // threads, at most once per step, and handed to the next step() as the gradients it steps from. The
  // same bits as the surface's valueGradBatch at those points.
  std::span<const ValueGrad> valueGrads();
  // valueGrads()[run] without handing out the whole span: where the batch evaluates in lanes, read from
  // where the last update left them, so a caller that reads only a few runs' values (steady()) costs no
  // copy of every run's.
  ValueGrad valueGrad(std::size_t run);
  BatchRunStatus status(std::size_t run) const;
  // From now on each step also marks which runs' new points are steady by `bounds` (1) or not (0), where
  // the surface is evaluated in lanes (evaluatesInLanes()): then steady() has size() of them, for the
  // step just taken, computed in lanes while the values are in registers; else it is empty and the
  // caller tests the values itself.
  void watchSteady(const SteadyBounds& bounds);
  std::span<const std::uint8_t> steady() const;
  // From now on each step also keeps every run's anchor, where the surface is evaluated in lanes: a point
  // of its path (at first its current point) that it takes again each time its new point is not within
  // `radius` of it (squared distance above radius^2, or not finite). So from anchorStep(run) on, every
  // point of the run is within radius of anchor(run): a map reads where a run settled from it without
  // walking back over the whole path. tracksAnchors() says whether they are kept.
  void trackAnchors(double radius);
  bool tracksAnchors() const;
  Vec2 anchor(std::size_t run) const;
  std::int64_t anchorStep(std::size_t run) const;
  // Whether the surface's gradients are taken in lanes (a built-in polynomial, core/surface/formulas.hpp)
  // rather than by its valueGradBatch, point by point: the same bits either way.
  bool evaluatesInLanes() const;
  std::int64_t stepCount() const;  // updates taken so far (every run takes each one)

  // The instruction set the lanes use on this CPU ("avx512f", "avx2", "sse2") and their width.
  static const char* instructionSet();
  static std::size_t laneWidth();
  // Every instruction set this CPU can run the kernel with, widest first.
  static std::vector<std::string> instructionSets();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gs
