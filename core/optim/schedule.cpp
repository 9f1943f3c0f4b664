// Learning-rate schedules as pure functions of the 0-based update index t, each the closed form of a
// torch.optim.lr_scheduler class, so that a run's per-step lr equals torch's (to rounding):
//   step     StepLR(step_size, gamma):            gamma^floor(t / step_size)
//   linear   LinearLR(1, final, total_iters=tau): 1 + (final - 1) min(t, tau) / tau, which is the lecture
//            notes' eps_k = (1 - a) eps_0 + a eps_tau, a = k / tau (Goodfellow et al. 8.3.1)
//   inverse  LambdaLR(lambda t: 1 / (1 + decay t)) (torch has no class of its own for 1/t decay)
//   cosine   CosineAnnealingLR(T_max=total, eta_min=min lr): min + (1 - min)(1 + cos(pi t / T)) / 2,
//            which after T keeps following the cosine back up (period 2T), as torch's does
//   warm-up  SequentialLR([LinearLR(start_factor=1/N, end_factor=1, total_iters=N-1), MAIN], milestones=[N]):
//            (t + 1) / N for t < N (full rate at the last warm-up step, as in Goyal et al. 2017), then
//            MAIN from its own step 0.
#include "core/optim/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/math/text.hpp"

namespace gs {
namespace {

// Step counts above this are refused: they would mean "never" and only hide a typo.
constexpr std::int64_t kMaxScheduleSteps = 1'000'000'000'000;

// Fields edited directly (the app's panel) may be out of range: clamp so factor() never divides by 0.
double decayFactor(const Schedule& s, std::int64_t t) {
  switch (s.kind) {
    case Schedule::Kind::Constant:
      return 1.0;
    case Schedule::Kind::Step:
      return std::pow(s.gamma, static_cast<double>(t / std::max<std::int64_t>(s.stepSize, 1)));
    case Schedule::Kind::Linear: {
      // ((tau - m) + m final) / tau rather than 1 + (final - 1) m / tau: a sum of two non-negative terms,
      // so the rate stays accurate to a few ulps relative to itself even as it nears a small final.
      const std::int64_t tau = std::max<std::int64_t>(s.tau, 1);
      const std::int64_t m = std::min(t, tau);
      return (static_cast<double>(tau - m) + static_cast<double>(m) * s.finalFraction) /
             static_cast<double>(tau);
    }
    case Schedule::Kind::InverseTime:
      return 1.0 / (1.0 + s.decay * static_cast<double>(t));
    case Schedule::Kind::Cosine: {
      // (1 + cos(pi t / T)) / 2 = sin^2(pi d / 2T) with d = |t mod 2T - T| the distance to the nearest
      // trough: no cancellation near the troughs (1 + cos there loses the digits the rate has left, where
      // the rate is near 0), exactly 0 at t = T and exactly 1 at t = 0, 2T, ...
      const std::int64_t total = std::max<std::int64_t>(s.totalSteps, 1);
      const std::int64_t distance = std::abs(t % (2 * total) - total);
      const double half =
          std::sin(std::numbers::pi * static_cast<double>(distance) / (2.0 * static_cast<double>(total)));
      return s.minFraction + (1.0 - s.minFraction) * (half * half);
    }
  }
  return 1.0;
}

struct KindName {
  Schedule::Kind kind;
  const char* name;
  const char* keys;  // for messages
};
constexpr KindName kKinds[] = {
    {Schedule::Kind::Constant, "constant", "warmup"},
    {Schedule::Kind::Step, "step", "size, gamma, warmup"},
    {Schedule::Kind::Linear, "linear", "tau, final, warmup"},
    {Schedule::Kind::InverseTime, "inverse", "decay, warmup"},
    {Schedule::Kind::Cosine, "cosine", "total, min, warmup"},
};

const KindName& kindName(Schedule::Kind kind) {
  for (const auto& entry : kKinds)
    if (entry.kind == kind) return entry;
  return kKinds[0];
}

std::string readInteger(std::string_view key, std::string_view text, std::int64_t min, std::int64_t& out) {
  std::string error;
  const auto value = parseInteger(text, &error);
  if (!value) return concat(key, ": ", error);
  if (*value < min || *value > kMaxScheduleSteps)
    return concat(key, "=", text, " is out of range [", std::to_string(min), ", ",
                  std::to_string(kMaxScheduleSteps), "]");
  out = *value;
  return "";
}

std::string readReal(std::string_view key, std::string_view text, double min, double max, bool openMin,
                     double& out) {
  std::string error;
  const auto value = parseNumber(text, &error);
  if (!value) return concat(key, ": ", error);
  if (*value < min || (openMin && *value == min) || *value > max)
    return concat(key, "=", text, " is out of range ", openMin ? "(" : "[", formatNumber(min), ", ",
                  formatNumber(max), "]");
  out = *value;
  return "";
}

// Applies `key=value` to `s`; returns "" or a message naming the bad part.
std::string applyKey(Schedule& s, std::string_view key, std::string_view value) {
  using K = Schedule::Kind;
  if (key == "warmup") return readInteger(key, value, 0, s.warmupSteps);
  if (s.kind == K::Step && key == "size") return readInteger(key, value, 1, s.stepSize);
  if (s.kind == K::Step && key == "gamma") return readReal(key, value, 0.0, 1.0, true, s.gamma);
  if (s.kind == K::Linear && key == "tau") return readInteger(key, value, 1, s.tau);
  if (s.kind == K::Linear && key == "final") return readReal(key, value, 0.0, 1.0, false, s.finalFraction);
  if (s.kind == K::InverseTime && key == "decay") return readReal(key, value, 0.0, 1e12, false, s.decay);
  if (s.kind == K::Cosine && key == "total") return readInteger(key, value, 1, s.totalSteps);
  if (s.kind == K::Cosine && key == "min") return readReal(key, value, 0.0, 1.0, false, s.minFraction);
  const KindName& kind = kindName(s.kind);
  return concat("unknown parameter '", key, "' for schedule '", kind.name, "' (parameters: ", kind.keys, ")");
}

}  // namespace

double Schedule::factor(std::int64_t t) const {
  t = std::max<std::int64_t>(t, 0);
  if (t < warmupSteps) return static_cast<double>(t + 1) / static_cast<double>(warmupSteps);
  return decayFactor(*this, t - warmupSteps);
}

std::variant<Schedule, std::string> Schedule::parse(std::string_view spec) {
  // "cosine:total=500,warmup=50", and also "constant,warmup=10": `--help` says ",warmup=N" may be added
  // to any schedule, including one written without parameters.
  const auto colon = spec.find_first_of(":,");
  const std::string_view name = spec.substr(0, colon);
  Schedule schedule;
  const KindName* found = nullptr;
  for (const auto& entry : kKinds)
    if (name == entry.name) found = &entry;
  if (found == nullptr)
    return concat("unknown schedule '", name, "' (schedules: constant, step, linear, inverse, cosine)");
  schedule.kind = found->kind;
  if (colon == std::string_view::npos) return schedule;
  std::string_view rest = spec.substr(colon + 1);
  std::vector<std::string_view> seen;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view assignment = rest.substr(0, comma);
    const auto equals = assignment.find('=');
    const std::string_view key = assignment.substr(0, equals);
    if (equals == std::string_view::npos)
      return concat("schedule '", name, "': missing value in '", assignment, "' (expected key=value)");
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      return concat("schedule '", name, "': '", key, "' given twice");
    seen.push_back(key);
    const std::string message = applyKey(schedule, key, assignment.substr(equals + 1));
    if (!message.empty()) return concat("schedule '", name, "': ", message);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return schedule;
}

std::string Schedule::toString() const {
  std::string text = kindName(kind).name;
  std::string params;
  auto add = [&params](const char* key, const std::string& value) {
    if (!params.empty()) params += ',';
    params.append(key).append("=").append(value);
  };
  switch (kind) {
    case Kind::Constant:
      break;
    case Kind::Step:
      add("size", std::to_string(stepSize));
      add("gamma", formatNumber(gamma));
      break;
    case Kind::Linear:
      add("tau", std::to_string(tau));
      add("final", formatNumber(finalFraction));
      break;
    case Kind::InverseTime:
      add("decay", formatNumber(decay));
      break;
    case Kind::Cosine:
      add("total", std::to_string(totalSteps));
      add("min", formatNumber(minFraction));
      break;
  }
  if (warmupSteps > 0) add("warmup", std::to_string(warmupSteps));
  return params.empty() ? text : concat(text, ":", params);
}

}  // namespace gs
