// Internal to the batch (batch.cpp): the lane kernel, compiled once per instruction set. Each of
// batch_sse2.cpp, batch_avx2.cpp (-mavx2) and batch_avx512.cpp (-mavx512f) instantiates kernelFor<Lanes>
// with that set's native pack, stdx::native_simd<double> (2, 4 or 8 lanes), and batch.cpp picks the widest
// the CPU has at run time (cpuid), so a default build (SSE2) uses AVX-512 where the CPU has it.
//
// One rule keeps the per-instruction-set copies apart: everything a kernel file compiles is a template of
// its own Lanes type (the optimizers' update<Lanes>, State<Lanes>, the lanes.hpp helpers), so no inline
// function compiled with -mavx2 can be picked by the linker for code that runs on a CPU without it. The
// kernel therefore takes plain pointers and the optimizer's index in AnyOptimizer, not a std:: container.
#pragma once
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/optim/batch.hpp"
#include "core/optim/catalog.hpp"
#include "core/optim/lanes.hpp"
#include "core/surface/formulas.hpp"
#include "core/surface/lane_dual.hpp"

namespace gs::optim::batch {

// What an update evaluates at its new points: f and the gradient by lane formula `formula` (an index in
// formulas::LaneFormulas; kNoLaneFormula: nothing, the batch evaluates them itself), and, where `bounds`
// is not null, which runs are steady by them (batch.hpp), one byte per run from `steady`.
// Where `anchorX` is not null, each run's anchor (BatchRuns::trackAnchors) moves to its new point when
// that is not within anchorRadiusSquares (squared distance) of it, and anchorStep records `step` then.
struct LaneEvaluation {
  std::size_t formula;
  // With a lane formula: f and the gradients' coordinates at the new points, run after run (the next
  // update loads the gradients from here; the batch hands them out from here). `grads` is left as it was.
  double* values;
  double* gradientX;
  double* gradientY;
  const SteadyBounds* bounds;
  std::uint8_t* steady;
  double* anchorX;
  double* anchorY;
  double* anchorStep;
  double anchorRadiusSquares;
  double step;  // the number of the step being taken (1: the first)
};

// The kernel of one instruction set, as batch.cpp calls it.
struct Kernel {
  const char* instructionSet;  // "avx512f", "avx2", "sse2" (or "baseline" off x86-64)
  std::size_t width;           // lanes: runs stepped by one update
  // The size and alignment of one group's state (W runs) for the optimizer at `index` in AnyOptimizer.
  std::size_t (*stateSize)(std::size_t index);
  std::size_t (*stateAlignment)(std::size_t index);
  // Constructs `count` fresh group states at `states`.
  void (*initStates)(std::size_t index, void* states, std::size_t count);
  // One update of groups [first, first + count): the runs' points (width per group) move in place, from
  // their gradients (and Hessians, for Newton). `optimizer` is the AnyOptimizer alternative at `index`.
  // With a lane formula, f and its gradient at the new points are then evaluated in lanes while the points
  // are still in registers, into the arrays of `evaluation` (and the steady runs marked).
  void (*update)(std::size_t index, const void* optimizer, void* states, Vec2* points, ValueGrad* grads,
                 const Sym2* hessians, std::size_t first, std::size_t count, double lr,
                 const LaneEvaluation& evaluation);
  // f and its gradient at the points of groups [first, first + count), by lane formula `formula`: the
  // bits of the surface's valueGrad() at each point.
  // Also into values, gradientX and gradientY, run after run.
  void (*valueGrads)(std::size_t formula, const Vec2* points, ValueGrad* out, double* values,
                     double* gradientX, double* gradientY, std::size_t first, std::size_t count);
};

const Kernel& kernelSse2();
const Kernel& kernelAvx2();
const Kernel& kernelAvx512();

// Calls f(std::integral_constant<std::size_t, I>) for I == index.
template <class F, std::size_t... I>
void withIndex(std::size_t index, F&& f, std::index_sequence<I...> /*unused*/) {
  ((index == I ? f(std::integral_constant<std::size_t, I>{}) : void()), ...);
}
template <class F>
void withOptimizerIndex(std::size_t index, F&& f) {
  withIndex(index, std::forward<F>(f), std::make_index_sequence<std::variant_size_v<AnyOptimizer>>{});
}
template <class F>
void withFormulaIndex(std::size_t index, F&& f) {
  withIndex(index, std::forward<F>(f), std::make_index_sequence<std::tuple_size_v<formulas::LaneFormulas>>{});
}

template <class O>
inline constexpr bool kSteppedByLanes = !std::is_same_v<O, Lbfgs>;  // L-BFGS: run by run (batch.cpp)

template <class Lanes>
struct LaneKernel {
  static constexpr std::size_t W = Lanes::size();

  template <std::size_t I>
  using OptimizerAt = std::variant_alternative_t<I, AnyOptimizer>;

  template <class O>
  using GroupState = typename O::template State<Lanes>;

  static std::size_t stateSize(std::size_t index) {
    std::size_t size = 0;
    withOptimizerIndex(index, [&](auto i) {
      using O = OptimizerAt<decltype(i)::value>;
      if constexpr (kSteppedByLanes<O>) size = sizeof(GroupState<O>);
    });
    return size;
  }
  static std::size_t stateAlignment(std::size_t index) {
    std::size_t alignment = 1;
    withOptimizerIndex(index, [&](auto i) {
      using O = OptimizerAt<decltype(i)::value>;
      if constexpr (kSteppedByLanes<O>) alignment = alignof(GroupState<O>);
    });
    return alignment;
  }
  static void initStates(std::size_t index, void* states, std::size_t count) {
    withOptimizerIndex(index, [&](auto i) {
      using O = OptimizerAt<decltype(i)::value>;
      if constexpr (kSteppedByLanes<O>) {
        auto* group = static_cast<GroupState<O>*>(states);
        for (std::size_t g = 0; g < count; ++g) new (group + g) GroupState<O>{};
      }
    });
  }

  static V2<Lanes> loadPoints(const Vec2* p) {
    return {Lanes([p](auto i) { return p[i].x; }), Lanes([p](auto i) { return p[i].y; })};
  }

  // formula(x, y) with dual numbers over the lanes: f and the gradient of every lane into out[0, W) and
  // (where `out` is not null) and f and the gradient's coordinates into values[0, W), gradientX[0, W) and
  // gradientY[0, W), and where `bounds` is not null
  // whether each lane is steady by them into steady[0, W).
  template <class Formula>
  [[gnu::always_inline]] static void evaluate(const V2<Lanes>& at, ValueGrad* out, double* values,
                                              double* gradientX, double* gradientY,
                                              const SteadyBounds* bounds, std::uint8_t* steady) {
    using Number = ad::LaneDual<Lanes>;
    const Number r = Formula{}(Number::variableX(at.x), Number::variableY(at.y));
    if (out != nullptr)
      for (std::size_t i = 0; i < W; ++i) out[i] = ValueGrad{r.value[i], Vec2{r.dx[i], r.dy[i]}};
    r.value.copy_to(values, stdx::element_aligned);
    r.dx.copy_to(gradientX, stdx::element_aligned);
    r.dy.copy_to(gradientY, stdx::element_aligned);
    if (bounds != nullptr) {
      const Lanes pointSquares = at.x * at.x + at.y * at.y;
      const Lanes gradientSquares = r.dx * r.dx + r.dy * r.dy;
      const MaskOf<Lanes> isSteady =
          pointSquares < bounds->pointSquaresBelow && absolute(r.value) <= bounds->valueAtMost &&
          gradientSquares > bounds->gradientSquaresAbove && gradientSquares < bounds->gradientSquaresBelow;
      // 1.0 and 0.0 converted to bytes in lanes: a few instructions where a loop over the mask takes many.
      Lanes flags(0.0);
      where(isSteady, flags) = 1.0;
      stdx::static_simd_cast<stdx::rebind_simd_t<std::uint8_t, Lanes>>(flags).copy_to(steady,
                                                                                      stdx::element_aligned);
    }
  }

  // The anchors of runs [first, first + W): those whose new point `at` is not within the radius of their
  // anchor (or not finite) take it as their anchor, from this step.
  [[gnu::always_inline]] static void moveAnchors(const V2<Lanes>& at, const LaneEvaluation& evaluation,
                                                 std::size_t first) {
    Lanes anchorX(evaluation.anchorX + first, stdx::element_aligned);
    Lanes anchorY(evaluation.anchorY + first, stdx::element_aligned);
    Lanes anchorStep(evaluation.anchorStep + first, stdx::element_aligned);
    const Lanes dx = at.x - anchorX;
    const Lanes dy = at.y - anchorY;
    const MaskOf<Lanes> moved = !(dx * dx + dy * dy <= evaluation.anchorRadiusSquares);
    where(moved, anchorX) = at.x;
    where(moved, anchorY) = at.y;
    where(moved, anchorStep) = Lanes(evaluation.step);
    anchorX.copy_to(evaluation.anchorX + first, stdx::element_aligned);
    anchorY.copy_to(evaluation.anchorY + first, stdx::element_aligned);
    anchorStep.copy_to(evaluation.anchorStep + first, stdx::element_aligned);
  }

  // Flattened: the update rule (adamMove and the like) is inlined into the loop over the packs, so its
  // packs stay in registers instead of passing through memory at each call.
  template <class O, class Formula>
  [[gnu::flatten]] static void updateGroups(const O& optimizer, GroupState<O>* states, Vec2* points,
                                            ValueGrad* grads, const Sym2* hessians, std::size_t first,
                                            std::size_t count, double lr, const LaneEvaluation& evaluation) {
    for (std::size_t g = first; g < first + count; ++g) {
      Vec2* p = points + g * W;
      ValueGrad* vg = grads + g * W;
      const V2<Lanes> x = loadPoints(p);
      // With a lane formula the gradient is read as the last evaluation left it, run after run.
      const V2<Lanes> gradient = std::is_void_v<Formula>
                                     ? V2<Lanes>{Lanes([vg](auto i) { return vg[i].gradient.x; }),
                                                 Lanes([vg](auto i) { return vg[i].gradient.y; })}
                                     : V2<Lanes>{Lanes(evaluation.gradientX + g * W, stdx::element_aligned),
                                                 Lanes(evaluation.gradientY + g * W, stdx::element_aligned)};
      V2<Lanes> next;
      if constexpr (UsesHessian<O>) {
        const Sym2* h = hessians + g * W;
        const S2<Lanes> hessian{Lanes([h](auto i) { return h[i].xx; }),
                                Lanes([h](auto i) { return h[i].xy; }),
                                Lanes([h](auto i) { return h[i].yy; })};
        next = O::update(optimizer.hyper, states[g], x, gradient, hessian, lr, NoTerms{});
      } else {
        next = O::update(optimizer.hyper, states[g], x, gradient, lr, NoTerms{});
      }
      for (std::size_t i = 0; i < W; ++i) p[i] = Vec2{next.x[i], next.y[i]};
      if constexpr (!std::is_void_v<Formula>) {
        evaluate<Formula>(next, nullptr, evaluation.values + g * W, evaluation.gradientX + g * W,
                          evaluation.gradientY + g * W, evaluation.bounds, evaluation.steady + g * W);
        if (evaluation.anchorX != nullptr) moveAnchors(next, evaluation, g * W);
      }
    }
  }

  static void update(std::size_t index, const void* optimizer, void* states, Vec2* points, ValueGrad* grads,
                     const Sym2* hessians, std::size_t first, std::size_t count, double lr,
                     const LaneEvaluation& evaluation) {
    // One table of the step's powers for all its packs (lanes.hpp, stepPower).
    StepPowers powers;
    powers.count = 0;
    StepPowers* const outer = ActiveStepPowers<Lanes>::table;
    ActiveStepPowers<Lanes>::table = &powers;
    withOptimizerIndex(index, [&](auto i) {
      using O = OptimizerAt<decltype(i)::value>;
      if constexpr (kSteppedByLanes<O>) {
        const auto& configuration = *static_cast<const O*>(optimizer);
        auto* groupStates = std::launder(static_cast<GroupState<O>*>(states));
        if (evaluation.formula == formulas::kNoLaneFormula) {
          updateGroups<O, void>(configuration, groupStates, points, grads, hessians, first, count, lr,
                                evaluation);
          return;
        }
        withFormulaIndex(evaluation.formula, [&](auto f) {
          using Formula = std::tuple_element_t<decltype(f)::value, formulas::LaneFormulas>;
          updateGroups<O, Formula>(configuration, groupStates, points, grads, hessians, first, count, lr,
                                   evaluation);
        });
      }
    });
    ActiveStepPowers<Lanes>::table = outer;
  }

  static void valueGrads(std::size_t formula, const Vec2* points, ValueGrad* out, double* values,
                         double* gradientX, double* gradientY, std::size_t first, std::size_t count) {
    withFormulaIndex(formula, [&](auto f) {
      using Formula = std::tuple_element_t<decltype(f)::value, formulas::LaneFormulas>;
      for (std::size_t g = first; g < first + count; ++g)
        evaluate<Formula>(loadPoints(points + g * W), out + g * W, values + g * W, gradientX + g * W,
                          gradientY + g * W, nullptr, nullptr);
    });
  }
};

template <class Lanes>
const Kernel& kernelFor(const char* instructionSet) {
  static const Kernel kernel{instructionSet,
                             LaneKernel<Lanes>::W,
                             &LaneKernel<Lanes>::stateSize,
                             &LaneKernel<Lanes>::stateAlignment,
                             &LaneKernel<Lanes>::initStates,
                             &LaneKernel<Lanes>::update,
                             &LaneKernel<Lanes>::valueGrads};
  return kernel;
}

}  // namespace gs::optim::batch
