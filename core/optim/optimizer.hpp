// An optimizer is Hyper (what the user edits) + State (the method's own state, as torch names it) + one
// update, written once over the number type (lanes.hpp) and recording its terms as it goes. The closed set
// of optimizers lives behind this value type; each one is one file pair in core/optim/ whose source opens
// with its update rule and the convention it follows (torch.optim where PyTorch has it).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/math/vec2.hpp"
#include "core/optim/oracle.hpp"

namespace gs {

class Explanation;  // explanation.hpp
class BatchRuns;    // batch.hpp
class Program;      // program.hpp
class ProgramRun;   // program.hpp

enum class ParamType { Real, Bool, Choice, Integer };

// One editable hyperparameter: drives the trace CLI's `name:key=value` parsing, --list, and the app's
// generic parameter panel (one widget function for every optimizer).
struct ParamInfo {
  std::string name;  // PyTorch's parameter name where it has one: "lr", "beta1", "eps"
  ParamType type = ParamType::Real;
  double defaultValue = 0.0;         // Bool: 0/1; Choice: index into choices
  double min = 0.0, max = 1.0;       // inclusive range accepted by setParam
  bool logScale = false;             // the UI uses a logarithmic slider
  std::string tooltip;               // what it does, in one or two sentences
  std::vector<std::string> choices;  // Choice only, e.g. {"none", "strong_wolfe"}
};

// The intermediate terms of the last update, for arrows, the state inspector and the step-by-step
// explainer, so nothing downstream recomputes them. Fields an optimizer does not have stay empty.
struct TermNumbers {
  std::int64_t step = 0;                // t of this update (1 for the first)
  Vec2 point;                           // x_t before the update
  double value = 0.0;                   // f(x_t) (or the minibatch estimate)
  Vec2 gradient;                        // the gradient the update used (at the look-ahead where there is one)
  double learningRate = 0.0;            // lr after the schedule
  std::optional<Vec2> lookahead;        // Nesterov-type methods: where the gradient is (notionally) taken
  std::optional<Vec2> firstMoment;      // momentum buffer / m / velocity
  std::optional<Vec2> secondMoment;     // v / square average / sum of squared gradients / ||u|| for Adamax
  std::optional<Vec2> firstMomentHat;   // bias-corrected m
  std::optional<Vec2> secondMomentHat;  // bias-corrected v (or the AMSGrad max)
  // What the step moves against, before the learning rate: delta = -effectiveLearningRate * direction
  // (plus any decayStep). g for SGD, the buffer for momentum, m_hat for Adam, sign(c) for Lion,
  // H^-1 g for Newton, -d (d the L-BFGS search direction) for L-BFGS.
  std::optional<Vec2> direction;
  // Per coordinate: lr over the optimizer's normaliser (lr / (sqrt(v_hat)+eps) for Adam, lr for SGD);
  // |step_i| / |g_i| for Newton and L-BFGS.
  std::optional<Vec2> effectiveLearningRate;
  Vec2 delta;  // the step actually taken: x_{t+1} - x_t

  // Added for the step-by-step explainer and the inspector (empty where an optimizer has no such term).
  std::optional<Vec2> previousFirstMoment;   // the first moment / buffer before this update
  std::optional<Vec2> previousSecondMoment;  // the second moment / accumulator before this update
  std::optional<Vec2> regularizedGradient;   // g + weight_decay * x, where L2 weight decay is on
  std::optional<Vec2> decayStep;             // decoupled weight decay's own move (AdamW, Lion): -lr*wd*x
  std::optional<Sym2> hessian;               // second-order methods: the Hessian at x_t
  std::optional<double> biasCorrection1;     // 1 - beta1^t
  std::optional<double> biasCorrection2;     // 1 - beta2^t
  std::optional<double> stepSize;  // the scalar step size applied (lr/(1-beta1^t), Adagrad's clr, L-BFGS's t)
  std::optional<double> rectification;     // RAdam's variance rectification r_t (when applied)
  std::optional<Vec2> interpolatedMoment;  // Lion's c = beta1 m + (1-beta1) g; QHM/QHAdam's nu-weighted mix
  // The per-coordinate divisor of an adaptive step: sqrt(v_t)/sqrt(1-beta2^t) + eps for Adam, sqrt(sum) + eps
  // for AdaGrad, sqrt(square_avg) + eps for RMSprop, exp_inf for Adamax.
  std::optional<Vec2> denominator;

  bool operator==(const TermNumbers&) const = default;  // bit for bit (NaN is never equal)
};

// The terms of a step: the numbers above, and the points L-BFGS visits inside one step (empty for every
// other optimizer). Kept apart so that resetting the numbers each step stays a plain copy (reset()).
struct Terms : TermNumbers {
  // L-BFGS with max_iter > 1: the iterates inside this step, after each inner iteration but the last
  // (so x_t and x_{t+1} are not in it), in order; at most Lbfgs::kMaxInnerPoints, evenly thinned past that.
  std::vector<Vec2> innerPoints;
  // L-BFGS with the strong-Wolfe line search: the points it tried in this step, in order (the accepted
  // ones included), at most Lbfgs::kMaxInnerPoints (the first ones).
  std::vector<Vec2> trialPoints;

  bool operator==(const Terms&) const = default;

  // Back to no terms, keeping the lists' memory.
  void reset() {
    static_cast<TermNumbers&>(*this) = TermNumbers{};
    innerPoints.clear();
    trialPoints.clear();
  }
};

struct NamedVec {
  std::string name;  // e.g. "momentum_buffer", "exp_avg", "exp_avg_sq", "square_avg"
  Vec2 value;
};

class Optimizer {
 public:
  // Catalog names in a stable order: sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, amsgrad,
  // adamw, adamax, nadam, radam, lbfgs, qhm, qhadam, lion, newton, newton_saddle_free.
  static const std::vector<std::string>& names();
  // A fresh optimizer with its defaults (presets such as "momentum" set their own), or nullopt.
  static std::optional<Optimizer> create(std::string_view name);
  // A user-written optimizer (program.hpp) running like any other: name() "program", title() the
  // program's title, params() its declared hyperparameters, state() its declared state under its own names.
  static Optimizer fromProgram(const Program& program);

  Optimizer(const Optimizer& other);
  Optimizer& operator=(const Optimizer& other);
  Optimizer(Optimizer&&) noexcept;
  Optimizer& operator=(Optimizer&&) noexcept;
  ~Optimizer();

  const std::string& name() const;        // as created, e.g. "momentum"
  const std::string& title() const;       // for people, e.g. "SGD with momentum"
  const std::string& convention() const;  // e.g. "torch.optim.Adam" or "Chen et al. 2023 (Lion)"
  const std::vector<ParamInfo>& params() const;

  std::optional<double> param(std::string_view name) const;
  double param(std::size_t index) const;
  // Sets a hyperparameter; takes effect from the next step and never touches the state. Returns false
  // (and changes nothing) for an unknown name or a value out of range.
  bool setParam(std::string_view name, double value);
  bool setParam(std::size_t index, double value);
  // Why the hyperparameters as set are refused together, as torch.optim refuses them (SGD's Nesterov
  // momentum without momentum or with dampening), or nullopt. Specs, scenes and trace check it.
  std::optional<std::string> settingsError() const;
  // All hyperparameters at once, in params() order (for recording and replaying changes).
  std::vector<double> paramValues() const;
  void setParamValues(const std::vector<double>& values);

  // One update from x: returns x_{t+1} and fills terms(). lrScale multiplies lr (learning-rate schedules).
  Vec2 step(Vec2 x, Oracle& oracle, double lrScale = 1.0);
  // The same update, bit for bit, without recording its terms: terms() still holds an earlier step's.
  // For the steps nobody looks at (a path recomputed from its start, a map's pixel, a seed): recording is
  // about a fifth of a runner's step. L-BFGS records as it goes either way.
  Vec2 stepQuietly(Vec2 x, Oracle& oracle, double lrScale = 1.0);
  // The terms of the last update, recorded by the update itself as it computed them.
  const Terms& terms() const;
  // Writes the sub-steps of the last update (the optimizer's own explainer text; see explain.hpp).
  void explain(Explanation& explanation) const;
  std::vector<NamedVec> state() const;  // the named state, for the inspector
  std::int64_t stepCount() const;
  void resetState();

  // The program behind a "program" optimizer (its text, statements, intermediates), or null for a built-in.
  const ProgramRun* programRun() const;

  struct Impl;  // the closed set of optimizers (a std::variant), defined in optimizer.cpp

 private:
  explicit Optimizer(std::unique_ptr<Impl> model);
  friend class BatchRuns;  // steps many runs of this configuration at once (batch.hpp)
  std::unique_ptr<Impl> impl_;
};

}  // namespace gs
