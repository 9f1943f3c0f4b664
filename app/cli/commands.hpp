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

}  // namespace gs::cli
