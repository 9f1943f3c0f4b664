// A windowless OpenGL 3.3 core context through EGL (Mesa's surfaceless platform, else an EGL device),
// rendering into a framebuffer object: `gradscape render` and the render tests need no X server.
#pragma once
#include <memory>
#include <string>

namespace gs {

class HeadlessContext {
 public:
  // Makes a context current on this thread; on failure returns null and says why in `error`.
  static std::unique_ptr<HeadlessContext> create(std::string& error);
  ~HeadlessContext();
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;

  struct Impl;

 private:
  explicit HeadlessContext(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gs
