// Every lecture preset in assets/scenes parses, builds, and teaches what its explanation says: each claim
// is checked by running the preset's own runs with the Runner.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "core/io/scene.hpp"

namespace gs {
namespace {

namespace fs = std::filesystem;

const fs::path kPresetDir = fs::path(__FILE__).parent_path() / "../../assets/scenes";

std::vector<fs::path> presetFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kPresetDir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

Scene loadPreset(const std::string& name) {
  auto loaded = loadScene((kPresetDir / (name + ".json")).string());
  if (auto* error = std::get_if<std::string>(&loaded)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<Scene>(loaded);
}

// The preset's runs on its surface, stepped to `steps` (its playback.max_steps when negative).
Runner runPreset(const std::string& name, std::int64_t steps = -1) {
  const Scene scene = loadPreset(name);
  Surface surface = std::get<Surface>(buildSurface(scene.surface));
  const Vec2 start = startOf(scene, surface);
  Runner runner(std::move(surface), start);
  for (std::size_t i = 0; i < scene.runs.size(); ++i)
    runner.addRun(std::get<RunSpec>(buildRun(scene.runs[i], i)));
  runner.step(steps < 0 ? scene.playback.maxSteps : steps);
  return runner;
}

const gs::Run& byLabel(const Runner& runner, const std::string& label) {
  for (std::size_t i = 0; i < runner.size(); ++i)
    if (runner.run(i).label() == label) return runner.run(i);
  ADD_FAILURE() << "no run labelled " << label;
  return runner.run(0);
}

double f(const Runner& runner, const gs::Run& run) { return runner.surface().evaluator->value(run.point()); }

// Steps whose direction reverses against the previous one in coordinate x (0) or y (1): zig-zagging.
int reversals(const gs::Run& run, int axis) {
  int count = 0;
  const auto& p = run.path();
  for (std::size_t k = 2; k < p.size(); ++k) {
    const Vec2 a = p[k - 1] - p[k - 2], b = p[k] - p[k - 1];
    count += (axis == 0 ? a.x * b.x : a.y * b.y) < 0 ? 1 : 0;
  }
  return count;
}

Vec2 globalMinimum(const Surface& surface) {
  for (const auto& m : surface.minima)
    if (m.global) return m.point;
  ADD_FAILURE() << surface.name << " has no global minimum";
  return {};
}

TEST(Presets, AtLeastFourteenEachWithTitleExplanationAndRunsThatBuild) {
  const auto files = presetFiles();
  EXPECT_GE(files.size(), 14u);
  std::set<std::string> titles;
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    auto loaded = loadScene(file.string());
    ASSERT_TRUE(std::holds_alternative<Scene>(loaded)) << std::get<std::string>(loaded);
    const Scene& scene = std::get<Scene>(loaded);
    EXPECT_FALSE(scene.title.empty());
    EXPECT_TRUE(titles.insert(scene.title).second) << "duplicate title " << scene.title;
    EXPECT_GE(std::count(scene.explanation.begin(), scene.explanation.end(), '.'), 2) << "a few sentences";
    ASSERT_FALSE(scene.runs.empty());
    ASSERT_TRUE(std::holds_alternative<Surface>(buildSurface(scene.surface)));
    for (std::size_t i = 0; i < scene.runs.size(); ++i) {
      auto spec = buildRun(scene.runs[i], i);
      EXPECT_TRUE(std::holds_alternative<RunSpec>(spec)) << std::get<std::string>(spec);
    }
    // Saving a preset and reading it back changes nothing.
    EXPECT_EQ(sceneToJson(std::get<Scene>(parseScene(sceneToJson(scene)))), sceneToJson(scene));
  }
}

TEST(Presets, Sqrt8GradientDescentFindsTheSquareRootOf8) {
  const Scene scene = loadPreset("sqrt8_gradient_descent");
  ASSERT_TRUE(scene.start.has_value());
  EXPECT_EQ(scene.start->x, 3.0);  // the lecture's start and learning rate
  EXPECT_EQ(scene.runs.at(0).params, (std::vector<std::pair<std::string, double>>{{"lr", 0.01}}));
  const Runner one = runPreset("sqrt8_gradient_descent", 1);
  EXPECT_NEAR(one.run(0).point().x, 3.0 - 0.01 * 4 * 3 * (9 - 8), 1e-12);  // x - lr * 4x(x^2 - 8)
  const Runner runner = runPreset("sqrt8_gradient_descent");
  EXPECT_NEAR(runner.run(0).point().x, std::sqrt(8.0), 1e-9);
  EXPECT_LT(std::fabs(runner.run(0).point().y), 0.01);
}

TEST(Presets, ConvexQuadraticMeetsTheLectureBoundForLrAtMostOneOverL) {
  const Runner runner = runPreset("convex_quadratic_lr_rule");
  const Surface& surface = runner.surface();
  const Sym2 h = surface.evaluator->valueGradHessian({0, 0}).hessian;
  const double L = 0.5 * (h.xx + h.yy) + std::sqrt(0.25 * (h.xx - h.yy) * (h.xx - h.yy) + h.xy * h.xy);
  const Vec2 minimum = globalMinimum(surface);
  const double fStar = surface.evaluator->value(minimum);
  for (const char* label : {"lr=0.2", "lr=1/L=1"}) {
    const gs::Run& run = byLabel(runner, label);
    const double lr = *run.optimizer().param("lr");
    ASSERT_LE(lr, 1.0 / L + 1e-12) << label;
    const double distance0 = norm(run.path().front() - minimum);
    for (std::size_t T = 1; T < run.path().size(); ++T)
      EXPECT_LE(run.losses()[T] - fStar, distance0 * distance0 / (2 * lr * static_cast<double>(T)) + 1e-15)
          << T;
  }
  // lr = 1.9 > 1/L is outside the guarantee: it still converges here (< 2/L) but reverses every step.
  const gs::Run& large = byLabel(runner, "lr=1.9");
  EXPECT_LT(f(runner, large) - fStar, 1e-6);
  EXPECT_GE(reversals(large, 0), 95);
}

TEST(Presets, LearningRateTooLargeDiverges) {
  const Runner runner = runPreset("learning_rate_too_large");
  EXPECT_EQ(byLabel(runner, "lr=1.5").status(), RunStatus::Diverged);
  // Soon enough to be marked "diverged at step k" in the first seconds of playback.
  EXPECT_LT(byLabel(runner, "lr=1.5").statusStep(), 60);
  for (const char* label : {"lr=0.5", "lr=0.9"}) {
    EXPECT_NE(byLabel(runner, label).status(), RunStatus::Diverged) << label;
    EXPECT_LT(f(runner, byLabel(runner, label)), 1e-12) << label;
  }
  EXPECT_GE(reversals(byLabel(runner, "lr=0.9"), 0), 190);  // overshoots back and forth, every step
  // The zig-zag slides down the valley (y) slowly enough to be seen apart from the diverging run's
  // swings, which flatten onto y = 0 sooner: after 8 steps it is still well above them.
  const Runner early = runPreset("learning_rate_too_large", 8);
  EXPECT_GT(byLabel(early, "lr=0.9").point().y, 0.4);
  EXPECT_GT(byLabel(early, "lr=0.9").point().y, 2.0 * byLabel(early, "lr=1.5").point().y);
}

TEST(Presets, RavineGradientDescentZigZagsMomentumAndNesterovDoNot) {
  const Runner runner = runPreset("ravine_momentum");
  const gs::Run& gd = byLabel(runner, "gd lr=1.9");
  const gs::Run& momentum = byLabel(runner, "momentum lr=1 momentum=0.6");
  const gs::Run& nesterov = byLabel(runner, "nesterov lr=1 momentum=0.6");
  const int steps = static_cast<int>(gd.path().size()) - 2;
  EXPECT_GE(reversals(gd, 0), steps - 1);  // across the ravine, every step
  EXPECT_LT(reversals(momentum, 0), steps / 2);
  EXPECT_LE(reversals(nesterov, 0), 5);
  EXPECT_LT(f(runner, momentum), f(runner, gd) / 10);
  EXPECT_LT(f(runner, nesterov), f(runner, gd) / 10);
}

TEST(Presets, SaddleGradientDescentAndMomentumStallAdaptiveMethodsEscape) {
  const Runner runner = runPreset("saddle_escape");
  for (const char* label : {"gd", "momentum"}) {
    const gs::Run& run = byLabel(runner, label);
    EXPECT_LT(norm(run.point()), 0.01) << label << " should still be at the saddle";
  }
  for (const char* label : {"rmsprop", "adam"}) {
    const gs::Run& run = byLabel(runner, label);
    EXPECT_GT(std::fabs(run.point().y), 1.0) << label << " should have escaped";
    EXPECT_LT(f(runner, run), -1.0) << label;
  }
}

TEST(Presets, PlateauSmallLearningRatesStayStuck) {
  const Runner runner = runPreset("plateau_small_lr");
  const Vec2 well = globalMinimum(runner.surface());
  for (const char* label : {"gd lr=0.001", "momentum lr=0.001"}) {
    EXPECT_GT(f(runner, byLabel(runner, label)), 0.3) << label;
    EXPECT_GT(norm(byLabel(runner, label).point() - well), 0.5) << label;
  }
  for (const char* label : {"momentum lr=0.01", "adam lr=0.05"})
    EXPECT_LT(norm(byLabel(runner, label).point() - well), 0.01) << label;
}

TEST(Presets, LocalMinimaMomentumRollsOverTheBump) {
  const Runner runner = runPreset("local_minima_momentum");
  const Surface& surface = runner.surface();
  Vec2 shallow{}, deep = globalMinimum(surface);
  for (const auto& m : surface.minima)
    if (!m.global) shallow = m.point;
  EXPECT_LT(norm(byLabel(runner, "gd").point() - shallow), 1e-3);
  EXPECT_LT(norm(byLabel(runner, "momentum").point() - deep), 1e-3);
}

// The effective per-coordinate learning rate of run `label` after `steps` steps of `preset`.
Vec2 effectiveLearningRate(const std::string& preset, const std::string& label, std::int64_t steps) {
  const Runner runner = runPreset(preset, steps);
  const auto& rate = byLabel(runner, label).optimizer().terms().effectiveLearningRate;
  if (!rate) ADD_FAILURE() << label << " reports no effective learning rate";
  return rate.value_or(Vec2{});
}

TEST(Presets, AdagradsRateNeverRecoversFromTheSteepStartRmspropsDoes) {
  const char* preset = "adagrad_vs_rmsprop";
  const Vec2 adagradEarly = effectiveLearningRate(preset, "adagrad lr=0.1", 10);
  const Vec2 adagradLate = effectiveLearningRate(preset, "adagrad lr=0.1", 1000);
  EXPECT_LE(adagradLate.x, adagradEarly.x);
  EXPECT_LE(adagradLate.y, adagradEarly.y);
  const Vec2 rmspropEarly = effectiveLearningRate(preset, "rmsprop lr=0.01", 10);
  const Vec2 rmspropLate = effectiveLearningRate(preset, "rmsprop lr=0.01", 1000);
  EXPECT_GT(rmspropLate.x, 2 * rmspropEarly.x);
  const Runner runner = runPreset(preset);
  const gs::Run& adagrad = byLabel(runner, "adagrad lr=0.1");
  const gs::Run& rmsprop = byLabel(runner, "rmsprop lr=0.01");
  EXPECT_LT(f(runner, rmsprop), f(runner, adagrad) / 10);
  EXPECT_LT(norm(rmsprop.point() - Vec2{1, 1}), norm(adagrad.point() - Vec2{1, 1}) / 2);
}

TEST(Presets, AdamWithoutBiasCorrectionTakesFarLargerFirstSteps) {
  const Runner runner = runPreset("adam_bias_correction", 10);
  const gs::Run& corrected = byLabel(runner, "adam");
  const gs::Run& uncorrected = byLabel(runner, "adam, no bias correction");
  // Step 1: corrected m/sqrt(v) = g/|g|; uncorrected (1 - beta1) g / sqrt((1 - beta2) g^2) = 0.1/sqrt(0.001)
  // g/|g|.
  const double ratio = 0.1 / std::sqrt(0.001);
  EXPECT_NEAR(uncorrected.stepLengths()[1] / corrected.stepLengths()[1], ratio, 1e-3 * ratio);
  double correctedLength = 0, uncorrectedLength = 0;
  for (std::size_t k = 1; k <= 10; ++k) {
    correctedLength += corrected.stepLengths()[k];
    uncorrectedLength += uncorrected.stepLengths()[k];
  }
  EXPECT_GT(uncorrectedLength, 2 * correctedLength);
}

TEST(Presets, AmsgradKeepsItsEffectiveLearningRateCappedWhileAdamsGrowsBack) {
  const char* preset = "amsgrad_vs_adam";
  const Vec2 adamEarly = effectiveLearningRate(preset, "adam", 100);
  const Vec2 adamLate = effectiveLearningRate(preset, "adam", 500);
  const Vec2 amsgradEarly = effectiveLearningRate(preset, "amsgrad", 100);
  const Vec2 amsgradLate = effectiveLearningRate(preset, "amsgrad", 500);
  EXPECT_GT(adamLate.x, 3 * adamEarly.x);
  EXPECT_GT(adamLate.y, 3 * adamEarly.y);
  EXPECT_LT(amsgradLate.x, 1.5 * amsgradEarly.x);
  EXPECT_LT(amsgradLate.y, 1.5 * amsgradEarly.y);
  const Runner runner = runPreset(preset);
  EXPECT_LT(f(runner, byLabel(runner, "adam")), f(runner, byLabel(runner, "amsgrad")) / 10);
}

TEST(Presets, NewtonAndLbfgsBeatFirstOrderMethodsOnRosenbrock) {
  const Runner early = runPreset("newton_lbfgs_vs_first_order", 100);
  for (const char* label : {"newton", "l-bfgs (strong wolfe)"})
    EXPECT_LT(norm(byLabel(early, label).point() - Vec2{1, 1}), 1e-3) << label;
  const Runner runner = runPreset("newton_lbfgs_vs_first_order");
  for (const char* label : {"gd", "adam"})
    EXPECT_GT(norm(byLabel(runner, label).point() - Vec2{1, 1}), 0.1) << label;
}

TEST(Presets, PureNewtonJumpsOntoTheSaddleSaddleFreeNewtonLeavesIt) {
  const Runner one = runPreset("newton_attracted_to_saddle", 1);
  EXPECT_LT(norm(byLabel(one, "newton (pure)").point()), 1e-12);  // the quadratic model's critical point
  const Runner runner = runPreset("newton_attracted_to_saddle");
  const double fStart = runner.surface().evaluator->value(runner.start());
  EXPECT_LT(norm(byLabel(runner, "newton (pure)").point()), 1e-12);
  for (const char* label : {"saddle-free newton", "gd lr=0.05"})
    EXPECT_LT(f(runner, byLabel(runner, label)), fStart - 1.0) << label;
  // Both move away along y, the negative curvature; |H| makes saddle-free Newton's steps there far larger.
  EXPECT_GT(std::fabs(byLabel(runner, "saddle-free newton").point().y), 1.5);
  EXPECT_LT(std::fabs(byLabel(runner, "gd lr=0.05").point().y), 0.5);
  EXPECT_GT(std::fabs(byLabel(runner, "gd lr=0.05").point().y), std::fabs(runner.start().y));
}

TEST(Presets, MinibatchNoiseShrinksWithBatchSize) {
  const Runner runner = runPreset("minibatch_noise");
  const gs::Run& full = byLabel(runner, "full batch");
  // With the same learning rate, how far a minibatch run strays from the exact-gradient path is its noise.
  const auto noise = [&](const gs::Run& run) {
    double sum = 0;
    for (std::size_t k = 0; k < run.path().size(); ++k)
      sum += std::pow(norm(run.path()[k] - full.path()[k]), 2);
    return std::sqrt(sum / static_cast<double>(run.path().size()));
  };
  const double one = noise(byLabel(runner, "batch 1")), sixteen = noise(byLabel(runner, "batch 16"));
  EXPECT_GT(sixteen, 0.0);
  EXPECT_GT(one, 2 * sixteen) << one << " vs " << sixteen;  // noise ~ 1/sqrt(m): about 4 times
}

TEST(Presets, WarmupAndCosineDecaySettleWhereTheConstantRateDiverges) {
  const Runner runner = runPreset("warmup_cosine");
  EXPECT_EQ(byLabel(runner, "constant lr=0.004").status(), RunStatus::Diverged);
  const gs::Run& scheduled = byLabel(runner, "warm-up 50 + cosine 500, lr=0.004");
  EXPECT_NE(scheduled.status(), RunStatus::Diverged);
  EXPECT_LT(norm(scheduled.point() - Vec2{1, 1}), 0.05);
}

TEST(Presets, RosenbrockRaceMomentumMethodsReachTheMinimumGradientDescentDoesNot) {
  const Runner runner = runPreset("rosenbrock_race");
  for (const char* label : {"momentum", "nesterov"})
    EXPECT_LT(norm(byLabel(runner, label).point() - Vec2{1, 1}), 0.05) << label;
  EXPECT_GT(norm(byLabel(runner, "gd").point() - Vec2{1, 1}), 0.5);
  EXPECT_LT(norm(byLabel(runner, "adam").point() - Vec2{1, 1}), 0.2);
  EXPECT_GT(reversals(byLabel(runner, "rmsprop"), 0), 100);  // rattling from wall to wall
}

TEST(Presets, BealeRaceAdaptiveMethodsReachTheMinimumGradientDescentCrawls) {
  const Runner runner = runPreset("beale_race");
  for (const char* label : {"adam", "rmsprop"})
    EXPECT_LT(norm(byLabel(runner, label).point() - Vec2{3, 0.5}), 0.01) << label;
  EXPECT_LT(norm(byLabel(runner, "momentum").point() - Vec2{3, 0.5}), 0.05);
  for (const char* label : {"gd", "adagrad"})
    EXPECT_GT(norm(byLabel(runner, label).point() - Vec2{3, 0.5}), 0.2) << label;
}

}  // namespace
}  // namespace gs
