// The optimizer-program parser: a tokenizer (line and column on every token, comments kept as the
// tooltips of declarations) and recursive descent over the grammar in program.hpp. Every error is one
// ProgramError; nesting is bounded by kMaxProgramDepth so a hostile program cannot overflow the stack.
#include <array>
#include <cctype>
#include <charconv>
#include <map>

#include "core/optim/program_impl.hpp"

namespace gs::program {
namespace {

struct Failure {
  ProgramError error;
};

[[noreturn]] void fail(std::string message, int line, int column) {
  throw Failure{{std::move(message), line, column}};
}

// ---- Tokens ----

enum class Tok : std::uint8_t { Name, Number, Punct, Newline, End };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // Name and Punct: the text; Number: the literal
  double number = 0.0;
  int line = 1, column = 1;
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

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  // Line breaks inside parentheses or brackets are spaces; elsewhere they end a statement.
  std::vector<Token> run(std::map<int, std::string>& comments) {
    std::vector<Token> tokens;
    int depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        if (depth == 0) tokens.push_back({Tok::Newline, "", 0.0, line_, column()});
        ++pos_;
        ++line_;
        lineStart_ = pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        const std::size_t start = ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        comments[line_] = trim(text_.substr(start, pos_ - start));
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        tokens.push_back(number());
      } else if (isIdentifierStart(c)) {
        const std::size_t start = pos_;
        const int at = column();
        while (pos_ < text_.size() && isIdentifierChar(text_[pos_])) ++pos_;
        tokens.push_back({Tok::Name, std::string(text_.substr(start, pos_ - start)), 0.0, line_, at});
      } else {
        tokens.push_back(punct());
        const std::string& p = tokens.back().text;
        if (p == "(" || p == "[") ++depth;
        if ((p == ")" || p == "]") && depth > 0) --depth;
      }
    }
    tokens.push_back({Tok::End, "", 0.0, line_, column()});
    return tokens;
  }

 private:
  int column() const { return static_cast<int>(pos_ - lineStart_) + 1; }
  char peek(std::size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  static std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
  }

  Token number() {
    const std::size_t start = pos_;
    const int at = column();
    while (isDigit(peek(0))) ++pos_;
    if (peek(0) == '.') ++pos_;
    while (isDigit(peek(0))) ++pos_;
    // An exponent only when digits follow: "2e" is the number 2 followed by the name e.
    if (peek(0) == 'e' || peek(0) == 'E') {
      std::size_t ahead = 1;
      if (peek(1) == '+' || peek(1) == '-') ahead = 2;
      if (isDigit(peek(ahead))) {
        pos_ += ahead;
        while (isDigit(peek(0))) ++pos_;
      }
    }
    const std::string literal(text_.substr(start, pos_ - start));
    double value = 0.0;
    const auto result = std::from_chars(literal.data(), literal.data() + literal.size(), value);
    if (result.ec != std::errc() || result.ptr != literal.data() + literal.size())
      fail("number out of range: " + literal, line_, at);
    return {Tok::Number, literal, value, line_, at};
  }

  Token punct() {
    static constexpr std::array<std::string_view, 5> kTwoChar = {"**", "==", "!=", "<=", ">="};
    const int at = column();
    for (std::string_view two : kTwoChar) {
      if (text_.substr(pos_, 2) == two) {
        pos_ += 2;
        return {Tok::Punct, std::string(two), 0.0, line_, at};
      }
    }
    const char c = text_[pos_];
    if (std::string_view("+-*/^()[],=<>").find(c) == std::string_view::npos)
      fail("unexpected " + describeChar(c), line_, at);
    ++pos_;
    return {Tok::Punct, std::string(1, c), 0.0, line_, at};
  }

  std::string_view text_;
  std::size_t pos_ = 0, lineStart_ = 0;
  int line_ = 1;
};

// ---- Functions ----

struct FunctionInfo {
  std::string_view name;
  Op op;
  int arity;
};

constexpr std::array<FunctionInfo, 23> kFunctions{{
    {"sin", Op::Sin, 1},   {"cos", Op::Cos, 1},   {"tan", Op::Tan, 1},   {"exp", Op::Exp, 1},
    {"log", Op::Log, 1},   {"sqrt", Op::Sqrt, 1}, {"abs", Op::Abs, 1},   {"tanh", Op::Tanh, 1},
    {"sinh", Op::Sinh, 1}, {"cosh", Op::Cosh, 1}, {"atan", Op::Atan, 1}, {"asin", Op::Asin, 1},
    {"acos", Op::Acos, 1}, {"sign", Op::Sign, 1}, {"min", Op::Min, 2},   {"max", Op::Max, 2},
    {"pow", Op::Pow, 2},   {"clip", Op::Clip, 3}, {"if", Op::Select, 3}, {"grad", Op::Grad, 1},
    {"f", Op::ValueAt, 1}, {"norm", Op::Norm, 1}, {"dot", Op::Dot, 2},
}};

const FunctionInfo* findFunction(std::string_view name) {
  for (const FunctionInfo& f : kFunctions)
    if (f.name == name) return &f;
  return nullptr;
}

Op comparisonOp(std::string_view text) {
  if (text == "<") return Op::Less;
  if (text == "<=") return Op::LessEqual;
  if (text == ">") return Op::Greater;
  if (text == ">=") return Op::GreaterEqual;
  if (text == "==") return Op::Equal;
  if (text == "!=") return Op::NotEqual;
  return Op::Input;
}

bool isComparison(const Token& token) {
  return token.kind == Tok::Punct && comparisonOp(token.text) != Op::Input;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case Tok::Name:
    case Tok::Number:
    case Tok::Punct:
      return "'" + token.text + "'";
    case Tok::Newline:
      return "end of line";
    case Tok::End:
      break;
  }
  return "end of program";
}

// ---- The parser ----

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::map<int, std::string> comments, Parsed& out)
      : tokens_(std::move(tokens)), comments_(std::move(comments)), out_(out) {}

  void run() {
    std::size_t first = 0;
    while (tokens_[first].kind == Tok::Newline) ++first;
    if (!comments_.empty() && comments_.begin()->first < tokens_[first].line)
      out_.title = comments_.begin()->second;
    while (peek().kind != Tok::End) {
      if (peek().kind == Tok::Newline) {
        ++pos_;
        continue;
      }
      parseLine();
      if (peek().kind == Tok::Newline) {
        ++pos_;
      } else if (peek().kind != Tok::End) {
        failUnexpected();
      }
    }
    out_.endLine = peek().line;
    out_.endColumn = peek().column;
  }

 private:
  class Level {
   public:
    Level(Parser& parser, const Token& at) : parser_(parser) {
      if (++parser_.depth_ > kMaxProgramDepth)
        fail("expression nested deeper than " + std::to_string(kMaxProgramDepth) + " levels", at.line,
             at.column);
    }
    ~Level() { --parser_.depth_; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;

   private:
    Parser& parser_;
  };

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() { return tokens_[pos_++]; }
  bool isPunct(std::string_view text, std::size_t ahead = 0) const {
    return peek(ahead).kind == Tok::Punct && peek(ahead).text == text;
  }
  void expectPunct(std::string_view text, const std::string& what) {
    if (!isPunct(text))
      fail("expected '" + std::string(text) + "' " + what + ", got " + describe(peek()), peek().line,
           peek().column);
    ++pos_;
  }

  [[noreturn]] void failUnexpected() {
    const Token& token = peek();
    if (isComparison(token))
      fail("a comparison can only be the condition of if(...), as in if(g > 0, a, b)", token.line,
           token.column);
    if (token.kind == Tok::Name || token.kind == Tok::Number ||
        (token.kind == Tok::Punct && token.text == "("))
      fail("unexpected " + describe(token) + " (missing operator?)", token.line, token.column);
    if (token.kind == Tok::Punct && token.text == "=")
      fail("unexpected '=': one assignment per statement", token.line, token.column);
    fail("unexpected " + describe(token), token.line, token.column);
  }

  void parseLine() {
    const Token& first = peek();
    if (first.kind == Tok::Name && first.text == "hyper") {
      ++pos_;
      parseHypers();
    } else if (first.kind == Tok::Name && first.text == "state") {
      ++pos_;
      parseStates();
    } else if (first.kind == Tok::Name) {
      parseAssignment();
    } else {
      fail("expected a statement (name = expression) or a declaration (hyper, state), got " + describe(first),
           first.line, first.column);
    }
  }

  const Token& expectDeclaredName(std::string_view keyword) {
    const Token& name = peek();
    if (name.kind != Tok::Name)
      fail("expected a name after '" + std::string(keyword) + "', got " + describe(name), name.line,
           name.column);
    ++pos_;
    return name;
  }

  // [+-]number, for a hyperparameter's value and range.
  double parseSignedNumber(const std::string& what, int* line = nullptr, int* column = nullptr) {
    const Token& start = peek();
    if (line) *line = start.line;
    if (column) *column = start.column;
    double sign = 1.0;
    if (isPunct("-") || isPunct("+")) {
      sign = isPunct("-") ? -1.0 : 1.0;
      ++pos_;
    }
    if (peek().kind != Tok::Number)
      fail("expected a number for " + what + ", got " + describe(peek()), peek().line, peek().column);
    return sign * next().number;
  }

  void parseHypers() {
    for (;;) {
      const Token& name = expectDeclaredName("hyper");
      HyperDecl decl;
      decl.name = name.text;
      decl.line = name.line;
      decl.column = name.column;
      expectPunct("=", "after hyperparameter '" + name.text + "'");
      decl.value = parseSignedNumber("the value of '" + name.text + "'", &decl.valueLine, &decl.valueColumn);
      if (!isPunct("["))
        fail("expected a range like [0, 1] or [1e-6, 1, log] after the value of '" + name.text + "', got " +
                 describe(peek()),
             peek().line, peek().column);
      ++pos_;
      decl.min = parseSignedNumber("the lower end of the range of '" + name.text + "'");
      expectPunct(",", "between the ends of the range of '" + name.text + "'");
      decl.max = parseSignedNumber("the upper end of the range of '" + name.text + "'");
      if (isPunct(",")) {
        ++pos_;
        if (!(peek().kind == Tok::Name && peek().text == "log"))
          fail("expected 'log' after the range of '" + name.text + "', got " + describe(peek()), peek().line,
               peek().column);
        ++pos_;
        decl.logScale = true;
      }
      expectPunct("]", "to close the range of '" + name.text + "'");
      const auto comment = comments_.find(decl.line);
      if (comment != comments_.end()) decl.comment = comment->second;
      out_.items.push_back({Parsed::Item::Kind::Hyper, static_cast<int>(out_.hypers.size())});
      out_.hypers.push_back(std::move(decl));
      if (!isPunct(",")) return;
      ++pos_;
    }
  }

  void parseStates() {
    for (;;) {
      const Token& name = expectDeclaredName("state");
      StateDecl decl;
      decl.name = name.text;
      decl.line = name.line;
      decl.column = name.column;
      expectPunct("=", "after state '" + name.text + "' (state NAME = initial value)");
      decl.first = static_cast<int>(out_.nodes.size());
      decl.init = parseExpression();
      out_.items.push_back({Parsed::Item::Kind::State, static_cast<int>(out_.states.size())});
      out_.states.push_back(std::move(decl));
      if (!isPunct(",")) return;
      ++pos_;
    }
  }

  void parseAssignment() {
    const Token& name = next();
    if (!isPunct("=")) {
      if (isPunct("=="))
        fail("expected '=' after '" + name.text + "' ('==' compares)", peek().line, peek().column);
      fail("expected '=' after '" + name.text + "' (a statement is name = expression), got " +
               describe(peek()),
           peek().line, peek().column);
    }
    ++pos_;
    AssignStatement statement;
    statement.target = name.text;
    statement.line = name.line;
    statement.column = name.column;
    statement.first = static_cast<int>(out_.nodes.size());
    statement.root = parseExpression();
    out_.items.push_back({Parsed::Item::Kind::Assign, static_cast<int>(out_.statements.size())});
    out_.statements.push_back(std::move(statement));
  }

  int add(Node node) {
    out_.nodes.push_back(std::move(node));
    return static_cast<int>(out_.nodes.size()) - 1;
  }
  int addOperator(NodeKind kind, Op op, const Token& at, std::vector<int> args) {
    Node node;
    node.kind = kind;
    node.op = op;
    node.args = std::move(args);
    node.line = at.line;
    node.column = at.column;
    return add(std::move(node));
  }

  int parseExpression() {
    const Token& start = peek();
    if (start.kind == Tok::Newline || start.kind == Tok::End)
      fail("expected an expression, got " + describe(start), start.line, start.column);
    return parseSum();
  }

  // sum := product (('+' | '-') product)*
  int parseSum() {
    int left = parseProduct();
    while (isPunct("+") || isPunct("-")) {
      const Token& op = next();
      const int right = parseProduct();
      left = addOperator(NodeKind::Binary, op.text == "+" ? Op::Add : Op::Sub, op, {left, right});
    }
    return left;
  }

  // product := unary (('*' | '/') unary)*
  int parseProduct() {
    int left = parseUnary();
    while (isPunct("*") || isPunct("/")) {
      const Token& op = next();
      const int right = parseUnary();
      left = addOperator(NodeKind::Binary, op.text == "*" ? Op::Mul : Op::Div, op, {left, right});
    }
    return left;
  }

  // unary := ('-' | '+') unary | power
  int parseUnary() {
    if (!(isPunct("-") || isPunct("+"))) return parsePower();
    const Token& op = next();
    const Level level(*this, op);
    const int operand = parseUnary();
    return op.text == "-" ? addOperator(NodeKind::Unary, Op::Neg, op, {operand}) : operand;
  }

  // power := primary (('^' | '**') unary)?   (right-associative, tighter than unary minus on its left)
  int parsePower() {
    const int base = parsePrimary();
    if (!(isPunct("^") || isPunct("**"))) return base;
    const Token& op = next();
    const Level level(*this, op);
    const int exponent = parseUnary();
    return addOperator(NodeKind::Binary, Op::Pow, op, {base, exponent});
  }

  int parsePrimary() {
    const Token& token = peek();
    if (token.kind == Tok::Number) {
      ++pos_;
      Node node;
      node.kind = NodeKind::Number;
      node.number = token.number;
      node.line = token.line;
      node.column = token.column;
      return add(std::move(node));
    }
    if (token.kind == Tok::Name) {
      ++pos_;
      if (isPunct("(")) return parseCall(token);
      if (token.text != "f" && findFunction(token.text))
        fail("expected '(' after function '" + token.text + "'", peek().line, peek().column);
      Node node;
      node.kind = NodeKind::Name;
      node.name = token.text;
      node.line = token.line;
      node.column = token.column;
      return add(std::move(node));
    }
    if (isPunct("(")) {
      const Level level(*this, token);
      ++pos_;
      const int inner = parseSum();
      expectClose();
      return inner;
    }
    if (token.kind == Tok::Newline || token.kind == Tok::End)
      fail("unexpected " + describe(token) + ": the expression is incomplete", token.line, token.column);
    fail("unexpected " + describe(token), token.line, token.column);
  }

  void expectClose() {
    if (isPunct(")")) {
      ++pos_;
      return;
    }
    if (isComparison(peek())) failUnexpected();
    if (peek().kind == Tok::Name || peek().kind == Tok::Number || isPunct("(")) failUnexpected();
    fail("expected ')', got " + describe(peek()), peek().line, peek().column);
  }

  // if's condition: sum OP sum, one comparison.
  int parseCondition() {
    const Token& start = peek();
    const int left = parseSum();
    if (!isComparison(peek())) {
      if (isPunct("=")) fail("'=' in a condition: compare with '=='", peek().line, peek().column);
      fail("the condition of if(...) must be a comparison (< <= > >= == !=), as in if(g > 0, a, b)",
           start.line, start.column);
    }
    const Token& op = next();
    const int right = parseSum();
    if (isComparison(peek()))
      fail("comparisons cannot be chained: nest if(...) instead", peek().line, peek().column);
    return addOperator(NodeKind::Compare, comparisonOp(op.text), op, {left, right});
  }

  int parseCall(const Token& name) {
    const FunctionInfo* function = findFunction(name.text);
    if (!function) fail("unknown function '" + name.text + "'", name.line, name.column);
    const Level level(*this, peek());
    ++pos_;  // '('
    std::vector<int> args;
    if (!isPunct(")")) {
      for (;;) {
        const bool condition = function->op == Op::Select && args.empty();
        args.push_back(condition ? parseCondition() : parseExpression());
        if (!isPunct(",")) break;
        ++pos_;
      }
    }
    expectClose();
    if (static_cast<int>(args.size()) != function->arity) {
      fail("wrong number of arguments: '" + name.text + "' takes " + std::to_string(function->arity) +
               (function->arity == 1 ? " argument, got " : " arguments, got ") + std::to_string(args.size()),
           name.line, name.column);
    }
    Node node;
    node.kind = NodeKind::Call;
    node.op = function->op;
    node.name = name.text;
    node.args = std::move(args);
    node.line = name.line;
    node.column = name.column;
    return add(std::move(node));
  }

  std::vector<Token> tokens_;
  std::map<int, std::string> comments_;
  Parsed& out_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

bool isFunctionName(std::string_view name) { return findFunction(name) != nullptr; }

bool parse(std::string_view text, Parsed& parsed, ProgramError& error) {
  try {
    if (text.size() > kMaxProgramLength)
      fail("program longer than " + std::to_string(kMaxProgramLength) + " bytes", 1, 1);
    std::map<int, std::string> comments;
    std::vector<Token> tokens = Tokenizer(text).run(comments);
    Parser(std::move(tokens), std::move(comments), parsed).run();
  } catch (const Failure& failure) {
    error = failure.error;
    return false;
  }
  return true;
}

}  // namespace gs::program
