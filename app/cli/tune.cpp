// `gradscape tune --surface S --optimizer SPEC --steps N [--param lr:1e-5:10:log] [--param NAME:LO:HI[:log]]
// [--starts K]`: the hyperparameters with the smallest mean f - f* after N steps over K starts (core/maps
// tune()). Progress on stderr, and last: `tune: lr=X ... loss=Y`. Bad input: one line, exit 2.
#include "core/maps/tune.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <iostream>
#include <ostream>

#include "cli/arguments.hpp"
#include "cli/map.hpp"
#include "cli/map_common.hpp"
#include "core/io/spec.hpp"

namespace gs::cli {
namespace {

struct TuneArgs {
  std::string surface, optimizer, schedule = "constant", steps, seed = "1", batch = "0", starts = "1",
                                  threads = "0";
  std::vector<std::string> params;
};

std::optional<std::string> buildTuneRequest(const TuneArgs& args, TuneRequest& request) {
  auto surface = loadSurfaceOption(args.surface);
  if (auto* error = std::get_if<std::string>(&surface)) return *error;
  request.surface = std::get<Surface>(std::move(surface));
  request.settings.optimizer = *Optimizer::create("sgd");
  if (auto error = parseRunSettings(args.optimizer, args.schedule, args.steps, args.seed, args.batch,
                                    request.settings))
    return error;
  if (args.params.size() > 2) return std::string("--param: at most two hyperparameters");
  for (const auto& text : args.params) {
    auto axis = parseHyperAxis(text, request.settings.optimizer);
    if (auto* problem = std::get_if<std::string>(&axis)) return concat("--param: ", *problem);
    request.axes.push_back(std::get<HyperAxis>(axis));
  }
  if (request.axes.empty()) request.axes.push_back(defaultTuneAxis(request.settings.optimizer));
  std::string error;
  const auto starts = parseInteger(args.starts, &error);
  if (!starts) return concat("--starts: ", error);
  if (*starts < 1 || *starts > kMaxTuneStarts)
    return concat("--starts: ", args.starts, " is outside 1 to ", std::to_string(kMaxTuneStarts));
  request.starts = static_cast<int>(*starts);
  const auto threads = parseInteger(args.threads, &error);
  if (!threads) return concat("--threads: ", error);
  if (*threads < 0 || *threads > 1024) return concat("--threads: ", args.threads, " is outside 0 to 1024");
  request.threads = static_cast<unsigned>(*threads);
  return checkTuneRequest(request);
}

}  // namespace

int tuneCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app(
      "Searches lr (log scale) and optionally a second hyperparameter for the smallest mean f - f* after "
      "--steps steps over --starts starts.",
      "gradscape tune");
  TuneArgs tuneArgs;
  // Required options are checked after the parse, so that an unknown or malformed argument is the one named.
  app.add_option("--surface", tuneArgs.surface, "(required) a catalog name or expr:FORMULA");
  app.add_option(
      "--optimizer", tuneArgs.optimizer,
      "(required) name, name:key=value,... or file:PATH.gso[:key=value,...]; the values not searched");
  app.add_option("--steps", tuneArgs.steps, "(required) steps per trial run, 0 to 1000000");
  app.add_option("--param", tuneArgs.params, "NAME:LO:HI[:log|:lin], at most twice (default lr:1e-5:10:log)");
  app.add_option("--starts", tuneArgs.starts,
                 "starts per trial: the surface's start, then spread over its domain");
  app.add_option("--schedule", tuneArgs.schedule, "learning-rate schedule, as gradscape trace");
  app.add_option("--seed", tuneArgs.seed, "minibatch seed on data surfaces (default 1)");
  app.add_option("--batch", tuneArgs.batch, "minibatch size on data surfaces (default 0: full batch)");
  app.add_option("--threads", tuneArgs.threads, "workers (default 0: every core)");
  if (const auto status =
          parseArguments(app, args, out, err, "gradscape tune", [&](std::ostream& to) { to << app.help(); }))
    return *status;
  for (const auto& [name, value] :
       {std::pair{"--surface", &tuneArgs.surface}, std::pair{"--optimizer", &tuneArgs.optimizer},
        std::pair{"--steps", &tuneArgs.steps}})
    if (value->empty()) {
      err << "gradscape tune: " << name << " is required (see gradscape tune --help)\n";
      return 2;
    }
  TuneRequest request;
  if (auto error = buildTuneRequest(tuneArgs, request)) {
    err << "gradscape tune: " << *error << '\n';
    return 2;
  }
  const auto begin = std::chrono::steady_clock::now();
  const TuneResult result = tune(request, nullptr, [&](double fraction) {
    err << "tune: " << static_cast<int>(fraction * 100.0) << "% (" << (fraction < 1.0 ? "refining" : "done")
        << ")\n";
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  err << "tune: " << result.trials.size() << " trials x " << request.starts << " starts x "
      << request.settings.steps << " steps in " << seconds << " s\n";
  if (!result.anyConverged) {
    err << "tune: every trial diverged (try a smaller range)\n";
    return 1;
  }
  Optimizer best = request.settings.optimizer;
  std::string line = "tune:";
  for (std::size_t a = 0; a < request.axes.size(); ++a) {
    best.setParam(request.axes[a].name, result.best[a]);
    line += concat(" ", request.axes[a].name, "=", formatNumber(result.best[a]));
  }
  line += concat(" spec=", toSpec(best), " loss=", formatNumber(result.bestLoss));
  out << toSpec(best) << '\n';
  err << line << '\n';
  return 0;
}

int runTuneCommand(int argc, char** argv) {
  return tuneCommand(std::vector<std::string>(argv + std::min(argc, 1), argv + argc), std::cout, std::cerr);
}

}  // namespace gs::cli
