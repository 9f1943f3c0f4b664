// Strict parsing: a typo such as "1e-3x" or "nan" must be refused with a message, never silently read
// as a prefix or as a number that poisons a run.
#include "spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

namespace gs {
namespace {

std::string quoted(std::string_view text) { return concat("'", text, "'"); }

bool setError(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return false;
}

// std::from_chars accepts neither a leading '+' nor (deliberately) anything but the number itself.
std::string_view withoutPlus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
  return text;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out.append(out.empty() ? "" : ", ").append(name);
  return out;
}

}  // namespace

std::optional<double> parseNumber(std::string_view text, std::string* error) {
  if (text.empty()) return setError(error, "empty number"), std::nullopt;
  const std::string_view body = withoutPlus(text);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec == std::errc::result_out_of_range)
    return setError(error, concat(quoted(text), " is out of range")), std::nullopt;
  if (ec != std::errc() || end != body.data() + body.size())
    return setError(error, concat(quoted(text), " is not a number")), std::nullopt;
  if (!std::isfinite(value))
    return setError(error, concat(quoted(text), " is not a finite number")), std::nullopt;
  return value;
}

std::optional<std::int64_t> parseInteger(std::string_view text, std::string* error) {
  if (text.empty()) return setError(error, "empty integer"), std::nullopt;
  const std::string_view body = withoutPlus(text);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec == std::errc::result_out_of_range)
    return setError(error, concat(quoted(text), " is out of range")), std::nullopt;
  if (ec != std::errc() || end != body.data() + body.size())
    return setError(error, concat(quoted(text), " is not an integer")), std::nullopt;
  return value;
}

std::string formatNumber(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest round trip
  return std::string(buffer, result.ptr);
}

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
