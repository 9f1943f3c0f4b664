// The step-by-step explainer (see explain.hpp). The sub-steps of each optimizer are written in its own
// source file (its explain()); this file holds the shared pieces they are built from (explanation.hpp).
// GCC 12 misreports -Wrestrict inside libstdc++ for `"literal" + std::string` (GCC bug 105329); the
// formulas are built that way for readability.
#pragma GCC diagnostic ignored "-Wrestrict"

#include "core/optim/explain.hpp"

#include <cstdio>

#include "core/math/text.hpp"  // concat
#include "core/optim/explanation.hpp"

namespace gs {

std::string Explanation::num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

std::string Explanation::vec(Vec2 v) { return concat("(", num(v.x), ", ", num(v.y), ")"); }

void Explanation::add(std::string title, std::string formula, Glyph glyph) {
  steps_.push_back({std::move(title), std::move(formula), glyph, {}});
}

void Explanation::scaled(std::string title, std::string formula, Vec2 vector) {
  add(std::move(title), std::move(formula), {GlyphKind::Arrow, x(), x() - lr() * vector});
}

void Explanation::point(std::string title, std::string formula, Vec2 at) {
  add(std::move(title), std::move(formula), {GlyphKind::Point, at, at});
}

void Explanation::rect(std::string title, std::string formula, Vec2 size) {
  add(std::move(title), std::move(formula), {GlyphKind::Rect, x(), size});
}

void Explanation::text(std::string title, std::string formula) {
  add(std::move(title), std::move(formula), {});
}

void Explanation::gradient() {
  scaled("Gradient here", "g = grad f" + vec(x()) + " = " + vec(terms_.gradient), terms_.gradient);
  say("The slope here is " + vec(terms_.gradient) +
      ": alone, it would move x by -lr g = " + vec(-lr() * terms_.gradient) + ", straight downhill.");
  if (terms_.regularizedGradient) {
    scaled("Weight decay (L2)", "g + weight_decay * x = " + vec(*terms_.regularizedGradient),
           *terms_.regularizedGradient);
    say("Weight decay adds a pull towards the origin: the gradient used is " +
        vec(*terms_.regularizedGradient) + ".");
  }
}

void Explanation::biasCorrections(const char* secondLabel) {
  std::string formula;
  if (terms_.firstMomentHat && terms_.biasCorrection1) {
    formula += "m_hat = m_t / " + num(*terms_.biasCorrection1) + " = " + vec(*terms_.firstMomentHat);
  }
  if (terms_.secondMomentHat && terms_.biasCorrection2) {
    formula += (formula.empty() ? "" : "; ") + std::string("v_hat = ") + secondLabel + " / " +
               num(*terms_.biasCorrection2) + " = " + vec(*terms_.secondMomentHat);
  }
  if (!formula.empty()) {
    text("Bias corrections (1 - beta^t, t = " + std::to_string(terms_.step) + ")", formula);
    say("The averages start at zero, so early on they are too small: dividing by 1 - beta^t (step " +
        std::to_string(terms_.step) + ") scales them back up.");
  }
}

void Explanation::division() {
  rect("The division", "effective lr = lr / (denominator) = " + vec(*terms_.effectiveLearningRate),
       *terms_.effectiveLearningRate);
  say("Each coordinate gets its own learning rate, " + vec(*terms_.effectiveLearningRate) +
      ": large where the gradient has been small, small where it has been large.");
}

void Explanation::decoupledDecay() {
  if (!terms_.decayStep) return;
  text("Decoupled weight decay", "x <- x (1 - lr wd): moves " + vec(*terms_.decayStep));
  say("Weight decay shrinks x towards the origin on its own, by " + vec(*terms_.decayStep) + ".");
}

void Explanation::move(std::string formula) {
  add("The move", "x_{t+1} = " + formula + " = " + vec(x() + terms_.delta),
      {GlyphKind::Arrow, x(), x() + terms_.delta});
  say("All together, x moves by " + vec(terms_.delta) + " to " + vec(x() + terms_.delta) +
      " (the ghost ball).");
}

Glyph scaledArrow(const Glyph& glyph, double scale) {
  if (glyph.kind != GlyphKind::Arrow) return glyph;
  return {glyph.kind, glyph.from, glyph.from + scale * (glyph.to - glyph.from)};
}

std::vector<ExplainStep> explainLastStep(const Optimizer& optimizer) {
  if (optimizer.terms().step == 0) return {};
  Explanation explanation(optimizer.terms());
  optimizer.explain(explanation);
  return explanation.take();
}

}  // namespace gs
