// The optimizer-program language: declarations, statements in order, every function against its C
// library or torch definition, lr under a schedule, hyperparameter edits, evaluations counted, state,
// intermediates and divergence.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <variant>

#include "core/optim/program.hpp"
#include "core/surface/surface.hpp"

namespace gs {
namespace {

Program compileOk(const std::string& text) {
  auto compiled = compileProgram(text);
  if (auto* error = std::get_if<ProgramError>(&compiled)) {
    ADD_FAILURE() << toString(*error) << "\nin:\n" << text;
    return std::get<Program>(compileProgram("x = x"));
  }
  return std::get<Program>(std::move(compiled));
}

// f = x^2 + 3 y + x y, so g = (2x + y, 3 + x): known in closed form at every point.
Surface testSurface() {
  CustomSurfaceResult result = makeCustomSurface("x^2 + 3*y + x*y");
  EXPECT_TRUE(result.surface);
  return *result.surface;
}

Vec2 gradientAt(Vec2 p) { return {2.0 * p.x + p.y, 3.0 + p.x}; }

const NamedValue& named(const std::vector<NamedValue>& values, const std::string& name) {
  for (const NamedValue& value : values)
    if (value.name == name) return value;
  ADD_FAILURE() << "no value named " << name;
  static const NamedValue none;
  return none;
}

const char* const kAdam =
    "# Adam\n"
    "hyper lr = 0.001 [1e-6, 1, log], beta1 = 0.9 [0, 0.999]  # the usual\n"
    "hyper beta2 = 0.999 [0, 0.99999], eps = 1e-8 [1e-12, 1e-2, log]\n"
    "state m = 0, v = 0\n"
    "m = beta1 * m + (1 - beta1) * g\n"
    "v = beta2 * v + (1 - beta2) * g^2\n"
    "denom = sqrt(v) / sqrt(1 - beta2^t) + eps\n"
    "x = x - lr / (1 - beta1^t) * (m / denom)\n";

TEST(Program, DeclarationsBecomeParamsStateAndIntermediates) {
  const Program program = compileOk(kAdam);
  ASSERT_EQ(program.params().size(), 4u);
  const ParamInfo& lr = program.params()[0];
  EXPECT_EQ(lr.name, "lr");
  EXPECT_EQ(lr.type, ParamType::Real);
  EXPECT_EQ(lr.defaultValue, 0.001);
  EXPECT_EQ(lr.min, 1e-6);
  EXPECT_EQ(lr.max, 1.0);
  EXPECT_TRUE(lr.logScale);
  EXPECT_EQ(lr.tooltip, "the usual");  // the comment on its line
  EXPECT_EQ(program.params()[1].name, "beta1");
  EXPECT_FALSE(program.params()[1].logScale);
  EXPECT_EQ(program.params()[2].tooltip, "Declared on line 3 of the program.");
  EXPECT_EQ(program.params()[3].name, "eps");
  EXPECT_EQ(program.stateNames(), (std::vector<std::string>{"m", "v"}));
  EXPECT_EQ(program.intermediateNames(), (std::vector<std::string>{"denom"}));
  ASSERT_EQ(program.statements().size(), 4u);
  EXPECT_EQ(program.statements()[2].target, "denom");
  EXPECT_EQ(program.statements()[2].line, 7);
  EXPECT_EQ(program.statements()[3].target, "x");
  EXPECT_EQ(program.statements()[3].line, 8);
  EXPECT_EQ(program.evaluationsPerStep(), 1);
  EXPECT_EQ(program.text(), kAdam);
}

// Adam's first step by hand: m = 0.1 g, v = 0.001 g^2, the corrections make it lr * g / (|g| + eps').
TEST(Program, AdamFirstStepByHand) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk(kAdam));
  Oracle oracle(*surface.evaluator);
  const Vec2 start{1.0, -2.0};
  const Vec2 g = gradientAt(start);  // (0, 4): one coordinate with a zero gradient
  const Vec2 next = run.step(start, oracle);
  const double m = 0.9 * 0.0 + (1 - 0.9) * g.y;
  const double v = 0.999 * 0.0 + (1 - 0.999) * (g.y * g.y);
  const double denom = std::sqrt(v) / std::sqrt(1 - std::pow(0.999, 1.0)) + 1e-8;
  EXPECT_EQ(next.x, start.x);  // g.x = 0: m = 0, no move
  EXPECT_EQ(next.y, start.y - 0.001 / (1 - std::pow(0.9, 1.0)) * (m / denom));
  EXPECT_NEAR(next.y, start.y - 0.001, 1e-10);
  EXPECT_EQ(named(run.state(), "m").value, (Vec2{0.0, m}));
  EXPECT_EQ(named(run.state(), "v").value, (Vec2{0.0, v}));
  EXPECT_EQ(named(run.intermediates(), "denom").value.y, denom);
  EXPECT_TRUE(named(run.intermediates(), "denom").perCoordinate);
  EXPECT_EQ(run.terms().step, 1);
  EXPECT_EQ(run.terms().point, start);
  EXPECT_EQ(run.terms().gradient, g);
  EXPECT_EQ(run.terms().value, surface.evaluator->value(start));
  EXPECT_EQ(run.terms().delta, next - start);
}

TEST(Program, TitleIsTheLeadingComment) {
  EXPECT_EQ(compileOk(kAdam).title(), "Adam");
  EXPECT_EQ(compileOk("\n  # Plain descent  \nx = x - 0.1 * g # not this").title(), "Plain descent");
  EXPECT_EQ(compileOk("x = x - 0.1 * g # not a title").title(), "");
}

// A new version of a program keeps the slider values of the hyperparameters it still declares.
TEST(Program, EditedProgramCarriesParamsByName) {
  ProgramRun before(
      compileOk("hyper lr = 0.1 [0, 1], beta = 0.9 [0, 1], gone = 1 [0, 2]\nx = x - lr * beta * g"));
  ASSERT_TRUE(before.setParam("lr", 0.5));
  ASSERT_TRUE(before.setParam("beta", 0.95));
  ProgramRun after(
      compileOk("hyper beta = 0.5 [0, 0.9], lr = 0.1 [0, 1], eps = 1 [0, 1]\nx = x - lr * beta * g + eps"));
  after.carryParamsFrom(before);
  EXPECT_EQ(after.param("lr"), 0.5);
  EXPECT_EQ(after.param("beta"), 0.5);  // 0.95 is outside the new range: the new default stays
  EXPECT_EQ(after.param("eps"), 1.0);
}

TEST(Program, StateBeforeTheFirstStepIsItsInitialValue) {
  ProgramRun run(compileOk("hyper a = 0.5 [0, 1]\nstate s = a * 2, u = -1\ns = s + g\nu = u\nx = x"));
  EXPECT_EQ(named(run.state(), "s").value, (Vec2{1.0, 1.0}));
  EXPECT_EQ(named(run.state(), "u").value, (Vec2{-1.0, -1.0}));
  // An edit before the first step sets the initial value; after it, edits never touch the state.
  ASSERT_TRUE(run.setParam("a", 0.25));
  const Surface surface = testSurface();
  Oracle oracle(*surface.evaluator);
  const Vec2 p{1.0, 1.0};
  run.step(p, oracle);
  EXPECT_EQ(named(run.state(), "s").value, (Vec2{0.5, 0.5}) + gradientAt(p));
  ASSERT_TRUE(run.setParam("a", 1.0));
  EXPECT_EQ(named(run.state(), "s").value, (Vec2{0.5, 0.5}) + gradientAt(p));
  run.resetState();
  EXPECT_EQ(run.stepCount(), 0);
  EXPECT_EQ(named(run.state(), "s").value, (Vec2{2.0, 2.0}));
}

// The vectors a run can draw at its ball: state and per-coordinate intermediates, by name, with the
// values the inspector shows; one number for both coordinates (bc) and built-ins are not among them.
TEST(Program, VectorNamesAreStateAndPerCoordinateIntermediates) {
  const Program program = compileOk(
      "hyper lr = 0.1 [0, 1]\nstate m = 0\nbc = 1 - 0.9^t\nm = 0.9 * m + g\nmhat = m / bc\n"
      "x = x - lr * mhat\n");
  EXPECT_EQ(program.vectorNames(), (std::vector<std::string>{"m", "mhat"}));
  ProgramRun run(program);
  EXPECT_EQ(run.vectorValue("m"), (Vec2{0.0, 0.0}));  // before the first step: the initial value
  const Surface surface = testSurface();
  Oracle oracle(*surface.evaluator);
  const Vec2 p{1.0, -2.0};
  run.step(p, oracle);
  EXPECT_EQ(run.vectorValue("m"), gradientAt(p));
  EXPECT_EQ(run.vectorValue("mhat"), named(run.intermediates(), "mhat").value);
  EXPECT_EQ(run.vectorValue("mhat"), gradientAt(p) / (1 - 0.9));
  for (const char* other : {"bc", "x", "g", "lr", "t", "", "nothing"})
    EXPECT_FALSE(run.vectorValue(other)) << other;
}

TEST(Program, ScheduleScalesDeclaredLrOnly) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("hyper lr = 0.1 [0, 1], k = 0.5 [0, 1]\nx = x - lr * g - k * g"));
  Oracle oracle(*surface.evaluator);
  const Vec2 p{1.0, 2.0};
  const Vec2 g = gradientAt(p);
  const Vec2 next = run.step(p, oracle, 0.25);
  const double lr = 0.1 * 0.25;
  EXPECT_EQ(next, (Vec2{p.x - lr * g.x - 0.5 * g.x, p.y - lr * g.y - 0.5 * g.y}));
  EXPECT_EQ(run.terms().learningRate, lr);
  EXPECT_EQ(run.param("lr"), 0.1);  // the declared value is unchanged
}

// A state initial value uses the declared lr, not the schedule's.
TEST(Program, StateInitialValueUsesDeclaredLr) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("hyper lr = 0.1 [0, 1]\nstate s = lr\ns = s + 0 * g\nx = x"));
  Oracle oracle(*surface.evaluator);
  run.step({0.0, 0.0}, oracle, 0.5);
  EXPECT_EQ(named(run.state(), "s").value, (Vec2{0.1, 0.1}));
}

TEST(Program, SetParamChecksNameAndRangeAndRecomputesHyperExpressions) {
  const Surface surface = testSurface();
  ProgramRun run(
      compileOk("hyper beta = 0.9 [0, 0.99]\nstate m = 0\nm = beta * m + (1 - beta) * g\nx = x - m"));
  EXPECT_FALSE(run.setParam("beta", 0.995));
  EXPECT_FALSE(run.setParam("beta", -0.1));
  EXPECT_FALSE(run.setParam("beta", std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(run.setParam("gamma", 0.5));
  EXPECT_FALSE(run.setParam(std::size_t{1}, 0.5));
  EXPECT_EQ(run.param("beta"), 0.9);
  EXPECT_FALSE(run.param("gamma"));
  EXPECT_TRUE(run.setParam("beta", 0.99));  // the ends of the range are in it
  EXPECT_TRUE(run.setParam("beta", 0.5));
  Oracle oracle(*surface.evaluator);
  const Vec2 p{1.0, 1.0};
  const Vec2 g = gradientAt(p);
  run.step(p, oracle);
  // (1 - beta) is computed once per change of beta, with beta's new value.
  EXPECT_EQ(named(run.state(), "m").value, (Vec2{0.5 * 0.0 + (1 - 0.5) * g.x, 0.5 * 0.0 + (1 - 0.5) * g.y}));
  EXPECT_EQ(run.paramValues(), (std::vector<double>{0.5}));
  EXPECT_FALSE(run.setParamValues({0.995}));
  EXPECT_FALSE(run.setParamValues({0.1, 0.2}));
  EXPECT_TRUE(run.setParamValues({0.25}));
  EXPECT_EQ(run.param(std::size_t{0}), 0.25);
}

// Changing a beta mid-run keeps m (the state is never reset by an edit), and the bias correction
// reads t, never a cached power.
TEST(Program, ChangingBetaMidRunKeepsState) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk(kAdam));
  Oracle oracle(*surface.evaluator);
  Vec2 x{1.0, 1.0};
  for (int i = 0; i < 3; ++i) x = run.step(x, oracle);
  const Vec2 m = named(run.state(), "m").value;
  ASSERT_TRUE(run.setParam("beta1", 0.5));
  EXPECT_EQ(named(run.state(), "m").value, m);
  const Vec2 g = gradientAt(x);
  run.step(x, oracle);
  EXPECT_EQ(named(run.state(), "m").value.x, 0.5 * m.x + (1 - 0.5) * g.x);
  EXPECT_EQ(run.stepCount(), 4);
}

TEST(Program, StatementsRunInOrderAndStateReadsLastStepUntilUpdated) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("state m = 10\nold = m\nm = m + 1\nd = m - old\nd = d * 2\nx = x\nafter = x"));
  Oracle oracle(*surface.evaluator);
  run.step({0.0, 0.0}, oracle);
  EXPECT_EQ(named(run.intermediates(), "old").value, (Vec2{10.0, 10.0}));  // kept, though m moved on
  EXPECT_EQ(named(run.intermediates(), "d").value, (Vec2{2.0, 2.0}));      // the last assignment
  const std::vector<NamedValue> values = run.statementValues();
  ASSERT_EQ(values.size(), 6u);
  EXPECT_EQ(values[2].name, "d");
  EXPECT_EQ(values[2].value, (Vec2{1.0, 1.0}));
  EXPECT_EQ(values[3].value, (Vec2{2.0, 2.0}));
  run.step({0.0, 0.0}, oracle);
  EXPECT_EQ(named(run.intermediates(), "old").value, (Vec2{11.0, 11.0}));
  EXPECT_EQ(named(run.state(), "m").value, (Vec2{12.0, 12.0}));
}

TEST(Program, XAfterItsAssignmentIsTheNewPoint) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("x = x + 1\nx = x * 2\nmoved = x"));
  Oracle oracle(*surface.evaluator);
  EXPECT_EQ(run.step({1.0, 2.0}, oracle), (Vec2{4.0, 6.0}));
  EXPECT_EQ(named(run.intermediates(), "moved").value, (Vec2{4.0, 6.0}));
}

TEST(Program, BuiltinsTAndF) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("step = t\nvalue = f\nsq = 2^t\nx = x"));
  Oracle oracle(*surface.evaluator);
  const Vec2 p{1.5, -0.5};
  run.step(p, oracle);
  run.step(p, oracle);
  EXPECT_EQ(named(run.intermediates(), "step").value, (Vec2{2.0, 2.0}));
  EXPECT_FALSE(named(run.intermediates(), "step").perCoordinate);
  EXPECT_EQ(named(run.intermediates(), "value").value.x, surface.evaluator->value(p));
  EXPECT_EQ(named(run.intermediates(), "sq").value.x, 4.0);
}

// Each function is the C library's (or torch's) on each coordinate, bit for bit.
TEST(Program, FunctionsMatchTheirDefinitions) {
  const Surface surface = testSurface();
  const char* text =
      "a = sin(x) + cos(g) - tan(x)\n"
      "b = exp(x) * log(abs(g) + 1) / sqrt(abs(x))\n"
      "c = tanh(x) + sinh(x) - cosh(x) + atan(g)\n"
      "d = asin(x / 4) + acos(x / 4)\n"
      "p = pow(abs(g), 1.5) + abs(x)^0.5 + x**3 + g^2 + -x^2\n"
      "s = sign(g) + sign(x - x) + min(x, g) + max(x, g)\n"
      "k = clip(g, -1, 2)\n"
      "sel = if(g >= 3, g, x) + if(x != 1, 10, 20) + if(x < g, 1, 0) + if(x <= g, 1, 0)"
      " + if(x > g, 1, 0) + if(x == 1, 100, 0)\n"
      "x = x\n";
  ProgramRun run(compileOk(text));
  Oracle oracle(*surface.evaluator);
  const Vec2 p{1.0, -0.5};
  const Vec2 g = gradientAt(p);  // (1.5, 4)
  run.step(p, oracle);
  const std::vector<NamedValue> values = run.intermediates();
  for (int i = 0; i < 2; ++i) {
    const double xi = i == 0 ? p.x : p.y, gi = i == 0 ? g.x : g.y;
    const auto at = [&](const char* name) {
      const Vec2 v = named(values, name).value;
      return i == 0 ? v.x : v.y;
    };
    EXPECT_EQ(at("a"), std::sin(xi) + std::cos(gi) - std::tan(xi));
    EXPECT_EQ(at("b"), std::exp(xi) * std::log(std::fabs(gi) + 1) / std::sqrt(std::fabs(xi)));
    EXPECT_EQ(at("c"), std::tanh(xi) + std::sinh(xi) - std::cosh(xi) + std::atan(gi));
    EXPECT_EQ(at("d"), std::asin(xi / 4) + std::acos(xi / 4));
    EXPECT_EQ(at("p"), std::pow(std::fabs(gi), 1.5) + std::pow(std::fabs(xi), 0.5) + std::pow(xi, 3.0) +
                           gi * gi + -(xi * xi));
    const double sign = gi > 0 ? 1.0 : (gi < 0 ? -1.0 : 0.0);
    EXPECT_EQ(at("s"), sign + 0.0 + std::min(xi, gi) + std::max(xi, gi));
    EXPECT_EQ(at("k"), std::min(std::max(gi, -1.0), 2.0));
    const double sel = (gi >= 3 ? gi : xi) + (xi != 1 ? 10 : 20) + (xi < gi ? 1 : 0) + (xi <= gi ? 1 : 0) +
                       (xi > gi ? 1 : 0) + (xi == 1 ? 100 : 0);
    EXPECT_EQ(at("sel"), sel);
  }
}

// min, max and clip propagate NaN as torch.maximum/minimum/clamp do; sign keeps NaN.
TEST(Program, NaNPropagates) {
  const Surface surface = testSurface();
  ProgramRun run(
      compileOk("nan = 0/0\na = max(x, nan)\nb = max(nan, x)\nc = min(x, nan)\nd = min(nan, x)\n"
                "e2 = clip(nan, 0, 1)\ns = sign(nan)\nx = x"));
  Oracle oracle(*surface.evaluator);
  run.step({1.0, 2.0}, oracle);
  for (const char* name : {"a", "b", "c", "d", "e2", "s"}) {
    EXPECT_TRUE(std::isnan(named(run.intermediates(), name).value.x)) << name;
    EXPECT_TRUE(std::isnan(named(run.intermediates(), name).value.y)) << name;
  }
}

TEST(Program, NormAndDotReduceOverBothCoordinates) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("n = norm(g)\nd = dot(g, x)\nu = g / norm(g)\nx = x"));
  Oracle oracle(*surface.evaluator);
  const Vec2 p{3.0, -2.0};
  const Vec2 g = gradientAt(p);
  run.step(p, oracle);
  EXPECT_EQ(named(run.intermediates(), "n").value, (Vec2{norm(g), norm(g)}));
  EXPECT_FALSE(named(run.intermediates(), "n").perCoordinate);
  EXPECT_EQ(named(run.intermediates(), "d").value.x, dot(g, p));
  EXPECT_EQ(named(run.intermediates(), "u").value, (Vec2{g.x / norm(g), g.y / norm(g)}));
  EXPECT_TRUE(named(run.intermediates(), "u").perCoordinate);
}

TEST(Program, GradAndValueElsewhereAreCountedEvaluations) {
  const Surface surface = testSurface();
  ProgramRun run(
      compileOk("hyper lr = 0.1 [0, 1]\nahead = grad(x - lr * g)\nfa = f(x + 1)\nx = x - lr * ahead"));
  EXPECT_EQ(run.program().evaluationsPerStep(), 3);
  Oracle oracle(*surface.evaluator);
  const Vec2 p{1.0, 2.0};
  const Vec2 g = gradientAt(p);
  const Vec2 ahead = gradientAt(p - 0.1 * g);
  const Vec2 next = run.step(p, oracle);
  EXPECT_EQ(named(run.intermediates(), "ahead").value, ahead);
  EXPECT_EQ(named(run.intermediates(), "fa").value.x, surface.evaluator->value(p + Vec2{1.0, 1.0}));
  EXPECT_EQ(next, (Vec2{p.x - 0.1 * ahead.x, p.y - 0.1 * ahead.y}));
  EXPECT_EQ(oracle.counts().gradients, 2);
  EXPECT_EQ(oracle.counts().values, 1);
}

// Both sides of if(...) are evaluated (a choice, not a branch), so a grad inside one is always counted.
TEST(Program, IfIsAChoiceNotABranch) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("h = if(t > 100, grad(x), g)\nx = x - 0.1 * h"));
  Oracle oracle(*surface.evaluator);
  run.step({0.0, 0.0}, oracle);
  EXPECT_EQ(oracle.counts().gradients, 2);
}

TEST(Program, LiteralSquareIsMultiplicationOtherPowersArePow) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("s = g^2\nc = g^3\nh = g^0.5\nq = g ** 2\nx = x"));
  Oracle oracle(*surface.evaluator);
  const Vec2 p{0.3, 0.7};
  const Vec2 g = gradientAt(p);
  run.step(p, oracle);
  EXPECT_EQ(named(run.intermediates(), "s").value, mul(g, g));
  EXPECT_EQ(named(run.intermediates(), "q").value, mul(g, g));
  EXPECT_EQ(named(run.intermediates(), "c").value, (Vec2{std::pow(g.x, 3.0), std::pow(g.y, 3.0)}));
  EXPECT_EQ(named(run.intermediates(), "h").value, (Vec2{std::pow(g.x, 0.5), std::pow(g.y, 0.5)}));
}

TEST(Program, PrecedenceAndAssociativity) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk("a = -2^2\nb = 2^3^2\nc = 8 / 4 / 2\nd = 10 - 4 - 3\ne1 = 2 * -3\nx = x"));
  Oracle oracle(*surface.evaluator);
  run.step({0.0, 0.0}, oracle);
  EXPECT_EQ(named(run.intermediates(), "a").value.x, -4.0);
  EXPECT_EQ(named(run.intermediates(), "b").value.x, 512.0);
  EXPECT_EQ(named(run.intermediates(), "c").value.x, 1.0);
  EXPECT_EQ(named(run.intermediates(), "d").value.x, 3.0);
  EXPECT_EQ(named(run.intermediates(), "e1").value.x, -6.0);
  EXPECT_FALSE(named(run.intermediates(), "a").perCoordinate);
}

TEST(Program, CommentsBlankLinesAndLineBreaksInsideParentheses) {
  const Surface surface = testSurface();
  ProgramRun run(
      compileOk("# header\n\n   hyper lr = 0.5 [0, 1] # rate\n"
                "x = x - lr * (g  # the gradient\n"
                "  + 0)\n\n# done"));
  Oracle oracle(*surface.evaluator);
  const Vec2 p{1.0, 1.0};
  EXPECT_EQ(run.step(p, oracle),
            (Vec2{p.x - 0.5 * (gradientAt(p).x + 0), p.y - 0.5 * (gradientAt(p).y + 0)}));
  EXPECT_EQ(run.params()[0].tooltip, "rate");
}

// A program whose numbers go non-finite returns a non-finite point (the runner reports it as diverged).
TEST(Program, NonFiniteValuesReachTheNextPoint) {
  const Surface surface = testSurface();
  ProgramRun blowUp(compileOk("x = x * 1e200"));
  Oracle oracle(*surface.evaluator);
  Vec2 x{1.0, 1.0};
  x = blowUp.step(x, oracle);
  EXPECT_TRUE(isFinite(x));
  x = blowUp.step(x, oracle);
  EXPECT_FALSE(isFinite(x));
  ProgramRun logOfNegative(compileOk("x = log(x - 10)"));
  EXPECT_TRUE(std::isnan(logOfNegative.step({1.0, 1.0}, oracle).x));
}

// A run is a value: a copy steps on independently and identically.
TEST(Program, RunsAreCopyableValues) {
  const Surface surface = testSurface();
  ProgramRun run(compileOk(kAdam));
  Oracle oracle(*surface.evaluator);
  Vec2 x{1.0, 1.0};
  for (int i = 0; i < 5; ++i) x = run.step(x, oracle);
  ProgramRun copy = run;
  ASSERT_TRUE(copy.setParam("lr", 0.01));
  EXPECT_EQ(run.param("lr"), 0.001);
  ProgramRun same = run;
  const Vec2 a = run.step(x, oracle);
  const Vec2 b = same.step(x, oracle);
  const Vec2 c = copy.step(x, oracle);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(same.stepCount(), 6);
}

}  // namespace
}  // namespace gs
