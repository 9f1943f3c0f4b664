// ProgramBatch: the program's tape over the lanes of many runs (ProgramRun::step for each, bit for bit).
#include "core/optim/program_batch.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

#include "core/optim/program_impl.hpp"

namespace gs {
namespace {

using program::Instruction;
using program::Op;

// One instruction over every run's two lanes: lane i = 2 * run + coordinate. A uniform instruction
// computes each run's first lane and copies it, as ProgramRun does for its one run.
template <class Operation>
[[gnu::always_inline]] inline void forLanes(const Instruction& in, std::size_t runs, double* out,
                                            Operation operation) {
  if (in.uniform) {
    for (std::size_t r = 0; r < runs; ++r) out[2 * r] = out[2 * r + 1] = operation(2 * r);
  } else {
    for (std::size_t i = 0; i < 2 * runs; ++i) out[i] = operation(i);
  }
}

// The default case for an operation known at compile time: program::apply with a constant op folds to
// that one operation (the same expression, so the same bits), and the lane loop runs without a switch
// per lane.
template <Op op>
void applyLanes(const Instruction& in, std::size_t runs, double* out, const double* a, const double* b,
                const double* c) {
  forLanes(in, runs, out, [&](std::size_t l) { return program::apply(op, a[l], b[l], c[l]); });
}

}  // namespace

ProgramBatch::ProgramBatch(const Program& program, std::span<const double> params, const Evaluator& surface,
                           std::span<const Vec2> starts)
    : program_(program), surface_(&surface), points_(starts.begin(), starts.end()), grads_(starts.size()) {
  const program::Tape& tape = program_.impl().tape;
  const std::size_t runs = points_.size();
  const std::size_t count = program_.params().size();
  registers_.assign(2 * runs * static_cast<std::size_t>(tape.registerCount), 0.0);
  for (const auto& [reg, value] : tape.constants) setUniform(reg, value);
  for (std::size_t p = 0; p < count; ++p) {
    double* hyper = lanes(tape.hyperRegisters[p]);
    for (std::size_t r = 0; r < runs; ++r) hyper[2 * r] = hyper[2 * r + 1] = params[r * count + p];
  }
  setUniform(tape.lrScaleRegister, 1.0);
  run(tape.hyperCode, runs);
  // Which registers can differ between runs: the hyperparameters whose values do, what the hyper code
  // derives from them, and everything the step itself writes (state, x, g, f). The pre-step code reads
  // t, lrScale (the same in every run) and those.
  std::vector<bool> perRun(static_cast<std::size_t>(tape.registerCount), false);
  const auto at = [&perRun](int reg) { return perRun[static_cast<std::size_t>(reg)]; };
  for (std::size_t p = 0; p < count; ++p)
    for (std::size_t r = 1; r < runs; ++r)
      if (std::bit_cast<std::uint64_t>(params[r * count + p]) != std::bit_cast<std::uint64_t>(params[p]))
        perRun[static_cast<std::size_t>(tape.hyperRegisters[p])] = true;
  // An instruction's unused operands name some register: reading them as inputs only errs towards
  // computing per run, which is always exact.
  const auto reads = [&](const Instruction& in) { return at(in.a) || at(in.b) || at(in.c); };
  for (const Instruction& in : tape.hyperCode) perRun[static_cast<std::size_t>(in.out)] = reads(in);
  for (const Instruction& in : tape.stepCode) perRun[static_cast<std::size_t>(in.out)] = true;
  for (int reg : {tape.xRegister, tape.gRegister, tape.fRegister, tape.nextXRegister})
    perRun[static_cast<std::size_t>(reg)] = true;
  for (int reg : tape.stateRegisters) perRun[static_cast<std::size_t>(reg)] = true;
  for (const Instruction& in : tape.preStepCode) {
    const bool differs = reads(in);
    preStepPerRun_.push_back(differs);
    if (differs) perRun[static_cast<std::size_t>(in.out)] = true;
  }
  // State from its initial values as the hyperparameters are at the first step (ProgramRun::step).
  for (std::size_t i = 0; i < tape.stateRegisters.size(); ++i)
    copyRegister(tape.stateRegisters[i], tape.stateInitRegisters[i]);
}

void ProgramBatch::setUniform(int reg, double value) {
  double* out = lanes(reg);
  for (std::size_t i = 0; i < 2 * points_.size(); ++i) out[i] = value;
}

void ProgramBatch::copyRegister(int to, int from) {
  const double* source = lanes(from);
  double* target = lanes(to);
  for (std::size_t i = 0; i < 2 * points_.size(); ++i) target[i] = source[i];
}

std::span<const ValueGrad> ProgramBatch::valueGrads() {
  if (!gradsAtPoints_) {
    surface_->valueGradBatch(points_, grads_);
    gradsAtPoints_ = true;
  }
  return grads_;
}

// ProgramRun's runCode with a loop over the runs inside each instruction. Grad and ValueAt ask the
// surface at each run's own point, as the Oracle asks it for one run.
void ProgramBatch::run(const std::vector<Instruction>& code, std::size_t runs) {
  for (const Instruction& in : code) execute(in, runs);
}

void ProgramBatch::execute(const Instruction& in, std::size_t runs) {
  double* out = lanes(in.out);
  const double* a = lanes(in.a);
  const double* b = lanes(in.b);
  const double* c = lanes(in.c);
  switch (in.op) {
    case Op::Add:
      forLanes(in, runs, out, [&](std::size_t l) { return a[l] + b[l]; });
      break;
    case Op::Sub:
      forLanes(in, runs, out, [&](std::size_t l) { return a[l] - b[l]; });
      break;
    case Op::Mul:
      forLanes(in, runs, out, [&](std::size_t l) { return a[l] * b[l]; });
      break;
    case Op::Div:
      forLanes(in, runs, out, [&](std::size_t l) { return a[l] / b[l]; });
      break;
    case Op::Square:
      forLanes(in, runs, out, [&](std::size_t l) { return a[l] * a[l]; });
      break;
    case Op::Sqrt:
      forLanes(in, runs, out, [&](std::size_t l) { return std::sqrt(a[l]); });
      break;
    case Op::Grad:
      for (std::size_t r = 0; r < runs; ++r) {
        const Vec2 gradient = surface_->valueGrad({a[2 * r], a[2 * r + 1]}).gradient;
        out[2 * r] = gradient.x;
        out[2 * r + 1] = gradient.y;
      }
      break;
    case Op::ValueAt:
      for (std::size_t r = 0; r < runs; ++r)
        out[2 * r] = out[2 * r + 1] = surface_->value({a[2 * r], a[2 * r + 1]});
      break;
    case Op::Norm:
      for (std::size_t r = 0; r < runs; ++r) out[2 * r] = out[2 * r + 1] = norm(Vec2{a[2 * r], a[2 * r + 1]});
      break;
    case Op::Dot:
      for (std::size_t r = 0; r < runs; ++r)
        out[2 * r] = out[2 * r + 1] = dot(Vec2{a[2 * r], a[2 * r + 1]}, Vec2{b[2 * r], b[2 * r + 1]});
      break;
    case Op::Select:
      applyLanes<Op::Select>(in, runs, out, a, b, c);
      break;
    case Op::Copy:
      applyLanes<Op::Copy>(in, runs, out, a, b, c);
      break;
    case Op::Neg:
      applyLanes<Op::Neg>(in, runs, out, a, b, c);
      break;
    case Op::Abs:
      applyLanes<Op::Abs>(in, runs, out, a, b, c);
      break;
    case Op::Sign:
      applyLanes<Op::Sign>(in, runs, out, a, b, c);
      break;
    case Op::Min:
      applyLanes<Op::Min>(in, runs, out, a, b, c);
      break;
    case Op::Max:
      applyLanes<Op::Max>(in, runs, out, a, b, c);
      break;
    case Op::Clip:
      applyLanes<Op::Clip>(in, runs, out, a, b, c);
      break;
    case Op::Equal:
      applyLanes<Op::Equal>(in, runs, out, a, b, c);
      break;
    case Op::Less:
      applyLanes<Op::Less>(in, runs, out, a, b, c);
      break;
    case Op::Greater:
      applyLanes<Op::Greater>(in, runs, out, a, b, c);
      break;
    default:
      forLanes(in, runs, out, [&](std::size_t l) { return program::apply(in.op, a[l], b[l], c[l]); });
      break;
  }
}

void ProgramBatch::step(int steps, double lrScale) {
  const program::Tape& tape = program_.impl().tape;
  const std::size_t runs = points_.size();
  if (runs == 0) return;
  for (int s = 0; s < steps; ++s) {
    ++step_;
    setUniform(tape.tRegister, static_cast<double>(step_));
    setUniform(tape.lrScaleRegister, lrScale);
    for (std::size_t i = 0; i < tape.preStepCode.size(); ++i) {
      const Instruction& in = tape.preStepCode[i];
      if (preStepPerRun_[i]) {
        execute(in, runs);
        continue;
      }
      // The same operations on the same bits in every run: run 0's values are every run's.
      execute(in, 1);
      double* out = lanes(in.out);
      for (std::size_t r = 1; r < runs; ++r) {
        out[2 * r] = out[0];
        out[2 * r + 1] = out[1];
      }
    }
    valueGrads();
    double* x = lanes(tape.xRegister);
    double* g = lanes(tape.gRegister);
    double* f = lanes(tape.fRegister);
    for (std::size_t r = 0; r < runs; ++r) {
      x[2 * r] = points_[r].x;
      x[2 * r + 1] = points_[r].y;
      g[2 * r] = grads_[r].gradient.x;
      g[2 * r + 1] = grads_[r].gradient.y;
      f[2 * r] = f[2 * r + 1] = grads_[r].value;
    }
    run(tape.stepCode, runs);
    for (std::size_t i = 0; i < tape.stateRegisters.size(); ++i)
      copyRegister(tape.stateRegisters[i], tape.stateFinalRegisters[i]);
    const double* next = lanes(tape.nextXRegister);
    for (std::size_t r = 0; r < runs; ++r) points_[r] = {next[2 * r], next[2 * r + 1]};
    gradsAtPoints_ = false;
  }
}

}  // namespace gs
