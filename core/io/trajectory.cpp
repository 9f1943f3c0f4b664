#include "core/io/trajectory.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "core/io/atomic_file.hpp"
#include "core/io/json.hpp"
#include "core/io/printable.hpp"
#include "core/io/spec.hpp"

namespace gs {
namespace {

std::string format17(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string nameOf(const Run& run) { return run.label().empty() ? run.optimizer().name() : run.label(); }

// As `trace` does: a label that repeats gets " #2", " #3", so each run stays its own path on import.
std::vector<std::string> uniqueNames(const Runner& runner) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < runner.size(); ++i) {
    const std::string name = nameOf(runner.run(i));
    int copies = 1;
    for (std::size_t j = 0; j < i; ++j) copies += nameOf(runner.run(j)) == name ? 1 : 0;
    names.push_back(copies > 1 ? concat(name, " #", std::to_string(copies)) : name);
  }
  return names;
}

Json paramsJson(const Optimizer& optimizer) {
  Json params = Json::Object{};
  for (std::size_t i = 0; i < optimizer.params().size(); ++i) {
    const ParamInfo& info = optimizer.params()[i];
    const double value = optimizer.param(i);
    if (info.type == ParamType::Bool)
      params.set(info.name, value != 0.0);
    else if (info.type == ParamType::Choice)
      params.set(info.name, formatParamValue(info, value));
    else
      params.set(info.name, value);
  }
  return params;
}

Json runJson(const Run& run, const std::string& label) {
  Json entry;
  entry.set("optimizer", run.optimizer().name());
  entry.set("label", label);
  entry.set("params", paramsJson(run.optimizer()));
  entry.set("schedule", run.schedule().toString());
  entry.set("batch", run.batchSize());
  entry.set("seed", static_cast<double>(run.spec().seed));
  Json::Array path;
  for (std::size_t i = 0; i < run.path().size(); ++i)
    path.emplace_back(Json::Array{static_cast<double>(static_cast<std::int64_t>(i) * run.stride()),
                                  run.path()[i].x, run.path()[i].y, run.losses()[i]});
  entry.set("path", std::move(path));
  entry.set("status", toString(run.status()));
  entry.set("status_step",
            run.status() == RunStatus::Running ? Json() : Json(static_cast<double>(run.statusStep())));
  return entry;
}

}  // namespace

std::string trajectoriesToCsv(const Runner& runner) {
  std::string out = "optimizer,step,x,y,loss,gradient_norm,step_length,gradient_evaluations\n";
  const auto names = uniqueNames(runner);
  for (std::size_t r = 0; r < runner.size(); ++r) {
    const Run& run = runner.run(r);
    const std::string name = csvField(names[r]);
    for (std::size_t i = 0; i < run.path().size(); ++i) {
      const auto at = [i](const auto& history) { return i < history.size() ? history[i] : 0; };
      out += concat(name, ",", std::to_string(static_cast<std::int64_t>(i) * run.stride()), ",",
                    format17(run.path()[i].x), ",", format17(run.path()[i].y), ",", format17(run.losses()[i]),
                    ",", format17(at(run.gradientNorms())), ",", format17(at(run.stepLengths())), ",",
                    std::to_string(at(run.gradientEvaluations())), "\n");
    }
  }
  return out;
}

// The same document `gradscape trace --format json` writes.
std::string trajectoriesToJson(const Runner& runner) {
  Json root;
  root.set("surface", runner.surface().name);
  root.set("formula", runner.surface().formula);
  root.set("start", Json::Array{runner.start().x, runner.start().y});
  root.set("steps", static_cast<double>(runner.currentStep()));
  Json::Array runs;
  const auto names = uniqueNames(runner);
  for (std::size_t r = 0; r < runner.size(); ++r) runs.push_back(runJson(runner.run(r), names[r]));
  root.set("runs", std::move(runs));
  return root.dump();
}

std::optional<std::string> exportTrajectories(const std::string& path, const Runner& runner,
                                              TrajectoryFormat format) {
  return writeFileAtomically(
      path, format == TrajectoryFormat::Csv ? trajectoriesToCsv(runner) : trajectoriesToJson(runner));
}

// ---- import -----------------------------------------------------------------------------------------

namespace {

struct CsvReader {
  std::string_view text;
  std::size_t pos = 0;
  int line = 1;

  bool atEnd() const { return pos >= text.size(); }

  // One record (which a quoted field may spread over several lines); an error message on failure.
  std::optional<std::string> readRecord(std::vector<std::string>& fields) {
    fields.assign(1, std::string());
    const int startLine = line;
    bool quoted = false;
    while (pos < text.size()) {
      const char c = text[pos++];
      if (quoted) {
        if (c == '"' && pos < text.size() && text[pos] == '"') {
          fields.back().push_back('"');
          ++pos;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') ++line;
          fields.back().push_back(c);
        }
      } else if (c == '"' && fields.back().empty()) {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else if (c == '\n') {
        ++line;
        break;
      } else if (c != '\r') {
        fields.back().push_back(c);
      }
    }
    if (quoted) return "line " + std::to_string(startLine) + ": unterminated quoted field";
    return std::nullopt;
  }
};

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

struct Columns {
  int optimizer = -1, step = -1, x = -1, y = -1, loss = -1;
};

std::variant<Columns, std::string> readHeader(const std::vector<std::string>& header) {
  Columns columns;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string name = trim(header[i]);
    int* slot = name == "optimizer" ? &columns.optimizer
                : name == "step"    ? &columns.step
                : name == "x"       ? &columns.x
                : name == "y"       ? &columns.y
                : name == "loss"    ? &columns.loss
                                    : nullptr;
    if (!slot) continue;
    if (*slot >= 0) return "line 1: column '" + name + "' appears twice";
    *slot = static_cast<int>(i);
  }
  for (const auto& [name, index] :
       {std::pair{"optimizer", columns.optimizer}, std::pair{"step", columns.step}, std::pair{"x", columns.x},
        std::pair{"y", columns.y}})
    if (index < 0)
      return std::string("line 1: the header has no '") + name +
             "' column (expected optimizer,step,x,y[,loss])";
  return columns;
}

std::optional<std::string> parseFinite(const std::string& field, double& value) {
  const std::string s = trim(field);
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  const auto result = std::from_chars(begin, s.data() + s.size(), value);
  if (s.empty() || result.ec != std::errc() || result.ptr != s.data() + s.size())
    return "'" + s + "' is not a number";
  if (!std::isfinite(value)) return "'" + s + "' is not a finite number";
  return std::nullopt;
}

// The paths being built, and each name's index among them: found by hashing, not by comparing a row's
// name with every path's (100 000 names took 19 s).
struct PathsByName {
  std::vector<ImportedPath> paths;
  std::unordered_map<std::string, std::size_t> indexOf;
};

std::optional<std::string> addRow(const std::vector<std::string>& fields, const Columns& columns,
                                  PathsByName& byName) {
  const auto need = static_cast<std::size_t>(
      std::max({columns.optimizer, columns.step, columns.x, columns.y, columns.loss}) + 1);
  if (fields.size() < need)
    return "expected at least " + std::to_string(need) + " fields, got " + std::to_string(fields.size());
  double step = 0, x = 0, y = 0, loss = 0;
  if (auto e = parseFinite(fields[columns.step], step)) return "step: " + *e;
  if (step < 0 || step != std::floor(step) || step > 9e15)
    return "step: '" + trim(fields[columns.step]) + "' is not a step number";
  if (auto e = parseFinite(fields[columns.x], x)) return "x: " + *e;
  if (auto e = parseFinite(fields[columns.y], y)) return "y: " + *e;
  if (columns.loss >= 0)
    if (auto e = parseFinite(fields[columns.loss], loss)) return "loss: " + *e;
  const std::string name = trim(fields[columns.optimizer]);
  if (name.empty()) return "optimizer: empty name";
  auto [entry, added] = byName.indexOf.try_emplace(name, byName.paths.size());
  if (added) {
    if (byName.paths.size() == kMaxImportedPaths) {
      byName.indexOf.erase(entry);
      return "optimizer: '" + name + "' would be path " + std::to_string(kMaxImportedPaths + 1) +
             "; a file holds at most " + std::to_string(kMaxImportedPaths);
    }
    byName.paths.push_back(ImportedPath{name, {}, {}, {}});
  }
  ImportedPath* path = &byName.paths[entry->second];
  const auto stepIndex = static_cast<std::int64_t>(step);
  if (!path->steps.empty() && stepIndex <= path->steps.back())
    return "step " + std::to_string(stepIndex) + " of '" + name + "' does not come after step " +
           std::to_string(path->steps.back());
  path->steps.push_back(stepIndex);
  path->points.push_back({x, y});
  if (columns.loss >= 0) path->losses.push_back(loss);
  return std::nullopt;
}

}  // namespace

std::variant<std::vector<ImportedPath>, std::string> parseTrajectoryCsv(std::string_view text) {
  CsvReader reader{text};
  std::vector<std::string> fields;
  if (reader.atEnd()) return std::string("the file is empty (expected a header optimizer,step,x,y[,loss])");
  if (auto error = reader.readRecord(fields)) return *error;
  auto header = readHeader(fields);
  if (auto* message = std::get_if<std::string>(&header)) return *message;
  const Columns columns = std::get<Columns>(header);
  PathsByName byName;
  while (!reader.atEnd()) {
    const int line = reader.line;
    if (auto error = reader.readRecord(fields)) return *error;
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // blank line
    if (auto error = addRow(fields, columns, byName))
      return printable("line " + std::to_string(line) + ": " + *error);
  }
  if (byName.paths.empty()) return std::string("no rows after the header");
  return std::move(byName.paths);
}

std::variant<std::vector<ImportedPath>, std::string> importTrajectoryCsv(const std::string& path) {
  std::string text;
  if (auto error = readWholeFile(path, text, kMaxImportBytes)) return printable(*error);
  auto result = parseTrajectoryCsv(text);
  if (auto* message = std::get_if<std::string>(&result)) return printable(path) + ": " + *message;
  return result;
}

}  // namespace gs
