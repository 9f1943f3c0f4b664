// A map as a PNG, drawn on the CPU into an RGBA buffer (no GL): the map, its axes with ticks, a colour
// key and a caption. Used by `gradscape map --png`; the Maps panel can export through it too.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/maps/map.hpp"

namespace gs::cli {

struct MapImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // rows top to bottom
};

// The colour of one pixel of the map itself (no axes): basin ends by minimum / cluster, darker the more
// steps they took; hyperparameter metrics on a perceptual scale (log for f - f*). `low`/`high` are the
// metric's range over the map (see metricRange).
void mapPixelColour(const MapRequest& request, const MapResult& result, const MapPixel& pixel, double low,
                    double high, std::uint8_t rgb[3]);
// The finite range of the hyper map's metric (positive values only for the log scale of f - f*).
void metricRange(const MapRequest& request, const MapResult& result, double& low, double& high);

MapImage drawMapImage(const MapRequest& request, const MapResult& result, const std::string& caption);
// Draws and writes atomically; an error names the path and why.
std::optional<std::string> writeMapPng(const std::string& path, const MapRequest& request,
                                       const MapResult& result, const std::string& caption);

}  // namespace gs::cli
