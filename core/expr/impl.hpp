// Internal to core: the parsed AST and the compiled tape behind gs::Expression.
//
// The AST is a flat vector in post-order (every node's operands come before it), so compiling and
// printing are loops and explicit stacks, never recursion as deep as the formula is long.
// The tape is the AST with x/y loads shared, constants folded, integer powers specialised, and
// registers reused (linear scan), so a long sum needs a handful of registers, not one per term.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expression.hpp"

namespace gs::expr {

// clang-format off
enum class Op : std::uint8_t {
  Const, X, Y,                                        // leaves
  Add, Sub, Mul, Div, Pow, Min, Max,                  // binary
  Neg, Sin, Cos, Tan, Exp, Log, Sqrt, Abs, Tanh, Sinh, Cosh, Atan, Asin, Acos,  // unary
  // Tape only: u^2, u^c, and arithmetic with a constant operand c (no broadcast register to read).
  Square, PowConst, AddConst, SubConst, ConstSub, MulConst, DivConst, ConstDiv,
};
// clang-format on

int arity(Op op);
const char* functionName(Op op);  // "sin", ... for functions; nullptr for operators and leaves

struct Node {
  Op op = Op::Const;
  int a = -1, b = -1;   // operand node indices (smaller than this node's)
  double number = 0.0;  // Const
  int column = 0;       // 1-based, where the node's text starts
};

struct Instruction {
  Op op = Op::Const;
  int out = 0, a = -1, b = -1;  // registers
  double constant = 0.0;        // Const value, PowConst's exponent, or the *Const ops' operand
};

struct Tape {
  std::vector<Instruction> constants;  // run once per batch: registers never reused
  std::vector<Instruction> code;       // run per point (or per block of points)
  int xRegister = -1, yRegister = -1;  // -1 where f does not use x (or y)
  int resultRegister = 0;
  int registerCount = 0;
};

Tape compile(const std::vector<Node>& nodes);
struct GlslCode {
  std::string expression;
  std::string problem;  // why the GPU cannot evaluate it faithfully; empty if it can
};
GlslCode printGlsl(const std::vector<Node>& nodes);
double evaluateConstant(Op op, double a, double b);

}  // namespace gs::expr

namespace gs {

struct Expression::Impl {
  std::string text;
  std::vector<expr::Node> nodes;  // root last
  expr::Tape tape;
};

}  // namespace gs
