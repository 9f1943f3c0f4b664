// `gradscape render` in-process: GIF and PNG files read back with independent decoders (giflib's
// DGifSlurp, stb_image), progress on stderr, and bad input refused (exit 2, one line, no file left).
// EGL needs no display; where no headless context can be made, the rendering tests skip.
#include <gif_lib.h>
#include <gtest/gtest.h>
#include <stb/stb_image.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "headless/egl_context.hpp"

namespace gs::cli {
namespace {

namespace fs = std::filesystem;

struct Result {
  int status = 0;
  std::string out, err;
};

Result runRender(const Args& args) {
  std::ostringstream out, err;
  const int status = render(args, out, err);
  return {status, out.str(), err.str()};
}

struct GifInfo {
  bool ok = false;
  int width = 0, height = 0, frames = 0;
};

GifInfo readGif(const std::string& file) {
  GifInfo info;
  int error = 0;
  GifFileType* gif = DGifOpenFileName(file.c_str(), &error);
  if (!gif) return info;
  if (DGifSlurp(gif) == GIF_OK) info = {true, gif->SWidth, gif->SHeight, gif->ImageCount};
  DGifCloseFile(gif, &error);
  return info;
}

const std::string kScene = std::string(GRADSCAPE_ASSET_DIR) + "/scenes/rosenbrock_race.json";

class RenderCli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / (std::string("gradscape_render_cli_test_") +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  long fileCount() const { return std::distance(fs::directory_iterator(dir_), fs::directory_iterator()); }
  static bool haveEgl() {
    std::string error;
    return HeadlessContext::create(error) != nullptr;
  }
  fs::path dir_;
};

TEST_F(RenderCli, SmallRenderWritesAGifWithOneFramePerStepAndAPng) {
  if (!haveEgl()) GTEST_SKIP() << "no headless OpenGL context";
  const Result r = runRender({kScene, "--steps", "12", "--gif", path("r.gif"), "--png", path("r.png"),
                              "--size", "160x120", "--fps", "10"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("render: step 12/12"), std::string::npos) << r.err;
  const GifInfo gif = readGif(path("r.gif"));
  ASSERT_TRUE(gif.ok);
  EXPECT_EQ(gif.width, 160);
  EXPECT_EQ(gif.height, 120);
  EXPECT_EQ(gif.frames, 13);  // step 0 and each of the 12 steps
  int width = 0, height = 0, channels = 0;
  stbi_uc* png = stbi_load(path("r.png").c_str(), &width, &height, &channels, 4);
  ASSERT_NE(png, nullptr);
  EXPECT_EQ(width, 160);
  EXPECT_EQ(height, 120);
  // Not blank: the heatmap has many colours.
  bool varied = false;
  for (int i = 1; i < width * height && !varied; ++i)
    varied = png[i * 4] != png[0] || png[i * 4 + 1] != png[1] || png[i * 4 + 2] != png[2];
  EXPECT_TRUE(varied);
  stbi_image_free(png);
  EXPECT_EQ(fileCount(), 2);  // no temporaries left
}

TEST_F(RenderCli, PngAloneAndDefaultSize) {
  if (!haveEgl()) GTEST_SKIP() << "no headless OpenGL context";
  const Result r = runRender({kScene, "--steps", "3", "--png", path("only.png")});
  ASSERT_EQ(r.status, 0) << r.err;
  int width = 0, height = 0, channels = 0;
  ASSERT_TRUE(stbi_info(path("only.png").c_str(), &width, &height, &channels));
  EXPECT_EQ(width, 800);
  EXPECT_EQ(height, 600);
  EXPECT_EQ(fileCount(), 1);
}

// --explain draws the explainer's sub-step on every frame: the picture changes, and a sub-step past the
// update's last draws the last, the same as naming it.
TEST_F(RenderCli, ExplainDrawsTheSubStepOnTheFrames) {
  if (!haveEgl()) GTEST_SKIP() << "no headless OpenGL context";
  const auto png = [&](const std::string& name, std::vector<std::string> extra) {
    Args args = {kScene, "--steps", "3", "--png", path(name), "--size", "320x240"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = runRender(args);
    EXPECT_EQ(r.status, 0) << r.err;
    std::ifstream file(path(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
  };
  const std::string plain = png("plain.png", {});
  const std::string first = png("first.png", {"--explain", "1:1"});
  const std::string beyond = png("beyond.png", {"--explain", "1:999"});
  ASSERT_FALSE(plain.empty());
  EXPECT_NE(first, plain);
  EXPECT_NE(beyond, plain);
  EXPECT_NE(beyond, first);
}

TEST_F(RenderCli, ManyStepsAreSampledToAtMostAThousandFrames) {
  if (!haveEgl()) GTEST_SKIP() << "no headless OpenGL context";
  const Result r = runRender({kScene, "--steps", "1001", "--gif", path("long.gif"), "--size", "16x12"});
  ASSERT_EQ(r.status, 0) << r.err;
  const GifInfo gif = readGif(path("long.gif"));
  ASSERT_TRUE(gif.ok);
  EXPECT_EQ(gif.frames, 502);  // every 2 steps: 0, 2, ..., 1000, then 1001
}

TEST_F(RenderCli, BadInputExitsTwoWithOneLineAndNoFile) {
  fs::create_directories(dir_ / "sub");
  ASSERT_EQ(::mkfifo((dir_ / "sub" / "pipe.gif").c_str(), 0600), 0);  // never replaced by a regular file
  const std::string gif = path("out.gif");
  const std::vector<Args> table = {
      {},
      {kScene},
      {kScene, "--steps", "5"},  // no output
      {kScene, "--gif", gif},    // no --steps
      {kScene, "--steps", "-1", "--gif", gif},
      {kScene, "--steps", "ten", "--gif", gif},
      {kScene, "--steps", "5x", "--gif", gif},
      {kScene, "--steps", "99999999999", "--gif", gif},
      {kScene, "--steps", "5", "--gif", gif, "--size", "0x600"},
      {kScene, "--steps", "5", "--gif", gif, "--size", "100000x600"},
      {kScene, "--steps", "5", "--gif", gif, "--size", "800x8193"},
      {kScene, "--steps", "5", "--gif", gif, "--size", "800"},
      {kScene, "--steps", "5", "--gif", gif, "--size", "-8x6"},
      {kScene, "--steps", "5", "--gif", gif, "--fps", "0"},
      {kScene, "--steps", "5", "--gif", gif, "--fps", "51"},
      {kScene, "--steps", "5", "--gif", gif, "--fps", "fast"},
      {kScene, "--steps", "5", "--gif", gif, "--frobnicate"},
      {kScene, "--steps", "5", "--gif", gif, "--explain", "0:1"},
      {kScene, "--steps", "5", "--gif", gif, "--explain", "2"},
      {kScene, "--steps", "5", "--gif"},  // missing value
      {kScene, "--steps"},
      {kScene, "--steps", "5", "--gif", "/nonexistent/x.gif"},
      {kScene, "--steps", "5", "--png", "/nonexistent/x.png"},
      {kScene, "--steps", "5", "--gif", path("sub")},  // a directory
      {kScene, "--steps", "5", "--gif", path("sub") + "/"},
      {kScene, "--steps", "5", "--gif", path("sub") + "/pipe.gif"},
      {kScene, "--steps", "5", "--gif", ""},
      {kScene, "--steps", "5", "--gif", gif, "--png", gif},
      {kScene, "other.json", "--steps", "5", "--gif", gif},
      {path("missing.json"), "--steps", "5", "--gif", gif},  // unknown scene path
  };
  for (const auto& args : table) {
    std::string joined;
    for (const auto& a : args) joined += "'" + a + "' ";
    const Result r = runRender(args);
    EXPECT_EQ(r.status, 2) << joined;
    EXPECT_TRUE(r.out.empty()) << joined;
    ASSERT_FALSE(r.err.empty()) << joined;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << joined << "\n" << r.err;  // exactly one line
    EXPECT_EQ(r.err.rfind("gradscape render: ", 0), 0u) << r.err;
    EXPECT_EQ(fileCount(), 1) << joined;  // only sub/
    EXPECT_TRUE(fs::is_fifo(dir_ / "sub" / "pipe.gif")) << joined;
  }
}

TEST_F(RenderCli, UnknownOrInvalidSceneExitsTwoNamingIt) {
  const Result missing = runRender({path("nope.json"), "--steps", "5", "--gif", path("a.gif")});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nope.json"), std::string::npos) << missing.err;
  std::ofstream(path("bad.json")) << "{\"version\": 1, \"surface\": {\"name\": \"no_such_surface\"}}";
  const Result bad = runRender({path("bad.json"), "--steps", "5", "--gif", path("a.gif")});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("no_such_surface"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(path("a.gif")));
}

}  // namespace
}  // namespace gs::cli
