// Many runs of one optimizer program stepped at once, for maps: the program's tape runs over every run's
// lanes per instruction (each register holds 2 lanes, the coordinates, per run), so a row of a map is
// one pass over the tape per step instead of one per pixel. Each run has its own hyperparameter values
// (a hyperparameter map varies them across the row) and its own state.
//
// The same bits as ProgramRun::step for each run alone: every run's lanes go through the same
// operations in the same order (program::apply), f and the gradient at each run's point come from the
// surface's valueGradBatch (the same bits as valueGrad), and grad(p) and f(p) at other points are
// evaluated per run at those points, as the Oracle would. No Oracle: evaluations are not counted and
// the gradients are exact (no minibatches).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/math/evaluator.hpp"
#include "core/optim/program.hpp"

namespace gs::program {
struct Instruction;  // program_impl.hpp
}  // namespace gs::program

namespace gs {

class ProgramBatch {
 public:
  // One run per start; `params` holds each run's hyperparameter values in program.params() order, run
  // after run (starts.size() * program.params().size() of them). Every run starts with fresh state.
  // The surface must outlive the batch.
  ProgramBatch(const Program& program, std::span<const double> params, const Evaluator& surface,
               std::span<const Vec2> starts);

  // `steps` updates of every run; lrScale multiplies a declared lr, as in ProgramRun::step.
  void step(int steps = 1, double lrScale = 1.0);

  std::size_t size() const { return points_.size(); }
  std::span<const Vec2> points() const { return points_; }
  // f and its gradient at every run's current point, evaluated at most once per step and handed to the
  // next step() as the gradients it steps from (as BatchRuns::valueGrads()).
  std::span<const ValueGrad> valueGrads();
  std::int64_t stepCount() const { return step_; }

 private:
  // Runs `code` (or one instruction) over the lanes of runs 0 to runs - 1.
  void run(const std::vector<program::Instruction>& code, std::size_t runs);
  void execute(const program::Instruction& in, std::size_t runs);
  double* lanes(int reg) { return registers_.data() + 2 * points_.size() * static_cast<std::size_t>(reg); }
  void setUniform(int reg, double value);
  void copyRegister(int to, int from);

  Program program_;
  const Evaluator* surface_;
  std::vector<Vec2> points_;
  std::vector<ValueGrad> grads_;
  bool gradsAtPoints_ = false;
  // Per pre-step instruction: whether its value can differ between runs (it reads a hyperparameter
  // that does, directly or through another instruction). One that cannot is computed for run 0 and
  // copied: a basin map (every run the same values) or a row of a hyperparameter map that varies only
  // lr computes each beta^t once per step, not once per run.
  std::vector<bool> preStepPerRun_;
  // Register r's lanes are registers_[2 * runs * r, 2 * runs * (r + 1)): run i's coordinates at 2i, 2i + 1.
  std::vector<double> registers_;
  std::int64_t step_ = 0;
};

}  // namespace gs
