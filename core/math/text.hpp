// Text helpers every layer shares: joining strings, strict numbers (the whole text must be the number),
// and the shortest text that reads back as the same double.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace gs
