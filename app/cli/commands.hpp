// Command-line entry points of the gradscape binary. Each takes the arguments after its verb and the
// streams to write to, so tests can run them in-process; each returns the process exit status.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace gs::cli {

using Args = std::vector<std::string>;

// gradscape trace ... : steps optimizers on a surface and prints their paths as CSV or JSON.
int trace(const Args& args, std::ostream& out, std::ostream& err);

// gradscape render SCENE.json --steps N [--gif OUT.gif] [--png OUT.png] [--size WxH] [--fps F]: draws
// the scene with the app's renderer into a windowless EGL framebuffer, one frame per step (one every
// ceil(N/1000) steps above 1000), and writes an animated GIF and/or a PNG of the last frame.
// Progress on `err`; bad input: one line on `err`, exit 2, no file written.
int render(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace gs::cli
