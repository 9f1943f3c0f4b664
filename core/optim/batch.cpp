// BatchRuns (batch.hpp): the runs' points, gradients and lane states, and the threads that step them.
// The arithmetic is in the optimizers' update templates, run by the kernel of batch_kernel.hpp.
#include "core/optim/batch.hpp"

#include <algorithm>
#include <new>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/optim/batch_kernel.hpp"
#include "core/optim/catalog.hpp"
#include "core/surface/catalog.hpp"

namespace gs {
namespace {

// The kernels this CPU runs, widest first.
const std::vector<const optim::batch::Kernel*>& availableKernels() {
  static const std::vector<const optim::batch::Kernel*> kernels = [] {
    std::vector<const optim::batch::Kernel*> list;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) list.push_back(&optim::batch::kernelAvx512());
    if (__builtin_cpu_supports("avx2")) list.push_back(&optim::batch::kernelAvx2());
#endif
    list.push_back(&optim::batch::kernelSse2());
    return list;
  }();
  return kernels;
}

const optim::batch::Kernel& widestKernel() { return *availableKernels().front(); }

const optim::batch::Kernel& kernelNamed(std::string_view instructionSet) {
  for (const optim::batch::Kernel* kernel : availableKernels()) {
    if (kernel->instructionSet == instructionSet) return *kernel;
  }
  return widestKernel();
}

// The index in formulas::LaneFormulas of the built-in surface whose evaluator `surface` is, else
// kNoLaneFormula: such a surface's gradients are taken in lanes by the kernel (the same bits).
template <std::size_t I = 0>
std::size_t laneFormulaOf(const Evaluator& surface) {
  if constexpr (I == formulas::kNoLaneFormula) {
    return I;
  } else {
    using Formula = std::tuple_element_t<I, formulas::LaneFormulas>;
    if (dynamic_cast<const FunctionEvaluator<Formula>*>(&surface) != nullptr) return I;
    return laneFormulaOf<I + 1>(surface);
  }
}

// Every kernel's width divides this, so the runs are padded once to a multiple of it.
constexpr std::size_t kMaxLanes = 8;

struct AlignedFree {
  std::size_t alignment;
  void operator()(void* p) const { ::operator delete (p, std::align_val_t{alignment}); }
};

}  // namespace

struct BatchRuns::Impl {
  const optim::batch::Kernel* kernel;
  AnyOptimizer optimizer;  // the configuration: its hyperparameters (its own state is not used)
  const Evaluator* surface;
  std::size_t formula = formulas::kNoLaneFormula;  // the surface's lane formula, if it has one
  std::optional<SteadyBounds> steadyBounds;        // watchSteady()
  std::vector<std::uint8_t> steady;                // per run, after a step with a lane formula
  // With a lane formula: f and the gradient at the current points, run after run, kept by each update;
  // `grads` is filled from them only when valueGrads() asks (aosCurrent).
  std::vector<double> values, gradientX, gradientY;
  bool aosCurrent = false;
  double anchorRadius = 0.0;  // trackAnchors(); 0: not tracked
  std::vector<double> anchorX, anchorY, anchorStep;
  int threads;
  std::size_t runs;              // runs asked for; the arrays below are padded
  std::vector<Vec2> points;      // each run's x, then padding (copies of the last start)
  std::vector<ValueGrad> grads;  // the gradients of the step being taken
  bool gradsAtPoints = false;    // grads hold f and its gradient at the current points (valueGrads())
  std::vector<Sym2> hessians;    // Newton only
  std::unique_ptr<void, AlignedFree> states{nullptr, AlignedFree{1}};  // one State<Lanes> per group
  std::vector<optim::Lbfgs> lbfgs;  // L-BFGS: one optimizer per run, stepped alone
  std::int64_t steps = 0;

  bool usesHessian() const {
    return std::visit([](const auto& o) { return UsesHessian<std::decay_t<decltype(o)>>; }, optimizer);
  }
  bool runByRun() const { return std::holds_alternative<optim::Lbfgs>(optimizer); }

  bool lanesEvaluate() const { return formula != formulas::kNoLaneFormula; }

  void evaluateRange(std::size_t first, std::size_t last) {
    if (lanesEvaluate()) {
      kernel->valueGrads(formula, points.data(), grads.data(), values.data(), gradientX.data(),
                         gradientY.data(), first / kernel->width, (last - first) / kernel->width);
      return;
    }
    const std::span<const Vec2> at(points.data() + first, last - first);
    surface->valueGradBatch(at, std::span<ValueGrad>(grads.data() + first, last - first));
  }

  // Calls work(first, last) on `threads` contiguous shares of whole packs, the last on this thread.
  template <class Work>
  void onThreads(Work work) {
    const std::size_t padded = points.size();
    const std::size_t shares = std::min<std::size_t>(static_cast<std::size_t>(threads), padded / kMaxLanes);
    if (shares <= 1) {
      work(std::size_t{0}, padded);
      return;
    }
    const std::size_t packs = padded / kMaxLanes;
    std::vector<std::thread> workers;
    std::size_t first = 0;
    for (std::size_t t = 0; t < shares; ++t) {
      const std::size_t last = (packs * (t + 1) / shares) * kMaxLanes;
      if (t + 1 == shares) {
        work(first, last);
      } else {
        workers.emplace_back([&work, first, last] { work(first, last); });
      }
      first = last;
    }
    for (std::thread& worker : workers) worker.join();
  }

  // `count` updates of the runs [first, last) (a multiple of the lane width apart). `evaluated`: the
  // first update's gradients are already in `grads` (valueGrads()). With a lane formula each update
  // leaves f and the gradient at its new points in `grads`, for the next update and for valueGrads().
  void stepRange(std::size_t first, std::size_t last, int count, double lr, bool evaluated) {
    if (first >= last) return;
    if (runByRun()) {
      Terms scratch;
      for (int s = 0; s < count; ++s) {
        for (std::size_t r = first; r < std::min(last, runs); ++r) {
          Oracle oracle(*surface);
          points[r] = lbfgs[r].step(points[r], oracle, lr, scratch);
        }
      }
      return;
    }
    const std::size_t width = kernel->width;
    const void* configuration = std::visit([](const auto& o) -> const void* { return &o; }, optimizer);
    const std::size_t index = optimizer.index();
    const bool hessian = usesHessian();
    for (int s = 0; s < count; ++s) {
      if (s == 0 ? !evaluated : !lanesEvaluate()) evaluateRange(first, last);
      if (hessian) {
        for (std::size_t r = first; r < last; ++r) hessians[r] = surface->valueGradHessian(points[r]).hessian;
      }
      kernel->update(index, configuration, states.get(), points.data(), grads.data(), hessians.data(),
                     first / width, (last - first) / width, lr,
                     optim::batch::LaneEvaluation{
                         formula, values.data(), gradientX.data(), gradientY.data(),
                         steadyBounds ? &*steadyBounds : nullptr, steady.data(),
                         anchorRadius > 0.0 ? anchorX.data() : nullptr, anchorY.data(), anchorStep.data(),
                         anchorRadius * anchorRadius, static_cast<double>(steps + s + 1)});
    }
  }
};

BatchRuns::BatchRuns(const Optimizer& configuration, const Evaluator& surface, std::span<const Vec2> starts,
                     int threads, std::string_view instructionSet)
    : impl_(std::make_unique<Impl>()) {
  Impl& b = *impl_;
  b.kernel = instructionSet.empty() ? &widestKernel() : &kernelNamed(instructionSet);
  // A user-written program has no batch kernel yet: refuse it rather than step its unused default.
  if (configuration.impl_->program)
    throw std::invalid_argument("maps of program optimizers are not supported yet");
  b.optimizer = configuration.impl_->impl;
  std::visit([](auto& o) { o.state = {}; }, b.optimizer);
  b.surface = &surface;
  b.threads = std::max(threads, 1);
  b.runs = starts.size();
  const std::size_t padded = (b.runs + kMaxLanes - 1) / kMaxLanes * kMaxLanes;
  b.points.assign(starts.begin(), starts.end());
  b.points.resize(padded, starts.empty() ? Vec2{} : starts.back());
  b.grads.resize(padded);
  if (b.usesHessian()) b.hessians.resize(padded);
  if (!b.runByRun()) b.formula = laneFormulaOf(surface);
  if (b.lanesEvaluate()) {
    b.values.resize(padded);
    b.gradientX.resize(padded);
    b.gradientY.resize(padded);
  }
  if (b.runByRun()) {
    b.lbfgs.assign(b.runs, std::get<optim::Lbfgs>(b.optimizer));
    return;
  }
  const std::size_t index = b.optimizer.index();
  const std::size_t groups = padded / b.kernel->width;
  const std::size_t alignment = std::max(b.kernel->stateAlignment(index), alignof(std::max_align_t));
  const std::size_t bytes = std::max<std::size_t>(groups * b.kernel->stateSize(index), 1);
  b.states = std::unique_ptr<void, AlignedFree>(::operator new (bytes, std::align_val_t{alignment}),
                                                AlignedFree{alignment});
  b.kernel->initStates(index, b.states.get(), groups);
}

BatchRuns::BatchRuns(BatchRuns&&) noexcept = default;
BatchRuns& BatchRuns::operator=(BatchRuns&&) noexcept = default;
BatchRuns::~BatchRuns() = default;

void BatchRuns::step(int steps, double lrScale) {
  Impl& b = *impl_;
  if (steps <= 0 || b.runs == 0) return;
  const double lr = std::visit([&](const auto& o) { return o.hyper.lr * lrScale; }, b.optimizer);
  const bool evaluated = b.gradsAtPoints;
  // Runs are independent: each thread takes a contiguous share of whole packs for all the steps.
  b.onThreads([&b, steps, lr, evaluated](std::size_t first, std::size_t last) {
    b.stepRange(first, last, steps, lr, evaluated);
  });
  b.gradsAtPoints = b.lanesEvaluate();
  b.aosCurrent = false;
  b.steps += steps;
}

void BatchRuns::watchSteady(const SteadyBounds& bounds) {
  Impl& b = *impl_;
  if (!b.lanesEvaluate()) return;
  b.steadyBounds = bounds;
  b.steady.assign(b.points.size(), 0);
}
void BatchRuns::trackAnchors(double radius) {
  Impl& b = *impl_;
  if (!b.lanesEvaluate() || !(radius > 0.0)) return;
  b.anchorRadius = radius;
  b.anchorX.resize(b.points.size());
  b.anchorY.resize(b.points.size());
  for (std::size_t r = 0; r < b.points.size(); ++r) {
    b.anchorX[r] = b.points[r].x;
    b.anchorY[r] = b.points[r].y;
  }
  b.anchorStep.assign(b.points.size(), static_cast<double>(b.steps));
}
bool BatchRuns::tracksAnchors() const { return impl_->anchorRadius > 0.0; }
Vec2 BatchRuns::anchor(std::size_t run) const { return {impl_->anchorX.at(run), impl_->anchorY.at(run)}; }
std::int64_t BatchRuns::anchorStep(std::size_t run) const {
  return static_cast<std::int64_t>(impl_->anchorStep.at(run));
}
std::span<const std::uint8_t> BatchRuns::steady() const {
  const Impl& b = *impl_;
  if (!b.steadyBounds || b.steps == 0) return {};
  return {b.steady.data(), b.runs};
}
bool BatchRuns::evaluatesInLanes() const { return impl_->lanesEvaluate(); }
std::size_t BatchRuns::size() const { return impl_->runs; }
Vec2 BatchRuns::point(std::size_t run) const { return impl_->points.at(run); }
std::span<const Vec2> BatchRuns::points() const { return {impl_->points.data(), impl_->runs}; }

std::span<const ValueGrad> BatchRuns::valueGrads() {
  Impl& b = *impl_;
  if (!b.gradsAtPoints && b.runs > 0) {
    b.onThreads([&b](std::size_t first, std::size_t last) { b.evaluateRange(first, last); });
    b.gradsAtPoints = true;
    b.aosCurrent = true;
  }
  if (!b.aosCurrent && b.lanesEvaluate()) {  // the last update left them run after run only
    for (std::size_t r = 0; r < b.runs; ++r)
      b.grads[r] = ValueGrad{b.values[r], Vec2{b.gradientX[r], b.gradientY[r]}};
    b.aosCurrent = true;
  }
  return {b.grads.data(), b.runs};
}
ValueGrad BatchRuns::valueGrad(std::size_t run) {
  Impl& b = *impl_;
  if (!b.gradsAtPoints || !b.lanesEvaluate()) return valueGrads()[run];
  return ValueGrad{b.values.at(run), Vec2{b.gradientX[run], b.gradientY[run]}};
}
BatchRunStatus BatchRuns::status(std::size_t run) const {
  return isFinite(point(run)) ? BatchRunStatus::Running : BatchRunStatus::NotFinite;
}
std::int64_t BatchRuns::stepCount() const { return impl_->steps; }
const char* BatchRuns::instructionSet() { return widestKernel().instructionSet; }
std::size_t BatchRuns::laneWidth() { return widestKernel().width; }
std::vector<std::string> BatchRuns::instructionSets() {
  std::vector<std::string> names;
  for (const optim::batch::Kernel* kernel : availableKernels()) names.emplace_back(kernel->instructionSet);
  return names;
}

}  // namespace gs
