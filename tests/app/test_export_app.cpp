// The export panel end to end in a running app: real Controller frames (panels, scene, ImGui) in a GLFW
// window, as the app's main loop draws them, with each export triggered through the command the
// panel's button issues into ui.exportState. Files are read back with independent decoders (stb_image,
// giflib's DGifSlurp, the JSON reader, the CSV importer). Needs a display: the test script runs ctest
// under xvfb-run; without one the tests skip, saying why. Under $GRADSCAPE_SHOTS the window is saved
// at the moments worth looking at (saving, saved, failed).
#include <gtest/gtest.h>
#include <imgui_internal.h>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <sstream>

#include "cli/map.hpp"
#include "cli/map_png.hpp"
#include "controller.hpp"
#include "core/io/json.hpp"
#include "core/io/trajectory.hpp"
#include "core/maps/map.hpp"
#include "gif_decode.hpp"
#include "gl/offscreen.hpp"
#include "gl/window.hpp"
#include "model.hpp"
#include "test_window.hpp"
#include "ui/maps_panel.hpp"
#include "ui/panels.hpp"
#include "ui/presentation.hpp"
#include "ui/style.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

struct Png {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;
};

Png loadPng(const std::string& file) {
  Png png;
  int channels = 0;
  stbi_uc* pixels = stbi_load(file.c_str(), &png.width, &png.height, &channels, 4);
  if (!pixels) {
    ADD_FAILURE() << "stb_image cannot read " << file;
    return {};
  }
  png.rgba.assign(pixels, pixels + static_cast<std::size_t>(png.width) * png.height * 4);
  stbi_image_free(pixels);
  return png;
}

// Distinct RGB colours in the rectangle [x0, x1) x [y0, y1).
std::size_t distinctColours(const Png& png, int x0, int y0, int x1, int y1) {
  std::set<std::uint32_t> colours;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const std::uint8_t* p = &png.rgba[(static_cast<std::size_t>(y) * png.width + x) * 4];
      colours.insert(static_cast<std::uint32_t>(p[0] << 16 | p[1] << 8 | p[2]));
    }
  return colours.size();
}

class ExportApp : public ::testing::Test {
 protected:
  static constexpr int kWidth = 1600, kHeight = 900;  // the default window: every panel has room

  void SetUp() override {
    dir_ = fs::temp_directory_path() / (std::string("gradscape_export_app_") +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    window_ = openTestWindow(kWidth, kHeight);
    ASSERT_NE(window_, nullptr);
    model_ = makeDefaultModel();
    model_.playback.playing = false;  // steps happen only where a test takes them
    frame_ = std::make_unique<Controller>(*window_, model_, ui_, true);
    for (int i = 0; i < 2; ++i) draw();  // lays out the panels and frames the view
  }
  void TearDown() override {
    frame_.reset();  // before the window: it holds GL objects
    window_.reset();
    fs::remove_all(dir_);
  }

  // One frame as the app's main loop draws it; saved as a PNG named `shot` under $GRADSCAPE_SHOTS.
  void draw(const char* shot = nullptr) {
    ASSERT_TRUE(frame_->draw(1.0 / 60.0));
    if (const char* shots = std::getenv("GRADSCAPE_SHOTS"); shots && shot) {
      int width = 0, height = 0;
      window_->framebufferSize(width, height);
      glReadBuffer(GL_BACK);
      EXPECT_TRUE(saveFramebufferPng(std::string(shots) + "/" + shot + ".png", 0, 0, width, height));
    }
    glfwSwapBuffers(window_->handle());
    glfwPollEvents();
  }
  // Draws until the recording has stopped; returns the frames drawn.
  int drawWhileRecording() {
    int frames = 0;
    for (; ui_.exportState.status.recording && frames < 1000; ++frames) draw();
    EXPECT_FALSE(ui_.exportState.status.recording);
    return frames;
  }
  // Draws until the GIF save (on its worker) has finished; returns the frames drawn meanwhile.
  int drawWhileSaving(const char* shot = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    int frames = 0;
    for (; ui_.exportState.status.saving && std::chrono::steady_clock::now() < deadline; ++frames)
      draw(frames == 0 ? shot : nullptr);
    EXPECT_FALSE(ui_.exportState.status.saving) << "the GIF save did not finish in two minutes";
    return frames;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  // An export button pressed as the panel presses it: its path field set to `file` in the test's folder,
  // its command issued, then one frame.
  void press(std::string& pathField, ExportCommand command, const std::string& file) {
    pathField = path(file);
    ui_.exportState.issue(command);
    draw();
  }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename().string());
    return names;
  }

  fs::path dir_;
  std::unique_ptr<Window> window_;
  Model model_ = makeDefaultModel();
  UiState ui_;
  std::unique_ptr<Controller> frame_;
};

TEST_F(ExportApp, PlotPngHasThePlotAreasSizeAndShowsTheScene) {
  model_.runner.step(40);
  ExportState& state = ui_.exportState;
  press(state.plotPngPath, ExportCommand::PlotPng, "plot.png");
  ASSERT_FALSE(state.messageIsError) << state.message;
  EXPECT_NE(state.message.find("plot.png"), std::string::npos) << state.message;
  EXPECT_TRUE(state.commands.empty());
  const PixelRect area = frame_->plotArea();
  ASSERT_GT(area.width, 100);
  const Png plot = loadPng(path("plot.png"));
  EXPECT_EQ(plot.width, area.width);
  EXPECT_EQ(plot.height, area.height);
  // A heatmap's gradients, contour lines, paths and text: far from a blank or single-colour image.
  EXPECT_GT(distinctColours(plot, 0, 0, plot.width, plot.height), 500u);

  // The legend and step counter are burnt in only when their boxes are ticked.
  state.legend = state.stepCounter = false;
  press(state.plotPngPath, ExportCommand::PlotPng, "plain.png");
  ASSERT_FALSE(state.messageIsError) << state.message;
  const Png plain = loadPng(path("plain.png"));
  ASSERT_EQ(plain.rgba.size(), plot.rgba.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < plot.rgba.size(); i += 4)
    differing += std::equal(&plot.rgba[i], &plot.rgba[i] + 3, &plain.rgba[i]) ? 0 : 1;
  const std::size_t pixels = plot.rgba.size() / 4;
  EXPECT_GT(differing, 300u);        // the legend's text and swatches, the step counter
  EXPECT_LT(differing, pixels / 4);  // and nothing else: the scene is the same
}

// A --screenshot ignores the pointer: under Xvfb it rests at the screen's centre, over the views, and a
// basin map's hover plate or a panel's tooltip showed in the picture. The app itself still follows it.
TEST_F(ExportApp, PresentationModeOnATallWindowIsDrawnAsOnA1080pOneScaledUp) {
  togglePresentation(ui_);
  draw();
  EXPECT_EQ(ui_.drawnScale, 1.0f);  // 900 pixels tall: the user's scale
  EXPECT_EQ(ImGui::GetFontSize(), fontPixelSize(1.0f, true));
  // As a 3840x2160 projector at a content scale of 1: the slide a 1920x1080 one shows, twice as large.
  window_->resize(kWidth, 2160);
  for (int i = 0; i < 4; ++i) draw();
  int width = 0, height = 0;
  window_->windowSize(width, height);
  ASSERT_EQ(height, 2160) << "the X server did not give the window its new size";
  EXPECT_EQ(ui_.drawnScale, 2.0f);
  EXPECT_EQ(ImGui::GetFontSize(), fontPixelSize(2.0f, true));
  EXPECT_EQ(ui_.uiScale, 1.0f) << "the user's setting is unchanged";
  togglePresentation(ui_);  // the window's own mode keeps the user's scale at any size
  draw();
  draw();
  EXPECT_EQ(ui_.drawnScale, 1.0f);
  EXPECT_EQ(ImGui::GetFontSize(), fontPixelSize(1.0f, false));
}

TEST_F(ExportApp, AScreenshotIgnoresThePointerOverTheWindow) {
  const PixelRect area = frame_->plotArea();
  // ImGui is shown the pointer while it is over the window, which a test's window beside it on the same X
  // server (ctest -j) can cover: the window is raised and given the focus, a few times if need be.
  for (int attempt = 0; attempt < 20; ++attempt) {
    glfwFocusWindow(window_->handle());
    window_->warpCursor(area.x + area.width / 2.0, area.y + area.height / 2.0);
    draw();
    if (ImGui::GetIO().MousePos.x == static_cast<float>(area.x + area.width / 2.0)) break;
  }
  ASSERT_EQ(ImGui::GetIO().MousePos.x, static_cast<float>(area.x + area.width / 2.0));
  ui_.ignorePointer = true;
  draw();
  EXPECT_FALSE(ImGui::IsMousePosValid());
  EXPECT_FALSE(ImGui::IsWindowHovered(ImGuiHoveredFlags_AnyWindow));
}

TEST_F(ExportApp, WindowPngHasTheFramebuffersSizeWithPanels) {
  ExportState& state = ui_.exportState;
  press(state.windowPngPath, ExportCommand::WindowPng, "window.png");
  ASSERT_FALSE(state.messageIsError) << state.message;
  int width = 0, height = 0;
  window_->framebufferSize(width, height);
  const Png window = loadPng(path("window.png"));
  EXPECT_EQ(window.width, width);
  EXPECT_EQ(window.height, height);
  // The left sidebar's panels (text, sliders) as well as the plot area.
  const PixelRect area = frame_->plotArea();
  ASSERT_GT(area.x, 50);
  EXPECT_GT(distinctColours(window, 0, 0, area.x, window.height), 20u);
  EXPECT_GT(distinctColours(window, area.x, area.y, area.x + area.width, area.y + area.height), 500u);
}

// The plots' curves are stroked on another thread and drawn as pictures: in the window as the app draws
// it, each plot shows the runs' colours, and a changed learning rate changes the curves in that frame.
TEST_F(ExportApp, PlotsShowTheRunsCurvesAndFollowAnEditInTheSameFrame) {
  model_.runner.step(200);
  draw();
  const ImGuiWindow* plots = ImGui::FindWindowByName("Plots");
  ASSERT_NE(plots, nullptr);
  const ImRect rect = plots->Rect();
  const auto pixelsOfRunColours = [&](const Png& png) {
    std::vector<std::size_t> counts(model_.runner.size(), 0);
    for (int y = static_cast<int>(rect.Min.y); y < static_cast<int>(rect.Max.y); ++y)
      for (int x = static_cast<int>(rect.Min.x); x < static_cast<int>(rect.Max.x); ++x) {
        const std::uint8_t* p = &png.rgba[(static_cast<std::size_t>(y) * png.width + x) * 4];
        for (std::size_t r = 0; r < model_.runner.size(); ++r) {
          const Color& c = model_.runner.run(r).look().color;
          int worst = 0;
          for (int k = 0; k < 3; ++k)
            worst = std::max(worst, std::abs(int(p[k]) - int(std::lround(c[k] * 255.0f))));
          if (worst <= 3) ++counts[r];
        }
      }
    return counts;
  };
  const auto differingPixels = [&](const Png& a, const Png& b) {
    std::size_t differing = 0;
    for (int y = static_cast<int>(rect.Min.y); y < static_cast<int>(rect.Max.y); ++y)
      for (int x = static_cast<int>(rect.Min.x); x < static_cast<int>(rect.Max.x); ++x) {
        const std::size_t i = (static_cast<std::size_t>(y) * a.width + x) * 4;
        differing += std::equal(&a.rgba[i], &a.rgba[i] + 3, &b.rgba[i]) ? 0 : 1;
      }
    return differing;
  };
  ExportState& state = ui_.exportState;
  press(state.windowPngPath, ExportCommand::WindowPng, "before.png");
  ASSERT_FALSE(state.messageIsError) << state.message;
  const Png before = loadPng(path("before.png"));
  const std::vector<std::size_t> counts = pixelsOfRunColours(before);
  // The last run is drawn over the others: its line shows in full in all three plots (200 steps each).
  ASSERT_FALSE(counts.empty());
  EXPECT_GT(counts.back(), 300u);
  std::size_t runsSeen = 0;
  for (const std::size_t count : counts) runsSeen += count > 20 ? 1 : 0;
  EXPECT_GE(runsSeen, counts.size() - 1) << "a run may hide under another one, not more";

  // The last run's lr ten times smaller: its curves change in the frame that shows the edit.
  RunSettings settings = model_.runner.run(model_.runner.size() - 1).settings();
  for (std::size_t i = 0; i < settings.params.size(); ++i)
    if (model_.runner.run(model_.runner.size() - 1).optimizer().params()[i].name == "lr")
      settings.params[i] *= 0.1;
  editRun(model_, model_.runner.size() - 1, settings);
  press(state.windowPngPath, ExportCommand::WindowPng, "after.png");
  const Png after = loadPng(path("after.png"));
  ASSERT_EQ(after.rgba.size(), before.rgba.size());
  EXPECT_GT(differingPixels(before, after), 300u);
  EXPECT_GT(pixelsOfRunColours(after).back(), 300u);
  // That frame already showed the new curves whole: the next frame, with nothing changed, is the same.
  press(state.windowPngPath, ExportCommand::WindowPng, "settled.png");
  const Png settled = loadPng(path("settled.png"));
  ASSERT_EQ(settled.rgba.size(), after.rgba.size());
  EXPECT_EQ(differingPixels(after, settled), 0u);
}

// Where the window keeps its back buffer through a swap (llvmpipe: Window::keepsBackBuffer), a frame is
// drawn over the last one, not over a cleared window: after each change below, frames are drawn over one
// another until three in a row are the same (ImGui takes a few frames to settle a panel whose content
// changed, and the presentation mode's windows), and the last must equal the same frame drawn over a cleared
// window: nothing the change moved, hid or uncovered is left behind. (Where the back buffer is not kept,
// every frame starts from a cleared window and the comparison holds trivially.)
TEST_F(ExportApp, AFrameDrawnOverTheLastOneEqualsTheFrameDrawnFromScratch) {
  int width = 0, height = 0;
  const auto window = [&] {
    window_->framebufferSize(width, height);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    return gl::readPixelsTopDown(0, 0, width, height);
  };
  const std::size_t last = model_.runner.size() - 1;
  const std::pair<const char*, std::function<void()>> changes[] = {
      {"nothing", [] {}},
      {"30 steps", [&] { model_.runner.step(30); }},
      {"nothing after steps", [] {}},
      {"an lr edit",
       [&] {
         RunSettings settings = model_.runner.run(last).settings();
         for (std::size_t i = 0; i < settings.params.size(); ++i)
           if (model_.runner.run(last).optimizer().params()[i].name == "lr") settings.params[i] *= 0.5;
         editRun(model_, last, settings);
       }},
      {"the 2D view only", [&] { model_.display.mode = ViewMode::Heatmap2D; }},
      {"nothing in 2D", [] {}},
      {"panels hidden", [&] { ui_.panelsVisible = false; }},
      {"panels shown", [&] { ui_.panelsVisible = true; }},
      {"side by side", [&] { model_.display.mode = ViewMode::SideBySide; }},
      {"presentation mode", [&] { togglePresentation(ui_); }},
      {"presentation mode left", [&] { togglePresentation(ui_); }},
      // As the app does at start-up when the window does not fit the monitor (fitToMonitor): the X server
      // resizes the window and Mesa may give it a new back buffer a frame after GLFW reports the new size.
      {"the window made smaller", [&] { window_->resize(kWidth - 384, kHeight - 216); }},
      {"nothing at the smaller size", [] {}},
      {"the window made its size again", [&] { window_->resize(kWidth, kHeight); }},
  };
  for (const auto& [name, change] : changes) {
    draw();
    change();
    std::vector<std::uint8_t> over;
    for (int frames = 0, unchanged = 0; frames < 20 && unchanged < 2; ++frames) {
      ASSERT_TRUE(frame_->draw(1.0 / 60.0));
      std::vector<std::uint8_t> now = window();
      glfwSwapBuffers(window_->handle());
      glfwPollEvents();
      unchanged = now == over ? unchanged + 1 : 0;
      over = std::move(now);
    }
    frame_->forgetWindow();
    ASSERT_TRUE(frame_->draw(1.0 / 60.0));
    const std::vector<std::uint8_t> scratch = window();
    ASSERT_EQ(over.size(), scratch.size());
    const PixelDifference difference = comparePixels(over, scratch, 2);
    EXPECT_EQ(difference.differing, 0u) << name << ": worst difference " << difference.worst;
    if (difference.differing > 0 && std::getenv("GRADSCAPE_SHOTS")) {
      const std::string base = std::string(std::getenv("GRADSCAPE_SHOTS")) + "/" + name;
      stbi_write_png((base + "-over.png").c_str(), width, height, 4, over.data(), width * 4);
      stbi_write_png((base + "-scratch.png").c_str(), width, height, 4, scratch.data(), width * 4);
    }
    glfwSwapBuffers(window_->handle());
    glfwPollEvents();
  }
}

// Mesa gives a resized window a new, empty back buffer when it next validates the drawable, which can be a
// frame after GLFW reports the new size (a window shrunk to fit the monitor at start-up kept black panels
// that way). Emulated here: a frame at the new size, then the back buffer painted magenta behind the
// controller's back; the next frame must still cover all of it.
TEST_F(ExportApp, TheFrameAfterAResizeCoversABackBufferReplacedBehindItsBack) {
  window_->resize(kWidth - 384, kHeight - 216);
  int width = 0, height = 0;
  for (int tries = 0; tries < 100 && width != kWidth - 384; ++tries) {
    glfwWaitEventsTimeout(0.01);
    window_->framebufferSize(width, height);
  }
  ASSERT_EQ(width, kWidth - 384) << "the X server did not resize the window";
  draw();  // the first frame at the new size
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width, height);
  glClearColor(1.0f, 0.0f, 1.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ASSERT_TRUE(frame_->draw(1.0 / 60.0));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  const std::vector<std::uint8_t> pixels = gl::readPixelsTopDown(0, 0, width, height);
  std::size_t magenta = 0;
  for (std::size_t i = 0; i + 3 < pixels.size(); i += 4)
    magenta += pixels[i] == 255 && pixels[i + 1] == 0 && pixels[i + 2] == 255 ? 1 : 0;
  EXPECT_EQ(magenta, 0u) << "pixels of the replaced back buffer still show";
}

TEST_F(ExportApp, RecordNextNStepsSavesNPlusOneFramesInTheBackground) {
  ExportState& state = ui_.exportState;
  state.gifPath = path("race.gif");
  state.recordSteps = true;
  state.gifSteps = 12;
  state.customSize = true;
  state.gifWidth = 320;
  state.gifHeight = 200;
  state.gifFps = 25.0f;  // 4 hundredths of a second a frame
  const std::int64_t startStep = model_.runner.currentStep();
  state.issue(ExportCommand::StartGif);
  draw();
  ASSERT_TRUE(state.status.recording) << state.message;
  EXPECT_FALSE(state.messageIsError) << state.message;
  drawWhileRecording();
  EXPECT_EQ(model_.runner.currentStep(), startStep + 12);  // one step a frame, stopping after N
  // The frame that ended the recording handed the frames to the worker and returned.
  ASSERT_TRUE(state.status.saving) << state.message;
  EXPECT_EQ(state.status.framesRecorded, 13);
  EXPECT_EQ(state.status.savingPath, path("race.gif"));
  EXPECT_GE(drawWhileSaving("export_panel_saving"), 1);  // the window kept drawing meanwhile
  draw("export_panel_saved");
  ASSERT_FALSE(state.messageIsError) << state.message;
  EXPECT_NE(state.message.find(path("race.gif")), std::string::npos) << state.message;
  EXPECT_NE(state.message.find("13 frames, 320x200"), std::string::npos) << state.message;
  EXPECT_FALSE(state.status.unsavedRecording);
  EXPECT_EQ(files(), std::vector<std::string>{"race.gif"});  // no temporary left

  const DecodedGif gif = decodeGif(path("race.gif"));
  EXPECT_EQ(gif.width, 320);
  EXPECT_EQ(gif.height, 200);
  EXPECT_EQ(gif.frames, 13);
  for (int delay : gif.delays) EXPECT_EQ(delay, 4);

  // Playback is the user's again: a step a frame no longer.
  const std::int64_t after = model_.runner.currentStep();
  draw();
  EXPECT_EQ(model_.runner.currentStep(), after);
}

TEST_F(ExportApp, FileNamesGoToTheChosenFolderAndTheStatusSaysTheFullPath) {
  fs::create_directories(dir_ / "figures");
  ExportState& state = ui_.exportState;
  state.folder = path("figures");
  state.csvPath = "paths.csv";  // relative: inside the folder
  state.issue(ExportCommand::Csv);
  state.plotPngPath = path("elsewhere.png");  // absolute: as it is
  state.issue(ExportCommand::PlotPng);
  draw();
  ASSERT_FALSE(state.messageIsError) << state.message;
  EXPECT_TRUE(fs::exists(dir_ / "figures" / "paths.csv"));
  EXPECT_TRUE(fs::exists(dir_ / "elsewhere.png"));
  EXPECT_EQ(state.message, "Wrote " + path("elsewhere.png"));
  state.issue(ExportCommand::Csv);
  draw();
  EXPECT_EQ(state.message,
            "Wrote " + (fs::absolute(dir_) / "figures" / "paths.csv").lexically_normal().string());
}

TEST_F(ExportApp, CsvAndJsonHoldEveryRunsPathAndLoss) {
  model_.runner.step(30);
  ExportState& state = ui_.exportState;
  press(state.csvPath, ExportCommand::Csv, "paths.csv");
  ASSERT_FALSE(state.messageIsError) << state.message;
  press(state.jsonPath, ExportCommand::Json, "paths.json");
  ASSERT_FALSE(state.messageIsError) << state.message;
  EXPECT_TRUE(state.commands.empty());

  const Runner& runner = model_.runner;
  ASSERT_GE(runner.size(), 2u);
  auto csv = importTrajectoryCsv(path("paths.csv"));
  ASSERT_TRUE(std::holds_alternative<std::vector<ImportedPath>>(csv)) << std::get<std::string>(csv);
  const auto& paths = std::get<std::vector<ImportedPath>>(csv);
  ASSERT_EQ(paths.size(), runner.size());
  for (std::size_t i = 0; i < runner.size(); ++i) {
    const gs::Run& run = runner.run(i);
    ASSERT_EQ(paths[i].points.size(), run.path().size()) << i;
    ASSERT_EQ(paths[i].losses.size(), run.losses().size()) << i;
    EXPECT_DOUBLE_EQ(paths[i].points.back().x, run.path().back().x);
    EXPECT_DOUBLE_EQ(paths[i].points.back().y, run.path().back().y);
    EXPECT_DOUBLE_EQ(paths[i].losses.back(), run.losses().back());
  }

  std::ifstream in(path("paths.json"));
  std::stringstream text;
  text << in.rdbuf();
  auto json = Json::parse(text.str());
  ASSERT_TRUE(std::holds_alternative<Json>(json)) << std::get<std::string>(json);
  const Json* runs = std::get<Json>(json).find("runs");
  ASSERT_TRUE(runs && runs->isArray());
  ASSERT_EQ(runs->asArray().size(), runner.size());
  for (std::size_t i = 0; i < runner.size(); ++i) {
    const Json* points = runs->asArray()[i].find("path");
    ASSERT_TRUE(points && points->isArray());
    ASSERT_EQ(points->asArray().size(), runner.run(i).path().size());
    const Json::Array& last = points->asArray().back().asArray();  // [step, x, y, loss]
    ASSERT_EQ(last.size(), 4u);
    EXPECT_EQ(last[0].asNumber(), 30.0);
    EXPECT_DOUBLE_EQ(last[3].asNumber(), runner.run(i).losses().back());
  }
}

// The Maps panel's basin map in the running app: computed as its settings say, laid over the 2D view (a
// click there snaps to the pixel's start), and exported through the exporter as `gradscape map` writes it.
TEST_F(ExportApp, BasinMapIsShownOverTheViewAndExportedAsTheCommandLineWritesIt) {
  model_.maps.shown = true;
  model_.maps.size = 24;
  model_.maps.steps = 30;
  ui_.panelOpen[kMapsPanel] = true;
  ui_.mapsWait = true;  // as screenshots: the map is finished in the frame it starts
  draw();
  draw("maps_basin");
  auto built = mapRequestFor(model_);
  ASSERT_TRUE(std::holds_alternative<MapRequest>(built)) << std::get<std::string>(built);
  const MapRequest& request = std::get<MapRequest>(built);
  ASSERT_NE(shownMap(ui_), nullptr);
  ASSERT_TRUE(shownMap(ui_)->complete);
  // A click anywhere in a pixel's cell restarts the runs at that pixel's start.
  const Domain& range = request.range;
  const Vec2 cellCorner = basinStart(request, 5, 7) +
                          Vec2{0.4 * (range.xMax - range.xMin) / 24, -0.4 * (range.yMax - range.yMin) / 24};
  const Vec2 snapped = snapToMapPixel(ui_, cellCorner);
  EXPECT_EQ(snapped.x, basinStart(request, 5, 7).x);
  EXPECT_EQ(snapped.y, basinStart(request, 5, 7).y);

  ExportState& state = ui_.exportState;
  state.map = std::make_shared<const MapExport>(MapExport{request, *shownMap(ui_)});
  press(state.mapCsvPath, ExportCommand::MapCsv, "map.csv");
  ASSERT_FALSE(state.messageIsError) << state.message;
  press(state.mapPngPath, ExportCommand::MapPng, "map.png");
  ASSERT_FALSE(state.messageIsError) << state.message;
  std::ifstream in(path("map.csv"));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), cli::mapCsv(request, computeMap(request)));
  const Png png = loadPng(path("map.png"));
  const cli::MapImage expected = cli::drawMapImage(request, computeMap(request), cli::mapCaption(request));
  EXPECT_EQ(png.width, expected.width);
  EXPECT_EQ(png.height, expected.height);
  EXPECT_EQ(png.rgba, expected.rgba);
  ui_.maps.reset();  // its texture goes while the window's context is current
}

TEST_F(ExportApp, UnwritablePathsAreReportedLeaveNoFileAndTheAppGoesOn) {
  ExportState& state = ui_.exportState;
  const auto expectError = [&](const std::string& path) {
    EXPECT_TRUE(state.messageIsError) << state.message;
    EXPECT_NE(state.message.find(path), std::string::npos) << state.message;
    state.report("", false);
  };
  state.plotPngPath = "/nonexistent/dir/x.png";
  state.issue(ExportCommand::PlotPng);
  draw();
  expectError("/nonexistent/dir/x.png");
  state.windowPngPath = dir_.string();  // an existing folder
  state.issue(ExportCommand::WindowPng);
  draw();
  expectError(dir_.string());
  press(state.csvPath, ExportCommand::Csv, "missing/paths.csv");
  expectError("missing/paths.csv");
  state.jsonPath = dir_.string();
  state.issue(ExportCommand::Json);
  draw();
  expectError(dir_.string());
  // A GIF to a missing folder is refused at Start, before anything is recorded.
  state.gifPath = "/nonexistent/dir/x.gif";
  state.issue(ExportCommand::StartGif);
  draw();
  EXPECT_FALSE(state.status.recording);
  EXPECT_NE(state.message.find("does not exist"), std::string::npos) << state.message;
  draw("export_panel_error");  // the panel shows the message from the frame after
  expectError("/nonexistent/dir/x.gif");
  EXPECT_FALSE(fs::exists("/nonexistent/dir"));
  EXPECT_TRUE(fs::is_empty(dir_));  // no file, no temporary

  // The app goes on: it steps, and the next export works.
  model_.runner.step(5);
  press(state.plotPngPath, ExportCommand::PlotPng, "after.png");
  EXPECT_FALSE(state.messageIsError) << state.message;
  EXPECT_EQ(loadPng(path("after.png")).width, frame_->plotArea().width);
}

TEST_F(ExportApp, AFailedGifSaveKeepsTheRecordingToSaveAgain) {
  ExportState& state = ui_.exportState;
  const fs::path folder = dir_ / "gone";
  fs::create_directories(folder);
  state.gifPath = (folder / "race.gif").string();
  state.gifSteps = 4;
  state.customSize = true;
  state.gifWidth = 96;
  state.gifHeight = 64;
  state.issue(ExportCommand::StartGif);
  draw();
  ASSERT_TRUE(state.status.recording) << state.message;
  fs::remove_all(folder);  // the folder disappears while recording
  drawWhileRecording();
  drawWhileSaving();
  draw("export_panel_save_failed");
  EXPECT_TRUE(state.messageIsError) << state.message;
  EXPECT_NE(state.message.find("race.gif': No such file or directory"), std::string::npos) << state.message;
  ASSERT_TRUE(state.status.unsavedRecording);
  EXPECT_EQ(state.status.framesRecorded, 5);
  EXPECT_TRUE(fs::is_empty(dir_));

  // Save again to a path that is still bad: refused at once, the frames still kept.
  state.issue(ExportCommand::SaveGifAgain);
  draw();
  EXPECT_TRUE(state.messageIsError);
  EXPECT_FALSE(state.status.saving);
  ASSERT_TRUE(state.status.unsavedRecording);
  // A new recording is refused while these frames are neither saved nor discarded.
  state.gifPath = path("other.gif");
  state.issue(ExportCommand::StartGif);
  draw();
  EXPECT_FALSE(state.status.recording);
  EXPECT_TRUE(state.messageIsError);

  state.gifPath = path("saved.gif");
  state.issue(ExportCommand::SaveGifAgain);
  draw();
  drawWhileSaving();
  EXPECT_FALSE(state.messageIsError) << state.message;
  EXPECT_FALSE(state.status.unsavedRecording);
  const DecodedGif gif = decodeGif(path("saved.gif"));
  EXPECT_EQ(gif.frames, 5);
  EXPECT_EQ(gif.width, 96);
  EXPECT_EQ(files(), std::vector<std::string>{"saved.gif"});
}

TEST_F(ExportApp, CancelledOrDiscardedRecordingsLeaveNoFile) {
  ExportState& state = ui_.exportState;
  state.gifPath = path("cancelled.gif");
  state.recordSteps = false;  // until stopped
  state.issue(ExportCommand::StartGif);
  draw();
  for (int i = 0; i < 6; ++i) draw();
  ASSERT_TRUE(state.status.recording);
  EXPECT_EQ(state.status.framesRecorded, 7);
  state.issue(ExportCommand::StopGif);
  draw();  // this frame's step is recorded too, then the recording stops
  ASSERT_FALSE(state.status.recording);
  ASSERT_TRUE(state.status.saving);
  const int frames = state.status.framesRecorded;
  EXPECT_EQ(frames, 8);
  state.issue(ExportCommand::CancelGifSave);
  drawWhileSaving();
  // The cancel may come after the last frame was written: then the file is whole; else there is none,
  // and the recording is kept.
  if (state.status.unsavedRecording) {
    EXPECT_TRUE(fs::is_empty(dir_));
    EXPECT_FALSE(state.messageIsError) << state.message;  // the user's choice, not a failure
    EXPECT_NE(state.message.find("cancelled"), std::string::npos) << state.message;
    state.issue(ExportCommand::DiscardGif);
    draw();
    EXPECT_FALSE(state.status.unsavedRecording);
    EXPECT_TRUE(fs::is_empty(dir_));
  } else {
    EXPECT_EQ(decodeGif(path("cancelled.gif")).frames, frames);
  }
  // Recording works again afterwards.
  state.gifPath = path("next.gif");
  state.recordSteps = true;
  state.gifSteps = 2;
  state.issue(ExportCommand::StartGif);
  draw();
  EXPECT_TRUE(state.status.recording) << state.message;
}

TEST_F(ExportApp, QuittingWhileAGifIsSavedLeavesNoPartialFile) {
  ExportState& state = ui_.exportState;
  state.gifPath = path("quit.gif");
  state.gifSteps = 40;  // at the plot area's size: long enough to be still saving
  state.issue(ExportCommand::StartGif);
  draw();
  drawWhileRecording();
  ASSERT_TRUE(state.status.saving);
  frame_.reset();  // what the app does on exit: the save is cancelled and its worker joined
  const std::vector<std::string> left = files();
  if (!left.empty()) {  // the worker may have finished first: then the file is whole
    EXPECT_EQ(left, std::vector<std::string>{"quit.gif"});
    EXPECT_EQ(decodeGif(path("quit.gif")).frames, 41);
  }
}

}  // namespace
}  // namespace gs
