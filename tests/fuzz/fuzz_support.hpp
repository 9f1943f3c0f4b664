// Shared by the libFuzzer harnesses: a failed invariant prints what failed, then aborts, which libFuzzer
// reports as a crash and saves the input (crash-<hash>) for replay: `./fuzz_NAME crash-<hash>`.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace gs::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "invariant failed: %s\n", what.c_str());
  std::abort();
}

inline void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

// Messages reach a terminal: no control character from the input may be in them raw.
inline void checkPrintable(std::string_view message, std::string_view where) {
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F)
      fail(std::string(where) + ": a raw control character in the message: " + std::string(message));
  }
}

}  // namespace gs::fuzz
