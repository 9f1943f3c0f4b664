#include "export/recorder.hpp"

#include <utility>

namespace gs {

std::variant<Recorder, std::string> Recorder::start(int width, int height, double fps, std::int64_t startStep,
                                                    std::int64_t stepLimit) {
  if (stepLimit < 0) return std::string("the number of steps to record must not be negative");
  auto writer = GifWriter::create(width, height, fps);
  if (auto* error = std::get_if<std::string>(&writer)) return *error;
  return Recorder(std::move(std::get<GifWriter>(writer)), startStep, stepLimit);
}

bool Recorder::wantsFrame(std::int64_t step) const {
  if (complete()) return false;
  return !any_ || step != lastStep_;
}

std::optional<std::string> Recorder::addFrame(std::int64_t step, std::span<const std::uint8_t> rgba) {
  if (!wantsFrame(step)) return std::nullopt;
  if (auto error = writer_.addFrame(rgba)) return error;
  any_ = true;
  lastStep_ = step;
  return std::nullopt;
}

bool Recorder::complete() const { return stepLimit_ > 0 && any_ && lastStep_ - startStep_ >= stepLimit_; }

float Recorder::progress() const {
  if (stepLimit_ <= 0 || !any_) return 0.0f;
  return static_cast<float>(static_cast<double>(lastStep_ - startStep_) / static_cast<double>(stepLimit_));
}

std::optional<std::string> Recorder::finish(const std::string& path,
                                            const std::function<void(std::size_t, std::size_t)>& progress,
                                            std::stop_token stop) {
  if (writer_.frameCount() == 0) return std::string("no frames were recorded");
  return writer_.finish(path, progress, std::move(stop));
}

}  // namespace gs
