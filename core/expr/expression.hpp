// The formula language of custom surfaces: parsed once into an AST, compiled to a flat instruction tape
// that the CPU evaluates (value, gradient, Hessian by forward-mode AD, and in batch), and printed as GLSL
// so the app's heatmap evaluates exactly the same f per pixel.
//
// Grammar: numbers (1, 2.5, 1e-3), x, y, pi, e, + - * / (left-assoc), ^ and ** (right-assoc, binding
// tighter than unary minus: -x^2 = -(x^2)), unary minus/plus, parentheses, and the functions
// sin cos tan exp log sqrt abs tanh sinh cosh atan asin acos (one argument), min max pow (two).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/math/evaluator.hpp"

namespace gs {

struct FormulaError {
  std::string message;  // e.g. "unknown function 'sinn'"
  int column = 0;       // 1-based column in the formula text
};

// Deepest nesting of parentheses/operators the parser accepts; deeper input is a FormulaError, never
// a stack overflow.
inline constexpr int kMaxFormulaDepth = 256;

// Formulas with more operations than this are not compiled to GLSL (the heatmap draws them from the CPU):
// Mesa's compiler takes about 0.25 ms per operation (15000 terms took 15 s, a 1400-operation data
// surface 1.4 s), a frame must not wait on it, and llvmpipe pays every operation again per pixel.
inline constexpr std::size_t kMaxGlslNodes = 512;

class Expression {
 public:
  // Parses `text`; on failure returns a FormulaError with a 1-based column.
  static std::variant<Expression, FormulaError> parse(std::string_view text);

  const std::string& text() const;
  // A GLSL expression in the float variables `x` and `y`, e.g. "(gs_powi(x, 2) + y)", using the helper
  // functions of glslPrelude(). Constant subexpressions and the constant factors of products are folded
  // in double; long sums and products are balanced trees. Returns nullopt, and says why in `problem`,
  // where the GPU cannot evaluate f faithfully: a constant left outside float range, or a formula with
  // more than kMaxGlslNodes operations (the heatmap then draws a CPU-computed texture).
  std::optional<std::string> toGlsl(std::string* problem = nullptr) const;
  // The formula's size in operations (nodes of its syntax tree).
  std::size_t size() const;
  // GLSL function definitions the output of toGlsl() may call (safe pow, sinh, cosh, tanh, ...).
  static std::string glslPrelude();

  // Evaluator over this expression (shares the compiled tape).
  std::shared_ptr<const Evaluator> evaluator() const;

  struct Impl;

 private:
  std::shared_ptr<const Impl> impl_;
};

// "unknown function 'sinn' at column 1" (the column is left out when it is 0: not about the text).
std::string toString(const FormulaError& error);

}  // namespace gs
