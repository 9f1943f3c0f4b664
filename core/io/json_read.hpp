// Reading validated values out of parsed JSON, shared by the scene reader and the map settings reader:
// each function either returns the value or throws JsonReadError naming the field's path and what is
// wrong ("runs[2].params.lr: 7 is out of range [1e-08, 100]"). The first problem stops reading; the
// public readers catch JsonReadError and turn it into their error message.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/io/json.hpp"

namespace gs::json_read {

struct JsonReadError {
  std::string message;
};

[[noreturn]] void fail(const std::string& path, const std::string& reason);
std::string join(const std::string& path, std::string_view key);  // "path.key" ("key" at the top)
std::string indexed(const std::string& path, std::size_t index);  // "path[index]"
const Json& expect(const Json& value, Json::Type type, const std::string& path);
// Refuses a key of `object` that is not in `known`, listing the known ones.
void checkKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> known);
double number(const Json& value, const std::string& path, double min, double max);
std::int64_t integer(const Json& value, const std::string& path, double min, double max);

}  // namespace gs::json_read
