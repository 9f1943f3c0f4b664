// Optimizer specs: `name` or `name:key=value,...`, each value checked against the parameter table.
#include "core/io/spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

namespace gs {
namespace {

std::string quoted(std::string_view text) { return concat("'", text, "'"); }

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out.append(out.empty() ? "" : ", ").append(name);
  return out;
}

}  // namespace

std::string formatParamValue(const ParamInfo& info, double value) {
  switch (info.type) {
    case ParamType::Bool:
      return value != 0.0 ? "true" : "false";
    case ParamType::Choice: {
      if (!(value >= 0.0 && value < static_cast<double>(info.choices.size()))) return formatNumber(value);
      return info.choices[static_cast<std::size_t>(value)];
    }
    case ParamType::Integer:
    case ParamType::Real:
      break;
  }
  return formatNumber(value);
}

namespace {

// The numeric value of `text` for parameter `info`, or a message naming what is wrong with it.
std::variant<double, std::string> paramValue(const ParamInfo& info, std::string_view text) {
  std::string error;
  switch (info.type) {
    case ParamType::Bool:
      if (text == "true" || text == "1") return 1.0;
      if (text == "false" || text == "0") return 0.0;
      return concat(info.name, "=", text, ": expected true or false");
    case ParamType::Choice:
      for (std::size_t i = 0; i < info.choices.size(); ++i)
        if (text == info.choices[i]) return static_cast<double>(i);
      return concat(info.name, "=", text, ": expected one of ", joined(info.choices));
    case ParamType::Integer:
      if (auto value = parseInteger(text, &error)) return static_cast<double>(*value);
      return concat(info.name, ": ", error);
    case ParamType::Real:
      break;
  }
  if (auto value = parseNumber(text, &error)) return *value;
  return concat(info.name, ": ", error);
}

const ParamInfo* findParam(const Optimizer& optimizer, std::string_view name) {
  for (const auto& info : optimizer.params())
    if (info.name == name) return &info;
  return nullptr;
}

std::vector<std::string> paramNames(const Optimizer& optimizer) {
  std::vector<std::string> names;
  for (const auto& info : optimizer.params()) names.push_back(info.name);
  return names;
}

// Applies one `key=value` to `optimizer`; returns an error message or "".
std::string applyAssignment(Optimizer& optimizer, std::string_view assignment) {
  const auto equals = assignment.find('=');
  const std::string_view key = assignment.substr(0, equals);
  if (key.empty()) return concat("empty parameter name in ", quoted(assignment));
  const ParamInfo* info = findParam(optimizer, key);
  if (info == nullptr)
    return concat("unknown parameter ", quoted(key), " (parameters: ", joined(paramNames(optimizer)), ")");
  if (equals == std::string_view::npos)
    return concat("missing value for parameter ", quoted(key), " (write ", key, "=VALUE)");
  const auto value = paramValue(*info, assignment.substr(equals + 1));
  if (const auto* message = std::get_if<std::string>(&value)) return *message;
  const double number = std::get<double>(value);
  if (number < info->min || number > info->max)
    return concat(info->name, "=", assignment.substr(equals + 1), " is out of range [",
                  formatNumber(info->min), ", ", formatNumber(info->max), "]");
  if (!optimizer.setParam(key, number)) return concat(info->name, "=", formatNumber(number), " was refused");
  return "";
}

}  // namespace

std::variant<Optimizer, std::string> parseOptimizerSpec(std::string_view spec) {
  if (spec.empty()) return std::string("empty optimizer spec");
  const auto colon = spec.find(':');
  const std::string_view name = spec.substr(0, colon);
  auto optimizer = Optimizer::create(name);
  if (!optimizer)
    return concat("unknown optimizer ", quoted(name), " (optimizers: ", joined(Optimizer::names()), ")");
  if (colon == std::string_view::npos) return std::move(*optimizer);
  std::string_view rest = spec.substr(colon + 1);
  if (rest.empty()) return concat("optimizer ", quoted(name), ": no parameters after ':'");
  std::vector<std::string_view> seen;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view assignment = rest.substr(0, comma);
    const std::string_view key = assignment.substr(0, assignment.find('='));
    // "lr=0.1,lr=0.2" is a typo, not a request: refuse it rather than let the last one win silently.
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      return concat("optimizer ", quoted(name), ": parameter ", quoted(key), " given twice");
    seen.push_back(key);
    const std::string message = applyAssignment(*optimizer, assignment);
    if (!message.empty()) return concat("optimizer ", quoted(name), ": ", message);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (const auto error = optimizer->settingsError()) return concat("optimizer ", quoted(name), ": ", *error);
  return std::move(*optimizer);
}

std::string toSpec(const Optimizer& optimizer) {
  std::string spec = optimizer.name();
  const auto fresh = Optimizer::create(optimizer.name());
  const auto& params = optimizer.params();
  char separator = ':';
  for (std::size_t i = 0; i < params.size(); ++i) {
    const double value = optimizer.param(i);
    if (fresh && fresh->param(i) == value) continue;
    spec += separator;
    spec.append(params[i].name).append("=").append(formatParamValue(params[i], value));
    separator = ',';
  }
  return spec;
}

}  // namespace gs
