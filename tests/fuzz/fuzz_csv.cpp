// CSV import of trajectories: whatever parses is a set of well-formed paths (unique names, strictly
// increasing steps, finite points, a loss per point or none, at most kMaxImportedPaths); errors are one
// printable line.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "core/io/trajectory.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = gs::parseTrajectoryCsv(text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    gs::fuzz::checkPrintable(*error, "parseTrajectoryCsv");
    return 0;
  }
  const auto& paths = std::get<std::vector<gs::ImportedPath>>(parsed);
  gs::fuzz::check(!paths.empty() && paths.size() <= gs::kMaxImportedPaths, "path count out of range");
  std::set<std::string> names;
  for (const gs::ImportedPath& path : paths) {
    gs::fuzz::check(names.insert(path.name).second, "two paths named " + path.name);
    gs::fuzz::check(!path.steps.empty() && path.steps.size() == path.points.size(),
                    "steps and points differ");
    gs::fuzz::check(path.losses.empty() || path.losses.size() == path.points.size(),
                    "losses and points differ");
    for (std::size_t i = 0; i < path.steps.size(); ++i) {
      gs::fuzz::check(path.steps[i] >= 0 && (i == 0 || path.steps[i] > path.steps[i - 1]),
                      "steps not increasing");
      gs::fuzz::check(std::isfinite(path.points[i].x) && std::isfinite(path.points[i].y),
                      "a non-finite point");
    }
  }
  return 0;
}
