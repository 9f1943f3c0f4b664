// `gradscape render SCENE.json --steps N [--gif OUT.gif] [--png OUT.png] [--size WxH] [--fps F]`: steps
// the scene's runs and draws every frame with the app's SceneRenderer into a framebuffer object of a
// windowless EGL context (no X server, no DISPLAY). Every argument, the scene and the output directories
// are checked before anything is rendered; bad input is one line on stderr and exit status 2. Files are
// written atomically, so a failed write leaves nothing behind; exit 0 only when every file is complete.
#include <CLI/CLI.hpp>
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

#include "cli/arguments.hpp"
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
  int explainRun = 0, explainSubStep = 0;  // --explain RUN:SUBSTEP, from 1 (0: no explainer)
};

bool parseFps(const std::string& text, double& fps) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, fps);
  return !text.empty() && ec == std::errc() && ptr == end;
}

// Can `path` be created or replaced? Checked before rendering, so a bad path costs no render.
std::optional<std::string> checkOutputPath(const std::string& flag, const std::string& path) {
  if (path.empty()) return flag + " needs a file name";
  if (auto error = checkWritablePath(path)) return flag + ": " + *error;
  return std::nullopt;
}

void declareOptions(CLI::App& app) {
  configureApp(app);
  app.description(
      "Steps the scene's runs and draws them with the app's renderer, without a window or a display: one\n"
      "frame per step (one every ceil(N/1000) steps above 1000 steps) into an animated GIF, and/or the\n"
      "last frame into a PNG. Bad input: one line on stderr, exit status 2, no file written.");
  app.add_option("scene")
      ->type_name("SCENE.json")
      ->description("the scene to draw (see assets/)")
      ->expected(1);
  addValueOption(app, "--steps", "N",
                 "steps to take, 0 to " + std::to_string(kMaxRenderSteps) + " (required)");
  addValueOption(app, "--gif", "OUT.gif", "write the animation here");
  addValueOption(app, "--png", "OUT.png", "write the last frame here");
  addValueOption(app, "--size", "WxH",
                 "frame size, each side 1 to " + std::to_string(kMaxRenderSide) + " (default 800x600)");
  addValueOption(app, "--fps", "F", "GIF frame rate, above 0 and at most 50 (default 25)");
  addValueOption(app, "--explain", "RUN:SUBSTEP",
                 "draw the step-by-step explainer's sub-step SUBSTEP of run RUN's last update on every frame "
                 "(both from 1; past the last, the last)");
  app.footer(
      "At least one of --gif and --png. Example: gradscape render assets/rosenbrock_race.json --steps 500 "
      "--gif race.gif");
}

// Error message, or nullopt with `options` filled.
std::optional<std::string> parseRenderArgs(const CLI::App& app, RenderOptions& options) {
  auto invalid =
      applyInOrder(app, [&](const std::string& name, const std::string& value) -> std::optional<std::string> {
        if (name == "scene") {
          options.scene = value;
        } else if (name == "--steps") {
          long long steps = 0;
          if (!parseWhole(value, 0, kMaxRenderSteps, steps))
            return "--steps needs a whole number from 0 to " + std::to_string(kMaxRenderSteps) + ", not '" +
                   value + "'";
          options.steps = steps;
        } else if (name == "--gif") {
          options.gif = value;
        } else if (name == "--png") {
          options.png = value;
        } else if (name == "--size") {
          if (!parseSize(value, 1, kMaxRenderSide, options.width, options.height))
            return "--size needs WxH with each side from 1 to " + std::to_string(kMaxRenderSide) +
                   ", e.g. 800x600, not '" + value + "'";
        } else if (name == "--explain") {
          if (auto error = parseExplainOption(value, options.explainRun, options.explainSubStep))
            return error;
        } else if (name == "--fps") {
          if (!parseFps(value, options.fps) || !(options.fps > 0.0) || options.fps > kMaxGifFps)
            return "--fps needs a frame rate above 0 and at most 50, not '" + value + "'";
        } else {
          return "unknown option '" + name + "'";
        }
        return std::nullopt;
      });
  if (invalid) return invalid;
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
  CLI::App app{"", "gradscape render"};
  declareOptions(app);
  if (const auto status = parseArguments(app, args, out, err, "gradscape render",
                                         [&app](std::ostream& stream) { stream << app.help(); }))
    return *status;
  RenderOptions options;
  if (auto error = parseRenderArgs(app, options)) {
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
    SceneStyle style;
    if (options.explainRun > 0) {
      style.explainRun = std::min(options.explainRun, static_cast<int>(model.runner.size())) - 1;
      style.explainSubStep = options.explainSubStep - 1;  // clamped to the update's sub-steps when drawn
    }
    std::vector<std::uint8_t> pixels;
    const auto drawFrame = [&] {
      target.bind();
      glClearColor(kWindowBackground[0], kWindowBackground[1], kWindowBackground[2], 1.0f);
      glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
      renderer.draw(model, area, options.width, options.height, style);
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
