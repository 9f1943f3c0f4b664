// AST -> tape: one pass in post-order (shares x/y, folds constants, specialises constant powers),
// then linear-scan register allocation so registers are reused once their value is dead.
#include <cmath>

#include "core/expr/impl.hpp"

namespace gs::expr {
namespace {

struct Value {
  Instruction instruction;  // operands a, b are value indices until registers are assigned
  bool permanent = false;   // constants, x and y: set once per batch, never overwritten
};

class Compiler {
 public:
  std::vector<Value> values;

  int lower(const std::vector<Node>& nodes) {
    std::vector<int> valueOf(nodes.size(), -1);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      const int a = n.a >= 0 ? valueOf[static_cast<std::size_t>(n.a)] : -1;
      const int b = n.b >= 0 ? valueOf[static_cast<std::size_t>(n.b)] : -1;
      valueOf[i] = lowerNode(n, a, b);
    }
    return valueOf.back();
  }

 private:
  int x_ = -1, y_ = -1;

  int emit(Op op, int a, int b, double constant, bool permanent = false) {
    values.push_back({{op, 0, a, b, constant}, permanent});
    return static_cast<int>(values.size()) - 1;
  }
  bool isConstant(int v) const {
    return v >= 0 && values[static_cast<std::size_t>(v)].instruction.op == Op::Const;
  }
  double constantOf(int v) const { return values[static_cast<std::size_t>(v)].instruction.constant; }

  int lowerNode(const Node& n, int a, int b) {
    switch (n.op) {
      case Op::Const:
        return emit(Op::Const, -1, -1, n.number, true);
      case Op::X:
        return x_ >= 0 ? x_ : (x_ = emit(Op::X, -1, -1, 0.0, true));
      case Op::Y:
        return y_ >= 0 ? y_ : (y_ = emit(Op::Y, -1, -1, 0.0, true));
      default:
        break;
    }
    const bool binary = arity(n.op) == 2;
    if (isConstant(a) && (!binary || isConstant(b)))
      return emit(Op::Const, -1, -1, evaluateConstant(n.op, constantOf(a), binary ? constantOf(b) : 0.0),
                  true);
    if (n.op == Op::Pow && isConstant(b)) {
      const double exponent = constantOf(b);
      if (exponent == 2.0) return emit(Op::Square, a, -1, 0.0);
      return emit(Op::PowConst, a, -1, exponent);
    }
    if (binary && (isConstant(a) || isConstant(b))) return lowerWithConstant(n.op, a, b);
    return emit(n.op, a, binary ? b : -1, 0.0);
  }

  // One constant operand becomes part of the instruction; min, max and pow keep the register form.
  int lowerWithConstant(Op op, int a, int b) {
    const bool constantLeft = isConstant(a);
    const int operand = constantLeft ? b : a;
    const double c = constantOf(constantLeft ? a : b);
    switch (op) {
      case Op::Add:
        return emit(Op::AddConst, operand, -1, c);
      case Op::Mul:
        return emit(Op::MulConst, operand, -1, c);
      case Op::Sub:
        return emit(constantLeft ? Op::ConstSub : Op::SubConst, operand, -1, c);
      case Op::Div:
        return emit(constantLeft ? Op::ConstDiv : Op::DivConst, operand, -1, c);
      default:
        return emit(op, a, b, 0.0);
    }
  }
};

}  // namespace

Tape compile(const std::vector<Node>& nodes) {
  Compiler compiler;
  const int root = compiler.lower(nodes);
  std::vector<Value>& values = compiler.values;

  std::vector<int> lastUse(values.size(), -1);
  for (std::size_t v = 0; v < values.size(); ++v) {
    const Instruction& in = values[v].instruction;
    if (in.a >= 0) lastUse[static_cast<std::size_t>(in.a)] = static_cast<int>(v);
    if (in.b >= 0) lastUse[static_cast<std::size_t>(in.b)] = static_cast<int>(v);
  }

  Tape tape;
  std::vector<int> registerOf(values.size(), -1);
  std::vector<int> freeRegisters;
  const auto release = [&](int operand, int user) {
    const auto o = static_cast<std::size_t>(operand);
    if (operand >= 0 && !values[o].permanent && lastUse[o] == user && operand != root)
      freeRegisters.push_back(registerOf[o]);
  };
  for (std::size_t v = 0; v < values.size(); ++v) {
    Instruction in = values[v].instruction;
    const int user = static_cast<int>(v);
    if (lastUse[v] < 0 && user != root) continue;  // folded away: a constant nobody reads
    // Constants, x and y are written before the per-point code runs, so they need registers no
    // temporary ever used. A result never overwrites its own operands: the lane loops then never
    // alias, and the compiler's vectorised path (which checks for overlap) is taken.
    if (values[v].permanent || freeRegisters.empty()) {
      registerOf[v] = tape.registerCount++;
    } else {
      registerOf[v] = freeRegisters.back();
      freeRegisters.pop_back();
    }
    release(in.a, user);
    if (in.b != in.a) release(in.b, user);
    in.out = registerOf[v];
    if (in.a >= 0) in.a = registerOf[static_cast<std::size_t>(in.a)];
    if (in.b >= 0) in.b = registerOf[static_cast<std::size_t>(in.b)];
    if (in.op == Op::Const) {
      tape.constants.push_back(in);
    } else if (in.op == Op::X) {
      tape.xRegister = in.out;
    } else if (in.op == Op::Y) {
      tape.yRegister = in.out;
    } else {
      tape.code.push_back(in);
    }
  }
  tape.resultRegister = registerOf[static_cast<std::size_t>(root)];
  return tape;
}

}  // namespace gs::expr
