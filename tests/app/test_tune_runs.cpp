// Tune and Tune all in the Optimizers panel: the search runs in the background, lands as a what-if edit
// (the whole path recomputed with the tuned value), and gives the value `gradscape tune` finds.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "ui/format.hpp"
#include "ui/tune_runs.hpp"

namespace gs {
namespace {

Model ravineModel() {
  auto ravine = makeCustomSurface("x^2 + 10*y^2", {-3, 3, -3, 3}, {2.0, 1.0});
  EXPECT_TRUE(ravine.surface.has_value()) << ravine.error.message;
  return Model(std::move(*ravine.surface));
}

std::size_t addOptimizer(Model& model, const char* name, double lr) {
  auto optimizer = Optimizer::create(name);
  EXPECT_TRUE(optimizer.has_value());
  EXPECT_TRUE(optimizer->setParam("lr", lr));
  return addRun(model, RunSpec{name, std::move(*optimizer), Schedule{}, 0, 1});
}

// Polls as the window does once a frame; fails instead of hanging if a search never ends.
void collectUntilIdle(Model& model, TuneState& state) {
  for (int frame = 0; frame < 6000 && !state.jobs.empty(); ++frame) {
    collectTunes(model, state);
    if (!state.jobs.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(state.jobs.empty()) << "a search did not finish within a minute";
}

double lrOf(const gs::Run& run) {
  const auto& params = run.optimizer().params();
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i].name == "lr") return run.optimizer().paramValues()[i];
  return -1.0;
}

TEST(TuneRuns, TuneAllAppliesEachRunsBestLearningRateAsAWhatIfEdit) {
  Model model = ravineModel();
  const std::size_t slow = addOptimizer(model, "sgd", 1e-4);  // barely moves in 100 steps
  const std::size_t adam = addOptimizer(model, "adam", 1e-4);
  model.runner.step(100);
  const double before = model.runner.run(slow).losses().back();
  TuneState state;
  for (std::size_t i = 0; i < model.runner.size(); ++i) EXPECT_EQ(startTune(model, state, i), "");
  EXPECT_NE(tuneJobFor(state, model.runner.run(slow).id()), nullptr);
  collectUntilIdle(model, state);

  for (const std::size_t index : {slow, adam}) {
    const gs::Run& run = model.runner.run(index);
    // The value the search finds on its own, as `gradscape tune --steps 100` computes it.
    TuneRequest request;
    request.surface = model.runner.surface();
    request.settings.optimizer = *Optimizer::create(index == slow ? "sgd" : "adam");
    request.settings.steps = 100;
    const TuneResult expected = tune(request);
    ASSERT_TRUE(expected.anyConverged);
    const double best = expected.best.front();
    const double tuned = lrOf(run);  // the best value to three significant digits
    EXPECT_NEAR(tuned, best, 0.005 * best) << run.label();
    EXPECT_EQ(formatValue(tuned, 3), formatValue(best, 3)) << run.label();
    // What-if: the path is the one a run with that lr from the start takes.
    Model fresh = ravineModel();
    addOptimizer(fresh, index == slow ? "sgd" : "adam", tuned);
    fresh.runner.step(100);
    EXPECT_EQ(run.path(), fresh.runner.run(0).path()) << run.label();
    EXPECT_NE(tuneOutcome(state, run.id()).find("tuned: lr = "), std::string::npos);
  }
  EXPECT_LT(model.runner.run(slow).losses().back(), 1e-3 * before);
  EXPECT_EQ(model.runner.currentStep(), 100);
}

TEST(TuneRuns, ARemovedRunsSearchIsDroppedAndACancelledOneChangesNothing) {
  Model model = ravineModel();
  addOptimizer(model, "sgd", 1e-3);
  addOptimizer(model, "momentum", 1e-3);
  model.runner.step(50);
  TuneState state;
  ASSERT_EQ(startTune(model, state, 0), "");
  ASSERT_EQ(startTune(model, state, 1), "");
  const std::uint64_t kept = model.runner.run(1).id();
  tuneJobFor(state, kept)->cancel = true;
  removeRun(model, 0);
  collectUntilIdle(model, state);
  EXPECT_EQ(lrOf(model.runner.run(0)), 1e-3);
  EXPECT_NE(tuneOutcome(state, kept).find("cancelled"), std::string::npos);
}

}  // namespace
}  // namespace gs
