// PNG export through stb_image_write (Debian's libstb holds the implementation).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace gs {

// Writes an RGBA image (rows top to bottom) atomically: a temporary file in the same directory, then a
// rename. Returns an error message naming the path and the reason, or nullopt on success; on failure
// no file is left behind.
std::optional<std::string> writePng(const std::string& path, int width, int height,
                                    std::span<const std::uint8_t> rgba);

}  // namespace gs
