// L-BFGS against torch.optim.LBFGS step by step, state included, for max_iter 1, 5 and 20, a limiting
// max_eval, both line searches and each of torch's loop exits. The references are torch itself (Debian's
// python3-torch 1.13, float64), written to lbfgs_torch_cases.inc by
//     /usr/bin/python3 tests/tools/lbfgs_reference.py > tests/core/lbfgs_torch_cases.inc
// The surfaces are the script's: quadratic = 0.5 x^2 + 5 y^2 + 2 x y from (1, 1), rosenbrock from (-1.5, 2).
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/io/scene.hpp"
#include "core/io/spec.hpp"
#include "core/optim/explain.hpp"
#include "core/optim/lbfgs.hpp"
#include "test_optimizers_support.hpp"

namespace gs::testing {
namespace {

using Exit = optim::Lbfgs::Exit;

struct TorchStep {
  Vec2 point;
  std::int64_t funcEvals;
  std::int64_t nIter;
  double t;
  Vec2 d;
  double hDiag;
  double prevLoss;
  std::size_t history;
  Exit exit;
  std::vector<Vec2> inner;  // where torch moved the parameters inside the step, all but the last move
  int trials;               // points the strong-Wolfe searches evaluated
};

struct TorchCase {
  std::string spec;
  std::string surface;
  std::vector<TorchStep> steps;
};

const std::vector<TorchCase>& torchCases() {
  static const std::vector<TorchCase> cases = {
#include "lbfgs_torch_cases.inc"
  };
  return cases;
}

// Rosenbrock with the gradient rounded as torch's autograd rounds it for the script's formula (checked
// bit for bit at 20,000 random points): d/dx = -(2 (1 - x)) + 2 (-(200 r) x), r = y - x^2, the two
// contributions of x * x added first. Without a line search L-BFGS on Rosenbrock amplifies a last-bit
// difference to 1e-7 within a few dozen iterations, so the reference needs the same roundings.
struct TorchRosenbrock final : Evaluator {
  double value(Vec2 v) const override {
    const double r = v.y - v.x * v.x;
    return (1 - v.x) * (1 - v.x) + 100 * (r * r);
  }
  ValueGrad valueGrad(Vec2 v) const override {
    const double r = v.y - v.x * v.x;
    const double viaSquare = -(200 * r) * v.x;
    return {value(v), {-(2 * (1 - v.x)) + (viaSquare + viaSquare), 200 * r}};
  }
  ValueGradHessian valueGradHessian(Vec2 v) const override {
    const ValueGrad vg = valueGrad(v);
    return {vg.value, vg.gradient, {2 - 400 * (v.y - v.x * v.x) + 800 * v.x * v.x, -400 * v.x, 200}};
  }
};

// Relative 1e-10 (of 1 + |value|), as in test_optimizers_torch.cpp: torch's kernels still round its dot
// products and axpy updates differently in the last bit, which long runs amplify; a difference of method
// (a missed exit, an extra evaluation, a wrong gradient) shows at 1e-3 or more, and the counts and exits
// are compared exactly.
void expectNear(double actual, double expected, const char* what) {
  EXPECT_NEAR(actual, expected, 1e-10 * (1 + std::fabs(expected))) << what;
}
void expectNear(Vec2 actual, Vec2 expected, const char* what) {
  expectNear(actual.x, expected.x, what);
  expectNear(actual.y, expected.y, what);
}

// An Lbfgs with the hyperparameters of a parsed spec (so the spec parser's names are tested too).
optim::Lbfgs lbfgsFrom(const Optimizer& optimizer) {
  optim::Lbfgs lbfgs;
  const auto& fields = optim::Lbfgs::fields();
  EXPECT_EQ(fields.size(), optimizer.params().size());
  for (std::size_t i = 0; i < fields.size(); ++i) fields[i].set(lbfgs.hyper, optimizer.param(i));
  return lbfgs;
}

class LbfgsTorch : public ::testing::TestWithParam<std::size_t> {};

TEST_P(LbfgsTorch, StepsAndStateMatchTorch) {
  const TorchCase& row = torchCases()[GetParam()];
  SCOPED_TRACE(row.spec + " on " + row.surface);
  auto parsed = parseOptimizerSpec(row.spec);
  ASSERT_TRUE(std::holds_alternative<Optimizer>(parsed)) << std::get<std::string>(parsed);
  Optimizer optimizer = std::get<Optimizer>(parsed);
  optim::Lbfgs lbfgs = lbfgsFrom(optimizer);

  const Quadratic quadratic(1.0, 10.0, 2.0);
  const TorchRosenbrock rosenbrock;
  const bool isQuadratic = row.surface == "quadratic";
  const Evaluator& surface = isQuadratic ? static_cast<const Evaluator&>(quadratic) : rosenbrock;
  Oracle oracle(surface), optimizerOracle(surface);
  Vec2 x = isQuadratic ? Vec2{1.0, 1.0} : Vec2{-1.5, 2.0};
  Vec2 viaOptimizer = x;
  for (std::size_t i = 0; i < row.steps.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(i + 1));
    const TorchStep& expected = row.steps[i];
    Terms terms;
    x = lbfgs.step(x, oracle, lbfgs.hyper.lr, terms);
    expectNear(x, expected.point, "point");
    EXPECT_EQ(lbfgs.state.funcEvals, expected.funcEvals);
    EXPECT_EQ(lbfgs.state.nIter, expected.nIter);
    expectNear(lbfgs.state.t, expected.t, "t");
    expectNear(lbfgs.state.d, expected.d, "d");
    expectNear(lbfgs.state.hDiag, expected.hDiag, "H_diag");
    expectNear(lbfgs.state.prevLoss, expected.prevLoss, "prev_loss");
    EXPECT_EQ(lbfgs.state.oldDirs.size(), expected.history);
    EXPECT_EQ(static_cast<int>(lbfgs.report.exit), static_cast<int>(expected.exit));
    // Every evaluation goes through the oracle, so its count is func_evals.
    EXPECT_EQ(oracle.counts().gradients, expected.funcEvals);
    EXPECT_EQ(terms.trialPoints.size(), std::min<std::size_t>(static_cast<std::size_t>(expected.trials),
                                                              optim::Lbfgs::kMaxInnerPoints));
    EXPECT_EQ(lbfgs.report.lineSearchEvaluations, expected.trials);
    ASSERT_EQ(terms.innerPoints.size(), expected.inner.size());
    for (std::size_t k = 0; k < expected.inner.size(); ++k)
      expectNear(terms.innerPoints[k], expected.inner[k], "inner");

    // The catalog's optimizer is the same computation, bit for bit, and records the same inner points.
    viaOptimizer = optimizer.step(viaOptimizer, optimizerOracle);
    EXPECT_EQ(viaOptimizer, x);
    EXPECT_EQ(optimizer.terms().innerPoints, terms.innerPoints);
    EXPECT_EQ(optimizer.terms().delta, x - optimizer.terms().point);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, LbfgsTorch, ::testing::Range<std::size_t>(0, torchCases().size()));

TEST(LbfgsTorchCases, CoverMaxIterLineSearchesAndEveryExit) {
  std::set<int> exits;
  std::set<std::string> specs;
  for (const TorchCase& row : torchCases()) {
    specs.insert(row.spec);
    for (const TorchStep& step : row.steps) exits.insert(static_cast<int>(step.exit));
  }
  for (const Exit exit : {Exit::OptimalAtStart, Exit::FlatDirection, Exit::MaxIter, Exit::MaxEval,
                          Exit::Optimal, Exit::SmallStep, Exit::SmallLossChange})
    EXPECT_TRUE(exits.count(static_cast<int>(exit))) << static_cast<int>(exit);
  for (const char* spec :
       {"lbfgs", "lbfgs:max_iter=5", "lbfgs:lr=0.1,max_iter=20", "lbfgs:lr=0.1,max_iter=20,max_eval=9",
        "lbfgs:line_search=strong_wolfe", "lbfgs:max_iter=20,line_search=strong_wolfe"})
    EXPECT_TRUE(specs.count(spec)) << spec;
}

// max_eval = 0 is torch's None: max_iter * 5 // 4, from the max_iter of the step.
TEST(Lbfgs, MaxEvalZeroIsTorchsNone) {
  optim::Lbfgs::Hyper hyper;
  EXPECT_EQ(optim::Lbfgs::effectiveMaxEval(hyper), 1);  // max_iter 1
  hyper.maxIter = 20;
  EXPECT_EQ(optim::Lbfgs::effectiveMaxEval(hyper), 25);
  hyper.maxIter = 7;
  EXPECT_EQ(optim::Lbfgs::effectiveMaxEval(hyper), 8);
  hyper.maxEval = 3;
  EXPECT_EQ(optim::Lbfgs::effectiveMaxEval(hyper), 3);
}

// Many inner iterations keep at most kMaxInnerPoints of them, evenly spread and in order, so a step's
// Terms (copied into every checkpoint) stays small.
TEST(Lbfgs, InnerPointsAreThinnedEvenlyPastTheirCap) {
  const Quadratic slow(1.0, 1.0);  // lr 0.001 without a line search: each iteration moves a little
  optim::Lbfgs lbfgs;
  lbfgs.hyper.lr = 1e-3;
  lbfgs.hyper.maxIter = 1000;
  lbfgs.hyper.toleranceChange = 1e-16;
  Oracle oracle(slow);
  Terms terms;
  const Vec2 next = lbfgs.step({1.0, 0.5}, oracle, lbfgs.hyper.lr, terms);
  ASSERT_EQ(static_cast<int>(lbfgs.report.exit), static_cast<int>(optim::Lbfgs::Exit::MaxIter));
  EXPECT_EQ(lbfgs.report.iterations, 1000);
  // 999 inner iterates; stride 16 keeps iterates 16, 32, ..., 992: 62 of them.
  ASSERT_EQ(terms.innerPoints.size(), 62u);
  Optimizer reference = *Optimizer::create("lbfgs");
  ASSERT_TRUE(reference.setParam("lr", 1e-3));
  ASSERT_TRUE(reference.setParam("tolerance_change", 1e-16));
  Oracle referenceOracle(slow);
  Vec2 x{1.0, 0.5};
  for (int iteration = 1; iteration <= 1000; ++iteration) {
    x = reference.step(x, referenceOracle);  // max_iter 1 without a line search: one iteration a step
    if (iteration % 16 == 0 && iteration < 1000) {
      EXPECT_EQ(terms.innerPoints[static_cast<std::size_t>(iteration / 16 - 1)], x);
    }
  }
  EXPECT_EQ(next, x);
}

// The explainer says what a step with inner iterations did: how many ran, how many evaluations and
// line-search trials they used, and which of torch's exits ended them.
TEST(Lbfgs, ExplainerCountsInnerIterationsAndTrials) {
  const TorchRosenbrock rosenbrock;
  Optimizer lbfgs = makeOptimizer("lbfgs", {{"max_iter", 5.0}, {"line_search", 1.0}});
  Oracle oracle(rosenbrock);
  lbfgs.step({-1.5, 2.0}, oracle);
  const auto steps = explainLastStep(lbfgs);
  ASSERT_GE(steps.size(), 3u);
  const auto find = [&](const std::string& title) {
    return std::find_if(steps.begin(), steps.end(), [&](const ExplainStep& s) { return s.title == title; });
  };
  const auto length = find("Step length");
  ASSERT_NE(length, steps.end());
  EXPECT_NE(length->formula.find("strong Wolfe line search"), std::string::npos) << length->formula;
  const auto inner = find("Inner iterations");
  ASSERT_NE(inner, steps.end());
  // torch: 4 iterations, 1 + 5 evaluations, then max_eval = 5 * 5 // 4 = 6 ends the step
  // (lbfgs_torch_cases.inc, max_iter=5 with strong Wolfe, step 1).
  EXPECT_NE(inner->formula.find("4 of max_iter 5 (6 evaluations of f, 5 of them in line searches)"),
            std::string::npos)
      << inner->formula;
  EXPECT_NE(inner->formula.find("it had used max_eval evaluations"), std::string::npos) << inner->formula;
  EXPECT_EQ(lbfgs.terms().innerPoints.size(), 3u);
  EXPECT_EQ(lbfgs.terms().trialPoints.size(), 5u);
  EXPECT_EQ(steps.back().title, "The move");
}

// max_iter and max_eval are ordinary parameters: a spec and a scene carry them there and back.
TEST(Lbfgs, MaxIterAndMaxEvalTravelInSpecsAndScenes) {
  auto parsed = parseOptimizerSpec("lbfgs:max_iter=20,max_eval=25,line_search=strong_wolfe");
  ASSERT_TRUE(std::holds_alternative<Optimizer>(parsed)) << std::get<std::string>(parsed);
  const Optimizer& lbfgs = std::get<Optimizer>(parsed);
  EXPECT_EQ(*lbfgs.param("max_iter"), 20.0);
  EXPECT_EQ(*lbfgs.param("max_eval"), 25.0);
  EXPECT_EQ(toSpec(lbfgs), "lbfgs:line_search=strong_wolfe,max_iter=20,max_eval=25");
  auto scene = parseScene(R"({"version": 1, "surface": {"name": "rosenbrock"},
      "runs": [{"optimizer": "lbfgs", "params": {"max_iter": 20, "max_eval": 25}}]})");
  ASSERT_TRUE(std::holds_alternative<Scene>(scene)) << std::get<std::string>(scene);
  const std::string json = sceneToJson(std::get<Scene>(scene));
  EXPECT_NE(json.find("\"max_iter\": 20"), std::string::npos) << json;
  EXPECT_NE(json.find("\"max_eval\": 25"), std::string::npos) << json;
  for (const char* refused : {"lbfgs:max_iter=0", "lbfgs:max_iter=1.5", "lbfgs:max_eval=-1"})
    EXPECT_TRUE(std::holds_alternative<std::string>(parseOptimizerSpec(refused))) << refused;
}

}  // namespace
}  // namespace gs::testing
