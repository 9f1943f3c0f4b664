// L-BFGS (Nocedal 1980; Liu & Nocedal 1989), optionally with a strong-Wolfe line search.
// Convention: one of our steps is exactly one torch.optim.LBFGS.step(closure) with max_iter=1
// (so max_eval = 1), PyTorch 1.13 / 2.x, tolerance_grad=1e-7 and tolerance_change=1e-9 by default:
//   evaluate f, g at x;  if max|g| <= tolerance_grad: stop (no move, state untouched)
//   n_iter == 1:  d = -g, empty history, H_diag = 1
//   otherwise:    y = g - g_prev, s = t_prev d_prev; if y.s > 1e-10 push (y, s, 1/y.s) (dropping the
//                 oldest beyond history_size) and H_diag = y.s / y.y; d = -H g by the two-loop recursion
//   t = min(1, 1/|g|_1) * lr on the first iteration, lr afterwards
//   if g.d > -tolerance_change: stop (no move; d, t and g_prev are kept, as torch keeps them)
//   line_search none: x <- x + t d;  strong_wolfe: t from torch's _strong_wolfe (c1=1e-4, c2=0.9,
//   max_ls=25, cubic interpolation), then x <- x + t d.
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

  static const std::vector<Field<Hyper>>& fields();
  // L-BFGS is not written over lanes: its line search evaluates f a different number of times in every
  // run, so a batch steps its runs one by one through this (batch.hpp). It records its terms itself.
  Vec2 step(Vec2 x, Oracle& oracle, double lr, Terms& terms);
  std::vector<NamedVec> namedState() const;
  void explain(Explanation& e) const;

 private:
  Vec2 searchDirection(Vec2 gradient);
};

// torch.optim.lbfgs._strong_wolfe for 2D parameters: returns the accepted step length t and adds the
// number of evaluations it made to `evaluations`. Exposed for tests.
struct WolfeResult {
  double t = 0.0;
  double value = 0.0;
  int evaluations = 0;
};
WolfeResult strongWolfe(Oracle& oracle, Vec2 x, double t, Vec2 d, double f, Vec2 g, double gtd,
                        double toleranceChange, double c1 = 1e-4, double c2 = 0.9, int maxLs = 25);
// torch.optim.lbfgs._cubic_interpolate (minimiser of the cubic through two points with slopes).
double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lower,
                        double upper);

}  // namespace gs::optim
