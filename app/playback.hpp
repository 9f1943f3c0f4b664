// Playback on a fixed time step: wall time accrues fractional steps at stepsPerSecond, whole steps are
// taken, the remainder carries to the next frame, so the speed is exact whatever the frame rate.
#pragma once
#include <cstdint>

#include "model.hpp"

namespace gs {

// A frame longer than this (a stall, a dragged window) does not turn into a burst of steps.
inline constexpr double kMaxPlaybackFrameSeconds = 0.25;

// How many steps to take now, from `currentStep`, for dtSeconds of wall time; updates the accumulator,
// and stops playback on reaching playback.maxSteps. Pure: touches only `playback`.
std::int64_t takeOwedSteps(Playback& playback, std::int64_t currentStep, double dtSeconds);

// One step back (recomputed deterministically by Runner::seek); stops playback. No-op at step 0.
void stepBack(Model& model);
// One step forward; stops playback.
void stepForward(Model& model);
// Scrubbing: every run to `step` (clamped to >= 0).
void seekTo(Model& model, std::int64_t step);
// Every run back to step 0 at the current start point, from then on with the settings its panel shows:
// edits made "from here" are cleared (a fork keeps its own settings from its fork step).
void restart(Model& model);
// Restart, from `start` (a click on the surface).
void restartAt(Model& model, Vec2 start);
// Advances the runs by the steps owed for dtSeconds of wall time at model.playback.stepsPerSecond.
void advancePlayback(Model& model, double dtSeconds);
// True when no run can advance any more (all diverged), so playing is pointless.
bool allRunsStopped(const Model& model);

}  // namespace gs
