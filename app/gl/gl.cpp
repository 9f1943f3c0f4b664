#include "gl/gl.hpp"

#include <cstdio>
#include <string>

#include "gl/shaders.hpp"

namespace gs::gl {

void deleteProgram(GLuint id) { glDeleteProgram(id); }
void deleteBuffer(GLuint id) { glDeleteBuffers(1, &id); }
void deleteVertexArray(GLuint id) { glDeleteVertexArrays(1, &id); }
void deleteTexture(GLuint id) { glDeleteTextures(1, &id); }
void deleteFramebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void deleteRenderbuffer(GLuint id) { glDeleteRenderbuffers(1, &id); }

Buffer makeBuffer() {
  GLuint id = 0;
  glGenBuffers(1, &id);
  return Buffer(id);
}
VertexArray makeVertexArray() {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  return VertexArray(id);
}
Texture makeTexture() {
  GLuint id = 0;
  glGenTextures(1, &id);
  return Texture(id);
}
Framebuffer makeFramebuffer() {
  GLuint id = 0;
  glGenFramebuffers(1, &id);
  return Framebuffer(id);
}
Renderbuffer makeRenderbuffer() {
  GLuint id = 0;
  glGenRenderbuffers(1, &id);
  return Renderbuffer(id);
}

namespace {

std::string shaderLog(GLuint shader) {
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(length > 0 ? length : 1), '\0');
  glGetShaderInfoLog(shader, length, nullptr, log.data());
  return log;
}

// Returns 0 on failure with the compiler's log in `error`.
GLuint compile(GLenum type, std::string_view source, std::string& error) {
  const GLuint shader = glCreateShader(type);
  const char* text = source.data();
  const auto length = static_cast<GLint>(source.size());
  glShaderSource(shader, 1, &text, &length);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok) return shader;
  error = (type == GL_VERTEX_SHADER ? "vertex shader: " : "fragment shader: ") + shaderLog(shader);
  glDeleteShader(shader);
  return 0;
}

}  // namespace

Program linkProgram(std::string_view vertexSource, std::string_view fragmentSource, std::string& error) {
  const GLuint vertex = compile(GL_VERTEX_SHADER, vertexSource, error);
  if (vertex == 0) return {};
  const GLuint fragment = compile(GL_FRAGMENT_SHADER, fragmentSource, error);
  if (fragment == 0) {
    glDeleteShader(vertex);
    return {};
  }
  Program program(glCreateProgram());
  glAttachShader(program.id(), vertex);
  glAttachShader(program.id(), fragment);
  glLinkProgram(program.id());
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  GLint ok = 0;
  glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
  if (ok) return program;
  GLint length = 0;
  glGetProgramiv(program.id(), GL_INFO_LOG_LENGTH, &length);
  error.assign(static_cast<std::size_t>(length > 0 ? length : 1), '\0');
  glGetProgramInfoLog(program.id(), length, nullptr, error.data());
  error = "link: " + error;
  return {};
}

Program linkEmbedded(std::string_view vertexName, std::string_view fragmentName) {
  std::string error;
  Program program = linkProgram(shaderSource(vertexName), shaderSource(fragmentName), error);
  if (!program)
    std::fprintf(stderr, "gradscape: shader %.*s/%.*s: %s\n", static_cast<int>(vertexName.size()),
                 vertexName.data(), static_cast<int>(fragmentName.size()), fragmentName.data(),
                 error.c_str());
  return program;
}

GLint uniform(const Program& program, const char* name) { return glGetUniformLocation(program.id(), name); }

int checkErrors(const char* where) {
  int count = 0;
  for (GLenum error = glGetError(); error != GL_NO_ERROR; error = glGetError()) {
    ++count;
#ifndef NDEBUG
    std::fprintf(stderr, "gradscape: GL error 0x%04x at %s\n", error, where);
#else
    (void)where;
#endif
    if (count > 32) break;  // a lost context can report forever
  }
  return count;
}

void setSampling(GLenum filter) {
  const auto value = static_cast<GLint>(filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, value);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, value);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

}  // namespace gs::gl
