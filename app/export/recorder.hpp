// GIF recording of the plot area, as the app drives it: one frame at the step recording starts, then one
// per step (the controller advances exactly one step per frame while recording), into a GifWriter that takes
// the frames as they come. "Record the next N steps" stops by itself after N steps: N + 1 frames.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <variant>

#include "export/gif_writer.hpp"

namespace gs {

class Recorder {
 public:
  // stepLimit: steps to record (> 0), or 0 to record until stop(). Errors for a bad size or fps.
  static std::variant<Recorder, std::string> start(int width, int height, double fps, std::int64_t startStep,
                                                   std::int64_t stepLimit);

  int width() const { return writer_.width(); }
  int height() const { return writer_.height(); }
  // True when the frame for `step` has not been taken yet and the recording is not complete.
  bool wantsFrame(std::int64_t step) const;
  // One RGBA frame (rows top to bottom) showing `step`. Error message or nullopt.
  std::optional<std::string> addFrame(std::int64_t step, std::span<const std::uint8_t> rgba);
  // Every requested step has its frame (never true when recording until stopped).
  bool complete() const;
  std::size_t frameCount() const { return writer_.frameCount(); }
  std::int64_t stepLimit() const { return stepLimit_; }
  // 0..1 for "next N steps", 0 when recording until stopped.
  float progress() const;
  // Encodes and writes atomically; no file is left on error or when `stop` is requested (see GifWriter).
  std::optional<std::string> finish(const std::string& path,
                                    const std::function<void(std::size_t, std::size_t)>& progress = {},
                                    std::stop_token stop = {});

 private:
  Recorder(GifWriter writer, std::int64_t startStep, std::int64_t stepLimit)
      : writer_(std::move(writer)), startStep_(startStep), stepLimit_(stepLimit) {}
  GifWriter writer_;
  std::int64_t startStep_ = 0, stepLimit_ = 0;
  std::int64_t lastStep_ = -1;
  bool any_ = false;
};

}  // namespace gs
