// gradscape: `gradscape [SCENE.json] [options]` opens the window; verbs run the command-line tools.
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "app.hpp"
#include "bench.hpp"
#include "cli/app_options.hpp"
#include "cli/commands.hpp"
#include "cli/map.hpp"
#include "gl/raster_threads.hpp"

namespace {

int runVerb(const std::string& verb, const gs::cli::Args& rest) {
  if (verb == "trace") return gs::cli::trace(rest, std::cout, std::cerr);
  if (verb == "render") return gs::cli::render(rest, std::cout, std::cerr);
  if (verb == "map") return gs::cli::mapCommand(rest, std::cout, std::cerr);
  if (verb == "tune") return gs::cli::tuneCommand(rest, std::cout, std::cerr);
  return gs::runBenchCommand(rest);
}

bool isVerb(const std::string& word) {
  return word == "trace" || word == "render" || word == "bench" || word == "map" || word == "tune";
}

}  // namespace

int main(int argc, char** argv) {
  // Before any GL context: on llvmpipe, more rasteriser threads than cores (gl/raster_threads.hpp).
  gs::gl::useMoreRasterThreads(std::thread::hardware_concurrency());
  const gs::cli::Args args(argv + 1, argv + argc);
  const std::string verb = args.empty() ? "" : args.front();
  const gs::cli::Args rest = args.empty() ? args : gs::cli::Args(args.begin() + 1, args.end());
  if (isVerb(verb)) return runVerb(verb, rest);
  if (verb == "help") {
    // `gradscape help trace` is `gradscape trace --help`.
    if (rest.size() == 1 && isVerb(rest.front())) return runVerb(rest.front(), {"--help"});
    if (!rest.empty()) {
      std::cerr << "gradscape help: unknown command '" << rest.front()
                << "' (commands: trace, render, bench, map, tune)\n";
      return 2;
    }
    gs::cli::writeUsage(std::cout);
    return 0;
  }
  gs::cli::AppOptions options;
  if (const auto status = gs::cli::parseAppOptions(args, options, std::cout, std::cerr)) return *status;
  return gs::runApp(options);
}
