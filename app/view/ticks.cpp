#include "view/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gs {

double niceAtMost(double value) {
  if (!std::isfinite(value) || !(value > 0.0)) return 0.0;
  const double power = std::pow(10.0, std::floor(std::log10(value)));
  for (const double mantissa : {5.0, 2.0, 1.0})
    if (mantissa * power <= value * (1.0 + 1e-12)) return mantissa * power;
  return power;  // log10's rounding put value just under the power itself
}

Ticks chooseTicks(double low, double high, int targetCount) {
  Ticks ticks;
  const double span = high - low;
  if (!std::isfinite(low) || !std::isfinite(high) || !(span > 0.0)) return ticks;
  const double rough = span / std::max(targetCount, 2);
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  double nice = 10.0 * power;
  for (const double mantissa : {1.0, 2.0, 5.0}) {
    if (mantissa * power >= rough) {
      nice = mantissa * power;
      break;
    }
  }
  ticks.step = nice;
  const double first = std::ceil(low / nice);
  const double last = std::floor(high / nice);
  for (double k = first; k <= last && ticks.values.size() < 1000; k += 1.0) {
    const double value = k * nice;
    ticks.values.push_back(std::fabs(value) < nice * 1e-9 ? 0.0 : value);  // no "-0"
  }
  return ticks;
}

std::string formatTick(double value, double step) {
  char text[40];
  const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
  if (decimals <= 5 && std::fabs(value) < 1e7) {
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
  } else {
    // Very small steps or very large values: scientific notation with enough digits to differ by `step`.
    const double magnitude = std::max(std::fabs(value), step);
    const int digits = std::clamp(static_cast<int>(std::ceil(std::log10(magnitude / step))) + 1, 1, 15);
    std::snprintf(text, sizeof text, "%.*g", digits, value);
  }
  return text;
}

AxisTicks fAxisTicks(double min, double max, bool logScale, double floor, double screenLength,
                     double labelSpacing) {
  AxisTicks ticks;
  const double span = max - min;
  if (!std::isfinite(min) || !std::isfinite(max) || !(span > 0.0)) return ticks;
  if (logScale && std::isfinite(floor) && floor > 0.0 && span > 10.0 * floor) {
    const auto label = [](double value, int digits) {
      char text[40];
      std::snprintf(text, sizeof text, "%.*g", digits, std::abs(value) < 1e-300 ? 0.0 : value);
      return std::string(text);
    };
    ticks.values.push_back(min);
    ticks.labels.push_back(label(min, 3));
    // min + 10^k, rounded to a tenth of 10^k so that it reads as a round number ("1000", not "1000.01"
    // for a minimum of 0.008); still above min, and drawn at its own height.
    for (double power = std::pow(10.0, std::ceil(std::log10(floor))); power <= span * (1.0 + 1e-12);
         power *= 10.0) {
      const double value = std::round((min + power) / (0.1 * power)) * (0.1 * power);
      if (!(value > min) || value > max) continue;
      ticks.values.push_back(value);
      ticks.labels.push_back(label(value, 6));
    }
    return ticks;
  }
  const int count = std::clamp(static_cast<int>(screenLength / std::max(labelSpacing, 1.0)), 2, 8);
  const Ticks nice = chooseTicks(min, max, count);
  ticks.values = nice.values;
  for (const double value : nice.values) ticks.labels.push_back(formatTick(value, nice.step));
  return ticks;
}

bool boxesMeet(const LabelBox& a, const LabelBox& b, double gap) {
  return std::abs(a.center.x - b.center.x) < a.halfWidth + b.halfWidth + gap &&
         std::abs(a.center.y - b.center.y) < a.halfHeight + b.halfHeight + gap;
}

std::vector<PlacedTick> placeTickLabels(const std::vector<double>& values,
                                        const std::vector<std::string>& labels,
                                        const std::function<std::optional<Vec2>(double)>& pixelOf, Vec2 away,
                                        double textPixels,
                                        const std::function<double(std::string_view)>& textWidth,
                                        const std::vector<LabelBox>& taken) {
  constexpr double kGap = 3.0;
  std::vector<PlacedTick> placed;
  for (std::size_t i = 0; i < values.size() && i < labels.size(); ++i) {
    const auto pixel = pixelOf(values[i]);
    if (!pixel || !isFinite(*pixel)) continue;
    const Vec2 d = *pixel - away;
    const double length = norm(d);
    const Vec2 out = length > 1e-6 ? d / length : Vec2{0.0, 1.0};
    const double width = textWidth(labels[i]);
    // The text's centre: beyond the tick, further for a wide label pushed sideways.
    const Vec2 center =
        *pixel + out * (10.0 + 0.5 * width * std::abs(out.x)) + Vec2{0.0, 0.4 * textPixels * out.y};
    PlacedTick tick{values[i],
                    labels[i],
                    *pixel,
                    out,
                    {center, 0.5 * width, 0.5 * textPixels},
                    center + Vec2{0.0, 0.35 * textPixels}};
    if (std::any_of(placed.begin(), placed.end(),
                    [&](const PlacedTick& other) { return boxesMeet(other.box, tick.box, kGap); }) ||
        std::any_of(taken.begin(), taken.end(),
                    [&](const LabelBox& other) { return boxesMeet(other, tick.box, kGap); }))
      continue;
    placed.push_back(std::move(tick));
  }
  return placed;
}

int axisTickCount(int pixels, double textPixels) {
  return std::max(2, static_cast<int>(pixels / std::max(70.0, 3.5 * textPixels)));
}

Ticks yAxisTicks(const View2D& view, const PixelRect& viewport, double textPixels) {
  const Vec2 low =
      screenToSurface(view, viewport, {double(viewport.x), double(viewport.y + viewport.height)});
  const Vec2 high =
      screenToSurface(view, viewport, {double(viewport.x + viewport.width), double(viewport.y)});
  return chooseTicks(low.y, high.y, axisTickCount(viewport.height, textPixels));
}

double yAxisBandWidth(const Ticks& yTicks, const std::function<double(std::string_view)>& textWidth) {
  double labelWidth = 0.0;
  for (const double y : yTicks.values)
    labelWidth = std::max(labelWidth, textWidth(formatTick(y, yTicks.step)));
  return labelWidth + 10.0;
}

}  // namespace gs
