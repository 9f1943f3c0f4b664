// JSON round trip: whatever parses is written, and the text written parses again to the same tree and is
// written identically (a fixed point). Errors are one printable line.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/io/json.hpp"
#include "fuzz_support.hpp"

namespace {

bool same(const gs::Json& a, const gs::Json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case gs::Json::Type::Null:
      return true;
    case gs::Json::Type::Bool:
      return a.asBool() == b.asBool();
    case gs::Json::Type::Number:  // bit for bit: -0 stays -0
      return a.asNumber() == b.asNumber() && std::signbit(a.asNumber()) == std::signbit(b.asNumber());
    case gs::Json::Type::String:
      return a.asString() == b.asString();
    case gs::Json::Type::Array: {
      const auto &x = a.asArray(), &y = b.asArray();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!same(x[i], y[i])) return false;
      return true;
    }
    case gs::Json::Type::Object: {
      const auto &x = a.asObject(), &y = b.asObject();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i].first != y[i].first || !same(x[i].second, y[i].second)) return false;
      return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = gs::Json::parse(text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    gs::fuzz::checkPrintable(*error, "Json::parse");
    return 0;
  }
  const gs::Json& first = std::get<gs::Json>(parsed);
  const std::string written = first.dump();
  auto again = gs::Json::parse(written);
  if (auto* error = std::get_if<std::string>(&again))
    gs::fuzz::fail("the writer's output does not parse: " + *error + "\n" + written);
  gs::fuzz::check(same(first, std::get<gs::Json>(again)), "parse(dump(v)) differs from v:\n" + written);
  gs::fuzz::check(std::get<gs::Json>(again).dump() == written, "dump is not a fixed point:\n" + written);
  return 0;
}
