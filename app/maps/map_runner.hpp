// The Maps panel's map, computed in the background while the window keeps drawing, by core's MapJob
// (coarse to fine: strides 8, 4, 2, 1, so a rough map is on screen within a few frames and refines while
// the user watches; rows on the batch kernels; a finished map equals computeMap() of the same request).
// Issue "#9"'s rule on the workers: one computes while the window animates, all of them while it is idle.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>

#include "core/maps/map.hpp"

namespace gs {

class MapRunner {
 public:
  MapRunner() = default;
  ~MapRunner() = default;  // MapJob cancels and joins
  MapRunner(const MapRunner&) = delete;
  MapRunner& operator=(const MapRunner&) = delete;

  // Cancels the map under way, if any, then computes this one (checked by the caller with
  // checkMapRequest) from scratch.
  void start(MapRequest request);
  // The workers stop within one row; the map keeps what was finished.
  void cancel();
  // Blocks until the map is finished or cancelled (screenshots and tests).
  void wait();
  // Waits at most `timeout` for the first coarse level (a frame's worth: see the Maps panel).
  void waitForCoarse(std::chrono::milliseconds timeout);
  // While the window animates one worker computes, else every core.
  void setAnimating(bool animating);

  bool started() const { return job_ != nullptr; }
  bool finished() const { return job_ && job_->done(); }  // complete, or stopped by cancel()
  bool cancelled() const { return job_ && job_->cancelled(); }
  bool busy() const { return job_ && !job_->done(); }
  double progress() const { return job_ ? job_->progress() : 0.0; }  // pixels computed / pixels
  // Bumped at every committed row and level: copy the map only when it changed.
  std::uint64_t version() const { return job_ ? job_->version() : 0; }
  MapResult snapshot() const { return job_ ? job_->snapshot() : MapResult{}; }
  const MapRequest& request() const { return job_->request(); }  // the last started (only while started())

 private:
  std::unique_ptr<MapJob> job_;
  bool animating_ = false;
};

}  // namespace gs
