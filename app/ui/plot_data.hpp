// Plot data without drawing: which numbers each plot shows, reduced to what the plot's pixels can show,
// and the log axis ticks. Kept apart from ImGui so it is tested directly.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/maps/seeds.hpp"
#include "model.hpp"

struct ImVec2;

namespace gs {

enum class PlotQuantity { LossGap, GradientNorm, StepLength };

struct PlotPoint {
  double x = 0.0;         // step or cumulative gradient evaluations
  double y = 0.0;         // plotSeries: log10 of the value (all plots use log y axes)
  std::int64_t step = 0;  // the run's step this point belongs to
};

// f*: the surface's global minimum value where it is known, else the least loss any run has seen.
double optimumValue(const Model& model);

// The x coordinate of the stored history index `index` of `run`.
double plotX(const Run& run, std::size_t index, PlotAxis axis);

// One run's series, with non-finite and non-positive values left out (they have no place on a log axis),
// reduced to at most two points (the lowest and the highest) per pixel column of [0, xMax]: spikes stay
// visible while 16 runs x 10,000 steps cost a few thousand points per plot.
std::vector<PlotPoint> plotSeries(const Run& run, PlotQuantity quantity, PlotAxis axis, double fStar,
                                  double xMax, int columns);

// A plot's line of one run, and whether the run diverged (its line ends at its last finite point).
struct PlotSeries {
  std::size_t run = 0;
  std::vector<PlotPoint> points;
  bool diverged = false;
};

// The log10 range a plot's y axis shows: that of the runs that did not diverge, where there are any (a
// diverged run's last finite values, 1e27 and more, would squeeze every other run into the bottom pixels;
// its line leaves the top instead), at most 18 decades below the highest value (converged runs reach steps
// of 1e-160), a little padded; at least half a decade.
struct PlotRange {
  double low = -1.0, high = 1.0;
};
PlotRange plotYRange(std::span<const PlotSeries> series);

// Where a diverged run's line ends, marked on the plot: its last finite point, held inside the y range
// (`above`: the point lies above it, the line having left the top on its way).
struct DivergenceMark {
  std::size_t run = 0;
  double x = 0.0, y = 0.0;
  std::int64_t step = 0;
  bool above = false;
};
std::vector<DivergenceMark> divergenceMarks(std::span<const PlotSeries> series, const PlotRange& range);

// The same reduction over plain arrays (x ascending), for the series above and for tests.
std::vector<PlotPoint> decimateColumns(std::span<const PlotPoint> points, double xMax, int columns);

// A noisy run's mean loss over its seeds with a band of one standard deviation (maps/seed_bands.hpp), on
// the f - f* plot against steps: log10 of mean - f*, and of mean -+ deviation - f*. `low` is -infinity
// where mean - deviation <= f* (the band reaches the bottom of the log axis). Rows after `lastStep` or
// with mean <= f* or a non-finite number are left out; at most one row per pixel column of [0, xMax]
// (the first of each column, and the last row).
struct BandPoint {
  double x = 0.0;  // step
  double mean = 0.0, low = 0.0, high = 0.0;
  std::int64_t step = 0;
};
std::vector<BandPoint> lossBandSeries(const SeedBand& band, std::int64_t lastStep, double fStar, double xMax,
                                      int columns);

// Ticks of a log10 axis over [log10Low, log10High]: integer exponents (decades), thinned to at most
// maxCount; when the range holds fewer than two decades, its two ends.
std::vector<double> logAxisTicks(double log10Low, double log10High, int maxCount);

// Drops the points of a polyline (screen pixels) that lie within `tolerance` pixels of the chord that
// skips them: the drawn line moves by less than that, and a plot's smooth stretches (most of a converging
// run on a log axis) cost a few segments instead of one per pixel column. On a software rasteriser every
// segment is two triangles to set up, and the plots change every frame while a slider is dragged. The
// first and last points stay; a chord spans at most 32 points, which bounds the work per point.
void simplifyPolyline(std::vector<ImVec2>& line, float tolerance);

}  // namespace gs
