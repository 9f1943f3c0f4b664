#include "playback.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace gs {

std::int64_t takeOwedSteps(Playback& playback, std::int64_t currentStep, double dtSeconds) {
  if (!playback.playing) {
    playback.accumulator = 0.0;
    return 0;
  }
  const std::int64_t remaining = playback.maxSteps - currentStep;
  if (remaining <= 0) {
    playback.playing = false;
    playback.accumulator = 0.0;
    return 0;
  }
  const double dt = std::isfinite(dtSeconds) ? std::clamp(dtSeconds, 0.0, kMaxPlaybackFrameSeconds) : 0.0;
  const double rate = std::clamp(playback.stepsPerSecond, 1.0, 5000.0);
  playback.accumulator += dt * rate;
  const double whole = std::floor(playback.accumulator);
  playback.accumulator -= whole;
  const auto owed = static_cast<std::int64_t>(whole);
  if (owed >= remaining) {
    playback.playing = false;
    playback.accumulator = 0.0;
    return remaining;
  }
  return owed;
}

bool allRunsStopped(const Model& model) {
  if (model.runner.size() == 0) return true;
  for (std::size_t i = 0; i < model.runner.size(); ++i)
    if (model.runner.run(i).status() != RunStatus::Diverged) return false;
  return true;
}

void advancePlayback(Model& model, double dtSeconds) {
  const std::int64_t steps = takeOwedSteps(model.playback, model.runner.currentStep(), dtSeconds);
  if (steps > 0) model.runner.step(steps);
  if (model.playback.playing && allRunsStopped(model)) model.playback.playing = false;
}

void stepBack(Model& model) {
  model.playback.playing = false;
  const std::int64_t step = model.runner.currentStep();
  if (step > 0) model.runner.seek(step - 1);
}

void stepForward(Model& model) {
  model.playback.playing = false;
  model.runner.step(1);
}

void seekTo(Model& model, std::int64_t step) { model.runner.seek(std::max<std::int64_t>(step, 0)); }

void restartAt(Model& model, Vec2 start) {
  if (!isFinite(start)) return;
  model.playback.accumulator = 0.0;
  // What each panel shows, before the reset puts back the settings the runs started with.
  std::vector<RunSettings> shown;
  for (std::size_t i = 0; i < model.runner.size(); ++i) shown.push_back(model.runner.run(i).settings());
  model.runner.reset(start);
  std::vector<std::size_t> order(shown.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto forkStep = [&](std::size_t i) { return model.runner.run(i).forkStep(); };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return forkStep(a) < forkStep(b); });
  for (std::size_t i : order) {
    // Forward only, in fork-step order: a fork's settings are recorded at its fork step.
    model.runner.seek(forkStep(i));
    Run& run = model.runner.run(i);
    run.setSettings(shown[i]);
    run.editSteps().clear();
  }
  model.runner.seek(0);
}

void restart(Model& model) { restartAt(model, model.runner.start()); }

}  // namespace gs
