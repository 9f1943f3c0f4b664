#include "plot_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gs {

double optimumValue(const Model& model) {
  const Surface& surface = model.runner.surface();
  for (const CriticalPoint& minimum : surface.minima)
    if (minimum.global && std::isfinite(minimum.value)) return minimum.value;
  double least = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < model.runner.size(); ++i)
    for (double loss : model.runner.run(i).losses()) least = std::min(least, loss);
  return std::isfinite(least) ? least : 0.0;
}

double plotX(const Run& run, std::size_t index, PlotAxis axis) {
  if (axis == PlotAxis::GradientEvaluations && index < run.gradientEvaluations().size())
    return static_cast<double>(run.gradientEvaluations()[index]);
  return static_cast<double>(static_cast<std::int64_t>(index) * run.stride());
}

namespace {

const std::vector<double>& quantityValues(const Run& run, PlotQuantity quantity) {
  switch (quantity) {
    case PlotQuantity::GradientNorm:
      return run.gradientNorms();
    case PlotQuantity::StepLength:
      return run.stepLengths();
    case PlotQuantity::LossGap:
      break;
  }
  return run.losses();
}

}  // namespace

namespace {

// Streams points (x ascending) and keeps the lowest and the highest of each pixel column, in x order.
class ColumnReducer {
 public:
  ColumnReducer(double xMax, int columns, std::vector<PlotPoint>& out)
      : toColumn_(xMax > 0.0 ? columns / xMax : 0.0), lastColumn_(columns - 1), out_(out) {}

  void add(const PlotPoint& point) {
    const int column = std::clamp(static_cast<int>(point.x * toColumn_), 0, lastColumn_);
    if (column != column_) {
      flush();
      column_ = column;
      lowest_ = highest_ = point;
      return;
    }
    if (point.y < lowest_.y) lowest_ = point;
    if (point.y > highest_.y) highest_ = point;
  }

  void flush() {
    if (column_ < 0) return;
    const bool lowFirst = lowest_.x <= highest_.x;
    out_.push_back(lowFirst ? lowest_ : highest_);
    if (lowest_.step != highest_.step || lowest_.x != highest_.x)
      out_.push_back(lowFirst ? highest_ : lowest_);
    column_ = -1;
  }

 private:
  double toColumn_;
  int lastColumn_;
  std::vector<PlotPoint>& out_;
  int column_ = -1;
  PlotPoint lowest_, highest_;
};

}  // namespace

std::vector<PlotPoint> plotSeries(const Run& run, PlotQuantity quantity, PlotAxis axis, double fStar,
                                  double xMax, int columns) {
  const std::vector<double>& values = quantityValues(run, quantity);
  const double offset = quantity == PlotQuantity::LossGap ? fStar : 0.0;
  const bool reduce = columns > 0 && values.size() > 2 * static_cast<std::size_t>(columns) && xMax > 0.0;
  std::vector<PlotPoint> out;
  out.reserve(reduce ? 2 * static_cast<std::size_t>(columns) + 2 : values.size());
  // One pass, no intermediate copy: 16 runs x 10,000 steps x 3 plots are walked every frame.
  ColumnReducer reducer(xMax, reduce ? columns : 1, out);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double value = values[i] - offset;
    if (!(value > 0.0) || !std::isfinite(value)) continue;
    const PlotPoint point{plotX(run, i, axis), value, static_cast<std::int64_t>(i) * run.stride()};
    if (reduce)
      reducer.add(point);
    else
      out.push_back(point);
  }
  reducer.flush();
  // log10 is monotone, so reducing the raw values keeps the same extremes, and only the points kept pay
  // for a logarithm.
  for (PlotPoint& point : out) point.y = std::log10(point.y);
  return out;
}

std::vector<PlotPoint> decimateColumns(std::span<const PlotPoint> points, double xMax, int columns) {
  if (columns <= 0 || points.size() <= 2 * static_cast<std::size_t>(columns) || !(xMax > 0.0))
    return {points.begin(), points.end()};
  std::vector<PlotPoint> out;
  ColumnReducer reducer(xMax, columns, out);
  for (const PlotPoint& point : points) reducer.add(point);
  reducer.flush();
  return out;
}

std::vector<double> logAxisTicks(double log10Low, double log10High, int maxCount) {
  if (!std::isfinite(log10Low) || !std::isfinite(log10High) || log10Low > log10High) return {};
  const double first = std::ceil(log10Low), last = std::floor(log10High);
  if (last - first < 1.0) return {log10Low, log10High};
  const int decades = static_cast<int>(last - first) + 1;
  const int every = std::max(1, (decades + std::max(maxCount, 2) - 1) / std::max(maxCount, 2));
  std::vector<double> ticks;
  for (double exponent = first; exponent <= last; exponent += every) ticks.push_back(exponent);
  return ticks;
}

}  // namespace gs
