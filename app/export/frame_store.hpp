// Keeps the frames of a GIF recording until the palette for the whole animation is known. Consecutive
// frames of a plot differ in few pixels (the paths grow, the heatmap stays), so each frame is stored as
// the run-length-encoded XOR against the previous one: 300 frames at 800x600 take a few megabytes
// instead of 576.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace gs {

class FrameStore {
 public:
  explicit FrameStore(std::size_t pixelsPerFrame) : previous_(pixelsPerFrame, 0) {}

  void add(std::span<const std::uint32_t> frame);
  std::size_t size() const { return frames_.size(); }
  std::size_t storedBytes() const;

  // Replays the frames in order; `frame` is each one in turn (it is overwritten).
  class Cursor {
   public:
    explicit Cursor(const FrameStore& store) : store_(&store), frame_(store.previous_.size(), 0) {}
    bool next();  // false after the last frame
    std::span<const std::uint32_t> frame() const { return frame_; }

   private:
    const FrameStore* store_;
    std::size_t index_ = 0;
    std::vector<std::uint32_t> frame_;
  };

 private:
  // Encoded as pairs (zero run, literal count) followed by that many literal words.
  std::vector<std::vector<std::uint32_t>> frames_;
  std::vector<std::uint32_t> previous_;
};

}  // namespace gs
