// Internal to core: the parsed form and the compiled tape behind gs::Program.
//
// Parsing (program_parse.cpp) gives declarations and statements over a flat AST whose names are still
// text; compiling (program_compile.cpp) resolves the names in program order and lowers the AST to a
// tape of instructions, one register per value and no register reused, so every statement's value (and
// every subexpression's) is still there after a step for the explainer. Each register has two lanes, the
// two coordinates; a uniform instruction (its value the same for both coordinates) computes one lane and
// copies it. Maps run the same tape over many runs at once (ProgramBatch, program_batch.hpp: each register
// then has 2 * runs lanes).
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/optim/program.hpp"

namespace gs::program {

// clang-format off
enum class Op : std::uint8_t {
  Input,                                              // written by the runner: constants, hypers, x, g, t, f, state
  Add, Sub, Mul, Div, Pow, Min, Max,                  // binary
  Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual,  // comparisons: 1 or 0
  Neg, Sin, Cos, Tan, Exp, Log, Sqrt, Abs, Tanh, Sinh, Cosh, Atan, Asin, Acos, Sign, Square, Copy,  // unary
  Clip, Select,                                       // three operands: clip(v, lo, hi), if(c, a, b)
  Grad, ValueAt, Norm, Dot,                           // read both coordinates of their operands
};
// clang-format on

// ---- Parsing ----

enum class NodeKind : std::uint8_t { Number, Name, Unary, Binary, Compare, Call };

struct Node {
  NodeKind kind = NodeKind::Number;
  Op op = Op::Input;         // Unary/Binary/Compare: the operation
  double number = 0.0;       // Number
  std::string name;          // Name, Call: the identifier
  std::vector<int> args;     // operands (node indices, smaller than this node's)
  int line = 0, column = 0;  // where the node's text starts (operators: the operator)
};

struct HyperDecl {
  std::string name;
  double value = 0.0, min = 0.0, max = 0.0;
  bool logScale = false;
  std::string comment;  // the comment on the declaration's line (its tooltip)
  int line = 0, column = 0;
  int valueLine = 0, valueColumn = 0;
};

// An expression is the nodes [first, root]: the parser adds them in post-order, each after its operands.
struct StateDecl {
  std::string name;
  int first = -1, init = -1;  // node indices: the initial value's first node and its root
  int line = 0, column = 0;
};

struct AssignStatement {
  std::string target;
  int first = -1, root = -1;  // node indices
  int line = 0, column = 0;
};

struct Parsed {
  std::vector<Node> nodes;
  std::vector<HyperDecl> hypers;
  std::vector<StateDecl> states;
  // Declarations and statements in program order: names resolve in this order.
  struct Item {
    enum class Kind : std::uint8_t { Hyper, State, Assign } kind;
    int index;
  };
  std::vector<Item> items;
  std::vector<AssignStatement> statements;
  int endLine = 1, endColumn = 1;  // just after the last character
  std::string title;               // the first comment, when it comes before any declaration or statement
};

// Throws nothing; fills `error` and returns false on failure.
bool isFunctionName(std::string_view name);
bool parse(std::string_view text, Parsed& parsed, ProgramError& error);

// ---- The tape ----

// torch.maximum / torch.minimum: a NaN in either operand wins.
inline double maximum(double a, double b) { return (a > b || a != a) ? a : b; }
inline double minimum(double a, double b) { return (a < b || a != a) ? a : b; }
// torch.sign, except that NaN stays NaN (and -0 stays -0): a NaN is never hidden.
inline double signOf(double v) { return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : v); }

// One operation on one lane. The compiler folds literal operands with it and the tape runs it, so a
// folded value has the same bits as a computed one. Grad, ValueAt, Norm and Dot read both lanes and are
// done by the tape itself.
[[gnu::always_inline]] inline double apply(Op op, double a, double b, double c) {
  switch (op) {
    case Op::Add:
      return a + b;
    case Op::Sub:
      return a - b;
    case Op::Mul:
      return a * b;
    case Op::Div:
      return a / b;
    case Op::Pow:
      return std::pow(a, b);
    case Op::Min:
      return minimum(a, b);
    case Op::Max:
      return maximum(a, b);
    case Op::Less:
      return a < b ? 1.0 : 0.0;
    case Op::LessEqual:
      return a <= b ? 1.0 : 0.0;
    case Op::Greater:
      return a > b ? 1.0 : 0.0;
    case Op::GreaterEqual:
      return a >= b ? 1.0 : 0.0;
    case Op::Equal:
      return a == b ? 1.0 : 0.0;
    case Op::NotEqual:
      return a != b ? 1.0 : 0.0;
    case Op::Neg:
      return -a;
    case Op::Sin:
      return std::sin(a);
    case Op::Cos:
      return std::cos(a);
    case Op::Tan:
      return std::tan(a);
    case Op::Exp:
      return std::exp(a);
    case Op::Log:
      return std::log(a);
    case Op::Sqrt:
      return std::sqrt(a);
    case Op::Abs:
      return std::fabs(a);
    case Op::Tanh:
      return std::tanh(a);
    case Op::Sinh:
      return std::sinh(a);
    case Op::Cosh:
      return std::cosh(a);
    case Op::Atan:
      return std::atan(a);
    case Op::Asin:
      return std::asin(a);
    case Op::Acos:
      return std::acos(a);
    case Op::Sign:
      return signOf(a);
    case Op::Square:
      return a * a;
    case Op::Copy:
      return a;
    case Op::Clip:
      return minimum(maximum(a, b), c);  // torch.clamp(v, lo, hi)
    case Op::Select:
      return a != 0.0 ? b : c;
    case Op::Input:
    case Op::Grad:
    case Op::ValueAt:
    case Op::Norm:
    case Op::Dot:
      break;
  }
  return a;
}

struct Instruction {
  Op op = Op::Copy;
  bool uniform = false;              // one value for both coordinates
  int out = 0, a = 0, b = 0, c = 0;  // registers (0 is a register that always holds 0)
};

struct Tape {
  int registerCount = 1;
  std::vector<std::pair<int, double>> constants;  // set once when a run is made
  std::vector<Instruction> hyperCode;             // depends on hyperparameters only: run on setParam
  std::vector<Instruction> preStepCode;           // depends on t, lrScale and hypers: before the gradient
  std::vector<Instruction> stepCode;              // the rest of the step
  std::vector<int> hyperRegisters;                // per declared hyperparameter
  int lrIndex = -1;                               // the hyperparameter named lr, if any
  int lrScaleRegister = 0, tRegister = 0, fRegister = 0, xRegister = 0, gRegister = 0;
  int scaledLrRegister = 0;              // lr * lrScale, when lr is declared
  std::vector<int> stateRegisters;       // the state between steps
  std::vector<int> stateInitRegisters;   // each state's initial value (hyperCode computes it)
  std::vector<int> stateFinalRegisters;  // each state's value after the step's statements
  int nextXRegister = 0;
  std::vector<int> statementRegisters;     // per statement
  std::vector<int> intermediateRegisters;  // per intermediate name (its last assignment)
  std::vector<bool> intermediatePerCoordinate;
  int oracleCalls = 0;  // grad(p) and f(p) per step
};

}  // namespace gs::program

namespace gs {

struct Program::Impl {
  std::string text;
  std::string sourcePath;
  std::string title;
  std::vector<ParamInfo> params;
  std::vector<std::string> stateNames;
  std::vector<std::string> intermediateNames;
  std::vector<Statement> statements;
  program::Tape tape;
};

// The compiler: resolves names and lowers the parse to a tape (program_compile.cpp).
namespace program {
bool compile(const Parsed& parsed, Program::Impl& impl, ProgramError& error);
}  // namespace program

}  // namespace gs
