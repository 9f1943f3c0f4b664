// Parse -> tape: names resolved in program order, operations on literal numbers folded (by the same
// function the tape runs), each value placed where it is cheapest to compute (once per hyperparameter
// change, once per step, or once per coordinate), one register per value.
#include <algorithm>
#include <array>
#include <charconv>
#include <map>

#include "core/optim/program_impl.hpp"

namespace gs::program {
namespace {

// Where a value is computed: ordered, so an operation's kind is the largest of its operands'.
// Step: from t, the schedule and hyperparameters alone (beta1^t), computed before the step's gradient so
// the CPU overlaps its powers with the surface's evaluation. Uniform: one value for both coordinates.
enum class Kind : std::uint8_t { Constant, Hyper, Step, Uniform, PerCoordinate };

struct Value {
  Instruction instruction;
  Kind kind = Kind::Constant;
  bool input = false;     // written from outside the tape (constants, hypers, x, g, t, f, state)
  double constant = 0.0;  // Constant
};

struct Failure {
  ProgramError error;
};

[[noreturn]] void fail(std::string message, int line, int column) {
  throw Failure{{std::move(message), line, column}};
}

std::string formatNumber(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

enum class SymbolType : std::uint8_t { Hyper, State, Intermediate, Builtin };

struct Symbol {
  SymbolType type = SymbolType::Builtin;
  int value = 0;   // the register of its latest value
  int index = -1;  // Hyper, State: the declaration's index; Intermediate: index in intermediateNames
  int line = 0;    // declared or first assigned (0: built in)
};

const char* builtinRole(std::string_view name) {
  if (name == "x") return "the point";
  if (name == "g") return "the gradient at x";
  if (name == "t") return "the step number";
  if (name == "f") return "the value at x";
  if (name == "pi" || name == "e") return "a constant";
  return nullptr;
}

bool isKeyword(std::string_view name) { return name == "hyper" || name == "state" || name == "log"; }

class Compiler {
 public:
  Compiler(const Parsed& parsed, Program::Impl& impl) : parsed_(parsed), impl_(impl), tape_(impl.tape) {}

  void run() {
    values_.push_back({});  // register 0: always 0
    tape_.lrScaleRegister = input(Kind::Step);
    tape_.tRegister = input(Kind::Step);
    tape_.fRegister = input(Kind::Uniform);
    tape_.xRegister = input(Kind::PerCoordinate);
    tape_.gRegister = input(Kind::PerCoordinate);
    symbols_["x"] = {SymbolType::Builtin, tape_.xRegister, -1, 0};
    symbols_["g"] = {SymbolType::Builtin, tape_.gRegister, -1, 0};
    symbols_["t"] = {SymbolType::Builtin, tape_.tRegister, -1, 0};
    symbols_["f"] = {SymbolType::Builtin, tape_.fRegister, -1, 0};
    symbols_["pi"] = {SymbolType::Builtin, constant(3.141592653589793), -1, 0};
    symbols_["e"] = {SymbolType::Builtin, constant(2.718281828459045), -1, 0};
    recordFirstDefinitions();

    bool xAssigned = false;
    for (const Parsed::Item& item : parsed_.items) {
      const auto index = static_cast<std::size_t>(item.index);
      switch (item.kind) {
        case Parsed::Item::Kind::Hyper:
          declareHyper(parsed_.hypers[index], item.index);
          break;
        case Parsed::Item::Kind::State:
          declareState(parsed_.states[index], item.index);
          break;
        case Parsed::Item::Kind::Assign:
          xAssigned |= assign(parsed_.statements[index]);
          break;
      }
    }
    for (std::size_t i = 0; i < parsed_.states.size(); ++i) {
      const StateDecl& state = parsed_.states[i];
      const int final = symbols_.at(state.name).value;
      if (final == tape_.stateRegisters[i])
        fail("state '" + state.name + "' is never updated: add a statement like " + state.name + " = ...",
             state.line, state.column);
      tape_.stateFinalRegisters.push_back(final);
    }
    if (!xAssigned) {
      fail(parsed_.items.empty() ? "the program is empty: write at least x = x - lr * g (and hyper lr = ...)"
                                 : "the program never sets x, the next point: add a statement like "
                                   "x = x - lr * g",
           parsed_.endLine, parsed_.endColumn);
    }
    tape_.nextXRegister = symbols_.at("x").value;
    for (const std::string& name : impl_.intermediateNames) {
      const int reg = symbols_.at(name).value;
      tape_.intermediateRegisters.push_back(reg);
      tape_.intermediatePerCoordinate.push_back(values_[static_cast<std::size_t>(reg)].kind ==
                                                Kind::PerCoordinate);
    }
    emitTape();
  }

 private:
  int push(Value value) {
    const int reg = static_cast<int>(values_.size());
    value.instruction.out = reg;
    values_.push_back(value);
    return reg;
  }
  int input(Kind kind) {
    Value value;
    value.kind = kind;
    value.input = true;
    return push(value);
  }
  int constant(double number) {
    Value value;
    value.kind = Kind::Constant;
    value.input = true;
    value.constant = number;
    return push(value);
  }
  const Value& at(int reg) const { return values_[static_cast<std::size_t>(reg)]; }

  // One operation on registers a, b, c (0 where unused): folded when every operand is a literal number.
  int emit(Op op, int a, int b = 0, int c = 0) {
    Kind kind = std::max({at(a).kind, at(b).kind, at(c).kind});
    switch (op) {
      case Op::Grad:
        kind = Kind::PerCoordinate;  // asks the Oracle, every step
        break;
      case Op::ValueAt:
        kind = Kind::Uniform;  // asks the Oracle
        break;
      case Op::Norm:
      case Op::Dot:
        // One number for both coordinates; of literal numbers still computed (on a hyperparameter change).
        kind = std::clamp(kind, Kind::Hyper, Kind::Uniform);
        break;
      default:
        break;
    }
    if (kind == Kind::Constant) return constant(apply(op, at(a).constant, at(b).constant, at(c).constant));
    Value value;
    value.kind = kind;
    value.instruction = {op, kind != Kind::PerCoordinate, 0, a, b, c};
    if (op == Op::Grad || op == Op::ValueAt) ++tape_.oracleCalls;
    return push(value);
  }

  // Where each name was first declared or assigned, so that a use before it says so.
  void recordFirstDefinitions() {
    for (const Parsed::Item& item : parsed_.items) {
      const auto index = static_cast<std::size_t>(item.index);
      const auto record = [&](const std::string& name, int line) { firstDefinition_.emplace(name, line); };
      switch (item.kind) {
        case Parsed::Item::Kind::Hyper:
          record(parsed_.hypers[index].name, parsed_.hypers[index].line);
          break;
        case Parsed::Item::Kind::State:
          record(parsed_.states[index].name, parsed_.states[index].line);
          break;
        case Parsed::Item::Kind::Assign:
          record(parsed_.statements[index].target, parsed_.statements[index].line);
          break;
      }
    }
  }

  void checkNewName(const std::string& name, const char* what, int line, int column) {
    if (const char* role = builtinRole(name))
      fail("'" + name + "' is built in (" + role + "): choose another name for the " + what, line, column);
    if (isFunctionName(name))
      fail("'" + name + "' is a function: choose another name for the " + what, line, column);
    if (isKeyword(name))
      fail("'" + name + "' is a keyword: choose another name for the " + what, line, column);
    const auto existing = symbols_.find(name);
    if (existing != symbols_.end())
      fail("'" + name + "' is already " +
               (existing->second.type == SymbolType::Intermediate ? "assigned" : "declared") + " on line " +
               std::to_string(existing->second.line),
           line, column);
  }

  void declareHyper(const HyperDecl& decl, int index) {
    checkNewName(decl.name, "hyperparameter", decl.line, decl.column);
    if (!(decl.min <= decl.max))
      fail("the range of '" + decl.name + "' is empty: " + formatNumber(decl.min) + " > " +
               formatNumber(decl.max),
           decl.line, decl.column);
    if (decl.logScale && !(decl.min > 0.0))
      fail("a log range must be positive: the range of '" + decl.name + "' starts at " +
               formatNumber(decl.min),
           decl.line, decl.column);
    if (!(decl.value >= decl.min && decl.value <= decl.max))
      fail("the value " + formatNumber(decl.value) + " of '" + decl.name + "' is outside its range [" +
               formatNumber(decl.min) + ", " + formatNumber(decl.max) + "]",
           decl.valueLine, decl.valueColumn);
    const int reg = input(Kind::Hyper);
    tape_.hyperRegisters.push_back(reg);
    symbols_[decl.name] = {SymbolType::Hyper, reg, index, decl.line};
    if (decl.name == "lr") tape_.lrIndex = index;
    ParamInfo info;
    info.name = decl.name;
    info.type = ParamType::Real;
    info.defaultValue = decl.value;
    info.min = decl.min;
    info.max = decl.max;
    info.logScale = decl.logScale;
    info.tooltip = decl.comment.empty() ? "Declared on line " + std::to_string(decl.line) + " of the program."
                                        : decl.comment;
    impl_.params.push_back(std::move(info));
  }

  void declareState(const StateDecl& decl, int index) {
    checkNewName(decl.name, "state", decl.line, decl.column);
    // The initial value is computed before the first step, from numbers and hyperparameters only.
    const int init = lower(decl.first, decl.init, &decl);
    tape_.stateInitRegisters.push_back(init);
    const int reg = input(Kind::PerCoordinate);
    tape_.stateRegisters.push_back(reg);
    symbols_[decl.name] = {SymbolType::State, reg, index, decl.line};
    impl_.stateNames.push_back(decl.name);
  }

  // Returns true when the statement sets x.
  bool assign(const AssignStatement& statement) {
    const std::string& name = statement.target;
    const auto reject = [&](const std::string& message) { fail(message, statement.line, statement.column); };
    if (name == "g" || name == "t" || name == "f" || name == "pi" || name == "e")
      reject("cannot assign to '" + name + "': it is " + builtinRole(name));
    if (isFunctionName(name)) reject("cannot assign to '" + name + "': it is a function");
    if (isKeyword(name)) reject("cannot assign to '" + name + "': it is a keyword");
    const auto existing = symbols_.find(name);
    if (existing != symbols_.end() && existing->second.type == SymbolType::Hyper)
      reject("cannot assign to hyperparameter '" + name +
             "': its value comes from the slider (or the command line)");

    int reg = lower(statement.first, statement.root, nullptr);
    // Each statement keeps its own register, so the explainer reads its value after the step even when it
    // copies a value the step overwrites (a state's previous value).
    if (at(reg).input && at(reg).kind != Kind::Constant) reg = emit(Op::Copy, reg);
    tape_.statementRegisters.push_back(reg);
    impl_.statements.push_back(
        {name, statement.line, statement.column, at(reg).kind == Kind::PerCoordinate, {}});

    if (existing != symbols_.end()) {
      existing->second.value = reg;
    } else {
      symbols_[name] = {SymbolType::Intermediate, reg, static_cast<int>(impl_.intermediateNames.size()),
                        statement.line};
      impl_.intermediateNames.push_back(name);
    }
    return name == "x";
  }

  int resolve(const Node& node, const StateDecl* init) {
    const auto symbol = symbols_.find(node.name);
    if (symbol == symbols_.end()) {
      const auto later = firstDefinition_.find(node.name);
      if (later != firstDefinition_.end())
        fail("'" + node.name + "' is used before it is defined on line " + std::to_string(later->second),
             node.line, node.column);
      fail("unknown name '" + node.name + "'", node.line, node.column);
    }
    const Symbol& s = symbol->second;
    if (init) {
      if (s.type == SymbolType::Hyper || node.name == "pi" || node.name == "e") return s.value;
      fail("the initial value of state '" + init->name + "' can use numbers and hyperparameters only, not '" +
               node.name + "'",
           node.line, node.column);
    }
    if (s.type == SymbolType::Hyper && s.index == tape_.lrIndex) {
      // The schedule scales lr in the statements (state initial values use the declared lr).
      if (tape_.scaledLrRegister == 0) tape_.scaledLrRegister = emit(Op::Mul, s.value, tape_.lrScaleRegister);
      return tape_.scaledLrRegister;
    }
    return s.value;
  }

  // Lowers the nodes [first, root] in order, a loop rather than a recursion: a sum of thousands of terms
  // is a tree thousands deep, which must not be a stack that deep.
  int lower(int first, int root, const StateDecl* init) {
    valueOf_.resize(parsed_.nodes.size());
    for (int index = first; index <= root; ++index)
      valueOf_[static_cast<std::size_t>(index)] =
          lowerNode(parsed_.nodes[static_cast<std::size_t>(index)], init);
    return valueOf_[static_cast<std::size_t>(root)];
  }

  int lowerNode(const Node& node, const StateDecl* init) {
    switch (node.kind) {
      case NodeKind::Number:
        return constant(node.number);
      case NodeKind::Name:
        return resolve(node, init);
      default:
        break;
    }
    std::array<int, 3> args{0, 0, 0};
    for (std::size_t i = 0; i < node.args.size() && i < args.size(); ++i)
      args[i] = valueOf_[static_cast<std::size_t>(node.args[i])];
    if (init && (node.op == Op::Grad || node.op == Op::ValueAt))
      fail("the initial value of state '" + init->name + "' cannot evaluate the surface", node.line,
           node.column);
    // A literal exponent 2 squares by multiplication (torch's grad * grad); every other power is std::pow.
    if (node.op == Op::Pow && at(args[1]).kind == Kind::Constant && at(args[1]).constant == 2.0)
      return emit(Op::Square, args[0]);
    return emit(node.op, args[0], args[1], args[2]);
  }

  void emitTape() {
    tape_.registerCount = static_cast<int>(values_.size());
    for (std::size_t reg = 0; reg < values_.size(); ++reg) {
      const Value& value = values_[reg];
      if (value.kind == Kind::Constant) {
        if (reg != 0) tape_.constants.emplace_back(static_cast<int>(reg), value.constant);
      } else if (!value.input) {
        std::vector<Instruction>& code = value.kind == Kind::Hyper  ? tape_.hyperCode
                                         : value.kind == Kind::Step ? tape_.preStepCode
                                                                    : tape_.stepCode;
        code.push_back(value.instruction);
      }
    }
  }

  const Parsed& parsed_;
  Program::Impl& impl_;
  Tape& tape_;
  std::vector<Value> values_;
  std::map<std::string, Symbol> symbols_;
  std::map<std::string, int> firstDefinition_;  // name -> line
  std::vector<int> valueOf_;                    // node index -> register
};

}  // namespace

bool compile(const Parsed& parsed, Program::Impl& impl, ProgramError& error) {
  try {
    Compiler(parsed, impl).run();
  } catch (const Failure& failure) {
    error = failure.error;
    return false;
  }
  return true;
}

}  // namespace gs::program
