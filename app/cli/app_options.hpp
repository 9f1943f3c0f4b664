// The window's command line: `gradscape [SCENE.json] [--size WxH] [--presentation] [--steps N]
// [--explain RUN:SUBSTEP] [--screenshot PATH [--frames N]]`, and the usage that `gradscape --help` prints for
// every command.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>

#include "cli/commands.hpp"

namespace gs::cli {

struct AppOptions {
  std::string scenePath;       // empty: the default racing scene
  std::string screenshotPath;  // non-empty: draw `frames` frames, save the last, quit
  int frames = 5;
  int width = 0, height = 0;  // 0: from the settings
  bool presentation = false;  // start in presentation mode
  long long steps = 0;        // steps taken before the first frame (screenshots of a run in progress)
  // --explain RUN:SUBSTEP (both from 1): the explainer opens on that run's last update at that sub-step
  // (0: not given). For screenshots and GIFs of one sub-step.
  int explainRun = 0, explainSubStep = 0;
};

// nullopt: `options` is filled, open the window. Otherwise the exit status: 0 after --help / --version
// (written to `out`), 2 after bad input (one line on `err`).
std::optional<int> parseAppOptions(const Args& args, AppOptions& options, std::ostream& out,
                                   std::ostream& err);

// `gradscape --help`: every command and every window option.
void writeUsage(std::ostream& out);

}  // namespace gs::cli
