#include "cli/app_options.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/arguments.hpp"

namespace gs::cli {
namespace {

constexpr int kMinWindowSide = 64, kMaxWindowSide = 16384;
constexpr long long kMaxWindowSteps = 10'000'000;  // as trace and render
constexpr long long kMaxScreenshotFrames = 100'000;

void declareOptions(CLI::App& app) {
  configureApp(app);
  app.set_version_flag("--version", versionLine(), "print the version and exit");
  app.add_option("scene")
      ->type_name("SCENE.json")
      ->description("a scene to open (see assets/); default: the racing scene")
      ->expected(1);
  addValueOption(app, "--size", "WxH",
                 "window size, 64x64 to 16384x16384 (default: the size it had when last closed)");
  addFlag(app, "--presentation", "start in presentation mode (panels hidden, large type)");
  addValueOption(app, "--steps", "N", "steps every run takes before the first frame, 0 to 10000000");
  addValueOption(
      app, "--explain", "RUN:SUBSTEP",
      "open the step-by-step explainer on run RUN's last update at sub-step SUBSTEP (both from 1)");
  addValueOption(app, "--screenshot", "PATH",
                 "draw --frames frames, save the last as a PNG at PATH and quit (settings untouched)");
  addValueOption(app, "--frames", "N", "frames drawn before the screenshot, 1 to 100000 (default 5)");
}

std::optional<std::string> applyOption(const std::string& name, const std::string& value,
                                       AppOptions& options) {
  long long number = 0;
  if (name == "scene") {
    options.scenePath = value;
  } else if (name == "--screenshot") {
    if (value.empty()) return std::string("--screenshot needs a PATH");
    options.screenshotPath = value;
  } else if (name == "--frames") {
    if (!parseWhole(value, 1, kMaxScreenshotFrames, number))
      return "--frames needs a count from 1 to 100000, not '" + value + "'";
    options.frames = static_cast<int>(number);
  } else if (name == "--size") {
    if (!parseSize(value, kMinWindowSide, kMaxWindowSide, options.width, options.height))
      return "--size needs WxH between 64x64 and 16384x16384, e.g. 1280x720, not '" + value + "'";
  } else if (name == "--steps") {
    if (!parseWhole(value, 0, kMaxWindowSteps, number))
      return "--steps needs a count from 0 to 10000000, not '" + value + "'";
    options.steps = number;
  } else if (name == "--explain") {
    if (auto error = parseExplainOption(value, options.explainRun, options.explainSubStep)) return error;
  } else if (name == "--presentation") {
    options.presentation = true;
  } else {
    return "unknown option '" + name + "'";
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> parseAppOptions(const Args& args, AppOptions& options, std::ostream& out,
                                   std::ostream& err) {
  CLI::App app{"", "gradscape"};
  declareOptions(app);
  if (const auto status = parseArguments(app, args, out, err, "gradscape", writeUsage)) return status;
  if (auto error = applyInOrder(app, [&](const std::string& name, const std::string& value) {
        return applyOption(name, value, options);
      })) {
    err << "gradscape: " << *error << '\n';
    return 2;
  }
  return std::nullopt;
}

void writeUsage(std::ostream& out) {
  CLI::App app{"", "gradscape"};
  declareOptions(app);
  app.description(
      versionLine() +
      ": watch optimizers race on loss surfaces.\n\n"
      "usage: gradscape [SCENE.json] [OPTIONS]      the window (the options below)\n"
      "       gradscape trace --surface NAME --optimizer SPEC [...]   paths as CSV or JSON\n"
      "       gradscape render SCENE.json --steps N --gif OUT.gif|--png OUT.png\n"
      "       gradscape bench [--frames N] [--size WxH] [--pan] [--no-panels] [--msaa N]\n"
      "       gradscape map basin|hyper --surface NAME --optimizer SPEC [...] --png|--csv FILE\n"
      "       gradscape tune --surface NAME --optimizer SPEC --steps N [--param NAME:LO:HI[:log]]\n"
      "       gradscape help [COMMAND] | --help | -h | --version\n"
      "Each command's own options: gradscape COMMAND --help. Keys and mouse: the README's Controls.");
  out << app.help();
}

}  // namespace gs::cli
