#include "render/map_texture.hpp"

#include "cli/map_png.hpp"

namespace gs {

std::vector<std::uint8_t> mapColours(const MapRequest& request, const MapResult& result) {
  double low = 0.0, high = 0.0;
  if (request.kind == MapKind::Hyper) cli::metricRange(request, result, low, high);
  std::vector<std::uint8_t> rgba(result.pixels.size() * 4, 255);
  for (std::size_t i = 0; i < result.pixels.size(); ++i)
    cli::mapPixelColour(request, result, result.pixels[i], low, high, &rgba[i * 4]);
  return rgba;
}

void MapTexture::upload(const MapRequest& request, const MapResult& result) {
  const std::vector<std::uint8_t> rgba = mapColours(request, result);
  if (!texture_) texture_ = gl::makeTexture();
  glBindTexture(GL_TEXTURE_2D, texture_.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (result.width != width_ || result.height != height_) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, result.width, result.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 rgba.data());
    // Nearest: a pixel is one run, and its edges are the map's resolution, not something to smooth.
    gl::setSampling(GL_NEAREST);
    width_ = result.width;
    height_ = result.height;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  ++version_;
  GS_GL_CHECK("MapTexture::upload");
}

}  // namespace gs
