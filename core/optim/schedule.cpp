// Learning-rate schedules as pure functions of the 0-based update index t. Linear decay follows the
// lecture notes (Goodfellow et al. 8.3.1): eps_k = (1 - a) eps_0 + a eps_tau, a = k / tau, constant
// after tau; cosine decay follows the notes' eta_t = (1 + cos(t pi / T)) eta / 2 (floored at
// minFraction, constant after T); warm-up rises linearly to the full rate as in Goyal et al. 2017.
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
  const double time = static_cast<double>(t);
  switch (s.kind) {
    case Schedule::Kind::Constant:
      return 1.0;
    case Schedule::Kind::Step:
      return std::pow(s.gamma, static_cast<double>(t / std::max<std::int64_t>(s.stepSize, 1)));
    case Schedule::Kind::Linear: {
      const double a = std::min(time / static_cast<double>(std::max<std::int64_t>(s.tau, 1)), 1.0);
      return (1.0 - a) + a * s.finalFraction;
    }
    case Schedule::Kind::InverseTime:
      return 1.0 / (1.0 + s.decay * time);
    case Schedule::Kind::Cosine: {
      const double total = static_cast<double>(std::max<std::int64_t>(s.totalSteps, 1));
      const double progress = std::min(time / total, 1.0);
      return s.minFraction + (1.0 - s.minFraction) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
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
  const auto colon = spec.find(':');
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
      return concat("schedule '", name, "': missing value in '", assignment, "'");
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
