// Optimizer specs: `name` or `name:key=value,...`, each value checked against the parameter table.
#include "core/io/spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/optim/program.hpp"

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

// Applies `key=value,...` to `optimizer`; returns an error message (naming `what`) or "".
std::string applyAssignments(Optimizer& optimizer, std::string_view what, std::string_view rest) {
  if (rest.empty()) return concat(what, ": no parameters after ':'");
  std::vector<std::string_view> seen;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view assignment = rest.substr(0, comma);
    const std::string_view key = assignment.substr(0, assignment.find('='));
    // "lr=0.1,lr=0.2" is a typo, not a request: refuse it rather than let the last one win silently.
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      return concat(what, ": parameter ", quoted(key), " given twice");
    seen.push_back(key);
    const std::string message = applyAssignment(optimizer, assignment);
    if (!message.empty()) return concat(what, ": ", message);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return "";
}

// Where the parameters of `file:PATH.gso:key=value,...` start: after the last ':' that is followed by
// `name=` (so a path may itself hold colons), or npos.
std::size_t programParamsColon(std::string_view spec) {
  for (std::size_t colon = spec.rfind(':'); colon != std::string_view::npos;
       colon = colon == 0 ? std::string_view::npos : spec.rfind(':', colon - 1)) {
    std::size_t i = colon + 1;
    const auto isNameStart = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    const auto isNameChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    if (i >= spec.size() || !isNameStart(spec[i])) continue;
    while (i < spec.size() && isNameChar(spec[i])) ++i;
    if (i < spec.size() && spec[i] == '=') return colon;
  }
  return std::string_view::npos;
}

// `file:PATH.gso` or `file:PATH.gso:key=value,...`: the program in PATH, compiled, with its parameters set.
std::variant<Optimizer, std::string> parseProgramSpec(std::string_view spec) {
  const std::string_view body = spec.substr(kProgramSpecPrefix.size());
  const std::size_t colon = programParamsColon(body);
  const std::string path(body.substr(0, colon));
  if (path.empty()) return std::string("file: needs a path to a .gso program (file:PATH.gso)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return concat(path, ": cannot read the optimizer program");
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return concat(path, ": cannot read the optimizer program");
  auto compiled = compileProgram(text.str());
  if (const auto* error = std::get_if<ProgramError>(&compiled)) return concat(path, ": ", toString(*error));
  Optimizer optimizer = Optimizer::fromProgram(std::get<Program>(compiled).withSourcePath(path));
  if (colon != std::string_view::npos) {
    const std::string message = applyAssignments(optimizer, path, body.substr(colon + 1));
    if (!message.empty()) return message;
  }
  return optimizer;
}

}  // namespace

std::variant<Optimizer, std::string> parseOptimizerSpec(std::string_view spec) {
  if (spec.empty()) return std::string("empty optimizer spec");
  if (spec.starts_with(kProgramSpecPrefix)) return parseProgramSpec(spec);
  const auto colon = spec.find(':');
  const std::string_view name = spec.substr(0, colon);
  if (name == "program")
    return std::string(
        "optimizer \"program\": a program typed in the app has no file to read; save it as a .gso file "
        "(Optimizers > Program editor > Save) and pass file:PATH.gso");
  auto optimizer = Optimizer::create(name);
  if (!optimizer)
    return concat("unknown optimizer ", quoted(name), " (optimizers: ", joined(Optimizer::names()), ")");
  if (colon == std::string_view::npos) return std::move(*optimizer);
  const std::string message =
      applyAssignments(*optimizer, concat("optimizer ", quoted(name)), spec.substr(colon + 1));
  if (!message.empty()) return message;
  if (const auto error = optimizer->settingsError()) return concat("optimizer ", quoted(name), ": ", *error);
  return std::move(*optimizer);
}

std::string toSpec(const Optimizer& optimizer) {
  std::string spec = optimizer.name();
  auto fresh = Optimizer::create(optimizer.name());
  if (const ProgramRun* program = optimizer.programRun()) {
    const std::string& path = program->program().sourcePath();
    if (!path.empty()) spec = concat(kProgramSpecPrefix, path);
    fresh = Optimizer::fromProgram(program->program());
  }
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
