// GLSL sources under shaders/, embedded at build time by scripts/embed_shaders.cmake.
#pragma once
#include <string_view>

namespace gs {

// The text of shaders/<name> (e.g. "overlay.vert.glsl"), or empty if there is no such file.
std::string_view shaderSource(std::string_view name);

}  // namespace gs
