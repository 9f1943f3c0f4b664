// Optimizer and schedule specs (the text of --optimizer and --schedule, and of scenes' runs): the input's
// first line is an optimizer spec, the rest a schedule spec. Whatever parses is written back by
// toSpec / toString, and that text parses to the same thing; a schedule's factor stays in [0, 1].
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/io/spec.hpp"
#include "core/optim/schedule.hpp"
#include "fuzz_support.hpp"

namespace {

void fuzzOptimizer(std::string_view spec) {
  auto parsed = gs::parseOptimizerSpec(spec);
  if (std::holds_alternative<std::string>(parsed)) return;
  const gs::Optimizer& optimizer = std::get<gs::Optimizer>(parsed);
  const std::string written = gs::toSpec(optimizer);
  auto again = gs::parseOptimizerSpec(written);
  if (auto* error = std::get_if<std::string>(&again))
    gs::fuzz::fail("toSpec's output does not parse: " + written + ": " + *error);
  const gs::Optimizer& second = std::get<gs::Optimizer>(again);
  gs::fuzz::check(gs::toSpec(second) == written, "toSpec is not a fixed point: " + written);
  for (std::size_t i = 0; i < optimizer.params().size(); ++i)
    gs::fuzz::check(optimizer.param(i) == second.param(i),
                    "a parameter changed in the round trip: " + written);
}

void fuzzSchedule(std::string_view spec) {
  auto parsed = gs::Schedule::parse(spec);
  if (std::holds_alternative<std::string>(parsed)) return;
  const gs::Schedule& schedule = std::get<gs::Schedule>(parsed);
  const std::string written = schedule.toString();
  auto again = gs::Schedule::parse(written);
  if (auto* error = std::get_if<std::string>(&again))
    gs::fuzz::fail("toString's output does not parse: " + written + ": " + *error);
  const gs::Schedule& second = std::get<gs::Schedule>(again);
  gs::fuzz::check(second.toString() == written, "toString is not a fixed point: " + written);
  for (const std::int64_t t :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{99}, std::int64_t{100}, std::int64_t{12345},
        std::int64_t{1} << 40, schedule.warmupSteps, schedule.warmupSteps + schedule.totalSteps}) {
    const double factor = schedule.factor(t);
    gs::fuzz::check(std::isfinite(factor) && factor >= 0.0 && factor <= 1.0,
                    "factor out of [0, 1] for " + written + " at t=" + std::to_string(t));
    gs::fuzz::check(factor == second.factor(t), "factor changed in the round trip: " + written);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto newline = text.find('\n');
  fuzzOptimizer(text.substr(0, newline));
  if (newline != std::string_view::npos) fuzzSchedule(text.substr(newline + 1));
  return 0;
}
