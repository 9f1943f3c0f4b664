// The 3D surface: a lit mesh over the domain, coloured by the colormap, with an optional wireframe.
// Heights and slopes are computed on the CPU (buildSurfaceMesh) from exact gradients and uploaded once per
// surface; the height scale is a uniform, so changing it needs no upload.
#pragma once
#include <glm/glm.hpp>

#include "gl/gl.hpp"
#include "model.hpp"
#include "render/surface_sampling.hpp"

namespace gs {

class MeshRenderer {
 public:
  MeshRenderer();
  void upload(const MeshData& mesh);
  void draw(const glm::mat4& viewProjection, glm::vec3 eye, float heightRange, const DisplayOptions& display,
            GLuint colormaps) const;

 private:
  gl::Program program_;
  gl::Buffer vertices_, indices_, lineIndices_;
  gl::VertexArray vertexArray_, lineVertexArray_;
  GLsizei indexCount_ = 0, lineIndexCount_ = 0;
};

}  // namespace gs
