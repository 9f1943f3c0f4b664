// Fair comparisons: the hyperparameters (lr, and optionally one more) that give the smallest mean
// f - f* after N steps over K starts, searched on a grid (log where the axis is) and refined twice
// around the best. Every trial is runPixel() from each start: the same run `gradscape trace` makes.
#pragma once
#include <atomic>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/maps/map.hpp"

namespace gs {

struct TuneRequest {
  Surface surface;
  PixelSettings settings;       // its optimizer holds the values not searched
  std::vector<HyperAxis> axes;  // one or two; empty: lr over [1e-5, 10], log
  int starts = 1;               // the surface's start, then points spread over its domain
  unsigned threads = 0;         // 0: every core
};

struct TuneTrial {
  std::vector<double> values;  // one per axis
  // Mean final f over the starts; +inf if any start diverged (or the trial was cancelled before it ran).
  double meanLoss = std::numeric_limits<double>::infinity();
};

struct TuneResult {
  std::vector<double> best;  // one per axis
  double bestLoss = 0.0;     // mean f - f* at `best`
  double fStar = 0.0;        // the surface's global minimum value, else the lowest f any trial reached
  std::vector<TuneTrial> trials;
  bool anyConverged = false;  // false when every trial diverged
};

inline constexpr int kMaxTuneStarts = 10'000;

// The axis searched when none is given: lr over [1e-5, 10], narrowed to the lr range a program declares.
HyperAxis defaultTuneAxis(const Optimizer& optimizer);
// The first problem with a request (axes as in a hyperparameter map, starts 1 to 10000), or nullopt.
std::optional<std::string> checkTuneRequest(const TuneRequest& request);
// The K starts: the surface's start, then a Halton sequence over its domain (deterministic).
std::vector<Vec2> tuneStarts(const Surface& surface, int count);
// Runs the search. `progress` (if given) is called from the calling thread with the fraction done.
TuneResult tune(const TuneRequest& request, const std::atomic<bool>* cancel = nullptr,
                const std::function<void(double)>& progress = {});

}  // namespace gs
