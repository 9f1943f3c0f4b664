// L-BFGS (Nocedal 1980; Liu & Nocedal 1989), optionally with a strong-Wolfe line search.
// Convention: one of our steps is exactly one torch.optim.LBFGS.step(closure) (PyTorch 1.13 / 2.x) with the
// same lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size and line_search_fn:
//   evaluate f, g at x (current_evals = 1);  if max|g| <= tolerance_grad: stop (no move, state untouched)
//   repeat, at most max_iter times (n_iter counts the iterations of this step, state n_iter all of them):
//     state n_iter == 1: d = -g, empty history, H_diag = 1
//     otherwise:         y = g - g_prev, s = t_prev d_prev; if y.s > 1e-10 push (y, s, 1/y.s) (dropping the
//                        oldest beyond history_size) and H_diag = y.s / y.y; d = -H g by the two-loop
//                        recursion
//     g_prev = g, prev_loss = loss;  t = min(1, 1/|g|_1) lr on the very first iteration, lr afterwards
//     if g.d > -tolerance_change: stop (d, t and g_prev are kept, as torch keeps them)
//     line_search none:  x <- x + t d, and unless this is iteration max_iter, evaluate f, g at the new x
//     strong_wolfe:      t, f, g from torch's _strong_wolfe (c1=1e-4, c2=0.9, max_ls=25, cubic
//                        interpolation), x <- x + t d
//     stop if n_iter == max_iter, current_evals >= max_eval, max|g| <= tolerance_grad (g the new one),
//     max|t d| <= tolerance_change, or |loss - prev_loss| < tolerance_change.
// Our max_iter defaults to 1, not torch's 20: one of our steps is one .step() call, and with max_iter = 1
// every L-BFGS iteration is a step of its own on the canvas. With max_iter > 1 the iterates inside a step
// are drawn as dots between its two points (Terms::innerPoints). max_eval = 0 stands for torch's None:
// max_iter * 5 // 4, taken from the max_iter of each step (torch computes it once, in the constructor). An
// explicit max_eval of 0 would act as 1 in torch (the check comes after an iteration's evaluations), so 0
// loses nothing.
// Every f/gradient evaluation goes through the Oracle, so func_evals and the oracle's counts agree.
#pragma once
#include <vector>

#include "core/optim/common.hpp"

namespace gs::optim {

struct Lbfgs {
  enum class LineSearch { None, StrongWolfe };
  struct Hyper {
    double lr = 1.0;
    std::int64_t historySize = 100;
    LineSearch lineSearch = LineSearch::None;
    double toleranceGrad = 1e-7;
    double toleranceChange = 1e-9;
    std::int64_t maxIter = 1;  // max_iter (torch: 20; see above)
    std::int64_t maxEval = 0;  // max_eval; 0: torch's None, max_iter * 5 // 4
  };
  // The max_eval a step runs with: maxEval, or max_iter * 5 // 4 where it is 0 (torch's None).
  static std::int64_t effectiveMaxEval(const Hyper& hyper);
  // Why the last step stopped iterating, for the explainer (torch's loop exits, in its order).
  enum class Exit {
    None,             // no step yet
    OptimalAtStart,   // max|g| <= tolerance_grad at x_t: no iteration, no move
    FlatDirection,    // g.d > -tolerance_change
    MaxIter,          // n_iter == max_iter
    MaxEval,          // current_evals >= max_eval
    Optimal,          // max|g| <= tolerance_grad at the new point
    SmallStep,        // max|t d| <= tolerance_change
    SmallLossChange,  // |loss - prev_loss| < tolerance_change
  };
  // What the last step did beyond its first iteration's terms (not torch state; the explainer reads it).
  struct StepReport {
    Exit exit = Exit::None;
    std::int64_t iterations = 0;             // inner iterations run (torch's local n_iter)
    std::int64_t evaluations = 0;            // current_evals: f/gradient evaluations of this step
    std::int64_t lineSearchEvaluations = 0;  // of which the strong-Wolfe searches made
  };
  struct State {
    std::int64_t step = 0;       // our step() calls
    std::int64_t nIter = 0;      // n_iter: torch's iteration count (not advanced by the early return)
    std::int64_t funcEvals = 0;  // func_evals
    Vec2 d;                      // the last search direction
    double t = 0.0;              // the last step length
    std::vector<Vec2> oldDirs;   // old_dirs: y = g_k - g_{k-1}
    std::vector<Vec2> oldStps;   // old_stps: s = t d
    std::vector<double> ro;      // 1 / (y . s)
    std::vector<double> al;      // two-loop scratch (torch keeps it in state too)
    double hDiag = 1.0;          // H_diag: scale of the initial inverse Hessian
    Vec2 prevFlatGrad;           // prev_flat_grad
    double prevLoss = 0.0;       // prev_loss
  };
  Hyper hyper;
  State state;
  StepReport report;

  // At most this many inner iterates are kept in Terms::innerPoints: past it every other one is dropped
  // (and then only every 2nd, 4th, ... iterate kept), so a checkpointed Terms stays small whatever max_iter.
  static constexpr std::size_t kMaxInnerPoints = 64;

  static const std::vector<Field<Hyper>>& fields();
  // L-BFGS is not written over lanes: its line search evaluates f a different number of times in every
  // run, so a batch steps its runs one by one through this (batch.hpp). It records its terms itself.
  Vec2 step(Vec2 x, Oracle& oracle, double lr, Terms& terms);
  std::vector<NamedVec> namedState() const;
  void explain(Explanation& e) const;

 private:
  Vec2 searchDirection(Vec2 gradient);
};

// torch.optim.lbfgs._strong_wolfe for 2D parameters: the accepted step length t with f and the gradient
// at x + t d (torch's f_new, g_new: at t = 0, when the search ran out, the f and g it was given), and the
// number of evaluations it made. Where trialPoints is given, the points it evaluates are appended to it
// (up to Lbfgs::kMaxInnerPoints in all). Exposed for tests.
struct WolfeResult {
  double t = 0.0;
  double value = 0.0;
  Vec2 gradient;
  int evaluations = 0;
};
WolfeResult strongWolfe(Oracle& oracle, Vec2 x, double t, Vec2 d, double f, Vec2 g, double gtd,
                        double toleranceChange, double c1 = 1e-4, double c2 = 0.9, int maxLs = 25,
                        std::vector<Vec2>* trialPoints = nullptr);
// torch.optim.lbfgs._cubic_interpolate (minimiser of the cubic through two points with slopes).
double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lower,
                        double upper);

}  // namespace gs::optim
