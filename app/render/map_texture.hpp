// A map of many runs (core/maps) as a texture: drawn over the 2D view by the scene (basin maps, see
// render/image_layer.hpp) or in the Maps panel (hyperparameter maps) through ImGui. The colours are made on
// the CPU by the function the map PNG uses (cli/map_png.hpp), so the window shows what `gradscape map --png`
// and the panel's export write; only bytes reach the GPU, never a non-finite number.
#pragma once
#include <cstdint>
#include <vector>

#include "core/maps/map.hpp"
#include "gl/gl.hpp"

namespace gs {

// RGBA, rows top to bottom, one texel per map pixel (no GL: tests check it directly).
std::vector<std::uint8_t> mapColours(const MapRequest& request, const MapResult& result);

class MapTexture {
 public:
  // Needs a current context. Replaces the texture's contents (and size).
  void upload(const MapRequest& request, const MapResult& result);
  bool empty() const { return !texture_; }
  GLuint id() const { return texture_.id(); }
  int width() const { return width_; }
  int height() const { return height_; }
  std::uint64_t version() const { return version_; }  // counts uploads

 private:
  gl::Texture texture_;
  int width_ = 0, height_ = 0;
  std::uint64_t version_ = 0;
};

}  // namespace gs
