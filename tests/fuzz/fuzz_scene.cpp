// Scenes: whatever parses builds (its surface and every run), is written, and the text written parses
// to a scene that is written identically. Errors are one printable line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/io/scene.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = gs::parseScene(text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    gs::fuzz::checkPrintable(*error, "parseScene");
    return 0;
  }
  const gs::Scene& scene = std::get<gs::Scene>(parsed);
  gs::fuzz::check(scene.runs.size() <= gs::kMaxSceneRuns, "more runs than the limit");
  auto surface = gs::buildSurface(scene.surface);
  if (auto* error = std::get_if<std::string>(&surface)) gs::fuzz::fail("a parsed scene's surface: " + *error);
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    auto run = gs::buildRun(scene.runs[i], i);
    if (auto* error = std::get_if<std::string>(&run)) gs::fuzz::fail("a parsed scene's run: " + *error);
  }
  const std::string written = gs::sceneToJson(scene);
  auto again = gs::parseScene(written);
  if (auto* error = std::get_if<std::string>(&again))
    gs::fuzz::fail("the written scene does not parse: " + *error + "\n" + written);
  gs::fuzz::check(gs::sceneToJson(std::get<gs::Scene>(again)) == written,
                  "parse(write(scene)) is written differently:\n" + written);
  return 0;
}
