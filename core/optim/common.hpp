// What every optimizer file shares: the hyperparameter field table (one row per ParamInfo, with
// typed access to the Hyper struct), ParamInfo builders for the common parameters, and the few
// element-wise helpers the update rules need.
#pragma once
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/optim/optimizer.hpp"

namespace gs::optim {

// One editable hyperparameter of an optimizer whose hyperparameters are the struct Hyper.
template <class Hyper>
struct Field {
  ParamInfo info;
  double (*get)(const Hyper&);
  void (*set)(Hyper&, double);
};

namespace detail {
template <auto Member>
struct MemberAccess;

template <class H, class T, T H::*Member>
struct MemberAccess<Member> {
  using Hyper = H;
  static double get(const H& hyper) {
    if constexpr (std::is_enum_v<T>) {
      return static_cast<double>(static_cast<int>(hyper.*Member));
    } else {
      return static_cast<double>(hyper.*Member);
    }
  }
  static void set(H& hyper, double value) {
    if constexpr (std::is_same_v<T, bool>) {
      hyper.*Member = value != 0.0;
    } else if constexpr (std::is_enum_v<T>) {
      hyper.*Member = static_cast<T>(static_cast<int>(value));
    } else {
      hyper.*Member = static_cast<T>(value);
    }
  }
};
}  // namespace detail

// A row bound to a member of Hyper; its default is read from a default-constructed Hyper so the
// table and the struct can never disagree.
template <auto Member>
auto field(ParamInfo info) {
  using Access = detail::MemberAccess<Member>;
  using Hyper = typename Access::Hyper;
  info.defaultValue = Access::get(Hyper{});
  return Field<Hyper>{std::move(info), &Access::get, &Access::set};
}

inline ParamInfo realParam(std::string name, double min, double max, bool logScale, std::string tooltip) {
  ParamInfo info;
  info.name = std::move(name);
  info.type = ParamType::Real;
  info.min = min;
  info.max = max;
  info.logScale = logScale;
  info.tooltip = std::move(tooltip);
  return info;
}

inline ParamInfo boolParam(std::string name, std::string tooltip) {
  ParamInfo info = realParam(std::move(name), 0.0, 1.0, false, std::move(tooltip));
  info.type = ParamType::Bool;
  return info;
}

inline ParamInfo integerParam(std::string name, double min, double max, std::string tooltip) {
  ParamInfo info = realParam(std::move(name), min, max, false, std::move(tooltip));
  info.type = ParamType::Integer;
  return info;
}

inline ParamInfo choiceParam(std::string name, std::vector<std::string> choices, std::string tooltip) {
  ParamInfo info =
      realParam(std::move(name), 0.0, static_cast<double>(choices.size() - 1), false, std::move(tooltip));
  info.type = ParamType::Choice;
  info.choices = std::move(choices);
  return info;
}

// The ranges below are what the UI's sliders span and what setParam accepts.
inline ParamInfo lrParam(std::string tooltip = "Learning rate: how far each update moves.") {
  return realParam("lr", 1e-8, 100.0, true, std::move(tooltip));
}
inline ParamInfo epsParam(std::string tooltip) {
  return realParam("eps", 1e-16, 1.0, true, std::move(tooltip));
}
inline ParamInfo betaParam(std::string name, std::string tooltip) {
  return realParam(std::move(name), 0.0, 0.999999, false, std::move(tooltip));
}
inline ParamInfo weightDecayParam() {
  return realParam("weight_decay", 0.0, 10.0, false,
                   "L2 penalty: adds weight_decay * x to the gradient, pulling x towards the origin.");
}

// torch.maximum: a NaN in either wins (fmax would drop it); a compare and a select, not a libm call.
inline double maximum(double a, double b) { return (a > b || std::isnan(a)) ? a : b; }
inline Vec2 maxElementwise(Vec2 a, Vec2 b) { return {maximum(a.x, b.x), maximum(a.y, b.y)}; }
inline double sign(double v) { return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : 0.0); }  // torch.sign: sign(0) = 0
inline Vec2 sign(Vec2 v) { return {sign(v.x), sign(v.y)}; }
inline Vec2 square(Vec2 v) { return mul(v, v); }
inline Vec2 splat(double v) { return {v, v}; }
inline Vec2 addScalar(Vec2 v, double s) { return {v.x + s, v.y + s}; }
// |step_i| / |g_i| per coordinate (0 where g_i is 0): the effective learning rate of methods whose step
// is not a per-coordinate scaling of the gradient (Newton, L-BFGS).
inline Vec2 stepPerGradient(Vec2 step, Vec2 gradient) {
  return {gradient.x != 0.0 ? std::fabs(step.x / gradient.x) : 0.0,
          gradient.y != 0.0 ? std::fabs(step.y / gradient.y) : 0.0};
}

// The effective learning rate of an adaptive step, lr / denominator, for finishTerms.
inline void finishEffectiveLearningRate(Terms& terms, double lr) {
  terms.effectiveLearningRate = div(splat(lr), terms.denominator.value());
}

// Evaluates f and its gradient at x through the oracle (so it is counted) and records both in terms.
[[gnu::always_inline]] inline Vec2 observeGradient(Vec2 x, Oracle& oracle, Terms& terms) {
  const ValueGrad valueGrad = oracle.gradient(x);
  terms.value = valueGrad.value;
  terms.gradient = valueGrad.gradient;
  return valueGrad.gradient;
}

// torch's L2 weight decay: grad = grad + weight_decay * param (skipped when 0, as torch does).
inline Vec2 l2Regularized(Vec2 gradient, Vec2 x, double weightDecay) {
  return weightDecay == 0.0 ? gradient : gradient + weightDecay * x;
}

// The same, recorded in terms.
inline Vec2 addWeightDecay(Vec2 gradient, Vec2 x, double weightDecay, Terms& terms) {
  if (weightDecay == 0.0) return gradient;
  const Vec2 regularized = l2Regularized(gradient, x, weightDecay);
  terms.regularizedGradient = regularized;
  return regularized;
}

// For steps whose terms are derived on read (finishTerms): the regularized gradient again, from the
// recorded point and gradient, by the same operations; recorded when weight decay is on, and returned.
inline Vec2 finishWeightDecayTerm(Terms& terms, double weightDecay) {
  if (weightDecay == 0.0) return terms.gradient;
  terms.regularizedGradient = l2Regularized(terms.gradient, terms.point, weightDecay);
  return *terms.regularizedGradient;
}

}  // namespace gs::optim
