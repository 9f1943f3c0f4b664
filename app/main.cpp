// gradscape: `gradscape [SCENE.json]` opens the window; verbs run the command-line tools.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/map.hpp"

namespace gs {
int runApp(const std::vector<std::string>& args);           // app/app.cpp
int runBenchCommand(const std::vector<std::string>& args);  // app/bench.cpp
}  // namespace gs

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string verb = args.empty() ? "" : args.front();
  const std::vector<std::string> rest =
      args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end());
  if (verb == "trace") return gs::cli::trace(rest, std::cout, std::cerr);
  if (verb == "render") return gs::cli::render(rest, std::cout, std::cerr);
  if (verb == "bench") return gs::runBenchCommand(rest);
  if (verb == "map") return gs::cli::runMapCommand(argc - 1, argv + 1);
  if (verb == "tune") return gs::cli::runTuneCommand(argc - 1, argv + 1);
  return gs::runApp(args);
}
