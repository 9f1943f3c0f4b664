// The optimizer editor (ui/optimizer_editor.hpp): an edit that compiles re-plots the run's whole path
// with the new program (what-if), one that does not keeps the last working version and reports line and
// column; hyperparameters carry over an edit; .gso files load and save atomically; the Program tab draws
// in every state without GL.
#include <gtest/gtest.h>
#include <imgui_internal.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <variant>

#include "core/io/spec.hpp"
#include "ui/explainer_panel.hpp"
#include "ui/optimizer_editor.hpp"
#include "ui_frames.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Program compiled(const std::string& text) {
  auto result = compileProgram(text);
  if (auto* error = std::get_if<ProgramError>(&result)) ADD_FAILURE() << toString(*error);
  return std::get<Program>(std::move(result));
}

void expectSamePath(const Run& a, const Run& b) {
  ASSERT_EQ(a.path().size(), b.path().size());
  for (std::size_t i = 0; i < a.path().size(); ++i) {
    ASSERT_EQ(std::bit_cast<std::uint64_t>(a.path()[i].x), std::bit_cast<std::uint64_t>(b.path()[i].x)) << i;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(a.path()[i].y), std::bit_cast<std::uint64_t>(b.path()[i].y)) << i;
  }
}

Model rosenbrockModel() { return Model(*makeSurface("rosenbrock")); }

// A built-in run next to the program run, both stepped from the start by the runner: what the edited
// program's whole path must be.
Run reference(const Model& model, const std::string& spec, std::int64_t steps) {
  Runner runner(model.runner.surface(), model.runner.start());
  runner.addRun(RunSpec{"", std::get<Optimizer>(parseOptimizerSpec(spec)), {}, 0, 1});
  runner.step(steps);
  return runner.run(0);
}

const std::string kAdam = readFile(fs::path(programDirectory()) / "adam.gso");

TEST(OptimizerEditor, AnEditThatCompilesReplotsTheWholePathWithTheNewProgram) {
  Model model = rosenbrockModel();
  const std::size_t index = addProgramRun(model, compiled(kAdam));
  model.runner.step(150);
  expectSamePath(model.runner.run(index), reference(model, "adam", 150));

  ProgramEditorState state;
  followRun(model, state, static_cast<int>(index));
  EXPECT_EQ(state.text, kAdam);
  // The student's edit: a larger default learning rate, typed into the program.
  const std::size_t at = state.text.find("hyper lr = 0.001");
  ASSERT_NE(at, std::string::npos);
  state.text.replace(at, 16, "hyper lr = 0.02");
  ASSERT_TRUE(applyEditorText(model, state));
  EXPECT_TRUE(state.error.message.empty());
  EXPECT_EQ(model.runner.run(index).step(), 150);
  expectSamePath(model.runner.run(index), reference(model, "adam:lr=0.02", 150));
  EXPECT_EQ(model.runner.run(index).optimizer().programRun()->program().text(), state.text);
}

TEST(OptimizerEditor, AnEditThatDoesNotCompileKeepsTheLastVersionAndSaysWhere) {
  Model model = rosenbrockModel();
  const std::size_t index = addProgramRun(model, compiled(kAdam));
  model.runner.step(40);
  const std::vector<Vec2> before = model.runner.run(index).path();
  ProgramEditorState state;
  followRun(model, state, static_cast<int>(index));
  const std::size_t at = state.text.find("m = beta1 * m");
  ASSERT_NE(at, std::string::npos);
  state.text.replace(at, 13, "m = beta1 * mm");
  EXPECT_FALSE(applyEditorText(model, state));
  EXPECT_NE(state.error.message.find("'mm'"), std::string::npos) << state.error.message;
  const int line =
      static_cast<int>(std::count(kAdam.begin(), kAdam.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
  EXPECT_EQ(state.error.line, line);
  EXPECT_EQ(state.error.column, 13);
  EXPECT_EQ(model.runner.run(index).path(), before);
  EXPECT_EQ(model.runner.run(index).optimizer().programRun()->program().text(), kAdam);
  // The next frame does not throw the broken text away; fixing it applies it.
  const std::string broken = state.text;
  followRun(model, state, static_cast<int>(index));
  EXPECT_EQ(state.text, broken);
  state.text.replace(at, 14, "m = beta1 * m");
  EXPECT_TRUE(applyEditorText(model, state));
  EXPECT_TRUE(state.error.message.empty());
}

TEST(OptimizerEditor, HyperparameterValuesSurviveAnEditOfTheText) {
  Model model = rosenbrockModel();
  const std::size_t index = addProgramRun(model, compiled(kAdam));
  RunSettings settings = model.runner.run(index).settings();
  settings.params[0] = 0.03;  // lr, from its slider
  editRun(model, index, settings);
  model.runner.step(60);
  ProgramEditorState state;
  followRun(model, state, static_cast<int>(index));
  state.text += "# a comment changes nothing but the text\n";
  ASSERT_TRUE(applyEditorText(model, state));
  EXPECT_EQ(model.runner.run(index).optimizer().param("lr"), 0.03);
  expectSamePath(model.runner.run(index), reference(model, "adam:lr=0.03", 60));
  // Another run's program is followed when the selection moves (and a built-in has no text to edit).
  const std::size_t other = addProgramRun(model, compiled("hyper lr = 0.001 [0, 1]\nx = x - lr * g\n"));
  followRun(model, state, static_cast<int>(other));
  EXPECT_EQ(state.text, "hyper lr = 0.001 [0, 1]\nx = x - lr * g\n");
  state.editedRun = 99;  // no such run
  EXPECT_FALSE(applyEditorText(model, state));
}

class OptimizerEditorFiles : public UiFramesTest {
 protected:
  void SetUp() override {
    UiFramesTest::SetUp();
    directory_ = fs::temp_directory_path() / ("gradscape_editor_" + std::to_string(getpid()));
    fs::create_directories(directory_);
  }
  void TearDown() override {
    UiFramesTest::TearDown();
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }
  fs::path directory_;
};

TEST_F(OptimizerEditorFiles, SaveWritesTheTextAndLoadReadsItIntoTheRun) {
  Model model = rosenbrockModel();
  const std::size_t index = addProgramRun(model, compiled(kAdam));
  ProgramEditorState state;
  followRun(model, state, static_cast<int>(index));
  state.path = (directory_ / "mine.gso").string();
  saveProgramFile(state);
  EXPECT_FALSE(state.messageIsError) << state.message;
  EXPECT_EQ(readFile(directory_ / "mine.gso"), kAdam);

  // A missing folder: a clear error naming the path, and no file anywhere.
  state.path = (directory_ / "missing" / "mine.gso").string();
  saveProgramFile(state);
  EXPECT_TRUE(state.messageIsError);
  EXPECT_NE(state.message.find("missing"), std::string::npos) << state.message;
  EXPECT_FALSE(fs::exists(directory_ / "missing"));

  // Loading a broken file changes nothing; loading a good one replaces the run's program, which then
  // names its file in its spec.
  std::ofstream(directory_ / "broken.gso") << "hyper lr = 0.1 [0, 1]\nx = x - lr * q\n";
  state.path = (directory_ / "broken.gso").string();
  loadProgramFile(model, state);
  EXPECT_TRUE(state.messageIsError);
  EXPECT_NE(state.message.find("line 2, column 14"), std::string::npos) << state.message;
  EXPECT_EQ(state.text, kAdam);
  std::ofstream(directory_ / "sgd.gso") << "hyper lr = 0.001 [0, 1]\nx = x - lr * g\n";
  state.path = (directory_ / "sgd.gso").string();
  loadProgramFile(model, state);
  EXPECT_FALSE(state.messageIsError) << state.message;
  EXPECT_EQ(state.text, "hyper lr = 0.001 [0, 1]\nx = x - lr * g\n");
  EXPECT_EQ(toSpec(model.runner.run(index).optimizer()), "file:" + state.path);
}

// Load and Save go to the name in the chosen folder (an absolute name as it is); the name box's list
// holds the folder's .gso files only, by name.
TEST_F(OptimizerEditorFiles, FilesAreNamedInTheChosenFolder) {
  EXPECT_EQ(programFilePath("/a/b", "mine.gso"), "/a/b/mine.gso");
  EXPECT_EQ(programFilePath("/a/b", "/c/theirs.gso"), "/c/theirs.gso");
  EXPECT_EQ(programFilePath("", "mine.gso"), "./mine.gso");
  EXPECT_EQ(programFilePath("/a/b", ""), "");
  std::ofstream(directory_ / "zeta.gso") << "x = x\n";
  std::ofstream(directory_ / "alpha.gso") << "x = x\n";
  std::ofstream(directory_ / "notes.txt") << "not a program\n";
  fs::create_directories(directory_ / "folder.gso");
  EXPECT_EQ(programFiles(directory_.string()), (std::vector<std::string>{"alpha.gso", "zeta.gso"}));
  EXPECT_TRUE(programFiles((directory_ / "missing").string()).empty());

  Model model = rosenbrockModel();
  const std::size_t index = addProgramRun(model, compiled(kAdam));
  ProgramEditorState state;
  followRun(model, state, static_cast<int>(index));
  state.path = programFilePath(directory_.string(), "mine.gso");
  saveProgramFile(state);
  EXPECT_EQ(readFile(directory_ / "mine.gso"), kAdam);
  state.path = programFilePath(directory_.string(), "");
  saveProgramFile(state);
  EXPECT_TRUE(state.messageIsError);
  EXPECT_EQ(state.message, "Type the name to save as (e.g. my_adam.gso) first.");
}

TEST_F(OptimizerEditorFiles, TheProgramTabDrawsEveryState) {
  Model model = rosenbrockModel();
  UiState ui;
  ui.programEditor.selectTab = true;
  frame(model, ui);  // no runs: the templates only
  addRun(model, RunSpec{"adam", *Optimizer::create("adam"), {}, 0, 1});
  frame(model, ui);  // a built-in selected: the copy button and the templates
  const std::size_t index = addProgramRun(model, compiled(kAdam));
  ui.selectedRun = static_cast<int>(index);
  frame(model, ui);
  EXPECT_EQ(ui.programEditor.text, kAdam);
  ui.programEditor.text = "hyper lr = 0.1 [0, 1]\n\nx = x - lr * gg\n";
  EXPECT_FALSE(applyEditorText(model, ui.programEditor));
  ui.programEditor.folder = directory_.string();
  ui.programEditor.fileName = "mine.gso";
  frame(model, ui);  // the error, its line marked; the chosen folder and name
  EXPECT_EQ(ui.programEditor.error.line, 3);
  EXPECT_EQ(model.runner.run(index).optimizer().programRun()->program().text(), kAdam);
  // A vector drawn at the ball: the tab shows its scale and value.
  chooseValueGlyph(model, index, "m");
  frame(model, ui);
  EXPECT_EQ(model.runner.run(index).look().glyphName, "m");
}

// The explainer walks a program run's lines, each with its vector's "keep it drawn" button or, for the
// vector drawn at the ball, a line saying so; drawing never changes the choice or the step.
TEST_F(OptimizerEditorFiles, TheExplainerDrawsEveryLineOfAProgramRun) {
  Model model = rosenbrockModel();
  const std::size_t index = addProgramRun(model, compiled(kAdam));
  model.runner.step(3);
  UiState ui;
  ui.selectedRun = static_cast<int>(index);
  for (const char* drawn : {"", "denom"}) {
    model.runner.run(index).look().glyphName = drawn;
    const int count = explainerSubStepCount(model, ui);
    EXPECT_EQ(count,
              1 + static_cast<int>(
                      model.runner.run(index).optimizer().programRun()->program().statements().size()));
    for (int i = 0; i < count; ++i) {
      ui.explainSubStep = i;
      frame(model, ui);
      EXPECT_EQ(ui.explainSubStep, i);
      const ImGuiWindow* teach = ImGui::FindWindowByName("Teach");
      ASSERT_TRUE(teach && teach->Active);  // the explainer was drawn
    }
    EXPECT_EQ(model.runner.run(index).look().glyphName, drawn);
  }
  EXPECT_EQ(model.runner.currentStep(), 3);
}

// A first scale of 1, 2 or 5 times a power of ten, never longer than the length asked for.
TEST(OptimizerEditor, AChosenVectorStartsAtARoundScale) {
  EXPECT_EQ(roundGlyphScale({3.0, 4.0}, 1.0), 0.2);  // 0.2 * 5 = 1
  EXPECT_EQ(roundGlyphScale({3.0, 4.0}, 0.99), 0.1);
  EXPECT_EQ(roundGlyphScale({0.0, 0.25}, 50.0), 200.0);
  EXPECT_EQ(roundGlyphScale({0.0, 1e-3}, 0.6), 500.0);
  EXPECT_EQ(roundGlyphScale({0.0, 0.0}, 1.0), 1.0);
  EXPECT_EQ(roundGlyphScale({std::nan(""), 1.0}, 1.0), 1.0);
  EXPECT_EQ(roundGlyphScale({1.0, 0.0}, std::numeric_limits<double>::infinity()), 1.0);

  Model model = rosenbrockModel();
  const std::size_t index = addProgramRun(model, compiled(kAdam));
  model.runner.step(3);
  chooseValueGlyph(model, index, "m");
  const RunLook& look = model.runner.run(index).look();
  EXPECT_EQ(look.glyphName, "m");
  const Vec2 m = *model.runner.run(index).optimizer().programRun()->vectorValue("m");
  const Domain& domain = model.runner.surface().domain;
  const double target = std::min(domain.xMax - domain.xMin, domain.yMax - domain.yMin) / 7.0;
  EXPECT_EQ(look.glyphScale, roundGlyphScale(m, target));
  EXPECT_LE(norm(look.glyphScale * m), target);
  EXPECT_GE(norm(look.glyphScale * m), target / 2.5);
  model.runner.run(index).look().glyphScale = -7.0;  // the user's scale stays while the name does
  chooseValueGlyph(model, index, "m");
  EXPECT_EQ(model.runner.run(index).look().glyphScale, -7.0);
  chooseValueGlyph(model, index, "");
  EXPECT_EQ(model.runner.run(index).look().glyphName, "");
}

}  // namespace
}  // namespace gs
