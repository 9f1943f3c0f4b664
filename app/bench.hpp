// `gradscape bench`: frame times of a fixed heavy scene in a real window.
#pragma once
#include <string>
#include <vector>

namespace gs {

// Runs the benchmark; the process's exit status.
int runBenchCommand(const std::vector<std::string>& args);
// "1280x720" -> width and height (each 1 .. 16384); false for anything else.
bool parseSize(const std::string& text, int& width, int& height);

}  // namespace gs
