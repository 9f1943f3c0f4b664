// gradscape bench [--frames N] [--size WxH] [--pan] [--no-panels] [--msaa N] [--explore [--orbit]] [--map]: a
// heavy scene (3D and 2D side by side, 16 runs of 10,000 steps, every arrow, contours, panels) in a real
// window with vsync off and glFinish per frame. With --explore the runs have 2,000 steps, the run legend is
// on, and every frame moves every run's learning-rate slider (editRun, the app's what-if path), so each frame
// recomputes all 16 paths from their starts and draws them; the 3D camera holds still, as it does while a
// slider is dragged (the other modes orbit it every frame). --explore --orbit orbits it too. With --map the
// same scene first animates idle, then while a basin map (256 x 256 starts x 300 steps of Adam, lr 0.05, on
// the scene's surface) computes in the background with one active worker (core/maps MapJob: two workers, one
// paused, as the app runs a map while the window animates), restarted whenever it finishes; the goal
// is a frame time at most twice the idle one. Then, with the Maps panel open on the same 256 x 256 Adam basin
// map, five changes of its settings, each timed to the first coarse level on screen and to full resolution
// (goals: 100 ms and 1 s). Prints per-frame statistics and, last, "median frame time: X ms" (with --map:
// while the map computes).
#include "bench.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "controller.hpp"
#include "core/io/spec.hpp"
#include "core/maps/map.hpp"
#include "gl/window.hpp"
#include "model.hpp"
#include "ui/maps_panel.hpp"
#include "ui/panels.hpp"

namespace gs {

HostCpuTime parseHostCpuTime(std::istream& procStat) {
  std::string cpu;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(procStat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) ||
      cpu != "cpu")
    return {};
  return {user + nice + system + idle + iowait + irq + softirq + steal, idle + iowait, steal};
}

HostCpuShares hostCpuShares(const HostCpuTime& before, const HostCpuTime& after) {
  if (after.total <= before.total || after.idle < before.idle || after.stolen < before.stolen) return {};
  const auto total = static_cast<double>(after.total - before.total);
  return {100.0 * static_cast<double>(after.idle - before.idle) / total,
          100.0 * static_cast<double>(after.stolen - before.stolen) / total};
}

namespace {

HostCpuTime hostCpuTimeNow() {
  std::ifstream procStat("/proc/stat");
  return parseHostCpuTime(procStat);
}

Model benchModel(bool explore) {
  Model model = makeDefaultModel();
  while (model.runner.size() > 0) {
    model.runner.removeRun(model.runner.size() - 1);
  }
  // Two learning rates per optimizer, in the range a lecture would use on this surface.
  const struct {
    const char* name;
    double lr[2];
  } runs[] = {{"sgd", {0.01, 0.02}},   {"momentum", {0.005, 0.01}}, {"nesterov", {0.005, 0.01}},
              {"adam", {0.01, 0.05}},  {"rmsprop", {0.005, 0.01}},  {"adagrad", {0.1, 0.3}},
              {"adamw", {0.01, 0.03}}, {"nadam", {0.01, 0.03}}};
  for (const auto& run : runs)
    for (const double lr : run.lr) {
      auto optimizer = Optimizer::create(run.name);
      if (!optimizer) continue;
      optimizer->setParam("lr", lr);
      addRun(model, RunSpec{run.name, std::move(*optimizer), Schedule{}, 0, 1});
    }
  model.runner.step(explore ? 2000 : 10000);
  DisplayOptions& display = model.display;
  display.mode = ViewMode::SideBySide;
  display.contours = true;
  display.gradientArrows = display.momentumArrows = display.stepArrows = true;
  display.secondMomentRects = display.lookahead = display.minima = true;
  display.wireframe = false;
  display.runLegend = true;
  model.playback.playing = false;
  return model;
}

// Where each run's "lr" is in its settings, and the value it starts at (-1: the run has no lr).
struct LearningRate {
  int index = -1;
  double base = 0.0;
};

std::vector<LearningRate> learningRates(const Model& model) {
  std::vector<LearningRate> rates;
  for (std::size_t r = 0; r < model.runner.size(); ++r) {
    const Optimizer& optimizer = model.runner.run(r).optimizer();
    LearningRate rate;
    const auto& params = optimizer.params();
    for (std::size_t i = 0; i < params.size(); ++i)
      if (params[i].name == "lr") {
        rate.index = static_cast<int>(i);
        rate.base = optimizer.paramValues()[i];
      }
    rates.push_back(rate);
  }
  return rates;
}

// Learning-rate sliders dragged back and forth: every run's lr is its own times a factor sweeping
// 0.5 .. 1.5 over 60 frames, set through editRuns (the what-if edit), so every frame recomputes all 16
// paths from their starts.
void sweepLearningRate(Model& model, const std::vector<LearningRate>& rates, int frame) {
  const double phase = static_cast<double>(frame % 60) / 60.0;
  const double factor = 0.5 + (phase < 0.5 ? 2.0 * phase : 2.0 - 2.0 * phase);
  std::vector<RunEdit> edits;
  for (std::size_t r = 0; r < rates.size() && r < model.runner.size(); ++r) {
    if (rates[r].index < 0) continue;
    RunSettings settings = model.runner.run(r).settings();
    settings.params[static_cast<std::size_t>(rates[r].index)] = rates[r].base * factor;
    edits.push_back({r, std::move(settings)});
  }
  editRuns(model, edits);  // recomputes every run's whole path from its start
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The map --map computes behind the frames: the basin map on the scene's surface.
MapRequest benchMapRequest(const Model& model) {
  PixelSettings settings;
  settings.optimizer = std::get<Optimizer>(parseOptimizerSpec("adam:lr=0.05"));
  settings.steps = 300;
  return basinRequest(model.runner.surface(), std::move(settings), 256, 256);
}

// The background map of --map: started after the idle frames, restarted when it finishes, so every
// measured frame has a map computing beside it.
struct BackgroundMap {
  std::unique_ptr<MapJob> job;
  int finished = 0;
  std::int64_t pixels = 0;  // computed over the measured frames, finished maps and the current one
  void keepBusy(const MapRequest& request) {
    if (!job) {
      job = std::make_unique<MapJob>(request, 2);
      job->setActiveWorkers(1);  // one worker while the window animates (the rule on 2 cores)
    } else if (job->done()) {
      pixels += job->pixelsComputed();
      ++finished;
      job->restart(request);
    }
  }
};

struct BenchOptions {
  int frames = 120, width = 1920, height = 1080;
  bool pan = false, panels = true, explore = false, map = false, orbit = false;
  int msaaSamples = 0;
  int mapChanges = 5;  // --map: settings changes of the Maps panel's map, each timed
};

// The Maps panel's own basin map (256 x 256 starts x 300 steps of the Adam lr 0.05 run), as a user sees
// it: a change of settings (the map's steps, 300 <-> 301), then frames until the first coarse level is on
// screen and until the map is at full resolution, in milliseconds from the change (the frame that shows
// each one drawn and finished). As a user sees it after editing a setting: the runs paused (every core
// computes) and the views still (the 3D camera no longer orbits; frames are still drawn back to back).
struct MapLatency {
  std::vector<double> coarse, full;
};

MapLatency measureMapLatency(Window& window, Controller& frame, Model& model, UiState& ui, int trials) {
  MapLatency latency;
  std::size_t adam = 0;
  for (std::size_t i = 0; i < model.runner.size(); ++i)
    if (model.runner.run(i).optimizer().name() == "adam" &&
        model.runner.run(i).optimizer().param("lr") == 0.05)
      adam = i;
  ui.panelsVisible = true;
  ui.panelOpen[kMapsPanel] = true;
  model.playback.playing = false;
  MapSettings& settings = model.maps;
  settings.shown = true;
  settings.kind = MapKind::Basin;
  settings.run = static_cast<int>(adam);
  settings.size = 256;
  for (int trial = 0; trial < trials && !window.shouldClose(); ++trial) {
    settings.steps = trial % 2 == 0 ? 301 : 300;
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    std::uint64_t generation = 0;
    double coarse = -1.0;
    while (elapsed() < 60'000.0 && !window.shouldClose()) {
      glfwPollEvents();
      frame.draw(1.0 / 60.0);
      glFinish();
      glfwSwapBuffers(window.handle());
      const MapOnScreen map = mapOnScreen(ui);
      if (generation == 0) generation = map.generation;  // the map this change started
      if (map.generation != generation || !map.shown) continue;
      if (coarse < 0.0 && map.stride > 0) coarse = elapsed();
      if (map.complete) {
        latency.coarse.push_back(coarse);
        latency.full.push_back(elapsed());
        break;
      }
    }
  }
  return latency;
}

int runBench(const BenchOptions& bench) {
  const auto [frames, width, height, pan, panels, explore, map, orbit, msaaSamples, mapChanges] = bench;
  WindowOptions options;
  options.width = width;
  options.height = height;
  options.vsync = false;
  std::string error;
  auto window = Window::open(options, error);
  if (!window) {
    std::cerr << "gradscape: cannot open a window: " << error
              << ". Run it under a desktop session or xvfb-run; `gradscape trace` works without a display.\n";
    return 1;
  }
  const auto setupStart = std::chrono::steady_clock::now();
  Model model = benchModel(explore);
  model.display.msaaSamples = msaaSamples;
  const std::vector<LearningRate> rates = learningRates(model);
  UiState ui;
  ui.panelsVisible = panels;
  std::vector<double> times;
  std::vector<double> idleTimes;  // --map: the frames before the map starts
  BackgroundMap background;
  const MapRequest mapRequest = benchMapRequest(model);
  Controller::Timings parts;
  MapLatency latency;      // --map: the Maps panel's map after a change of settings
  double recompute = 0.0;  // ms per frame spent in the what-if edits (--explore)
  HostCpuTime hostBefore;  // the machine's CPU time when the measured frames begin, and when they end
  HostCpuTime hostAfter;
  {
    Controller frame(*window, model, ui, true);
    Controller::Timings total;
    int partFrames = 0, sweptFrames = 0;
    const double setup = std::chrono::duration<double>(std::chrono::steady_clock::now() - setupStart).count();
    std::printf(
        "scene: %zu runs x %lld steps, side by side, all arrows, contours%s; set up in %.2f s\n",
        model.runner.size(), static_cast<long long>(model.runner.currentStep()),
        explore ? ", run legend, an lr slider swept every frame (what-if recompute of every path)" : "",
        setup);
    // --map: `frames` idle frames, then `frames` with the map computing (after 3 warm-up frames). Every
    // timed frame is drawn as the app draws it; after each comes one more with glFinish between its parts,
    // which times them (a finish in mid-frame stops llvmpipe rasterising one part while the CPU prepares
    // the next, so those frames are slower and not counted).
    const int measured = map ? 2 * frames : frames;
    for (int i = 0; i < 2 * measured + 3 && !window->shouldClose(); ++i) {
      if (i == 3) hostBefore = hostCpuTimeNow();
      const bool partsFrame = i >= 3 && (i - 3) % 2 == 1;
      const bool mapping = map && i >= 3 && (i - 3) / 2 >= frames;
      frame.setMeasuring(partsFrame);
      if (mapping) background.keepBusy(mapRequest);
      const auto start = std::chrono::steady_clock::now();
      glfwPollEvents();
      // Orbit the 3D camera every frame; with --pan also pan the 2D view, which makes the heatmap
      // evaluate f at every pixel every frame (otherwise an unchanged heatmap is copied).
      if (!explore || orbit) model.view3d.yaw += 0.01f;
      if (pan) model.view2d.centerX += 0.5 * model.view2d.unitsPerPixel * ((i % 2) ? 1 : -1);
      if (explore) {
        const auto sweepStart = std::chrono::steady_clock::now();
        sweepLearningRate(model, rates, i);
        if (i >= 3) {
          recompute +=
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sweepStart)
                  .count();
          ++sweptFrames;
        }
      }
      frame.draw(1.0 / 60.0);
      glFinish();
      glfwSwapBuffers(window->handle());
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (i < 3) continue;  // the first frames build the shaders, mesh and path buffers
      if (partsFrame) {
        if (map && !mapping) continue;
        total.ui += frame.timings().ui;
        total.scene += frame.timings().scene;
        total.imgui += frame.timings().imgui;
        ++partFrames;
        continue;
      }
      if (map && !mapping) {
        idleTimes.push_back(ms);
        continue;
      }
      times.push_back(ms);
    }
    hostAfter = hostCpuTimeNow();
    const double n = std::max<double>(static_cast<double>(partFrames), 1.0);
    parts = {total.ui / n, total.scene / n, total.imgui / n};
    recompute /= std::max(sweptFrames, 1);
    if (background.job) {
      background.pixels += background.job->pixelsComputed();
      background.job.reset();  // cancels and joins the workers
    }
    frame.setMeasuring(false);
    if (map && mapChanges > 0) latency = measureMapLatency(*window, frame, model, ui, mapChanges);
  }
  if (times.empty()) return 1;
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  const double mean = std::accumulate(times.begin(), times.end(), 0.0) / static_cast<double>(times.size());
  std::printf("frames: %zu at %dx%d (vsync off, glFinish per frame, 3D %s%s%s%s)\n", times.size(), width,
              height, explore && !orbit ? "still" : "orbiting", pan ? ", 2D panning" : "",
              explore ? ", lr sweeping" : "", panels ? "" : ", panels hidden");
  std::printf("frame times (ms):");
  for (const double t : times) std::printf(" %.1f", t);
  std::printf("\nmin %.2f ms, mean %.2f ms, p90 %.2f ms, max %.2f ms\n", sorted.front(), mean,
              sorted[sorted.size() * 9 / 10], sorted.back());
  std::printf(
      "mean per part (other frames, finished after each part): panels (CPU, up to ImGui::Render) %.2f ms, "
      "scene (with ImGui::Render and the plots' pictures) %.2f ms, ImGui drawing %.2f ms\n",
      parts.ui, parts.scene, parts.imgui);
  if (explore) std::printf("mean what-if recompute of all 16 paths (editRuns): %.2f ms\n", recompute);
  if (const HostCpuShares host = hostCpuShares(hostBefore, hostAfter); host.stolen >= 0.0)
    std::printf(
        "machine's CPU during these frames (/proc/stat, all cores): %.0f%% idle, %.0f%% stolen by the "
        "hypervisor for other guests%s\n",
        host.idle, host.stolen,
        host.stolen >= 3.0 ? " (a busy host: these frame times are slower than this machine's own)" : "");
  if (map) {
    const double idle = median(idleTimes);
    const double busy = sorted[sorted.size() / 2];
    std::printf("idle median frame time: %.2f ms over %zu frames\n", idle, idleTimes.size());
    std::printf(
        "while a %dx%d basin map (adam lr=0.05, %lld steps) computes with 1 of 2 workers active: median "
        "%.2f ms over %zu frames, %.2fx idle (goal: at most 2x); %lld map pixels computed meanwhile, %d "
        "whole maps\n",
        mapRequest.width, mapRequest.height, static_cast<long long>(mapRequest.settings.steps), busy,
        times.size(), idle > 0.0 ? busy / idle : 0.0, static_cast<long long>(background.pixels),
        background.finished);
    const auto list = [](const std::vector<double>& values) {
      std::string text;
      for (const double v : values) {
        if (!text.empty()) text += ' ';
        text += std::to_string(static_cast<int>(std::lround(v)));
      }
      return text;
    };
    if (!latency.full.empty())
      std::printf(
          "Maps panel, a %dx%d basin map after a change of settings (runs paused, views still, all workers): "
          "first coarse "
          "level on screen in median %.0f ms (%s; goal: 100 ms), full resolution in median %.0f ms (%s; "
          "goal: "
          "1000 ms)\n",
          model.maps.size, model.maps.size, median(latency.coarse), list(latency.coarse).c_str(),
          median(latency.full), list(latency.full).c_str());
  }
  std::printf("median frame time: %.2f ms\n", sorted[sorted.size() / 2]);
  return 0;
}

}  // namespace

int runBenchCommand(const std::vector<std::string>& args) {
  CLI::App app{"", "gradscape bench"};
  cli::configureApp(app);
  app.description(
      "A fixed heavy scene (3D and 2D side by side, 16 runs of 10,000 steps, every arrow, contours, panels) "
      "in\n"
      "a real window with vsync off and glFinish per frame. Prints per-frame statistics and, last,\n"
      "\"median frame time: X ms\". Needs a display (or xvfb-run).");
  cli::addValueOption(app, "--frames", "N", "frames measured, 1 to 100000 (default 120)");
  cli::addValueOption(app, "--size", "WxH", "window size, 64x64 to 16384x16384 (default 1920x1080)");
  cli::addFlag(app, "--pan", "also pan the 2D view every frame (the heatmap is evaluated every frame)");
  cli::addFlag(app, "--no-panels", "hide the panels");
  cli::addValueOption(app, "--msaa", "N", "multisampling of the 3D view: 0 (the default), 2, 4 or 8 samples");
  cli::addValueOption(app, "--map-changes", "N",
                      "with --map: how many settings changes of the Maps panel's map are timed, 0 to 100 "
                      "(default 5; 0: none)");
  cli::addFlag(app, "--map",
               "N idle frames, then N frames while a 256x256 basin map computes in the background with one "
               "active worker (restarted when done); prints both medians, the map's last; then times the "
               "Maps panel's map after 5 settings changes (first coarse level, full resolution)");
  cli::addFlag(app, "--explore",
               "16 runs of 2,000 steps with the run legend, one run's lr swept every frame as a dragged "
               "slider does (all 16 paths recomputed from their starts); the 3D camera holds still");
  cli::addFlag(app, "--orbit", "with --explore: orbit the 3D camera every frame as well");
  if (const auto status = cli::parseArguments(app, args, std::cout, std::cerr, "gradscape bench",
                                              [&app](std::ostream& out) { out << app.help(); }))
    return *status;
  BenchOptions bench;
  auto& [frames, width, height, pan, panels, explore, map, orbit, msaaSamples, mapChanges] = bench;
  const auto error = cli::applyInOrder(
      app, [&](const std::string& name, const std::string& value) -> std::optional<std::string> {
        long long number = 0;
        if (name == "--frames") {
          if (!cli::parseWhole(value, 1, 100000, number)) return "--frames needs a count from 1 to 100000";
          frames = static_cast<int>(number);
        } else if (name == "--size") {
          if (!cli::parseSize(value, 64, 16384, width, height))
            return "--size needs WxH between 64x64 and 16384x16384, e.g. 1920x1080";
        } else if (name == "--msaa") {
          if (!cli::parseWhole(value, 0, 8, number) ||
              (number != 0 && number != 2 && number != 4 && number != 8))
            return "--msaa needs 0, 2, 4 or 8";
          msaaSamples = static_cast<int>(number);
        } else if (name == "--pan") {
          pan = true;
        } else if (name == "--no-panels") {
          panels = false;
        } else if (name == "--explore") {
          explore = true;
        } else if (name == "--map") {
          map = true;
        } else if (name == "--map-changes") {
          if (!cli::parseWhole(value, 0, 100, number)) return "--map-changes needs a count from 0 to 100";
          mapChanges = static_cast<int>(number);
        } else if (name == "--orbit") {
          orbit = true;
        } else {
          return "unknown option '" + name + "'";
        }
        return std::nullopt;
      });
  if (error) {
    std::cerr << "gradscape bench: " << *error << '\n';
    return 2;
  }
  if (orbit && !explore) {
    std::cerr << "gradscape bench: --orbit goes with --explore (the other modes always orbit)\n";
    return 2;
  }
  return runBench(bench);
}

}  // namespace gs
