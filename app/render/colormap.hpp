// Perceptually uniform colormaps as 256-entry tables: viridis and magma (van der Walt and Smith's
// matplotlib maps, from 6th-degree polynomial fits within about 1% of the published tables) and a
// diverging cool-to-warm map built in Moreland's Msh space (Moreland 2009, "Diverging Color Maps for
// Scientific Visualization"), white in the middle.
#pragma once
#include <array>
#include <cstdint>

#include "gl/gl.hpp"
#include "model.hpp"

namespace gs {

inline constexpr int kColormapSize = 256;
inline constexpr int kColormapCount = 3;  // rows of the GPU texture, in Colormap's order

using ColormapTable = std::array<std::array<std::uint8_t, 3>, kColormapSize>;

const ColormapTable& colormapTable(Colormap map);
// The colour at t in [0, 1] (clamped; NaN gives the t = 0 colour), as the GPU samples it.
Color sampleColormap(Colormap map, double t);
int colormapRow(Colormap map);

// Every colormap table as one row of an RGBA texture, in Colormap's order (what the shaders sample).
gl::Texture makeColormapTexture();

}  // namespace gs
