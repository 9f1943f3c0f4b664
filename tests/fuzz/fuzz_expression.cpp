// The formula compiler: every CPU evaluation path of one formula agrees at every point, bit for bit or
// both NaN: value(), valueGrad(), valueGradHessian(), valueBatch() and valueGradBatch(); gradients
// between valueGrad and valueGradHessian too. Only core/expr/expression.hpp's public API is used.
//
// Input: the formula up to the first newline (or the whole input); every further 16 bytes after the
// newline are one more point (two doubles), tried besides a fixed set of awkward points.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/expr/expression.hpp"
#include "fuzz_support.hpp"

namespace {

// Longer formulas only make each run slower (compile time grows with length); the grammar is the same.
constexpr std::size_t kMaxFormulaBytes = 2000;

bool agree(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

std::string describe(std::string_view formula, gs::Vec2 p) {
  char point[96];
  std::snprintf(point, sizeof point, " at (%.17g, %.17g)", p.x, p.y);
  return "'" + std::string(formula) + "'" + point;
}

void checkAgree(double a, double b, const char* what, std::string_view formula, gs::Vec2 p) {
  if (agree(a, b)) return;
  char values[96];
  std::snprintf(values, sizeof values, ": %.17g vs %.17g", a, b);
  gs::fuzz::fail(std::string(what) + " disagree for " + describe(formula, p) + values);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view formula = input.substr(0, newline);
  if (formula.size() > kMaxFormulaBytes) return 0;
  auto parsed = gs::Expression::parse(formula);
  if (std::holds_alternative<gs::FormulaError>(parsed)) return 0;
  const auto evaluator = std::get<gs::Expression>(parsed).evaluator();

  std::vector<gs::Vec2> points = {{0, 0},      {1, -1}, {-1, 1},       {0.5, 2},          {3, 0},
                                  {0, 1},      {0, 2},  {-2.5, -0.75}, {1e-300, -1e-300}, {1e10, 1e-10},
                                  {-1e200, 7}, {2, 3}};
  if (newline != std::string_view::npos) {
    std::string_view rest = input.substr(newline + 1);
    for (; rest.size() >= 16 && points.size() < 64; rest.remove_prefix(16)) {
      gs::Vec2 p;
      std::memcpy(&p.x, rest.data(), 8);
      std::memcpy(&p.y, rest.data() + 8, 8);
      points.push_back(p);
    }
  }

  std::vector<double> batchValues(points.size());
  std::vector<gs::ValueGrad> batchGrads(points.size());
  evaluator->valueBatch(points, batchValues);
  evaluator->valueGradBatch(points, batchGrads);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const gs::Vec2 p = points[i];
    const double value = evaluator->value(p);
    const gs::ValueGrad grad = evaluator->valueGrad(p);
    const gs::ValueGradHessian hessian = evaluator->valueGradHessian(p);
    checkAgree(value, grad.value, "value() and valueGrad().value", formula, p);
    checkAgree(value, hessian.value, "value() and valueGradHessian().value", formula, p);
    checkAgree(value, batchValues[i], "value() and valueBatch()", formula, p);
    checkAgree(value, batchGrads[i].value, "value() and valueGradBatch().value", formula, p);
    checkAgree(grad.gradient.x, hessian.gradient.x, "valueGrad() and valueGradHessian() df/dx", formula, p);
    checkAgree(grad.gradient.y, hessian.gradient.y, "valueGrad() and valueGradHessian() df/dy", formula, p);
    checkAgree(grad.gradient.x, batchGrads[i].gradient.x, "valueGrad() and valueGradBatch() df/dx", formula,
               p);
    checkAgree(grad.gradient.y, batchGrads[i].gradient.y, "valueGrad() and valueGradBatch() df/dy", formula,
               p);
  }
  return 0;
}
