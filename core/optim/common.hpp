// What every optimizer file shares: the hyperparameter field table (one row per ParamInfo, with
// typed access to the Hyper struct), ParamInfo builders for the common parameters, the sinks an update
// records its terms into, and torch's L2 weight decay. The number type (double or lanes) is lanes.hpp.
#pragma once
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/optim/explanation.hpp"
#include "core/optim/lanes.hpp"
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

// Where an update writes the terms it exposes (Terms: arrows, inspector, explainer). The update is one
// template over its Record: RecordTerms when the app steps one run and reads its terms, NoTerms in the
// batch kernel, where every call is empty and the compiler drops what only fed it. So the terms are the
// very numbers the move used, produced by the same lines.
struct NoTerms {
  static constexpr bool kRecords = false;
  template <class... A>
  void operator()(const A&... /*unused*/) const {}
};

struct RecordTerms {
  static constexpr bool kRecords = true;
  Terms& terms;
  void operator()(std::optional<Vec2> Terms::*field, const V2<double>& value) const {
    terms.*field = toVec2(value);
  }
  void operator()(std::optional<double> Terms::*field, double value) const { terms.*field = value; }
  void operator()(std::optional<Sym2> Terms::*field, const S2<double>& value) const {
    terms.*field = Sym2{value.xx, value.xy, value.yy};
  }
};

// torch's L2 weight decay: grad = grad + weight_decay * param (skipped when 0, as torch does), recorded.
template <class T, class Record>
V2<T> withWeightDecay(const V2<T>& gradient, const V2<T>& x, double weightDecay, const Record& record) {
  if (weightDecay == 0.0) return gradient;
  const V2<T> regularized = gradient + weightDecay * x;
  record(&Terms::regularizedGradient, regularized);
  return regularized;
}

// |step_i| / |g_i| per coordinate (0 where g_i is 0): the effective learning rate of methods whose step
// is not a per-coordinate scaling of the gradient (Newton, L-BFGS). Terms only.
inline Vec2 stepPerGradient(Vec2 step, Vec2 gradient) {
  return {gradient.x != 0.0 ? std::fabs(step.x / gradient.x) : 0.0,
          gradient.y != 0.0 ? std::fabs(step.y / gradient.y) : 0.0};
}

}  // namespace gs::optim
