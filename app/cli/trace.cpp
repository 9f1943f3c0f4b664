// `gradscape trace`: steps optimizers on a surface and prints their paths as CSV or JSON.
// Every argument is checked before anything is written, so bad input leaves stdout empty (exit 2) with
// one line on stderr; only then are the runs stepped and streamed (a long trace never sits in memory).
#include <CLI/CLI.hpp>
#include <cmath>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/trace_output.hpp"
#include "core/io/spec.hpp"
#include "core/maps/seeds.hpp"
#include "core/runner.hpp"
#include "core/surface/surface.hpp"

namespace gs::cli {
namespace {

// A typo in --steps must not hang the terminal for hours: 10 million steps take seconds per run.
constexpr std::int64_t kMaxTraceSteps = 10'000'000;
constexpr std::int64_t kDefaultTraceSteps = 100;

struct TraceOptions {
  std::string surface;
  std::optional<Vec2> start;
  std::int64_t steps = kDefaultTraceSteps;
  std::vector<RunSpec> runs;
  TraceFormat format = TraceFormat::Csv;
  std::uint64_t seed = 1;
  int batch = 0;
  int seeds = 0;  // --seeds K: K seeds' mean path and band instead of one path per run
  bool list = false;
};

std::string readableLabel(std::string_view spec, const Schedule& schedule) {
  std::string label(spec);
  for (char& c : label)
    if (c == ':' || c == ',') c = ' ';
  if (schedule.kind != Schedule::Kind::Constant || schedule.warmupSteps > 0)
    label.append(" schedule=").append(schedule.toString());
  return label;
}

std::optional<std::string> parseStart(std::string_view text, TraceOptions& options) {
  const auto comma = text.find(',');
  if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos)
    return concat("--start: expected X,Y, got '", text, "'");
  std::string error;
  const auto x = parseNumber(text.substr(0, comma), &error);
  if (!x) return concat("--start: ", error);
  const auto y = parseNumber(text.substr(comma + 1), &error);
  if (!y) return concat("--start: ", error);
  options.start = Vec2{*x, *y};
  return std::nullopt;
}

std::optional<std::string> parseSteps(std::string_view text, TraceOptions& options) {
  std::string error;
  const auto steps = parseInteger(text, &error);
  if (!steps) return concat("--steps: ", error);
  if (*steps < 0) return concat("--steps: ", text, " is negative");
  if (*steps > kMaxTraceSteps)
    return concat("--steps: ", text, " is more than the maximum ", std::to_string(kMaxTraceSteps));
  options.steps = *steps;
  return std::nullopt;
}

std::optional<std::string> parseOptimizer(std::string_view text, const Schedule& schedule,
                                          TraceOptions& options) {
  auto optimizer = parseOptimizerSpec(text);
  if (auto* error = std::get_if<std::string>(&optimizer)) {
    // A program's errors already name its file (and line and column): one line, as a compiler writes it.
    if (text.starts_with(kProgramSpecPrefix)) return *error;
    return concat("--optimizer: ", *error);
  }
  options.runs.push_back(
      RunSpec{readableLabel(text, schedule), std::get<Optimizer>(std::move(optimizer)), schedule});
  return std::nullopt;
}

std::optional<std::string> parseFormat(std::string_view text, TraceOptions& options) {
  if (text == "csv")
    options.format = TraceFormat::Csv;
  else if (text == "json")
    options.format = TraceFormat::Json;
  else
    return concat("--format: '", text, "' is not csv or json");
  return std::nullopt;
}

std::optional<std::string> parseSeed(std::string_view text, TraceOptions& options) {
  std::string error;
  const auto seed = parseInteger(text, &error);
  if (!seed) return concat("--seed: ", error);
  if (*seed < 0) return concat("--seed: ", text, " is negative");
  options.seed = static_cast<std::uint64_t>(*seed);
  return std::nullopt;
}

std::optional<std::string> parseBatch(std::string_view text, TraceOptions& options) {
  std::string error;
  const auto batch = parseInteger(text, &error);
  if (!batch) return concat("--batch: ", error);
  if (*batch < 0 || *batch > 1'000'000'000)
    return concat("--batch: ", text, " is out of range [0, 1000000000]");
  options.batch = static_cast<int>(*batch);
  return std::nullopt;
}

std::optional<std::string> parseSeeds(std::string_view text, TraceOptions& options) {
  std::string error;
  const auto seeds = parseInteger(text, &error);
  if (!seeds) return concat("--seeds: ", error);
  if (*seeds < 1 || *seeds > kMaxSeeds)
    return concat("--seeds: ", text, " is outside 1 to ", std::to_string(kMaxSeeds));
  options.seeds = static_cast<int>(*seeds);
  return std::nullopt;
}

// Applies one `--name value`; the schedule in force is updated by --schedule for later optimizers.
std::optional<std::string> applyOption(std::string_view name, std::string_view value, Schedule& schedule,
                                       TraceOptions& options) {
  if (name == "--surface") {
    if (!options.surface.empty()) return std::string("--surface given twice");
    if (value.empty()) return std::string("--surface: empty surface name");
    options.surface = value;
    return std::nullopt;
  }
  if (name == "--start") return parseStart(value, options);
  if (name == "--steps") return parseSteps(value, options);
  if (name == "--optimizer") return parseOptimizer(value, schedule, options);
  if (name == "--format") return parseFormat(value, options);
  if (name == "--seed") return parseSeed(value, options);
  if (name == "--batch") return parseBatch(value, options);
  if (name == "--seeds") return parseSeeds(value, options);
  if (name != "--schedule") return concat("unknown option '", name, "'");
  auto parsed = Schedule::parse(value);
  if (auto* error = std::get_if<std::string>(&parsed)) return concat("--schedule: ", *error);
  schedule = std::get<Schedule>(parsed);
  return std::nullopt;
}

// CLI11 recognises the options; applyOption checks each value, in command-line order.
void declareOptions(CLI::App& app) {
  configureApp(app);
  addValueOption(app, "--surface", "NAME|expr:FORMULA", "");
  addValueOption(app, "--start", "X,Y", "");
  addValueOption(app, "--steps", "N", "");
  addValueOption(app, "--optimizer", "SPEC", "");
  addValueOption(app, "--schedule", "SPEC", "");
  addValueOption(app, "--format", "csv|json", "");
  addValueOption(app, "--seed", "S", "");
  addValueOption(app, "--batch", "M", "");
  addValueOption(app, "--seeds", "K", "");
  addFlag(app, "--list", "");
}

std::optional<std::string> checkStart(const Surface& surface, Vec2 start) {
  const std::string where = concat("(", formatNumber(start.x), ", ", formatNumber(start.y), ")");
  if (norm(start) > gs::Run::kDivergenceBound)
    return concat("--start: ", where, " is farther from the origin than ",
                  formatNumber(gs::Run::kDivergenceBound));
  const ValueGrad here = surface.evaluator->valueGrad(start);
  if (!std::isfinite(here.value) || !isFinite(here.gradient))
    return concat("--start: f or its gradient is not finite at ", where);
  return std::nullopt;
}

std::optional<std::string> checkBatch(const Surface& surface, const TraceOptions& options) {
  if (options.batch == 0 || surface.evaluator->dataSize() > 0) return std::nullopt;
  return concat("--batch: surface '", surface.name, "' has no data set (minibatches apply to data surfaces)");
}

// Checks every argument before anything is written; returns the one error line, if any.
std::optional<std::string> prepare(const CLI::App& app, TraceOptions& options,
                                   std::optional<Surface>& surface) {
  Schedule schedule;             // the one in force for the --optimizers that follow
  bool scheduleFollowed = true;  // false: the last --schedule has no --optimizer after it
  auto invalid =
      applyInOrder(app, [&](const std::string& name, const std::string& value) -> std::optional<std::string> {
        if (name == "--list") {
          options.list = true;
          return std::nullopt;
        }
        if (name == "--schedule") scheduleFollowed = false;
        if (name == "--optimizer") scheduleFollowed = true;
        return applyOption(name, value, schedule, options);
      });
  if (invalid) return invalid;
  if (!scheduleFollowed)
    return std::string("--schedule applies to the --optimizers after it, and none follows the last one");
  if (options.list) return std::nullopt;
  if (options.surface.empty())
    return std::string("missing --surface NAME|expr:FORMULA (see gradscape trace --list)");
  if (options.runs.empty())
    return std::string("missing --optimizer SPEC (for example --optimizer adam:lr=0.1)");
  auto loaded = loadSurfaceOption(options.surface);
  if (auto* error = std::get_if<std::string>(&loaded)) return *error;
  surface = std::get<Surface>(std::move(loaded));
  if (auto error = checkBatch(*surface, options)) return error;
  if (options.seeds > 0) {
    if (options.format != TraceFormat::Csv)
      return std::string("--seeds: writes CSV only (drop --format json)");
    PixelSettings settings;
    settings.batchSize = options.batch;
    if (auto error = checkSeedBand(*surface, settings, options.seeds)) return concat("--seeds: ", *error);
  }
  if (!options.start) options.start = surface->start;
  return checkStart(*surface, *options.start);
}

}  // namespace

int trace(const Args& args, std::ostream& out, std::ostream& err) {
  CLI::App app;
  declareOptions(app);
  if (const auto status = parseArguments(app, args, out, err, "gradscape trace", writeTraceHelp))
    return *status;
  TraceOptions options;
  std::optional<Surface> surface;
  if (auto error = prepare(app, options, surface)) {
    err << "gradscape trace: " << *error << '\n';
    return 2;
  }
  if (options.list) {
    writeTraceList(out);
    return 0;
  }
  for (auto& run : options.runs) {
    run.batchSize = options.batch;
    run.seed = options.seed;
  }
  TraceRequest request{*surface, *options.start, options.steps, options.format};
  const std::vector<TraceDivergence> divergences =
      options.seeds > 0 ? writeSeedBands(request, options.runs, options.seeds, out)
                        : writeTrace(request, options.runs, out);
  for (const auto& diverged : divergences)
    err << diverged.label << " diverged at step " << diverged.step << '\n';
  return 0;
}

}  // namespace gs::cli
