#include "core/io/map_settings.hpp"

#include <cmath>
#include <initializer_list>
#include <string_view>

#include "core/io/json_read.hpp"

namespace gs {
namespace {

using json_read::checkKeys;
using json_read::expect;
using json_read::fail;
using json_read::integer;
using json_read::join;
using json_read::number;
// The first problem stops reading, as in the scene reader; readMapSettings returns its message.
using SettingsError = json_read::JsonReadError;

// Reads `key` when present: a string that is one of `names` (in the enum's order).
template <class Enum>
void readChoice(const Json& object, std::string_view key, const std::string& path,
                std::initializer_list<std::string_view> names, Enum& out) {
  const Json* member = object.find(key);
  if (!member) return;
  const std::string& s = expect(*member, Json::Type::String, join(path, key)).asString();
  std::string list;
  int index = 0;
  for (const auto name : names) {
    if (s == name) {
      out = static_cast<Enum>(index);
      return;
    }
    list += (list.empty() ? "\"" : ", \"") + std::string(name) + "\"";
    ++index;
  }
  fail(join(path, key), "\"" + s + "\" is not one of " + list);
}

constexpr std::size_t kMaxAxisNameBytes = 64;
constexpr double kMaxAxisValue = 1e12;

HyperAxis readAxis(const Json& value, const std::string& path) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path, {"name", "range", "log"});
  HyperAxis axis;
  const Json* name = value.find("name");
  if (!name) fail(join(path, "name"), "missing (a hyperparameter of the run, e.g. \"lr\")");
  axis.name = expect(*name, Json::Type::String, join(path, "name")).asString();
  if (axis.name.empty() || axis.name.size() > kMaxAxisNameBytes)
    fail(join(path, "name"), "expected 1 to " + std::to_string(kMaxAxisNameBytes) + " characters");
  const Json* range = value.find("range");
  const std::string rangePath = join(path, "range");
  if (!range) fail(rangePath, "missing (expected [min, max])");
  const auto& items = expect(*range, Json::Type::Array, rangePath).asArray();
  if (items.size() != 2)
    fail(rangePath, "expected [min, max], got " + std::to_string(items.size()) + " numbers");
  axis.lo = number(items[0], rangePath + "[0]", -kMaxAxisValue, kMaxAxisValue);
  axis.hi = number(items[1], rangePath + "[1]", -kMaxAxisValue, kMaxAxisValue);
  if (!(axis.lo < axis.hi)) fail(rangePath, "min must be less than max");
  if (const Json* log = value.find("log"))
    axis.log = expect(*log, Json::Type::Bool, join(path, "log")).asBool();
  if (axis.log && !(axis.lo > 0.0)) fail(rangePath, "a log axis needs min > 0");
  return axis;
}

// A basin map's [x min, x max, y min, y max], as `gradscape map basin --range` takes it.
Domain readRange(const Json& value, const std::string& path) {
  const auto& items = expect(value, Json::Type::Array, path).asArray();
  if (items.size() != 4)
    fail(path, "expected [x min, x max, y min, y max], got " + std::to_string(items.size()) + " numbers");
  Domain range;
  range.xMin = number(items[0], path + "[0]", -kMaxAxisValue, kMaxAxisValue);
  range.xMax = number(items[1], path + "[1]", -kMaxAxisValue, kMaxAxisValue);
  range.yMin = number(items[2], path + "[2]", -kMaxAxisValue, kMaxAxisValue);
  range.yMax = number(items[3], path + "[3]", -kMaxAxisValue, kMaxAxisValue);
  if (!(range.xMin < range.xMax)) fail(path, "x min must be less than x max");
  if (!(range.yMin < range.yMax)) fail(path, "y min must be less than y max");
  return range;
}

MapSettings readSettings(const Json& value, const std::string& path) {
  expect(value, Json::Type::Object, path);
  checkKeys(value, path,
            {"shown", "kind", "run", "steps", "size", "x", "y", "metric", "tolerance", "opacity", "range"});
  MapSettings settings;
  if (const Json* shown = value.find("shown"))
    settings.shown = expect(*shown, Json::Type::Bool, join(path, "shown")).asBool();
  readChoice(value, "kind", path, {"basin", "hyper"}, settings.kind);
  readChoice(value, "metric", path, {"final", "steps"}, settings.metric);
  if (const Json* run = value.find("run"))
    settings.run = static_cast<int>(integer(*run, join(path, "run"), 0, 1e6));
  if (const Json* steps = value.find("steps"))
    settings.steps = integer(*steps, join(path, "steps"), 0, static_cast<double>(kMaxMapSteps));
  if (const Json* size = value.find("size"))
    settings.size = static_cast<int>(integer(*size, join(path, "size"), 1, kMaxMapSide));
  if (const Json* x = value.find("x")) settings.x = readAxis(*x, join(path, "x"));
  if (const Json* y = value.find("y")) settings.y = readAxis(*y, join(path, "y"));
  if (const Json* tolerance = value.find("tolerance"))
    settings.tolerance = number(*tolerance, join(path, "tolerance"), 0.0, 1e12);
  if (const Json* opacity = value.find("opacity"))
    settings.opacity = number(*opacity, join(path, "opacity"), 0.0, 1.0);
  if (const Json* range = value.find("range")) settings.range = readRange(*range, join(path, "range"));
  return settings;
}

Json axisJson(const HyperAxis& axis) {
  Json out;
  out.set("name", axis.name);
  out.set("range", Json::Array{axis.lo, axis.hi});
  out.set("log", axis.log);
  return out;
}

bool sameAxis(const HyperAxis& a, const HyperAxis& b) {
  return a.name == b.name && a.lo == b.lo && a.hi == b.hi && a.log == b.log;
}

}  // namespace

bool MapSettings::operator==(const MapSettings& other) const {
  return shown == other.shown && kind == other.kind && run == other.run && steps == other.steps &&
         size == other.size && sameAxis(x, other.x) && sameAxis(y, other.y) && metric == other.metric &&
         tolerance == other.tolerance && opacity == other.opacity &&
         range.has_value() == other.range.has_value() &&
         (!range || (range->xMin == other.range->xMin && range->xMax == other.range->xMax &&
                     range->yMin == other.range->yMin && range->yMax == other.range->yMax));
}

std::variant<MapSettings, std::string> readMapSettings(const Json& value, const std::string& path) {
  try {
    return readSettings(value, path);
  } catch (const SettingsError& error) {
    return error.message;
  }
}

Json mapSettingsJson(const MapSettings& settings) {
  Json out;
  out.set("shown", settings.shown);
  out.set("kind", settings.kind == MapKind::Basin ? "basin" : "hyper");
  out.set("run", settings.run);
  out.set("steps", static_cast<double>(settings.steps));
  out.set("size", settings.size);
  out.set("x", axisJson(settings.x));
  out.set("y", axisJson(settings.y));
  out.set("metric", settings.metric == HyperMetric::FinalLoss ? "final" : "steps");
  out.set("tolerance", settings.tolerance);
  out.set("opacity", settings.opacity);
  if (settings.range)
    out.set("range", Json::Array{settings.range->xMin, settings.range->xMax, settings.range->yMin,
                                 settings.range->yMax});
  return out;
}

}  // namespace gs
