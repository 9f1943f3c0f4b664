// torch.optim.LBFGS with max_iter=1; the update rule is at the top of lbfgs.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/lbfgs.hpp"

#include <algorithm>
#include <cmath>

#include "core/optim/explanation.hpp"

namespace gs::optim {

const std::vector<Field<Lbfgs::Hyper>>& Lbfgs::fields() {
  static const std::vector<Field<Hyper>> table = {
      field<&Hyper::lr>(lrParam("Step length along the L-BFGS direction (the line search's first guess).")),
      field<&Hyper::historySize>(integerParam(
          "history_size", 1, 1000, "How many recent (step, gradient change) pairs model the curvature.")),
      field<&Hyper::lineSearch>(
          choiceParam("line_search", {"none", "strong_wolfe"},
                      "none: fixed step lr; strong_wolfe: search for a step with enough "
                      "decrease and a flattened slope (extra evaluations).")),
      field<&Hyper::toleranceGrad>(realParam("tolerance_grad", 1e-16, 1.0, true,
                                             "No move once the largest gradient component is this small.")),
      field<&Hyper::toleranceChange>(realParam("tolerance_change", 1e-16, 1.0, true,
                                               "No move once the slope along the direction is this flat.")),
  };
  return table;
}

// The L-BFGS memory update and two-loop recursion, as torch writes them.
Vec2 Lbfgs::searchDirection(Vec2 gradient) {
  if (state.nIter == 1) {
    state.oldDirs.clear();
    state.oldStps.clear();
    state.ro.clear();
    state.hDiag = 1.0;
    return -gradient;
  }
  const Vec2 y = gradient - state.prevFlatGrad;
  const Vec2 s = state.d * state.t;
  const double ys = dot(y, s);
  if (ys > 1e-10) {
    // torch drops one pair when full; a history_size lowered mid-run drops the surplus too.
    const auto capacity = static_cast<std::size_t>(std::max<std::int64_t>(hyper.historySize, 1));
    while (state.oldDirs.size() >= capacity) {
      state.oldDirs.erase(state.oldDirs.begin());
      state.oldStps.erase(state.oldStps.begin());
      state.ro.erase(state.ro.begin());
    }
    state.oldDirs.push_back(y);
    state.oldStps.push_back(s);
    state.ro.push_back(1.0 / ys);
    state.hDiag = ys / dot(y, y);
  }
  const std::size_t count = state.oldDirs.size();
  state.al.resize(std::max(state.al.size(), count));
  Vec2 q = -gradient;
  for (std::size_t k = count; k-- > 0;) {
    state.al[k] = dot(state.oldStps[k], q) * state.ro[k];
    q += (-state.al[k]) * state.oldDirs[k];
  }
  Vec2 r = q * state.hDiag;
  for (std::size_t k = 0; k < count; ++k) {
    const double be = dot(state.oldDirs[k], r) * state.ro[k];
    r += (state.al[k] - be) * state.oldStps[k];
  }
  return r;
}

Vec2 Lbfgs::step(Vec2 x, Oracle& oracle, double lr, Terms& terms) {
  ++state.step;
  const ValueGrad evaluated = oracle.gradient(x);
  const Vec2 gradient = evaluated.gradient;
  const double loss = evaluated.value;
  terms.value = loss;
  terms.gradient = gradient;
  ++state.funcEvals;
  if (std::max(std::fabs(gradient.x), std::fabs(gradient.y)) <= hyper.toleranceGrad) return x;

  ++state.nIter;
  const Vec2 d = searchDirection(gradient);
  state.d = d;
  state.prevFlatGrad = gradient;
  state.prevLoss = loss;
  const double l1 = std::fabs(gradient.x) + std::fabs(gradient.y);
  state.t = state.nIter == 1 ? std::min(1.0, 1.0 / l1) * lr : lr;
  terms.direction = -d;  // the step moves against -d, as for every optimizer's Terms::direction
  const double gtd = dot(gradient, d);
  if (gtd > -hyper.toleranceChange) return x;

  if (hyper.lineSearch == LineSearch::StrongWolfe) {
    const WolfeResult search = strongWolfe(oracle, x, state.t, d, loss, gradient, gtd, hyper.toleranceChange);
    state.t = search.t;
    state.funcEvals += search.evaluations;
  }
  terms.stepSize = state.t;
  const Vec2 next = x + state.t * d;  // torch: p.add_(d, alpha=t)
  terms.effectiveLearningRate = stepPerGradient(next - x, gradient);
  return next;
}

std::vector<NamedVec> Lbfgs::namedState() const {
  if (state.nIter == 0) return {};
  return {{"d", state.d},
          {"prev_flat_grad", state.prevFlatGrad},
          {"t", {state.t, state.t}},
          {"H_diag", {state.hDiag, state.hDiag}}};
}

void Lbfgs::explain(Explanation& e) const {
  using E = Explanation;
  const Terms& t = e.terms();
  e.gradient();
  if (!t.direction) {
    e.text("Stop", "the gradient is below tolerance_grad: no move");
    e.say("The gradient is already below tolerance_grad, so L-BFGS does not move.");
    e.move("x_t");
    return;
  }
  e.point("Search direction", "d = -H_k g (two-loop recursion over the history) = " + E::vec(-*t.direction),
          e.x() - *t.direction);
  e.say("From its history of past steps and gradient changes, L-BFGS bends -g into the direction " +
        E::vec(-*t.direction) + " (the dot marks x + d).");
  if (!t.stepSize) {
    e.text("Stop", "g . d > -tolerance_change: no move");
    e.say("The direction no longer goes downhill by more than tolerance_change, so L-BFGS stops.");
    e.move("x_t");
    return;
  }
  e.text("Step length",
         "t = " + E::num(*t.stepSize) +
             (hyper.lineSearch == LineSearch::StrongWolfe ? " (strong Wolfe line search)"
                                                          : " (lr; first step min(1, 1/|g|_1) lr)"));
  e.say("The step length along d is " + E::num(*t.stepSize) +
        (hyper.lineSearch == LineSearch::StrongWolfe
             ? ", found by trying lengths until the strong Wolfe conditions held."
             : ", fixed by the learning rate."));
  e.move("x_t + t d");
}

}  // namespace gs::optim
