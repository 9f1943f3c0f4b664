// `gradscape trace` run in-process (gs::cli::trace, as the CLI tests call it): each input line is one
// argument. Whatever the arguments, it returns; bad input is exit status 2 with nothing on stdout and
// one line on stderr, and success is status 0 with output on stdout.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/commands.hpp"
#include "fuzz_support.hpp"

namespace {

constexpr std::size_t kMaxArgs = 24;
constexpr long kMaxSteps = 2000;  // longer runs only make each input slower, not different

// True when an argument asks for more steps than kMaxSteps, as "--steps N" or "--steps=N".
bool tooManySteps(const gs::cli::Args& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string value;
    if (args[i] == "--steps" && i + 1 < args.size())
      value = args[i + 1];
    else if (args[i].rfind("--steps=", 0) == 0)
      value = args[i].substr(8);
    else
      continue;
    // Plain digits up to kMaxSteps; anything else the parser might read as a number ("1e7") is skipped.
    if (value.empty() || value.size() > 4 || value.find_first_not_of("0123456789") != std::string::npos)
      return true;
    if (std::stol(value) > kMaxSteps) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  gs::cli::Args args;
  while (!input.empty() && args.size() < kMaxArgs) {
    const auto newline = input.find('\n');
    args.emplace_back(input.substr(0, newline));
    input = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  }
  if (tooManySteps(args)) return 0;
  std::ostringstream out, err;
  const int status = gs::cli::trace(args, out, err);
  const std::string errors = err.str();
  if (status == 2) {
    gs::fuzz::check(out.str().empty(), "exit status 2 with output on stdout");
    gs::fuzz::check(!errors.empty() && errors.find('\n') == errors.size() - 1,
                    "exit status 2 without exactly one line on stderr: " + errors);
  } else {
    gs::fuzz::check(status == 0, "exit status " + std::to_string(status));
    gs::fuzz::check(!out.str().empty(), "exit status 0 with nothing on stdout");
  }
  return 0;
}
