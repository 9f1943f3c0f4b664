// The step-by-step explainer (see explain.hpp). The sub-steps of each optimizer are written in its own
// source file (its explain()); this file holds the shared pieces they are built from (explanation.hpp).
// GCC 12 misreports -Wrestrict inside libstdc++ for `"literal" + std::string` (GCC bug 105329); the
// formulas are built that way for readability.
#pragma GCC diagnostic ignored "-Wrestrict"

#include "core/optim/explain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/math/text.hpp"  // concat
#include "core/optim/explanation.hpp"

namespace gs {

std::string Explanation::num(double value) {
  char buffer[32];
  // A zero reads "0", never "-0" (the gradient at Rosenbrock's minimum is -0 in floating point).
  std::snprintf(buffer, sizeof buffer, "%.4g", value == 0.0 ? 0.0 : value);
  return buffer;
}

namespace {
Glyph glyphOf(GlyphKind kind, Vec2 from, Vec2 to, GlyphUnits units = GlyphUnits::X) {
  Glyph glyph;
  glyph.kind = kind;
  glyph.from = from;
  glyph.to = to;
  glyph.units = units;
  return glyph;
}
}  // namespace

std::string Explanation::vec(Vec2 v) { return concat("(", num(v.x), ", ", num(v.y), ")"); }

void Explanation::add(std::string title, std::string formula, Glyph glyph) {
  steps_.push_back({std::move(title), std::move(formula), glyph, {}});
}

Vec2 Explanation::contribution(std::string title, std::string formula, Vec2 from, Vec2 move) {
  add(std::move(title), std::move(formula), glyphOf(GlyphKind::Arrow, from, from + move));
  return from + move;
}

void Explanation::pushes(std::string title, std::string formula, Vec2 vector) {
  Glyph glyph = glyphOf(GlyphKind::Arrow, x(), x() - vector);
  glyph.units = GlyphUnits::Gradient;
  add(std::move(title), std::move(formula), glyph);
}

void Explanation::value(std::string title, std::string formula, Vec2 value) {
  add(std::move(title), std::move(formula), glyphOf(GlyphKind::Arrow, x(), x() + value, GlyphUnits::Own));
}

void Explanation::point(std::string title, std::string formula, Vec2 at) {
  add(std::move(title), std::move(formula), glyphOf(GlyphKind::Point, at, at));
}

void Explanation::rect(std::string title, std::string formula, Vec2 size) {
  add(std::move(title), std::move(formula), glyphOf(GlyphKind::Rect, x(), size));
}

void Explanation::text(std::string title, std::string formula) {
  add(std::move(title), std::move(formula), Glyph{});
}

void Explanation::accumulator(std::string title, std::string formula, Vec2 magnitude) {
  Glyph glyph = glyphOf(GlyphKind::Bars, x(), magnitude);
  glyph.units = GlyphUnits::Gradient;
  add(std::move(title), std::move(formula), glyph);
}

void Explanation::ellipse(std::string title, std::string formula, const Sym2& hessian) {
  // Eigen-decomposition of the symmetric 2x2 matrix [[a, b], [b, c]].
  const double a = hessian.xx, b = hessian.xy, c = hessian.yy;
  const double mean = 0.5 * (a + c), radius = std::hypot(0.5 * (a - c), b);
  const double first = mean + radius, second = mean - radius;
  // The eigenvector of `first`: along (b, first - a), or the x axis when the matrix is diagonal.
  Vec2 direction = std::abs(b) > 0.0 ? Vec2{b, first - a} : (a >= c ? Vec2{1.0, 0.0} : Vec2{0.0, 1.0});
  direction = direction / norm(direction);
  const Vec2 across{-direction.y, direction.x};
  // Semi-axes 1 / sqrt|curvature| (the level set d^T |H| d = 1): long where the surface is flat. A flat
  // direction would be infinitely long; it is kept at 20 times the other.
  const auto semi = [](double curvature) {
    return std::abs(curvature) > 0.0 ? 1.0 / std::sqrt(std::abs(curvature)) : 0.0;
  };
  double semiFirst = semi(first), semiSecond = semi(second);
  const double longest = 20.0 * std::max(std::min(semiFirst, semiSecond), 1e-300);
  semiFirst = semiFirst > 0.0 ? std::min(semiFirst, longest) : longest;
  semiSecond = semiSecond > 0.0 ? std::min(semiSecond, longest) : longest;
  Glyph glyph = glyphOf(GlyphKind::Ellipse, x(), x());
  const bool firstLonger = semiFirst >= semiSecond;
  glyph.axisA = (firstLonger ? semiFirst : semiSecond) * (firstLonger ? direction : across);
  glyph.axisB = (firstLonger ? semiSecond : semiFirst) * (firstLonger ? across : direction);
  glyph.curvatureA = firstLonger ? first : second;
  glyph.curvatureB = firstLonger ? second : first;
  add(std::move(title), std::move(formula), glyph);
}

void Explanation::gradient() {
  pushes("Gradient here", "g = grad f" + vec(x()) + " = " + vec(terms_.gradient), terms_.gradient);
  say("The slope here is " + vec(terms_.gradient) + ": -g points straight downhill (gradient units).");
  if (terms_.regularizedGradient) {
    pushes("Weight decay (L2)", "g + weight_decay * x = " + vec(*terms_.regularizedGradient),
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
  if (formula.empty()) return;
  const std::string title = "Bias corrections (1 - beta^t, t = " + std::to_string(terms_.step) + ")";
  if (terms_.firstMomentHat)
    pushes(title, formula, *terms_.firstMomentHat);
  else
    text(title, formula);
  say("The averages start at zero, so early on they are too small: dividing by 1 - beta^t (step " +
      std::to_string(terms_.step) + ") scales them back up.");
  if (terms_.secondMomentHat) {
    // The bars the step divides by, on the same scale as m_hat: their ratio per axis is the step's size.
    const Vec2 root = sqrt(abs(*terms_.secondMomentHat));
    accumulator("Corrected second moment", "sqrt(v_hat) = " + vec(root), root);
    say("The step divides m_hat by these bars, sqrt(v_hat) = " + vec(root) +
        " per axis: where a bar is as long as m_hat's part along it, that coordinate moves by about lr.");
  }
}

Vec2 Explanation::division() {
  // The step before any decoupled weight decay, per coordinate: exactly what the update moved.
  const Vec2 step = terms_.delta - terms_.decayStep.value_or(Vec2{});
  const std::string rates = terms_.effectiveLearningRate ? vec(*terms_.effectiveLearningRate) : "lr";
  const Vec2 alongX = contribution(
      "The division: x's own step",
      "effective lr = lr / (denominator) = " + rates + "; x moves " + num(step.x), x(), {step.x, 0.0});
  say("Each coordinate gets its own learning rate, " + rates + ": x moves by " + num(step.x) + ".");
  const Vec2 tip =
      contribution("The division: y's own step", "y moves " + num(step.y), alongX, {0.0, step.y});
  say("y, with its own rate, moves by " + num(step.y) +
      ", added at the tip of x's step: large where the gradient has been small, small where it has been "
      "large.");
  return tip;
}

void Explanation::decoupledDecay(Vec2 from) {
  if (!terms_.decayStep) return;
  contribution("Decoupled weight decay", "x <- x (1 - lr wd): moves " + vec(*terms_.decayStep), from,
               *terms_.decayStep);
  say("Weight decay shrinks x towards the origin on its own, by " + vec(*terms_.decayStep) + ".");
}

void Explanation::move(std::string formula) {
  add("The move", "x_{t+1} = " + formula + " = " + vec(x() + terms_.delta),
      glyphOf(GlyphKind::Arrow, x(), x() + terms_.delta));
  say("All together, x moves by " + vec(terms_.delta) + " to " + vec(x() + terms_.delta) +
      " (the ghost ball).");
}

double largestInGradientUnits(const std::vector<ExplainStep>& steps) {
  double largest = 0.0;
  for (const ExplainStep& step : steps) {
    const Glyph& glyph = step.glyph;
    if (glyph.units != GlyphUnits::Gradient) continue;
    double size = 0.0;
    if (glyph.kind == GlyphKind::Arrow) size = norm(glyph.to - glyph.from);
    if (glyph.kind == GlyphKind::Bars) size = std::max(std::abs(glyph.to.x), std::abs(glyph.to.y));
    if (std::isfinite(size) && size > largest) largest = size;
  }
  return largest;
}

double longestInUnitsOfX(const std::vector<ExplainStep>& steps) {
  double longest = 0.0;
  for (const ExplainStep& step : steps)
    if (step.glyph.kind == GlyphKind::Arrow && step.glyph.units == GlyphUnits::X)
      longest = std::max(longest, norm(step.glyph.to - step.glyph.from));  // NaN never wins
  return longest;
}

Glyph onCommonScale(const Glyph& glyph, Vec2 origin, double scale) {
  if (glyph.units != GlyphUnits::X || glyph.kind != GlyphKind::Arrow) return glyph;
  Glyph drawn = glyph;
  drawn.from = origin + scale * (glyph.from - origin);
  drawn.to = origin + scale * (glyph.to - origin);
  return drawn;
}

Glyph onGradientScale(const Glyph& glyph, double surfaceUnits) {
  if (glyph.units != GlyphUnits::Gradient) return glyph;
  Glyph drawn = glyph;
  if (glyph.kind == GlyphKind::Arrow) drawn.to = glyph.from + surfaceUnits * (glyph.to - glyph.from);
  if (glyph.kind == GlyphKind::Bars) drawn.to = surfaceUnits * glyph.to;
  return drawn;
}

std::vector<ExplainStep> explainLastStep(const Optimizer& optimizer) {
  if (optimizer.terms().step == 0) return {};
  Explanation explanation(optimizer.terms());
  optimizer.explain(explanation);
  return explanation.take();
}

}  // namespace gs
