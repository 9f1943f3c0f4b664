// Program: compile once per edit; ProgramRun: hyperparameter values + state + the tape's registers,
// stepped like Optimizer::step.
#include "core/optim/program.hpp"

#include <algorithm>
#include <cmath>

#include "core/math/text.hpp"  // concat
#include "core/optim/explanation.hpp"
#include "core/optim/program_impl.hpp"

namespace gs {
namespace {

using program::Instruction;
using program::Op;

// One instruction's lanes: both coordinates, or one copied to the other for a uniform instruction.
template <class Operation>
[[gnu::always_inline]] inline void lanes(const Instruction& in, double* out, Operation operation) {
  out[0] = operation(0);
  out[1] = in.uniform ? out[0] : operation(1);
}

// Runs instructions over the two lanes (coordinates) of each register: one switch per instruction, the
// common arithmetic inline. Grad and ValueAt ask the Oracle (never reached without one: the compiler puts
// them in the step's code only); Norm and Dot reduce both lanes.
void runCode(const std::vector<Instruction>& code, double* registers, Oracle* oracle) {
  for (const Instruction& in : code) {
    double* out = registers + 2 * in.out;
    const double* a = registers + 2 * in.a;
    const double* b = registers + 2 * in.b;
    const double* c = registers + 2 * in.c;
    switch (in.op) {
      case Op::Add:
        lanes(in, out, [&](int l) { return a[l] + b[l]; });
        break;
      case Op::Sub:
        lanes(in, out, [&](int l) { return a[l] - b[l]; });
        break;
      case Op::Mul:
        lanes(in, out, [&](int l) { return a[l] * b[l]; });
        break;
      case Op::Div:
        lanes(in, out, [&](int l) { return a[l] / b[l]; });
        break;
      case Op::Square:
        lanes(in, out, [&](int l) { return a[l] * a[l]; });
        break;
      case Op::Sqrt:
        lanes(in, out, [&](int l) { return std::sqrt(a[l]); });
        break;
      case Op::Grad: {
        const Vec2 gradient = oracle->gradient({a[0], a[1]}).gradient;
        out[0] = gradient.x;
        out[1] = gradient.y;
        break;
      }
      case Op::ValueAt:
        out[0] = out[1] = oracle->value({a[0], a[1]});
        break;
      case Op::Norm:
        out[0] = out[1] = norm(Vec2{a[0], a[1]});
        break;
      case Op::Dot:
        out[0] = out[1] = dot(Vec2{a[0], a[1]}, Vec2{b[0], b[1]});
        break;
      default:
        lanes(in, out, [&](int l) { return program::apply(in.op, a[l], b[l], c[l]); });
        break;
    }
  }
}

// A statement's source from where it starts (its target) to the end of its statement: line breaks inside
// parentheses or brackets become spaces, comments go, runs of blanks become one.
std::string statementSource(std::string_view text, int line, int column) {
  std::size_t pos = 0;
  for (int l = 1; l < line && pos < text.size(); ++l) {
    const std::size_t next = text.find('\n', pos);
    if (next == std::string_view::npos) return {};
    pos = next + 1;
  }
  pos += static_cast<std::size_t>(std::max(column - 1, 0));
  std::string source;
  int depth = 0;
  bool comment = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '\n') {
      comment = false;
      if (depth == 0) break;
    }
    if (comment) continue;
    if (c == '#') {
      comment = true;
      continue;
    }
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    const bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (blank && (source.empty() || source.back() == ' ')) continue;
    source += blank ? ' ' : c;
  }
  while (!source.empty() && source.back() == ' ') source.pop_back();
  return source;
}

void setLanes(double* registers, int reg, Vec2 value) {
  registers[2 * reg] = value.x;
  registers[2 * reg + 1] = value.y;
}
void setUniform(double* registers, int reg, double value) {
  registers[2 * reg] = registers[2 * reg + 1] = value;
}

}  // namespace

std::string toString(const ProgramError& error) {
  if (error.line <= 0) return error.message;
  return "line " + std::to_string(error.line) + ", column " + std::to_string(error.column) + ": " +
         error.message;
}

std::variant<Program, ProgramError> Program::compile(std::string_view text) {
  program::Parsed parsed;
  ProgramError error;
  if (!program::parse(text, parsed, error)) return error;
  auto impl = std::make_shared<Impl>();
  if (!program::compile(parsed, *impl, error)) return error;
  impl->text = std::string(text);
  impl->title = std::move(parsed.title);
  for (Statement& statement : impl->statements)
    statement.text = statementSource(impl->text, statement.line, statement.column);
  Program compiled;
  compiled.impl_ = std::move(impl);
  return compiled;
}

const std::string& Program::text() const { return impl_->text; }
const std::string& Program::sourcePath() const { return impl_->sourcePath; }

Program Program::withSourcePath(std::string path) const {
  auto impl = std::make_shared<Impl>(*impl_);
  impl->sourcePath = std::move(path);
  Program copy;
  copy.impl_ = std::move(impl);
  return copy;
}

const std::string& Program::title() const { return impl_->title; }
const std::vector<ParamInfo>& Program::params() const { return impl_->params; }
const std::vector<std::string>& Program::stateNames() const { return impl_->stateNames; }
const std::vector<std::string>& Program::intermediateNames() const { return impl_->intermediateNames; }
const std::vector<Program::Statement>& Program::statements() const { return impl_->statements; }
std::vector<std::string> Program::vectorNames() const {
  std::vector<std::string> names = impl_->stateNames;
  for (std::size_t i = 0; i < impl_->intermediateNames.size(); ++i)
    if (impl_->tape.intermediatePerCoordinate[i]) names.push_back(impl_->intermediateNames[i]);
  return names;
}

int Program::evaluationsPerStep() const { return 1 + impl_->tape.oracleCalls; }

ProgramRun::ProgramRun(Program program) : program_(std::move(program)) {
  const program::Tape& tape = program_.impl().tape;
  registers_.assign(2 * static_cast<std::size_t>(tape.registerCount), 0.0);
  for (const auto& [reg, value] : tape.constants) setUniform(registers_.data(), reg, value);
  const std::vector<ParamInfo>& params = program_.params();
  for (std::size_t i = 0; i < params.size(); ++i)
    setUniform(registers_.data(), tape.hyperRegisters[i], params[i].defaultValue);
  setUniform(registers_.data(), tape.lrScaleRegister, 1.0);
  runHyperCode();
  resetState();
}

void ProgramRun::runHyperCode() { runCode(program_.impl().tape.hyperCode, registers_.data(), nullptr); }

std::optional<double> ProgramRun::param(std::string_view name) const {
  const std::vector<ParamInfo>& params = program_.params();
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i].name == name) return param(i);
  return std::nullopt;
}

double ProgramRun::param(std::size_t index) const {
  return registers_[2 * static_cast<std::size_t>(program_.impl().tape.hyperRegisters.at(index))];
}

bool ProgramRun::setParam(std::string_view name, double value) {
  const std::vector<ParamInfo>& params = program_.params();
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i].name == name) return setParam(i, value);
  return false;
}

bool ProgramRun::setParam(std::size_t index, double value) {
  const std::vector<ParamInfo>& params = program_.params();
  if (index >= params.size() || !(value >= params[index].min && value <= params[index].max)) return false;
  setUniform(registers_.data(), program_.impl().tape.hyperRegisters[index], value);
  runHyperCode();
  return true;
}

std::vector<double> ProgramRun::paramValues() const {
  std::vector<double> values;
  for (std::size_t i = 0; i < program_.params().size(); ++i) values.push_back(param(i));
  return values;
}

bool ProgramRun::setParamValues(const std::vector<double>& values) {
  const std::vector<ParamInfo>& params = program_.params();
  if (values.size() != params.size()) return false;
  for (std::size_t i = 0; i < params.size(); ++i)
    if (!(values[i] >= params[i].min && values[i] <= params[i].max)) return false;
  for (std::size_t i = 0; i < params.size(); ++i)
    setUniform(registers_.data(), program_.impl().tape.hyperRegisters[i], values[i]);
  runHyperCode();
  return true;
}

void ProgramRun::carryParamsFrom(const ProgramRun& previous) {
  const std::vector<ParamInfo>& params = program_.params();
  for (std::size_t i = 0; i < params.size(); ++i)
    if (const std::optional<double> value = previous.param(params[i].name)) setParam(i, *value);
}

void ProgramRun::resetState() {
  const program::Tape& tape = program_.impl().tape;
  double* registers = registers_.data();
  for (std::size_t i = 0; i < tape.stateRegisters.size(); ++i) {
    const int init = tape.stateInitRegisters[i];
    setLanes(registers, tape.stateRegisters[i], {registers[2 * init], registers[2 * init + 1]});
  }
  step_ = 0;
  terms_.reset();
}

Vec2 ProgramRun::step(Vec2 x, Oracle& oracle, double lrScale) {
  const program::Tape& tape = program_.impl().tape;
  double* registers = registers_.data();
  // State starts from its initial values as the hyperparameters are at the first step (as torch
  // creates its state lazily), so an edit before the run starts is honoured.
  if (step_ == 0) resetState();
  ++step_;
  setUniform(registers, tape.tRegister, static_cast<double>(step_));
  setUniform(registers, tape.lrScaleRegister, lrScale);
  runCode(tape.preStepCode, registers, nullptr);
  const ValueGrad valueGrad = oracle.gradient(x);
  setLanes(registers, tape.xRegister, x);
  setLanes(registers, tape.gRegister, valueGrad.gradient);
  setUniform(registers, tape.fRegister, valueGrad.value);
  runCode(tape.stepCode, registers, &oracle);
  for (std::size_t i = 0; i < tape.stateRegisters.size(); ++i) {
    const int final = tape.stateFinalRegisters[i];
    setLanes(registers, tape.stateRegisters[i], {registers[2 * final], registers[2 * final + 1]});
  }
  const Vec2 next{registers[2 * tape.nextXRegister], registers[2 * tape.nextXRegister + 1]};
  terms_.step = step_;
  terms_.point = x;
  terms_.value = valueGrad.value;
  terms_.gradient = valueGrad.gradient;
  terms_.learningRate = tape.lrIndex >= 0 ? param(static_cast<std::size_t>(tape.lrIndex)) * lrScale : 0.0;
  terms_.delta = next - x;
  return next;
}

NamedValue ProgramRun::registerValue(const std::string& name, int reg, bool perCoordinate) const {
  const auto at = 2 * static_cast<std::size_t>(reg);
  return {name, {registers_[at], registers_[at + 1]}, perCoordinate};
}

std::vector<NamedValue> ProgramRun::state() const {
  const program::Tape& tape = program_.impl().tape;
  std::vector<NamedValue> named;
  for (std::size_t i = 0; i < tape.stateRegisters.size(); ++i)
    named.push_back(registerValue(program_.stateNames()[i], tape.stateRegisters[i], true));
  return named;
}

std::optional<Vec2> ProgramRun::stateValue(std::string_view name) const {
  const std::vector<std::string>& names = program_.stateNames();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) {
      const auto at = 2 * static_cast<std::size_t>(program_.impl().tape.stateRegisters[i]);
      return Vec2{registers_[at], registers_[at + 1]};
    }
  return std::nullopt;
}

std::optional<Vec2> ProgramRun::vectorValue(std::string_view name) const {
  if (const std::optional<Vec2> state = stateValue(name)) return state;
  const program::Tape& tape = program_.impl().tape;
  const std::vector<std::string>& names = program_.intermediateNames();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name && tape.intermediatePerCoordinate[i])
      return registerValue(names[i], tape.intermediateRegisters[i], true).value;
  return std::nullopt;
}

std::vector<NamedValue> ProgramRun::intermediates() const {
  const program::Tape& tape = program_.impl().tape;
  std::vector<NamedValue> named;
  for (std::size_t i = 0; i < tape.intermediateRegisters.size(); ++i)
    named.push_back(registerValue(program_.intermediateNames()[i], tape.intermediateRegisters[i],
                                  tape.intermediatePerCoordinate[i]));
  return named;
}

std::vector<NamedValue> ProgramRun::statementValues() const {
  const program::Tape& tape = program_.impl().tape;
  std::vector<NamedValue> named;
  for (std::size_t i = 0; i < tape.statementRegisters.size(); ++i) {
    const Program::Statement& statement = program_.statements()[i];
    named.push_back(registerValue(statement.target, tape.statementRegisters[i], statement.perCoordinate));
  }
  return named;
}

void ProgramRun::explain(Explanation& explanation) const {
  if (step_ == 0) return;
  explanation.gradient();
  const std::vector<NamedValue> values = statementValues();
  const std::vector<Program::Statement>& statements = program_.statements();
  std::size_t move = statements.size();  // the last assignment to x
  for (std::size_t i = 0; i < statements.size(); ++i)
    if (statements[i].target == "x") move = i;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const Program::Statement& statement = statements[i];
    const std::string& source = statement.text;
    const std::string where = concat("line ", std::to_string(statement.line));
    if (i == move) {
      const std::size_t equals = source.find('=');
      std::string right = equals == std::string::npos ? source : source.substr(equals + 1);
      if (!right.empty() && right.front() == ' ') right.erase(0, 1);
      explanation.move(right);
      explanation.say(concat("The program's ", where, " sets the next point: x moves by ",
                             Explanation::vec(terms_.delta), " to ", Explanation::vec(values[i].value), "."));
      continue;
    }
    const std::string value =
        values[i].perCoordinate ? Explanation::vec(values[i].value) : Explanation::num(values[i].value.x);
    const bool isState = std::find(program_.stateNames().begin(), program_.stateNames().end(),
                                   statement.target) != program_.stateNames().end();
    // A vector is drawn from x_t on its own scale (an earlier x, a point, where it is); one number for
    // both coordinates is only written.
    if (statement.target == "x")
      explanation.point(source, concat(statement.target, " = ", value), values[i].value);
    else if (values[i].perCoordinate)
      explanation.value(source, concat(statement.target, " = ", value), values[i].value);
    else
      explanation.text(source, concat(statement.target, " = ", value));
    explanation.say(
        concat("Line ", std::to_string(statement.line), ": ", isState ? "the state " : "", statement.target,
               " is now ", value,
               values[i].perCoordinate ? ", one value per coordinate." : ", the same for both coordinates."));
  }
}

}  // namespace gs
