// The step-by-step explainer: every optimizer has one, it ends with the move actually taken, its
// arrows are the terms of the update (not a recomputation), and formulas carry the live numbers.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/optim/explain.hpp"
#include "test_optimizers_support.hpp"

namespace gs::testing {
namespace {

const Quadratic kBowl(1.0, 10.0);  // g = (x, 10 y)

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
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
// 0.9 b_1 = (0.9, 9), b_2 = (1.8, 9). Arrows are drawn as the move each vector makes alone (x - lr v).
TEST(Explain, MomentumGradientScaledVelocitySumMove) {
  Optimizer momentum = makeOptimizer("momentum", {{"lr", 0.1}});
  Oracle oracle(kBowl);
  const Vec2 x1 = momentum.step({1.0, 1.0}, oracle);
  momentum.step(x1, oracle);
  const auto steps = explainLastStep(momentum);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].title, "Gradient here");
  EXPECT_EQ(steps[1].title, "Scaled previous velocity");
  EXPECT_EQ(steps[2].title, "Their sum");
  EXPECT_EQ(steps[3].title, "The move");
  EXPECT_TRUE(contains(steps[0].formula, "(0.9, 0)")) << steps[0].formula;
  EXPECT_TRUE(contains(steps[1].formula, "(0.9, 9)")) << steps[1].formula;
  EXPECT_TRUE(contains(steps[2].formula, "(1.8, 9)")) << steps[2].formula;
  EXPECT_NEAR(steps[1].glyph.to.x, 0.9 - 0.1 * 0.9, 1e-15);
  EXPECT_NEAR(steps[1].glyph.to.y, 0.0 - 0.1 * 9.0, 1e-15);
  EXPECT_NEAR(steps[2].glyph.to.x, 0.9 - 0.18, 1e-15);
  EXPECT_NEAR(steps[2].glyph.to.y, -0.9, 1e-15);
  // The sum's arrow is the move itself for heavy-ball momentum.
  EXPECT_NEAR(steps[3].glyph.to.x, steps[2].glyph.to.x, 1e-15);
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
  EXPECT_EQ(steps[steps.size() - 2].title, "Nesterov direction");
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
  ASSERT_EQ(titles.size(), 6u);
  EXPECT_EQ(titles[1], "First moment");
  EXPECT_EQ(titles[2], "Second moment");
  EXPECT_TRUE(contains(titles[3], "Bias corrections"));
  EXPECT_EQ(titles[4], "The division");
  EXPECT_TRUE(contains(steps[1].formula, "(0.1, 1)")) << steps[1].formula;
  EXPECT_TRUE(contains(steps[2].formula, "(0.001, 0.1)")) << steps[2].formula;
  EXPECT_TRUE(contains(steps[3].formula, "m_t / 0.1 = (1, 10)")) << steps[3].formula;
  EXPECT_EQ(steps[2].glyph.kind, GlyphKind::Rect);
  // The rectangle's sides are lr * sqrt(v): (0.1 sqrt(0.001), 0.1 sqrt(0.1)).
  EXPECT_NEAR(steps[2].glyph.to.x, 0.1 * std::sqrt(0.001), 1e-15);
  EXPECT_NEAR(steps[2].glyph.to.y, 0.1 * std::sqrt(0.1), 1e-15);
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
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_TRUE(contains(steps[1].sentence, "shrinks by beta = 0.9 to (0.9, 9)")) << steps[1].sentence;
  EXPECT_TRUE(contains(steps[2].sentence, "(1.8, 9)")) << steps[2].sentence;
  EXPECT_TRUE(contains(steps[3].sentence, "ghost ball")) << steps[3].sentence;
}

TEST(Explain, NewtonShowsTheHessian) {
  Optimizer newton = makeOptimizer("newton");
  Oracle oracle(kBowl);
  newton.step({1.0, 1.0}, oracle);
  const auto steps = explainLastStep(newton);
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[1].formula, "H = [[1, 0], [0, 10]]");
  EXPECT_EQ(steps[3].glyph.to, (Vec2{0.0, 0.0}));
}

double arrowLength(const Glyph& glyph) { return norm(glyph.to - glyph.from); }

// The arrows of a step drawn on one scale: every arrow keeps its direction and is lengthened by the
// same factor, the longest reaching the minimum, so sums on the surface stay sums on screen.
void expectOneScale(const std::vector<ExplainStep>& steps, double pixelsPerUnit, double minimum) {
  const auto screen = [&](const Glyph& glyph) { return pixelsPerUnit * arrowLength(glyph); };
  const double scale = commonArrowScale(steps, screen, minimum);
  double longest = 0.0;
  for (const ExplainStep& step : steps) {
    if (step.glyph.kind != GlyphKind::Arrow) continue;
    const Glyph drawn = scaledArrow(step.glyph, scale);
    EXPECT_EQ(drawn.from, step.glyph.from) << step.title;
    EXPECT_NEAR(arrowLength(drawn), scale * arrowLength(step.glyph), 1e-12) << step.title;
    longest = std::max(longest, screen(drawn));
  }
  EXPECT_GE(longest, minimum - 1e-9);  // the longest arrow is long enough to see...
  if (scale > 1.0) {
    EXPECT_NEAR(longest, minimum, 1e-9);  // ...and lengthened no more than that
  }
}

// Momentum: the decayed velocity plus the gradient's contribution is the new velocity, and that is
// the move, on the common scale too (all arrows start at x_t, so contributions add as vectors).
TEST(ExplainScale, MomentumContributionsAddUpToTheMove) {
  Optimizer momentum = makeOptimizer("momentum", {{"lr", 0.01}});
  Oracle oracle(kBowl);
  Vec2 x{1.0, 1.0};
  for (int i = 0; i < 3; ++i) x = momentum.step(x, oracle);
  const auto steps = explainLastStep(momentum);
  ASSERT_EQ(steps.size(), 4u);
  const double scale = commonArrowScale(
      steps, [](const Glyph& g) { return 100.0 * arrowLength(g); }, 60.0);
  EXPECT_GT(scale, 1.0);  // lr 0.01 moves a fraction of a unit: drawn longer, all by the same factor
  const Vec2 tail = steps[0].glyph.from;
  const Vec2 gradientPart = scaledArrow(steps[0].glyph, scale).to - tail;
  const Vec2 decayed = scaledArrow(steps[1].glyph, scale).to - tail;
  const Vec2 sum = scaledArrow(steps[2].glyph, scale).to - tail;
  const Vec2 move = scaledArrow(steps[3].glyph, scale).to - tail;
  EXPECT_NEAR(norm(decayed + gradientPart - sum), 0.0, 1e-12 * scale);
  EXPECT_NEAR(norm(sum - move), 0.0, 1e-12 * scale);
  EXPECT_NEAR(norm(move - scale * (x - tail)), 0.0, 1e-12 * scale);
  expectOneScale(steps, 100.0, 60.0);
}

TEST(ExplainScale, RmspropAndAdamArrowsShareOneScale) {
  for (const char* name : {"rmsprop", "adam"}) {
    SCOPED_TRACE(name);
    Optimizer optimizer = makeOptimizer(name, {{"lr", 0.001}});
    Oracle oracle(kBowl);
    Vec2 x{1.0, 1.0};
    for (int i = 0; i < 3; ++i) x = optimizer.step(x, oracle);
    const auto steps = explainLastStep(optimizer);
    const double scale = commonArrowScale(
        steps, [](const Glyph& g) { return 50.0 * arrowLength(g); }, 40.0);
    EXPECT_GT(scale, 1.0);
    const Glyph move = scaledArrow(steps.back().glyph, scale);
    EXPECT_NEAR(norm(move.to - move.from - scale * (x - steps.back().glyph.from)), 0.0, 1e-12 * scale);
    expectOneScale(steps, 50.0, 40.0);
  }
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
