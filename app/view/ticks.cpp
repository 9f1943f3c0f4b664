#include "view/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gs {

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

}  // namespace gs
