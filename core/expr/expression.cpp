// The formula parser: recursive descent over the grammar in expression.hpp, producing a post-order AST.
// Every error is one FormulaError with a 1-based column; nesting is bounded by kMaxFormulaDepth so a
// hostile formula can never overflow the stack.
#include "core/expr/expression.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <numbers>

#include "core/expr/impl.hpp"

namespace gs {
namespace {

using expr::Node;
using expr::Op;

struct FunctionInfo {
  std::string_view name;
  Op op;
};

constexpr std::array<FunctionInfo, 16> kFunctions{{
    {"sin", Op::Sin},
    {"cos", Op::Cos},
    {"tan", Op::Tan},
    {"exp", Op::Exp},
    {"log", Op::Log},
    {"sqrt", Op::Sqrt},
    {"abs", Op::Abs},
    {"tanh", Op::Tanh},
    {"sinh", Op::Sinh},
    {"cosh", Op::Cosh},
    {"atan", Op::Atan},
    {"asin", Op::Asin},
    {"acos", Op::Acos},
    {"min", Op::Min},
    {"max", Op::Max},
    {"pow", Op::Pow},
}};

const FunctionInfo* findFunction(std::string_view name) {
  for (const FunctionInfo& f : kFunctions)
    if (f.name == name) return &f;
  return nullptr;
}

struct ParseFailure {
  FormulaError error;
};

bool isIdentifierStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string describeChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
  constexpr const char* kHex = "0123456789abcdef";
  return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 15];
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::vector<Node> parseFormula() {
    skipSpace();
    if (atEnd()) fail("empty formula", 1);
    parseSum();
    skipSpace();
    if (!atEnd()) failUnexpected();
    return std::move(nodes_);
  }

 private:
  // Bounds recursion: each nested '(' or function call, unary sign and exponent is one level.
  class Level {
   public:
    Level(Parser& parser, int column) : parser_(parser) {
      if (++parser_.depth_ > kMaxFormulaDepth)
        parser_.fail("formula nested deeper than " + std::to_string(kMaxFormulaDepth) + " levels", column);
    }
    ~Level() { --parser_.depth_; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;

   private:
    Parser& parser_;
  };

  [[noreturn]] void fail(std::string message, int column) {
    throw ParseFailure{{std::move(message), column}};
  }
  int column() const { return static_cast<int>(pos_) + 1; }
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  void skipSpace() {
    while (!atEnd() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  [[noreturn]] void failUnexpected() {
    if (atEnd()) fail("unexpected end of formula", column());
    const char c = peek();
    if (isIdentifierStart(c) || isDigit(c) || c == '.' || c == '(') {
      fail("unexpected " + describeChar(c) + " (missing operator?)", column());
    }
    fail("unexpected " + describeChar(c), column());
  }

  int add(Op op, int column, int a = -1, int b = -1, double number = 0.0) {
    nodes_.push_back({op, a, b, number, column});
    return static_cast<int>(nodes_.size()) - 1;
  }

  // sum := product (('+' | '-') product)*
  int parseSum() {
    int left = parseProduct();
    for (;;) {
      skipSpace();
      const char c = peek();
      if (c != '+' && c != '-') return left;
      const int at = column();
      ++pos_;
      const int right = parseProduct();
      left = add(c == '+' ? Op::Add : Op::Sub, at, left, right);
    }
  }

  // product := unary (('*' | '/') unary)*, where '**' is not '*'
  int parseProduct() {
    int left = parseUnary();
    for (;;) {
      skipSpace();
      const char c = peek();
      if (!((c == '*' && peek(1) != '*') || c == '/')) return left;
      const int at = column();
      ++pos_;
      const int right = parseUnary();
      left = add(c == '*' ? Op::Mul : Op::Div, at, left, right);
    }
  }

  // unary := ('-' | '+') unary | power
  int parseUnary() {
    skipSpace();
    const char c = peek();
    if (c != '-' && c != '+') return parsePower();
    const int at = column();
    const Level level(*this, at);
    ++pos_;
    const int operand = parseUnary();
    return c == '-' ? add(Op::Neg, at, operand) : operand;
  }

  // power := primary (('^' | '**') unary)?   (right-associative, tighter than unary minus on its left)
  int parsePower() {
    const int base = parsePrimary();
    skipSpace();
    const int at = column();
    if (peek() == '^') {
      ++pos_;
    } else if (peek() == '*' && peek(1) == '*') {
      pos_ += 2;
    } else {
      return base;
    }
    const Level level(*this, at);
    const int exponent = parseUnary();
    return add(Op::Pow, at, base, exponent);
  }

  int parsePrimary() {
    skipSpace();
    if (atEnd()) fail("unexpected end of formula", column());
    const char c = peek();
    if (isDigit(c) || (c == '.' && isDigit(peek(1)))) return parseNumber();
    if (isIdentifierStart(c)) return parseIdentifier();
    if (c == '(') {
      const int at = column();
      const Level level(*this, at);
      ++pos_;
      const int inner = parseSum();
      expectClose();
      return inner;
    }
    failUnexpected();
  }

  void expectClose() {
    skipSpace();
    if (peek() != ')') fail("expected ')'", column());
    ++pos_;
  }

  int parseNumber() {
    const std::size_t start = pos_;
    while (isDigit(peek())) ++pos_;
    if (peek() == '.') ++pos_;
    while (isDigit(peek())) ++pos_;
    // An exponent only when digits follow: "2e" is the number 2 followed by the constant e.
    if (peek() == 'e' || peek() == 'E') {
      std::size_t ahead = 1;
      if (peek(1) == '+' || peek(1) == '-') ahead = 2;
      if (isDigit(peek(ahead))) {
        pos_ += ahead;
        while (isDigit(peek())) ++pos_;
      }
    }
    double value = 0.0;
    const auto result = std::from_chars(text_.data() + start, text_.data() + pos_, value);
    const std::string literal(text_.substr(start, pos_ - start));
    if (result.ec != std::errc() || result.ptr != text_.data() + pos_)
      fail("number out of range: " + literal, static_cast<int>(start) + 1);
    return add(Op::Const, static_cast<int>(start) + 1, -1, -1, value);
  }

  int parseIdentifier() {
    const std::size_t start = pos_;
    const int at = column();
    while (isIdentifierChar(peek())) ++pos_;
    const std::string_view name = text_.substr(start, pos_ - start);
    skipSpace();
    const bool call = peek() == '(';
    if (!call) {
      if (name == "x") return add(Op::X, at);
      if (name == "y") return add(Op::Y, at);
      if (name == "pi") return add(Op::Const, at, -1, -1, std::numbers::pi);
      if (name == "e") return add(Op::Const, at, -1, -1, std::numbers::e);
      if (findFunction(name)) fail("expected '(' after function '" + std::string(name) + "'", column());
      fail("unknown variable '" + std::string(name) + "' (use x and y)", at);
    }
    const FunctionInfo* function = findFunction(name);
    if (!function) {
      if (name == "x" || name == "y" || name == "pi" || name == "e") failUnexpected();
      fail("unknown function '" + std::string(name) + "'", at);
    }
    return parseCall(*function, at);
  }

  int parseCall(const FunctionInfo& function, int at) {
    const Level level(*this, column());
    ++pos_;  // '('
    std::array<int, 2> args{-1, -1};
    int count = 0;
    skipSpace();
    if (peek() != ')') {
      for (;;) {
        const int arg = parseSum();
        if (count < 2) args[static_cast<std::size_t>(count)] = arg;
        ++count;
        skipSpace();
        if (peek() != ',') break;
        ++pos_;
      }
    }
    expectClose();
    const int expected = expr::arity(function.op);
    if (count != expected) {
      fail("wrong number of arguments: '" + std::string(function.name) + "' takes " +
               std::to_string(expected) + (expected == 1 ? " argument, got " : " arguments, got ") +
               std::to_string(count),
           at);
    }
    return add(function.op, at, args[0], args[1]);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::vector<Node> nodes_;
};

}  // namespace

std::variant<Expression, FormulaError> Expression::parse(std::string_view text) {
  auto impl = std::make_shared<Impl>();
  try {
    impl->nodes = Parser(text).parseFormula();
  } catch (const ParseFailure& failure) {
    return failure.error;
  }
  impl->text = std::string(text);
  impl->tape = expr::compile(impl->nodes);
  Expression expression;
  expression.impl_ = std::move(impl);
  return expression;
}

const std::string& Expression::text() const { return impl_->text; }

std::size_t Expression::size() const { return impl_->nodes.size(); }

std::optional<std::string> Expression::toGlsl(std::string* problem) const {
  const auto fail = [problem](std::string why) -> std::optional<std::string> {
    if (problem) *problem = std::move(why);
    return std::nullopt;
  };
  if (size() > kMaxGlslNodes)
    return fail("the formula has " + std::to_string(size()) + " operations, more than the GPU heatmap's " +
                std::to_string(kMaxGlslNodes));
  expr::GlslCode code = expr::printGlsl(impl_->nodes);
  if (!code.problem.empty()) return fail(std::move(code.problem));
  return std::move(code.expression);
}

std::string toString(const FormulaError& error) {
  if (error.column <= 0) return error.message;
  return error.message + " at column " + std::to_string(error.column);
}

}  // namespace gs
