// Every run's path and loss history as CSV or JSON (the columns `gradscape trace` writes:
// optimizer,step,x,y,loss, then gradient_norm,step_length,gradient_evaluations), and CSV import of such
// a file, so that a path logged by another tool on the same formula can be overlaid as a run of its own.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/math/vec2.hpp"
#include "core/runner.hpp"

namespace gs {

enum class TrajectoryFormat { Csv, Json };

// One row per run per stored step (step = index * stride); the optimizer column holds the run's label
// (its optimizer name when it has none; " #2" added to a repeated one) so that two runs of one optimizer
// stay apart. Numbers have 17 significant digits, as `trace` prints them.
std::string trajectoriesToCsv(const Runner& runner);
// The document `trace --format json` writes: {"surface", "formula", "start", "steps", "runs": [{"optimizer",
// "label", "params", "schedule", "batch", "seed", "path": [[step, x, y, loss], ...], "status",
// "status_step"}]}
std::string trajectoriesToJson(const Runner& runner);
// Atomic write (temporary file, then rename). Error message, or nullopt on success.
std::optional<std::string> exportTrajectories(const std::string& path, const Runner& runner,
                                              TrajectoryFormat format);

// Limits on what an imported file can make: the app draws every path it imports.
inline constexpr std::size_t kMaxImportedPaths = 256;
inline constexpr std::size_t kMaxImportBytes = std::size_t{256} << 20;

struct ImportedPath {
  std::string name;                 // the optimizer column
  std::vector<std::int64_t> steps;  // strictly increasing
  std::vector<Vec2> points;
  std::vector<double> losses;  // empty when the file has no loss column
};

// Parses CSV with a header naming at least optimizer, step, x and y (loss optional, other columns
// ignored; fields may be quoted). Rows are grouped by optimizer in order of first appearance. Errors
// name the line: "line 7: x: 'abc' is not a number", with control characters from the file escaped. At
// most kMaxImportedPaths optimizer names. Time and memory are linear in the file's size.
std::variant<std::vector<ImportedPath>, std::string> parseTrajectoryCsv(std::string_view text);
// Reads and parses a file; errors are prefixed with the path.
std::variant<std::vector<ImportedPath>, std::string> importTrajectoryCsv(const std::string& path);

}  // namespace gs
