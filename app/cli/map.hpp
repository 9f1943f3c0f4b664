// `gradscape map basin|hyper ...` and `gradscape tune ...`: maps of many runs and the fair-comparison
// tuner on the command line (arguments parsed with CLI11). Headless; bad input: one line on stderr, exit 2.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "core/maps/map.hpp"

namespace gs::cli {

// argv[0] is the verb ("map" / "tune"), as main's argv + 1.
int runMapCommand(int argc, char** argv);
int runTuneCommand(int argc, char** argv);

// The same with the arguments after the verb and the streams to write to (tests run them in-process).
int mapCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int tuneCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// What --csv writes (the header, then one row per pixel) and the PNG's caption; the Maps panel's export
// writes the same.
std::string mapCsv(const MapRequest& request, const MapResult& result);
std::string mapCaption(const MapRequest& request);

}  // namespace gs::cli
