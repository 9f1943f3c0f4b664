// AST -> GLSL 330 expression in float x and y, with the same semantics as the CPU tape: helpers in the
// prelude give pow of a negative base with an integer exponent, NaN where the CPU gives NaN (log, sqrt,
// asin, acos outside their domains), and overflow-safe tanh. Printed with an explicit stack, so formulas
// of any length print in linear time without deep recursion.
#include <charconv>
#include <cmath>
#include <limits>
#include <variant>

#include "core/expr/impl.hpp"

namespace gs::expr {

const char* functionName(Op op) {
  switch (op) {
    case Op::Sin:
      return "sin";
    case Op::Cos:
      return "cos";
    case Op::Tan:
      return "tan";
    case Op::Exp:
      return "exp";
    case Op::Log:
      return "log";
    case Op::Sqrt:
      return "sqrt";
    case Op::Abs:
      return "abs";
    case Op::Tanh:
      return "tanh";
    case Op::Sinh:
      return "sinh";
    case Op::Cosh:
      return "cosh";
    case Op::Atan:
      return "atan";
    case Op::Asin:
      return "asin";
    case Op::Acos:
      return "acos";
    case Op::Min:
      return "min";
    case Op::Max:
      return "max";
    case Op::Pow:
      return "pow";
    default:
      return nullptr;
  }
}

namespace {

const char* glslFunction(Op op) {
  switch (op) {
    case Op::Log:
      return "gs_log";
    case Op::Sqrt:
      return "gs_sqrt";
    case Op::Tanh:
      return "gs_tanh";
    case Op::Sinh:
      return "gs_sinh";
    case Op::Cosh:
      return "gs_cosh";
    case Op::Asin:
      return "gs_asin";
    case Op::Acos:
      return "gs_acos";
    case Op::Pow:
      return "gs_pow";
    default:
      return functionName(op);
  }
}

// A float literal GLSL accepts: always with a '.' or an exponent, never out of float range.
std::string glslNumber(double value) {
  const auto f = static_cast<float>(value);
  if (std::isinf(f)) return value > 0 ? "gs_inf()" : "(-gs_inf())";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, f);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  const auto exponent = text.find('e');
  if (text.find('.') == std::string::npos)
    text.insert(exponent == std::string::npos ? text.size() : exponent, ".0");
  return f < 0 ? "(" + text + ")" : text;
}

// Binding strength in GLSL: sums 1, products 2, negation 3, atoms and calls 4.
int precedence(const Node& n) {
  switch (n.op) {
    case Op::Add:
    case Op::Sub:
      return 1;
    case Op::Mul:
    case Op::Div:
      return 2;
    case Op::Neg:
      return 3;
    default:
      return 4;
  }
}

bool isIntegerConstant(const Node& n) {
  return n.op == Op::Const && n.number == std::floor(n.number) && std::fabs(n.number) <= 1 << 24;
}

using Item = std::variant<int, std::string>;  // a node to print, or text to emit as is

void pushWrapped(std::vector<Item>& stack, int node, bool parenthesise) {
  if (parenthesise) stack.emplace_back(std::string(")"));
  stack.emplace_back(node);
  if (parenthesise) stack.emplace_back(std::string("("));
}

// Pushes (in reverse) what node `index` prints as.
void expand(const std::vector<Node>& nodes, int index, std::vector<Item>& stack, std::string& out) {
  const Node& n = nodes[static_cast<std::size_t>(index)];
  switch (n.op) {
    case Op::Const:
      out += glslNumber(n.number);
      return;
    case Op::X:
      out += 'x';
      return;
    case Op::Y:
      out += 'y';
      return;
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div: {
      const Node& left = nodes[static_cast<std::size_t>(n.a)];
      const Node& right = nodes[static_cast<std::size_t>(n.b)];
      const int p = precedence(n);
      // The right operand keeps its parentheses at equal precedence: a - (b - c), and a + (b + c),
      // whose rounding differs from (a + b) + c.
      pushWrapped(stack, n.b, precedence(right) <= p || right.op == Op::Neg);
      const char* symbol = n.op == Op::Add   ? " + "
                           : n.op == Op::Sub ? " - "
                           : n.op == Op::Mul ? " * "
                                             : " / ";
      stack.emplace_back(std::string(symbol));
      pushWrapped(stack, n.a, precedence(left) < p);
      return;
    }
    case Op::Neg:
      out += '-';
      pushWrapped(stack, n.a, precedence(nodes[static_cast<std::size_t>(n.a)]) < 4);
      return;
    case Op::Pow:
      if (isIntegerConstant(nodes[static_cast<std::size_t>(n.b)])) {
        const auto exponent = static_cast<long>(nodes[static_cast<std::size_t>(n.b)].number);
        out += "gs_powi(";
        stack.emplace_back(", " + std::to_string(exponent) + ")");
        stack.emplace_back(n.a);
        return;
      }
      break;
    default:
      break;
  }
  out += glslFunction(n.op);
  out += '(';
  stack.emplace_back(std::string(")"));
  if (n.b >= 0) {
    stack.emplace_back(n.b);
    stack.emplace_back(std::string(", "));
  }
  stack.emplace_back(n.a);
}

}  // namespace

std::string printGlsl(const std::vector<Node>& nodes) {
  std::string out;
  std::vector<Item> stack{static_cast<int>(nodes.size()) - 1};
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    if (const auto* text = std::get_if<std::string>(&item)) {
      out += *text;
    } else {
      expand(nodes, std::get<int>(item), stack, out);
    }
  }
  return out;
}

}  // namespace gs::expr

namespace gs {

std::string Expression::glslPrelude() {
  return R"GLSL(
float gs_inf() { return intBitsToFloat(0x7f800000); }
float gs_nan() { return intBitsToFloat(0x7fc00000); }
// std::pow semantics: a negative base needs an integer exponent (its parity gives the sign).
float gs_pow(float a, float b) {
  if (a > 0.0) return exp2(b * log2(a));
  if (a == 0.0) return b > 0.0 ? 0.0 : (b == 0.0 ? 1.0 : gs_inf());
  if (b != floor(b)) return gs_nan();
  float magnitude = exp2(b * log2(-a));
  return mod(b, 2.0) == 1.0 ? -magnitude : magnitude;
}
// a^n for a constant integer n, by repeated squaring: exact signs, no log of a negative number.
float gs_powi(float a, int n) {
  float base = n < 0 ? 1.0 / a : a;
  int k = abs(n);
  float result = 1.0;
  while (k > 0) {
    if ((k & 1) != 0) result *= base;
    base *= base;
    k /= 2;
  }
  return result;
}
float gs_log(float a) { return a < 0.0 ? gs_nan() : (a == 0.0 ? -gs_inf() : log(a)); }
float gs_sqrt(float a) { return a < 0.0 ? gs_nan() : sqrt(a); }
float gs_asin(float a) { return abs(a) > 1.0 ? gs_nan() : asin(a); }
float gs_acos(float a) { return abs(a) > 1.0 ? gs_nan() : acos(a); }
float gs_sinh(float a) { return 0.5 * (exp(a) - exp(-a)); }
float gs_cosh(float a) { return 0.5 * (exp(a) + exp(-a)); }
// exp(-2|a|) never overflows, so large |a| gives +-1 rather than inf/inf.
float gs_tanh(float a) {
  float t = exp(-2.0 * abs(a));
  return sign(a) * (1.0 - t) / (1.0 + t);
}
)GLSL";
}

}  // namespace gs
