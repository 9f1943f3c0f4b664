// AST -> GLSL 330 expression in float x and y, with the same semantics as the CPU tape: helpers in the
// prelude give pow of a negative base with an integer exponent, NaN where the CPU gives NaN (log, sqrt,
// asin, acos outside their domains), and overflow-safe tanh. Printed with an explicit stack, so formulas
// of any length print in linear time without deep recursion.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

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
    case Op::Min:
      return "gs_min";
    case Op::Max:
      return "gs_max";
    default:
      return functionName(op);
  }
}

constexpr double kFloatMax = 3.4028234663852886e38;
constexpr double kFloatMinNormal = 1.1754943508222875e-38;

// Whether a double constant reaches the GPU as a float without leaving its range (GPUs flush subnormals).
bool fitsFloat(double v) {
  const double magnitude = std::fabs(v);
  return !std::isfinite(v) || magnitude == 0.0 || (magnitude >= kFloatMinNormal && magnitude <= kFloatMax);
}

// A float literal GLSL accepts: always with a '.' or an exponent. Infinities and NaN (where the CPU has
// them too, as in a folded 1/0) are written through the prelude's helpers.
std::string glslNumber(double value) {
  if (std::isnan(value)) return "gs_nan()";
  if (std::isinf(value)) return value > 0 ? "gs_inf()" : "(-gs_inf())";
  const auto f = static_cast<float>(value);
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, f);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  const auto exponent = text.find('e');
  if (text.find('.') == std::string::npos)
    text.insert(exponent == std::string::npos ? text.size() : exponent, ".0");
  return f < 0 ? "(" + text + ")" : text;
}

bool isIntegerValue(double v) { return v == std::floor(v) && std::fabs(v) <= 1 << 24; }

// Longer sums and products than this are printed as balanced trees: the GPU compiler then never sees
// nesting as deep as the formula is long (a 20000-term sum crashed Mesa's compiler by recursion).
constexpr std::size_t kBalanceAbove = 8;

class GlslPrinter {
 public:
  explicit GlslPrinter(const std::vector<Node>& nodes) : nodes_(nodes), constant_(nodes.size()) {
    // Constant subtrees folded in double, in the CPU's order, so no constant the CPU never rounds
    // to float (1e40 in (x^2 + y^2)*1e40/1e40) reaches the GPU.
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      if (n.op == Op::Const) {
        constant_[i] = n.number;
      } else if (n.op != Op::X && n.op != Op::Y && isConstant(n.a) && (n.b < 0 || isConstant(n.b))) {
        constant_[i] = evaluateConstant(n.op, *constant_[static_cast<std::size_t>(n.a)],
                                        n.b < 0 ? 0.0 : *constant_[static_cast<std::size_t>(n.b)]);
      }
    }
  }

  std::string print() {
    printNode(static_cast<int>(nodes_.size()) - 1);
    return std::move(out_);
  }
  const std::string& problem() const { return problem_; }

 private:
  struct Factor {
    int node;
    bool divides;
  };
  struct Term {
    int node;
    bool negative;
  };

  const Node& node(int i) const { return nodes_[static_cast<std::size_t>(i)]; }
  bool isConstant(int i) const { return constant_[static_cast<std::size_t>(i)].has_value(); }
  double constantOf(int i) const { return *constant_[static_cast<std::size_t>(i)]; }
  static bool isSum(Op op) { return op == Op::Add || op == Op::Sub; }
  static bool isProduct(Op op) { return op == Op::Mul || op == Op::Div || op == Op::Neg; }

  void number(double value) {
    if (!fitsFloat(value) && problem_.empty())
      problem_ = "the constant " + glslNumberForPeople(value) + " is outside the GPU's float range";
    out_ += glslNumber(value);
  }
  static std::string glslNumberForPeople(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
  }

  // Every node prints as an atom: a literal, a variable, a call or a parenthesised operation.
  void printNode(int i) {
    if (isConstant(i)) return number(constantOf(i));
    const Node& n = node(i);
    switch (n.op) {
      case Op::X:
        out_ += 'x';
        return;
      case Op::Y:
        out_ += 'y';
        return;
      case Op::Add:
      case Op::Sub:
        return printSum(i);
      case Op::Mul:
      case Op::Div:
      case Op::Neg:
        return printProduct(i);
      case Op::Pow:
        if (isConstant(n.b) && isIntegerValue(constantOf(n.b))) {
          out_ += "gs_powi(";
          printNode(n.a);
          out_ += ", " + std::to_string(static_cast<long>(constantOf(n.b))) + ")";
          return;
        }
        break;
      default:
        break;
    }
    out_ += glslFunction(n.op);
    out_ += '(';
    printNode(n.a);
    if (n.b >= 0) {
      out_ += ", ";
      printNode(n.b);
    }
    out_ += ')';
  }

  // a + b - c ...: the left spine of a sum, left to right. Short sums keep the CPU's order.
  void printSum(int i) {
    std::vector<Term> terms;
    int at = i;
    while (!isConstant(at) && isSum(node(at).op)) {
      terms.push_back({node(at).b, node(at).op == Op::Sub});
      at = node(at).a;
    }
    terms.push_back({at, false});
    std::reverse(terms.begin(), terms.end());
    printTerms(terms, 0, terms.size());
  }

  void printTerms(const std::vector<Term>& terms, std::size_t begin, std::size_t end) {
    out_ += '(';
    if (end - begin > kBalanceAbove) {
      const std::size_t middle = begin + (end - begin) / 2;
      printTerms(terms, begin, middle);
      out_ += " + ";
      printTerms(terms, middle, end);
    } else {
      for (std::size_t k = begin; k < end; ++k) {
        if (k > begin) out_ += terms[k].negative ? " - " : " + ";
        if (k == begin && terms[k].negative) out_ += '-';
        printNode(terms[k].node);
      }
    }
    out_ += ')';
  }

  // A product chain a * b / c * -d ...: its constant factors are folded into one, in double, so a
  // product whose constants cancel (x * 1e-46 * 1e46) never sees them one at a time in float; the
  // rest are multiplied (numerator) and divided (denominator) as balanced products.
  void printProduct(int i) {
    double scale = 1.0;
    std::vector<int> numerator, denominator;
    std::vector<Factor> pending{{i, false}};
    while (!pending.empty()) {
      const Factor f = pending.back();
      pending.pop_back();
      const Node& n = node(f.node);
      if (isConstant(f.node)) {
        scale = f.divides ? scale / constantOf(f.node) : scale * constantOf(f.node);
      } else if (n.op == Op::Neg) {
        scale = -scale;
        pending.push_back({n.a, f.divides});
      } else if (n.op == Op::Mul || n.op == Op::Div) {
        // Pushed right first so that the left operand's factors are taken (and folded) first.
        pending.push_back({n.b, n.op == Op::Div ? !f.divides : f.divides});
        pending.push_back({n.a, f.divides});
      } else {
        (f.divides ? denominator : numerator).push_back(f.node);
      }
    }
    if (scale == 1.0 && numerator.size() == 1 && denominator.empty()) return printNode(numerator.front());
    out_ += '(';
    if (numerator.empty()) {
      number(scale);
    } else if (scale == -1.0) {
      out_ += '-';
    } else if (scale != 1.0) {
      number(scale);
      out_ += " * ";
    }
    if (!numerator.empty()) printFactors(numerator, 0, numerator.size());
    if (!denominator.empty()) {
      out_ += " / ";
      printFactors(denominator, 0, denominator.size());
    }
    out_ += ')';
  }

  void printFactors(const std::vector<int>& factors, std::size_t begin, std::size_t end) {
    if (end - begin == 1) return printNode(factors[begin]);
    out_ += '(';
    if (end - begin > kBalanceAbove) {
      const std::size_t middle = begin + (end - begin) / 2;
      printFactors(factors, begin, middle);
      out_ += " * ";
      printFactors(factors, middle, end);
    } else {
      for (std::size_t k = begin; k < end; ++k) {
        if (k > begin) out_ += " * ";
        printNode(factors[k]);
      }
    }
    out_ += ')';
  }

  const std::vector<Node>& nodes_;
  std::vector<std::optional<double>> constant_;
  std::string out_;
  std::string problem_;
};

}  // namespace

GlslCode printGlsl(const std::vector<Node>& nodes) {
  GlslPrinter printer(nodes);
  GlslCode code;
  code.expression = printer.print();
  code.problem = printer.problem();
  return code;
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
// NaN in either argument gives NaN, a tie the first argument, as on the CPU (GLSL's min and max leave
// NaN undefined). NaN is tested on the bits: an optimiser may fold isnan() away.
bool gs_isnan(float a) { return (floatBitsToUint(a) & 0x7fffffffu) > 0x7f800000u; }
float gs_min(float a, float b) { return gs_isnan(a) ? a : (gs_isnan(b) ? b : (b < a ? b : a)); }
float gs_max(float a, float b) { return gs_isnan(a) ? a : (gs_isnan(b) ? b : (b > a ? b : a)); }
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
