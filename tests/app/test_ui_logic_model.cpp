// UI logic over a real Model (core runner, no GL): the default scene, run colours, forks, removal,
// stepping back, shortcuts applied, the field tables of every optimizer, plot series and f*.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "palette.hpp"
#include "playback.hpp"
#include "scene_bridge.hpp"
#include "ui/field_table.hpp"
#include "ui/format.hpp"
#include "ui/plot_data.hpp"
#include "ui/shortcuts.hpp"
#include "view/run_legend.hpp"

namespace gs {
namespace {

Model bowlModel() {
  auto bowl = makeCustomSurface("x^2 + y^2", {-3, 3, -3, 3}, {2.0, 1.0});
  EXPECT_TRUE(bowl.surface.has_value()) << bowl.error.message;
  return Model(std::move(*bowl.surface));
}

RunSpec sgd(double lr) {
  auto optimizer = Optimizer::create("sgd");
  EXPECT_TRUE(optimizer.has_value());
  optimizer->setParam("lr", lr);
  return RunSpec{"sgd", std::move(*optimizer), Schedule{}, 0, 1};
}

// The panels' numbers (inspector, fields): a zero reads "0", never "-0"; other values keep their sign.
TEST(Format, ValuesShowZeroWithoutASign) {
  EXPECT_EQ(formatValue(-0.0), "0");
  EXPECT_EQ(formatValue(0.0, 3), "0");
  EXPECT_EQ(formatValue(-0.001234, 2), "-0.0012");
}

TEST(DefaultModel, FourRunsInDistinctColoursFramingTheDomain) {
  const Model model = makeDefaultModel();
  ASSERT_EQ(model.runner.size(), 4u);
  std::set<Color> colours;
  for (const gs::Run& run : model.runner.runs()) colours.insert(run.look().color);
  EXPECT_EQ(colours.size(), 4u);
  const Domain& d = model.runner.surface().domain;
  EXPECT_NEAR(model.view2d.centerX, 0.5 * (d.xMin + d.xMax), 1e-12);
  EXPECT_NEAR(model.view2d.centerY, 0.5 * (d.yMin + d.yMax), 1e-12);
  EXPECT_GT(model.view2d.unitsPerPixel, 0.0);
}

TEST(DefaultModel, OptimizersDisagreeAboutWhichMinimumToEndIn) {
  Model model = makeDefaultModel();
  const auto& minima = model.runner.surface().minima;
  ASSERT_GE(minima.size(), 2u) << "the default surface should have two basins";
  model.runner.step(1000);
  std::set<std::size_t> basins;
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const Vec2 end = model.runner.run(i).point();
    std::size_t nearest = 0;
    for (std::size_t m = 1; m < minima.size(); ++m)
      if (norm(minima[m].point - end) < norm(minima[nearest].point - end)) nearest = m;
    EXPECT_LT(norm(minima[nearest].point - end), 0.1) << model.runner.run(i).label() << " ends at no minimum";
    basins.insert(nearest);
  }
  EXPECT_GE(basins.size(), 2u);
}

TEST(ModelRuns, ForkGetsItsOwnColourLabelAndMarker) {
  Model model = bowlModel();
  addRun(model, sgd(0.1));
  model.runner.step(5);
  const std::size_t fork = forkRun(model, 0);
  ASSERT_EQ(fork, 1u);
  EXPECT_EQ(model.runner.run(fork).label(), "fork of sgd at step 5");
  ASSERT_TRUE(model.runner.run(fork).forkedFrom().has_value());
  EXPECT_EQ(model.runner.indexOf(*model.runner.run(fork).forkedFrom()), 0u);
  EXPECT_EQ(model.runner.run(fork).forkStep(), 5);
  EXPECT_TRUE(model.runner.run(fork).namedByUser());
  EXPECT_NE(model.runner.run(fork).look().color, model.runner.run(0).look().color);
  EXPECT_EQ(model.runner.run(fork).point(), model.runner.run(0).point());
}

TEST(ModelRuns, RemovingARunKeepsForkIndicesPointingAtTheRightParent) {
  Model model = bowlModel();
  addRun(model, sgd(0.1));
  addRun(model, sgd(0.2));
  const std::size_t fork = forkRun(model, 1);  // index 2, parent 1
  removeRun(model, 0);
  ASSERT_EQ(model.runner.size(), 2u);
  ASSERT_TRUE(model.runner.run(fork - 1).forkedFrom().has_value());
  EXPECT_EQ(model.runner.indexOf(*model.runner.run(fork - 1).forkedFrom()), 0u);
  removeRun(model, 0);  // the parent goes: the fork has none
  ASSERT_EQ(model.runner.size(), 1u);
  EXPECT_FALSE(model.runner.run(0).forkedFrom().has_value());
  removeRun(model, 5);  // out of range: nothing happens
  EXPECT_EQ(model.runner.size(), 1u);
}

// What the app knows about one run, beside its numbers; each must stay with its run whatever happens to
// the others.
struct RunFacts {
  std::string label;
  Color color;
  bool enabled;
  bool namedByUser;
  std::string parent;  // the parent's label; empty: not a fork, or the parent is gone
  std::int64_t forkStep;
  std::vector<std::int64_t> editSteps;
  std::optional<double> lr;
  bool operator==(const RunFacts&) const = default;
};

std::ostream& operator<<(std::ostream& out, const RunFacts& facts) {
  return out << facts.label << " colour " << facts.color[0] << "," << facts.color[1] << "," << facts.color[2]
             << (facts.enabled ? " shown" : " hidden") << (facts.namedByUser ? " typed" : "") << " parent '"
             << facts.parent << "' fork step " << facts.forkStep << " edits " << facts.editSteps.size()
             << " lr " << facts.lr.value_or(std::nan(""));
}

RunFacts factsOf(const Runner& runner, std::size_t index) {
  const Run& run = runner.run(index);
  std::string parent;
  if (const auto from = run.forkedFrom())
    if (const auto parentIndex = runner.indexOf(*from)) parent = runner.run(*parentIndex).label();
  return {run.label(), run.look().color, run.look().enabled, run.namedByUser(),
          parent,      run.forkStep(),   run.editSteps(),    run.optimizer().param("lr")};
}

// Six runs with different colours, names, visibility, forks (one of a fork) and an edit mark.
Model modelWithForks() {
  Model model = bowlModel();
  addRun(model, sgd(0.1));
  addRun(model, sgd(0.2));
  addRun(model, sgd(0.3));
  renameRun(model, 0, "");  // the name follows the hyperparameters: "sgd lr=0.1"
  renameRun(model, 1, "bee");
  renameRun(model, 2, "");
  model.runner.step(4);
  forkRun(model, 0);  // "fork of sgd lr=0.1 at step 4"
  model.runner.step(3);
  forkRun(model, 2);  // "fork of sgd lr=0.3 at step 7"
  forkRun(model, 3);  // a fork of the fork, at step 7
  RunSettings settings = model.runner.run(1).settings();
  settings.params[0] = 0.25;
  editRun(model, 1, settings, EditFrom::CurrentStep);
  model.runner.run(2).look().enabled = false;
  return model;
}

// Every run of `model` still has the facts it had in `before` (found by its label, which is unique
// here), except that a run whose parent is gone is no fork any more.
void expectFactsKept(const Model& model, const std::vector<RunFacts>& before) {
  for (std::size_t i = 0; i < model.runner.size(); ++i) {
    const RunFacts now = factsOf(model.runner, i);
    const auto was =
        std::find_if(before.begin(), before.end(), [&](const RunFacts& f) { return f.label == now.label; });
    ASSERT_NE(was, before.end()) << now;
    RunFacts expected = *was;
    const bool parentKept = std::any_of(model.runner.runs().begin(), model.runner.runs().end(),
                                        [&](const Run& run) { return run.label() == was->parent; });
    if (!parentKept) expected.parent.clear();
    EXPECT_EQ(now, expected) << "run " << i;
  }
}

TEST(ModelRuns, EachRunKeepsItsColourNameAndForkOriginWhateverIsRemovedForkedOrAdded) {
  const Model reference = modelWithForks();
  std::vector<RunFacts> before;
  for (std::size_t i = 0; i < reference.runner.size(); ++i) before.push_back(factsOf(reference.runner, i));
  // The setup did what it says, so the checks below compare facts that differ from run to run.
  ASSERT_EQ(before.size(), 6u);
  EXPECT_EQ(before[1].label, "bee");
  EXPECT_EQ(before[1].editSteps, std::vector<std::int64_t>{7});
  EXPECT_FALSE(before[2].enabled);
  EXPECT_EQ(before[3].parent, before[0].label);
  EXPECT_EQ(before[3].forkStep, 4);
  EXPECT_EQ(before[5].parent, before[3].label);
  const std::vector<Color> colors = runColors(reference.runner);
  EXPECT_EQ(std::set<Color>(colors.begin(), colors.end()).size(), 6u);

  // Remove any run, then any other, then fork and add: every order the panels allow.
  for (std::size_t first = 0; first < before.size(); ++first) {
    for (std::size_t second = 0; second + 1 < before.size(); ++second) {
      SCOPED_TRACE("remove " + std::to_string(first) + " then " + std::to_string(second));
      Model model = modelWithForks();
      removeRun(model, first);
      expectFactsKept(model, before);
      removeRun(model, second);
      ASSERT_EQ(model.runner.size(), 4u);
      expectFactsKept(model, before);
      std::vector<RunFacts> now = before;
      model.runner.step(1);  // a fork's name says its step: step 8 names no other run
      const std::size_t fork = forkRun(model, 1);
      now.push_back(factsOf(model.runner, fork));
      EXPECT_EQ(now.back().parent, model.runner.run(1).label());
      EXPECT_EQ(now.back().forkStep, 8);
      const std::size_t added = addRun(model, sgd(0.7));
      now.push_back(factsOf(model.runner, added));
      EXPECT_FALSE(now.back().namedByUser);
      const std::vector<Color> colorsNow = runColors(model.runner);
      EXPECT_EQ(std::set<Color>(colorsNow.begin(), colorsNow.end()).size(), 6u)
          << "a new run or fork takes a colour no other run has";
      model.runner.step(5);
      model.runner.seek(9);  // back, past the edit at step 7 and the forks
      expectFactsKept(model, now);
      // A saved scene gives each run its own colour, visibility and typed name.
      const Scene scene = sceneFromModel(model);
      ASSERT_EQ(scene.runs.size(), model.runner.size());
      for (std::size_t i = 0; i < scene.runs.size(); ++i) {
        const gs::Run& run = model.runner.run(i);
        ASSERT_TRUE(scene.runs[i].color.has_value());
        for (std::size_t c = 0; c < 3; ++c)
          EXPECT_EQ(static_cast<float>((*scene.runs[i].color)[c]), run.look().color[c]) << run.label();
        EXPECT_EQ(scene.runs[i].enabled, run.look().enabled) << run.label();
        EXPECT_EQ(scene.runs[i].label, run.namedByUser() ? run.label() : std::string()) << run.label();
      }
    }
  }
}

TEST(ModelRuns, RestartKeepsEachRunsColourNameAndForkStepAndClearsItsEditMarks) {
  Model model = modelWithForks();
  std::vector<RunFacts> before;
  for (std::size_t i = 0; i < model.runner.size(); ++i) before.push_back(factsOf(model.runner, i));
  restart(model);
  for (RunFacts& facts : before) facts.editSteps.clear();
  expectFactsKept(model, before);
  EXPECT_EQ(model.runner.run(1).optimizer().param("lr"), 0.25);  // what the panel showed
}

TEST(ModelRuns, SetSurfaceBumpsTheVersionAndRecomputesThePathsFromTheNewStart) {
  Model model = bowlModel();
  addRun(model, sgd(0.1));
  model.runner.step(10);
  const auto version = model.surfaceVersion;
  auto other = makeCustomSurface("(x-1)^2 + y^2", {-2, 4, -3, 3}, {3.0, 2.0});
  ASSERT_TRUE(other.surface);
  setSurface(model, std::move(*other.surface));
  EXPECT_EQ(model.surfaceVersion, version + 1);
  EXPECT_EQ(model.runner.currentStep(), 10);  // what-if: the same steps on the new surface
  EXPECT_EQ(model.runner.run(0).path().front(), (Vec2{3.0, 2.0}));
  EXPECT_EQ(model.runner.run(0).step(), 10);
  EXPECT_TRUE(model.runner.surface().custom);
  EXPECT_EQ(model.runner.surface().formula, "(x-1)^2 + y^2");
  EXPECT_NEAR(model.view2d.centerX, 1.0, 1e-12);
}

TEST(Playback, StepBackReturnsToTheSamePoint) {
  Model model = bowlModel();
  addRun(model, sgd(0.1));
  model.runner.step(3);
  const Vec2 atTwo = {2.0 * 0.8 * 0.8, 1.0 * 0.8 * 0.8};  // sgd on x^2+y^2: x <- x - 0.1 * 2x
  stepBack(model);
  EXPECT_EQ(model.runner.currentStep(), 2);
  EXPECT_NEAR(model.runner.run(0).point().x, atTwo.x, 1e-12);
  EXPECT_NEAR(model.runner.run(0).point().y, atTwo.y, 1e-12);
  stepBack(model), stepBack(model), stepBack(model);  // past step 0 it stays there
  EXPECT_EQ(model.runner.currentStep(), 0);
}

TEST(Playback, AdvanceTakesTheOwedStepsAndRestartAtIgnoresNonFinitePoints) {
  Model model = bowlModel();
  addRun(model, sgd(0.1));
  model.playback.playing = true;
  model.playback.stepsPerSecond = 40.0;
  advancePlayback(model, 0.125);
  EXPECT_EQ(model.runner.currentStep(), 5);
  restartAt(model, {std::nan(""), 0.0});
  EXPECT_EQ(model.runner.currentStep(), 5);
  restartAt(model, {1.0, -1.0});
  EXPECT_EQ(model.runner.currentStep(), 0);
  EXPECT_EQ(model.runner.run(0).point(), (Vec2{1.0, -1.0}));
}

TEST(Shortcuts, ActionsChangeTheModel) {
  Model model = bowlModel();
  addRun(model, sgd(0.1));
  UiState ui;
  applyAction(model, ui, {ActionKind::TogglePlay});
  EXPECT_TRUE(model.playback.playing);
  applyAction(model, ui, {ActionKind::StepForward});
  EXPECT_FALSE(model.playback.playing);
  EXPECT_EQ(model.runner.currentStep(), 1);
  applyAction(model, ui, {ActionKind::StepBack});
  EXPECT_EQ(model.runner.currentStep(), 0);
  applyAction(model, ui, {ActionKind::ToggleRun, 0});
  EXPECT_FALSE(model.runner.run(0).look().enabled);
  applyAction(model, ui, {ActionKind::ToggleRun, 7});  // no such run: nothing happens
  applyAction(model, ui, {ActionKind::TogglePanels});
  EXPECT_FALSE(ui.panelsVisible);
}

// One row per optimizer of the catalog.
class FieldTableOf : public ::testing::TestWithParam<std::string> {};

TEST_P(FieldTableOf, DefaultsLieInsideTheSliderRanges) {
  const std::string& name = GetParam();
  const auto optimizer = Optimizer::create(name);
  ASSERT_TRUE(optimizer) << name;
  const auto fields = fieldTable(*optimizer);
  ASSERT_EQ(fields.size(), optimizer->params().size());
  for (const ParamWidget& field : fields) {
    const double value = optimizer->param(field.index);
    EXPECT_TRUE(std::isfinite(field.low) && std::isfinite(field.high)) << field.label;
    EXPECT_LT(field.low, field.high) << field.label;
    EXPECT_GE(value, field.low) << field.label;
    EXPECT_LE(value, field.high) << field.label;
    EXPECT_FALSE(field.tooltip.empty()) << field.label;
    if (field.label == "lr" || field.label == "eps") {
      EXPECT_EQ(field.widget, WidgetKind::LogSlider) << field.label;
    }
    if (field.widget == WidgetKind::LogSlider) {
      EXPECT_GT(field.low, 0.0) << field.label;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryOptimizer, FieldTableOf, ::testing::ValuesIn(Optimizer::names()),
                         [](const ::testing::TestParamInfo<std::string>& row) { return row.param; });

TEST(FieldTable, TheCatalogHasOptimizers) { EXPECT_FALSE(Optimizer::names().empty()); }

TEST(FieldTable, DefaultSettingsPutBackTheCreatedValues) {
  Model model = bowlModel();
  addRun(model, sgd(0.3));
  RunSettings cosine = model.runner.run(0).settings();
  cosine.schedule.kind = Schedule::Kind::Cosine;
  editRun(model, 0, cosine);
  editRun(model, 0, defaultSettings(model.runner.run(0)));
  const gs::Run& run = model.runner.run(0);
  EXPECT_EQ(run.optimizer().paramValues(), Optimizer::create("sgd")->paramValues());
  EXPECT_EQ(run.schedule().kind, Schedule::Kind::Constant);
}

TEST(EditRun, AnEditIsOneCallThatSurvivesSeekingBack) {
  Model model = bowlModel();
  addRun(model, sgd(0.1));
  model.runner.step(5);
  Optimizer edited = model.runner.run(0).optimizer();
  ASSERT_TRUE(edited.setParam("lr", 0.4));
  RunSettings faster = model.runner.run(0).settings();
  faster.params = edited.paramValues();
  editRun(model, 0, faster);
  model.runner.step(5);
  const Vec2 reached = model.runner.run(0).point();
  model.runner.seek(3);
  model.runner.seek(10);
  EXPECT_EQ(model.runner.run(0).point(), reached);
  EXPECT_EQ(model.runner.run(0).optimizer().paramValues(), edited.paramValues());
}

TEST(PlotData, LossGapSeriesUsesTheGlobalMinimumAndSkipsZeros) {
  Model model = bowlModel();
  addRun(model, sgd(0.5));  // lands exactly on the minimum after one step: f - f* = 0 there
  model.runner.step(4);
  const double fStar = optimumValue(model);
  EXPECT_EQ(fStar, 0.0);  // no declared minimum on a custom formula: least loss seen, here exactly 0
  const auto series =
      plotSeries(model.runner.run(0), PlotQuantity::LossGap, PlotAxis::Steps, fStar, 4.0, 100);
  ASSERT_EQ(series.size(), 1u);  // only the start has f > 0
  EXPECT_EQ(series[0].step, 0);
  EXPECT_NEAR(series[0].y, std::log10(5.0), 1e-12);
}

// A run that diverges does not set the plots' range (the others would vanish into its bottom pixels); its
// line ends in a mark at its last finite point, held at the top where that point is above the range.
TEST(PlotData, ADivergedRunLeavesTheRangeToTheOthersAndEndsInAMark) {
  Model model = bowlModel();
  addRun(model, sgd(0.1));  // converges
  addRun(model,
         sgd(2.5));  // f = x^2 + y^2: |1 - 2 lr| = 4, the steps grow fourfold until they leave the bound
  model.runner.step(400);
  ASSERT_EQ(model.runner.run(1).status(), RunStatus::Diverged);
  const double fStar = optimumValue(model);
  std::vector<PlotSeries> series;
  for (std::size_t i = 0; i < 2; ++i)
    series.push_back(
        {i, plotSeries(model.runner.run(i), PlotQuantity::LossGap, PlotAxis::Steps, fStar, 400.0, 200),
         model.runner.run(i).status() == RunStatus::Diverged});
  double convergedHigh = -1e300, convergedLow = 1e300, divergedHigh = -1e300;
  for (const PlotPoint& p : series[0].points)
    convergedHigh = std::max(convergedHigh, p.y), convergedLow = std::min(convergedLow, p.y);
  for (const PlotPoint& p : series[1].points) divergedHigh = std::max(divergedHigh, p.y);
  ASSERT_GT(divergedHigh, convergedHigh + 10.0);  // 1e10 times the converging run's largest loss gap
  const PlotRange range = plotYRange(series);
  EXPECT_LT(range.high, convergedHigh + 1.0);
  EXPECT_GE(range.high, convergedHigh);
  EXPECT_LE(range.low, std::max(convergedLow, convergedHigh - 18.0));

  const std::vector<DivergenceMark> marks = divergenceMarks(series, range);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].run, 1u);
  EXPECT_EQ(marks[0].step, model.runner.run(1).step());  // the last finite point
  EXPECT_EQ(marks[0].x, static_cast<double>(model.runner.run(1).step()));
  EXPECT_TRUE(marks[0].above);
  EXPECT_EQ(marks[0].y, range.high);
  // Every run diverged: the range is theirs, and the marks lie inside it.
  series.erase(series.begin());
  const PlotRange own = plotYRange(series);
  EXPECT_GE(own.high, divergedHigh);
  const std::vector<DivergenceMark> inside = divergenceMarks(series, own);
  ASSERT_EQ(inside.size(), 1u);
  EXPECT_FALSE(inside[0].above);
}

// plotSeries finds each pixel column's points by bisection; it must give exactly what streaming every
// point through the column reduction gives, on both axes (Newton spends several evaluations a step).
TEST(PlotData, SeriesEqualsTheReductionOfEveryPoint) {
  Model model = makeDefaultModel();
  for (const auto& [name, lr] : {std::pair{"adam", 0.3}, {"sgd", 0.02}, {"newton", 1.0}, {"rmsprop", 0.05}}) {
    auto optimizer = Optimizer::create(name);
    ASSERT_TRUE(optimizer.has_value()) << name;
    optimizer->setParam("lr", lr);
    addRun(model, RunSpec{name, std::move(*optimizer), Schedule{}, 0, 1});
  }
  model.runner.step(3000);
  const double fStar = optimumValue(model);
  int compared = 0;
  for (std::size_t r = 0; r < model.runner.size(); ++r) {
    const gs::Run& run = model.runner.run(r);
    for (const PlotAxis axis : {PlotAxis::Steps, PlotAxis::GradientEvaluations}) {
      const double xMax = plotX(run, run.path().size() - 1, axis) * 1.1;
      for (const PlotQuantity quantity :
           {PlotQuantity::LossGap, PlotQuantity::GradientNorm, PlotQuantity::StepLength}) {
        const std::vector<double>& values = quantity == PlotQuantity::LossGap        ? run.losses()
                                            : quantity == PlotQuantity::GradientNorm ? run.gradientNorms()
                                                                                     : run.stepLengths();
        std::vector<PlotPoint> every;
        for (std::size_t i = 0; i < values.size(); ++i) {
          const double value = values[i] - (quantity == PlotQuantity::LossGap ? fStar : 0.0);
          if (value > 0.0 && std::isfinite(value))
            every.push_back({plotX(run, i, axis), value, static_cast<std::int64_t>(i) * run.stride()});
        }
        for (const int columns : {37, 100, 611, 1400}) {
          // plotSeries decides to reduce by the history's length, decimateColumns by the points it is given
          if ((every.size() > 2u * columns) != (values.size() > 2u * columns)) continue;
          ++compared;
          std::vector<PlotPoint> expected = decimateColumns(every, xMax, columns);
          for (PlotPoint& point : expected) point.y = std::log10(point.y);
          const std::vector<PlotPoint> series = plotSeries(run, quantity, axis, fStar, xMax, columns);
          ASSERT_EQ(series.size(), expected.size()) << run.label() << " columns " << columns;
          for (std::size_t k = 0; k < series.size(); ++k) {
            EXPECT_EQ(series[k].x, expected[k].x);
            EXPECT_EQ(series[k].y, expected[k].y);
            EXPECT_EQ(series[k].step, expected[k].step);
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 60);
}

TEST(Format, StatusTextNamesTheStep) {
  EXPECT_EQ(statusText(RunStatus::Running, 0), "running");
  EXPECT_EQ(statusText(RunStatus::Converged, 12), "converged at step 12");
  EXPECT_EQ(statusText(RunStatus::Diverged, 40), "diverged at step 40");
  EXPECT_EQ(formatVec(std::nullopt), "-");
  EXPECT_EQ(formatVec(Vec2{0.5, -1.25}), "(0.5, -1.25)");
}

// The explainer's sentences wrap at spaces only: ImGui's own wrapping broke "0.05135" after "0." at a
// line's end. Measured here one unit per character.
TEST(Format, WrapAtSpacesNeverCutsANumber) {
  const auto chars = [](std::string_view piece) { return static_cast<float>(piece.size()); };
  const std::string text =
      "The previous velocity (-0.07824, 0.05135) shrinks by beta = 0.6 to (-0.04695, 0.03081).";
  for (float width = 10.0f; width <= 40.0f; width += 1.0f) {  // from the longest word
    const std::vector<std::string> lines = wrapAtSpaces(text, width, chars);
    std::string joined;
    for (const std::string& line : lines) {
      EXPECT_LE(static_cast<float>(line.size()), width) << line;
      EXPECT_NE(line.front(), ' ');
      joined += (joined.empty() ? "" : " ") + line;
    }
    EXPECT_EQ(joined, text) << "broken other than at a space, at width " << width;
  }
  // A word wider than the width keeps a line of its own; line breaks in the text stay.
  EXPECT_EQ(wrapAtSpaces("a 0.0001234 b", 4.0f, chars), (std::vector<std::string>{"a", "0.0001234", "b"}));
  EXPECT_EQ(wrapAtSpaces("one two\nthree", 40.0f, chars), (std::vector<std::string>{"one two", "three"}));
}

// One run with `optimizer`'s settings (a fresh optimizer: its state from step 0) on the model's surface from
// `start`, stepped `steps` times: what the what-if rule says a recomputed path must equal.
Runner runFromStart(const Model& model, const Optimizer& optimizer, Vec2 start, std::int64_t steps) {
  Runner runner(model.runner.surface(), start);
  Optimizer fresh = *Optimizer::create(optimizer.name());
  fresh.setParamValues(optimizer.paramValues());
  runner.addRun(RunSpec{"fresh", fresh, Schedule{}, 0, 1});
  runner.step(steps);
  return runner;
}

// The what-if rule: after a hyperparameter change, every point of the run's path equals a run started
// afresh with the new settings, bit for bit, and the other runs are untouched. One row per run of the
// default scene.
class WhatIf : public ::testing::TestWithParam<std::size_t> {};

TEST_P(WhatIf, ASliderChangeRecomputesTheWholePathAsIfFromTheStart) {
  Model model = makeDefaultModel();
  const std::size_t index = GetParam();
  ASSERT_LT(index, model.runner.size());
  model.runner.step(150);
  std::vector<std::vector<Vec2>> before;
  for (std::size_t i = 0; i < model.runner.size(); ++i) before.push_back(model.runner.run(i).path());
  Optimizer edited = *Optimizer::create(model.runner.run(index).optimizer().name());
  edited.setParamValues(model.runner.run(index).optimizer().paramValues());
  ASSERT_TRUE(edited.setParam("lr", 0.02));
  RunSettings settings = model.runner.run(index).settings();
  settings.params = edited.paramValues();
  editRun(model, index, settings);

  EXPECT_EQ(model.runner.currentStep(), 150);
  Runner fresh(model.runner.surface(), model.runner.start());
  fresh.addRun(RunSpec{"fresh", edited, Schedule{}, 0, 1});
  fresh.step(150);
  const gs::Run& run = model.runner.run(index);
  ASSERT_EQ(run.path().size(), fresh.run(0).path().size());
  for (std::size_t k = 0; k < run.path().size(); ++k) {
    ASSERT_EQ(run.path()[k].x, fresh.run(0).path()[k].x) << "step " << k;
    ASSERT_EQ(run.path()[k].y, fresh.run(0).path()[k].y) << "step " << k;
    ASSERT_EQ(run.losses()[k], fresh.run(0).losses()[k]) << "step " << k;
  }
  for (std::size_t i = 0; i < model.runner.size(); ++i)
    if (i != index) {
      EXPECT_EQ(model.runner.run(i).path(), before[i]) << "run " << i;
    }
  // Its name follows the new learning rate.
  EXPECT_NE(run.label().find("lr=0.02"), std::string::npos) << run.label();
  // Restart keeps what the panel shows.
  restart(model);
  model.runner.step(150);
  EXPECT_EQ(model.runner.run(index).path(), fresh.run(0).path());
}

INSTANTIATE_TEST_SUITE_P(DefaultScene, WhatIf, ::testing::Values(0u, 1u, 2u, 3u));

TEST(WhatIf, AnEditFromHereKeepsThePathSoFarUntilRestart) {
  Model model = makeDefaultModel();
  model.runner.step(100);
  const std::vector<Vec2> sofar = model.runner.run(0).path();
  Optimizer edited = model.runner.run(0).optimizer();
  ASSERT_TRUE(edited.setParam("lr", 0.05));
  RunSettings settings = model.runner.run(0).settings();
  settings.params = edited.paramValues();
  editRun(model, 0, settings, EditFrom::CurrentStep);
  EXPECT_EQ(model.runner.run(0).editSteps(), std::vector<std::int64_t>{100});
  model.runner.step(20);
  const std::vector<Vec2>& path = model.runner.run(0).path();
  ASSERT_EQ(path.size(), 121u);
  EXPECT_TRUE(std::equal(sofar.begin(), sofar.end(), path.begin()));
  // Seeking back and forth replays the change where it was made.
  const std::vector<Vec2> withChange = path;
  model.runner.seek(50);
  model.runner.seek(120);
  EXPECT_EQ(model.runner.run(0).path(), withChange);
  // Restart: from the start with what the panel shows (lr 0.05 from step 0), the mark gone.
  restart(model);
  EXPECT_TRUE(model.runner.run(0).editSteps().empty());
  model.runner.step(120);
  EXPECT_EQ(model.runner.run(0).path(), runFromStart(model, edited, model.runner.start(), 120).run(0).path());
}

TEST(WhatIf, MovingTheStartRecomputesEveryPathToTheCurrentStep) {
  Model model = makeDefaultModel();
  model.runner.step(80);
  const Vec2 start = model.runner.start() + Vec2{0.25, -0.125};
  moveStart(model, start);
  EXPECT_EQ(model.runner.currentStep(), 80);
  Runner fresh(model.runner.surface(), start);
  Optimizer optimizer = *Optimizer::create(model.runner.run(0).optimizer().name());
  optimizer.setParamValues(model.runner.run(0).optimizer().paramValues());
  fresh.addRun(RunSpec{"fresh", optimizer, Schedule{}, 0, 1});
  fresh.step(80);
  EXPECT_EQ(model.runner.run(0).path(), fresh.run(0).path());
}

// The window gives what-if recomputes a budget of run-steps per frame (Model::pathBudget): a longer
// recompute grows the paths over the next frames, the legend says "recomputing", and the end is the path the
// what-if rule gives, bit for bit. A frame's edits and its catch-up share one budget.
TEST(WhatIf, LongPathsAreRecomputedOverFramesWithTheLegendSayingSo) {
  Model model = makeDefaultModel();
  model.runner.step(3000);
  model.pathBudget = 2000;
  Optimizer edited = model.runner.run(0).optimizer();
  ASSERT_TRUE(edited.setParam("lr", 0.02));
  RunSettings settings = model.runner.run(0).settings();
  settings.params = edited.paramValues();
  editRun(model, 0, settings);  // a slider moved in the panels of a frame
  EXPECT_EQ(model.runner.run(0).step(), 2000);
  EXPECT_EQ(runLegendRows(model)[0].status, "recomputing: step 2000");
  EXPECT_EQ(runLegendRows(model)[1].status.find("recomputing"), std::string::npos);
  catchUpPaths(model);  // the same frame's catch-up: nothing of its budget is left
  EXPECT_EQ(model.runner.run(0).step(), 2000);
  catchUpPaths(model);  // the next frame's
  EXPECT_EQ(model.runner.run(0).step(), 3000);
  EXPECT_EQ(model.runner.stepsBehind(), 0);
  EXPECT_EQ(runLegendRows(model)[0].status.find("recomputing"), std::string::npos);
  const Runner fresh = runFromStart(model, edited, model.runner.start(), 3000);
  EXPECT_EQ(model.runner.run(0).path(), fresh.run(0).path());
  EXPECT_EQ(model.runner.run(0).losses(), fresh.run(0).losses());

  // A new start: every run from step 0, 500 run-steps each now; finishPaths (before an export) the rest.
  const Vec2 start = model.runner.start() + Vec2{0.25, -0.125};
  moveStart(model, start);
  for (const gs::Run& run : model.runner.runs()) EXPECT_EQ(run.step(), 500);
  EXPECT_GT(model.runner.stepsBehind(), 0);
  finishPaths(model);
  EXPECT_EQ(model.runner.stepsBehind(), 0);
  EXPECT_EQ(model.runner.run(0).path(), runFromStart(model, edited, start, 3000).run(0).path());
}

TEST(RunName, FollowsTheHyperparametersUntilTheUserTypesOne) {
  Model model = makeDefaultModel();
  EXPECT_EQ(model.runner.run(0).label(), runName(model.runner.run(0).optimizer()));
  renameRun(model, 0, "slow one");
  RunSettings settings = model.runner.run(0).settings();
  Optimizer edited = model.runner.run(0).optimizer();
  ASSERT_TRUE(edited.setParam("lr", 0.5));
  settings.params = edited.paramValues();
  editRun(model, 0, settings);
  EXPECT_EQ(model.runner.run(0).label(), "slow one");
  renameRun(model, 0, "");
  EXPECT_EQ(model.runner.run(0).label(), runName(edited));
  EXPECT_NE(model.runner.run(0).label().find("lr=0.5"), std::string::npos);
}

// A scene's labels ("gd lr=1.9") and a user's names state settings too: an edit writes the new values into
// them, leaving every other word as it was.
TEST(RunName, ANamesSettingsFollowTheRunsHyperparameters) {
  Optimizer sgd = *Optimizer::create("sgd");
  ASSERT_TRUE(sgd.setParam("lr", 0.2));
  ASSERT_TRUE(sgd.setParam("momentum", 0.5));
  EXPECT_EQ(withCurrentSettings("gd lr=1.9", sgd), "gd lr=0.2");
  EXPECT_EQ(withCurrentSettings("lr=0.5", sgd), "lr=0.2");
  EXPECT_EQ(withCurrentSettings("lr=1/L=1", sgd), "lr=1/L=1");  // not a value
  EXPECT_EQ(withCurrentSettings("momentum lr=1 beta=0.6", sgd), "momentum lr=0.2 beta=0.6");
  EXPECT_EQ(withCurrentSettings("momentum=0.9 lr=1", sgd), "momentum=0.5 lr=0.2");
  EXPECT_EQ(withCurrentSettings("warm-up 50 + cosine 500, lr=0.004, then 0", sgd),
            "warm-up 50 + cosine 500, lr=0.2, then 0");
  EXPECT_EQ(withCurrentSettings("my run", sgd), "my run");
  EXPECT_EQ(withCurrentSettings("", sgd), "");
  Optimizer adam = *Optimizer::create("adam");
  ASSERT_TRUE(adam.setParam("amsgrad", 1.0));
  EXPECT_EQ(withCurrentSettings("adam amsgrad=off eps=1e-8", adam), "adam amsgrad=on eps=1e-08");

  // Through an edit, as a scene's run is edited in the Optimizers panel.
  Model model = makeDefaultModel();
  renameRun(model, 0, "gd lr=1.9");
  Optimizer edited = model.runner.run(0).optimizer();
  ASSERT_TRUE(edited.setParam("lr", 0.25));
  RunSettings settings = model.runner.run(0).settings();
  settings.params = edited.paramValues();
  editRun(model, 0, settings);
  EXPECT_EQ(model.runner.run(0).label(), "gd lr=0.25");
  EXPECT_TRUE(model.runner.run(0).namedByUser());
}

// A fork's label names its parent as it was; an edit of the fork adds the fork's own settings after it
// (and takes them away when they come back to the parent's).
TEST(RunName, AnEditedForksLabelKeepsItsParentsNameAndStatesItsOwnSettings) {
  Optimizer sgd = *Optimizer::create("sgd");
  ASSERT_TRUE(sgd.setParam("lr", 0.5));
  EXPECT_EQ(forkLabelWithSettings("fork of sgd lr=0.01 at step 20", sgd),
            "fork of sgd lr=0.01 at step 20: lr=0.5");
  EXPECT_EQ(forkLabelWithSettings("fork of sgd lr=0.01 at step 20: lr=0.2", sgd),
            "fork of sgd lr=0.01 at step 20: lr=0.5");
  ASSERT_TRUE(sgd.setParam("lr", 0.01));
  EXPECT_EQ(forkLabelWithSettings("fork of sgd lr=0.01 at step 20: lr=0.2", sgd),
            "fork of sgd lr=0.01 at step 20");
  ASSERT_TRUE(sgd.setParam("momentum", 0.9));
  EXPECT_EQ(forkLabelWithSettings("fork of fork of sgd lr=0.01 at step 5 at step 20", sgd),
            "fork of fork of sgd lr=0.01 at step 5 at step 20: momentum=0.9");
  EXPECT_EQ(forkLabelWithSettings("gd lr=1.9", sgd), "gd lr=0.01");  // not a fork: withCurrentSettings

  // Through the app's own calls: fork, then edit the fork's lr.
  Model model = makeDefaultModel();
  model.runner.step(20);
  const std::string parent = model.runner.run(0).label();
  const std::size_t fork = forkRun(model, 0);
  Optimizer edited = model.runner.run(fork).optimizer();
  ASSERT_TRUE(edited.setParam("lr", 0.5));
  RunSettings settings = model.runner.run(fork).settings();
  settings.params = edited.paramValues();
  editRun(model, fork, settings);
  EXPECT_EQ(model.runner.run(fork).label(), "fork of " + parent + " at step 20: lr=0.5");
  EXPECT_EQ(model.runner.run(0).label(), parent);
}

TEST(RunName, WritesHyperparametersWithoutFloatNoise) {
  const double noisy = 3.0 * 0.0001;  // 0.00030000000000000003 in full
  ASSERT_NE(noisy, 0.0003);
  EXPECT_EQ(formatHyperparameter(noisy), "0.0003");
  EXPECT_EQ(formatHyperparameter(0.003728), "0.003728");
  EXPECT_EQ(formatHyperparameter(0.12345), "0.12345");     // five digits tell it from 0.1235
  EXPECT_EQ(formatHyperparameter(0.123456789), "0.1235");  // too many digits: four
  EXPECT_EQ(formatHyperparameter(1.1), "1.1");
  // A value that four digits would write as its default gets as many as it takes to differ.
  EXPECT_EQ(formatHyperparameter(0.90000123, 0.9), "0.900001");
  EXPECT_EQ(formatHyperparameter(0.90000123), "0.9");
  // Two values that differ in the fifth or sixth digit keep different names.
  EXPECT_NE(formatHyperparameter(0.10001), formatHyperparameter(0.10002));
  EXPECT_NE(formatHyperparameter(0.100001), formatHyperparameter(0.100002));

  Optimizer sgd = *Optimizer::create("sgd");
  ASSERT_TRUE(sgd.setParam("lr", noisy));
  EXPECT_EQ(runName(sgd), "sgd lr=0.0003");
}

}  // namespace
}  // namespace gs
