#include "export/gif_save_job.hpp"

#include <filesystem>
#include <system_error>
#include <utility>

namespace gs {

GifSaveJob::GifSaveJob(Recorder recording, std::string path, std::function<void(std::size_t)> onFrameEncoded)
    : recording_(std::move(recording)),
      path_(std::move(path)),
      frameCount_(recording_.frameCount()),
      width_(recording_.width()),
      height_(recording_.height()),
      onFrameEncoded_(std::move(onFrameEncoded)) {
  try {
    worker_ = std::jthread([this](std::stop_token stop) { save(std::move(stop)); });
  } catch (const std::system_error&) {
    save({});
  }
}

void GifSaveJob::save(std::stop_token stop) {
  try {
    const auto progress = [this](std::size_t done, std::size_t) {
      framesEncoded_.store(done, std::memory_order_relaxed);
      if (onFrameEncoded_) onFrameEncoded_(done);
    };
    outcome_.error = recording_.finish(path_, progress, stop);
  } catch (const std::exception& e) {  // std::bad_alloc from a very long recording
    outcome_.error = "cannot write '" + path_ + "': " + e.what();
  }
  outcome_.cancelled = outcome_.error.has_value() && stop.stop_requested();
  if (!outcome_.error) {
    std::error_code ignored;
    const std::uintmax_t bytes = std::filesystem::file_size(path_, ignored);
    outcome_.bytes = ignored ? 0 : bytes;
  }
  finished_.store(true, std::memory_order_release);  // last: publishes the outcome and the recording
}

}  // namespace gs
