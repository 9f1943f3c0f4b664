// What every gradscape command shares on its command line: CLI11 recognises the options (long names,
// --name=value, repeats, --help), gradscape keeps its own words. A parse either goes on, or ends with
// the exit status: 0 after --help / --version (usage on `out`), 2 after bad input (one line on `err`
// naming the argument, never CLI11's own text or exit codes).
#pragma once
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/surface/surface.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace gs::cli {

using Args = std::vector<std::string>;

// "gradscape 0.1.0": the version of CMake's project(VERSION).
std::string versionLine();

// A CLI::App set up as gradscape's commands are: -h/--help, every option may repeat (the options are
// applied in the order given, see applyInOrder), no CLI11 exit codes.
void configureApp(CLI::App& app);
// An option taking one value, whatever it looks like ("--start -1,2" and "--steps -5" reach the checks).
CLI::Option* addValueOption(CLI::App& app, const std::string& name, const std::string& typeName,
                            const std::string& description);
CLI::Option* addFlag(CLI::App& app, const std::string& name, const std::string& description);

// Parses `args` (the arguments after the command's verb). nullopt: parsed, go on. Otherwise the exit
// status, after writing `writeHelp`'s usage (or the version) to `out`, or "`prefix`: MESSAGE" to `err`.
std::optional<int> parseArguments(CLI::App& app, const Args& args, std::ostream& out, std::ostream& err,
                                  std::string_view prefix,
                                  const std::function<void(std::ostream&)>& writeHelp);

// Calls `apply(option name, value)` for every value given, in command-line order (so an option can
// depend on the ones before it, as trace's --schedule does for the --optimizers after it); stops at the
// first error and returns it. Flags are passed with an empty value.
std::optional<std::string> applyInOrder(
    const CLI::App& app,
    const std::function<std::optional<std::string>(const std::string&, const std::string&)>& apply);

// WxH with each side in [minSide, maxSide]; nothing else (no sign, no trailing text).
bool parseSize(std::string_view text, int minSide, int maxSide, int& width, int& height);
// A whole number in [min, max]; nothing else.
bool parseWhole(std::string_view text, long long min, long long max, long long& value);
// --explain RUN:SUBSTEP (the window and render): two counts from 1 to 1000, or the one-line error.
std::optional<std::string> parseExplainOption(const std::string& value, int& run, int& subStep);

// --surface: a catalog name or expr:FORMULA (trace, map and tune), or a one-line error naming the option.
std::variant<Surface, std::string> loadSurfaceOption(const std::string& name);

}  // namespace gs::cli
