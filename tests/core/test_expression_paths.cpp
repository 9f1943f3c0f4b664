// Every CPU evaluation path of one formula agrees bit for bit: the value from value(), valueGrad(),
// valueGradHessian(), valueBatch() and valueGradBatch(), and the gradient from the three that give one;
// and the edge cases of issue #6 (min/max with NaN, zero bases, division in the Hessian path) give what
// torch gives.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/expr/expression.hpp"

namespace gs {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::shared_ptr<const Evaluator> compiled(const std::string& text) {
  auto result = Expression::parse(text);
  if (auto* error = std::get_if<FormulaError>(&result)) {
    ADD_FAILURE() << "'" << text << "' rejected: " << toString(*error);
    return nullptr;
  }
  return std::get<Expression>(result).evaluator();
}

// Bit for bit, except that any NaN equals any NaN (the payload is not part of the result).
bool sameBits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

std::string show(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

const std::vector<std::string>& pathCorpus() {
  static const std::vector<std::string> formulas{
      "x/(y/3)",
      "x/y + 3/x - y/7",
      "(x*y - 1)/(x^2 + y^2 + 1e-3)",
      "1/x + 1/(x*y)",
      "x^y",
      "0^y",
      "x^x^2",
      "x^0.5 + y^(1/3)",
      "pow(x^2 + 1, y) + 2^x",
      "(x - 1)^3 * y^-2 - 2**x",
      "max(5, log(x)) + min(log(y), 5)",
      "max(x, y) - min(x, -y) + max(x*y, 1)",
      "min(x, y)^2",
      "sqrt(x^2 + y^2) + sqrt(abs(x))",
      "asin(x/2) + acos(y/2)",
      "sin(x)*cos(y) + tan(x*y/10)",
      "exp(x - y) - log(x^2 + y^2)",
      "tanh(x) + sinh(y/3) - cosh(x/3)",
      "atan(x/(1 + y^2))",
      "(x^2 + y^2)*1e40/1e40",
      "(x^2 + y^2)*1e-46*1e46",
      "(1 - x)^2 + 100*(y - x^2)^2",
      "-2*exp(-((x-1)^2 + (1.4*y)^2)/0.2) - 6*exp(-((x+1)^2 + (1.4*y)^2)/0.2) + x^2 + (1.4*y)^2",
      "x*y/(x - y)",
      "abs(x) * y - abs(y - 1)",
  };
  return formulas;
}

std::vector<Vec2> pathPoints() {
  const std::vector<double> coordinates{0.0, -0.0, 1.0, -1.0, 2.0, -2.5, 0.3, 1e-300, -1e-300, 1e300, 7.25};
  std::vector<Vec2> points;
  for (const double x : coordinates)
    for (const double y : coordinates) points.push_back({x, y});
  return points;
}

TEST(ExpressionPaths, ValueAndGradientAgreeBitForBitOnEveryCpuPath) {
  const std::vector<Vec2> points = pathPoints();
  for (const std::string& formula : pathCorpus()) {
    const auto evaluator = compiled(formula);
    ASSERT_TRUE(evaluator);
    std::vector<double> batchValues(points.size());
    std::vector<ValueGrad> batchGrads(points.size());
    evaluator->valueBatch(points, batchValues);
    evaluator->valueGradBatch(points, batchGrads);
    for (std::size_t i = 0; i < points.size(); ++i) {
      const Vec2 p = points[i];
      const double value = evaluator->value(p);
      const ValueGrad grad = evaluator->valueGrad(p);
      const ValueGradHessian hessian = evaluator->valueGradHessian(p);
      const std::string where = formula + " at (" + show(p.x) + ", " + show(p.y) + ")";
      EXPECT_TRUE(sameBits(grad.value, value))
          << where << ": valueGrad " << show(grad.value) << " vs " << show(value);
      EXPECT_TRUE(sameBits(hessian.value, value))
          << where << ": valueGradHessian " << show(hessian.value) << " vs " << show(value);
      EXPECT_TRUE(sameBits(batchValues[i], value)) << where << ": valueBatch";
      EXPECT_TRUE(sameBits(batchGrads[i].value, value)) << where << ": valueGradBatch";
      for (int axis = 0; axis < 2; ++axis) {
        const double g = axis == 0 ? grad.gradient.x : grad.gradient.y;
        const double h = axis == 0 ? hessian.gradient.x : hessian.gradient.y;
        const double b = axis == 0 ? batchGrads[i].gradient.x : batchGrads[i].gradient.y;
        EXPECT_TRUE(sameBits(h, g)) << where << " axis " << axis << ": Hessian path " << show(h) << " vs "
                                    << show(g);
        EXPECT_TRUE(sameBits(b, g)) << where << " axis " << axis << ": batch " << show(b) << " vs "
                                    << show(g);
      }
    }
  }
}

// Undefined stays undefined: max(5, log(x)) at x = -1 is NaN like max(log(x), 5) (torch.maximum).
TEST(ExpressionPaths, MinAndMaxPropagateNaNInEitherOrder) {
  for (const char* formula : {"max(5, log(x))", "max(log(x), 5)", "min(5, log(x))", "min(log(x), 5)",
                              "max(y, sqrt(x))", "min(sqrt(x), y)"}) {
    const auto evaluator = compiled(formula);
    ASSERT_TRUE(evaluator);
    const Vec2 p{-1.0, 2.0};
    EXPECT_TRUE(std::isnan(evaluator->value(p))) << formula;
    EXPECT_TRUE(std::isnan(evaluator->valueGrad(p).value)) << formula;
    EXPECT_TRUE(std::isnan(evaluator->valueGradHessian(p).value)) << formula;
    std::vector<double> batch(3);
    evaluator->valueBatch(std::vector<Vec2>(3, p), batch);
    EXPECT_TRUE(std::isnan(batch[2])) << formula;
  }
}

// At a tie min and max follow their first argument, in value, gradient and Hessian.
TEST(ExpressionPaths, MinAndMaxAtATieFollowTheFirstArgument) {
  const ValueGradHessian hi = compiled("max(x^2, 2*y)")->valueGradHessian({2, 2});
  EXPECT_EQ(hi.value, 4.0);
  EXPECT_EQ(hi.gradient, (Vec2{4.0, 0.0}));
  EXPECT_EQ(hi.hessian.xx, 2.0);
  const ValueGradHessian lo = compiled("min(2*y, x^2)")->valueGradHessian({2, 2});
  EXPECT_EQ(lo.gradient, (Vec2{0.0, 2.0}));
  EXPECT_EQ(lo.hessian.xx, 0.0);
}

struct ZeroBase {
  const char* formula;
  Vec2 point;
  double value;
  Vec2 gradient;  // what torch.autograd gives
};

// torch's pow backward: d/dx x^y = y x^(y-1) (0 where y = 0), d/dy x^y = x^y log x (0 where x = 0, y >= 0).
TEST(ExpressionPaths, ZeroBaseHasTorchsGradient) {
  const std::vector<ZeroBase> table{
      {"0^y", {0, 1}, 0.0, {0, 0}},   {"x^y", {0, 2}, 0.0, {0, 0}},      {"x^y", {0, 1}, 0.0, {1, 0}},
      {"x^y", {0, 0}, 1.0, {0, 0}},   {"x^y", {0, 0.5}, 0.0, {kInf, 0}}, {"pow(x, y)", {0, 3}, 0.0, {0, 0}},
      {"x^x^2", {0, 0}, 1.0, {0, 0}}, {"(x*y)^y", {0, 2}, 0.0, {0, 0}},
  };
  for (const ZeroBase& row : table) {
    const auto evaluator = compiled(row.formula);
    ASSERT_TRUE(evaluator);
    const ValueGrad g = evaluator->valueGrad(row.point);
    EXPECT_EQ(g.value, row.value) << row.formula;
    EXPECT_EQ(g.gradient, row.gradient)
        << row.formula << ": (" << g.gradient.x << ", " << g.gradient.y << ")";
    const ValueGradHessian h = evaluator->valueGradHessian(row.point);
    EXPECT_EQ(h.gradient, row.gradient) << row.formula;
  }
}

TEST(ExpressionPaths, ZeroBaseHessianIsNotNaN) {
  // x^y at (0, 2): d2/dx2 = y(y-1)x^(y-2) = 2, d2/dxdy = x^(y-1)(1 + y log x) -> 0, d2/dy2 -> 0.
  const ValueGradHessian h = compiled("x^y")->valueGradHessian({0, 2});
  EXPECT_EQ(h.hessian.xx, 2.0);
  EXPECT_EQ(h.hessian.xy, 0.0);
  EXPECT_EQ(h.hessian.yy, 0.0);
  const ValueGradHessian tower = compiled("x^x^2")->valueGradHessian({0, 0});
  EXPECT_EQ(tower.value, 1.0);
  EXPECT_FALSE(std::isnan(tower.hessian.xx) || std::isnan(tower.hessian.xy) || std::isnan(tower.hessian.yy));
}

TEST(ExpressionPaths, HessianPathDividesLikeTheValuePath) {
  const auto evaluator = compiled("x/(y/3)");
  ASSERT_TRUE(evaluator);
  EXPECT_EQ(evaluator->value({1, -1}), -3.0);
  EXPECT_EQ(evaluator->valueGradHessian({1, -1}).value, -3.0);
  const ValueGradHessian tiny = evaluator->valueGradHessian({1e-300, -1e-300});
  EXPECT_TRUE(isFinite(tiny.gradient)) << tiny.gradient.x << ", " << tiny.gradient.y;
  EXPECT_EQ(tiny.gradient, evaluator->valueGrad({1e-300, -1e-300}).gradient);
  // f = 3x/y: f_xx = 0, f_xy = -3/y^2, f_yy = 6x/y^3.
  const ValueGradHessian h = evaluator->valueGradHessian({2, 3});
  EXPECT_NEAR(h.hessian.xx, 0.0, 1e-15);
  EXPECT_NEAR(h.hessian.xy, -3.0 / 9.0, 1e-15);
  EXPECT_NEAR(h.hessian.yy, 12.0 / 27.0, 1e-15);
  const ValueGradHessian c = compiled("3/x")->valueGradHessian({2, 0});
  EXPECT_EQ(c.value, 1.5);
  EXPECT_EQ(c.gradient.x, -0.75);
  EXPECT_EQ(c.hessian.xx, 0.75);  // 6 / x^3
  EXPECT_EQ(compiled("x/3")->valueGradHessian({1, 0}).value, 1.0 / 3.0);
}

TEST(ExpressionPaths, InfiniteSlopeLeavesOtherAxisZero) {
  // d/dy sqrt(x) and asin(x) is 0 even at the edge, where d/dx is infinite.
  EXPECT_EQ(compiled("asin(x) + y")->valueGrad({1, 0}).gradient, (Vec2{kInf, 1.0}));
  EXPECT_EQ(compiled("x^0.5")->valueGrad({0, 3}).gradient, (Vec2{kInf, 0.0}));
  EXPECT_EQ(compiled("sqrt(x^2 + y^2)")->valueGrad({0, 0}).gradient, (Vec2{0.0, 0.0}));
  EXPECT_TRUE(std::isnan(compiled("sqrt(x)")->valueGrad({-1, 0}).value));
}

}  // namespace
}  // namespace gs
