// Tune and Tune all (the Optimizers panel): each run's learning rate searched in the background for the
// smallest mean f - f* after the run's own number of steps, over K starts (core/maps tune(), the search
// `gradscape tune` makes), then applied as a what-if edit. "Tune all" makes a race fair: every method at
// its best learning rate instead of its default, as benchmark suites tune each optimizer before comparing.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/maps/tune.hpp"
#include "model.hpp"

namespace gs {

// One run's search, on a thread of its own (one core: the window keeps the other).
struct TuneJob {
  std::uint64_t runId = 0;
  std::int64_t steps = 0;
  int starts = 1;
  std::atomic<bool> cancel{false};
  std::atomic<double> progress{0.0};
  std::atomic<bool> done{false};
  TuneResult result;  // read once `done`
  std::string axis;   // the hyperparameter searched ("lr")
  std::jthread thread;
  ~TuneJob() { cancel = true; }  // before the thread joins
};

struct TuneState {
  std::vector<std::unique_ptr<TuneJob>> jobs;
  int starts = 1;  // K: the scene's start, then points spread over the domain
  // What the last search of each run found, shown under it (by run id).
  std::vector<std::pair<std::uint64_t, std::string>> outcomes;
};

// The steps a search runs: the run's current step, or the playback's limit before the first step.
std::int64_t tuneSteps(const Model& model);
// Starts a search for run `index`; returns a message instead when it cannot be searched.
std::string startTune(Model& model, TuneState& state, std::size_t index);
// Applies the searches that finished (their best value to three significant digits) (all in one editRuns, so
// a Tune all lands at once) and forgets those of removed runs. Call once a frame.
void collectTunes(Model& model, TuneState& state);
// The search running for this run, or null.
TuneJob* tuneJobFor(TuneState& state, std::uint64_t runId);
std::string tuneOutcome(const TuneState& state, std::uint64_t runId);

}  // namespace gs
