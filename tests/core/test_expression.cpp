// The formula language: what it accepts (values checked against hand-derived numbers and std:: math),
// what it rejects (message and column), nesting limits, batch evaluation, and the GLSL printer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "core/expr/expression.hpp"
#include "finite_difference.hpp"

namespace gs {
namespace {

Expression parseOrDie(std::string_view text) {
  auto result = Expression::parse(text);
  if (auto* error = std::get_if<FormulaError>(&result)) {
    ADD_FAILURE() << "'" << text << "' rejected: " << toString(*error);
    return std::get<Expression>(Expression::parse("0"));
  }
  return std::get<Expression>(std::move(result));
}

struct Accepted {
  const char* formula;
  double x, y;
  double expected;  // worked out by hand
};

TEST(Expression, AcceptsAndEvaluates) {
  const double nan = std::nan("");
  const std::vector<Accepted> table{
      {"1e-3", 0, 0, 0.001},
      {"1.5e+2 + .5 + 2.", 0, 0, 152.5},
      {"2^3^2", 0, 0, 512.0},
      {"2**3**2", 0, 0, 512.0},
      {"2**3", 0, 0, 8.0},
      {"-2^2", 0, 0, -4.0},
      {"(-2)^2", 0, 0, 4.0},
      {"(-2)^3", 0, 0, -8.0},
      {"x^3", -2, 0, -8.0},
      {"x^-2", -2, 0, 0.25},
      {"2^-1", 0, 0, 0.5},
      {"-x^2", 3, 0, -9.0},
      {"--x", 3, 0, 3.0},
      {"+x - -y", 1, 2, 3.0},
      {"2*-3", 0, 0, -6.0},
      {"1 - 2 - 3", 0, 0, -4.0},
      {"8 / 4 / 2", 0, 0, 1.0},
      {"1 + 2 * 3", 0, 0, 7.0},
      {"(1 + 2) * 3", 0, 0, 9.0},
      {"2 * 3 ^ 2", 0, 0, 18.0},
      {"  x*y  ", 2, 5, 10.0},
      {"pi", 0, 0, std::numbers::pi},
      {"e", 0, 0, std::numbers::e},
      {"e^x", 1, 0, std::numbers::e},
      {"min(x, y) + max(x, y)", 4, -1, 3.0},
      {"min(2, 2)", 0, 0, 2.0},
      {"pow(2, 10)", 0, 0, 1024.0},
      {"pow(x, y)", -2, 3, -8.0},
      {"abs(x) + abs(-y)", -1.5, 2, 3.5},
      {"sqrt(16) + log(e^2) + exp(0)", 0, 0, 7.0},
      {"sin(pi/2) + cos(0) + tan(0)", 0, 0, 2.0},
      {"atan(1)*4", 0, 0, std::numbers::pi},
      {"asin(1) + acos(1)", 0, 0, std::numbers::pi / 2},
      {"sinh(0) + cosh(0) + tanh(0)", 0, 0, 1.0},
      {"(-8)^(1/3)", 0, 0, nan},  // std::pow semantics: no real cube root of a negative base
      {"log(-1)", 0, 0, nan},
  };
  for (const Accepted& row : table) {
    const Expression expression = parseOrDie(row.formula);
    const double value = expression.evaluator()->value({row.x, row.y});
    if (std::isnan(row.expected)) {
      EXPECT_TRUE(std::isnan(value)) << row.formula << " gave " << value;
    } else {
      EXPECT_NEAR(value, row.expected, 1e-12 * (1.0 + std::fabs(row.expected))) << row.formula;
    }
  }
}

struct Rejected {
  const char* formula;
  const char* message;  // a substring of the error message
  int column;
};

TEST(Expression, RejectsWithMessageAndColumn) {
  const std::vector<Rejected> table{
      {"", "empty formula", 1},
      {"   ", "empty formula", 1},
      {"sinn(x)", "unknown function 'sinn'", 1},
      {"x + sinn(x)", "unknown function 'sinn'", 5},
      {"z + 1", "unknown variable 'z'", 1},
      {"2*X", "unknown variable 'X'", 3},
      {"(1 + 2", "expected ')'", 7},
      {"((x)", "expected ')'", 5},
      {"sin(x", "expected ')'", 6},
      {"1 +", "unexpected end of formula", 4},
      {"2^", "unexpected end of formula", 3},
      {"-", "unexpected end of formula", 2},
      {"1 + * 2", "unexpected '*'", 5},
      {"x)", "unexpected ')'", 2},
      {"()", "unexpected ')'", 2},
      {"1 2", "unexpected '2'", 3},
      {"2x", "unexpected 'x'", 2},
      {"2 $ 3", "unexpected '$'", 3},
      {"x(2)", "unexpected '('", 2},
      {"max(1)", "wrong number of arguments: 'max' takes 2 arguments, got 1", 1},
      {"sin(1, 2)", "wrong number of arguments: 'sin' takes 1 argument, got 2", 1},
      {"1 + pow()", "wrong number of arguments", 5},
      {"sin x", "expected '(' after function 'sin'", 5},
      {"1e999", "number out of range", 1},
      {"1,2", "unexpected ','", 2},
      {"x\xc3\xa9", "unexpected byte 0xc3", 2},
  };
  for (const Rejected& row : table) {
    auto result = Expression::parse(row.formula);
    ASSERT_TRUE(std::holds_alternative<FormulaError>(result)) << "accepted: '" << row.formula << "'";
    const FormulaError& error = std::get<FormulaError>(result);
    EXPECT_NE(error.message.find(row.message), std::string::npos)
        << "'" << row.formula << "': got '" << error.message << "'";
    EXPECT_EQ(error.column, row.column) << "'" << row.formula << "': " << error.message;
  }
}

TEST(Expression, ErrorToStringNamesTheColumn) {
  EXPECT_EQ(toString(FormulaError{"unknown function 'sinn'", 1}), "unknown function 'sinn' at column 1");
  EXPECT_EQ(toString(FormulaError{"bad domain", 0}), "bad domain");
}

std::string nested(int depth, const std::string& open, const std::string& inner, const std::string& close) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  text += inner;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

TEST(Expression, NestingUpToTheLimitIsAccepted) {
  const Expression parens = parseOrDie(nested(kMaxFormulaDepth, "(", "x", ")"));
  EXPECT_EQ(parens.evaluator()->value({1.5, 0}), 1.5);
  const Expression calls = parseOrDie(nested(kMaxFormulaDepth, "abs(", "x", ")"));
  EXPECT_EQ(calls.evaluator()->value({-1.5, 0}), 1.5);
}

TEST(Expression, NestingBeyondTheLimitIsAnErrorNotACrash) {
  const std::vector<std::string> deep{
      nested(kMaxFormulaDepth + 1, "(", "x", ")"),
      nested(100000, "(", "x", ")"),
      nested(100000, "(", "", ""),
      nested(100000, "-", "x", ""),
      nested(100000, "sin(", "x", ")"),
      nested(100000, "2^", "x", ""),
      nested(100000, "max(1,", "x", ")"),
  };
  for (const std::string& text : deep) {
    auto result = Expression::parse(text);
    ASSERT_TRUE(std::holds_alternative<FormulaError>(result)) << text.substr(0, 20);
    EXPECT_NE(std::get<FormulaError>(result).message.find("nested deeper than 256"), std::string::npos);
  }
}

TEST(Expression, LongFlatFormulasWork) {
  // 100000 terms: no recursion proportional to length in parsing, compiling, evaluating or printing.
  std::string text = "x";
  for (int i = 1; i < 100000; ++i) text += "+x";
  const Expression sum = parseOrDie(text);
  const ValueGrad f = sum.evaluator()->valueGrad({0.5, 7});
  EXPECT_DOUBLE_EQ(f.value, 50000.0);
  EXPECT_DOUBLE_EQ(f.gradient.x, 100000.0);
  EXPECT_EQ(f.gradient.y, 0.0);
  // Too long for the GPU's compiler: no GLSL, and a reason that says so.
  std::string problem;
  EXPECT_FALSE(sum.toGlsl(&problem));
  EXPECT_NE(problem.find("199999 operations, more than the GPU heatmap's 512"), std::string::npos) << problem;
}

// Custom formulas against independent C++ for the value, and against finite differences for the
// gradient and Hessian: together they cover every function and operator.
struct FormulaCase {
  const char* formula;
  std::function<double(double, double)> reference;
  Domain domain;  // where it is smooth and defined
};

std::vector<FormulaCase> formulaCases() {
  return {
      {"sin(x)*cos(y)", [](double x, double y) { return std::sin(x) * std::cos(y); }, {-3, 3, -3, 3}},
      {"tan(0.3*x + 0.2*y)", [](double x, double y) { return std::tan(0.3 * x + 0.2 * y); }, {-2, 2, -2, 2}},
      {"exp(0.5*x - y)", [](double x, double y) { return std::exp(0.5 * x - y); }, {-2, 2, -2, 2}},
      {"log(x^2 + y^2 + 1)", [](double x, double y) { return std::log(x * x + y * y + 1); }, {-3, 3, -3, 3}},
      {"sqrt(x^2 + 2*y^2 + 0.5)",
       [](double x, double y) { return std::sqrt(x * x + 2 * y * y + 0.5); },
       {-3, 3, -3, 3}},
      // Kinks kept outside the domain, one branch of each: abs(x - 3) < 0 side, abs(y) > 0 side.
      {"abs(x - 3) * y + abs(y)",
       [](double x, double y) { return std::fabs(x - 3) * y + std::fabs(y); },
       {-2, 2, 0.2, 2}},
      {"tanh(x*y)", [](double x, double y) { return std::tanh(x * y); }, {-2, 2, -2, 2}},
      {"sinh(x) - cosh(y)", [](double x, double y) { return std::sinh(x) - std::cosh(y); }, {-2, 2, -2, 2}},
      {"atan(x/(1 + y^2))", [](double x, double y) { return std::atan(x / (1 + y * y)); }, {-3, 3, -3, 3}},
      {"asin(0.3*x) * acos(0.3*y)",
       [](double x, double y) { return std::asin(0.3 * x) * std::acos(0.3 * y); },
       {-3, 3, -3, 3}},
      // min takes its second argument and max its first everywhere in the domain.
      {"min(x, y - 5)^2 + max(x*y, y - 10)",
       [](double x, double y) { return std::pow(std::min(x, y - 5), 2) + std::max(x * y, y - 10); },
       {-2, 2, -2, 2}},
      {"pow(x, 3) + pow(2, y) + pow(x^2 + 1, y)",
       [](double x, double y) { return std::pow(x, 3) + std::pow(2, y) + std::pow(x * x + 1, y); },
       {-2, 2, -2, 2}},
      {"(x - 1)^3 * y^-2 - 2**x",
       [](double x, double y) { return std::pow(x - 1, 3) / (y * y) - std::pow(2, x); },
       {-2, 2, 0.5, 2}},
      {"-x^2 - -y/(x^2 + 1)", [](double x, double y) { return -(x * x) + y / (x * x + 1); }, {-2, 2, -2, 2}},
      {"e^(x*y/4) + pi*x",
       [](double x, double y) { return std::exp(x * y / 4) + std::numbers::pi * x; },
       {-2, 2, -2, 2}},
      {"x^y", [](double x, double y) { return std::pow(x, y); }, {0.5, 3, -2, 2}},
  };
}

TEST(Expression, ValuesMatchIndependentCpp) {
  for (const FormulaCase& c : formulaCases()) {
    const auto evaluator = parseOrDie(c.formula).evaluator();
    for (Vec2 p : samplePoints(c.domain, 16)) {
      const double expected = c.reference(p.x, p.y);
      EXPECT_NEAR(evaluator->value(p), expected, 1e-12 * (1 + std::fabs(expected))) << c.formula;
    }
  }
}

TEST(Expression, DerivativesMatchFiniteDifferences) {
  for (const FormulaCase& c : formulaCases()) {
    const auto evaluator = parseOrDie(c.formula).evaluator();
    for (Vec2 p : samplePoints(c.domain, 8)) expectDerivativesMatch(*evaluator, p, c.formula);
  }
}

TEST(Expression, NegativeBaseIntegerPowerHasFiniteDerivatives) {
  const auto evaluator = parseOrDie("x^3 + y^2").evaluator();
  const ValueGradHessian f = evaluator->valueGradHessian({-2, -3});
  EXPECT_EQ(f.value, -8.0 + 9.0);
  EXPECT_EQ(f.gradient.x, 12.0);   // 3x^2
  EXPECT_EQ(f.gradient.y, -6.0);   // 2y
  EXPECT_EQ(f.hessian.xx, -12.0);  // 6x
  EXPECT_EQ(f.hessian.xy, 0.0);
  EXPECT_EQ(f.hessian.yy, 2.0);
}

TEST(Expression, SubgradientConventionAtKinks) {
  // abs: sign(0) = 0; min and max: the first argument on a tie.
  const ValueGrad a = parseOrDie("abs(x)").evaluator()->valueGrad({0, 0});
  EXPECT_EQ(a.gradient.x, 0.0);
  const ValueGrad lo = parseOrDie("min(x, y)").evaluator()->valueGrad({1, 1});
  EXPECT_EQ(lo.gradient.x, 1.0);
  EXPECT_EQ(lo.gradient.y, 0.0);
  const ValueGrad hi = parseOrDie("max(y, x)").evaluator()->valueGrad({1, 1});
  EXPECT_EQ(hi.gradient.x, 0.0);
  EXPECT_EQ(hi.gradient.y, 1.0);
}

TEST(Expression, BatchEqualsSinglePoint) {
  for (const FormulaCase& c : formulaCases()) {
    const auto evaluator = parseOrDie(c.formula).evaluator();
    const std::vector<Vec2> points = samplePoints(c.domain, 1000);  // several 64-point blocks and a remainder
    std::vector<double> values(points.size());
    std::vector<ValueGrad> grads(points.size());
    evaluator->valueBatch(points, values);
    evaluator->valueGradBatch(points, grads);
    for (std::size_t i = 0; i < points.size(); ++i) {
      const ValueGrad single = evaluator->valueGrad(points[i]);
      ASSERT_EQ(values[i], evaluator->value(points[i])) << c.formula << " at " << i;
      ASSERT_EQ(grads[i].value, single.value) << c.formula << " at " << i;
      ASSERT_EQ(grads[i].gradient, single.gradient) << c.formula << " at " << i;
    }
  }
}

TEST(Expression, ConstantFormulasEvaluateEverywhere) {
  const auto evaluator = parseOrDie("2*pi - 1").evaluator();
  const std::vector<Vec2> points(100, Vec2{3, 4});
  std::vector<ValueGrad> out(points.size());
  evaluator->valueGradBatch(points, out);
  for (const ValueGrad& f : out) {
    EXPECT_DOUBLE_EQ(f.value, 2 * std::numbers::pi - 1);
    EXPECT_EQ(f.gradient, (Vec2{0, 0}));
  }
  EXPECT_EQ(evaluator->valueGradHessian({1, 1}).hessian.xx, 0.0);
}

// GLSL's expression syntax is a subset of the formula language once the prelude's helpers are renamed
// to the functions they implement, so parsing the printed GLSL back checks its structure (parentheses,
// precedence, associativity) against the original at many points. Literals are printed as floats.
std::string glslBackToFormula(std::string glsl) {
  const std::vector<std::pair<std::string, std::string>> renames{
      {"gs_powi(", "pow("},  {"gs_pow(", "pow("},   {"gs_log(", "log("},   {"gs_sqrt(", "sqrt("},
      {"gs_asin(", "asin("}, {"gs_acos(", "acos("}, {"gs_sinh(", "sinh("}, {"gs_cosh(", "cosh("},
      {"gs_tanh(", "tanh("}, {"gs_min(", "min("},   {"gs_max(", "max("},
  };
  for (const auto& [from, to] : renames) {
    for (std::size_t at = glsl.find(from); at != std::string::npos; at = glsl.find(from, at))
      glsl.replace(at, from.size(), to);
  }
  return glsl;
}

TEST(Expression, GlslPreservesStructure) {
  std::vector<std::string> formulas{
      "1 - (2 - x) - y", "x / (y / 3)", "-(x - y) * -(y + 1)",    "2^3^x",
      "-x^2 + (-x)^2",   "x - -y",      "1e-10 + 1e10*x + 0.1*y", "(x + y) + (x + y)"};
  for (const FormulaCase& c : formulaCases()) formulas.emplace_back(c.formula);
  for (const std::string& formula : formulas) {
    const Expression original = parseOrDie(formula);
    const std::string glsl = original.toGlsl().value_or("");
    EXPECT_EQ(glsl.find("--"), std::string::npos) << glsl;  // GLSL's decrement operator
    const Expression roundTrip = parseOrDie(glslBackToFormula(glsl));
    for (Vec2 p : samplePoints({0.6, 1.9, 0.6, 1.9}, 8)) {
      const double expected = original.evaluator()->value(p);
      EXPECT_NEAR(roundTrip.evaluator()->value(p), expected, 1e-6 * (1 + std::fabs(expected)))
          << formula << " printed as " << glsl;
    }
  }
}

TEST(Expression, GlslUsesIntegerPowerAndFloatLiterals) {
  EXPECT_EQ(parseOrDie("x^2").toGlsl(), "gs_powi(x, 2)");
  EXPECT_EQ(parseOrDie("x^0.5").toGlsl(), "gs_pow(x, 0.5)");
  EXPECT_EQ(parseOrDie("2*x + 1e-10").toGlsl(), "((2.0 * x) + 1.0e-10)");
  EXPECT_EQ(parseOrDie("max(x, 1/0) - log(-1)").toGlsl(), "(gs_max(x, gs_inf()) - gs_nan())");
  const std::string prelude = Expression::glslPrelude();
  for (const char* helper : {"gs_pow(", "gs_powi(", "gs_log(", "gs_sqrt(", "gs_asin(", "gs_acos(", "gs_sinh(",
                             "gs_cosh(", "gs_tanh(", "gs_inf(", "gs_nan(", "gs_min(", "gs_max("})
    EXPECT_NE(prelude.find(std::string("float ") + helper), std::string::npos) << helper;
}

// Constants are folded in double before they reach the GPU's floats: products whose constants cancel
// draw as the CPU computes them (#6: (x^2+y^2)*1e40/1e40 drew blank, (x^2+y^2)*1e-46*1e46 flat).
TEST(Expression, GlslFoldsConstantsInDouble) {
  EXPECT_EQ(parseOrDie("(x^2+y^2)*1e40/1e40").toGlsl(), "(gs_powi(x, 2) + gs_powi(y, 2))");
  EXPECT_EQ(parseOrDie("(x^2+y^2)*1e-46*1e46").toGlsl(), "(gs_powi(x, 2) + gs_powi(y, 2))");
  EXPECT_EQ(parseOrDie("1e40*x/(1e30*y)").toGlsl(), "(1.0e+10 * x / y)");
  EXPECT_EQ(parseOrDie("-x*2/-y").toGlsl(), "(2.0 * x / y)");
  EXPECT_EQ(parseOrDie("exp(2*3) + x").toGlsl(), "(403.4288 + x)");
}

TEST(Expression, GlslRefusesConstantsBeyondFloatRangeWithAReason) {
  for (const char* formula : {"x + 1e40 - 1e40", "log(x*1e-46) + 1", "1e300", "x*1e39"}) {
    std::string problem;
    EXPECT_FALSE(parseOrDie(formula).toGlsl(&problem)) << formula;
    EXPECT_NE(problem.find("outside the GPU's float range"), std::string::npos) << formula << ": " << problem;
  }
}

// A long sum reaches the GPU as a balanced tree: nesting grows with the log of its length (#6: a
// 20000-term sum crashed Mesa's compiler by recursion).
TEST(Expression, GlslOfLongSumsIsBalanced) {
  std::string text = "x";
  for (int i = 0; i < 120; ++i) text += "+x*y";
  const std::optional<std::string> glsl = parseOrDie(text).toGlsl();
  ASSERT_TRUE(glsl);
  int depth = 0, deepest = 0;
  for (const char c : *glsl) {
    depth += c == '(' ? 1 : (c == ')' ? -1 : 0);
    deepest = std::max(deepest, depth);
  }
  EXPECT_EQ(depth, 0);
  EXPECT_LE(deepest, 10) << "121 terms nested " << deepest << " deep";
  const Expression roundTrip = parseOrDie(glslBackToFormula(*glsl));
  EXPECT_NEAR(roundTrip.evaluator()->value({0.5, 2}), 120.5, 1e-9);
}

TEST(Expression, TextIsKept) { EXPECT_EQ(parseOrDie("x + y").text(), "x + y"); }

}  // namespace
}  // namespace gs
