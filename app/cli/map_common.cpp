// Shared argument parsing of `gradscape map` and `gradscape tune`.
#include "cli/map_common.hpp"

#include "core/io/spec.hpp"
#include "core/maps/map.hpp"

namespace gs::cli {

std::optional<std::string> parseRunSettings(const std::string& optimizer, const std::string& schedule,
                                            const std::string& steps, const std::string& seed,
                                            const std::string& batch, PixelSettings& settings) {
  auto parsed = parseOptimizerSpec(optimizer);
  if (auto* error = std::get_if<std::string>(&parsed)) return concat("--optimizer: ", *error);
  settings.optimizer = std::get<Optimizer>(std::move(parsed));
  auto parsedSchedule = Schedule::parse(schedule);
  if (auto* error = std::get_if<std::string>(&parsedSchedule)) return concat("--schedule: ", *error);
  settings.schedule = std::get<Schedule>(parsedSchedule);
  std::string error;
  const auto stepCount = parseInteger(steps, &error);
  if (!stepCount) return concat("--steps: ", error);
  if (*stepCount < 0 || *stepCount > kMaxMapSteps)
    return concat("--steps: ", steps, " is outside 0 to ", std::to_string(kMaxMapSteps));
  settings.steps = *stepCount;
  const auto seedValue = parseInteger(seed, &error);
  if (!seedValue) return concat("--seed: ", error);
  if (*seedValue < 0) return concat("--seed: ", seed, " is negative");
  settings.seed = static_cast<std::uint64_t>(*seedValue);
  const auto batchSize = parseInteger(batch, &error);
  if (!batchSize) return concat("--batch: ", error);
  if (*batchSize < 0 || *batchSize > 1'000'000'000)
    return concat("--batch: ", batch, " is out of range [0, 1000000000]");
  settings.batchSize = static_cast<int>(*batchSize);
  return std::nullopt;
}

std::optional<std::string> parseSize(const std::string& text, int& width, int& height) {
  const auto x = text.find('x');
  if (x == std::string::npos) return concat("--size: expected WxH, got '", text, "'");
  std::string error;
  const auto w = parseInteger(std::string_view(text).substr(0, x), &error);
  if (!w) return concat("--size: ", error);
  const auto h = parseInteger(std::string_view(text).substr(x + 1), &error);
  if (!h) return concat("--size: ", error);
  if (*w < 1 || *h < 1 || *w > kMaxMapSide || *h > kMaxMapSide)
    return concat("--size: ", text, " is outside 1x1 to ", std::to_string(kMaxMapSide), "x",
                  std::to_string(kMaxMapSide));
  width = static_cast<int>(*w);
  height = static_cast<int>(*h);
  return std::nullopt;
}

}  // namespace gs::cli
