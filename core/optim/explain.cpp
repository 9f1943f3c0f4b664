// The step-by-step explainer (see explain.hpp). One small function per family of update rules; each
// names its terms as the optimizer's source file does and reads every number from Terms.
// GCC 12 misreports -Wrestrict inside libstdc++ for `"literal" + std::string` (GCC bug 105329); the
// formulas below are built that way for readability.
#pragma GCC diagnostic ignored "-Wrestrict"

#include "core/optim/explain.hpp"

#include <cstdio>
#include <string_view>

#include "core/math/text.hpp"  // concat

namespace gs {
namespace {

std::string num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}
std::string vec(Vec2 v) { return concat("(", num(v.x), ", ", num(v.y), ")"); }

class Explanation {
 public:
  explicit Explanation(const Optimizer& optimizer) : optimizer_(optimizer), terms_(optimizer.terms()) {}

  const Terms& terms() const { return terms_; }
  double param(std::string_view name) const { return optimizer_.param(name).value_or(0.0); }
  Vec2 x() const { return terms_.point; }
  double lr() const { return terms_.learningRate; }

  // An arrow for a vector that the update scales by -lr (gradient, momentum buffer, m_hat).
  void scaled(std::string title, std::string formula, Vec2 vector) {
    add(std::move(title), std::move(formula), {GlyphKind::Arrow, x(), x() - lr() * vector});
  }
  void point(std::string title, std::string formula, Vec2 at) {
    add(std::move(title), std::move(formula), {GlyphKind::Point, at, at});
  }
  void rect(std::string title, std::string formula, Vec2 size) {
    add(std::move(title), std::move(formula), {GlyphKind::Rect, x(), size});
  }
  void text(std::string title, std::string formula) { add(std::move(title), std::move(formula), {}); }
  void gradient() {
    const std::string g = "g = grad f" + vec(x()) + " = " + vec(terms_.gradient);
    scaled("Gradient here", g, terms_.gradient);
    if (terms_.regularizedGradient) {
      scaled("Weight decay (L2)", "g + weight_decay * x = " + vec(*terms_.regularizedGradient),
             *terms_.regularizedGradient);
    }
  }
  std::vector<ExplainStep> move(std::string formula) {
    add("The move", "x_{t+1} = " + formula + " = " + vec(x() + terms_.delta),
        {GlyphKind::Arrow, x(), x() + terms_.delta});
    return std::move(steps_);
  }

 private:
  void add(std::string title, std::string formula, Glyph glyph) {
    steps_.push_back({std::move(title), std::move(formula), glyph});
  }
  const Optimizer& optimizer_;
  const Terms& terms_;
  std::vector<ExplainStep> steps_;
};

std::vector<ExplainStep> explainSgd(Explanation& e) {
  const Terms& t = e.terms();
  const double momentum = e.param("momentum");
  const bool nesterov = e.param("nesterov") != 0.0 && t.lookahead;
  if (nesterov && t.previousFirstMoment) {
    // torch's iterate x_t is the classical look-ahead theta_t + mu v_t; theta_t lies lr mu b_{t-1} behind.
    const Vec2 classical = e.x() + e.lr() * momentum * *t.previousFirstMoment;
    e.point("Look-ahead first",
            "the gradient is taken at the look-ahead point theta_t + mu v_t = x_t = " + vec(e.x()) +
                " (theta_t = " + vec(classical) + ")",
            *t.lookahead);
  }
  e.gradient();
  if (!t.firstMoment)
    return e.move("x_t - lr g = " + vec(e.x()) + " - " + num(e.lr()) + " * " + vec(*t.direction));
  const Vec2 previous = t.previousFirstMoment.value_or(Vec2{});
  if (t.step == 1 || previous == Vec2{}) {
    e.scaled("First velocity",
             "b_1 = g = " + vec(*t.firstMoment) + " (PyTorch: no dampening on the first step)",
             *t.firstMoment);
  } else {
    e.scaled("Scaled previous velocity",
             num(momentum) + " * b_{t-1} = " + num(momentum) + " * " + vec(previous) + " = " +
                 vec(momentum * previous),
             momentum * previous);
    e.scaled("Their sum", "b_t = mu b_{t-1} + (1 - dampening) g = " + vec(*t.firstMoment), *t.firstMoment);
  }
  if (nesterov) {
    e.scaled("Nesterov direction", "d = g + mu b_t = " + vec(*t.direction), *t.direction);
    return e.move("x_t - lr d = " + vec(e.x()) + " - " + num(e.lr()) + " * " + vec(*t.direction));
  }
  return e.move("x_t - lr b_t = " + vec(e.x()) + " - " + num(e.lr()) + " * " + vec(*t.firstMoment));
}

struct MomentText {
  const char* firstTitle;
  const char* firstRule;
  const char* secondTitle;
  const char* secondRule;
};

// How each adaptive method names its two accumulators (as its source file and torch's state do).
MomentText momentText(std::string_view name) {
  if (name == "adagrad") return {"", "", "Sum of squared gradients", "sum_t = sum_{t-1} + g^2 = "};
  if (name == "rmsprop") {
    return {"Momentum on the normalised step", "buf = momentum buf + g / avg = ", "Mean square",
            "square_avg = alpha square_avg + (1 - alpha) g^2 = "};
  }
  if (name == "adadelta") {
    return {"Mean squared step", "acc_delta = rho acc_delta + (1 - rho) delta^2 = ", "Mean square",
            "square_avg = rho square_avg + (1 - rho) g^2 = "};
  }
  if (name == "adamax") {
    return {"First moment", "m_t = beta1 m_{t-1} + (1 - beta1) g = ", "Infinity norm",
            "u_t = max(beta2 u_{t-1}, |g| + eps) = "};
  }
  return {"First moment", "m_t = beta1 m_{t-1} + (1 - beta1) g = ", "Second moment",
          "v_t = beta2 v_{t-1} + (1 - beta2) g^2 = "};
}

// Adam and its relatives (and AdaGrad, RMSProp, AdaDelta): moments, corrections, the division, the move.
std::vector<ExplainStep> explainAdaptive(Explanation& e, std::string_view name) {
  const Terms& t = e.terms();
  const MomentText text = momentText(name);
  e.gradient();
  if (t.firstMoment) e.scaled(text.firstTitle, text.firstRule + vec(*t.firstMoment), *t.firstMoment);
  if (t.secondMoment) {
    // Sides show each coordinate's magnitude at the arrows' scale: lr sqrt(v) (lr u for Adamax's norm).
    const Vec2 magnitude = name == "adamax" ? *t.secondMoment : sqrt(*t.secondMoment);
    e.rect(text.secondTitle, text.secondRule + vec(*t.secondMoment), e.lr() * magnitude);
  }
  if (t.biasCorrection1 || t.biasCorrection2) {
    std::string formula;
    if (t.firstMomentHat && t.biasCorrection1) {
      formula += "m_hat = m_t / " + num(*t.biasCorrection1) + " = " + vec(*t.firstMomentHat);
    }
    if (t.secondMomentHat && t.biasCorrection2) {
      formula += (formula.empty() ? "" : "; ") + std::string("v_hat = ") +
                 (name == "amsgrad" ? "max v / " : "v_t / ") + num(*t.biasCorrection2) + " = " +
                 vec(*t.secondMomentHat);
    }
    if (!formula.empty())
      e.text("Bias corrections (1 - beta^t, t = " + std::to_string(t.step) + ")", formula);
  }
  if (t.rectification) e.text("Variance rectification", "r_t = " + num(*t.rectification) + " (rho_t > 5)");
  if (t.interpolatedMoment)
    e.scaled("Quasi-hyperbolic mix", "nu1 m_hat + (1 - nu1) g = " + vec(*t.interpolatedMoment),
             *t.interpolatedMoment);
  e.rect("The division", "effective lr = lr / (denominator) = " + vec(*t.effectiveLearningRate),
         *t.effectiveLearningRate);
  if (t.decayStep) e.text("Decoupled weight decay", "x <- x (1 - lr wd): moves " + vec(*t.decayStep));
  return e.move("x_t - effective lr * " + vec(*t.direction));
}

std::vector<ExplainStep> explainLion(Explanation& e) {
  const Terms& t = e.terms();
  e.gradient();
  e.scaled("Interpolation", "c = beta1 m_{t-1} + (1 - beta1) g = " + vec(*t.interpolatedMoment),
           *t.interpolatedMoment);
  e.scaled("Sign", "sign(c) = " + vec(*t.direction) + ": every coordinate moves by lr", *t.direction);
  e.scaled("Momentum for next time", "m_t = beta2 m_{t-1} + (1 - beta2) g = " + vec(*t.firstMoment),
           *t.firstMoment);
  if (t.decayStep) e.text("Decoupled weight decay", "x <- x (1 - lr wd): moves " + vec(*t.decayStep));
  return e.move("x_t - lr sign(c)");
}

std::vector<ExplainStep> explainQhm(Explanation& e) {
  const Terms& t = e.terms();
  e.gradient();
  e.scaled("Momentum buffer", "buf = beta buf + (1 - beta) g = " + vec(*t.firstMoment), *t.firstMoment);
  e.scaled("Quasi-hyperbolic mix", "nu buf + (1 - nu) g = " + vec(*t.interpolatedMoment),
           *t.interpolatedMoment);
  return e.move("x_t - lr (nu buf + (1 - nu) g)");
}

std::vector<ExplainStep> explainNewton(Explanation& e, bool saddleFree) {
  const Terms& t = e.terms();
  e.gradient();
  if (t.hessian) {
    e.text("Hessian", "H = [[" + num(t.hessian->xx) + ", " + num(t.hessian->xy) + "], [" +
                          num(t.hessian->xy) + ", " + num(t.hessian->yy) + "]]");
  }
  e.scaled(saddleFree ? "Solve with |H|" : "Solve with H",
           std::string(saddleFree ? "|H|^-1 g" : "H^-1 g") + " = " + vec(*t.direction), *t.direction);
  return e.move("x_t - lr H^-1 g");
}

std::vector<ExplainStep> explainLbfgs(Explanation& e) {
  const Terms& t = e.terms();
  e.gradient();
  if (!t.direction) {
    e.text("Stop", "the gradient is below tolerance_grad: no move");
    return e.move("x_t");
  }
  e.point("Search direction", "d = -H_k g (two-loop recursion over the history) = " + vec(-*t.direction),
          e.x() - *t.direction);
  if (!t.stepSize) {
    e.text("Stop", "g . d > -tolerance_change: no move");
    return e.move("x_t");
  }
  e.text("Step length", "t = " + num(*t.stepSize) +
                            (e.param("line_search") != 0.0 ? " (strong Wolfe line search)"
                                                           : " (lr; first step min(1, 1/|g|_1) lr)"));
  return e.move("x_t + t d");
}

}  // namespace

std::vector<ExplainStep> explainLastStep(const Optimizer& optimizer) {
  if (optimizer.terms().step == 0) return {};
  Explanation e(optimizer);
  const std::string& name = optimizer.name();
  if (name == "sgd" || name == "momentum" || name == "nesterov") return explainSgd(e);
  if (name == "lion") return explainLion(e);
  if (name == "qhm") return explainQhm(e);
  if (name == "newton" || name == "newton_saddle_free") return explainNewton(e, e.param("mode") != 0.0);
  if (name == "lbfgs") return explainLbfgs(e);
  return explainAdaptive(e, name);  // adagrad, rmsprop, adadelta, the Adam family, qhadam
}

}  // namespace gs
