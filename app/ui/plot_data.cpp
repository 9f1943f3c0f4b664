#include "plot_data.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

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

// The least and the greatest valid value (> 0 and finite) of values[begin, end) - offset; +inf and -inf
// when there is none. Four independent lanes without branches keep the processor busy (one running
// minimum would wait on itself every element).
std::pair<double, double> columnExtremes(const std::vector<double>& values, std::size_t begin,
                                         std::size_t end, double offset) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  double least[4] = {kInfinity, kInfinity, kInfinity, kInfinity};
  double greatest[4] = {-kInfinity, -kInfinity, -kInfinity, -kInfinity};
  const auto take = [&](std::size_t lane, double value) {
    const bool valid = value > 0.0 && value < kInfinity;  // false for NaN too
    least[lane] = std::min(least[lane], valid ? value : kInfinity);
    greatest[lane] = std::max(greatest[lane], valid ? value : -kInfinity);
  };
  std::size_t i = begin;
  for (; i + 4 <= end; i += 4)
    for (std::size_t lane = 0; lane < 4; ++lane) take(lane, values[i + lane] - offset);
  for (; i < end; ++i) take(0, values[i] - offset);
  return {std::min(std::min(least[0], least[1]), std::min(least[2], least[3])),
          std::max(std::max(greatest[0], greatest[1]), std::max(greatest[2], greatest[3]))};
}

// The reduction of a whole run, column by column: the same points as streaming every point through a
// ColumnReducer, without building a point (and its column) for every step of 16 runs x 10,000 steps x 3
// plots each frame. x never decreases along a run (steps, cumulative gradient evaluations), so a pixel
// column's points are a contiguous range of the history: as long as the previous column's, or else found
// by a galloping search. Only the range's extremes become points.
void reduceByColumns(const Run& run, const std::vector<double>& values, double offset, PlotAxis axis,
                     double xMax, int columns, std::vector<PlotPoint>& out) {
  const double toColumn = columns / xMax;  // as ColumnReducer computes it
  const auto columnOf = [&](std::size_t i) {
    return std::clamp(static_cast<int>(plotX(run, i, axis) * toColumn), 0, columns - 1);
  };
  const auto pointAt = [&](std::size_t i) {
    return PlotPoint{plotX(run, i, axis), values[i] - offset, static_cast<std::int64_t>(i) * run.stride()};
  };
  ColumnReducer reducer(xMax, columns, out);
  const std::size_t count = values.size();
  std::size_t length = 1;  // of the previous column: the next one is most likely as long
  for (std::size_t begin = 0; begin < count;) {
    const int column = columnOf(begin);
    std::size_t end = begin + length;
    if (end > count || columnOf(end - 1) > column || (end < count && columnOf(end) <= column)) {
      // Not the guess: the column ends in (end, last]; gallop out from begin, then bisect.
      std::size_t last = begin + 1;
      end = begin;
      for (std::size_t step = 1; last < count && columnOf(last) <= column; step *= 2) {
        end = last;
        last = std::min(count, last + step);
      }
      ++end;
      while (end < last) {
        const std::size_t middle = end + (last - end) / 2;
        if (columnOf(middle) <= column)
          end = middle + 1;
        else
          last = middle;
      }
    }
    length = end - begin;
    const auto [least, greatest] = columnExtremes(values, begin, end, offset);
    if (least <= greatest) {
      // The first occurrences, as a running minimum and maximum would keep them.
      std::size_t lowest = begin, highest = begin;
      while (values[lowest] - offset != least) ++lowest;
      while (values[highest] - offset != greatest) ++highest;
      reducer.add(pointAt(lowest));
      if (highest != lowest) reducer.add(pointAt(highest));
    }
    begin = end;
  }
  reducer.flush();
}

}  // namespace

std::vector<PlotPoint> plotSeries(const Run& run, PlotQuantity quantity, PlotAxis axis, double fStar,
                                  double xMax, int columns) {
  const std::vector<double>& values = quantityValues(run, quantity);
  const double offset = quantity == PlotQuantity::LossGap ? fStar : 0.0;
  const bool reduce = columns > 0 && values.size() > 2 * static_cast<std::size_t>(columns) && xMax > 0.0;
  // Gradient evaluations are recorded for every stored step; should they not be, x could fall back to
  // the step where they end, and columns would not be contiguous.
  const bool monotone =
      axis != PlotAxis::GradientEvaluations || run.gradientEvaluations().size() >= values.size();
  std::vector<PlotPoint> out;
  out.reserve(reduce ? 2 * static_cast<std::size_t>(columns) + 2 : values.size());
  if (reduce && monotone) {
    reduceByColumns(run, values, offset, axis, xMax, columns, out);
  } else {
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
  }
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

std::vector<BandPoint> lossBandSeries(const SeedBand& band, std::int64_t lastStep, double fStar, double xMax,
                                      int columns) {
  std::vector<BandPoint> out;
  std::int64_t lastColumn = -1;
  const auto columnOf = [&](double x) {
    return columns > 0 && xMax > 0.0 ? static_cast<std::int64_t>(x / xMax * columns)
                                     : static_cast<std::int64_t>(x);
  };
  for (std::size_t i = 0; i < band.rows.size(); ++i) {
    const SeedBandRow& row = band.rows[i];
    if (row.step > lastStep) break;
    const double gap = row.meanLoss - fStar;
    if (row.seeds <= 0 || !std::isfinite(gap) || !std::isfinite(row.lossDeviation) || !(gap > 0.0)) continue;
    const bool lastRow = i + 1 == band.rows.size() || band.rows[i + 1].step > lastStep;
    const auto x = static_cast<double>(row.step);
    const std::int64_t column = columnOf(x);
    if (column == lastColumn && !lastRow) continue;
    lastColumn = column;
    const double lowGap = gap - row.lossDeviation, highGap = gap + row.lossDeviation;
    out.push_back({x, std::log10(gap),
                   lowGap > 0.0 ? std::log10(lowGap) : -std::numeric_limits<double>::infinity(),
                   std::log10(highGap), row.step});
  }
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

void simplifyPolyline(std::vector<ImVec2>& line, float tolerance) {
  constexpr std::size_t kLongestChord = 32;
  if (line.size() < 3) return;
  std::vector<ImVec2> kept;
  kept.reserve(line.size());
  std::size_t anchor = 0;
  kept.push_back(line[0]);
  // Whether a point between `from` and `to` is farther than `tolerance` from the segment between them.
  // Squared and scaled by the chord's squared length: no square root or division per point.
  const float toleranceSquared = tolerance * tolerance;
  const auto farFromChord = [&](std::size_t from, std::size_t to) {
    const ImVec2 a = line[from], b = line[to];
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float lengthSquared = dx * dx + dy * dy;
    for (std::size_t k = from + 1; k < to; ++k) {
      const float px = line[k].x - a.x, py = line[k].y - a.y;
      if (lengthSquared == 0.0f) {
        if (px * px + py * py > toleranceSquared) return true;
        continue;
      }
      // Distance to the segment, times its length: to the line across it, to its nearer end beyond it.
      const float along = px * dx + py * dy, across = px * dy - py * dx;
      const float beyond = along < 0.0f ? -along : along > lengthSquared ? along - lengthSquared : 0.0f;
      if (across * across + beyond * beyond > toleranceSquared * lengthSquared) return true;
    }
    return false;
  };
  for (std::size_t next = 2; next < line.size(); ++next)
    if (next - anchor > kLongestChord || farFromChord(anchor, next)) {
      anchor = next - 1;
      kept.push_back(line[anchor]);
    }
  kept.push_back(line.back());
  line.swap(kept);
}

PlotRange plotYRange(std::span<const PlotSeries> series) {
  const bool anyFinite =
      std::any_of(series.begin(), series.end(), [](const PlotSeries& s) { return !s.diverged; });
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const PlotSeries& one : series)
    if (!anyFinite || !one.diverged)
      for (const PlotPoint& p : one.points) low = std::min(low, p.y), high = std::max(high, p.y);
  if (!std::isfinite(low)) low = -1.0, high = 1.0;
  if (high - low < 0.5) low -= 0.25, high += 0.25;
  constexpr double kMaxDecades = 18.0;
  low = std::max(low, high - kMaxDecades);
  const double pad = 0.04 * (high - low);
  return {low - pad, high + pad};
}

std::vector<DivergenceMark> divergenceMarks(std::span<const PlotSeries> series, const PlotRange& range) {
  std::vector<DivergenceMark> marks;
  for (const PlotSeries& one : series) {
    if (!one.diverged || one.points.empty()) continue;
    // The last finite point: the x of the run's last step (a column's highest point may come first).
    const PlotPoint& last =
        *std::max_element(one.points.begin(), one.points.end(),
                          [](const PlotPoint& a, const PlotPoint& b) { return a.step < b.step; });
    marks.push_back(
        {one.run, last.x, std::clamp(last.y, range.low, range.high), last.step, last.y > range.high});
  }
  return marks;
}

}  // namespace gs
