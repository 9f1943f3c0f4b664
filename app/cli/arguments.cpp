#include "cli/arguments.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <map>
#include <ostream>

#ifndef GRADSCAPE_VERSION
#error "GRADSCAPE_VERSION comes from CMake's project(VERSION) (app/CMakeLists.txt)"
#endif

#include "core/math/text.hpp"

namespace gs::cli {
namespace {

// CLI11 keeps an unknown "--bogus=3" whole; the user typed the option "--bogus".
std::string unexpectedArgument(const std::string& arg, std::string_view prefix) {
  if (arg.size() > 1 && arg[0] == '-') {
    const std::string name = arg.substr(0, arg.find('='));
    return "unknown option '" + name + "' (see " + std::string(prefix) + " --help)";
  }
  return "unexpected argument '" + arg + "'";
}

// Our one line for each of CLI11's parse errors. CLI11 names the option first ("--steps: 1 required
// N missing") in the errors that concern one option.
std::string describe(const CLI::ParseError& error, const CLI::App& app, std::string_view prefix) {
  const std::string what = error.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
    const auto remaining = app.remaining(true);  // a subcommand's too (map basin --bogus)
    if (!remaining.empty()) return unexpectedArgument(remaining.front(), prefix);
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error)) {
    // "list was given a disallowed flag override": a value given to a flag (--list=1).
    const std::string flagOverride = " was given a disallowed flag override";
    if (const auto at = what.find(flagOverride); at != std::string::npos)
      return (what.starts_with("-") ? "" : "--") + what.substr(0, at) + " takes no value";
    const std::string name = what.starts_with("-") ? what.substr(0, what.find_first_of(": ")) : std::string();
    if (!name.empty())
      return name + (what.find("At Most") != std::string::npos ? " takes no value" : " needs a value");
  }
  std::string line = what;  // anything else: CLI11's words, on one line
  for (char& c : line)
    if (c == '\n') c = ' ';
  return line;
}

}  // namespace

std::string versionLine() { return std::string("gradscape ") + GRADSCAPE_VERSION; }

void configureApp(CLI::App& app) {
  app.set_help_flag("-h,--help", "print this help and exit");
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.get_formatter()->column_width(26);
}

CLI::Option* addValueOption(CLI::App& app, const std::string& name, const std::string& typeName,
                            const std::string& description) {
  CLI::Option* option = app.add_option(name);
  option->type_name(typeName)->description(description)->expected(1);
  option->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  return option;
}

CLI::Option* addFlag(CLI::App& app, const std::string& name, const std::string& description) {
  CLI::Option* option = app.add_flag(name);
  option->description(description);
  // "--list=1" is refused ("--list takes no value") rather than read as a count.
  option->disable_flag_override();
  option->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  return option;
}

std::optional<int> parseArguments(CLI::App& app, const Args& args, std::ostream& out, std::ostream& err,
                                  std::string_view prefix,
                                  const std::function<void(std::ostream&)>& writeHelp) {
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    app.parse(reversed);
    return std::nullopt;
  } catch (const CLI::CallForHelp&) {
    writeHelp(out);
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    writeHelp(out);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << versionLine() << '\n';
    return 0;
  } catch (const CLI::ParseError& error) {
    err << prefix << ": " << describe(error, app, prefix) << '\n';
    return 2;
  }
}

std::optional<std::string> applyInOrder(
    const CLI::App& app,
    const std::function<std::optional<std::string>(const std::string&, const std::string&)>& apply) {
  // parse_order() lists an option once per value it took, in command-line order.
  std::map<const CLI::Option*, std::size_t> used;
  for (const CLI::Option* option : app.parse_order()) {
    const std::size_t index = used[option]++;
    const auto& results = option->results();
    const bool flag = option->get_expected_max() == 0;
    const std::string value = !flag && index < results.size() ? results[index] : std::string();
    if (auto error = apply(option->get_name(), value)) return error;
  }
  return std::nullopt;
}

bool parseWhole(std::string_view text, long long min, long long max, long long& value) {
  long long parsed = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, parsed);
  if (text.empty() || ec != std::errc() || ptr != end || parsed < min || parsed > max) return false;
  value = parsed;
  return true;
}

std::optional<std::string> parseExplainOption(const std::string& value, int& run, int& subStep) {
  const auto colon = value.find(':');
  long long parsedRun = 0, parsedSubStep = 0;
  if (colon == std::string::npos || !parseWhole(value.substr(0, colon), 1, 1000, parsedRun) ||
      !parseWhole(value.substr(colon + 1), 1, 1000, parsedSubStep))
    return "--explain needs RUN:SUBSTEP, two counts from 1 (e.g. 1:3), not '" + value + "'";
  run = static_cast<int>(parsedRun);
  subStep = static_cast<int>(parsedSubStep);
  return std::nullopt;
}

bool parseSize(std::string_view text, int minSide, int maxSide, int& width, int& height) {
  const std::size_t x = text.find_first_of("xX");
  if (x == std::string_view::npos) return false;
  long long w = 0, h = 0;
  if (!parseWhole(text.substr(0, x), minSide, maxSide, w) ||
      !parseWhole(text.substr(x + 1), minSide, maxSide, h))
    return false;
  width = static_cast<int>(w);
  height = static_cast<int>(h);
  return true;
}

std::variant<Surface, std::string> loadSurfaceOption(const std::string& name) {
  if (name.starts_with("expr:")) {
    auto custom = makeCustomSurface(std::string_view(name).substr(5));
    if (custom.surface) return std::move(*custom.surface);
    return concat("--surface: formula error at column ", std::to_string(custom.error.column), ": ",
                  custom.error.message);
  }
  if (auto surface = makeSurface(name)) return std::move(*surface);
  std::string names;
  for (const auto& known : surfaceNames()) names.append(names.empty() ? "" : ", ").append(known);
  return concat("--surface: unknown surface '", name, "' (surfaces: ", names, ", or expr:FORMULA)");
}

}  // namespace gs::cli
