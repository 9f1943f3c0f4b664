// Trajectory export (CSV and JSON, the columns `trace` writes) and CSV import of such paths.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/io/json.hpp"
#include "core/io/trajectory.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

RunSpec sgdSpec(const std::string& label, double lr) {
  auto optimizer = Optimizer::create("sgd");
  optimizer->setParam("lr", lr);
  return RunSpec{label, std::move(*optimizer), Schedule{}, 0, 1};
}

// f = x^2 + 2y^2 from (1, 1): gradient (2, 4), so SGD with lr 0.1 goes to (0.8, 0.6), f = 0.64 + 0.72.
Runner twoRuns(const std::string& firstLabel, const std::string& secondLabel, std::int64_t steps) {
  auto surface = makeCustomSurface("x^2 + 2*y^2").surface;
  Runner runner(*surface, {1.0, 1.0});
  runner.addRun(sgdSpec(firstLabel, 0.1));
  runner.addRun(sgdSpec(secondLabel, 0.01));
  runner.step(steps);
  return runner;
}

std::vector<ImportedPath> importOk(const std::string& text) {
  auto result = parseTrajectoryCsv(text);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  return std::holds_alternative<std::string>(result) ? std::vector<ImportedPath>{}
                                                     : std::get<std::vector<ImportedPath>>(result);
}

std::string importError(const std::string& text) {
  auto result = parseTrajectoryCsv(text);
  if (!std::holds_alternative<std::string>(result)) {
    ADD_FAILURE() << "accepted:\n" << text;
    return {};
  }
  return std::get<std::string>(result);
}

TEST(TrajectoryCsv, HasTraceColumnsAndHandDerivedFirstStep) {
  const Runner runner = twoRuns("fast", "slow", 3);
  const std::string csv = trajectoriesToCsv(runner);
  std::istringstream in(csv);
  std::string header, row0, row1;
  std::getline(in, header);
  std::getline(in, row0);
  std::getline(in, row1);
  EXPECT_EQ(header, "optimizer,step,x,y,loss,gradient_norm,step_length,gradient_evaluations");
  EXPECT_EQ(row0.rfind("fast,0,1,1,3,", 0), 0u) << row0;
  // 17 significant digits, as trace prints them.
  EXPECT_EQ(row1.rfind("fast,1,0.80000000000000004,0.59999999999999998,", 0), 0u) << row1;
  const auto paths = importOk(csv);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_DOUBLE_EQ(paths[0].losses[1], 0.64 + 0.72);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 4 + 4);
}

TEST(TrajectoryCsv, ImportGivesBackExactlyThePathsExported) {
  const Runner runner = twoRuns("sgd a", "sgd b", 25);
  const auto paths = importOk(trajectoriesToCsv(runner));
  ASSERT_EQ(paths.size(), 2u);
  for (std::size_t r = 0; r < 2; ++r) {
    const gs::Run& run = runner.run(r);
    EXPECT_EQ(paths[r].name, run.label());
    ASSERT_EQ(paths[r].points.size(), run.path().size());
    for (std::size_t i = 0; i < run.path().size(); ++i) {
      EXPECT_EQ(paths[r].steps[i], static_cast<std::int64_t>(i));
      EXPECT_EQ(paths[r].points[i], run.path()[i]);
      EXPECT_EQ(paths[r].losses[i], run.losses()[i]);
    }
  }
}

TEST(TrajectoryCsv, RepeatedAndAwkwardLabelsStayApart) {
  const Runner same = twoRuns("sgd", "sgd", 2);
  const auto paths = importOk(trajectoriesToCsv(same));
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0].name, "sgd");
  EXPECT_EQ(paths[1].name, "sgd #2");

  const Runner awkward = twoRuns("adam lr=0.1, \"tuned\"", "b", 1);
  const auto quoted = importOk(trajectoriesToCsv(awkward));
  ASSERT_EQ(quoted.size(), 2u);
  EXPECT_EQ(quoted[0].name, "adam lr=0.1, \"tuned\"");
}

TEST(TrajectoryCsv, ImportsPathsLoggedElsewhere) {
  // Columns in another order, an extra column, no loss, CRLF line ends, a blank line, interleaved runs.
  const auto paths = importOk(
      "epoch,y,x,step,optimizer\r\n1,2,1,0,torch_sgd\r\n1,0.5,-1,0,other\r\n\r\n2,1.5,0.75,10,torch_sgd\r\n");
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0].name, "torch_sgd");
  ASSERT_EQ(paths[0].points.size(), 2u);
  EXPECT_EQ(paths[0].points[1], (Vec2{0.75, 1.5}));
  EXPECT_EQ(paths[0].steps[1], 10);
  EXPECT_TRUE(paths[0].losses.empty());
  EXPECT_EQ(paths[1].points[0], (Vec2{-1.0, 0.5}));
}

struct BadCsv {
  const char* text;
  const char* message;
};

class TrajectoryCsvRefuses : public testing::TestWithParam<BadCsv> {};

TEST_P(TrajectoryCsvRefuses, NamingTheLine) { EXPECT_EQ(importError(GetParam().text), GetParam().message); }

INSTANTIATE_TEST_SUITE_P(
    BadRows, TrajectoryCsvRefuses,
    testing::Values(
        BadCsv{"", "the file is empty (expected a header optimizer,step,x,y[,loss])"},
        BadCsv{"optimizer,step,x\na,0,1\n",
               "line 1: the header has no 'y' column (expected optimizer,step,x,y[,loss])"},
        BadCsv{"optimizer,step,x,y,x\n", "line 1: column 'x' appears twice"},
        BadCsv{"optimizer,step,x,y\n", "no rows after the header"},
        BadCsv{"optimizer,step,x,y\na,0,1,2\na,1,abc,2\n", "line 3: x: 'abc' is not a number"},
        BadCsv{"optimizer,step,x,y\na,0,1,nan\n", "line 2: y: 'nan' is not a finite number"},
        BadCsv{"optimizer,step,x,y,loss\na,0,1,2,1e999\n", "line 2: loss: '1e999' is not a number"},
        BadCsv{"optimizer,step,x,y\na,0,1,2\na,0,1,2\n", "line 3: step 0 of 'a' does not come after step 0"},
        BadCsv{"optimizer,step,x,y\na,1.5,1,2\n", "line 2: step: '1.5' is not a step number"},
        BadCsv{"optimizer,step,x,y\na,0,1\n", "line 2: expected at least 4 fields, got 3"},
        BadCsv{"optimizer,step,x,y\n,0,1,2\n", "line 2: optimizer: empty name"},
        BadCsv{"optimizer,step,x,y\n\"a,0,1,2\n", "line 2: unterminated quoted field"},
        // Text from the file reaches a terminal with its control characters escaped.
        BadCsv{"optimizer,step,x,y\na,0,\x1b[2J,2\n", "line 2: x: '\\u001b[2J' is not a number"},
        BadCsv{"optimizer,step,x,y\n\"\x1b]0;title\x07\",0,1,2\n\"\x1b]0;title\x07\",0,1,2\n",
               "line 3: step 0 of '\\u001b]0;title\\u0007' does not come after step 0"}));

// 100 000 names took 19 s when each row's name was compared with every path's: names are hashed now,
// and a file holds at most kMaxImportedPaths of them (each is drawn).
TEST(TrajectoryCsv, ManyNamesAreRefusedAtTheLimitAndManyRowsAreFine) {
  std::string text = "optimizer,step,x,y\n";
  for (int i = 0; i < 100'000; ++i) text += "run" + std::to_string(i) + ",0,1,2\n";
  EXPECT_EQ(importError(text), "line " + std::to_string(kMaxImportedPaths + 2) + ": optimizer: 'run" +
                                   std::to_string(kMaxImportedPaths) + "' would be path " +
                                   std::to_string(kMaxImportedPaths + 1) + "; a file holds at most " +
                                   std::to_string(kMaxImportedPaths));
  std::string rows = "optimizer,step,x,y\n";
  const int steps = 2000;
  for (int step = 0; step < steps; ++step)
    for (std::size_t name = 0; name < kMaxImportedPaths; ++name)
      rows += "r" + std::to_string(name) + "," + std::to_string(step) + ",1,2\n";
  auto parsed = parseTrajectoryCsv(rows);
  ASSERT_TRUE(std::holds_alternative<std::vector<ImportedPath>>(parsed)) << std::get<std::string>(parsed);
  const auto& paths = std::get<std::vector<ImportedPath>>(parsed);
  ASSERT_EQ(paths.size(), kMaxImportedPaths);
  EXPECT_EQ(paths[17].name, "r17");
  EXPECT_EQ(paths[17].steps.size(), static_cast<std::size_t>(steps));
  EXPECT_EQ(paths[17].steps.back(), steps - 1);
}

TEST(TrajectoryJson, IsTheDocumentTraceWrites) {
  const Runner runner = twoRuns("fast", "slow", 4);
  auto parsed = Json::parse(trajectoriesToJson(runner));
  ASSERT_TRUE(std::holds_alternative<Json>(parsed)) << std::get<std::string>(parsed);
  const Json& root = std::get<Json>(parsed);
  EXPECT_EQ(root.find("formula")->asString(), "x^2 + 2*y^2");
  EXPECT_EQ(root.find("steps")->asNumber(), 4.0);
  const auto& runs = root.find("runs")->asArray();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].find("optimizer")->asString(), "sgd");
  EXPECT_EQ(runs[0].find("label")->asString(), "fast");
  EXPECT_EQ(runs[0].find("params")->find("lr")->asNumber(), 0.1);
  EXPECT_TRUE(runs[0].find("params")->find("nesterov")->isBool());
  const auto& path = runs[0].find("path")->asArray();
  ASSERT_EQ(path.size(), 5u);
  const auto& row1 = path[1].asArray();
  EXPECT_EQ(row1[0].asNumber(), 1.0);
  EXPECT_EQ(row1[1].asNumber(), runner.run(0).path()[1].x);
  EXPECT_DOUBLE_EQ(row1[1].asNumber(), 0.8);
  EXPECT_DOUBLE_EQ(row1[3].asNumber(), 0.64 + 0.72);
  EXPECT_EQ(runs[0].find("status")->asString(), toString(runner.run(0).status()));
}

TEST(TrajectoryFiles, ExportIsAtomicAndUnwritablePathsAreErrors) {
  const fs::path dir = fs::temp_directory_path() / "gradscape_trajectory_io_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const Runner runner = twoRuns("a", "b", 5);
  const std::string csvPath = (dir / "paths.csv").string();
  ASSERT_EQ(exportTrajectories(csvPath, runner, TrajectoryFormat::Csv), std::nullopt);
  auto imported = importTrajectoryCsv(csvPath);
  ASSERT_TRUE(std::holds_alternative<std::vector<ImportedPath>>(imported));
  EXPECT_EQ(std::get<std::vector<ImportedPath>>(imported).size(), 2u);
  ASSERT_EQ(exportTrajectories((dir / "paths.json").string(), runner, TrajectoryFormat::Json), std::nullopt);

  const auto error =
      exportTrajectories((dir / "no" / "such" / "dir.csv").string(), runner, TrajectoryFormat::Csv);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("dir.csv"), std::string::npos);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);

  // A pipe (or a device) at the path is refused, not replaced by the rename.
  const fs::path fifo = dir / "pipe.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto pipeError = exportTrajectories(fifo.string(), runner, TrajectoryFormat::Csv);
  ASSERT_TRUE(pipeError.has_value());
  EXPECT_NE(pipeError->find("not a regular file"), std::string::npos);
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 3);  // nothing left over

  { std::ofstream(dir / "bad.csv") << "optimizer,step,x,y\na,0,1,oops\n"; }
  auto bad = importTrajectoryCsv((dir / "bad.csv").string());
  ASSERT_TRUE(std::holds_alternative<std::string>(bad));
  EXPECT_EQ(std::get<std::string>(bad), (dir / "bad.csv").string() + ": line 2: y: 'oops' is not a number");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gs
