// The optimizer catalog and its parameter tables: names, PyTorch's defaults, setting and reading
// every parameter, refusing bad values, and hyperparameter edits that never touch state.
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <variant>

#include "core/io/spec.hpp"
#include "core/optim/common.hpp"
#include "test_optimizers_support.hpp"

namespace gs::testing {
namespace {

TEST(OptimizerCatalog, NamesInStableOrder) {
  const std::vector<std::string> expected = {
      "sgd",   "momentum", "nesterov", "adagrad", "rmsprop", "adadelta",
      "adam",  "amsgrad",  "adamw",    "adamax",  "nadam",   "radam",
      "lbfgs", "qhm",      "qhadam",   "lion",    "newton",  "newton_saddle_free"};
  EXPECT_EQ(Optimizer::names(), expected);
  for (const std::string& name : expected) {
    const auto optimizer = Optimizer::create(name);
    ASSERT_TRUE(optimizer) << name;
    EXPECT_EQ(optimizer->name(), name);
    EXPECT_FALSE(optimizer->title().empty());
    EXPECT_FALSE(optimizer->convention().empty());
  }
  EXPECT_FALSE(Optimizer::create("adamm"));
  EXPECT_FALSE(Optimizer::create(""));
}

// Defaults from the PyTorch 1.13 documentation (torch.optim.*), the papers for qhm/qhadam/lion, and the
// brief's choices where PyTorch has none (sgd's lr is required in torch).
TEST(OptimizerCatalog, DefaultsFollowPyTorch) {
  const std::map<std::string, std::map<std::string, double>> expected = {
      {"sgd", {{"lr", 0.01}, {"momentum", 0}, {"dampening", 0}, {"nesterov", 0}, {"weight_decay", 0}}},
      {"momentum", {{"momentum", 0.9}, {"nesterov", 0}}},
      {"nesterov", {{"momentum", 0.9}, {"nesterov", 1}}},
      {"adagrad", {{"lr", 1e-2}, {"lr_decay", 0}, {"eps", 1e-10}, {"initial_accumulator_value", 0}}},
      {"rmsprop", {{"lr", 1e-2}, {"alpha", 0.99}, {"eps", 1e-8}, {"momentum", 0}, {"centered", 0}}},
      {"adadelta", {{"lr", 1.0}, {"rho", 0.9}, {"eps", 1e-6}, {"weight_decay", 0}}},
      {"adam",
       {{"lr", 1e-3},
        {"beta1", 0.9},
        {"beta2", 0.999},
        {"eps", 1e-8},
        {"amsgrad", 0},
        {"bias_correction", 1}}},
      {"amsgrad", {{"amsgrad", 1}}},
      {"adamw", {{"lr", 1e-3}, {"weight_decay", 1e-2}, {"amsgrad", 0}}},
      {"adamax", {{"lr", 2e-3}, {"beta1", 0.9}, {"beta2", 0.999}, {"eps", 1e-8}}},
      {"nadam", {{"lr", 2e-3}, {"momentum_decay", 4e-3}, {"eps", 1e-8}}},
      {"radam", {{"lr", 1e-3}, {"beta1", 0.9}, {"beta2", 0.999}}},
      {"lbfgs",
       {{"lr", 1},
        {"history_size", 100},
        {"line_search", 0},
        {"tolerance_grad", 1e-7},
        {"tolerance_change", 1e-9}}},
      {"qhm", {{"momentum", 0.999}, {"nu", 0.7}}},
      {"qhadam", {{"lr", 1e-3}, {"nu1", 0.7}, {"nu2", 1.0}}},
      {"lion", {{"lr", 1e-4}, {"beta1", 0.9}, {"beta2", 0.99}, {"weight_decay", 0}}},
      {"newton", {{"lr", 1}, {"mode", 0}, {"damping", 0}}},
      {"newton_saddle_free", {{"mode", 1}}},
  };
  for (const auto& [name, params] : expected) {
    const Optimizer optimizer = makeOptimizer(name);
    for (const auto& [key, value] : params) {
      ASSERT_TRUE(optimizer.param(key).has_value()) << name << " " << key;
      EXPECT_EQ(*optimizer.param(key), value) << name << " " << key;
    }
    for (std::size_t i = 0; i < optimizer.params().size(); ++i) {
      EXPECT_EQ(optimizer.param(i), optimizer.params()[i].defaultValue)
          << name << " " << optimizer.params()[i].name;
    }
  }
}

TEST(OptimizerParams, EveryTableIsComplete) {
  for (const std::string& name : Optimizer::names()) {
    const Optimizer optimizer = makeOptimizer(name);
    for (const ParamInfo& info : optimizer.params()) {
      SCOPED_TRACE(name + " " + info.name);
      EXPECT_FALSE(info.tooltip.empty());
      EXPECT_LT(info.min, info.max);
      EXPECT_GE(info.defaultValue, info.min);
      EXPECT_LE(info.defaultValue, info.max);
      if (info.name == "lr" || info.name == "eps") {
        EXPECT_TRUE(info.logScale);
      }
      if (info.logScale) {
        EXPECT_GT(info.min, 0.0);
      }
      if (info.type == ParamType::Choice) {
        EXPECT_EQ(info.choices.size(), static_cast<std::size_t>(info.max) + 1);
      }
    }
  }
}

TEST(OptimizerParams, EveryParamCanBeSetAndReadBack) {
  for (const std::string& name : Optimizer::names()) {
    Optimizer optimizer = makeOptimizer(name);
    for (std::size_t i = 0; i < optimizer.params().size(); ++i) {
      const ParamInfo info = optimizer.params()[i];
      SCOPED_TRACE(name + " " + info.name);
      const double middle = info.type == ParamType::Real ? 0.5 * (info.min + info.max) : std::floor(info.max);
      for (double value : {info.min, info.max, middle}) {
        EXPECT_TRUE(optimizer.setParam(info.name, value));
        EXPECT_EQ(optimizer.param(info.name), value);
        EXPECT_EQ(optimizer.param(i), value);
      }
      EXPECT_TRUE(optimizer.setParam(i, info.defaultValue));
      EXPECT_EQ(optimizer.param(i), info.defaultValue);
    }
  }
}

TEST(OptimizerParams, RefusesBadValuesAndUnknownNames) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (const std::string& name : Optimizer::names()) {
    Optimizer optimizer = makeOptimizer(name);
    const std::vector<double> before = optimizer.paramValues();
    for (std::size_t i = 0; i < optimizer.params().size(); ++i) {
      const ParamInfo info = optimizer.params()[i];
      SCOPED_TRACE(name + " " + info.name);
      const double span = info.max - info.min;
      for (double bad : {info.min - 0.01 * span - 1e-300, info.max + 0.01 * span, nan, inf, -inf}) {
        EXPECT_FALSE(optimizer.setParam(info.name, bad)) << bad;
        EXPECT_FALSE(optimizer.setParam(i, bad)) << bad;
      }
      if (info.type != ParamType::Real) {
        EXPECT_FALSE(optimizer.setParam(info.name, info.min + 0.5));
      }
    }
    EXPECT_FALSE(optimizer.setParam("no_such_param", 0.1));
    EXPECT_FALSE(optimizer.setParam(optimizer.params().size(), 0.1));
    EXPECT_FALSE(optimizer.param("no_such_param").has_value());
    EXPECT_EQ(optimizer.paramValues(), before) << name << ": a refused value changed something";
  }
}

TEST(OptimizerParams, ParamValuesRoundTrip) {
  Optimizer source = makeOptimizer("adam", {{"lr", 0.05}, {"beta1", 0.5}, {"amsgrad", 1.0}});
  Optimizer target = makeOptimizer("adam");
  target.setParamValues(source.paramValues());
  EXPECT_EQ(target.paramValues(), source.paramValues());
}

// Changing lr (or a beta) between steps must keep m, v and t: the next step uses them as they are.
TEST(OptimizerState, ChangingHyperparametersKeepsState) {
  const Quadratic bowl(1.0, 10.0, 2.0);
  for (const std::string& name : Optimizer::names()) {
    SCOPED_TRACE(name);
    Optimizer original = makeOptimizer(name);
    Oracle oracle(bowl);
    Vec2 x{1.0, 0.5};
    for (int i = 0; i < 3; ++i) x = original.step(x, oracle);
    Optimizer edited = original;
    const double lr = *edited.param("lr");
    ASSERT_TRUE(edited.setParam("lr", lr * 0.5));
    if (edited.param("beta1")) {
      ASSERT_TRUE(edited.setParam("beta1", 0.5));
    }
    const auto stateBefore = original.state();
    const auto stateAfter = edited.state();
    ASSERT_EQ(stateAfter.size(), stateBefore.size());
    for (std::size_t i = 0; i < stateBefore.size(); ++i) {
      EXPECT_EQ(stateAfter[i].name, stateBefore[i].name);
      EXPECT_EQ(stateAfter[i].value, stateBefore[i].value) << stateBefore[i].name;
    }
    EXPECT_EQ(edited.stepCount(), 3);
  }
}

TEST(OptimizerState, LowerLrMidRunScalesOnlyTheStep) {
  const Quadratic bowl(1.0, 10.0, 2.0);
  Optimizer adam = makeOptimizer("adam", {{"lr", 0.1}});
  Oracle oracle(bowl);
  Vec2 x{1.0, 0.5};
  for (int i = 0; i < 4; ++i) x = adam.step(x, oracle);
  Optimizer slower = adam;
  ASSERT_TRUE(slower.setParam("lr", 0.05));
  adam.step(x, oracle);
  slower.step(x, oracle);
  // Same gradient at the same x, so the same m and v; lr enters only the move, which halves.
  EXPECT_EQ(*slower.terms().firstMoment, *adam.terms().firstMoment);
  EXPECT_EQ(*slower.terms().secondMoment, *adam.terms().secondMoment);
  EXPECT_EQ(slower.terms().step, 5);
  EXPECT_NEAR(slower.terms().delta.x, 0.5 * adam.terms().delta.x, 1e-15);
  EXPECT_NEAR(slower.terms().delta.y, 0.5 * adam.terms().delta.y, 1e-15);
}

// A changed beta applies with the stored t: 1 - beta^t with the new beta, never a stale cached power.
TEST(OptimizerState, ChangedBetaUsesStoredStepCount) {
  const Quadratic bowl(1.0, 10.0);
  Optimizer adam = makeOptimizer("adam");
  Oracle oracle(bowl);
  Vec2 x{1.0, 1.0};
  for (int i = 0; i < 3; ++i) x = adam.step(x, oracle);
  ASSERT_TRUE(adam.setParam("beta1", 0.5));
  ASSERT_TRUE(adam.setParam("beta2", 0.9));
  adam.step(x, oracle);
  EXPECT_EQ(adam.terms().step, 4);
  EXPECT_DOUBLE_EQ(*adam.terms().biasCorrection1, 1 - 0.5 * 0.5 * 0.5 * 0.5);
  EXPECT_DOUBLE_EQ(*adam.terms().biasCorrection2, 1 - 0.9 * 0.9 * 0.9 * 0.9);
}

TEST(OptimizerState, ResetStateStartsOver) {
  const Quadratic bowl(1.0, 10.0);
  Optimizer fresh = makeOptimizer("nadam", {{"lr", 0.1}});
  Optimizer used = fresh;
  Oracle oracle(bowl);
  used.step({1.0, 1.0}, oracle);
  used.step({0.5, 0.2}, oracle);
  used.resetState();
  EXPECT_EQ(used.stepCount(), 0);
  EXPECT_EQ(used.step({1.0, 1.0}, oracle), fresh.step({1.0, 1.0}, oracle));
}

TEST(OptimizerState, CopiesAreIndependent) {
  const Quadratic bowl(1.0, 10.0);
  Optimizer a = makeOptimizer("momentum", {{"lr", 0.1}});
  Oracle oracle(bowl);
  a.step({1.0, 1.0}, oracle);
  Optimizer b = a;
  b.step({0.3, 0.3}, oracle);
  EXPECT_EQ(a.stepCount(), 1);
  EXPECT_EQ(b.stepCount(), 2);
  EXPECT_EQ(a.state()[0].value, (Vec2{1.0, 10.0}));
}

TEST(OptimizerState, StateUsesTorchNames) {
  const Quadratic bowl(1.0, 10.0);
  const std::map<std::string, std::vector<std::string>> expected = {
      {"momentum", {"momentum_buffer"}},    {"adagrad", {"sum"}},
      {"rmsprop", {"square_avg"}},          {"adadelta", {"square_avg", "acc_delta"}},
      {"adam", {"exp_avg", "exp_avg_sq"}},  {"amsgrad", {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}},
      {"adamax", {"exp_avg", "exp_inf"}},   {"nadam", {"exp_avg", "exp_avg_sq", "mu_product"}},
      {"radam", {"exp_avg", "exp_avg_sq"}}, {"lion", {"exp_avg"}},
  };
  for (const auto& [name, names] : expected) {
    Optimizer optimizer = makeOptimizer(name);
    Oracle oracle(bowl);
    optimizer.step({1.0, 1.0}, oracle);
    std::vector<std::string> actual;
    for (const NamedVec& entry : optimizer.state()) actual.push_back(entry.name);
    EXPECT_EQ(actual, names) << name;
  }
}

// Every optimizer fills the terms every step: the point, f, the gradient, lr, the move, and the
// per-coordinate learning rate.
TEST(OptimizerTerms, FilledOnEveryStep) {
  const Quadratic bowl(1.0, 10.0, 2.0);
  for (const std::string& name : Optimizer::names()) {
    SCOPED_TRACE(name);
    Optimizer optimizer = makeOptimizer(name);
    Oracle oracle(bowl);
    Vec2 x{1.0, 0.5};
    for (int i = 1; i <= 3; ++i) {
      const Vec2 next = optimizer.step(x, oracle, 0.5);
      const Terms& terms = optimizer.terms();
      EXPECT_EQ(terms.step, i);
      EXPECT_EQ(terms.point, x);
      EXPECT_EQ(terms.value, bowl.value(x));
      EXPECT_EQ(terms.gradient, bowl.valueGrad(x).gradient);
      EXPECT_EQ(terms.learningRate, 0.5 * *optimizer.param("lr"));
      EXPECT_EQ(terms.delta, next - x);
      EXPECT_TRUE(terms.direction.has_value());
      EXPECT_TRUE(terms.effectiveLearningRate.has_value());
      x = next;
    }
  }
}

}  // namespace
}  // namespace gs::testing

namespace gs::testing {
namespace {

// Terms are per step: a term the new settings do not produce must not linger from an earlier step.
TEST(OptimizerTerms, NoStaleTermsAfterAParamChange) {
  const Quadratic bowl(1.0, 10.0);
  Optimizer optimizer = makeOptimizer("nesterov", {{"lr", 0.01}});
  Oracle oracle(bowl);
  const Vec2 x = optimizer.step({1.0, 1.0}, oracle);
  ASSERT_TRUE(optimizer.terms().firstMoment && optimizer.terms().lookahead);
  ASSERT_TRUE(optimizer.setParam("momentum", 0.0));
  optimizer.step(x, oracle);
  EXPECT_FALSE(optimizer.terms().firstMoment.has_value());
  EXPECT_FALSE(optimizer.terms().lookahead.has_value());
}

// The display-only terms (bias-corrected moments, the effective learning rate) are recorded by the update
// as it runs. They must describe the step as it was taken: the same values whether read at once or after
// the hyperparameters were edited, and Adam's follow its rule.
TEST(OptimizerTerms, DerivedTermsDescribeTheStepAsTaken) {
  const Quadratic bowl(1.0, 10.0, 2.0);
  for (const char* name :
       {"adagrad", "rmsprop", "adam", "amsgrad", "adamw", "adamax", "nadam", "radam", "qhadam"}) {
    SCOPED_TRACE(name);
    Optimizer readAtOnce = makeOptimizer(name, {{"lr", 0.05}});
    Oracle oracle(bowl);
    Vec2 x{1.0, 0.5};
    for (int i = 0; i < 7; ++i) x = readAtOnce.step(x, oracle);  // RAdam rectifies from step 6
    Optimizer readLater = readAtOnce;
    readAtOnce.step(x, oracle);
    const Terms expected = readAtOnce.terms();
    readLater.step(x, oracle);
    for (const char* param : {"lr", "eps", "beta1", "beta2", "amsgrad", "alpha"}) {
      const auto value = readLater.param(param);
      if (value) readLater.setParam(param, *value == 0.0 ? 1.0 : *value * 0.5);
    }
    const Terms& got = readLater.terms();
    EXPECT_EQ(got.firstMomentHat, expected.firstMomentHat);
    EXPECT_EQ(got.secondMomentHat, expected.secondMomentHat);
    EXPECT_EQ(got.direction, expected.direction);
    EXPECT_EQ(got.effectiveLearningRate, expected.effectiveLearningRate);
    EXPECT_EQ(got.denominator, expected.denominator);
    EXPECT_TRUE(expected.effectiveLearningRate.has_value());
  }
}

TEST(OptimizerTerms, AdamsDerivedTermsFollowItsRule) {
  const Quadratic bowl(1.0, 10.0, 2.0);
  Optimizer adam = makeOptimizer("adam", {{"lr", 0.05}, {"eps", 1e-3}});
  Oracle oracle(bowl);
  Vec2 x{1.0, 0.5};
  for (int i = 0; i < 3; ++i) x = adam.step(x, oracle);
  const Terms& terms = adam.terms();
  const double bc1 = 1.0 - std::pow(0.9, 3.0), bc2 = 1.0 - std::pow(0.999, 3.0);
  const Vec2 m = *terms.firstMoment, v = *terms.secondMoment;
  EXPECT_NEAR(*terms.biasCorrection1, bc1, 1e-15);
  EXPECT_EQ(*terms.firstMomentHat, m / *terms.biasCorrection1);
  EXPECT_EQ(*terms.secondMomentHat, v / *terms.biasCorrection2);
  EXPECT_EQ(*terms.direction, *terms.firstMomentHat);
  for (const auto& [vi, denom, rate] :
       {std::tuple{v.x, terms.denominator->x, terms.effectiveLearningRate->x},
        std::tuple{v.y, terms.denominator->y, terms.effectiveLearningRate->y}}) {
    EXPECT_NEAR(denom, std::sqrt(vi / bc2) + 1e-3, 1e-12);
    EXPECT_EQ(rate, 0.05 / denom);
  }
  adam.resetState();
  EXPECT_FALSE(adam.terms().firstMomentHat.has_value());  // nothing derived from a step that is gone
}

// NAdam's mu_product sinks below the normal range after about a thousand steps; as in torch (a Python
// float) it then sticks at the smallest subnormal, 5e-324 * mu rounding back to 5e-324.
TEST(OptimizerState, NadamMuProductSticksAtTheSmallestSubnormalAsInTorch) {
  const Quadratic bowl(1.0, 10.0);
  Optimizer nadam = makeOptimizer("nadam");
  Oracle oracle(bowl);
  Vec2 x{1.0, 1.0};
  double previous = 1.0;
  for (int i = 0; i < 3000; ++i) {
    x = nadam.step(x, oracle);
    const double product = nadam.state().back().value.x;
    ASSERT_GT(product, 0.0) << "step " << i + 1;
    ASSERT_LE(product, previous) << "step " << i + 1;
    previous = product;
  }
  EXPECT_EQ(previous, std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(nadam.state().back().name, "mu_product");
}

// torch.optim.SGD refuses Nesterov momentum without momentum or with dampening; so do specs (and with
// them `gradscape trace`) and scenes, in torch's words.
TEST(OptimizerSettings, NesterovNeedsMomentumAndNoDampening) {
  const std::string message = "Nesterov momentum requires a momentum and zero dampening";
  EXPECT_EQ(makeOptimizer("nesterov").settingsError(), std::nullopt);
  EXPECT_EQ(makeOptimizer("sgd", {{"nesterov", 1.0}}).settingsError(), message);
  EXPECT_EQ(makeOptimizer("nesterov", {{"dampening", 0.1}}).settingsError(), message);
  EXPECT_EQ(makeOptimizer("momentum", {{"dampening", 0.1}}).settingsError(), std::nullopt);
  for (const char* spec : {"sgd:nesterov=true", "nesterov:dampening=0.5", "nesterov:momentum=0"}) {
    const auto parsed = parseOptimizerSpec(spec);
    ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << spec;
    EXPECT_NE(std::get<std::string>(parsed).find(message), std::string::npos)
        << std::get<std::string>(parsed);
  }
  EXPECT_TRUE(std::holds_alternative<Optimizer>(parseOptimizerSpec("sgd:momentum=0.5,nesterov=true")));
}

// AMSGrad's and Adamax's running maxima are torch.maximum: a NaN in either argument propagates.
TEST(OptimizerArithmetic, MaximumPropagatesNanAsTorchDoes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(optim::maximum(2.0, 1.0), 2.0);
  EXPECT_EQ(optim::maximum(1.0, 2.0), 2.0);
  EXPECT_TRUE(std::isnan(optim::maximum(nan, 1.0)));
  EXPECT_TRUE(std::isnan(optim::maximum(1.0, nan)));
  const optim::V2<double> both = optim::maximum(optim::V2<double>{1.0, nan}, optim::V2<double>{3.0, 0.5});
  EXPECT_EQ(both.x, 3.0);
  EXPECT_TRUE(std::isnan(both.y));
}

}  // namespace
}  // namespace gs::testing
