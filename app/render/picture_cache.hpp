// A part of the frame (the heatmap, the whole 2D view) kept in an offscreen target and drawn again only
// when what it shows changes: one of the two frame caches for software rasterisers, which
// gl/frame_caches.hpp describes and switches off. The caller writes everything the picture depends on into an
// InputKey; the key is compared frame to frame.
//
// While the inputs change every frame (a pan, a playing run) drawing into the target and then copying it
// would only add a copy, so the picture is drawn straight into the frame until its inputs have held still
// for one frame; from then on it is copied.
#pragma once
#include <string>
#include <type_traits>
#include <vector>

#include "gl/color_target.hpp"
#include "gl/frame_caches.hpp"

namespace gs {

// The inputs of a picture as bytes. Only scalars and arrays of padding-free structs go in, so equal
// inputs give equal bytes (a -0.0 that was 0.0 only costs a redraw).
class InputKey {
 public:
  template <class T>
  requires std::is_arithmetic_v<T> || std::is_enum_v<T> InputKey& add(T value) {
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
    return *this;
  }
  template <class T>
  requires std::is_trivially_copyable_v<T> InputKey& addAll(const std::vector<T>& values) {
    add(values.size());
    bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
    return *this;
  }
  const std::string& bytes() const { return bytes_; }
  // Empties the key but keeps its storage: keys are rebuilt every frame, and a few hundred kilobytes
  // allocated and freed per frame make the allocator hand memory back to the system and fault it in
  // again (llvmpipe's own per-frame allocations then pay for that too).
  void clear() { bytes_.clear(); }

 private:
  friend class PictureCache;
  std::string bytes_;
};

class PictureCache {
 public:
  // withDepth: the target keeps a depth buffer too (a 3D picture that later drawing is depth-tested against).
  explicit PictureCache(bool withDepth = false) : target_(withDepth) {}
  enum class Plan {
    Copy,        // the target holds this picture: copy it into the frame
    Render,      // inputs unchanged since the last frame: draw into target(), call held(), then copy
    DrawDirect,  // inputs new this frame: draw straight into the frame
  };
  // Takes the inputs' bytes (and leaves `inputs` holding storage to reuse).
  Plan plan(InputKey& inputs);
  gl::ColorTarget& target() { return target_; }
  void held() { held_ = true; }  // target() now holds the picture of the planned inputs
  void forget() {
    known_ = false;
    held_ = false;
  }

 private:
  gl::ColorTarget target_;
  std::string inputs_;
  bool known_ = false, held_ = false;
};

inline PictureCache::Plan PictureCache::plan(InputKey& inputs) {
  if (!frameCachesEnabled()) {
    forget();
    return Plan::DrawDirect;
  }
  if (known_ && inputs.bytes() == inputs_) return held_ ? Plan::Copy : Plan::Render;
  inputs_.swap(inputs.bytes_);
  known_ = true;
  held_ = false;
  return Plan::DrawDirect;
}

}  // namespace gs
