// torch.optim.LBFGS: one step is one LBFGS.step(closure); the update rule is at the top of lbfgs.hpp.
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC bug 105329, as in explain.cpp
#include "core/optim/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

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
      field<&Hyper::toleranceGrad>(
          realParam("tolerance_grad", 1e-16, 1.0, true,
                    "No move once the largest gradient component is this small; ends a step's inner "
                    "iterations there too.")),
      field<&Hyper::toleranceChange>(
          realParam("tolerance_change", 1e-16, 1.0, true,
                    "No move once the slope along the direction is this flat; ends a step's inner iterations "
                    "once a move or the change in f is this small.")),
      field<&Hyper::maxIter>(integerParam(
          "max_iter", 1, 1000,
          "Iterations per step, as torch.optim.LBFGS's max_iter (torch's default is 20; 1 here, so each "
          "iteration is a step; above 1 the iterations inside a step are drawn as dots).")),
      field<&Hyper::maxEval>(integerParam("max_eval", 0, 100000,
                                          "Evaluations of f after which a step stops iterating, as torch's "
                                          "max_eval; 0 is torch's None: max_iter * 5 // 4.")),
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

std::int64_t Lbfgs::effectiveMaxEval(const Hyper& hyper) {
  return hyper.maxEval > 0 ? hyper.maxEval : hyper.maxIter * 5 / 4;  // torch: max_iter * 5 // 4
}

namespace {

double maxAbs(Vec2 v) { return std::max(std::fabs(v.x), std::fabs(v.y)); }

// Keeps every stride-th inner iterate, at most Lbfgs::kMaxInnerPoints of them: when full, every other kept
// one goes and the stride doubles, so the points stay evenly spread over the step's iterations.
class InnerPoints {
 public:
  explicit InnerPoints(std::vector<Vec2>& points) : points_(points) { points_.clear(); }
  void add(Vec2 point) {
    if (++seen_ % stride_ != 0) return;
    if (points_.size() == Lbfgs::kMaxInnerPoints) {
      for (std::size_t i = 0; 2 * i + 1 < points_.size(); ++i) points_[i] = points_[2 * i + 1];
      points_.resize(points_.size() / 2);
      stride_ *= 2;
      if (seen_ % stride_ != 0) return;
    }
    points_.push_back(point);
  }

 private:
  std::vector<Vec2>& points_;
  std::int64_t seen_ = 0;
  std::int64_t stride_ = 1;
};

}  // namespace

Vec2 Lbfgs::step(Vec2 x, Oracle& oracle, double lr, Terms& terms) {
  ++state.step;
  report = StepReport{};
  InnerPoints inner(terms.innerPoints);
  terms.trialPoints.clear();
  const Vec2 start = x;
  const ValueGrad evaluated = oracle.gradient(x);
  Vec2 flatGrad = evaluated.gradient;
  double loss = evaluated.value;
  terms.value = loss;
  terms.gradient = flatGrad;
  report.evaluations = 1;  // current_evals
  ++state.funcEvals;
  if (maxAbs(flatGrad) <= hyper.toleranceGrad) {
    report.exit = Exit::OptimalAtStart;
    return x;
  }

  const std::int64_t maxEval = effectiveMaxEval(hyper);
  bool optimal = false;  // opt_cond at the newest point
  // Where the last iteration ended when another follows: an inner point once that one moves (an
  // iteration that stops at its flat direction leaves x where it is, which is then the step's end).
  std::optional<Vec2> ended;
  while (report.iterations < hyper.maxIter) {
    ++report.iterations;
    ++state.nIter;
    const Vec2 d = searchDirection(flatGrad);
    state.d = d;
    state.prevFlatGrad = flatGrad;
    state.prevLoss = loss;
    state.t =
        state.nIter == 1 ? std::min(1.0, 1.0 / (std::fabs(flatGrad.x) + std::fabs(flatGrad.y))) * lr : lr;
    // The first iteration's direction and length are the step's terms (drawn at x_t); later iterations
    // show as inner points.
    if (report.iterations == 1) terms.direction = -d;  // the step moves against -d, as Terms::direction says
    const double gtd = dot(flatGrad, d);
    if (gtd > -hyper.toleranceChange) {
      report.exit = Exit::FlatDirection;
      break;
    }

    if (ended) inner.add(*ended);
    std::int64_t lineSearchEvaluations = 0;
    if (hyper.lineSearch == LineSearch::StrongWolfe) {
      const WolfeResult search = strongWolfe(oracle, x, state.t, d, loss, flatGrad, gtd,
                                             hyper.toleranceChange, 1e-4, 0.9, 25, &terms.trialPoints);
      loss = search.value;
      flatGrad = search.gradient;
      state.t = search.t;
      lineSearchEvaluations = search.evaluations;
      report.lineSearchEvaluations += search.evaluations;
      x = x + state.t * d;  // torch: p.add_(d, alpha=t)
      optimal = maxAbs(flatGrad) <= hyper.toleranceGrad;
    } else {
      x = x + state.t * d;
      // torch evaluates the new point only when another iteration may follow.
      if (report.iterations != hyper.maxIter) {
        const ValueGrad next = oracle.gradient(x);
        loss = next.value;
        flatGrad = next.gradient;
        optimal = maxAbs(flatGrad) <= hyper.toleranceGrad;
        lineSearchEvaluations = 1;
      }
    }
    if (report.iterations == 1) terms.stepSize = state.t;
    report.evaluations += lineSearchEvaluations;
    state.funcEvals += lineSearchEvaluations;

    if (report.iterations == hyper.maxIter) {
      report.exit = Exit::MaxIter;
      break;
    }
    if (report.evaluations >= maxEval) {
      report.exit = Exit::MaxEval;
      break;
    }
    if (optimal) {
      report.exit = Exit::Optimal;
      break;
    }
    if (maxAbs(state.d * state.t) <= hyper.toleranceChange) {
      report.exit = Exit::SmallStep;
      break;
    }
    if (std::fabs(loss - state.prevLoss) < hyper.toleranceChange) {
      report.exit = Exit::SmallLossChange;
      break;
    }
    ended = x;
  }
  if (terms.stepSize) terms.effectiveLearningRate = stepPerGradient(x - start, terms.gradient);
  return x;
}

std::vector<NamedVec> Lbfgs::namedState() const {
  if (state.nIter == 0) return {};
  return {{"d", state.d},
          {"prev_flat_grad", state.prevFlatGrad},
          {"t", {state.t, state.t}},
          {"H_diag", {state.hDiag, state.hDiag}}};
}

namespace {

// Why a step's iterations ended, as a clause after "stopped because".
const char* exitReason(Lbfgs::Exit exit) {
  switch (exit) {
    case Lbfgs::Exit::MaxIter:
      return "it reached max_iter";
    case Lbfgs::Exit::MaxEval:
      return "it had used max_eval evaluations of f";
    case Lbfgs::Exit::Optimal:
      return "the gradient fell below tolerance_grad";
    case Lbfgs::Exit::SmallStep:
      return "a move was below tolerance_change";
    case Lbfgs::Exit::SmallLossChange:
      return "f changed by less than tolerance_change";
    case Lbfgs::Exit::FlatDirection:
      return "the direction was no longer downhill (g . d > -tolerance_change)";
    case Lbfgs::Exit::None:
    case Lbfgs::Exit::OptimalAtStart:
      break;
  }
  return "the gradient was below tolerance_grad";
}

std::string count(std::int64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

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
  e.value("Search direction", "d = -H_k g (two-loop recursion over the history) = " + E::vec(-*t.direction),
          -*t.direction);
  e.say("From its history of past steps and gradient changes, L-BFGS bends -g into the direction " +
        E::vec(-*t.direction) + " (the arrow, on its own scale).");
  if (!t.stepSize) {
    e.text("Stop", "g . d > -tolerance_change: no move");
    e.say("The direction no longer goes downhill by more than tolerance_change, so L-BFGS stops.");
    e.move("x_t");
    return;
  }
  const bool wolfe = hyper.lineSearch == LineSearch::StrongWolfe;
  // The first iteration's trials: all of them when the step ran one iteration.
  const std::string trials =
      report.iterations == 1 ? count(report.lineSearchEvaluations, "trial step length") : "";
  const std::string stepLength =
      "t = " + E::num(*t.stepSize) +
      (wolfe ? " (strong Wolfe line search" + (trials.empty() ? "" : ", " + trials) + ")"
             : " (lr; first step min(1, 1/|g|_1) lr)");
  // One iteration moves x by t d: drawn in units of x, it is the move. Several: only the last ran from
  // where the step ends up, so the length is told, not drawn.
  if (report.iterations == 1)
    e.contribution("Step length", stepLength + ": x moves by t d", e.x(), -*t.stepSize * *t.direction);
  else
    e.text("Step length", stepLength);
  e.say("The step length along d is " + E::num(*t.stepSize) +
        (wolfe ? ", found by trying lengths" + (trials.empty() ? "" : " (" + trials + ")") +
                     " until the strong Wolfe conditions held (small rings mark the points it tried)."
               : ", fixed by the learning rate."));
  if (report.iterations > 1) {
    const std::string evaluations =
        count(report.evaluations, "evaluation") + " of f" +
        (wolfe ? ", " + std::to_string(report.lineSearchEvaluations) + " of them in line searches" : "");
    e.text("Inner iterations", std::to_string(report.iterations) + " of max_iter " +
                                   std::to_string(hyper.maxIter) + " (" + evaluations +
                                   "); stopped because " + exitReason(report.exit));
    e.say("This step is one torch LBFGS.step() call: it ran " + count(report.iterations, "iteration") +
          " from x_t (the dots mark where each one ended before the last), using " + evaluations +
          ", and stopped because " + exitReason(report.exit) + ".");
    e.move("the point after the last inner iteration");
    return;
  }
  e.move("x_t + t d");
}

}  // namespace gs::optim
