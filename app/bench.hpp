// `gradscape bench`: the app's frame time on a fixed heavy scene (see bench.cpp).
#pragma once
#include <string>
#include <vector>

namespace gs {

// The arguments after "bench"; returns the exit status (usage with --help, 2 on bad input).
int runBenchCommand(const std::vector<std::string>& args);

}  // namespace gs
