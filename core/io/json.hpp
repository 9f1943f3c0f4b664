// A small, strict JSON reader and writer (RFC 8259) for scene files and exports. Strict means: no
// comments, no trailing commas, no duplicate keys, no NaN or Infinity, nesting at most kMaxJsonDepth.
// Errors say where, as "line:column: reason". Numbers are doubles and are written so that reading
// them back gives the same double (shortest round-trip form, at most 17 significant digits).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gs {

inline constexpr int kMaxJsonDepth = 128;

class Json {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Array = std::vector<Json>;
  using Member = std::pair<std::string, Json>;
  using Object = std::vector<Member>;  // keeps the file's order, so writing is deterministic

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool value) : value_(value) {}
  Json(double value) : value_(value) {}
  Json(int value) : value_(static_cast<double>(value)) {}
  Json(long value) : value_(static_cast<double>(value)) {}
  Json(long long value) : value_(static_cast<double>(value)) {}
  Json(const char* value) : value_(std::string(value)) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(Array value) : value_(std::move(value)) {}
  Json(Object value) : value_(std::move(value)) {}

  Type type() const { return static_cast<Type>(value_.index()); }
  bool isNull() const { return type() == Type::Null; }
  bool isBool() const { return type() == Type::Bool; }
  bool isNumber() const { return type() == Type::Number; }
  bool isString() const { return type() == Type::String; }
  bool isArray() const { return type() == Type::Array; }
  bool isObject() const { return type() == Type::Object; }

  // Accessors: the caller checks the type first (they throw std::bad_variant_access otherwise).
  bool asBool() const { return std::get<bool>(value_); }
  double asNumber() const { return std::get<double>(value_); }
  const std::string& asString() const { return std::get<std::string>(value_); }
  const Array& asArray() const { return std::get<Array>(value_); }
  Array& asArray() { return std::get<Array>(value_); }
  const Object& asObject() const { return std::get<Object>(value_); }
  Object& asObject() { return std::get<Object>(value_); }

  // Object member by key, or nullptr (also for a non-object).
  const Json* find(std::string_view key) const;
  // Appends (or replaces) an object member; turns a null into an object.
  Json& set(std::string key, Json value);

  // Pretty-printed with two-space indents; arrays of numbers stay on one line.
  std::string dump() const;

  // On failure: "line:column: reason", both 1-based.
  static std::variant<Json, std::string> parse(std::string_view text);

 private:
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object> value_;
};

// "a number", "a string", ...: for messages such as "title: expected a string, got a number".
const char* typeName(Json::Type type);
// The shortest text that reads back as exactly `value`, as the writer prints numbers: 300, 0.1, 1e+99.
std::string jsonNumber(double value);

}  // namespace gs
