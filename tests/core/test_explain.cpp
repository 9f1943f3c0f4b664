// The step-by-step explainer: every optimizer has one, it ends with the move actually taken, its
// arrows are the terms of the update (not a recomputation), and formulas carry the live numbers.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/optim/explain.hpp"
#include "core/optim/explanation.hpp"
#include "test_optimizers_support.hpp"

namespace gs::testing {
namespace {

const Quadratic kBowl(1.0, 10.0);             // g = (x, 10 y)
const Quadratic kRotatedBowl(2.0, 5.0, 1.5);  // H = [[2, 1.5], [1.5, 5]]: eigenvectors off the axes

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A zero reads "0", never "-0" (the gradient at Rosenbrock's minimum (1, 1) is (-0, 0) in floating point).
TEST(Explain, NumbersShowZeroWithoutASign) {
  EXPECT_EQ(Explanation::num(-0.0), "0");
  EXPECT_EQ(Explanation::vec({-0.0, 0.0}), "(0, 0)");
  EXPECT_EQ(Explanation::num(-1e-300), "-1e-300");  // a tiny negative number keeps its sign
  EXPECT_EQ(Explanation::num(-2.5), "-2.5");
}

TEST(Explain, EmptyBeforeTheFirstStep) { EXPECT_TRUE(explainLastStep(makeOptimizer("adam")).empty()); }

TEST(Explain, EveryOptimizerEndsWithTheMoveTaken) {
  for (const std::string& name : Optimizer::names()) {
    SCOPED_TRACE(name);
    Optimizer optimizer = makeOptimizer(name);
    Oracle oracle(kBowl);
    Vec2 x{1.0, 1.0};
    for (int i = 0; i < 2; ++i) x = optimizer.step(x, oracle);
    const auto steps = explainLastStep(optimizer);
    ASSERT_GE(steps.size(), 2u);
    EXPECT_EQ(steps.front().title, name == "nesterov" ? "Look-ahead first" : "Gradient here");
    const ExplainStep& move = steps.back();
    EXPECT_EQ(move.title, "The move");
    EXPECT_EQ(move.glyph.kind, GlyphKind::Arrow);
    EXPECT_EQ(move.glyph.from, optimizer.terms().point);
    EXPECT_EQ(move.glyph.to, x);
    for (const ExplainStep& step : steps) {
      EXPECT_FALSE(step.formula.empty()) << step.title;
      EXPECT_FALSE(step.sentence.empty()) << step.title;
    }
  }
}

// Momentum at step 2 from (1, 1), lr 0.1: b_1 = g_1 = (1, 10), x_1 = (0.9, 0), g_2 = (0.9, 0),
// 0.9 b_1 = (0.9, 9), b_2 = (1.8, 9). The gradient is drawn in its own units from x_t; the velocities as
// the moves they make (x - lr v), the gradient's share added at the tip of the decayed velocity.
TEST(Explain, MomentumVelocityDecayGradientAtItsTipSumMove) {
  Optimizer momentum = makeOptimizer("momentum", {{"lr", 0.1}});
  Oracle oracle(kBowl);
  const Vec2 x1 = momentum.step({1.0, 1.0}, oracle);
  momentum.step(x1, oracle);
  const auto steps = explainLastStep(momentum);
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_EQ(steps[0].title, "Gradient here");
  EXPECT_EQ(steps[1].title, "Previous velocity");
  EXPECT_EQ(steps[2].title, "Its decay by beta");
  EXPECT_EQ(steps[3].title, "The gradient added at its tip");
  EXPECT_EQ(steps[4].title, "Their sum, the new velocity");
  EXPECT_EQ(steps[5].title, "The move");
  EXPECT_TRUE(contains(steps[0].formula, "(0.9, 0)")) << steps[0].formula;
  EXPECT_TRUE(contains(steps[2].formula, "(0.9, 9)")) << steps[2].formula;
  EXPECT_TRUE(contains(steps[4].formula, "(1.8, 9)")) << steps[4].formula;
  EXPECT_EQ(steps[0].glyph.units, GlyphUnits::Gradient);
  EXPECT_EQ(steps[0].glyph.to - steps[0].glyph.from, (Vec2{-0.9, -0.0}));
  for (std::size_t k = 1; k < steps.size(); ++k) EXPECT_EQ(steps[k].glyph.units, GlyphUnits::X);
  EXPECT_NEAR(steps[1].glyph.to.x, 0.9 - 0.1, 1e-15);
  EXPECT_NEAR(steps[1].glyph.to.y, -1.0, 1e-15);
  EXPECT_NEAR(steps[2].glyph.to.x, 0.9 - 0.09, 1e-15);
  EXPECT_NEAR(steps[2].glyph.to.y, -0.9, 1e-15);
  EXPECT_EQ(steps[3].glyph.from, steps[2].glyph.to);  // tip to tail
  EXPECT_NEAR(steps[3].glyph.to.x, 0.81 - 0.09, 1e-15);
  EXPECT_NEAR(steps[3].glyph.to.y, -0.9, 1e-15);
  EXPECT_NEAR(steps[4].glyph.to.x, 0.9 - 0.18, 1e-15);
  EXPECT_NEAR(steps[4].glyph.to.y, -0.9, 1e-15);
  EXPECT_EQ(steps[5].glyph.to, steps[4].glyph.to);  // heavy ball: the new velocity is the move
}

// Nesterov at step 2 (lr 0.1, mu 0.9): x_1 = (0.81, -0.9), b_1 = (1, 10). The look-ahead comes first,
// at x_1; the classical iterate is lr mu b_1 = (0.09, 0.9) behind it: (0.9, 0).
TEST(Explain, NesterovLooksAheadFirst) {
  Optimizer nesterov = makeOptimizer("nesterov", {{"lr", 0.1}});
  Oracle oracle(kBowl);
  const Vec2 x1 = nesterov.step({1.0, 1.0}, oracle);
  nesterov.step(x1, oracle);
  const auto steps = explainLastStep(nesterov);
  ASSERT_GE(steps.size(), 5u);
  EXPECT_EQ(steps[0].title, "Look-ahead first");
  EXPECT_EQ(steps[0].glyph.kind, GlyphKind::Point);
  EXPECT_EQ(steps[0].glyph.from, x1);
  EXPECT_TRUE(contains(steps[0].formula, "(0.9, 0)")) << steps[0].formula;
  EXPECT_EQ(steps[steps.size() - 2].title, "Nesterov: plus mu b_t at its tip");
  EXPECT_EQ(steps[steps.size() - 2].glyph.from, steps[steps.size() - 3].glyph.to);
}

// Adam at step 1 from (1, 1), lr 0.1: m = 0.1 g = (0.1, 1), v = 0.001 g^2 = (0.001, 0.1),
// 1 - beta1 = 0.1, 1 - beta2 = 0.001 (printed to 4 digits), m_hat = g.
TEST(Explain, AdamMomentsCorrectionsDivisionMove) {
  Optimizer adam = makeOptimizer("adam", {{"lr", 0.1}});
  Oracle oracle(kBowl);
  adam.step({1.0, 1.0}, oracle);
  const auto steps = explainLastStep(adam);
  std::vector<std::string> titles;
  for (const auto& step : steps) titles.push_back(step.title);
  ASSERT_EQ(titles.size(), 8u);
  EXPECT_EQ(titles[1], "First moment");
  EXPECT_EQ(titles[2], "Second moment");
  EXPECT_TRUE(contains(titles[3], "Bias corrections"));
  EXPECT_EQ(titles[4], "Corrected second moment");
  EXPECT_EQ(titles[5], "The division: x's own step");
  EXPECT_EQ(titles[6], "The division: y's own step");
  EXPECT_TRUE(contains(steps[1].formula, "(0.1, 1)")) << steps[1].formula;
  EXPECT_TRUE(contains(steps[2].formula, "(0.001, 0.1)")) << steps[2].formula;
  EXPECT_TRUE(contains(steps[3].formula, "m_t / 0.1 = (1, 10)")) << steps[3].formula;
  EXPECT_EQ(steps[2].glyph.kind, GlyphKind::Bars);
  EXPECT_EQ(steps[2].glyph.units, GlyphUnits::Gradient);
  // The bars are sqrt(v) per axis, in the gradient's units like m: (sqrt(0.001), sqrt(0.1)).
  EXPECT_NEAR(steps[2].glyph.to.x, std::sqrt(0.001), 1e-15);
  EXPECT_NEAR(steps[2].glyph.to.y, std::sqrt(0.1), 1e-15);
  // The bias-corrected v: bars of sqrt(v_hat) = |g| on the first step, (1, 10).
  EXPECT_EQ(steps[4].glyph.kind, GlyphKind::Bars);
  EXPECT_NEAR(steps[4].glyph.to.x, 1.0, 1e-12);
  EXPECT_NEAR(steps[4].glyph.to.y, 10.0, 1e-12);
  // The per-coordinate step: x's part from x_t, y's at its tip, ending where the move does.
  EXPECT_EQ(steps[5].glyph.to.y, steps[5].glyph.from.y);
  EXPECT_EQ(steps[6].glyph.from, steps[5].glyph.to);
  EXPECT_EQ(steps[6].glyph.to.x, steps[6].glyph.from.x);
  EXPECT_EQ(steps[6].glyph.to, steps[7].glyph.to);
}

// AMSGrad divides by the largest v seen, so its corrected second moment is max v / (1 - beta2^t), not v_t.
TEST(Explain, AmsgradNamesItsDenominatorMaxV) {
  Optimizer amsgrad = makeOptimizer("amsgrad", {{"lr", 0.1}});
  Oracle oracle(kBowl);
  amsgrad.step({1.0, 1.0}, oracle);
  bool found = false;
  for (const ExplainStep& step : explainLastStep(amsgrad)) {
    if (!contains(step.title, "Bias corrections")) continue;
    found = true;
    EXPECT_TRUE(contains(step.formula, "v_hat = max v / ")) << step.formula;
  }
  EXPECT_TRUE(found);
  Optimizer adam = makeOptimizer("adam", {{"lr", 0.1}});
  adam.step({1.0, 1.0}, oracle);
  EXPECT_TRUE(contains(explainLastStep(adam)[3].formula, "v_hat = v_t / "))
      << explainLastStep(adam)[3].formula;
}

// One plain sentence per sub-step, with the live numbers (here the shrink factor and the velocity).
TEST(Explain, MomentumSentencesCarryTheNumbers) {
  Optimizer momentum = makeOptimizer("momentum", {{"lr", 0.1}});
  Oracle oracle(kBowl);
  const Vec2 x1 = momentum.step({1.0, 1.0}, oracle);
  momentum.step(x1, oracle);
  const auto steps = explainLastStep(momentum);
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_TRUE(contains(steps[2].sentence, "shrinks by beta = 0.9 to (0.9, 9)")) << steps[2].sentence;
  EXPECT_TRUE(contains(steps[4].sentence, "(1.8, 9)")) << steps[4].sentence;
  EXPECT_TRUE(contains(steps[5].sentence, "ghost ball")) << steps[5].sentence;
}

TEST(Explain, NewtonShowsTheHessian) {
  Optimizer newton = makeOptimizer("newton");
  Oracle oracle(kBowl);
  newton.step({1.0, 1.0}, oracle);
  const auto steps = explainLastStep(newton);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[1].formula, "H = [[1, 0], [0, 10]]");
  EXPECT_EQ(steps[3].glyph.to, (Vec2{0.0, 0.0}));
  // The ellipse d^T H d = 1 at x_t: long (1 / sqrt 1) along x, short (1 / sqrt 10) along y.
  const Glyph& ellipse = steps[1].glyph;
  EXPECT_EQ(ellipse.kind, GlyphKind::Ellipse);
  EXPECT_EQ(ellipse.from, (Vec2{1.0, 1.0}));
  EXPECT_NEAR(std::abs(ellipse.axisA.x), 1.0, 1e-15);
  EXPECT_NEAR(ellipse.axisA.y, 0.0, 1e-15);
  EXPECT_NEAR(ellipse.axisB.x, 0.0, 1e-15);
  EXPECT_NEAR(std::abs(ellipse.axisB.y), 1.0 / std::sqrt(10.0), 1e-15);
  EXPECT_DOUBLE_EQ(ellipse.curvatureA, 1.0);
  EXPECT_DOUBLE_EQ(ellipse.curvatureB, 10.0);
}

// A rotated Hessian: the ellipse's axes are its eigenvectors, d^T H d = 1 at their ends.
TEST(Explain, NewtonEllipseFollowsTheEigenvectors) {
  Optimizer newton = makeOptimizer("newton");
  Oracle oracle(kRotatedBowl);
  newton.step({1.0, 0.5}, oracle);
  const auto steps = explainLastStep(newton);
  ASSERT_GE(steps.size(), 2u);
  const Glyph& ellipse = steps[1].glyph;
  ASSERT_EQ(ellipse.kind, GlyphKind::Ellipse);
  const Sym2 h = *newton.terms().hessian;
  const auto quadratic = [&](Vec2 d) {
    return d.x * (h.xx * d.x + h.xy * d.y) + d.y * (h.xy * d.x + h.yy * d.y);
  };
  EXPECT_NEAR(quadratic(ellipse.axisA), 1.0, 1e-12);
  EXPECT_NEAR(quadratic(ellipse.axisB), 1.0, 1e-12);
  EXPECT_NEAR(ellipse.axisA.x * ellipse.axisB.x + ellipse.axisA.y * ellipse.axisB.y, 0.0, 1e-12);
  EXPECT_GE(norm(ellipse.axisA), norm(ellipse.axisB));
}

double arrowLength(const Glyph& glyph) { return norm(glyph.to - glyph.from); }

// The sub-step geometry of one step on the common scale (every glyph in units of x enlarged about x_t
// by the factor that makes the longest `minimum` pixels long): the contributions chained tip to tail
// stay chained, and the chain ends where the move's drawn arrow ends, `scale` times the true move.
void expectChainAddsUpToTheMove(const std::vector<ExplainStep>& steps, const std::vector<std::string>& chain,
                                double pixelsPerUnit, double minimum) {
  const auto screen = [&](const Glyph& glyph) { return pixelsPerUnit * arrowLength(glyph); };
  const double scale = commonArrowScale(steps, screen, minimum);
  const ExplainStep& move = steps.back();
  const Vec2 origin = move.glyph.from;
  const auto find = [&](const std::string& title) -> const ExplainStep& {
    for (const ExplainStep& step : steps)
      if (step.title == title) return step;
    ADD_FAILURE() << "no sub-step " << title;
    return move;
  };
  Vec2 tip = origin;
  double longest = 0.0;
  for (const std::string& title : chain) {
    const Glyph drawn = onCommonScale(find(title).glyph, origin, scale);
    EXPECT_EQ(drawn.units, GlyphUnits::X) << title;
    EXPECT_NEAR(norm(drawn.from - tip), 0.0, 1e-12 * scale) << title << ": not at the tip of the one before";
    tip = drawn.to;
  }
  const Glyph drawnMove = onCommonScale(move.glyph, origin, scale);
  EXPECT_NEAR(norm(tip - drawnMove.to), 0.0, 1e-12 * scale) << "the chain does not add up to the move";
  EXPECT_NEAR(norm((drawnMove.to - origin) - scale * move.glyph.to + scale * origin), 0.0, 1e-12 * scale);
  for (const ExplainStep& step : steps)
    if (step.glyph.kind == GlyphKind::Arrow && step.glyph.units == GlyphUnits::X)
      longest = std::max(longest, screen(onCommonScale(step.glyph, origin, scale)));
  EXPECT_GE(longest, minimum - 1e-9);  // the longest arrow is long enough to see...
  if (scale > 1.0) {
    EXPECT_NEAR(longest, minimum, 1e-9);  // ...and enlarged no more than that
  }
}

// Momentum, with and without dampening: the decayed velocity plus the gradient's share at its tip is
// the new velocity, which is the move, on the common scale too.
TEST(ExplainScale, MomentumContributionsAddUpToTheMove) {
  for (const double dampening : {0.0, 0.3}) {
    SCOPED_TRACE(dampening);
    Optimizer momentum = makeOptimizer("momentum", {{"lr", 0.01}, {"dampening", dampening}});
    Oracle oracle(kBowl);
    Vec2 x{1.0, 1.0};
    for (int i = 0; i < 3; ++i) x = momentum.step(x, oracle);
    const auto steps = explainLastStep(momentum);
    EXPECT_EQ(steps.back().glyph.to, x);
    expectChainAddsUpToTheMove(steps, {"Its decay by beta", "The gradient added at its tip"}, 100.0, 60.0);
    expectChainAddsUpToTheMove(steps, {"Their sum, the new velocity"}, 100.0, 60.0);
  }
}

TEST(ExplainScale, NesterovGradientThenVelocityAddUpToTheMove) {
  Optimizer nesterov = makeOptimizer("nesterov", {{"lr", 0.01}});
  Oracle oracle(kBowl);
  Vec2 x{1.0, 1.0};
  for (int i = 0; i < 3; ++i) x = nesterov.step(x, oracle);
  expectChainAddsUpToTheMove(explainLastStep(nesterov),
                             {"Nesterov: the gradient", "Nesterov: plus mu b_t at its tip"}, 100.0, 60.0);
}

// Adaptive methods: x's own step, then y's at its tip, end where the move does (AdamW: then the
// decoupled weight decay at their tip).
TEST(ExplainScale, PerCoordinateStepsAddUpToTheMove) {
  for (const char* name : {"adam", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "radam", "amsgrad"}) {
    SCOPED_TRACE(name);
    Optimizer optimizer = makeOptimizer(name, {{"lr", 0.001}});
    Oracle oracle(kBowl);
    Vec2 x{1.0, 1.0};
    for (int i = 0; i < 3; ++i) x = optimizer.step(x, oracle);
    expectChainAddsUpToTheMove(explainLastStep(optimizer),
                               {"The division: x's own step", "The division: y's own step"}, 50.0, 40.0);
  }
  Optimizer adamw = makeOptimizer("adamw", {{"lr", 0.01}, {"weight_decay", 0.5}});
  Oracle oracle(kBowl);
  Vec2 x{1.0, 1.0};
  for (int i = 0; i < 3; ++i) x = adamw.step(x, oracle);
  expectChainAddsUpToTheMove(
      explainLastStep(adamw),
      {"The division: x's own step", "The division: y's own step", "Decoupled weight decay"}, 50.0, 40.0);
}

// g, m and sqrt v share the gradient units' scale (the app's arrow scale): the largest of them is what a fit
// of that scale measures, and each keeps its ratio to the others (so m / sqrt v per axis can be read off the
// picture).
TEST(ExplainScale, GradientUnitsShareOneScale) {
  Optimizer adam = makeOptimizer("adam", {{"lr", 0.001}});
  Oracle oracle(kBowl);
  Vec2 x{1.0, 1.0};
  for (int i = 0; i < 3; ++i) x = adam.step(x, oracle);
  const auto steps = explainLastStep(adam);
  const Terms& t = adam.terms();
  const double largest = std::max({norm(t.gradient), norm(*t.firstMoment), norm(*t.firstMomentHat),
                                   std::sqrt(t.secondMoment->x), std::sqrt(t.secondMoment->y),
                                   std::sqrt(t.secondMomentHat->x), std::sqrt(t.secondMomentHat->y)});
  EXPECT_NEAR(largestInGradientUnits(steps), largest, 1e-12);
  const double surfaceUnits = 0.37;
  const Glyph m = onGradientScale(steps[1].glyph, surfaceUnits);
  const Glyph v = onGradientScale(steps[2].glyph, surfaceUnits);
  EXPECT_NEAR(norm(m.to - m.from), surfaceUnits * norm(*t.firstMoment), 1e-12);
  EXPECT_NEAR(v.to.y / v.to.x, std::sqrt(t.secondMoment->y / t.secondMoment->x), 1e-12);
  EXPECT_EQ(onCommonScale(steps[1].glyph, x, 7.0).to, steps[1].glyph.to);  // not in units of x
  EXPECT_EQ(largestInGradientUnits({}), 0.0);
}

TEST(ExplainScale, LongArrowsAreDrawnAsTheyAre) {
  Optimizer sgd = makeOptimizer("sgd", {{"lr", 0.1}});
  Oracle oracle(kBowl);
  sgd.step({1.0, 1.0}, oracle);
  const auto steps = explainLastStep(sgd);
  EXPECT_EQ(commonArrowScale(
                steps, [](const Glyph& g) { return 1000.0 * arrowLength(g); }, 40.0),
            1.0);
  EXPECT_EQ(commonArrowScale(
                std::vector<ExplainStep>{}, [](const Glyph&) { return 0.0; }, 40.0),
            1.0);
}

}  // namespace
}  // namespace gs::testing
