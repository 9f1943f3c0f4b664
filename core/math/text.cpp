// Strict parsing: a typo such as "1e-3x" or "nan" must be refused with a message, never silently read
// as a prefix or as a number that poisons a run.
#include "core/math/text.hpp"

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
}  // namespace gs
