// Text forms shared by the command line, schedules and scenes: strict numbers and optimizer specs
// (`name` or `name:key=value,key=value`, with the parameter names of optimizer.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "optimizer.hpp"

namespace gs {

// Joins strings, string_views and literals. (GCC 12's -Wrestrict misfires on `"literal" + std::string`.)
template <class... Parts>
std::string concat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

// The whole text must be one finite decimal number ("1e-3", "-2.5", "+4"). Empty text, trailing
// characters ("1e-3x"), "nan", "inf" and overflow are refused; `error` (if given) then says why,
// quoting the text.
std::optional<double> parseNumber(std::string_view text, std::string* error = nullptr);
// The whole text must be one decimal integer that fits in 64 bits ("100", "-3"); no exponent form.
std::optional<std::int64_t> parseInteger(std::string_view text, std::string* error = nullptr);

// Shortest text that reads back as exactly `value` (up to 17 significant digits).
std::string formatNumber(double value);
// A parameter's value as a spec writes it: "true"/"false", a choice's name, an integer, or a number.
std::string formatParamValue(const ParamInfo& info, double value);

// `adam` or `adam:lr=0.01,amsgrad=true,line_search=strong_wolfe`. On error, one line naming the bad
// part: an unknown optimizer or parameter, a malformed or out-of-range value, a missing `=value`.
std::variant<Optimizer, std::string> parseOptimizerSpec(std::string_view spec);
// The spec that recreates `optimizer`'s hyperparameters: its name, then every parameter that differs
// from the default of a freshly created optimizer of that name. parseOptimizerSpec(toSpec(o)) == o.
std::string toSpec(const Optimizer& optimizer);

}  // namespace gs
