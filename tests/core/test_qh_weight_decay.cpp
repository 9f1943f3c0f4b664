// QHM's and QHAdam's weight decay against qhoptim's rule (facebookresearch/qhoptim, qhoptim/pyt/qhm.py and
// qhadam.py), written here from its step() as an independent reference: the decay first (into the
// gradient, or x *= 1 - lr * weight_decay for QHM's weight_decay_type "direct" and QHAdam's
// decouple_weight_decay), then the update with that gradient. QHAdam's reference normalises with qhoptim's
// running beta weights w_t = 1 + beta w_{t-1} (gradscape's bias correction is the same number up to
// rounding, hence 1e-13 there); QHM's arithmetic is qhoptim's operation for operation, so it is exact.
#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include "core/io/spec.hpp"
#include "test_optimizers_support.hpp"

namespace gs::testing {
namespace {

constexpr int kSteps = 6;
constexpr double kLr = 0.05, kWeightDecay = 0.3;

std::vector<Vec2> qhoptimQhm(const Evaluator& f, Vec2 x, bool direct) {
  const double momentum = 0.999, nu = 0.7;  // gradscape's defaults
  Vec2 buffer{0.0, 0.0};
  std::vector<Vec2> points;
  for (int step = 0; step < kSteps; ++step) {
    Vec2 g = f.valueGrad(x).gradient;
    if (direct) {
      x = x * (1.0 - kLr * kWeightDecay);  // p.data.mul_(1.0 - lr * weight_decay)
    } else {
      g = g + kWeightDecay * x;  // d_p.add_(weight_decay, p.data)
    }
    buffer = momentum * buffer + (1.0 - momentum) * g;
    x = x + (-kLr * nu) * buffer;
    x = x + (-kLr * (1.0 - nu)) * g;
    points.push_back(x);
  }
  return points;
}

std::vector<Vec2> qhoptimQhAdam(const Evaluator& f, Vec2 x, bool decoupled) {
  const double beta1 = 0.9, beta2 = 0.999, nu1 = 0.7, nu2 = 1.0, eps = 1e-8;  // gradscape's defaults
  double weight1 = 0.0, weight2 = 0.0;
  Vec2 m{0.0, 0.0}, v{0.0, 0.0};
  std::vector<Vec2> points;
  for (int step = 0; step < kSteps; ++step) {
    Vec2 g = f.valueGrad(x).gradient;
    if (decoupled) {
      x = x * (1.0 - kLr * kWeightDecay);
    } else {
      g = g + kWeightDecay * x;
    }
    const Vec2 g2{g.x * g.x, g.y * g.y};
    weight1 = 1.0 + beta1 * weight1;
    weight2 = 1.0 + beta2 * weight2;
    const double adjusted1 = 1.0 - 1.0 / weight1, adjusted2 = 1.0 - 1.0 / weight2;
    m = adjusted1 * m + (1.0 - adjusted1) * g;
    v = adjusted2 * v + (1.0 - adjusted2) * g2;
    const Vec2 average = nu1 * m + (1.0 - nu1) * g;
    const Vec2 rms = nu2 * v + (1.0 - nu2) * g2;
    x = x - kLr * Vec2{average.x / (std::sqrt(rms.x) + eps), average.y / (std::sqrt(rms.y) + eps)};
    points.push_back(x);
  }
  return points;
}

struct DecayCase {
  std::string spec;
  bool qhadam;
  bool decoupled;  // QHM "direct" / QHAdam decouple_weight_decay
};

class QhWeightDecay : public ::testing::TestWithParam<DecayCase> {};

TEST_P(QhWeightDecay, FollowsQhoptim) {
  const DecayCase& c = GetParam();
  auto parsed = parseOptimizerSpec(c.spec);
  ASSERT_TRUE(std::holds_alternative<Optimizer>(parsed)) << std::get<std::string>(parsed);
  const Quadratic quadratic(1.0, 10.0, 2.0);
  const Rosenbrock rosenbrock;
  for (const Evaluator* surface :
       {static_cast<const Evaluator*>(&quadratic), static_cast<const Evaluator*>(&rosenbrock)}) {
    const Vec2 start = surface == &quadratic ? Vec2{1.0, 1.0} : Vec2{-1.5, 2.0};
    const std::vector<Vec2> expected =
        c.qhadam ? qhoptimQhAdam(*surface, start, c.decoupled) : qhoptimQhm(*surface, start, c.decoupled);
    Optimizer optimizer = std::get<Optimizer>(parsed);
    Oracle oracle(*surface);
    Vec2 x = start;
    const double tolerance = c.qhadam ? 1e-13 : 0.0;
    for (int step = 0; step < kSteps; ++step) {
      x = optimizer.step(x, oracle);
      const Vec2 want = expected[static_cast<std::size_t>(step)];
      EXPECT_NEAR(x.x, want.x, tolerance * std::fabs(want.x)) << "step " << step + 1;
      EXPECT_NEAR(x.y, want.y, tolerance * std::fabs(want.y)) << "step " << step + 1;
      // The explainer's terms show the decay where it acted, as the numbers it added.
      const Terms& terms = optimizer.terms();
      ASSERT_EQ(terms.decayStep.has_value(), c.decoupled);
      ASSERT_EQ(terms.regularizedGradient.has_value(), !c.decoupled);
      if (c.decoupled) {
        EXPECT_EQ(*terms.decayStep, terms.point * (1.0 - kLr * kWeightDecay) - terms.point);
      } else {
        EXPECT_EQ(*terms.regularizedGradient, terms.gradient + kWeightDecay * terms.point);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Qhoptim, QhWeightDecay,
    ::testing::Values(DecayCase{"qhm:lr=0.05,weight_decay=0.3", false, false},
                      DecayCase{"qhm:lr=0.05,weight_decay=0.3,weight_decay_type=direct", false, true},
                      DecayCase{"qhadam:lr=0.05,weight_decay=0.3", true, false},
                      DecayCase{"qhadam:lr=0.05,weight_decay=0.3,decouple_weight_decay=true", true, true}));

// qhoptim's default is no decay: the defaults leave the update as it was.
TEST(QhWeightDecayDefaults, ZeroAndInTheGradient) {
  for (const char* name : {"qhm", "qhadam"}) {
    const Optimizer optimizer = *Optimizer::create(name);
    EXPECT_EQ(*optimizer.param("weight_decay"), 0.0) << name;
  }
  EXPECT_EQ(*Optimizer::create("qhm")->param("weight_decay_type"), 0.0);  // "grad"
  EXPECT_EQ(*Optimizer::create("qhadam")->param("decouple_weight_decay"), 0.0);
}

}  // namespace
}  // namespace gs::testing
