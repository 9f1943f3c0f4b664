// PNG and GIF export: files read back with independent decoders (stb_image, giflib's DGifSlurp), and
// refusals that leave no file behind.
#include <gtest/gtest.h>
#include <stb/stb_image.h>
#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <thread>

#include "core/io/atomic_file.hpp"
#include "export/frame_store.hpp"
#include "export/gif_save_job.hpp"
#include "export/gif_writer.hpp"
#include "export/image.hpp"
#include "export/png_writer.hpp"
#include "gif_decode.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

class ExportFiles : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / (std::string("gradscape_export_test_") +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  long fileCount() const { return std::distance(fs::directory_iterator(dir_), fs::directory_iterator()); }
  fs::path dir_;
};

// A smooth background (like a heatmap) with a dot that moves with `frame` (like a run's ball).
RgbaImage testFrame(int width, int height, int frame) {
  RgbaImage image{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 4)};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* p = &image.pixels[(static_cast<std::size_t>(y) * width + x) * 4];
      const bool dot = std::abs(x - (4 + 3 * frame)) <= 1 && std::abs(y - height / 2) <= 1;
      p[0] = static_cast<std::uint8_t>(dot ? 255 : x * 255 / (width - 1));
      p[1] = static_cast<std::uint8_t>(dot ? 255 : y * 255 / (height - 1));
      p[2] = static_cast<std::uint8_t>(dot ? 255 : 64);
      p[3] = 255;
    }
  }
  return image;
}

TEST_F(ExportFiles, PngReadsBackPixelForPixel) {
  const RgbaImage image = testFrame(37, 21, 2);  // odd sizes: no row padding assumed
  const std::string file = path("plot.png");
  ASSERT_EQ(writePng(file, image.width, image.height, image.pixels), std::nullopt);
  int width = 0, height = 0, channels = 0;
  stbi_uc* pixels = stbi_load(file.c_str(), &width, &height, &channels, 4);
  ASSERT_NE(pixels, nullptr);
  EXPECT_EQ(width, 37);
  EXPECT_EQ(height, 21);
  EXPECT_TRUE(std::equal(image.pixels.begin(), image.pixels.end(), pixels));
  stbi_image_free(pixels);
  EXPECT_EQ(fileCount(), 1);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::others_read, fs::perms::others_read);
}

TEST_F(ExportFiles, PngRefusalsLeaveNoFile) {
  const RgbaImage image = testFrame(8, 8, 0);
  const auto unwritable = writePng(path("missing/plot.png"), 8, 8, image.pixels);
  ASSERT_TRUE(unwritable.has_value());
  EXPECT_NE(unwritable->find("missing/plot.png"), std::string::npos) << *unwritable;
  EXPECT_NE(writePng(path("zero.png"), 0, 8, image.pixels), std::nullopt);
  EXPECT_NE(writePng(path("huge.png"), 100000, 8, image.pixels), std::nullopt);
  EXPECT_NE(writePng(path("short.png"), 9, 8, image.pixels), std::nullopt);  // buffer too small
  EXPECT_NE(writePng(dir_.string(), 8, 8, image.pixels), std::nullopt);      // a directory
  EXPECT_EQ(fileCount(), 0);
}

TEST(ExportImage, FlipRowsReversesRowOrder) {
  std::vector<std::uint8_t> pixels = {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};  // 1 x 3
  flipRows(pixels, 1, 3);
  EXPECT_EQ(pixels, (std::vector<std::uint8_t>{3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1}));
}

TEST(ExportFrameStore, ReplaysFramesExactly) {
  std::mt19937 rng(3);
  std::vector<std::vector<std::uint32_t>> frames;
  std::vector<std::uint32_t> frame(500, 7);
  FrameStore store(frame.size());
  for (int i = 0; i < 20; ++i) {
    for (int k = 0; k < i * 3; ++k)
      frame[rng() % frame.size()] = static_cast<std::uint32_t>(rng());  // sparse changes
    if (i == 10) frame.assign(frame.size(), 0xFFFFFFFF);                // and one full change
    frames.push_back(frame);
    store.add(frame);
  }
  EXPECT_LT(store.storedBytes(), 20 * 500 * 4 / 2);  // sparse changes are stored compactly
  FrameStore::Cursor cursor(store);
  for (const auto& expected : frames) {
    ASSERT_TRUE(cursor.next());
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), cursor.frame().begin()));
  }
  EXPECT_FALSE(cursor.next());
}

TEST_F(ExportFiles, GifHasEveryFrameLoopsAndLooksLikeTheInput) {
  auto created = GifWriter::create(64, 48, 10.0);
  ASSERT_TRUE(std::holds_alternative<GifWriter>(created)) << std::get<std::string>(created);
  GifWriter writer = std::move(std::get<GifWriter>(created));
  std::vector<RgbaImage> frames;
  for (int i = 0; i < 12; ++i) {
    frames.push_back(testFrame(64, 48, i));
    ASSERT_EQ(writer.addFrame(frames.back().pixels), std::nullopt);
  }
  const std::string file = path("race.gif");
  std::size_t progressCalls = 0;
  ASSERT_EQ(writer.finish(file,
                          [&](std::size_t done, std::size_t total) {
                            ++progressCalls;
                            EXPECT_EQ(total, 12u);
                            EXPECT_EQ(done, progressCalls);
                          }),
            std::nullopt);
  EXPECT_EQ(progressCalls, 12u);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::others_read, fs::perms::others_read);
  EXPECT_EQ(fileCount(), 1);

  const DecodedGif gif = decodeGif(file);
  EXPECT_EQ(gif.width, 64);
  EXPECT_EQ(gif.height, 48);
  ASSERT_EQ(gif.frames, 12);
  EXPECT_TRUE(gif.loops);
  for (int delay : gif.delays) EXPECT_EQ(delay, 10);  // 10 fps
  // Each composited frame matches its input within quantization error, the moving dot included.
  for (std::size_t f = 0; f < frames.size(); ++f) {
    int worst = 0;
    for (std::size_t p = 0; p < 64 * 48; ++p)
      for (int c = 0; c < 3; ++c)
        worst =
            std::max(worst, std::abs(int(gif.composited[f][p * 3 + c]) - int(frames[f].pixels[p * 4 + c])));
    EXPECT_LE(worst, 24) << "frame " << f;
    const std::size_t dot = (24 * 64 + 4 + 3 * f) * 3;
    EXPECT_GE(gif.composited[f][dot + 2], 230) << "frame " << f;  // the dot is white
  }
}

TEST_F(ExportFiles, GifDelaysKeepTheFrameRateWithoutDrift) {
  auto writer = std::get<GifWriter>(GifWriter::create(4, 4, 30.0));
  for (int i = 0; i < 30; ++i) ASSERT_EQ(writer.addFrame(testFrame(4, 4, 0).pixels), std::nullopt);
  ASSERT_EQ(writer.finish(path("a.gif")), std::nullopt);
  const DecodedGif gif = decodeGif(path("a.gif"));
  ASSERT_EQ(gif.frames, 30);  // unchanged frames are still frames: they hold the time
  int total = 0;
  for (int delay : gif.delays) {
    EXPECT_TRUE(delay == 3 || delay == 4) << delay;
    total += delay;
  }
  EXPECT_EQ(total, 100);  // 30 frames at 30 fps last one second
}

TEST_F(ExportFiles, GifRefusalsAreMessagesAndLeaveNoFile) {
  for (auto [w, h, fps] : {std::tuple{0, 10, 10.0}, std::tuple{100000, 10, 10.0}, std::tuple{10, 10, 0.0},
                           std::tuple{10, 10, 100.0}, std::tuple{10, 10, std::nan("")}}) {
    auto created = GifWriter::create(w, h, fps);
    EXPECT_TRUE(std::holds_alternative<std::string>(created)) << w << "x" << h << "@" << fps;
  }
  auto writer = std::get<GifWriter>(GifWriter::create(8, 8, 10.0));
  EXPECT_NE(writer.finish(path("empty.gif")), std::nullopt);  // no frames yet
  EXPECT_NE(writer.addFrame(testFrame(9, 8, 0).pixels), std::nullopt);
  ASSERT_EQ(writer.addFrame(testFrame(8, 8, 0).pixels), std::nullopt);
  const auto unwritable = writer.finish(path("no/such/dir.gif"));
  ASSERT_TRUE(unwritable.has_value());
  EXPECT_NE(unwritable->find("dir.gif"), std::string::npos) << *unwritable;
  EXPECT_NE(writer.finish(dir_.string()), std::nullopt);
  EXPECT_EQ(fileCount(), 0);
  EXPECT_EQ(writer.finish(path("ok.gif")), std::nullopt);  // the writer still works after a failure
  EXPECT_EQ(decodeGif(path("ok.gif")).frames, 1);
  ASSERT_EQ(writer.addFrame(testFrame(8, 8, 1).pixels), std::nullopt);  // recording goes on after a finish
  ASSERT_EQ(writer.finish(path("ok2.gif")), std::nullopt);
  EXPECT_EQ(decodeGif(path("ok2.gif")).frames, 2);
}

TEST_F(ExportFiles, GifStopRequestedEndsTheSaveWithNoFile) {
  auto writer = std::get<GifWriter>(GifWriter::create(16, 16, 10.0));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(writer.addFrame(testFrame(16, 16, i).pixels), std::nullopt);
  std::stop_source stop;
  stop.request_stop();
  const auto cancelled = writer.finish(path("stopped.gif"), {}, stop.get_token());
  ASSERT_TRUE(cancelled.has_value());
  EXPECT_NE(cancelled->find("cancelled"), std::string::npos) << *cancelled;
  EXPECT_EQ(fileCount(), 0);
  ASSERT_EQ(writer.finish(path("whole.gif")), std::nullopt);  // the frames are still there
  EXPECT_EQ(decodeGif(path("whole.gif")).frames, 3);
}

Recorder recordingOf(int frames, int width, int height) {
  auto started = Recorder::start(width, height, 20.0, 0, 0);
  Recorder recorder = std::move(std::get<Recorder>(started));
  for (int i = 0; i < frames; ++i) {
    const RgbaImage frame = testFrame(width, height, i % 20);
    if (auto error = recorder.addFrame(i, frame.pixels)) ADD_FAILURE() << *error;
  }
  return recorder;
}

void waitFor(const GifSaveJob& job) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!job.finished() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_TRUE(job.finished());
}

TEST_F(ExportFiles, GifSaveJobWritesOnItsWorkerAndReportsTheOutcome) {
  GifSaveJob job(recordingOf(20, 64, 48), path("job.gif"));
  EXPECT_EQ(job.frameCount(), 20u);
  EXPECT_EQ(job.width(), 64);
  ASSERT_NO_FATAL_FAILURE(waitFor(job));
  ASSERT_EQ(job.outcome().error, std::nullopt) << *job.outcome().error;
  EXPECT_FALSE(job.outcome().cancelled);
  EXPECT_EQ(job.framesEncoded(), 20u);
  EXPECT_EQ(job.outcome().bytes, fs::file_size(path("job.gif")));
  EXPECT_EQ(decodeGif(path("job.gif")).frames, 20);
  EXPECT_EQ(fileCount(), 1);
}

TEST_F(ExportFiles, GifSaveJobFailureHandsTheRecordingBack) {
  GifSaveJob job(recordingOf(3, 16, 16), path("missing/job.gif"));
  ASSERT_NO_FATAL_FAILURE(waitFor(job));
  ASSERT_TRUE(job.outcome().error.has_value());
  EXPECT_FALSE(job.outcome().cancelled);
  EXPECT_NE(job.outcome().error->find("missing/job.gif"), std::string::npos) << *job.outcome().error;
  EXPECT_EQ(fileCount(), 0);
  Recorder recording = job.takeRecording();
  EXPECT_EQ(recording.frameCount(), 3u);
  ASSERT_EQ(recording.finish(path("again.gif")), std::nullopt);
  EXPECT_EQ(decodeGif(path("again.gif")).frames, 3);
}

// Holds a GifSaveJob's worker after its first frame until released, and records which thread it is.
struct WorkerGate {
  std::promise<std::thread::id> held;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::function<void(std::size_t)> hook() {
    return [this](std::size_t done) {
      if (done != 1) return;
      held.set_value(std::this_thread::get_id());
      // Bounded, so that a save made on the caller's thread fails the test instead of hanging it.
      released.wait_for(std::chrono::seconds(10));
    };
  }
};

TEST_F(ExportFiles, GifSaveJobRunsOnAnotherThreadWhileTheCallerGoesOn) {
  WorkerGate gate;
  std::future<std::thread::id> held = gate.held.get_future();
  GifSaveJob job(recordingOf(5, 32, 24), path("held.gif"), gate.hook());
  // The constructor has returned, and the worker reaches frame 1 and is held there.
  ASSERT_EQ(held.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_NE(held.get(), std::this_thread::get_id());
  EXPECT_FALSE(job.finished());
  EXPECT_EQ(job.framesEncoded(), 1u);
  EXPECT_FALSE(fs::exists(path("held.gif")));  // only the temporary exists yet
  gate.release.set_value();
  ASSERT_NO_FATAL_FAILURE(waitFor(job));
  ASSERT_EQ(job.outcome().error, std::nullopt) << *job.outcome().error;
  EXPECT_EQ(decodeGif(path("held.gif")).frames, 5);
  EXPECT_EQ(fileCount(), 1);
}

TEST_F(ExportFiles, GifSaveJobCancelledMidSaveLeavesNoFileAndKeepsTheFrames) {
  WorkerGate gate;
  std::future<std::thread::id> held = gate.held.get_future();
  GifSaveJob job(recordingOf(5, 32, 24), path("cancelled.gif"), gate.hook());
  ASSERT_EQ(held.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(fileCount(), 1);  // the temporary, frame 1 written
  job.cancel();
  gate.release.set_value();
  ASSERT_NO_FATAL_FAILURE(waitFor(job));
  ASSERT_TRUE(job.outcome().error.has_value());
  EXPECT_TRUE(job.outcome().cancelled) << *job.outcome().error;
  EXPECT_EQ(job.framesEncoded(), 1u);
  EXPECT_EQ(fileCount(), 0);  // neither the file nor the temporary
  Recorder recording = job.takeRecording();
  EXPECT_EQ(recording.frameCount(), 5u);
  ASSERT_EQ(recording.finish(path("later.gif")), std::nullopt);
  EXPECT_EQ(decodeGif(path("later.gif")).frames, 5);
}

TEST_F(ExportFiles, GifSaveJobDestroyedWhileRunningLeavesNoPartialFile) {
  // What quitting does: cancel and join. The worker may have finished first, and then the file is
  // whole; either way, no temporary and no partial file.
  { GifSaveJob job(recordingOf(60, 200, 150), path("quit.gif")); }
  if (fileCount() != 0) {
    EXPECT_EQ(fileCount(), 1);
    EXPECT_EQ(decodeGif(path("quit.gif")).frames, 60);
  }
}

TEST_F(ExportFiles, WritablePathCheckNamesWhatIsWrong) {
  EXPECT_EQ(checkWritablePath(path("fine.gif")), std::nullopt);
  EXPECT_EQ(checkWritablePath("relative.gif"), std::nullopt);  // the working folder
  const auto missing = checkWritablePath(path("no/such/x.gif"));
  ASSERT_TRUE(missing.has_value());
  EXPECT_NE(missing->find("does not exist"), std::string::npos) << *missing;
  const auto folder = checkWritablePath(dir_.string());
  ASSERT_TRUE(folder.has_value());
  EXPECT_NE(folder->find("folder"), std::string::npos) << *folder;
  EXPECT_TRUE(checkWritablePath("").has_value());
  std::ofstream(path("file")) << "x";
  EXPECT_TRUE(checkWritablePath(path("file/x.gif")).has_value());  // a file where a folder should be
}

}  // namespace
}  // namespace gs
