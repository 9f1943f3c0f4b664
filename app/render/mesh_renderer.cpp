#include "render/mesh_renderer.hpp"

#include <algorithm>
#include <glm/gtc/type_ptr.hpp>

#include "render/colormap.hpp"

namespace gs {

MeshRenderer::MeshRenderer()
    : program_(gl::linkEmbedded("mesh.vert.glsl", "mesh.frag.glsl")),
      vertices_(gl::makeBuffer()),
      indices_(gl::makeBuffer()),
      lineIndices_(gl::makeBuffer()),
      vertexArray_(gl::makeVertexArray()),
      lineVertexArray_(gl::makeVertexArray()) {
  for (const auto* pair : {&vertexArray_, &lineVertexArray_}) {
    glBindVertexArray(pair->id());
    glBindBuffer(GL_ARRAY_BUFFER, vertices_.id());
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, pair == &vertexArray_ ? indices_.id() : lineIndices_.id());
    const GLsizei stride = kMeshFloatsPerVertex * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(3 * sizeof(float)));
  }
  glBindVertexArray(0);
}

namespace {
// Every few grid lines: a wireframe of every cell would be a grey blur at 128 x 128.
std::vector<std::uint32_t> wireframeIndices(int resolution) {
  constexpr int kEvery = 4;
  std::vector<std::uint32_t> lines;
  const auto vertex = [resolution](int i, int j) { return static_cast<std::uint32_t>(j * resolution + i); };
  for (int j = 0; j < resolution; ++j)
    for (int i = 0; i + 1 < resolution; ++i) {
      if (j % kEvery == 0 || j == resolution - 1) lines.insert(lines.end(), {vertex(i, j), vertex(i + 1, j)});
      if (j % kEvery == 0 || j == resolution - 1) lines.insert(lines.end(), {vertex(j, i), vertex(j, i + 1)});
    }
  return lines;
}
}  // namespace

void MeshRenderer::upload(const MeshData& mesh) {
  glBindVertexArray(vertexArray_.id());
  glBindBuffer(GL_ARRAY_BUFFER, vertices_.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.vertices.size() * sizeof(float)),
               mesh.vertices.data(), GL_STATIC_DRAW);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.indices.size() * sizeof(std::uint32_t)),
               mesh.indices.data(), GL_STATIC_DRAW);
  const std::vector<std::uint32_t> lines = wireframeIndices(mesh.resolution);
  glBindVertexArray(lineVertexArray_.id());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(lines.size() * sizeof(std::uint32_t)),
               lines.data(), GL_STATIC_DRAW);
  glBindVertexArray(0);
  lineIndexCount_ = static_cast<GLsizei>(lines.size());
  indexCount_ = static_cast<GLsizei>(mesh.indices.size());
  GS_GL_CHECK("MeshRenderer::upload");
}

void MeshRenderer::draw(const glm::mat4& viewProjection, glm::vec3 eye, float heightRange,
                        const DisplayOptions& display, GLuint colormaps) const {
  if (!program_ || indexCount_ == 0) return;
  glUseProgram(program_.id());
  glUniformMatrix4fv(gl::uniform(program_, "uViewProjection"), 1, GL_FALSE, glm::value_ptr(viewProjection));
  glUniform1f(gl::uniform(program_, "uHeightRange"), heightRange);
  glUniform3f(gl::uniform(program_, "uEye"), eye.x, eye.y, eye.z);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, colormaps);
  glUniform1i(gl::uniform(program_, "uColormaps"), 0);
  glUniform1f(gl::uniform(program_, "uColormapRow"),
              (static_cast<float>(colormapRow(display.colormap)) + 0.5f) / kColormapCount);
  glUniform1f(gl::uniform(program_, "uContourCount"),
              display.meshContours ? static_cast<float>(std::max(display.contourCount, 1)) : 0.0f);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glDisable(GL_BLEND);
  glBindVertexArray(vertexArray_.id());
  const GLint lineColor = gl::uniform(program_, "uLineColor");
  glUniform4f(lineColor, 0, 0, 0, 0);
  // Push the filled surface back a little so the wireframe and the paths on it win the depth test.
  glEnable(GL_POLYGON_OFFSET_FILL);
  glPolygonOffset(1.0f, 1.0f);
  glDrawElements(GL_TRIANGLES, indexCount_, GL_UNSIGNED_INT, nullptr);
  glDisable(GL_POLYGON_OFFSET_FILL);
  if (display.wireframe) {
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE,
                        GL_ONE_MINUS_SRC_ALPHA);  // keep alpha 1 for exports
    glUniform4f(lineColor, 0.05f, 0.05f, 0.08f, 0.5f);
    glBindVertexArray(lineVertexArray_.id());
    glDrawElements(GL_LINES, lineIndexCount_, GL_UNSIGNED_INT, nullptr);
  }
  glBindVertexArray(0);
  GS_GL_CHECK("MeshRenderer::draw");
}

}  // namespace gs
