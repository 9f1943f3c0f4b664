// The export panel's logic: GIF recorder frame accounting, CSV import as overlays, and refusals that
// leave no file behind; plus a render of an imported path and the export notes (EGL headless).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <variant>
#include <vector>

#include "core/io/trajectory.hpp"
#include "export/recorder.hpp"
#include "model.hpp"
#include "test_render_fixture.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

fs::path scratchDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gradscape_export_ui_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::uint8_t> solidFrame(int width, int height, std::uint8_t shade) {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height * 4, shade);
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  return pixels;
}

TEST(ExportRecorder, NextNStepsGivesNPlusOneFrames) {
  auto started = Recorder::start(16, 12, 20.0, 5, 10);
  ASSERT_TRUE(std::holds_alternative<Recorder>(started));
  Recorder& recorder = std::get<Recorder>(started);
  std::int64_t step = 5;
  int frames = 0;
  while (!recorder.complete() && frames < 100) {
    ASSERT_TRUE(recorder.wantsFrame(step));
    ASSERT_FALSE(recorder.addFrame(step, solidFrame(16, 12, static_cast<std::uint8_t>(step))));
    EXPECT_FALSE(recorder.wantsFrame(step));  // one frame per step, however many app frames pass
    ++frames;
    ++step;
  }
  EXPECT_EQ(recorder.frameCount(), 11u);
  EXPECT_FLOAT_EQ(recorder.progress(), 1.0f);
  const fs::path dir = scratchDir("recorder");
  ASSERT_FALSE(recorder.finish((dir / "out.gif").string()));
  EXPECT_GT(fs::file_size(dir / "out.gif"), 0u);
  fs::remove_all(dir);
}

TEST(ExportRecorder, RefusesBadSizesAndSteps) {
  EXPECT_TRUE(std::holds_alternative<std::string>(Recorder::start(0, 10, 20.0, 0, 5)));
  EXPECT_TRUE(std::holds_alternative<std::string>(Recorder::start(100000, 10, 20.0, 0, 5)));
  EXPECT_TRUE(std::holds_alternative<std::string>(Recorder::start(10, 10, 0.0, 0, 5)));
  EXPECT_TRUE(std::holds_alternative<std::string>(Recorder::start(10, 10, 20.0, 0, -1)));
}

TEST(ExportRecorder, UntilStoppedNeverCompletes) {
  auto started = Recorder::start(8, 8, 10.0, 0, 0);
  ASSERT_TRUE(std::holds_alternative<Recorder>(started));
  Recorder& recorder = std::get<Recorder>(started);
  for (int step = 0; step < 5; ++step) ASSERT_FALSE(recorder.addFrame(step, solidFrame(8, 8, 40)));
  EXPECT_FALSE(recorder.complete());
  EXPECT_EQ(recorder.frameCount(), 5u);
}

TEST(ExportImport, CsvWrittenByTrajectoryIoBecomesOverlays) {
  Model source = makeDefaultModel();
  source.runner.step(25);
  const fs::path dir = scratchDir("import");
  const std::string csv = (dir / "paths.csv").string();
  ASSERT_FALSE(exportTrajectories(csv, source.runner, TrajectoryFormat::Csv));

  Model model = makeDefaultModel();
  auto added = importPathsCsv(model, csv);
  ASSERT_TRUE(std::holds_alternative<std::size_t>(added)) << std::get<std::string>(added);
  ASSERT_EQ(std::get<std::size_t>(added), source.runner.size());
  ASSERT_EQ(model.importedPaths.size(), source.runner.size());
  for (std::size_t i = 0; i < source.runner.size(); ++i) {
    const auto& path = source.runner.run(i).path();
    const ImportedOverlay& overlay = model.importedPaths[i];
    ASSERT_EQ(overlay.points.size(), path.size());
    for (std::size_t k = 0; k < path.size(); ++k) {
      EXPECT_DOUBLE_EQ(overlay.points[k].x, path[k].x);
      EXPECT_DOUBLE_EQ(overlay.points[k].y, path[k].y);
    }
  }
  fs::remove_all(dir);
}

TEST(ExportImport, BadCsvNamesTheLineAndChangesNothing) {
  const fs::path dir = scratchDir("badimport");
  const fs::path file = dir / "bad.csv";
  std::ofstream(file) << "optimizer,step,x,y,loss\nsgd,0,1,2,3\nsgd,1,abc,2,3\n";
  Model model = makeDefaultModel();
  auto added = importPathsCsv(model, file.string());
  ASSERT_TRUE(std::holds_alternative<std::string>(added));
  EXPECT_NE(std::get<std::string>(added).find("line 3"), std::string::npos) << std::get<std::string>(added);
  EXPECT_TRUE(model.importedPaths.empty());
  fs::remove_all(dir);
}

TEST(ExportPanelFiles, UnwritablePathGivesErrorAndNoFile) {
  Model model = makeDefaultModel();
  model.runner.step(3);
  const fs::path dir = scratchDir("unwritable");
  const fs::path missing = dir / "no_such_dir" / "paths.csv";
  const auto error = exportTrajectories(missing.string(), model.runner, TrajectoryFormat::Csv);
  ASSERT_TRUE(error.has_value());
  EXPECT_FALSE(fs::exists(missing));
  auto started = Recorder::start(8, 8, 10.0, 0, 1);
  ASSERT_TRUE(std::holds_alternative<Recorder>(started));
  Recorder& recorder = std::get<Recorder>(started);
  ASSERT_FALSE(recorder.addFrame(0, solidFrame(8, 8, 10)));
  const fs::path gif = dir / "no_such_dir" / "out.gif";
  EXPECT_TRUE(recorder.finish(gif.string()).has_value());
  EXPECT_FALSE(fs::exists(gif));
  EXPECT_TRUE(fs::is_empty(dir));  // no temporary left either
  fs::remove_all(dir);
}

class ExportRenderTest : public testing::RenderTest {};

TEST_F(ExportRenderTest, ImportedPathAndNotesAreDrawn) {
  Model model = makeDefaultModel();
  model.display.mode = ViewMode::Heatmap2D;
  model.view2d = frameDomain(model.runner.surface().domain, kSize, kSize);
  const testing::Image plain = render(model, "export_plain");
  const Domain& d = model.runner.surface().domain;
  ImportedOverlay overlay;
  overlay.label = "imported";
  overlay.color = {1.0f, 0.0f, 1.0f};
  overlay.points = {{d.xMin, d.yMin}, {d.xMax, d.yMax}};
  model.importedPaths.push_back(overlay);
  SceneStyle style = plainStyle();
  style.runLegend = true;
  style.stepCounter = true;
  const testing::Image withOverlay = render(model, "export_overlay", style);
  int differing = 0;
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) differing += plain.at(x, y) != withOverlay.at(x, y) ? 1 : 0;
  EXPECT_GT(differing, 200);

  // A short GIF of real renders through the recorder: N steps, N + 1 frames.
  auto started = Recorder::start(kSize, kSize, 10.0, model.runner.currentStep(), 3);
  ASSERT_TRUE(std::holds_alternative<Recorder>(started));
  Recorder& recorder = std::get<Recorder>(started);
  while (!recorder.complete()) {
    const testing::Image frame = render(model, "export_gif_frame", style);
    ASSERT_FALSE(recorder.addFrame(model.runner.currentStep(), frame.rgba));
    if (!recorder.complete()) model.runner.step(1);
  }
  EXPECT_EQ(recorder.frameCount(), 4u);
  const char* shots = std::getenv("GRADSCAPE_SHOTS");
  const fs::path gif = fs::path(shots ? shots : fs::temp_directory_path().string()) / "export_recording.gif";
  ASSERT_FALSE(recorder.finish(gif.string()));
  EXPECT_GT(fs::file_size(gif), 0u);
  if (!shots) fs::remove(gif);
}

}  // namespace
}  // namespace gs
