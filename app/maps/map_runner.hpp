// The Maps panel's map, computed on one background thread while the window keeps drawing (issue "#9":
// one worker while the window animates). Coarse to fine: every 8th pixel of every 8th row first (each
// standing in for its 8 x 8 block), then strides 4, 2 and 1, so a rough map is on screen within a few
// frames and refines while the user watches. Every pixel is core's computeMapPixel, so a finished map
// equals computeMap() of the same request. Narrow on purpose (start, cancel, read): the core's all-core
// MapJob can take its place without the panel noticing.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "core/maps/map.hpp"

namespace gs {

class MapRunner {
 public:
  MapRunner() = default;
  ~MapRunner();  // cancels and joins
  MapRunner(const MapRunner&) = delete;
  MapRunner& operator=(const MapRunner&) = delete;

  // Cancels and joins the map under way, if any, then computes this one (checked by the caller with
  // checkMapRequest) from scratch.
  void start(MapRequest request);
  // The worker stops within one pixel; the map keeps what was finished.
  void cancel();
  // Blocks until the map is finished or cancelled (screenshots and tests).
  void wait();

  bool started() const { return started_; }
  bool finished() const { return finished_.load(); }  // complete, or stopped by cancel()
  bool cancelled() const { return cancel_.load(); }
  bool busy() const { return started_ && !finished_.load(); }
  double progress() const;  // pixels computed / pixels, 0 to 1
  // Bumped at every committed row and level: copy the map only when it changed.
  std::uint64_t version() const { return version_.load(); }
  MapResult snapshot() const;  // the map so far: uncomputed pixels show the coarse pixel of their block
  const MapRequest& request() const { return request_; }  // the last started (only read while started())

 private:
  void work();
  void commitRow(int stride, int py, const std::vector<std::pair<int, MapPixel>>& row);

  MapRequest request_;
  std::thread worker_;
  mutable std::mutex mutex_;  // guards result_
  MapResult result_;
  bool started_ = false;
  std::atomic<bool> cancel_{false}, finished_{false};
  std::atomic<std::int64_t> computed_{0};
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace gs
