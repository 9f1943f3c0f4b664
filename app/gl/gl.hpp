// Thin move-only RAII wrappers over OpenGL 3.3 core objects. Include epoxy before anything that
// includes GLFW. GL errors are checked (and reported on stderr) in debug builds only.
#pragma once
#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace gs::gl {

// Owns one GL name; `Deleter` frees it. Move-only so a name is freed exactly once.
template <void (*Deleter)(GLuint)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(GLuint id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, 0)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, 0);
    }
    return *this;
  }
  ~Handle() { reset(); }
  GLuint id() const { return id_; }
  explicit operator bool() const { return id_ != 0; }
  void reset() {
    if (id_ != 0) Deleter(id_);
    id_ = 0;
  }

 private:
  GLuint id_ = 0;
};

void deleteProgram(GLuint id);
void deleteBuffer(GLuint id);
void deleteVertexArray(GLuint id);
void deleteTexture(GLuint id);
void deleteFramebuffer(GLuint id);
void deleteRenderbuffer(GLuint id);

using Program = Handle<deleteProgram>;
using Buffer = Handle<deleteBuffer>;
using VertexArray = Handle<deleteVertexArray>;
using Texture = Handle<deleteTexture>;
using Framebuffer = Handle<deleteFramebuffer>;
using Renderbuffer = Handle<deleteRenderbuffer>;

Buffer makeBuffer();
VertexArray makeVertexArray();
Texture makeTexture();
Framebuffer makeFramebuffer();
Renderbuffer makeRenderbuffer();

// Compiles and links a program; on failure returns an empty Program and fills `error` with the log.
Program linkProgram(std::string_view vertexSource, std::string_view fragmentSource, std::string& error);
// Same, from shaders/ by name; a failure of an embedded shader is a bug, reported on stderr.
Program linkEmbedded(std::string_view vertexName, std::string_view fragmentName);

GLint uniform(const Program& program, const char* name);
// The bound 2D texture's filter (GL_NEAREST or GL_LINEAR) when it is minified and magnified, and its
// texels clamped at its edges.
void setSampling(GLenum filter);

// A double as a float the GPU may receive: non-finite numbers never reach it (NaN -> 0, overflow clamps).
inline float finiteFloat(double value) {
  if (std::isnan(value)) return 0.0f;
  constexpr double kMax = std::numeric_limits<float>::max();
  return static_cast<float>(std::clamp(value, -kMax, kMax));
}

// Drains glGetError; in debug builds prints each error with `where`. Returns the number of errors.
int checkErrors(const char* where);

}  // namespace gs::gl

#ifdef NDEBUG
#define GS_GL_CHECK(where) ((void)0)
#else
#define GS_GL_CHECK(where) ::gs::gl::checkErrors(where)
#endif
