// `gradscape map basin ...` and `gradscape map hyper ...`: every argument is checked before any run is
// stepped (bad input: one line on stderr, exit 2, no file written); the map is then computed on every
// core (core/maps MapJob) with progress on stderr, written as CSV and/or PNG, and summarised last:
//   map: 65536 runs x 300 steps in X s (Y ns per run-step)
#include "cli/map.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <iostream>
#include <ostream>

#include "cli/arguments.hpp"
#include "cli/map_common.hpp"
#include "cli/map_png.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/spec.hpp"
#include "core/maps/map.hpp"

namespace gs::cli {

namespace {

void appendNumber(std::string& text, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 17);
  text.append(buffer, result.ptr);
}

}  // namespace

std::string mapCsv(const MapRequest& request, const MapResult& result) {
  std::string text = request.kind == MapKind::Basin
                         ? "px,py,start_x,start_y,end_x,end_y,loss,minimum,status,status_step\n"
                         : concat("px,py,", request.x.name, ",", request.y.name,
                                  ",end_x,end_y,loss,minimum,status,status_step\n");
  text.reserve(text.size() + result.pixels.size() * 120);
  for (int py = 0; py < result.height; ++py)
    for (int px = 0; px < result.width; ++px) {
      const MapPixel& pixel = result.at(px, py);
      const Vec2 first =
          request.kind == MapKind::Basin ? basinStart(request, px, py) : hyperValues(request, px, py);
      text.append(std::to_string(px)).append(",").append(std::to_string(py)).append(",");
      for (const double value : {first.x, first.y, pixel.run.end.x, pixel.run.end.y, pixel.run.loss}) {
        appendNumber(text, value);
        text += ',';
      }
      text.append(std::to_string(pixel.kind == EndKind::Minimum ? pixel.index : -1)).append(",");
      text.append(toString(pixel.run.status))
          .append(",")
          .append(std::to_string(pixel.run.statusStep))
          .append("\n");
    }
  return text;
}

std::string mapCaption(const MapRequest& request) {
  const std::string what =
      request.kind == MapKind::Basin
          ? "basin of attraction"
          : (request.metric == HyperMetric::FinalLoss ? "final f - f*" : "steps to f - f* <= tol");
  std::string text = concat(request.surface.name, "  |  ", toSpec(request.settings.optimizer), "  |  ",
                            std::to_string(request.settings.steps), " steps  |  ", what);
  if (request.kind == MapKind::Hyper)
    text += concat(" from (", formatNumber(request.start.x), ", ", formatNumber(request.start.y), ")");
  if (request.settings.batchSize > 0)
    text += concat("  |  batch ", std::to_string(request.settings.batchSize), " seed ",
                   std::to_string(request.settings.seed));
  return text;
}

namespace {

struct MapArgs {
  std::string surface, optimizer, schedule = "constant", steps = "300", size = "256x256", seed = "1",
                                  batch = "0";
  std::string range, x, y, start, metric = "final", tolerance = "1e-6", png, csv;
  std::string threads = "0";
};

void addRunOptions(CLI::App& command, MapArgs& args) {
  command.add_option("--surface", args.surface,
                     "(required) a catalog name (gradscape trace --list) or expr:FORMULA");
  command.add_option(
      "--optimizer", args.optimizer,
      "(required) name, name:key=value,... or file:PATH.gso[:key=value,...], as gradscape trace");
  command.add_option("--schedule", args.schedule,
                     "learning-rate schedule, as gradscape trace (default constant)");
  command.add_option("--steps", args.steps, "steps per run, 0 to 1000000 (default 300)");
  command.add_option("--size", args.size, "pixels WxH, each 1 to 4096 (default 256x256)");
  command.add_option("--seed", args.seed, "minibatch seed on data surfaces, as trace --seed (default 1)");
  command.add_option("--batch", args.batch,
                     "minibatch size on data surfaces, as trace --batch (default 0: full)");
  command.add_option("--png", args.png, "write the map as a PNG with axes, colour key and caption");
  command.add_option("--csv", args.csv, "write one row per pixel; - for stdout");
  command.add_option("--threads", args.threads, "workers (default 0: every core)");
}

std::optional<std::string> parsePoint(const std::string& name, const std::string& text, Vec2& point) {
  const auto comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
    return concat(name, ": expected X,Y, got '", text, "'");
  std::string error;
  const auto x = parseNumber(std::string_view(text).substr(0, comma), &error);
  if (!x) return concat(name, ": ", error);
  const auto y = parseNumber(std::string_view(text).substr(comma + 1), &error);
  if (!y) return concat(name, ": ", error);
  point = {*x, *y};
  return std::nullopt;
}

std::optional<std::string> parseRange(const std::string& text, Domain& range) {
  double values[4];
  std::size_t begin = 0;
  for (int i = 0; i < 4; ++i) {
    const auto comma = text.find(',', begin);
    if ((i < 3) == (comma == std::string::npos))
      return concat("--range: expected x0,x1,y0,y1, got '", text, "'");
    std::string error;
    const auto value = parseNumber(
        std::string_view(text).substr(begin, comma == std::string::npos ? comma : comma - begin), &error);
    if (!value) return concat("--range: ", error);
    values[i] = *value;
    begin = comma + 1;
  }
  range = {values[0], values[1], values[2], values[3]};
  return std::nullopt;
}

std::optional<std::string> buildRequest(bool basin, const MapArgs& args, MapRequest& request,
                                        unsigned& threads) {
  auto surface = loadSurfaceOption(args.surface);
  if (auto* error = std::get_if<std::string>(&surface)) return *error;
  PixelSettings settings;
  if (auto error =
          parseRunSettings(args.optimizer, args.schedule, args.steps, args.seed, args.batch, settings))
    return error;
  int width = 0, height = 0;
  if (auto error = parseSize(args.size, width, height)) return error;
  request = basinRequest(std::get<Surface>(std::move(surface)), std::move(settings), width, height);
  std::string error;
  const auto threadCount = parseInteger(args.threads, &error);
  if (!threadCount) return concat("--threads: ", error);
  if (*threadCount < 0 || *threadCount > 1024)
    return concat("--threads: ", args.threads, " is outside 0 to 1024");
  threads = static_cast<unsigned>(*threadCount);
  if (args.png.empty() && args.csv.empty())
    return std::string("nothing to write: give --png FILE and/or --csv FILE|-");
  for (const auto& path : {args.png, args.csv})
    if (!path.empty() && path != "-")
      if (auto problem = checkWritablePath(path))
        return concat(&path == &args.png ? "--png: " : "--csv: ", *problem);
  if (basin) {
    if (!args.range.empty())
      if (auto problem = parseRange(args.range, request.range)) return problem;
  } else {
    request.kind = MapKind::Hyper;
    auto x = parseHyperAxis(args.x, request.settings.optimizer);
    if (auto* problem = std::get_if<std::string>(&x)) return concat("--x: ", *problem);
    request.x = std::get<HyperAxis>(x);
    auto y = parseHyperAxis(args.y, request.settings.optimizer);
    if (auto* problem = std::get_if<std::string>(&y)) return concat("--y: ", *problem);
    request.y = std::get<HyperAxis>(y);
    if (!args.start.empty())
      if (auto problem = parsePoint("--start", args.start, request.start)) return problem;
    if (args.metric == "steps")
      request.metric = HyperMetric::StepsToTolerance;
    else if (args.metric != "final")
      return concat("--metric: '", args.metric, "' is not final or steps");
    const auto tolerance = parseNumber(args.tolerance, &error);
    if (!tolerance) return concat("--tolerance: ", error);
    request.lossTolerance = *tolerance;
  }
  return checkMapRequest(request);
}

// Counts per kind of end, for the line before the summary.
std::string classSummary(const MapRequest& request, const MapResult& result) {
  std::vector<std::int64_t> perMinimum(request.surface.minima.size(), 0);
  std::int64_t clusters = 0, moving = 0, diverged = 0, undefined = 0;
  for (const auto& pixel : result.pixels) switch (pixel.kind) {
      case EndKind::Minimum:
        ++perMinimum[static_cast<std::size_t>(pixel.index)];
        break;
      case EndKind::Cluster:
        ++clusters;
        break;
      case EndKind::Moving:
        ++moving;
        break;
      case EndKind::Diverged:
        ++diverged;
        break;
      case EndKind::Undefined:
        ++undefined;
        break;
    }
  std::string text = "map:";
  for (std::size_t i = 0; i < perMinimum.size(); ++i)
    text += concat(" minimum ", std::to_string(i), ": ", std::to_string(perMinimum[i]), ",");
  text +=
      concat(" elsewhere: ", std::to_string(clusters), " (", std::to_string(result.clusters.size()),
             " clusters), still moving: ", std::to_string(moving), ", diverged: ", std::to_string(diverged),
             ", f undefined at start: ", std::to_string(undefined));
  return text;
}

int runMap(bool basin, const MapArgs& args, std::ostream& out, std::ostream& err) {
  MapRequest request;
  unsigned threads = 0;
  if (auto error = buildRequest(basin, args, request, threads)) {
    err << "gradscape map: " << *error << '\n';
    return 2;
  }
  const auto begin = std::chrono::steady_clock::now();
  MapJob job(request, threads);
  int reported = 0;
  // Woken by the job's end, not a sleep, so the time printed last is the map's, not the poll's.
  while (!job.waitFor(std::chrono::milliseconds(50))) {
    const int percent = static_cast<int>(job.progress() * 100.0);
    if (percent >= reported + 10 && !job.done()) {
      reported = percent - percent % 10;
      err << "map: " << reported << "% (" << job.pixelsComputed() << " of "
          << static_cast<std::int64_t>(request.width) * request.height << " runs)\n";
    }
  }
  job.wait();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const MapResult result = job.snapshot();
  if (!args.csv.empty()) {
    const std::string text = mapCsv(request, result);
    if (args.csv == "-")
      out << text;
    else if (auto error = writeFileAtomically(args.csv, text)) {
      err << "gradscape map: --csv: " << *error << '\n';
      return 1;
    }
  }
  if (!args.png.empty())
    if (auto error = writeMapPng(args.png, request, result, mapCaption(request))) {
      err << "gradscape map: --png: " << *error << '\n';
      return 1;
    }
  if (basin) err << classSummary(request, result) << '\n';
  const auto runs = static_cast<std::int64_t>(request.width) * request.height;
  const double runSteps =
      static_cast<double>(runs) * static_cast<double>(std::max<std::int64_t>(request.settings.steps, 1));
  char summary[160];
  std::snprintf(summary, sizeof summary, "map: %lld runs x %lld steps in %.3g s (%.3g ns per run-step)",
                static_cast<long long>(runs), static_cast<long long>(request.settings.steps), seconds,
                seconds * 1e9 / runSteps);
  err << summary << '\n';
  return 0;
}

}  // namespace

int mapCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app(
      "Maps of many runs: where each start ends (basin), or how each pair of hyperparameters does (hyper).",
      "gradscape map");
  MapArgs basinArgs, hyperArgs;
  CLI::App* basin =
      app.add_subcommand("basin", "every start on a WxH grid over --range stepped --steps times");
  addRunOptions(*basin, basinArgs);
  basin->add_option("--range", basinArgs.range, "x0,x1,y0,y1 of the starts (default: the surface's domain)");
  CLI::App* hyper =
      app.add_subcommand("hyper", "two hyperparameters over ranges, one run per pixel from --start");
  addRunOptions(*hyper, hyperArgs);
  hyper->add_option("--x", hyperArgs.x, "(required) NAME:LO:HI[:log|:lin] along x, e.g. lr:1e-4:1:log");
  hyper->add_option("--y", hyperArgs.y, "(required) NAME:LO:HI[:log|:lin] along y, e.g. momentum:0:0.99");
  hyper->add_option("--start", hyperArgs.start, "X,Y (default: the surface's start)");
  hyper->add_option("--metric", hyperArgs.metric,
                    "final (f - f* after --steps, default) or steps (to --tolerance)");
  hyper->add_option("--tolerance", hyperArgs.tolerance,
                    "f - f* counted as reached by --metric steps (default 1e-6)");
  // Help for the subcommand that asked for it. Required options are checked after the parse, so that an
  // unknown or malformed argument is the one named.
  const auto help = [&](std::ostream& to) {
    const CLI::App* asked = basin->parsed() ? basin : hyper->parsed() ? hyper : &app;
    std::string text = asked->help();
    const std::string usage = "Usage: " + asked->get_name();  // CLI11 names a subcommand alone
    if (const auto at = text.find(usage); asked != &app && at != std::string::npos)
      text.replace(at, usage.size(), "Usage: gradscape map " + asked->get_name());
    to << text;
  };
  if (const auto status = parseArguments(app, args, out, err, "gradscape map", help)) return *status;
  if (!basin->parsed() && !hyper->parsed()) {
    err << "gradscape map: expects basin or hyper (see gradscape map --help)\n";
    return 2;
  }
  const MapArgs& given = basin->parsed() ? basinArgs : hyperArgs;
  const char* verb = basin->parsed() ? "basin" : "hyper";
  std::vector<std::pair<const char*, const std::string*>> required = {{"--surface", &given.surface},
                                                                      {"--optimizer", &given.optimizer}};
  if (hyper->parsed()) required.insert(required.end(), {{"--x", &given.x}, {"--y", &given.y}});
  for (const auto& [name, value] : required)
    if (value->empty()) {
      err << "gradscape map " << verb << ": " << name << " is required (see gradscape map " << verb
          << " --help)\n";
      return 2;
    }
  if (basin->parsed()) return runMap(true, basinArgs, out, err);
  return runMap(false, hyperArgs, out, err);
}

int runMapCommand(int argc, char** argv) {
  return mapCommand(std::vector<std::string>(argv + std::min(argc, 1), argv + argc), std::cout, std::cerr);
}

}  // namespace gs::cli
