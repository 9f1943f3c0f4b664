// Maps of many runs (issue "#9"): a basin-of-attraction map (one start per pixel) and a hyperparameter
// map (two hyperparameters per pixel), each pixel exactly `gradscape trace` from that start with those
// settings (runPixel). A MapJob computes a map in the background on every core, coarse to fine, with
// progress and cancel; the app polls it every frame, the command line waits for it.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "core/maps/pixel_run.hpp"

namespace gs {

enum class MapKind { Basin, Hyper };
enum class HyperMetric { FinalLoss, StepsToTolerance };

// One axis of a hyperparameter map (or one searched hyperparameter of the tuner): "lr:1e-4:1:log".
struct HyperAxis {
  std::string name;  // a Real or Integer hyperparameter of the optimizer, e.g. "lr", "momentum"
  double lo = 0.0, hi = 1.0;
  bool log = false;
};

// Parses NAME:LO:HI[:log|:lin] against `optimizer`'s hyperparameters and checks the range (finite, LO <
// HI, inside the hyperparameter's domain, a log axis above 0). Without a scale the hyperparameter's own
// (lr: log). On error, one line naming what is wrong (the caller prefixes the argument).
std::variant<HyperAxis, std::string> parseHyperAxis(std::string_view text, const Optimizer& optimizer);
// The same checks for an axis built in code (the app's panel).
std::optional<std::string> checkHyperAxis(const HyperAxis& axis, const Optimizer& optimizer);
// The value at index i of n samples: LO at 0, HI at n - 1, evenly spaced (in log where `log`), clamped
// into [LO, HI] so that setParam accepts it.
double axisValue(const HyperAxis& axis, int i, int n);
// The inverse: the (fractional) sample index of `value`, for the panel's crosshair at the run's values.
double axisPosition(const HyperAxis& axis, double value, int n);

inline constexpr int kMaxMapSide = 4096;
inline constexpr std::int64_t kMaxMapSteps = 1'000'000;

struct MapRequest {
  MapKind kind = MapKind::Basin;
  Surface surface;
  PixelSettings settings;
  int width = 256, height = 256;
  Domain range;    // basin: the starts' rectangle (default: the surface's domain)
  Vec2 start;      // hyper: the one start every pixel uses
  HyperAxis x, y;  // hyper: x varies along a row, y along a column (HI at the top)
  HyperMetric metric = HyperMetric::FinalLoss;
  double lossTolerance = 1e-6;  // StepsToTolerance: steps until f - f* <= this
};

// A request with its surface, settings and the surface's start / domain; throws nothing.
MapRequest basinRequest(Surface surface, PixelSettings settings, int width, int height);
// The first problem with a request (size 0 or above 4096, steps above 10^6, a bad range or axis, a
// steps metric on a surface without a known f*, a batch on a surface without data), or nullopt.
std::optional<std::string> checkMapRequest(const MapRequest& request);

// Where a pixel's run ended.
enum class EndKind : std::uint8_t {
  Minimum,    // within `closeness` of the listed minimum `index`
  Cluster,    // settled elsewhere: end-point cluster `index`
  Moving,     // still moving over the last tenth of its steps
  Diverged,   // left the finite region (or 1e15)
  Undefined,  // f or its gradient is not finite at the start: a NaN region of the surface
};
const char* toString(EndKind kind);

struct MapPixel {
  PixelRun run;
  EndKind kind = EndKind::Undefined;
  int index = -1;  // Minimum: index in surface.minima; Cluster: cluster number; else -1
  // Basin: the step from which the path stays within `closeness` of where it ends (its minimum or
  // cluster). Hyper with StepsToTolerance: the first step with f - f* <= lossTolerance. -1: never.
  std::int64_t closeStep = -1;
  bool computed = false;  // false: a coarse pixel's copy, shown until this one is computed
};

struct MapResult {
  MapKind kind = MapKind::Basin;
  int width = 0, height = 0;
  std::vector<MapPixel> pixels;  // row-major, row 0 at the top
  double closeness = 0.0;        // 1e-3 of the surface domain's larger side
  double fStar = 0.0;            // the surface's global minimum value, else the lowest loss reached
  std::vector<Vec2> clusters;    // the end-point clusters' centres
  int stride = 0;                // the finest finished level (1: complete); 0 before the first
  bool complete = false;
  const MapPixel& at(int px, int py) const {
    return pixels[static_cast<std::size_t>(py) * static_cast<std::size_t>(width) +
                  static_cast<std::size_t>(px)];
  }
  // The hyper map's metric: f - f* (FinalLoss) or closeStep (StepsToTolerance); NaN for diverged or
  // undefined pixels and for a tolerance never reached.
  double metricValue(const MapPixel& pixel, HyperMetric metric) const;
};

// The start of basin pixel (px, py): the centre of its cell in request.range (row 0 at the top).
Vec2 basinStart(const MapRequest& request, int px, int py);
// The hyperparameter values of hyper pixel (px, py): x from request.x, y from request.y (HI at the top).
Vec2 hyperValues(const MapRequest& request, int px, int py);
// The optimizer a pixel steps: a copy of the prototype with the pixel's hyperparameters set.
Optimizer pixelOptimizer(const MapRequest& request, int px, int py);
// One pixel, computed and classified against the listed minima (clusters come in finishMap).
MapPixel computeMapPixel(const MapRequest& request, int px, int py, PixelTrace& trace);
// Assigns end-point clusters and f* over the pixels computed so far.
void finishMap(const MapRequest& request, MapResult& result);
// The whole map on the calling thread (tests, small maps).
MapResult computeMap(const MapRequest& request);

// A map computed in the background: levels of stride 8, 4, 2, 1 (a coarse map first), rows shared out
// to `threads` workers (0: every core). Destroying it cancels and joins.
// Thread safety: every member may be called from any thread while the workers run, except restart() and
// the destructor, which belong to the owner (the thread that polls it: the app's frame loop, the CLI).
class MapJob {
 public:
  explicit MapJob(MapRequest request, unsigned threads = 0);
  ~MapJob();
  MapJob(const MapJob&) = delete;
  MapJob& operator=(const MapJob&) = delete;

  // Cancels the map being computed, joins its workers and starts `request` with the same workers and
  // active count: a change of settings. version() keeps counting up, so a poller sees the change.
  void restart(MapRequest request);
  void cancel();  // workers stop within one row; the result keeps what was finished
  void wait();    // until finished or cancelled (the owner only)
  // Waits at most `timeout` for the map to finish or be cancelled; true when it has.
  bool waitFor(std::chrono::milliseconds timeout);
  // Waits at most `timeout` for the first (coarsest) level, or the end; true when it is there.
  bool waitForCoarse(std::chrono::milliseconds timeout);
  bool done() const { return finished_.load(); }
  bool cancelled() const { return cancel_.load(); }
  double progress() const;  // pixels computed / pixels, 0 to 1
  std::int64_t pixelsComputed() const { return computed_.load(); }
  // Bumped at every committed row: poll it and copy the result only when it changed.
  std::uint64_t version() const { return version_.load(); }
  MapResult snapshot() const;  // a copy of the map so far (uncomputed pixels show their coarse pixel)
  // How many of the workers may compute (at least 1): the app lets one work while the window animates
  // and all of them while it is idle. Takes effect at the next row.
  void setActiveWorkers(unsigned count);
  unsigned workerCount() const { return threads_; }
  const MapRequest& request() const { return request_; }  // the owner only (restart replaces it)

 private:
  void start();
  void work(unsigned index);
  bool takeRow(unsigned worker, int& level, int& row);
  void commitRow(int stride, int py, std::vector<MapPixel>& row);

  MapRequest request_;
  unsigned threads_ = 1;
  std::vector<int> strides_;
  mutable std::mutex mutex_;
  std::condition_variable levelDone_;
  MapResult result_;
  std::vector<std::thread> workers_;
  std::atomic<bool> cancel_{false}, finished_{false};
  std::atomic<std::int64_t> computed_{0};
  std::atomic<std::uint64_t> version_{0};
  // Work is handed out under mutex_: level, next row of that level, rows still being computed.
  int level_ = 0, nextRow_ = 0, rowsInFlight_ = 0, workersLeft_ = 0;
  unsigned activeWorkers_ = 0;
};

}  // namespace gs
