// Saves a finished GIF recording on a worker thread, so the window keeps drawing while the palette is
// built and the frames are encoded and written (seconds for a long recording at full size).
//
// Threads: the recording is moved in, and until finished() only the worker touches it. Progress is an
// atomic counter; the outcome is written by the worker before it releases `finished_`, and read by the
// UI thread only after acquiring it. The file is written atomically (GifWriter): a cancelled or failed
// save leaves neither the file nor a temporary behind.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "export/recorder.hpp"

namespace gs {

class GifSaveJob {
 public:
  struct Outcome {
    std::optional<std::string> error;  // nullopt: the file is written
    bool cancelled = false;            // the error is a cancellation
    std::uintmax_t bytes = 0;          // the file's size once written
  };

  // Starts saving `recording` (at least one frame) to `path`. Where no thread can be started it saves
  // before returning, which is slower for the user but loses nothing. `onFrameEncoded(done)` is called
  // on the worker after each frame (tests hold the worker with it).
  GifSaveJob(Recorder recording, std::string path, std::function<void(std::size_t)> onFrameEncoded = {});
  // Cancels a save still running and waits for the worker (std::jthread): quitting never waits for a
  // long encode, and never leaves a partial file.
  ~GifSaveJob() = default;
  GifSaveJob(const GifSaveJob&) = delete;
  GifSaveJob& operator=(const GifSaveJob&) = delete;

  const std::string& path() const { return path_; }
  std::size_t frameCount() const { return frameCount_; }
  int width() const { return width_; }
  int height() const { return height_; }
  // Frames encoded so far (0 while the palette is being built).
  std::size_t framesEncoded() const { return framesEncoded_.load(std::memory_order_relaxed); }
  // Asks the worker to stop between frames; finished() follows shortly, with a cancelled outcome unless
  // the file was already complete.
  void cancel() { worker_.request_stop(); }
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // Only once finished().
  const Outcome& outcome() const { return outcome_; }
  // Only once finished(): the recording back (after an error, to save it elsewhere); the job is spent.
  Recorder takeRecording() { return std::move(recording_); }

 private:
  void save(std::stop_token stop);

  Recorder recording_;
  const std::string path_;
  const std::size_t frameCount_;
  const int width_, height_;
  const std::function<void(std::size_t)> onFrameEncoded_;
  std::atomic<std::size_t> framesEncoded_{0};
  Outcome outcome_;
  std::atomic<bool> finished_{false};
  // Declared last: started once everything it uses exists, and joined before any of it is destroyed.
  std::jthread worker_;
};

}  // namespace gs
