// The runs' balls in the 3D view: lit, outlined spheres drawn as impostors with per-pixel depth, so they
// are hidden behind hills (the 2D view keeps its flat discs, drawn with the other glyphs).
#pragma once
#include <glm/glm.hpp>
#include <vector>

#include "gl/gl.hpp"
#include "render/damage_grid.hpp"

namespace gs {

struct Ball {
  glm::vec3 center;   // world
  float worldRadius;  // world units (the pixel radius at the ball's distance)
  glm::vec4 color;
};

class BallRenderer {
 public:
  BallRenderer();  // needs a current GL context
  // Draws `balls` of `radiusPixels` with depth testing into the bound target (viewport already set).
  void draw(const std::vector<Ball>& balls, const glm::mat4& viewProjection, glm::vec3 eye,
            glm::vec2 viewportSize, float radiusPixels);
  // Marks in `grid` (over the viewport) the tiles that draw() with the same arguments may touch.
  static void markFootprint(const std::vector<Ball>& balls, const glm::mat4& viewProjection,
                            glm::vec2 viewportSize, float radiusPixels, DamageGrid& grid);

 private:
  gl::Program program_;
  gl::Buffer buffer_;
  gl::VertexArray vertexArray_;
  std::vector<float> data_;
};

// World units a pixel covers at `world`, measured across the line of sight (balls keep their pixel size).
float worldPerPixelAt(const glm::mat4& viewProjection, glm::vec3 eye, glm::vec3 world,
                      glm::vec2 viewportSize);

}  // namespace gs
