// `gradscape render SCENE.json --steps N [--gif OUT.gif] [--png OUT.png] [--size WxH] [--fps F]`: steps
// the scene's runs and draws every frame with the app's SceneRenderer into a framebuffer object of a
// windowless EGL context (no X server, no DISPLAY). Every argument, the scene and the output directories
// are checked before anything is rendered; bad input is one line on stderr and exit status 2. Files are
// written atomically, so a failed write leaves nothing behind; exit 0 only when every file is complete.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <exception>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include "cli/commands.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/scene.hpp"
#include "export/gif_writer.hpp"
#include "export/png_writer.hpp"
#include "gl/gl.hpp"
#include "gl/offscreen.hpp"
#include "headless/egl_context.hpp"
#include "model.hpp"
#include "render/scene_renderer.hpp"
#include "scene_bridge.hpp"
#include "view/view2d.hpp"

namespace gs::cli {
namespace {

constexpr int kMaxRenderSide = 8192;                  // per side: 8192x8192 RGBA is 256 MB a frame read
constexpr std::int64_t kMaxRenderSteps = 10'000'000;  // as `trace`
constexpr std::int64_t kMaxRenderFrames = 1000;       // more steps: one frame every k steps (see below)
constexpr double kDefaultFps = 25.0;                  // 4/100 s a frame, exact in a GIF

struct RenderOptions {
  std::string scene;
  std::int64_t steps = -1;
  std::string gif, png;
  int width = 800, height = 600;
  double fps = kDefaultFps;
};

template <typename T>
bool parseNumber(const std::string& text, T& value) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

bool parseRenderSize(const std::string& text, int& width, int& height) {
  const std::size_t x = text.find_first_of("xX");
  if (x == std::string::npos) return false;
  int w = 0, h = 0;
  if (!parseNumber(text.substr(0, x), w) || !parseNumber(text.substr(x + 1), h)) return false;
  if (w < 1 || h < 1 || w > kMaxRenderSide || h > kMaxRenderSide) return false;
  width = w;
  height = h;
  return true;
}

// Can `path` be created or replaced? Checked before rendering, so a bad path costs no render.
std::optional<std::string> checkOutputPath(const std::string& flag, const std::string& path) {
  if (path.empty()) return flag + " needs a file name";
  if (auto error = checkWritablePath(path)) return flag + ": " + *error;
  return std::nullopt;
}

// Error message, or nullopt with `options` filled.
std::optional<std::string> parseRenderArgs(const Args& args, RenderOptions& options) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool isFlag = arg.size() > 1 && arg[0] == '-';
    if (!isFlag) {
      if (!options.scene.empty()) return "unexpected argument '" + arg + "' (one scene file only)";
      options.scene = arg;
      continue;
    }
    if (arg != "--steps" && arg != "--gif" && arg != "--png" && arg != "--size" && arg != "--fps")
      return "unknown option '" + arg +
             "' (see: gradscape render SCENE.json --steps N [--gif OUT.gif] "
             "[--png OUT.png] [--size WxH] [--fps F])";
    if (i + 1 >= args.size()) return arg + " needs a value";
    const std::string& value = args[++i];
    if (arg == "--steps") {
      if (!parseNumber(value, options.steps) || options.steps < 0 || options.steps > kMaxRenderSteps)
        return "--steps needs a whole number from 0 to " + std::to_string(kMaxRenderSteps) + ", not '" +
               value + "'";
    } else if (arg == "--gif") {
      options.gif = value;
    } else if (arg == "--png") {
      options.png = value;
    } else if (arg == "--size") {
      if (!parseRenderSize(value, options.width, options.height))
        return "--size needs WxH with each side from 1 to " + std::to_string(kMaxRenderSide) +
               ", e.g. 800x600, not '" + value + "'";
    } else {  // --fps
      if (!parseNumber(value, options.fps) || !(options.fps > 0.0) || options.fps > kMaxGifFps)
        return "--fps needs a frame rate above 0 and at most 50, not '" + value + "'";
    }
  }
  if (options.scene.empty()) return "needs a scene file: gradscape render SCENE.json --steps N --gif OUT.gif";
  if (options.steps < 0) return "needs --steps N";
  if (options.gif.empty() && options.png.empty()) return "needs --gif OUT.gif and/or --png OUT.png";
  if (!options.gif.empty() && options.gif == options.png) return "--gif and --png name the same file";
  if (!options.gif.empty())
    if (auto error = checkOutputPath("--gif", options.gif)) return error;
  if (!options.png.empty())
    if (auto error = checkOutputPath("--png", options.png)) return error;
  return std::nullopt;
}

}  // namespace

int render(const Args& args, std::ostream& out, std::ostream& err) {
  (void)out;
  RenderOptions options;
  if (auto error = parseRenderArgs(args, options)) {
    err << "gradscape render: " << *error << '\n';
    return 2;
  }
  auto sceneOrError = loadScene(options.scene);
  if (auto* error = std::get_if<std::string>(&sceneOrError)) {
    err << "gradscape render: " << *error << '\n';
    return 2;
  }
  const Scene& scene = std::get<Scene>(sceneOrError);
  auto loadedOrError = modelFromScene(scene);
  if (auto* error = std::get_if<std::string>(&loadedOrError)) {
    err << "gradscape render: " << options.scene << ": " << *error << '\n';
    return 2;
  }
  Model& model = std::get<LoadedScene>(loadedOrError).model;
  model.playback.playing = false;
  // As the window does: a scene without a zoom shows its whole domain in the 2D view.
  const PixelRect area{0, 0, options.width, options.height};
  const ViewLayout layout = layoutViews(model.display.mode, area);
  if (!scene.view.unitsPerPixel && layout.view2d) {
    model.view2d = frameDomain(model.runner.surface().domain, layout.view2d->width, layout.view2d->height);
    if (scene.view.center) {
      model.view2d.centerX = (*scene.view.center)[0];
      model.view2d.centerY = (*scene.view.center)[1];
    }
  }

  std::optional<GifWriter> gif;
  if (!options.gif.empty()) {
    auto writer = GifWriter::create(options.width, options.height, options.fps);
    if (auto* error = std::get_if<std::string>(&writer)) {
      err << "gradscape render: " << *error << '\n';
      return 2;
    }
    gif.emplace(std::move(std::get<GifWriter>(writer)));
  }

  try {
    std::string contextError;
    auto context = HeadlessContext::create(contextError);
    if (!context) {
      err << "gradscape render: no headless OpenGL context: " << contextError << '\n';
      return 1;
    }
    gl::OffscreenTarget target;
    if (!target.resize(options.width, options.height)) {
      err << "gradscape render: the OpenGL driver refuses a " << options.width << "x" << options.height
          << " framebuffer\n";
      return 2;
    }
    SceneRenderer renderer;
    std::vector<std::uint8_t> pixels;
    const auto drawFrame = [&] {
      target.bind();
      glClearColor(0.09f, 0.09f, 0.1f, 1.0f);  // the window's background
      glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
      renderer.draw(model, area, options.width, options.height);
      pixels = target.readRgba();
    };

    // One frame per step, or one every k steps when that would be more than kMaxRenderFrames frames;
    // the last frame is always at step N.
    const std::int64_t stride =
        std::max<std::int64_t>(1, (options.steps + kMaxRenderFrames - 1) / kMaxRenderFrames);
    const std::int64_t reportEvery = std::max<std::int64_t>(1, options.steps / 10);
    std::int64_t step = 0, lastReported = 0;
    err << "render: step 0/" << options.steps << '\n';
    for (;;) {
      if (gif || step == options.steps) {
        drawFrame();
        if (gif) {
          if (auto error = gif->addFrame(pixels)) {
            err << "gradscape render: " << *error << '\n';
            return 1;
          }
        }
      }
      if (step >= options.steps) break;
      const std::int64_t next = std::min(options.steps, step + stride);
      if (!gif) {
        model.runner.step(options.steps - step);  // only the last frame is needed
        step = options.steps;
      } else {
        model.runner.step(next - step);
        step = next;
      }
      if (step - lastReported >= reportEvery || step == options.steps) {
        err << "render: step " << step << '/' << options.steps << '\n';
        lastReported = step;
      }
    }
    if (!renderer.surfaceError().empty())
      err << "gradscape render: warning: the heatmap shader failed: " << renderer.surfaceError() << '\n';

    bool ok = true;
    if (gif) {
      err << "render: writing " << options.gif << " (" << gif->frameCount() << " frames)\n";
      if (auto error = gif->finish(options.gif)) {
        err << "gradscape render: " << *error << '\n';
        ok = false;
      }
    }
    if (!options.png.empty()) {
      if (auto error = writePng(options.png, options.width, options.height, pixels)) {
        err << "gradscape render: " << *error << '\n';
        ok = false;
      }
    }
    if (!ok) return 2;
    err << "render: done\n";
    return 0;
  } catch (const std::exception& e) {
    err << "gradscape render: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace gs::cli
