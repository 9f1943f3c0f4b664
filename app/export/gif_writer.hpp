// Animated GIF export: frames are added as they are rendered; finish() builds one palette for the whole
// animation from libimagequant's histogram of every frame, remaps each frame to it, and writes a looping
// GIF with giflib. Only the pixels that changed since the previous frame are written (the rest are
// transparent), which keeps a 300-step recording of a growing path small.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <variant>

namespace gs {

// GIF delays are whole hundredths of a second and viewers treat delays under 2/100 s as 1/10 s, so
// frame rates above 50 cannot be shown faithfully.
inline constexpr double kMaxGifFps = 50.0;

class GifWriter {
 public:
  // Validates the size (1 to kMaxExportSide a side) and the frame rate (0 < fps <= kMaxGifFps).
  static std::variant<GifWriter, std::string> create(int width, int height, double fps);

  GifWriter(GifWriter&&) noexcept;
  GifWriter& operator=(GifWriter&&) noexcept;
  ~GifWriter();

  // One RGBA frame of exactly width x height pixels, rows top to bottom. Error message or nullopt.
  std::optional<std::string> addFrame(std::span<const std::uint8_t> rgba);
  std::size_t frameCount() const;
  int width() const;
  int height() const;

  // Writes every frame added so far to `path` atomically (temporary file in the same directory, mode
  // 0644, then rename); `progress(done, total)` is called after each frame. Error message or nullopt;
  // on failure no file is left behind. A stop requested through `stop` (by another thread: finish()
  // may run on a worker) ends it between frames with an error and no file. The writer can be finished
  // again (e.g. to another path).
  std::optional<std::string> finish(const std::string& path,
                                    const std::function<void(std::size_t, std::size_t)>& progress = {},
                                    std::stop_token stop = {});

  struct State;

 private:
  explicit GifWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace gs
