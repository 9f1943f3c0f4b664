// Optimizers written by users: a short program per optimizer, compiled once per edit to a flat tape and
// stepped like a built-in (Oracle in, next point out, lrScale from the run's schedule).
//
//   # Adam, written out in the built-in's order of operations
//   hyper lr = 0.001 [1e-6, 1, log], beta1 = 0.9 [0, 0.999], beta2 = 0.999 [0, 0.99999]
//   hyper eps = 1e-8 [1e-12, 1e-2, log]
//   state m = 0, v = 0
//   m = beta1 * m + (1 - beta1) * g
//   v = beta2 * v + (1 - beta2) * g^2
//   denom = sqrt(v) / sqrt(1 - beta2^t) + eps
//   x = x - lr / (1 - beta1^t) * (m / denom)
//
// The language:
// - `hyper NAME = VALUE [LO, HI]` or `[LO, HI, log]`, comma-separated: hyperparameters with their slider
//   ranges. A hyperparameter named `lr` reads as lr * lrScale (the run's learning-rate schedule).
// - `state NAME = EXPR`, comma-separated: per-coordinate state, set from EXPR (numbers and hyperparameters)
//   before the first step; every state variable must be assigned by some statement.
// - `NAME = EXPR`: a statement, applied to both coordinates, in the order written. Reading a name reads its
//   latest value (state reads last step's value until the statement that updates it). Any other name
//   assigned is a named intermediate, kept after each step for the explainer. `x = ...` sets the next point.
// - Built-ins: x (the point), g (the gradient at x), t (the step, from 1), f (the value at x), pi, e.
// - Operators + - * / ^ (or **, right-associative, tighter than unary minus: -g^2 = -(g^2)).
//   Functions: sin cos tan exp log sqrt abs tanh sinh cosh atan asin acos sign (one argument), min max
//   pow (two), clip(v, lo, hi); if(a OP b, then, else) with OP one of < <= > >= == != (a choice: both
//   sides are evaluated); grad(p) and f(p) at a point p written per coordinate (each an evaluation of the
//   surface, counted by the Oracle); norm(v) and dot(a, b) reduce over both coordinates.
// - `#` starts a comment; a line break ends a statement except inside parentheses or brackets.
// - No loops: every program terminates.
//
// Exactness: every operation is done in double in the order written (no reassociation, no fused
// multiply-add: the project builds with -ffp-contract=off). a^b is std::pow(a, b), except a literal
// exponent 2, which is a * a (torch squares gradients by multiplication; both are correctly rounded).
// min and max propagate NaN like torch.maximum; sign(0) = 0 and sign(NaN) = NaN, so a NaN is never hidden
// and a program whose numbers go non-finite returns a non-finite point, which the runner reports as
// diverged. Only operations on literal numbers are folded at compile time (the same operation, the same
// bits); subexpressions of hyperparameters alone are computed when a hyperparameter changes, those that
// do not depend on the coordinate once per step, the rest once per coordinate.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/math/vec2.hpp"
#include "core/optim/optimizer.hpp"
#include "core/optim/oracle.hpp"

namespace gs {

struct ProgramError {
  std::string message;  // e.g. "unknown name 'mhat'"
  int line = 0;         // 1-based
  int column = 0;       // 1-based, in bytes from the start of the line
};

// "line 3, column 5: unknown name 'mhat'".
std::string toString(const ProgramError& error);

// Deepest nesting of parentheses, calls and operators a program may have (deeper is a ProgramError).
inline constexpr int kMaxProgramDepth = 256;
// Longest program text accepted, in bytes.
inline constexpr std::size_t kMaxProgramLength = 64 * 1024;

// A compiled program: immutable, cheap to copy (the compiled form is shared), no globals.
class Program {
 public:
  static std::variant<Program, ProgramError> compile(std::string_view text);

  // One assignment statement, for the explainer (which walks the lines with the last step's values).
  struct Statement {
    std::string target;  // the name assigned: "m", "denom", "x"
    int line = 0, column = 0;
    bool perCoordinate = true;  // false: the value is the same for both coordinates (e.g. bc1 = 1 - beta1^t)
    std::string text;           // its source, "m = beta1 * m + (1 - beta1) * g" (comments and breaks dropped)
  };

  const std::string& text() const;
  // The .gso file the program was read from (`file:PATH.gso`), so that toSpec can name it; empty for a
  // program typed in the app or read from a scene.
  const std::string& sourcePath() const;
  Program withSourcePath(std::string path) const;
  // The program's first comment when it comes before any declaration or statement ("Adam, written out
  // in the built-in's order of operations"); empty otherwise.
  const std::string& title() const;
  // Declared hyperparameters in declaration order, as the app's generic parameter panel reads them
  // (type Real; the tooltip is the comment on the declaration's line, if any).
  const std::vector<ParamInfo>& params() const;
  const std::vector<std::string>& stateNames() const;  // in declaration order
  // Names assigned that are neither state nor x, in order of first assignment.
  const std::vector<std::string>& intermediateNames() const;
  const std::vector<Statement>& statements() const;
  // The names whose values are vectors, one number per coordinate: the state, then the intermediates
  // that differ per coordinate (not `bc1 = 1 - beta1^t`), in declaration and assignment order. Each can
  // be drawn as an arrow at its run's ball (RunLook::glyphName).
  std::vector<std::string> vectorNames() const;
  // Surface evaluations a step asks of the Oracle: 1 (g and f at x) plus one per grad(p) and f(p).
  int evaluationsPerStep() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  Program() = default;
  std::shared_ptr<const Impl> impl_;
};

inline std::variant<Program, ProgramError> compileProgram(std::string_view text) {
  return Program::compile(text);
}

// A value shown by name: state, an intermediate or a statement's result.
struct NamedValue {
  std::string name;
  Vec2 value;                 // both coordinates equal where !perCoordinate
  bool perCoordinate = true;  // false: one number (shown once)
};

// A program with its hyperparameter values and state: a value type (copyable, no globals), stepped like
// Optimizer::step.
class ProgramRun {
 public:
  explicit ProgramRun(Program program);

  const Program& program() const { return program_; }
  const std::vector<ParamInfo>& params() const { return program_.params(); }
  std::optional<double> param(std::string_view name) const;
  double param(std::size_t index) const;
  // Takes effect from the next step and never touches the state. False (and no change) for an unknown
  // name or a value outside the declared range (or not finite).
  bool setParam(std::string_view name, double value);
  bool setParam(std::size_t index, double value);
  std::vector<double> paramValues() const;
  // Values in params() order; false (and no change) if any is unknown or out of range.
  bool setParamValues(const std::vector<double>& values);
  // After an edit of the program: takes the values of same-named hyperparameters from the run of the
  // previous version, where they are inside this version's ranges (the rest keep their defaults).
  void carryParamsFrom(const ProgramRun& previous);

  // One update from x: returns x_{t+1}. lrScale multiplies a declared lr (learning-rate schedules).
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale = 1.0);
  // The declared state under its own names (before the first step: the initial values).
  std::vector<NamedValue> state() const;
  // One state variable's value by name (what state() holds for it, without building the list), or nullopt.
  std::optional<Vec2> stateValue(std::string_view name) const;
  // The value of one of program().vectorNames() after the last step (a state variable before the first
  // step: its initial value); nullopt for any other name.
  std::optional<Vec2> vectorValue(std::string_view name) const;
  // The named intermediates of the last step (their last assignment), in intermediateNames() order.
  std::vector<NamedValue> intermediates() const;
  // Each statement's value in the last step, in statements() order (for the explainer).
  std::vector<NamedValue> statementValues() const;
  // The common terms of the last step: step, point, value, gradient, learningRate (lr after the schedule,
  // 0 without a declared lr) and delta. Program-specific terms are intermediates().
  const Terms& terms() const { return terms_; }
  // The explainer's sub-steps of the last step: the gradient, then one per statement in program order
  // (its source line and the value it produced; the last assignment to x is the move).
  void explain(Explanation& explanation) const;
  std::int64_t stepCount() const { return step_; }
  void resetState();

 private:
  void runHyperCode();
  NamedValue registerValue(const std::string& name, int reg, bool perCoordinate) const;

  Program program_;
  std::vector<double> registers_;  // two lanes (the coordinates) per register
  std::int64_t step_ = 0;
  Terms terms_;
};

}  // namespace gs
