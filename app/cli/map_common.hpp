// What `gradscape map` and `gradscape tune` share: the surface and optimizer arguments, parsed into core
// types with gradscape's own one-line errors.
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "core/maps/pixel_run.hpp"
#include "core/surface/surface.hpp"

namespace gs::cli {

// The run settings every pixel / trial shares: --optimizer, --schedule, --steps, --seed, --batch. An
// error names the argument.
std::optional<std::string> parseRunSettings(const std::string& optimizer, const std::string& schedule,
                                            const std::string& steps, const std::string& seed,
                                            const std::string& batch, PixelSettings& settings);
// "WxH".
std::optional<std::string> parseSize(const std::string& text, int& width, int& height);

}  // namespace gs::cli
