#include "core/io/json_read.hpp"

#include <cmath>

namespace gs::json_read {

void fail(const std::string& path, const std::string& reason) {
  throw JsonReadError{path.empty() ? reason : path + ": " + reason};
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string indexed(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

const Json& expect(const Json& value, Json::Type type, const std::string& path) {
  if (value.type() != type)
    fail(path, std::string("expected ") + typeName(type) + ", got " + typeName(value.type()));
  return value;
}

void checkKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object.asObject()) {
    bool found = false;
    for (const auto k : known) found = found || key == k;
    if (found) continue;
    std::string list;
    for (const auto k : known) {
      if (!list.empty()) list += ", ";
      list.append(k);
    }
    fail(join(path, key), "unknown field (expected one of: " + list + ")");
  }
}

double number(const Json& value, const std::string& path, double min, double max) {
  const double x = expect(value, Json::Type::Number, path).asNumber();
  if (!(x >= min && x <= max))
    fail(path, jsonNumber(x) + " is out of range [" + jsonNumber(min) + ", " + jsonNumber(max) + "]");
  return x;
}

std::int64_t integer(const Json& value, const std::string& path, double min, double max) {
  const double x = number(value, path, min, max);
  if (x != std::floor(x)) fail(path, jsonNumber(x) + " is not a whole number");
  return static_cast<std::int64_t>(x);
}

}  // namespace gs::json_read
