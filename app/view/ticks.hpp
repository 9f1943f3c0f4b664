// Axis ticks: "nice" values (1, 2 or 5 times a power of ten) and their labels.
#pragma once
#include <string>
#include <vector>

namespace gs {

struct Ticks {
  double step = 0.0;
  std::vector<double> values;  // ascending, all within [low, high]
};

// About `targetCount` ticks over [low, high] (targetCount >= 2). Empty when the range is not finite
// or not positive.
Ticks chooseTicks(double low, double high, int targetCount);

// A label for `value` with just enough decimals to tell ticks `step` apart ("0.5", "-2", "1e-06").
std::string formatTick(double value, double step);

}  // namespace gs
