#include "export/gif_writer.hpp"

#include <gif_lib.h>
#include <libimagequant.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "core/io/atomic_file.hpp"
#include "export/frame_store.hpp"
#include "export/image.hpp"

namespace gs {

// Deleters as types: decltype(&liq_attr_destroy) would drop the functions' nonnull attributes.
struct LiqDeleter {
  void operator()(liq_attr* p) const { liq_attr_destroy(p); }
  void operator()(liq_histogram* p) const { liq_histogram_destroy(p); }
  void operator()(liq_result* p) const { liq_result_destroy(p); }
  void operator()(liq_image* p) const { liq_image_destroy(p); }
};
template <typename T>
using LiqPtr = std::unique_ptr<T, LiqDeleter>;

// Index 255 of the palette is kept free for "unchanged since the previous frame" (transparent).
constexpr int kTransparentIndex = 255;

struct GifWriter::State {
  int width = 0, height = 0;
  double fps = 0;
  FrameStore frames;
  LiqPtr<liq_attr> attr{liq_attr_create()};
  LiqPtr<liq_histogram> histogram;
  // liq_histogram_quantize may be called once per histogram: the palette is kept for later finish()
  // calls, and rebuilt from the stored frames if frames were added since.
  LiqPtr<liq_result> palette;
  std::size_t paletteFrames = 0;

  State(int w, int h, double f) : width(w), height(h), fps(f), frames(static_cast<std::size_t>(w) * h) {
    // Speed 8 of 10: for plots (few distinct colours) quality is indistinguishable and encoding is fast.
    liq_set_speed(attr.get(), 8);
    liq_set_max_colors(attr.get(), kTransparentIndex);
    histogram.reset(liq_histogram_create(attr.get()));
  }
  std::size_t pixelCount() const {
    return static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  }
};

namespace {

using LiqResult = LiqPtr<liq_result>;
using LiqImage = LiqPtr<liq_image>;

std::string giflibError(const std::string& path, int code) {
  const char* reason = GifErrorString(code);
  return "cannot write '" + path + "': " + (reason ? reason : "GIF writing failed");
}

// Hundredths of a second for frame `index`, rounded so that the total time never drifts (30 fps:
// 3, 4, 3, 3, 4, 3 ...).
int delayCentiseconds(std::size_t index, double fps) {
  const auto at = [fps](std::size_t i) { return std::lround(static_cast<double>(i) * 100.0 / fps); };
  return static_cast<int>(std::max(1L, at(index + 1) - at(index)));
}

bool putLooping(GifFileType* gif) {
  static const char kApplication[] = "NETSCAPE2.0";
  const GifByteType loopForever[] = {1, 0, 0};
  return EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
         EGifPutExtensionBlock(gif, 11, kApplication) == GIF_OK &&
         EGifPutExtensionBlock(gif, 3, loopForever) == GIF_OK && EGifPutExtensionTrailer(gif) == GIF_OK;
}

struct Box {
  int left = 0, top = 0, right = 0, bottom = 0;  // right/bottom exclusive; empty when right <= left
};

// The smallest rectangle holding every pixel whose palette index changed.
Box changedBox(const std::vector<GifByteType>& current, const std::vector<GifByteType>& previous, int width,
               int height) {
  Box box{width, height, 0, 0};
  for (int y = 0; y < height; ++y) {
    const GifByteType* row = current.data() + static_cast<std::size_t>(y) * width;
    const GifByteType* before = previous.data() + static_cast<std::size_t>(y) * width;
    int first = 0;
    while (first < width && row[first] == before[first]) ++first;
    if (first == width) continue;
    int last = width - 1;
    while (row[last] == before[last]) --last;
    box.left = std::min(box.left, first);
    box.right = std::max(box.right, last + 1);
    box.top = std::min(box.top, y);
    box.bottom = y + 1;
  }
  return box;
}

class FrameEncoder {
 public:
  FrameEncoder(int width, int height, double fps)
      : width_(width),
        height_(height),
        fps_(fps),
        previous_(static_cast<std::size_t>(width) * height, 0),
        line_(static_cast<std::size_t>(width)) {}

  bool put(GifFileType* gif, const std::vector<GifByteType>& indices, std::size_t index) {
    Box box{0, 0, width_, height_};
    if (index > 0) box = changedBox(indices, previous_, width_, height_);
    // An unchanged frame still needs its time on screen: one transparent pixel.
    if (box.right <= box.left) box = {0, 0, 1, 1};
    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.DelayTime = delayCentiseconds(index, fps_);
    control.TransparentColor = index > 0 ? kTransparentIndex : NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    EGifGCBToExtension(&control, extension);
    if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, extension) != GIF_OK) return false;
    const int boxWidth = box.right - box.left;
    if (EGifPutImageDesc(gif, box.left, box.top, boxWidth, box.bottom - box.top, false, nullptr) != GIF_OK)
      return false;
    for (int y = box.top; y < box.bottom; ++y) {
      const std::size_t offset = static_cast<std::size_t>(y) * width_ + box.left;
      for (int x = 0; x < boxWidth; ++x) {
        const GifByteType value = indices[offset + x];
        line_[x] = index > 0 && value == previous_[offset + x] ? kTransparentIndex : value;
      }
      if (EGifPutLine(gif, line_.data(), boxWidth) != GIF_OK) return false;
    }
    previous_ = indices;
    return true;
  }

 private:
  int width_, height_;
  double fps_;
  std::vector<GifByteType> previous_;
  std::vector<GifByteType> line_;
};

ColorMapObject* makeColorMap(const liq_palette* palette) {
  GifColorType colors[256] = {};
  for (unsigned i = 0; i < palette->count && i < 256; ++i)
    colors[i] = {palette->entries[i].r, palette->entries[i].g, palette->entries[i].b};
  return GifMakeMapObject(256, colors);
}

// Nearest palette colour for each RGBA pixel, remembered per colour. Plots repeat few colours and a
// frame changes few pixels, so this is far faster than remapping every frame with libimagequant (24 s
// against 0.4 s for 300 frames at 800x600). No dithering: a dithered pixel changes when its neighbours
// do, which would defeat writing only the changed pixels.
class PaletteMapper {
 public:
  explicit PaletteMapper(const liq_palette* palette) : palette_(palette) {}

  GifByteType index(std::uint32_t rgba) {
    const auto found = cache_.find(rgba);
    if (found != cache_.end()) return found->second;
    const GifByteType nearest = search(rgba);
    cache_.emplace(rgba, nearest);
    return nearest;
  }

 private:
  GifByteType search(std::uint32_t rgba) const {
    std::uint8_t c[4];
    std::memcpy(c, &rgba, 4);
    int best = 0, bestDistance = 1 << 30;
    for (unsigned i = 0; i < palette_->count; ++i) {
      const liq_color& p = palette_->entries[i];
      const int dr = c[0] - p.r, dg = c[1] - p.g, db = c[2] - p.b;
      const int distance = dr * dr + dg * dg + db * db;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = static_cast<int>(i);
      }
    }
    return static_cast<GifByteType>(best);
  }

  const liq_palette* palette_;
  std::unordered_map<std::uint32_t, GifByteType> cache_;
};

// Palette indices of `frame`; only pixels that differ from `previousFrame` are looked up again.
void remap(std::span<const std::uint32_t> frame, std::vector<std::uint32_t>& previousFrame,
           std::vector<GifByteType>& indices, PaletteMapper& mapper, bool first) {
  for (std::size_t i = 0; i < frame.size(); ++i) {
    if (!first && frame[i] == previousFrame[i]) continue;
    indices[i] = mapper.index(frame[i]);
    previousFrame[i] = frame[i];
  }
}

// The palette for every frame added so far (cached), or nullptr on failure.
liq_result* quantize(GifWriter::State& s) {
  if (s.palette && s.paletteFrames == s.frames.size()) return s.palette.get();
  if (s.palette) {
    // The old histogram is spent: build a new one from every stored frame.
    s.histogram.reset(liq_histogram_create(s.attr.get()));
    FrameStore::Cursor cursor(s.frames);
    while (cursor.next()) {
      LiqImage image(liq_image_create_rgba(s.attr.get(), cursor.frame().data(), s.width, s.height, 0));
      if (!image || liq_histogram_add_image(s.histogram.get(), s.attr.get(), image.get()) != LIQ_OK)
        return nullptr;
    }
  }
  s.palette.reset();
  liq_result* quantized = nullptr;
  if (!s.histogram || liq_histogram_quantize(s.histogram.get(), s.attr.get(), &quantized) != LIQ_OK)
    return nullptr;
  s.palette.reset(quantized);
  s.paletteFrames = s.frames.size();
  return quantized;
}

}  // namespace

std::variant<GifWriter, std::string> GifWriter::create(int width, int height, double fps) {
  if (width < 1 || height < 1 || width > kMaxExportSide || height > kMaxExportSide)
    return "GIF size " + std::to_string(width) + "x" + std::to_string(height) + " is out of range (1 to " +
           std::to_string(kMaxExportSide) + " pixels a side)";
  if (!(fps > 0.0 && fps <= kMaxGifFps))
    return "GIF frame rate " + std::to_string(fps) +
           " is out of range (more than 0, at most 50 frames a second)";
  return GifWriter(std::make_unique<State>(width, height, fps));
}

GifWriter::GifWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
GifWriter::GifWriter(GifWriter&&) noexcept = default;
GifWriter& GifWriter::operator=(GifWriter&&) noexcept = default;
GifWriter::~GifWriter() = default;

std::size_t GifWriter::frameCount() const { return state_->frames.size(); }
int GifWriter::width() const { return state_->width; }
int GifWriter::height() const { return state_->height; }

std::optional<std::string> GifWriter::addFrame(std::span<const std::uint8_t> rgba) {
  if (auto error = checkImage(state_->width, state_->height, rgba)) return "GIF frame: " + *error;
  // Once a palette was made the histogram is spent; quantize() rebuilds it from the stored frames.
  if (!state_->palette) {
    LiqImage image(liq_image_create_rgba(state_->attr.get(), rgba.data(), state_->width, state_->height, 0));
    if (!image || liq_histogram_add_image(state_->histogram.get(), state_->attr.get(), image.get()) != LIQ_OK)
      return std::string("GIF frame: colour quantization failed");
  }
  std::vector<std::uint32_t> pixels(state_->pixelCount());
  std::memcpy(pixels.data(), rgba.data(), rgba.size());
  state_->frames.add(pixels);
  return std::nullopt;
}

std::optional<std::string> GifWriter::finish(const std::string& path,
                                             const std::function<void(std::size_t, std::size_t)>& progress,
                                             std::stop_token stop) {
  State& s = *state_;
  if (s.frames.size() == 0) return "cannot write '" + path + "': no frames were recorded";
  liq_result* result = quantize(s);
  if (!result) return "cannot write '" + path + "': colour quantization failed";
  if (stop.stop_requested()) return "saving '" + path + "' was cancelled";
  // The frame buffers are allocated before the temporary file is opened: an allocation failure (which
  // may reach a worker thread's catch) then leaves no temporary behind.
  FrameEncoder encoder(s.width, s.height, s.fps);
  std::vector<GifByteType> indices(s.pixelCount());
  FrameStore::Cursor cursor(s.frames);
  PaletteMapper mapper(liq_get_palette(result));
  std::vector<std::uint32_t> previousFrame(s.pixelCount(), 0);
  return writeViaTemporary(path, [&](const std::string& temporary) -> std::optional<std::string> {
    int error = 0;
    GifFileType* gif = EGifOpenFileName(temporary.c_str(), false, &error);
    if (!gif && error == E_GIF_ERR_OPEN_FAILED)  // the system's reason says more than giflib's
      return "cannot write '" + path + "': " + std::strerror(errno);
    if (!gif) return giflibError(path, error);
    EGifSetGifVersion(gif, true);
    ColorMapObject* colorMap = makeColorMap(liq_get_palette(result));
    bool ok =
        colorMap && EGifPutScreenDesc(gif, s.width, s.height, 8, 0, colorMap) == GIF_OK && putLooping(gif);
    GifFreeMapObject(colorMap);
    bool cancelled = false;
    for (std::size_t i = 0; ok && cursor.next(); ++i) {
      if (stop.stop_requested()) {
        cancelled = true;
        break;
      }
      remap(cursor.frame(), previousFrame, indices, mapper, i == 0);
      ok = encoder.put(gif, indices, i);
      if (ok && progress) progress(i + 1, s.frames.size());
    }
    const int writeError = gif->Error;
    const bool closed = EGifCloseFile(gif, &error) == GIF_OK;
    if (cancelled) return "saving '" + path + "' was cancelled";
    if (!closed && ok) return giflibError(path, error);
    if (!ok) return giflibError(path, writeError != 0 ? writeError : E_GIF_ERR_WRITE_FAILED);
    return std::nullopt;
  });
}

}  // namespace gs
